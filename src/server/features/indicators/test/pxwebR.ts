/**
 * The `pxweb` R package (rOpenGov/pxweb 0.17.1, R/… @816e244; research §2.5–2.6), replayed
 * clean-room in TypeScript: what `pxweb_get(url, query)` sends, in its order, with its headers,
 * and every check it makes of what it reads (checkmate's assertions in pxweb_database_list.R,
 * pxweb_levels.R, pxweb_metadata.R, pxweb_data.R, pxweb_data_jsonstat.R, pxweb_query.R), its
 * query splitting (pxweb_split_query.R, permutations and all) and its pacing (pxweb_add_call.R,
 * `maxCalls` seconds where `timeWindow` was meant). R is not installable here (research §4), so
 * this is how the tests put a real client's behaviour against the server.
 *
 * R's lists are JSON's arrays and objects as jsonlite reads them (`simplifyVector = FALSE`): an
 * object's `names()` are its keys, an array has none, and `x[[i]]` walks either's values.
 */

import { matchesWildcard } from '../../statistics/protocols/answer.ts';
type RValue = unknown;

/** What a request was and what it got: the tests compare the whole list with the expected sequence. */
export interface Asked {
  method: 'GET' | 'POST';
  url: string;
  status: number;
  /** The POST body as sent. */
  body?: string;
  contentType?: string;
  userAgent: string;
}

/** A refusal pxweb raises (`stop()`), with its message. */
export class PxwebRError extends Error {
  override name = 'PxwebRError';
}

/** httr's `stop_for_status`. */
export class HttpStatusError extends PxwebRError {
  constructor(readonly status: number, readonly body: string) {
    super(`HTTP ${status}: ${body.slice(0, 200)}`);
  }
}

interface PxConfig {
  calls_per_period: number;
  period_in_seconds: number;
  max_values_to_download: number;
  CORS: unknown;
}

/** What pxweb keeps per host in the R session's tempdir (`{hostname}.rda`). */
interface HostFile {
  config: PxConfig;
  /** The number of path segments of the API root (`api_subpath$vector`). */
  subpathLength: number;
  /** Call times, newest first, seconds. */
  calls: number[];
}

interface PxwebObject {
  url: URL;
  config: PxConfig | null;
  calls: number[];
  subpathLength?: number;
  isPxweb: boolean;
}

export interface QueryPart {
  code: string;
  selection: { filter: string; values: string[] };
}
export interface PxwebQuery {
  query: QueryPart[];
  response: { format: string };
}

export interface MetadataVariable {
  code: string;
  text: string;
  values?: string[] | null;
  valueTexts?: string[] | null;
  elimination: boolean;
  time: boolean;
}
export interface Metadata {
  title: string | null;
  variables: MetadataVariable[];
}
export interface PxwebData {
  columns: { code: string; text: string; type: string }[];
  comments: unknown[];
  data: { key: string[]; values: string[] }[];
}

/** What `pxweb_parse_response` made of an answer. */
export type Parsed =
  | { kind: 'levels'; from: 'database_list' | 'levels'; value: { id: string; type: string; text: string }[] }
  | { kind: 'metadata'; value: Metadata }
  | { kind: 'data'; value: PxwebData }
  | { kind: 'jsonstat'; value: { dataset: Record<string, unknown> } }
  | { kind: 'file'; value: string };

/** What `pxweb_get` returns: one parsed answer, or the batches' combined (`pxweb_c`). */
export type Result = Parsed | { kind: 'jsonstat-list'; value: { dataset: Record<string, unknown> }[] } | { kind: 'files'; value: string[] };

const HTTR_USER_AGENT = 'libcurl/7.88.1 r-curl/5.0.0 httr/1.4.5';
const PXWEB_USER_AGENT = 'https://github.com/rOpenGov/pxweb';
/** httr's default Accept. */
const ACCEPT = 'application/json, text/xml, application/xml, */*';

// ---- R's view of parsed JSON ----

const isList = (x: RValue): x is unknown[] | Record<string, unknown> => x !== null && typeof x === 'object';
const namesOf = (x: RValue): string[] | null => (isList(x) && !Array.isArray(x) ? Object.keys(x) : null);
const elements = (x: RValue): unknown[] => (Array.isArray(x) ? x : isList(x) ? Object.values(x) : []);
const isString = (x: RValue): x is string => typeof x === 'string';
const isFlag = (x: RValue): x is boolean => typeof x === 'boolean';

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new PxwebRError(`Assertion on '${message}' failed`);
}

