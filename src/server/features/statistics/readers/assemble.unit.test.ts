import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { strides, type Cube } from '../cube.ts';
import { StatFault } from '../faults.ts';
import { splitSelection } from '../protocols/split.ts';
import { fakeCube, subCube } from '../test/servers.ts';
import { comparable } from '../test/readers.ts';
import { CubeAssembler, unionFrame, type CubeFrame } from './assemble.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);

const frameOf = ({ values: _values, statuses: _statuses, ...frame }: Cube): CubeFrame => frame;

/** The part of `cube` one batch asks for, as a server answers it. */
const answerTo = (cube: Cube, batch: { code: string; values: string[] }[]) => subCube(cube, new Map(batch.map((dimension) => [dimension.code, dimension.values])));

/** The part with one dimension's values (and so its cells) listed backwards, as another server might order them. */
function reordered(part: Cube, d: number): Cube {
  const dimensions = part.dimensions.map((dimension, k) => (k === d ? { ...dimension, values: [...dimension.values].reverse() } : dimension));
  const stride = strides(part.dimensions);
  const size = part.dimensions[d].values.length;
  const values = new Float64Array(part.values.length);
  const statuses = new Map<number, string>();
  for (let cell = 0; cell < values.length; cell++) {
    const position = Math.floor(cell / stride[d]) % size;
    const from = cell + (size - 1 - 2 * position) * stride[d];
    values[cell] = part.values[from];
    const symbol = part.statuses.get(from);
    if (symbol !== undefined) statuses.set(cell, symbol);
  }
  return { ...part, dimensions, values, statuses };
}

function problemOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof StatFault) return error.problem;
    throw error;
  }
  return null;
}

describe('CubeAssembler', () => {
  const cubeArb = fc
    .array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 })
    .map((sizes) =>
      fakeCube({
        id: 't',
        title: 't',
        lang: 'en',
        dimensions: sizes.map((size, d) => ({ code: `D${d}`, label: `D${d}`, role: d === 0 ? 'time' : null, values: Array.from({ length: size }, (_, v) => `${d}-${v}`) })),
      }),
    );

  it('property: the batches’ answers, in any order, put together are the whole cube', () => {
    fc.assert(
      fc.property(cubeArb, fc.integer({ min: 1, max: 40 }), fc.infiniteStream(fc.nat()), (cube, limit, random) => {
        const selection = cube.dimensions.map((dimension) => ({ code: dimension.code, role: dimension.role, values: dimension.values.map((value) => value.code) }));
        const parts = splitSelection(selection, limit).map((batch) => answerTo(cube, batch));
        // Shuffled: cells are placed by their codes, not by when their answer came.
        const order = parts.map((part, i) => ({ part, key: random.next().value + i })).sort((a, b) => a.key - b.key);
        const assembler = new CubeAssembler(frameOf(cube), 'http://x/');
        for (const { part } of order) assembler.place(part);
        expect(comparable(assembler.finish())).toEqual(comparable(cube));
      }),
      { numRuns: RUNS },
    );
  });

  it('places a part whose server lists values in another order by their codes', () => {
    const cube = fakeCube({ id: 't', title: 't', lang: 'en', dimensions: [{ code: 'A', label: 'A', values: ['a', 'b', 'c'] }, { code: 'B', label: 'B', values: ['x', 'y'] }] });
    const backwards = reordered(cube, 0);
    expect(comparable(backwards)).not.toEqual(comparable(cube));
    const assembler = new CubeAssembler(frameOf(cube), 'http://x/');
    assembler.place(backwards);
    expect(comparable(assembler.finish())).toEqual(comparable(cube));
  });

  it('refuses a value not asked for, a cell given twice, a dimension missing, and cells no answer gave', () => {
    const cube = fakeCube({ id: 't', title: 't', lang: 'en', dimensions: [{ code: 'A', label: 'A', values: ['a', 'b'] }, { code: 'B', label: 'B', values: ['x', 'y'] }] });
    const half = answerTo(cube, [{ code: 'A', values: ['a'] }, { code: 'B', values: ['x', 'y'] }]);
    const invalid = (detail: string) => ({ code: 'pxweb-answer-invalid', params: { address: 'http://x/', detail } });

    const small = new CubeAssembler(frameOf(answerTo(cube, [{ code: 'A', values: ['a'] }, { code: 'B', values: ['x', 'y'] }])), 'http://x/');
    expect(problemOf(() => small.place(cube))).toEqual(invalid('the answer has A b, which was not asked for'));

    const twice = new CubeAssembler(frameOf(cube), 'http://x/');
    twice.place(half);
    expect(problemOf(() => twice.place(half))).toEqual(invalid('two answers give the same cell'));

    const flat = subCube(cube, new Map([['A', ['a', 'b']]]));
    expect(problemOf(() => new CubeAssembler(frameOf(cube), 'http://x/').place(flat))).toEqual(invalid('the answer has no dimension B'));

    const partial = new CubeAssembler(frameOf(cube), 'http://x/');
    partial.place(half);
    expect(problemOf(() => partial.finish())).toEqual(invalid('the answers leave 2 of 4 cells out'));
  });

  it('takes from the answers what the frame lacks: units, the source, status meanings', () => {
    const cube = fakeCube({ id: 't', title: 't', lang: 'en', dimensions: [{ code: 'M', label: 'M', role: 'metric', values: ['n'], unit: { label: 'persons', decimals: 0 } }] });
    const frame = frameOf(cube);
    const bare: CubeFrame = { ...frame, source: undefined, dimensions: [{ ...frame.dimensions[0], values: [{ code: 'n', label: { en: 'n' } }] }] };
    const assembler = new CubeAssembler(bare, 'http://x/');
    assembler.place({ ...cube, statusLabels: { p: { en: 'provisional' } } });
    const whole = assembler.finish();
    expect(whole.dimensions[0].values[0].unit).toEqual({ label: { en: 'persons' }, decimals: 0 });
    expect(whole.source).toEqual(cube.source);
    expect(whole.statusLabels).toEqual({ p: { en: 'provisional' } });
  });
});

describe('unionFrame', () => {
  it('joins the parts’ values in the order first seen, keeping every dimension of the first', () => {
    const cube = fakeCube({ id: 'x', title: 'x', lang: 'en', dimensions: [{ code: 'freq', label: 'f', values: ['A'] }, { code: 'geo', label: 'g', values: ['FI1B1', 'EE001', 'SE110'] }] });
    const parts = [['EE001'], ['SE110', 'FI1B1']].map((geo) => subCube(cube, new Map([['freq', ['A']], ['geo', geo]])));
    expect(unionFrame(parts, 'dataset').dimensions.map((dimension) => dimension.values.map((value) => value.code))).toEqual([['A'], ['EE001', 'FI1B1', 'SE110']]);
  });
});
