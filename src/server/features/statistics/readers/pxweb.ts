import type { CubeDimension } from '../cube.ts';
import { StatFault } from '../faults.ts';
import type { Verdict, ServerAnswer } from '../protocols/answer.ts';
import { hostOf, pxwebWindow } from '../protocols/pacer.ts';
import {
  classifyPxwebAnswer, pxwebConfigUrl, pxwebQueryBody, readPxwebConfig, readPxwebMetadata, readUnlistedValues, resolvePxwebQuery, unlistedValuesQuery,
  type PxwebAnswerContext, type PxwebMetadata, type PxwebQueryPart,
} from '../protocols/pxweb.ts';
import { batchLimit, halveBatch, selectionCells, splitSelection, type SelectedDimension } from '../protocols/split.ts';
import type { VintageRequest } from '../statistics.tables.ts';
import { ask, type Asked } from './ask.ts';
import { CubeAssembler, type CubeFrame } from './assemble.ts';
import { answerCube, fetchBatches, requireUrl, tableOrError, withoutTrailingSlash } from './batches.ts';
import { pxwebSelection } from './query.ts';
import type { ReaderContext, StatReader, StatSource, TableItem } from './types.ts';

/**
 * PxWeb API v1 (Statistics Finland, Statistics Estonia; research §2): the table's `?config` (its
 * cell limit and call window, which the pacer then keeps), its metadata, the source's selection
 * checked against it before anything is asked, the selection cut into batches under the limit,
 * each batch POSTed for json-stat2, and the answers put together by their codes into one table.
 * A batch the server still finds too big is halved once.
 */
export const readPxweb: StatReader = (source, context) =>
  tableOrError(tableId(source), source.url ?? '', context, () => readTable(source, context, tableUrl(source)));

/** How many times one batch may be halved after the server found it too big (research §10.2: once). */
const MAX_HALVINGS = 1;

/** The table's address: `url` itself, or `url/{tableRef}` (an id right under a database or folder is found by PxWeb). */
export function tableUrl(source: StatSource): string {
  const url = requireUrl(source.url, 'the PxWeb address');
  return source.tableRef ? `${withoutTrailingSlash(url)}/${encodeURIComponent(source.tableRef)}` : url;
}

/** The table's id at its source: `tableRef`, else the last part of the address. */
function tableId(source: StatSource): string {
  if (source.tableRef || !source.url || !URL.canParse(source.url)) return source.tableRef;
  const path = withoutTrailingSlash(new URL(source.url).pathname);
  const last = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

async function readTable(source: StatSource, context: ReaderContext, url: string): Promise<TableItem> {
  const lang = source.language;
  const { parts, contents } = pxwebSelection(source.query);
  const judge = (extra: Omit<PxwebAnswerContext, 'address'> = {}) => (answer: ServerAnswer): Verdict => classifyPxwebAnswer(answer, { address: url, ...extra });

  const configUrl = pxwebConfigUrl(url);
  const config = readPxwebConfig(okJson(await ask(context, { method: 'GET', url: configUrl }, (answer) => classifyPxwebAnswer(answer, { address: configUrl })), configUrl), configUrl);
  context.pacer.configure(hostOf(url), pxwebWindow(config));

  const metadata = readPxwebMetadata(okJson(await ask(context, { method: 'GET', url }, judge()), url), { lang, address: url, contents });
  const { dimensions, unlisted } = await listValues(context, url, lang, metadata, parts);
  const selection = resolvePxwebQuery(dimensions, parts, unlisted);

  const limit = batchLimit(config.maxCells);
  const assembler = new CubeAssembler(frameOf(tableId(source), lang, metadata, dimensions, selection), url);
  const requests: VintageRequest[] = [];
  await fetchBatches(
    splitSelection(selection, limit),
    context,
    async (batch) => {
      const body = pxwebQueryBody(batch, 'json-stat2', dimensions);
      const asked = await ask(context, { method: 'POST', url, body }, judge({ cells: selectionCells(batch), limit }));
      if (asked.action === 'split') return asked.problem;
      assembler.place(answerCube(asked.json, lang, url));
      requests.push({ method: 'POST', url, body });
      return null;
    },
    (batch) => halveBatch(batch),
    MAX_HALVINGS,
  );
  return { type: 'table', cube: assembler.finish(), requests, notes: [] };
}

/** The JSON of an answer that should not have been "too many cells" (a configuration, metadata). */
function okJson(asked: Asked, address: string): unknown {
  if (asked.action === 'split') throw new StatFault({ code: 'pxweb-refused', params: { address, status: 403, detail: 'Too many values selected' } });
  return asked.json;
}

/**
 * Values of variables the metadata leaves unlisted (`values: null`, more than `maxValues`), asked
 * for one variable at a time where they are needed: the selection names the variable, or it may
 * not be eliminated. The others stay unlisted (and eliminated).
 */
async function listValues(context: ReaderContext, url: string, lang: string, metadata: PxwebMetadata, parts: readonly PxwebQueryPart[]) {
  let dimensions = metadata.dimensions;
  const needed = metadata.unlisted.filter((code) => parts.some((part) => part.code === code) || !dimensions.find((dimension) => dimension.code === code)?.elimination);
  for (const code of needed) {
    const body = unlistedValuesQuery(dimensions, code);
    const json = okJson(await ask(context, { method: 'POST', url, body }, (answer) => classifyPxwebAnswer(answer, { address: url })), url);
    const values = readUnlistedValues(json, code, lang, url);
    dimensions = dimensions.map((dimension) => (dimension.code === code ? { ...dimension, values } : dimension));
  }
  return { dimensions, unlisted: metadata.unlisted.filter((code) => !needed.includes(code)) };
}

/** The whole table's description: the selected values of the metadata's dimensions, eliminated ones left out. */
export function frameOf(id: string, lang: string, metadata: Pick<PxwebMetadata, 'title' | 'notes' | 'source' | 'updated'>, dimensions: readonly CubeDimension[], selection: readonly SelectedDimension[]): CubeFrame {
  return {
    id,
    title: metadata.title,
    languages: [lang],
    dimensions: selection.map((selected) => {
      const dimension = dimensions.find((candidate) => candidate.code === selected.code)!;
      const byCode = new Map(dimension.values.map((value) => [value.code, value]));
      return { ...dimension, values: selected.values.map((code) => byCode.get(code)!) };
    }),
    notes: metadata.notes,
    ...(metadata.source ? { source: metadata.source } : {}),
    ...(metadata.updated ? { updated: metadata.updated } : {}),
  };
}
