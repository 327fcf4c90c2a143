import { describe, expect, it } from 'vitest';
import { QuerySyntaxError, type Expr, type LiteralValue } from './ast.ts';
import { FUNCTION_ARITY, parseExpand, parseFilter, parseOrderBy, parseQueryOptions, parseSelect, printExpr } from './parse.ts';

/** A tree without its positions, for comparing shapes (positions have tests of their own). */
type Shape = unknown;
function shape(value: unknown): Shape {
  if (Array.isArray(value)) return value.map(shape);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'pos').map(([key, v]) => [key, shape(v)]));
  }
  return value;
}

const f = (text: string) => shape(parseFilter(text));
const path = (...segments: string[]) => ({ kind: 'path', segments });
const lit = (literal: LiteralValue) => ({ kind: 'literal', literal });
const num = (text: string) => lit({ type: 'number', value: Number(text), text });
const str = (value: string) => lit({ type: 'string', value });
const bin = (op: string, left: Shape, right: Shape) => ({ kind: 'binary', op, left, right });
const call = (name: string, ...args: Shape[]) => ({ kind: 'call', name, args });
const not = (operand: Shape) => ({ kind: 'not', operand });
const neg = (operand: Shape) => ({ kind: 'negate', operand });

function syntaxError(run: () => unknown): QuerySyntaxError {
  try {
    run();
  } catch (error) {
    if (error instanceof QuerySyntaxError) return error;
    throw error;
  }
  throw new Error('expected a QuerySyntaxError, nothing was thrown');
}

describe('$filter operators', () => {
  it.each(['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'and', 'or', 'add', 'sub', 'mul', 'div', 'mod'])('reads the binary operator %s', (op) => {
    expect(f(`a ${op} b`)).toEqual(bin(op, path('a'), path('b')));
  });

  it('reads not and unary minus', () => {
    expect(f('not a')).toEqual(not(path('a')));
    expect(f('-a')).toEqual(neg(path('a')));
    expect(f('- 3')).toEqual(neg(num('3')));
    expect(f('not not a')).toEqual(not(not(path('a'))));
  });

  it('takes a minus right before a number as part of the number', () => {
    expect(f('a sub -3')).toEqual(bin('sub', path('a'), num('-3')));
    expect(f('-2.5e-3 lt a')).toEqual(bin('lt', num('-2.5e-3'), path('a')));
  });

  it('reads in with a list', () => {
    expect(f('result in (1, 2, 3)')).toEqual({ kind: 'in', operand: path('result'), list: [num('1'), num('2'), num('3')] });
    expect(f("name in ('a','b')")).toEqual({ kind: 'in', operand: path('name'), list: [str('a'), str('b')] });
    expect(f('x in (1) and y')).toEqual(bin('and', { kind: 'in', operand: path('x'), list: [num('1')] }, path('y')));
  });

  it('needs operators in lower case', () => {
    expect(syntaxError(() => parseFilter('a EQ b')).position).toBe(2);
    expect(syntaxError(() => parseFilter('a eq b AND c')).position).toBe(7);
  });
});

