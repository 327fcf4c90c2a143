import type { StatProblem } from '../../../../shared/problems.ts';
import type { CubeDimension, CubeValue } from '../cube.ts';
import { StatFault } from '../faults.ts';
import {
  asObject, errorText, invalid, isHtml, matchesWildcard, okOrRetry, retryAfterMs, type ServerAnswer, type TableMetadata, type Verdict,
} from './answer.ts';
import type { Batch, SelectedDimension } from './split.ts';

/**
 * PxWeb API v1 (Statistics Finland, Statistics Estonia; research §2): its `?config`, a table's
 * metadata, the POST query body, checking a selection against the metadata before it is sent,
 * and what each answer means. Shapes are SSDHandler.cs's (PxWeb 2014+) and pxweb (R)'s checks.
 */

// ---- ?config ----

export interface PxwebConfig {
  /** Values a variable may list in the metadata; above it the metadata gives `values: null`. */
  maxValues: number;
  /** Cells one query may ask for (`maxCells`, else `maxValues`, as pxweb reads it). */
  maxCells: number;
  /** Calls allowed per `timeWindow` seconds, per client address. */
  maxCalls: number;
  timeWindow: number;
}

/** `?config` answers on any path from `{lang}` down (`…/api/v1/fi/?config`, `…/StatFin/vaerak/11ra.px?config`). */
export function pxwebConfigUrl(url: string): string {
  const address = new URL(url);
  address.search = 'config';
  address.hash = '';
  return address.href;
}

/** Reads a `?config` answer; it must have `maxValues`, `maxCalls` and `timeWindow` (pxweb asks the same). */
export function readPxwebConfig(json: unknown, address: string): PxwebConfig {
  const config = asObject(json, address, 'the configuration is not an object');
  const count = (name: string, required: boolean): number | undefined => {
    const value = config[name];
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) invalid(address, `${name} is not a positive whole number`);
    return value;
  };
  const maxValues = count('maxValues', true)!;
  return { maxValues, maxCells: count('maxCells', false) ?? maxValues, maxCalls: count('maxCalls', true)!, timeWindow: count('timeWindow', true)! };
}

// ---- metadata ----

export interface PxwebMetadata extends TableMetadata {
  /** Codes of variables listed with `values: null` (more than `maxValues`): fill them with `unlistedValuesQuery` before selecting. */
  unlisted: string[];
}

export interface MetadataOptions {
  /** The language the table was asked in: the key of every label. */
  lang: string;
  /** Where the metadata came from, for problems. */
  address: string;
  /** The contents variable's code when the source's settings name it; else it is guessed (`guessContentsVariable`). */
  contents?: string | null;
}

interface V1Variable {
  code: string;
  text: string;
  values: string[] | null;
  valueTexts: string[] | null;
  elimination: boolean;
  time: boolean;
  map: boolean;
}

/**
 * A table's metadata (`GET` on the table): `{title, variables:[{code, text, values, valueTexts,
 * elimination, time, map}]}` as CubeDimensions. Roles: `time` from `time: true`; `geo` from a
 * `map` (PxWeb gives one only to a variable it can draw on a map); `metric` from the contents
 * variable, which v1 does not flag: named in the source's settings, else guessed.
 */
export function readPxwebMetadata(json: unknown, options: MetadataOptions): PxwebMetadata {
  const { address, lang } = options;
  const root = asObject(json, address, 'the metadata is not an object');
  if (typeof root.title !== 'string') invalid(address, 'title is not text');
  if (!Array.isArray(root.variables) || root.variables.length === 0) invalid(address, 'variables is not a list of variables');
  const variables = root.variables.map((variable, i) => readVariable(variable, i, address));
  const codes = new Set<string>();
  for (const variable of variables) {
    if (codes.has(variable.code)) invalid(address, `the variable ${variable.code} is listed twice`);
    codes.add(variable.code);
  }
  const contents = options.contents ?? guessContentsVariable(variables);
  if (contents != null && !codes.has(contents)) throw new StatFault({ code: 'pxweb-dimension-unknown', params: { dimension: contents } });
  const dimensions = variables.map(
    (variable): CubeDimension => ({
      code: variable.code,
      label: { [lang]: variable.text },
      role: variable.time ? 'time' : variable.code === contents ? 'metric' : variable.map ? 'geo' : null,
      elimination: variable.elimination,
      values: (variable.values ?? []).map((code, i): CubeValue => ({ code, label: { [lang]: variable.valueTexts?.[i] ?? code } })),
    }),
  );
  return { title: { [lang]: root.title }, dimensions, notes: [], unlisted: variables.filter((variable) => variable.values === null).map((variable) => variable.code) };
}

