import { afterAll, beforeAll, beforeEach } from 'vitest';
import { json, startPortal, type Answer, type Asked, type BadDay, type Portal } from '../../../test/fakeServer.ts';
import { strides, type Cube, type CubeDimension, type DimensionRole, type SourceText } from '../cube.ts';
import { writeJsonStat } from '../formats/jsonstat.write.ts';

/**
 * Loopback stand-ins for the statistics servers the importers read (research §11): a PxWeb API
 * v1 (StatFin, Statistics Estonia), a PxWebApi 2.0 (SCB, SSB) and Eurostat's statistics API.
 * They answer in the real servers' shapes, refusals included (PxWeb's `{"error":…}`, PxWebApi's
 * problem+json, Eurostat's fault list), keep their own limits (cells per query, calls per window),
 * and can have a bad day through `BadDay` (`src/server/test/fakeServer.ts`).
 *
 * Tables are Cubes. The figures are made up (`fakeCube`): tests compare what a client read with
 * the cube the fake served, never with real statistics.
 */

// ---- fake tables ----

export interface FakeDimension {
  code: string;
  label: string;
  role?: DimensionRole | null;
  elimination?: boolean;
  /** Codes, or [code, label] pairs. */
  values: readonly (string | readonly [string, string])[];
  /** For the metric: the unit and decimals of every value. */
  unit?: { label: string; decimals: number };
}

export interface FakeCubeSpec {
  id: string;
  title: string;
  lang?: string;
  dimensions: readonly FakeDimension[];
  /** The figure of cell `i`; NaN for none. Made-up numbers by default. */
  value?: (i: number) => number;
  /** The symbol of cell `i`, if any (`..` for a missing one, `p` provisional). */
  status?: (i: number) => string | undefined;
  updated?: string;
  source?: string;
}

/** Made-up figures: every 11th cell missing (`..`), every 13th provisional (`p`). */
const madeUpValue = (i: number) => (i % 11 === 10 ? Number.NaN : 1000 + 7 * i);
const madeUpStatus = (i: number) => (i % 11 === 10 ? '..' : i % 13 === 12 ? 'p' : undefined);

export function fakeCube(spec: FakeCubeSpec): Cube {
  const lang = spec.lang ?? 'fi';
  const text = (value: string): SourceText => ({ [lang]: value });
  const dimensions = spec.dimensions.map(
    (dimension): CubeDimension => ({
      code: dimension.code,
      label: text(dimension.label),
      role: dimension.role ?? null,
      elimination: dimension.elimination ?? false,
      values: dimension.values.map((value) => {
        const [code, label] = typeof value === 'string' ? [value, value] : value;
        return dimension.unit ? { code, label: text(label), unit: { label: text(dimension.unit.label), decimals: dimension.unit.decimals } } : { code, label: text(label) };
      }),
    }),
  );
  const cells = dimensions.reduce((product, dimension) => product * dimension.values.length, 1);
  const value = spec.value ?? madeUpValue;
  const status = spec.status ?? madeUpStatus;
  const values = new Float64Array(cells);
  const statuses = new Map<number, string>();
  for (let i = 0; i < cells; i++) {
    values[i] = value(i);
    const symbol = status(i);
    if (symbol !== undefined) statuses.set(i, symbol);
  }
  return {
    id: spec.id,
    title: text(spec.title),
    languages: [lang],
    dimensions,
    values,
    statuses,
    notes: [],
    source: text(spec.source ?? 'Fake statistics office (test data)'),
    updated: spec.updated ?? '2025-03-28T08:00:00Z',
  };
}

/** A StatFin-like table: regions (eliminable, total first, on a map), contents, years. */
export function populationCube(options: { years?: number; regions?: number } = {}): Cube {
  const regions: [string, string][] = [
    ['SSS', 'KOKO MAA'],
    ['MK01', 'Uusimaa'],
    ['KU091', 'Helsinki'],
    ['KU049', 'Espoo'],
    ['KU092', 'Vantaa'],
    ['KU235', 'Kauniainen'],
  ];
  const extra = Array.from({ length: Math.max(0, (options.regions ?? regions.length) - regions.length) }, (_, k): [string, string] => [`X${k}`, `Alue ${k}`]);
  return fakeCube({
    id: '11ra.px',
    title: 'Väestö muuttujina Alue, Tiedot ja Vuosi (testiaineisto)',
    dimensions: [
      { code: 'Alue', label: 'Alue', role: 'geo', elimination: true, values: [...regions, ...extra].slice(0, options.regions ?? regions.length) },
      { code: 'Tiedot', label: 'Tiedot', role: 'metric', values: [['vaesto', 'Väkiluku'], ['vm01', 'Elävänä syntyneet']], unit: { label: 'henkilöä', decimals: 0 } },
      { code: 'Vuosi', label: 'Vuosi', role: 'time', values: Array.from({ length: options.years ?? 6 }, (_, k) => String(2019 + k)) },
    ],
  });
}

