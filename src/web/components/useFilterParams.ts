import type { FormEvent } from 'react';
import { useSearchParams } from 'react-router';

/**
 * Filters live in the address, so a search can be shared and bookmarked: submitting the filter
 * form replaces the query string with its non-empty fields (and so goes back to page one).
 */
export function useFilterParams() {
  const [params, setParams] = useSearchParams();
  function onFilter(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [key, value] of new FormData(event.currentTarget)) if (String(value)) next.set(key, String(value));
    setParams(next);
  }
  return { params, setParams, onFilter };
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
