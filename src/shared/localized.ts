import { Type, type Static } from 'typebox';
import { CONTENT_LANGUAGES, FALLBACK_ORDER, type ContentLanguage } from './languages.ts';

const text = (max: number) => Type.String({ minLength: 1, maxLength: max });

/**
 * Localised content, `{"fi": "…", "et": "…", "en": "…"}` with Swedish and Russian allowed
 * and at least one language present (DESIGN.md, "Localised text").
 */
export function LocalizedText(maxLength = 2000) {
  return Type.Object(
    Object.fromEntries(CONTENT_LANGUAGES.map((lang) => [lang, Type.Optional(text(maxLength))])) as Record<
      ContentLanguage,
      ReturnType<typeof Type.Optional<ReturnType<typeof text>>>
    >,
    { additionalProperties: false, minProperties: 1, description: 'Text by language (fi, et, en, sv, ru); at least one.' },
  );
}
/** Localised content as answered: any of the content languages, as written. */
export const LocalizedTextOut = Type.Object(
  Object.fromEntries(CONTENT_LANGUAGES.map((lang) => [lang, Type.Optional(Type.String())])) as Record<ContentLanguage, ReturnType<typeof Type.Optional<ReturnType<typeof Type.String>>>>,
);
export type LocalizedTextValue = Partial<Record<ContentLanguage, string>>;
export type LocalizedTextSchema = Static<ReturnType<typeof LocalizedText>>;

export interface PickedText {
  text: string;
  /** The language the text is actually in. */
  lang: ContentLanguage;
  /** True when the wanted language was missing and another one stands in. */
  isFallback: boolean;
}

/** The text in `wanted`, else the first present in the fallback order (en → fi → et → sv → ru). */
export function pickLocalized(value: LocalizedTextValue | null | undefined, wanted: ContentLanguage): PickedText | null {
  if (!value) return null;
  const exact = value[wanted];
  if (exact) return { text: exact, lang: wanted, isFallback: false };
  for (const lang of FALLBACK_ORDER) {
    const candidate = value[lang];
    if (candidate) return { text: candidate, lang, isFallback: true };
  }
  return null;
}