/** Selected codes per dimension; a dimension left out is eliminated (its first value, the total, stands in). */
type Selection = Map<string, string[]>;

/** The part of a cube a query asks for: the selected values in the table's order, eliminated dimensions removed. */
export function subCube(cube: Cube, selection: Selection): Cube {
  const stride = strides(cube.dimensions);
  const kept: { dimension: CubeDimension; positions: number[]; stride: number }[] = [];
  cube.dimensions.forEach((dimension, d) => {
    const wanted = selection.get(dimension.code);
    if (!wanted) return; // eliminated: position 0, the total
    const set = new Set(wanted);
    const positions = dimension.values.flatMap((value, p) => (set.has(value.code) ? [p] : []));
    kept.push({ dimension: { ...dimension, values: positions.map((p) => dimension.values[p]) }, positions, stride: stride[d] });
  });
  const cells = kept.reduce((product, part) => product * part.positions.length, 1);
  const values = new Float64Array(cells);
  const statuses = new Map<number, string>();
  for (let i = 0; i < cells; i++) {
    let rest = i;
    let source = 0;
    for (let k = kept.length - 1; k >= 0; k--) {
      const count = kept[k].positions.length;
      source += kept[k].positions[rest % count] * kept[k].stride;
      rest = Math.floor(rest / count);
    }
    values[i] = cube.values[source];
    const symbol = cube.statuses.get(source);
    if (symbol !== undefined) statuses.set(i, symbol);
  }
  return { ...cube, dimensions: kept.map((part) => part.dimension), values, statuses };
}

// ---- JSON-stat, as the servers write it (the product's writer, in their shapes) ----

const labelIn = (text: SourceText, lang: string) => text[lang] ?? Object.values(text)[0] ?? '';

interface JsonStatOptions {
  lang: string;
  /** `value` as an object of the cells that have a figure (Eurostat), else an array with nulls. */
  sparse?: boolean;
  /** Leave `value` and `status` out (PxWebApi 2.0 metadata). */
  withoutValues?: boolean;
  /** PxWebApi's dimension extension (elimination, show, codelists) and unit shape (`base`). */
  pxweb2?: boolean;
  extension?: Record<string, unknown>;
  role?: boolean;
}

type Json = Record<string, unknown>;

/**
 * A JSON-stat 2.0 dataset of the cube, written by the product's writer (`writeJsonStat`) and then
 * given the servers' own habits: `category.index` as an object (PxWeb's serialisers and Eurostat
 * write it so; the writer uses the array form), a sparse `value` (Eurostat), no `role` (Eurostat),
 * no values (PxWebApi's metadata), PxWebApi's unit `base` and dimension extension.
 */
export function jsonStat2(cube: Cube, options: JsonStatOptions): Json {
  const document = writeJsonStat(cube, { language: options.lang, version: 2, ...(options.extension ? { extension: options.extension } : {}) });
  for (const dimension of Object.values(document.dimension as Record<string, Json>)) {
    const category = dimension.category as Json;
    if (Array.isArray(category.index)) category.index = Object.fromEntries((category.index as string[]).map((code, position) => [code, position]));
    if (!options.pxweb2) continue;
    const units = (category.unit ?? {}) as Record<string, Json>;
    for (const unit of Object.values(units)) {
      if (unit.label === undefined) continue;
      unit.base = unit.label;
      delete unit.label;
    }
    dimension.extension = { elimination: (dimension.extension as Json | undefined)?.elimination ?? false, show: 'value', codelists: [] };
  }
  if (options.role === false) delete document.role;
  if (options.withoutValues) {
    delete document.value;
    delete document.status;
  } else if (options.sparse) {
    const cells = document.value as (number | null)[];
    document.value = Object.fromEntries(cells.flatMap((value, i) => (value === null ? [] : [[String(i), value]])));
  }
  return document;
}

/** JSON-stat 1.0 (`{"dataset":{…}}`, `id`/`size`/`role` inside `dimension`): PxWeb v1's `json-stat`. */
export function jsonStat1(cube: Cube, lang: string): Json {
  return writeJsonStat(cube, { language: lang, version: 1 });
}

/**
 * PxWeb's own `json` (JsonSerializer.cs): every other variable in the stub, the contents values as
 * columns of type `c`, one row per stub combination with its figures as formatted strings
 * (decimals applied, `..` for none).
 */
