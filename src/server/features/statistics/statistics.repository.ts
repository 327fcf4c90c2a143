import { sql, type Selectable } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import type { StatProblem } from '../../../shared/problems.ts';
import type { StatSourceCreate, StatSourcePatch } from '../../../shared/schemas/statistics.ts';
import { jobRuns, type Progress as JobProgress } from '../../lib/jobs/runs.ts';
import type { JobRunRow } from '../../lib/jobs/tables.ts';
import { attachmentOwner, findAttachment, listAttachments } from '../attachments/attachments.service.ts';
import { statEnglish } from './faults.ts';
import type { StatSourcesTable } from './statistics.tables.ts';

export type SourceRow = Selectable<StatSourcesTable>;
export type RunRow = JobRunRow<'stat_runs'>;

/** How a run cancelled by an administrator says so. */
export const CANCELLED = { code: 'run-cancelled', params: {} } as const satisfies StatProblem;

/**
 * Statistics runs are jobs (`lib/jobs`) in the feature's own tables, as harvest runs are in
 * theirs: queued, claimed under a lease, saved, ended and cancelled there, their errors and
 * messages coded as `STAT_ERROR_CODES`. Their counts are tables (seen, created…; `withdrawn` stays
 * 0: a table a source no longer gives keeps its vintages), and the cells read and requests made.
 */
export const runs = jobRuns({
  tables: { sources: 'stat_sources', runs: 'stat_runs', errors: 'stat_errors' },
  counts: ['seen', 'created', 'updated', 'unchanged', 'withdrawn', 'failed', 'cells', 'requests'],
  english: (problem: StatProblem) => statEnglish(problem),
  cancelled: CANCELLED,
  givenUp: (starts): StatProblem => ({ code: 'given-up', params: { starts } }),
});

export type StatCount = (typeof runs.kind.counts)[number];
export type Progress = JobProgress<StatCount>;

export const { latestRuns, listRuns, findRun, runErrors, queueRun, startRun, queueDueRuns, cancelRun } = runs;

/** An uploaded file is an attachment of its source (migration 0035 allows the owner type). */
export const STAT_SOURCE_FILES = attachmentOwner({
  type: 'stat_source',
  lock: (trx, id) => trx.selectFrom('stat_sources').select('id').where('id', '=', id).forUpdate().executeTakeFirst(),
});

export function listSources(db: QueryBuilder, limit: number, offset: number) {
  return Promise.all([
    db.selectFrom('stat_sources').selectAll().orderBy('name').orderBy('id').limit(limit).offset(offset).execute(),
    db.selectFrom('stat_sources').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]).then(([items, total]) => ({ items, total: Number(total.n) }));
}

