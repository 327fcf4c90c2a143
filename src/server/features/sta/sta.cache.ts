import { sql, type RawBuilder } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import { cache } from '../../lib/cache.ts';
import type { ExpandItem, Expr, QueryOptions } from './query/ast.ts';
import { ENTITY_TYPES, navigationOf, type EntityType, type EntityTypeName } from './sta.model.ts';
import type { Row } from './sta.serialize.ts';
import type { ResourcePath } from './sta.path.ts';

/**
 * The Observations of one stream as read, kept (lib/cache.ts) under the stream's
 * `observations_version`, which every write of its Observations moves in the update of the
 * stream's spans it makes anyway: a gateway's dashboard asking for the latest 100 every few seconds
 * costs one primary-key read until the next write, on every instance, with no bus. Only reads
 * whose answer depends on nothing but the stream's Observations are kept: no `$expand`, and no
 * `$filter`, `$orderby` or `$select` through a relation or on the clock (`now()`). An internal
 * stream is never kept (who may see it is decided per request).
 */

const streamReads = cache.section<string>('sta.stream-observations');

/** The stream whose Observations `path` with `options` reads, when the answer may be kept; else null. */
export function keptStreamRead(path: ResourcePath, options: QueryOptions): number | null {
  const [stream, observations] = path.steps;
  if (path.steps.length !== 2 || path.tail.kind !== 'collection' || stream.id === undefined || observations.type.name !== 'Observation') return null;
  if (stream.type.name !== 'Datastream' && stream.type.name !== 'MultiDatastream') return null;
  if (options.expand.length > 0) return null;
  const own = (segments: readonly string[]) => segments[0] === '@iot.id' || segments[0] === 'id' || Object.hasOwn(observations.type.properties, segments[0]);
  if (options.select && !options.select.every(own)) return null;
  if (options.filter && !ownOnly(options.filter, own)) return null;
  if (!options.orderBy.every((item) => ownOnly(item.expr, own))) return null;
  return Number(stream.id);
}

/** Whether an expression reads only the entity's own properties and constants. */
function ownOnly(expr: Expr, own: (segments: readonly string[]) => boolean): boolean {
  switch (expr.kind) {
    case 'literal':
      return true;
    case 'path':
      return own(expr.segments);
    case 'not':
    case 'negate':
      return ownOnly(expr.operand, own);
    case 'binary':
      return ownOnly(expr.left, own) && ownOnly(expr.right, own);
    case 'in':
      return ownOnly(expr.operand, own) && expr.list.every((item) => ownOnly(item, own));
    case 'call':
      return expr.name !== 'now' && expr.args.every((arg) => ownOnly(arg, own));
    case 'lambda':
      return false;
  }
}

/**
 * The answer's JSON text for a kept read: from the cache when the stream has not been written
 * since, else from `read` (then kept). Null when the stream is internal or does not exist: the
 * caller reads it as any other request.
 */
export async function keptRead(db: QueryBuilder, streamId: number, query: string, read: () => Promise<unknown>): Promise<string | null> {
  const { rows } = await sql<{ version: string; internal: boolean }>`select observations_version::text as version, internal from sta_datastreams where id = ${streamId}`.execute(db);
  const stream = rows[0];
  if (!stream || stream.internal) return null;
  return streamReads.fetch(db, stream.version, `${streamId}?${query}`, async () => JSON.stringify(await read()));
}

/**
 * The rows of an expanded to-one relation (an Observation's FeatureOfInterest, a Datastream's Thing,
 * Sensor and ObservedProperty) kept (lib/cache.ts) under the row's `xmin`, which PostgreSQL gives
 * every new version of a row: the query that reads the parents' rows reads each related row's
 * `xmin` beside them (`relatedVersionColumns`), so a page whose related rows are kept needs no second
 * query, and a related row changed since is read again. Only types whose rows change by their own
 * writes alone: a Datastream's spans move with every Observation written. Reads inside a transaction
 * never use it (a row updated twice in one transaction keeps one `xmin`).
 */
const KEPT_RELATED = new Set<EntityTypeName>(['Thing', 'Sensor', 'ObservedProperty', 'FeatureOfInterest']);
const relatedRows = cache.section<Row>('sta.related-rows');

/** The column a kept relation's version is read into, beside the parent's own. */
export const relatedVersionColumn = (name: string) => `_v_${name}`;

/** The column of a relation whose `$expand` with `options` may take its rows from the cache, else undefined. */
function keptJoinColumn(type: EntityType, name: string, options: QueryOptions | undefined): string | undefined {
  const navigation = navigationOf(type, name);
  if (!navigation || navigation.join.kind !== 'here' || !KEPT_RELATED.has(navigation.target) || options?.filter) return undefined;
  return navigation.join.column;
}

/** Whether `$expand` of the relation `name` of `type` with `options` may take its rows from the cache. */
export function keepsRelated(type: EntityType, name: string, options: QueryOptions | undefined): boolean {
  return keptJoinColumn(type, name, options) !== undefined;
}

/** For each item of `expand` that may be kept, its related row's version, as columns to add to a query of `type` under `alias`. */
export function relatedVersionColumns(type: EntityType, expand: readonly ExpandItem[], alias: string): RawBuilder<unknown> {
  const columns = new Map<string, RawBuilder<unknown>>();
  for (const item of expand) {
    const name = item.path[0];
    const column = columns.has(name) ? undefined : keptJoinColumn(type, name, item.path.length === 1 ? item.options : undefined);
    if (column === undefined) continue;
    const table = ENTITY_TYPES[navigationOf(type, name)!.target].table;
    columns.set(name, sql`, (select r.xmin::text from ${sql.raw(table)} r where r.id = ${sql.ref(`${alias}.${column}`)}) as ${sql.ref(relatedVersionColumn(name))}`);
  }
  return columns.size ? sql.join([...columns.values()], sql``) : sql``;
}

/** The kept row of `type` with this id at this version, if any. */
export function keptRelatedRow(db: QueryBuilder, type: EntityType, id: unknown, version: string): Row | undefined {
  return relatedRows.get(db, version, `${type.table}(${id})`);
}

/** Keeps a row read with its version (`_version`), frozen: every answer that uses it shares it. */
export function keepRelatedRow(db: QueryBuilder, type: EntityType, row: Row): void {
  relatedRows.set(db, String(row._version), `${type.table}(${row.id})`, Object.freeze(row));
}
