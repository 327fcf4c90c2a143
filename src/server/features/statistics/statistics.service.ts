import type { QueryBuilder } from '../../db/tables.ts';
import type { StatSourceKind } from '../../../shared/statistics.ts';
import type { StatFileAccepted, StatRunSummary, StatSource, StatSourceCreate, StatSourcePatch, StatTable, StatTableItem, StatTableList, StatTableQuery } from '../../../shared/schemas/statistics.ts';
import { problems, type FieldError } from '../../plugins/problems.ts';
import { hasCredentials, withoutCredentials } from '../../lib/credentials.ts';
import { jobApi } from '../../lib/jobs/api.ts';
import { claimJob } from '../../lib/jobs/engine.ts';
import { hostOf } from '../../lib/names.ts';
import type { AuthUser } from '../accounts/accounts.service.ts';
import { addAttachment, type Upload } from '../attachments/attachments.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { requireInstitution } from '../institutions/institutions.service.ts';
import { executeImport, type ImportOptions, type RunOutcome, type StatSettings } from './statistics.engine.ts';
import * as repo from './statistics.repository.ts';

const iso = (value: Date | null) => (value ? value.toISOString() : null);

/** Kinds read from a file as well as from an address. */
export const FILE_KINDS: readonly StatSourceKind[] = ['px', 'jsonstat'];

export async function requireSource(db: QueryBuilder, id: string): Promise<repo.SourceRow> {
  const row = await repo.findSource(db, id);
  if (!row) throw problems.notFound('statistics source');
  return row;
}

/** A source a run can read: an address, or an uploaded file (the demo's tables were written without either). */
async function requireRunnable(db: QueryBuilder, id: string): Promise<repo.SourceRow> {
  const row = await requireSource(db, id);
  if (row.url === null && (await repo.filesOf(db, [id])).length === 0) {
    throw problems.conflict('source-nothing-to-read', 'This source has neither an address nor a file to read: its tables were written without an import. Upload a file or add a source at an address.');
  }
  return row;
}

/** The runs as the API serves them (`lib/jobs/api.ts`), as the harvest's are. */
export const runApi = jobApi({
  runs: repo.runs,
  shown: ['seen', 'created', 'updated', 'unchanged', 'failed', 'cells', 'requests'],
  entityType: 'stat_source',
  runAction: 'stat_run',
  runName: 'statistics run',
  requireSource,
  requireRunnable,
  activeDetail: 'This source is being imported already; wait for that run to end.',
  audit: recordAudit,
});

export const toRunSummary = (row: repo.RunRow): StatRunSummary => runApi.summary(row);

type FileRow = Awaited<ReturnType<typeof repo.filesOf>>[number];

