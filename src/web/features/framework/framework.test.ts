import { describe, expect, it } from 'vitest';
import { defaultBase, percentOf, treeOf } from './framework.ts';

describe('the framework tree', () => {
  it('nests the flat depth-first list under its roots, keeping the order of siblings', () => {
    const tree = treeOf([
      { key: 'v', parentKey: null, ref: 'V' },
      { key: 'g1', parentKey: 'v', ref: 'G1' },
      { key: 'o1', parentKey: 'g1', ref: 'O1.1' },
      { key: 'g2', parentKey: 'v', ref: 'G2' },
    ]);
    expect(tree.map((n) => n.ref)).toEqual(['V']);
    expect(tree[0].children.map((n) => n.ref)).toEqual(['G1', 'G2']);
    expect(tree[0].children[0].children.map((n) => n.ref)).toEqual(['O1.1']);
    expect(tree[0].children[1].children).toEqual([]);
  });

  it('writes progress as a whole percentage within 0–100', () => {
    expect(percentOf(0.5)).toBe(50);
    expect(percentOf(0.666)).toBe(67);
    expect(percentOf(1.2)).toBe(100);
    expect(percentOf(-0.1)).toBe(0);
  });

  it('compares a version first with the one it was based on, else the one before it', () => {
    const versions = [{ number: 3, basedOn: 1 }, { number: 2, basedOn: null }, { number: 1, basedOn: null }];
    expect(defaultBase(versions, 3)).toBe(1);
    expect(defaultBase(versions, 2)).toBe(1);
    expect(defaultBase(versions, 1)).toBeNull();
  });
});
