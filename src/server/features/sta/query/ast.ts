/**
 * The SensorThings query options as a typed tree (OGC 18-088 §9.3), made by `parse.ts` from the
 * request's text and read by the SQL compiler and the JS evaluator. The parser knows no entity
 * type: whether `Datastream/Thing/name` names anything is the compiler's question, so that one
 * tree serves HTTP, MQTT topics and batch parts alike.
 *
 * `pos` is the 0-based offset in the option's text where the node starts, for 400s that say where.
 */

export type LiteralValue =
  | { type: 'number'; value: number; /** as written, so an integer past 2^53 is not rounded before the compiler sees it */ text: string }
  | { type: 'string'; value: string }
  | { type: 'boolean'; value: boolean }
  | { type: 'null' }
  /** An ISO 8601 instant with its offset (`2024-01-01T00:00:00Z`, `…+02:00`), as epoch milliseconds and as written. */
  | { type: 'datetime'; value: number; text: string }
  /** A calendar date (`2024-01-01`). */
  | { type: 'date'; value: string }
  /** A time of day (`12:30:00`, `12:30:00.5`). */
  | { type: 'time'; value: string }
  /** An ISO 8601 duration (`duration'P1DT2H'`): its parts, months apart from milliseconds as a calendar needs. */
  | { type: 'duration'; months: number; milliseconds: number; text: string }
  /** An interval of two instants (`2024-01-01T00:00:00Z/2024-02-01T00:00:00Z`). */
  | { type: 'interval'; start: number; end: number; text: string }
  /** A WKT literal (`geography'POINT(24.9 60.1)'`); the compiler reads the WKT. */
  | { type: 'geography'; wkt: string };

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type LogicalOperator = 'and' | 'or';
export type ArithmeticOperator = 'add' | 'sub' | 'mul' | 'div' | 'mod';
export type BinaryOperator = ComparisonOperator | LogicalOperator | ArithmeticOperator;

export type Expr =
  | { kind: 'literal'; literal: LiteralValue; pos: number }
  /**
   * A member path: `name`, `Datastream/Thing/name`, `properties/owner/name`, `result`, `@iot.id`
   * (also written `id`). In a lambda the first segment may be its variable (`d/name` in `any(d: d/name eq 'x')`).
   */
  | { kind: 'path'; segments: string[]; pos: number }
  | { kind: 'not'; operand: Expr; pos: number }
  | { kind: 'negate'; operand: Expr; pos: number }
  | { kind: 'binary'; op: BinaryOperator; left: Expr; right: Expr; pos: number }
  /** `result in (1, 2, 3)` (OData 4.01, FROST). */
  | { kind: 'in'; operand: Expr; list: Expr[]; pos: number }
  /** A function call; `name` in lower case as the standard spells it (`substringof`, `geo.distance`, `st_within`, `now`). */
  | { kind: 'call'; name: string; args: Expr[]; pos: number }
  /** `Datastreams/any(d: d/name eq 'x')` (OData lambda; FROST). `variable` is null for `any()` without a predicate. */
  | { kind: 'lambda'; quantifier: 'any' | 'all'; collection: string[]; variable: string | null; predicate: Expr | null; pos: number };

export interface OrderByItem {
  expr: Expr;
  descending: boolean;
}

/** One `$expand` item: a navigation path (`Datastreams`, or `Datastreams/Observations`) with its nested options. */
export interface ExpandItem {
  path: string[];
  options: QueryOptions;
  pos: number;
}

export interface QueryOptions {
  top?: number;
  skip?: number;
  count?: boolean;
  filter?: Expr;
  /** Empty when absent: the default order is by id, which the compiler adds as the last key anyway. */
  orderBy: OrderByItem[];
  /** Each selected property as its path (`name`, `unitOfMeasurement/name`, a navigation link); absent: every property. */
  select?: string[][];
  expand: ExpandItem[];
  resultFormat?: 'dataArray';
  /** The opaque continuation of `@iot.nextLink` (ours, not a standard option). */
  skipToken?: string;
}

/** Why a query option cannot be read; `parse.ts` throws it, the routes answer 400 with these parts. */
export class QuerySyntaxError extends Error {
  constructor(
    /** The problem code (`src/shared/problems.ts`). */
    readonly code: 'filter-syntax' | 'expand-syntax' | 'query-option-invalid',
    /** The option whose text it is about (`$filter`, `$expand`, `$top` …), nested ones as `$expand/Datastreams/$filter`. */
    readonly option: string,
    message: string,
    /** 0-based offset in that option's text. */
    readonly position: number,
    /** What was found there (a token, or "the end"). */
    readonly found: string,
    /** What could have stood there, when the parser knows. */
    readonly expected: readonly string[] = [],
  ) {
    super(message);
    this.name = 'QuerySyntaxError';
  }
}
