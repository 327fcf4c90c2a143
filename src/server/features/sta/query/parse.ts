/**
 * The SensorThings 1.1 query options (OGC 18-088 §9.3) read from their text into the typed tree of
 * `ast.ts`. Pure: no entity type is known here, so `Datastream/Thing/name` is only a path until
 * the compiler looks it up.
 *
 * `$filter` and `$orderby` keys are read by precedence climbing with OData's order: primary
 * (paths, literals, calls, parentheses) > `-` > `mul div mod` > `add sub` > `eq ne gt ge lt le in`
 * > `and` > `or`. `not` takes a comparison as its operand (`not a eq b` is `not (a eq b)`), as
 * OData's ABNF (`notExpr = "not" RWS boolCommonExpr`) and FROST-Server read it: the precedence
 * table alone would make it `(not a) eq b`, which no one means.
 *
 * Limits: texts over 10,000 characters, and nesting (parentheses, calls, lambdas, unary operators,
 * nested `$expand`) deeper than 64, are refused with a syntax error instead of exhausting the stack.
 * Every loop consumes input, so reading is linear in the text's length.
 *
 * Array indexes in paths (`properties/list[0]`, as FROST has them) are kept as a segment of their
 * own, `'[0]'`, after the segment they index; the compiler decides where they mean something.
 * `id` is not rewritten to `@iot.id`: only the compiler knows whether `properties/id` is a JSON key.
 * Names are letters, digits and `_` (Unicode letters too), so a JSON key such as `pm2-5` or `a.b`
 * cannot be named in a path.
 *
 * `$expand` options nest with the top level's names except `$resultFormat` and `$skiptoken`, which
 * only a whole answer has. An error inside a nested value names it by its place
 * (`$expand/Datastreams/$filter`) and gives the offset inside that value's own text; an error in
 * the `$expand` structure itself gives the offset in the `$expand` text.
 *
 * `printExpr` and `printQueryOptions` write a tree back as canonical text that parses to the same
 * tree (a property test holds them to it), for links built from a tree and for messages.
 */
import type { ExpandItem, Expr, LiteralValue, OrderByItem, QueryOptions } from './ast.ts';
import { describeChar, describeToken, fail, identifierEnd, Lexer, MAX_DEPTH, MAX_LENGTH, type SyntaxCode, type Token } from './lexer.ts';

export { MAX_DEPTH, MAX_LENGTH } from './lexer.ts';

type Binary = Extract<Expr, { kind: 'binary' }>;

const OR = 1;
const AND = 2;
const COMPARISON = 3;
const ADDITIVE = 4;
const MULTIPLICATIVE = 5;
/** Only for printing: `not` sits between `and` and the comparisons it takes as operand. */
const NOT = 2.5;
const UNARY = 6;
const PRIMARY = 7;

const BINARY_POWER = new Map<string, number>([
  ['or', OR],
  ['and', AND],
  ['eq', COMPARISON],
  ['ne', COMPARISON],
  ['gt', COMPARISON],
  ['ge', COMPARISON],
  ['lt', COMPARISON],
  ['le', COMPARISON],
  ['add', ADDITIVE],
  ['sub', ADDITIVE],
  ['mul', MULTIPLICATIVE],
  ['div', MULTIPLICATIVE],
  ['mod', MULTIPLICATIVE],
]);

/** Words that cannot begin an operand (a path may still have them as a later segment: `properties/in`). */
const OPERATOR_WORDS = new Set([...BINARY_POWER.keys(), 'in']);

