/** Languages of the user interface: every UI text exists in all five. */
export const UI_LANGUAGES = ['fi', 'et', 'en', 'sv', 'ru'] as const;
export type Language = (typeof UI_LANGUAGES)[number];

/** Languages accepted in localised content (Swedish and Russian are spoken in the region too). */
export const CONTENT_LANGUAGES = ['fi', 'et', 'en', 'sv', 'ru'] as const;
export type ContentLanguage = (typeof CONTENT_LANGUAGES)[number];

/** Order in which a missing translation of content is replaced (DESIGN.md). */
export const FALLBACK_ORDER: readonly ContentLanguage[] = ['en', 'fi', 'et', 'sv', 'ru'];

export function isUiLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (UI_LANGUAGES as readonly string[]).includes(value);
}

/**
 * Picks the best UI language from an Accept-Language header (RFC 9110 §12.5.4),
 * honouring q-values and primary subtags ("et-EE" → "et").
 */
export function negotiateLanguage(header: string | undefined, fallback: Language = 'en'): Language {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { primary: tag.trim().toLowerCase().split('-')[0], quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return ranked.find((entry) => isUiLanguage(entry.primary))?.primary as Language | undefined ?? fallback;
}

/** Words joined as the language lists them ("a, b and c", "a, b и c"): a comma alone would split a name that has one. */
export function listOfWords(words: readonly string[], language: Language): string {
  return new Intl.ListFormat(language, { style: 'long', type: 'conjunction' }).format(words);
}
