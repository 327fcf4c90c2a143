import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { StatSource } from '../../../shared/schemas/statistics.ts';
import { api } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { formatCount } from '../../components/numbers.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { StackLabel } from '../../components/StackLabel.tsx';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { useResource } from '../../components/useResource.ts';
import { useDateTime } from '../bottlenecks/labels.tsx';
import { isActiveRun, RunStateBadge } from '../harvest/labels.tsx';
import { RunNowButton } from '../harvest/RunNowButton.tsx';
import { usePolling } from '../harvest/usePolling.ts';
import { useSourceAddress, useStatCountSummary } from './labels.tsx';
import { AddSourceForm, UploadForm } from './StatSourceForms.tsx';

/** Queues an import of a source; the address of its run's page. */
export const startImport = (sourceId: string) => () =>
  api.post('/api/statistics/sources/{id}/runs', { path: { id: sourceId } }).then((run) => `/admin/statistics/${sourceId}/runs/${run.id}`);

/**
 * The sources of the statistics behind the indicators (`/admin/statistics`), as the harvest's
 * sources page shows its portals: anyone sees them and how their last import went;
 * administrators import one now, add one at an address, or upload a file. While an import is
 * under way the list refreshes itself.
 */
export function StatisticsSourcesPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const navigate = useNavigate();
  const notice = useNotice();
  const { data, error, reload } = useResource('/api/statistics/sources', { query: { limit: 100 } });
  const isAdmin = user?.role === 'admin';
  usePolling(Boolean(data?.items.some((source) => isActiveRun(source.lastRun))), reload, 2000);
  return (
    <div className="page">
      <PageTitle>{t('statistics:sources.title')}</PageTitle>
      <p>{t('statistics:sources.intro')}</p>
      <FormErrors error={error} />
      <StatusMessage notice={notice.notice} />
      {!data ? (
        !error && <p role="status">{t('common:loading')}</p>
      ) : data.items.length === 0 ? (
        <p>{t('statistics:sources.none')}</p>
      ) : (
        <SourceTable sources={data.items} isAdmin={isAdmin} />
      )}
      {isAdmin && (
        <>
          <section aria-labelledby="upload-heading" className="card">
            <h2 id="upload-heading">{t('statistics:upload.title')}</h2>
            <UploadForm onQueued={({ source, run }) => navigate(`/admin/statistics/${source.id}/runs/${run.id}`)} />
          </section>
          <section aria-labelledby="add-source-heading" className="card">
            <h2 id="add-source-heading">{t('statistics:form.addTitle')}</h2>
            <AddSourceForm onSaved={(saved) => navigate(`/admin/statistics/${saved.id}`)} />
          </section>
        </>
      )}
    </div>
  );
}

/** The sources as a table that stacks into blocks on a narrow screen (as the harvest's sources). */
function SourceTable({ sources, isAdmin }: { sources: StatSource[]; isAdmin: boolean }) {
  const { t, i18n } = useTranslation();
  const when = useDateTime();
  const summary = useStatCountSummary();
  const address = useSourceAddress();
  return (
    <ScrollRegion label={t('statistics:sources.title')}>
      <table className="harvest-table harvest-sources stack-table" role="table">
        <caption className="visually-hidden">{t('statistics:sources.title')}</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th scope="col" role="columnheader">{t('statistics:fields.name')}</th>
            <th scope="col" role="columnheader">{t('statistics:fields.kind')}</th>
            <th scope="col" role="columnheader">{t('statistics:fields.schedule')}</th>
            <th scope="col" role="columnheader">{t('statistics:fields.tables')}</th>
            <th scope="col" role="columnheader">{t('statistics:fields.lastRun')}</th>
            {isAdmin && <th scope="col" role="columnheader">{t('statistics:fields.actions')}</th>}
          </tr>
        </thead>
        <tbody role="rowgroup">
          {sources.map((source) => (
            <tr key={source.id} role="row">
              <th scope="row" role="rowheader">
                <Link to={`/admin/statistics/${source.id}`}>{source.name}</Link>
                {source.demo && <span className="badge">{t('common:demo.badge')}</span>}
                <br />
                <span className="muted harvest-url">{address(source)}</span>
              </th>
              <td role="cell">
                <StackLabel>{t('statistics:fields.kind')}</StackLabel>
                {t(`statistics:kind.${source.kind}`)}
              </td>
              <td role="cell">
                <StackLabel>{t('statistics:fields.schedule')}</StackLabel>
                {t(`harvest:schedule.${source.schedule}`)}
                <br />
                {source.enabled ? <span className="badge badge--success">{t('harvest:enabled')}</span> : <span className="badge badge--warning">{t('harvest:disabled')}</span>}
              </td>
              <td role="cell">
                <StackLabel>{t('statistics:fields.tables')}</StackLabel>
                {formatCount(source.tables.length, i18n.language)}
              </td>
              <td role="cell">
                <StackLabel>{t('statistics:fields.lastRun')}</StackLabel>
                {source.lastRun ? (
                  <>
                    <RunStateBadge state={source.lastRun.state} />{' '}
                    <Link to={`/admin/statistics/${source.id}/runs/${source.lastRun.id}`}>
                      {when(source.lastRun.finishedAt ?? source.lastRun.startedAt ?? source.lastRun.queuedAt)}
                      <span className="visually-hidden"> {t('statistics:sources.runOf', { name: source.name })}</span>
                    </Link>
                    <br />
                    <span className="muted">{summary(source.lastRun.counts)}</span>
                  </>
                ) : (
                  <span className="muted">{t('statistics:sources.neverRun')}</span>
                )}
              </td>
              {isAdmin && (
                <td role="cell">
                  <RunNowButton source={source} start={startImport(source.id)} ns="statistics" />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