function assertNamesInclude(x: RValue, names: readonly string[], what: string) {
  const have = namesOf(x);
  assert(have !== null && names.every((name) => have.includes(name)), `names(${what}) must include ${names.join(', ')}`);
}

/** `unlist()` of a list of values: a character vector when all are strings; null for an empty list. */
function unlist(x: RValue): RValue {
  if (!Array.isArray(x)) return x;
  return x.length === 0 ? null : x;
}
const isCharacter = (x: RValue): x is string[] => Array.isArray(x) && x.every(isString);

// ---- pxweb's parse chain and assertions ----

function databaseList(x: RValue) {
  assert(isList(x), 'x is a list');
  elements(x).forEach((item, i) => {
    assertNamesInclude(item, ['dbid', 'text'], `x[[${i + 1}]]`);
    assert(isString((item as Record<string, unknown>).dbid), `x[[${i + 1}]]$dbid`);
    assert(isString((item as Record<string, unknown>).text), `x[[${i + 1}]]$text`);
  });
  // as_pxweb_levels
  const levels = elements(x).map((item) => ({ id: (item as { dbid: string }).dbid, type: 'l', text: (item as { text: string }).text }));
  assertLevels(levels);
  return levels;
}

function assertLevels(x: RValue) {
  assert(isList(x), 'x is a list');
  elements(x).forEach((item, i) => {
    assertNamesInclude(item, ['id', 'type', 'text'], `x[[${i + 1}]]`);
    const { id, type, text } = item as Record<string, unknown>;
    assert(isString(id), `x[[${i + 1}]]$id`);
    assert(isString(type) && ['l', 't', 'h'].includes(type), `x[[${i + 1}]]$type must be one of l, t, h`);
    assert(isString(text), `x[[${i + 1}]]$text`);
  });
  return elements(x) as { id: string; type: string; text: string }[];
}

function metadataOf(raw: RValue): Metadata {
  assert(isList(raw) && !Array.isArray(raw), 'x is a named list');
  const x = { ...(raw as Record<string, unknown>) };
  if (x.title === null || x.title === undefined) x.title = null; // NA
  assertNamesInclude(x, ['variables'], 'x');
  const variables = elements(x.variables).map((rawVariable, i) => {
    assert(isList(rawVariable), `x$variables[[${i + 1}]] is a list`);
    const variable = { ...(rawVariable as Record<string, unknown>) };
    const names = namesOf(variable) ?? [];
    if (names.includes('values') && names.includes('valueTexts')) {
      variable.values = unlist(variable.values);
      variable.valueTexts = unlist(variable.valueTexts);
    }
    variable.elimination ??= false;
    variable.time ??= false;
    return variable;
  });
  const metadata: Record<string, unknown> = { ...x, variables };
  // assert_pxweb_metadata
  assertNamesInclude(metadata, ['title', 'variables'], 'x');
  assert(metadata.title === null || isString(metadata.title), 'x$title is a string or NA');
  variables.forEach((variable, i) => {
    const at = `x$variables[[${i + 1}]]`;
    assertNamesInclude(variable, ['code', 'text', 'elimination', 'time'], at);
    assert(isString(variable.code), `${at}$code`);
    assert(isString(variable.text), `${at}$text`);
    if (variable.values !== null && variable.values !== undefined) {
      assert(isCharacter(variable.values), `${at}$values is character`);
      assert(isCharacter(variable.valueTexts) && variable.valueTexts.length === variable.values.length, `${at}$valueTexts is character of the values' length`);
    }
    assert(isFlag(variable.time), `${at}$time is a flag`);
    assert(isFlag(variable.elimination), `${at}$elimination is a flag`);
  });
  return metadata as unknown as Metadata;
}

function dataOf(x: RValue): PxwebData {
  assert(isList(x), 'x is a list');
  assertNamesInclude(x, ['columns', 'comments', 'data'], 'x');
  const { columns, comments, data } = x as Record<string, unknown>;
  for (const column of elements(columns)) {
    assertNamesInclude(column, ['code', 'text', 'type'], 'x$columns[[i]]');
    const { code, text, type } = column as Record<string, unknown>;
    assert(isString(code) && isString(text), 'x$columns[[i]] code and text');
    assert(isString(type) && ['t', 'c', 'd'].includes(type), 'x$columns[[i]]$type must be one of t, c, d');
  }
  for (const comment of elements(comments)) {
    assertNamesInclude(comment, ['variable', 'value', 'comment'], 'x$comments[[i]]');
    const { variable, value, comment: text } = comment as Record<string, unknown>;
    assert(isString(variable) && isString(value) && isString(text), 'x$comments[[i]] strings');
  }
  for (const row of elements(data)) {
    assertNamesInclude(row, ['key', 'values'], 'x$data[[i]]');
    assert(isList((row as Record<string, unknown>).key), 'x$data[[i]]$key is a list');
  }
  return x as unknown as PxwebData;
}

