import { HttpProblem, problems } from '../../plugins/problems.ts';
import { readLocation } from './geo.ts';
import type { EntityType, PropertyDef } from './sta.model.ts';

/**
 * The values a SensorThings client writes, checked and turned into columns (OGC 18-088 §8):
 * text, JSON, GeoJSON with its box, ISO 8601 instants and intervals, and results that must fit
 * their stream's observation type. Every refusal names the field as `body/<name>`.
 */

export type Columns = Record<string, unknown>;

export const invalid = (field: string, message: string) => problems.badRequest(`${field}: ${message}`, [{ path: `body/${field}`, code: 'invalid', message }]);

/** `2026-12-01T10:00:00Z`, `…T10:00:00.123+02:00`, `…T10:00Z`: an offset is required, as 18-088 writes times. Linear: no nested or overlapping repetition. */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Days of a month of the proleptic Gregorian calendar (as `Date` counts them). */
function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS[month - 1];
}

/** An instant as epoch milliseconds, or undefined when the text is not one (a calendar date that does not exist included). */
export function parseInstant(text: string): number | undefined {
  if (text.length > 40) return undefined;
  const match = INSTANT.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || (second ?? 0) > 59) return undefined;
  const value = Date.parse(text);
  return Number.isNaN(value) ? undefined : value;
}

/** An instant or an interval `start/end` (start ≤ end). */
export function parseTimeValue(value: unknown): { start: number; end: number | null } | undefined {
  if (typeof value !== 'string') return undefined;
  const slash = value.indexOf('/');
  if (slash < 0) {
    const instant = parseInstant(value);
    return instant === undefined ? undefined : { start: instant, end: null };
  }
  const start = parseInstant(value.slice(0, slash));
  const end = parseInstant(value.slice(slash + 1));
  return start === undefined || end === undefined || end < start ? undefined : { start, end };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

/** The columns of one property from a written value; `null` clears an optional property. */
export function propertyColumns(type: EntityType, name: string, property: PropertyDef, value: unknown, encodingType?: unknown): Columns {
  const [first, second] = property.columns;
  switch (property.kind) {
    case 'text':
      if (typeof value !== 'string') throw invalid(name, 'must be text');
      return { [first]: value };
    case 'json':
      if (name === 'properties' || name === 'parameters' || name === 'unitOfMeasurement') {
        if (value !== null && (typeof value !== 'object' || Array.isArray(value))) throw invalid(name, 'must be a JSON object');
      }
      if ((name === 'unitOfMeasurements' || name === 'multiObservationDataTypes') && !Array.isArray(value)) throw invalid(name, 'must be a JSON array');
      return { [first]: json(value) };
    case 'geometry': {
      const read = readLocation(value, typeof encodingType === 'string' ? encodingType : 'application/geo+json');
      if (!read.ok) throw invalid(name, read.reason);
      return { [first]: json(value), min_lon: read.bbox.minLon, min_lat: read.bbox.minLat, max_lon: read.bbox.maxLon, max_lat: read.bbox.maxLat };
    }
    case 'time': {
      if (value === null && name === 'resultTime') return { [first]: null };
      const time = parseTimeValue(value);
      if (!time || time.end !== null) throw invalid(name, 'must be an ISO 8601 instant with its offset, as 2026-12-01T10:00:00Z');
      return { [first]: iso(time.start) };
    }
    case 'interval': {
      if (value === null) return { [first]: null, [second]: null };
      const time = parseTimeValue(value);
      if (!time || time.end === null) throw invalid(name, 'must be an ISO 8601 interval, as 2026-12-01T00:00:00Z/2026-12-02T00:00:00Z');
      return { [first]: iso(time.start), [second]: iso(time.end) };
    }
    case 'phenomenon': {
      const time = parseTimeValue(value);
      if (!time) throw invalid(name, 'must be an ISO 8601 instant or interval with offsets, as 2026-12-01T10:00:00Z');
      return { [first]: iso(time.start), [second]: iso(time.end) };
    }
    case 'result':
      // Checked against the stream's observation type by the caller, which knows the stream.
      return typeof value === 'number' ? { [first]: value, [second]: null } : { [first]: null, [second]: json(value) ?? 'null' };
  }
  void type;
}

const OM = 'http://www.opengis.net/def/observationType/OGC-OM/2.0/';
export const OBSERVATION_TYPES = {
  measurement: `${OM}OM_Measurement`,
  category: `${OM}OM_CategoryObservation`,
  count: `${OM}OM_CountObservation`,
  truth: `${OM}OM_TruthObservation`,
  any: `${OM}OM_Observation`,
  complex: `${OM}OM_ComplexObservation`,
} as const;

/** Whether a result fits an observation type (null, a missing value, fits any); unknown types take any result. */
export function resultFits(observationType: string, result: unknown): boolean {
  if (result === null) return true;
  switch (observationType) {
    case OBSERVATION_TYPES.measurement:
      return typeof result === 'number' && Number.isFinite(result);
    case OBSERVATION_TYPES.count:
      return Number.isSafeInteger(result);
    case OBSERVATION_TYPES.truth:
      return typeof result === 'boolean';
    case OBSERVATION_TYPES.category:
      return typeof result === 'string';
    default:
      return true;
  }
}

const TYPE_WORDS: Record<string, string> = {
  [OBSERVATION_TYPES.measurement]: 'a number',
  [OBSERVATION_TYPES.count]: 'a whole number',
  [OBSERVATION_TYPES.truth]: 'true or false',
  [OBSERVATION_TYPES.category]: 'a category (text)',
};

export function resultMismatch(observationType: string, result: unknown): HttpProblem {
  const expected = TYPE_WORDS[observationType] ?? 'a value of its type';
  return new HttpProblem(400, 'result-type-mismatch', 'Result does not fit', `The result ${JSON.stringify(result)?.slice(0, 80)} is not ${expected} (${observationType}).`, {
    params: { observationType },
  });
}

/** A MultiDatastream's result: an array as long as its ObservedProperties, each part fitting its own type. */
export function multiResultProblem(types: readonly string[], result: unknown): HttpProblem | undefined {
  if (result === null) return undefined;
  if (!Array.isArray(result) || result.length !== types.length) {
    return new HttpProblem(400, 'multidatastream-arity', 'Wrong number of results', `The result must be an array of ${types.length} values, one per ObservedProperty.`);
  }
  const bad = result.findIndex((part, i) => !resultFits(types[i], part));
  return bad < 0 ? undefined : resultMismatch(types[bad], result[bad]);
}
