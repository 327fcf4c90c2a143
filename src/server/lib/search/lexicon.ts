import { gradationKey, sameStemFamily, sameStemFamilyGraded, SEARCH_LANGUAGES, stem, stemNormal, stems, stemsNormal, type SearchLanguage, type Token } from './analyze.ts';
import { LRUCache } from 'lru-cache';
import { growTo } from '../arrays.ts';
import type { QueryWord } from './query.ts';

/**
 * The terms of one collection, and what a query word reaches among them (issue 15, design §3.3):
 * each query word expands to terms with a tier, the weight of how it matched.
 *
 * - word: the term is the word (folded); 0.95 of it when the word and the term were written with
 *   different diacritics (`paasiainen` for `pääsiäinen`).
 * - inflection: the term's stem, in a language it was written in, is of one stem family with the
 *   word's stem in that language (`sameStemFamily`: equal, one the start of the other by two
 *   letters at most, or the same with consonant gradation folded).
 * - apart: the word is a compound of two or three indexed terms (at least 3 letters each, perhaps
 *   a linking `s` between): a document with every part matches (`väestöennuste` → `väestö ennuste`).
 * - part: the word is a part of the term, a compound (`ennuste` → `väestöennuste`), found through
 *   the term's trigrams: the head (the term ends with a form of the word), above a modifier (the
 *   term starts with the word), above the middle (the word's stem is inside); see `partTier`.
 * - typo: the term is one edit from the word (a letter missing, extra, wrong, or two swapped), for
 *   words of 5 to 32 letters, by trying every such edit over the script's letters.
 *
 * Concepts (`TIER_CONCEPT`, the codes the caller maps words to) and other languages
 * (`TIER_OTHER_LANGUAGE`, the glossary's terms) are the engine's (`engine.ts`): they come from the
 * caller's matcher, not from the terms. What is not here yet (design §3.3): stop words, the
 * adjacency bonus of a compound written apart.
 */

export const TIER_WORD = 1;
export const TIER_WORD_MARKS = 0.95;
export const TIER_INFLECTION = 0.8;
export const TIER_APART = 0.7;
export const TIER_CONCEPT = 0.7;
export const TIER_PART_HEAD = 0.55;
export const TIER_PART_MODIFIER = 0.5;
export const TIER_PART_MIDDLE = 0.4;
export const TIER_TYPO = 0.3;
/** A part of a compound one edit from the word (`liikenemelu` → `liikennemeluselvitys`), for a word that is no term. */
export const TIER_PART_TYPO = 0.25;
/** A glossary term of another language counts this share of how it matched (its word or inflection tier). */
export const TIER_OTHER_LANGUAGE = 0.4;

/** At most this many terms per query word (the best tiers, then the most frequent). */
export const MAX_EXPANDED_TERMS = 256;
/** Typos are tried for words of this many letters or more. */
const TYPO_MIN_LETTERS = 5;
/** … and at most this many: every edit of a word is tried, 5,000 of a 64-letter one (1.3 ms). */
const TYPO_MAX_LETTERS = 32;

/** Whether typos of a word (its key) are looked for. */
export function typoLength(key: string): boolean {
  const letters = Array.from(key).length;
  return letters >= TYPO_MIN_LETTERS && letters <= TYPO_MAX_LETTERS;
}
/** Parts with a typo are looked for in words of this many letters or more (an edit leaves one of its halves of three letters whole). */
const PART_TYPO_MIN_LETTERS = 8;
/** A stem reached by a typo has at least this many letters (a typo of a shorter one reaches too many words). */
const TYPO_MIN_STEM = 5;
/** Terms this long or longer are in the trigram lists (a part match needs the word and three letters more). */
const TRIGRAM_MIN_LENGTH = 6;
/** A head's tail is the needle and at most this many letters more (`ennust|eissaan`). */
const MAX_ENDING = 8;
/** Compound parts are at least this long. */
const PART_MIN = 3;
/** A stem is a part's needle when it has at least this many letters (else the word itself). */
const NEEDLE_MIN_STEM = 4;
const CACHE_SIZE = 2000;

/** The key a concept code (a vocabulary's, given by the caller) is indexed by: no text folds to it. */
export function conceptKey(code: string): string {
  return `\u0000${code}`;
}

