import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { StatRunSummary, StatSource } from '../../../shared/schemas/statistics.ts';
import { api } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { DetailProblem } from '../../components/DetailProblem.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { formatCount } from '../../components/numbers.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { useNotice } from '../../components/StatusMessage.tsx';
import { useResource } from '../../components/useResource.ts';
import { useSubmit } from '../../components/useSubmit.ts';
import { useDateTime } from '../bottlenecks/labels.tsx';
import { CancelRunButton } from '../harvest/CancelRunButton.tsx';
import { isActiveRun, RunStateBadge } from '../harvest/labels.tsx';
import { RunNowButton } from '../harvest/RunNowButton.tsx';
import { usePolling } from '../harvest/usePolling.ts';
import { useSourceAddress } from './labels.tsx';
import { startImport } from './StatisticsSourcesPage.tsx';

const RUNS_PER_PAGE = 20;

/** One statistics source (`/admin/statistics/:id`): where it reads, its tables and their versions, its imports newest first. */
export function StatisticsSourcePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { user } = useSession();
  const [offset, setOffset] = useState(0);
  const source = useResource('/api/statistics/sources/{id}', { path: { id } });
  const runs = useResource('/api/statistics/sources/{id}/runs', { path: { id }, query: { limit: RUNS_PER_PAGE, offset } });
  const reloadSource = source.reload;
  const reloadRuns = runs.reload;
  const refresh = useCallback(() => Promise.all([reloadSource(), reloadRuns()]), [reloadSource, reloadRuns]);
  usePolling(isActiveRun(source.data?.lastRun), refresh, 2000);

  if (source.error) return <DetailProblem error={source.error} notFoundKey="statistics:source.notFound" backTo="/admin/statistics" backLabelKey="statistics:sources.title" />;
  if (!source.data) return <p role="status">{t('common:loading')}</p>;
  const data = source.data;
  const isAdmin = user?.role === 'admin';
  const lastRun = data.lastRun;
  return (
    <div className="page">
      <p className="bn-card__meta">
        <Link to="/admin/statistics">{t('statistics:sources.title')}</Link>
        {data.demo && <span className="badge">{t('common:demo.badge')}</span>}
      </p>
      <PageTitle>{data.name}</PageTitle>
      <SourceFacts source={data} />
      {isAdmin && <RunNowButton source={data} start={startImport(data.id)} ns="statistics" />}
      {isAdmin && lastRun && (
        <CancelRunButton run={lastRun} onCancelled={refresh} ns="statistics" cancel={() => api.post('/api/statistics/sources/{id}/runs/{runId}/cancel', { path: { id: data.id, runId: lastRun.id } })} />
      )}
      <section aria-labelledby="tables-heading">
        <h2 id="tables-heading">{t('statistics:source.tables')}</h2>
        <TableList source={data} />
      </section>
      <section aria-labelledby="runs-heading">
        <h2 id="runs-heading">{t('statistics:source.runs')}</h2>
        {runs.data && <RunTable sourceId={data.id} runs={runs.data.items} />}
        {runs.data && runs.data.total > RUNS_PER_PAGE && (
          <nav className="pager" aria-label={t('common:pager.label')}>
            <button type="button" className="button button--secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - RUNS_PER_PAGE))}>
              {t('common:pager.previous')}
            </button>
            <span>{t('common:pager.range', { from: offset + 1, to: Math.min(offset + RUNS_PER_PAGE, runs.data.total), total: runs.data.total })}</span>
            <button type="button" className="button button--secondary" disabled={offset + RUNS_PER_PAGE >= runs.data.total} onClick={() => setOffset(offset + RUNS_PER_PAGE)}>
              {t('common:pager.next')}
            </button>
          </nav>
        )}
      </section>
      {isAdmin && <DeleteSource source={data} />}
    </div>
  );
}

function SourceFacts({ source }: { source: StatSource }) {
  const { t } = useTranslation();
  const when = useDateTime();
  const address = useSourceAddress();
  return (
    <dl className="facts-list">
      <dt>{t('statistics:fields.kind')}</dt>
      <dd>{t(`statistics:kind.${source.kind}`)}</dd>
      <dt>{source.url ? t('statistics:fields.url') : t('statistics:fields.file')}</dt>
      <dd>{source.url ? <a href={source.url}>{source.url}</a> : address(source)}</dd>
      {source.tableRef && (
        <>
          <dt>{t('statistics:fields.tableRef')}</dt>
          <dd>
            <code>{source.tableRef}</code>
          </dd>
        </>
      )}
      <dt>{t('statistics:fields.language')}</dt>
      <dd>
        <code>{source.language}</code>
      </dd>
      <dt>{t('statistics:fields.schedule')}</dt>
      <dd>{t(`harvest:schedule.${source.schedule}`)}</dd>
      <dt>{t('statistics:fields.enabled')}</dt>
      <dd>{source.enabled ? t('harvest:enabled') : t('harvest:disabled')}</dd>
      {source.enabled && source.nextRunAt && (
        <>
          <dt>{t('statistics:fields.nextRun')}</dt>
          <dd>{when(source.nextRunAt)}</dd>
        </>
      )}
    </dl>
  );
}

