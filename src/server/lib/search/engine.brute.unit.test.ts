import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { growth, SUPERLINEAR } from '../../test/growth.ts';
import { sameStemFamily, SEARCH_LANGUAGES, stem, stems, tokens, type SearchLanguage } from './analyze.ts';
import type { SearchVia } from '../../../shared/schemas/search.ts';
import { CONCEPT_CONFIRMS, FIELD_WEIGHTS, MAX_TRANSLATIONS, SearchIndex, termWords, WINDOW_SIZES, type SearchDocument, type SearchFieldName, type Translation } from './engine.ts';
import { headTest, partNeedles, partsAsWritten, partTier, TIER_APART, TIER_CONCEPT, TIER_INFLECTION, TIER_OTHER_LANGUAGE, TIER_PART_TYPO, TIER_TYPO, TIER_WORD, TIER_WORD_MARKS, typoLength } from './lexicon.ts';
import { parseQuery, type QueryUnit, type QueryWord } from './query.ts';

/**
 * The index against a brute-force matcher over the same analysis: every document's tokens read
 * one by one against each query word by the tiers' definitions (design §3.3), with none of the
 * index's structures (postings, delta, stem tables, trigram lists, generated edits, cache).
 * Shared with the index: `analyze.ts`, the query reader, and the part rule (`partTier`), whose
 * own examples are in lexicon.unit.test.ts. Concepts and other languages come from the caller's
 * matchers, here two small made-up ones (`CONCEPTS`, `TRANSLATIONS`), asked of words and windows.
 */

const VOCABULARY: Record<SearchLanguage | 'zh', string[]> = {
  fi: 'liikenne lautta lautan lautat väestö väestön ennuste ennusteet väestöennuste väestö-ennuste kortti kortteli verokortti verokortin aikataulu aikataulutiedot tiedot pääsiäinen paasiainen helsinki helsingin jäte biojäte vero'.split(' '),
  et: 'liiklus praam praami praamid rahvastik rahvastiku prognoos rahvastikuprognoos õhukvaliteet õhukvaliteedi maksukaart maksukaardi tallinna reisijate'.split(' '),
  sv: 'hållplats busshållplatser färja färjan befolkning befolkningsprognos buss'.split(' '),
  en: 'ferry ferries quality air timetable timetables harbour tax card transport'.split(' '),
  ru: 'паром парома таллин таллина'.split(' '),
  zh: ['赫尔辛基人口统计', '人口', '统计'],
};
const ALL_WORDS = Object.values(VOCABULARY).flat();
const CODES = ['theme:TRAN', 'region:ee-0784', 'topic:ferry', 'theme:ENVI'];
/** Words and windows (keys) → concept codes. */
const CONCEPTS: Record<string, string[]> = {
  liikenne: ['theme:TRAN'],
  liiklus: ['theme:TRAN'],
  transport: ['theme:TRAN'],
  tallinna: ['region:ee-0784'],
  таллин: ['region:ee-0784'],
  ferry: ['topic:ferry'],
  'air quality': ['theme:ENVI'],
};
/** Words and windows (keys) → terms of other languages. */
const TRANSLATIONS: Record<string, Translation[]> = {
  lautta: [
    { term: 'ferry', termLang: 'en', lang: 'fi' },
    { term: 'färja', termLang: 'sv', lang: 'fi' },
  ],
  praam: [
    { term: 'ferry', termLang: 'en', lang: 'et' },
    { term: 'lautta', termLang: 'fi', lang: 'et' },
  ],
  'tax card': [
    { term: 'verokortti', termLang: 'fi', lang: 'en' },
    { term: 'maksukaart', termLang: 'et', lang: 'en' },
  ],
  'air quality': [{ term: 'õhukvaliteet', termLang: 'et', lang: 'en' }],
  väestöennuste: [{ term: 'rahvastiku prognoos', termLang: 'et', lang: 'fi' }],
  hållplats: [{ term: 'väestö-ennuste', termLang: 'fi', lang: null }],
};
const matchers = {
  concepts: (word: { key: string }) => CONCEPTS[word.key] ?? [],
  translations: (word: { text: string }) => TRANSLATIONS[word.text] ?? [],
};
type Matchers = Partial<typeof matchers>;
const FIELD_NAMES = Object.keys(FIELD_WEIGHTS) as SearchFieldName[];
const FIELD_CODE = (field: SearchFieldName) => FIELD_NAMES.indexOf(field);
const FIELD_WEIGHT = FIELD_NAMES.map((f) => FIELD_WEIGHTS[f]);

