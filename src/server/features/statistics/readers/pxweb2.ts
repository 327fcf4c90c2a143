import { StatFault } from '../faults.ts';
import { hostOf, pxweb2Window } from '../protocols/pacer.ts';
import {
  classifyPxweb2Answer, pxweb2ConfigUrl, pxweb2DataRequest, pxweb2MetadataUrl, readPxweb2Config, readPxweb2Metadata, resolvePxweb2Selection,
} from '../protocols/pxweb2.ts';
import { batchLimit, halveBatch, selectionCells, splitSelection } from '../protocols/split.ts';
import type { VintageRequest } from '../statistics.tables.ts';
import { ask, type Asked } from './ask.ts';
import { CubeAssembler } from './assemble.ts';
import { answerCube, fetchBatches, requireUrl, tableOrError } from './batches.ts';
import { frameOf } from './pxweb.ts';
import { pxweb2Selection } from './query.ts';
import type { ReaderContext, StatReader, StatSource, TableItem } from './types.ts';

/**
 * PxWebApi 2.0 (research §3): `/config` (cell limit, call window), the table's metadata (which
 * flags the metric and elimination itself), the selection checked against it, batches under the
 * limit asked by GET (`valuecodes[VAR]=…`) or, when the address would be too long, by POST, and
 * the answers put together by their codes. A batch still too big (403, or 400 "Too many cells
 * selected") is halved once.
 */
export const readPxweb2: StatReader = (source, context) => tableOrError(source.tableRef, source.url ?? '', context, () => readTable(source, context));

const MAX_HALVINGS = 1;

async function readTable(source: StatSource, context: ReaderContext): Promise<TableItem> {
  const base = requireUrl(source.url, 'the PxWebApi address');
  const table = source.tableRef;
  const lang = source.language;
  const parts = pxweb2Selection(source.query);

  const configUrl = pxweb2ConfigUrl(base);
  const config = readPxweb2Config(okJson(await ask(context, { method: 'GET', url: configUrl }, (answer) => classifyPxweb2Answer(answer, { address: configUrl })), configUrl), configUrl);
  context.pacer.configure(hostOf(base), pxweb2Window(config));

  const metadataUrl = pxweb2MetadataUrl(base, table, lang);
  const metadata = readPxweb2Metadata(okJson(await ask(context, { method: 'GET', url: metadataUrl }, (answer) => classifyPxweb2Answer(answer, { address: metadataUrl })), metadataUrl), lang);
  const selection = resolvePxweb2Selection(metadata.dimensions, parts);

  const limit = batchLimit(config.maxDataCells);
  const address = `${base}/tables/${encodeURIComponent(table)}/data`;
  const assembler = new CubeAssembler(frameOf(table, lang, metadata, metadata.dimensions, selection), address);
  const requests: VintageRequest[] = [];
  await fetchBatches(
    splitSelection(selection, limit),
    context,
    async (batch) => {
      const request = pxweb2DataRequest(base, table, lang, batch);
      const asked = await ask(context, request, (answer) => classifyPxweb2Answer(answer, { address: request.url, cells: selectionCells(batch), limit }));
      if (asked.action === 'split') return asked.problem;
      assembler.place(answerCube(asked.json, lang, request.url));
      requests.push(request.method === 'POST' ? { method: 'POST', url: request.url, body: request.body } : { method: 'GET', url: request.url });
      return null;
    },
    (batch) => halveBatch(batch),
    MAX_HALVINGS,
  );
  return { type: 'table', cube: assembler.finish(), requests, notes: [] };
}

function okJson(asked: Asked, address: string): unknown {
  if (asked.action === 'split') throw new StatFault({ code: 'pxweb-refused', params: { address, status: 403, detail: 'Too many cells selected' } });
  return asked.json;
}
