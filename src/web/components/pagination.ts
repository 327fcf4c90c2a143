/**
 * Numbered pages and the page size, as pure functions of the address (`?page=3&size=50`), used by
 * every list's `Pagination` and page-size choice (`Pagination.tsx`).
 */

/** The sizes a reader may choose; anything else in the address reads as the list's default. */
export const PAGE_SIZES = [10, 20, 50, 100] as const;
export type PageSize = (typeof PAGE_SIZES)[number];
export const DEFAULT_PAGE_SIZE: PageSize = 20;

/** The page size the address names (`size=50`), or `fallback` for a missing or unknown one. */
export function pageSizeOf(params: URLSearchParams, fallback: PageSize = DEFAULT_PAGE_SIZE): PageSize {
  const size = Number(params.get('size'));
  return (PAGE_SIZES as readonly number[]).includes(size) ? (size as PageSize) : fallback;
}

/** How many pages `total` items make at `size` a page: at least one. */
export function pageCount(total: number, size: number): number {
  return Math.max(1, Math.ceil(total / size));
}

/** A page number to link to, or a gap (`…`) for the pages left out. */
export type PageMark = number | 'gap';

/**
 * The page numbers a pager shows: always the first and the last, `around` pages on each side of
 * the current one, and a gap where pages are left out. A gap that would hide a single page shows
 * that page instead, so a gap always stands for two or more.
 */
export function pageNumbers(current: number, pages: number, around = 1): PageMark[] {
  const shown = new Set<number>([1, pages]);
  for (let page = current - around; page <= current + around; page++) if (page >= 1 && page <= pages) shown.add(page);
  const sorted = [...shown].sort((a, b) => a - b);
  const marks: PageMark[] = [];
  let previous = 0;
  for (const page of sorted) {
    if (page - previous === 2) marks.push(previous + 1);
    else if (page - previous > 2) marks.push('gap');
    marks.push(page);
    previous = page;
  }
  return marks;
}

/** The address of page `page`, every filter kept (page 1 has no `page`). */
export function withPageNumber(params: URLSearchParams, page: number): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete('offset');
  if (page > 1) next.set('page', String(page));
  else next.delete('page');
  return next;
}

/** The address with another page size, back on page one (the old page may no longer exist); the default size is left out. */
export function withPageSize(params: URLSearchParams, size: number, fallback: PageSize = DEFAULT_PAGE_SIZE): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete('page');
  next.delete('offset');
  if ((PAGE_SIZES as readonly number[]).includes(size) && size !== fallback) next.set('size', String(size));
  else next.delete('size');
  return next;
}

/** The address without one filter (`key`, or only its `value` where the key repeats), back on page one. */
export function withoutFilter(params: URLSearchParams, key: string, value?: string): URLSearchParams {
  const next = new URLSearchParams();
  for (const [k, v] of params) if (k !== key || (value !== undefined && v !== value)) next.append(k, v);
  next.delete('page');
  next.delete('offset');
  return next;
}

/** One filter the address sets, named for the reader, with the address without it. */
export interface FilterInUse {
  key: string;
  label: string;
  without: string;
}

/**
 * The filters among `keys` the address sets, each named by `describe` (null leaves it out: a
 * fixed filter, the order), with the query string that removes it: what an empty result offers.
 */
export function filtersInUse(params: URLSearchParams, keys: readonly string[], describe: (key: string, value: string) => string | null): FilterInUse[] {
  const found: FilterInUse[] = [];
  for (const key of keys)
    for (const value of new Set(params.getAll(key))) {
      if (!value) continue;
      const label = describe(key, value);
      if (label !== null) found.push({ key, label, without: withoutFilter(params, key, value).toString() });
    }
  return found;
}
