import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { api } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { loginPath } from '../../components/landing.ts';
import { useResource } from '../../components/useResource.ts';

/**
 * Following a consultation (issue 19 point 4; decision 9: members only): the follower is e-mailed
 * when it opens, two days before it closes and when its report is published. A visitor is offered
 * the log-in page, which brings them back here.
 */
export function FollowConsultation({ consultationId }: { consultationId: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const location = useLocation();
  return (
    <section aria-labelledby="follow-heading" className="card consultation-follow">
      <h2 id="follow-heading">{t('consultations:follow.title')}</h2>
      <p>{t('consultations:follow.intro')}</p>
      {user ? (
        <FollowToggle consultationId={consultationId} />
      ) : (
        <p>
          <Link to={loginPath(location)}>{t('consultations:follow.signIn')}</Link>
        </p>
      )}
    </section>
  );
}

function FollowToggle({ consultationId }: { consultationId: string }) {
  const { t } = useTranslation();
  const { data, error } = useResource('/api/consultations/{id}/follow', { path: { id: consultationId } });
  const [changed, setChanged] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [changeError, setChangeError] = useState<unknown>(null);
  const following = changed ?? data?.following;

  async function toggle() {
    setBusy(true);
    setChangeError(null);
    try {
      const path = { path: { id: consultationId } };
      const answer = following ? await api.delete('/api/consultations/{id}/follow', path) : await api.post('/api/consultations/{id}/follow', path);
      setChanged(answer.following);
    } catch (caught) {
      setChangeError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <FormErrors error={error ?? changeError} />
      {/* Says what is so now, after loading and after each change. */}
      <p role="status">{following === undefined ? t('common:loading') : following ? t('consultations:follow.following') : t('consultations:follow.notFollowing')}</p>
      {following !== undefined && (
        <p className="button-row">
          <button type="button" className="button button--secondary" disabled={busy} onClick={() => void toggle()}>
            {following ? t('consultations:follow.stop') : t('consultations:follow.start')}
          </button>
          <Link to="/following">{t('consultations:follow.mine')}</Link>
        </p>
      )}
    </>
  );
}