export interface Expansion {
  /** Term ids and their tiers, best tier first. */
  terms: number[];
  tiers: number[];
  /** The compound's parts, each expanded to its word and inflections, all of which a document must have. */
  apart: Expansion[] | null;
}

/** The script a letter's typo variants are drawn from: Latin, Greek, Cyrillic, else its 256-code block. */
function scriptOf(code: number): number {
  if (code < 0x250 || (code >= 0x1e00 && code <= 0x1eff)) return 0;
  if ((code >= 0x370 && code <= 0x3ff) || (code >= 0x1f00 && code <= 0x1fff)) return 1;
  if (code >= 0x400 && code <= 0x52f) return 2;
  return 3 + (code >> 8);
}

/** Whether `a` and `b` are within `max` edits (optimal string alignment: insert, delete, substitute, swap neighbours). */
export function withinEdits(a: string, b: string, max: number): boolean {
  const x = Array.from(a);
  const y = Array.from(b);
  if (Math.abs(x.length - y.length) > max) return false;
  let before = new Array<number>(y.length + 1).fill(0);
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = new Array<number>(y.length + 1);
    current[0] = i;
    let least = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d = Math.min(d, before[j - 2] + 1);
      current[j] = d;
      least = Math.min(least, d);
    }
    if (least > max) return false;
    before = previous;
    previous = current;
  }
  return previous[y.length] <= max;
}

/**
 * Whether some part of `term` is within one edit of `needle` (insert, delete, substitute, swap
 * neighbours): the edit distance of the needle to the best substring of the term (Sellers'
 * reading of optimal string alignment: a match may start and end anywhere in the term).
 */
