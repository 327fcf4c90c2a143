import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { DetailProblem } from '../../components/DetailProblem.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { statisticsText } from '../../components/problemText.ts';
import { useResource } from '../../components/useResource.ts';
import { CancelRunButton } from '../harvest/CancelRunButton.tsx';
import { isActiveRun } from '../harvest/labels.tsx';
import { RunErrors, RunProgress, RunStatus, RunTimes } from '../harvest/RunParts.tsx';
import { usePolling } from '../harvest/usePolling.ts';
import { StatRunCounts } from './labels.tsx';

/**
 * One import (`/admin/statistics/:id/runs/:runId`), shown as a harvest run is: while it is queued
 * or running the page asks for it every second and shows its progress; then its final state,
 * counts (tables, cells, requests) and what could not be read, each worded from its code.
 */
export function StatisticsRunPage() {
  const { t } = useTranslation();
  const { id = '', runId = '' } = useParams();
  const { user } = useSession();
  const source = useResource('/api/statistics/sources/{id}', { path: { id } });
  const run = useResource('/api/statistics/sources/{id}/runs/{runId}', { path: { id, runId } });
  usePolling(isActiveRun(run.data), run.reload, 1000);
  const error = source.error ?? (run.data ? null : run.error);
  if (error) return <DetailProblem error={error} notFoundKey="statistics:run.notFound" backTo="/admin/statistics" backLabelKey="statistics:sources.title" />;
  if (!source.data || !run.data) return <p role="status">{t('common:loading')}</p>;
  const cancel = () => api.post('/api/statistics/sources/{id}/runs/{runId}/cancel', { path: { id, runId } });
  return (
    <div className="page">
      <p className="bn-card__meta">
        <Link to="/admin/statistics">{t('statistics:sources.title')}</Link> › <Link to={`/admin/statistics/${source.data.id}`}>{source.data.name}</Link>
      </p>
      <PageTitle>{t('statistics:run.title', { source: source.data.name })}</PageTitle>
      <RunStatus run={run.data} text={statisticsText} />
      {user?.role === 'admin' && <CancelRunButton run={run.data} onCancelled={run.reload} cancel={cancel} ns="statistics" />}
      <RunProgress run={run.data} ns="statistics" />
      <section aria-labelledby="counts-heading">
        <h2 id="counts-heading">{t('harvest:run.counts')}</h2>
        <StatRunCounts counts={run.data.counts} />
      </section>
      <RunTimes run={run.data} />
      <RunErrors run={run.data} ns="statistics" text={statisticsText} />
    </div>
  );
}
