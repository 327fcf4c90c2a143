import { pickLocalized, type LocalizedTextValue } from '../../../shared/localized.ts';
import { UI_LANGUAGES, type Language } from '../../../shared/languages.ts';
import { DOMAIN_NAMES } from '../../lib/interfaceTexts.ts';
import type { Indicator, IndicatorListItem } from '../../../shared/schemas/indicators.ts';
import { DOMAINS, type Domain } from '../../../shared/register.ts';
import { csvCell } from '../../lib/tabular.ts';
import { cellCount, strides, type Cube, type CubeDimension } from '../statistics/cube.ts';
import { StatFault } from '../statistics/faults.ts';
import { writeJsonStat, writeJsonStatString } from '../statistics/formats/jsonstat.write.ts';
import { writePx } from '../statistics/formats/px.write.ts';
import { resolvePxweb2Selection, type Pxweb2SelectionPart } from '../statistics/protocols/pxweb2.ts';
import { resolvePxwebQuery, type PxwebQueryPart } from '../statistics/protocols/pxweb.ts';
import type { SelectedDimension } from '../statistics/protocols/split.ts';
import { indicatorCube } from './indicators.cube.ts';

/**
 * The PxWeb read API's answers, shaped without a server (research §2, §3, §10.3): every published
 * indicator as one PxWeb table, `region × kept dimensions × time × measure`, the measure being
 * the table's contents variable with the measures the indicator offers (absolute, per capita,
 * index). PxWeb API v1's and PxWebApi 2.0's JSON shapes are written here exactly as those servers
 * write them, refusals included, so that clients written for PxWeb (the `pxweb` R package,
 * PxWeb 2's web client, our own importers) read Talsinki as they read a statistics office.
 */

export const PXWEB_DATABASE = 'talsinki';
/** Every UI language: each text below, and the domains' names, exist in all of them. */
export const PXWEB_LANGUAGES = UI_LANGUAGES;
/** Values a variable lists in v1 metadata; above it PxWeb gives `values: null`. No indicator comes near it. */
export const MAX_VALUES = 100_000;
/** The level of indicators that belong to no domain. */
export const GENERAL_LEVEL = 'general';

export interface PxwebLimits {
  maxCells: number;
  maxCalls: number;
  /** Seconds. */
  timeWindow: number;
}

const GENERAL: Record<Language, string> = { en: 'General', fi: 'Yleiset', et: 'Üldine', sv: 'Allmänt', ru: 'Общие показатели' };
const DATABASE: Record<Language, string> = { en: 'Talsinki indicators', fi: 'Talsinki-indikaattorit', et: 'Talsinki näitajad', sv: 'Talsinki-indikatorer', ru: 'Показатели Talsinki' };
/** Said in every title of a demo indicator: PxWeb clients see no flag but the title. */
const DEMO: Record<Language, string> = { en: 'demo data', fi: 'esittelyaineisto', et: 'näidisandmed', sv: 'demosiffror', ru: 'демонстрационные данные' };
const TIME_UNITS: Record<Indicator['frequency'], string> = { A: 'Annual', Q: 'Quarterly', M: 'Monthly' };

const inLanguage = (text: LocalizedTextValue | null | undefined, lang: Language, fallback = '') => pickLocalized(text, lang)?.text ?? fallback;

// ---- the tables ----

/** The v1 level (folder) an indicator is listed under: its domain, else `general`. */
export function levelOf(domain: Domain | null): string {
  return domain ?? GENERAL_LEVEL;
}

export function isLevel(id: string): boolean {
  return id === GENERAL_LEVEL || (DOMAINS as readonly string[]).includes(id);
}

export function levelText(level: string, lang: Language): string {
  return level === GENERAL_LEVEL ? GENERAL[lang] : (DOMAIN_NAMES[lang] as Record<string, string>)[level] ?? level;
}

/** A table's title: the indicator's name, and that it is demo data when it is. */
export function tableTitle(indicator: Pick<IndicatorListItem, 'id' | 'name' | 'demo'>, lang: Language): string {
  const name = inLanguage(indicator.name, lang, indicator.id);
  return indicator.demo ? `${name} (${DEMO[lang]})` : name;
}

