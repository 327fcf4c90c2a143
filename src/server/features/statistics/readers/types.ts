import type { StatProblem } from '../../../../shared/problems.ts';
import type { StatSourceKind } from '../../../../shared/statistics.ts';
import type { HttpClient } from '../../../lib/http.ts';
import type { Cube } from '../cube.ts';
import type { Pacer } from '../protocols/pacer.ts';
import type { VintageRequest } from '../statistics.tables.ts';

/**
 * The reader contract (research §10.2): what an import job hands a reader and what it gets back.
 * Kept apart from `index.ts` so that each reader can import it without importing the others.
 */

/** A statistics source as a run reads it (a `stat_sources` row, or a file just uploaded). */
export interface StatSource {
  kind: StatSourceKind;
  /**
   * pxweb: a table's address (`…/api/v1/fi/StatFin/vaerak/11ra.px`), or a database's or folder's
   * with the table in `tableRef`; pxweb2: the API root (`…/api/v2`); eurostat: the API root
   * (default `EUROSTAT_API`); jsonstat and px: the document's address. Null for an upload.
   */
  url: string | null;
  /** pxweb2: the table id; eurostat: the dataset code; pxweb: a table id under `url`; else the table's id when the file names none. */
  tableRef: string;
  /** The selection (see `readers/query.ts`): `{dimension: [codes] | "*" | "pattern" | {top: n}}`, or the server's own query body. */
  query: Record<string, unknown>;
  /** The language asked for (PxWeb's `{lang}`, Eurostat's `lang`) and the key of every label read. */
  language: string;
  /** An upload's bytes (kinds px and jsonstat), read instead of `url`. */
  fileBytes?: Uint8Array;
  /** An upload's file name: its vintage's request, and the table's id when the file names none. */
  fileName?: string;
}

export interface ReaderContext {
  http: HttpClient;
  /** Paces calls per host; the process's `sharedPacer` in production. */
  pacer: Pacer;
  /** Cancels the read: readers then throw (the engine knows the run was cancelled). */
  signal: AbortSignal;
  /** Batches (or documents) done of those known so far; `total` grows when a batch is halved. */
  onProgress?(done: number, total: number): void;
  /**
   * Further attempts at an answer that may pass though the client got it whole: a maintenance
   * page with 200, a body cut short, a file cut short. Default 2. (429, 5xx and network failures
   * are retried by the HTTP client.)
   */
  retries?: number;
  /** The first wait before such an attempt, doubled each time; waited on the pacer's clock. Default 2000 ms. */
  backoffMs?: number;
  /** The largest answer read (a data answer may be large). Default `DATA_MAX_BYTES`. */
  maxBytes?: number;
}

/** A table read whole: its cube, every request that gave its figures, and what was read past. */
export interface TableItem {
  type: 'table';
  cube: Cube;
  requests: VintageRequest[];
  /** Problems that did not stop the table (an ignored PC-Axis keyword, a guessed encoding, a JSON-stat label read past). */
  notes: StatProblem[];
}

/** A table, a document or a link that could not be read; `identifier` says which (a table id, an address). */
export interface ErrorItem {
  type: 'error';
  problem: StatProblem;
  identifier?: string;
}

export type ReadItem = TableItem | ErrorItem;

/**
 * Reads one source. Yields each table whole or an error for it, never half a table; throws only
 * when `signal` aborts.
 */
export type StatReader = (source: StatSource, context: ReaderContext) => AsyncGenerator<ReadItem, void, void>;

/** 200 MB: a data answer or document; a PxWeb batch is far smaller, a JSON-stat document of 5 M cells about this. */
export const DATA_MAX_BYTES = 200 * 1024 * 1024;