describe('$filter precedence', () => {
  it('binds and before or', () => {
    expect(f('a or b and c')).toEqual(bin('or', path('a'), bin('and', path('b'), path('c'))));
    expect(f('a and b or c')).toEqual(bin('or', bin('and', path('a'), path('b')), path('c')));
  });

  it('binds mul before add and both before comparisons', () => {
    expect(f('1 add 2 mul 3')).toEqual(bin('add', num('1'), bin('mul', num('2'), num('3'))));
    expect(f('1 mul 2 add 3')).toEqual(bin('add', bin('mul', num('1'), num('2')), num('3')));
    expect(f('a add 1 gt b mod 2')).toEqual(bin('gt', bin('add', path('a'), num('1')), bin('mod', path('b'), num('2'))));
    expect(f('a eq 1 and b eq 2')).toEqual(bin('and', bin('eq', path('a'), num('1')), bin('eq', path('b'), num('2'))));
  });

  it('is left-associative within a level', () => {
    expect(f('a sub b sub c')).toEqual(bin('sub', bin('sub', path('a'), path('b')), path('c')));
    expect(f('a div b mul c')).toEqual(bin('mul', bin('div', path('a'), path('b')), path('c')));
    expect(f('a or b or c')).toEqual(bin('or', bin('or', path('a'), path('b')), path('c')));
  });

  it('gives not a comparison as operand, but not an and (OData ABNF, FROST)', () => {
    expect(f('not a eq b')).toEqual(not(bin('eq', path('a'), path('b'))));
    expect(f('not a and b')).toEqual(bin('and', not(path('a')), path('b')));
    expect(f("not substringof('x', name) or b")).toEqual(bin('or', not(call('substringof', str('x'), path('name'))), path('b')));
  });

  it('binds unary minus tighter than mul', () => {
    expect(f('-a mul b')).toEqual(bin('mul', neg(path('a')), path('b')));
  });

  it('lets parentheses override', () => {
    expect(f('(a or b) and c')).toEqual(bin('and', bin('or', path('a'), path('b')), path('c')));
    expect(f('(1 add 2) mul 3')).toEqual(bin('mul', bin('add', num('1'), num('2')), num('3')));
    expect(f('((a))')).toEqual(path('a'));
  });
});