export function pxwebJson(cube: Cube, lang: string): Record<string, unknown> {
  const metric = cube.dimensions.findIndex((dimension) => dimension.role === 'metric');
  if (metric < 0) throw new Error('The fake writes PxWeb json only for a table with a contents variable.');
  const stub = cube.dimensions.filter((_, d) => d !== metric);
  const stride = strides(cube.dimensions);
  const columns = [
    ...stub.map((dimension) => ({ code: dimension.code, text: labelIn(dimension.label, lang), type: dimension.role === 'time' ? 't' : 'd' })),
    ...cube.dimensions[metric].values.map((value) => ({
      code: value.code,
      text: labelIn(value.label, lang),
      type: 'c',
      ...(value.unit?.label ? { unit: labelIn(value.unit.label, lang) } : {}),
    })),
  ];
  const rows = stub.reduce((product, dimension) => product * dimension.values.length, 1);
  const data = Array.from({ length: rows }, (_, row) => {
    let rest = row;
    const positions = new Array<number>(stub.length);
    for (let k = stub.length - 1; k >= 0; k--) {
      positions[k] = rest % stub[k].values.length;
      rest = Math.floor(rest / stub[k].values.length);
    }
    const stubDimensions = cube.dimensions.map((_, d) => d).filter((d) => d !== metric);
    const offset = stubDimensions.reduce((sum, d, k) => sum + positions[k] * stride[d], 0);
    return {
      key: stub.map((dimension, k) => dimension.values[positions[k]].code),
      values: cube.dimensions[metric].values.map((value, m) => {
        const figure = cube.values[offset + m * stride[metric]];
        return Number.isNaN(figure) ? '..' : figure.toFixed(value.unit?.decimals ?? 0);
      }),
    };
  });
  return { columns, comments: [], data, metadata: [{ updated: cube.updated, label: labelIn(cube.title, lang), source: cube.source ? labelIn(cube.source, lang) : '' }] };
}

// ---- a call window, as the servers keep one ----

/** Sliding window of call times: true when one more call would be over `calls` per `windowMs`. */
function callWindow(calls: () => number, windowMs: () => number) {
  let times: number[] = [];
  return {
    over(now = Date.now()): boolean {
      times = times.filter((time) => time + windowMs() > now);
      if (times.length >= calls()) return true;
      times.push(now);
      return false;
    },
    reset() {
      times = [];
    },
  };
}

const PROXY_PAGE = (status: number) =>
  `<!DOCTYPE html><html><head><title>${status}</title></head><body><h1>${status} Bad Gateway</h1><p>nginx</p></body></html>`;

function html(status: number, body: string): Answer {
  return { status, contentType: 'text/html; charset=utf-8', body };
}

/** A maintenance page as statistics offices serve them, with 200 (research §2.4). */
export const MAINTENANCE_PAGE = '<!DOCTYPE html><html lang="fi"><head><title>Huoltokatko</title></head><body><p>Palvelu on tilapäisesti poissa käytöstä.</p></body></html>';

/** The wrapped portal: the fake's own record of POST bodies beside the paths, and the rate window reset with `set`. */
export interface StatPortal<Options> extends Portal<Options> {
  /** Every POST body, parsed when it was JSON, with its path. */
  posts: { path: string; body: unknown }[];
}

/**
 * The fake server of a test file (or a describe block): started before its tests, closed after,
 * and before each test set back to `reset` with its logs emptied, so no test sees another's
 * settings or requests. Read it through the function returned, once the tests run.
 */
export function fakeServerForTests<Options, Server extends StatPortal<Options>>(start: () => Promise<Server>, reset: Partial<Options>): () => Server {
  let server: Server | undefined;
  beforeAll(async () => {
    server = await start();
  });
  afterAll(() => server?.close());
  beforeEach(() => {
    server!.set(reset);
    server!.requests.length = 0;
    server!.posts.length = 0;
  });
  return () => {
    if (!server) throw new Error('The fake server starts with the tests: read it inside one.');
    return server;
  };
}

function withPosts<Options>(portal: Portal<Options>, posts: { path: string; body: unknown }[], reset: () => void): StatPortal<Options> {
  return {
    ...portal,
    posts,
    set(changes) {
      portal.set(changes);
      reset();
    },
  };
}

function parseJsonBody(asked: Asked): unknown {
  try {
    return JSON.parse(asked.body);
  } catch {
    return undefined;
  }
}

// ---- PxWeb API v1 ----

export interface FakePxwebTable {
  cube: Cube;
  /** Folders from the database down, e.g. ['vaerak']. */
  folder?: string[];
}

export interface PxwebFakeOptions extends BadDay {
  tables: FakePxwebTable[];
  languages: string[];
  database: string;
  /** Folder texts by id. */
  folders: Record<string, string>;
  maxValues: number;
  maxCells: number;
  maxCalls: number;
  /** Seconds. */
  timeWindow: number;
  /** The clock of its call window (a test shares its own with the pacer); Date.now by default. */
  now?: () => number;
}

const PXWEB_ROOT = '/PxWeb/api/v1';
const PARAMETER_ERROR = { error: 'Parameter error' };

/**
 * PxWeb API v1 as SSDHandler.cs answers: `?config` on any path from `{lang}` down and 404 above it;
 * the database list, levels (l/t), metadata (`values: null` above `maxValues`), POST queries
 * answered in json-stat2, json-stat (JSON-stat 1) or json; 403 "Too many values selected" above
 * `maxCells`; 429 with Retry-After above `maxCalls` per `timeWindow`; 400 "Parameter error" for
 * an unknown language, database, table, variable or value, a POST on a folder, or a mandatory
 * variable left out. Every request counts against the window, as on the real server.
 * `url` is `http://127.0.0.1:port/PxWeb/api/v1`.
 */
