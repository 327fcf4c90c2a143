import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameStemFamily, SEARCH_LANGUAGES, stem, tokens, type SearchLanguage } from './analyze.ts';
import { editsOf, Lexicon, MAX_EXPANDED_TERMS, TIER_INFLECTION, TIER_PART_HEAD, TIER_PART_MIDDLE, TIER_PART_MODIFIER, TIER_PART_TYPO, TIER_TYPO, TIER_WORD, withinEdits } from './lexicon.ts';
import { parseQuery } from './query.ts';

function lexiconOf(text: string, lang: SearchLanguage | null = 'fi'): Lexicon {
  const lexicon = new Lexicon();
  for (const token of tokens(text)) lexicon.adjust(lexicon.intern(token, lang), 1);
  return lexicon;
}

/** The terms a word reaches, as `term:tier`. */
function expansion(lexicon: Lexicon, q: string): Record<string, number> {
  const word = parseQuery(q).groups[0][0].words[0];
  const { terms, tiers } = lexicon.expand(word);
  return Object.fromEntries(terms.map((t, i) => [lexicon.keys[t], tiers[i]]));
}

/** Damerau distance ≤ 1, written plainly. */
function oneEdit(a: string, b: string): boolean {
  const x = Array.from(a);
  const y = Array.from(b);
  if (x.length === y.length) {
    const diff = x.flatMap((c, i) => (c === y[i] ? [] : [i]));
    return diff.length === 1 || (diff.length === 2 && diff[1] === diff[0] + 1 && x[diff[0]] === y[diff[1]] && x[diff[1]] === y[diff[0]]);
  }
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  if (long.length - short.length !== 1) return false;
  return long.some((_, i) => [...long.slice(0, i), ...long.slice(i + 1)].join('') === short.join(''));
}

describe('edits', () => {
  const alphabet = ['a', 'b', 'ä', '𝒜'];
  const word = fc.array(fc.constantFrom(...alphabet), { maxLength: 7 }).map((l) => l.join(''));

  it('every string one edit away is generated, and only those', () => {
    fc.assert(
      fc.property(word, word, (a, b) => {
        expect(editsOf(a, alphabet).has(b)).toBe(a !== b && oneEdit(a, b));
        expect(withinEdits(a, b, 1)).toBe(a === b || oneEdit(a, b));
      }),
      { numRuns: 3000 },
    );
  });

  it('neighbours one edit away are every term within one edit, words with letter pairs no term has included', () => {
    // A small alphabet and short terms, so that a word often has pairs of letters no term has:
    // a word is passed over without its variants only when no term can be one edit away.
    const letters = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { minLength: 1, maxLength: 9 }).map((l) => l.join(''));
    fc.assert(
      fc.property(fc.array(letters, { minLength: 1, maxLength: 12 }), letters, (terms, word) => {
        const lexicon = lexiconOf(terms.join(' '), null);
        const found = lexicon.typoNeighbours(word).map((id) => lexicon.keys[id]);
        const keys = new Set(tokens(terms.join(' ')).map((token) => token.key));
        expect(found.sort()).toEqual([...keys].filter((key) => key !== word && oneEdit(key, word)).sort());
      }),
      { numRuns: 3000 },
    );
  });

  it('a word with letter pairs no term has, far enough apart, costs no variants', () => {
    const lexicon = lexiconOf('aikataulu liikenne 2024 tilasto');
    // `zq` and `7x` are pairs no term has, five letters apart: no edit can mend both.
    expect(lexicon.typoNeighbours('zq2024x7x')).toEqual([]);
    expect(lexicon.typoNeighbours('aikatalu').map((id) => lexicon.keys[id])).toEqual(['aikataulu']);
  });

  it('neighbours two edits away are every term within two edits that shares a trigram with the word', () => {
    // (Two edits can change every trigram of a short word: `accabcaa` and `cacacbaa` share none. Those are not found.)
    const letters = fc.array(fc.constantFrom('a', 'b', 'c', 'ä'), { minLength: 8, maxLength: 16 }).map((l) => l.join(''));
    // Terms near the word: each made by up to three random edits of it.
    const edit = fc.tuple(fc.nat(20), fc.constantFrom('drop', 'swap', 'put'), fc.constantFrom('a', 'b', 'd'));
    fc.assert(
      fc.property(letters, fc.array(fc.array(edit, { maxLength: 3 }), { maxLength: 30 }), (word, edited) => {
        const terms = edited.map((edits) => {
          const l = Array.from(word);
          for (const [at, how, c] of edits) {
            const i = at % l.length;
            if (how === 'drop') l.splice(i, 1);
            else if (how === 'swap' && i + 1 < l.length) [l[i], l[i + 1]] = [l[i + 1], l[i]];
            else l.splice(i, 0, c);
          }
          return l.join('');
        });
        const lexicon = lexiconOf(terms.join(' '));
        const key = tokens(word)[0].key;
        const found = lexicon.neighbours(key, 2).map((id) => lexicon.keys[id]);
        const trigrams = (t: string) => new Set(Array.from({ length: Math.max(0, t.length - 2) }, (_, i) => t.slice(i, i + 3)));
        const sharesOne = (t: string) => [...trigrams(t)].some((g) => trigrams(key).has(g));
        const expected = [...new Set(terms.map((t) => tokens(t)[0].key))].filter((t) => t !== key && withinEdits(key, t, 2) && sharesOne(t));
        expect(found.sort()).toEqual(expected.sort());
      }),
      { numRuns: 1000 },
    );
  });

  it('two edits are two', () => {
    expect(withinEdits('rahvastkuprognos', 'rahvastikuprognoos', 2)).toBe(true);
    expect(withinEdits('rahvastkuprognos', 'rahvastikuprognoosi', 2)).toBe(false);
  });
});