export function partWithinOneEdit(needle: string, term: string): boolean {
  const x = Array.from(needle);
  const y = Array.from(term);
  const n = x.length;
  // Columns over the needle's letters for term positions j - 2, j - 1, j.
  let before = new Array<number>(n + 1).fill(0).map((_, i) => i);
  let previous = before.slice();
  for (let j = 1; j <= y.length; j++) {
    const current = new Array<number>(n + 1);
    current[0] = 0;
    for (let i = 1; i <= n; i++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let d = Math.min(previous[i] + 1, current[i - 1] + 1, previous[i - 1] + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d = Math.min(d, before[i - 2] + 1);
      current[i] = d;
    }
    if (current[n] <= 1) return true;
    before = previous;
    previous = current;
  }
  return false;
}

/** Two code points next to each other, as one number. */
function pairKey(before: number, after: number): number {
  return before * 0x110000 + after;
}

/** Every string one edit from `word` over `alphabet` (letters as code points). */
export function editsOf(word: string, alphabet: readonly string[]): Set<string> {
  const letters = Array.from(word);
  const out = new Set<string>();
  const n = letters.length;
  // The word's heads and tails, each made once: a new word's variants are most of its typo lookup.
  const head: string[] = [''];
  for (let i = 0; i < n; i++) head.push(head[i] + letters[i]);
  const tail: string[] = new Array(n + 1);
  tail[n] = '';
  for (let i = n - 1; i >= 0; i--) tail[i] = letters[i] + tail[i + 1];
  for (let i = 0; i < n; i++) out.add(head[i] + tail[i + 1]);
  for (let i = 0; i + 1 < n; i++) out.add(head[i] + letters[i + 1] + letters[i] + tail[i + 2]);
  for (let i = 0; i <= n; i++) {
    for (const c of alphabet) {
      out.add(head[i] + c + tail[i]);
      if (i < n && c !== letters[i]) out.add(head[i] + c + tail[i + 1]);
    }
  }
  out.delete(word);
  return out;
}

/**
 * Whether a tail of a term (a needle and what follows it to the term's end) is a form of the
 * word: the folded word itself, or its stem, in some language, is of one family with the folded
 * word's (`keyStems`). Each tail is tested once per test made (one expansion): compounds share
 * their heads (`väestöennusteen`, `talousennusteen`).
 */
export function headTest(key: string, keyStems: Readonly<Record<SearchLanguage, string>>): (tail: string) => boolean {
  const graded = SEARCH_LANGUAGES.map((lang) => gradationKey(keyStems[lang]));
  const known = new Map<string, boolean>();
  return (tail) => {
    let head = known.get(tail);
    if (head === undefined) {
      head = tail === key || SEARCH_LANGUAGES.some((lang, i) => sameStemFamilyGraded(stem(tail, lang), keyStems[lang], graded[i]));
      known.set(tail, head);
    }
    return head;
  };
}

/**
 * How a part match of `term` by the needle (a stem of the query word, or the word) ranks: the
 * head when a form of the word ends the term (`isHead`, a `headTest` of the word), the modifier
 * when the term starts with the word written whole (or with the stem and then an indexed term),
 * the middle when the stem stands after three letters or more; `0` when it is no part match. The
 * modifier asks for more than the stem at the start so that `kortti` (stem `kort`) does not
 * reach `kortteli` (a city block).
 */
export function partTier(key: string, isHead: (tail: string) => boolean, needle: string, term: string, isTerm: (key: string) => boolean): number {
  if (needle.length < PART_MIN || term.length - needle.length < PART_MIN) return 0;
  const last = term.lastIndexOf(needle);
  if (last < 0) return 0;
  // An ending is at most `MAX_ENDING` letters: a longer tail is no form of the word (and is not stemmed).
  if (last >= PART_MIN && term.length - last - needle.length <= MAX_ENDING && isHead(term.slice(last))) return TIER_PART_HEAD;
  if (term.startsWith(key) && term.length - key.length >= PART_MIN) return TIER_PART_MODIFIER;
  if (term.startsWith(needle)) {
    const rest = term.slice(needle.length);
    if ((rest.length >= PART_MIN && isTerm(rest)) || (rest.length > PART_MIN && isTerm(rest.slice(1)))) return TIER_PART_MODIFIER;
  }
  const inside = term.indexOf(needle, PART_MIN);
  if (inside >= 0) return TIER_PART_MIDDLE;
  // The stem starts the term, which leaves the word right there, with a head of its own after it
  // (`asuntojen` → `asunto|kanta`, `bussarna` → `buss|liinid`); a term that goes on as the word
  // does past its stem is another word (`kortti`: `kort|teli`).
  if (needle !== key && term.startsWith(needle) && term.length - needle.length > PART_MIN && term[needle.length] !== key[needle.length]) return TIER_PART_MIDDLE;
  return 0;
}

/** The needles a query word (its key, and its stems in every language, `textStems`) is looked for by inside compounds: its stems of four letters or more, and itself. */
export function partNeedles(key: string, textStems: Readonly<Record<SearchLanguage, string>>): string[] {
  const needles = new Set<string>();
  for (const lang of SEARCH_LANGUAGES) {
    const s = textStems[lang];
    if (s.length >= NEEDLE_MIN_STEM) needles.add(s);
  }
  needles.add(key);
  return [...needles];
}

/**
 * A needle as the query word writes it, when the word has diacritics and the needle is its start
 * (`jäte`); else `null`. In Finnish, Estonian and Swedish `ä`, `ö`, `õ`, `å` are letters of their
 * own: a part written with other letters (`jate` in Estonian `reisijate`, passengers') is another
 * word as likely as a typo of this one, and ranks so (`TIER_PART_TYPO`).
 */
export function markedNeedle(word: QueryWord, needle: string): string | null {
  if (word.text === word.key || word.text.length !== word.key.length || !word.key.startsWith(needle)) return null;
  const written = word.text.slice(0, needle.length);
  return written === needle ? null : written;
}

/**
 * A copy of a string that holds only its own characters. A slice of a long string (a word of a
 * description) can keep the whole text alive in V8; a term kept for the index's life must not.
 */
function own(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8');
}

/** Flags per term: the languages it was stemmed in (bits 0–4), and whether it was seen written as its key. */
const LANGUAGE_BITS: Record<SearchLanguage, number> = { fi: 1, et: 2, sv: 4, ru: 8, en: 16 };
const PLAIN = 32;

/** Two sorted lists of strings as one, each string once. */
function mergeSorted(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
    if (out.length === 0 || out[out.length - 1] !== next) out.push(next);
  }
  return out;
}

/**
 * One language's stems: the terms of each, and the stems sorted (for the stems a stem's family
 * extends to) — sorted lazily, stems new since then kept apart in `recent` and read one by one.
 */
class StemTable {
  /** Stem → its term, or its terms. */
  readonly terms = new Map<string, number | number[]>();
  /** Gradation key → the stems that have it, for the stems whose key is not the stem itself. */
  readonly graded = new Map<string, string[]>();
  private sorted: string[] = [];
  private sortedGraded: string[] = [];
  private recent: string[] = [];
  /** The gradation keys of `recent`, made once. */
  private recentGraded: string[] = [];

