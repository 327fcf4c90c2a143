import { LRUCache } from 'lru-cache';
import { growTo } from '../arrays.ts';
import type { SearchVia } from '../../../shared/schemas/search.ts';
import { MAX_STEMMED_LENGTH, tokens, type SearchLanguage } from './analyze.ts';
import { conceptKey, Lexicon, TIER_APART, TIER_CONCEPT, TIER_OTHER_LANGUAGE, typoLength, type Expansion } from './lexicon.ts';
import { parseQuery, type Query, type QuerySyntax, type QueryUnit, type QueryWord } from './query.ts';

/**
 * One collection's search index in memory (issue 15, design §3.4–3.5): documents in, ranked ids
 * out. No database, no text kept: documents are analysed as they are added, postings are compact
 * arrays, and what needs text again (phrases, highlights) asks the caller for it.
 *
 * Score of a document: the sum over the query's words of the best (tier × field weight) among the
 * terms the word expands to (`lexicon.ts`) and the fields the document has them in. Ties are
 * broken by the caller's order (newest first, say), then by id.
 */

/** Field weights (design §3.5): a word in a title counts most, in a description least. */
export const FIELD_WEIGHTS = { title: 1, keywords: 0.6, description: 0.3 } as const;
export type SearchFieldName = keyof typeof FIELD_WEIGHTS;
/** Fields by code, best first: a posting keeps the code of the best field the document has the term in. */
const FIELDS: readonly SearchFieldName[] = ['title', 'keywords', 'description'];
const FIELD_WEIGHT_BY_CODE = FIELDS.map((f) => FIELD_WEIGHTS[f]);
/** The field concept codes count as (vocabulary labels weigh as keywords). */
const CONCEPT_FIELD = FIELDS.indexOf('keywords');

/** The delta is merged into the base when it holds more postings than this share of the base … */
const DELTA_SHARE = 0.05;
/** … and at least this many (so a small index is not rebuilt at every change). */
const DELTA_MIN = 4096;
/**
 * At most this many candidates of a phrase are checked on their text (the best scored first; the
 * others are dropped): reading the text costs about 0.1 µs a character, so a phrase of common
 * words over 2,000 candidates took 44 ms (p50) on the bench's 20,000 documents.
 */
export const MAX_PHRASE_CANDIDATES = 500;
/**
 * What a concept the query word names adds to a document its words matched already (a dataset
 * titled `Vantaa` whose coverage is Vantaa, above one that only names it): less than any step
 * between two tiers of one field, so it orders equals and never lifts a weaker match over a better.
 */
export const CONCEPT_CONFIRMS = 0.04;
/** At most this many translations of one query word (or window) are searched. */
export const MAX_TRANSLATIONS = 16;
/** Windows of this many query words, next to each other, are also offered to the caller's matchers (`tax card`, `air quality`). */
export const WINDOW_SIZES = [2, 3] as const;
/** Did-you-mean looks two edits away for words this long … */
const TWO_EDITS_MIN_LETTERS = 8;
/** Score arrays an index keeps for its searches to borrow (a search holds a few at once: its groups and the word at hand). */
const MAX_SPARE_SCORES = 8;
/** … for at most this many words of a query (the others, one edit). */
const MAX_TWO_EDIT_WORDS = 4;
/** Words did-you-mean looks at (of the length typos are read in): the first few; a longer query's others are kept as written. */
const MAX_CORRECTED_WORDS = 6;

export interface SearchField {
  field: SearchFieldName;
  /** The language the text is written in; `null` when it is none we stem. */
  lang: SearchLanguage | null;
  text: string;
}

export interface SearchDocument {
  id: string;
  fields: readonly SearchField[];
  /** Concept codes (vocabulary themes, regions…), found through words the caller maps to them. */
  concepts?: readonly string[];
}

export interface SearchOptions<T = unknown> {
  /**
   * Only documents this allows are found (what the caller may see, its filters). `data` is what
   * the caller keeps with the document (`add`, `setData`): reading it there, rather than looking
   * the id up in a map of its own, was a quarter of a broad search's time over 100,000 documents.
   */
  visible?: (id: string, data: T) => boolean;
  /**
   * `visible` worked out once for every document (`SearchIndex.allowedSlots`): a list with a few
   * filters and many searches keeps it while the index is unchanged, and each search reads a
   * byte per match. Made for an older index, it is not used (`visible` is, which must then be given).
   */
  allowed?: AllowedSlots;
  /**
   * Names what `concepts` and `translations` answer (the glossary's version). With it, what each
   * query word matches (its expansion, concepts and other languages) is kept while the index's
   * texts are unchanged, and the word searched again costs a copy of its matches: the same words
   * recur in new combinations, and expanding them was most of a new search's time.
   */
  wordsKey?: string;
  /** The order of equal scores (the caller's: newest first…); then by id. */
  tieBreak?: (a: SearchHit<T>, b: SearchHit<T>) => number;
  /**
   * The texts of a document, to check that a phrase's words stand together. Without it, a phrase
   * matches as its words. The index keeps no text: a collection's text is the database's, and a
   * phrase is rare, so a few candidates' text is cheaper than positions for every term.
   */
  texts?: (id: string) => readonly { text: string }[];
  /**
   * The concept codes a query word names (the caller's vocabulary matcher). Also asked for a
   * window of two or three words next to each other (`text` and `key` the words', space-separated):
   * what a window names stands for each of its words.
   */
  concepts?: (word: QueryWord) => readonly string[];
  /**
   * The terms of other languages a query word (or a window, as for `concepts`) stands for (the
   * caller's glossary). Each is searched at its word and inflection tiers (and as a compound written apart) and counts
   * `TIER_OTHER_LANGUAGE` of that; a term of several words (`tax card`) matches where all its
   * words are, as its weakest one.
   */
  translations?: (word: QueryWord) => readonly Translation[];
  /**
   * The hits in no order: the caller picks its page itself (a sort of every match, for a page of
   * twenty, was most of a broad search's time over 100,000 datasets).
   */
  unordered?: boolean;
}

/** Which documents a search may find, by slot, for the index as it was at `generation`. */
export interface AllowedSlots {
  readonly generation: number;
  readonly slots: Uint8Array;
}