describe('$filter literals', () => {
  const value = (text: string) => (parseFilter(`x eq ${text}`) as Extract<Expr, { kind: 'binary' }>).right;

  it('reads numbers keeping their text', () => {
    expect(value('42')).toMatchObject({ literal: { type: 'number', value: 42, text: '42' } });
    expect(value('3.25')).toMatchObject({ literal: { type: 'number', value: 3.25, text: '3.25' } });
    expect(value('1E3')).toMatchObject({ literal: { type: 'number', value: 1000, text: '1E3' } });
    expect(value('9007199254740993')).toMatchObject({ literal: { type: 'number', text: '9007199254740993' } });
  });

  it('reads strings with the doubled quote', () => {
    expect(value("'it''s'")).toMatchObject({ literal: { type: 'string', value: "it's" } });
    expect(value("''")).toMatchObject({ literal: { type: 'string', value: '' } });
    expect(value("'a;b)c,d'")).toMatchObject({ literal: { type: 'string', value: 'a;b)c,d' } });
    expect(value("'Töölö 🚢'")).toMatchObject({ literal: { type: 'string', value: 'Töölö 🚢' } });
  });

  it('reads true, false and null', () => {
    expect(value('true')).toMatchObject({ literal: { type: 'boolean', value: true } });
    expect(value('false')).toMatchObject({ literal: { type: 'boolean', value: false } });
    expect(value('null')).toMatchObject({ literal: { type: 'null' } });
  });

  it('reads datetimes with their offset as epoch milliseconds', () => {
    expect(value('2024-01-01T00:00:00Z')).toMatchObject({ literal: { type: 'datetime', value: Date.UTC(2024, 0, 1), text: '2024-01-01T00:00:00Z' } });
    expect(value('2024-01-01T00:00:00.123+02:00')).toMatchObject({ literal: { type: 'datetime', value: Date.UTC(2023, 11, 31, 22, 0, 0, 123) } });
    expect(value('2024-06-30T23:59:59.5-03:30')).toMatchObject({ literal: { type: 'datetime', value: Date.UTC(2024, 6, 1, 3, 29, 59, 500) } });
    expect(value('2024-02-29T12:00Z')).toMatchObject({ literal: { type: 'datetime', value: Date.UTC(2024, 1, 29, 12) } });
    expect(value('0050-01-01T00:00:00Z')).toMatchObject({ literal: { type: 'datetime', value: Date.parse('0050-01-01T00:00:00Z') } });
  });

  it('reads dates and times of day', () => {
    expect(value('2024-01-01')).toMatchObject({ literal: { type: 'date', value: '2024-01-01' } });
    expect(value('2000-02-29')).toMatchObject({ literal: { type: 'date', value: '2000-02-29' } });
    expect(value('12:30:00')).toMatchObject({ literal: { type: 'time', value: '12:30:00' } });
    expect(value('12:30:00.125')).toMatchObject({ literal: { type: 'time', value: '12:30:00.125' } });
    expect(value('23:59')).toMatchObject({ literal: { type: 'time', value: '23:59' } });
  });

  it('reads intervals of two instants', () => {
    expect(value('2024-01-01T00:00:00Z/2024-02-01T00:00:00Z')).toMatchObject({
      literal: { type: 'interval', start: Date.UTC(2024, 0, 1), end: Date.UTC(2024, 1, 1), text: '2024-01-01T00:00:00Z/2024-02-01T00:00:00Z' },
    });
    expect(value('2024-01-01T02:00:00+02:00/2024-01-01T00:00:00Z')).toMatchObject({ literal: { type: 'interval', start: Date.UTC(2024, 0, 1), end: Date.UTC(2024, 0, 1) } });
  });

  it('reads durations into months and milliseconds', () => {
    expect(value("duration'P1DT2H30M'")).toMatchObject({ literal: { type: 'duration', months: 0, milliseconds: (24 + 2.5) * 3_600_000, text: 'P1DT2H30M' } });
    expect(value("duration'P1Y2M'")).toMatchObject({ literal: { type: 'duration', months: 14, milliseconds: 0 } });
    expect(value("duration'P2W'")).toMatchObject({ literal: { type: 'duration', months: 0, milliseconds: 14 * 86_400_000 } });
    expect(value("duration'PT1.5S'")).toMatchObject({ literal: { type: 'duration', months: 0, milliseconds: 1500 } });
    expect(value("duration'-P1M1D'")).toMatchObject({ literal: { type: 'duration', months: -1, milliseconds: -86_400_000 } });
    expect(value("duration'P1Y2M3W4DT5H6M7S'")).toMatchObject({
      literal: { type: 'duration', months: 14, milliseconds: ((3 * 7 + 4) * 24 + 5) * 3_600_000 + 6 * 60_000 + 7000 },
    });
  });

  it('reads geography and geometry WKT, keeping the text', () => {
    expect(value("geography'POINT(24.9 60.1)'")).toMatchObject({ literal: { type: 'geography', wkt: 'POINT(24.9 60.1)' } });
    expect(value("geometry'LINESTRING(0 0, 1 1)'")).toMatchObject({ literal: { type: 'geography', wkt: 'LINESTRING(0 0, 1 1)' } });
  });

  it('keeps the slash of an interval apart from the slash of a path', () => {
    expect(f('Datastream/phenomenonTime eq 2024-01-01T00:00:00Z/2024-01-02T00:00:00Z')).toMatchObject({
      left: path('Datastream', 'phenomenonTime'),
      right: { literal: { type: 'interval' } },
    });
  });
});

describe('$filter paths', () => {
  it('reads single and multi-segment paths, into JSON too', () => {
    expect(f('name eq 1')).toMatchObject({ left: path('name') });
    expect(f('Datastream/Thing/name eq 1')).toMatchObject({ left: path('Datastream', 'Thing', 'name') });
    expect(f('properties/owner/name eq 1')).toMatchObject({ left: path('properties', 'owner', 'name') });
    expect(f('unitOfMeasurement/symbol eq 1')).toMatchObject({ left: path('unitOfMeasurement', 'symbol') });
    expect(f('@iot.id eq 1')).toMatchObject({ left: path('@iot.id') });
    expect(f('Datastream/@iot.id eq 1')).toMatchObject({ left: path('Datastream', '@iot.id') });
    expect(f('id eq 1')).toMatchObject({ left: path('id') });
    expect(f('properties/_x9 eq 1')).toMatchObject({ left: path('properties', '_x9') });
    expect(f('properties/lämpötila eq 1')).toMatchObject({ left: path('properties', 'lämpötila') });
  });

  it('keeps an array index as a segment of its own', () => {
    expect(f('properties/list[0] eq 1')).toMatchObject({ left: path('properties', 'list', '[0]') });
    expect(f('properties/m[1][02]/v eq 1')).toMatchObject({ left: path('properties', 'm', '[1]', '[2]', 'v') });
  });

  it('lets operator words be later segments', () => {
    expect(f('properties/in eq properties/and')).toEqual(bin('eq', path('properties', 'in'), path('properties', 'and')));
  });

  it('gives each node the offset where it starts', () => {
    const tree = parseFilter("a eq 1 or  substringof('x', b/c)");
    expect(tree).toMatchObject({ pos: 0, left: { pos: 0, left: { pos: 0 }, right: { pos: 5 } }, right: { pos: 11, args: [{ pos: 23 }, { pos: 28 }] } });
  });
});

