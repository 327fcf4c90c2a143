import type { GetQuery } from '../../app/api.ts';
import { DATASET_SORTS, FACETS, LICENSES, REGION_CODES, THEMES, type DatasetSort, type Facet } from '../../../shared/catalog.ts';

/**
 * The catalogue search lives in the address (`?q=bus&theme=TRAN&theme=ENVI&page=2`), so a search
 * can be linked and back and forward step through it. These functions read it, turn it into the
 * API's query, and write the next address; every change of words or filters goes back to page one.
 */

export const PAGE_SIZE = 20;

export interface DatasetSearch {
  q: string;
  /** Empty: the server's default (best match with words, latest change without). */
  sort: DatasetSort | '';
  page: number;
  /** Editors may list withdrawn datasets instead of active ones. */
  withdrawn: boolean;
  filters: Record<Facet, string[]>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What each filter can hold, so an address typed or cut short by hand never becomes a refused request. */
const VALID: Record<Facet, (value: string) => boolean> = {
  publisher: (value) => UUID.test(value),
  source: (value) => value === 'local' || UUID.test(value),
  theme: (value) => (THEMES as readonly string[]).includes(value),
  license: (value) => (LICENSES as readonly string[]).includes(value),
  region: (value) => REGION_CODES.includes(value),
  format: (value) => /^[A-Z0-9_+.-]{1,40}$/.test(value),
};

export function readSearch(params: URLSearchParams): DatasetSearch {
  const sort = params.get('sort') ?? '';
  return {
    q: (params.get('q') ?? '').slice(0, 200),
    sort: (DATASET_SORTS as readonly string[]).includes(sort) ? (sort as DatasetSort) : '',
    page: Math.max(1, Math.floor(Number(params.get('page'))) || 1),
    withdrawn: params.get('state') === 'withdrawn',
    filters: Object.fromEntries(FACETS.map((facet) => [facet, [...new Set(params.getAll(facet).filter(VALID[facet]))].slice(0, 20)])) as Record<Facet, string[]>,
  };
}

type DatasetQuery = GetQuery<'/api/datasets'>;

/** The `GET /api/datasets` query for what the address says (each facet's values repeat its key, as the server reads them), `size` datasets a page. */
export function apiQuery(search: DatasetSearch, size: number = PAGE_SIZE): DatasetQuery {
  // readSearch kept only values each facet can hold.
  const filters = Object.fromEntries(FACETS.filter((facet) => search.filters[facet].length > 0).map((facet) => [facet, search.filters[facet]])) as Pick<DatasetQuery, Facet>;
  return {
    q: search.q.trim() || undefined,
    ...filters,
    sort: search.sort || undefined,
    state: search.withdrawn ? 'withdrawn' : undefined,
    limit: size,
    offset: (search.page - 1) * size,
  };
}

export function activeFilterCount(search: DatasetSearch): number {
  return FACETS.reduce((sum, facet) => sum + search.filters[facet].length, 0);
}

/** The address with `value` of `facet` switched on or off. */
export function toggleFilter(params: URLSearchParams, facet: Facet, value: string): URLSearchParams {
  const next = new URLSearchParams(params);
  const values = next.getAll(facet);
  next.delete(facet);
  const kept = values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
  for (const v of kept) next.append(facet, v);
  next.delete('page');
  return next;
}

/** The address without any facet filter (the words and the order stay). */
export function clearFilters(params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const facet of FACETS) next.delete(facet);
  next.delete('page');
  return next;
}

/** The address with new words, order and state from the search form; the filters stay. */
export function withWords(params: URLSearchParams, words: { q: string; sort: string; withdrawn?: boolean }): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [key, value] of [['q', words.q.trim()], ['sort', words.sort]] as const) {
    if (value) next.set(key, value);
    else next.delete(key);
  }
  if (words.withdrawn) next.set('state', 'withdrawn');
  else next.delete('state');
  next.delete('page');
  return next;
}

export function withPage(params: URLSearchParams, page: number): URLSearchParams {
  const next = new URLSearchParams(params);
  if (page > 1) next.set('page', String(page));
  else next.delete('page');
  return next;
}
