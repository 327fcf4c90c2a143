import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import { ApiError } from '../../app/api.ts';
import { problemText } from '../../components/problemText.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useResource } from '../../components/useResource.ts';
import { useDate } from './labels.tsx';
import { statusTokenOf } from './reportForm.ts';

/**
 * A reporter's private status page, reached by the link on the thank-you page and in the
 * confirmation e-mail: where the report stands, and where it went once published or merged.
 * The token is in the address's fragment; a wrong one says the link is not valid.
 */
export function ReportStatusPage() {
  const { t, i18n } = useTranslation();
  const { hash } = useLocation();
  const token = statusTokenOf(hash);
  const { data, error } = useResource('/api/bottlenecks/report-status/{token}', token ? { path: { token } } : null);
  const date = useDate();

  if (!token || (error instanceof ApiError && error.status === 404)) {
    return (
      <div className="page page--narrow">
        <PageTitle>{t('bottlenecks:reportStatus.title')}</PageTitle>
        <p className="notice notice--error" role="alert">
          {t('bottlenecks:reportStatus.notFound')}
        </p>
      </div>
    );
  }
  if (error) {
    return (
      <div className="page page--narrow">
        <PageTitle>{t('bottlenecks:reportStatus.title')}</PageTitle>
        <p className="notice notice--error" role="alert">
          {problemText(error, t)}
        </p>
      </div>
    );
  }
  if (!data) return <p role="status">{t('common:loading')}</p>;
  const title = pickLocalized(data.title, i18n.language as ContentLanguage)?.text ?? data.ref;
  return (
    <div className="page page--narrow">
      <PageTitle>{t('bottlenecks:reportStatus.title')}</PageTitle>
      <p className="bn-card__meta">
        <span className="bn-ref">{data.ref}</span> · {t('bottlenecks:reportStatus.sent', { date: date(data.submittedAt) })}
      </p>
      <p>
        <strong>{title}</strong>
      </p>
      <p className="notice" id="report-state">
        <strong>{t(`bottlenecks:reportStatus.state.${data.state}`, { into: data.mergedInto ?? '' })}</strong>
      </p>
      {data.state === 'waiting' && <p>{t('bottlenecks:reportStatus.waiting')}</p>}
      {data.state === 'published' && (
        <p>
          {t('bottlenecks:reportStatus.published')} <Link to={`/bottlenecks/${data.ref}`}>{data.ref}</Link>
        </p>
      )}
      {data.state === 'merged' && data.mergedInto && (
        <p>
          {t('bottlenecks:reportStatus.merged')} <Link to={`/bottlenecks/${data.mergedInto}`}>{data.mergedInto}</Link>
        </p>
      )}
      {data.state === 'rejected' && (
        <>
          <p>{t('bottlenecks:reportStatus.rejected')}</p>
          {data.reason && <p>{t('bottlenecks:reportStatus.reason', { reason: data.reason })}</p>}
        </>
      )}
    </div>
  );
}
