import { describe, expect, it } from 'vitest';
import { growTo } from './arrays.ts';

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
