import type { StatProblem } from '../../../../shared/problems.ts';
import type { CubeDimension, CubeValue, DimensionRole, SourceText } from '../cube.ts';
import { StatFault } from '../faults.ts';
import { asObject, errorText, invalid, isHtml, matchesWildcard, okOrRetry, retryAfterMs, type ServerAnswer, type TableMetadata, type Verdict } from './answer.ts';
import type { Batch, SelectedDimension } from './split.ts';

/**
 * PxWebApi 2.0 (research §3; PxTools/PxApiSpecs PxAPI-2.yml and the PxWebApi implementation):
 * `/config`, `/tables/{id}/metadata` (a JSON-stat 2.0 dataset without values, which does flag the
 * metric and elimination), the data request by GET or POST, and its problem+json refusals.
 * `base` is the API root, e.g. `https://statistikdatabasen.scb.se/api/v2`.
 */

// ---- /config ----

export interface Pxweb2Config {
  maxDataCells: number;
  maxCallsPerTimeWindow: number;
  /** Seconds. */
  timeWindow: number;
  languages: string[];
  defaultLanguage: string | null;
}

export function pxweb2ConfigUrl(base: string): string {
  return `${trimSlash(base)}/config`;
}

export function readPxweb2Config(json: unknown, address: string): Pxweb2Config {
  const config = asObject(json, address, 'the configuration is not an object');
  const count = (name: string): number => {
    const value = config[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) invalid(address, `${name} is not a positive whole number`);
    return value;
  };
  const languages = Array.isArray(config.languages)
    ? config.languages.map((language) => (language as { id?: unknown })?.id).filter((id): id is string => typeof id === 'string')
    : [];
  return {
    maxDataCells: count('maxDataCells'),
    maxCallsPerTimeWindow: count('maxCallsPerTimeWindow'),
    timeWindow: count('timeWindow'),
    languages,
    defaultLanguage: typeof config.defaultLanguage === 'string' ? config.defaultLanguage : null,
  };
}

// ---- /tables/{id}/metadata ----

export function pxweb2MetadataUrl(base: string, table: string, lang: string): string {
  return `${trimSlash(base)}/tables/${encodeURIComponent(table)}/metadata?lang=${encodeURIComponent(lang)}`;
}

type Json = Record<string, unknown>;

/**
 * A table's metadata: a JSON-stat 2.0 dataset without `value` (ExpectedJson/MetadataById_*_js2.json).
 * Roles from `role` (time, geo, metric), elimination from each dimension's `extension.elimination`,
 * units and decimals of the metric from `category.unit` (`base`, PxWebApi's; `label`, JSON-stat's).
 * A shape it cannot read is `jsonstat-invalid` naming the place.
 */
export function readPxweb2Metadata(json: unknown, lang: string): TableMetadata {
  const root = jsonObject(json, '');
  if (root.class !== undefined && root.class !== 'dataset') throw jsonstatInvalid('class', 'is not "dataset"');
  const ids = root.id;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string')) throw jsonstatInvalid('id', 'is not a list of dimension codes');
  if (new Set(ids).size !== ids.length) throw jsonstatInvalid('id', 'names a dimension twice');
  const sizes = root.size;
  if (!Array.isArray(sizes) || sizes.length !== ids.length) throw jsonstatInvalid('size', 'does not have one size per id');
  const dimensionsJson = jsonObject(root.dimension, 'dimension');
  const roles = readRoles(root.role, ids as string[]);
  const dimensions = (ids as string[]).map((code, k) => readDimension(code, jsonObject(dimensionsJson[code], `dimension.${code}`), sizes[k], roles.get(code) ?? null, lang));
  const text = (value: unknown): SourceText | undefined => (typeof value === 'string' ? { [lang]: value } : undefined);
  const notes = Array.isArray(root.note) ? root.note.filter((note): note is string => typeof note === 'string').map((note) => ({ [lang]: note })) : [];
  return {
    title: text(root.label) ?? {},
    dimensions,
    notes,
    ...(text(root.source) ? { source: text(root.source) } : {}),
    ...(typeof root.updated === 'string' ? { updated: root.updated } : {}),
  };
}

function readRoles(raw: unknown, ids: readonly string[]): Map<string, DimensionRole> {
  const roles = new Map<string, DimensionRole>();
  if (raw === undefined) return roles;
  const role = jsonObject(raw, 'role');
  for (const name of ['time', 'geo', 'metric'] as const) {
    const codes = role[name];
    if (codes === undefined) continue;
    if (!Array.isArray(codes)) throw jsonstatInvalid(`role.${name}`, 'is not a list');
    for (const code of codes) {
      if (typeof code !== 'string' || !ids.includes(code)) throw jsonstatInvalid(`role.${name}`, `names ${String(code)}, which is not a dimension`);
      roles.set(code, name);
    }
  }
  return roles;
}