  /** Notes a term's stem; whether anything changed. */
  add(stem: string, id: number): boolean {
    const known = this.terms.get(stem);
    if (known === undefined) {
      this.terms.set(stem, id);
      const g = gradationKey(stem);
      if (g !== stem) {
        const list = this.graded.get(g);
        if (list === undefined) this.graded.set(own(g), [stem]);
        else list.push(stem);
      }
      this.recent.push(stem);
      this.recentGraded.push(g);
      return true;
    }
    if (known === id || (Array.isArray(known) && known.includes(id))) return false;
    if (Array.isArray(known)) known.push(id);
    else this.terms.set(stem, [known, id]);
    return true;
  }

  termsOf(stem: string): readonly number[] {
    const known = this.terms.get(stem);
    return known === undefined ? [] : Array.isArray(known) ? known : [known];
  }

  /** The stems with this gradation key. */
  private byGradation(g: string, out: Set<string>): void {
    if (this.terms.has(g) && gradationKey(g) === g) out.add(g);
    for (const stem of this.graded.get(g) ?? []) out.add(stem);
  }

  /** Sorts the stems new since the last time into the sorted ones, once they are more than a few (one pass, not a sort of all). */
  private sortIfStale(): void {
    if (this.recent.length <= Math.max(256, this.sorted.length * 0.01)) return;
    this.sorted = mergeSorted(this.sorted, [...this.recent].sort());
    this.sortedGraded = mergeSorted(this.sortedGraded, [...new Set(this.recentGraded)].sort());
    this.recent = [];
    this.recentGraded = [];
  }

  /** Every key in `sorted` (and `recent`) that starts with `prefix` and is at most `extra` longer. */
  private static extending(sorted: readonly string[], recent: readonly string[], prefix: string, extra: number, out: (key: string) => void): void {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (sorted[mid] < prefix) low = mid + 1;
      else high = mid;
    }
    for (let i = low; i < sorted.length && sorted[i].startsWith(prefix); i++) if (sorted[i].length - prefix.length <= extra) out(sorted[i]);
    for (const key of recent) if (key.length - prefix.length <= extra && key.startsWith(prefix)) out(key);
  }

  /** The stems of one family with `s` (`sameStemFamily`), found by lookups and sorted ranges, never by reading every stem. */
  family(s: string): string[] {
    this.sortIfStale();
    const found = new Set<string>();
    if (this.terms.has(s)) found.add(s);
    for (let cut = 1; cut <= 2 && s.length - cut >= 4; cut++) if (this.terms.has(s.slice(0, -cut))) found.add(s.slice(0, -cut));
    if (s.length >= 4) StemTable.extending(this.sorted, this.recent, s, 2, (x) => found.add(x));
    const g = gradationKey(s);
    this.byGradation(g, found);
    for (let cut = 1; cut <= 2 && g.length - cut >= 5; cut++) this.byGradation(g.slice(0, -cut), found);
    if (g.length >= 5) StemTable.extending(this.sortedGraded, this.recentGraded, g, 2, (key) => this.byGradation(key, found));
    return [...found].filter((c) => sameStemFamily(s, c));
  }
}

/**
 * The parts of a split word as query words, each written as in the query (with its diacritics,
 * for its word tier and its stems) where folding kept the word's length, else as its key.
 */
export function partsAsWritten(word: QueryWord, parts: readonly string[]): QueryWord[] {
  let at = 0;
  return parts.map((key) => {
    const start = word.key.indexOf(key, at);
    at = start + key.length;
    const text = word.text.length === word.key.length ? word.text.slice(start, at) : key;
    return { text, key, kind: 'word', long: false, start: word.start, end: word.end };
  });
}