/** What the lexicon remembers of every document ever added (it forgets nothing until a reload). */
interface TermHistory {
  plain: boolean;
  surfaces: string[];
  /** The stem of the first form seen in each language. */
  stems: Map<SearchLanguage, string>;
}

class BruteForce {
  readonly docs = new Map<string, SearchDocument>();
  readonly history = new Map<string, TermHistory>();

  add(doc: SearchDocument): void {
    this.docs.set(doc.id, doc);
    for (const { lang, text } of doc.fields) {
      for (const token of tokens(text)) {
        let h = this.history.get(token.key);
        if (!h) this.history.set(token.key, (h = { plain: false, surfaces: [], stems: new Map() }));
        if (token.text === token.key) h.plain = true;
        else if (!h.surfaces.includes(token.text) && h.surfaces.length < 4) h.surfaces.push(token.text);
        if (lang !== null && token.kind !== 'cjk' && !h.stems.has(lang)) h.stems.set(lang, stem(token.text, lang));
      }
    }
  }

  remove(id: string): void {
    this.docs.delete(id);
  }

  /** Live terms: key → best field code per document. */
  private termsOf(doc: SearchDocument): Map<string, number> {
    const out = new Map<string, number>();
    for (const { field, text } of doc.fields) {
      for (const token of tokens(text)) out.set(token.key, Math.min(out.get(token.key) ?? 9, FIELD_CODE(field)));
    }
    return out;
  }

  private liveTerms(): Set<string> {
    const out = new Set<string>();
    for (const doc of this.docs.values()) for (const key of this.termsOf(doc).keys()) out.add(key);
    return out;
  }

  /** The tier of `term` for a query word, by the definitions. */
  tier(word: QueryWord, term: string, literal: boolean, live: Set<string>): number {
    const h = this.history.get(term)!;
    let best = 0;
    if (term === word.key) {
      best = word.text === term ? (h.plain ? TIER_WORD : TIER_WORD_MARKS) : h.surfaces.includes(word.text) ? TIER_WORD : TIER_WORD_MARKS;
    }
    if (word.long || word.kind === 'cjk') return best;
    for (const [lang, termStem] of h.stems) if (sameStemFamily(stem(word.text, lang), termStem)) best = Math.max(best, TIER_INFLECTION);
    if (literal) return best;
    const isHead = headTest(word.key, stems(word.key));
    // The forms the term was written in, to read a part's diacritics in.
    const forms = [...(h.plain ? [term] : []), ...h.surfaces];
    for (const needle of partNeedles(word.key, stems(word.text))) {
      let tier = partTier(word.key, isHead, needle, term, (k) => live.has(k));
      // A query word written with diacritics, whose start is the needle: the part as written, or as a typo.
      const written = word.text !== word.key && word.text.length === word.key.length && word.key.startsWith(needle) ? word.text.slice(0, needle.length) : needle;
      if (tier > 0 && written !== needle && !forms.some((form) => form.includes(written))) tier = Math.min(tier, TIER_PART_TYPO);
      best = Math.max(best, tier);
    }
    if (typoLength(word.key)) {
      if (oneEdit(word.key, term)) best = Math.max(best, TIER_TYPO);
    }
    // A word that is no term: typos of its inflections and of compounds' parts too.
    if (typoLength(word.key) && !live.has(word.key)) {
      // The term's stem (five letters or more) one edit from the word, or from the word's stem in the term's language.
      for (const [lang, termStem] of h.stems) {
        if (termStem.length >= 5 && (oneEdit(word.key, termStem) || oneEdit(stem(word.text, lang), termStem))) best = Math.max(best, TIER_TYPO);
      }
      // The term is an inflection, in a language the neighbour was written in, of a term one edit from the word.
      for (const near of live) {
        if (!oneEdit(word.key, near)) continue;
        const nearHistory = this.history.get(near)!;
        const shown = nearHistory.surfaces[0] ?? near;
        if ([...nearHistory.stems.keys()].some((lang) => h.stems.has(lang) && sameStemFamily(stem(shown, lang), h.stems.get(lang)!))) best = Math.max(best, TIER_TYPO);
      }
      // A word of eight letters or more: a part of the term (three letters longer) one edit from it.
      if (Array.from(word.key).length >= 8 && term.length - word.key.length >= 3) {
        const letters = Array.from(term);
        let part = false;
        for (let i = 0; i < letters.length && !part; i++) {
          for (let j = i + 1; j <= letters.length && !part; j++) {
            const piece = letters.slice(i, j).join('');
            part = piece === word.key || oneEdit(word.key, piece);
          }
        }
        if (part) best = Math.max(best, TIER_PART_TYPO);
      }
    }
    return best;
  }