export function findSource(db: QueryBuilder, id: string) {
  return db.selectFrom('stat_sources').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The source of this kind, address and table (the unique address of migration 0035). */
export function findSourceByAddress(db: QueryBuilder, kind: string, url: string, tableRef: string) {
  return db.selectFrom('stat_sources').selectAll().where('kind', '=', kind as never).where('url', '=', url).where('table_ref', '=', tableRef).executeTakeFirst();
}

/** A file source (no address) of this kind and name: what the command line imports a file into again. */
export function findFileSource(db: QueryBuilder, kind: string, name: string) {
  return db.selectFrom('stat_sources').selectAll().where('kind', '=', kind as never).where('url', 'is', null).where('name', '=', name).orderBy('created_at').executeTakeFirst();
}

export type SourceInput = Omit<StatSourceCreate, 'url'> & { url: string | null; demo?: boolean; createdBy?: string | null };

export async function insertSource(db: QueryBuilder, input: SourceInput) {
  const row = await db
    .insertInto('stat_sources')
    .values({
      name: input.name,
      kind: input.kind,
      url: input.url,
      table_ref: input.tableRef ?? '',
      query: JSON.stringify(input.query ?? {}),
      language: input.language ?? 'en',
      schedule: input.schedule ?? 'manual',
      enabled: input.enabled ?? true,
      publisher_id: input.publisherId ?? null,
      demo: input.demo ?? false,
      created_by: input.createdBy ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  // A new scheduled source runs soon, then on its schedule.
  return db.updateTable('stat_sources').set({ next_run_at: sql`case when enabled and schedule <> 'manual' then now() end` }).where('id', '=', row.id).returningAll().executeTakeFirstOrThrow();
}

export async function updateSource(db: QueryBuilder, id: string, patch: StatSourcePatch) {
  const values = {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
    ...(patch.url !== undefined ? { url: patch.url } : {}),
    ...(patch.tableRef !== undefined ? { table_ref: patch.tableRef } : {}),
    ...(patch.query !== undefined ? { query: JSON.stringify(patch.query) } : {}),
    ...(patch.language !== undefined ? { language: patch.language } : {}),
    ...(patch.schedule !== undefined ? { schedule: patch.schedule } : {}),
    ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
    ...(patch.publisherId !== undefined ? { publisher_id: patch.publisherId } : {}),
    updated_at: sql<Date>`now()`,
  };
  await db.updateTable('stat_sources').set(values).where('id', '=', id).execute();
  // A changed schedule, or a source switched on, runs soon and then on its schedule; a rename changes nothing.
  if (patch.schedule === undefined && patch.enabled === undefined) return findSource(db, id);
  return db.updateTable('stat_sources').set({ next_run_at: sql`case when enabled and schedule <> 'manual' then now() end` }).where('id', '=', id).returningAll().executeTakeFirst();
}

/** Deletes a source with its runs, tables and vintages (cascades) and its file (trigger); null when there is none. */
export async function deleteSource(db: QueryBuilder, id: string) {
  return (await db.deleteFrom('stat_sources').where('id', '=', id).returningAll().executeTakeFirst()) ?? null;
}

/** A table of a source as the sources list shows it: its current vintage's time and cells, and how many vintages it has. */
export interface TableRow {
  id: string;
  source_id: string;
  external_id: string;
  title: Record<string, string>;
  languages: string[];
  retrieved_at: Date | null;
  cells: number | null;
  vintages: number;
}

/** The tables of these sources, each with its current vintage and its count of vintages. */
export async function tablesOf(db: QueryBuilder, sourceIds: readonly string[]): Promise<TableRow[]> {
  if (sourceIds.length === 0) return [];
  return db
    .selectFrom('stat_tables as t')
    .leftJoin('stat_vintages as v', 'v.id', 't.current_vintage_id')
    .select(['t.id', 't.source_id', 't.external_id', 't.title', 't.languages', 'v.retrieved_at', 'v.cells'])
    .select((eb) => eb.selectFrom('stat_vintages as all').whereRef('all.table_id', '=', 't.id').select((inner) => inner.fn.countAll<number>().as('n')).as('vintages'))
    .where('t.source_id', 'in', sourceIds)
    .orderBy('t.source_id')
    .orderBy('t.external_id')
    .execute()
    .then((rows) => rows.map((row) => ({ ...row, vintages: Number(row.vintages ?? 0) })));
}

/** The newest file of a source (an upload, or what the command line imported), content included; undefined for none. */
export async function sourceFile(db: QueryBuilder, sourceId: string) {
  const owner = { kind: STAT_SOURCE_FILES, id: sourceId };
  const files = await listAttachments(db, owner);
  const newest = files.at(-1);
  return newest && findAttachment(db, owner, newest.id);
}

/** The files of these sources (without content), for the sources list. */
export function filesOf(db: QueryBuilder, sourceIds: readonly string[]) {
  if (sourceIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('attachments')
    .select(['id', 'owner_id', 'filename', 'media_type', 'size', 'created_at'])
    .where('owner_type', '=', STAT_SOURCE_FILES.type)
    .where('owner_id', 'in', sourceIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Removes a file source's files, before the command line stores the file it imports now. */
export async function removeFiles(db: QueryBuilder, sourceId: string) {
  await db.deleteFrom('attachments').where('owner_type', '=', STAT_SOURCE_FILES.type).where('owner_id', '=', sourceId).execute();
}

const TABLE_COLUMNS = ['t.id', 't.external_id', 't.title', 't.languages', 's.id as source_id', 's.name as source_name', 's.kind as source_kind', 's.demo as source_demo', 'v.id as vintage_id', 'v.retrieved_at'] as const;

function tableRows(db: QueryBuilder) {
  return db.selectFrom('stat_tables as t').innerJoin('stat_sources as s', 's.id', 't.source_id').leftJoin('stat_vintages as v', 'v.id', 't.current_vintage_id');
}

/** Tables of every source, by title, filtered by words of the title or the id at the source. */
export async function listTables(db: QueryBuilder, q: string | undefined, limit: number, offset: number) {
  let rows = tableRows(db);
  const words = q?.trim().toLowerCase();
  if (words) {
    const like = `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    rows = rows.where((eb) => eb.or([sql<boolean>`lower(t.title::text) like ${like}`, sql<boolean>`lower(t.external_id) like ${like}`]));
  }
  const [items, total] = await Promise.all([
    rows.select(TABLE_COLUMNS).orderBy(sql`coalesce(t.title->>'en', t.external_id)`).orderBy('t.id').limit(limit).offset(offset).execute(),
    rows.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: total.n };
}
export type TableListRow = Awaited<ReturnType<typeof listTables>>['items'][number];

/** One table with its current vintage's metadata and periods; undefined when there is none. */
export function findTable(db: QueryBuilder, id: string) {
  return tableRows(db).select([...TABLE_COLUMNS, 'v.metadata', 'v.time_dimension', 'v.periods']).where('t.id', '=', id).executeTakeFirst();
}
