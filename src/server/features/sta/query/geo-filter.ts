import type { Geometry } from 'geojson';
import { sql, type RawBuilder } from 'kysely';
import { geoDistance, geoLength, prefilterFor, readLocation, spatialPredicate, stRelate, type Bbox, type GeoRefusal, type SpatialPredicateName } from '../geo.ts';
import type { ComparisonOperator, Expr, OrderByItem } from './ast.ts';
import { compileFilter, compileNumber, containsGeo, distanceOrderKey, GEO_NUMBERS, GEO_PREDICATES, geoOperand, isCall, unsupported, type GeoOperand, type Scope } from './sql.ts';

/**
 * `$filter` with geo functions (research §1.3, decision 4). SQL cannot decide them exactly (no
 * PostGIS on PGlite), so the filter is split at its `and`/`or`/`not`: the parts without geo
 * functions stay SQL (fetched as extra boolean columns), each geo part (a spatial predicate, or
 * geo.distance/geo.length compared with a number) is decided exactly in JS by geo.ts on the row's
 * geometries (fetched as extra columns), and the database is asked only for candidates.
 *
 * The candidate condition must hold for every row the filter holds for, through `not` too: each
 * node has a SQL form that is true wherever it may hold (`possibly`, from the bbox columns) and one
 * true only where it surely holds (`definitely`); possibly(not X) = not definitely(X),
 * possibly(X and Y) = possibly(X) and possibly(Y), and the same for `or` and for definitely.
 * Nulls are false at the leaves, which is what the SQL compiler's WHERE gives too (a geometry that
 * is null satisfies no geo function).
 */

type Sql = RawBuilder<unknown>;
type Row = Record<string, unknown>;

export interface GeoFilter {
  /** True of every row the filter holds for (and of some others): the candidates. */
  possibly: Sql;
  /** The extra columns `accepts` reads, as a select list (`… as _sta_f0, …`). */
  columns: Sql;
  /** The exact answer for one candidate row carrying those columns; throws a 400 where geo.ts refuses. */
  accepts(row: Row): boolean;
}

interface Atom {
  possibly: Sql;
  definitely: Sql;
  test(row: Row): boolean;
}

type Node = { kind: 'leaf'; column: string; sql: Sql } | { kind: 'atom'; atom: Atom } | { kind: 'not'; operand: Node } | { kind: 'and' | 'or'; left: Node; right: Node };

const TRUE = sql`true`;
const FALSE = sql`false`;
const COMPARISONS = new Set<string>(['eq', 'ne', 'lt', 'le', 'gt', 'ge']);
const FLIPPED: Record<ComparisonOperator, ComparisonOperator> = { eq: 'eq', ne: 'ne', lt: 'gt', le: 'ge', gt: 'lt', ge: 'le' };

function compare(op: ComparisonOperator, a: number, b: number): boolean {
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
  }
}

/** The first geo function named in an expression, for the refusal's words. */
function firstGeoName(expr: Expr): string {
  if (expr.kind === 'call' && (GEO_PREDICATES.has(expr.name) || GEO_NUMBERS.has(expr.name))) return expr.name;
  const children: Expr[] =
    expr.kind === 'binary' ? [expr.left, expr.right] : expr.kind === 'not' || expr.kind === 'negate' ? [expr.operand] : expr.kind === 'call' ? expr.args : expr.kind === 'in' ? [expr.operand, ...expr.list] : expr.kind === 'lambda' && expr.predicate ? [expr.predicate] : [];
  for (const child of children) if (containsGeo(child)) return firstGeoName(child);
  return 'geo';
}

/** SQL: box a (four expressions) and box b share a point. */
function boxesMeet(a: readonly Sql[], b: readonly Sql[]): Sql {
  return sql`(${a[0]} <= ${b[2]} and ${a[2]} >= ${b[0]} and ${a[1]} <= ${b[3]} and ${a[3]} >= ${b[1]})`;
}

/** SQL: box outer holds box inner. */
function boxHolds(outer: readonly Sql[], inner: readonly Sql[]): Sql {
  return sql`(${outer[0]} <= ${inner[0]} and ${outer[1]} <= ${inner[1]} and ${outer[2]} >= ${inner[2]} and ${outer[3]} >= ${inner[3]})`;
}