function jsonstatOf(x: RValue) {
  assert(isList(x), 'x is a list');
  const names = namesOf(x);
  assert(names !== null && names.length === 1 && names[0] === 'dataset', 'names(x) must be identical to "dataset"');
  assertNamesInclude((x as { dataset: unknown }).dataset, ['dimension', 'value'], 'x$dataset');
  return x as { dataset: Record<string, unknown> };
}

/** `pxweb_parse_response`: the first reading that passes its assertions, in pxweb's order. */
export function parseResponse(body: string, contentType: string, format: string | null): Parsed {
  if (format !== null && !['json', 'json-stat'].includes(format)) return { kind: 'file', value: body };
  // httr's content(as = "parsed") reads JSON only when the answer says it is JSON.
  const parsed: RValue = /json/i.test(contentType) ? JSON.parse(body) : body;
  const attempts: (() => Parsed)[] = [
    () => ({ kind: 'levels', from: 'database_list', value: databaseList(parsed) }),
    () => ({ kind: 'levels', from: 'levels', value: assertLevels(parsed) }),
    () => ({ kind: 'metadata', value: metadataOf(parsed) }),
    () => ({ kind: 'data', value: dataOf(parsed) }),
    () => ({ kind: 'jsonstat', value: jsonstatOf(parsed) }),
  ];
  for (const attempt of attempts) {
    try {
      return attempt();
    } catch (error) {
      if (!(error instanceof PxwebRError)) throw error;
    }
  }
  throw new PxwebRError('Incorrect return response from PXWEB API url');
}

// ---- queries ----

const FILE_FORMATS = ['px', 'sdmx'];

function assertQuery(x: PxwebQuery, checkFormat = true) {
  assertNamesInclude(x, ['query', 'response'], 'names(pxweb_query)');
  assertNamesInclude(x.response, ['format'], 'names(x$response)');
  if (checkFormat) assert(['json', 'json-stat', ...FILE_FORMATS].includes(x.response.format), 'x$response$format');
  for (const part of x.query) {
    assert(isString(part.code), 'x$query[[i]]$code');
    assertNamesInclude(part.selection, ['filter', 'values'], 'names(x$query[[i]]$selection)');
    assert(isString(part.selection.filter), 'x$query[[i]]$selection$filter');
    assert(isCharacter(part.selection.values), 'x$query[[i]]$selection$values');
    const filter = part.selection.filter;
    if (!/^[Vv]s:.*/.test(filter) && !/^[Aa]gg:.*/.test(filter)) {
      assert(['item', 'all', 'top', 'agg:[aggregated values]', 'vs:[other value set]'].includes(filter), 'x$query[[i]]$selection$filter');
      if (filter === 'all' || filter === 'top') assert(part.selection.values.length === 1, 'x$query[[i]]$selection$values has length 1');
    }
  }
}

/** `pxweb_query.character`: a JSON query, its format normalised (`json-stat2` becomes `json-stat`: "Hack support for json-stat2"). */
export function pxwebQuery(json: string): PxwebQuery {
  const object = JSON.parse(json) as PxwebQuery & { queryObj?: PxwebQuery };
  const query = (object.queryObj ?? object) as PxwebQuery;
  assertQuery(query, false);
  const format = query.response.format.toLowerCase();
  if (format === 'json') query.response.format = 'json';
  else if (['json-stat', 'jsonstat', 'json-stat2'].includes(format)) query.response.format = 'json-stat';
  else if (!FILE_FORMATS.includes(format)) query.response.format = 'json';
  assertQuery(query);
  return query;
}

/** `pxweb_query.list`: `list(code = values)`, `"*"` as filter all. */
function queryOfList(list: Record<string, string[]>): PxwebQuery {
  return {
    query: Object.entries(list).map(([code, values]) => ({ code, selection: { filter: values[0] === '*' ? 'all' : 'item', values } })),
    response: { format: 'json' },
  };
}

