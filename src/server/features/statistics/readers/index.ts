/**
 * STAND-IN for the statistics readers (helper H, branch s19-readers): the contract the import
 * engine codes against, and a reader of JSON-stat and PC-Axis files and JSON-stat documents at an
 * address, enough for uploads and the command line. The real module replaces this file whole
 * (same exports); nothing else imports from here but `statistics.engine.ts`.
 */
import type { StatProblem } from '../../../../shared/problems.ts';
import type { StatSourceKind } from '../../../../shared/statistics.ts';
import type { HttpClient } from '../../../lib/http.ts';
import type { Cube } from '../cube.ts';
import { StatFault } from '../faults.ts';
import { readJsonStat } from '../formats/jsonstat.ts';
import { readPx } from '../formats/px.ts';
import type { Pacer } from '../protocols/pacer.ts';
import type { VintageRequest } from '../statistics.tables.ts';

/** What a reader yields: a table read whole with the requests that gave it, or what it could not read. */
export type ReadItem = { type: 'table'; cube: Cube; requests: VintageRequest[] } | { type: 'error'; problem: StatProblem; identifier?: string | null };

/** A source as the readers take it: where (an address, or an uploaded file), which table, which selection, which language. */
export interface ReadableSource {
  kind: StatSourceKind;
  url: string | null;
  tableRef: string;
  query: Record<string, unknown>;
  language: string;
  file?: { bytes: Uint8Array; filename: string };
}

export interface ReadContext {
  http: HttpClient;
  pacer: Pacer;
  signal: AbortSignal;
  onProgress?(done: number, total: number | null): void;
}

/** A file's name without its extension: the table's id when the file names none. */
const baseName = (filename: string) => filename.replace(/\.[^.]*$/, '') || filename;

/** Reads a source's tables one by one; throws what ends the whole source (a fetch that failed, a file that cannot be read). */
export async function* readSource(source: ReadableSource, context: ReadContext): AsyncGenerator<ReadItem> {
  const { file } = source;
  if (source.kind === 'px' && file) {
    context.onProgress?.(0, 1);
    const { cube, notes } = await readPx(file.bytes, { language: source.language });
    cube.id ||= baseName(file.filename);
    for (const problem of notes) yield { type: 'error', problem, identifier: cube.id };
    context.onProgress?.(1, 1);
    yield { type: 'table', cube, requests: [{ method: 'FILE', url: file.filename }] };
    return;
  }
  if (source.kind === 'jsonstat') {
    const document = file ? parseJson(file.bytes) : await context.http.getJson(source.url!);
    const fallback = source.tableRef || (file ? baseName(file.filename) : '');
    const read = readJsonStat(document, { language: source.language, id: fallback });
    const requests: VintageRequest[] = [file ? { method: 'FILE', url: file.filename } : { method: 'GET', url: source.url! }];
    context.onProgress?.(0, read.cubes.length);
    for (const [index, { cube, notes }] of read.cubes.entries()) {
      cube.id ||= fallback || `table-${index + 1}`;
      for (const problem of notes) yield { type: 'error', problem, identifier: cube.id };
      yield { type: 'table', cube, requests };
      context.onProgress?.(index + 1, read.cubes.length);
    }
    for (const skipped of read.skipped) yield { type: 'error', problem: skipped.problem, identifier: skipped.at };
    for (const link of read.links) yield { type: 'error', problem: { code: 'jsonstat-link-elsewhere', params: { address: link } }, identifier: link };
    return;
  }
  throw new StatFault({ code: 'source-unreadable', params: { address: source.url ?? file?.filename ?? '', reason: { code: 'unexpected', params: { detail: `no ${source.kind} reader yet` } } } });
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
  } catch (error) {
    throw new StatFault({ code: 'jsonstat-invalid', params: { path: '', detail: `not JSON: ${(error as Error).message}`.slice(0, 200) } });
  }
}