/** 400 words of other stems. */
const FILLER = Array.from({ length: 400 }, (_, i) => `qq${i.toString(36)}vw`).join(' ');

describe('expansion', () => {
  it('tiers the word, its inflections, its compounds and its typos', () => {
    const lexicon = lexiconOf('ennuste ennusteet väestöennuste ennustemalli vaestoennustemallit ennusye');
    expect(expansion(lexicon, 'ennuste')).toEqual({
      ennuste: TIER_WORD,
      ennusteet: TIER_INFLECTION,
      vaestoennuste: TIER_PART_HEAD,
      ennustemalli: TIER_PART_MODIFIER,
      vaestoennustemallit: TIER_PART_MIDDLE,
      ennusye: TIER_TYPO,
    });
  });

  it('looks for typos of words of 5 to 32 letters', () => {
    const lexicon = lexiconOf('ennusye enuste qwzxy qwzx aikataulutiedotjaliikennetilasto aikataulutiedotjaliikennetilastotjax');
    expect(expansion(lexicon, 'ennuste')).toEqual({ ennusye: TIER_TYPO, enuste: TIER_TYPO });
    // `qwzx`: an inflection (a stem family member) of the neighbour `qwzxy`, so a typo too.
    expect(expansion(lexicon, 'qwxzy')).toEqual({ qwzxy: TIER_TYPO, qwzx: TIER_TYPO });
    expect(expansion(lexicon, 'qwxz')).toEqual({});
    // 32 letters; the longer term holds it, one edit away, as a part.
    expect(expansion(lexicon, 'aikataulutiedotjaxiikennetilasto')).toEqual({ aikataulutiedotjaliikennetilasto: TIER_TYPO, aikataulutiedotjaliikennetilastotjax: TIER_PART_TYPO });
    expect(expansion(lexicon, 'aikataulutiedotjaxiikennetilastotjax')).toEqual({}); // 35: the neighbour one letter away is not looked for
  });

  it('finds typos of an inflected word: by the stems, and the inflections of the terms one edit away', () => {
    const lexicon = new Lexicon();
    for (const token of tokens('lapsilisien aikataulujen')) lexicon.adjust(lexicon.intern(token, 'fi'), 1);
    for (const token of tokens('timetable timetables')) lexicon.adjust(lexicon.intern(token, 'en'), 1);
    for (const token of tokens('hållplatser')) lexicon.adjust(lexicon.intern(token, 'sv'), 1);
    // Stems `lapsils` and `lapsilis`, one edit apart; `aikatalu` from `aikataulu`.
    expect(expansion(lexicon, 'lapsilsät')).toEqual({ lapsilisien: TIER_TYPO });
    expect(expansion(lexicon, 'aikatalu')).toEqual({ aikataulujen: TIER_TYPO });
    // The word one edit from a term's stem in its language (`hallplats`, Swedish).
    expect(expansion(lexicon, 'hålplats')).toEqual({ hallplatser: TIER_TYPO });
    // `timetable` one edit away, and its inflection `timetables`.
    expect(expansion(lexicon, 'timetabel')).toEqual({ timetable: TIER_TYPO, timetables: TIER_TYPO });
    // A stem of four letters is not reached by a typo: too many words are one edit from one.
    for (const token of tokens('kortin')) lexicon.adjust(lexicon.intern(token, 'fi'), 1);
    expect(expansion(lexicon, 'korta')).toEqual({});
  });

  it('finds a part one edit from a word of eight letters or more that is no term', () => {
    const lexicon = lexiconOf('liikennemeluselvitys poikkeusaikataulut busshållplatser melu aikataulu');
    expect(expansion(lexicon, 'liikenemelu')).toEqual({ liikennemeluselvitys: TIER_PART_TYPO });
    expect(expansion(lexicon, 'aikatalu')).toMatchObject({ poikkeusaikataulut: TIER_PART_TYPO, aikataulu: TIER_TYPO });
    // Two letters swapped, and an edit in either half; two edits are not one.
    expect(expansion(lexicon, 'hållpaltser')).toEqual({ busshallplatser: TIER_PART_TYPO });
    expect(expansion(lexicon, 'hxllplatser')).toEqual({ busshallplatser: TIER_PART_TYPO });
    expect(expansion(lexicon, 'hållplatsxr')).toEqual({ busshallplatser: TIER_PART_TYPO });
    expect(expansion(lexicon, 'hxllplatsxr')).toEqual({});
    // Seven letters: no part typos (`aikatlu` is two edits from every part anyway; `melux` is too short).
    expect(expansion(lexicon, 'ikataulu')).toHaveProperty('poikkeusaikataulut');
    expect(expansion(lexicon, 'ikatalu')).not.toHaveProperty('poikkeusaikataulut');
  });

  it('ranks a part written with other diacritics than the query word as a typo (`jäte` is not in Estonian `reisijate`)', () => {
    const lexicon = lexiconOf('biojäte jätehuolto reisijate');
    expect(expansion(lexicon, 'jäte')).toEqual({ biojate: TIER_PART_HEAD, jatehuolto: TIER_PART_MODIFIER, reisijate: TIER_PART_TYPO });
    // Written without them, the word is any of them.
    expect(expansion(lexicon, 'jate')).toEqual({ biojate: TIER_PART_HEAD, jatehuolto: TIER_PART_MODIFIER, reisijate: TIER_PART_HEAD });
  });

  it('finds a term the word’s stem starts, where the term leaves the word (a compound’s modifier), not one that goes on as the word does', () => {
    const lexicon = new Lexicon();
    for (const token of tokens('asuntokanta kortteli')) lexicon.adjust(lexicon.intern(token, 'fi'), 1);
    for (const token of tokens('bussliinid')) lexicon.adjust(lexicon.intern(token, 'et'), 1);
    expect(expansion(lexicon, 'asuntojen')).toEqual({ asuntokanta: TIER_PART_MIDDLE });
    expect(expansion(lexicon, 'bussarna')).toEqual({ bussliinid: TIER_PART_MIDDLE });
    expect(expansion(lexicon, 'kortti')).toEqual({});
  });

  it('finds a stem family through gradation, in the language the term was written in', () => {
    const lexicon = new Lexicon();
    for (const token of tokens('maksukaardi')) lexicon.adjust(lexicon.intern(token, 'et'), 1);
    for (const token of tokens('verokortin')) lexicon.adjust(lexicon.intern(token, 'fi'), 1);
    expect(expansion(lexicon, 'maksukaart')).toEqual({ maksukaardi: TIER_INFLECTION });
    expect(expansion(lexicon, 'verokortti')).toEqual({ verokortin: TIER_INFLECTION });
    // `verokortin` was never seen as Estonian, but the query word is stemmed in every language.
    expect(expansion(lexicon, 'verokorttia')).toHaveProperty('verokortin', TIER_INFLECTION);
  });

  it('finds every term whose stem is of the word’s family, as reading every term would', () => {
    const forms = ['praam', 'praami', 'praamid', 'praamidega', 'lautta', 'lautan', 'lauttojen', 'kaart', 'kaardi', 'kaarti', 'tallinn', 'tallinna', 'tallinnan', 'helsinki', 'helsingin', 'kort', 'kortti', 'kortteli', 'pilet', 'piletid'];
    fc.assert(
      fc.property(fc.subarray(forms, { minLength: 1 }), fc.constantFrom(...SEARCH_LANGUAGES), fc.constantFrom(...forms), fc.constantFrom('sorted', 'recent', 'both'), (indexed, lang, q, where) => {
        // With filler, the stems are sorted and searched by range; without, read one by one as new;
        // or the filler sorted first, and the forms new since.
        const lexicon = lexiconOf(where === 'recent' ? indexed.join(' ') : `${FILLER} ${where === 'sorted' ? indexed.join(' ') : ''}`, lang);
        if (where === 'both') {
          expansion(lexicon, 'qq1vw');
          // More new stems than the sorted ones take in at once: merged into them at the next lookup.
          for (const token of tokens(`${indexed.join(' ')} ${FILLER.replaceAll('qq', 'xz')}`)) lexicon.adjust(lexicon.intern(token, lang), 1);
        }
        const found = Object.entries(expansion(lexicon, q)).filter(([, tier]) => tier === TIER_INFLECTION).map(([term]) => term);
        // (A term that is also a part or a typo keeps its best tier, which is this one.)
        const expected = [...new Set(indexed)].filter((term) => term !== q && sameStemFamily(stem(q, lang), stem(term, lang)));
        expect(found.sort()).toEqual(expected.sort());
      }),
      { numRuns: 300 },
    );
  });

  it('splits a compound into indexed terms, with a linking s', () => {
    expect(lexiconOf('väestö ennuste').split('vaestoennuste')).toEqual(['vaesto', 'ennuste']);
    expect(lexiconOf('befolkning prognos', 'sv').split('befolkningsprognos')).toEqual(['befolkning', 'prognos']);
    expect(lexiconOf('helsinki tallinna tunneli').split('helsinkitallinnatunneli')).toEqual(['helsinki', 'tallinna', 'tunneli']);
    expect(lexiconOf('väestö').split('vaestoennuste')).toBeNull();
  });

  it('keeps at most 256 terms, the best tiers first', () => {
    const heads = Array.from({ length: 400 }, (_, i) => `x${i.toString(36).padStart(3, 'a')}ennuste`);
    const lexicon = lexiconOf(`ennuste ${heads.join(' ')}`);
    const found = expansion(lexicon, 'ennuste');
    expect(Object.keys(found)).toHaveLength(MAX_EXPANDED_TERMS);
    expect(found.ennuste).toBe(TIER_WORD);
  });

  it('sees terms added since it was cached', () => {
    const lexicon = lexiconOf('ennuste');
    expect(expansion(lexicon, 'ennuste')).toEqual({ ennuste: TIER_WORD });
    for (const token of tokens('ennusteet')) lexicon.adjust(lexicon.intern(token, 'fi'), 1);
    expect(expansion(lexicon, 'ennuste')).toEqual({ ennuste: TIER_WORD, ennusteet: TIER_INFLECTION });
    const gone = lexicon.id('ennusteet')!;
    lexicon.adjust(gone, -1);
    expect(expansion(lexicon, 'ennuste')).toEqual({ ennuste: TIER_WORD });
  });

  it('sees a known term written in a new language, whose stem there is known too', () => {
    const lexicon = lexiconOf('ennuste');
    for (const token of tokens('ennusteen')) lexicon.adjust(lexicon.intern(token, 'en'), 1);
    expect(expansion(lexicon, 'ennuste')).toEqual({ ennuste: TIER_WORD });
    // In Finnish `ennusteen` has the stem of `ennuste`, already in the Finnish table.
    for (const token of tokens('ennusteen')) lexicon.intern(token, 'fi');
    expect(expansion(lexicon, 'ennuste')).toEqual({ ennuste: TIER_WORD, ennusteen: TIER_INFLECTION });
  });
});

describe('Lexicon.intern', () => {
  it('stems a term in its text’s language only, and never a CJK bigram or text in no language it stems', () => {
    const literal = (lexicon: Lexicon, q: string) => {
      const { terms, tiers } = lexicon.expand(parseQuery(q).groups[0][0].words[0], true);
      return Object.fromEntries(terms.map((t, i) => [lexicon.keys[t], tiers[i]]));
    };
    expect(literal(lexiconOf('Bevölkerungsprognosen', 'fi'), 'bevolkerungsprognose')).toEqual({ bevolkerungsprognosen: TIER_INFLECTION });
    expect(literal(lexiconOf('Bevölkerungsprognosen', null), 'bevolkerungsprognose')).toEqual({});
    expect(literal(lexiconOf('人口统计', 'fi'), '人口')).toEqual({ 人口: TIER_WORD });
  });
});
