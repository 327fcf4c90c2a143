import type { StatProblem } from '../../../../shared/problems.ts';
import { errorText, isHtml, parseBody, retryAfterMs, type ServerAnswer, type Verdict } from './answer.ts';
import type { Batch } from './split.ts';

/**
 * Eurostat's dissemination API, statistics service (research §6): the dataset address with its
 * filters, and what an answer means. The answer is a JSON-stat 2.0 dataset with a sparse `value`;
 * reading it is the JSON-stat reader's work.
 */

export const EUROSTAT_API = 'https://ec.europa.eu/eurostat/api/dissemination';

export type EurostatLanguage = 'EN' | 'FR' | 'DE';

export interface EurostatQuery {
  dataset: string;
  lang?: EurostatLanguage;
  /** `DIM=value`, repeated for several values; order and case do not matter to Eurostat. */
  filters?: Readonly<Record<string, readonly string[]>>;
  sinceTimePeriod?: string;
  untilTimePeriod?: string;
  lastTimePeriod?: number;
}

/**
 * `{api}/statistics/1.0/data/{dataset}?format=JSON&lang=EN&geo=FI1B1&geo=EE001&…`. The filters keep
 * the order given, so the same query is the same address (and a vintage's request is stable).
 */
export function eurostatDataUrl(query: EurostatQuery, api: string = EUROSTAT_API): string {
  const params = new URLSearchParams({ format: 'JSON', lang: query.lang ?? 'EN' });
  for (const [dimension, values] of Object.entries(query.filters ?? {})) {
    for (const value of values) params.append(dimension, value);
  }
  if (query.sinceTimePeriod !== undefined) params.append('sinceTimePeriod', query.sinceTimePeriod);
  if (query.untilTimePeriod !== undefined) params.append('untilTimePeriod', query.untilTimePeriod);
  if (query.lastTimePeriod !== undefined) params.append('lastTimePeriod', String(query.lastTimePeriod));
  const root = api.endsWith('/') ? api.slice(0, -1) : api;
  return `${root}/statistics/1.0/data/${encodeURIComponent(query.dataset)}?${params}`;
}

/** The query for one batch of a split selection: each of its dimensions becomes a filter. */
export function eurostatBatchQuery(dataset: string, batch: Batch, lang: EurostatLanguage = 'EN'): EurostatQuery {
  return { dataset, lang, filters: Object.fromEntries(batch.map((dimension) => [dimension.code, dimension.values])) };
}

interface EurostatError {
  status: number | null;
  id: number | null;
  label: string;
}

/**
 * Eurostat's error, whether `error` is an object or a list of them (both are seen), with `status`
 * and `id` as numbers or strings; also a `warning` saying the answer will come asynchronously.
 */
function readError(json: unknown): EurostatError | null {
  if (json === null || typeof json !== 'object') return null;
  const root = json as { error?: unknown; warning?: unknown };
  const raw = root.error ?? root.warning;
  const error = Array.isArray(raw) ? raw[0] : raw;
  if (error === null || typeof error !== 'object') return null;
  const { status, id, label } = error as { status?: unknown; id?: unknown; label?: unknown };
  const number = (value: unknown) => (value === undefined || value === null || value === '' || !Number.isFinite(Number(value)) ? null : Number(value));
  return { status: number(status), id: number(id), label: typeof label === 'string' ? label : '' };
}

/** The JSON-stat answer has no figure at all (a filter code Eurostat does not know gives this, not an error). */
function isEmptyDataset(json: unknown): boolean {
  const value = (json as { value?: unknown } | null)?.value;
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.every((cell) => cell === null);
  return typeof value === 'object' && Object.keys(value).length === 0;
}

/**
 * What a Eurostat answer means:
 * - 200 JSON-stat with figures → ok; with an empty `value` → `eurostat-no-data`;
 * - `ASYNCHRONOUS_RESPONSE` (413, or a 200 carrying it) → retry later: Eurostat is preparing it
 *   (`eurostat-not-ready` if it never comes);
 * - 413 `EXTRACTION_TOO_BIG`, 416 (too many categories) → split;
 * - fault 100 "No results found" with 400 → `eurostat-no-data`; 404 (unknown dataset), 140
 *   (syntax), 150 (semantic) and other refusals → `eurostat-refused`;
 * - 429 and 5xx, an HTML page (`pxweb-html-answer`, worded for any server), a body cut short → retry.
 */
export function classifyEurostatAnswer(answer: ServerAnswer, context: { dataset: string; address: string }): Verdict {
  const { dataset, address } = context;
  const retryable = (problem: StatProblem): Verdict => ({ action: 'retry', problem, retryAfterMs: retryAfterMs(answer) });
  if (isHtml(answer)) {
    // A maintenance or proxy page: PxWeb's wording fits ("a web page instead of data").
    const problem: StatProblem = { code: 'pxweb-html-answer', params: { address } };
    return answer.status < 400 || answer.status === 429 || answer.status >= 500 ? retryable(problem) : { action: 'fail', problem };
  }
  const parsed = parseBody(answer);
  const error = parsed.ok ? readError(parsed.json) : null;
  const label = error?.label || errorText(answer);
  if (/ASYNCHRONOUS_RESPONSE/i.test(label)) return retryable({ code: 'eurostat-not-ready', params: { dataset } });
  const status = answer.status >= 200 && answer.status < 300 && error?.status ? error.status : answer.status;
  if (status >= 200 && status < 300) {
    if (!parsed.ok) return retryable({ code: 'source-unreadable', params: { address, reason: parsed.reason } });
    if (isEmptyDataset(parsed.json)) return { action: 'fail', problem: { code: 'eurostat-no-data', params: { dataset } } };
    return { action: 'ok', json: parsed.json };
  }
  if (/EXTRACTION_TOO_BIG/i.test(label) || status === 413 || status === 416) return { action: 'split', problem: { code: 'eurostat-too-big', params: { dataset } } };
  const refused: StatProblem = { code: 'eurostat-refused', params: { dataset, status, detail: label } };
  if (status === 429 || status >= 500) return retryable(refused);
  if (status === 400 && error?.id === 100) return { action: 'fail', problem: { code: 'eurostat-no-data', params: { dataset } } };
  return { action: 'fail', problem: refused };
}
