import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { HarvestSource } from '../../../shared/schemas/catalog.ts';
import { useSession } from '../../app/session.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { useResource } from '../../components/useResource.ts';
import { useDateTime } from '../bottlenecks/labels.tsx';
import { formatCount } from '../catalog/format.ts';
import { isActiveRun, RunStateBadge, useCountSummary } from './labels.tsx';
import { RunNowButton } from './RunNowButton.tsx';
import { SourceForm } from './SourceForm.tsx';
import { usePolling } from './usePolling.ts';

/**
 * The portals the catalogue is harvested from (`/admin/harvest`). Anyone sees them and how
 * their last run went; administrators run one now and add sources. While a run is under way
 * the list refreshes itself, so its button comes back when the run ends.
 */
export function HarvestSourcesPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const navigate = useNavigate();
  const { data, error, reload } = useResource('/api/harvest/sources', { query: { limit: 100 } });
  const isAdmin = user?.role === 'admin';
  usePolling(Boolean(data?.items.some((source) => isActiveRun(source.lastRun))), reload, 2000);
  return (
    <div className="page">
      <PageTitle>{t('harvest:sources.title')}</PageTitle>
      <p className="lead-actions">
        <span>{t('harvest:sources.intro')}</span>
        <Link to="/datasets">{t('catalog:list.title')}</Link>
      </p>
      <FormErrors error={error} />
      {!data ? (
        !error && <p role="status">{t('common:loading')}</p>
      ) : data.items.length === 0 ? (
        <p>{t('harvest:sources.none')}</p>
      ) : (
        <SourceTable sources={data.items} isAdmin={isAdmin} />
      )}
      {isAdmin && (
        <section aria-labelledby="add-source-heading" className="card">
          <h2 id="add-source-heading">{t('harvest:form.addTitle')}</h2>
          <SourceForm onSaved={(saved) => navigate(`/admin/harvest/${saved.id}`)} />
        </section>
      )}
    </div>
  );
}

function SourceTable({ sources, isAdmin }: { sources: HarvestSource[]; isAdmin: boolean }) {
  const { t, i18n } = useTranslation();
  const when = useDateTime();
  const summary = useCountSummary();
  return (
    <ScrollRegion label={t('harvest:sources.title')}>
      <table className="harvest-table">
        <caption className="visually-hidden">{t('harvest:sources.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('harvest:fields.name')}</th>
            <th scope="col">{t('harvest:fields.kind')}</th>
            <th scope="col">{t('harvest:fields.schedule')}</th>
            <th scope="col">{t('harvest:fields.datasets')}</th>
            <th scope="col">{t('harvest:fields.lastRun')}</th>
            {isAdmin && <th scope="col">{t('harvest:fields.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {sources.map((source) => (
            <tr key={source.id}>
              <th scope="row">
                <Link to={`/admin/harvest/${source.id}`}>{source.name}</Link>
                {source.demo && <span className="badge">{t('common:demo.badge')}</span>}
                <br />
                <span className="muted harvest-url">{source.url}</span>
              </th>
              <td>{t(`harvest:kind.${source.kind}`)}</td>
              <td>
                {t(`harvest:schedule.${source.schedule}`)}
                <br />
                {source.enabled ? t('harvest:enabled') : <span className="badge badge--warning">{t('harvest:disabled')}</span>}
              </td>
              <td>
                <Link to={`/datasets?source=${source.id}`}>
                  {formatCount(source.datasetCount, i18n.language)}
                  <span className="visually-hidden"> {t('harvest:sources.datasetsOf', { name: source.name })}</span>
                </Link>
              </td>
              <td>
                {source.lastRun ? (
                  <>
                    <RunStateBadge state={source.lastRun.state} />{' '}
                    <Link to={`/admin/harvest/${source.id}/runs/${source.lastRun.id}`}>
                      {when(source.lastRun.finishedAt ?? source.lastRun.startedAt ?? source.lastRun.queuedAt)}
                      <span className="visually-hidden"> {t('harvest:sources.runOf', { name: source.name })}</span>
                    </Link>
                    <br />
                    <span className="muted">{summary(source.lastRun.counts)}</span>
                  </>
                ) : (
                  <span className="muted">{t('harvest:sources.neverRun')}</span>
                )}
              </td>
              {isAdmin && (
                <td>
                  <RunNowButton source={source} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
