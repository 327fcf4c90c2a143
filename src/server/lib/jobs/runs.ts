import { sql, type RawBuilder } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import type { RunTrigger } from '../../../shared/catalog.ts';
import { problemWithoutCredentials, withoutCredentials, type CodedProblem } from '../credentials.ts';
import type { JobCountColumn, JobErrorsName, JobRunRow, JobRunsName, JobSourcesName } from './tables.ts';

/** How long a worker may go silent before another instance takes its run over. */
export const LEASE_SECONDS = 90;

/**
 * A feature's kind of job: its tables (of the shape `tables.ts` gives), the count columns of its
 * runs, and its registered problems (`HARVEST_ERROR_CODES`, `STAT_ERROR_CODES`) with their English.
 */
export interface JobKind<R extends JobRunsName, Count extends JobCountColumn<R>, Problem extends CodedProblem> {
  tables: { sources: JobSourcesName; runs: R; errors: JobErrorsName };
  /** The runs' own counts (seen, created…), zeroed when a run is claimed and saved with its progress. */
  counts: readonly Count[];
  /** A problem in English, as the web words it in English: stored beside its code. */
  english(problem: Problem): string;
  /** How a run cancelled by an administrator says so (`run-cancelled`). */
  cancelled: Problem;
  /** How a run given up after `starts` starts that did not finish says so (`given-up`). */
  givenUp(starts: number): Problem;
}

/** How far a run is: items done of `total` (null while unknown), and the feature's counts. */
export type Progress<Count extends string> = { done: number; total: number | null } & Record<Count, number>;

/** Which claim of a run a worker holds: the run, and the attempt that claimed it. */
export interface Claim {
  runId: string;
  attempts: number;
}

/** One error of a run: what it concerns (a record's or table's identifier, or null), and its registered code with parameters. */
export interface RunError<Problem extends CodedProblem> {
  identifier: string | null;
  problem: Problem;
}

/** An error as stored and shown. */
export interface StoredRunError {
  identifier: string | null;
  message: string;
  code: string | null;
  params: Record<string, unknown>;
  at: Date;
}

export type FinishedState = 'succeeded' | 'partial' | 'failed';

/** The runs of one kind of job in its own tables: queued, claimed under a lease, saved, ended. */
export interface JobRuns<R extends JobRunsName, Count extends JobCountColumn<R>, Problem extends CodedProblem> {
  readonly kind: JobKind<R, Count, Problem>;
  /** A progress of nothing done yet. */
  noProgress(): Progress<Count>;
  /** Queues a run; null when the source already has one waiting or working. */
  queueRun(db: QueryBuilder, sourceId: string, trigger: RunTrigger, requestedBy: string | null): Promise<JobRunRow<R> | null>;
  /** A run claimed by its caller from the start (the command line), so no worker takes it first; null when one is active. */
  startRun(db: QueryBuilder, sourceId: string, trigger: RunTrigger): Promise<JobRunRow<R> | null>;
  activeRun(db: QueryBuilder, sourceId: string): Promise<JobRunRow<R> | undefined>;
  findRun(db: QueryBuilder, sourceId: string, runId: string): Promise<JobRunRow<R> | undefined>;
  /** A source's runs, newest first, and how many it has. */
  listRuns(db: QueryBuilder, sourceId: string, limit: number, offset: number): Promise<{ items: JobRunRow<R>[]; total: number }>;
  /** The latest run of each source. */
  latestRuns(db: QueryBuilder, sourceIds: readonly string[]): Promise<JobRunRow<R>[]>;
  /** A run's first `limit` errors, in the order they were stored. */
  runErrors(db: QueryBuilder, runId: string, limit: number): Promise<StoredRunError[]>;
  /** Queues a run of every enabled source whose time has come, and sets its next time; answers how many were queued. */
  queueDueRuns(db: QueryBuilder): Promise<number>;
  /**
   * Takes the oldest queued run, or one whose worker stopped renewing its lease (that instance
   * died); skip-locked, so two instances never take the same run. `runId` takes one run only.
   */
  claimRun(db: QueryBuilder, runId?: string): Promise<JobRunRow<R> | null>;
  /** Progress, written now and then; it also renews the lease. False when the claim is no longer this worker's. */
  saveProgress(db: QueryBuilder, claim: Claim, progress: Progress<Count>): Promise<boolean>;
  /**
   * Whether the claim is still this worker's, read under a share lock on the run: a write that
   * checks it first commits before another worker's claim of the run, or not at all.
   */
  holdsClaim(db: QueryBuilder, claim: Claim): Promise<boolean>;
  /**
   * Errors and run messages quote addresses (the source's, a redirect's): they are written without
   * user names or passwords, here where they are stored, and their English is worded from what is stored.
   */
  addErrors(db: QueryBuilder, runId: string, errors: readonly RunError<Problem>[]): Promise<void>;
  /** A run's message in English as it is stored (without credentials), or null for none. */
  messageOf(problem: Problem | null): string | null;
  /** Ends a run with its message (a registered code, or null for none); a run cancelled meanwhile stays cancelled. */
  finishRun(db: QueryBuilder, claim: Claim, state: FinishedState, progress: Progress<Count>, errorCount: number, message: Problem | null): Promise<void>;
  /**
   * Cancels a run that waits or works (`runId`, or the source's active one): it ends at once as
   * cancelled. The update takes the run's row, so it waits for a write that checked the claim
   * under its share lock; every later write finds the claim gone and the worker stops at its next
   * check, writing its final counts.
   */
  cancelRun(db: QueryBuilder, sourceId: string, runId: string | null, message: Problem | null): Promise<JobRunRow<R>[]>;
  /** The final counts of a run cancelled while this worker held it (its claim is the attempt it had). */
  saveCancelledProgress(db: QueryBuilder, claim: Claim, progress: Progress<Count>, errorCount: number): Promise<boolean>;
  /** Back to the queue: the instance working on it is stopping. */
  requeueRun(db: QueryBuilder, claim: Claim): Promise<void>;
}