/** `pxweb_as_json`: `toJSON(x, auto_unbox = TRUE)` with the values kept a list. */
export function queryAsJson(query: PxwebQuery): string {
  return JSON.stringify({ query: query.query.map((part) => ({ code: part.code, selection: { filter: part.selection.filter, values: [...part.selection.values] } })), response: { format: query.response.format } });
}

function addMandatoryVariables(query: PxwebQuery, metadata: Metadata): PxwebQuery {
  const provided = new Set(query.query.map((part) => part.code));
  const missing = metadata.variables.filter((variable) => !variable.elimination && !provided.has(variable.code));
  return { ...query, query: [...query.query, ...missing.map((variable) => ({ code: variable.code, selection: { filter: 'all', values: ['*'] } }))] };
}

function addMetadataToQuery(query: PxwebQuery, metadata: Metadata): PxwebQuery {
  const parts = query.query.map((part) => {
    const variable = metadata.variables.find((candidate) => candidate.code === part.code);
    assert(variable, `${part.code} is a variable of the metadata`);
    if (part.selection.filter.toLowerCase() !== 'all' || !variable.values) return part;
    // pxweb builds `^value` with each `*` as `.+`: a prefix match with wildcards, here without a regular expression.
    const pattern = `${part.selection.values[0]}*`;
    return { code: part.code, selection: { filter: 'item', values: variable.values.filter((value) => matchesWildcard(pattern, value, false)) } };
  });
  const result = { ...query, query: parts };
  assertQuery(result);
  return result;
}

function validateQueryWithMetadata(query: PxwebQuery, metadata: Metadata) {
  const codes = metadata.variables.map((variable) => variable.code);
  for (const part of query.query) {
    assert(codes.includes(part.code), `${part.code} must be one of the metadata's variables`);
    if (part.selection.filter.toLowerCase() === 'item') {
      const values = metadata.variables.find((variable) => variable.code === part.code)!.values;
      if (values) for (const value of part.selection.values) assert(values.includes(value), `${part.code}: ${value} must be a value of the metadata`);
    }
  }
  const mandatory = metadata.variables.filter((variable) => !variable.elimination).map((variable) => variable.code);
  const missing = mandatory.filter((code) => !query.query.some((part) => part.code === code));
  if (missing.length) throw new PxwebRError(`Mandatory variable(s) '${missing.join("', '")}' is missing in the query.`);
}

function removeMetadataFromQuery(query: PxwebQuery, metadata: Metadata): PxwebQuery {
  return {
    ...query,
    query: query.query.map((part) => {
      const size = metadata.variables.find((variable) => variable.code === part.code)?.values?.length ?? 0;
      return part.selection.values.length >= size && part.selection.values.length > 1 ? { code: part.code, selection: { filter: 'all', values: ['*'] } } : part;
    }),
  };
}

// ---- pxweb_split_query ----

function queryDim(query: PxwebQuery): number[] {
  return query.query.map((part) => {
    const filter = part.selection.filter.toLowerCase();
    if (filter === 'top') return Number(part.selection.values[0]);
    if (filter === 'all') return 1; // with a warning: "Cannot compute the dimension…"
    return part.selection.values.length;
  });
}

function splittable(query: PxwebQuery, metadata: Metadata): boolean[] {
  return query.query.map((part) => {
    const variable = metadata.variables.find((candidate) => candidate.code === part.code)!;
    return (variable.elimination || variable.time) && part.selection.filter.toLowerCase() !== 'top';
  });
}

/** R's `permutations(n, r = n, v)` (from gtools), in its row order. */
export function permutations(v: readonly number[]): number[][] {
  if (v.length === 1) return [[v[0]]];
  return v.flatMap((first, i) => permutations(v.filter((_, j) => j !== i)).map((rest) => [first, ...rest]));
}

interface SplitStructure {
  names: string[];
  maxBatchSize: number[];
  splits: number[];
  total: number;
}

