import { StatFault } from '../faults.ts';
import type { EurostatQuery } from '../protocols/eurostat.ts';
import type { PxwebQueryPart } from '../protocols/pxweb.ts';
import type { Pxweb2SelectionPart } from '../protocols/pxweb2.ts';

/**
 * A source's selection (`stat_sources.query`) in each protocol's terms. One form serves every
 * kind: `{dimension code: [value codes] | "*" | "pattern" | {top: n}}`, a dimension left out
 * being eliminated where the table allows (else taken whole). Beside it each server's own query
 * is taken as it is, since that is what its web page offers to copy: PxWeb v1's
 * `{"query": [{code, selection: {filter, values}}]}` and PxWebApi 2.0's
 * `{"selection": [{variableCode, valueCodes}]}`.
 *
 * Keys starting with `$` are settings, not dimensions: `$contents` names PxWeb v1's contents
 * variable where the guess would be wrong (it is never split). Eurostat also takes its own
 * time parameters: `sinceTimePeriod`, `untilTimePeriod`, `lastTimePeriod`.
 *
 * A selection the reader cannot read is refused as `pxweb-value-unknown` naming the dimension,
 * before anything is asked of the server.
 */

type Raw = Record<string, unknown>;

/** One dimension's selection in the common form. */
export type Choice = { kind: 'codes'; codes: string[] } | { kind: 'pattern'; pattern: string } | { kind: 'top'; count: number };

function refuse(dimension: string, value: unknown): never {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  throw new StatFault({ code: 'pxweb-value-unknown', params: { dimension, value: text.slice(0, 200) } });
}

/** The common form's dimensions (settings left out), each read into a Choice. */
export function choicesOf(query: Raw, skip: ReadonlySet<string> = new Set()): Map<string, Choice> {
  const choices = new Map<string, Choice>();
  for (const [dimension, value] of Object.entries(query)) {
    if (dimension.startsWith('$') || skip.has(dimension)) continue;
    choices.set(dimension, choiceOf(dimension, value));
  }
  return choices;
}

function choiceOf(dimension: string, value: unknown): Choice {
  if (Array.isArray(value)) {
    if (value.length === 0 || !value.every((code) => typeof code === 'string' && code !== '')) refuse(dimension, value);
    return { kind: 'codes', codes: value as string[] };
  }
  if (typeof value === 'string' && value !== '') return { kind: 'pattern', pattern: value };
  if (value !== null && typeof value === 'object' && Object.keys(value).length === 1) {
    const count = (value as { top?: unknown }).top;
    if (typeof count === 'number' && Number.isInteger(count) && count >= 1) return { kind: 'top', count };
  }
  return refuse(dimension, value);
}

// ---- PxWeb v1 ----

export interface PxwebSelection {
  parts: PxwebQueryPart[];
  /** The contents variable when the source names it. */
  contents: string | null;
}

export function pxwebSelection(query: Raw): PxwebSelection {
  const contents = typeof query.$contents === 'string' && query.$contents !== '' ? query.$contents : null;
  if (Array.isArray(query.query)) return { parts: query.query.map(nativeV1Part), contents };
  const parts = [...choicesOf(query)].map(([code, choice]): PxwebQueryPart => {
    if (choice.kind === 'codes') return { code, selection: { filter: 'item', values: choice.codes } };
    if (choice.kind === 'pattern') return { code, selection: { filter: 'all', values: [choice.pattern] } };
    return { code, selection: { filter: 'top', values: [String(choice.count)] } };
  });
  return { parts, contents };
}

function nativeV1Part(raw: unknown, i: number): PxwebQueryPart {
  const part = raw as { code?: unknown; selection?: { filter?: unknown; values?: unknown } } | null;
  const code = typeof part?.code === 'string' && part.code !== '' ? part.code : `query[${i}]`;
  const { filter, values } = part?.selection ?? {};
  if (code !== part?.code || typeof filter !== 'string' || !Array.isArray(values) || !values.every((value) => typeof value === 'string')) refuse(code, part?.selection ?? raw);
  return { code, selection: { filter, values: values as string[] } };
}

// ---- PxWebApi 2.0 ----

export function pxweb2Selection(query: Raw): Pxweb2SelectionPart[] {
  if (Array.isArray(query.selection)) return query.selection.map(nativeV2Part);
  return [...choicesOf(query)].map(([variableCode, choice]): Pxweb2SelectionPart => {
    if (choice.kind === 'codes') return { variableCode, valueCodes: choice.codes };
    if (choice.kind === 'pattern') return { variableCode, valueCodes: [choice.pattern] };
    return { variableCode, valueCodes: [`top(${choice.count})`] };
  });
}

function nativeV2Part(raw: unknown, i: number): Pxweb2SelectionPart {
  const part = raw as { variableCode?: unknown; valueCodes?: unknown } | null;
  const code = typeof part?.variableCode === 'string' && part.variableCode !== '' ? part.variableCode : `selection[${i}]`;
  const values = part?.valueCodes;
  if (code !== part?.variableCode || !Array.isArray(values) || values.length === 0 || !values.every((value) => typeof value === 'string')) refuse(code, values ?? raw);
  return { variableCode: code, valueCodes: values as string[] };
}

// ---- Eurostat ----

const EUROSTAT_TIME = new Set(['time', 'time_period']);
const EUROSTAT_PARAMETERS = new Set(['sinceTimePeriod', 'untilTimePeriod', 'lastTimePeriod']);

export type EurostatSelection = Required<Pick<EurostatQuery, 'filters'>> & Pick<EurostatQuery, 'sinceTimePeriod' | 'untilTimePeriod' | 'lastTimePeriod'>;

/**
 * Eurostat's filters: listed codes become `DIM=code` (repeated); `"*"` means no filter; `{top: n}`
 * on time is `lastTimePeriod=n`. Eurostat has no wildcards, and a dataset's codes are not known
 * before its answer, so a pattern or a `top` on another dimension is refused.
 */
export function eurostatSelection(query: Raw): EurostatSelection {
  const filters: Record<string, string[]> = {};
  const selection: EurostatSelection = { filters };
  for (const [dimension, choice] of choicesOf(query, EUROSTAT_PARAMETERS)) {
    if (choice.kind === 'codes') filters[dimension] = choice.codes;
    else if (choice.kind === 'top' && EUROSTAT_TIME.has(dimension.toLowerCase())) selection.lastTimePeriod = choice.count;
    else if (choice.kind !== 'pattern' || choice.pattern !== '*') refuse(dimension, query[dimension]);
  }
  for (const name of ['sinceTimePeriod', 'untilTimePeriod'] as const) {
    const value = query[name];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value === '') refuse(name, value);
    selection[name] = value;
  }
  const last = query.lastTimePeriod;
  if (last !== undefined) {
    if (typeof last !== 'number' || !Number.isInteger(last) || last < 1) refuse('lastTimePeriod', last);
    selection.lastTimePeriod = last;
  }
  return selection;
}

export function isEurostatTime(dimension: string): boolean {
  return EUROSTAT_TIME.has(dimension.toLowerCase());
}
