import { sql, type RawBuilder } from 'kysely';
import pg from 'pg';

/** pg's general parser (postgres-date), taken before ours replaces it. */
export const parseAnyTimestamp = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (text: string) => Date;

/**
 * PostgreSQL's `timestamptz` text ("2026-11-21 18:35:18.42606+00") as a Date. The common shape
 * (four-digit year, whole-hour offset) is read by position: on a list page the general
 * regular-expression parser cost more than building the rest of the response. Anything else
 * (BC, infinity, minute offsets) goes to the general parser. Like it, keeps milliseconds.
 */
export function parseTimestamptz(text: string): Date {
  const length = text.length;
  const sign = text.charCodeAt(length - 3);
  const simple =
    length >= 22 && text.charCodeAt(0) !== 48 && text.charCodeAt(4) === 45 && text.charCodeAt(10) === 32 && (sign === 43 || sign === 45);
  if (!simple) return parseAnyTimestamp(text);
  const fraction = length > 22 ? text.slice(20, length - 3) : '';
  const ms = fraction ? Number(`${fraction}00`.slice(0, 3)) : 0;
  const offsetHours = Number(text.slice(length - 2)) * (sign === 45 ? -1 : 1);
  const utc = Date.UTC(Number(text.slice(0, 4)), Number(text.slice(5, 7)) - 1, Number(text.slice(8, 10)), Number(text.slice(11, 13)), Number(text.slice(14, 16)), Number(text.slice(17, 19)), ms);
  return new Date(utc - offsetHours * 3_600_000);
}

/** A timestamptz as PostgreSQL text exactly as JavaScript's `toISOString()` writes it, for JSON written by the database. */
export function isoText(expression: RawBuilder<unknown> | ReturnType<typeof sql.ref>) {
  return sql<string>`to_char(${expression} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
