import type { LocalizedTextValue } from '../../../shared/localized.ts';
import { citationNumbers as numbered } from '../../components/citations.ts';

/**
 * The planning pages' logic without React: the numbers of a page's citations and the names an
 * instrument has.
 */

export { citesOf } from '../../components/citations.ts';

/** A page's sources numbered 1, 2, … in the order the page lists them (the order first cited). */
export const citationNumbers = (sources: readonly { tag: string }[]) => numbered(sources.map((source) => source.tag));

const NAME_ORDER = ['fi', 'et', 'en', 'sv', 'ru'] as const;

/**
 * An instrument's names: its own language's first, then each other the reference gives, never one
 * made up (a language without a name is left out, not filled from another).
 */
export function namesOf(name: LocalizedTextValue, ownLanguage: 'fi' | 'et'): { lang: string; text: string }[] {
  const own = name[ownLanguage] ? [{ lang: ownLanguage as string, text: name[ownLanguage]! }] : [];
  return [...own, ...NAME_ORDER.filter((lang) => lang !== ownLanguage && name[lang]).map((lang) => ({ lang: lang as string, text: name[lang]! }))];
}