/**
 * The caller's options with what every search of a list adds (the glossary's concepts and
 * translations): an extra `visible` narrows the caller's rather than replacing it, and the
 * caller's `allowed`, worked out from its own `visible` alone, then no longer holds.
 */
export function withExtra<T>(options: SearchOptions<T>, extra: Partial<SearchOptions>): SearchOptions<T> {
  const own = options.visible;
  const more = extra.visible;
  const visible = own && more ? (id: string, data: T) => own(id, data) && more(id, data) : (own ?? more);
  return { ...options, ...extra, visible, allowed: more ? undefined : options.allowed, tieBreak: options.tieBreak };
}

/** A glossary term of another language that a query word stands for. */
export interface Translation {
  /** The term, as the glossary writes it (one or more words). */
  term: string;
  /** Its language. */
  termLang: SearchLanguage;
  /** The language the glossary gives the query word, if one. */
  lang: SearchLanguage | null;
}

export interface SearchHit<T = unknown> {
  id: string;
  score: number;
  /** What the caller keeps with the document. */
  data: T;
}

export interface SearchResult<T = unknown> {
  /** Every match, best first (unless `unordered`). Made when first read: see `count`. */
  readonly hits: SearchHit<T>[];
  /**
   * How many matched, and each match's score, data and id by its place in `hits`, read without
   * a hit object made for each (at 15,000 matches those objects were a tenth of a search's time).
   */
  readonly count: number;
  readonly scores: Float64Array;
  /** What the caller keeps with the match at a place, read when asked: ask before awaiting, as a document removed meanwhile has none. */
  dataAt(at: number): T;
  /** Each match's `orderKey` (zero without one). */
  readonly orderKeys: Float64Array;
  idAt(at: number): string;
  /** The terms (folded keys) a found document matched, for `highlights`. */
  matchedTerms(id: string): string[];
  /** For each query word that found the document only through a term of another language: the word and that term (none: `[]`). */
  via(id: string): SearchVia[];
}

/**
 * Slots in a typed array that grows and is used again by the next search: a plain array pushed
 * to 25,000 times cost 0.6 ms (its growth and the collector), this a tenth of that.
 */
class SlotList {
  items: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.items = new Int32Array(capacity);
  }

  push(slot: number): void {
    if (this.length === this.items.length) this.items = growTo(this.items, this.length + 1);
    this.items[this.length++] = slot;
  }

  /** Holds `slots` instead of what it held. */
  setAll(slots: Int32Array): void {
    this.items = growTo(this.items, slots.length);
    this.items.set(slots);
    this.length = slots.length;
  }

  /** A copy of the slots held. */
  copy(): Int32Array {
    return this.items.slice(0, this.length);
  }
}

/** Matches of a word (or unit, or group): the score of each document by slot (0: none), and the slots that have one. */
interface Matches {
  /** Borrowed from the index's spare arrays (`borrow`): non-zero only at `slots`. */
  score: Float64Array;
  slots: SlotList;
  /**
   * By slot, how the words reached the document only through another language: 1 + the place of
   * the list in `vias` (0: not so). Borrowed with `score` and made when first needed; non-zero
   * only at `slots`. A number a document, as a map's entry each cost a tenth of a broad search.
   */
  viaAt?: Int32Array;
  /** The lists `viaAt` points at, each shared by every document it reached. */
  vias?: (readonly SearchVia[])[];
  /** Lists joined (`addVia` to a document with one already), by their places: each join made once. */
  joins?: Map<number, number>;
}

/** What a query word matched, kept (`SearchOptions.wordsKey`): its documents and scores, how other languages reached them, the terms it used. */
interface KeptWord {
  slots: Int32Array;
  scores: Float64Array;
  /** Each slot's `viaAt`, beside `slots`, and the lists they point at (none: no document was reached so). */
  viaAt: Int32Array | undefined;
  vias: readonly (readonly SearchVia[])[];
  used: Int32Array;
}

/** Filters whose allowed documents an index keeps (`allowedFor`), a byte a document each. */
const KEPT_FILTERS = 32;
/** Matched documents kept for the words searched last, counted in documents (about 12 bytes each). */
const KEPT_WORD_SLOTS = 2_000_000;

/** A query word, or a window of words, as the caller's matchers are asked about it. */
function windowWord(words: readonly QueryWord[]): QueryWord {
  if (words.length === 1) return words[0];
  const text = words.map((w) => w.text).join(' ');
  return { text, key: words.map((w) => w.key).join(' '), kind: 'word', long: text.length > MAX_STEMMED_LENGTH, start: words[0].start, end: words[words.length - 1].end };
}

/** The words of a glossary term, each looked for as written or inflected (a hyphenated one as its parts, as a document may write them apart). */
export function termWords(term: string): QueryWord[] {
  return tokens(term)
    .filter((t) => t.kind !== 'joined')
    .map((t) => ({ text: t.text, key: t.key, kind: t.kind, long: t.key.length > MAX_STEMMED_LENGTH, start: 0, end: 0 }));
}

/** How the words reached the document at `slot` through another language, if they did. */
function viaOf(matches: Matches, slot: number): readonly SearchVia[] | undefined {
  const at = matches.viaAt === undefined ? 0 : matches.viaAt[slot];
  return at === 0 ? undefined : matches.vias![at - 1];
}

/** 1 + the place of `list` in the matches' lists, added when new (the lists are few: a search's translations). */
function placeOfList(matches: Matches, list: readonly SearchVia[]): number {
  const vias = (matches.vias ??= []);
  for (let i = vias.length - 1; i >= 0; i--) if (vias[i] === list) return i + 1;
  vias.push(list);
  return vias.length;
}

function viaArray(matches: Matches): Int32Array {
  return (matches.viaAt ??= new Int32Array(matches.score.length));
}

/** Notes how the document at `slot` was reached, after what was noted of it. The lists are never changed in place. */
function addVia(matches: Matches, slot: number, via: readonly SearchVia[] | undefined): void {
  if (via === undefined || via.length === 0) return;
  const viaAt = viaArray(matches);
  const known = viaAt[slot];
  const added = placeOfList(matches, via);
  if (known === 0) {
    viaAt[slot] = added;
    return;
  }
  const joins = (matches.joins ??= new Map());
  const key = known * 0x10000 + added;
  let joined = joins.get(key);
  if (joined === undefined) joins.set(key, (joined = placeOfList(matches, [...matches.vias![known - 1], ...via])));
  viaAt[slot] = joined;
}

