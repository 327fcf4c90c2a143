import { sql, type RawBuilder } from 'kysely';
import { HttpProblem } from '../../../plugins/problems.ts';
import type { Geometry } from 'geojson';
import { parseWkt, type Bbox } from '../geo.ts';
import { ENTITY_TYPES, navigationOf, propertyOf, type EntityType, type NavigationDef, type NavigationJoin, type PropertyDef } from '../sta.model.ts';
import type { Expr, LiteralValue, OrderByItem } from './ast.ts';
import { streamSeen, type Viewer } from '../sta.visibility.ts';

/**
 * `$filter` and `$orderby` trees compiled to SQL over the model's tables (OGC 18-088 §9.3.3.5).
 * Each expression gets a static kind; operands of kinds that do not go together are refused
 * (400 `filter-type-mismatch`) rather than compared by a guess. JSON values (`properties/…`,
 * `result`) take the kind of what they are compared with, row by row: a JSON string never
 * equals a number.
 *
 * Times are compared as intervals [start, end], an instant being [t, t]: `a lt b` when a ends
 * no later than b starts and starts before it; `gt` the mirror; `eq` both ends equal. For
 * instants these are the usual comparisons, and for an Observation's phenomenonTime (an
 * instant or an interval row by row) one formula serves both, keeping a bound on its start
 * that the index can use.
 */

type Sql = RawBuilder<unknown>;

type Compiled =
  | { kind: 'number' | 'string' | 'boolean' | 'date' | 'time'; sql: Sql }
  | { kind: 'temporal'; start: Sql; end: Sql }
  | { kind: 'duration'; months: number; milliseconds: number }
  /** JSON of any type; `number` is the column that holds it when it is a number (an Observation's result). */
  | { kind: 'json'; sql: Sql; number?: Sql }
  /** A stored geometry (GeoJSON jsonb) and its box columns (min lon, min lat, max lon, max lat). */
  | { kind: 'geometry'; sql: Sql; box: [Sql, Sql, Sql, Sql] }
  | { kind: 'null' };

/** Where an expression is evaluated: the entity type and alias of each name in scope. */
export interface Scope {
  type: EntityType;
  alias: string;
  /** Lambda variables (`d` in `Datastreams/any(d: …)`). */
  variables?: ReadonlyMap<string, { type: EntityType; alias: string }>;
  /** Who reads: internal streams they may not see are left out of lambdas too. */
  viewer: Viewer;
  /** For fresh aliases of subqueries. */
  counter: { next: number };
}

const mismatch = (detail: string) => new HttpProblem(400, 'filter-type-mismatch', 'Filter type mismatch', detail);
export const unknownProperty = (type: EntityType, name: string) =>
  new HttpProblem(400, 'unknown-property', 'Unknown property', `${type.name} has no property or relation "${name}".`, { params: { entityType: type.name, name } });
export const unsupported = (fn: string, detail: string) => new HttpProblem(400, 'filter-unsupported', 'Filter not supported', detail, { params: { function: fn } });

const fresh = (scope: Scope) => `q${scope.counter.next++}`;
const col = (alias: string, column: string) => sql.raw(`${alias}.${column}`);

/**
 * The SQL condition that an entity of `type` under `alias` may be seen by `viewer`: a stream by its
 * own row, an Observation by its stream's (sta.visibility.ts). No list of hidden streams is read
 * first, so a read is spared a round trip, and the planner sees conditions it can estimate.
 */
export function visibility(type: EntityType, alias: string, viewer: Viewer): Sql | undefined {
  const parts: Sql[] = [];
  if (type.rowFilter) parts.push(sql.raw(type.rowFilter(alias)));
  if (type.name === 'Datastream' || type.name === 'MultiDatastream') {
    const seen = streamSeen(alias, viewer);
    if (seen) parts.push(seen);
  }
  if (type.name === 'Observation' && !viewer.staff) {
    const stream = `${alias}_s`;
    parts.push(sql`exists (select 1 from sta_datastreams ${sql.raw(stream)} where ${col(stream, 'id')} = ${col(alias, 'datastream_id')} and ${streamSeen(stream, viewer)})`);
  }
  return parts.length ? sql.join(parts, sql` and `) : undefined;
}

