import { describe, expect, it } from 'vitest';
import { QuerySyntaxError } from './ast.ts';
import { parseExpand, parseFilter, parseOrderBy, parseQueryOptions, parseSelect } from './parse.ts';

/**
 * Malformed query options, each with the code, option and offset its 400 must carry. The offsets
 * were worked out by hand from the text (where the reader stops making sense of it), not copied
 * from the parser's output.
 */

type Row = [input: string, code: QuerySyntaxError['code'], position: number, option?: string];

function caught(run: () => unknown): QuerySyntaxError {
  try {
    run();
  } catch (error) {
    if (error instanceof QuerySyntaxError) return error;
    throw error;
  }
  throw new Error('expected a QuerySyntaxError, nothing was thrown');
}

const F = 'filter-syntax' as const;
const E = 'expand-syntax' as const;
const Q = 'query-option-invalid' as const;

const filters: Row[] = [
  ['', F, 0],
  ['   ', F, 3],
  ['a eq', F, 4],
  ['eq b', F, 0],
  ['a eq eq b', F, 5],
  ['a and', F, 5],
  ['or a', F, 0],
  ['(a eq b', F, 7],
  ['a eq b)', F, 6],
  ['()', F, 1],
  ['(', F, 1],
  [')', F, 0],
  ['a b', F, 2],
  ['a eq b c', F, 7],
  ["name eq 'abc", F, 8],
  ["'", F, 0],
  ["name eq 'it's'", F, 13],
  ['a eq 1.', F, 7],
  ['a eq 1e', F, 7],
  ['a eq 1e+', F, 8],
  ['a eq 12abc', F, 7],
  ['a eq 1.5.5', F, 8],
  ['a eq 1e999', F, 5],
  ['a eq 2024-02-30', F, 5],
  ['a eq 2023-02-29', F, 5],
  ['a eq 2100-02-29', F, 5],
  ['a eq 2024-13-01', F, 5],
  ['a eq 2024-00-10', F, 5],
  ['a eq 2024-01-32', F, 5],
  ['a eq 2024-04-31', F, 5],
  ['a eq 2024-1-01', F, 10],
  ['a eq 2024-01-01T', F, 16],
  ['a eq 2024-01-01T25:00:00Z', F, 16],
  ['a eq 2024-01-01T10:60:00Z', F, 19],
  ['a eq 2024-01-01T10:00:60Z', F, 22],
  ['a eq 2024-01-01T10:00:00', F, 24],
  ['a eq 2024-01-01T10:00:00+2:00', F, 25],
  ['a eq 2024-01-01T10:00:00+02', F, 27],
  ['a eq 2024-01-01T10:00:00+02:60', F, 28],
  ['a eq 2024-01-01T10:00:00.Z', F, 25],
  ['a eq 2024-01-01T10:00:00Zx', F, 25],
  ['a eq 2024-02-01T00:00:00Z/2024-01-01T00:00:00Z', F, 5],
  ['a eq 2024-01-01T00:00:00Z/2024-01-02', F, 36],
  ['a eq 2024-01-01T00:00:00Z/2024-02-30T00:00:00Z', F, 26],
  ['a eq 2024-01-01/2024-01-02', F, 15],
  ['a eq 24:00:00', F, 5],
  ['a eq 12:5', F, 8],
  ['a eq 12:30:', F, 11],
  ["a eq duration'1D'", F, 14],
  ["a eq duration'P'", F, 15],
  ["a eq duration'PT'", F, 16],
  ["a eq duration'P1H'", F, 16],
  ["a eq duration'P1D1Y'", F, 18],
  ["a eq duration'P1.5D'", F, 15],
  ["a eq duration'PT1M1H'", F, 19],
  ["a eq duration'P1D", F, 13],
  ["a eq duration'P1DT1H1S1M'", F, 23],
  ["a eq duration'P1DD'", F, 17],
  ["a eq duration'P1DT1HT1M'", F, 20],
  ["a eq geography''", F, 15],
  ["a eq geography'POINT(1 2)", F, 14],
  ["a eq Geography'POINT(1 2)'", F, 14],
  ["a eq foo'x'", F, 8],
  ["name eq'x'", F, 7],
  ['a eq #', F, 5],
  ['a eq $it', F, 5],
  ['a eq @', F, 6],
  ['a/ b eq 1', F, 3],
  ['a /b eq 1', F, 2],
  ['a/ eq 1', F, 3],
  ['a/', F, 2],
  ['a//b', F, 2],
  ['a/1 eq 1', F, 2],
  ['a[ eq 1', F, 2],
  ['a[1 eq 1', F, 3],
  ['a[-1] eq 1', F, 2],
  ['a [1] eq 1', F, 2],
  ['geo.distance eq 1', F, 0],
  ['a/geo.x eq 1', F, 2],
  ['foo(1) eq 2', F, 0],
  ['Length(a) eq 1', F, 0],
  ['length (a) eq 1', F, 7],
  ['length() eq 1', F, 0],
  ['substring(a) eq 1', F, 0],
  ['substring(a,1,2,3) eq 1', F, 0],
  ['now(1) gt a', F, 0],
  ['st_relate(a, b) eq true', F, 0],
  ['x eq geo.distance(a)', F, 5],
  ["substringof('a' name)", F, 16],
  ["substringof('a',)", F, 16],
  ["substringof(,'a')", F, 12],
  ['tolower(a', F, 9],
  ['a/foo(1)', F, 2],
  ['a/any(d d/x)', F, 8],
  ['a/any(: d)', F, 6],
  ['a/any(d:)', F, 8],
  ['a/any(d: d eq 1', F, 15],
  ['a/all()', F, 6],
  ['a/any(eq: 1)', F, 6],
  ['a/any(x.y: 1)', F, 6],
  ['a in 1', F, 5],
  ['a in ()', F, 5],
  ['a in (1,', F, 8],
  ['a in (1 2)', F, 8],
  ['in (1)', F, 0],
  ['not', F, 3],
  ['-', F, 1],
  ['not and a', F, 4],
  ['a eq - ', F, 7],
  [`${'('.repeat(65)}a${')'.repeat(65)}`, F, 64],
  ['a eq 1 or', F, 9],
  ['true eq', F, 7],
  ['a ne null null', F, 10],
  ['a mod', F, 5],
  ['1 add 2 mul', F, 11],
  [`a eq '${'x'.repeat(10_000)}'`, F, 10_000],
];

