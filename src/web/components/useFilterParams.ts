import type { FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { filterParams } from './filterParams.ts';

export { addressQuery } from './filterParams.ts';

/**
 * Filters live in the address, so a search can be shared and bookmarked: submitting the filter
 * form replaces the query string with its non-empty fields (and so goes back to page one).
 */
export function useFilterParams() {
  const [params, setParams] = useSearchParams();
  function onFilter(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setParams(filterParams(new FormData(event.currentTarget)));
  }
  return { params, setParams, onFilter };
}