/** Each function the standard (Table 23) and FROST-Server know, with its least and most arguments. */
export const FUNCTION_ARITY: ReadonlyMap<string, readonly [number, number]> = new Map<string, [number, number]>([
  // string
  ['substringof', [2, 2]],
  ['endswith', [2, 2]],
  ['startswith', [2, 2]],
  ['contains', [2, 2]],
  ['length', [1, 1]],
  ['indexof', [2, 2]],
  ['substring', [2, 3]],
  ['tolower', [1, 1]],
  ['toupper', [1, 1]],
  ['trim', [1, 1]],
  ['concat', [2, 2]],
  // date and time
  ['year', [1, 1]],
  ['month', [1, 1]],
  ['day', [1, 1]],
  ['hour', [1, 1]],
  ['minute', [1, 1]],
  ['second', [1, 1]],
  ['fractionalseconds', [1, 1]],
  ['date', [1, 1]],
  ['time', [1, 1]],
  ['totaloffsetminutes', [1, 1]],
  ['now', [0, 0]],
  ['mindatetime', [0, 0]],
  ['maxdatetime', [0, 0]],
  // math
  ['round', [1, 1]],
  ['floor', [1, 1]],
  ['ceiling', [1, 1]],
  // geo
  ['geo.distance', [2, 2]],
  ['geo.length', [1, 1]],
  ['geo.intersects', [2, 2]],
  // spatial relationships (OGC 06-104r4)
  ['st_equals', [2, 2]],
  ['st_disjoint', [2, 2]],
  ['st_touches', [2, 2]],
  ['st_within', [2, 2]],
  ['st_overlaps', [2, 2]],
  ['st_crosses', [2, 2]],
  ['st_intersects', [2, 2]],
  ['st_contains', [2, 2]],
  ['st_relate', [3, 3]],
  // FROST-Server's interval relations
  ['before', [2, 2]],
  ['after', [2, 2]],
  ['meets', [2, 2]],
  ['during', [2, 2]],
  ['overlaps', [2, 2]],
  ['starts', [2, 2]],
  ['finishes', [2, 2]],
]);