/** Notes how the document at `slot` was reached, in place of what was noted of it. */
function setVia(matches: Matches, slot: number, via: readonly SearchVia[]): void {
  viaArray(matches)[slot] = placeOfList(matches, via);
}

/** Forgets how a document was reached (another alternative or a window reached it better). */
function forgetVia(matches: Matches, slot: number): void {
  if (matches.viaAt !== undefined) matches.viaAt[slot] = 0;
}

function byScore(a: { score: number }, b: { score: number }): number {
  return b.score - a.score;
}

export class SearchIndex<T = unknown> {
  readonly lexicon = new Lexicon();
  /** Per slot: the document's id, what the caller keeps with it, whether it is live, and its terms as `term << 2 | best field`. */
  private ids: string[] = [];
  private data: T[] = [];
  private alive: Uint8Array = new Uint8Array(64);
  private forward: (Int32Array | null)[] = [];
  private slotOf = new Map<string, number>();
  private live = 0;
  /** Base postings (CSR): for term t, `base[baseStart[t] .. baseStart[t + 1]]`, each `slot << 2 | field`, slots ascending. */
  private baseStart: Int32Array = new Int32Array(1);
  private base: Int32Array = new Int32Array(0);
  /**
   * Score arrays (one number per document, all zero) that searches borrow and give back zeroed
   * where they wrote: a search over many documents allocates none per word (zeroing a fresh array
   * per word and per translation was most of an uncached search's time at 100,000 documents).
   */
  private spare: Matches[] = [];
  /** What the searches under way have borrowed and not yet given back, in order. */
  private lent: Matches[] = [];
  /** Postings of documents added since the base was built, by term. */
  private delta = new Map<number, number[]>();
  private deltaSize = 0;
  private deadSlots = 0;
  private holdMerge = false;
  private readonly deltaMin: number;
  /** Counts the changes of documents and slots: `AllowedSlots` of another generation are out of date. */
  private changes = 0;
  /** What words matched (`SearchOptions.wordsKey`), for the texts and slots as they were at `keptAt`. */
  private keptWords = new LRUCache<string, KeptWord>({ maxSize: KEPT_WORD_SLOTS, sizeCalculation: (kept) => Math.max(1, kept.slots.length) });
  private keptAt = 0;
  private textChanges = 0;

  private keptAllowed = new Map<string, AllowedSlots>();
  /** Per slot, `orderKey` of its data. */
  private orderKeys: Float64Array = new Float64Array(64);
  private readonly orderKey: ((data: T) => number) | undefined;

  /**
   * `deltaMin`: the fewest postings the delta holds before a merge (tests make it small).
   * `orderKey`: a number of what the caller keeps with each document (its date, say), kept beside
   * it in an array and given with each match (`SearchResult.orderKeys`): a page ordered by it
   * among tens of thousands of matches reads no object per match.
   */
  constructor(options: { deltaMin?: number; orderKey?: (data: T) => number } = {}) {
    this.deltaMin = options.deltaMin ?? DELTA_MIN;
    this.orderKey = options.orderKey;
  }

  private noteOrderKey(slot: number, data: T): void {
    if (this.orderKey === undefined) return;
    this.orderKeys = growTo(this.orderKeys, slot + 1);
    this.orderKeys[slot] = this.orderKey(data);
  }

  /** Documents in the index. */
  get size(): number {
    return this.live;
  }

  /** Changes when a document, what is kept with it, or the slots do. */
  get generation(): number {
    return this.changes;
  }

  /**
   * `allowedSlots` kept by the caller's name for its filter while the index is unchanged: a list
   * has a few filters and many searches. Kept here, so that another index (one read again) never
   * takes them for its own.
   */
  allowedFor(key: string, visible: (id: string, data: T) => boolean): AllowedSlots {
    let allowed = this.keptAllowed.get(key);
    if (allowed?.generation === this.changes) return allowed;
    if (allowed === undefined && this.keptAllowed.size >= KEPT_FILTERS) this.keptAllowed.clear();
    allowed = this.allowedSlots(visible);
    this.keptAllowed.set(key, allowed);
    return allowed;
  }

  /** Which documents `visible` allows, by slot, to pass as `SearchOptions.allowed` until the index changes. */
  allowedSlots(visible: (id: string, data: T) => boolean): AllowedSlots {
    const slots = new Uint8Array(this.ids.length);
    for (let slot = 0; slot < this.ids.length; slot++) if (this.alive[slot] === 1 && visible(this.ids[slot], this.data[slot])) slots[slot] = 1;
    return { generation: this.changes, slots };
  }

  /** What the options let a search find, as a test by slot; `null` when they let everything through. */
  private allows(options: Pick<SearchOptions<T>, 'visible' | 'allowed'>): ((slot: number) => boolean) | null {
    const { allowed, visible } = options;
    if (allowed !== undefined && allowed.generation === this.changes) {
      const slots = allowed.slots;
      return (slot) => slots[slot] === 1;
    }
    if (allowed !== undefined && visible === undefined) throw new Error('allowed slots of an older index, and no visible to fall back on');
    return visible === undefined ? null : (slot) => visible(this.ids[slot], this.data[slot]);
  }

  /** Postings in the base and the delta (for measurements). */
  get postings(): { base: number; delta: number } {
    return { base: this.base.length, delta: this.deltaSize };
  }

