import type { Streamed } from '../../../lib/http.ts';
import { StatFault } from '../faults.ts';
import { readPx, type PxRead } from '../formats/px.ts';
import { hostOf } from '../protocols/pacer.ts';
import { asFault, DEFAULT_BACKOFF_MS, DEFAULT_RETRIES } from './ask.ts';
import { requireUrl, tableOrError } from './batches.ts';
import { DATA_MAX_BYTES, type ReaderContext, type StatReader, type StatSource, type TableItem } from './types.ts';

/**
 * PC-Axis files (research §5): an upload's bytes, or a file at an address read as it streams in
 * (never held whole: the parser takes it chunk by chunk). A file cut short on the way, or a web
 * page where the file should be, is asked for again; a file that is wrong in itself (its counts,
 * its code page) is its own error.
 */
export const readPxSource: StatReader = (source, context) =>
  tableOrError(source.tableRef || source.fileName || source.url || '', source.url ?? source.fileName ?? '', context, () =>
    source.fileBytes ? readUpload(source, source.fileBytes, context) : readFromSite(source, context),
  );

const ACCEPT = 'application/octet-stream, text/plain;q=0.9, */*;q=0.8';

async function readUpload(source: StatSource, bytes: Uint8Array, context: ReaderContext): Promise<TableItem> {
  context.onProgress?.(0, 1);
  const read = await readPx(bytes, { language: source.language });
  context.onProgress?.(1, 1);
  return tableOf(source, read, { method: 'FILE', url: source.fileName ?? '' });
}

async function readFromSite(source: StatSource, context: ReaderContext): Promise<TableItem> {
  const url = requireUrl(source.url, 'the PC-Axis address');
  const host = hostOf(url);
  const retries = context.retries ?? DEFAULT_RETRIES;
  const backoff = context.backoffMs ?? DEFAULT_BACKOFF_MS;
  context.onProgress?.(0, 1);
  for (let attempt = 0; ; attempt++) {
    await context.pacer.wait(host, context.signal);
    try {
      const read = await readOnce(url, source.language, context);
      context.onProgress?.(1, 1);
      return tableOf(source, read, { method: 'GET', url });
    } catch (error) {
      const fault = asFault(error, url, context.signal);
      if (!(fault instanceof StatFault) || !mayPass(fault) || attempt >= retries) throw fault;
      context.pacer.pause(host, backoff * 2 ** attempt);
    }
  }
}

/** One download, parsed as it arrives. */
async function readOnce(url: string, language: string, context: ReaderContext): Promise<PxRead> {
  let streamed: Streamed;
  try {
    streamed = await context.http.stream(url, ACCEPT, { maxBytes: context.maxBytes ?? DATA_MAX_BYTES });
  } catch (error) {
    throw asFault(error, url, context.signal);
  }
  if (/^\s*text\/html\b/i.test(streamed.contentType)) {
    await streamed.cancel();
    throw new StatFault({ code: 'pxweb-html-answer', params: { address: url } });
  }
  return readPx(streamed.body, { language });
}

/**
 * What may go better on another download: a file cut short, a web page in its place, a failed
 * read of the body (the connection dropped, the server went silent). A body over the size limit
 * or a refusal stays as it is.
 */
function mayPass(fault: StatFault): boolean {
  const { problem } = fault;
  if (problem.code === 'px-truncated' || problem.code === 'pxweb-html-answer') return true;
  return problem.code === 'source-unreadable' && (problem.params.reason.code === 'network' || problem.params.reason.code === 'timeout');
}

function tableOf(source: StatSource, read: PxRead, request: TableItem['requests'][number]): TableItem {
  const id = source.tableRef || read.cube.id || source.fileName || '';
  return { type: 'table', cube: { ...read.cube, id }, requests: [request], notes: read.notes };
}