export async function startPxwebServer(options: Partial<PxwebFakeOptions> = {}): Promise<StatPortal<PxwebFakeOptions> & { tableUrl(id: string, lang?: string): string }> {
  const settings: PxwebFakeOptions = {
    tables: [{ cube: populationCube(), folder: ['vaerak'] }],
    languages: ['fi', 'en'],
    database: 'StatFin',
    folders: { vaerak: 'Väestörakenne' },
    maxValues: 100_000,
    maxCells: 100_000,
    maxCalls: 1000,
    timeWindow: 10,
    ...options,
  };
  const posts: { path: string; body: unknown }[] = [];
  let current = settings;
  const window = callWindow(
    () => current.maxCalls,
    () => current.timeWindow * 1000,
  );
  const portal = await startPortal<PxwebFakeOptions>({
    options: { retryAfterSeconds: settings.timeWindow, ...settings },
    entry: (origin) => `${origin}${PXWEB_ROOT}`,
    errorBody: pxwebErrorBody,
    answer(url, opts, _portalUrl, asked) {
      current = opts;
      if (asked.method === 'POST') posts.push({ path: url.pathname + url.search, body: parseJsonBody(asked) });
      if (window.over(opts.now?.() ?? Date.now())) return json(429, { error: '429 - Too many requests in too short timeframe. Please try again later.' });
      return pxwebAnswer(url, opts, asked);
    },
  });
  const wrapped = withPosts(portal, posts, () => window.reset());
  return {
    ...wrapped,
    tableUrl: (id, lang = settings.languages[0]) => {
      const table = current.tables.find((candidate) => candidate.cube.id === id);
      return [portal.url, lang, current.database, ...(table?.folder ?? []), id].map((part, i) => (i === 0 ? part : encodeURIComponent(part))).join('/');
    },
  };
}

function pxwebErrorBody(status: number): Answer {
  if (status === 429) return json(429, { error: '429 - Too many requests in too short timeframe. Please try again later.' });
  if (status === 403) return json(403, { error: 'Too many values selected' });
  if (status >= 500) return html(status, PROXY_PAGE(status));
  return json(status, PARAMETER_ERROR);
}

function pxwebAnswer(url: URL, options: PxwebFakeOptions, asked: Asked): Answer {
  if (!url.pathname.startsWith(PXWEB_ROOT)) return { status: 404, contentType: 'text/plain', body: 'Not Found' };
  const parts = url.pathname.slice(PXWEB_ROOT.length).split('/').filter(Boolean).map(decodeURIComponent);
  // SSDHandler: the raw query split on & holds `config`.
  const wantsConfig = url.search.slice(1).split('&').includes('config');
  if (parts.length === 0) return { status: 404, contentType: 'text/plain', body: 'Not Found' };
  const [lang, database, ...path] = parts;
  if (!options.languages.includes(lang)) return json(400, PARAMETER_ERROR);
  if (wantsConfig) return json(200, { maxValues: options.maxValues, maxCells: options.maxCells, maxCalls: options.maxCalls, timeWindow: options.timeWindow, CORS: true });
  if (database === undefined) return asked.method === 'GET' ? json(200, [{ dbid: options.database, text: `${options.database} (test)` }]) : json(400, PARAMETER_ERROR);
  if (database !== options.database) return json(400, PARAMETER_ERROR);
  const table = findTable(options.tables, path);
  if (table) return asked.method === 'POST' ? pxwebQuery(table.cube, options, asked, lang) : json(200, pxwebMetadata(table.cube, options, lang));
  if (asked.method !== 'GET') return json(400, PARAMETER_ERROR);
  const listing = levelListing(options, path, lang);
  return listing ? json(200, listing) : json(400, PARAMETER_ERROR);
}

/** A table by its full path, or by its id alone right under the database (an unknown single part is looked up as a table id). */
function findTable(tables: readonly FakePxwebTable[], path: readonly string[]): FakePxwebTable | undefined {
  if (path.length === 0) return undefined;
  const id = path[path.length - 1];
  return tables.find((table) => table.cube.id === id && (path.length === 1 || (table.folder ?? []).join('/') === path.slice(0, -1).join('/')));
}

function levelListing(options: PxwebFakeOptions, path: readonly string[], lang: string): unknown[] | null {
  const depth = path.length;
  const under = options.tables.filter((table) => (table.folder ?? []).slice(0, depth).join('/') === path.join('/') && (table.folder ?? []).length >= depth);
  if (depth > 0 && under.length === 0) return null;
  const folders = [...new Set(under.filter((table) => (table.folder ?? []).length > depth).map((table) => table.folder![depth]))];
  return [
    ...folders.map((id) => ({ id, type: 'l', text: options.folders[id] ?? id })),
    ...under
      .filter((table) => (table.folder ?? []).length === depth)
      .map((table) => ({ id: table.cube.id, type: 't', text: labelIn(table.cube.title, lang), updated: (table.cube.updated ?? '').replace(/Z$/, '') })),
  ];
}

