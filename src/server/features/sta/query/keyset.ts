import { sql, type RawBuilder } from 'kysely';
import { HttpProblem } from '../../../plugins/problems.ts';
import type { EntityType } from '../sta.model.ts';
import type { OrderByItem } from './ast.ts';

/**
 * Keyset paging (`$skiptoken`, OGC 18-088 §9.3.3.7 leaves its form to the server): a page's
 * nextLink carries its last row's order keys, and the next page starts after them through an index
 * range, where `$skip` counted past every row before it (the 10,000th page of a stream of 10 M read a
 * million rows to throw them away). Served where every key is a column that is never null: the id,
 * and an Observation's phenomenonTime (start, then end); any other order pages by `$skip` as before.
 */

type Sql = RawBuilder<unknown>;

interface Key {
  sql: Sql;
  cast: 'timestamptz' | 'bigint';
  descending: boolean;
}

export interface Keyset {
  keys: readonly Key[];
  /** The order the token was made for: a token given with another order is refused, not misread. */
  signature: string;
}

/** The keyset of an order, or undefined when one of its keys may be null or is computed. */
export function keysetOf(type: EntityType, orderBy: readonly OrderByItem[], alias: string): Keyset | undefined {
  const keys: Key[] = [];
  const names: string[] = [];
  for (const item of orderBy) {
    if (item.expr.kind !== 'path' || item.expr.segments.length !== 1) return undefined;
    const [name] = item.expr.segments;
    names.push(`${name} ${item.descending ? 'desc' : 'asc'}`);
    if (name === 'id' || name === '@iot.id') keys.push({ sql: sql.raw(`${alias}.id`), cast: 'bigint', descending: item.descending });
    else if (type.name === 'Observation' && name === 'phenomenonTime') {
      keys.push({ sql: sql.raw(`${alias}.phenomenon_time`), cast: 'timestamptz', descending: item.descending });
      keys.push({ sql: sql.raw(`coalesce(${alias}.phenomenon_end, ${alias}.phenomenon_time)`), cast: 'timestamptz', descending: item.descending });
    } else return undefined;
  }
  // compileOrderBy ends every order with the id, ascending.
  keys.push({ sql: sql.raw(`${alias}.id`), cast: 'bigint', descending: false });
  return { keys, signature: [type.name, ...names].join(',') };
}

/** The keys as the database writes them (text, exact to the microsecond), read beside a page's rows. */
export function keysetColumns(keyset: Keyset): Sql {
  return sql.join(
    keyset.keys.map((key, i) => sql`${key.sql}::text as ${sql.raw(`_k${i}`)}`),
    sql`, `,
  );
}

/** The token for the page that follows `row` (a row read with keysetColumns). */
export function tokenAfter(keyset: Keyset, row: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify([keyset.signature, ...keyset.keys.map((_, i) => row[`_k${i}`])])).toString('base64url');
}

const badToken = (detail: string) => new HttpProblem(400, 'query-option-invalid', 'Invalid query option', `$skiptoken ${detail}; use the nextLink of the page before as it is.`, { params: { option: '$skiptoken' } });

/** The database's own text of a time (`2026-03-01 10:00:00.123456+00`), or an id. */
const TIME_TEXT = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,6})?[+-]\d\d(?::\d\d){0,2}$/;
const ID_TEXT = /^\d{1,19}$/;

/**
 * The condition that a row comes after the token's row in the keyset's order: the first key past
 * its value, or equal and the next past, and so on; the first key's bound is written out beside, so
 * the planner sees a range on it.
 */
export function afterToken(keyset: Keyset | undefined, token: string): Sql {
  if (!keyset) throw badToken("is served for an order by the id or by an Observation's phenomenonTime without a geometric filter, and this request orders otherwise");
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw badToken('is not one this server wrote');
  }
  if (!Array.isArray(values) || typeof values[0] !== 'string') throw badToken('is not one this server wrote');
  if (values[0] !== keyset.signature) throw badToken('was written for another $orderby');
  if (values.length !== keyset.keys.length + 1) throw badToken('is not one this server wrote');
  const keys = keyset.keys.map((key, i) => {
    const value = values[i + 1];
    if (typeof value !== 'string' || !(key.cast === 'bigint' ? ID_TEXT : TIME_TEXT).test(value)) throw badToken('is not one this server wrote');
    return { ...key, value: sql`${value}::${sql.raw(key.cast)}` };
  });
  const past = (key: (typeof keys)[number], orEqual = false) => sql`${key.sql} ${sql.raw(key.descending ? (orEqual ? '<=' : '<') : orEqual ? '>=' : '>')} ${key.value}`;
  const branches = keys.map((key, i) => sql.join([...keys.slice(0, i).map((before) => sql`${before.sql} = ${before.value}`), past(key)], sql` and `));
  return sql`(${past(keys[0], true)} and (${sql.join(branches, sql` or `)}))`;
}