  /** Adds a document, or replaces the one with its id; `data` is what the caller keeps with it (see `SearchOptions.visible`). */
  add(doc: SearchDocument, data?: T): void {
    for (const { field } of doc.fields) if (!FIELDS.includes(field)) throw new Error(`unknown search field ${field}`);
    this.remove(doc.id);
    this.changes++;
    this.textChanges++;
    const best = new Map<number, number>();
    const note = (term: number, field: number) => {
      const known = best.get(term);
      if (known === undefined || field < known) best.set(term, field);
    };
    for (const { field, lang, text } of doc.fields) {
      const code = FIELDS.indexOf(field);
      for (const token of tokens(text)) note(this.lexicon.intern(token, lang), code);
    }
    for (const concept of doc.concepts ?? []) note(this.lexicon.internConcept(concept), CONCEPT_FIELD);
    const slot = this.ids.length;
    this.alive = growTo(this.alive, slot + 1);
    this.ids.push(doc.id);
    this.data.push(data as T);
    this.noteOrderKey(slot, data as T);
    this.alive[slot] = 1;
    this.slotOf.set(doc.id, slot);
    this.live++;
    const terms = new Int32Array(best.size);
    let i = 0;
    for (const [term, field] of best) {
      terms[i++] = (term << 2) | field;
      this.lexicon.adjust(term, 1);
      // A load (`addAll`) merges once at its end, from the documents' own term lists: no delta.
      if (this.holdMerge) continue;
      const posting = (slot << 2) | field;
      const list = this.delta.get(term);
      if (list === undefined) this.delta.set(term, [posting]);
      else list.push(posting);
    }
    this.forward.push(terms);
    this.deltaSize += terms.length;
    this.maybeMerge();
  }

  /** What the caller keeps with a document; `undefined` when the id is not in the index. */
  dataOf(id: string): T | undefined {
    const slot = this.slotOf.get(id);
    return slot === undefined ? undefined : this.data[slot];
  }

  /** What the caller keeps with a document, changed without reading its text again; `false` when the id is not in the index. */
  setData(id: string, data: T): boolean {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return false;
    this.data[slot] = data;
    this.noteOrderKey(slot, data);
    this.changes++;
    return true;
  }

  /** Adds many documents, merging once at the end (a load); `data`, what the caller keeps with each, in the same order. */
  addAll(docs: Iterable<SearchDocument>, data?: readonly T[]): void {
    this.holdMerge = true;
    try {
      let at = 0;
      for (const doc of docs) this.add(doc, data?.[at++]);
    } finally {
      this.holdMerge = false;
      this.merge();
    }
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.slotOf.delete(id);
    this.changes++;
    this.textChanges++;
    this.alive[slot] = 0;
    this.live--;
    this.deadSlots++;
    for (const entry of this.forward[slot]!) this.lexicon.adjust(entry >> 2, -1);
    this.forward[slot] = null;
    this.data[slot] = undefined as T;
    this.maybeMerge();
  }

  private maybeMerge(): void {
    if (this.holdMerge) return;
    const threshold = Math.max(this.deltaMin, this.base.length * DELTA_SHARE);
    if (this.deltaSize > threshold || this.deadSlots > Math.max(this.deltaMin / 4, this.live * DELTA_SHARE)) this.merge();
  }

  /** Builds the base again from the live documents, renumbering their slots (the delta and the dead go). */
  merge(): void {
    const ids: string[] = [];
    const data: T[] = [];
    const forward: Int32Array[] = [];
    const orderKeys = new Float64Array(this.orderKey === undefined ? 64 : Math.max(64, this.live));
    for (let slot = 0; slot < this.ids.length; slot++) {
      const terms = this.forward[slot];
      if (this.alive[slot] === 1 && terms !== null) {
        if (this.orderKey !== undefined) orderKeys[ids.length] = this.orderKeys[slot];
        ids.push(this.ids[slot]);
        data.push(this.data[slot]);
        forward.push(terms);
      }
    }
    const termCount = this.lexicon.size;
    const start = new Int32Array(termCount + 1);
    for (const terms of forward) for (const entry of terms) start[(entry >> 2) + 1]++;
    for (let t = 0; t < termCount; t++) start[t + 1] += start[t];
    const base = new Int32Array(start[termCount]);
    const fill = start.slice(0, termCount);
    forward.forEach((terms, slot) => {
      for (const entry of terms) base[fill[entry >> 2]++] = (slot << 2) | (entry & 3);
    });
    this.ids = ids;
    this.data = data;
    this.orderKeys = orderKeys;
    this.changes++;
    this.textChanges++;
    this.forward = forward;
    this.alive = new Uint8Array(Math.max(64, ids.length * 2));
    this.alive.fill(1, 0, ids.length);
    this.slotOf = new Map(ids.map((id, slot) => [id, slot]));
    this.baseStart = start;
    this.base = base;
    this.delta = new Map();
    this.deltaSize = 0;
    this.deadSlots = 0;
  }

  /** Calls `visit(slot, field)` for each live document holding the term (the postings read in place: this loop is most of a search's time). */
  private eachPosting(term: number, visit: (slot: number, field: number) => void): void {
    const { base, baseStart, alive } = this;
    if (term + 1 < baseStart.length) {
      for (let i = baseStart[term], end = baseStart[term + 1]; i < end; i++) {
        const posting = base[i];
        const slot = posting >> 2;
        if (alive[slot] === 1) visit(slot, posting & 3);
      }
    }
    const recent = this.delta.get(term);
    if (recent !== undefined) {
      for (const posting of recent) {
        const slot = posting >> 2;
        if (alive[slot] === 1) visit(slot, posting & 3);
      }
    }
  }

  /**
   * The documents every one of `all` has, each with its scores summed (one of `all` is returned
   * as it is). `via` gathers how each was reached, unless the caller reads that from `all` itself
   * (a search's result does, for the page's documents only).
   */
  private intersect(all: Matches[], gatherVia = true): Matches {
    if (all.length === 1) return all[0];
    const order = [...all].sort((a, b) => a.slots.length - b.slots.length);
    const found = this.borrow();
    const first = order[0].slots;
    for (let i = 0; i < first.length; i++) {
      const slot = first.items[i];
      let sum = 0;
      for (const matches of order) {
        const s = matches.score[slot];
        if (s === 0) {
          sum = 0;
          break;
        }
        sum += s;
      }
      if (sum > 0) {
        found.score[slot] = sum;
        found.slots.push(slot);
        if (gatherVia) for (const matches of all) addVia(found, slot, viaOf(matches, slot));
      }
    }
    return found;
  }