function readVariable(raw: unknown, i: number, address: string): V1Variable {
  const variable = asObject(raw, address, `variable ${i + 1} is not an object`);
  const { code, text, values, valueTexts } = variable;
  if (typeof code !== 'string' || code === '') invalid(address, `variable ${i + 1} has no code`);
  if (values !== null && !isTextList(values)) invalid(address, `the values of ${code} are not a list of codes`);
  if (valueTexts != null && (!isTextList(valueTexts) || valueTexts.length !== (values as string[] | null)?.length)) {
    invalid(address, `the value texts of ${code} do not match its values`);
  }
  if (values !== null && new Set(values).size !== values.length) invalid(address, `a value of ${code} is listed twice`);
  return {
    code,
    text: typeof text === 'string' ? text : code,
    values: values as string[] | null,
    valueTexts: (valueTexts as string[] | null | undefined) ?? null,
    // Missing flags read as false, as pxweb reads them.
    elimination: variable.elimination === true,
    time: variable.time === true,
    map: typeof variable.map === 'string' && variable.map !== '',
  };
}

/**
 * Names PxWeb servers give the contents variable, compared in lower case: `ContentsCode` (PxWeb's
 * own and SCB's), `Tiedot`/`Information`/`Uppgifter` (StatFin in fi/en/sv), `Näitaja` (Statistics
 * Estonia). Extend when a server uses another.
 */
const CONTENTS_NAMES = new Set(['contentscode', 'tiedot', 'information', 'uppgifter', 'näitaja', 'naitaja', 'indicator']);

/**
 * v1 does not flag the contents variable. pxweb (R) takes it to be a variable that is neither
 * time nor eliminable; several can be that (a region without a total), so among those this takes
 * the one whose code or text is a known contents name, else the only one, else none (and nothing
 * is held back from splitting: a source that splits badly names its contents in its settings).
 */
export function guessContentsVariable(variables: readonly { code: string; text: string; time: boolean; elimination: boolean }[]): string | null {
  const candidates = variables.filter((variable) => !variable.time && !variable.elimination);
  const named = candidates.filter((variable) => CONTENTS_NAMES.has(variable.code.toLowerCase()) || CONTENTS_NAMES.has(variable.text.toLowerCase()));
  if (named.length === 1) return named[0].code;
  if (named.length === 0 && candidates.length === 1) return candidates[0].code;
  return null;
}

// ---- queries ----

export type PxwebFilter = 'item' | 'all' | 'top' | (string & {});
export type PxwebFormat = 'json-stat2' | 'json-stat' | 'json';

/** One variable of a v1 query: `{code, selection:{filter, values}}`. */
export interface PxwebQueryPart {
  code: string;
  selection: { filter: PxwebFilter; values: string[] };
}

export interface PxwebQuery {
  query: PxwebQueryPart[];
  response: { format: PxwebFormat };
}

/**
 * A source's query checked against the metadata and written out as the codes it selects, in the
 * table's order (for the splitter), before anything is sent, so a wrong code is named here rather
 * than answered "Parameter error". Filters: `item` (codes), `all` (one pattern, `*` any run),
 * `top` (one number: the last n values, the newest periods). A variable left out is eliminated
 * when it may be; one that may not is taken whole, as pxweb does. `agg:`/`vs:` groupings are not
 * supported: their values are not in the metadata, so their cells cannot be counted.
 */
export function resolvePxwebQuery(dimensions: readonly CubeDimension[], query: readonly PxwebQueryPart[], unlisted: readonly string[] = []): SelectedDimension[] {
  const byCode = new Map(query.map((part) => [part.code, part]));
  for (const part of query) {
    if (!dimensions.some((dimension) => dimension.code === part.code)) throw new StatFault({ code: 'pxweb-dimension-unknown', params: { dimension: part.code } });
  }
  const selection: SelectedDimension[] = [];
  for (const dimension of dimensions) {
    const part = byCode.get(dimension.code);
    if (unlisted.includes(dimension.code) && (part || !dimension.elimination)) {
      throw new Error(`The values of ${dimension.code} are not listed: fill them (unlistedValuesQuery) before resolving a query.`);
    }
    if (!part) {
      if (!dimension.elimination) selection.push(selected(dimension, dimension.values.map((value) => value.code)));
      continue;
    }
    selection.push(selected(dimension, selectValues(dimension, part)));
  }
  return selection;
}

function selected(dimension: CubeDimension, values: string[]): SelectedDimension {
  return { code: dimension.code, role: dimension.role, values };
}

function selectValues(dimension: CubeDimension, part: PxwebQueryPart): string[] {
  const codes = dimension.values.map((value) => value.code);
  const { filter, values } = part.selection;
  const unknown = (value: string) => new StatFault({ code: 'pxweb-value-unknown', params: { dimension: dimension.code, value } });
  if (!Array.isArray(values) || values.length === 0) throw unknown('');
  if (filter === 'item') {
    const known = new Set(codes);
    const missing = values.find((value) => !known.has(value));
    if (missing !== undefined) throw unknown(missing);
    const wanted = new Set(values);
    // The table's order, as the server answers in it.
    return codes.filter((code) => wanted.has(code));
  }
  if (filter === 'all') {
    const matching = codes.filter((code) => matchesWildcard(values[0], code, false));
    if (values.length !== 1 || matching.length === 0) throw unknown(values.join(','));
    return matching;
  }
  if (filter === 'top') {
    const n = Number(values[0]);
    if (values.length !== 1 || !Number.isInteger(n) || n < 1) throw unknown(values.join(','));
    return codes.slice(Math.max(0, codes.length - n));
  }
  throw unknown(`${filter}:${values.join(',')}`);
}