function checkLength(text: string, option: string, code: SyntaxCode): void {
  if (text.length > MAX_LENGTH) {
    fail(code, option, `${option} is ${text.length} characters long; at most ${MAX_LENGTH} are read`, MAX_LENGTH, describeChar(text, MAX_LENGTH));
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function arityText([least, most]: readonly [number, number]): string {
  if (least === most) return plural(least, 'argument');
  return `${least} to ${most} arguments`;
}

/** Precedence climbing over one option's tokens; one instance per option text. */
class ExpressionParser {
  private depth = 0;

  constructor(
    readonly lexer: Lexer,
    readonly option: string,
  ) {}

  private fail(message: string, token: Token, expected: readonly string[] = []): never {
    return fail(this.lexer.code, this.option, message, token.pos, describeToken(token), expected);
  }

  /** Counts one level of nesting; the caller calls `leave` when it is done. */
  private enter(token: Token): void {
    if (++this.depth > MAX_DEPTH) this.fail(`The expression nests deeper than ${MAX_DEPTH} levels`, token);
  }

  private leave(): void {
    this.depth--;
  }

  private expectPunct(text: string, message: (found: string) => string): Token {
    const token = this.lexer.next();
    if (token.kind !== 'punct' || token.text !== text) this.fail(message(describeToken(token)), token, [text]);
    return token;
  }

  /** An expression whose binary operators all bind at least as tightly as `minPower`. */
  expression(minPower = OR): Expr {
    let left = this.unary();
    for (;;) {
      const token = this.lexer.peek();
      if (token.kind !== 'ident') return left;
      if (token.text === 'in') {
        if (COMPARISON < minPower) return left;
        this.lexer.next();
        left = this.inList(left, token);
        continue;
      }
      const power = BINARY_POWER.get(token.text);
      if (power === undefined || power < minPower) return left;
      this.lexer.next();
      // Left-associative: the right operand takes only what binds more tightly.
      const right = this.expression(power + 1);
      left = { kind: 'binary', op: token.text as Binary['op'], left, right, pos: left.pos };
    }
  }

  private unary(): Expr {
    const token = this.lexer.peek();
    if (token.kind === 'ident' && token.text === 'not') {
      this.lexer.next();
      this.enter(token);
      const operand = this.expression(COMPARISON);
      this.leave();
      return { kind: 'not', operand, pos: token.pos };
    }
    if (token.kind === 'punct' && token.text === '-') {
      this.lexer.next();
      this.enter(token);
      const operand = this.unary();
      this.leave();
      return { kind: 'negate', operand, pos: token.pos };
    }
    return this.primary();
  }

  private primary(): Expr {
    const token = this.lexer.next();
    if (token.kind === 'literal') return { kind: 'literal', literal: token.literal, pos: token.pos };
    if (token.kind === 'punct' && token.text === '(') {
      this.enter(token);
      const inner = this.expression();
      this.expectPunct(')', (found) => `Expected ')' to close the '(' opened at ${token.pos}, found ${found}`);
      this.leave();
      return inner;
    }
    if (token.kind === 'ident') {
      if (token.text === 'true' || token.text === 'false') return { kind: 'literal', literal: { type: 'boolean', value: token.text === 'true' }, pos: token.pos };
      if (token.text === 'null') return { kind: 'literal', literal: { type: 'null' }, pos: token.pos };
      if (OPERATOR_WORDS.has(token.text)) this.fail(`Expected a value before the operator '${token.text}'`, token, ['a value']);
      const after = this.lexer.peek();
      if (after.kind === 'punct' && after.text === '(' && !after.space) return this.call(token);
      return this.path(token);
    }
    if (token.kind === 'punct' && token.text === ')') this.fail("Expected a value, found ')'", token, ['a value']);
    this.fail(`Expected a value (a property, a literal, a function call or '('), found ${describeToken(token)}`, token, ['a value']);
  }

  /** A segment name as written; qualified names (`geo.distance`) belong to functions only. */
  private segment(token: Token): string {
    if (token.kind !== 'ident') this.fail(`Expected a property name, found ${describeToken(token)}`, token, ['a property name']);
    if (!token.text.startsWith('@') && token.text.includes('.')) {
      this.fail(`'${token.text}' is not a property name (a name has no '.'); if it is a function, it needs '(' right after it`, token, ['a property name']);
    }
    return token.text;
  }

  private path(first: Token): Expr {
    const segments = [this.segment(first)];
    this.indexes(segments);
    for (;;) {
      const slash = this.lexer.peek();
      if (slash.kind !== 'punct' || slash.text !== '/' || slash.space) break;
      this.lexer.next();
      const next = this.lexer.next();
      if (next.space || next.kind !== 'ident') this.fail(`Expected a property name right after '/' at ${slash.pos}, found ${describeToken(next)}`, next, ['a property name']);
      const open = this.lexer.peek();
      if (open.kind === 'punct' && open.text === '(' && !open.space) {
        if (next.text === 'any' || next.text === 'all') return this.lambda(segments, next, first.pos);
        this.fail(`Only any(…) and all(…) may follow a path; '${next.text}(' cannot`, next, ['any', 'all']);
      }
      segments.push(this.segment(next));
      this.indexes(segments);
    }
    return { kind: 'path', segments, pos: first.pos };
  }

  private indexes(segments: string[]): void {
    for (let token = this.lexer.peek(); token.kind === 'index' && !token.space; token = this.lexer.peek()) {
      segments.push(this.lexer.next().text);
    }
  }

  private call(name: Token): Expr {
    const arity = FUNCTION_ARITY.get(name.text);
    if (!arity) {
      const lower = name.text.toLowerCase();
      const hint = lower !== name.text && FUNCTION_ARITY.has(lower) ? ` (function names are lower case: ${lower})` : '';
      this.fail(`Unknown function '${name.text}'${hint}`, name, ['a function name']);
    }
    const open = this.lexer.next();
    this.enter(open);
    const args = this.argumentList(open, `the call of ${name.text}`);
    this.leave();
    const [least, most] = arity;
    if (args.length < least || args.length > most) {
      this.fail(`${name.text} takes ${arityText(arity)}, found ${args.length}`, name, [arityText(arity)]);
    }
    return { kind: 'call', name: name.text, args, pos: name.pos };
  }

  /** The arguments after an opened `(` up to its `)`, which it consumes. */
  private argumentList(open: Token, what: string): Expr[] {
    const args: Expr[] = [];
    const close = this.lexer.peek();
    if (close.kind === 'punct' && close.text === ')') {
      this.lexer.next();
      return args;
    }
    for (;;) {
      args.push(this.expression());
      const token = this.lexer.next();
      if (token.kind === 'punct' && token.text === ')') return args;
      if (token.kind !== 'punct' || token.text !== ',') {
        this.fail(`Expected ',' or ')' to close ${what} opened at ${open.pos}, found ${describeToken(token)}`, token, [',', ')']);
      }
    }
  }

  private lambda(collection: string[], quantifier: Token, pos: number): Expr {
    const open = this.lexer.next();
    const name = quantifier.text as 'any' | 'all';
    this.enter(open);
    const first = this.lexer.peek();
    if (first.kind === 'punct' && first.text === ')') {
      this.lexer.next();
      if (name === 'all') this.fail('all() needs a predicate, such as all(d: d/name ne null)', first, ['a variable']);
      this.leave();
      return { kind: 'lambda', quantifier: name, collection, variable: null, predicate: null, pos };
    }
    const variable = this.lexer.next();
    if (variable.kind !== 'ident' || variable.text.includes('.') || variable.text.startsWith('@') || OPERATOR_WORDS.has(variable.text) || variable.text === 'not' || variable.text === 'true' || variable.text === 'false' || variable.text === 'null') {
      this.fail(`Expected the variable of ${name}(…), such as ${name}(d: d/name eq 'x'), found ${describeToken(variable)}`, variable, ['a variable']);
    }
    this.expectPunct(':', (found) => `Expected ':' after the variable ${variable.text} of ${name}(…), found ${found}`);
    const predicate = this.expression();
    this.expectPunct(')', (found) => `Expected ')' to close ${name}( opened at ${open.pos}, found ${found}`);
    this.leave();
    return { kind: 'lambda', quantifier: name, collection, variable: variable.text, predicate, pos };
  }

  private inList(operand: Expr, inToken: Token): Expr {
    const open = this.lexer.next();
    if (open.kind !== 'punct' || open.text !== '(') this.fail(`Expected '(' and a list of values after 'in' at ${inToken.pos}, found ${describeToken(open)}`, open, ['(']);
    this.enter(open);
    const list = this.argumentList(open, "the list of 'in'");
    this.leave();
    if (list.length === 0) this.fail(`The list of 'in' at ${inToken.pos} is empty`, open, ['a value']);
    return { kind: 'in', operand, list, pos: operand.pos };
  }
}

/** `$filter`: one boolean expression (its type is the compiler's question). */
export function parseFilter(text: string, option = '$filter'): Expr {
  checkLength(text, option, 'filter-syntax');
  const lexer = new Lexer(text, option, 'filter-syntax');
  const expr = new ExpressionParser(lexer, option).expression();
  const rest = lexer.peek();
  if (rest.kind !== 'eof') {
    const message =
      rest.kind === 'punct' && rest.text === ')'
        ? `Unexpected ')' at ${rest.pos}: no '(' is open`
        : `Expected an operator (and, or, eq, add …) or the end, found ${describeToken(rest)}`;
    fail('filter-syntax', option, message, rest.pos, describeToken(rest), ['an operator', 'the end']);
  }
  return expr;
}

/** `$orderby`: keys separated by `,`, each any expression and optionally `asc` or `desc`. */
export function parseOrderBy(text: string, option = '$orderby'): OrderByItem[] {
  checkLength(text, option, 'filter-syntax');
  const lexer = new Lexer(text, option, 'filter-syntax');
  const parser = new ExpressionParser(lexer, option);
  const items: OrderByItem[] = [];
  for (;;) {
    const expr = parser.expression();
    let descending = false;
    let token = lexer.peek();
    if (token.kind === 'ident' && (token.text === 'asc' || token.text === 'desc')) {
      descending = token.text === 'desc';
      lexer.next();
      token = lexer.peek();
    }
    items.push({ expr, descending });
    if (token.kind === 'eof') return items;
    if (token.kind !== 'punct' || token.text !== ',') {
      fail('filter-syntax', option, `Expected ',', asc, desc or the end after the sort key, found ${describeToken(token)}`, token.pos, describeToken(token), [',', 'asc', 'desc', 'the end']);
    }
    lexer.next();
  }
}

/** One plain path (`unitOfMeasurement/name`, `@iot.id`, `properties/list[0]`) from the lexer, for `$select`. */
function plainPath(lexer: Lexer, option: string): string[] {
  const segments: string[] = [];
  for (;;) {
    const token = lexer.next();
    if (token.kind !== 'ident' || (segments.length > 0 && token.space)) {
      fail('expand-syntax', option, `Expected a property name, found ${describeToken(token)}`, token.pos, describeToken(token), ['a property name']);
    }
    if (!token.text.startsWith('@') && token.text.includes('.')) {
      fail('expand-syntax', option, `'${token.text}' is not a property name (a name has no '.')`, token.pos, describeToken(token), ['a property name']);
    }
    segments.push(token.text);
    for (let index = lexer.peek(); index.kind === 'index' && !index.space; index = lexer.peek()) segments.push(lexer.next().text);
    const slash = lexer.peek();
    if (slash.kind !== 'punct' || slash.text !== '/' || slash.space) return segments;
    lexer.next();
  }
}

/** `$select`: property paths separated by `,`. */
export function parseSelect(text: string, option = '$select'): string[][] {
  checkLength(text, option, 'expand-syntax');
  const lexer = new Lexer(text, option, 'expand-syntax');
  const paths: string[][] = [];
  for (;;) {
    paths.push(plainPath(lexer, option));
    const token = lexer.next();
    if (token.kind === 'eof') return paths;
    if (token.kind !== 'punct' || token.text !== ',') {
      fail('expand-syntax', option, `Expected ',' or the end after the selected property, found ${describeToken(token)}`, token.pos, describeToken(token), [',', 'the end']);
    }
  }
}

/** The options `$expand(…)` may hold: the top level's, less the two that only a whole answer has. */
const NESTED_OPTIONS = new Set(['$top', '$skip', '$count', '$filter', '$orderby', '$select', '$expand']);
const TOP_OPTIONS = new Set([...NESTED_OPTIONS, '$resultFormat', '$skiptoken']);

interface OptionText {
  name: string;
  value: string;
}

/** Reads `$expand` by hand: each nested option's text is cut out (minding quotes and parentheses) and read by its own parser. */
class ExpandReader {
  private pos = 0;

  constructor(
    readonly text: string,
    readonly option: string,
    readonly depth: number,
  ) {}

  private fail(message: string, position: number, expected: readonly string[] = []): never {
    return fail('expand-syntax', this.option, message, position, describeChar(this.text, position), expected);
  }

  private skipSpaces(): void {
    while (this.pos < this.text.length && (this.text[this.pos] === ' ' || this.text[this.pos] === '\t')) this.pos++;
  }

  items(): ExpandItem[] {
    const items: ExpandItem[] = [];
    for (;;) {
      this.skipSpaces();
      const pos = this.pos;
      const path = this.navigationPath();
      let options: QueryOptions = { orderBy: [], expand: [] };
      if (this.text[this.pos] === '(') options = this.nested(path);
      items.push({ path, options, pos });
      this.skipSpaces();
      if (this.pos >= this.text.length) return items;
      if (this.text[this.pos] !== ',') {
        this.fail(`Expected ',', '(' or the end after ${path.join('/')}, found ${describeChar(this.text, this.pos)}`, this.pos, [',', '(', 'the end']);
      }
      this.pos++;
    }
  }

  private navigationPath(): string[] {
    const segments: string[] = [];
    for (;;) {
      const end = identifierEnd(this.text, this.pos);
      if (end === this.pos) {
        const where = segments.length ? ` after '/'` : '';
        this.fail(`Expected a navigation property name${where}, found ${describeChar(this.text, this.pos)}`, this.pos, ['a navigation property']);
      }
      segments.push(this.text.slice(this.pos, end));
      this.pos = end;
      if (this.text[this.pos] !== '/') return segments;
      this.pos++;
    }
  }

  /** `(` name=value `;` … `)` after a path; each value runs to the `;` or `)` outside its quotes and parentheses. */
  private nested(path: string[]): QueryOptions {
    const open = this.pos;
    const where = `the options of ${path.join('/')} opened at ${open}`;
    const prefix = `${this.option}/${path.join('/')}/`;
    this.pos++;
    if (this.depth + 1 > MAX_DEPTH) this.fail(`$expand nests deeper than ${MAX_DEPTH} levels`, open);
    const entries: { name: string; value: string; namePos: number }[] = [];
    this.skipSpaces();
    if (this.text[this.pos] === ')') {
      this.pos++;
      return { orderBy: [], expand: [] };
    }
    for (;;) {
      this.skipSpaces();
      const namePos = this.pos;
      if (this.text[this.pos] !== '$') this.fail(`Expected an option such as $filter= in ${where}, found ${describeChar(this.text, this.pos)}`, this.pos, ['$']);
      const nameEnd = identifierEnd(this.text, this.pos + 1);
      const name = this.text.slice(namePos, nameEnd);
      if (!NESTED_OPTIONS.has(name)) {
        const why = TOP_OPTIONS.has(name) ? `${name} applies to a whole answer, not inside $expand` : `Unknown option '${name}' in ${where}`;
        this.fail(`${why}; expected one of ${[...NESTED_OPTIONS].join(', ')}`, namePos, [...NESTED_OPTIONS]);
      }
      if (entries.some((entry) => entry.name === name)) this.fail(`${name} is given twice in ${where}`, namePos);
      if (this.text[nameEnd] !== '=') this.fail(`Expected '=' after ${name}, found ${describeChar(this.text, nameEnd)}`, nameEnd, ['=']);
      const valueStart = nameEnd + 1;
      this.pos = this.valueEnd(valueStart);
      entries.push({ name, value: this.text.slice(valueStart, this.pos), namePos });
      const c = this.text[this.pos];
      if (c === ')') {
        this.pos++;
        break;
      }
      if (c !== ';') {
        // An error inside a value (an unclosed quote that ran to the end) comes first in the text: say that one.
        readOptions(entries, prefix, this.depth + 1);
        this.fail(`Expected ';' or ')' to close ${where}, found ${describeChar(this.text, this.pos)}`, this.pos, [';', ')']);
      }
      this.pos++;
    }
    return readOptions(entries, prefix, this.depth + 1);
  }

  /** Where the value from `start` ends: at the first `;` or unmatched `)` outside quotes and inner parentheses, or the end. */
  private valueEnd(start: number): number {
    const { text } = this;
    let depth = 0;
    let i = start;
    while (i < text.length) {
      const c = text[i];
      if (c === "'") {
        const close = text.indexOf("'", i + 1);
        // An unclosed quote runs to the end; the value's own parser says so, at its place.
        if (close < 0) return text.length;
        i = close + 1;
        continue;
      }
      if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0) return i;
        depth--;
      } else if (c === ';' && depth === 0) return i;
      i++;
    }
    return i;
  }
}