  /** The documents a word's expansion reaches, each with its best tier × field. */
  private matchExpansion(expansion: Expansion, extra: readonly { term: number; tier: number }[] = []): Matches {
    const matches = this.borrow();
    const { score, slots } = matches;
    // Stored as single precision, as the scores have always been ranked.
    const offer = (slot: number, value: number) => {
      if (score[slot] === 0) slots.push(slot);
      if (value > score[slot]) score[slot] = Math.fround(value);
    };
    const visitTerm = (term: number, tier: number) => this.eachPosting(term, (slot, field) => offer(slot, tier * FIELD_WEIGHT_BY_CODE[field]));
    for (let i = 0; i < expansion.terms.length; i++) visitTerm(expansion.terms[i], expansion.tiers[i]);
    if (expansion.apart !== null) {
      // Every part in the document: the compound written apart, as good as its weakest part's field.
      const parts = expansion.apart.map((part) => this.matchExpansion(part));
      parts.sort((a, b) => a.slots.length - b.slots.length);
      const first = parts[0].slots;
      for (let i = 0; i < first.length; i++) {
        const slot = first.items[i];
        let least = Infinity;
        for (const part of parts) least = Math.min(least, part.score[slot]);
        if (least > 0) offer(slot, TIER_APART * least);
      }
      for (const part of parts) this.giveBack(part);
    }
    if (extra.length > 0) {
      // A concept the word names: the document's score where its words did not match; where they
      // did, the concept confirms them (`CONCEPT_CONFIRMS` more, once).
      const confirmed = new Set<number>();
      const conceptOnly = new Set<number>();
      for (const { term, tier } of extra) {
        this.eachPosting(term, (slot, field) => {
          if (score[slot] > 0 && !conceptOnly.has(slot)) confirmed.add(slot);
          else {
            conceptOnly.add(slot);
            offer(slot, tier * FIELD_WEIGHT_BY_CODE[field]);
          }
        });
      }
      for (const slot of confirmed) score[slot] = Math.fround(score[slot] + CONCEPT_CONFIRMS);
    }
    return matches;
  }

  private conceptTerms(word: QueryWord, options: SearchOptions<T>): { term: number; tier: number }[] {
    if (!options.concepts) return [];
    return options.concepts(word).flatMap((code) => {
      const term = this.lexicon.id(conceptKey(code));
      return term === undefined ? [] : [{ term, tier: TIER_CONCEPT }];
    });
  }

  /**
   * The documents the word's terms of other languages reach: each term's words at their word and
   * inflection tiers, all of them in the document, as the weakest, × `TIER_OTHER_LANGUAGE`; with
   * the translation that gave each document its score (the first of the best).
   */
  private matchTranslations(word: QueryWord, options: SearchOptions<T>, used: Set<number>): Matches {
    const matches = this.borrow();
    const { score, slots } = matches;
    if (!options.translations) return matches;
    for (const translation of options.translations(word).slice(0, MAX_TRANSLATIONS)) {
      const words = termWords(translation.term);
      if (words.length === 0 || words.length > 8) continue;
      const parts = words.map((w) => {
        const expansion = this.lexicon.expand(w, true, true);
        for (const term of expansion.terms) used.add(term);
        for (const part of expansion.apart ?? []) for (const term of part.terms) used.add(term);
        return this.matchExpansion(expansion);
      });
      parts.sort((a, b) => a.slots.length - b.slots.length);
      const via: readonly SearchVia[] = [{ word: word.text, lang: translation.lang, term: translation.term, termLang: translation.termLang }];
      const first = parts[0].slots;
      for (let i = 0; i < first.length; i++) {
        const slot = first.items[i];
        let least = Infinity;
        for (const part of parts) least = Math.min(least, part.score[slot]);
        const value = TIER_OTHER_LANGUAGE * least;
        if (!(value > score[slot])) continue;
        if (score[slot] === 0) slots.push(slot);
        score[slot] = value;
        setVia(matches, slot, via);
      }
      for (const part of parts) this.giveBack(part);
    }
    return matches;
  }

  /** Adds what the word reaches through other languages to its own matches: a document it reached no other way says how. */
  private addTranslations(matches: Matches, word: QueryWord, options: SearchOptions<T>, used: Set<number>): void {
    if (!options.translations) return;
    const other = this.matchTranslations(word, options, used);
    for (let i = 0; i < other.slots.length; i++) {
      const slot = other.slots.items[i];
      const value = other.score[slot];
      if (matches.score[slot] === 0) {
        matches.score[slot] = value;
        matches.slots.push(slot);
        addVia(matches, slot, viaOf(other, slot));
      } else if (value > matches.score[slot]) matches.score[slot] = value;
    }
    this.giveBack(other);
  }

  /**
   * Windows of two or three words next to each other, each a group of one plain word, that the
   * caller's matchers know (`tax card` → `verokortti`): a document the window reaches gets, for
   * each of its words, the window's score shared among them where that is more than the word's own.
   */
  private addWindows(query: Query, groups: Matches[], options: SearchOptions<T>, used: Set<number>): void {
    if (!options.concepts && !options.translations) return;
    const plain = query.groups.map((units) => (units.length === 1 && !units[0].phrase && units[0].words.length === 1 ? units[0].words[0] : null));
    // Slots a window gave their score to, per group (1): a word the document did not have itself.
    const windowed: (Uint8Array | undefined)[] = groups.map(() => undefined);
    for (let start = 0; start < plain.length; start++) {
      for (const size of WINDOW_SIZES) {
        const words = plain.slice(start, start + size);
        if (words.length < size || words.some((w) => w === null || w.long || w.kind === 'cjk')) continue;
        const word = windowWord(words as QueryWord[]);
        const extra = this.conceptTerms(word, options);
        for (const { term } of extra) used.add(term);
        const found = this.matchExpansion({ terms: [], tiers: [], apart: null }, extra);
        this.addTranslations(found, word, options, used);
        for (let i = 0; i < found.slots.length; i++) {
          const slot = found.slots.items[i];
          const share = found.score[slot] / size;
          for (let g = start; g < start + size; g++) {
            const group = groups[g];
            const own = group.score[slot];
            if (!(share > own)) continue;
            const marks = (windowed[g] ??= new Uint8Array(this.ids.length));
            const fresh = own === 0 || marks[slot] === 1;
            if (own === 0) group.slots.push(slot);
            group.score[slot] = share;
            if (fresh) {
              marks[slot] = 1;
              forgetVia(group, slot);
              addVia(group, slot, viaOf(found, slot));
            }
          }
        }
        this.giveBack(found);
      }
    }
  }

