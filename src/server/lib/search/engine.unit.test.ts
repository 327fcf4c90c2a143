import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokens, type SearchLanguage } from './analyze.ts';
import { CONCEPT_CONFIRMS, FIELD_WEIGHTS, highlights, MAX_PHRASE_CANDIDATES, SearchIndex, withExtra, type SearchDocument, type SearchFieldName, type Translation } from './engine.ts';
import { TIER_APART, TIER_CONCEPT, TIER_INFLECTION, TIER_OTHER_LANGUAGE, TIER_PART_HEAD, TIER_TYPO, TIER_WORD, TIER_WORD_MARKS } from './lexicon.ts';

/** A small corpus in the five languages, with the examples and near misses (all made up). */
const CORPUS: [id: string, lang: SearchLanguage | null, title: string, description?: string][] = [
  ['fi-ennuste', 'fi', 'Ennuste 2030'],
  ['fi-ennusteet', 'fi', 'Ennusteet ja tilastot'],
  ['fi-vaestoennuste', 'fi', 'Väestöennuste Helsinki'],
  ['fi-vaesto-apart', 'fi', 'Väestö ja sen ennuste alueittain'],
  ['fi-hyphen', 'fi', 'Väestö-ennuste 2040'],
  ['et-rahvastikuprognoos', 'et', 'Tallinna rahvastikuprognoos'],
  ['sv-busshallplatser', 'sv', 'Busshållplatser i Helsingfors'],
  ['fi-aikataulutiedot', 'fi', 'HSL:n aikataulutiedot'],
  ['en-air-quality', 'en', 'Air quality in Tallinn'],
  ['zh-population', null, '赫尔辛基人口统计'],
  ['fi-paasiainen', 'fi', 'Pääsiäinen ja lauttaliikenne'],
  ['et-ohukvaliteet', 'et', 'Õhukvaliteedi mõõtmised Tallinnas'],
  ['ru-ferry', 'ru', 'Расписание парома Таллина'],
  ['fi-kortteli', 'fi', 'Kortteli 5:n asemakaava'],
  ['fi-verokortti', 'fi', 'Verokortti ja ajokortti'],
  ['fi-kortti', 'fi', 'Kortti'],
  ['en-ferry', 'en', 'Ferry timetables', 'Daily ferry departures between Helsinki and Tallinn'],
  ['en-timetable-desc', 'en', 'Harbour statistics', 'Timetables of the harbour ferry service'],
];

function documentOf([id, lang, title, description]: (typeof CORPUS)[number]): SearchDocument {
  return { id, fields: [{ field: 'title', lang, text: title }, ...(description ? [{ field: 'description' as SearchFieldName, lang, text: description }] : [])] };
}

function corpusIndex(): SearchIndex {
  const index = new SearchIndex();
  index.addAll(CORPUS.map(documentOf));
  return index;
}

const texts = (id: string) => {
  const entry = CORPUS.find((c) => c[0] === id)!;
  return [{ text: entry[2] }, ...(entry[3] ? [{ text: entry[3] }] : [])];
};

