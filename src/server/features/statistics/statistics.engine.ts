import type { Config } from '../../config.ts';
import type { QueryBuilder } from '../../db/tables.ts';
import type { StatProblem } from '../../../shared/problems.ts';
import { errorMessage, reasonOf } from '../../lib/fetchFault.ts';
import { createHttpClient, type HttpClient } from '../../lib/http.ts';
import { executeJob, type JobContext, type JobOutcome, type JobWork } from '../../lib/jobs/engine.ts';
import { StatFault } from './faults.ts';
import { sharedPacer } from './protocols/pacer.ts';
// The one import of the readers (helper H's module): adapting to it is here and nowhere else.
import { readSource, type ReaderContext as ReadContext, type ReadItem, type StatSource as ReadableSource } from './readers/index.ts';
import * as repo from './statistics.repository.ts';
import { storeCube, type StoredTable } from './statistics.store.ts';

export type { ReadableSource, ReadContext, ReadItem };
/** Reads a source's tables: the readers' `readSource`, or a test's own. */
export type ReadSource = (source: ReadableSource, context: ReadContext) => AsyncIterable<ReadItem>;

export interface StatSettings {
  timeoutMs: number;
  retries: number;
  backoffMs: number;
  /** Private or local networks a source may be in (`TALSINKI_HARVEST_ALLOW_NETWORKS`, shared with the harvest). */
  allowedNetworks: readonly string[];
  /** What builds on the tables is told which of them a run created or changed (the composition root's hook). */
  afterImport?: AfterImport;
}

/**
 * Called once after a run with the tables it created or changed, outside their transactions: the
 * indicators' copies in the catalogue follow their figures, though this feature knows none of them.
 */
export type AfterImport = (db: QueryBuilder, tableIds: readonly string[]) => Promise<void>;

/** The import settings of a configuration: the harvest's (one set of rules for reaching other servers). */
export function statSettings(config: Config): StatSettings {
  return { timeoutMs: config.harvestTimeoutMs, retries: config.harvestRetries, backoffMs: config.harvestBackoffMs, allowedNetworks: config.harvestAllowedNetworks };
}

export type RunOutcome = JobOutcome<repo.StatCount>;
type Context = JobContext<repo.StatCount, StatProblem>;

/** A table as a run stored it (or found it unchanged): for the command line's report. */
export interface TableReport extends StoredTable {
  externalId: string;
}

export interface ImportOptions {
  onProgress?: (progress: repo.Progress) => void;
  /** Each table as it is stored. */
  onTable?: (table: TableReport) => void;
  signal?: AbortSignal;
  /** The reader; `readSource` unless a test gives its own. */
  read?: ReadSource;
}

/**
 * Problems a reader reports beside a table it read whole (a keyword skipped, an encoding
 * guessed, a link not followed): named in the run's errors, but no table failed for them.
 */
const READ_PAST: ReadonlySet<StatProblem['code']> = new Set(['px-keyword-ignored', 'px-encoding-guessed', 'jsonstat-link-elsewhere']);

/** The claim was gone when a table's transaction checked it: the table is not stored, and the run stops. */
class ClaimLost extends Error {}

/**
 * Imports one source once, as a job (`lib/jobs/engine.ts`: the lease, progress saved twice a
 * second, the cancelled, lost and stopping paths): the reader yields tables and what it could not
 * read; each table is stored as a vintage in its own transaction that first checks the claim, so
 * a table is stored whole or not at all and never after another worker took the run; everything
 * that could not be read or stored is named in the run's errors by its code.
 */
export async function executeImport(db: QueryBuilder, run: repo.RunRow, source: repo.SourceRow, settings: StatSettings, options: ImportOptions = {}): Promise<RunOutcome> {
  const changed: string[] = [];
  const onTable = (table: TableReport) => {
    if (table.outcome !== 'unchanged') changed.push(table.tableId);
    options.onTable?.(table);
  };
  const outcome = await executeJob(db, repo.runs, run, importWork(db, source, run.id, settings, { ...options, onTable }), { onProgress: options.onProgress, signal: options.signal });
  if (changed.length > 0) await settings.afterImport?.(db, changed);
  return outcome;
}

/** The address a source's problems quote: its URL, or its file's name. */
function addressOf(source: repo.SourceRow, filename: string | null): string {
  return source.url ?? (filename ? `file ${filename}` : source.name);
}

/** The client counting each request of the run, retries included (the run's `requests`). */
function countingClient(http: HttpClient, progress: repo.Progress): HttpClient {
  return {
    getJson: (url, options) => ((progress.requests += 1), http.getJson(url, options)),
    getText: (url, accept, options) => ((progress.requests += 1), http.getText(url, accept, options)),
    postJson: (url, body, options) => ((progress.requests += 1), http.postJson(url, body, options)),
    exchange: (request) => ((progress.requests += 1), http.exchange(request)),
    stream: (url, accept, options) => ((progress.requests += 1), http.stream(url, accept, options)),
  };
}

