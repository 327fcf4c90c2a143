import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { HarvestSource } from '../../../shared/schemas/catalog.ts';
import { useSession } from '../../app/session.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { StackLabel } from '../../components/StackLabel.tsx';
import { useResource } from '../../components/useResource.ts';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { useDateTime } from '../bottlenecks/labels.tsx';
import { formatCount } from '../../components/numbers.ts';
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
  const notice = useNotice();
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
      <StatusMessage notice={notice.notice} />
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

/**
 * The sources as a table; on narrow screens (a phone, 360 px) each source is a block of its
 * own, its cells one under another with their column's name, so nothing scrolls sideways. The
 * explicit roles keep the table's semantics where CSS changes its display.
 */
function SourceTable({ sources, isAdmin }: { sources: HarvestSource[]; isAdmin: boolean }) {
  const { t, i18n } = useTranslation();
  const when = useDateTime();
  const summary = useCountSummary();
  return (
    <ScrollRegion label={t('harvest:sources.title')}>
      <table className="harvest-table harvest-sources stack-table" role="table">
        <caption className="visually-hidden">{t('harvest:sources.title')}</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th scope="col" role="columnheader">{t('harvest:fields.name')}</th>
            <th scope="col" role="columnheader">{t('harvest:fields.kind')}</th>
            <th scope="col" role="columnheader">{t('harvest:fields.schedule')}</th>
            <th scope="col" role="columnheader">{t('harvest:fields.datasets')}</th>
            <th scope="col" role="columnheader">{t('harvest:fields.lastRun')}</th>
            {isAdmin && <th scope="col" role="columnheader">{t('harvest:fields.actions')}</th>}
          </tr>
        </thead>
        <tbody role="rowgroup">
          {sources.map((source) => (
            <tr key={source.id} role="row">
              <th scope="row" role="rowheader">
                <Link to={`/admin/harvest/${source.id}`}>{source.name}</Link>
                {source.demo && <span className="badge">{t('common:demo.badge')}</span>}
                <br />
                <span className="muted harvest-url">{source.url}</span>
              </th>
              <td role="cell">
                <StackLabel>{t('harvest:fields.kind')}</StackLabel>
                {t(`harvest:kind.${source.kind}`)}
              </td>
              <td role="cell">
                <StackLabel>{t('harvest:fields.schedule')}</StackLabel>
                {t(`harvest:schedule.${source.schedule}`)}
                <br />
                {source.enabled ? <span className="badge badge--success">{t('harvest:enabled')}</span> : <span className="badge badge--warning">{t('harvest:disabled')}</span>}
              </td>
              <td role="cell">
                <StackLabel>{t('harvest:fields.datasets')}</StackLabel>
                <Link to={`/datasets?source=${source.id}`}>
                  {formatCount(source.datasetCount, i18n.language)}
                  <span className="visually-hidden"> {t('harvest:sources.datasetsOf', { name: source.name })}</span>
                </Link>
              </td>
              <td role="cell">
                <StackLabel>{t('harvest:fields.lastRun')}</StackLabel>
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
                <td role="cell">
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