describe('the issue’s examples', () => {
  const index = corpusIndex();
  const ids = (q: string) => index.search(q, { texts }).hits.map((h) => h.id);
  const score = (q: string, id: string) => index.search(q).hits.find((h) => h.id === id)?.score;

  it('a part of a compound finds the compound, below the word itself and its inflections', () => {
    const found = ids('ennuste');
    expect(found).toContain('fi-vaestoennuste');
    expect(found.indexOf('fi-ennuste')).toBeLessThan(found.indexOf('fi-vaestoennuste'));
    expect(found.indexOf('fi-ennusteet')).toBeLessThan(found.indexOf('fi-vaestoennuste'));
    expect(score('ennuste', 'fi-ennuste')).toBe(TIER_WORD);
    expect(score('ennuste', 'fi-ennusteet')).toBeCloseTo(TIER_INFLECTION);
    expect(score('ennuste', 'fi-vaestoennuste')).toBeCloseTo(TIER_PART_HEAD);
  });

  it('finds compounds in Estonian and Swedish, and the head of a Finnish one', () => {
    expect(ids('prognoos')).toEqual(['et-rahvastikuprognoos']);
    expect(ids('hållplats')).toEqual(['sv-busshallplatser']);
    expect(ids('tiedot')).toEqual(['fi-aikataulutiedot']);
  });

  it('a compound finds it written apart or with a hyphen', () => {
    const found = ids('väestöennuste');
    expect(found.slice(0, 2).sort()).toEqual(['fi-hyphen', 'fi-vaestoennuste']);
    expect(found).toContain('fi-vaesto-apart');
    expect(score('väestöennuste', 'fi-hyphen')).toBe(TIER_WORD); // the joined spelling is indexed
    // Each part as written in the query (`väestö`, as in the document): the apart tier whole.
    expect(score('väestöennuste', 'fi-vaesto-apart')).toBeCloseTo(TIER_APART);
    expect(score('vaestoennuste', 'fi-vaesto-apart')).toBeCloseTo(TIER_APART * TIER_WORD_MARKS);
  });

  it('a word with a typo finds its documents, below exact matches', () => {
    expect(ids('air qualty')).toEqual(['en-air-quality']);
    expect(score('air qualty', 'en-air-quality')).toBeCloseTo(TIER_WORD + TIER_TYPO);
  });

  it('finds Chinese by any two characters of the run', () => {
    expect(ids('人口')).toEqual(['zh-population']);
    expect(ids('辛基')).toEqual(['zh-population']);
    expect(ids('人口统计')).toEqual(['zh-population']);
    expect(ids('统人')).toEqual([]);
  });

  it('finds words with and without their diacritics, the exact writing a little above', () => {
    expect(ids('paasiainen')).toEqual(['fi-paasiainen']);
    expect(score('paasiainen', 'fi-paasiainen')).toBeCloseTo(TIER_WORD_MARKS);
    expect(score('Pääsiäinen', 'fi-paasiainen')).toBe(TIER_WORD);
    expect(ids('ohukvaliteet')).toEqual(['et-ohukvaliteet']);
  });

  it('finds inflected Russian', () => {
    expect(ids('Таллин')).toEqual(['ru-ferry']);
    expect(ids('паром')).toEqual(['ru-ferry']);
  });

  it('kortti does not find kortteli (a city block), but finds its compounds below itself', () => {
    const found = ids('kortti');
    expect(found).not.toContain('fi-kortteli');
    expect(found).toEqual(['fi-kortti', 'fi-verokortti']);
  });

  it('ranks the whole word above a part, a part above a typo, and a title above keywords above a description', () => {
    const index = new SearchIndex();
    index.addAll([
      { id: 'typo', fields: [{ field: 'title', lang: 'fi', text: 'Ennusye' }] },
      { id: 'part', fields: [{ field: 'title', lang: 'fi', text: 'Väestöennuste' }] },
      { id: 'word', fields: [{ field: 'title', lang: 'fi', text: 'Ennuste' }] },
      { id: 'keywords', fields: [{ field: 'title', lang: 'fi', text: 'Tilastot' }, { field: 'keywords', lang: 'fi', text: 'Ennuste' }] },
      { id: 'description', fields: [{ field: 'title', lang: 'fi', text: 'Tilastot' }, { field: 'description', lang: 'fi', text: 'ennuste' }] },
    ]);
    const hits = index.search('ennuste').hits;
    expect(hits.map((h) => h.id)).toEqual(['word', 'keywords', 'part', 'description', 'typo']);
    expect(hits.map((h) => h.score)).toEqual([TIER_WORD, FIELD_WEIGHTS.keywords, TIER_PART_HEAD, FIELD_WEIGHTS.description, TIER_TYPO].map(Math.fround));
  });
});