  /** The best split of a key into live terms, as the lexicon prefers: fewer parts, then the longer shortest part, then the first found. */
  split(key: string, live: Set<string>): string[] | null {
    const candidates: string[][] = [];
    const two = (text: string) => {
      const out: string[][] = [];
      for (let i = 3; i + 3 <= text.length; i++) {
        if (!live.has(text.slice(0, i))) continue;
        if (live.has(text.slice(i))) out.push([text.slice(0, i), text.slice(i)]);
        if (text[i] === 's' && text.length - i > 3 && live.has(text.slice(i + 1))) out.push([text.slice(0, i), text.slice(i + 1)]);
      }
      return out;
    };
    candidates.push(...two(key));
    if (candidates.length === 0) {
      for (let i = 3; i + 6 <= key.length; i++) {
        if (!live.has(key.slice(0, i))) continue;
        for (const rest of [key.slice(i), key[i] === 's' ? key.slice(i + 1) : null]) if (rest !== null && rest.length >= 6) for (const p of two(rest)) candidates.push([key.slice(0, i), ...p]);
      }
    }
    let best: string[] | null = null;
    for (const c of candidates) {
      if (best === null || c.length < best.length || (c.length === best.length && Math.min(...c.map((p) => p.length)) > Math.min(...best.map((p) => p.length)))) best = c;
    }
    return best;
  }

  /** A word's (or window's) concept codes that the document has: the concept tier at keyword weight. */
  conceptScore(word: QueryWord, doc: SearchDocument, m: Matchers): number {
    const codes = m.concepts?.(word) ?? [];
    return (doc.concepts ?? []).some((c) => codes.includes(c)) ? TIER_CONCEPT * FIELD_WEIGHTS.keywords : 0;
  }

  /** A word's (or window's) best term of another language in the document: every word of it, as the weakest, literal; the first of the best. */
  translationScore(word: QueryWord, doc: SearchDocument, live: Set<string>, m: Matchers): { score: number; via: SearchVia | null } {
    let best = { score: 0, via: null as SearchVia | null };
    for (const t of (m.translations?.(word) ?? []).slice(0, MAX_TRANSLATIONS)) {
      const words = termWords(t.term);
      if (words.length === 0 || words.length > 8) continue;
      const score = TIER_OTHER_LANGUAGE * Math.min(...words.map((w) => this.wordScore(w, doc, true, live, true)));
      if (score > best.score) best = { score, via: { word: word.text, lang: t.lang, term: t.term, termLang: t.termLang } };
    }
    return best;
  }

  /** A word's score in a document: its best tier × field, or the compound apart (not for a literal word, unless `apart`: a term of another language). */
  wordScore(word: QueryWord, doc: SearchDocument, literal: boolean, live: Set<string>, apart = !literal): number {
    const terms = this.termsOf(doc);
    let best = 0;
    for (const [term, field] of terms) best = Math.max(best, this.tier(word, term, literal, live) * FIELD_WEIGHT[field]);
    if (apart && !word.long && word.kind !== 'cjk' && word.key.length >= 6) {
      const parts = this.split(word.key, live);
      if (parts) {
        const partScores = partsAsWritten(word, parts).map((p) => this.wordScore(p, doc, true, live));
        if (partScores.every((s) => s > 0)) best = Math.max(best, TIER_APART * Math.min(...partScores));
      }
    }
    return best;
  }