/** The condition joining `outer` (of the navigation's source type) to `inner` (of its target). */
export function navigationCondition(navigation: NavigationDef, outer: string, inner: string): Sql {
  const join = navigation.join;
  return join.kind === 'here' ? sql`${col(inner, 'id')} = ${col(outer, join.column)}` : underParent(join, col(outer, 'id'), inner);
}

/**
 * That `inner` is related by `navigation` to the entity whose id is `parentId`, without reading
 * the parent's row: undefined for a `here` relation, whose target's id is in the parent's row.
 */
export function navigationFromId(navigation: NavigationDef, parentId: string, inner: string): Sql | undefined {
  const join = navigation.join;
  return join.kind === 'here' ? undefined : underParent(join, sql`${parentId}::bigint`, inner);
}

/** That `inner` is one of the entities a to-many relation of the parent whose id is `parentId` reaches. */
function underParent(join: Exclude<NavigationJoin, { kind: 'here' }>, parentId: Sql, inner: string): Sql {
  if (join.kind === 'there') return sql`${col(inner, join.column)} = ${parentId}`;
  return sql`exists (select 1 from ${sql.raw(join.table)} l where l.${sql.raw(join.thisColumn)} = ${parentId} and l.${sql.raw(join.targetColumn)} = ${col(inner, 'id')})`;
}

export function compileFilter(expr: Expr, scope: Scope): Sql {
  return asBoolean(compile(expr, scope), expr);
}

/** `$orderby` keys, then the id, so that pages never overlap. */
export function compileOrderBy(items: readonly OrderByItem[], scope: Scope): Sql {
  const keys: Sql[] = [];
  for (const item of items) {
    const direction = sql.raw(item.descending ? 'desc' : 'asc');
    const value = isCall(item.expr, 'geo.distance') ? distanceOrderKey(item.expr, scope).key : compile(item.expr, scope);
    for (const key of orderKeys(value, item.expr)) keys.push(sql`${key} ${direction} nulls ${sql.raw(item.descending ? 'first' : 'last')}`);
  }
  keys.push(sql`${col(scope.alias, 'id')} asc`);
  return sql.join(keys, sql`, `);
}

/**
 * `$orderby=geo.distance(g, geography'POINT(x y)')`: exact in SQL where the row's geometry is one
 * position (its box has no extent, min = max), the distance between two points; `nonPoint` is true
 * for a row whose geometry has extent, whose key is null (sorted last ascending): the reader refuses
 * a page that would place such a row rather than order it by a guess. Any other literal is refused.
 */
export function distanceOrderKey(expr: Extract<Expr, { kind: 'call' }>, scope: Scope): { key: Compiled; nonPoint: Sql } {
  const operands = expr.args.map((arg) => geoOperand(arg, scope));
  const literal = operands.find((o) => o.kind === 'literal');
  const value = operands.find((o) => o.kind === 'value');
  if (!literal || !value || literal.geometry.type !== 'Point') {
    throw unsupported('geo.distance', `geo.distance in $orderby (position ${expr.pos}) is served between a geometry property and a geography'POINT(…)' literal only.`);
  }
  const [x, y] = literal.geometry.coordinates;
  const [minLon, minLat, maxLon, maxLat] = value.box;
  const point = sql`(${minLon} = ${maxLon} and ${minLat} = ${maxLat})`;
  return {
    key: { kind: 'number', sql: sql`(case when ${point} then sqrt(power(${minLon} - ${x}::float8, 2) + power(${minLat} - ${y}::float8, 2)) end)` },
    nonPoint: sql`coalesce(${value.sql} is not null and not ${point}, false)`,
  };
}

function orderKeys(value: Compiled, expr: Expr): Sql[] {
  switch (value.kind) {
    case 'temporal':
      return [value.start, value.end];
    case 'json':
      return value.number ? [value.number, value.sql] : [value.sql];
    case 'number':
    case 'string':
    case 'boolean':
    case 'date':
    case 'time':
      return [value.sql];
    default:
      throw mismatch(`The value at position ${expr.pos} cannot be ordered by.`);
  }
}