const literalBox = (box: Bbox, grow = 0): Sql[] => [box.minLon - grow, box.minLat - grow, box.maxLon + grow, box.maxLat + grow].map((n) => sql`${n}::float8`);

class Builder {
  private readonly selected: [string, Sql][] = [];

  /** `tag` keeps the column names of two builders (a filter's, an order's) apart in one select. */
  constructor(
    private readonly scope: Scope,
    private readonly tag = '',
  ) {}

  column(value: Sql, prefix: string): string {
    const name = `_sta_${this.tag}${prefix}${this.selected.length}`;
    this.selected.push([name, value]);
    return name;
  }

  columns(): Sql {
    if (this.selected.length === 0) return sql`null as ${sql.raw(`_sta_${this.tag}none`)}`;
    return sql.join(this.selected.map(([name, value]) => sql`${value} as ${sql.raw(name)}`));
  }

  node(expr: Expr): Node {
    if (!containsGeo(expr)) {
      const value = sql`coalesce(${compileFilter(expr, this.scope)}, false)`;
      return { kind: 'leaf', column: this.column(value, 'f'), sql: value };
    }
    if (expr.kind === 'not') return { kind: 'not', operand: this.node(expr.operand) };
    if (expr.kind === 'binary' && (expr.op === 'and' || expr.op === 'or')) return { kind: expr.op, left: this.node(expr.left), right: this.node(expr.right) };
    if (expr.kind === 'call' && GEO_PREDICATES.has(expr.name)) return { kind: 'atom', atom: this.predicate(expr) };
    if (expr.kind === 'binary' && COMPARISONS.has(expr.op)) {
      const op = expr.op as ComparisonOperator;
      const [left, right] = [expr.left, expr.right];
      if (left.kind === 'call' && GEO_NUMBERS.has(left.name) && !containsGeo(right)) return { kind: 'atom', atom: this.measure(left, op, right) };
      if (right.kind === 'call' && GEO_NUMBERS.has(right.name) && !containsGeo(left)) return { kind: 'atom', atom: this.measure(right, FLIPPED[op], left) };
    }
    const name = firstGeoName(expr);
    throw unsupported(
      name,
      `${name} at position ${expr.pos} is answered where the filter combines it with and, or, not: a spatial predicate, or geo.distance/geo.length compared with a number (not inside arithmetic, any()/all() or another function).`,
    );
  }

  /** A geometry operand: a literal as it is, a property as a column the row will carry. */
  operand(expr: Expr): { read: GeoOperand; get: (row: Row, fn: string) => Geometry | null; box: Sql[] } {
    const read = geoOperand(expr, this.scope);
    if (read.kind === 'literal') return { read, get: () => read.geometry, box: literalBox(read.box) };
    const column = this.column(read.sql, 'g');
    return { read, get: (row, fn) => storedGeometry(row[column], fn), box: read.box };
  }

