import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { activeOption, choose, handlesKey, initialPicker, mergeOptions, pickerReducer, unchoose, type PickerAction, type PickerState } from './picker.ts';

interface Item {
  value: string;
  title: string;
}
const item = (value: string): Item => ({ value, title: `Title of ${value}` });
const [a, b, c] = ['BN-1', 'BN-2', 'BN-3'].map(item);

const run = (actions: PickerAction<Item>[], from = initialPicker<Item>()) => actions.reduce(pickerReducer<Item>, from);
/** Typed `query`, and its answer arrived. */
const answered = (items: Item[], chosen: Item[] = []): PickerState<Item> => {
  const typed = run([{ type: 'typed', query: 'ferry' }]);
  return pickerReducer(typed, { type: 'answered', search: typed.search, items, chosen });
};
const keys = (state: PickerState<Item>, ...pressed: string[]) => run(pressed.map((key) => ({ type: 'key', key })), state);

describe('the picker', () => {
  it('opens and waits for an answer as text is typed, and shows nothing for blank text', () => {
    const typed = run([{ type: 'typed', query: 'fer' }]);
    expect(typed).toMatchObject({ query: 'fer', open: true, status: 'loading', active: -1 });
    expect(run([{ type: 'typed', query: '  ' }], typed)).toMatchObject({ open: false, status: 'idle', options: [] });
  });

  it('takes only the answer to the newest search: an earlier, slower answer is ignored', () => {
    const first = run([{ type: 'typed', query: 'f' }]);
    const second = run([{ type: 'typed', query: 'ferry' }], first);
    const late = pickerReducer(second, { type: 'answered', search: first.search, items: [a], chosen: [] });
    expect(late).toEqual(second);
    const newest = pickerReducer(late, { type: 'answered', search: second.search, items: [b, c], chosen: [] });
    expect(newest.options).toEqual([b, c]);
    expect(newest.status).toBe('done');
    // And once a choice is made, the answer still under way for the old text is ignored too.
    const chosen = pickerReducer(second, { type: 'chosen' });
    expect(pickerReducer(chosen, { type: 'answered', search: second.search, items: [a], chosen: [] })).toEqual(chosen);
    expect(pickerReducer(second, { type: 'failed', search: first.search })).toEqual(second);
    expect(pickerReducer(second, { type: 'failed', search: second.search })).toMatchObject({ status: 'failed', options: [] });
  });

  it('offers each answered item once, leaving out what is already chosen', () => {
    expect(mergeOptions([a, b, a, c], [b])).toEqual([a, c]);
    expect(answered([a, b, c], [c]).options).toEqual([a, b]);
  });

  it('moves the active option with the arrows (wrapping), Home and End, and chooses it with Enter', () => {
    const open = answered([a, b, c]);
    expect(activeOption(open)).toBeUndefined();
    expect(activeOption(keys(open, 'ArrowDown'))).toBe(a);
    expect(activeOption(keys(open, 'ArrowDown', 'ArrowDown'))).toBe(b);
    expect(activeOption(keys(open, 'ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowDown'))).toBe(a);
    expect(activeOption(keys(open, 'ArrowUp'))).toBe(c);
    expect(activeOption(keys(open, 'ArrowDown', 'ArrowUp', 'ArrowUp'))).toBe(b);
    expect(activeOption(keys(open, 'End'))).toBe(c);
    expect(activeOption(keys(open, 'End', 'Home'))).toBe(a);
    expect(handlesKey(keys(open, 'ArrowDown'), 'Enter')).toBe(true);
  });

  it('closes with Escape, then clears the text with a second Escape; the arrows open it again', () => {
    const open = keys(answered([a, b]), 'ArrowDown');
    const closed = keys(open, 'Escape');
    expect(closed).toMatchObject({ open: false, active: -1, query: 'ferry' });
    expect(activeOption(closed)).toBeUndefined();
    expect(activeOption(keys(closed, 'ArrowDown'))).toBe(a);
    expect(activeOption(keys(closed, 'ArrowUp'))).toBe(b);
    expect(keys(closed, 'Escape')).toMatchObject({ query: '', options: [], status: 'idle' });
  });

  it('lets Enter submit the form while the list is closed, and takes it while open', () => {
    const closed = keys(answered([a]), 'Escape');
    expect(handlesKey(closed, 'Enter')).toBe(false);
    expect(handlesKey(answered([a]), 'Enter')).toBe(true);
    expect(handlesKey(initialPicker(), 'Escape')).toBe(false);
    expect(handlesKey(initialPicker(), 'Home')).toBe(false);
    expect(handlesKey(initialPicker(), 'a')).toBe(false);
  });

  it('never leaves the active option outside the options, whatever is typed, answered and pressed', () => {
    const action = fc.oneof(
      fc.record({ type: fc.constant('typed' as const), query: fc.string({ maxLength: 3 }) }),
      fc.record({ type: fc.constant('answered' as const), search: fc.nat(6), items: fc.array(fc.constantFrom(a, b, c), { maxLength: 5 }), chosen: fc.array(fc.constantFrom(a, b, c), { maxLength: 2 }) }),
      fc.record({ type: fc.constant('key' as const), key: fc.constantFrom('ArrowDown', 'ArrowUp', 'Home', 'End', 'Escape', 'Enter') }),
      fc.constant({ type: 'chosen' as const }),
      fc.constant({ type: 'close' as const }),
    );
    fc.assert(
      fc.property(fc.array(action, { maxLength: 30 }), (actions) => {
        let state = initialPicker<Item>();
        for (const next of actions) {
          state = pickerReducer(state, next);
          expect(state.active).toBeGreaterThanOrEqual(-1);
          expect(state.active).toBeLessThan(state.options.length);
          if (!state.open) expect(activeOption(state)).toBeUndefined();
          expect(new Set(state.options.map((o) => o.value)).size).toBe(state.options.length);
        }
      }),
    );
  });

  it('keeps one choice in a single picker and adds each once in a multiple one; a chip removes its item', () => {
    expect(choose([a], b, false)).toEqual([b]);
    expect(choose([a], b, true)).toEqual([a, b]);
    expect(choose([a, b], a, true)).toEqual([a, b]);
    expect(unchoose([a, b, c], 'BN-2')).toEqual([a, c]);
  });
});
