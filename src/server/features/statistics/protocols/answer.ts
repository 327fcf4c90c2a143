import type { HarvestReason, StatProblem } from '../../../../shared/problems.ts';
import type { CubeDimension, SourceText } from '../cube.ts';
import { StatFault } from '../faults.ts';

/**
 * What the three statistics servers (PxWeb v1, PxWebApi 2.0, Eurostat) have in common once their
 * answers are read: a table's dimensions, and a verdict on one answer that tells the importer
 * what to do next. The protocol functions read the answer as the server sent it (status, content
 * type, text), so they are the same whichever HTTP client fetched it.
 */

/** One HTTP answer as it came: no parsing, no retrying in between. */
export interface ServerAnswer {
  status: number;
  contentType: string;
  body: string;
  /** The Retry-After header, if any (seconds or an HTTP date). */
  retryAfter?: string | null;
}

/**
 * What to do with an answer:
 * - `ok`: the parsed JSON, ready to read;
 * - `split`: too many cells for the server; halve the batch (`halveBatch`) and ask again;
 * - `retry`: may pass later (rate limit, 5xx, a maintenance page, a body cut short); wait at least
 *   `retryAfterMs` when the server said, else back off; `problem` is what to report if it never passes;
 * - `fail`: will be refused again; report `problem`.
 */
export type Verdict =
  | { action: 'ok'; json: unknown }
  | { action: 'split'; problem: StatProblem }
  | { action: 'retry'; problem: StatProblem; retryAfterMs: number | null }
  | { action: 'fail'; problem: StatProblem };

/** A table's description as PxWeb v1 and PxWebApi 2.0 give it before any figure is asked for. */
export interface TableMetadata {
  title: SourceText;
  dimensions: CubeDimension[];
  notes: SourceText[];
  source?: SourceText;
  /** When the source says the table last changed (ISO 8601). */
  updated?: string;
}

/** A maintenance page or a proxy's error page rather than the JSON asked for. */
export function isHtml(answer: ServerAnswer): boolean {
  if (/^\s*text\/html\b/i.test(answer.contentType)) return true;
  const start = answer.body.trimStart().slice(0, 15).toLowerCase();
  return start.startsWith('<!doctype html') || start.startsWith('<html');
}

/** The body as JSON, or why it is not (a body cut short, an empty one). */
export function parseBody(answer: ServerAnswer): { ok: true; json: unknown } | { ok: false; reason: HarvestReason } {
  try {
    return { ok: true, json: JSON.parse(answer.body) };
  } catch (error) {
    if (answer.body.trim() === '') return { ok: false, reason: { code: 'empty-body', params: {} } };
    return { ok: false, reason: { code: 'not-json', params: { detail: oneLine((error as Error).message, 200) } } };
  }
}

/**
 * The server's own words for a refusal, whichever of the shapes it uses: PxWeb v1
 * `{"error":"Parameter error"}`, problem+json `{title, detail}` (PxWebApi 2.0), Eurostat
 * `{"error":[{"label":…}]}` or `{"error":{"label":…}}`, or plain text (AspNetCoreRateLimit's 429).
 */
export function errorText(answer: ServerAnswer): string {
  if (isHtml(answer)) return '';
  const parsed = parseBody(answer);
  if (!parsed.ok) return oneLine(answer.body, 200);
  const json = parsed.json as Record<string, unknown> | null;
  if (typeof json === 'string') return oneLine(json, 200);
  if (json === null || typeof json !== 'object') return '';
  const error = Array.isArray(json.error) ? json.error[0] : json.error;
  if (typeof error === 'string') return oneLine(error, 200);
  if (error && typeof error === 'object' && typeof (error as { label?: unknown }).label === 'string') {
    return oneLine((error as { label: string }).label, 200);
  }
  const parts = [json.title, json.detail].filter((part): part is string => typeof part === 'string' && part.trim() !== '');
  const unique = parts.filter((part, i) => parts.indexOf(part) === i);
  return oneLine(unique.join(': '), 200);
}

/** Retry-After in milliseconds (RFC 9110 §10.2.3: seconds or an HTTP date), or null. */
export function retryAfterMs(answer: ServerAnswer, now: number = Date.now()): number | null {
  const value = answer.retryAfter?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * Whether `code` matches a PxWeb wildcard pattern: `*` any run of characters and, when
 * `question` is set (PxWebApi 2.0), `?` one character. Walks both strings once with one
 * remembered star, so no pattern can make it backtrack without bound.
 */
export function matchesWildcard(pattern: string, code: string, question: boolean): boolean {
  let p = 0;
  let c = 0;
  let star = -1;
  let resume = 0;
  while (c < code.length) {
    if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = c;
    } else if (p < pattern.length && (pattern[p] === code[c] || (question && pattern[p] === '?'))) {
      p++;
      c++;
    } else if (star >= 0) {
      p = star + 1;
      c = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** The value as an object, or `pxweb-answer-invalid` saying what it is not. */
export function asObject(value: unknown, address: string, detail: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) invalid(address, detail);
  return value as Record<string, unknown>;
}

/** The answer is JSON but not in the shape the server's protocol sends. */
export function invalid(address: string, detail: string): never {
  throw new StatFault({ code: 'pxweb-answer-invalid', params: { address, detail } });
}

/** A 2xx answer: JSON is read; an HTML page or a body cut short may be the server's bad moment. */
export function okOrRetry(answer: ServerAnswer, address: string): Verdict {
  if (isHtml(answer)) return { action: 'retry', problem: { code: 'pxweb-html-answer', params: { address } }, retryAfterMs: null };
  const parsed = parseBody(answer);
  if (!parsed.ok) return { action: 'retry', problem: { code: 'source-unreadable', params: { address, reason: parsed.reason } }, retryAfterMs: null };
  return { action: 'ok', json: parsed.json };
}
