import { describe, expect, it } from 'vitest';
import type { StatProblem } from '../../../../shared/problems.ts';
import type { Cube } from '../cube.ts';
import { StatFault } from '../faults.ts';
import { collection, estoniaJsonStat2, eurostatDataset, statfinJsonStat1, statfinJsonStat2 } from '../test/jsonstat-documents.ts';
import { readJsonStat } from './jsonstat.ts';

/** The problem a reading stops on (the test fails if it does not stop). */
function refusal(document: unknown, options?: Parameters<typeof readJsonStat>[1]): StatProblem {
  try {
    readJsonStat(document, options);
  } catch (error) {
    if (error instanceof StatFault) return error.problem;
    throw error;
  }
  throw new Error('the document was read');
}

function only(document: unknown, options?: Parameters<typeof readJsonStat>[1]) {
  const read = readJsonStat(document, options);
  expect(read.cubes).toHaveLength(1);
  return read.cubes[0];
}

const nan = Number.NaN;

/** StatFin's table as both its v1 and its json-stat2 answers hold it. */
const statfinCube = (id: string): Cube => ({
  id,
  title: { fi: 'Väestö muuttujina Alue, Tiedot ja Vuosi' },
  languages: ['fi'],
  dimensions: [
    { code: 'Alue', label: { fi: 'Alue' }, role: null, values: [{ code: 'SSS', label: { fi: 'KOKO MAA' } }, { code: 'MK01', label: { fi: 'Uusimaa' } }] },
    {
      code: 'Tiedot', label: { fi: 'Tiedot' }, role: 'metric',
      values: [{ code: 'vaesto', label: { fi: 'Väestö 31.12.' }, unit: { label: { fi: 'henkilöä' }, decimals: 0 } }],
    },
    { code: 'Vuosi', label: { fi: 'Vuosi' }, role: 'time', values: [{ code: '2022', label: { fi: '2022' } }, { code: '2023', label: { fi: '2023' } }] },
  ],
  values: new Float64Array([1000, 1001, 200, nan]),
  statuses: new Map([[3, '.']]),
  notes: [],
  source: { fi: 'Tilastokeskus' },
  updated: '2024-04-26T05:00:00Z',
});