function compile(expr: Expr, scope: Scope): Compiled {
  switch (expr.kind) {
    case 'literal':
      return literal(expr.literal);
    case 'path':
      return resolvePath(expr.segments, scope, expr.pos);
    case 'not':
      return { kind: 'boolean', sql: sql`(not coalesce(${asBoolean(compile(expr.operand, scope), expr.operand)}, false))` };
    case 'negate': {
      const operand = compile(expr.operand, scope);
      return { kind: 'number', sql: sql`(-${asNumber(operand, expr.operand)})` };
    }
    case 'binary':
      return binary(expr.op, expr.left, expr.right, scope, expr.pos);
    case 'in': {
      const operand = compile(expr.operand, scope);
      const alternatives = expr.list.map((item) => comparison('eq', operand, compile(item, scope), expr.pos));
      return { kind: 'boolean', sql: sql`(${sql.join(alternatives, sql` or `)})` };
    }
    case 'call':
      return call(expr.name, expr.args, scope, expr.pos);
    case 'lambda':
      return lambda(expr, scope);
  }
}

function literal(value: LiteralValue): Compiled {
  switch (value.type) {
    case 'number':
      // Integers stay integers, so `id eq 7` compares bigint with bigint and uses the index.
      return Number.isSafeInteger(value.value) && /^-?\d+$/.test(value.text)
        ? { kind: 'number', sql: sql`${value.value}::bigint` }
        : { kind: 'number', sql: sql`${value.value}::float8` };
    case 'string':
      return { kind: 'string', sql: sql`${value.value}::text` };
    case 'boolean':
      return { kind: 'boolean', sql: sql.raw(value.value ? 'true' : 'false') };
    case 'null':
      return { kind: 'null' };
    case 'datetime': {
      const instant = sql`${new Date(value.value).toISOString()}::timestamptz`;
      return { kind: 'temporal', start: instant, end: instant };
    }
    case 'interval':
      return { kind: 'temporal', start: sql`${new Date(value.start).toISOString()}::timestamptz`, end: sql`${new Date(value.end).toISOString()}::timestamptz` };
    case 'date':
      return { kind: 'date', sql: sql`${value.value}::date` };
    case 'time':
      return { kind: 'time', sql: sql`${value.value}::time` };
    case 'duration':
      return { kind: 'duration', months: value.months, milliseconds: value.milliseconds };
    case 'geography':
      throw mismatch('A geography literal can only be an argument of a geo.* or st_* function.');
  }
}

/** A member path from the scope's entity: to-one hops become scalar subqueries, JSON parts `jsonb_extract_path`. */
function resolvePath(segments: readonly string[], scope: Scope, pos: number): Compiled {
  let type = scope.type;
  let alias = scope.alias;
  let index = 0;
  const variable = scope.variables?.get(segments[0]);
  if (variable) {
    ({ type, alias } = variable);
    index = 1;
    if (segments.length === 1) throw mismatch(`The lambda variable ${segments[0]} at position ${pos} names an entity, not a value.`);
  }
  const hops: { navigation: NavigationDef; alias: string; from: string }[] = [];
  for (; index < segments.length; index++) {
    const name = segments[index];
    if (name === 'id' || name === '@iot.id') {
      if (index !== segments.length - 1) throw unknownProperty(type, segments[index + 1]);
      return wrapHops(hops, { kind: 'number', sql: col(alias, 'id') });
    }
    const navigation = navigationOf(type, name);
    if (navigation) {
      if (navigation.many) throw mismatch(`${type.name}/${name} is a collection: use ${name}/any(x: …) to filter on it.`);
      const next = fresh(scope);
      hops.push({ navigation, alias: next, from: alias });
      type = ENTITY_TYPES[navigation.target];
      alias = next;
      continue;
    }
    const property = propertyOf(type, name);
    if (!property) throw unknownProperty(type, name);
    return wrapHops(hops, propertyValue(property, alias, segments.slice(index + 1), type));
  }
  throw mismatch(`The path ${segments.join('/')} at position ${pos} names an entity, not a value.`);
}