const orderBys: Row[] = [
  ['', F, 0],
  ['a,', F, 2],
  [',a', F, 0],
  ['a desc desc', F, 7],
  ['a asc,b dsc', F, 8],
  ['a desc b', F, 7],
  ['a ASC', F, 2],
  ['a;b', F, 1],
  ['Datastream/', F, 11],
  ['a eq', F, 4],
];

const selects: Row[] = [
  ['', E, 0],
  [',', E, 0],
  ['a,', E, 2],
  ['a,,b', E, 2],
  ['a/', E, 2],
  ['a b', E, 2],
  ['a/ b', E, 3],
  ['*', E, 0],
  ["'a'", E, 0],
  ['a(1)', E, 1],
  ['geo.x', E, 0],
  ['a;b', E, 1],
  ['distinct:a', E, 8],
];

const expands: Row[] = [
  ['', E, 0],
  [',', E, 0],
  ['A,', E, 2],
  ['A/', E, 2],
  ['A(', E, 2],
  ['A($top=1', E, 8],
  ['A(top=1)', E, 2],
  ['A($=1)', E, 2],
  ['A($foo=1)', E, 2],
  ['A($Top=1)', E, 2],
  ['A($top=1;$top=2)', E, 9],
  ['A($top)', E, 6],
  ['A($top=1;)', E, 9],
  ['A($resultFormat=dataArray)', E, 2],
  ['A($skiptoken=x)', E, 2],
  ['A($top=1)B', E, 9],
  ['A($top=1) (', E, 10],
  ['A B', E, 2],
  ['1A', E, 0],
  ['A($expand=B()', E, 13],
  ['A($filter=)', F, 0, '$expand/A/$filter'],
  ['A($filter=a eq)', F, 4, '$expand/A/$filter'],
  ["A($filter=a eq 'x)", F, 5, '$expand/A/$filter'],
  ['A/B($filter=a eq 1))', E, 19],
  ['A($top=-1)', Q, 0, '$expand/A/$top'],
  ['A($top=1a)', Q, 1, '$expand/A/$top'],
  ['A($count=yes)', Q, 0, '$expand/A/$count'],
  ['A/B($skip=x)', Q, 0, '$expand/A/B/$skip'],
  ['A($orderby=a desc desc)', F, 7, '$expand/A/$orderby'],
  ['A($select=a,)', E, 2, '$expand/A/$select'],
  ['A($expand=B($top=x))', Q, 0, '$expand/A/$expand/B/$top'],
  ['A($expand=)', E, 0, '$expand/A/$expand'],
  ['A($expand=B,)', E, 2, '$expand/A/$expand'],
];

const queries: [Record<string, string | string[]>, QuerySyntaxError['code'], number, string][] = [
  [{ $top: 'x' }, Q, 0, '$top'],
  [{ $top: '1x' }, Q, 1, '$top'],
  [{ $skip: '' }, Q, 0, '$skip'],
  [{ $skip: '1 ' }, Q, 1, '$skip'],
  [{ $count: '1' }, Q, 0, '$count'],
  [{ $resultFormat: 'json' }, Q, 0, '$resultFormat'],
  [{ $foo: '1' }, Q, 0, '$foo'],
  [{ $filter: ['a', 'b'] }, Q, 0, '$filter'],
  [{ $top: '2147483648' }, Q, 0, '$top'],
  [{ $filter: 'a eq' }, F, 4, '$filter'],
  [{ $expand: 'A($top=x)' }, Q, 0, '$expand/A/$top'],
];

function check(run: () => unknown, code: string, position: number, option: string) {
  const error = caught(run);
  expect({ code: error.code, position: error.position, option: error.option }).toEqual({ code, position, option });
  expect(error.message.length).toBeGreaterThan(10);
  expect(error.found).toBeTruthy();
}

describe('malformed query options', () => {
  it('has more than a hundred cases', () => {
    expect(filters.length + orderBys.length + selects.length + expands.length + queries.length).toBeGreaterThan(100);
  });

  it.each(filters)('$filter=%j → %s at %i', (input, code, position) => check(() => parseFilter(input), code, position, '$filter'));
  it.each(orderBys)('$orderby=%j → %s at %i', (input, code, position) => check(() => parseOrderBy(input), code, position, '$orderby'));
  it.each(selects)('$select=%j → %s at %i', (input, code, position) => check(() => parseSelect(input), code, position, '$select'));
  it.each(expands)('$expand=%j → %s at %i', (input, code, position, option = '$expand') => check(() => parseExpand(input), code, position, option));
  it.each(queries)('%j → %s at %i', (query, code, position, option) => check(() => parseQueryOptions(query), code, position, option));
});