describe('readJsonStat: the offices’ answers', () => {
  it('reads StatFin’s PxWeb v1 "json-stat" answer (JSON-stat 1.x bundle, id/size/role inside dimension)', () => {
    const { cube, notes } = only(statfinJsonStat1(), { language: 'fi', id: '11ra' });
    expect(cube).toEqual(statfinCube('11ra'));
    expect(notes).toEqual([]);
  });

  it('reads StatFin’s json-stat2 answer into the same cube, the table id and decimals from extension.px', () => {
    const { cube, notes } = only(statfinJsonStat2(), { language: 'fi' });
    expect(cube).toEqual({ ...statfinCube('11ra'), decimals: 0 });
    expect(notes).toEqual([]);
  });

  it('places Statistics Estonia’s cells by index position, not by the object’s own key order', () => {
    const { cube } = only(estoniaJsonStat2(), { language: 'et', id: 'RV0222U' });
    expect(cube.id).toBe('RV0222U');
    expect(cube.title).toEqual({ et: 'Rahvastik soo, rahvuse ja maakonna järgi, 1. jaanuar' });
    expect(cube.dimensions[1].values.map((value) => value.code)).toEqual(['784', '39']);
    expect(cube.dimensions[1].values[0].label).toEqual({ et: 'Tallinn' });
    // Row-major: Tallinn men, Tallinn women, Harju men, Harju women.
    expect([...cube.values]).toEqual([10, 11, 20, 21]);
    expect(cube.dimensions.map((d) => d.role)).toEqual(['time', null, null]);
    expect(cube.statuses.size).toBe(0);
  });

  it('reads Eurostat’s sparse value and status, its status meanings, dataset id and declared language', () => {
    const { cube, notes } = only(eurostatDataset());
    expect(notes).toEqual([]);
    expect(cube.id).toBe('DEMO_R_PJANAGGR3');
    expect(cube.languages).toEqual(['en']);
    expect(cube.dimensions.map((d) => [d.code, d.role, d.values.length])).toEqual([
      ['freq', null, 1], ['unit', null, 1], ['sex', null, 1], ['age', null, 1], ['geo', 'geo', 2], ['time', 'time', 3],
    ]);
    expect([...cube.values]).toEqual([300, 301, nan, 400, 401, 402]);
    expect(cube.statuses).toEqual(new Map([[1, 'b'], [2, ':'], [5, 'p']]));
    expect(cube.statusLabels).toEqual({ b: { en: 'break in time series' }, p: { en: 'provisional' }, ':': { en: 'not available' } });
    expect(cube.updated).toBe('2024-03-14T23:00:00+0100');
  });

  it('takes the caller’s language over the one the document declares', () => {
    expect(only(eurostatDataset(), { language: 'fr' }).cube.title).toEqual({ fr: 'Population on 1 January by broad age group, sex and NUTS 3 region' });
    expect(only(estoniaJsonStat2()).cube.languages).toEqual(['en']);
  });

  it('reads an embedded dataset of a collection, hands back its href items once each, and skips what it cannot read', () => {
    const document = collection();
    document.link.item.push({ class: 'dataset', href: 'https://stat.example/broken.json', ...{ id: ['a'], size: [2], dimension: { a: { category: { index: ['x', 'y'] } } }, value: [1] } } as never);
    const read = readJsonStat(document, { language: 'et' });
    expect(read.cubes).toHaveLength(1);
    expect(read.cubes[0].cube.id).toBe('https://stat.example/api/rv0222u.json');
    expect([...read.cubes[0].cube.values]).toEqual([10, 11, 20, 21]);
    expect(read.links).toEqual(['https://stat.example/api/a.json', '/api/b.json']);
    expect(read.skipped).toEqual([
      { at: 'link.item[3]', problem: { code: 'jsonstat-class-unsupported', params: { class: 'dimension' } } },
      { at: 'link.item[5]', problem: { code: 'jsonstat-size-mismatch', params: { expected: 2, found: 1 } } },
    ]);
  });

  it('reads embedded collections inside a collection, to a bounded depth', () => {
    const inner = { class: 'collection', link: { item: [{ class: 'dataset', href: 'https://stat.example/inner.json' }, estoniaJsonStat2()] } };
    const read = readJsonStat({ version: '2.0', class: 'collection', link: { item: [inner] } }, { id: 'c' });
    expect(read.links).toEqual(['https://stat.example/inner.json']);
    expect(read.cubes.map(({ cube }) => cube.id)).toEqual(['c#1']);
    let deep: Record<string, unknown> = { class: 'collection', link: { item: [estoniaJsonStat2()] } };
    for (let level = 0; level < 6; level++) deep = { class: 'collection', link: { item: [deep] } };
    const tooDeep = readJsonStat(deep);
    expect(tooDeep.cubes).toEqual([]);
    const fifth = 'link.item[0].link.item[0].link.item[0].link.item[0].link.item[0]';
    expect(tooDeep.skipped).toEqual([{ at: fifth, problem: { code: 'jsonstat-invalid', params: { path: fifth, detail: 'collections nest deeper than 4' } } }]);
  });

  it('reads a 1.x bundle of several named datasets, each name its id', () => {
    const { dataset } = statfinJsonStat1();
    const read = readJsonStat({ first: dataset, second: { ...dataset, value: [1, 2, 3, 4] } }, { language: 'fi' });
    expect(read.cubes.map(({ cube }) => [cube.id, [...cube.values]])).toEqual([['first', [1000, 1001, 200, nan]], ['second', [1, 2, 3, 4]]]);
  });
});