/** `split_dimensions_left_right`: the unsplittable product first, then each splittable, cut at the first that overflows. */
export function splitDimensionsLeftRight(x: readonly number[], names: readonly string[], bool: readonly boolean[], maxSize: number): SplitStructure {
  const product = (values: readonly number[]) => values.reduce((a, b) => a * b, 1);
  const fixedProduct = product(x.filter((_, i) => !bool[i]));
  const callDims = [fixedProduct, ...x.filter((_, i) => bool[i])];
  const callNames = names.filter((_, i) => bool[i]);
  for (let i = 0; i < callDims.length; i++) {
    const batchSize = product(callDims.slice(0, i + 1));
    if (batchSize / maxSize > 1) {
      if (i === 0) {
        throw new PxwebRError(`Too large query. Variable(s) '${names.filter((_, k) => !bool[k]).join("', '")}' cannot be split into batches (eliminate is set to FALSE by the API). The smallest batch size is ${batchSize} and the maximum number of values that can be downloaded through the API is ${maxSize}.`);
      }
      let j = 1;
      for (; j <= callDims[i]; j++) if (product(callDims.slice(0, i)) * j > maxSize) break;
      callDims[i] = j - 1;
    }
  }
  const maxBatchSize = [...x];
  callNames.forEach((name, k) => (maxBatchSize[names.indexOf(name)] = callDims[k + 1]));
  const splits = x.map((size, i) => Math.ceil(size / maxBatchSize[i]));
  return { names: [...names], maxBatchSize, splits, total: splits.reduce((a, b) => a * b, 1) };
}

/** `pxweb_split_query`: the batches pxweb posts, one query each, in its order. */
export function splitQuery(query: PxwebQuery, metadata: Metadata, maxValues: number, random: () => number = Math.random): PxwebQuery[] {
  const dims = queryDim(query);
  const can = splittable(query, metadata);
  const names = query.query.map((part) => part.code);
  if (dims.reduce((a, b) => a * b, 1) <= maxValues) return [query];
  if (!can.some(Boolean)) throw new PxwebRError(`Too large query. No Variable(s) can be split into batches (eliminate is set to FALSE by the API).`);
  const which = can.flatMap((yes, i) => (yes ? [i] : []));
  const fixed = can.flatMap((yes, i) => (yes ? [] : [i]));
  const orders =
    which.length < 7
      ? permutations(which)
      : Array.from({ length: 1000 }, () => [...which].sort(() => random() - 0.5));
  const combinations = orders.map((order) => [...order, ...fixed]);
  const structures = combinations.map((order) =>
    splitDimensionsLeftRight(
      order.map((i) => dims[i]),
      order.map((i) => names[i]),
      order.map((i) => can[i]),
      maxValues,
    ),
  );
  // which.min: the first of the fewest.
  const best = structures.reduce((chosen, structure) => (structure.total < chosen.total ? structure : chosen), structures[0]);
  // Variables with more than one chunk, in the best permutation's order; expand.grid varies the first fastest.
  const chunked = best.names.flatMap((name, i) => {
    if (best.splits[i] <= 1) return [];
    const values = query.query.find((part) => part.code === name)!.selection.values;
    const size = best.maxBatchSize[i];
    return [{ name, chunks: Array.from({ length: best.splits[i] }, (_, j) => values.slice(j * size, Math.min((j + 1) * size, values.length))) }];
  });
  let grid: number[][] = [[]];
  for (const variable of chunked) grid = variable.chunks.flatMap((_, index) => grid.map((row) => [...row, index]));
  // flatMap above makes the last variable slowest and the first fastest, as expand.grid does.
  return grid.map((row) => {
    const batch: PxwebQuery = { ...query, query: query.query.map((part) => ({ code: part.code, selection: { ...part.selection, values: [...part.selection.values] } })) };
    row.forEach((index, j) => {
      const part = batch.query.find((candidate) => candidate.code === chunked[j].name)!;
      part.selection.values = chunked[j].chunks[index];
    });
    assertQuery(batch);
    return batch;
  });
}

// ---- the session ----

export interface SessionOptions {
  /** Sys.sleep; a real wait by default. */
  sleep?: (seconds: number) => Promise<void>;
  /** Sys.time in seconds. */
  now?: () => number;
}

/**
 * One R session: its tempdir's per-host files (config, API root, call times), every request it
 * made and every wait its pacing chose.
 */
export class PxwebRSession {
  readonly asked: Asked[] = [];
  readonly sleeps: number[] = [];
  private readonly hosts = new Map<string, HostFile>();
  private readonly sleep: (seconds: number) => Promise<void>;
  private readonly now: () => number;

