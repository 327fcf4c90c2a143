// Types of the generated english-stemmer.js (Snowball 3.1.1; see README.md). Written by hand: the
// generator emits JavaScript only.
import BaseStemmer from './base-stemmer.js';

export default class extends BaseStemmer {
  /** The word's stem. The word should be in lower case, as the algorithm expects. */
  stemWord(word: string): string;
  stem(word: string): string;
}