export class Lexicon {
  /** Moves whenever what an expansion could find changes (a new term or stem, a term losing or regaining its last document). */
  generation = 0;
  private readonly ids = new Map<string, number>();
  readonly keys: string[] = [];
  /** Documents holding each term (kept by the index). */
  private counts = new Int32Array(1024);
  private flags = new Uint8Array(1024);
  /** Forms a term was seen written in other than its key (with diacritics), up to four. */
  private readonly surfaces = new Map<number, string | string[]>();
  private readonly stemTables = new Map<SearchLanguage, StemTable>(SEARCH_LANGUAGES.map((lang) => [lang, new StemTable()]));
  private readonly trigrams = new Map<string, number[]>();
  private readonly letters = new Set<string>();
  /** Every pair of letters next to each other in a term or a stem (`pairKey`): what no word one edit away can lack. */
  private readonly pairs = new Set<number>();
  private alphabets = new Map<number, string[]>();
  private alphabetsGeneration = -1;
  private readonly cache = new LRUCache<string, Expansion>({ max: CACHE_SIZE });

  get size(): number {
    return this.keys.length;
  }

  id(key: string): number | undefined {
    return this.ids.get(key);
  }

  /** Documents holding the term. */
  count(id: number): number {
    return this.counts[id];
  }

  /** Whether the key is a term some document holds now. */
  has(key: string): boolean {
    const id = this.ids.get(key);
    return id !== undefined && this.counts[id] > 0;
  }

  private surfacesOf(id: number): readonly string[] {
    const known = this.surfaces.get(id);
    return known === undefined ? [] : Array.isArray(known) ? known : [known];
  }

  /** How to show a term: as it was first written (with its diacritics) when it was. */
  shown(id: number): string {
    return this.surfacesOf(id)[0] ?? this.keys[id];
  }

  private newTerm(key: string): number {
    const id = this.keys.length;
    const kept = own(key);
    this.ids.set(kept, id);
    this.keys.push(kept);
    this.notePairs(kept);
    this.counts = growTo(this.counts, id + 1);
    this.flags = growTo(this.flags, id + 1);
    this.generation++;
    return id;
  }

  /** The id of a concept code's virtual term. */
  internConcept(code: string): number {
    const key = conceptKey(code);
    return this.ids.get(key) ?? this.newTerm(key);
  }

  /**
   * The id of a term of a document written in `lang`, noting how it was written and its stem
   * there: the stem of the first form seen in the language (forms of one key differ only in
   * diacritics, which change a stem rarely; one stem per language keeps the lexicon small and
   * each token after the first unstemmed). Nothing is forgotten when documents go: a term left
   * in no document is skipped by every lookup, and a reload starts afresh.
   */
  intern(token: Token, lang: SearchLanguage | null): number {
    let id = this.ids.get(token.key);
    if (id === undefined) {
      id = this.newTerm(token.key);
      if (token.kind !== 'cjk') {
        const key = this.keys[id];
        for (const letter of key) this.letters.add(letter);
        if (key.length >= TRIGRAM_MIN_LENGTH) {
          const seen = new Set<string>();
          for (let i = 0; i + 3 <= key.length; i++) {
            const gram = key.slice(i, i + 3);
            if (seen.has(gram)) continue;
            seen.add(gram);
            const list = this.trigrams.get(gram);
            if (list === undefined) this.trigrams.set(gram, [id]);
            else list.push(id);
          }
        }
      }
    }
    const flags = this.flags[id];
    // Most tokens are of a term already seen so, in this language: nothing to note.
    if ((lang === null || token.kind === 'cjk' || (flags & LANGUAGE_BITS[lang]) !== 0) && (token.text === token.key ? (flags & PLAIN) !== 0 : this.surfaces.get(id) === token.text)) return id;
    let newForm = false;
    if (token.text === token.key) {
      if ((flags & PLAIN) === 0) (this.flags[id] |= PLAIN), (newForm = true);
    } else {
      const forms = this.surfacesOf(id);
      if (!forms.includes(token.text) && forms.length < 4) {
        this.surfaces.set(id, forms.length === 0 ? own(token.text) : [...forms, own(token.text)]);
        newForm = true;
      }
    }
    // A new way of writing the term changes how a query word ranks on it (its word tier).
    if (newForm) this.generation++;
    if (lang !== null && token.kind !== 'cjk' && (flags & LANGUAGE_BITS[lang]) === 0) {
      this.flags[id] |= LANGUAGE_BITS[lang];
      // A stem that is the term itself (a word without an ending) shares the term's string.
      const found = stemNormal(token.text, lang);
      if (this.stemTables.get(lang)!.add(found === this.keys[id] ? this.keys[id] : own(found), id)) {
        this.generation++;
        this.notePairs(found);
      }
    }
    return id;
  }

