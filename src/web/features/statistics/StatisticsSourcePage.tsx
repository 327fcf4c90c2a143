import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { StatRunSummary, StatSource } from '../../../shared/schemas/statistics.ts';
import { api } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { DetailProblem } from '../../components/DetailProblem.tsx';
import { formatCount } from '../../components/numbers.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { useResource } from '../../components/useResource.ts';
import { useDateTime } from '../bottlenecks/labels.tsx';
import { CancelRunButton } from '../harvest/CancelRunButton.tsx';
import { isActiveRun } from '../harvest/labels.tsx';
import { RunNowButton } from '../harvest/RunNowButton.tsx';
import { DeleteSourceCard, RunsPager, RunTable } from '../harvest/SourceParts.tsx';
import { usePolling } from '../harvest/usePolling.ts';
import { hasSomethingToRead, useSourceAddress } from './labels.tsx';
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
      {isAdmin && hasSomethingToRead(data) && <RunNowButton source={data} start={startImport(data.id)} ns="statistics" />}
      {isAdmin && lastRun && (
        <CancelRunButton run={lastRun} onCancelled={refresh} ns="statistics" cancel={() => api.post('/api/statistics/sources/{id}/runs/{runId}/cancel', { path: { id: data.id, runId: lastRun.id } })} />
      )}
      <section aria-labelledby="tables-heading">
        <h2 id="tables-heading">{t('statistics:source.tables')}</h2>
        <TableList source={data} />
      </section>
      <section aria-labelledby="runs-heading">
        <h2 id="runs-heading">{t('statistics:source.runs')}</h2>
        {runs.data && <Runs sourceId={data.id} runs={runs.data.items} />}
        {runs.data && <RunsPager total={runs.data.total} offset={offset} perPage={RUNS_PER_PAGE} onOffset={setOffset} />}
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

/** The imports with their counts (`RunTable`, shared with the harvest). */
function Runs({ sourceId, runs }: { sourceId: string; runs: StatRunSummary[] }) {
  const { t, i18n } = useTranslation();
  const counted = (key: 'seen' | 'created' | 'updated' | 'unchanged' | 'failed' | 'cells') => ({
    header: t(`statistics:counts.${key}`),
    cell: (run: StatRunSummary) => formatCount(run.counts[key], i18n.language),
  });
  const columns = [counted('seen'), counted('created'), counted('updated'), counted('unchanged'), counted('failed'), counted('cells')];
  return <RunTable runs={runs} ns="statistics" runPath={(run) => `/admin/statistics/${sourceId}/runs/${run.id}`} columns={columns} />;
}

/** Deletes the source, having said what goes with it. */
function DeleteSource({ source }: { source: StatSource }) {
  const { t } = useTranslation();
  return <DeleteSourceCard ns="statistics" name={source.name} explain={t('statistics:delete.explain')} back="/admin/statistics" remove={() => api.delete('/api/statistics/sources/{id}', { path: { id: source.id } })} />;
}