function toSource(row: repo.SourceRow, lastRun: repo.RunRow | undefined, tables: repo.TableRow[], file: FileRow | undefined): StatSource {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    url: row.url === null ? null : withoutCredentials(row.url),
    tableRef: row.table_ref,
    query: row.query,
    language: row.language,
    schedule: row.schedule,
    enabled: row.enabled,
    publisherId: row.publisher_id,
    nextRunAt: iso(row.next_run_at),
    file: file ? { id: file.id, filename: file.filename, mediaType: file.media_type, size: file.size, uploadedAt: file.created_at.toISOString() } : null,
    lastRun: lastRun ? toRunSummary(lastRun) : null,
    tables: tables.map((table) => ({
      id: table.id,
      externalId: table.external_id,
      title: table.title,
      languages: table.languages,
      retrievedAt: iso(table.retrieved_at),
      cells: table.cells,
      vintages: table.vintages,
    })),
    demo: row.demo,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Sources with their latest run, their tables and their file. */
async function withDetails(db: QueryBuilder, rows: repo.SourceRow[]): Promise<StatSource[]> {
  const ids = rows.map((row) => row.id);
  const [runs, tables, files] = await Promise.all([repo.latestRuns(db, ids), repo.tablesOf(db, ids), repo.filesOf(db, ids)]);
  const latest = new Map(runs.map((run) => [run.source_id, run]));
  // The newest file of each source (the list is oldest first).
  const newestFile = new Map(files.map((file) => [file.owner_id, file]));
  return rows.map((row) =>
    toSource(
      row,
      latest.get(row.id),
      tables.filter((table) => table.source_id === row.id),
      newestFile.get(row.id),
    ),
  );
}

export async function listSources(db: QueryBuilder, limit: number, offset: number) {
  const { items, total } = await repo.listSources(db, limit, offset);
  return { items: await withDetails(db, items), total, limit, offset };
}

export async function getSource(db: QueryBuilder, id: string): Promise<StatSource> {
  return (await withDetails(db, [await requireSource(db, id)]))[0];
}

/** A source's address is shown to everyone: a user name or password in it is refused, as the harvest's are. */
function refuseCredentials(url: string | null | undefined) {
  if (url && hasCredentials(url)) {
    throw problems.badRequest("Give the address without a user name or password: a source's address is shown to everyone and quoted in run errors.", [
      { path: 'body/url', code: 'credentials', message: 'must not contain a user name or password' },
    ]);
  }
}

/** Only a PC-Axis or JSON-stat source may be without an address (its file is its source). */
function requireAddress(kind: StatSourceKind, url: string | null) {
  if (url === null && !FILE_KINDS.includes(kind)) {
    throw problems.badRequest(`A ${kind} source is read from an address; give one.`, [{ path: 'body/url', code: 'required', message: 'is required' } as FieldError]);
  }
}

async function refuseClash(trx: QueryBuilder, kind: string, url: string | null, tableRef: string, except: string | null) {
  if (url === null) return;
  const clash = await repo.findSourceByAddress(trx, kind, url, tableRef);
  if (clash && clash.id !== except) throw problems.conflict('source-exists', 'A source of this kind with this address and table exists already.');
}

export async function createSource(db: QueryBuilder, admin: AuthUser, input: StatSourceCreate): Promise<StatSource> {
  refuseCredentials(input.url);
  const row = await db.transaction().execute(async (trx) => {
    if (input.publisherId) await requireInstitution(trx, input.publisherId, 'body/publisherId');
    await refuseClash(trx, input.kind, input.url, input.tableRef ?? '', null);
    const created = await repo.insertSource(trx, { ...input, createdBy: admin.id });
    await recordAudit(trx, { actorId: admin.id, action: 'stat_source.created', entityType: 'stat_source', entityId: created.id, details: { ...input } });
    return created;
  });
  return (await withDetails(db, [row]))[0];
}

export async function updateSource(db: QueryBuilder, admin: AuthUser, id: string, patch: StatSourcePatch): Promise<StatSource> {
  refuseCredentials(patch.url);
  const row = await db.transaction().execute(async (trx) => {
    const before = await requireSource(trx, id);
    if (patch.publisherId) await requireInstitution(trx, patch.publisherId, 'body/publisherId');
    const kind = patch.kind ?? before.kind;
    const url = patch.url ?? before.url;
    requireAddress(kind, url);
    await refuseClash(trx, kind, url, patch.tableRef ?? before.table_ref, id);
    const updated = await repo.updateSource(trx, id, patch);
    await recordAudit(trx, { actorId: admin.id, action: 'stat_source.updated', entityType: 'stat_source', entityId: id, details: { changes: patch } });
    return updated!;
  });
  return (await withDetails(db, [row]))[0];
}

/**
 * Deletes a source with its runs, tables, vintages and file. A run under way is cancelled first,
 * in the same transaction, so no table of it is stored after. Tables an indicator reads are kept
 * (the indicator's series refer to them): the source cannot be deleted then (409).
 */
export async function deleteSource(db: QueryBuilder, admin: AuthUser, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const source = await requireSource(trx, id);
    const used = await trx
      .selectFrom('indicator_series as s')
      .innerJoin('stat_tables as t', 't.id', 's.table_id')
      .select('s.id')
      .where('t.source_id', '=', id)
      .executeTakeFirst();
    if (used) throw problems.conflict('source-in-use', 'An indicator reads a table of this source; change the indicator first.');
    // Cancelled without a message: the run is deleted with the source below.
    const cancelled = await repo.cancelRun(trx, id, null, null);
    await repo.deleteSource(trx, id);
    await recordAudit(trx, {
      actorId: admin.id,
      action: 'stat_source.deleted',
      entityType: 'stat_source',
      entityId: id,
      details: { name: source.name, kind: source.kind, url: source.url && withoutCredentials(source.url), runsCancelled: cancelled.map((run) => run.id) },
    });
  });
}

/** An uploaded file as a new source: stored as its attachment, its first run queued, all in one transaction. */
export async function createFileSource(db: QueryBuilder, admin: AuthUser, input: { name: string; kind: StatSourceKind; language: string }, file: Upload): Promise<StatFileAccepted> {
  const { source, run } = await db.transaction().execute(async (trx) => {
    const created = await repo.insertSource(trx, { name: input.name, kind: input.kind, url: null, language: input.language, schedule: 'manual', enabled: true, createdBy: admin.id });
    await recordAudit(trx, { actorId: admin.id, action: 'stat_source.created', entityType: 'stat_source', entityId: created.id, details: { ...input, filename: file.filename, size: file.content.length } });
    await addAttachment(trx, { kind: repo.STAT_SOURCE_FILES, id: created.id }, file, admin);
    const queued = (await repo.queueRun(trx, created.id, 'manual', admin.id))!;
    await recordAudit(trx, { actorId: admin.id, action: 'stat_run.requested', entityType: 'stat_source', entityId: created.id, details: { runId: queued.id, trigger: 'manual' } });
    return { source: created, run: queued };
  });
  return { source: (await withDetails(db, [source]))[0], run: toRunSummary(run) };
}