  /** A phrase's words stand together, in order, in one of the texts (a hyphenated word may be one of them, written either way). */
  private phraseHolds(keySets: readonly Set<string>[], texts: readonly { text: string }[]): boolean {
    for (const { text } of texts) {
      const all = tokens(text);
      // Positions: each word and CJK token is one; a joined word spans its parts' positions.
      const keys: string[] = [];
      const starts: number[] = [];
      const joined = new Map<number, { key: string; next: number }[]>();
      for (const token of all) {
        if (token.kind === 'joined') {
          // Its parts are the tokens just before it, inside its span.
          let first = keys.length;
          while (first > 0 && starts[first - 1] >= token.start) first--;
          const list = joined.get(first) ?? [];
          list.push({ key: token.key, next: keys.length });
          joined.set(first, list);
        } else {
          keys.push(token.key);
          starts.push(token.start);
        }
      }
      for (let start = 0; start < keys.length; start++) {
        let at = new Set([start]);
        for (const set of keySets) {
          const next = new Set<number>();
          for (const p of at) {
            if (p < keys.length && set.has(keys[p])) next.add(p + 1);
            for (const j of joined.get(p) ?? []) if (set.has(j.key)) next.add(j.next);
          }
          at = next;
          if (at.size === 0) break;
        }
        if (at.size > 0) return true;
      }
    }
    return false;
  }

  /** The documents a unit (a word, or several that must all match) reaches, with their summed scores. */
  private matchUnit(unit: QueryUnit, literal: boolean, options: SearchOptions<T>, used: Set<number>): Matches {
    // A phrase's words are checked on the texts with their expansions: not kept.
    if (!literal && !unit.phrase && options.wordsKey !== undefined) return this.intersect(unit.words.map((word) => this.keptWordMatches(word, options, used)));
    const words = unit.words.map((word) => this.wordMatches(word, literal, unit.phrase, options, used));
    const found = this.intersect(words.map((w) => w.matches));
    if (unit.phrase && unit.words.length > 1 && options.texts) {
      const keySets = words.map(({ expansion }) => new Set(expansion.terms.map((t) => this.lexicon.keys[t])));
      // What the caller may not see is left out before the candidates are capped (else it could crowd out what it may).
      const allows = this.allows(options);
      const candidates = Array.from(found.slots.copy(), (slot) => ({ slot, score: found.score[slot] })).sort(byScore);
      for (const { slot } of candidates) found.score[slot] = 0;
      found.slots.length = 0;
      for (const { slot, score } of (allows ? candidates.filter(({ slot }) => allows(slot)) : candidates).slice(0, MAX_PHRASE_CANDIDATES)) {
        if (this.phraseHolds(keySets, options.texts(this.ids[slot]))) {
          found.score[slot] = score;
          found.slots.push(slot);
        }
      }
    }
    return found;
  }

  /**
   * What a word matches: its expansion's terms, and unless it is literal the concepts it names;
   * unless it is literal or in a phrase (its words as written), its terms in other languages too.
   * The terms it reached are added to `used`.
   */
  private wordMatches(word: QueryWord, literal: boolean, phrase: boolean, options: SearchOptions<T>, used: Set<number>): { expansion: Expansion; matches: Matches } {
    const expansion = this.lexicon.expand(word, literal || phrase);
    const extra = literal ? [] : this.conceptTerms(word, options);
    for (const term of expansion.terms) used.add(term);
    for (const part of expansion.apart ?? []) for (const term of part.terms) used.add(term);
    for (const { term } of extra) used.add(term);
    const matches = this.matchExpansion(expansion, extra);
    if (!literal && !phrase) this.addTranslations(matches, word, options, used);
    return { expansion, matches };
  }

  /** `wordMatches` of a word neither literal nor in a phrase, kept per `wordsKey` while the texts are unchanged. */
  private keptWordMatches(word: QueryWord, options: SearchOptions<T>, used: Set<number>): Matches {
    if (this.keptAt !== this.textChanges) {
      this.keptWords.clear();
      this.keptAt = this.textChanges;
    }
    const key = `${options.wordsKey}\u0000${word.kind}\u0000${word.text}\u0000${word.key}`;
    const kept = this.keptWords.get(key);
    if (kept !== undefined) {
      for (const term of kept.used) used.add(term);
      const matches = this.borrow();
      const { score } = matches;
      for (let i = 0; i < kept.slots.length; i++) score[kept.slots[i]] = kept.scores[i];
      matches.slots.setAll(kept.slots);
      if (kept.viaAt !== undefined) {
        const viaAt = viaArray(matches);
        for (let i = 0; i < kept.slots.length; i++) viaAt[kept.slots[i]] = kept.viaAt[i];
        matches.vias = kept.vias.slice();
      }
      return matches;
    }
    const mine = new Set<number>();
    const { matches } = this.wordMatches(word, false, false, options, mine);
    for (const term of mine) used.add(term);
    const slots = matches.slots.copy();
    const scores = new Float64Array(slots.length);
    for (let i = 0; i < slots.length; i++) scores[i] = matches.score[slots[i]];
    const viaAt = matches.viaAt === undefined ? undefined : Int32Array.from(slots, (slot) => matches.viaAt![slot]);
    this.keptWords.set(key, { slots, scores, viaAt, vias: matches.vias?.slice() ?? [], used: Int32Array.from(mine) });
    return matches;
  }

  /** A score array to write a search's matches in, all zero; given back by `giveBack` or when the search ends. */
  private borrow(): Matches {
    let spare = this.spare.pop();
    while (spare !== undefined && spare.score.length < this.ids.length) spare = this.spare.pop();
    const matches: Matches = spare ?? { score: new Float64Array(this.ids.length), slots: new SlotList() };
    this.lent.push(matches);
    return matches;
  }

  /** Zeroes what a borrowed array holds (its slots) and keeps it for the next; once only, whoever asks first. */
  private giveBack(matches: Matches): void {
    const at = this.lent.lastIndexOf(matches);
    if (at < 0) return;
    this.lent.splice(at, 1);
    const { score, slots, viaAt } = matches;
    for (let i = 0; i < slots.length; i++) score[slots.items[i]] = 0;
    if (viaAt !== undefined) for (let i = 0; i < slots.length; i++) viaAt[slots.items[i]] = 0;
    slots.length = 0;
    // The arrays go on in a new object: one still held by the old one's holder is empty, not the next borrower's.
    matches.slots = new SlotList(0);
    matches.viaAt = matches.vias = matches.joins = undefined;
    if (this.spare.length < MAX_SPARE_SCORES && score.length >= this.ids.length) this.spare.push({ score, slots, viaAt });
  }

