import type { SearchMatch } from '../../../shared/schemas/search.ts';
import { highlights, type SearchResult } from './engine.ts';

/** One of a found item's texts as the page shows it: `title` in Finnish, say (`lang` null: a text of no language, such as a name). */
export interface ShownText {
  field: string;
  lang: string | null;
  text: string;
}

/** As many crossings as the schema lets a match name (a query of many words could cross more). */
const MAX_VIA = 16;

/** A text's key in `highlights`' per-field record when it has no language. */
export const NO_LANGUAGE = 'und';

/**
 * The `matches` of a list page (shared/schemas/search.ts): for each item, in the page's order,
 * where its own texts hold the terms its search matched. Items the search did not find (a page
 * read without words) get no highlights. An item a word found only through a term of another
 * language (the glossary's) says so (`via`), when the result knows it.
 */
export function matchesOf(result: Pick<SearchResult, 'matchedTerms'> & Partial<Pick<SearchResult, 'via'>>, page: readonly { id: string; texts: readonly ShownText[] }[]): SearchMatch[] {
  return page.map(({ id, texts }) => {
    const terms = new Set(result.matchedTerms(id));
    const byField: SearchMatch['highlights'] = {};
    if (terms.size > 0) {
      for (const { field, lang, text } of texts) {
        const ranges = highlights(text, terms);
        if (ranges.length === 0) continue;
        (byField[field] ??= {})[lang ?? NO_LANGUAGE] = ranges;
      }
    }
    const via = result.via?.(id) ?? [];
    return via.length > 0 ? { id, highlights: byField, via: via.slice(0, MAX_VIA) } : { id, highlights: byField };
  });
}