function pxwebMetadata(cube: Cube, options: PxwebFakeOptions, lang: string) {
  return {
    title: labelIn(cube.title, lang),
    variables: cube.dimensions.map((dimension) => {
      const listed = dimension.values.length <= options.maxValues;
      return {
        code: dimension.code,
        text: labelIn(dimension.label, lang),
        values: listed ? dimension.values.map((value) => value.code) : null,
        valueTexts: listed ? dimension.values.map((value) => labelIn(value.label, lang)) : null,
        elimination: dimension.elimination ?? false,
        time: dimension.role === 'time',
        ...(dimension.role === 'geo' ? { map: `${dimension.code.toLowerCase()}_map` } : {}),
      };
    }),
  };
}

function pxwebQuery(cube: Cube, options: PxwebFakeOptions, asked: Asked, lang: string): Answer {
  const body = parseJsonBody(asked) as { query?: unknown; response?: { format?: unknown } } | undefined;
  if (!body || !Array.isArray(body.query)) return json(400, PARAMETER_ERROR);
  const selection: Selection = new Map();
  for (const part of body.query as { code?: unknown; selection?: { filter?: unknown; values?: unknown } }[]) {
    const dimension = cube.dimensions.find((candidate) => candidate.code === part?.code);
    const values = part?.selection?.values;
    if (!dimension || !Array.isArray(values) || !values.every((value) => typeof value === 'string')) return json(400, PARAMETER_ERROR);
    const codes = pxwebFilter(dimension, String(part.selection?.filter), values);
    if (!codes) return json(400, PARAMETER_ERROR);
    selection.set(dimension.code, codes);
  }
  if (cube.dimensions.some((dimension) => !dimension.elimination && !selection.has(dimension.code))) return json(400, PARAMETER_ERROR);
  const cells = [...selection.values()].reduce((product, codes) => product * codes.length, 1);
  if (cells > options.maxCells) return json(403, { error: 'Too many values selected' });
  const part = subCube(cube, selection);
  const format = body.response?.format ?? 'px';
  if (format === 'json-stat2') return json(200, jsonStat2(part, { lang }));
  if (format === 'json-stat') return json(200, jsonStat1(part, lang));
  if (format === 'json') return json(200, pxwebJson(part, lang));
  return json(400, PARAMETER_ERROR);
}

/** item (codes), all (one `*` pattern), top (the last n); anything else is a parameter error. */
function pxwebFilter(dimension: CubeDimension, filter: string, values: string[]): string[] | null {
  const codes = dimension.values.map((value) => value.code);
  if (filter === 'item') return values.every((value) => codes.includes(value)) ? codes.filter((code) => values.includes(code)) : null;
  if (filter === 'all' && values.length === 1) {
    const [pattern] = values;
    const star = pattern.indexOf('*');
    if (star < 0) return codes.includes(pattern) ? [pattern] : null;
    const [head, tail] = [pattern.slice(0, star), pattern.slice(star + 1)];
    const matching = codes.filter((code) => code.startsWith(head) && code.endsWith(tail) && code.length >= head.length + tail.length);
    return matching.length ? matching : null;
  }
  if (filter === 'top' && values.length === 1 && /^\d+$/.test(values[0]) && Number(values[0]) > 0) return codes.slice(-Number(values[0]));
  return null;
}

// ---- PxWebApi 2.0 ----

export interface Pxweb2FakeOptions extends BadDay {
  tables: Cube[];
  languages: string[];
  maxDataCells: number;
  maxCallsPerTimeWindow: number;
  /** Seconds. */
  timeWindow: number;
  /** Too many cells as the spec says (403) or as the implementation answers (400 "Too many cells selected"). */
  tooManyCellsStatus: 400 | 403;
  /** The clock of its call window; Date.now by default. */
  now?: () => number;
}

const PXWEB2_ROOT = '/api/v2';

function problem(status: number, title: string, detail = title, type = 'Parameter error'): Answer {
  return { status, contentType: 'application/problem+json; charset=utf-8', body: JSON.stringify({ type, title, status, detail, instance: '' }) };
}

/**
 * PxWebApi 2.0 (PxTools/PxWebApi): `/config`, `/tables/{id}`, `/tables/{id}/metadata`
 * (JSON-stat 2.0 without values, role.metric and extension.elimination), `/tables/{id}/data` by
 * GET (`valuecodes[VAR]=a,b`, codes, `*` and `top(n)`) and by POST (`{selection:[{variableCode,
 * valueCodes}]}`); problem+json refusals; too many cells as 403 or 400; 429 problem+json with
 * Retry-After above its window. `url` is `http://127.0.0.1:port/api/v2`.
 */