  /** Searches with a query's text (`web` syntax by default, `solr` for CKAN's `q`). */
  search(q: string | Query, options: SearchOptions<T> = {}, syntax: QuerySyntax = 'web'): SearchResult<T> {
    return this.givingBack(() => this.searchScored(q, options, syntax));
  }

  /**
   * Runs a search's work and gives back what it borrowed when it ends (a search inside another,
   * as did-you-mean's, keeps the outer one's). Every public way in must go through here: what is
   * not given back stays lent, an array as long as the index each time, for the server's life.
   */
  private givingBack<R>(work: () => R): R {
    const mark = this.lent.length;
    try {
      return work();
    } finally {
      while (this.lent.length > mark) this.giveBack(this.lent[this.lent.length - 1]);
    }
  }

  /** Score arrays lent and not yet given back (for tests: none once a search or did-you-mean has ended). */
  get lentCount(): number {
    return this.lent.length;
  }

  private searchScored(q: string | Query, options: SearchOptions<T>, syntax: QuerySyntax): SearchResult<T> {
    const query = typeof q === 'string' ? parseQuery(q, syntax) : q;
    const used = new Set<number>();
    let matched: Int32Array = new Int32Array(0);
    let count = 0;
    let scores: Float64Array = new Float64Array(0);
    // How the documents were reached: each group's notes, read for the documents asked about.
    let vias: { viaAt: Int32Array; lists: (readonly SearchVia[])[] }[] = [];
    if (query.groups.length > 0) {
      // Each group: the best of its alternatives per document; then documents in every group, their groups' scores summed.
      const groups = query.groups.map((units): Matches => {
        if (units.length === 1) return this.matchUnit(units[0], false, options, used);
        const alternatives = units.map((unit) => this.matchUnit(unit, false, options, used));
        // The largest is the start, so merging copies only what the others hold (often nothing: a word never seen).
        const largest = alternatives.reduce((at, matches, i) => (matches.slots.length > alternatives[at].slots.length ? i : at), 0);
        const best = alternatives[largest];
        // Equal scores go to the first alternative, as a merge in order would give them: those before the
        // largest, last to first, take ties; those after it take only a better score.
        const order = [...alternatives.keys()].filter((i) => i !== largest).sort((a, b) => (a < largest && b < largest ? b - a : a - b));
        for (const i of order) {
          const matches = alternatives[i];
          const takesTies = i < largest;
          for (let k = 0; k < matches.slots.length; k++) {
            const slot = matches.slots.items[k];
            if (best.score[slot] === 0) best.slots.push(slot);
            if (matches.score[slot] > best.score[slot] || (takesTies && matches.score[slot] === best.score[slot])) {
              best.score[slot] = matches.score[slot];
              forgetVia(best, slot);
              addVia(best, slot, viaOf(matches, slot));
            }
          }
          this.giveBack(matches);
        }
        return best;
      });
      this.addWindows(query, groups, options, used);
      const all = this.intersect(groups, false);
      scores = all.score;
      // Taken from the groups, not given back with them: read for the documents asked about, after the search.
      vias = groups.flatMap((group) => {
        const { viaAt, vias: lists } = group;
        if (viaAt === undefined || lists === undefined || lists.length === 0) return [];
        group.viaAt = undefined;
        return [{ viaAt, lists }];
      });
      matched = all.slots.items;
      count = all.slots.length;
    } else if (query.everything) {
      scores = new Float64Array(this.ids.length);
      matched = new Int32Array(this.live);
      for (let slot = 0; slot < this.ids.length; slot++) if (this.alive[slot] === 1) matched[count++] = slot;
    }
    // What the caller may see, once on the documents found (phrases filtered already, before their cap).
    const allows = this.allows(options);
    const found = new Int32Array(count);
    let n = 0;
    // The allowed slots read in the loop: a call per match was a tenth of a broad search.
    const allowed = options.allowed?.generation === this.changes ? options.allowed.slots : null;
    if (allowed !== null) {
      for (let i = 0; i < count; i++) if (allowed[matched[i]] === 1) found[n++] = matched[i];
    } else for (let i = 0; i < count; i++) if (allows === null || allows(matched[i])) found[n++] = matched[i];
    if (n > 0 && query.excluded.length > 0) {
      const unwanted = query.excluded.map((unit) => this.matchUnit(unit, true, { texts: options.texts }, new Set()).slots).filter((slots) => slots.length > 0);
      // A word excluded that no document has (a typo, say) costs nothing.
      if (unwanted.length > 0) {
        const excluded = new Uint8Array(this.ids.length);
        for (const slots of unwanted) for (let i = 0; i < slots.length; i++) excluded[slots.items[i]] = 1;
        let kept = 0;
        for (let i = 0; i < n; i++) if (excluded[found[i]] === 0) found[kept++] = found[i];
        n = kept;
      }
    }
    if (n === 0) return { hits: [], count: 0, scores: new Float64Array(0), dataAt: () => undefined as T, orderKeys: new Float64Array(0), idAt: () => '', matchedTerms: () => [], via: () => [] };
    // Read now: the score array goes back when the search ends.
    const foundScores = new Float64Array(n);
    const foundKeys = new Float64Array(this.orderKey === undefined ? 0 : n);
    const { data, orderKeys } = this;
    for (let i = 0; i < n; i++) foundScores[i] = scores[found[i]];
    for (let i = 0; i < foundKeys.length; i++) foundKeys[i] = orderKeys[found[i]];
    // The slots as they are now: a merge after the search (the caller awaits between its reads) renumbers them in new maps.
    const { ids, slotOf, forward } = this;
    let hits: SearchHit<T>[] | undefined;
    const makeHits = (): SearchHit<T>[] => {
      const made: SearchHit<T>[] = new Array(n);
      for (let i = 0; i < n; i++) made[i] = { id: ids[found[i]], score: foundScores[i], data: data[found[i]] };
      const tieBreak = options.tieBreak;
      if (!options.unordered) made.sort((a, b) => b.score - a.score || (tieBreak ? tieBreak(a, b) : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return made;
    };
    let idAt = (at: number) => ids[found[at]];
    let dataAt = (at: number) => data[found[at]];
    if (!options.unordered) {
      // In order, the places are the hits': each match's score and key put in their order too.
      const made = makeHits();
      made.forEach((hit, at) => (foundScores[at] = hit.score));
      if (foundKeys.length > 0) made.forEach((hit, at) => (foundKeys[at] = this.orderKeys[slotOf.get(hit.id)!]));
      idAt = (at) => made[at].id;
      dataAt = (at) => made[at].data;
      hits = made;
    }
    return {
      get hits() {
        return (hits ??= makeHits());
      },
      count: n,
      scores: foundScores,
      dataAt,
      orderKeys: foundKeys,
      idAt,
      matchedTerms: (id: string) => {
        const slot = slotOf.get(id);
        const terms = slot === undefined ? null : forward[slot];
        if (!terms) return [];
        const out: string[] = [];
        for (const entry of terms) {
          const key = this.lexicon.keys[entry >> 2];
          if (used.has(entry >> 2) && !key.startsWith('\u0000')) out.push(key); // not concept codes: they are no text
        }
        return out;
      },
      via: (id: string) => {
        const slot = slotOf.get(id);
        const found = slot === undefined ? [] : vias.flatMap(({ viaAt, lists }) => (viaAt[slot] === 0 ? [] : lists[viaAt[slot] - 1]));
        if (found.length === 0) return [];
        // A window's words share one via, met once per word of it.
        const seen = new Set<string>();
        return found.filter((v) => {
          const key = `${v.word}\u0000${v.term}\u0000${v.termLang}`;
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        });
      },
    };
  }

  private anyAllowed(slots: SlotList, allows: ((slot: number) => boolean) | null): boolean {
    for (let i = 0; i < slots.length; i++) if (allows === null || allows(slots.items[i])) return true;
    return false;
  }

  /** Documents holding a term that `visible` allows. */
  private visibleCount(term: number, allows: ((slot: number) => boolean) | null): number {
    let n = 0;
    this.eachPosting(term, (slot) => {
      if (!allows || allows(slot)) n++;
    });
    return n;
  }

  /**
   * The query with each word that matches nothing replaced by its most frequent neighbour one
   * edit away (two for words of eight letters or more), counted among the documents `visible`
   * allows, so no hidden document lends a word; `null` unless that query finds something the
   * caller may see.
   */
  didYouMean(q: string, options: Pick<SearchOptions<T>, 'visible' | 'allowed'> & { syntax?: QuerySyntax } = {}): string | null {
    return this.givingBack(() => this.correct(q, options));
  }

  private correct(q: string, options: Pick<SearchOptions<T>, 'visible' | 'allowed'> & { syntax?: QuerySyntax }): string | null {
    const query = parseQuery(q, options.syntax ?? 'web');
    const allows = this.allows(options);
    const replacements: { start: number; end: number; text: string }[] = [];
    let twoEditLooks = 0;
    let looked = 0;
    for (const unit of query.groups.flat()) {
      for (const word of unit.words) {
        if (word.long || word.kind === 'cjk') continue;
        const letters = Array.from(word.key).length;
        if (!typoLength(word.key) || looked++ >= MAX_CORRECTED_WORDS) continue;
        // The word alone finds something the caller may see: kept (its matches only, not a ranked search).
        if (this.anyAllowed(this.matchUnit({ words: [word], phrase: false }, false, {}, new Set()).slots, allows)) continue;
        let best: { term: number; count: number } | null = null;
        // Two edits away for the first few long words only: each such look costs milliseconds.
        const edits = letters >= TWO_EDITS_MIN_LETTERS && twoEditLooks++ < MAX_TWO_EDIT_WORDS ? 2 : 1;
        for (const term of this.lexicon.neighbours(word.key, edits)) {
          const count = this.visibleCount(term, allows);
          if (count > 0 && (best === null || count > best.count || (count === best.count && this.lexicon.keys[term] < this.lexicon.keys[best.term]))) best = { term, count };
        }
        if (best !== null) replacements.push({ start: word.start, end: word.end, text: this.lexicon.shown(best.term) });
      }
    }
    if (replacements.length === 0) return null;
    let corrected = q;
    for (const r of replacements.sort((a, b) => b.start - a.start)) corrected = corrected.slice(0, r.start) + r.text + corrected.slice(r.end);
    // Whether it finds anything, not in what order: its matches are never put in order.
    return this.search(corrected, { visible: options.visible, allowed: options.allowed, unordered: true }, options.syntax ?? 'web').count > 0 ? corrected : null;
  }
}

/** What `highlights` read of a text: each token's key and UTF-16 range. */
interface ReadText {
  keys: string[];
  ranges: Int32Array;
}

/**
 * Texts read for highlights, by text, counted in characters: a page's items recur across
 * searches, and reading each of their texts again was a tenth of a new search's time.
 */
const readTexts = new LRUCache<string, ReadText>({ maxSize: 4_000_000, sizeCalculation: (read, text) => Math.max(1, text.length + read.keys.length * 8) });

function readText(text: string): ReadText {
  let read = readTexts.get(text);
  if (read === undefined) {
    const all = tokens(text);
    read = { keys: all.map((t) => t.key), ranges: new Int32Array(all.length * 2) };
    all.forEach((t, i) => {
      read!.ranges[2 * i] = t.start;
      read!.ranges[2 * i + 1] = t.end;
    });
    readTexts.set(text, read);
  }
  return read;
}

/**
 * Where the matched terms are in a text (one of the found document's own): UTF-16 `[start, end]`
 * ranges, in order, overlapping ones (a CJK run's bigrams) joined. The terms are keys, so the
 * text's language does not change which tokens are marked.
 */
export function highlights(text: string, matchedTerms: Iterable<string>): [number, number][] {
  const wanted = matchedTerms instanceof Set ? (matchedTerms as Set<string>) : new Set(matchedTerms);
  const { keys, ranges: at } = readText(text);
  const ranges: [number, number][] = [];
  for (let i = 0; i < keys.length; i++) if (wanted.has(keys[i])) ranges.push([at[2 * i], at[2 * i + 1]]);
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}