function parseExpandAt(text: string, option: string, depth: number): ExpandItem[] {
  checkLength(text, option, 'expand-syntax');
  return new ExpandReader(text, option, depth).items();
}

/** `$expand`: navigation paths separated by `,`, each optionally with `(` nested options separated by `;` `)`. */
export function parseExpand(text: string, option = '$expand'): ExpandItem[] {
  return parseExpandAt(text, option, 0);
}

const MAX_INT32 = 2 ** 31 - 1;

/** A scalar option's value refused; `found` is the value itself unless a character in it is to blame. */
function invalid(option: string, message: string, found: string, position = 0, expected: readonly string[] = []): never {
  return fail('query-option-invalid', option, message, position, found, expected);
}

function quote(value: string): string {
  return value === '' ? 'nothing' : `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
}

function nonNegativeInteger(value: string, option: string): number {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) invalid(option, `${option} takes a whole number of 0 or more (digits only), found ${describeChar(value, i)} at ${i}`, describeChar(value, i), i, ['a digit']);
  }
  if (value.length === 0) invalid(option, `${option} takes a whole number of 0 or more, found nothing`, 'the end', 0, ['a digit']);
  // Leading zeros are digits too; past ten significant digits the number is out of range anyway.
  let zeros = 0;
  while (zeros < value.length - 1 && value[zeros] === '0') zeros++;
  if (value.length - zeros > 10 || Number(value) > MAX_INT32) invalid(option, `${option} is at most ${MAX_INT32}, found ${quote(value)}`, quote(value), 0);
  return Number(value);
}

/** Reads options in the order given, so the first error in the text is the one reported. */
function readOptions(entries: readonly OptionText[], prefix: string, depth: number): QueryOptions {
  const options: QueryOptions = { orderBy: [], expand: [] };
  for (const { name, value } of entries) {
    const option = `${prefix}${name}`;
    switch (name) {
      case '$top':
        options.top = nonNegativeInteger(value, option);
        break;
      case '$skip':
        options.skip = nonNegativeInteger(value, option);
        break;
      case '$count':
        if (value !== 'true' && value !== 'false') invalid(option, `${option} is true or false, found ${quote(value)}`, quote(value), 0, ['true', 'false']);
        options.count = value === 'true';
        break;
      case '$filter':
        options.filter = parseFilter(value, option);
        break;
      case '$orderby':
        options.orderBy = parseOrderBy(value, option);
        break;
      case '$select':
        options.select = parseSelect(value, option);
        break;
      case '$expand':
        options.expand = parseExpandAt(value, option, depth);
        break;
      case '$resultFormat':
        if (value !== 'dataArray') invalid(option, `${option} can only be dataArray, found ${quote(value)}`, quote(value), 0, ['dataArray']);
        options.resultFormat = 'dataArray';
        break;
      case '$skiptoken':
        if (value.length === 0 || value.length > MAX_LENGTH) invalid(option, `${option} must be 1 to ${MAX_LENGTH} characters long, found ${value.length}`, quote(value), 0);
        options.skipToken = value;
        break;
      default:
        invalid(option, `Unknown query option '${name}'; the options are ${[...TOP_OPTIONS].join(', ')} (names are case-sensitive)`, quote(name), 0, [...TOP_OPTIONS]);
    }
  }
  return options;
}

/**
 * The query options of a request (its parsed query string). Keys without `$` are not ours and are
 * left alone; a `$` key must be one of the standard's, spelt as it spells it, and given once.
 */
export function parseQueryOptions(query: Record<string, string | string[] | undefined>): QueryOptions {
  const entries: OptionText[] = [];
  for (const [name, raw] of Object.entries(query)) {
    if (!name.startsWith('$') || raw === undefined) continue;
    if (!TOP_OPTIONS.has(name)) {
      invalid(name, `Unknown query option '${name}'; the options are ${[...TOP_OPTIONS].join(', ')} (names are case-sensitive)`, quote(name), 0, [...TOP_OPTIONS]);
    }
    let value: string;
    if (Array.isArray(raw)) {
      if (raw.length === 0) continue;
      if (raw.length > 1) invalid(name, `${name} is given ${raw.length} times; give it once`, `${raw.length} values`, 0);
      value = raw[0];
    } else {
      value = raw;
    }
    entries.push({ name, value });
  }
  return readOptions(entries, '', 0);
}

// ---------------------------------------------------------------------------------------------
// Printing: the canonical text of a tree, which parses back to the same tree (nextLinks, messages).

function stringLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function printLiteral(literal: LiteralValue): string {
  switch (literal.type) {
    case 'number':
      return literal.text;
    case 'string':
      return stringLiteral(literal.value);
    case 'boolean':
      return String(literal.value);
    case 'null':
      return 'null';
    case 'datetime':
    case 'interval':
      return literal.text;
    case 'date':
    case 'time':
      return literal.value;
    case 'duration':
      return `duration'${literal.text}'`;
    case 'geography':
      return `geography'${literal.wkt}'`;
  }
}

function power(expr: Expr): number {
  switch (expr.kind) {
    case 'binary':
      return BINARY_POWER.get(expr.op)!;
    case 'in':
      return COMPARISON;
    case 'not':
      return NOT;
    case 'negate':
      return UNARY;
    default:
      return PRIMARY;
  }
}

function printOperand(expr: Expr, parenthesise: boolean): string {
  const text = printExpr(expr);
  return parenthesise ? `(${text})` : text;
}

function printPath(segments: readonly string[]): string {
  let text = '';
  for (const segment of segments) {
    if (segment.startsWith('[')) text += segment;
    else text += text ? `/${segment}` : segment;
  }
  return text;
}

/** The canonical text of an expression: operators spaced, parentheses only where precedence needs them. */
export function printExpr(expr: Expr): string {
  switch (expr.kind) {
    case 'literal':
      return printLiteral(expr.literal);
    case 'path':
      return printPath(expr.segments);
    case 'not':
      // Its operand is read at comparison level: `and`/`or` inside need parentheses.
      return `not ${printOperand(expr.operand, power(expr.operand) < COMPARISON && expr.operand.kind !== 'not')}`;
    case 'negate': {
      // `-3` (or `-2024-01-01`) would read as one literal: a space keeps the `-` an operator.
      const operand = expr.operand;
      const space = operand.kind === 'literal' ? ' ' : '';
      return `-${space}${printOperand(operand, power(operand) < UNARY)}`;
    }
    case 'binary': {
      const p = BINARY_POWER.get(expr.op)!;
      // Left-associative: a left operand of the same level needs none, a right one does.
      return `${printOperand(expr.left, power(expr.left) < p || (expr.left.kind === 'not' && p >= COMPARISON))} ${expr.op} ${printOperand(expr.right, power(expr.right) <= p)}`;
    }
    case 'in':
      return `${printOperand(expr.operand, power(expr.operand) < COMPARISON || expr.operand.kind === 'not')} in (${expr.list.map((item) => printExpr(item)).join(', ')})`;
    case 'call':
      return `${expr.name}(${expr.args.map((arg) => printExpr(arg)).join(', ')})`;
    case 'lambda': {
      const head = `${printPath(expr.collection)}/${expr.quantifier}`;
      if (expr.variable === null || expr.predicate === null) return `${head}()`;
      return `${head}(${expr.variable}: ${printExpr(expr.predicate)})`;
    }
  }
}

/** `$orderby`'s canonical text (`asc` is the default and left out). */
export function printOrderBy(items: readonly OrderByItem[]): string {
  return items.map(({ expr, descending }) => (descending ? `${printExpr(expr)} desc` : printExpr(expr))).join(',');
}

/** `$select`'s canonical text. */
export function printSelect(paths: readonly (readonly string[])[]): string {
  return paths.map(printPath).join(',');
}

/** `$expand`'s canonical text, nested options inside `( … ; … )`. */
export function printExpand(items: readonly ExpandItem[]): string {
  return items
    .map(({ path, options }) => {
      const nested = Object.entries(printQueryOptions(options))
        .filter(([name]) => NESTED_OPTIONS.has(name))
        .map(([name, value]) => `${name}=${value}`);
      return nested.length ? `${path.join('/')}(${nested.join(';')})` : path.join('/');
    })
    .join(',');
}

/**
 * The query options as the query parameters that read back to them (`parseQueryOptions`), for
 * links built from a tree, such as the nextLink of an expanded collection. Absent and empty
 * options are left out; the caller URL-encodes the values.
 */
export function printQueryOptions(options: QueryOptions): Record<string, string> {
  const query: Record<string, string> = {};
  if (options.filter) query.$filter = printExpr(options.filter);
  if (options.orderBy.length) query.$orderby = printOrderBy(options.orderBy);
  if (options.select?.length) query.$select = printSelect(options.select);
  if (options.expand.length) query.$expand = printExpand(options.expand);
  if (options.top !== undefined) query.$top = String(options.top);
  if (options.skip !== undefined) query.$skip = String(options.skip);
  if (options.count !== undefined) query.$count = String(options.count);
  if (options.resultFormat) query.$resultFormat = options.resultFormat;
  if (options.skipToken !== undefined) query.$skiptoken = options.skipToken;
  return query;
}
