import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type GetAnswer } from '../../app/api.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { useDates } from '../../components/useDates.ts';
import { useResource } from '../../components/useResource.ts';

type Item = GetAnswer<'/api/me/consultations'>['items'][number];

/** The consultations the member follows, on their following page, each with a way to stop. */
export function FollowedConsultations() {
  const { t } = useTranslation();
  const { dateTime } = useDates();
  const { data, error, loading, reload } = useResource('/api/me/consultations');
  const [left, setLeft] = useState<Item | null>(null);
  const [leaveError, setLeaveError] = useState<unknown>(null);

  async function leave(item: Item) {
    setLeaveError(null);
    try {
      await api.delete('/api/consultations/{id}/follow', { path: { id: item.id } });
      // The list is read again before the message says it is done.
      await reload();
      setLeft(item);
    } catch (caught) {
      setLeaveError(caught);
    }
  }

  return (
    <section aria-labelledby="consultations-heading" className="card">
      <h2 id="consultations-heading">{t('consultations:followed.title')}</h2>
      <FormErrors error={error ?? leaveError} />
      <p role="status">
        {left ? (
          <>
            {t('consultations:followed.left')} <LocalizedText value={left.title} />
          </>
        ) : loading && !data ? (
          t('common:loading')
        ) : data?.items.length === 0 ? (
          <>
            {t('consultations:followed.empty')} <Link to="/consultations">{t('consultations:followed.browse')}</Link>
          </>
        ) : data ? (
          t('consultations:followed.count', { count: data.items.length })
        ) : (
          ''
        )}
      </p>
      {data && data.items.length > 0 && (
        <ul className="following-list">
          {data.items.map((item) => (
            <li key={item.id} className="following-item">
              <div>
                <Link to={`/consultations/${item.slug}`}>
                  <LocalizedText value={item.title} />
                </Link>{' '}
                <span className="following-ref">{item.ref}</span>
              </div>
              <p className="following-meta">
                {t(`consultations:state.${item.state}`)} · {item.state === 'upcoming' ? `${t('consultations:opens')} ${dateTime(item.opensAt)}` : `${t('consultations:closes')} ${dateTime(item.closesAt)}`}
              </p>
              <button type="button" className="button button--secondary" onClick={() => void leave(item)}>
                {t('consultations:follow.stop')}
                <span className="visually-hidden"> {item.ref}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
