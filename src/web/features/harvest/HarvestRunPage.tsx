import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { HarvestRun, HarvestSource } from '../../../shared/schemas/catalog.ts';
import { useSession } from '../../app/session.tsx';
import { DetailProblem } from '../../components/DetailProblem.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { harvestText } from '../../components/problemText.ts';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { useResource } from '../../components/useResource.ts';
import { useDateTime } from '../bottlenecks/labels.tsx';
import { formatCount } from '../../components/numbers.ts';
import { isActiveRun, RunCounts, RunStateBadge } from './labels.tsx';
import { usePolling } from './usePolling.ts';
import { CancelRunButton } from './CancelRunButton.tsx';

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
      <RunStatus run={run.data} />
      {user?.role === 'admin' && <CancelRunButton run={run.data} onCancelled={run.reload} />}
      <RunProgress run={run.data} />
      <section aria-labelledby="counts-heading">
        <h2 id="counts-heading">{t('harvest:run.counts')}</h2>
        <RunCounts counts={run.data.counts} />
      </section>
      <RunTimes run={run.data} />
      <RunErrors run={run.data} />
    </div>
  );
}

/** The run's state in words, announced when it changes (not at every step of the progress). */
function RunStatus({ run }: { run: HarvestRun }) {
  const { t } = useTranslation();
  const tone = run.state === 'failed' ? 'notice notice--error' : run.state === 'partial' || run.state === 'cancelled' ? 'notice notice--warning' : run.state === 'succeeded' ? 'notice notice--success' : 'notice';
  return (
    <div className={tone}>
      <p role="status" className="notice__title">
        {t('harvest:run.stateIs')} <RunStateBadge state={run.state} />
      </p>
      {run.message && <p>{harvestText({ code: run.messageCode, params: run.messageParams, message: run.message }, t)}</p>}
    </div>
  );
}

/** A `<progress>` with its label, and the same in figures: "4,500 of 10,000". Without a total from the source, it is indeterminate. */
function RunProgress({ run }: { run: HarvestRun }) {
  const { t, i18n } = useTranslation();
  const done = formatCount(run.done, i18n.language);
  const text = run.total === null ? t('harvest:run.progressOpen', { done }) : t('harvest:run.progress', { done, total: formatCount(run.total, i18n.language) });
  const finished = !isActiveRun(run);
  return (
    <div className="run-progress">
      <label htmlFor="run-progress">{t('harvest:run.records')}</label>
      {run.total === null && !finished ? (
        <progress id="run-progress" aria-describedby="run-progress-text" />
      ) : (
        <progress id="run-progress" max={Math.max(run.total ?? run.done, 1)} value={run.total === null ? run.done : Math.min(run.done, run.total)} aria-describedby="run-progress-text" />
      )}
      <p id="run-progress-text" className="run-progress__text">
        {text}
      </p>
    </div>
  );
}

function RunTimes({ run }: { run: HarvestRun }) {
  const { t } = useTranslation();
  const when = useDateTime();
  return (
    <dl className="facts-list">
      <dt>{t('harvest:run.trigger')}</dt>
      <dd>{t(`harvest:trigger.${run.trigger}`)}</dd>
      <dt>{t('harvest:run.queuedAt')}</dt>
      <dd>{when(run.queuedAt)}</dd>
      <dt>{t('harvest:run.startedAt')}</dt>
      <dd>{when(run.startedAt)}</dd>
      <dt>{t('harvest:run.finishedAt')}</dt>
      <dd>{when(run.finishedAt)}</dd>
    </dl>
  );
}

/**
 * The records that could not be taken, with the count of all of them when the run keeps only the
 * first ones; each error worded from its code in the reader's language (`harvestText`).
 */
function RunErrors({ run }: { run: HarvestRun }) {
  const { t, i18n } = useTranslation();
  const when = useDateTime();
  return (
    <section aria-labelledby="errors-heading">
      <h2 id="errors-heading">{t('harvest:run.errors', { count: run.errorCount, formatted: formatCount(run.errorCount, i18n.language) })}</h2>
      {run.errorCount === 0 ? (
        <p className="muted">{t('harvest:run.noErrors')}</p>
      ) : run.errors.length === 0 ? (
        <p className="muted">{t('harvest:run.errorsForAdmins')}</p>
      ) : (
        <>
          {run.errorCount > run.errors.length && (
            <p>{t('harvest:run.errorsShown', { shown: formatCount(run.errors.length, i18n.language), count: run.errorCount, formatted: formatCount(run.errorCount, i18n.language) })}</p>
          )}
          <ScrollRegion label={t('harvest:run.errorsTable')}>
            <table className="harvest-table">
              <caption className="visually-hidden">{t('harvest:run.errorsTable')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('harvest:run.identifier')}</th>
                  <th scope="col">{t('harvest:run.message')}</th>
                  <th scope="col">{t('harvest:run.at')}</th>
                </tr>
              </thead>
              <tbody>
                {run.errors.map((error, index) => (
                  <tr key={index}>
                    <td>{error.identifier ? <code>{error.identifier}</code> : <span className="muted">{t('harvest:run.wholeSource')}</span>}</td>
                    <td className="harvest-error">{harvestText(error, t)}</td>
                    <td>{when(error.at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </>
      )}
    </section>
  );
}
