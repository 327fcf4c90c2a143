import type { ContentLanguage } from '../../../shared/languages.ts';
import EnglishStemmer from './snowball/english-stemmer.js';
import EstonianStemmer from './snowball/estonian-stemmer.js';
import FinnishStemmer from './snowball/finnish-stemmer.js';
import RussianStemmer from './snowball/russian-stemmer.js';
import SwedishStemmer from './snowball/swedish-stemmer.js';

/**
 * Snowball 3.1.1's stemmers for the five content languages, as its compiler generated them
 * (`snowball/`, README.md there says how). Vendored rather than taken from npm: PostgreSQL has no
 * Estonian stemmer, the npm package that has Snowball 3's Estonian requires Node 22, and the
 * older JavaScript ports have no Estonian at all.
 *
 * One instance per language is enough: a stemmer keeps its word only for the length of one
 * synchronous call.
 */
const STEMMERS: Record<ContentLanguage, { stemWord(word: string): string }> = {
  fi: new FinnishStemmer(),
  et: new EstonianStemmer(),
  sv: new SwedishStemmer(),
  ru: new RussianStemmer(),
  en: new EnglishStemmer(),
};

/** Snowball's stem of a lower-case word, nothing more (analyze.ts's `stem` adds the rules measured on top). */
export function snowballStem(word: string, lang: ContentLanguage): string {
  return STEMMERS[lang].stemWord(word);
}