function propertyValue(property: PropertyDef, alias: string, rest: readonly string[], type: EntityType): Compiled {
  const [first, second] = property.columns.map((column) => col(alias, column));
  if (rest.length > 0 && property.kind !== 'json') throw unknownProperty(type, rest[0]);
  switch (property.kind) {
    case 'text':
      return { kind: 'string', sql: first };
    case 'json':
      return { kind: 'json', sql: rest.length ? sql`jsonb_extract_path(${first}, ${sql.join(rest.map((part) => sql`${part}::text`))})` : first };
    case 'geometry':
      // Each geometry column has its box beside it, with the same names in every table.
      return { kind: 'geometry', sql: first, box: [col(alias, 'min_lon'), col(alias, 'min_lat'), col(alias, 'max_lon'), col(alias, 'max_lat')] };
    case 'time':
      return { kind: 'temporal', start: first, end: first };
    case 'interval':
      return { kind: 'temporal', start: first, end: second };
    case 'phenomenon':
      return { kind: 'temporal', start: first, end: sql`coalesce(${second}, ${first})` };
    case 'result':
      return { kind: 'json', number: first, sql: sql`coalesce(to_jsonb(${first}), ${second})` };
  }
}

/** A value read through to-one hops (`Datastream/Thing/name`): each part a subquery from the innermost out. */
function wrapHops(hops: readonly { navigation: NavigationDef; alias: string; from: string }[], value: Compiled): Compiled {
  if (hops.length === 0) return value;
  const wrap = (inner: Sql): Sql => {
    let wrapped = inner;
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i];
      const target = ENTITY_TYPES[hop.navigation.target];
      const filter = target.rowFilter ? sql` and ${sql.raw(target.rowFilter(hop.alias))}` : sql``;
      wrapped = sql`(select ${wrapped} from ${sql.raw(target.table)} ${sql.raw(hop.alias)} where ${navigationCondition(hop.navigation, hop.from, hop.alias)}${filter})`;
    }
    return wrapped;
  };
  switch (value.kind) {
    case 'temporal':
      return { kind: 'temporal', start: wrap(value.start), end: wrap(value.end) };
    case 'json':
      return { kind: 'json', sql: wrap(value.sql), number: value.number ? wrap(value.number) : undefined };
    case 'duration':
    case 'null':
      return value;
    case 'geometry':
      return { kind: 'geometry', sql: wrap(value.sql), box: value.box.map(wrap) as [Sql, Sql, Sql, Sql] };
    default:
      return { ...value, sql: wrap(value.sql) };
  }
}

function binary(op: Extract<Expr, { kind: 'binary' }>['op'], leftExpr: Expr, rightExpr: Expr, scope: Scope, pos: number): Compiled {
  const left = compile(leftExpr, scope);
  const right = compile(rightExpr, scope);
  switch (op) {
    case 'and':
    case 'or':
      return { kind: 'boolean', sql: sql`(${asBoolean(left, leftExpr)} ${sql.raw(op)} ${asBoolean(right, rightExpr)})` };
    case 'add':
    case 'sub':
      if (left.kind === 'temporal' && right.kind === 'duration') return shift(left, right, op === 'sub' ? -1 : 1);
      return arithmetic(op, left, leftExpr, right, rightExpr);
    case 'mul':
    case 'div':
    case 'mod':
      return arithmetic(op, left, leftExpr, right, rightExpr);
    default:
      return { kind: 'boolean', sql: comparison(op, left, right, pos) };
  }
}

function shift(value: Extract<Compiled, { kind: 'temporal' }>, by: Extract<Compiled, { kind: 'duration' }>, sign: 1 | -1): Compiled {
  const move = (time: Sql) => sql`(${time} + ${sign * by.months} * interval '1 month' + ${sign * by.milliseconds}::float8 * interval '1 millisecond')`;
  return { kind: 'temporal', start: move(value.start), end: move(value.end) };
}