/** `population` ↔ `population.px`, v1's table ids. */
export const v1TableId = (slug: string) => `${slug}.px`;
export const slugOfV1Table = (id: string): string | null => (id.endsWith('.px') && id.length > 3 ? id.slice(0, -3) : null);

/**
 * One indicator as one table in one language: its cube in each measure it offers, side by side
 * as the values of the `measure` dimension (the last, so a cell's measures are neighbours).
 * `views` are the same indicator read in each measure, absolute first.
 */
export function tableCube(views: readonly Indicator[], lang: Language): Cube {
  const cubes = views.map((view) => indicatorCube(view, lang));
  const [first] = cubes;
  const measures = cubes.length;
  const others = first.dimensions.slice(0, -1);
  for (const cube of cubes.slice(1)) {
    const same = cube.dimensions.length === first.dimensions.length && cube.dimensions.slice(0, -1).every((dimension, d) => dimension.code === others[d].code && dimension.values.length === others[d].values.length);
    if (!same) throw new Error(`The measures of ${first.id} do not share their dimensions`);
  }
  const metric = first.dimensions.at(-1)!;
  const dimensions: CubeDimension[] = [...others, { ...metric, values: cubes.map((cube) => cube.dimensions.at(-1)!.values[0]) }];
  const values = new Float64Array(first.values.length * measures);
  const statuses = new Map<number, string>();
  cubes.forEach((cube, m) => {
    for (let cell = 0; cell < cube.values.length; cell++) values[cell * measures + m] = cube.values[cell];
    for (const [cell, symbol] of cube.statuses) statuses.set(cell * measures + m, symbol);
  });
  return { ...first, title: { [lang]: tableTitle(views[0], lang) }, dimensions, values, statuses };
}

/** The part of a cube a selection asks for, in the table's order; every dimension is selected (none may be eliminated). */
export function selectCube(cube: Cube, selection: readonly Pick<SelectedDimension, 'code' | 'values'>[]): Cube {
  const step = strides(cube.dimensions);
  const parts = cube.dimensions.map((dimension, d) => {
    const wanted = new Set(selection.find((part) => part.code === dimension.code)?.values ?? []);
    const positions = dimension.values.flatMap((value, p) => (wanted.has(value.code) ? [p] : []));
    return { dimension: { ...dimension, values: positions.map((p) => dimension.values[p]) }, positions, stride: step[d] };
  });
  const cells = parts.reduce((product, part) => product * part.positions.length, 1);
  const values = new Float64Array(cells);
  const statuses = new Map<number, string>();
  for (let cell = 0; cell < cells; cell++) {
    let rest = cell;
    let source = 0;
    for (let k = parts.length - 1; k >= 0; k--) {
      const count = parts[k].positions.length;
      source += parts[k].positions[rest % count] * parts[k].stride;
      rest = Math.floor(rest / count);
    }
    values[cell] = cube.values[source];
    const symbol = cube.statuses.get(source);
    if (symbol !== undefined) statuses.set(cell, symbol);
  }
  return { ...cube, dimensions: parts.map((part) => part.dimension), values, statuses };
}

// ---- refusals ----

/**
 * Why a query is refused, before either API words it its own way: v1 as `{"error": …}`, 2.0 as
 * problem+json. `variable` and `value` name what was wrong.
 */
export class QueryRefusal extends Error {
  override name = 'QueryRefusal';
  constructor(
    readonly kind: 'body' | 'variable' | 'value' | 'missing' | 'duplicate' | 'format' | 'codelist' | 'too-many-cells',
    message: string,
    readonly details: { variable?: string; value?: string; cells?: number; limit?: number; format?: string } = {},
  ) {
    super(message);
  }
}

/** StatFault's refusals of the importers' resolvers, as the server's own. */
function refusalOf(error: unknown): never {
  if (error instanceof StatFault) {
    const { problem } = error;
    if (problem.code === 'pxweb-dimension-unknown') throw new QueryRefusal('variable', error.message, { variable: String(problem.params.dimension) });
    if (problem.code === 'pxweb-value-unknown') throw new QueryRefusal('value', error.message, { variable: String(problem.params.dimension), value: String(problem.params.value) });
  }
  throw error;
}