function readDimension(code: string, raw: Json, size: unknown, role: DimensionRole | null, lang: string): CubeDimension {
  const at = `dimension.${code}.category`;
  const category = jsonObject(raw.category, at);
  const labels = category.label === undefined ? {} : jsonObject(category.label, `${at}.label`);
  const codes = categoryCodes(category.index, labels, at);
  if (codes.length !== size) throw jsonstatInvalid(`size`, `gives ${String(size)} for ${code}, which has ${codes.length} categories`);
  const units = category.unit === undefined ? {} : jsonObject(category.unit, `${at}.unit`);
  const extension = raw.extension && typeof raw.extension === 'object' ? (raw.extension as Json) : {};
  return {
    code,
    label: { [lang]: typeof raw.label === 'string' ? raw.label : code },
    role,
    elimination: extension.elimination === true,
    values: codes.map((value): CubeValue => {
      const label = typeof labels[value] === 'string' ? (labels[value] as string) : value;
      const unit = units[value] && typeof units[value] === 'object' ? (units[value] as Json) : null;
      if (!unit) return { code: value, label: { [lang]: label } };
      const unitLabel = typeof unit.base === 'string' ? unit.base : typeof unit.label === 'string' ? unit.label : undefined;
      return {
        code: value,
        label: { [lang]: label },
        unit: { ...(unitLabel !== undefined ? { label: { [lang]: unitLabel } } : {}), ...(Number.isInteger(unit.decimals) ? { decimals: unit.decimals as number } : {}) },
      };
    }),
  };
}

/** `category.index` as an array of codes or an object `{code: position}`; left out for one category. */
function categoryCodes(index: unknown, labels: Json, at: string): string[] {
  if (Array.isArray(index)) {
    if (!index.every((code) => typeof code === 'string')) throw jsonstatInvalid(`${at}.index`, 'is not a list of codes');
    if (new Set(index).size !== index.length) throw jsonstatInvalid(`${at}.index`, 'lists a code twice');
    return index as string[];
  }
  if (index !== undefined) {
    const positions = jsonObject(index, `${at}.index`);
    const codes = Object.keys(positions);
    const ordered = new Array<string>(codes.length);
    for (const code of codes) {
      const position = positions[code];
      if (typeof position !== 'number' || !Number.isInteger(position) || position < 0 || position >= codes.length || ordered[position] !== undefined) {
        throw jsonstatInvalid(`${at}.index.${code}`, 'is not a free position');
      }
      ordered[position] = code;
    }
    return ordered;
  }
  const codes = Object.keys(labels);
  if (codes.length !== 1) throw jsonstatInvalid(`${at}.index`, 'is missing, and there is not exactly one category');
  return codes;
}

function jsonObject(value: unknown, path: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw jsonstatInvalid(path || '(document)', 'is not an object');
  return value as Json;
}

function jsonstatInvalid(path: string, detail: string): StatFault {
  return new StatFault({ code: 'jsonstat-invalid', params: { path, detail } });
}

// ---- selections ----

/** One variable of a v2 selection, as a source's settings and the POST body write it. */
export interface Pxweb2SelectionPart {
  variableCode: string;
  valueCodes: string[];
  codelist?: string | null;
}

/**
 * A source's v2 selection checked against the metadata and written out as codes in the table's
 * order. Each value code is a code or an expression (SelectionExpressions/ExpressionUtil.cs):
 * `*`/`?` wildcards, `top(n[,offset])`, `bottom(n[,offset])`, `from(code)`, `to(code)`,
 * `range(a,b)`. A variable left out is eliminated when it may be, else taken whole.
 */
export function resolvePxweb2Selection(dimensions: readonly CubeDimension[], selection: readonly Pxweb2SelectionPart[]): SelectedDimension[] {
  const byCode = new Map(selection.map((part) => [part.variableCode, part]));
  for (const part of selection) {
    if (!dimensions.some((dimension) => dimension.code === part.variableCode)) {
      throw new StatFault({ code: 'pxweb-dimension-unknown', params: { dimension: part.variableCode } });
    }
  }
  const result: SelectedDimension[] = [];
  for (const dimension of dimensions) {
    const codes = dimension.values.map((value) => value.code);
    const part = byCode.get(dimension.code);
    if (!part) {
      if (!dimension.elimination) result.push({ code: dimension.code, role: dimension.role, values: codes });
      continue;
    }
    const wanted = new Set<string>();
    for (const expression of part.valueCodes) {
      const matched = expressionCodes(expression, codes);
      if (matched === null || matched.length === 0) throw new StatFault({ code: 'pxweb-value-unknown', params: { dimension: dimension.code, value: expression } });
      for (const code of matched) wanted.add(code);
    }
    result.push({ code: dimension.code, role: dimension.role, values: codes.filter((code) => wanted.has(code)) });
  }
  return result;
}

