/** The platform's search (`/search?q=`), as pure functions of the address. */

/** The lists searched, in the order the results page shows them. */
export const SEARCH_KINDS = ['bottlenecks', 'dialogues', 'recommendations', 'institutions', 'datasets'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** How many of each kind the results page shows; the rest are a link away, in their list. */
export const SHOWN_PER_KIND = 5;

/** The words of the address (`q`), trimmed and at most 200 characters, as every list takes them. */
export function searchWords(params: URLSearchParams): string {
  return (params.get('q') ?? '').trim().slice(0, 200);
}

/** Each list's own search with the same words (best match first, as every list sorts words). */
export function searchAddress(kind: SearchKind, q: string): string {
  return `/${kind}?${new URLSearchParams({ q }).toString()}`;
}
