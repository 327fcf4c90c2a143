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