/**
 * The run repository of a kind of job. The tables are the feature's own, named by the kind (never
 * by a request), so the statements are written once here with `sql.table` and `sql.ref`.
 */
export function jobRuns<R extends JobRunsName, Count extends JobCountColumn<R>, Problem extends CodedProblem>(kind: JobKind<R, Count, Problem>): JobRuns<R, Count, Problem> {
  type Run = JobRunRow<R>;
  const runs = sql.table(kind.tables.runs);
  const sources = sql.table(kind.tables.sources);
  const errors = sql.table(kind.tables.errors);
  const lease = sql`now() + make_interval(secs => ${LEASE_SECONDS})`;
  const ofClaim = (claim: Claim) => sql`id = ${claim.runId} and attempts = ${claim.attempts}`;
  const rows = async <T>(query: RawBuilder<T>, db: QueryBuilder) => (await query.execute(db)).rows;

  /** `done = …, total = …, seen = …`: the progress columns set to `progress`. */
  const progressColumns = (progress: Progress<Count>) =>
    sql.join([sql`done = ${progress.done}`, sql`total = ${progress.total}`, ...kind.counts.map((count) => sql`${sql.ref(count)} = ${progress[count]}`)]);
  const storedMessage = (problem: Problem | null) => problem && kind.english(problemWithoutCredentials(problem)).slice(0, 2000);
  const messageColumns = (problem: Problem | null) => {
    const stored = problem && problemWithoutCredentials(problem);
    return sql`message = ${stored && kind.english(stored).slice(0, 2000)}, message_code = ${stored?.code ?? null}, message_params = ${JSON.stringify(stored?.params ?? {})}`;
  };

  return {
    kind,
    noProgress: () => ({ done: 0, total: null, ...Object.fromEntries(kind.counts.map((count) => [count, 0])) }) as Progress<Count>,

    queueRun: async (db, sourceId, trigger, requestedBy) =>
      (await rows(sql<Run>`insert into ${runs} (source_id, trigger, requested_by) values (${sourceId}, ${trigger}, ${requestedBy}) on conflict do nothing returning *`, db))[0] ?? null,

    startRun: async (db, sourceId, trigger) =>
      (
        await rows(
          sql<Run>`insert into ${runs} (source_id, trigger, state, started_at, lease_until, attempts)
            values (${sourceId}, ${trigger}, 'running', now(), ${lease}, 1)
            on conflict do nothing returning *`,
          db,
        )
      )[0] ?? null,

    activeRun: async (db, sourceId) => (await rows(sql<Run>`select * from ${runs} where source_id = ${sourceId} and state in ('queued', 'running')`, db))[0],

    findRun: async (db, sourceId, runId) => (await rows(sql<Run>`select * from ${runs} where source_id = ${sourceId} and id = ${runId}`, db))[0],

    async listRuns(db, sourceId, limit, offset) {
      const [items, counted] = await Promise.all([
        rows(sql<Run>`select * from ${runs} where source_id = ${sourceId} order by queued_at desc limit ${limit} offset ${offset}`, db),
        rows(sql<{ n: number }>`select count(*) as n from ${runs} where source_id = ${sourceId}`, db),
      ]);
      return { items, total: Number(counted[0].n) };
    },

    latestRuns: async (db, sourceIds) =>
      sourceIds.length === 0 ? [] : rows(sql<Run>`select distinct on (source_id) * from ${runs} where source_id in (${sql.join(sourceIds)}) order by source_id, queued_at desc`, db),

    runErrors: (db, runId, limit) => rows(sql<StoredRunError>`select identifier, message, code, params, at from ${errors} where run_id = ${runId} order by id limit ${limit}`, db),

    async queueDueRuns(db) {
      const found = await rows(
        sql<{ n: number }>`
          with due as (
            select id from ${sources} where enabled and schedule <> 'manual' and next_run_at <= now() for update skip locked
          ), queued as (
            insert into ${runs} (source_id, trigger) select id, 'schedule' from due on conflict do nothing returning 1
          ), moved as (
            update ${sources} s set next_run_at = now() + case s.schedule when 'hourly' then interval '1 hour' when 'daily' then interval '1 day' else interval '7 days' end
            from due where s.id = due.id returning 1
          )
          select (select count(*) from queued)::int as n, (select count(*) from moved)::int as moved`,
        db,
      );
      return Number(found[0]?.n ?? 0);
    },

    async claimRun(db, runId) {
      const zeroed = sql.join(kind.counts.map((count) => sql`${sql.ref(count)} = 0`));
      const [run] = await rows(
        sql<Run>`
          update ${runs} set state = 'running', started_at = now(), finished_at = null, lease_until = ${lease},
            attempts = attempts + 1, done = 0, total = null, ${zeroed}, error_count = 0,
            message = null, message_code = null, message_params = '{}'
          where id = (
            select id from ${runs}
            where (state = 'queued' or (state = 'running' and lease_until < now())) ${runId ? sql`and id = ${runId}` : sql``}
            order by queued_at for update skip locked limit 1
          )
          returning *`,
        db,
      );
      if (run) await sql`delete from ${errors} where run_id = ${run.id}`.execute(db);
      return run ?? null;
    },

    saveProgress: async (db, claim, progress) =>
      (await rows(sql`update ${runs} set ${progressColumns(progress)}, lease_until = ${lease} where ${ofClaim(claim)} and state = 'running' returning id`, db)).length > 0,

    holdsClaim: async (db, claim) => (await rows(sql`select id from ${runs} where ${ofClaim(claim)} and state = 'running' for share`, db)).length > 0,

    async addErrors(db, runId, found) {
      if (!found.length) return;
      const values = found.map(({ identifier, problem }) => {
        const stored = problemWithoutCredentials(problem);
        const shownIdentifier = identifier === null ? null : withoutCredentials(identifier).slice(0, 500);
        return sql`(${runId}, ${shownIdentifier}, ${kind.english(stored).slice(0, 2000)}, ${stored.code}, ${JSON.stringify(stored.params)})`;
      });
      await sql`insert into ${errors} (run_id, identifier, message, code, params) values ${sql.join(values)}`.execute(db);
    },

    messageOf: storedMessage,

    async finishRun(db, claim, state, progress, errorCount, message) {
      await sql`
        update ${runs} set ${progressColumns(progress)}, state = ${state}, error_count = ${errorCount}, ${messageColumns(message)}, finished_at = now(), lease_until = null
        where ${ofClaim(claim)} and state = 'running'`.execute(db);
    },

    cancelRun: (db, sourceId, runId, message) =>
      rows(
        sql<Run>`
          update ${runs} set state = 'cancelled', finished_at = now(), lease_until = null, ${messageColumns(message)}
          where source_id = ${sourceId} and state in ('queued', 'running') ${runId ? sql`and id = ${runId}` : sql``}
          returning *`,
        db,
      ),

    saveCancelledProgress: async (db, claim, progress, errorCount) =>
      (await rows(sql`update ${runs} set ${progressColumns(progress)}, error_count = ${errorCount} where ${ofClaim(claim)} and state = 'cancelled' returning id`, db)).length > 0,

    async requeueRun(db, claim) {
      await sql`update ${runs} set state = 'queued', lease_until = null, attempts = greatest(attempts - 1, 0) where ${ofClaim(claim)}`.execute(db);
    },
  };
}