  /** A document holding the term came (+1) or went (-1). */
  adjust(id: number, by: number): void {
    const before = this.counts[id];
    this.counts[id] = before + by;
    if ((before === 0) !== (before + by === 0)) this.generation++;
  }

  /** The letters of the terms in the script of `code` (and digits), for typo variants. */
  private alphabetFor(code: number): string[] {
    if (this.alphabetsGeneration !== this.generation) {
      this.alphabets = new Map();
      this.alphabetsGeneration = this.generation;
    }
    const script = scriptOf(code);
    let alphabet = this.alphabets.get(script);
    if (alphabet === undefined) {
      alphabet = [...this.letters].filter((c) => {
        const cp = c.codePointAt(0)!;
        return scriptOf(cp) === script || (cp >= 0x30 && cp <= 0x39);
      });
      this.alphabets.set(script, alphabet);
    }
    return alphabet;
  }

  private notePairs(text: string): void {
    let before = -1;
    for (const letter of text) {
      const code = letter.codePointAt(0)!;
      if (before >= 0) this.pairs.add(pairKey(before, code));
      before = code;
    }
  }

  /**
   * Whether no term or stem can be one edit from `key`: it has two pairs of letters that none
   * has, three or more letters apart, and one edit changes the pairs of at most three letters
   * next to each other (a swap). Such a word (`zq7x1`, a word never seen) costs no variants.
   */
  private beyondOneEdit(key: string): boolean {
    let first = -1;
    let at = 0;
    let before = -1;
    for (const letter of key) {
      const code = letter.codePointAt(0)!;
      if (before >= 0 && !this.pairs.has(pairKey(before, code))) {
        if (first < 0) first = at;
        else if (at - first >= 3) return true;
      }
      before = code;
      at++;
    }
    return false;
  }

  /** Terms (held by some document) one edit from `key` (its `variants`, when made already). */
  typoNeighbours(key: string, variants?: Iterable<string>): number[] {
    if (variants === undefined) variants = this.beyondOneEdit(key) ? [] : editsOf(key, this.alphabetFor(key.codePointAt(0)!));
    const out: number[] = [];
    for (const variant of variants) {
      const id = this.ids.get(variant);
      if (id !== undefined && this.counts[id] > 0) out.push(id);
    }
    return out;
  }

  /**
   * Terms (held by some document) within `edits` edits of `key`: one edit by variants, two (for
   * did-you-mean on long words) among the terms sharing a trigram with it (two edits can change
   * every trigram of an eight-letter word, `accabcaa`/`cacacbaa`: such neighbours are not offered).
   */
  neighbours(key: string, edits: 1 | 2): number[] {
    if (edits === 1) return this.typoNeighbours(key);
    // An edit changes at most four of the key's trigrams (a swap: the four that hold either
    // letter), so a neighbour two edits away keeps all but eight of them.
    const grams = new Set<string>();
    for (let i = 0; i + 3 <= key.length; i++) grams.add(key.slice(i, i + 3));
    const needed = Math.max(1, grams.size - 8);
    const shared = new Map<number, number>();
    for (const gram of grams) for (const id of this.trigrams.get(gram) ?? []) shared.set(id, (shared.get(id) ?? 0) + 1);
    const out: number[] = [];
    for (const [id, count] of shared) {
      const term = this.keys[id];
      if (count >= needed && Math.abs(term.length - key.length) <= 2 && term !== key && this.counts[id] > 0 && withinEdits(key, term, 2)) out.push(id);
    }
    return out;
  }

