import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import { cache } from '../../lib/cache.ts';
import type { Expr, QueryOptions } from './query/ast.ts';
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
