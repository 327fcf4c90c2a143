import { FACETS, type Facet } from '../../../shared/catalog.ts';
import type { DatasetFacets } from '../../../shared/schemas/catalog.ts';
import type { DatasetSearch } from './search.ts';

/**
 * What a facet group shows and which of its boxes are ticked, and the chips of the filters in
 * force, as pure functions of the address and the group's own state; `FacetGroup` and
 * `ActiveFilters` only draw them.
 */

/** How many values a facet shows before "show all". */
export const SHOWN = 6;

export type FacetEntry = DatasetFacets[Facet][number];

/**
 * The values a facet lists: those the results have, then any ticked value they have none of
 * (count 0), so it can still be unticked.
 */
export function listedValues(values: readonly FacetEntry[], selected: readonly string[]): FacetEntry[] {
  return [...values, ...selected.filter((value) => !values.some((v) => v.value === value)).map((value) => ({ value, count: 0, label: null }))];
}

/** Of the listed values, those shown: all when expanded, else the first `SHOWN` and every ticked one. */
export function shownValues(listed: readonly FacetEntry[], selected: readonly string[], expanded: boolean): FacetEntry[] {
  return listed.filter((entry, index) => expanded || index < SHOWN || selected.includes(entry.value));
}

/** A group's own state: shown in full or not, and the box just ticked before the address says so. */
export interface FacetState {
  expanded: boolean;
  /** A ticked box shows ticked at once, before the address (and with it `selected`) has changed. */
  pending: { value: string; checked: boolean } | null;
  /** The selection `pending` was ticked against; any other ends it (back and forward included). */
  pendingFor: string;
}

export type FacetAction = { type: 'expand' } | { type: 'tick'; value: string; checked: boolean } | { type: 'selected'; selected: readonly string[] };

/** The key a selection is compared by. */
export const selectionKey = (selected: readonly string[]) => selected.join('\n');

export function initialFacetState(selected: readonly string[]): FacetState {
  return { expanded: false, pending: null, pendingFor: selectionKey(selected) };
}

export function facetReducer(state: FacetState, action: FacetAction): FacetState {
  switch (action.type) {
    case 'expand':
      return { ...state, expanded: !state.expanded };
    case 'tick':
      return { ...state, pending: { value: action.value, checked: action.checked } };
    case 'selected': {
      const key = selectionKey(action.selected);
      return key === state.pendingFor ? state : { ...state, pending: null, pendingFor: key };
    }
  }
}

/** Whether `value`'s box shows ticked: as just ticked, while the address has not caught up; else as the address says. */
export function isChecked(state: FacetState, selected: readonly string[], value: string): boolean {
  return state.pending && state.pending.value === value ? state.pending.checked : selected.includes(value);
}

/** The filters in force, one chip each, in the facets' order. */
export function activeChips(search: DatasetSearch): { facet: Facet; value: string }[] {
  return FACETS.flatMap((facet) => search.filters[facet].map((value) => ({ facet, value })));
}