function arithmetic(op: 'add' | 'sub' | 'mul' | 'div' | 'mod', left: Compiled, leftExpr: Expr, right: Compiled, rightExpr: Expr): Compiled {
  const a = sql`(${asNumber(left, leftExpr)})::float8`;
  const b = sql`(${asNumber(right, rightExpr)})::float8`;
  switch (op) {
    case 'add':
      return { kind: 'number', sql: sql`(${a} + ${b})` };
    case 'sub':
      return { kind: 'number', sql: sql`(${a} - ${b})` };
    case 'mul':
      return { kind: 'number', sql: sql`(${a} * ${b})` };
    // Division by zero has no value (the row does not match) rather than failing the request.
    case 'div':
      return { kind: 'number', sql: sql`(${a} / nullif(${b}, 0))` };
    case 'mod':
      return { kind: 'number', sql: sql`mod(${a}::numeric, nullif(${b}, 0)::numeric)::float8` };
  }
}

const OPERATORS = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' } as const;
type Comparison = keyof typeof OPERATORS;

function comparison(op: Comparison, left: Compiled, right: Compiled, pos: number): Sql {
  if (left.kind === 'null' || right.kind === 'null') return nullComparison(op, left.kind === 'null' ? right : left, pos);
  if (left.kind === 'temporal' || right.kind === 'temporal') return temporalComparison(op, asTemporal(left, pos), asTemporal(right, pos));
  if (left.kind === 'json' && right.kind === 'json') {
    if (op === 'eq' || op === 'ne') return sql`(${left.sql} ${sql.raw(OPERATORS[op])} ${right.sql})`;
    return sql`(${jsonAs('number', left)} ${sql.raw(OPERATORS[op])} ${jsonAs('number', right)})`;
  }
  const kind = (left.kind === 'json' ? right.kind : left.kind) as Exclude<Compiled['kind'], 'json' | 'null' | 'temporal'>;
  if (kind === 'geometry' || kind === 'duration') throw mismatch(`Values of this kind cannot be compared (position ${pos}).`);
  const a = left.kind === 'json' ? jsonAs(kind, left) : left;
  const b = right.kind === 'json' ? jsonAs(kind, right) : right;
  if (!('sql' in a) || !('sql' in b) || a.kind !== b.kind) throw mismatch(`The two sides of the comparison at position ${pos} are of different kinds (${a.kind} and ${b.kind}).`);
  return sql`(${a.sql} ${sql.raw(OPERATORS[op])} ${b.sql})`;
}

function nullComparison(op: Comparison, value: Compiled, pos: number): Sql {
  if (op !== 'eq' && op !== 'ne') throw mismatch(`null can only be compared with eq or ne (position ${pos}).`);
  let isNull: Sql;
  switch (value.kind) {
    case 'null':
      isNull = sql`true`;
      break;
    case 'temporal':
      isNull = sql`(${value.start} is null)`;
      break;
    case 'json':
      isNull = sql`(${value.sql} is null or ${value.sql} = 'null'::jsonb)`;
      break;
    case 'duration':
      throw mismatch(`A duration is never null (position ${pos}).`);
    default:
      isNull = sql`(${value.sql} is null)`;
  }
  return op === 'eq' ? isNull : sql`(not ${isNull})`;
}

function asTemporal(value: Compiled, pos: number): { start: Sql; end: Sql } {
  if (value.kind === 'temporal') return value;
  throw mismatch(`A time is compared with something that is not a time (position ${pos}).`);
}

function temporalComparison(op: Comparison, a: { start: Sql; end: Sql }, b: { start: Sql; end: Sql }): Sql {
  // An instant's start and end are one expression (literals, time columns).
  if (a.start === a.end && b.start === b.end) return sql`(${a.start} ${sql.raw(OPERATORS[op])} ${b.start})`;
  if (b.start === b.end) return againstInstant(op, a, b.start);
  const before = (x: typeof a, y: typeof a) => sql`(${x.end} <= ${y.start} and ${x.start} < ${y.start})`;
  const equal = sql`(${a.start} = ${b.start} and ${a.end} = ${b.end})`;
  switch (op) {
    case 'eq':
      return equal;
    case 'ne':
      return sql`(not ${equal})`;
    case 'lt':
      return before(a, b);
    case 'gt':
      return before(b, a);
    // The bound on the start that both branches imply, written out so the planner sees a range it can
    // use (an index condition, partition pruning, a row estimate) instead of an OR it cannot.
    case 'le':
      return sql`(${a.start} <= ${b.start} and (${before(a, b)} or ${equal}))`;
    case 'ge':
      return sql`(${a.start} >= ${b.start} and (${before(b, a)} or ${equal}))`;
  }
}