  /** Whether the phrase's words stand together in one of the texts, reading each hyphenated word either way. */
  phraseHolds(unit: QueryUnit, doc: SearchDocument, live: Set<string>): boolean {
    const accepts = unit.words.map((word) => (key: string) => this.history.has(key) && live.has(key) && this.tier(word, key, true, live) > 0);
    return doc.fields.some(({ text }) => {
      const all = tokens(text);
      const words = all.filter((t) => t.kind !== 'joined');
      const joined = all.filter((t) => t.kind === 'joined');
      for (let mask = 0; mask < 1 << joined.length; mask++) {
        // Read the joined words in `mask` whole, the others as their parts.
        let reading = words.map((t) => ({ key: t.key, start: t.start, end: t.end }));
        joined.forEach((j, b) => {
          if ((mask & (1 << b)) === 0) return;
          const first = reading.findIndex((t) => t.start >= j.start && t.end <= j.end);
          const count = reading.filter((t) => t.start >= j.start && t.end <= j.end).length;
          reading = [...reading.slice(0, first), { key: j.key, start: j.start, end: j.end }, ...reading.slice(first + count)];
        });
        for (let s = 0; s + unit.words.length <= reading.length; s++) if (accepts.every((ok, k) => ok(reading[s + k].key))) return true;
      }
      return false;
    });
  }

  unitScore(unit: QueryUnit, doc: SearchDocument, literal: boolean, live: Set<string>, m: Matchers = {}): { score: number; via: SearchVia[] } {
    let sum = 0;
    const via: SearchVia[] = [];
    for (const word of unit.words) {
      let s = this.wordScore(word, doc, literal || unit.phrase, live);
      if (!literal) {
        // A concept the word names: the score where the words did not match, else a confirmation of them.
        const concept = this.conceptScore(word, doc, m);
        s = s > 0 && concept > 0 ? s + CONCEPT_CONFIRMS : Math.max(s, concept);
      }
      if (!literal && !unit.phrase) {
        const other = this.translationScore(word, doc, live, m);
        if (s === 0 && other.score > 0) via.push(other.via!);
        s = Math.max(s, other.score);
      }
      if (s === 0) return { score: 0, via: [] };
      sum += s;
    }
    if (unit.phrase && unit.words.length > 1 && !this.phraseHolds(unit, doc, live)) return { score: 0, via: [] };
    return { score: sum, via };
  }

  search(q: string, visible: (id: string) => boolean, m: Matchers = {}): Map<string, { score: number; via: SearchVia[] }> {
    const query = parseQuery(q);
    const live = this.liveTerms();
    const out = new Map<string, { score: number; via: SearchVia[] }>();
    const plain = query.groups.map((units) => (units.length === 1 && !units[0].phrase && units[0].words.length === 1 ? units[0].words[0] : null));
    for (const doc of this.docs.values()) {
      if (!visible(doc.id)) continue;
      let total = 0;
      const via: SearchVia[] = [];
      if (query.groups.length > 0) {
        const groups = query.groups.map((group) => {
          let best = { score: 0, via: [] as SearchVia[] };
          for (const unit of group) {
            const u = this.unitScore(unit, doc, false, live, m);
            if (u.score > best.score) best = u;
          }
          return { ...best, windowed: false };
        });
        // Windows of plain words: their score shared among their words, where more than a word's own.
        for (let start = 0; start < plain.length; start++) {
          for (const size of WINDOW_SIZES) {
            const words = plain.slice(start, start + size);
            if (words.length < size || words.some((w) => w === null || w.long || w.kind === 'cjk')) continue;
            const ws = words as QueryWord[];
            const text = ws.map((w) => w.text).join(' ');
            const window: QueryWord = { text, key: ws.map((w) => w.key).join(' '), kind: 'word', long: false, start: 0, end: 0 };
            const concept = this.conceptScore(window, doc, m);
            const other = this.translationScore(window, doc, live, m);
            const share = Math.max(concept, other.score) / size;
            const windowVia = concept === 0 && other.score > 0 ? [other.via!] : [];
            for (let g = start; g < start + size; g++) {
              const group = groups[g];
              if (!(share > group.score)) continue;
              const fresh = group.score === 0 || group.windowed;
              group.score = share;
              if (fresh) {
                group.windowed = true;
                group.via = windowVia;
              }
            }
          }
        }
        for (const group of groups) {
          if (group.score === 0) {
            total = -1;
            break;
          }
          total += group.score;
          via.push(...group.via);
        }
        if (total <= 0) continue;
      } else if (!query.everything) continue;
      if (query.excluded.some((unit) => this.unitScore(unit, doc, true, live).score > 0)) continue;
      const seen = new Set<string>();
      out.set(doc.id, { score: total, via: via.filter((v) => !seen.has(`${v.word} ${v.term} ${v.termLang}`) && seen.add(`${v.word} ${v.term} ${v.termLang}`)) });
    }
    return out;
  }
}

