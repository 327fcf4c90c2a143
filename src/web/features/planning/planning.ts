import type { LocalizedTextValue } from '../../../shared/localized.ts';

/**
 * The planning pages' logic without React: the numbers of a page's citations and the names an
 * instrument has.
 */

/** A page's sources numbered 1, 2, … in the order the page lists them (the order first cited). */
export function citationNumbers(sources: readonly { tag: string }[]): Map<string, number> {
  return new Map(sources.map((source, at) => [source.tag, at + 1]));
}

/** The numbers to cite for these tags, ascending, each once; a tag the page does not list is left out. */
export function citesOf(numbers: ReadonlyMap<string, number>, tags: readonly string[] | undefined): number[] {
  return [...new Set((tags ?? []).map((tag) => numbers.get(tag)).filter((n): n is number => n !== undefined))].sort((a, b) => a - b);
}

const NAME_ORDER = ['fi', 'et', 'en', 'sv', 'ru'] as const;

/**
 * An instrument's names: its own language's first, then each other the reference gives, never one
 * made up (a language without a name is left out, not filled from another).
 */
export function namesOf(name: LocalizedTextValue, ownLanguage: 'fi' | 'et'): { lang: string; text: string }[] {
  const own = name[ownLanguage] ? [{ lang: ownLanguage as string, text: name[ownLanguage]! }] : [];
  return [...own, ...NAME_ORDER.filter((lang) => lang !== ownLanguage && name[lang]).map((lang) => ({ lang: lang as string, text: name[lang]! }))];
}
