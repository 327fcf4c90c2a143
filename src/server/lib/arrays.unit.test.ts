import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { firstByKeys, growTo } from './arrays.ts';

describe('growTo', () => {
  it('returns the array itself when it is long enough, else a longer copy of the same kind, values kept and the rest zero', () => {
    const small = Int32Array.of(1, 2, 3);
    expect(growTo(small, 3)).toBe(small);
    const grown = growTo(small, 4);
    expect(grown).toBeInstanceOf(Int32Array);
    expect([...grown]).toEqual([1, 2, 3, 0, 0, 0]); // doubled: growing one at a time copies rarely
    expect(growTo(Uint8Array.of(7), 10)).toEqual(Uint8Array.of(7, 0, 0, 0, 0, 0, 0, 0, 0, 0));
  });
});

describe('firstByKeys', () => {
  it('gives what a sort of them all by the keys, most first, then the tie-break gives, for items listed or counted', () => {
    const key = fc.integer({ min: 0, max: 4 }); // few values: ties on both keys are common
    fc.assert(
      fc.property(fc.array(fc.tuple(key, key), { maxLength: 400 }), fc.integer({ min: 0, max: 260 }), fc.boolean(), (rows, count, two) => {
        const first = Float64Array.from(rows, ([a]) => a);
        const second = two ? Float64Array.from(rows, ([, b]) => b) : null;
        const byItem = (a: number, b: number) => a - b;
        const sorted = rows
          .map((_, i) => i)
          .sort((a, b) => first[b] - first[a] || (second ? second[b] - second[a] : 0) || byItem(a, b))
          .slice(0, count);
        expect(firstByKeys(rows.length, count, first, second, byItem)).toEqual(sorted);
        // Listed in reverse: the same order, as it comes from the keys and the tie-break only.
        const listed = Int32Array.from(rows.map((_, i) => rows.length - 1 - i));
        expect(firstByKeys(listed, count, first, second, byItem)).toEqual(sorted);
      }),
    );
  });
});