describe('readJsonStat: the forms JSON-stat allows', () => {
  const small = (change: (document: Record<string, any>) => void = () => {}) => {
    const document: Record<string, any> = {
      version: '2.0', class: 'dataset', label: 'Small', id: ['a', 'b'], size: [2, 3],
      dimension: {
        b: { label: 'B', category: { index: ['x', 'y', 'z'], label: { x: 'X', y: 'Y', z: 'Z' } } },
        a: { label: 'A', category: { index: ['p', 'q'] } },
      },
      value: [1, 2, 3, 4, 5, 6],
    };
    change(document);
    return document;
  };

  it('orders dimensions by id, whatever the order of the dimension object', () => {
    const { cube } = only(small());
    expect(cube.dimensions.map((d) => d.code)).toEqual(['a', 'b']);
    expect(cube.dimensions[0].label).toEqual({ en: 'A' });
    // A category without a label has none (not its id): the writer leaves it out again.
    expect(cube.dimensions[0].values[0]).toEqual({ code: 'p', label: {} });
  });

  it('reads a single-category dimension given by its label alone', () => {
    const { cube } = only(small((d) => {
      d.id.push('c');
      d.size.push(1);
      d.dimension.c = { category: { label: { only: 'The only one' } } };
    }));
    expect(cube.dimensions[2].values).toEqual([{ code: 'only', label: { en: 'The only one' } }]);
  });

  it('reads a status as one text for all cells, as an array, as an array of one, and as a sparse object', () => {
    expect(only(small((d) => { d.status = 'p'; })).cube.statuses).toEqual(new Map([0, 1, 2, 3, 4, 5].map((cell) => [cell, 'p'])));
    expect(only(small((d) => { d.status = ['e']; })).cube.statuses.size).toBe(6);
    expect(only(small((d) => { d.status = [null, 'e', '', null, null, '..']; })).cube.statuses).toEqual(new Map([[1, 'e'], [5, '..']]));
    expect(only(small((d) => { d.status = { '4': 'c' }; })).cube.statuses).toEqual(new Map([[4, 'c']]));
  });

  it('reads nulls in value as cells without a figure', () => {
    expect([...only(small((d) => { d.value = [null, 2, null, 4, 5, 0]; })).cube.values]).toEqual([nan, 2, nan, 4, 5, 0]);
  });

  it('reads units (label, base, decimals, symbol), the hierarchy, notes at every level and elimination', () => {
    const { cube, notes } = only(small((d) => {
      d.role = { metric: ['a'] };
      d.note = ['Table note', 'Second'];
      d.dimension.a.category.unit = { p: { label: 'euro', decimals: 1, symbol: '€', position: 'start' }, q: { base: 'persons' } };
      d.dimension.b.category.child = { x: ['y', 'z'] };
      d.dimension.b.category.note = { y: ['Value note'] };
      d.dimension.b.category.coordinates = { x: [24.9, 60.2] };
      d.dimension.b.note = ['Dimension note'];
      d.dimension.b.extension = { elimination: true };
    }));
    expect(notes).toEqual([]);
    expect(cube.notes).toEqual([{ en: 'Table note' }, { en: 'Second' }]);
    expect(cube.dimensions[0]).toMatchObject({ role: 'metric' });
    expect(cube.dimensions[0].values.map((value) => value.unit)).toEqual([
      { label: { en: 'euro' }, decimals: 1, symbol: '€' },
      { label: { en: 'persons' } },
    ]);
    expect(cube.dimensions[1]).toEqual({
      code: 'b', label: { en: 'B' }, role: null, elimination: true, notes: [{ en: 'Dimension note' }],
      values: [
        { code: 'x', label: { en: 'X' } },
        { code: 'y', label: { en: 'Y' }, parent: 'x', notes: [{ en: 'Value note' }] },
        { code: 'z', label: { en: 'Z' }, parent: 'x' },
      ],
    });
  });

  it('reads past decoration it cannot use, saying where', () => {
    const { cube, notes } = only(small((d) => {
      d.role = { classification: ['a'] };
      d.note = ['kept', 7];
      d.source = { en: 'not text' };
      d.dimension.b.category.label.w = 'a label for no category';
      d.dimension.b.category.child = { x: ['nope'] };
    }));
    expect(cube.notes).toEqual([{ en: 'kept' }]);
    expect(cube.source).toBeUndefined();
    expect(notes.map((note) => note.params)).toEqual([
      { path: 'role.classification', detail: 'is not a JSON-stat role (time, geo, metric); ignored' },
      { path: 'dimension.b.category.label', detail: 'names 1 categories not in the index (first "w"); ignored' },
      { path: 'dimension.b.category.child.x[0]', detail: 'names no category of this dimension; ignored' },
      { path: 'note[1]', detail: 'is not text; ignored' },
      { path: 'source', detail: 'is not text; ignored' },
    ]);
  });

  it('takes category ids named like Object.prototype’s members as ids, not as what the prototype holds', () => {
    const { cube } = only(small((d) => {
      d.dimension.a.category = { index: ['constructor', '__proto__'], label: JSON.parse('{"__proto__": "Proto"}') };
    }));
    expect(cube.dimensions[0].values).toEqual([{ code: 'constructor', label: {} }, { code: '__proto__', label: { en: 'Proto' } }]);
  });

  it('reads an empty selection (a size of 0) as a cube of no cells', () => {
    const { cube } = only(small((d) => { d.size = [0, 3]; d.dimension.a.category.index = []; d.value = []; }));
    expect(cube.values).toHaveLength(0);
  });

  it('reads a 2.0 dataset that forgot its class', () => {
    expect(only(small((d) => { delete d.class; delete d.version; })).cube.values).toHaveLength(6);
  });

  describe('refuses, naming the place', () => {
    const cases: [string, (document: Record<string, any>) => void, StatProblem][] = [
      ['value shorter than the sizes', (d) => { d.value = [1, 2, 3, 4, 5]; }, { code: 'jsonstat-size-mismatch', params: { expected: 6, found: 5 } }],
      ['value longer than the sizes', (d) => { d.value.push(7); }, { code: 'jsonstat-size-mismatch', params: { expected: 6, found: 7 } }],
      ['a size unlike its categories', (d) => { d.size = [3, 2]; d.value = [1, 2, 3, 4, 5, 6]; }, { code: 'jsonstat-invalid', params: { path: 'dimension.a.category', detail: 'has 2 categories, but size says 3' } }],
      ['sizes and ids of different lengths', (d) => { d.size = [2]; }, { code: 'jsonstat-invalid', params: { path: 'size', detail: 'holds 1 sizes for 2 dimension ids' } }],
      ['a size that is no count', (d) => { d.size = [2, 2.5]; }, { code: 'jsonstat-invalid', params: { path: 'size[1]', detail: 'is not a whole number of categories' } }],
      ['a repeated dimension id', (d) => { d.id = ['a', 'a']; }, { code: 'jsonstat-invalid', params: { path: 'id[1]', detail: 'repeats the dimension id "a"' } }],
      ['a dimension id without a dimension', (d) => { d.id = ['a', 'c']; }, { code: 'jsonstat-invalid', params: { path: 'dimension.c', detail: 'is missing or not an object' } }],
      ['a role for a dimension it does not have', (d) => { d.role = { time: ['year'] }; }, { code: 'jsonstat-invalid', params: { path: 'role.time[0]', detail: 'names no dimension of this dataset' } }],
      ['a text among the values', (d) => { d.value[2] = '3'; }, { code: 'jsonstat-invalid', params: { path: 'value[2]', detail: 'is not a number or null' } }],
      ['a hole in the value array', (d) => { d.value = new Array(6); }, { code: 'jsonstat-invalid', params: { path: 'value[0]', detail: 'is not a number or null' } }],
      ['a sparse value past the last cell', (d) => { d.value = { '0': 1, '6': 2 }; }, { code: 'jsonstat-invalid', params: { path: 'value.6', detail: 'is past the last cell (5)' } }],
      ['a sparse key with a leading zero', (d) => { d.value = { '01': 1 }; }, { code: 'jsonstat-invalid', params: { path: 'value.01', detail: 'is not a cell position' } }],
      ['a negative sparse key', (d) => { d.value = { '-1': 1 }; }, { code: 'jsonstat-invalid', params: { path: 'value.-1', detail: 'is not a cell position' } }],
      ['a sparse key with a decimal point', (d) => { d.value = { '1.0': 1 }; }, { code: 'jsonstat-invalid', params: { path: 'value.1.0', detail: 'is not a cell position' } }],
      ['no value at all', (d) => { delete d.value; }, { code: 'jsonstat-invalid', params: { path: 'value', detail: 'is missing, or neither an array nor an object' } }],
      ['a status array of the wrong length', (d) => { d.status = ['a', 'b']; }, { code: 'jsonstat-invalid', params: { path: 'status', detail: 'holds 2 statuses, but the sizes multiply to 6 cells' } }],
      ['a status that is no text', (d) => { d.status = { '2': 1 }; }, { code: 'jsonstat-invalid', params: { path: 'status.2', detail: 'is not a status (text)' } }],
      ['a sparse status past the last cell', (d) => { d.status = { '9': 'p' }; }, { code: 'jsonstat-invalid', params: { path: 'status.9', detail: 'is past the last cell (5)' } }],
      ['a repeated category id', (d) => { d.dimension.b.category.index = ['x', 'y', 'x']; }, { code: 'jsonstat-invalid', params: { path: 'dimension.b.category.index[2]', detail: 'repeats the category id "x"' } }],
      ['a repeated index position', (d) => { d.dimension.b.category.index = { x: 0, y: 1, z: 1 }; }, { code: 'jsonstat-invalid', params: { path: 'dimension.b.category.index.z', detail: 'repeats the position 1' } }],
      ['an index position out of range', (d) => { d.dimension.b.category.index = { x: 0, y: 1, z: 3 }; }, { code: 'jsonstat-invalid', params: { path: 'dimension.b.category.index.z', detail: 'is not a position from 0 to 2' } }],
      ['several labels and no index', (d) => { delete d.dimension.b.category.index; }, { code: 'jsonstat-invalid', params: { path: 'dimension.b.category.index', detail: 'is missing, and the label names 3 categories whose order is then unknown' } }],
      ['a category label that is no text', (d) => { d.dimension.b.category.label.y = 5; }, { code: 'jsonstat-invalid', params: { path: 'dimension.b.category.label.y', detail: 'is not text' } }],
      ['a dimension without categories', (d) => { delete d.dimension.b.category; }, { code: 'jsonstat-invalid', params: { path: 'dimension.b.category', detail: 'is missing or not an object' } }],
    ];
    it.each(cases)('%s', (_, change, problem) => {
      expect(refusal(small(change))).toEqual(problem);
    });
  });

  it('refuses more cells than the limit before allocating them', () => {
    const huge = small((d) => { d.size = [100_000, 100_000]; d.value = []; });
    expect(refusal(huge)).toEqual({ code: 'jsonstat-too-large', params: { cells: 10_000_000_000, limit: 5_000_000 } });
    expect(refusal(small(), { maxCells: 5 })).toEqual({ code: 'jsonstat-too-large', params: { cells: 6, limit: 5 } });
    expect(only(small(), { maxCells: 6 }).cube.values).toHaveLength(6);
  });

  it('refuses a dimension response, an error answer and what is no JSON-stat at all', () => {
    expect(refusal({ version: '2.0', class: 'dimension', label: 'Sex', category: { index: ['T'] } })).toEqual({ code: 'jsonstat-class-unsupported', params: { class: 'dimension' } });
    expect(refusal({ version: '2.0', class: 'error', status: '416', label: 'Too many categories have been requested. Maximum is 50' })).toEqual({
      code: 'jsonstat-error', params: { detail: '416 Too many categories have been requested. Maximum is 50' },
    });
    expect(refusal({ version: '2.0', error: [{ status: '400', id: '140', label: 'Syntax error' }, { label: 'Second' }] })).toEqual({
      code: 'jsonstat-error', params: { detail: '400 140 Syntax error; Second' },
    });
    expect(refusal({ error: { status: 404, label: 'No results found' } })).toEqual({ code: 'jsonstat-error', params: { detail: '404 No results found' } });
    expect(refusal([1, 2])).toMatchObject({ code: 'jsonstat-invalid', params: { path: '(document)' } });
    expect(refusal({ columns: [], data: [] })).toMatchObject({ code: 'jsonstat-invalid' });
    expect(refusal({ class: 'dataset' })).toEqual({ code: 'jsonstat-invalid', params: { path: 'dimension', detail: 'is missing or not an object' } });
  });

  it('quotes at most 200 characters of what the input names', () => {
    const long = 'x'.repeat(5000);
    const problem = refusal(small((d) => { d.id = ['a', long]; d.dimension[long] = 1; }));
    expect(problem.code).toBe('jsonstat-invalid');
    expect(String((problem.params as { path: string }).path).length).toBeLessThan(250);
  });
});
