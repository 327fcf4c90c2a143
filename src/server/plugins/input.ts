import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { isInternationalEmail } from '../lib/email.ts';
import { HttpProblem, type FieldError } from './problems.ts';

/**
 * What PostgreSQL cannot store is refused at the edge, for every route at once, with the field
 * named: a NUL character or half of a UTF-16 surrogate pair anywhere in a path parameter, the
 * query string or a body (keys included), and dates outside years 1–9999 or with a leap second.
 * A route written tomorrow is covered without knowing it; `input.test.ts` walks every route.
 */

/** The first reason `text` cannot be stored as PostgreSQL text, or null. */
export function unstorableText(text: string): string | null {
  return unstorableReason(text)?.message ?? null;
}

function unstorableReason(text: string): Pick<FieldError, 'code' | 'message'> | null {
  if (text.includes('\u0000')) return { code: 'nul-character', message: 'must not contain a NUL character' };
  if (!text.isWellFormed()) return { code: 'broken-unicode', message: 'must be valid Unicode (it has half of a surrogate pair)' };
  return null;
}

/** Every unstorable string in a parsed value, walked without recursion (JSON may nest deeply). */
export function unstorableFields(value: unknown, root: string): FieldError[] {
  const errors: FieldError[] = [];
  const pending: { value: unknown; path: string }[] = [{ value, path: root }];
  while (pending.length && errors.length < 20) {
    const { value: current, path } = pending.pop()!;
    if (typeof current === 'string') {
      const problem = unstorableReason(current);
      if (problem) errors.push({ path, ...problem } as FieldError);
    } else if (current && typeof current === 'object') {
      for (const [key, inner] of Object.entries(current)) {
        const problem = unstorableReason(key);
        if (problem) errors.push({ path: `${path}/(a key)`, ...problem } as FieldError);
        else pending.push({ value: inner, path: `${path}/${key}` });
      }
    }
  }
  return errors;
}

/** `multipart/form-data` must say where its parts end; busboy would fail on it without a status. */
function missingBoundary(request: FastifyRequest): boolean {
  const type = request.headers['content-type'];
  if (typeof type !== 'string') return false;
  const [mediaType, ...parameters] = type.split(';');
  if (!mediaType.trim().toLowerCase().startsWith('multipart/')) return false;
  return !parameters.some((parameter) => {
    const [name, given] = parameter.split('=');
    return name.trim().toLowerCase() === 'boundary' && Boolean(given?.trim());
  });
}

function refuse(errors: FieldError[]): void {
  if (errors.length) throw new HttpProblem(400, 'unstorable-text', 'Invalid request', 'Some fields contain characters that cannot be stored.', { errors });
}

/** Refuses, as a 400, a request part with text the database cannot store. */
export function refuseUnstorable(value: unknown, root: string): void {
  refuse(unstorableFields(value, root));
}

export function registerInputGuard(app: FastifyInstance) {
  // Path and query first, before access rules that read the item a path names.
  app.addHook('onRequest', async (request) => {
    if (missingBoundary(request)) {
      throw new HttpProblem(400, 'multipart-without-boundary', 'Multipart body without a boundary', 'A multipart/form-data request must name its boundary in the Content-Type header.');
    }
    refuse([...unstorableFields(request.params, 'params'), ...unstorableFields(request.query, 'querystring')]);
  });
  // A multipart form's fields are read later, by the feature: attachments' readForm checks them.
  app.addHook('preValidation', async (request) => refuseUnstorable(request.body, 'body'));
}

// ---- dates ----

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;
// The instant itself must fall in years 1–9999 too: 0001-01-01T00:00+01:00 is in year 0 in UTC.
const FIRST_MS = Date.parse('0001-01-01T00:00:00Z');
const LAST_MS = Date.parse('9999-12-31T23:59:59.999Z');

function isCalendarDay(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A day of years 1–9999 that exists. */
export function isStorableDate(text: string): boolean {
  const match = DATE.exec(text);
  return Boolean(match) && isCalendarDay(Number(match![1]), Number(match![2]), Number(match![3]));
}

/** RFC 3339 date and time in years 1–9999, without a leap second (JavaScript's Date has none). */
export function isStorableDateTime(text: string): boolean {
  const match = DATE_TIME.exec(text);
  if (!match) return false;
  const [, year, month, day, hour, minute, second, offsetHour, offsetMinute] = match.map(Number);
  if (!isCalendarDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return false;
  if (match[7] !== undefined && (offsetHour > 23 || offsetMinute > 59)) return false;
  const ms = Date.parse(text.toUpperCase().replace(' ', 'T'));
  return Number.isFinite(ms) && ms >= FIRST_MS && ms <= LAST_MS;
}

/** Replaces ajv-formats' date checks, which let year 0 and leap seconds through to a 500. */
export function addStorableDateFormats(ajv: Ajv) {
  ajv.addFormat('date', { type: 'string', validate: isStorableDate });
  ajv.addFormat('date-time', { type: 'string', validate: isStorableDateTime });
}

/**
 * The formats the route schemas name, as this server reads them: ajv-formats', with storable
 * dates and internationalised e-mail addresses. Every Ajv that reads those schemas (the request
 * validators, the answers' check against the OpenAPI document) takes these.
 */
export function addSchemaFormats<T extends Ajv>(ajv: T): T {
  addFormats.default(ajv);
  addStorableDateFormats(ajv);
  ajv.addFormat('idn-email', { type: 'string', validate: isInternationalEmail });
  return ajv;
}