/**
 * The same rules for an interval [s, e] (s ≤ e, as every stored interval is) against an instant x,
 * reduced: fewer terms for the database to plan and test on every row, each keeping a bound on s.
 */
function againstInstant(op: Comparison, a: { start: Sql; end: Sql }, x: Sql): Sql {
  switch (op) {
    case 'eq':
      return sql`(${a.start} = ${x} and ${a.end} = ${x})`;
    case 'ne':
      return sql`(not (${a.start} = ${x} and ${a.end} = ${x}))`;
    case 'lt':
      return sql`(${a.start} < ${x} and ${a.end} <= ${x})`;
    case 'gt':
      return sql`(${a.start} > ${x})`;
    case 'le':
      return sql`(${a.start} <= ${x} and ${a.end} <= ${x})`;
    case 'ge':
      return sql`(${a.start} >= ${x} and (${a.start} > ${x} or ${a.end} = ${x}))`;
  }
}

function jsonAs(kind: 'number' | 'string' | 'boolean' | 'date' | 'time', value: Extract<Compiled, { kind: 'json' }>): Compiled {
  const j = value.sql;
  switch (kind) {
    case 'number':
      return { kind: 'number', sql: value.number ?? sql`(case when jsonb_typeof(${j}) = 'number' then (${j})::float8 end)` };
    case 'string':
      return { kind: 'string', sql: sql`(case when jsonb_typeof(${j}) = 'string' then ${j} #>> '{}' end)` };
    case 'boolean':
      return { kind: 'boolean', sql: sql`(case when jsonb_typeof(${j}) = 'boolean' then (${j})::boolean end)` };
    default:
      throw mismatch('A JSON value cannot be compared with a date or a time of day.');
  }
}

function asBoolean(value: Compiled, expr: Expr): Sql {
  if (value.kind === 'boolean') return value.sql;
  if (value.kind === 'json') return (jsonAs('boolean', value) as { sql: Sql }).sql;
  throw mismatch(`The expression at position ${expr.pos} is not true or false.`);
}

function asNumber(value: Compiled, expr: Expr): Sql {
  if (value.kind === 'number') return value.sql;
  if (value.kind === 'json') return (jsonAs('number', value) as { sql: Sql }).sql;
  throw mismatch(`The expression at position ${expr.pos} is not a number.`);
}

function asString(value: Compiled, expr: Expr): Sql {
  if (value.kind === 'string') return value.sql;
  if (value.kind === 'json') return (jsonAs('string', value) as { sql: Sql }).sql;
  throw mismatch(`The expression at position ${expr.pos} is not text.`);
}

const DATE_PARTS: Record<string, string> = { year: 'year', month: 'month', day: 'day', hour: 'hour', minute: 'minute' };