  constructor(options: SessionOptions = {}) {
    this.sleep = options.sleep ?? ((seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000)));
    this.now = options.now ?? (() => performance.timeOrigin / 1000 + performance.now() / 1000);
  }

  private async request(method: 'GET' | 'POST', url: string, userAgent: string, body?: string) {
    // libcurl gives a POST body without a type of its own application/x-www-form-urlencoded: httr sets none for pxweb's JSON.
    const contentType = body === undefined ? undefined : 'application/x-www-form-urlencoded';
    const response = await fetch(url, {
      method,
      headers: { accept: ACCEPT, 'accept-encoding': 'deflate, gzip', 'user-agent': userAgent, ...(contentType ? { 'content-type': contentType } : {}) },
      ...(body === undefined ? {} : { body }),
      redirect: 'follow',
    });
    const text = await response.text();
    this.asked.push({ method, url, status: response.status, userAgent, ...(body === undefined ? {} : { body, contentType }) });
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: text, retryAfter: response.headers.get('retry-after') };
  }

  /** `build_pxweb_url`: scheme://host:port/path, no query. */
  private static base(url: URL): string {
    return `${url.protocol}//${url.host}${url.pathname}`;
  }

  private static isConfigAnswer(answer: { status: number; contentType: string; body: string }): boolean {
    if (answer.status >= 400) return false;
    try {
      const config = /json/i.test(answer.contentType) ? JSON.parse(answer.body) : null;
      const names = namesOf(config) ?? [];
      return ['maxValues', 'maxCalls', 'timeWindow', 'CORS'].every((name) => names.includes(name));
    } catch {
      return false;
    }
  }

  /** `pxweb_add_call`: the call's time on the stack; at `calls_per_period` calls, a wait of `calls_per_period − span` seconds. */
  private async addCall(object: PxwebObject, stamp = this.now()) {
    const saved = this.hosts.get(object.url.hostname);
    if (saved) object.calls = saved.calls;
    object.calls = [stamp, ...object.calls];
    const config = object.config!;
    if (object.calls.length >= config.calls_per_period) {
      const span = object.calls[0] - object.calls[object.calls.length - 1];
      object.calls = object.calls.slice(0, -1);
      if (object.isPxweb) this.save(object);
      const wait = Math.max(config.calls_per_period - span, 0);
      this.sleeps.push(wait);
      await this.sleep(wait);
    } else if (object.isPxweb) this.save(object);
  }

  private save(object: PxwebObject) {
    this.hosts.set(object.url.hostname, { config: object.config!, subpathLength: object.subpathLength!, calls: object.calls });
  }

  /** `pxweb(url)`: the config (`{url}?config`) and the API root (`?config` at each depth until one answers), once per host and session. */
  async pxweb(url: string): Promise<PxwebObject> {
    const object: PxwebObject = { url: new URL(url), config: null, calls: [], isPxweb: false };
    const saved = this.hosts.get(object.url.hostname);
    if (saved) object.calls = saved.calls;
    // pxweb_add_config
    if (saved) object.config = saved.config;
    else {
      const stamp = this.now();
      const answer = await this.request('GET', `${PxwebRSession.base(object.url)}?config`, HTTR_USER_AGENT);
      if (!PxwebRSession.isConfigAnswer(answer)) {
        const second = await this.request('GET', PxwebRSession.base(object.url), HTTR_USER_AGENT);
        let old = false;
        try {
          parseResponse(second.body, second.contentType, null);
          old = true;
        } catch {
          old = false;
        }
        throw new PxwebRError(old ? 'This is an old PXWEB API not supported by pxweb R package' : `This is not a PXWEB API: ${url}`);
      }
      const config = JSON.parse(answer.body) as { maxValues: number; maxCells?: number; maxCalls: number; timeWindow: number; CORS: unknown };
      object.config = { calls_per_period: config.maxCalls, period_in_seconds: config.timeWindow, max_values_to_download: config.maxCells ?? config.maxValues, CORS: config.CORS };
      await this.addCall(object, stamp);
    }
    // pxweb_add_api_subpath
    const segments = object.url.pathname.replace(/^\//, '').split('/');
    if (saved) object.subpathLength = saved.subpathLength;
    else {
      let p = 1;
      for (; p <= segments.length; p++) {
        await this.addCall(object);
        const answer = await this.request('GET', `${object.url.protocol}//${object.url.host}/${segments.slice(0, p).join('/')}?config`, HTTR_USER_AGENT);
        if (PxwebRSession.isConfigAnswer(answer)) break;
      }
      object.subpathLength = Math.min(p, segments.length);
    }
    object.isPxweb = true;
    this.save(object);
    return object;
  }

  /** `pxweb_get(url, query)`: a GET without a query, the metadata and one POST per batch with one. */
  async get(url: string, query?: string | PxwebQuery, metadataGiven?: Metadata): Promise<Result> {
    const px = await this.pxweb(url);
    const address = PxwebRSession.base(px.url);
    if (query === undefined) {
      await this.addCall(px);
      const answer = await this.request('GET', address, PXWEB_USER_AGENT);
      if (answer.status >= 400) throw new HttpStatusError(answer.status, answer.body);
      const parsed = parseResponse(answer.body, answer.contentType, null);
      return parsed.kind === 'metadata' ? await this.addNullValues(url, parsed) : parsed;
    }
    let pxq = typeof query === 'string' ? pxwebQuery(query) : query;
    const metadata = metadataGiven ?? ((await this.get(url)) as { kind: 'metadata'; value: Metadata }).value;
    if (!metadata?.variables) throw new PxwebRError('assert_class(pxmd, "pxweb_metadata")');
    pxq = addMandatoryVariables(pxq, metadata);
    pxq = addMetadataToQuery(pxq, metadata);
    validateQueryWithMetadata(pxq, metadata);
    const batches = splitQuery(pxq, metadata, px.config!.max_values_to_download);
    const results: Parsed[] = [];
    for (const batch of batches) {
      await this.addCall(px);
      const sent = removeMetadataFromQuery(batch, metadata);
      const answer = await this.request('POST', address, PXWEB_USER_AGENT, queryAsJson(sent));
      if (answer.status >= 400) throw new HttpStatusError(answer.status, answer.body);
      results.push(parseResponse(answer.body, answer.contentType, sent.response.format));
    }
    return combine(results);
  }

  /** `pxweb_metadata_add_null_values`: a variable listed without `values` gets them from a minimal query. */
  private async addNullValues(url: string, parsed: { kind: 'metadata'; value: Metadata }): Promise<Parsed> {
    const metadata = parsed.value;
    const missing = metadata.variables.filter((variable) => !('values' in variable));
    if (missing.length === 0) return parsed;
    const list: Record<string, string[]> = {};
    for (const variable of metadata.variables) {
      if (!('values' in variable)) list[variable.code] = ['*'];
      else if (!variable.elimination) list[variable.code] = [variable.values![0]];
    }
    const data = (await this.get(url, queryOfList(list), metadata)) as { kind: 'data'; value: PxwebData };
    const frame = asDataFrame(data.value);
    for (const variable of missing) variable.values = variable.valueTexts = [...new Set(frame.map((row) => String(row[variable.code])))];
    return parsed;
  }
}

