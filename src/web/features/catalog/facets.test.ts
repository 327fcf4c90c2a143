import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { THEMES } from '../../../shared/catalog.ts';
import { activeChips, facetReducer, initialFacetState, isChecked, listedValues, SHOWN, shownValues, type FacetEntry } from './facets.ts';
import { readSearch, toggleFilter } from './search.ts';

const entries = (count: number): FacetEntry[] => Array.from({ length: count }, (_, n) => ({ value: `V${n}`, count: 10 - n, label: null }));

describe('a facet group', () => {
  it('lists the values of the results, then any ticked value they lack, at 0', () => {
    expect(listedValues(entries(2), ['V1', 'GONE'])).toEqual([...entries(2), { value: 'GONE', count: 0, label: null }]);
    expect(listedValues([], [])).toEqual([]);
  });

  it('shows the first six collapsed, every ticked one too, and all when expanded', () => {
    const listed = entries(9);
    expect(shownValues(listed, [], false).map((e) => e.value)).toEqual(['V0', 'V1', 'V2', 'V3', 'V4', 'V5']);
    expect(shownValues(listed, ['V8'], false).map((e) => e.value)).toEqual(['V0', 'V1', 'V2', 'V3', 'V4', 'V5', 'V8']);
    expect(shownValues(listed, [], true)).toHaveLength(9);
    expect(SHOWN).toBe(6);
  });

  it('opens and closes on the button', () => {
    const start = initialFacetState([]);
    expect(start.expanded).toBe(false);
    const open = facetReducer(start, { type: 'expand' });
    expect(open.expanded).toBe(true);
    expect(facetReducer(open, { type: 'expand' }).expanded).toBe(false);
  });

  it('shows a box ticked at once, until the address changes, then as the address says', () => {
    let state = initialFacetState(['A']);
    expect(isChecked(state, ['A'], 'A')).toBe(true);
    expect(isChecked(state, ['A'], 'B')).toBe(false);
    state = facetReducer(state, { type: 'tick', value: 'B', checked: true });
    expect(isChecked(state, ['A'], 'B')).toBe(true);
    expect(isChecked(state, ['A'], 'A')).toBe(true);
    // The same selection again (a re-render) keeps the tick shown.
    expect(facetReducer(state, { type: 'selected', selected: ['A'] })).toBe(state);
    // The address caught up: the address rules again, here back (the click lost) to without B.
    const moved = facetReducer(state, { type: 'selected', selected: ['C'] });
    expect(moved.pending).toBeNull();
    expect(isChecked(moved, ['C'], 'B')).toBe(false);
    expect(facetReducer(moved, { type: 'selected', selected: ['C'] })).toBe(moved);
    const unticked = facetReducer(moved, { type: 'tick', value: 'C', checked: false });
    expect(isChecked(unticked, ['C'], 'C')).toBe(false);
  });

  it('names each filter in force once, as a chip that removes only it', () => {
    const search = readSearch(new URLSearchParams('q=bus&theme=TRAN&theme=ENVI&region=fi-091&page=3'));
    const chips = activeChips(search);
    expect(chips).toEqual([{ facet: 'theme', value: 'TRAN' }, { facet: 'theme', value: 'ENVI' }, { facet: 'region', value: 'fi-091' }]);
    const removed = toggleFilter(new URLSearchParams('q=bus&theme=TRAN&theme=ENVI&region=fi-091&page=3'), 'theme', 'TRAN');
    expect(activeChips(readSearch(removed))).toEqual([{ facet: 'theme', value: 'ENVI' }, { facet: 'region', value: 'fi-091' }]);
    expect(readSearch(removed).q).toBe('bus');
    expect(readSearch(removed).page).toBe(1);
  });

  it('ticking a value twice gives back the same filters, and any tick goes back to page one', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...THEMES), { maxLength: 6 }), fc.constantFrom(...THEMES), fc.integer({ min: 1, max: 9 }), (themes, value, page) => {
        const params = new URLSearchParams([['q', 'bus'], ...themes.map((theme) => ['theme', theme] as [string, string]), ['page', String(page)]]);
        const once = toggleFilter(params, 'theme', value);
        expect(readSearch(once).page).toBe(1);
        expect(readSearch(once).filters.theme.includes(value)).toBe(!themes.includes(value));
        const twice = readSearch(toggleFilter(once, 'theme', value));
        expect(new Set(twice.filters.theme)).toEqual(new Set(themes));
        expect(twice.q).toBe('bus');
      }),
    );
  });
});
