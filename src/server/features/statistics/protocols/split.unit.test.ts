import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StatFault } from '../faults.ts';
import { batchLimit, halveBatch, selectionCells, splitSelection, type Batch, type SelectedDimension } from './split.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

const codes = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** Every cell of a selection or batch as one key, `code=value|code=value…`. */
function cellsOf(selection: readonly { code: string; values: readonly string[] }[]): string[] {
  return selection.reduce<string[]>((keys, dimension) => keys.flatMap((key) => dimension.values.map((value) => `${key}|${dimension.code}=${value}`)), ['']);
}

describe('batchLimit', () => {
  it('keeps a tenth of the server limit in hand, never below one cell', () => {
    expect(batchLimit(120_000)).toBe(108_000);
    expect(batchLimit(10)).toBe(9);
    expect(batchLimit(1)).toBe(1);
  });
});

describe('splitSelection', () => {
  const region = { code: 'Alue', role: 'geo' as const, values: codes('KU', 10) };
  const year = { code: 'Vuosi', role: 'time' as const, values: codes('20', 6) };
  const contents = { code: 'Tiedot', role: 'metric' as const, values: ['vaesto', 'muutos'] };

  it('sends a selection within the limit as one batch', () => {
    expect(splitSelection([region, year, contents], 120)).toEqual([[{ ...region, values: region.values }, year, contents]]);
  });

  it('cuts the widest splittable dimension into as few, even chunks as fit', () => {
    // 120 cells, limit 60: the region (10 values) is cut into two chunks of five.
    const batches = splitSelection([region, year, contents], 60);
    expect(batches.map((batch) => batch.map((dimension) => dimension.values.length))).toEqual([
      [5, 6, 2],
      [5, 6, 2],
    ]);
    expect(batches[0][0].values).toEqual(codes('KU', 5));
  });

  it('fixes a dimension at one value when even one is too many, and goes on with the next', () => {
    // Limit 8: one region is 12 cells, so regions go one by one and the years are cut in two.
    const batches = splitSelection([region, year, contents], 8);
    expect(batches).toHaveLength(20);
    for (const batch of batches) {
      expect(batch[0].values).toHaveLength(1);
      expect(batch[1].values).toHaveLength(3);
      expect(batch[2].values).toEqual(['vaesto', 'muutos']);
    }
  });

  it('orders batches time-major: every batch of the first years before any of the next', () => {
    const batches = splitSelection([region, year, contents], 8);
    const firstYears = batches.map((batch) => batch[1].values[0]);
    expect(firstYears.slice(0, 10)).toEqual(Array(10).fill('200'));
    expect(firstYears.slice(10)).toEqual(Array(10).fill('203'));
    expect(batches.slice(0, 10).map((batch) => batch[0].values[0])).toEqual(region.values);
  });

  it('never splits the metric, and says so when it alone is too many', () => {
    const wide = { code: 'Tiedot', role: 'metric' as const, values: codes('m', 50) };
    expect(splitSelection([year, wide], 50).every((batch) => batch[1].values.length === 50)).toBe(true);
    const fault = (() => {
      try {
        splitSelection([year, wide], 40);
      } catch (error) {
        return error;
      }
    })();
    expect(fault).toBeInstanceOf(StatFault);
    expect((fault as StatFault).problem).toEqual({ code: 'pxweb-too-many-cells', params: { cells: 50, limit: 40 } });
  });

  it('splits a dimension marked splittable even if it is the metric', () => {
    const wide = { code: 'Tiedot', role: 'metric' as const, values: codes('m', 50), splittable: true };
    expect(splitSelection([wide], 20).map((batch) => batch[0].values.length)).toEqual([17, 17, 16]);
  });

  it('gives no batch for a selection of no cells', () => {
    expect(splitSelection([{ ...region, values: [] }, year], 5)).toEqual([]);
  });

  const dimension = (i: number): fc.Arbitrary<SelectedDimension> =>
    fc.record({
      size: fc.integer({ min: 1, max: 7 }),
      role: fc.constantFrom(null, 'time', 'geo', 'metric'),
    }).map(({ size, role }) => ({ code: `d${i}`, role: role as SelectedDimension['role'], values: codes(`d${i}v`, size) }));
  const selectionArb = fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => dimension(i))));

  it('property: batches cover the selection exactly once, each within the limit, in the same dimension order', () => {
    fc.assert(
      fc.property(selectionArb, fc.integer({ min: 1, max: 400 }), (selection, limit) => {
        const fixed = selection.filter((d) => d.role === 'metric').reduce((product, d) => product * d.values.length, 1);
        if (fixed > limit) {
          expect(() => splitSelection(selection, limit)).toThrow(StatFault);
          return;
        }
        const batches = splitSelection(selection, limit);
        const covered = batches.flatMap((batch) => {
          expect(selectionCells(batch)).toBeLessThanOrEqual(limit);
          expect(batch.map((d) => d.code)).toEqual(selection.map((d) => d.code));
          // Values keep the table's order inside a batch.
          batch.forEach((d, k) => expect(d.values).toEqual(selection[k].values.filter((value) => d.values.includes(value))));
          return cellsOf(batch);
        });
        expect(covered.sort()).toEqual(cellsOf(selection).sort());
        expect(new Set(covered).size).toBe(covered.length);
        // Time-major: the time chunk never goes back to an earlier one.
        const t = selection.findIndex((d) => d.role === 'time');
        if (t >= 0) {
          const starts = batches.map((batch) => selection[t].values.indexOf(batch[t].values[0]));
          expect(starts).toEqual([...starts].sort((a, b) => a - b));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('property: halving a batch gives two batches covering it exactly once, smaller, metric intact', () => {
    fc.assert(
      fc.property(selectionArb, (selection) => {
        const batch: Batch = selection.map((d) => ({ code: d.code, role: d.role, values: [...d.values] }));
        const halves = halveBatch(batch);
        const canShrink = batch.some((d) => d.role !== 'metric' && d.values.length > 1);
        if (!canShrink) {
          expect(halves).toBeNull();
          return;
        }
        expect(halves).not.toBeNull();
        const [a, b] = halves!;
        expect([...cellsOf(a), ...cellsOf(b)].sort()).toEqual(cellsOf(batch).sort());
        for (const half of [a, b]) {
          expect(selectionCells(half)).toBeLessThan(selectionCells(batch));
          half.forEach((d, k) => {
            if (d.role === 'metric') expect(d.values).toEqual(batch[k].values);
          });
        }
      }),
      { numRuns: RUNS },
    );
  });
});
