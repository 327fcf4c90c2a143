import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editRows, nextKey, type RowsAction } from './rows.ts';

interface Row {
  key: number;
  name: string;
  ticked: boolean;
}
const blank = { name: '', ticked: false };

describe('rows a form edits in place', () => {
  it('adds at the end with a key no row has, even twice in one moment', () => {
    const start: Row[] = [{ key: 0, name: 'a', ticked: false }, { key: 4, name: 'b', ticked: true }];
    const once = editRows(start, { type: 'add', row: blank });
    const twice = editRows(once, { type: 'add', row: blank });
    expect(twice.map((row) => row.key)).toEqual([0, 4, 5, 6]);
    expect(twice[3]).toEqual({ key: 6, ...blank });
    expect(editRows([] as Row[], { type: 'add', row: { ...blank, key: 99 } })[0]!.key).toBe(0);
    expect(nextKey([])).toBe(0);
  });

  it('changes only the row named, and only the fields given, never its key', () => {
    const start: Row[] = [{ key: 0, name: 'a', ticked: false }, { key: 1, name: 'b', ticked: false }];
    const next = editRows(start, { type: 'update', key: 1, change: { ticked: true } });
    expect(next).toEqual([{ key: 0, name: 'a', ticked: false }, { key: 1, name: 'b', ticked: true }]);
    expect(next[0]).toBe(start[0]);
    expect(start[1]!.ticked).toBe(false);
    const rekeyed = editRows(start, { type: 'update', key: 0, change: { key: 1 } as Partial<Row> });
    expect(rekeyed.map((row) => row.key)).toEqual([0, 1]);
  });

  it('removes only the row named', () => {
    const start: Row[] = [{ key: 0, name: 'a', ticked: false }, { key: 1, name: 'b', ticked: false }, { key: 2, name: 'c', ticked: false }];
    expect(editRows(start, { type: 'remove', key: 1 }).map((row) => row.name)).toEqual(['a', 'c']);
    expect(editRows(start, { type: 'remove', key: 7 })).toEqual(start);
  });

  it('keeps keys unique and the other rows in their order, whatever is done', () => {
    const action: fc.Arbitrary<RowsAction<Row>> = fc.oneof(
      fc.record({ type: fc.constant('add' as const), row: fc.record({ name: fc.string(), ticked: fc.boolean() }) }),
      fc.record({ type: fc.constant('update' as const), key: fc.nat(12), change: fc.record({ name: fc.string(), ticked: fc.boolean() }, { requiredKeys: [] }) }),
      fc.record({ type: fc.constant('remove' as const), key: fc.nat(12) }),
    );
    fc.assert(
      fc.property(fc.array(action, { maxLength: 30 }), (actions) => {
        let rows: Row[] = [];
        for (const step of actions) {
          const before = rows;
          rows = editRows(rows, step);
          const keys = rows.map((row) => row.key);
          expect(new Set(keys).size).toBe(keys.length);
          const kept = before.filter((row) => rows.some((r) => r.key === row.key)).map((row) => row.key);
          expect(keys.slice(0, kept.length)).toEqual(kept);
          expect(rows.length).toBe(before.length + (step.type === 'add' ? 1 : step.type === 'remove' && before.some((r) => r.key === step.key) ? -1 : 0));
        }
      }),
    );
  });
});