/** `pxweb_c`: one answer as it is; data batches concatenated (their columns checked equal); JSON-stat and files as a list. */
function combine(results: Parsed[]): Result {
  if (results.length === 1) return results[0];
  if (results[0].kind === 'data') {
    const first = results[0].value;
    const rest = results.slice(1).map((result) => {
      assert(result.kind === 'data', 'all batches are pxweb_data');
      return result.value;
    });
    for (const other of rest) {
      first.columns.forEach((column, j) => {
        assert(column.code === other.columns[j].code && column.text === other.columns[j].text && column.type === other.columns[j].type, 'equal columns');
      });
    }
    return { kind: 'data', value: { ...first, data: [...first.data, ...rest.flatMap((other) => other.data)] } };
  }
  if (results[0].kind === 'jsonstat') return { kind: 'jsonstat-list', value: results.map((result) => (result as { value: { dataset: Record<string, unknown> } }).value) };
  if (results[0].kind === 'file') return { kind: 'files', value: results.map((result) => result.value as string) };
  throw new PxwebRError(`pxweb_c() not implemented for class '${results[0].kind}'.`);
}

/** `as.data.frame(pxd, column.name.type = "code", variable.value.type = "code")`: keys as text, figures `as.numeric` (`..` is NA, as null here). */
export function asDataFrame(data: PxwebData): Record<string, string | number | null>[] {
  return data.data.map((row) => {
    const record: Record<string, string | number | null> = {};
    data.columns.forEach((column, j) => {
      if (j < row.key.length) record[column.code] = row.key[j];
      else {
        const text = row.values[j - row.key.length];
        const number = Number(text);
        record[column.code] = text.trim() === '' || Number.isNaN(number) ? null : number;
      }
    });
    return record;
  });
}