function checkCells(selection: readonly { values: readonly unknown[] }[], limit: number) {
  const cells = cellCount(selection);
  if (cells > limit) throw new QueryRefusal('too-many-cells', `The query asks for ${cells} cells; at most ${limit} are given at a time.`, { cells, limit });
}

// ---- PxWeb API v1 ----

export const V1_FORMATS = ['json', 'json-stat', 'json-stat2', 'csv', 'px'] as const;
export type V1Format = (typeof V1_FORMATS)[number];

/** `?config` (SSDHandler.cs): the same on every path from `{lang}` down. */
export function v1Config(limits: PxwebLimits) {
  return { maxValues: MAX_VALUES, maxCells: limits.maxCells, maxCalls: limits.maxCalls, timeWindow: limits.timeWindow, CORS: true };
}

export function v1Databases(lang: Language) {
  return [{ dbid: PXWEB_DATABASE, text: DATABASE[lang] }];
}

/** The database's levels: one per domain that has a published indicator, in the domains' order, `general` last. */
export function v1Levels(items: readonly IndicatorListItem[], lang: Language) {
  const used = new Set(items.map((item) => levelOf(item.domain)));
  return [...DOMAINS, GENERAL_LEVEL].filter((level) => used.has(level)).map((level) => ({ id: level, type: 'l' as const, text: levelText(level, lang) }));
}

/** PxWeb writes a table's time as local `2025-03-28T08:00:00`; ours is UTC, written the same way. */
const pxwebTime = (iso: string | null) => (iso ? iso.slice(0, 19) : null);

export function v1Tables(items: readonly IndicatorListItem[], level: string, lang: Language) {
  return items
    .filter((item) => levelOf(item.domain) === level)
    .map((item) => ({ id: v1TableId(item.id), type: 't' as const, text: tableTitle(item, lang), updated: pxwebTime(item.updated) }));
}

/** A table's metadata (`GET` on it): `{title, variables:[{code, text, values, valueTexts, elimination, time}]}`. */
export function v1Metadata(cube: Cube, lang: string) {
  return {
    title: cube.title[lang] ?? cube.id,
    variables: cube.dimensions.map((dimension) => {
      const listed = dimension.values.length <= MAX_VALUES;
      return {
        code: dimension.code,
        text: dimension.label[lang] ?? dimension.code,
        values: listed ? dimension.values.map((value) => value.code) : null,
        valueTexts: listed ? dimension.values.map((value) => value.label[lang] ?? value.code) : null,
        // Nothing may be summed away: regions of two countries at several levels, measures, periods.
        elimination: dimension.elimination ?? false,
        time: dimension.role === 'time',
      };
    }),
  };
}

const isText = (value: unknown): value is string => typeof value === 'string';

/**
 * A v1 query body (`{"query":[{"code", "selection":{"filter","values"}}], "response":{"format"}}`)
 * read against the table: the selection in the table's order and the format. Filters `item`,
 * `all` (one pattern, `*` any run), `top` (the last n); every variable must be there, as none of
 * ours may be eliminated; the format defaults to `px`, as SSDHandler's does.
 */