function importWork(db: QueryBuilder, source: repo.SourceRow, runId: string, settings: StatSettings, options: ImportOptions): JobWork<repo.StatCount, StatProblem> {
  const read = options.read ?? readSource;
  let filename: string | null = null;
  /** What ended the reading early: a fault of the whole source (its problem), or null. */
  let stopped: StatProblem | null = null;
  /** The first problem that is not only a note: the run's message when no table could be read. */
  let firstProblem: StatProblem | null = null;
  let readerCounts = false;

  const store = async (context: Context, item: Extract<ReadItem, { type: 'table' }>) => {
    const { cube, requests } = item;
    const { progress } = context;
    progress.seen += 1;
    const table = cube.id || '(no id)';
    if (cube.values.length === 0) return fail(context, table, { code: 'table-empty', params: { table } });
    try {
      // One transaction per table vintage, checking the claim first: a table is stored whole or
      // not at all, and none lands after the run was cancelled or taken over.
      const stored = await db.transaction().execute(async (trx) => {
        if (!(await context.holds(trx))) throw new ClaimLost();
        return storeCube(trx, { sourceId: source.id, runId, cube, requests });
      });
      progress[stored.outcome] += 1;
      progress.cells += stored.cells;
      options.onTable?.({ ...stored, externalId: table });
    } catch (error) {
      if (error instanceof ClaimLost) return context.loseClaim();
      fail(context, table, { code: 'table-not-stored', params: { table, detail: errorMessage(error).slice(0, 500) } });
    }
  };

  const fail = (context: Context, identifier: string | null, problem: StatProblem) => {
    context.progress.failed += 1;
    firstProblem ??= problem;
    context.recordError(identifier, problem);
  };

  const handle = async (context: Context, item: ReadItem) => {
    if (item.type === 'table') {
      for (const note of item.notes) context.recordError(item.cube.id || null, note);
      await store(context, item);
    }
    else if (READ_PAST.has(item.problem.code)) context.recordError(item.identifier ?? null, item.problem);
    else if (item.identifier && item.problem.code !== 'source-unreadable') {
      // A table (or a collection's item) the reader could not read: seen, and failed.
      context.progress.seen += 1;
      fail(context, item.identifier, item.problem);
    } else {
      firstProblem ??= item.problem;
      context.recordError(null, item.problem);
    }
    if (!readerCounts) context.progress.done = context.progress.seen;
  };

  return {
    async perform(context) {
      try {
        const file = source.url === null ? await repo.sourceFile(db, source.id) : undefined;
        filename = file?.filename ?? null;
        if (source.url === null && !file) throw new StatFault({ code: 'source-unreadable', params: { address: addressOf(source, null), reason: { code: 'empty-body', params: {} } } });
        const http = countingClient(
          createHttpClient({ timeoutMs: settings.timeoutMs, retries: settings.retries, backoffMs: settings.backoffMs, allowedNetworks: settings.allowedNetworks, signal: context.signal }),
          context.progress,
        );
        const readable: ReadableSource = {
          kind: source.kind,
          url: source.url,
          tableRef: source.table_ref,
          query: source.query,
          language: source.language,
          ...(file ? { fileBytes: new Uint8Array(file.content), fileName: file.filename } : {}),
        };
        const onProgress = (done: number, total: number | null) => {
          readerCounts = true;
          context.progress.done = done;
          context.progress.total = total;
        };
        for await (const item of read(readable, { http, pacer: sharedPacer, signal: context.signal, onProgress })) {
          if (context.lost || context.signal.aborted) break;
          await handle(context, item);
          await context.save();
        }
      } catch (error) {
        // A claim lost (cancelled, or taken over) or a server stopping ends the reading: no fault of the source's.
        if (context.lost || context.signal.aborted) return;
        stopped =
          error instanceof StatFault
            ? error.problem
            : { code: 'source-unreadable', params: { address: addressOf(source, filename), reason: reasonOf(error) } };
        firstProblem ??= stopped;
        context.recordError(null, stopped);
      }
    },

    async conclude(context) {
      const { progress } = context;
      const stored = progress.created + progress.updated + progress.unchanged;
      if (stored === 0) {
        // Nothing could be read: the run failed, saying why (the source's fault, or the first table's).
        const message = firstProblem ?? { code: 'source-unreadable', params: { address: addressOf(source, filename), reason: { code: 'empty-body', params: {} } } };
        if (!firstProblem) context.recordError(null, message);
        return { state: 'failed', message };
      }
      if (stopped) return { state: 'partial', message: stopped };
      return { state: progress.failed > 0 || firstProblem ? 'partial' : 'succeeded', message: null };
    },
  };
}