function call(name: string, argExprs: readonly Expr[], scope: Scope, pos: number): Compiled {
  const args = argExprs.map((arg) => compile(arg, scope));
  const text = (i: number) => asString(args[i], argExprs[i]);
  const number = (i: number) => asNumber(args[i], argExprs[i]);
  const time = (i: number) => asTemporal(args[i], argExprs[i].pos);
  const utc = (i: number) => sql`(${time(i).start} at time zone 'UTC')`;
  switch (name) {
    case 'substringof':
      return { kind: 'boolean', sql: sql`(strpos(${text(1)}, ${text(0)}) > 0)` };
    case 'contains':
      return { kind: 'boolean', sql: sql`(strpos(${text(0)}, ${text(1)}) > 0)` };
    case 'startswith':
      return { kind: 'boolean', sql: sql`(left(${text(0)}, char_length(${text(1)})) = ${text(1)})` };
    case 'endswith':
      return { kind: 'boolean', sql: sql`(right(${text(0)}, char_length(${text(1)})) = ${text(1)})` };
    case 'length':
      return { kind: 'number', sql: sql`char_length(${text(0)})` };
    case 'indexof':
      return { kind: 'number', sql: sql`(strpos(${text(0)}, ${text(1)}) - 1)` };
    case 'substring': {
      // OData counts from 0; a negative start or length is read as 0 rather than failing.
      const start = sql`greatest(${number(1)}, 0)::int + 1`;
      return { kind: 'string', sql: args.length === 3 ? sql`substr(${text(0)}, ${start}, greatest(${number(2)}, 0)::int)` : sql`substr(${text(0)}, ${start})` };
    }
    case 'tolower':
      return { kind: 'string', sql: sql`lower(${text(0)})` };
    case 'toupper':
      return { kind: 'string', sql: sql`upper(${text(0)})` };
    case 'trim':
      return { kind: 'string', sql: sql`btrim(${text(0)})` };
    case 'concat':
      return { kind: 'string', sql: sql`(${text(0)} || ${text(1)})` };
    case 'year':
    case 'month':
    case 'day':
    case 'hour':
    case 'minute':
      return { kind: 'number', sql: sql`extract(${sql.raw(DATE_PARTS[name])} from ${utc(0)})::int` };
    case 'second':
      return { kind: 'number', sql: sql`floor(extract(second from ${utc(0)}))::int` };
    case 'fractionalseconds':
      return { kind: 'number', sql: sql`(extract(second from ${utc(0)}) - floor(extract(second from ${utc(0)})))::float8` };
    case 'date':
      return { kind: 'date', sql: sql`(${utc(0)})::date` };
    case 'time':
      return { kind: 'time', sql: sql`(${utc(0)})::time` };
    case 'totaloffsetminutes':
      // Times are kept in UTC: every offset is 0.
      time(0);
      return { kind: 'number', sql: sql`0` };
    case 'now':
      return { kind: 'temporal', start: sql`now()`, end: sql`now()` };
    case 'mindatetime': {
      const t = time(0);
      return { kind: 'temporal', start: t.start, end: t.start };
    }
    case 'maxdatetime': {
      const t = time(0);
      return { kind: 'temporal', start: t.end, end: t.end };
    }
    case 'round':
      return { kind: 'number', sql: sql`round((${number(0)})::numeric)::float8` };
    case 'floor':
      return { kind: 'number', sql: sql`floor((${number(0)})::float8)` };
    case 'ceiling':
      return { kind: 'number', sql: sql`ceiling((${number(0)})::float8)` };
    case 'before':
      return { kind: 'boolean', sql: temporalComparison('lt', time(0), time(1)) };
    case 'after':
      return { kind: 'boolean', sql: temporalComparison('gt', time(0), time(1)) };
    case 'meets': {
      const [a, b] = [time(0), time(1)];
      return { kind: 'boolean', sql: sql`(${a.end} = ${b.start} or ${b.end} = ${a.start})` };
    }
    case 'during': {
      const [a, b] = [time(0), time(1)];
      return { kind: 'boolean', sql: sql`(${a.start} >= ${b.start} and ${a.end} <= ${b.end})` };
    }
    case 'overlaps': {
      const [a, b] = [time(0), time(1)];
      return { kind: 'boolean', sql: sql`(${a.start} < ${b.end} and ${b.start} < ${a.end} or ${a.start} = ${b.start})` };
    }
    case 'starts':
      return { kind: 'boolean', sql: sql`(${time(0).start} = ${time(1).start})` };
    case 'finishes':
      return { kind: 'boolean', sql: sql`(${time(0).end} = ${time(1).end})` };
    default:
      if (GEO_FUNCTIONS.has(name)) {
        throw unsupported(
          name,
          `${name} at position ${pos} is answered only in $filter, combined there with and, or, not (a spatial predicate, or geo.distance/geo.length compared with a number; not inside any()/all() or another function), and as geo.distance to a point in $orderby.`,
        );
      }
      throw unsupported(name, `${name} is not served yet at position ${pos}.`);
  }
}

