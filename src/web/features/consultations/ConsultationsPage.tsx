import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CONSULTATION_STATES, type ConsultationState } from '../../../shared/schemas/consultations.ts';
import { isEditorRole } from '../../../shared/roles.ts';
import type { GetAnswer } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useDates } from '../../components/useDates.ts';
import { useResource } from '../../components/useResource.ts';

type Summary = GetAnswer<'/api/consultations'>['items'][number];

/** Consultations open now, coming and closed: each a list of its own, open ones first. */
export function ConsultationsPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const { data, error } = useResource('/api/consultations', { query: { limit: 100 } });
  const byState = (state: ConsultationState) => data?.items.filter((c) => c.state === state) ?? [];
  return (
    <div className="page">
      <PageTitle>{t('consultations:list.title')}</PageTitle>
      <p className="lead-actions">
        <span>{t('consultations:list.intro')}</span>
        {user && isEditorRole(user.role) && (
          <Link className="button" to="/consultations/new">
            {t('consultations:list.create')}
          </Link>
        )}
      </p>
      <FormErrors error={error} />
      {!data && !error && <p role="status">{t('common:loading')}</p>}
      {data &&
        CONSULTATION_STATES.map((state) => (
          <section key={state} aria-labelledby={`c-${state}`} className="consultation-group">
            <h2 id={`c-${state}`}>{t(`consultations:list.${state}`)}</h2>
            {byState(state).length === 0 ? (
              <p>{t(`consultations:list.none.${state}`)}</p>
            ) : (
              <ul className="bn-list">
                {byState(state).map((item) => (
                  <ConsultationCard key={item.id} item={item} />
                ))}
              </ul>
            )}
          </section>
        ))}
    </div>
  );
}

function ConsultationCard({ item }: { item: Summary }) {
  const { t } = useTranslation();
  const dates = useDates();
  return (
    <li className="bn-card consultation-card">
      <p className="bn-card__meta">
        <span className="bn-ref">{item.ref}</span> · <span>{t(`consultations:state.${item.state}`)}</span>
        {!item.published && <span className="badge badge--warning">{t('consultations:unpublished')}</span>}
        {item.isDemo && <span className="badge">{t('common:demo.badge')}</span>}
      </p>
      <h3 className="bn-card__title">
        <Link to={`/consultations/${item.slug}`}>
          <LocalizedText value={item.title} />
        </Link>
      </h3>
      {item.summary && <LocalizedText value={item.summary} as="p" />}
      <p className="bn-card__facts">
        <span>{t('consultations:window', { opens: dates.dateTime(item.opensAt), closes: dates.dateTime(item.closesAt) })}</span>
        <span>{t('consultations:list.counts', { count: item.counts.comments, replies: item.counts.replies })}</span>
      </p>
    </li>
  );
}