describe('$filter functions', () => {
  const arg = (i: number) => ['a', "'s'", '1', 'b/c'][i % 4];

  it.each([...FUNCTION_ARITY].map(([name, arity]) => [name, arity] as const))('reads %s with its arguments and refuses the wrong count', (name, [least, most]) => {
    for (let count = least; count <= most; count++) {
      const args = Array.from({ length: count }, (_, i) => arg(i));
      const tree = parseFilter(`${name}(${args.join(', ')}) eq 1`) as Extract<Expr, { kind: 'binary' }>;
      expect(tree.left).toMatchObject({ kind: 'call', name, args: { length: count } });
    }
    const tooMany = Array.from({ length: most + 1 }, (_, i) => arg(i));
    const error = syntaxError(() => parseFilter(`x eq ${name}(${tooMany.join(',')})`));
    expect(error).toMatchObject({ code: 'filter-syntax', position: 5 });
    expect(error.message).toContain(name);
    expect(error.message).toContain(`found ${most + 1}`);
    if (least > 0) {
      const tooFew = Array.from({ length: least - 1 }, (_, i) => arg(i));
      expect(syntaxError(() => parseFilter(`${name}(${tooFew.join(',')})`)).message).toMatch(new RegExp(`^${name.replace('.', '\\.')} takes`));
    }
  });

  it('knows the functions the brief lists, and no others', () => {
    expect(FUNCTION_ARITY.size).toBe(46);
    expect(FUNCTION_ARITY.get('substring')).toEqual([2, 3]);
    expect(FUNCTION_ARITY.get('st_relate')).toEqual([3, 3]);
    expect(FUNCTION_ARITY.get('now')).toEqual([0, 0]);
  });

  it('takes any expression as an argument', () => {
    expect(f("substringof('x', concat(tolower(name), 'y'))")).toEqual(call('substringof', str('x'), call('concat', call('tolower', path('name')), str('y'))));
    expect(f('round(a add 1 mul 2) eq 3')).toEqual(bin('eq', call('round', bin('add', path('a'), bin('mul', num('1'), num('2')))), num('3')));
  });

  it('names an unknown function and hints at lower case', () => {
    expect(syntaxError(() => parseFilter('frobnicate(a) eq 1'))).toMatchObject({ code: 'filter-syntax', position: 0, found: "'frobnicate'" });
    expect(syntaxError(() => parseFilter('ToLower(a) eq 1')).message).toContain('function names are lower case: tolower');
  });
});

describe('$filter lambdas', () => {
  it('reads any and all with a variable, and any()', () => {
    expect(f("Datastreams/any(d: d/name eq 'x')")).toEqual({
      kind: 'lambda',
      quantifier: 'any',
      collection: ['Datastreams'],
      variable: 'd',
      predicate: bin('eq', path('d', 'name'), str('x')),
    });
    expect(f('Thing/Datastreams/all(d:d/Observations/any())')).toEqual({
      kind: 'lambda',
      quantifier: 'all',
      collection: ['Thing', 'Datastreams'],
      variable: 'd',
      predicate: { kind: 'lambda', quantifier: 'any', collection: ['d', 'Observations'], variable: null, predicate: null },
    });
    expect(f('Datastreams/any() and x')).toMatchObject({ op: 'and', left: { kind: 'lambda', variable: null } });
  });

  it('refuses all() without a predicate and a lambda without a collection', () => {
    expect(syntaxError(() => parseFilter('Datastreams/all()')).message).toContain('all() needs a predicate');
    expect(syntaxError(() => parseFilter("any(d: d/name eq 'x')")).message).toContain("Unknown function 'any'");
  });
});