  /**
   * The typo tier: terms one edit from the word. And for a word that is no term of the
   * collection (a typo is likelier there, and the work is done only for such words): terms whose
   * stem (of five letters or more, in a language the term was written in) is one edit from the
   * word or from the word's stem there (`lapsilsät` → `lapsilisien`, stems `lapsils`/`lapsilis`);
   * the inflections, in its own languages, of each term one edit from the word (`timetabel` →
   * `timetable` → `timetables`); and, for words of eight letters or more, compounds with a part
   * one edit from the word (`TIER_PART_TYPO`, `partTypos`). A typo in an inflected word is as
   * common as in a base form, and is one edit from no term.
   */
  private typos(word: QueryWord, textStems: Readonly<Record<SearchLanguage, string>>, offer: (id: number, tier: number) => void): void {
    const alphabet = this.alphabetFor(word.key.codePointAt(0)!);
    const variants = this.beyondOneEdit(word.key) ? new Set<string>() : editsOf(word.key, alphabet);
    const neighbours = this.typoNeighbours(word.key, variants);
    for (const id of neighbours) offer(id, TIER_TYPO);
    if (this.has(word.key)) return;
    const tables = SEARCH_LANGUAGES.map((lang) => this.stemTables.get(lang)!);
    const lookUp = (variant: string, table: StemTable) => {
      if (variant.length >= TYPO_MIN_STEM) for (const id of table.termsOf(variant)) offer(id, TIER_TYPO);
    };
    for (const variant of variants) for (const table of tables) lookUp(variant, table);
    // Languages by stem: most stems of a word are alike in several.
    const byStem = new Map<string, StemTable[]>();
    SEARCH_LANGUAGES.forEach((lang, i) => {
      const s = textStems[lang];
      if (s === word.key || Array.from(s).length < TYPO_MIN_STEM - 1) return;
      const list = byStem.get(s);
      if (list === undefined) byStem.set(s, [tables[i]]);
      else list.push(tables[i]);
    });
    for (const [s, inLanguages] of byStem) {
      if (this.beyondOneEdit(s)) continue;
      for (const variant of editsOf(s, alphabet)) for (const table of inLanguages) lookUp(variant, table);
    }
    for (const id of neighbours) {
      const shown = this.shown(id);
      SEARCH_LANGUAGES.forEach((lang, i) => {
        if ((this.flags[id] & LANGUAGE_BITS[lang]) === 0) return;
        for (const family of tables[i].family(stemNormal(shown, lang))) for (const term of tables[i].termsOf(family)) offer(term, TIER_TYPO);
      });
    }
    // A part of a term is one edit from the word only if a term or stem is (its pairs are a term's).
    if (Array.from(word.key).length >= PART_TYPO_MIN_LETTERS && variants.size > 0) for (const id of this.partTypos(word.key)) offer(id, TIER_PART_TYPO);
  }

  /**
   * Terms at least `PART_MIN` letters longer than the key with a part one edit from it
   * (`liikenemelu` in `liikennemeluselvitys`): an edit leaves either the key's first `h - 1` or
   * its last `n - h - 1` letters (`h` = n / 2) whole, so the candidates are the terms containing
   * one of the two, each then read by `partWithinOneEdit`.
   */
  private partTypos(key: string): number[] {
    const letters = Array.from(key);
    const half = letters.length >> 1;
    const out: number[] = [];
    const seen = new Set<number>();
    for (const piece of [letters.slice(0, half - 1).join(''), letters.slice(half + 1).join('')]) {
      for (const id of this.containing(piece)) {
        if (seen.has(id)) continue;
        seen.add(id);
        const term = this.keys[id];
        if (term.length - key.length >= PART_MIN && partWithinOneEdit(key, term)) out.push(id);
      }
    }
    return out;
  }

  /** Whether a form the term was written in holds `text` (letters with their diacritics). */
  private writtenWith(id: number, text: string): boolean {
    if ((this.flags[id] & PLAIN) !== 0 && this.keys[id].includes(text)) return true;
    return this.surfacesOf(id).some((form) => form.includes(text));
  }

  /** How the word's own term ranks: the word, or the word with other diacritics. */
  private wordTier(id: number, text: string): number {
    if (text === this.keys[id]) return (this.flags[id] & PLAIN) !== 0 ? TIER_WORD : TIER_WORD_MARKS;
    return this.surfacesOf(id).includes(text) ? TIER_WORD : TIER_WORD_MARKS;
  }

  /** Terms containing the needle, each checked, through the rarest of its trigrams. */
  private containing(needle: string): number[] {
    let rarest: number[] | undefined;
    for (let i = 0; i + 3 <= needle.length; i++) {
      const list = this.trigrams.get(needle.slice(i, i + 3));
      if (list === undefined) return [];
      if (rarest === undefined || list.length < rarest.length) rarest = list;
    }
    return (rarest ?? []).filter((id) => this.counts[id] > 0 && this.keys[id].includes(needle));
  }

