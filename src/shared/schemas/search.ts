import { Type, type Static, type TObject, type TProperties } from 'typebox';
import { CONTENT_LANGUAGES } from '../languages.ts';

/**
 * What a list with search words says beside its items (issue 15, design §3.8): where each item
 * matched, and how a word in one language found an item written in another. Only when `q` is
 * given; CKAN's answers keep CKAN's shape.
 */

/** UTF-16 `[start, end)` ranges into one of the item's own texts, in order, never overlapping. */
export const TextRanges = Type.Array(Type.Tuple([Type.Integer({ minimum: 0 }), Type.Integer({ minimum: 0 })]), { maxItems: 200 });

/** A field's ranges per language of its text (`title.fi`); a text with no language is under `und`. */
export const FieldHighlights = Type.Record(Type.String(), TextRanges);

// Written out (a mapped list loses each literal's type, and `SearchVia` would type as never).
const SearchLanguage = Type.Union([Type.Literal('fi'), Type.Literal('et'), Type.Literal('en'), Type.Literal('sv'), Type.Literal('ru')]) satisfies { anyOf: { const: (typeof CONTENT_LANGUAGES)[number] }[] };

/** A query word that found the item only through a glossary term of another language. */
export const SearchVia = Type.Object({
  /** The word as the query had it. */
  word: Type.String(),
  /** The language the glossary gives that word, if one. */
  lang: Type.Union([SearchLanguage, Type.Null()]),
  /** The term in the item's language that it stands for. */
  term: Type.String(),
  termLang: SearchLanguage,
});
export type SearchVia = Static<typeof SearchVia>;

export const SearchMatch = Type.Object({
  /** The item's id, as in `items`. */
  id: Type.String(),
  /** Field name (`title`, `summary`, `description`, `name`…) → its ranges per language. */
  highlights: Type.Record(Type.String(), FieldHighlights),
  via: Type.Optional(Type.Array(SearchVia, { maxItems: 16 })),
});
export type SearchMatch = Static<typeof SearchMatch>;

/** The fields a list adds when it was asked with words: `matches` aligned with `items`, `didYouMean` when nothing was found. */
export const SearchedProperties = {
  matches: Type.Optional(Type.Array(SearchMatch)),
  didYouMean: Type.Optional(Type.String()),
};

/** A list page's schema with the search fields added. */
export function Searched<P extends TProperties>(page: TObject<P>) {
  return Type.Object({ ...page.properties, ...SearchedProperties });
}