describe('error messages', () => {
  it('say what was expected where, and what was found', () => {
    expect(syntaxError(() => parseFilter("substringof('a', name"))).toMatchObject({
      message: "Expected ',' or ')' to close the call of substringof opened at 11, found the end",
      position: 21,
      found: 'the end',
      expected: [',', ')'],
    });
    expect(syntaxError(() => parseFilter('(a eq 1 or b'))).toMatchObject({ message: "Expected ')' to close the '(' opened at 0, found the end", position: 12 });
    expect(syntaxError(() => parseFilter('x eq 2024-02-30'))).toMatchObject({ message: '2024-02-30 is not a date in the calendar', position: 5, found: "'2024-02-30'" });
    expect(syntaxError(() => parseFilter('x eq 2024-01-01T00:00:00'))).toMatchObject({ message: "A datetime needs its offset ('Z' or ±hh:mm), found the end", position: 24 });
    expect(syntaxError(() => parseFilter('x eq 2024-01-01T00:00:00 02:00')).message).toContain("a '+' in a URL is written %2B");
    expect(syntaxError(() => parseFilter('substring(a) eq 1'))).toMatchObject({ message: 'substring takes 2 to 3 arguments, found 1', position: 0 });
    expect(syntaxError(() => parseFilter('a eq b c'))).toMatchObject({ message: "Expected an operator (and, or, eq, add …) or the end, found 'c'", found: "'c'" });
    expect(syntaxError(() => parseQueryOptions({ $top: '12x' }))).toMatchObject({ message: "$top takes a whole number of 0 or more (digits only), found 'x' at 2", found: "'x'", position: 2 });
    expect(syntaxError(() => parseQueryOptions({ $count: 'yes' }))).toMatchObject({ message: "$count is true or false, found 'yes'", found: "'yes'" });
    expect(syntaxError(() => parseQueryOptions({ $expnd: 'A' }))).toMatchObject({ found: "'$expnd'" });
  });
});

describe('$orderby', () => {
  it('reads several keys with asc and desc, each any expression', () => {
    const items = parseOrderBy("phenomenonTime desc,Datastream/name, geo.distance(location, geography'POINT(1 2)') asc,result add 1");
    expect(shape(items)).toEqual([
      { expr: path('phenomenonTime'), descending: true },
      { expr: path('Datastream', 'name'), descending: false },
      { expr: call('geo.distance', path('location'), lit({ type: 'geography', wkt: 'POINT(1 2)' })), descending: false },
      { expr: bin('add', path('result'), num('1')), descending: false },
    ]);
  });

  it('refuses a key without a separator, and names the option', () => {
    expect(syntaxError(() => parseOrderBy('a desc b'))).toMatchObject({ code: 'filter-syntax', option: '$orderby', position: 7 });
    expect(syntaxError(() => parseOrderBy('a,'))).toMatchObject({ code: 'filter-syntax', position: 2, found: 'the end' });
  });
});

describe('$select', () => {
  it('reads comma-separated paths', () => {
    expect(parseSelect('name,unitOfMeasurement/name,Datastreams')).toEqual([['name'], ['unitOfMeasurement', 'name'], ['Datastreams']]);
    expect(parseSelect('@iot.id, id ,properties/list[3]')).toEqual([['@iot.id'], ['id'], ['properties', 'list', '[3]']]);
  });

  it('refuses what is not a path with expand-syntax', () => {
    expect(syntaxError(() => parseSelect('name,'))).toMatchObject({ code: 'expand-syntax', option: '$select', position: 5 });
    expect(syntaxError(() => parseSelect('name eq 1'))).toMatchObject({ code: 'expand-syntax', position: 5 });
    expect(syntaxError(() => parseSelect('distinct:name'))).toMatchObject({ code: 'expand-syntax', position: 8 });
  });
});