/** The codes an expression selects, or null when it is not a well-formed expression or a known code. */
function expressionCodes(expression: string, codes: readonly string[]): string[] | null {
  if (codes.includes(expression)) return [expression];
  const call = parseCall(expression);
  if (call) {
    const { name, args } = call;
    if ((name === 'top' || name === 'bottom') && args.length >= 1 && args.length <= 2) {
      const [n, offset = 0] = args.map(Number);
      if (!Number.isInteger(n) || n < 1 || !Number.isInteger(offset) || offset < 0) return null;
      // top: the last values (the newest periods); bottom: the first.
      return name === 'top' ? codes.slice(Math.max(0, codes.length - offset - n), codes.length - offset) : codes.slice(offset, offset + n);
    }
    const position = (code: string) => codes.indexOf(code);
    if (name === 'from' && args.length === 1 && position(args[0]) >= 0) return codes.slice(position(args[0]));
    if (name === 'to' && args.length === 1 && position(args[0]) >= 0) return codes.slice(0, position(args[0]) + 1);
    if (name === 'range' && args.length === 2 && position(args[0]) >= 0 && position(args[1]) >= position(args[0])) {
      return codes.slice(position(args[0]), position(args[1]) + 1);
    }
    return null;
  }
  if (expression.includes('*') || expression.includes('?')) return codes.filter((code) => matchesWildcard(expression, code, true));
  return null;
}

/** `name(a,b)` with a known name, read without a regular expression. */
function parseCall(expression: string): { name: string; args: string[] } | null {
  const open = expression.indexOf('(');
  if (open < 0 || !expression.endsWith(')')) return null;
  const name = expression.slice(0, open).trim().toLowerCase();
  if (!['top', 'bottom', 'from', 'to', 'range'].includes(name)) return null;
  return { name, args: expression.slice(open + 1, -1).split(',').map((arg) => arg.trim()) };
}

// ---- the data request ----

export type Pxweb2Request = { method: 'GET'; url: string } | { method: 'POST'; url: string; body: { selection: Pxweb2SelectionPart[] } };

/** Above this an address may be cut by a proxy; the same selection then goes as a POST body. */
export const MAX_GET_URL = 2000;

/**
 * The data request for one batch, json-stat2. A GET with `valuecodes[VAR]=a,b` while the address
 * stays short and no code holds a comma (the list separator), else a POST with
 * `{selection:[{variableCode, valueCodes}]}` (the property is `valueCodes`, as the implementation
 * reads it, though the spec's `required` says `values`).
 */
export function pxweb2DataRequest(base: string, table: string, lang: string, batch: Batch, maxUrl = MAX_GET_URL): Pxweb2Request {
  const address = `${trimSlash(base)}/tables/${encodeURIComponent(table)}/data?lang=${encodeURIComponent(lang)}&outputFormat=json-stat2`;
  const parts = batch.map((dimension) => `valuecodes[${encodeURIComponent(dimension.code)}]=${dimension.values.map(encodeURIComponent).join(',')}`);
  const url = [address, ...parts].join('&');
  const commaInCode = batch.some((dimension) => dimension.values.some((value) => value.includes(',')));
  if (!commaInCode && url.length <= maxUrl) return { method: 'GET', url };
  return { method: 'POST', url: address, body: { selection: batch.map((dimension) => ({ variableCode: dimension.code, valueCodes: [...dimension.values] })) } };
}

// ---- answers ----

export interface Pxweb2AnswerContext {
  address: string;
  cells?: number;
  limit?: number;
  /** For a 400 "Non-existent variable/value": which one, when the caller can tell. */
  blame?: () => StatProblem | null;
}

/**
 * What a PxWebApi 2.0 answer means: 2xx JSON → ok (HTML or a body cut short → retry); too many
 * cells → split, whether as the spec's 403 or as the implementation's 400 "Too many cells
 * selected"; 429 (problem+json or the rate limiter's plain text) and 5xx → retry; 400
 * "Non-existent variable/value" → `blame`'s problem or `pxweb-refused`; the rest → `pxweb-refused`.
 */
export function classifyPxweb2Answer(answer: ServerAnswer, context: Pxweb2AnswerContext): Verdict {
  const { address } = context;
  if (answer.status >= 200 && answer.status < 300) return okOrRetry(answer, address);
  const detail = errorText(answer);
  if (isHtml(answer) && answer.status >= 500) return { action: 'retry', problem: { code: 'pxweb-html-answer', params: { address } }, retryAfterMs: retryAfterMs(answer) };
  const refused: StatProblem = { code: 'pxweb-refused', params: { address, status: answer.status, detail } };
  if (answer.status === 429 || answer.status >= 500) return { action: 'retry', problem: refused, retryAfterMs: retryAfterMs(answer) };
  const tooMany = answer.status === 403 || (answer.status === 400 && /too many cells/i.test(detail));
  if (tooMany && context.cells !== undefined && context.limit !== undefined) {
    return { action: 'split', problem: { code: 'pxweb-too-many-cells', params: { cells: context.cells, limit: context.limit } } };
  }
  if (answer.status === 400 && /non-existent (variable|value)|missing selection/i.test(detail)) return { action: 'fail', problem: context.blame?.() ?? refused };
  return { action: 'fail', problem: refused };
}

function trimSlash(base: string): string {
  return base.endsWith('/') ? base.slice(0, -1) : base;
}
