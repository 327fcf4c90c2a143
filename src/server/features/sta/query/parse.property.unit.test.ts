import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExpandItem, Expr, LiteralValue, QueryOptions } from './ast.ts';
import { FUNCTION_ARITY, parseFilter, parseQueryOptions, printExpr, printQueryOptions } from './parse.ts';

/** Positions differ between a text and its canonical print; the tree's shape must not. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'pos').map(([key, v]) => [key, shape(v)]));
  }
  return value;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'eq', 'ne', 'gt', 'ge', 'lt', 'le', 'add', 'sub', 'mul', 'div', 'mod', 'in', 'true', 'false', 'null']);

const identifier = fc
  .tuple(fc.constantFrom(...'abdeglnortxyzADT_ä'), fc.string({ unit: fc.constantFrom(...'abdeglnortxyzADT_ä0159'), maxLength: 5 }))
  .map(([first, rest]) => first + rest)
  .filter((name) => !KEYWORDS.has(name));

const segments = fc
  .array(fc.tuple(fc.oneof({ weight: 9, arbitrary: identifier }, { weight: 1, arbitrary: fc.constant('@iot.id') }), fc.option(fc.nat(30), { freq: 5 })), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.flatMap(([name, index]) => (index === null ? [name] : [name, `[${index}]`])));

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const numberLiteral = fc
  .tuple(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.option(fc.nat(999)), fc.option(fc.integer({ min: -20, max: 20 })))
  .map(([whole, fraction, exponent]): LiteralValue => {
    const text = `${whole}${fraction === null ? '' : `.${fraction}`}${exponent === null ? '' : `e${exponent}`}`;
    return { type: 'number', value: Number(text) || 0, text };
  });

/** An instant written at some offset, as the lexer must read it back. */
const instant = fc
  .tuple(fc.integer({ min: Date.UTC(2, 0, 1), max: Date.UTC(9998, 11, 31) }), fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }), fc.boolean())
  .map(([value, offset, millis]) => {
    const at = millis ? value : value - (((value % 1000) + 1000) % 1000);
    const local = new Date(at + offset * 60_000);
    const zone = offset === 0 ? 'Z' : `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
    const fraction = millis ? `.${pad(local.getUTCMilliseconds(), 3)}` : '';
    const text =
      `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
      `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${fraction}${zone}`;
    return { value: at, text };
  });

const durationLiteral = fc
  .tuple(fc.boolean(), fc.array(fc.option(fc.nat(500)), { minLength: 7, maxLength: 7 }))
  .filter(([, parts]) => parts.some((part) => part !== null))
  .map(([negative, [y, mo, w, d, h, mi, s]]): LiteralValue => {
    const part = (n: number | null, unit: string) => (n === null ? '' : `${n}${unit}`);
    const time = part(h, 'H') + part(mi, 'M') + part(s, 'S');
    const text = `${negative ? '-' : ''}P${part(y, 'Y')}${part(mo, 'M')}${part(w, 'W')}${part(d, 'D')}${time ? `T${time}` : ''}`;
    const sign = negative ? -1 : 1;
    const months = sign * ((y ?? 0) * 12 + (mo ?? 0)) || 0;
    const milliseconds = sign * ((((w ?? 0) * 7 + (d ?? 0)) * 24 + (h ?? 0)) * 3_600_000 + (mi ?? 0) * 60_000 + (s ?? 0) * 1000) || 0;
    return { type: 'duration', months, milliseconds, text };
  });

const literal: fc.Arbitrary<LiteralValue> = fc.oneof(
  numberLiteral,
  fc.string({ maxLength: 8 }).map((value): LiteralValue => ({ type: 'string', value })),
  fc.boolean().map((value): LiteralValue => ({ type: 'boolean', value })),
  fc.constant<LiteralValue>({ type: 'null' }),
  instant.map(({ value, text }): LiteralValue => ({ type: 'datetime', value, text })),
  instant.map(({ text }): LiteralValue => ({ type: 'date', value: text.slice(0, 10) })),
  fc
    .tuple(fc.nat(23), fc.nat(59), fc.option(fc.nat(59)), fc.option(fc.nat(999)))
    .map(([h, m, s, ms]): LiteralValue => ({ type: 'time', value: `${pad(h)}:${pad(m)}${s === null ? '' : `:${pad(s)}${ms === null ? '' : `.${pad(ms, 3)}`}`}` })),
  durationLiteral,
  fc.tuple(instant, instant).map(([a, b]): LiteralValue => {
    const [start, end] = a.value <= b.value ? [a, b] : [b, a];
    return { type: 'interval', start: start.value, end: end.value, text: `${start.text}/${end.text}` };
  }),
  fc.constantFrom('POINT(24.9 60.1)', 'LINESTRING(0 0, 1 1)', 'POLYGON((0 0, 1 0, 1 1, 0 0))', ' POINT EMPTY ').map((wkt): LiteralValue => ({ type: 'geography', wkt })),
);