describe('$expand', () => {
  it('reads nested options of every kind, with ; and ) inside strings', () => {
    const items = parseExpand("Datastreams($filter=name eq 'a;b)';$orderby=id desc;$top=2;$skip=1;$count=true;$select=name,id;$expand=Observations($top=1)),Locations");
    expect(shape(items)).toEqual([
      {
        path: ['Datastreams'],
        options: {
          filter: bin('eq', path('name'), str('a;b)')),
          orderBy: [{ expr: path('id'), descending: true }],
          top: 2,
          skip: 1,
          count: true,
          select: [['name'], ['id']],
          expand: [{ path: ['Observations'], options: { top: 1, orderBy: [], expand: [] } }],
        },
      },
      { path: ['Locations'], options: { orderBy: [], expand: [] } },
    ]);
    expect(items[1].pos).toBe("Datastreams($filter=name eq 'a;b)';$orderby=id desc;$top=2;$skip=1;$count=true;$select=name,id;$expand=Observations($top=1)),".length);
  });

  it('reads the path form and empty options', () => {
    expect(shape(parseExpand('Datastreams/Observations,Thing/Locations()'))).toEqual([
      { path: ['Datastreams', 'Observations'], options: { orderBy: [], expand: [] } },
      { path: ['Thing', 'Locations'], options: { orderBy: [], expand: [] } },
    ]);
  });

  it('keeps parentheses and commas of nested values inside them', () => {
    const [item] = parseExpand("Datastreams($filter=(a eq 1 or substringof('(', b)) and c in (1,2);$expand=Observations($select=result,phenomenonTime),Sensor)");
    expect(item.options.filter).toMatchObject({ op: 'and' });
    expect(shape(item.options.expand)).toEqual([
      { path: ['Observations'], options: { select: [['result'], ['phenomenonTime']], orderBy: [], expand: [] } },
      { path: ['Sensor'], options: { orderBy: [], expand: [] } },
    ]);
  });

  it('names a nested option by its place, with positions inside its own text', () => {
    expect(syntaxError(() => parseExpand("Datastreams($filter=name eq 'a;b' and;$top=1)"))).toMatchObject({
      code: 'filter-syntax',
      option: '$expand/Datastreams/$filter',
      position: 17,
    });
    expect(syntaxError(() => parseExpand('Things/Datastreams($expand=Observations($top=x))'))).toMatchObject({
      code: 'query-option-invalid',
      option: '$expand/Things/Datastreams/$expand/Observations/$top',
      position: 0,
    });
    expect(syntaxError(() => parseExpand('Datastreams($select=a b)'))).toMatchObject({ code: 'expand-syntax', option: '$expand/Datastreams/$select', position: 2 });
  });

  it('says which parenthesis is left open', () => {
    const error = syntaxError(() => parseExpand('Locations,Datastreams($top=1'));
    expect(error).toMatchObject({ code: 'expand-syntax', option: '$expand', position: 28, found: 'the end' });
    expect(error.message).toBe("Expected ';' or ')' to close the options of Datastreams opened at 21, found the end");
  });
});

