import type { Readable } from 'node:stream';
import { csvStream as csv, jsonStream as json, xlsxStream as xlsx, type Cell } from '../../lib/tabular.ts';
import type { Kysely } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import { BottleneckExportRecord, type BottleneckQuery } from '../../../shared/schemas/bottlenecks.ts';
import type { AuthUser } from '../accounts/accounts.service.ts';
import * as repo from './bottlenecks.repository.ts';
import { resolveFilter, withFoundIds } from './bottlenecks.service.ts';

const BATCH = 1000;

/** The open-data columns of the register, in order: the export record's fields. */
export const EXPORT_COLUMNS = Object.keys(BottleneckExportRecord.properties) as (keyof typeof BottleneckExportRecord.properties)[];

type Row = Awaited<ReturnType<typeof repo.exportBatch>>[number];

function toRecord(row: Row): Cell[] {
  const original = row.title[row.original_language] ?? '';
  return [
    row.ref,
    original,
    row.title.fi ?? null,
    row.title.et ?? null,
    row.title.en ?? null,
    row.description[row.original_language] ?? '',
    row.original_language,
    row.domain,
    row.status,
    row.outcome,
    row.countries.join(';'),
    row.topics.join(';'),
    row.assigned,
    row.support_count,
    row.follower_count,
    row.created_at,
    row.published_at ?? null,
    row.assessment_due_at ?? null,
    Boolean(row.overdue),
    row.updated_at,
    row.closed_at ?? null,
    row.is_demo,
  ];
}

/**
 * Every matching record, fetched a batch at a time. The filter is resolved before the first
 * byte, so a bad request is refused with a 4xx rather than breaking off a started download.
 */
export function exportRecords(db: QueryBuilder, user: AuthUser | null, query: BottleneckQuery, searchDb: QueryBuilder = db): AsyncGenerator<Cell[]> {
  return records(db, resolveFilter(user, query), searchDb);
}

/** `searchDb`: the query builder whose search index finds the words (the list's, so one index per database). */
async function* records(db: QueryBuilder, wanted: repo.ListFilter, searchDb: QueryBuilder): AsyncGenerator<Cell[]> {
  if (wanted.statuses.length === 0) return;
  const filter = await withFoundIds(searchDb, wanted);
  if (filter.ids?.length === 0) return;
  let after: repo.ExportCursor | null = null;
  for (;;) {
    const rows = await repo.exportBatch(db, filter, after, BATCH);
    for (const row of rows) yield toRecord(row);
    if (rows.length < BATCH) return;
    const last = rows[rows.length - 1];
    after = { at: last.cursor_at, id: last.id };
  }
}

export const csvStream = (db: QueryBuilder, user: AuthUser | null, query: BottleneckQuery, searchDb = db): Promise<Readable> => csv(EXPORT_COLUMNS, exportRecords(db, user, query, searchDb));
export const jsonStream = (db: QueryBuilder, user: AuthUser | null, query: BottleneckQuery, searchDb = db): Promise<Readable> => json(EXPORT_COLUMNS, exportRecords(db, user, query, searchDb));
export const xlsxStream = (db: QueryBuilder, user: AuthUser | null, query: BottleneckQuery, searchDb = db): Promise<Readable> => xlsx('Bottlenecks', EXPORT_COLUMNS, exportRecords(db, user, query, searchDb));
