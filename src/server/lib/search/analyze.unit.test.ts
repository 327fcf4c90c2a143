import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { growth, SUPERLINEAR } from '../../test/growth.ts';
import { fold, gradationKey, MAX_STEMMED_LENGTH, sameStemFamily, SEARCH_LANGUAGES, stem, stemNormal, stems, tokens, type SearchLanguage } from './analyze.ts';
import { snowballStem } from './stemmers.ts';

const keys = (text: string) => tokens(text).map((t) => t.key);

describe('fold', () => {
  it('takes the diacritics off Latin, Greek and Cyrillic letters', () => {
    expect(fold('Pääsiäinen')).toBe('paasiainen');
    expect(fold('Õhukvaliteet')).toBe('ohukvaliteet');
    expect(fold('Šokolaad ja žürii')).toBe('sokolaad ja zurii');
    expect(fold('Färjan går från Åbo')).toBe('farjan gar fran abo');
    expect(fold('Αθήνα')).toBe('αθηνα');
    expect(fold('Ёлка')).toBe('елка');
    expect(fold('Tiếng Việt')).toBe('tieng viet');
  });

  it("writes out the letters that do not decompose, and the final sigma as a sigma", () => {
    expect(fold('Straße')).toBe('strasse');
    expect(fold('Øresund')).toBe('oresund');
    expect(fold('Łódź')).toBe('lodz');
    expect(fold('Æbeltoft œuvre')).toBe('aebeltoft oeuvre');
    expect(fold('Đakovo Þingvellir')).toBe('dakovo thingvellir');
    expect(fold('ΟΔΟΣ')).toBe('οδοσ');
    expect(fold('İstanbul Diyarbakır')).toBe('istanbul diyarbakir');
  });

  it('reads compatibility forms as what they are', () => {
    expect(fold('Ｔａｌｌｉｎｎ')).toBe('tallinn');
    expect(fold('ﬁnanssi')).toBe('finanssi');
    expect(fold('väes\u00ADtö')).toBe('vaesto');
  });

  it('keeps the marks of other scripts, which are part of the word', () => {
    expect(fold('が')).toBe('が');
    expect(fold('が')).not.toBe(fold('か'));
    expect(fold('한국어')).toBe('한국어'); // NFD takes a syllable apart; it is put back together
    expect(fold('हिन्दी')).toBe('हिन्दी');
  });

  /** The definition, written plainly (analyze.ts takes a shortcut through tables for most text). */
  function foldByDefinition(text: string): string {
    const decomposed = text.normalize('NFKC').toLowerCase().replaceAll('\u00AD', '').normalize('NFD');
    const foldsMarks = (code: number) =>
      code < 0x0530 || (code >= 0x1e00 && code <= 0x1fff) || (code >= 0x1c80 && code <= 0x1c8f) || (code >= 0x2c60 && code <= 0x2c7f) || (code >= 0xa640 && code <= 0xa69f) || (code >= 0xa720 && code <= 0xa7ff) || (code >= 0xab30 && code <= 0xab6f);
    let out = '';
    let base = -1;
    for (const char of decomposed) {
      if (/\p{M}/u.test(char)) {
        if (base >= 0 && !foldsMarks(base)) out += char;
      } else {
        base = char.codePointAt(0)!;
        out += char;
      }
    }
    const undecomposed: Record<string, string> = { ß: 'ss', ø: 'o', ł: 'l', æ: 'ae', œ: 'oe', đ: 'd', ð: 'd', þ: 'th', ħ: 'h', ŧ: 't', ı: 'i', ς: 'σ' };
    return [...out].map((char) => undecomposed[char] ?? char).join('').normalize('NFC');
  }

  it('is its definition, on any text', () => {
    const latinGreekCyrillic = fc.string({ unit: fc.integer({ min: 0, max: 0x0600 }).map((code) => String.fromCharCode(code)), maxLength: 20 });
    fc.assert(
      fc.property(fc.oneof(latinGreekCyrillic, fc.string({ unit: 'binary' })), (text) => {
        expect(fold(text)).toBe(foldByDefinition(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('is idempotent, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(fold(fold(text))).toBe(fold(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('tokens', () => {
  it('are the words, lower case and folded, with where they are', () => {
    expect(tokens('Verokortti, Tallinna!')).toEqual([
      { text: 'verokortti', key: 'verokortti', kind: 'word', start: 0, end: 10 },
      { text: 'tallinna', key: 'tallinna', kind: 'word', start: 12, end: 20 },
    ]);
    expect(tokens('Õhukvaliteet')).toEqual([{ text: 'õhukvaliteet', key: 'ohukvaliteet', kind: 'word', start: 0, end: 12 }]);
  });

  it('read a run of Han, Kana or Hangul as its character bigrams, a lone character as itself', () => {
    expect(keys('赫尔辛基人口统计2024年')).toEqual(['赫尔', '尔辛', '辛基', '基人', '人口', '口统', '统计', '2024', '年']);
    expect(tokens('人口 统计').map((t) => [t.key, t.kind, t.start, t.end])).toEqual([
      ['人口', 'cjk', 0, 2],
      ['统计', 'cjk', 3, 5],
    ]);
    expect(keys('東京の人口')).toEqual(['東京', '京の', 'の人', '人口']);
    expect(keys('한국어 검색')).toEqual(['한국', '국어', '검색']);
    expect(keys('Tallinn 市')).toEqual(['tallinn', '市']);
  });

  it('read half-width Katakana as Katakana, the whole word marked where its length changed', () => {
    expect(tokens('ｶﾞｲﾄﾞ').map((t) => [t.key, t.start, t.end])).toEqual([
      ['ガイ', 0, 5],
      ['イド', 0, 5],
    ]);
  });

  it('give a hyphenated word as its parts and joined, after them', () => {
    expect(tokens('väestö-ennuste 2040').map((t) => [t.key, t.kind, t.start, t.end])).toEqual([
      ['vaesto', 'word', 0, 6],
      ['ennuste', 'word', 7, 14],
      ['vaestoennuste', 'joined', 0, 14],
      ['2040', 'word', 15, 19],
    ]);
    expect(keys('Helsinki-Tallinna-tunneli')).toEqual(['helsinki', 'tallinna', 'tunneli', 'helsinkitallinnatunneli']);
    expect(keys('COVID-19')).toEqual(['covid', '19', 'covid19']);
    expect(keys('EU‑maa')).toEqual(['eu', 'maa', 'eumaa']); // non-breaking hyphen
  });

  it('do not join words a dash or a space stands between, nor CJK', () => {
    expect(keys('Helsinki–Tallinn')).toEqual(['helsinki', 'tallinn']);
    expect(keys('väestö - ennuste')).toEqual(['vaesto', 'ennuste']);
    expect(keys('a-東京-b')).toEqual(['a', '東京', 'b']);
  });

  it('keep a word a soft hyphen divides whole', () => {
    expect(tokens('väes\u00ADtö').map((t) => [t.key, t.start, t.end])).toEqual([['vaesto', 0, 7]]);
  });

  it('split what normalising makes two words, each marked as the whole', () => {
    expect(tokens('⒈x').map((t) => [t.key, t.start, t.end])).toEqual([
      ['1', 0, 2],
      ['x', 0, 2],
    ]);
  });

  it('are nothing for text without words', () => {
    expect(tokens('')).toEqual([]);
    expect(tokens(' -–— "" ** \u0301 ')).toEqual([]);
  });

  // Any string, lone surrogates included, and strings made of the parts that take special paths.
  const special = fc
    .array(fc.constantFrom('Pääsiäinen', 'ΟΔΟΣ', 'Ёлка', '赫尔辛基', 'が', 'ｶﾞ', '한국', '-', '‑', '–', ' ', '\u00AD', '\u0301', '\u3099', 'ß', 'İ', 'Ｔ', '⒈', 'ﷺ', '𠀋', '\uD800', 'a', '7'), { maxLength: 30 })
    .map((parts) => parts.join(''));
  const anyText = fc.oneof(fc.string({ unit: 'binary' }), special);

  it('never throw, and each is a folded, non-empty key inside the text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        for (const token of tokens(text)) {
          expect(token.key).not.toBe('');
          expect(fold(token.key)).toBe(token.key);
          expect(token.start).toBeGreaterThanOrEqual(0);
          expect(token.end).toBeGreaterThan(token.start);
          expect(token.end).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('of their own keys are those keys: analysis is idempotent on folded terms', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const terms = tokens(text).map((t) => t.key);
        expect(tokens(terms.join(' ')).map((t) => t.key)).toEqual(terms);
      }),
      { numRuns: 3000 },
    );
  });

  it('take time linear in the text, whatever it is made of', { timeout: 60_000 }, () => {
    const hostile: ((length: number) => string)[] = [
      (n) => 'a'.repeat(n),
      (n) => 'ä'.repeat(n),
      (n) => 'a-'.repeat(n / 2),
      (n) => 'ää-'.repeat(n / 3),
      (n) => '赫'.repeat(n),
      (n) => 'a赫'.repeat(n / 2),
      (n) => '\u0301'.repeat(n),
      (n) => `a${'\u0301'.repeat(n)}`,
      (n) => `赫${'\u3099'.repeat(n)}`,
      (n) => 'ｶﾞ'.repeat(n / 2),
      (n) => 'väes\u00ADtö '.repeat(n / 8),
      (n) => 'Pääsiäisen ΟΔΟΣ Ёлка 赫尔辛基 '.repeat(n / 25),
    ];
    for (const build of hostile) {
      expect(growth((text) => tokens(text).map((t) => stemNormal(t.text, 'et')), build, 20_000), JSON.stringify(build(8))).toBeLessThan(SUPERLINEAR);
    }
  });
});

describe('stem', () => {
  it("is Snowball's stem, folded", () => {
    expect(stem('hållplatserna', 'sv')).toBe(fold(snowballStem('hållplatserna', 'sv')));
    expect(stem('налогов', 'ru')).toBe('налог');
    expect(stem('forecasting', 'en')).toBe('forecast');
    // Stemmed before folding: Finnish Snowball tells -ssä from -ssa by the word's own vowels.
    expect(stem('Pääsiäisenä', 'fi')).toBe(fold(snowballStem('pääsiäisenä', 'fi')));
  });

  it('adds the Estonian rules: plural -d, -us/-use/-ust, ht → h', () => {
    expect(snowballStem('prognoosid', 'et')).toBe('prognoosid');
    expect(stem('prognoosid', 'et')).toBe('prognoosi');
    expect(snowballStem('liikluse', 'et')).toBe('liikluse');
    expect(stem('liikluse', 'et')).toBe('liiklus');
    expect(sameStemFamily(stem('liikluse', 'et'), stem('liiklust', 'et'))).toBe(true);
    expect([snowballStem('elukohta', 'et'), snowballStem('elukohtade', 'et')]).toEqual(['elukohta', 'elukohta']);
    expect([stem('elukoht', 'et'), stem('elukohta', 'et'), stem('elukohtade', 'et')]).toEqual(['elukoh', 'elukoh', 'elukoh']);
  });

  it('adds the Finnish rules: -in → -is (the -nen words), -ks → -s', () => {
    expect([snowballStem('pääsiäinen', 'fi'), snowballStem('pääsiäisen', 'fi')]).toEqual(['pääsiäin', 'pääsiäis']);
    expect([stem('pääsiäinen', 'fi'), stem('pääsiäisen', 'fi')]).toEqual(['paasiais', 'paasiais']);
    expect(snowballStem('sairausvakuutuksen', 'fi')).toBe('sairausvakuutuks');
    expect(stem('sairausvakuutuksen', 'fi')).toBe(stem('sairausvakuutus', 'fi'));
  });

  it('leaves words longer than the cap as their key', () => {
    const long = 'Pääsiäisen'.repeat(7);
    expect(long.length).toBeGreaterThan(MAX_STEMMED_LENGTH);
    expect(stem(long, 'fi')).toBe(fold(long));
  });

  it('of a query word is there in every language', () => {
    expect(stems('lautalla')).toEqual({ fi: stem('lautalla', 'fi'), et: stem('lautalla', 'et'), sv: stem('lautalla', 'sv'), ru: 'lautalla', en: 'lautalla' });
    expect(stems('паромом').ru).toBe('паром');
  });
});

describe('sameStemFamily', () => {
  it('takes equal stems, and a shorter one of four letters or more that the longer extends by one or two', () => {
    expect(sameStemFamily('laut', 'laut')).toBe(true);
    expect(sameStemFamily('laut', 'lauta')).toBe(true);
    expect(sameStemFamily('lauta', 'laut')).toBe(true);
    expect(sameStemFamily('praam', 'praamid')).toBe(true);
    expect(sameStemFamily('praam', 'praamide')).toBe(false); // three letters more
    expect(sameStemFamily('kul', 'kulu')).toBe(false); // shorter than four
    expect(sameStemFamily('lauta', 'lauto')).toBe(false);
  });

  it('folds gradation, where the shorter stem has five letters or more', () => {
    expect(gradationKey('maksukaardi')).toBe('maksukaarti');
    expect(gradationKey('verokortti')).toBe('verokorti');
    expect(gradationKey('abba')).toBe('abba'); // the first three letters stay
    // Only gradation makes these one word: `maksukaardi`/`maksukaarti`, `helsing`/`helsink`.
    expect(sameStemFamily(stem('maksukaardi', 'et'), stem('maksukaarti', 'et'))).toBe(true);
    expect(sameStemFamily(stem('Helsingin', 'fi'), stem('Helsinki', 'fi'))).toBe(true);
    // `kort` is four letters, so the graded `kortel` of `kortteli` (a city block) stays apart.
    expect(sameStemFamily(stem('kortti', 'fi'), stem('kortteli', 'fi'))).toBe(false);
  });

  /**
   * The design's inflection groups (issue 15, §2: every form of a group is the same word), as
   * written there. Pairwise recall: of the ordered pairs of different forms in a group, the
   * share whose stems are one family. The design's table rounds: et 96 % is 438 of 454 pairs
   * (0.9648), fi 97 % 376 of 388 (0.9691), ru 93 % 124 of 134 (0.9254).
   */
  const GROUPS: Record<SearchLanguage, string[]> = {
    et: [
      'praam praami praamiga praamid praamide praamidega praamil praamile praamis praamist',
      'sadam sadama sadamat sadamas sadamast sadamasse sadamad sadamate',
      'maksukaart maksukaardi maksukaarti maksukaardid maksukaartide maksukaardiga',
      'rahvastik rahvastiku rahvastikku rahvastikust rahvastikule',
      'prognoos prognoosi prognoosid prognooside prognoosidele prognoosist',
      'elukoht elukoha elukohta elukohad elukohtade elukohas',
      'liiklus liikluse liiklust liiklusest liiklusele liiklused',
      'ravikindlustus ravikindlustuse ravikindlustust ravikindlustusega',
      'tööandja tööandjad tööandjale tööandjat tööandjate',
      'pension pensioni pensionit pensionid pensionide pensionile',
      'kool kooli koolid koolides koolis koolist',
      'õhukvaliteet õhukvaliteedi õhukvaliteeti õhukvaliteedist',
      'tallinn tallinna tallinnas tallinnast tallinnasse',
      'juhiluba juhiloa juhilubade juhiload',
      'tramm trammi trammid trammiga',
      'pilet pileti piletit piletid piletite',
    ],
    fi: [
      'lautta lautan lauttaa lautalla lautat lauttojen lautoilla lauttaan',
      'verokortti verokortin verokorttia verokortit verokorttien verokortilla',
      'ennuste ennusteen ennustetta ennusteet ennusteiden ennusteissa',
      'liikenne liikenteen liikennettä liikenteessä liikenteestä',
      'satama sataman satamaa satamassa satamasta satamaan satamat satamien',
      'tallinna tallinnan tallinnaa tallinnassa tallinnasta tallinnaan',
      'helsinki helsingin helsinkiä helsingissä helsingistä helsinkiin',
      'aikataulu aikataulun aikataulua aikataulut aikataulujen aikatauluissa',
      'työnantaja työnantajan työnantajaa työnantajat työnantajien',
      'eläke eläkkeen eläkettä eläkkeet eläkkeiden',
      'koulu koulun koulua koulut koulujen kouluissa',
      'ajokortti ajokortin ajokorttia ajokortit',
      'sairausvakuutus sairausvakuutuksen sairausvakuutusta sairausvakuutukset',
      'väestö väestön väestöä väestössä',
    ],
    sv: [
      'hållplats hållplatsen hållplatser hållplatserna',
      'färja färjan färjor färjorna färjans',
      'skattekort skattekortet skattekorten skattekortets',
      'befolkning befolkningen befolkningens',
      'hamn hamnen hamnar hamnarna',
      'prognos prognosen prognoser prognoserna',
    ],
    ru: [
      'паром парома пароме паромом паромы паромов',
      'налог налога налогу налогом налоги налогов',
      'пенсия пенсии пенсию пенсией пенсий',
      'таллин таллина таллине таллином',
      'школа школы школе школу школой школ',
      'прогноз прогноза прогнозы прогнозов',
    ],
    en: ['ferry ferries', 'forecast forecasts forecasting', 'population populations', 'timetable timetables', 'school schools schooling', 'harbour harbours', 'certificate certificates', 'card cards'],
  };

  function recall(lang: SearchLanguage, same: (a: string, b: string) => boolean): number {
    let pairs = 0;
    let found = 0;
    for (const group of GROUPS[lang]) {
      const forms = group.split(' ');
      for (const a of forms) {
        for (const b of forms) {
          if (a === b) continue;
          pairs++;
          if (same(a, b)) found++;
        }
      }
    }
    return found / pairs;
  }

  // et: 1 since the `-us` nouns and the `luba`/`loa` gradation are rules (0.9648 before).
  const LOWER_BOUNDS: Record<SearchLanguage, number> = { et: 1, fi: 0.969, sv: 1, ru: 0.925, en: 1 };

  for (const lang of SEARCH_LANGUAGES) {
    it(`finds the forms of one word in ${lang} as the design measured (≥ ${LOWER_BOUNDS[lang]})`, () => {
      expect(recall(lang, (a, b) => sameStemFamily(stem(a, lang), stem(b, lang)))).toBeGreaterThanOrEqual(LOWER_BOUNDS[lang]);
    });
  }

  it('keeps the forms of the Finnish -us/-ys nouns, the Estonian -us nouns and the Estonian b/d/g that goes in the weak grade together', () => {
    const groups: [SearchLanguage, string][] = [
      ['fi', 'etuus etuuden etuudet etuutta etuuksia'],
      ['fi', 'terveys terveyden terveyttä'],
      ['fi', 'rakkaus rakkauden rakkautta'],
      ['et', 'toetus toetuse toetust toetused toetuste'],
      ['et', 'lapsetoetus lapsetoetuse lapsetoetust lapsetoetuste'],
      ['et', 'juhiluba juhiloa juhilubade juhiload'],
      ['et', 'luba loa lubade'],
      ['et', 'tuba toa tubade'],
      ['et', 'nuga noa'],
      ['et', 'rida rea ridade'],
    ];
    for (const [lang, group] of groups) {
      const forms = group.split(' ');
      for (const a of forms) for (const b of forms) expect(sameStemFamily(stem(a, lang), stem(b, lang)), `${lang} ${a} ${b}`).toBe(true);
    }
    // Not another word: `kortti` is no `-us` noun, `saba` (a tail) keeps its `b`, `pidu`'s `d` is not before an `a`.
    expect(sameStemFamily(stem('saba', 'et'), stem('saa', 'et'))).toBe(false);
    expect(stem('pidu', 'et')).toBe('pidu');
  });

  it('needs the family test and the rules: equal Snowball stems find far fewer (the design: et 62 %, fi 78 %, sv 57 %)', () => {
    const equal = (lang: SearchLanguage) => recall(lang, (a, b) => snowballStem(a, lang) === snowballStem(b, lang));
    expect(equal('et')).toBeLessThan(0.63);
    expect(equal('fi')).toBeLessThan(0.79);
    expect(equal('sv')).toBeLessThan(0.58);
  });
});

describe('stemNormal', () => {
  it('stems a token as it is (its text is normalised already), as stem does the word as written', () => {
    expect(tokens('Verokortin hakeminen').map((t) => [t.key, stemNormal(t.text, 'fi')])).toEqual([
      ['verokortin', stem('Verokortin', 'fi')],
      ['hakeminen', stem('hakeminen', 'fi')],
    ]);
    expect(tokens('Rahvastiku-prognoosid').map((t) => [t.key, t.kind, stemNormal(t.text, 'et')])).toEqual([
      ['rahvastiku', 'word', stem('rahvastiku', 'et')],
      ['prognoosid', 'word', 'prognoosi'],
      ['rahvastikuprognoosid', 'joined', 'rahvastikuprognoosi'],
    ]);
    expect(stems('Pääsiäisenä')).toEqual(Object.fromEntries(SEARCH_LANGUAGES.map((lang) => [lang, stemNormal('pääsiäisenä', lang)])));
  });
});