export async function startPxweb2Server(options: Partial<Pxweb2FakeOptions> = {}): Promise<StatPortal<Pxweb2FakeOptions>> {
  const settings: Pxweb2FakeOptions = {
    tables: [{ ...populationCube(), id: 'TAB11RA' }],
    languages: ['fi', 'en'],
    maxDataCells: 100_000,
    maxCallsPerTimeWindow: 1000,
    timeWindow: 10,
    tooManyCellsStatus: 400,
    ...options,
  };
  const posts: { path: string; body: unknown }[] = [];
  let current = settings;
  const window = callWindow(
    () => current.maxCallsPerTimeWindow,
    () => current.timeWindow * 1000,
  );
  const portal = await startPortal<Pxweb2FakeOptions>({
    options: { retryAfterSeconds: settings.timeWindow, ...settings },
    entry: (origin) => `${origin}${PXWEB2_ROOT}`,
    errorBody: (status) => (status >= 500 ? html(status, PROXY_PAGE(status)) : problem(status, status === 429 ? 'Too many requests' : 'Error')),
    answer(url, opts, _portalUrl, asked) {
      current = opts;
      if (asked.method === 'POST') posts.push({ path: url.pathname + url.search, body: parseJsonBody(asked) });
      if (window.over(opts.now?.() ?? Date.now())) return problem(429, 'Too many requests', 'Too many requests', 'https://tools.ietf.org/html/rfc6585#section-4');
      return pxweb2Answer(url, opts, asked);
    },
  });
  return withPosts(portal, posts, () => window.reset());
}

function pxweb2Answer(url: URL, options: Pxweb2FakeOptions, asked: Asked): Answer {
  if (!url.pathname.startsWith(PXWEB2_ROOT)) return problem(404, 'Not found');
  const parts = url.pathname.slice(PXWEB2_ROOT.length).split('/').filter(Boolean).map(decodeURIComponent);
  const lang = url.searchParams.get('lang') ?? options.languages[0];
  if (!options.languages.includes(lang)) return problem(400, 'Unsupported language');
  if (parts.length === 1 && parts[0] === 'config') {
    return json(200, {
      apiVersion: '2.0.0',
      appVersion: 'fake',
      languages: options.languages.map((id) => ({ id, label: id })),
      defaultLanguage: options.languages[0],
      maxDataCells: options.maxDataCells,
      maxCallsPerTimeWindow: options.maxCallsPerTimeWindow,
      timeWindow: options.timeWindow,
      license: 'https://creativecommons.org/licenses/by/4.0/',
      defaultDataFormat: 'json-stat2',
      dataFormats: ['json-stat2'],
      features: [{ id: 'CORS', params: [{ key: 'enabled', value: 'true' }] }],
    });
  }
  if (parts[0] !== 'tables' || parts.length < 2) return problem(404, 'Not found');
  const cube = options.tables.find((table) => table.id.toLowerCase() === parts[1].toLowerCase());
  if (!cube) return problem(404, 'Non-existent table');
  if (parts.length === 2) return json(200, tableInfo(cube, lang));
  if (parts.length === 3 && parts[2] === 'metadata') return json(200, jsonStat2(cube, { lang, withoutValues: true, pxweb2: true, extension: { px: { tableid: cube.id } } }));
  if (parts.length === 3 && parts[2] === 'data') return pxweb2Data(cube, options, url, asked, lang);
  return problem(404, 'Not found');
}

function tableInfo(cube: Cube, lang: string) {
  const time = cube.dimensions.find((dimension) => dimension.role === 'time');
  return {
    language: lang,
    id: cube.id,
    label: labelIn(cube.title, lang),
    description: '',
    updated: cube.updated,
    firstPeriod: time?.values[0]?.code ?? null,
    lastPeriod: time?.values[time.values.length - 1]?.code ?? null,
    variableNames: cube.dimensions.map((dimension) => labelIn(dimension.label, lang)),
    source: cube.source ? labelIn(cube.source, lang) : '',
    links: [],
  };
}

