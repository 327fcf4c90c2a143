import type { StatProblem } from '../../../../shared/problems.ts';
import { StatFault } from '../faults.ts';
import { readJsonStat, type JsonStatRead } from '../formats/jsonstat.ts';
import { errorText, okOrRetry, type ServerAnswer, type Verdict } from '../protocols/answer.ts';
import { ask } from './ask.ts';
import { errorItem, requireUrl } from './batches.ts';
import type { ReaderContext, ReadItem, StatReader, StatSource } from './types.ts';

/**
 * JSON-stat 2.0 documents (research §4): a dataset, or a collection whose embedded datasets are
 * read and whose `href` items are followed, only on the collection's own site (same scheme, host
 * and port; an address elsewhere is named as `jsonstat-link-elsewhere` and not asked for). An
 * upload is read from its bytes; its links have no site to be on, so none is followed.
 * Each dataset is its own table: one that cannot be read is an error beside the others.
 */
export const readJsonStatSource: StatReader = async function* (source, context) {
  if (source.fileBytes) {
    yield* readUpload(source, source.fileBytes, context);
    return;
  }
  yield* readFromSite(source, context);
};

/** Documents one source may lead to: a collection of collections stops here. */
export const MAX_DOCUMENTS = 500;

async function* readFromSite(source: StatSource, context: ReaderContext): AsyncGenerator<ReadItem, void, void> {
  let start: string;
  try {
    start = requireUrl(source.url, 'the JSON-stat address');
  } catch (error) {
    yield errorItem(error, source.tableRef, source.url ?? '', context.signal);
    return;
  }
  const site = new URL(start).origin;
  const queue = [start];
  const seen = new Set(queue);
  let done = 0;
  while (queue.length > 0) {
    context.onProgress?.(done, done + queue.length);
    const address = queue.shift()!;
    let read: JsonStatRead;
    let from: string;
    try {
      const asked = await ask(context, { method: 'GET', url: address }, (answer) => classifyDocument(answer, address));
      from = asked.action === 'ok' ? asked.url : address;
      if (new URL(from).origin !== site) throw new StatFault({ code: 'jsonstat-link-elsewhere', params: { address: from } });
      read = readJsonStat(asked.action === 'ok' ? asked.json : null, { language: source.language, id: address === start && source.tableRef ? source.tableRef : address });
      // The source's table id names the one dataset of its own document, as a PC-Axis source's does.
      if (address === start && source.tableRef && read.cubes.length === 1) read.cubes[0].cube.id = source.tableRef;
    } catch (error) {
      yield errorItem(error, address, address, context.signal);
      done += 1;
      continue;
    }
    yield* itemsOf(read, address);
    for (const link of read.links) {
      const target = URL.canParse(link, from) ? new URL(link, from) : null;
      if (!target || target.origin !== site) {
        yield { type: 'error', problem: { code: 'jsonstat-link-elsewhere', params: { address: target?.href ?? link } }, identifier: link };
        continue;
      }
      target.hash = '';
      if (seen.has(target.href)) continue;
      if (seen.size >= MAX_DOCUMENTS) {
        yield { type: 'error', problem: { code: 'jsonstat-invalid', params: { path: 'link', detail: `the collections lead to more than ${MAX_DOCUMENTS} documents` } }, identifier: target.href };
        break;
      }
      seen.add(target.href);
      queue.push(target.href);
    }
    done += 1;
  }
  context.onProgress?.(done, done);
}

async function* readUpload(source: StatSource, bytes: Uint8Array, context: ReaderContext): AsyncGenerator<ReadItem, void, void> {
  const name = source.fileName ?? '';
  context.onProgress?.(0, 1);
  let read: JsonStatRead;
  try {
    read = readJsonStat(parseUpload(bytes), { language: source.language, id: source.tableRef || name });
    if (source.tableRef && read.cubes.length === 1) read.cubes[0].cube.id = source.tableRef;
  } catch (error) {
    yield errorItem(error, source.tableRef || name, name, context.signal);
    return;
  }
  yield* itemsOf(read, name, 'FILE');
  for (const link of read.links) yield { type: 'error', problem: { code: 'jsonstat-link-elsewhere', params: { address: link } }, identifier: link };
  context.onProgress?.(1, 1);
}

/** The datasets of one document as tables, and its items that could not be read as errors. */
function* itemsOf(read: JsonStatRead, address: string, method: 'GET' | 'FILE' = 'GET'): Generator<ReadItem> {
  for (const { cube, notes } of read.cubes) yield { type: 'table', cube, requests: [{ method, url: address }], notes };
  for (const { at, problem } of read.skipped) yield { type: 'error', problem, identifier: `${address} ${at}` };
}

/** An upload's JSON (UTF-8, a byte order mark allowed), or `jsonstat-invalid` saying why not. */
function parseUpload(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new StatFault({ code: 'jsonstat-invalid', params: { path: '(document)', detail: 'is not UTF-8 text' } });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new StatFault({ code: 'jsonstat-invalid', params: { path: '(document)', detail: `is not JSON: ${(error as Error).message.slice(0, 200)}` } });
  }
}

/** A document's answer: JSON → read; a web page or a body cut short → asked again; a refusal → `source-unreadable`. */
export function classifyDocument(answer: ServerAnswer, address: string): Verdict {
  if (answer.status >= 200 && answer.status < 300) return okOrRetry(answer, address);
  const detail = errorText(answer);
  const problem: StatProblem = {
    code: 'source-unreadable',
    params: { address, reason: detail ? { code: 'http-status-said', params: { status: answer.status, detail } } : { code: 'http-status', params: { status: answer.status } } },
  };
  return { action: 'fail', problem };
}
