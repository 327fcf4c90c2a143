import type { QueryBuilder } from '../../db/tables.ts';
import { problems } from '../../plugins/problems.ts';
import type { RunTrigger } from '../../../shared/catalog.ts';
import { withoutCredentials, type CodedProblem } from '../credentials.ts';
import type { JobRuns } from './runs.ts';
import type { JobCountColumn, JobRunRow, JobRunsName } from './tables.ts';

/** An audit entry as the feature records it (features/audit), in the caller's transaction. */
export interface JobAuditEntry {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  details: Record<string, unknown>;
}

/** A run as the API shows it (`jobRunSchemas` in src/shared/schemas/jobs.ts): the kind's counts named by `Shown`. */
export interface JobRunSummary<Shown extends string> {
  id: string;
  sourceId: string;
  state: JobRunRow<JobRunsName>['state'];
  trigger: RunTrigger;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  done: number;
  total: number | null;
  counts: Record<Shown, number>;
  message: string | null;
  messageCode: string | null;
  messageParams: Record<string, never>;
  errorCount: number;
}

export interface JobRunDetail<Shown extends string> extends JobRunSummary<Shown> {
  errors: { identifier: string | null; code: string | null; params: Record<string, never>; message: string; at: string }[];
}

export interface JobApiOptions<R extends JobRunsName, Count extends JobCountColumn<R>, Problem extends CodedProblem, Shown extends Count> {
  runs: JobRuns<R, Count, Problem>;
  /** The counts the API shows, in its order. */
  shown: readonly Shown[];
  /** The source's audit entity type (`harvest_source`), and the prefix of the runs' audit actions (`harvest_run`). */
  entityType: string;
  runAction: string;
  /** What a missing run is called in a 404 ("harvest run"). */
  runName: string;
  /** Throws the feature's 404 when there is no such source. */
  requireSource(db: QueryBuilder, id: string): Promise<unknown>;
  /** Refuses a run of a source that has nothing to read (its problem); `requireSource` when not given. */
  requireRunnable?(db: QueryBuilder, id: string): Promise<unknown>;
  /** The 409's detail when a source has a run waiting or working already. */
  activeDetail: string;
  audit(trx: QueryBuilder, entry: JobAuditEntry): Promise<void>;
}

/** Errors shown with a run; the count says how many there were in all. */
const ERRORS_SHOWN = 500;

const iso = (value: Date | null) => (value ? value.toISOString() : null);

/**
 * The runs of a kind of job as its API serves them, the same for every kind (harvests,
 * statistics imports): a run's summary and its errors (addresses in them written without
 * credentials), the runs of a source, asking for a run and cancelling one, each change audited.
 */
export function jobApi<R extends JobRunsName, Count extends JobCountColumn<R>, Problem extends CodedProblem, Shown extends Count>(options: JobApiOptions<R, Count, Problem, Shown>) {
  const { runs } = options;

  function summary(row: JobRunRow<R>): JobRunSummary<Shown> {
    const counted = row as unknown as Record<Shown, number>;
    return {
      id: row.id,
      sourceId: row.source_id,
      state: row.state,
      trigger: row.trigger,
      queuedAt: row.queued_at.toISOString(),
      startedAt: iso(row.started_at),
      finishedAt: iso(row.finished_at),
      done: row.done,
      total: row.total,
      counts: Object.fromEntries(options.shown.map((count) => [count, Number(counted[count])])) as Record<Shown, number>,
      message: row.message === null ? null : withoutCredentials(row.message),
      messageCode: row.message_code,
      // Stored without credentials (`addErrors`, `finishRun`): shown as they are.
      messageParams: row.message_params as Record<string, never>,
      errorCount: row.error_count,
    };
  }

  return {
    summary,

    async listRuns(db: QueryBuilder, sourceId: string, limit: number, offset: number) {
      await options.requireSource(db, sourceId);
      const { items, total } = await runs.listRuns(db, sourceId, limit, offset);
      return { items: items.map(summary), total, limit, offset };
    },

    /** One run. Its errors quote what the source answered (addresses, messages), so only administrators read them. */
    async getRun(db: QueryBuilder, sourceId: string, runId: string, withErrors: boolean): Promise<JobRunDetail<Shown>> {
      const row = await runs.findRun(db, sourceId, runId);
      if (!row) throw problems.notFound(options.runName);
      const errors = withErrors ? await runs.runErrors(db, runId, ERRORS_SHOWN) : [];
      return {
        ...summary(row),
        errors: errors.map((error) => ({
          identifier: error.identifier === null ? null : withoutCredentials(error.identifier),
          code: error.code,
          params: error.params as Record<string, never>,
          message: withoutCredentials(error.message),
          at: error.at.toISOString(),
        })),
      };
    },

    /** Queues a run now; 409 when the source already has one waiting or working. */
    requestRun(db: QueryBuilder, actorId: string | null, sourceId: string, trigger: 'manual' | 'command'): Promise<JobRunSummary<Shown>> {
      return db.transaction().execute(async (trx) => {
        await (options.requireRunnable ?? options.requireSource)(trx, sourceId);
        const run = await runs.queueRun(trx, sourceId, trigger, actorId);
        if (!run) throw problems.conflict('run-active', options.activeDetail);
        await options.audit(trx, { actorId, action: `${options.runAction}.requested`, entityType: options.entityType, entityId: sourceId, details: { runId: run.id, trigger } });
        return summary(run);
      });
    },

    /** Cancels a queued or running run; it ends as cancelled at once, and its worker stops at its next check. 409 when it has ended. */
    cancelRun(db: QueryBuilder, actorId: string, sourceId: string, runId: string): Promise<JobRunSummary<Shown>> {
      return db.transaction().execute(async (trx) => {
        const [cancelled] = await runs.cancelRun(trx, sourceId, runId, runs.kind.cancelled);
        if (!cancelled) {
          if (!(await runs.findRun(trx, sourceId, runId))) throw problems.notFound(options.runName);
          throw problems.conflict('run-not-active', 'This run has ended already; only a queued or running run can be cancelled.');
        }
        await options.audit(trx, { actorId, action: `${options.runAction}.cancelled`, entityType: options.entityType, entityId: sourceId, details: { runId } });
        return summary(cancelled);
      });
    },
  };
}