  predicate(expr: Extract<Expr, { kind: 'call' }>): Atom {
    const name = expr.name as SpatialPredicateName | 'st_relate';
    const [a, b] = [this.operand(expr.args[0]), this.operand(expr.args[1])];
    let pattern = '';
    if (name === 'st_relate') {
      const third = expr.args[2];
      if (third?.kind !== 'literal' || third.literal.type !== 'string') throw unsupported('st_relate', `st_relate at position ${expr.pos} takes its DE-9IM pattern as a string literal ('T********').`);
      pattern = third.literal.value;
    }
    const decide = (ga: Geometry, gb: Geometry) => answer(name, name === 'st_relate' ? stRelate(ga, gb, pattern) : spatialPredicate(name, ga, gb));
    // Two literals: decided here, once (a bad st_relate pattern is refused now, not per row).
    if (a.read.kind === 'literal' && b.read.kind === 'literal') {
      const value = decide(a.read.geometry, b.read.geometry);
      return { possibly: value ? TRUE : FALSE, definitely: value ? TRUE : FALSE, test: () => value };
    }
    // A pattern that is not 9 of T F * 0 1 2 is refused before any row is read.
    if (name === 'st_relate') answer(name, stRelate({ type: 'Point', coordinates: [0, 0] }, { type: 'Point', coordinates: [0, 0] }, pattern));
    const test = (row: Row) => {
      const [ga, gb] = [a.get(row, name), b.get(row, name)];
      return ga !== null && gb !== null && decide(ga, gb);
    };
    if (name === 'st_relate') return { possibly: TRUE, definitely: FALSE, test };
    if (name === 'st_disjoint') return { possibly: TRUE, definitely: sql`coalesce(not ${boxesMeet(a.box, b.box)}, false)`, test };
    // prefilterFor with the first argument in the row's role and the second in the literal's.
    const kind = prefilterFor(name, false);
    const possibly =
      kind === 'intersects'
        ? boxesMeet(a.box, b.box)
        : kind === 'row-within-literal'
          ? boxHolds(b.box, a.box)
          : kind === 'row-contains-literal'
            ? boxHolds(a.box, b.box)
            : kind === 'equal'
              ? sql`(${boxHolds(a.box, b.box)} and ${boxHolds(b.box, a.box)})`
              : TRUE;
    return { possibly: sql`coalesce(${possibly}, false)`, definitely: FALSE, test };
  }

  /** `geo.distance(a, b) op value` or `geo.length(a) op value`. */
  measure(call: Extract<Expr, { kind: 'call' }>, op: ComparisonOperator, other: Expr): Atom {
    const operands = call.args.map((arg) => this.operand(arg));
    const bound = this.column(sql`(${compileNumber(other, this.scope)})::float8`, 'f');
    const limit = constantNumber(other);
    const measure = (row: Row): number | null => {
      const geometries = operands.map((o) => o.get(row, call.name));
      if (geometries.some((g) => g === null)) return null;
      if (call.name === 'geo.length') return geoLength(geometries[0]!);
      const d = geoDistance(geometries[0]!, geometries[1]!);
      if (typeof d !== 'number') throw unsupported('geo.distance', `geo.distance at position ${call.pos}: ${d.reason}.`);
      return d;
    };
    const test = (row: Row) => {
      const value = measure(row);
      const against = row[bound];
      return value !== null && typeof against === 'number' && compare(op, value, against);
    };
    let possibly = TRUE;
    // geo.distance(property, literal) lt/le/eq d: the property's box meets the literal's grown by d
    // (and a hair more, so rounding in the two computations never drops a row).
    if (call.name === 'geo.distance' && limit !== undefined && (op === 'lt' || op === 'le' || op === 'eq')) {
      const literal = operands.find((o) => o.read.kind === 'literal');
      const value = operands.find((o) => o.read.kind === 'value');
      if (limit < 0) possibly = FALSE;
      else if (literal && value && literal.read.kind === 'literal') possibly = sql`coalesce(${boxesMeet(value.box, literalBox(literal.read.box, limit * (1 + 1e-9) + 1e-9))}, false)`;
    }
    return { possibly, definitely: FALSE, test };
  }
}

/** A number literal (or its negation), for the candidate box of geo.distance. */
function constantNumber(expr: Expr): number | undefined {
  if (expr.kind === 'literal' && expr.literal.type === 'number') return expr.literal.value;
  if (expr.kind === 'negate') {
    const inner = constantNumber(expr.operand);
    return inner === undefined ? undefined : -inner;
  }
  return undefined;
}

function answer(name: string, value: boolean | GeoRefusal): boolean {
  if (typeof value === 'boolean') return value;
  throw unsupported(name, `${name}: ${value.reason}.`);
}

/**
 * A stored geometry column's value (GeoJSON; a Location may hold a Feature around it), read as
 * geo.ts reads what a client sends. It was checked when written; if it no longer reads, the
 * function is refused rather than the row silently dropped.
 */
function storedGeometry(value: unknown, fn: string): Geometry | null {
  if (value === null || value === undefined) return null;
  const read = readLocation(value, 'application/geo+json');
  if (!read.ok) throw unsupported(fn, `${fn}: a stored geometry cannot be read (${read.reason}).`);
  return read.geometry;
}

