import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, ApiError, type Answer, type Operation } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { landingPath } from '../../components/landing.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { NewPasswordForm, useFragmentToken } from './NewPasswordForm.tsx';

type Invitation = Answer<Operation<'/api/auth/invitation', 'post'>>;
type Looked = { state: 'loading' } | { state: 'valid'; invitation: Invitation } | { state: 'used' | 'expired' | 'unknown' };

/** What a problem from the invitation routes says of the link. */
function linkState(error: unknown): 'used' | 'expired' | 'unknown' | null {
  if (!(error instanceof ApiError)) return null;
  if (error.problem.type === '/problems/invitation-used') return 'used';
  if (error.problem.type === '/problems/invitation-expired') return 'expired';
  if (error.status === 404) return 'unknown';
  return null;
}

/**
 * The page an invitation's link opens (`/invitation#<token>`): the token travels in the address's
 * fragment, which the browser sends to no server, and is given to the API in a request body. The
 * invitee chooses a password and is logged in; a used or expired link says so.
 */
export function InvitationPage() {
  const { t } = useTranslation();
  const { signedIn } = useSession();
  const navigate = useNavigate();
  const token = useFragmentToken();
  const [looked, setLooked] = useState<Looked>({ state: 'loading' });

  useEffect(() => {
    if (!token) {
      setLooked({ state: 'unknown' });
      return;
    }
    let current = true;
    api.post('/api/auth/invitation', { body: { token } }).then(
      (invitation) => current && setLooked({ state: 'valid', invitation }),
      (error: unknown) => current && setLooked({ state: linkState(error) ?? 'unknown' }),
    );
    return () => {
      current = false;
    };
  }, [token]);

  async function setPassword(password: string) {
    try {
      const user = await api.post('/api/auth/invitation/accept', { body: { token, password } });
      signedIn(user);
      navigate(landingPath(user.role));
    } catch (caught) {
      const state = linkState(caught);
      if (state) setLooked({ state });
      else throw caught;
    }
  }

  return (
    <div className="page page--narrow">
      <PageTitle>{t('accounts:invitation.title')}</PageTitle>
      {looked.state === 'loading' && <p role="status">{t('common:loading')}</p>}
      {(looked.state === 'used' || looked.state === 'expired' || looked.state === 'unknown') && (
        <div className="notice notice--error" role="alert">
          <p>{t(`accounts:invitation.${looked.state}`)}</p>
          <p>
            <Link to="/login">{t('accounts:invitation.toLogin')}</Link>
          </p>
        </div>
      )}
      {looked.state === 'valid' && (
        <>
          <p>{t('accounts:invitation.intro', { name: looked.invitation.displayName, email: looked.invitation.email })}</p>
          <NewPasswordForm email={looked.invitation.email} onPassword={setPassword} />
        </>
      )}
    </div>
  );
}

