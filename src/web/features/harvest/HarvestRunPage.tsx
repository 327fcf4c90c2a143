import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useSession } from '../../app/session.tsx';
import { DetailProblem } from '../../components/DetailProblem.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { harvestText } from '../../components/problemText.ts';
import { useResource } from '../../components/useResource.ts';
import { isActiveRun, RunCounts } from './labels.tsx';
import { usePolling } from './usePolling.ts';
import { CancelRunButton } from './CancelRunButton.tsx';
import { RunErrors, RunProgress, RunStatus, RunTimes } from './RunParts.tsx';

/**
 * One harvest run (`/admin/harvest/:id/runs/:runId`). While it is queued or running the page
 * asks for it every second and shows its progress; then its final state, counts and errors.
 */
export function HarvestRunPage() {
  const { t } = useTranslation();
  const { id = '', runId = '' } = useParams();
  const { user } = useSession();
  const source = useResource('/api/harvest/sources/{id}', { path: { id } });
  const run = useResource('/api/harvest/sources/{id}/runs/{runId}', { path: { id, runId } });
  usePolling(isActiveRun(run.data), run.reload, 1000);
  const error = source.error ?? (run.data ? null : run.error);
  if (error) return <DetailProblem error={error} notFoundKey="harvest:run.notFound" backTo="/admin/harvest" backLabelKey="harvest:sources.title" />;
  if (!source.data || !run.data) return <p role="status">{t('common:loading')}</p>;
  return (
    <div className="page">
      <p className="bn-card__meta">
        <Link to="/admin/harvest">{t('harvest:sources.title')}</Link> › <Link to={`/admin/harvest/${source.data.id}`}>{source.data.name}</Link>
      </p>
      <PageTitle>{t('harvest:run.title', { source: source.data.name })}</PageTitle>
      <RunStatus run={run.data} text={harvestText} />
      {user?.role === 'admin' && <CancelRunButton run={run.data} onCancelled={run.reload} />}
      <RunProgress run={run.data} ns="harvest" />
      <section aria-labelledby="counts-heading">
        <h2 id="counts-heading">{t('harvest:run.counts')}</h2>
        <RunCounts counts={run.data.counts} />
      </section>
      <RunTimes run={run.data} />
      <RunErrors run={run.data} ns="harvest" text={harvestText} />
    </div>
  );
}