function possiblyOf(node: Node): Sql {
  switch (node.kind) {
    case 'leaf':
      return node.sql;
    case 'atom':
      return node.atom.possibly;
    case 'not':
      return sql`(not ${definitelyOf(node.operand)})`;
    default:
      return sql`(${possiblyOf(node.left)} ${sql.raw(node.kind)} ${possiblyOf(node.right)})`;
  }
}

function definitelyOf(node: Node): Sql {
  switch (node.kind) {
    case 'leaf':
      return node.sql;
    case 'atom':
      return node.atom.definitely;
    case 'not':
      return sql`(not ${possiblyOf(node.operand)})`;
    default:
      return sql`(${definitelyOf(node.left)} ${sql.raw(node.kind)} ${definitelyOf(node.right)})`;
  }
}

function evaluate(node: Node, row: Row): boolean {
  switch (node.kind) {
    case 'leaf':
      return row[node.column] === true;
    case 'atom':
      return node.atom.test(row);
    case 'not':
      return !evaluate(node.operand, row);
    case 'and':
      return evaluate(node.left, row) && evaluate(node.right, row);
    case 'or':
      return evaluate(node.left, row) || evaluate(node.right, row);
  }
}

/** The filter as candidates in SQL and an exact test in JS; only for a filter `containsGeo` says has geo functions. */
export function compileGeoFilter(expr: Expr, scope: Scope): GeoFilter {
  const builder = new Builder(scope);
  const root = builder.node(expr);
  return { possibly: possiblyOf(root), columns: builder.columns(), accepts: (row) => evaluate(root, row) };
}

export interface GeoOrder {
  /** The geometry columns the keys are computed from, as a select list. */
  columns: Sql;
  /** The rows (carrying those columns and `id`) in the asked order, the id breaking ties, nulls last ascending and first descending (as SQL orders them). */
  sort(rows: readonly Row[]): Row[];
}

/**
 * An `$orderby` of geo.distance keys only (`geo.distance(location, geography'…')`): computed
 * exactly in JS by geo.ts for every row the filter holds for (the reader fetches them all, up to the
 * scan cap), so lines and areas take their true place. An order mixing other keys is left to SQL
 * (sql.ts distanceOrderKey, exact for points only): JS cannot repeat the database's text collation.
 */
export function compileGeoOrder(items: readonly OrderByItem[], scope: Scope): GeoOrder | undefined {
  if (items.length === 0 || !items.every((item) => isCall(item.expr, 'geo.distance'))) return undefined;
  const builder = new Builder(scope, 'o');
  const keys = items.map((item) => {
    const call = item.expr as Extract<Expr, { kind: 'call' }>;
    const operands = call.args.map((arg) => builder.operand(arg));
    const value = (row: Row): number | null => {
      const [a, b] = operands.map((o) => o.get(row, 'geo.distance'));
      if (a === null || b === null) return null;
      const d = geoDistance(a, b);
      if (typeof d !== 'number') throw unsupported('geo.distance', `geo.distance in $orderby (position ${call.pos}): ${d.reason}.`);
      return d;
    };
    return { value, descending: item.descending };
  });
  return {
    columns: builder.columns(),
    sort(rows) {
      const keyed = rows.map((row) => ({ row, values: keys.map((key) => key.value(row)) }));
      keyed.sort((x, y) => {
        for (const [i, key] of keys.entries()) {
          const [a, b] = [x.values[i], y.values[i]];
          if (a === b) continue;
          // Ascending: nulls last; descending: nulls first (compileOrderBy's convention).
          if (a === null) return key.descending ? -1 : 1;
          if (b === null) return key.descending ? 1 : -1;
          return key.descending ? b - a : a - b;
        }
        return Number(x.row.id) - Number(y.row.id);
      });
      return keyed.map((k) => k.row);
    },
  };
}

/** For each `geo.distance` key of `$orderby`, the SQL that a row's geometry is not one position (its key would not be exact). */
export function geoOrderChecks(items: readonly OrderByItem[], scope: Scope): Sql[] {
  return items.filter((item) => isCall(item.expr, 'geo.distance')).map((item) => distanceOrderKey(item.expr as Extract<Expr, { kind: 'call' }>, scope).nonPoint);
}