describe('the query language on an index', () => {
  const index = corpusIndex();
  const ids = (q: string, syntax: 'web' | 'solr' = 'web') => index.search(q, { texts }, syntax).hits.map((h) => h.id).sort();

  it('ANDs words, ORs alternatives, excludes', () => {
    expect(ids('ferry tallinn')).toEqual(['en-ferry']);
    expect(ids('prognoos or hållplats')).toEqual(['et-rahvastikuprognoos', 'sv-busshallplatser']);
    expect(ids('ennuste -väestö')).toEqual(['fi-ennuste', 'fi-ennusteet', 'fi-vaestoennuste']);
    expect(ids('ennuste --väestö')).toEqual(ids('ennuste väestö'));
  });

  it('checks that a phrase’s words stand together, on the caller’s text', () => {
    expect(ids('"ferry departures"')).toEqual(['en-ferry']);
    expect(ids('"departures ferry"')).toEqual([]);
    expect(index.search('"departures ferry"').hits.map((h) => h.id)).toEqual(['en-ferry']); // no text given: its words
    expect(ids('"väestö-ennuste 2040"')).toEqual(['fi-hyphen']);
    expect(ids('"väestöennuste 2040"')).toEqual(['fi-hyphen']);
    expect(ids('-"ferry departures" ferry')).toEqual(['en-timetable-desc']);
  });

  it('checks a phrase on the best-scored candidates only, at most MAX_PHRASE_CANDIDATES', () => {
    const many = new SearchIndex();
    const docs = Array.from({ length: MAX_PHRASE_CANDIDATES + 100 }, (_, i) => ({
      id: `d${String(i).padStart(4, '0')}`,
      // The first hundred have the words in their titles (scored higher), the rest in descriptions.
      fields: [{ field: (i < 100 ? 'title' : 'description') as SearchFieldName, lang: 'en' as const, text: 'daily ferry departures' }],
    }));
    many.addAll(docs);
    const hits = many.search('"ferry departures"', { texts: () => [{ text: 'daily ferry departures' }] }).hits;
    expect(hits).toHaveLength(MAX_PHRASE_CANDIDATES);
    expect(hits.slice(0, 100).every((h) => Number(h.id.slice(1)) < 100)).toBe(true);
    // What the caller may not see takes no place among the candidates: the best-scored hundred hidden, 500 others checked.
    const visible = (id: string) => Number(id.slice(1)) >= 100;
    const shown = many.search('"ferry departures"', { texts: () => [{ text: 'daily ferry departures' }], visible }).hits;
    expect(shown).toHaveLength(MAX_PHRASE_CANDIDATES);
    expect(shown.every((h) => visible(h.id))).toBe(true);
  });

  it('reads CKAN’s q in Solr syntax', () => {
    expect(ids('*:*', 'solr')).toHaveLength(CORPUS.length);
    expect(ids('title:ferry AND NOT departures', 'solr')).toEqual(['en-timetable-desc']);
    expect(ids('prognoos OR hållplats', 'solr')).toEqual(['et-rahvastikuprognoos', 'sv-busshallplatser']);
  });

  it('finds nothing for a query without words, and everything but the excluded for exclusions only', () => {
    expect(ids('')).toEqual([]);
    expect(ids('"" ( )')).toEqual([]);
    expect(ids('-ferry')).toHaveLength(CORPUS.length - 2);
  });
});

