/**
 * Filters in the address, as pure functions of it (the hook `useFilterParams` is their one user
 * with state): the filter form becomes the query string, the query string a route's query, and
 * the pager moves through it.
 */

/**
 * The address a filter form's fields make: its non-empty fields, nothing else, so empty filters
 * never show and the page (which is not a field) goes back to the first. A field the form holds
 * twice keeps its last value.
 */
export function filterParams(fields: Iterable<[string, FormDataEntryValue]>): URLSearchParams {
  const next = new URLSearchParams();
  for (const [key, value] of fields) if (typeof value === 'string' && value) next.set(key, value);
  return next;
}

/**
 * The filters among `keys` that the address (or `fixed`) sets, as the query of the route they are
 * for: the names are checked against the route, the values are the address's text, which the
 * server checks (and coerces) like any other client's.
 */
export function addressQuery<Q extends object>(params: URLSearchParams, keys: readonly (keyof Q & string)[], fixed: Readonly<Record<string, string>> = {}): Q {
  const query: Record<string, string> = {};
  for (const key of keys) {
    const value = fixed[key] ?? params.get(key);
    if (value) query[key] = value;
  }
  return query as Q;
}

/** The page the address names (`page=3`): a whole number from 1, and 1 for anything else. */
export function pageOf(params: URLSearchParams): number {
  return Math.max(1, Math.floor(Number(params.get('page'))) || 1);
}

/** The offset the address names (`offset=40`): a whole number from 0, and 0 for anything else. */
export function offsetOf(params: URLSearchParams): number {
  return Math.max(0, Math.floor(Number(params.get('offset'))) || 0);
}

/** The address with `key` set to `value`, every filter kept (the pager's next and previous). */
export function withParam(params: URLSearchParams, key: string, value: string | number): URLSearchParams {
  const next = new URLSearchParams(params);
  next.set(key, String(value));
  return next;
}

/** The same list's address with other words, from its first page. */
export function withWords(search: string, words: string): string {
  const params = new URLSearchParams(search);
  params.set('q', words);
  params.delete('page');
  params.delete('offset');
  return params.toString();
}