/** Damerau distance 1, written plainly. */
function oneEdit(a: string, b: string): boolean {
  const x = Array.from(a);
  const y = Array.from(b);
  if (x.length === y.length) {
    const diff = x.flatMap((c, i) => (c === y[i] ? [] : [i]));
    return diff.length === 1 || (diff.length === 2 && diff[1] === diff[0] + 1 && x[diff[0]] === y[diff[1]] && x[diff[1]] === y[diff[0]]);
  }
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  return long.length - short.length === 1 && long.some((_, i) => [...long.slice(0, i), ...long.slice(i + 1)].join('') === short.join(''));
}

const language = fc.constantFrom<SearchLanguage | null>(...SEARCH_LANGUAGES, null);
const text = fc.array(fc.constantFrom(...ALL_WORDS), { minLength: 1, maxLength: 5 }).map((w) => w.join(' '));
const field = fc.record({ field: fc.constantFrom(...FIELD_NAMES), lang: language, text });
const docId = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');
const concepts = fc.subarray(CODES);
/** A vocabulary word, perhaps with one letter dropped or two swapped (a typo), or a part of it. */
const queryWord = fc.tuple(fc.constantFrom(...ALL_WORDS), fc.nat(20), fc.constantFrom('as is', 'drop', 'swap', 'part')).map(([w, at, how]) => {
  const letters = Array.from(w);
  const i = at % letters.length;
  if (how === 'drop' && letters.length > 1) letters.splice(i, 1);
  if (how === 'swap' && i + 1 < letters.length) [letters[i], letters[i + 1]] = [letters[i + 1], letters[i]];
  if (how === 'part' && letters.length > 6) return letters.slice(i % 3, letters.length - (i % 4)).join('');
  return letters.join('');
});
const queryText = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: queryWord },
      { weight: 1, arbitrary: queryWord.map((w) => `-${w}`) },
      { weight: 1, arbitrary: fc.tuple(queryWord, queryWord).map(([a, b]) => `"${a} ${b}"`) },
      { weight: 1, arbitrary: fc.tuple(queryWord, queryWord).map(([a, b]) => `-"${a} ${b}"`) },
      { weight: 1, arbitrary: fc.constant('or') },
      { weight: 1, arbitrary: fc.constantFrom(...Object.keys(TRANSLATIONS), ...Object.keys(CONCEPTS)) },
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((parts) => parts.join(' '));

const operation = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('add' as const), doc: fc.record({ id: docId, fields: fc.array(field, { minLength: 1, maxLength: 3 }), concepts }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('remove' as const), id: docId }) },
  { weight: 1, arbitrary: fc.constant({ op: 'merge' as const }) },
  // Searches between changes, so that an expansion cached before a change must not answer after it.
  { weight: 2, arbitrary: fc.record({ op: fc.constant('search' as const), q: queryText }) },
);