describe('the results', () => {
  it('keep each filter’s allowed documents by its name until the index changes, each index its own', () => {
    const index = corpusIndex();
    const first = index.allowedFor('no ferry', (id) => id !== 'en-ferry');
    // Kept: the second filter under the same name is not asked.
    expect(index.allowedFor('no ferry', () => false)).toBe(first);
    expect(index.search('ferry', { allowed: first }).hits.map((h) => h.id)).not.toContain('en-ferry');
    index.add(documentOf(['en-more', 'en', 'More ferries']));
    expect(index.search('ferry', { allowed: index.allowedFor('no ferry', () => false) }).hits).toEqual([]);
    // Another index of the same changes count keeps nothing of this one's.
    const other = corpusIndex();
    other.add(documentOf(['en-more', 'en', 'More ferries']));
    expect(other.allowedFor('no ferry', () => true)).not.toBe(index.allowedFor('no ferry', () => false));
  });

  it('give each match the order key of its data, through changes, merges and new data', () => {
    const index = new SearchIndex<{ date: number }>({ orderKey: (data) => data.date });
    const keysOf = (result: { count: number; idAt(at: number): string; orderKeys: Float64Array }) =>
      Object.fromEntries(Array.from({ length: result.count }, (_, at) => [result.idAt(at), result.orderKeys[at]]));
    ['a', 'b', 'c'].forEach((id, n) => index.add({ id, fields: [{ field: 'title', lang: 'en', text: 'Ferry' }] }, { date: 10 * (n + 1) }));
    expect(keysOf(index.search('ferry', { unordered: true }))).toEqual({ a: 10, b: 20, c: 30 });
    index.remove('a');
    index.setData('c', { date: 5 });
    index.merge();
    expect(keysOf(index.search('ferry'))).toEqual({ b: 20, c: 5 });
    expect(new SearchIndex().search('').orderKeys).toHaveLength(0);
  });

  it('are read by place as the hits are, ordered or not, and stay as they were after the index changes', () => {
    const index = new SearchIndex<number>();
    CORPUS.forEach((entry, n) => index.add(documentOf(entry), n));
    const translations = (word: { key: string }): Translation[] => (word.key === 'lautta' ? [{ term: 'ferry', termLang: 'en', lang: 'fi' }] : []);
    for (const unordered of [false, true]) {
      const result = index.search('lautta', { unordered, translations, visible: (id) => id !== 'ru-ferry' });
      const byPlace = Array.from({ length: result.count }, (_, at) => ({ id: result.idAt(at), score: result.scores[at], data: result.dataAt(at) }));
      // The first document goes and the rest are renumbered.
      index.remove(CORPUS[0][0]);
      index.merge();
      expect(byPlace.length).toBeGreaterThan(1);
      expect(result.hits).toEqual(byPlace);
      expect(byPlace.map((hit) => hit.data)).toEqual(byPlace.map((hit) => CORPUS.findIndex(([id]) => id === hit.id)));
      // What the search says of its documents is read as they were numbered when it ran.
      expect(result.via('en-ferry')).toEqual([{ word: 'lautta', lang: 'fi', term: 'ferry', termLang: 'en' }]);
      expect(result.matchedTerms('en-ferry')).toContain('ferry');
      index.add(documentOf(CORPUS[0]), 0);
    }
  });

  it('say, for each word of a piece that reached a document only through another language, by which term, kept or not', () => {
    const index = new SearchIndex();
    index.add({ id: 'en', fields: [{ field: 'title', lang: 'en', text: 'Ferry timetables' }] });
    index.add({ id: 'fi', fields: [{ field: 'title', lang: 'fi', text: 'Lautan aikataulut' }] });
    const other: Record<string, Translation> = { lautta: { term: 'ferry', termLang: 'en', lang: 'fi' }, aikataulu: { term: 'timetable', termLang: 'en', lang: 'fi' } };
    const translations = (word: { key: string }): Translation[] => (other[word.key] ? [other[word.key]] : []);
    // One piece, two words: each must match, and each says how.
    for (const wordsKey of [undefined, 'glossary-1', 'glossary-1']) {
      const result = index.search('lautta/aikataulu', { translations, wordsKey });
      expect(Array.from({ length: result.count }, (_, at) => result.idAt(at)).sort()).toEqual(['en', 'fi']);
      expect(result.via('en'), String(wordsKey)).toEqual([
        { word: 'lautta', lang: 'fi', term: 'ferry', termLang: 'en' },
        { word: 'aikataulu', lang: 'fi', term: 'timetable', termLang: 'en' },
      ]);
      expect(result.via('fi')).toEqual([]);
    }
    expect(index.lentCount).toBe(0);
  });

  it('are only what the caller may see, ties in the caller’s order, then by id', () => {
    const index = new SearchIndex();
    index.addAll(['c', 'a', 'b', 'd'].map((id) => ({ id, fields: [{ field: 'title', lang: 'en', text: 'Ferry' }] })));
    expect(index.search('ferry').hits.map((h) => h.id)).toEqual(['a', 'b', 'c', 'd']);
    const newest = ['d', 'b', 'a', 'c'];
    expect(index.search('ferry', { tieBreak: (x, y) => newest.indexOf(x.id) - newest.indexOf(y.id) }).hits.map((h) => h.id)).toEqual(newest);
    expect(index.search('ferry', { visible: (id) => id !== 'b' }).hits.map((h) => h.id)).toEqual(['a', 'c', 'd']);
  });

  it('carry what the caller keeps with each document, which visible reads, kept through changes and merges', () => {
    for (const deltaMin of [1, 1_000_000]) {
      const index = new SearchIndex<{ open: boolean }>({ deltaMin });
      index.addAll(['a', 'b', 'c'].map((id) => ({ id, fields: [{ field: 'title' as const, lang: 'en' as const, text: 'Ferry' }] })), [{ open: true }, { open: false }, { open: true }]);
      const open = (_id: string, data: { open: boolean }) => data.open;
      expect(index.search('ferry', { visible: open }).hits.map((h) => [h.id, h.data.open])).toEqual([['a', true], ['c', true]]);
      expect(index.setData('b', { open: true })).toBe(true);
      expect(index.setData('missing', { open: true })).toBe(false);
      index.add({ id: 'c', fields: [{ field: 'title', lang: 'en', text: 'Ferries' }] }, { open: false });
      index.merge();
      expect(index.search('ferry', { visible: open }).hits.map((h) => h.id)).toEqual(['a', 'b']);
    }
  });

  it('are what allowed slots let through while the index is unchanged; after a change, what visible does', () => {
    const index = new SearchIndex<number>();
    index.addAll(['a', 'b', 'c'].map((id) => ({ id, fields: [{ field: 'title' as const, lang: 'en' as const, text: 'Ferry timetables' }] })), [1, 2, 3]);
    const odd = (_id: string, n: number) => n % 2 === 1;
    const allowed = index.allowedSlots(odd);
    expect(index.search('ferry', { allowed }).hits.map((h) => h.id)).toEqual(['a', 'c']);
    expect(index.didYouMean('ferry tmietbales', { allowed })).toBe('ferry timetables');
    expect(index.didYouMean('ferry tmietbales', { allowed: index.allowedSlots(() => false) })).toBeNull();
    // Worked out once: what visible says now is not asked while the slots hold.
    expect(index.search('ferry', { allowed, visible: () => false }).hits.map((h) => h.id)).toEqual(['a', 'c']);
    index.setData('b', 5);
    expect(index.search('ferry', { allowed, visible: odd }).hits.map((h) => h.id)).toEqual(['a', 'b', 'c']);
    expect(() => index.search('ferry', { allowed })).toThrow('allowed slots of an older index');
    expect(index.search('ferry', { allowed: index.allowedSlots(odd) }).hits.map((h) => h.id)).toEqual(['a', 'b', 'c']);
  });

  it('are narrowed by an extra visible (withExtra), which the caller\'s allowed slots, worked out without it, do not override', () => {
    const index = new SearchIndex<number>();
    index.addAll(['a', 'b', 'c'].map((id) => ({ id, fields: [{ field: 'title' as const, lang: 'en' as const, text: 'Ferry' }] })), [1, 2, 3]);
    expect(index.dataOf('b')).toBe(2);
    expect(index.dataOf('missing')).toBeUndefined();
    const mine = { visible: (_id: string, n: number) => n > 1, allowed: index.allowedSlots((_id, n) => n > 1) };
    expect(index.search('ferry', withExtra(mine, {})).hits.map((h) => h.id)).toEqual(['b', 'c']);
    expect(index.search('ferry', withExtra(mine, { visible: (id) => id !== 'c' })).hits.map((h) => h.id)).toEqual(['b']);
  });

  it('name the terms each document matched, which mark its own text', () => {
    const index = corpusIndex();
    const result = index.search('väestöennuste');
    expect(result.matchedTerms('fi-vaesto-apart').sort()).toEqual(['ennuste', 'vaesto']);
    expect(highlights('Väestö ja sen ennuste alueittain', result.matchedTerms('fi-vaesto-apart'))).toEqual([
      [0, 6],
      [14, 21],
    ]);
    expect(highlights('Väestö-ennuste 2040', result.matchedTerms('fi-hyphen'))).toEqual([[0, 14]]);
    const chinese = index.search('人口统计');
    expect(highlights('赫尔辛基人口统计', chinese.matchedTerms('zh-population'))).toEqual([[4, 8]]);
    expect(index.search('ennuste').matchedTerms('not-found')).toEqual([]);
  });

  it('mark, in any text, every token of a matched term, in order and without overlaps', () => {
    const pieces = fc.constantFrom('Väestö', 'ennuste', '-', ' ', '赫尔辛基人口', 'ｶﾞｲﾄﾞ', '\uD800', 'ß', '.', 'kortti');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 20 }).map((p) => p.join('')), fc.subarray(['vaesto', 'ennuste', 'vaestoennuste', '人口', '辛基', 'ガイ', 'ss', 'kortti']), (text, terms) => {
        const ranges = highlights(text, terms);
        for (let i = 0; i < ranges.length; i++) {
          const [start, end] = ranges[i];
          expect(start).toBeLessThan(end);
          expect(end).toBeLessThanOrEqual(text.length);
          if (i > 0) expect(start).toBeGreaterThan(ranges[i - 1][1]);
        }
        for (const token of tokens(text)) {
          const covered = ranges.some(([start, end]) => start <= token.start && token.end <= end);
          if (terms.includes(token.key)) expect(covered).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('find concept codes through the words the caller maps to them, at keyword weight', () => {
    const index = new SearchIndex();
    index.add({ id: 'x', fields: [{ field: 'title', lang: 'en', text: 'Bus stops' }], concepts: ['theme:TRAN'] });
    const concepts = (word: { key: string }) => (['liikenne', 'liiklus', 'transport'].includes(word.key) ? ['theme:TRAN'] : []);
    expect(index.search('liiklus', { concepts }).hits.map((h) => h.id)).toEqual(['x']);
    expect(index.search('liiklus', { concepts }).matchedTerms('x')).toEqual([]); // a code marks no text
    expect(index.search('liiklus').hits).toEqual([]);
    expect(index.search('theme:TRAN').hits).toEqual([]); // a code is no word
  });

  it('rank a document whose words match and which has the concept the word names a little above one with the words alone', () => {
    const index = new SearchIndex();
    index.addAll([
      { id: 'named', fields: [{ field: 'title', lang: 'en', text: 'Jobs in Vantaa' }] },
      { id: 'covered', fields: [{ field: 'title', lang: 'en', text: 'Jobs in Vantaa' }], concepts: ['region:fi-092'] },
      { id: 'only-covered', fields: [{ field: 'title', lang: 'en', text: 'Jobs' }], concepts: ['region:fi-092'] },
    ]);
    const concepts = (word: { key: string }) => (word.key === 'vantaa' ? ['region:fi-092'] : []);
    const found = index.search('vantaa', { concepts, tieBreak: (a, b) => (a.id < b.id ? 1 : -1) });
    expect(found.hits.map((h) => h.id)).toEqual(['covered', 'named', 'only-covered']);
    expect(found.hits[0].score).toBeCloseTo(TIER_WORD + CONCEPT_CONFIRMS, 5);
    expect(found.hits[1].score).toBeCloseTo(TIER_WORD, 5);
    expect(found.hits[2].score).toBeCloseTo(TIER_CONCEPT * FIELD_WEIGHTS.keywords, 5);
  });
});

describe('other languages', () => {
  const index = new SearchIndex();
  index.addAll([
    { id: 'ferry-report', fields: [{ field: 'title', lang: 'en', text: 'Ferry traffic between Helsinki and Tallinn' }] },
    { id: 'lautta-fi', fields: [{ field: 'title', lang: 'fi', text: 'Lautan aikataulut' }] },
    { id: 'verokortti', fields: [{ field: 'title', lang: 'fi', text: 'Verokortin hakeminen' }] },
    { id: 'tax', fields: [{ field: 'description', lang: 'en', text: 'tax' }] },
    { id: 'vero-kortti', fields: [{ field: 'title', lang: 'fi', text: 'Vero kortti, sanat erikseen' }] },
    { id: 'vero', fields: [{ field: 'title', lang: 'fi', text: 'Vero' }] },
    { id: 'kortti', fields: [{ field: 'title', lang: 'fi', text: 'Kortti' }] },
  ]);
  const GLOSSARY: Record<string, Translation[]> = {
    lautta: [{ term: 'ferry', termLang: 'en', lang: 'fi' }],
    praam: [
      { term: 'ferry', termLang: 'en', lang: 'et' },
      { term: 'lautta', termLang: 'fi', lang: 'et' },
    ],
    'tax card': [{ term: 'verokortti', termLang: 'fi', lang: 'en' }],
    maksukaart: [{ term: 'tax card', termLang: 'en', lang: 'et' }],
  };
  const translations = (word: { text: string }) => GLOSSARY[word.text] ?? [];

  it('find a document written in another language, below the word’s own, and say through what', () => {
    const lautta = index.search('lautta', { translations });
    expect(lautta.hits.map((h) => h.id)).toEqual(['lautta-fi', 'ferry-report']);
    expect(lautta.hits[1].score).toBeCloseTo(TIER_OTHER_LANGUAGE * TIER_WORD, 5);
    expect(lautta.via('ferry-report')).toEqual([{ word: 'lautta', lang: 'fi', term: 'ferry', termLang: 'en' }]);
    expect(lautta.via('lautta-fi')).toEqual([]);
    expect(lautta.matchedTerms('ferry-report')).toEqual(['ferry']);
    const praam = index.search('praam', { translations });
    expect(praam.hits.map((h) => h.id)).toEqual(['ferry-report', 'lautta-fi']);
    // Inflected forms of the term count at its inflection tier.
    expect(praam.hits[1].score).toBeCloseTo(TIER_OTHER_LANGUAGE * TIER_INFLECTION, 5);
    expect(praam.via('lautta-fi')).toEqual([{ word: 'praam', lang: 'et', term: 'lautta', termLang: 'fi' }]);
    expect(index.search('praam').hits).toEqual([]);
    expect(index.search('"praam"', { translations }).hits).toEqual([]); // a phrase is as written
  });

  it('read a term of several words as its words together, and two query words as one term', () => {
    expect(index.search('maksukaart', { translations }).hits).toEqual([]); // `tax` alone is not `tax card`
    const window = index.search('tax card', { translations });
    // The compound of the other language written apart is the same term (its parts alone are not).
    expect(window.hits.map((h) => h.id)).toEqual(['verokortti', 'vero-kortti']);
    expect(window.hits[1].score).toBeCloseTo(TIER_OTHER_LANGUAGE * TIER_APART * TIER_WORD, 5);
    expect(window.via('verokortti')).toEqual([{ word: 'tax card', lang: 'en', term: 'verokortti', termLang: 'fi' }]);
  });
});

describe('changes', () => {
  it('replace and remove documents, before and after the delta is merged', () => {
    for (const deltaMin of [1, 1_000_000]) {
      const index = new SearchIndex({ deltaMin });
      index.add({ id: 'a', fields: [{ field: 'title', lang: 'fi', text: 'Lautta' }] });
      index.add({ id: 'b', fields: [{ field: 'title', lang: 'fi', text: 'Lautat' }] });
      expect(index.search('lautta').hits.map((h) => h.id)).toEqual(['a', 'b']);
      index.add({ id: 'a', fields: [{ field: 'title', lang: 'et', text: 'Praam' }] });
      expect(index.search('lautta').hits.map((h) => h.id)).toEqual(['b']);
      expect(index.search('praam').hits.map((h) => h.id)).toEqual(['a']);
      index.remove('b');
      index.remove('missing');
      expect(index.search('lautta').hits).toEqual([]);
      expect(index.size).toBe(1);
      index.merge();
      expect(index.search('praam').hits.map((h) => h.id)).toEqual(['a']);
      expect(index.postings).toEqual({ base: 1, delta: 0 });
    }
  });

  it('refuse a document with a field they do not know, keeping the one it would replace', () => {
    const index = new SearchIndex();
    index.add({ id: 'a', fields: [{ field: 'title', lang: 'fi', text: 'Lautta' }] });
    expect(() => index.add({ id: 'a', fields: [{ field: 'body' as SearchFieldName, lang: 'fi', text: 'Praam' }] })).toThrow('unknown search field body');
    expect(index.search('lautta').hits.map((h) => h.id)).toEqual(['a']);
  });

  it('merge the delta into the base once it outgrows its share', () => {
    const index = new SearchIndex({ deltaMin: 10 });
    for (let i = 0; i < 30; i++) index.add({ id: `d${i}`, fields: [{ field: 'title', lang: 'en', text: `ferry number${i}` }] });
    expect(index.postings.base).toBeGreaterThan(0);
    expect(index.postings.delta).toBeLessThanOrEqual(10);
    expect(index.search('ferry').hits).toHaveLength(30);
  });
});

describe('did you mean', () => {
  const index = corpusIndex();

  it('offers the nearest word that finds something, one edit away, two for long words', () => {
    // `timetalbes` is one swap from `timetables`, which the typo tier already finds: nothing to offer.
    expect(index.search('timetalbes').hits.length).toBeGreaterThan(0);
    expect(index.didYouMean('timetalbes')).toBeNull();
    expect(index.search('ferry tmietbales').hits).toEqual([]);
    expect(index.didYouMean('ferry tmietbales')).toBe('ferry timetables');
    expect(index.didYouMean('rahvastkuprognos')).toBe('rahvastikuprognoos');
    expect(index.didYouMean('xyzzyq')).toBeNull();
  });

  it('gives back every score array it borrowed, as a search does', () => {
    // Each one kept lent is an array as long as the index, for the server's life.
    index.search('ferry tmietbales');
    expect(index.lentCount).toBe(0);
    index.didYouMean('ferry tmietbales');
    index.didYouMean('rahvastkuprognos');
    expect(index.lentCount).toBe(0);
  });

  it('offers only words of documents the caller may see', () => {
    expect(index.didYouMean('rahvastkuprognos', { visible: (id) => id !== 'et-rahvastikuprognoos' })).toBeNull();
    // A word only hidden documents hold finds nothing for the caller: the nearest word they may see is offered.
    const hidden = corpusIndex();
    hidden.add({ id: 'hidden', fields: [{ field: 'title', lang: 'et', text: 'rahvastkuprognos' }] });
    expect(hidden.didYouMean('rahvastkuprognos')).toBeNull();
    expect(hidden.didYouMean('rahvastkuprognos', { visible: (id) => id !== 'hidden' })).toBe('rahvastikuprognoos');
  });

  it('offers nothing when the corrected query still finds nothing', () => {
    expect(index.didYouMean('tmietbales prognoos')).toBeNull();
  });

  it('looks at the first six words it could correct, so a long query costs no more: a seventh is kept as written', () => {
    const right = (n: number) => Array.from({ length: n }, () => 'timetables').join(' ');
    expect(index.didYouMean(`${right(5)} tmietbales`)).toBe(right(6));
    expect(index.didYouMean(`${right(6)} tmietbales`)).toBeNull();
  });
});