const FUNCTIONS = [...FUNCTION_ARITY];
const BINARY_OPS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'and', 'or', 'add', 'sub', 'mul', 'div', 'mod'] as const;

const { expr } = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { maxDepth: 5, depthIdentifier: 'expr' },
    literal.map((lit): Expr => ({ kind: 'literal', literal: lit, pos: 0 })),
    segments.map((segs): Expr => ({ kind: 'path', segments: segs, pos: 0 })),
    tie('expr').map((operand): Expr => ({ kind: 'not', operand, pos: 0 })),
    tie('expr').map((operand): Expr => ({ kind: 'negate', operand, pos: 0 })),
    fc.tuple(fc.constantFrom(...BINARY_OPS), tie('expr'), tie('expr')).map(([op, left, right]): Expr => ({ kind: 'binary', op, left, right, pos: 0 })),
    fc.tuple(tie('expr'), fc.array(tie('expr'), { minLength: 1, maxLength: 3 })).map(([operand, list]): Expr => ({ kind: 'in', operand, list, pos: 0 })),
    fc
      .constantFrom(...FUNCTIONS)
      .chain(([name, [least, most]]) => fc.integer({ min: least, max: most }).chain((count) => fc.array(tie('expr'), { minLength: count, maxLength: count }).map((args) => ({ name, args }))))
      .map(({ name, args }): Expr => ({ kind: 'call', name, args, pos: 0 })),
    fc
      .tuple(segments, fc.constantFrom('any' as const, 'all' as const), identifier, fc.option(tie('expr'), { freq: 4 }))
      .map(([collection, quantifier, variable, predicate]): Expr =>
        predicate === null && quantifier === 'any'
          ? { kind: 'lambda', quantifier, collection, variable: null, predicate: null, pos: 0 }
          : { kind: 'lambda', quantifier, collection, variable, predicate: predicate ?? { kind: 'literal', literal: { type: 'boolean', value: true }, pos: 0 }, pos: 0 },
      ),
  ),
}));

describe('printExpr and parseFilter', () => {
  it('read back every printed tree as the same tree', () => {
    fc.assert(
      fc.property(expr, (tree) => {
        const text = printExpr(tree);
        expect(shape(parseFilter(text)), text).toEqual(shape(tree));
      }),
      { numRuns: 2000 },
    );
  });

  it('print a parsed text to a fixed point', () => {
    fc.assert(
      fc.property(expr, (tree) => {
        const once = printExpr(tree);
        expect(printExpr(parseFilter(once))).toBe(once);
      }),
      { numRuns: 500 },
    );
  });
});

const smallExpr = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { maxDepth: 2, depthIdentifier: 'small' },
    literal.map((lit): Expr => ({ kind: 'literal', literal: lit, pos: 0 })),
    segments.map((segs): Expr => ({ kind: 'path', segments: segs, pos: 0 })),
    fc.tuple(fc.constantFrom(...BINARY_OPS), tie('expr'), tie('expr')).map(([op, left, right]): Expr => ({ kind: 'binary', op, left, right, pos: 0 })),
    tie('expr').map((operand): Expr => ({ kind: 'not', operand, pos: 0 })),
  ),
})).expr;

const navigation = fc.array(identifier, { minLength: 1, maxLength: 3 });
const count = fc.integer({ min: 0, max: 2 ** 31 - 1 });

function optionsArbitrary(top: boolean): fc.Arbitrary<QueryOptions> {
  const { options } = fc.letrec<{ options: QueryOptions; items: ExpandItem[] }>((tie) => ({
    options: fc
      .record(
        {
          top: count,
          skip: count,
          count: fc.boolean(),
          filter: smallExpr,
          orderBy: fc.array(fc.record({ expr: smallExpr, descending: fc.boolean() }), { maxLength: 3 }),
          select: fc.array(segments, { minLength: 1, maxLength: 3 }),
          expand: fc.oneof({ maxDepth: 3, depthIdentifier: 'expand' }, fc.constant([]), tie('items')),
        },
        { requiredKeys: ['orderBy', 'expand'] },
      )
      .map((options) => options as QueryOptions),
    items: fc.array(fc.record({ path: navigation, options: tie('options'), pos: fc.constant(0) }), { minLength: 1, maxLength: 2 }) as fc.Arbitrary<ExpandItem[]>,
  }));
  if (!top) return options;
  return fc
    .tuple(options, fc.option(fc.constant('dataArray' as const)), fc.option(fc.string({ minLength: 1, maxLength: 12 })))
    .map(([o, resultFormat, skipToken]) => ({ ...o, ...(resultFormat ? { resultFormat } : {}), ...(skipToken === null ? {} : { skipToken }) }));
}

describe('printQueryOptions and parseQueryOptions', () => {
  it('read back every printed set of options, nested $expand included', () => {
    fc.assert(
      fc.property(optionsArbitrary(true), (options) => {
        const query = printQueryOptions(options);
        expect(shape(parseQueryOptions(query)), JSON.stringify(query)).toEqual(shape(options));
      }),
      { numRuns: 500 },
    );
  });
});
