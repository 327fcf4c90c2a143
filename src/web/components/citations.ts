/**
 * A page's numbered citations (the regions' and the planning pages'): its sources numbered 1, 2, …
 * in the order its source list shows them, and the numbers a statement cites.
 */

/** Each source's key → its number on the page. */
export function citationNumbers(keys: readonly string[]): Map<string, number> {
  return new Map(keys.map((key, at) => [key, at + 1]));
}

/** The numbers to cite for these keys, ascending, each once; a key the page does not list is left out. */
export function citesOf(numbers: ReadonlyMap<string, number>, keys: readonly string[] | undefined): number[] {
  return [...new Set((keys ?? []).map((key) => numbers.get(key)).filter((n): n is number => n !== undefined))].sort((a, b) => a - b);
}