  /** The best split of a key into two or three terms (≥ 3 letters each, a linking `s` allowed before a part). */
  split(key: string): string[] | null {
    let best: string[] | null = null;
    const better = (parts: string[]) => {
      if (best === null || parts.length < best.length || (parts.length === best.length && Math.min(...parts.map((p) => p.length)) > Math.min(...best.map((p) => p.length)))) best = parts;
    };
    const twoParts = (text: string): string[][] => {
      const found: string[][] = [];
      for (let i = PART_MIN; i + PART_MIN <= text.length; i++) {
        const head = text.slice(0, i);
        if (!this.has(head)) continue;
        const tail = text.slice(i);
        if (this.has(tail)) found.push([head, tail]);
        if (tail.startsWith('s') && tail.length > PART_MIN && this.has(tail.slice(1))) found.push([head, tail.slice(1)]);
      }
      return found;
    };
    for (const parts of twoParts(key)) better(parts);
    if (best === null) {
      for (let i = PART_MIN; i + 2 * PART_MIN <= key.length; i++) {
        const head = key.slice(0, i);
        if (!this.has(head)) continue;
        for (const rest of [key.slice(i), key[i] === 's' ? key.slice(i + 1) : null]) {
          if (rest === null || rest.length < 2 * PART_MIN) continue;
          for (const parts of twoParts(rest)) better([head, ...parts]);
        }
      }
    }
    return best;
  }

  /**
   * The terms a query word reaches, with their tiers, at most `MAX_EXPANDED_TERMS` (the best
   * tiers first, then the most frequent). `literal` (a quoted word, an excluded one): the word
   * and its inflections only; `literal` with `apart` (a glossary's term of another language): and
   * the compound written apart (`verokortti` → `vero kortti`), which is the same term. Kept per
   * (generation, word) in a small LRU.
   */
  expand(word: QueryWord, literal = false, apart = !literal): Expansion {
    const cacheKey = `${this.generation}\u0000${literal ? 1 : 0}${apart ? 1 : 0}\u0000${word.kind}\u0000${word.text}`;
    const cached = this.cache.get(cacheKey);
    if (cached !== undefined) return cached;
    const expansion = this.expandNow(word, literal, apart);
    this.cache.set(cacheKey, expansion);
    return expansion;
  }

  private expandNow(word: QueryWord, literal: boolean, splitApart: boolean): Expansion {
    const tiers = new Map<number, number>();
    const offer = (id: number, tier: number) => {
      if (this.counts[id] > 0 && (tiers.get(id) ?? 0) < tier) tiers.set(id, tier);
    };
    const own = this.ids.get(word.key);
    if (own !== undefined) offer(own, this.wordTier(own, word.text));
    let apart: Expansion[] | null = null;
    if (!word.long && word.kind !== 'cjk') {
      // The word's text is normalised (a token's): stemmed as it is, once per language.
      const textStems = stemsNormal(word.text);
      for (const lang of SEARCH_LANGUAGES) {
        const table = this.stemTables.get(lang)!;
        for (const family of table.family(textStems[lang])) for (const id of table.termsOf(family)) offer(id, TIER_INFLECTION);
      }
      if (!literal) {
        const isTerm = (key: string) => this.has(key);
        const isHead = headTest(word.key, word.key === word.text ? textStems : stems(word.key));
        for (const needle of partNeedles(word.key, textStems)) {
          const written = markedNeedle(word, needle);
          for (const id of this.containing(needle)) {
            // The head is the best a part match gives: a term found so by an earlier needle is done.
            if ((tiers.get(id) ?? 0) >= TIER_PART_HEAD) continue;
            const tier = partTier(word.key, isHead, needle, this.keys[id], isTerm);
            if (tier > 0) offer(id, written === null || this.writtenWith(id, written) ? tier : Math.min(tier, TIER_PART_TYPO));
          }
        }
        if (typoLength(word.key)) this.typos(word, textStems, offer);
      }
      const parts = splitApart && word.key.length >= 2 * PART_MIN ? this.split(word.key) : null;
      if (parts !== null) {
        apart = partsAsWritten(word, parts).map((part) => this.expand(part, true));
      }
    }
    const ranked = [...tiers].sort((a, b) => b[1] - a[1] || this.counts[b[0]] - this.counts[a[0]] || a[0] - b[0]).slice(0, MAX_EXPANDED_TERMS);
    return { terms: ranked.map(([id]) => id), tiers: ranked.map(([, tier]) => tier), apart };
  }
}
