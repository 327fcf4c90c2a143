import { describe, expect, it } from 'vitest';
import { firstInOrder, growTo } from './arrays.ts';

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

describe('firstInOrder', () => {
  // Not starting at the least: the first kept must be displaced.
  const numbers = Array.from({ length: 1000 }, (_, i) => (i * 7919 + 500) % 1000);
  const ascending = (a: number, b: number) => a - b;

  it('gives the first few in order, as a sort of them all would, by insertion and by sort alike', () => {
    for (const count of [1, 20, 199, 200, 201, 999, 1000, 5000]) {
      expect(firstInOrder(numbers, count, ascending), String(count)).toEqual([...numbers].sort(ascending).slice(0, count));
    }
    expect(firstInOrder(numbers, 0, ascending)).toEqual([]);
    expect(firstInOrder([], 5, ascending)).toEqual([]);
  });

  it('keeps equal items in their first order under a comparator that breaks ties, and leaves its input as it was', () => {
    const items = numbers.map((n, at) => ({ key: n % 10, at }));
    const before = (a: { key: number; at: number }, b: { key: number; at: number }) => a.key - b.key || a.at - b.at;
    const copy = items.slice();
    expect(firstInOrder(items, 30, before)).toEqual(items.slice().sort(before).slice(0, 30));
    expect(items).toEqual(copy);
  });
});