/**
 * The POST body for one batch. A dimension whose every value is asked for is written as
 * `all`/`*` when the metadata is given (shorter, and what pxweb does).
 */
export function pxwebQueryBody(batch: Batch, format: PxwebFormat = 'json-stat2', dimensions?: readonly CubeDimension[]): PxwebQuery {
  return {
    query: batch.map((dimension): PxwebQueryPart => {
      const whole = dimensions?.find((candidate) => candidate.code === dimension.code)?.values.length === dimension.values.length;
      return { code: dimension.code, selection: whole ? { filter: 'all', values: ['*'] } : { filter: 'item', values: [...dimension.values] } };
    }),
    response: { format },
  };
}

/**
 * The query that lists an unlisted variable's values (`values: null` over `maxValues`): all of it,
 * the first value of every other variable that may not be eliminated, nothing of the others.
 * The json-stat2 answer's dimension then holds the codes and texts (`readUnlistedValues`).
 */
export function unlistedValuesQuery(dimensions: readonly CubeDimension[], code: string): PxwebQuery {
  const query: PxwebQueryPart[] = [];
  for (const dimension of dimensions) {
    if (dimension.code === code) query.push({ code, selection: { filter: 'all', values: ['*'] } });
    else if (!dimension.elimination) query.push({ code: dimension.code, selection: { filter: 'top', values: ['1'] } });
  }
  return { query, response: { format: 'json-stat2' } };
}

/** The codes and texts of one dimension of a json-stat2 answer, in its order. */
export function readUnlistedValues(json: unknown, code: string, lang: string, address: string): CubeValue[] {
  const root = asObject(json, address, 'the answer is not a JSON-stat dataset');
  const dimension = (root.dimension as Record<string, { category?: { index?: unknown; label?: Record<string, unknown> } }> | undefined)?.[code];
  const category = dimension?.category;
  if (!category) invalid(address, `the answer has no dimension ${code}`);
  const labels = category.label ?? {};
  let codes: string[];
  if (Array.isArray(category.index)) codes = category.index.map(String);
  else if (category.index && typeof category.index === 'object') {
    const index = category.index as Record<string, number>;
    codes = Object.keys(index).sort((a, b) => index[a] - index[b]);
  } else codes = Object.keys(labels);
  return codes.map((value) => ({ code: value, label: { [lang]: typeof labels[value] === 'string' ? (labels[value] as string) : value } }));
}

// ---- answers ----

export interface PxwebAnswerContext {
  /** The address asked, for problems. */
  address: string;
  /** For a data query: its cells and the limit it was cut to, named when the server finds it too big. */
  cells?: number;
  limit?: number;
  /**
   * For a data query answered 400 "Parameter error": which variable or value is wrong, when the
   * caller can tell (re-reading the metadata); else the refusal is reported as it came.
   */
  blame?: () => StatProblem | null;
}

/**
 * What a PxWeb v1 answer means (SSDHandler.cs): 200 JSON → ok; 200 HTML (a maintenance page)
 * → retry, then `pxweb-html-answer`; a body cut short → retry; 403, or 400 "Too many values
 * selected" → split; 429 (with Retry-After = its time window) and 5xx → retry; 400 "Parameter
 * error" → `pxweb-value-unknown`/`pxweb-dimension-unknown` when `blame` finds it, else
 * `pxweb-refused`; any other status → `pxweb-refused`.
 */
export function classifyPxwebAnswer(answer: ServerAnswer, context: PxwebAnswerContext): Verdict {
  const { address } = context;
  if (answer.status >= 200 && answer.status < 300) return okOrRetry(answer, address);
  const detail = errorText(answer);
  if (isHtml(answer) && (answer.status >= 500 || answer.status === 429)) return { action: 'retry', problem: { code: 'pxweb-html-answer', params: { address } }, retryAfterMs: retryAfterMs(answer) };
  const refused: StatProblem = { code: 'pxweb-refused', params: { address, status: answer.status, detail } };
  if (answer.status === 429 || answer.status >= 500) return { action: 'retry', problem: refused, retryAfterMs: retryAfterMs(answer) };
  const tooMany = answer.status === 403 || (answer.status === 400 && /too many values/i.test(detail));
  if (tooMany && context.cells !== undefined && context.limit !== undefined) {
    return { action: 'split', problem: { code: 'pxweb-too-many-cells', params: { cells: context.cells, limit: context.limit } } };
  }
  if (answer.status === 400 && /parameter error/i.test(detail)) return { action: 'fail', problem: context.blame?.() ?? refused };
  return { action: 'fail', problem: refused };
}

function isTextList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