function lambda(expr: Extract<Expr, { kind: 'lambda' }>, scope: Scope): Compiled {
  let type = scope.type;
  let alias = scope.alias;
  let segments = expr.collection;
  const variable = scope.variables?.get(segments[0]);
  if (variable) {
    ({ type, alias } = variable);
    segments = segments.slice(1);
  }
  if (segments.length !== 1) throw mismatch(`${expr.quantifier} at position ${expr.pos} must follow one collection of the entity (${type.set}: ${Object.keys(type.navigation).join(', ')}).`);
  const navigation = navigationOf(type, segments[0]);
  if (!navigation) throw unknownProperty(type, segments[0]);
  if (!navigation.many) throw mismatch(`${segments[0]} is a single entity: compare its properties directly.`);
  const target = ENTITY_TYPES[navigation.target];
  const inner = fresh(scope);
  const conditions = [navigationCondition(navigation, alias, inner)];
  const seen = visibility(target, inner, scope.viewer);
  if (seen) conditions.push(seen);
  let predicate: Sql | undefined;
  if (expr.predicate) {
    const variables = new Map(scope.variables);
    if (expr.variable) variables.set(expr.variable, { type: target, alias: inner });
    predicate = compileFilter(expr.predicate, { ...scope, variables });
  }
  const from = sql`from ${sql.raw(target.table)} ${sql.raw(inner)} where ${sql.join(conditions, sql` and `)}`;
  if (expr.quantifier === 'any') return { kind: 'boolean', sql: predicate ? sql`exists (select 1 ${from} and ${predicate})` : sql`exists (select 1 ${from})` };
  return { kind: 'boolean', sql: sql`not exists (select 1 ${from} and not coalesce(${predicate ?? sql`true`}, false))` };
}

// ---------------------------------------------------------------------------------------------
// Geometry operands of the geo functions; the functions themselves are decided by query/geo-filter.ts.

/** The spatial predicates (true or false of two geometries; st_relate also takes a pattern). */
export const GEO_PREDICATES = new Set(['geo.intersects', 'st_equals', 'st_disjoint', 'st_touches', 'st_within', 'st_overlaps', 'st_crosses', 'st_intersects', 'st_contains', 'st_relate']);
/** The geo functions giving a number. */
export const GEO_NUMBERS = new Set(['geo.distance', 'geo.length']);
const GEO_FUNCTIONS = new Set([...GEO_PREDICATES, ...GEO_NUMBERS]);

export const isCall = (expr: Expr, name: string): expr is Extract<Expr, { kind: 'call' }> => expr.kind === 'call' && expr.name === name;

/** Whether a geo function is called anywhere in the expression (then SQL alone cannot decide it). */
export function containsGeo(expr: Expr): boolean {
  switch (expr.kind) {
    case 'literal':
    case 'path':
      return false;
    case 'not':
    case 'negate':
      return containsGeo(expr.operand);
    case 'binary':
      return containsGeo(expr.left) || containsGeo(expr.right);
    case 'in':
      return containsGeo(expr.operand) || expr.list.some(containsGeo);
    case 'call':
      return GEO_FUNCTIONS.has(expr.name) || expr.args.some(containsGeo);
    case 'lambda':
      return expr.predicate !== null && containsGeo(expr.predicate);
  }
}

/** An argument of a geo function: a `geography'…'` literal read once, or a geometry property (through to-one hops). */
export type GeoOperand = { kind: 'literal'; geometry: Geometry; box: Bbox } | { kind: 'value'; sql: Sql; box: [Sql, Sql, Sql, Sql] };

export function geoOperand(expr: Expr, scope: Scope): GeoOperand {
  if (expr.kind === 'literal' && expr.literal.type === 'geography') {
    const read = parseWkt(expr.literal.wkt);
    if (!read.ok) {
      throw new HttpProblem(400, 'geometry-literal-invalid', 'Invalid geometry literal', `The geography literal at position ${expr.pos} cannot be read: ${read.reason}.`, { params: { position: expr.pos } });
    }
    return { kind: 'literal', geometry: read.geometry, box: read.bbox };
  }
  const value = compile(expr, scope);
  if (value.kind !== 'geometry') throw mismatch(`The argument at position ${expr.pos} is not a geometry (a location, feature or observedArea, or a geography'…' literal).`);
  return { kind: 'value', sql: value.sql, box: value.box };
}

/** A boolean or number expression without geo functions, as SQL (what geo-filter.ts leaves to the database). */
export function compileNumber(expr: Expr, scope: Scope): Sql {
  return asNumber(compile(expr, scope), expr);
}
