import type { Cube } from '../cube.ts';
import { StatFault } from '../faults.ts';
import { classifyEurostatAnswer, EUROSTAT_API, eurostatDataUrl, type EurostatLanguage } from '../protocols/eurostat.ts';
import { halveBatch, type Batch } from '../protocols/split.ts';
import type { VintageRequest } from '../statistics.tables.ts';
import { ask } from './ask.ts';
import { CubeAssembler, unionFrame } from './assemble.ts';
import { answerCube, fetchBatches, tableOrError } from './batches.ts';
import { eurostatSelection, isEurostatTime } from './query.ts';
import type { ErrorItem, ReaderContext, StatReader, StatSource, TableItem } from './types.ts';

/**
 * Eurostat's dissemination API (research §6): one GET of the dataset with the source's filters,
 * answered as JSON-stat 2.0 with a sparse `value`. An extract Eurostat finds too big
 * (EXTRACTION_TOO_BIG, 413; too many categories, 416) is split by halving a dimension the source
 * lists codes for (the widest: geo or time as a rule), as often as it takes up to
 * `MAX_HALVINGS`; one the source does not list cannot be split, and `eurostat-too-big` asks for a
 * narrower selection. An extract Eurostat is still preparing is `eurostat-not-ready`: the next
 * scheduled run asks again.
 */
export const readEurostat: StatReader = async function* (source, context) {
  for await (const item of tableOrError(source.tableRef, source.url ?? EUROSTAT_API, context, () => readTable(source, context))) {
    yield item;
    if (item.type === 'table') yield* missingCodes(item.cube, eurostatSelection(source.query).filters, source.tableRef);
  }
};

/**
 * Codes the source lists that the answer lacks: Eurostat answers a filter code it does not know
 * by leaving it out (or, when it knows none of them, with no figures at all: `eurostat-no-data`).
 * The table is read without them, and each is named beside it.
 */
function* missingCodes(cube: Cube, filters: Readonly<Record<string, readonly string[]>>, identifier: string): Generator<ErrorItem> {
  for (const [code, wanted] of Object.entries(filters)) {
    const dimension = cube.dimensions.find((candidate) => candidate.code.toLowerCase() === code.toLowerCase());
    const present = new Set(dimension?.values.map((value) => value.code.toUpperCase()));
    for (const value of wanted) {
      if (!present.has(value.toUpperCase())) yield { type: 'error', problem: { code: 'pxweb-value-unknown', params: { dimension: code, value } }, identifier };
    }
  }
}

/** 2^8 = 256 parts at most: Eurostat's limit is 5,000,000 cells, and no regional selection of ours is near 256 times that. */
const MAX_HALVINGS = 8;

const LANGUAGES: readonly EurostatLanguage[] = ['EN', 'FR', 'DE'];

async function readTable(source: StatSource, context: ReaderContext): Promise<TableItem> {
  const base = source.url ?? EUROSTAT_API;
  const dataset = source.tableRef;
  if (!dataset) throw new StatFault({ code: 'source-unreadable', params: { address: base, reason: { code: 'invalid-address', params: {} } } });
  // Eurostat speaks three languages; the labels are keyed by the one it answered in.
  const lang = LANGUAGES.find((candidate) => candidate === source.language.toUpperCase()) ?? 'EN';
  const language = lang.toLowerCase();
  const { filters, ...period } = eurostatSelection(source.query);
  const listed: Batch = Object.entries(filters).map(([code, values]) => ({ code, role: roleOf(code), values: [...values] }));

  const parts: Cube[] = [];
  const requests: VintageRequest[] = [];
  await fetchBatches(
    [listed],
    context,
    async (batch) => {
      const url = eurostatDataUrl({ dataset, lang, filters: Object.fromEntries(batch.map((dimension) => [dimension.code, dimension.values])), ...period }, base);
      const asked = await ask(context, { method: 'GET', url }, (answer) => classifyEurostatAnswer(answer, { dataset, address: url }));
      if (asked.action === 'split') return asked.problem;
      parts.push(answerCube(asked.json, language, url, dataset));
      requests.push({ method: 'GET', url });
      return null;
    },
    // Any listed dimension may be halved: Eurostat's filters are plain codes.
    (batch) => halveBatch(batch, () => true),
    MAX_HALVINGS,
  );
  const frame = unionFrame(parts, dataset);
  frame.dimensions = frame.dimensions.map((dimension) => ({ ...dimension, role: dimension.role ?? roleOf(dimension.code) }));
  const assembler = new CubeAssembler(frame, eurostatDataUrl({ dataset, lang, filters, ...period }, base));
  for (const part of parts) assembler.place(part);
  return { type: 'table', cube: assembler.finish(), requests, notes: [] };
}

/** Eurostat names its dimensions the same in every dataset: `time` and `geo`, when the answer gives no role. */
function roleOf(code: string): 'time' | 'geo' | null {
  if (isEurostatTime(code)) return 'time';
  return code.toLowerCase() === 'geo' ? 'geo' : null;
}