export function readV1Query(body: unknown, cube: Cube, maxCells: number): { selection: SelectedDimension[]; format: V1Format } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new QueryRefusal('body', 'The body is not a PxWeb query: {"query":[…],"response":{"format":…}}');
  const { query, response } = body as { query?: unknown; response?: unknown };
  if (!Array.isArray(query)) throw new QueryRefusal('body', 'query is not a list of {code, selection}');
  const formatGiven = response && typeof response === 'object' ? (response as { format?: unknown }).format : undefined;
  if (formatGiven !== undefined && !isText(formatGiven)) throw new QueryRefusal('format', 'response.format is not text');
  const format = (formatGiven ?? 'px').toLowerCase();
  if (!(V1_FORMATS as readonly string[]).includes(format)) throw new QueryRefusal('format', `response.format ${formatGiven} is not one of ${V1_FORMATS.join(', ')}`, { format: formatGiven });
  const parts: PxwebQueryPart[] = query.map((raw, i) => {
    const part = raw as { code?: unknown; selection?: { filter?: unknown; values?: unknown } } | null;
    const values = part?.selection?.values;
    if (!part || !isText(part.code) || !isText(part.selection?.filter) || !Array.isArray(values) || !values.every(isText)) {
      throw new QueryRefusal('body', `query[${i}] is not {"code":…,"selection":{"filter":…,"values":[…]}}`);
    }
    // PxWeb's own filters whatever their case; a grouping (`agg:…`, `vs:…`) keeps its name as given.
    const filter = ['item', 'all', 'top'].includes(part.selection.filter.toLowerCase()) ? part.selection.filter.toLowerCase() : part.selection.filter;
    return { code: part.code, selection: { filter, values } };
  });
  const seen = new Set<string>();
  for (const part of parts) {
    if (seen.has(part.code)) throw new QueryRefusal('duplicate', `The variable ${part.code} is asked for twice`, { variable: part.code });
    seen.add(part.code);
  }
  const missing = cube.dimensions.find((dimension) => !dimension.elimination && !seen.has(dimension.code));
  let selection: SelectedDimension[];
  try {
    selection = resolvePxwebQuery(cube.dimensions, parts);
  } catch (error) {
    refusalOf(error);
  }
  if (missing) throw new QueryRefusal('missing', `The variable ${missing.code} may not be left out (elimination: false)`, { variable: missing.code });
  checkCells(selection, maxCells);
  return { selection, format: format as V1Format };
}

/** A figure as PxWeb writes it in `json` and CSV: the shown decimals, or the cell's symbol (`..` for none). */
function formatted(value: number, status: string | undefined, decimals: number): string {
  return Number.isNaN(value) ? (status ?? '..') : value.toFixed(decimals);
}

/**
 * PxWeb's own `json` (JsonSerializer.cs): every other variable in the stub, the measures as
 * columns of type `c`, one row per stub combination with its figures as formatted strings.
 */
export function v1Json(cube: Cube, lang: string) {
  const stub = cube.dimensions.slice(0, -1);
  const measure = cube.dimensions.at(-1)!;
  const per = measure.values.length;
  const rows = per === 0 ? 0 : cube.values.length / per;
  const step = strides(stub);
  const columns = [
    ...stub.map((dimension) => ({ code: dimension.code, text: dimension.label[lang] ?? dimension.code, type: dimension.role === 'time' ? 't' : 'd' })),
    ...measure.values.map((value) => ({ code: value.code, text: value.label[lang] ?? value.code, type: 'c', ...(value.unit?.label?.[lang] ? { unit: value.unit.label[lang] } : {}) })),
  ];
  const data = Array.from({ length: rows }, (_, row) => ({
    key: stub.map((dimension, d) => dimension.values[Math.floor(row / step[d]) % dimension.values.length].code),
    values: measure.values.map((value, m) => formatted(cube.values[row * per + m], cube.statuses.get(row * per + m), value.unit?.decimals ?? cube.decimals ?? 0)),
  }));
  return { columns, comments: [], data, metadata: [{ infofile: '', updated: cube.updated ?? '', label: cube.title[lang] ?? cube.id, source: cube.source?.[lang] ?? '' }] };
}

