import { sql, type Selectable } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import type { HarvestSourceCreate, HarvestSourcePatch } from '../../../shared/schemas/catalog.ts';
import type { HarvestProblem } from '../../../shared/problems.ts';
import { jobRuns, type Progress as JobProgress } from '../../lib/jobs/runs.ts';
import type { JobRunRow } from '../../lib/jobs/tables.ts';
import type { HarvestSourcesTable } from './harvest.tables.ts';
import { englishOf } from './faults.ts';

export type SourceRow = Selectable<HarvestSourcesTable>;
export type RunRow = JobRunRow<'harvest_runs'>;

/** How a run cancelled by an administrator says so. */
export const CANCELLED = { code: 'run-cancelled', params: {} } as const satisfies HarvestProblem;

/**
 * Harvest runs are jobs (`lib/jobs`) in the harvest's own tables: queued, claimed under a lease,
 * saved, ended and cancelled there, their errors and messages coded as `HARVEST_ERROR_CODES`.
 */
export const runs = jobRuns({
  tables: { sources: 'harvest_sources', runs: 'harvest_runs', errors: 'harvest_errors' },
  counts: ['seen', 'created', 'updated', 'unchanged', 'withdrawn', 'failed'],
  english: (problem: HarvestProblem) => englishOf(problem),
  cancelled: CANCELLED,
  givenUp: (starts): HarvestProblem => ({ code: 'given-up', params: { starts } }),
});

export type Progress = JobProgress<(typeof runs.kind.counts)[number]>;

export const { latestRuns, listRuns, findRun, runErrors, queueRun, startRun, queueDueRuns, cancelRun } = runs;

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
