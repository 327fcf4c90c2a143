import { sql, type Kysely, type Selectable } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import type { HarvestCounts, HarvestSourceCreate, HarvestSourcePatch } from '../../../shared/schemas/catalog.ts';
import type { RunTrigger } from '../../../shared/catalog.ts';
import type { HarvestProblem } from '../../../shared/problems.ts';
import type { HarvestRunsTable, HarvestSourcesTable } from './harvest.tables.ts';
import { problemWithoutCredentials, withoutCredentials } from '../../lib/credentials.ts';
import { englishOf } from './faults.ts';

export type SourceRow = Selectable<HarvestSourcesTable>;
export type RunRow = Selectable<HarvestRunsTable>;

/** How long a worker may go silent before another instance takes its run over. */
export const LEASE_SECONDS = 90;

export function listSources(db: QueryBuilder, limit: number, offset: number) {
  return Promise.all([
    db.selectFrom('harvest_sources').selectAll().orderBy('name').orderBy('id').limit(limit).offset(offset).execute(),
    db.selectFrom('harvest_sources').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]).then(([items, total]) => ({ items, total: Number(total.n) }));
}

export function findSource(db: QueryBuilder, id: string) {
  return db.selectFrom('harvest_sources').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findSourceByUrl(db: QueryBuilder, kind: string, url: string) {
  return db.selectFrom('harvest_sources').selectAll().where('kind', '=', kind as never).where('url', '=', url).executeTakeFirst();
}

export async function insertSource(db: QueryBuilder, input: HarvestSourceCreate & { demo?: boolean }) {
  const row = await db
    .insertInto('harvest_sources')
    .values({ name: input.name, kind: input.kind, url: input.url, schedule: input.schedule, enabled: input.enabled, publisher_id: input.publisherId ?? null, demo: input.demo ?? false })
    .returningAll()
    .executeTakeFirstOrThrow();
  // A new scheduled source runs soon, then on its schedule.
  return (await db.updateTable('harvest_sources').set({ next_run_at: sql`case when enabled and schedule <> 'manual' then now() end` }).where('id', '=', row.id).returningAll().executeTakeFirstOrThrow());
}

export async function updateSource(db: QueryBuilder, id: string, patch: HarvestSourcePatch) {
  const values = {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
    ...(patch.url !== undefined ? { url: patch.url } : {}),
    ...(patch.schedule !== undefined ? { schedule: patch.schedule } : {}),
    ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
    ...(patch.publisherId !== undefined ? { publisher_id: patch.publisherId } : {}),
    updated_at: sql<Date>`now()`,
  };
  await db.updateTable('harvest_sources').set(values).where('id', '=', id).execute();
  // A changed schedule, or a source switched on, runs soon and then on its schedule; a rename changes nothing.
  if (patch.schedule === undefined && patch.enabled === undefined) return findSource(db, id);
  return db
    .updateTable('harvest_sources')
    .set({ next_run_at: sql`case when enabled and schedule <> 'manual' then now() end` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Latest run per source, for the sources list. */
export function latestRuns(db: QueryBuilder, sourceIds: string[]) {
  if (!sourceIds.length) return Promise.resolve([]);
  return db
    .selectFrom('harvest_runs')
    .selectAll()
    .distinctOn('source_id')
    .where('source_id', 'in', sourceIds)
    .orderBy('source_id')
    .orderBy('queued_at', 'desc')
    .execute();
}

export function listRuns(db: QueryBuilder, sourceId: string, limit: number, offset: number) {
  return Promise.all([
    db.selectFrom('harvest_runs').selectAll().where('source_id', '=', sourceId).orderBy('queued_at', 'desc').limit(limit).offset(offset).execute(),
    db.selectFrom('harvest_runs').select((eb) => eb.fn.countAll<number>().as('n')).where('source_id', '=', sourceId).executeTakeFirstOrThrow(),
  ]).then(([items, total]) => ({ items, total: Number(total.n) }));
}

export function findRun(db: QueryBuilder, sourceId: string, runId: string) {
  return db.selectFrom('harvest_runs').selectAll().where('source_id', '=', sourceId).where('id', '=', runId).executeTakeFirst();
}

export function runErrors(db: QueryBuilder, runId: string, limit: number) {
  return db.selectFrom('harvest_errors').select(['identifier', 'message', 'code', 'params', 'at']).where('run_id', '=', runId).orderBy('id').limit(limit).execute();
}

/** Queues a run; null when the source already has one waiting or working. */
export async function queueRun(db: QueryBuilder, sourceId: string, trigger: RunTrigger, requestedBy: string | null) {
  const row = await db
    .insertInto('harvest_runs')
    .values({ source_id: sourceId, trigger, requested_by: requestedBy })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

/** A run claimed by its caller from the start (the command line), so no worker takes it first; null when one is active. */
export async function startRun(db: QueryBuilder, sourceId: string, trigger: RunTrigger) {
  const { rows } = await sql<RunRow>`
    insert into harvest_runs (source_id, trigger, state, started_at, lease_until, attempts)
    values (${sourceId}, ${trigger}, 'running', now(), now() + make_interval(secs => ${LEASE_SECONDS}), 1)
    on conflict do nothing returning *`.execute(db);
  return rows[0] ?? null;
}

export function activeRun(db: QueryBuilder, sourceId: string) {
  return db.selectFrom('harvest_runs').selectAll().where('source_id', '=', sourceId).where('state', 'in', ['queued', 'running']).executeTakeFirst();
}

/** Queues a run of every enabled source whose time has come, and sets its next time. */
export async function queueDueRuns(db: QueryBuilder): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with due as (
      select id from harvest_sources where enabled and schedule <> 'manual' and next_run_at <= now() for update skip locked
    ), queued as (
      insert into harvest_runs (source_id, trigger) select id, 'schedule' from due on conflict do nothing returning 1
    ), moved as (
      update harvest_sources s set next_run_at = now() + case s.schedule when 'hourly' then interval '1 hour' when 'daily' then interval '1 day' else interval '7 days' end
      from due where s.id = due.id returning 1
    )
    select (select count(*) from queued)::int as n, (select count(*) from moved)::int as moved`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/**
 * Takes the oldest queued run, or one whose worker stopped renewing its lease (that instance
 * died); skip-locked, so two instances never take the same run. `runId` takes one run only.
 */
export async function claimRun(db: QueryBuilder, runId?: string) {
  const { rows } = await sql<RunRow>`
    update harvest_runs set state = 'running', started_at = now(), finished_at = null, lease_until = now() + make_interval(secs => ${LEASE_SECONDS}),
      attempts = attempts + 1, done = 0, total = null, seen = 0, created = 0, updated = 0, unchanged = 0, withdrawn = 0, failed = 0, error_count = 0,
      message = null, message_code = null, message_params = '{}'
    where id = (
      select id from harvest_runs
      where (state = 'queued' or (state = 'running' and lease_until < now())) ${runId ? sql`and id = ${runId}` : sql``}
      order by queued_at for update skip locked limit 1
    )
    returning *`.execute(db);
  const run = rows[0];
  if (run) await db.deleteFrom('harvest_errors').where('run_id', '=', run.id).execute();
  return run ?? null;
}

export interface Progress extends HarvestCounts {
  done: number;
  total: number | null;
}

/** Which claim of a run a worker holds: the run, and the attempt that claimed it. */
export interface Claim {
  runId: string;
  attempts: number;
}

/** Progress, written now and then; it also renews the lease. False when the claim is no longer this worker's. */
export async function saveProgress(db: QueryBuilder, claim: Claim, progress: Progress): Promise<boolean> {
  const result = await db
    .updateTable('harvest_runs')
    .set({ ...progress, lease_until: sql<Date>`now() + make_interval(secs => ${LEASE_SECONDS})` })
    .where('id', '=', claim.runId)
    .where('attempts', '=', claim.attempts)
    .where('state', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Whether the claim is still this worker's, read under a share lock on the run: a write that
 * checks it first commits before another worker's claim of the run, or not at all.
 */
export async function holdsClaim(db: QueryBuilder, claim: Claim): Promise<boolean> {
  const row = await db
    .selectFrom('harvest_runs')
    .select('id')
    .where('id', '=', claim.runId)
    .where('attempts', '=', claim.attempts)
    .where('state', '=', 'running')
    .forShare()
    .executeTakeFirst();
  return row !== undefined;
}

/** One error of a run: what it concerns (a record's identifier, or null), and its registered code with parameters. */
export interface RunError {
  identifier: string | null;
  problem: HarvestProblem;
}

/**
 * Errors and run messages quote addresses (the source's, a redirect's): they are written without
 * user names or passwords, here where they are stored, and their English is worded from what is stored.
 */
export async function addErrors(db: QueryBuilder, runId: string, errors: RunError[]) {
  if (!errors.length) return;
  await db
    .insertInto('harvest_errors')
    .values(
      errors.map(({ identifier, problem }) => {
        const stored = problemWithoutCredentials(problem);
        return { run_id: runId, identifier: identifier === null ? null : withoutCredentials(identifier).slice(0, 500), message: englishOf(stored).slice(0, 2000), code: stored.code, params: JSON.stringify(stored.params) };
      }),
    )
    .execute();
}

/** A run's message in English as it is stored (without credentials), or null for none. */
export function messageOf(problem: HarvestProblem | null): string | null {
  return problem && englishOf(problemWithoutCredentials(problem)).slice(0, 2000);
}

function messageColumns(problem: HarvestProblem | null) {
  const stored = problem && problemWithoutCredentials(problem);
  return { message: stored && englishOf(stored).slice(0, 2000), message_code: stored?.code ?? null, message_params: JSON.stringify(stored?.params ?? {}) };
}

/** Ends a run with its message (a registered code, or null for none). */
export function finishRun(db: QueryBuilder, claim: Claim, state: 'succeeded' | 'partial' | 'failed', progress: Progress, errorCount: number, message: HarvestProblem | null) {
  return db
    .updateTable('harvest_runs')
    .set({ ...progress, state, error_count: errorCount, ...messageColumns(message), finished_at: sql<Date>`now()`, lease_until: null })
    .where('id', '=', claim.runId)
    .where('attempts', '=', claim.attempts)
    // A run cancelled meanwhile stays cancelled.
    .where('state', '=', 'running')
    .execute();
}

/**
 * Cancels a run that waits or works: it ends at once as cancelled. The update takes the run's row,
 * so it waits for a dataset write that checked the claim under its share lock; every later write
 * finds the claim gone and the worker stops at its next check, writing its final counts.
 */
export function cancelRun(db: QueryBuilder, sourceId: string, runId: string | null, message: HarvestProblem | null) {
  let query = db
    .updateTable('harvest_runs')
    .set({ state: 'cancelled', finished_at: sql<Date>`now()`, lease_until: null, ...messageColumns(message) })
    .where('source_id', '=', sourceId)
    .where('state', 'in', ['queued', 'running']);
  if (runId) query = query.where('id', '=', runId);
  return query.returningAll().execute();
}

/** The final counts of a run cancelled while this worker held it (its claim is the attempt it had). */
export async function saveCancelledProgress(db: QueryBuilder, claim: Claim, progress: Progress, errorCount: number): Promise<boolean> {
  const result = await db
    .updateTable('harvest_runs')
    .set({ ...progress, error_count: errorCount })
    .where('id', '=', claim.runId)
    .where('attempts', '=', claim.attempts)
    .where('state', '=', 'cancelled')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Deletes a source, its runs and their errors. Its datasets are kept as the catalogue's own
 * (no source, no identifier at it): evidence links and addresses given out keep working, and
 * editors look after them from now on. Returns how many datasets were kept, or null when there
 * was no such source.
 */
export async function deleteSource(db: QueryBuilder, id: string): Promise<{ source: SourceRow; datasetsKept: number } | null> {
  const source = await db.selectFrom('harvest_sources').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!source) return null;
  const kept = await db
    .updateTable('datasets')
    .set({ source_id: null, source_identifier: null, source_modified: null, content_hash: null, updated_at: sql<Date>`now()` })
    .where('source_id', '=', id)
    .executeTakeFirst();
  await db.deleteFrom('harvest_sources').where('id', '=', id).execute();
  return { source, datasetsKept: Number(kept.numUpdatedRows) };
}

/** Back to the queue: the instance working on it is stopping. */
export function requeueRun(db: QueryBuilder, claim: Claim) {
  return db
    .updateTable('harvest_runs')
    .set({ state: 'queued', lease_until: null, attempts: sql<number>`greatest(attempts - 1, 0)` })
    .where('id', '=', claim.runId)
    .where('attempts', '=', claim.attempts)
    .execute();
}