describe('the index finds what reading every document finds', () => {
  it('for random documents, changes and queries, with each score', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 25 }), fc.array(queryText, { minLength: 1, maxLength: 4 }), fc.constantFrom(1, 4, 1_000_000), fc.func(fc.boolean()), (operations, queries, deltaMin, hidden) => {
        const index = new SearchIndex({ deltaMin });
        const brute = new BruteForce();
        const texts = (id: string) => brute.docs.get(id)!.fields;
        const compare = (q: string) => {
          // Kept words (`wordsKey`): each query is searched twice (both visibles), so the second reads what the first kept.
          for (const m of [{}, matchers, { ...matchers, wordsKey: 'kept' }]) {
            for (const visible of [() => true, (id: string) => !hidden(id)]) {
              const result = index.search(q, { texts, visible, ...m });
              const hits = result.hits;
              const expected = brute.search(q, visible, m);
              expect(hits.map((h) => h.id).sort(), q).toEqual([...expected.keys()].sort());
              for (const hit of hits) expect(hit.score, `${q}: ${hit.id}`).toBeCloseTo(expected.get(hit.id)!.score, 5);
              for (let i = 1; i < hits.length; i++) expect(hits[i].score).toBeLessThanOrEqual(hits[i - 1].score);
              // Which alternative of an `or` is the best may turn on rounding: the via of a query without one.
              if (!/(^| )or( |$)/i.test(q)) for (const hit of hits) expect(result.via(hit.id), `${q}: ${hit.id} via`).toEqual(expected.get(hit.id)!.via);
            }
          }
        };
        for (const operation of operations) {
          if (operation.op === 'add') {
            index.add(operation.doc);
            brute.add(operation.doc);
          } else if (operation.op === 'remove') {
            index.remove(operation.id);
            brute.remove(operation.id);
          } else if (operation.op === 'merge') index.merge();
          else compare(operation.q);
        }
        // Those searched between changes again too: what they kept must have gone with the changes.
        const searched = operations.flatMap((operation) => (operation.op === 'search' ? [operation.q] : []));
        for (const q of [...queries, ...searched]) compare(q);
      }),
      { numRuns: 300 },
    );
  });
});

describe('any query', () => {
  const index = new SearchIndex();
  index.addAll(
    Array.from({ length: 300 }, (_, i) => ({
      id: `d${i}`,
      fields: [
        { field: 'title' as const, lang: SEARCH_LANGUAGES[i % 5], text: `${ALL_WORDS[i % ALL_WORDS.length]} ${ALL_WORDS[(i * 7) % ALL_WORDS.length]}` },
        { field: 'description' as const, lang: SEARCH_LANGUAGES[i % 5], text: ALL_WORDS.slice(i % 20, (i % 20) + 8).join(' ') },
      ],
    })),
  );
  const texts = () => [{ text: ALL_WORDS.join(' ') }];
  const anyQuery = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 1000 }),
    fc.array(fc.constantFrom(...ALL_WORDS, '-', '--', ' ', '"', 'or', 'OR', 'NOT', '*:*', '(', '赫尔辛基', '\uD800', '\uDC00', 'ｶﾞ', '‑', 'x'.repeat(70)), { maxLength: 300 }).map((p) => p.join('')),
  );

  it('never throws, in either syntax, for search and did-you-mean', () => {
    fc.assert(
      fc.property(anyQuery, fc.constantFrom('web' as const, 'solr' as const), (q, syntax) => {
        index.search(q, { texts }, syntax);
        index.didYouMean(q, { syntax });
      }),
      { numRuns: 400 },
    );
  });

  it('is searched in time linear in its length, whatever it is made of', { timeout: 60_000 }, () => {
    const hostile: ((length: number) => string)[] = [
      (n) => '-'.repeat(n),
      (n) => '"a" '.repeat(n / 4),
      (n) => 'ennuste '.repeat(n / 8),
      (n) => 'a-'.repeat(n / 2),
      (n) => `${'ää'.repeat(n / 2)}`,
      (n) => 'or '.repeat(n / 3),
      (n) => '赫尔'.repeat(n / 2),
      (n) => `"${'lautta '.repeat(n / 7)}"`,
    ];
    for (const build of hostile) {
      expect(growth((q) => index.search(q, { texts }), build, 1000), JSON.stringify(build(16))).toBeLessThan(SUPERLINEAR);
    }
  });
});