function pxweb2Data(cube: Cube, options: Pxweb2FakeOptions, url: URL, asked: Asked, lang: string): Answer {
  const format = url.searchParams.get('outputFormat') ?? 'json-stat2';
  if (format !== 'json-stat2') return problem(400, 'Unsupported output format');
  const asks = new Map<string, string[]>();
  if (asked.method === 'POST') {
    const body = parseJsonBody(asked) as { selection?: { variableCode?: unknown; valueCodes?: unknown }[] } | undefined;
    if (!body || (body.selection !== undefined && !Array.isArray(body.selection))) return problem(400, 'Bad request');
    for (const part of body.selection ?? []) {
      if (typeof part?.variableCode !== 'string' || !Array.isArray(part.valueCodes)) return problem(400, 'Bad request');
      asks.set(part.variableCode, part.valueCodes.map(String));
    }
  } else {
    for (const [key, value] of url.searchParams) {
      if (key.startsWith('valuecodes[') && key.endsWith(']')) asks.set(key.slice('valuecodes['.length, -1), value.split(','));
    }
  }
  const selection: Selection = new Map();
  for (const [code, expressions] of asks) {
    const dimension = cube.dimensions.find((candidate) => candidate.code === code);
    if (!dimension) return problem(400, 'Non-existent variable', `Non-existent variable ${code}`);
    const codes = dimension.values.map((value) => value.code);
    const wanted = new Set<string>();
    for (const expression of expressions) {
      const top = /^top\((\d+)\)$/i.exec(expression);
      const matched = expression === '*' ? codes : top ? codes.slice(-Number(top[1])) : codes.includes(expression) ? [expression] : [];
      if (matched.length === 0) return problem(400, 'Non-existent value', `Non-existent value ${expression} for variable ${code}`);
      for (const match of matched) wanted.add(match);
    }
    selection.set(code, codes.filter((value) => wanted.has(value)));
  }
  const missing = cube.dimensions.find((dimension) => !dimension.elimination && !selection.has(dimension.code));
  if (missing) return problem(400, 'Missing selection for mandantory variable', `Missing selection for mandantory variable ${missing.code}`);
  const cells = [...selection.values()].reduce((product, codes) => product * codes.length, 1);
  if (cells > options.maxDataCells) {
    return options.tooManyCellsStatus === 403
      ? problem(403, 'Forbidden', 'The query resulted in cell that exceeds the number of allowed')
      : problem(400, 'Too many cells selected');
  }
  return json(200, jsonStat2(subCube(cube, selection), { lang }));
}

// ---- Eurostat ----

export interface EurostatFakeOptions extends BadDay {
  /** Datasets by their code (the cube's id), dimension codes in lower case as Eurostat writes them. */
  datasets: Cube[];
  /** Cells above which the answer is asynchronous: 413 ASYNCHRONOUS_RESPONSE the first time an address is asked, the data the next. */
  asyncAbove: number;
  /** Cells above which the extraction is refused: 413 EXTRACTION_TOO_BIG. */
  maxCells: number;
  /** A filter code the dataset does not have: 200 with an empty `value` (as seen), or fault 100. */
  unknownCode: 'empty-value' | 'fault-100';
}

const EUROSTAT_ROOT = '/eurostat/api/dissemination';

/** Eurostat's fault list (the shape our classifier reads; ⚠ the exact keys of a live fault are unverified). */
function fault(status: number, id: number, label: string): Answer {
  return json(status, { error: [{ status, id, label }] });
}

/** A Eurostat-like regional population dataset: freq, unit, sex, age, geo (NUTS 3), time. Made-up figures, some missing (`:`), some provisional (`p`). */
export function eurostatPopulationCube(): Cube {
  return fakeCube({
    id: 'demo_r_pjangrp3',
    lang: 'en',
    title: 'Population on 1 January by age group, sex and NUTS 3 region (test data)',
    source: 'ESTAT',
    dimensions: [
      { code: 'freq', label: 'Time frequency', values: [['A', 'Annual']] },
      { code: 'unit', label: 'Unit of measure', role: 'metric', values: [['NR', 'Number']], unit: { label: 'Number', decimals: 0 } },
      { code: 'sex', label: 'Sex', values: [['T', 'Total'], ['M', 'Males'], ['F', 'Females']] },
      { code: 'age', label: 'Age class', values: [['TOTAL', 'Total']] },
      { code: 'geo', label: 'Geopolitical entity (reporting)', role: 'geo', values: [['FI1B1', 'Helsinki-Uusimaa'], ['EE001', 'Põhja-Eesti']] },
      { code: 'time', label: 'Time', role: 'time', values: ['2019', '2020', '2021', '2022', '2023', '2024'] },
    ],
    value: (i) => (i % 9 === 8 ? Number.NaN : 500_000 + 113 * i),
    status: (i) => (i % 9 === 8 ? ':' : i % 6 === 5 ? 'p' : undefined),
  });
}

/**
 * Eurostat's statistics API: `/statistics/1.0/data/{dataset}?format=JSON&lang=EN&dim=value…`
 * (filters case-insensitive, repeated; `time`/`TIME_PERIOD`, `sinceTimePeriod`,
 * `untilTimePeriod`, `lastTimePeriod`). JSON-stat 2.0 with a sparse `value` and `status` and an
 * `extension` (⚠ its keys are a guess until a live answer is captured). Faults: 404/100 for an
 * unknown dataset, 400/140 for a syntax error (format, lang, lastTimePeriod), 400/150 for a
 * filter on a dimension the dataset lacks; 413 EXTRACTION_TOO_BIG above `maxCells`;
 * ASYNCHRONOUS_RESPONSE above `asyncAbove` the first time. `url` is
 * `http://127.0.0.1:port/eurostat/api/dissemination`.
 */
