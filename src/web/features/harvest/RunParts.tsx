import { useTranslation } from 'react-i18next';
import type { HarvestRun } from '../../../shared/schemas/catalog.ts';
import type { HarvestProblemLike } from '../../components/problemText.ts';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { formatCount } from '../../components/numbers.ts';
import { useDateTime } from '../bottlenecks/labels.tsx';
import { isActiveRun, RunStateBadge } from './labels.tsx';

/**
 * The parts of a run's page every kind of job shows alike (harvests, statistics imports): its
 * state and message, its progress, its times and its errors. `ns` is the locale namespace whose
 * `run.*` texts name what the kind handles (records, tables); `text` words a problem of the kind's
 * registry (`harvestText`, `statisticsText`).
 */

/** A run as every kind's API gives it (`jobRunSchemas`): the same but for its counts. */
export type RunShown = Omit<HarvestRun, 'counts'>;
export type RunWordsNamespace = 'harvest' | 'statistics';
export type ProblemWords = (problem: HarvestProblemLike, t: ReturnType<typeof useTranslation>['t']) => string;

/** The run's state in words, announced when it changes (not at every step of the progress). */
export function RunStatus({ run, text }: { run: RunShown; text: ProblemWords }) {
  const { t } = useTranslation();
  const tone = run.state === 'failed' ? 'notice notice--error' : run.state === 'partial' || run.state === 'cancelled' ? 'notice notice--warning' : run.state === 'succeeded' ? 'notice notice--success' : 'notice';
  return (
    <div className={tone}>
      <p role="status" className="notice__title">
        {t('harvest:run.stateIs')} <RunStateBadge state={run.state} />
      </p>
      {run.message && <p>{text({ code: run.messageCode, params: run.messageParams, message: run.message }, t)}</p>}
    </div>
  );
}

/** A `<progress>` with its label, and the same in figures: "4,500 of 10,000". Without a total from the source, it is indeterminate. */
export function RunProgress({ run, ns }: { run: RunShown; ns: RunWordsNamespace }) {
  const { t, i18n } = useTranslation();
  const done = formatCount(run.done, i18n.language);
  const text = run.total === null ? t(`${ns}:run.progressOpen`, { done }) : t(`${ns}:run.progress`, { done, total: formatCount(run.total, i18n.language) });
  const finished = !isActiveRun(run);
  return (
    <div className="run-progress">
      <label htmlFor="run-progress">{t(`${ns}:run.records`)}</label>
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

export function RunTimes({ run }: { run: RunShown }) {
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
 * first ones; each error worded from its code in the reader's language (`text`: harvestText, statisticsText).
 */
export function RunErrors({ run, ns, text }: { run: RunShown; ns: RunWordsNamespace; text: ProblemWords }) {
  const { t, i18n } = useTranslation();
  const when = useDateTime();
  return (
    <section aria-labelledby="errors-heading">
      <h2 id="errors-heading">{t(`${ns}:run.errors`, { count: run.errorCount, formatted: formatCount(run.errorCount, i18n.language) })}</h2>
      {run.errorCount === 0 ? (
        <p className="muted">{t(`${ns}:run.noErrors`)}</p>
      ) : run.errors.length === 0 ? (
        <p className="muted">{t(`${ns}:run.errorsForAdmins`)}</p>
      ) : (
        <>
          {run.errorCount > run.errors.length && (
            <p>{t(`${ns}:run.errorsShown`, { shown: formatCount(run.errors.length, i18n.language), count: run.errorCount, formatted: formatCount(run.errorCount, i18n.language) })}</p>
          )}
          <ScrollRegion label={t(`${ns}:run.errorsTable`)}>
            <table className="harvest-table">
              <caption className="visually-hidden">{t(`${ns}:run.errorsTable`)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(`${ns}:run.identifier`)}</th>
                  <th scope="col">{t(`${ns}:run.message`)}</th>
                  <th scope="col">{t(`${ns}:run.at`)}</th>
                </tr>
              </thead>
              <tbody>
                {run.errors.map((error, index) => (
                  <tr key={index}>
                    <td>{error.identifier ? <code>{error.identifier}</code> : <span className="muted">{t(`${ns}:run.wholeSource`)}</span>}</td>
                    <td className="harvest-error">{text(error, t)}</td>
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
