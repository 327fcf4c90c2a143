import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { growth, SUPERLINEAR } from '../../test/growth.ts';
import { webSearchText } from '../search-words.ts';
import { MAX_QUERY_WORDS, parseQuery, type Query } from './query.ts';

/** Every word of a query (the groups' first, then the excluded). */
const queryWords = (query: Query) => [...query.groups.flat(), ...query.excluded].flatMap((unit) => unit.words);

/** A query as text: groups by `&`, alternatives by `|`, phrases quoted, exclusions after `!`. */
function show(query: Query): string {
  const unit = (u: Query['groups'][number][number]) => (u.phrase ? `"${u.words.map((w) => w.key).join(' ')}"` : u.words.map((w) => w.key).join('+'));
  const groups = query.groups.map((g) => g.map(unit).join('|')).join(' & ');
  const excluded = query.excluded.map((u) => ` !${unit(u)}`).join('');
  return `${query.everything ? '*' : ''}${groups}${excluded}`;
}
const web = (q: string) => show(parseQuery(q));
const solr = (q: string) => show(parseQuery(q, 'solr'));

describe('the web query syntax', () => {
  it('ANDs words and folds them', () => {
    expect(web('Pääsiäinen  Tallinna')).toBe('paasiainen & tallinna');
  });

  it('reads `or` in any case between two words as alternatives, binding closer than AND', () => {
    expect(web('lautta or praam aikataulu')).toBe('lautta|praam & aikataulu');
    expect(web('lautta OR praam')).toBe('lautta|praam');
    expect(web('or lautta or')).toBe('lautta');
    expect(web('"or"')).toBe('"or"');
  });

  it('reads dashes as webSearchText does: an odd run excludes, an even one is nothing, a dash in a word joins', () => {
    // The same cases as search-words.unit.test.ts, read as queries.
    expect(web('liikenne ---tallinn')).toBe('liikenne !tallinn');
    expect(web('liikenne --tallinn')).toBe('liikenne & tallinn');
    expect(web('- - -tallinn')).toBe('* !tallinn');
    expect(web('a - b')).toBe('a !b');
    expect(web('"--a b" (--c')).toBe('"a b" & c');
    expect(web(`${'- '.repeat(151)}a`)).toBe('* !a');
    expect(web('e-teenused -x a-b--c')).toBe('eteenused & ab+c !x');
    expect(web(`a ${'-'.repeat(200)}`)).toBe('a');
    expect(web('-')).toBe('');
    expect(web('(-c d')).toBe('d !c');
  });

  it('agrees with webSearchText on which words are negated, for any mix of words, dashes and spaces', () => {
    // Quotes and parentheses are left to the examples above: the property is about counting dashes.
    const piece = fc.constantFrom('a', 'b', 'cc', '-', '--', ' ', '  ', '-a', 'a-b', '-b-');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const q = pieces.join('');
        // webSearchText leaves one dash before each negated word; count the words after a dash at a word start.
        const rewritten = webSearchText(q);
        const negated = rewritten.split(/\s+/).flatMap((chunk) => (chunk.startsWith('-') ? [chunk.replace(/[^a-z]/g, '')] : []));
        const query = parseQuery(q);
        expect(query.excluded.map((u) => u.words.map((w) => w.key).join(''))).toEqual(negated.filter((w) => w !== ''));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a quoted phrase, an unclosed one to the end, a hyphenated word as one word', () => {
    expect(web('"väestö ennuste" 2040')).toBe('"vaesto ennuste" & 2040');
    expect(web('-"väestö ennuste"')).toBe('* !"vaesto ennuste"');
    expect(web('"väestö ennuste')).toBe('"vaesto ennuste"');
    expect(web('väestö-ennuste')).toBe('vaestoennuste');
  });

  it('keeps the words of one written word together, CJK as its bigrams', () => {
    expect(web('人口统计')).toBe('人口+口统+统计');
    expect(web('a/b')).toBe('a+b');
  });

  it('keeps at most 16 words, and marks words too long to stem', () => {
    const query = parseQuery(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '));
    expect(queryWords(query)).toHaveLength(MAX_QUERY_WORDS);
    expect(queryWords(parseQuery('a'.repeat(65)))[0].long).toBe(true);
    expect(queryWords(parseQuery('a'.repeat(64)))[0].long).toBe(false);
  });

  it('knows where each word is, to put another in its place', () => {
    const [first, second] = queryWords(parseQuery('air "qualty"'));
    expect([first.start, first.end, second.start, second.end]).toEqual([0, 3, 5, 11]);
  });
});

describe('the Solr query syntax (CKAN q)', () => {
  it("reads Solr's operators in capitals", () => {
    expect(solr('ferry AND tallinn')).toBe('ferry & tallinn');
    expect(solr('ferry OR praam')).toBe('ferry|praam');
    expect(solr('ferry || praam && x')).toBe('ferry|praam & x');
    expect(solr('ferry NOT tallinn')).toBe('ferry !tallinn');
    expect(solr('ferry -tallinn +helsinki !x')).toBe('ferry & helsinki !tallinn !x');
    expect(solr('ferry or praam')).toBe('ferry & or & praam');
  });

  it('takes off the text:, title: and notes: prefixes, and reads *:* as everything', () => {
    expect(solr('title:ferry notes:"daily timetable" text:x')).toBe('ferry & "daily timetable" & x');
    expect(solr('*:*')).toBe('*');
    expect(solr('*:* -x')).toBe('* !x');
    expect(solr('*')).toBe('*');
    expect(solr('ferry -title:"daily timetable" NOT notes:x')).toBe('ferry !"daily timetable" !x');
  });

  it('reads parentheses as spaces', () => {
    expect(solr('a AND (b OR c)')).toBe('a & b|c');
  });
});

describe('any query', () => {
  const anyQuery = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 1000 }),
    fc.array(fc.constantFrom('a', 'ää', '-', '--', ' ', '"', 'or', 'OR', 'AND', 'NOT', '+', '!', '(', ')', '*:*', 'title:', '赫尔辛基', '\uD800', '\uDC00', 'ｶﾞ', '‑'), { maxLength: 300 }).map((p) => p.join('')),
  );

  it('is read without throwing, into at most 16 words', () => {
    fc.assert(
      fc.property(anyQuery, fc.constantFrom('web' as const, 'solr' as const), (q, syntax) => {
        const query = parseQuery(q, syntax);
        expect(queryWords(query).length).toBeLessThanOrEqual(MAX_QUERY_WORDS);
        for (const word of queryWords(query)) {
          expect(word.key).not.toBe('');
          expect(word.end).toBeLessThanOrEqual(q.length);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('is read in time linear in its length, whatever it is made of', { timeout: 60_000 }, () => {
    const hostile: ((length: number) => string)[] = [
      (n) => '-'.repeat(n),
      (n) => '- '.repeat(n / 2),
      (n) => `${'-'.repeat(n - 1)}a`,
      (n) => '"'.repeat(n),
      (n) => 'a-'.repeat(n / 2),
      (n) => 'or '.repeat(n / 3),
      (n) => '(-'.repeat(n / 2),
      (n) => '赫'.repeat(n),
      (n) => 'NOT '.repeat(n / 4),
      (n) => 'a-b/'.repeat(n / 4),
    ];
    for (const build of hostile) {
      for (const syntax of ['web', 'solr'] as const) {
        expect(growth((text) => parseQuery(text, syntax), build, 20_000), `${syntax} ${JSON.stringify(build(8))}`).toBeLessThan(SUPERLINEAR);
      }
    }
  });
});