/** The source's tables: its id at the source, its title in the reader's language if the source has it, when it was read, how many versions. */
function TableList({ source }: { source: StatSource }) {
  const { t, i18n } = useTranslation();
  const when = useDateTime();
  if (source.tables.length === 0) return <p className="muted">{t('statistics:source.noTables')}</p>;
  // In the reader's language when the source has it, else in English, else in the source's first language (marked as such).
  const titleOf = (title: Record<string, string>) => {
    const lang = title[i18n.language] ? i18n.language : title.en ? 'en' : Object.keys(title)[0];
    return { text: lang ? title[lang] : '', lang: lang === i18n.language ? undefined : lang };
  };
  return (
    <ScrollRegion label={t('statistics:source.tables')}>
      <table className="harvest-table">
        <caption className="visually-hidden">{t('statistics:source.tables')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('statistics:table.id')}</th>
            <th scope="col">{t('statistics:table.title')}</th>
            <th scope="col">{t('statistics:table.retrievedAt')}</th>
            <th scope="col">{t('statistics:table.vintages')}</th>
            <th scope="col">{t('statistics:table.cells')}</th>
          </tr>
        </thead>
        <tbody>
          {source.tables.map((table) => (
            <tr key={table.id}>
              <th scope="row">
                <code>{table.externalId}</code>
              </th>
              <td lang={titleOf(table.title).lang}>{titleOf(table.title).text}</td>
              <td>{when(table.retrievedAt)}</td>
              <td>{formatCount(table.vintages, i18n.language)}</td>
              <td>{table.cells === null ? '' : formatCount(table.cells, i18n.language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function RunTable({ sourceId, runs }: { sourceId: string; runs: StatRunSummary[] }) {
  const { t, i18n } = useTranslation();
  const when = useDateTime();
  const count = (value: number) => formatCount(value, i18n.language);
  if (runs.length === 0) return <p className="muted">{t('statistics:sources.neverRun')}</p>;
  return (
    <ScrollRegion label={t('statistics:source.runs')}>
      <table className="harvest-table">
        <caption className="visually-hidden">{t('statistics:source.runs')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('harvest:run.queuedAt')}</th>
            <th scope="col">{t('harvest:run.state')}</th>
            <th scope="col">{t('statistics:counts.seen')}</th>
            <th scope="col">{t('statistics:counts.created')}</th>
            <th scope="col">{t('statistics:counts.updated')}</th>
            <th scope="col">{t('statistics:counts.unchanged')}</th>
            <th scope="col">{t('statistics:counts.failed')}</th>
            <th scope="col">{t('statistics:counts.cells')}</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id}>
              <th scope="row">
                <Link to={`/admin/statistics/${sourceId}/runs/${run.id}`}>{when(run.queuedAt)}</Link>
                <br />
                <span className="muted">{t(`harvest:trigger.${run.trigger}`)}</span>
              </th>
              <td>
                <RunStateBadge state={run.state} />
              </td>
              <td>{count(run.counts.seen)}</td>
              <td>{count(run.counts.created)}</td>
              <td>{count(run.counts.updated)}</td>
              <td>{count(run.counts.unchanged)}</td>
              <td>{count(run.counts.failed)}</td>
              <td>{count(run.counts.cells)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** Deletes the source after a second, explicit confirmation, having said what goes with it. */
function DeleteSource({ source }: { source: StatSource }) {
  const { t } = useTranslation();
  const notice = useNotice();
  const { onSubmit, error, busy } = useSubmit(async () => {
    await api.delete('/api/statistics/sources/{id}', { path: { id: source.id } });
    void notice.navigate('/admin/statistics', 'statistics:delete.done', { name: source.name });
  });
  return (
    <section aria-labelledby="delete-source-heading" className="card card--danger">
      <h2 id="delete-source-heading">{t('statistics:delete.title')}</h2>
      <p>{t('statistics:delete.explain')}</p>
      <FormErrors error={error} />
      <form onSubmit={onSubmit} className="run-now">
        <ConfirmButton disabled={busy} question={t('statistics:delete.confirm', { name: source.name })} consequence={t('statistics:delete.explain')} confirmLabel={t('statistics:delete.yes')} cancelLabel={t('statistics:delete.no')}>
          {t('statistics:delete.start')}
        </ConfirmButton>
      </form>
    </section>
  );
}
