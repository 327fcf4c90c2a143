import type { StatProblem } from '../../../../shared/problems.ts';
import { reasonOf } from '../../../lib/fetchFault.ts';
import type { Cube } from '../cube.ts';
import { StatFault } from '../faults.ts';
import { readJsonStat } from '../formats/jsonstat.ts';
import type { Batch } from '../protocols/split.ts';
import { asFault } from './ask.ts';
import type { ErrorItem, ReaderContext, ReadItem, TableItem } from './types.ts';

/**
 * Asks for every batch of a selection in turn. `fetch` places a batch's answer and gives null,
 * or gives the server's "too many cells" problem: the batch is then halved (`halve`) and its
 * halves asked for in its place, at most `maxHalvings` times down one line of halves; after that
 * the problem is the table's error. Progress counts batches, the halves included.
 */
export async function fetchBatches(
  batches: readonly Batch[],
  context: ReaderContext,
  fetch: (batch: Batch) => Promise<StatProblem | null>,
  halve: (batch: Batch) => [Batch, Batch] | null,
  maxHalvings: number,
): Promise<void> {
  const queue = batches.map((batch) => ({ batch, halvings: 0 }));
  let done = 0;
  let total = queue.length;
  context.onProgress?.(done, total);
  while (queue.length > 0) {
    context.signal.throwIfAborted();
    const { batch, halvings } = queue.shift()!;
    const tooMany = await fetch(batch);
    if (tooMany) {
      const halves = halvings < maxHalvings ? halve(batch) : null;
      if (!halves) throw new StatFault(tooMany);
      queue.unshift(...halves.map((half) => ({ batch: half, halvings: halvings + 1 })));
      total += 1;
    } else done += 1;
    context.onProgress?.(done, total);
  }
}

/** The one dataset of a json-stat2 (or JSON-stat 1) data answer. */
export function answerCube(json: unknown, language: string, address: string, id?: string): Cube {
  const read = readJsonStat(json, { language, ...(id !== undefined ? { id } : {}) });
  if (read.cubes.length !== 1) {
    throw new StatFault({ code: 'pxweb-answer-invalid', params: { address, detail: `the answer holds ${read.cubes.length} datasets, not one` } });
  }
  return read.cubes[0].cube;
}

/**
 * One table's read as the reader's one item: the table, or the error that stopped it (named by
 * `identifier`). A failed request becomes `source-unreadable` at `address`; a program error
 * `table-unreadable`. Cancelling is thrown, not yielded.
 */
export async function* tableOrError(identifier: string, address: string, context: ReaderContext, read: () => Promise<TableItem>): AsyncGenerator<ReadItem, void, void> {
  let item: ReadItem;
  try {
    item = await read();
  } catch (error) {
    item = errorItem(error, identifier, address, context.signal);
  }
  yield item;
}

export function errorItem(error: unknown, identifier: string, address: string, signal: AbortSignal): ErrorItem {
  if (signal.aborted) throw error;
  const fault = asFault(error, address, signal);
  if (fault instanceof StatFault) return { type: 'error', problem: fault.problem, identifier };
  return { type: 'error', problem: { code: 'table-unreadable', params: { table: identifier, reason: reasonOf(error) } }, identifier };
}

/** An address with no slash at its end (by a loop: no pattern over the input). */
export function withoutTrailingSlash(address: string): string {
  let end = address.length;
  while (end > 0 && address[end - 1] === '/') end--;
  return address.slice(0, end);
}

/** The source's address, or `source-unreadable` when it has none or it is not one. */
export function requireUrl(url: string | null, what: string): string {
  if (url && URL.canParse(url)) return url;
  throw new StatFault({ code: 'source-unreadable', params: { address: url ?? what, reason: { code: 'invalid-address', params: {} } } });
}