export async function startEurostatServer(options: Partial<EurostatFakeOptions> = {}): Promise<StatPortal<EurostatFakeOptions>> {
  const settings: EurostatFakeOptions = {
    datasets: [eurostatPopulationCube()],
    asyncAbove: 1_000_000,
    maxCells: 5_000_000,
    unknownCode: 'empty-value',
    ...options,
  };
  const asked = new Set<string>();
  const portal = await startPortal<EurostatFakeOptions>({
    options: settings,
    entry: (origin) => `${origin}${EUROSTAT_ROOT}`,
    errorBody: (status) => (status >= 500 ? fault(status, 500, 'Internal Server error') : fault(status, status, 'Error')),
    answer(url, opts) {
      return eurostatAnswer(url, opts, asked);
    },
  });
  return withPosts(portal, [], () => asked.clear());
}

function eurostatAnswer(url: URL, options: EurostatFakeOptions, asked: Set<string>): Answer {
  const prefix = `${EUROSTAT_ROOT}/statistics/1.0/data/`;
  if (!url.pathname.startsWith(prefix)) return fault(404, 100, 'No results found');
  const code = decodeURIComponent(url.pathname.slice(prefix.length));
  const cube = options.datasets.find((dataset) => dataset.id.toLowerCase() === code.toLowerCase());
  if (!cube) return fault(404, 100, 'No results found');
  const params = [...url.searchParams].map(([key, value]) => [key.toLowerCase(), value] as const);
  const format = params.find(([key]) => key === 'format')?.[1] ?? 'JSON';
  const lang = (params.find(([key]) => key === 'lang')?.[1] ?? 'EN').toUpperCase();
  if (format.toUpperCase() !== 'JSON' || !['EN', 'FR', 'DE'].includes(lang)) return fault(400, 140, 'Syntax error');
  const filters = new Map<string, string[]>();
  let since: string | undefined;
  let until: string | undefined;
  let last: number | undefined;
  for (const [key, value] of params) {
    if (key === 'format' || key === 'lang') continue;
    if (key === 'sincetimeperiod') since = value;
    else if (key === 'untiltimeperiod') until = value;
    else if (key === 'lasttimeperiod') {
      if (!/^\d+$/.test(value)) return fault(400, 140, 'Syntax error');
      last = Number(value);
    } else {
      const dimension = key === 'time_period' ? 'time' : key;
      if (!cube.dimensions.some((candidate) => candidate.code.toLowerCase() === dimension)) return fault(400, 150, 'Semantic error');
      filters.set(dimension, [...(filters.get(dimension) ?? []), value.toUpperCase()]);
    }
  }
  const selection: Selection = new Map();
  let unknownCode = false;
  for (const dimension of cube.dimensions) {
    let codes = dimension.values.map((value) => value.code);
    const wanted = filters.get(dimension.code.toLowerCase());
    if (wanted) {
      const matched = codes.filter((value) => wanted.includes(value.toUpperCase()));
      if (matched.length < new Set(wanted).size) unknownCode = true;
      codes = matched;
    }
    if (dimension.role === 'time') {
      codes = codes.filter((value) => (since === undefined || value >= since) && (until === undefined || value <= until));
      if (last !== undefined) codes = codes.slice(-last);
    }
    selection.set(dimension.code, codes);
  }
  if (unknownCode && options.unknownCode === 'fault-100') return fault(400, 100, 'No results found');
  const cells = [...selection.values()].reduce((product, codes) => product * codes.length, 1);
  if (cells > options.maxCells) {
    return fault(413, 413, `EXTRACTION_TOO_BIG: The requested extraction is too big, estimated ${cells} rows, max authorised is ${options.maxCells}, please change your filters to reduce the extraction size`);
  }
  const address = url.pathname + url.search;
  if (cells > options.asyncAbove && !asked.has(address)) {
    asked.add(address);
    return fault(413, 413, 'ASYNCHRONOUS_RESPONSE. Your request will be treated asynchronously. Please try again later.');
  }
  const part = subCube(cube, selection);
  const language = lang.toLowerCase();
  const document = jsonStat2(part, {
    lang: cube.languages[0] ?? language,
    sparse: true,
    role: false,
    extension: {
      datasetId: cube.id,
      lang,
      status: { label: { ':': 'not available', p: 'provisional', e: 'estimated', b: 'break in time series' } },
      annotation: [],
    },
  });
  return json(200, document);
}

// ---- documents (JSON-stat, PC-Axis) ----

export interface DocumentFakeOptions extends BadDay {
  /** Answers by path (without the query): JSON-stat documents, PC-Axis bytes, pages. */
  documents: Record<string, Answer>;
}

/** A site serving files as they are (JSON-stat documents and collections, PC-Axis files); 404 for any other path. `url` is its origin. */
export async function startDocumentServer(options: Partial<DocumentFakeOptions> = {}): Promise<StatPortal<DocumentFakeOptions>> {
  const portal = await startPortal<DocumentFakeOptions>({
    options: { documents: {}, ...options },
    entry: (origin) => origin,
    errorBody: (status) => (status >= 500 ? html(status, PROXY_PAGE(status)) : { status, contentType: 'text/plain', body: 'Not Found' }),
    answer: (url, opts) => opts.documents[url.pathname] ?? { status: 404, contentType: 'text/plain', body: 'Not Found' },
  });
  return withPosts(portal, [], () => {});
}
