import { describe, expect, it } from 'vitest';
import { treeOrder } from './tree.ts';

const row = (id: string, parent_id: string | null = null) => ({ id, parent_id });

describe('treeOrder', () => {
  it('puts parents before their children, depth first, siblings in the order given', () => {
    const rows = [row('b2', 'b'), row('a'), row('a1', 'a'), row('b'), row('b1', 'b'), row('a1x', 'a1')];
    expect(treeOrder(rows).map((r) => r.id)).toEqual(['a', 'a1', 'a1x', 'b', 'b2', 'b1']);
  });

  it('starts a tree at a row whose parent is not given, and keeps every row once', () => {
    const rows = [row('x', 'gone'), row('y', 'x'), row('z')];
    expect(treeOrder(rows).map((r) => r.id)).toEqual(['x', 'y', 'z']);
  });

  it('follows a chain far deeper than the call stack would', () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => row(`n${i}`, i ? `n${i - 1}` : null));
    const ordered = treeOrder([...rows].reverse());
    expect(ordered).toHaveLength(rows.length);
    expect(ordered[0]!.id).toBe('n0');
    expect(ordered.at(-1)!.id).toBe('n99999');
  });
});