describe('parseQueryOptions', () => {
  it('reads every option and leaves non-$ keys alone', () => {
    const options = parseQueryOptions({
      $top: '10',
      $skip: '0',
      $count: 'false',
      $filter: 'result gt 5',
      $orderby: 'phenomenonTime desc',
      $select: 'result',
      $expand: 'Datastream($select=name)',
      $resultFormat: 'dataArray',
      $skiptoken: 'abc.def',
      format: 'json',
      page: ['1', '2'],
      other: undefined,
    });
    expect(shape(options)).toEqual({
      top: 10,
      skip: 0,
      count: false,
      filter: bin('gt', path('result'), num('5')),
      orderBy: [{ expr: path('phenomenonTime'), descending: true }],
      select: [['result']],
      expand: [{ path: ['Datastream'], options: { select: [['name']], orderBy: [], expand: [] } }],
      resultFormat: 'dataArray',
      skipToken: 'abc.def',
    });
    expect(parseQueryOptions({})).toEqual({ orderBy: [], expand: [] });
  });

  it('takes $top and $skip up to 2^31-1, digits only', () => {
    expect(parseQueryOptions({ $top: '2147483647' }).top).toBe(2147483647);
    expect(parseQueryOptions({ $skip: '0000000000012' }).skip).toBe(12);
    for (const bad of ['2147483648', '-1', '+1', '1.0', '1e3', ' 1', '', 'ten', '0x10', '99999999999999999999']) {
      expect(syntaxError(() => parseQueryOptions({ $top: bad }))).toMatchObject({ code: 'query-option-invalid', option: '$top' });
    }
  });

  it('refuses other spellings of $count and $resultFormat, unknown $ options and repeated ones', () => {
    expect(syntaxError(() => parseQueryOptions({ $count: 'TRUE' }))).toMatchObject({ code: 'query-option-invalid', option: '$count' });
    expect(syntaxError(() => parseQueryOptions({ $resultFormat: 'dataarray' }))).toMatchObject({ code: 'query-option-invalid', option: '$resultFormat' });
    expect(syntaxError(() => parseQueryOptions({ $format: 'json' }))).toMatchObject({ code: 'query-option-invalid', option: '$format' });
    expect(syntaxError(() => parseQueryOptions({ $Top: '1' }))).toMatchObject({ code: 'query-option-invalid', option: '$Top' });
    expect(syntaxError(() => parseQueryOptions({ $filter: ['a eq 1', 'b eq 2'] }))).toMatchObject({ code: 'query-option-invalid', option: '$filter' });
    expect(syntaxError(() => parseQueryOptions({ $skiptoken: '' }))).toMatchObject({ code: 'query-option-invalid', option: '$skiptoken' });
  });

  it('gives each option its own code', () => {
    expect(syntaxError(() => parseQueryOptions({ $filter: 'a eq' })).code).toBe('filter-syntax');
    expect(syntaxError(() => parseQueryOptions({ $orderby: 'a asc desc' })).code).toBe('filter-syntax');
    expect(syntaxError(() => parseQueryOptions({ $select: 'a,,b' })).code).toBe('expand-syntax');
    expect(syntaxError(() => parseQueryOptions({ $expand: 'A(' })).code).toBe('expand-syntax');
  });
});