/**
 * Claims a run (a given one, or the oldest waiting) and carries it out in this process; a run
 * started too often is given up (`claimJob`). A source deleted since takes its runs with it: null.
 */
export function claimAndRun(db: QueryBuilder, settings: StatSettings, runId?: string, options: ImportOptions = {}): Promise<{ run: repo.RunRow; outcome: RunOutcome } | null> {
  return claimJob(db, repo.runs, runId, (run) => repo.findSource(db, run.source_id), (run, source) => executeImport(db, run, source, settings, options));
}

/** Runs a source now in this process (the command line): claimed at once, so no worker takes it first. */
export async function runHere(db: QueryBuilder, settings: StatSettings, sourceId: string, options: ImportOptions = {}) {
  const source = await requireSource(db, sourceId);
  const run = await repo.startRun(db, sourceId, 'command');
  if (!run) throw problems.conflict('run-active', 'This source is being imported already; wait for that run to end.');
  await recordAudit(db, { actorId: null, action: 'stat_run.requested', entityType: 'stat_source', entityId: sourceId, details: { runId: run.id, trigger: 'command' } });
  return { run, outcome: await executeImport(db, run, source, settings, options) };
}

/** The source of a kind, address and table, made for the command line when it is not registered yet. */
export async function sourceForAddress(db: QueryBuilder, kind: StatSourceKind, url: string, tableRef: string, language: string): Promise<repo.SourceRow> {
  if (hasCredentials(url)) throw problems.badRequest('Give the address without a user name or password.', [{ path: 'url', code: 'credentials', message: 'must not contain a user name or password' }]);
  const existing = await repo.findSourceByAddress(db, kind, url, tableRef);
  if (existing) return existing;
  const name = `${hostOf(url) ?? url}${tableRef ? ` ${tableRef}` : ''} (${kind})`.slice(0, 200);
  return repo.insertSource(db, { name, kind, url, tableRef, language, schedule: 'manual', enabled: true });
}

/**
 * The file source the command line imports a file into: the one of this kind and file name, its
 * file replaced by the one read now (so importing a file again adds a vintage only where its
 * figures changed), or a new one.
 */
export async function sourceForFile(db: QueryBuilder, kind: StatSourceKind, file: Upload, language: string): Promise<repo.SourceRow> {
  return db.transaction().execute(async (trx) => {
    const existing = await repo.findFileSource(trx, kind, file.filename);
    const source = existing ?? (await repo.insertSource(trx, { name: file.filename, kind, url: null, language, schedule: 'manual', enabled: true }));
    if (existing) {
      await repo.removeFiles(trx, source.id);
      await recordAudit(trx, { actorId: null, action: 'stat_source.file_replaced', entityType: 'stat_source', entityId: source.id, details: { filename: file.filename, size: file.content.length } });
    }
    await addAttachment(trx, { kind: repo.STAT_SOURCE_FILES, id: source.id }, file, null);
    return source;
  });
}

export const queueDueRuns = repo.queueDueRuns;

function toTableItem(row: repo.TableListRow): StatTableItem {
  return {
    id: row.id,
    externalId: row.external_id,
    title: row.title,
    source: { id: row.source_id, name: row.source_name, kind: row.source_kind, demo: row.source_demo },
    retrievedAt: iso(row.retrieved_at),
  };
}

export async function listTables(db: QueryBuilder, query: StatTableQuery): Promise<StatTableList> {
  const limit = query.limit ?? 20;
  const offset = query.offset ?? 0;
  const { items, total } = await repo.listTables(db, query.q, limit, offset);
  return { items: items.map(toTableItem), total, limit, offset };
}

/**
 * A table as its current vintage has it: its dimensions in order, each with its role and its
 * values, and its periods. The time dimension is the one the vintage's series run along (a
 * reader may have found it without the source marking its role).
 */
export async function getTable(db: QueryBuilder, id: string): Promise<StatTable> {
  const row = await repo.findTable(db, id);
  if (!row) throw problems.notFound('statistics table');
  const dimensions = (row.metadata?.dimensions ?? []).map((dimension) => ({
    code: dimension.code,
    label: dimension.label,
    role: dimension.code === row.time_dimension ? ('time' as const) : dimension.role === 'time' ? null : dimension.role,
    values: dimension.values.map((value) => ({ code: value.code, label: value.label })),
  }));
  return {
    ...toTableItem(row),
    languages: row.languages,
    vintage: row.vintage_id,
    timeDimension: row.time_dimension ?? null,
    periods: row.periods ?? [],
    dimensions,
  };
}
