import { createRequire } from 'node:module';
import { trimEndOf, trimOf } from './text.ts';

type Transliterate = (text: string) => string;
let transliterator: Transliterate | undefined;

/**
 * The transliteration tables cost ~100 ms and ~12 MB to load; most slugs are Latin already, so
 * they are loaded on the first title that needs them rather than at every start.
 */
function transliterate(text: string): string {
  transliterator ??= (createRequire(import.meta.url)('transliteration') as { transliterate: Transliterate }).transliterate;
  return transliterator(text);
}

/** A letter or digit outside ASCII (after marks are stripped): only such a text needs transliterating. */
const NON_ASCII_WORD = /[^\P{L}A-Za-z]|[^\P{N}0-9]/u;

/**
 * A lower-case ASCII slug of any text, at most `max` characters: "Helsingin seudun liikenne" →
 * "helsingin-seudun-liikenne", "Расписание парома" → "raspisanie-paroma", "赫尔辛基人口" →
 * "he-er-xin-ji-ren-kou". Empty when the text has no letter or digit any script can spell
 * (emoji, punctuation): callers supply a fallback unique to the item.
 */
export function slugify(text: string, max = 80): string {
  let folded = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  if (NON_ASCII_WORD.test(folded)) folded = transliterate(folded);
  const dashed = folded.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return trimEndOf(trimOf(dashed, '-').slice(0, max), '-');
}

/** The host name of an address without `www.`, or null when it is not an address. */
export function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}