describe('robustness', () => {
  it('reads a 9,000-character filter of many ors', () => {
    const parts: string[] = [];
    for (let i = 0; parts.join(' or ').length < 9000; i++) parts.push(`name eq 'station ${i}'`);
    const text = parts.join(' or ');
    expect(text.length).toBeGreaterThan(9000);
    expect(text.length).toBeLessThanOrEqual(10_000);
    let tree = parseFilter(text);
    let count = 1;
    while (tree.kind === 'binary' && tree.op === 'or') {
      count++;
      tree = tree.left;
    }
    expect(count).toBe(parts.length);
  });

  it('reads nesting up to 64 levels and refuses deeper, of every kind', () => {
    expect(f(`${'('.repeat(64)}a${')'.repeat(64)}`)).toEqual(path('a'));
    expect(syntaxError(() => parseFilter(`${'('.repeat(65)}a${')'.repeat(65)}`))).toMatchObject({ code: 'filter-syntax', position: 64 });
    expect(syntaxError(() => parseFilter(`${'tolower('.repeat(65)}a${')'.repeat(65)}`)).code).toBe('filter-syntax');
    expect(syntaxError(() => parseFilter(`${'not '.repeat(65)}a`)).code).toBe('filter-syntax');
    expect(syntaxError(() => parseFilter(`${'- '.repeat(65)}a`)).code).toBe('filter-syntax');
    expect(syntaxError(() => parseFilter(`${'A/any(x: '.repeat(65)}x${')'.repeat(65)}`)).code).toBe('filter-syntax');
    expect(syntaxError(() => parseFilter(`a in ${'('.repeat(65)}1${')'.repeat(65)}`)).code).toBe('filter-syntax');
  });

  it('refuses deep nesting of 5,000 levels without exhausting the stack', () => {
    for (const text of [`${'('.repeat(4990)}a${')'.repeat(4990)}`, `${'not '.repeat(2400)}a`, `${'trim('.repeat(1900)}a`]) {
      expect(syntaxError(() => parseFilter(text)).code).toBe('filter-syntax');
    }
  });

  it('reads $expand nested 64 deep and refuses 65', () => {
    const nested = (depth: number) => `${'A($expand='.repeat(depth)}B${')'.repeat(depth)}`;
    let items = parseExpand(nested(64));
    for (let i = 0; i < 64; i++) items = items[0].options.expand;
    expect(items[0].path).toEqual(['B']);
    expect(syntaxError(() => parseExpand(nested(65)))).toMatchObject({ code: 'expand-syntax' });
    expect(syntaxError(() => parseExpand(nested(900)))).toMatchObject({ code: 'expand-syntax' });
  });

  it('refuses texts over 10,000 characters with the option code', () => {
    const long = `name eq '${'x'.repeat(10_000)}'`;
    expect(syntaxError(() => parseFilter(long))).toMatchObject({ code: 'filter-syntax', position: 10_000 });
    expect(syntaxError(() => parseOrderBy(long))).toMatchObject({ code: 'filter-syntax' });
    expect(syntaxError(() => parseSelect(`a${',a'.repeat(5000)}`))).toMatchObject({ code: 'expand-syntax' });
    expect(syntaxError(() => parseExpand(`A${',A'.repeat(5000)}`))).toMatchObject({ code: 'expand-syntax' });
    expect(parseFilter(`name eq '${'x'.repeat(9000)}'`)).toMatchObject({ kind: 'binary' });
  });

  it('reads hostile near-misses of 10,000 characters in one pass each', () => {
    // Each would make a backtracking reader stall; the test asserts only that each ends, with an error.
    const hostile = [
      `'${"''".repeat(4990)}`,
      `${'1'.repeat(9990)}x`,
      `a eq duration'P${'1'.repeat(9000)}`,
      `a eq ${'2024-01-01T00:00:00Z/'.repeat(400)}`,
      `${'a/'.repeat(4999)}`,
      `a eq ${"geography'POINT(".repeat(600)}`,
      `${'a.'.repeat(4999)}a eq 1`,
      `@iot${'.id'.repeat(3000)}(`,
    ];
    for (const text of hostile) expect(syntaxError(() => parseFilter(text)).code).toBe('filter-syntax');
  });
});

describe('printExpr', () => {
  it.each([
    'a or b and c',
    '(a or b) and c',
    'not a eq b',
    '(not a) eq b',
    'not (a and b)',
    'a sub (b sub c)',
    'a sub b sub c',
    '- 3 eq -3',
    '-(a add b) mul c',
    "Datastreams/any(d: d/name eq 'x''y')",
    'Datastreams/any()',
    '(a in (1, 2)) eq false',
    "st_within(location, geography'POINT(1 2)') and during(phenomenonTime, 2024-01-01T00:00:00Z/2024-01-02T00:00:00Z)",
    "x eq duration'P1D' or y eq 2024-01-01 or z eq 12:00:00",
    'properties/list[0]/a eq null',
    '- 2024-01-01T00:00:00Z eq a',
  ])('prints %s so that it reads back the same', (text) => {
    const tree = parseFilter(text);
    expect(shape(parseFilter(printExpr(tree)))).toEqual(shape(tree));
  });

  it('prints canonically, with parentheses only where needed', () => {
    expect(printExpr(parseFilter('((a)) or ((b and c))'))).toBe('a or b and c');
    expect(printExpr(parseFilter('not(a eq b)'))).toBe('not a eq b');
    expect(printExpr(parseFilter('(not a) eq b'))).toBe('(not a) eq b');
    expect(printExpr(parseFilter('a sub (b sub c)'))).toBe('a sub (b sub c)');
    expect(printExpr(parseFilter("substringof( 'x' ,name )"))).toBe("substringof('x', name)");
  });
});