/** CSV in the `json` answer's layout: the stub's value texts, then a column per measure (formatted figures, `..` for none). */
export function pxwebCsv(cube: Cube, lang: string): string {
  const stub = cube.dimensions.slice(0, -1);
  const measure = cube.dimensions.at(-1)!;
  const per = measure.values.length;
  const step = strides(stub);
  const lines = [[...stub.map((dimension) => dimension.label[lang] ?? dimension.code), ...measure.values.map((value) => value.label[lang] ?? value.code)].map(csvCell).join(',')];
  const rows = per === 0 ? 0 : cube.values.length / per;
  for (let row = 0; row < rows; row++) {
    const texts = stub.map((dimension, d) => {
      const value = dimension.values[Math.floor(row / step[d]) % dimension.values.length];
      return csvCell(value.label[lang] ?? value.code);
    });
    const figures = measure.values.map((value, m) => {
      const cell = row * per + m;
      const figure = cube.values[cell];
      return Number.isNaN(figure) ? csvCell(cube.statuses.get(cell) ?? '..') : figure.toFixed(value.unit?.decimals ?? cube.decimals ?? 0);
    });
    lines.push([...texts, ...figures].join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

type Json = Record<string, unknown>;

/**
 * A cube as PxWeb's JSON-stat 2.0 (PCAxis.Serializers' JsonStat2Serializer, PxWebApi's metadata):
 * `category.index` as an object (PxWeb 2's web client reads its entries), the unit's text as
 * `base` beside JSON-stat's `label`, each dimension's `extension.elimination` (PxWeb 2 reads a
 * variable without it as mandatory anyway) and `extension.px` with the table's id, language,
 * decimals, stub and heading.
 */
export function pxwebJsonStat2(cube: Cube, lang: string, options: { values: boolean; tableId: string }): Json {
  const document = writeJsonStat(cube, {
    language: lang,
    version: 2,
    extension: {
      px: {
        tableid: options.tableId,
        language: lang,
        contents: cube.title[lang] ?? cube.id,
        heading: cube.dimensions.filter((dimension) => dimension.role === 'time').map((dimension) => dimension.code),
        stub: cube.dimensions.filter((dimension) => dimension.role !== 'time').map((dimension) => dimension.code),
        matrix: options.tableId,
        'official-statistics': false,
        aggregallowed: false,
      },
    },
  });
  if (!options.values) {
    delete document.value;
    delete document.status;
  }
  const dimensions = document.dimension as Record<string, { category: Json; extension?: Json }>;
  for (const dimension of cube.dimensions) {
    const written = dimensions[dimension.code];
    written.category.index = Object.fromEntries(dimension.values.map((value, p) => [value.code, p]));
    const units = written.category.unit as Record<string, Json> | undefined;
    for (const unit of Object.values(units ?? {})) if (unit.label !== undefined) unit.base = unit.label;
    written.extension = { elimination: dimension.elimination ?? false, show: 'value', codelists: [] };
  }
  return document;
}

/** A selected part of a table in a v1 format: the body and its media type. */
export function v1Answer(cube: Cube, format: V1Format, lang: string, tableId: string): { body: string; type: string; file?: string } {
  switch (format) {
    case 'json':
      return { body: JSON.stringify(v1Json(cube, lang)), type: 'application/json; charset=utf-8' };
    case 'json-stat':
      // JSON-stat 1.x under "dataset": the pxweb R package asserts exactly that top-level name.
      return { body: writeJsonStatString(cube, { language: lang, version: 1 }), type: 'application/json; charset=utf-8' };
    case 'json-stat2':
      return { body: JSON.stringify(pxwebJsonStat2(cube, lang, { values: true, tableId })), type: 'application/json; charset=utf-8' };
    case 'csv':
      return { body: pxwebCsv(cube, lang), type: 'text/csv; charset=utf-8', file: `${tableId}.csv` };
    case 'px':
      return { body: writePx(cube, { language: lang }), type: 'application/octet-stream', file: `${tableId}.px` };
  }
}

// ---- PxWebApi 2.0 ----

export const V2_FORMATS = ['json-stat2', 'csv', 'px'] as const;
export type V2Format = (typeof V2_FORMATS)[number];
/** Every format PxWebApi names (`OutputFormatType`); those it names and Talsinki does not write are refused as unsupported. */
export const V2_NAMED_FORMATS = ['px', 'json-stat2', 'csv', 'xlsx', 'html', 'json-px', 'parquet'] as const;

/** Each language's name in itself, as PxWeb's configuration lists them. */
const LANGUAGE_LABELS: Record<Language, string> = { fi: 'Suomi', et: 'Eesti', en: 'English', sv: 'Svenska', ru: 'Русский' };

/** `/config` (ExpectedJson/GetApiConfiguration.json). No licence is stated for the indicators as a whole: each side's figures are under their office's terms. */
export function v2Config(limits: PxwebLimits, appVersion: string) {
  return {
    apiVersion: '2.0.0',
    appVersion,
    languages: PXWEB_LANGUAGES.map((id) => ({ id, label: LANGUAGE_LABELS[id] })),
    defaultLanguage: 'en',
    maxDataCells: limits.maxCells,
    maxCallsPerTimeWindow: limits.maxCalls,
    timeWindow: limits.timeWindow,
    license: '',
    sourceReferences: [],
    defaultDataFormat: 'json-stat2',
    dataFormats: [...V2_FORMATS],
    features: [{ id: 'CORS', params: [{ key: 'enabled', value: 'True' }] }],
  };
}

export interface V2Link {
  rel: string;
  hreflang: string;
  href: string;
}

/** A table as `/tables` lists it and `/tables/{id}` gives it (ExpectedJson/TableById_tab004.json). */
export function v2Table(indicator: Indicator, lang: Language, base: string, withLanguage: boolean) {
  const level = levelOf(indicator.domain);
  const table = `${base}/tables/${encodeURIComponent(indicator.id)}`;
  const dimensions = indicatorCube(indicator, lang).dimensions;
  const links: V2Link[] = [
    { rel: 'self', hreflang: lang, href: `${table}?lang=${lang}` },
    ...PXWEB_LANGUAGES.filter((other) => other !== lang).map((other) => ({ rel: 'alternate', hreflang: other, href: `${table}?lang=${other}` })),
    { rel: 'metadata', hreflang: lang, href: `${table}/metadata?lang=${lang}` },
    { rel: 'data', hreflang: lang, href: `${table}/data?lang=${lang}&outputFormat=json-stat2` },
  ];
  return {
    ...(withLanguage ? { language: lang } : {}),
    id: indicator.id,
    label: tableTitle(indicator, lang),
    description: inLanguage(indicator.definition, lang),
    sortCode: indicator.id,
    updated: indicator.updated,
    firstPeriod: indicator.periods[0]?.code ?? null,
    lastPeriod: indicator.periods.at(-1)?.code ?? null,
    category: 'public',
    discontinued: false,
    variableNames: dimensions.map((dimension) => dimension.label[lang] ?? dimension.code),
    source: [...new Set(indicator.sources.map((source) => source.source.name))].join('; '),
    subjectCode: level,
    timeUnit: TIME_UNITS[indicator.frequency],
    paths: [[{ id: level, label: levelText(level, lang), sortCode: level }]],
    links,
  };
}

/**
 * What the data of a table is when no selection is given (`/defaultselection`, `/data` without
 * one): every region and kept value in the measure as published, over the newest periods that
 * fit in `maxCells` (all of them when they do; at least the newest).
 */
export function v2DefaultSelection(cube: Cube, maxCells: number): SelectedDimension[] {
  const time = cube.dimensions.find((dimension) => dimension.role === 'time');
  const perPeriod = cube.dimensions.reduce((product, dimension) => product * (dimension === time ? 1 : dimension.role === 'metric' ? Math.min(1, dimension.values.length) : dimension.values.length), 1);
  const periods = Math.max(1, Math.floor(maxCells / Math.max(1, perPeriod)));
  return cube.dimensions.map((dimension) => {
    const codes = dimension.values.map((value) => value.code);
    const values = dimension.role === 'metric' ? codes.slice(0, 1) : dimension === time ? codes.slice(Math.max(0, codes.length - periods)) : codes;
    return { code: dimension.code, role: dimension.role, values };
  });
}

/**
 * A v2 selection (`[{variableCode, codelist, valueCodes}]`, from a POST body or `valuecodes[VAR]`)
 * read against the table. Variable codes match whatever their case, as PxWebApi's do; values are
 * codes or expressions (`*`, `top(n)`, `from(x)`…). An empty selection is the default one.
 */
export function readV2Selection(parts: readonly Pxweb2SelectionPart[], cube: Cube, maxCells: number): SelectedDimension[] {
  if (parts.length === 0) {
    const selection = v2DefaultSelection(cube, maxCells);
    checkCells(selection, maxCells);
    return selection;
  }
  const seen = new Set<string>();
  const named = parts.map((part) => {
    const dimension = cube.dimensions.find((candidate) => candidate.code.toLowerCase() === part.variableCode.toLowerCase());
    if (!dimension) throw new QueryRefusal('variable', `Non-existent variable: ${part.variableCode}`, { variable: part.variableCode });
    if (seen.has(dimension.code)) throw new QueryRefusal('duplicate', `The variable ${dimension.code} is selected twice`, { variable: dimension.code });
    seen.add(dimension.code);
    if (part.codelist !== undefined && part.codelist !== null && part.codelist !== '') {
      throw new QueryRefusal('codelist', `Non-existent codelist: ${part.codelist} (Talsinki's variables have none)`, { variable: dimension.code, value: part.codelist });
    }
    return { variableCode: dimension.code, valueCodes: part.valueCodes };
  });
  const missing = cube.dimensions.find((dimension) => !dimension.elimination && !named.some((part) => part.variableCode === dimension.code && part.valueCodes.length > 0));
  if (missing) throw new QueryRefusal('missing', `Missing selection for mandantory variable: ${missing.code}`, { variable: missing.code });
  let selection: SelectedDimension[];
  try {
    selection = resolvePxweb2Selection(cube.dimensions, named);
  } catch (error) {
    refusalOf(error);
  }
  checkCells(selection, maxCells);
  return selection;
}

/** `valuecodes[VAR]=a,b` and `codelist[VAR]=x` of a GET, as the parts of a selection. */
export function selectionOfQuery(query: Record<string, unknown>): Pxweb2SelectionPart[] {
  const parts = new Map<string, Pxweb2SelectionPart>();
  const part = (code: string) => parts.get(code) ?? parts.set(code, { variableCode: code, valueCodes: [] }).get(code)!;
  for (const [key, raw] of Object.entries(query)) {
    const values = (Array.isArray(raw) ? raw : [raw]).filter(isText);
    const bracket = key.indexOf('[');
    if (bracket < 0 || !key.endsWith(']')) continue;
    const name = key.slice(0, bracket).toLowerCase();
    const code = key.slice(bracket + 1, -1);
    if (name === 'valuecodes') part(code).valueCodes.push(...values.flatMap((value) => value.split(',')).filter((value) => value !== ''));
    else if (name === 'codelist') part(code).codelist = values[0] ?? null;
  }
  return [...parts.values()];
}

/** A selected part of a table in a v2 format. */
export function v2Answer(cube: Cube, format: V2Format, lang: string, tableId: string): { body: string; type: string; file?: string } {
  if (format === 'json-stat2') return { body: JSON.stringify(pxwebJsonStat2(cube, lang, { values: true, tableId })), type: 'application/json; charset=utf-8' };
  return v1Answer(cube, format, lang, tableId);
}

// ---- calls per client ----

/**
 * Calls per client address in a sliding window, as PxWeb's RequestLimiter keeps them: at most
 * `maxCalls` per `windowMs`. Bounded: each address keeps at most `maxCalls` times, and beyond
 * `maxClients` addresses the idle ones are forgotten, then the first seen, down to nine tenths
 * (a flood from many addresses costs one sweep per tenth of the bound, and memory of
 * `maxClients × maxCalls` numbers, no more).
 */
export class CallWindows {
  private readonly calls = new Map<string, number[]>();

  constructor(
    private readonly maxCalls: number,
    private readonly windowMs: number,
    private readonly maxClients = 10_000,
  ) {}

  /** 0 when the call may go ahead (it is counted), else the seconds until it may. */
  take(address: string, now = Date.now()): number {
    let times = this.calls.get(address);
    if (!times) {
      times = [];
      this.calls.set(address, times);
      if (this.calls.size > this.maxClients) this.prune(now);
    }
    // Oldest first: the calls out of the window are at the front.
    let expired = 0;
    while (expired < times.length && times[expired] + this.windowMs <= now) expired++;
    if (expired > 0) times.splice(0, expired);
    if (times.length >= this.maxCalls) return Math.max(1, Math.ceil((times[0] + this.windowMs - now) / 1000));
    times.push(now);
    return 0;
  }

  private prune(now: number) {
    for (const [address, times] of this.calls) if (times.length > 0 && times[times.length - 1] + this.windowMs <= now) this.calls.delete(address);
    let excess = this.calls.size - Math.floor(this.maxClients * 0.9);
    for (const address of this.calls.keys()) {
      if (excess-- <= 0) break;
      this.calls.delete(address);
    }
  }

  get clients(): number {
    return this.calls.size;
  }
}
