import { describe, expect, it } from 'vitest';
import { lexemeQuery, lexemesOf, parseTsQuery, phrasesIn, UnsupportedQuery } from './tsquery.ts';

describe('reading a tsquery as PostgreSQL prints it', () => {
  it('keeps its operators, their binding and its lexemes', () => {
    // What websearch_to_tsquery('liikenne tallinn -zq1x') prints in two of the four languages.
    expect(parseTsQuery("'liike' & 'tallin' & !'zq1x' | 'liikenne' & 'tallinn' & !'zq1x'")).toEqual({
      kind: 'or',
      children: [
        { kind: 'and', children: [{ kind: 'lexeme', lexeme: 'liike' }, { kind: 'lexeme', lexeme: 'tallin' }, { kind: 'not', child: { kind: 'lexeme', lexeme: 'zq1x' } }] },
        { kind: 'and', children: [{ kind: 'lexeme', lexeme: 'liikenne' }, { kind: 'lexeme', lexeme: 'tallinn' }, { kind: 'not', child: { kind: 'lexeme', lexeme: 'zq1x' } }] },
      ],
    });
    expect(parseTsQuery("'e-teenused' <-> 'e' <-> 'teenused' | 'park'")).toEqual({
      kind: 'or',
      children: [
        { kind: 'phrase', children: [{ kind: 'lexeme', lexeme: 'e-teenused' }, { kind: 'lexeme', lexeme: 'e' }, { kind: 'lexeme', lexeme: 'teenused' }] },
        { kind: 'lexeme', lexeme: 'park' },
      ],
    });
    expect(parseTsQuery("!( 'a' <2> 'b' ) & ( 'c' | 'd' )")).toEqual({
      kind: 'and',
      children: [
        { kind: 'not', child: { kind: 'phrase', children: [{ kind: 'lexeme', lexeme: 'a' }, { kind: 'lexeme', lexeme: 'b' }] } },
        { kind: 'or', children: [{ kind: 'lexeme', lexeme: 'c' }, { kind: 'lexeme', lexeme: 'd' }] },
      ],
    });
  });

  it('reads quotes and backslashes inside a lexeme, and writes them back the same way', () => {
    const tree = parseTsQuery("'a''b\\\\c' & 'ö'");
    expect(tree).toEqual({ kind: 'and', children: [{ kind: 'lexeme', lexeme: "a'b\\c" }, { kind: 'lexeme', lexeme: 'ö' }] });
    expect(lexemeQuery("a'b\\c")).toBe("'a''b\\\\c'");
    expect(parseTsQuery(lexemeQuery("it's \\ fine"))).toEqual({ kind: 'lexeme', lexeme: "it's \\ fine" });
  });

  it('takes the empty query as matching nothing, and refuses what it does not read', () => {
    expect(parseTsQuery('')).toBeNull();
    expect(() => parseTsQuery("'a':*")).toThrow(UnsupportedQuery);
    expect(() => parseTsQuery("'a':AB")).toThrow(UnsupportedQuery);
    expect(() => parseTsQuery("'a' &")).toThrow(UnsupportedQuery);
    expect(() => parseTsQuery("('a' | 'b'")).toThrow(UnsupportedQuery);
    expect(() => parseTsQuery("'unterminated")).toThrow(UnsupportedQuery);
    expect(() => parseTsQuery("'a' 'b'")).toThrow(UnsupportedQuery);
  });

  it('names each lexeme once and finds phrases, also under a negation', () => {
    const tree = parseTsQuery("'a' & !( 'b' <-> 'c' ) | 'a'")!;
    expect([...lexemesOf(tree)]).toEqual(['a', 'b', 'c']);
    expect(phrasesIn(tree)).toEqual({ any: true, negated: true });
    expect(phrasesIn(parseTsQuery("'a' <-> 'b' & !'c'")!)).toEqual({ any: true, negated: false });
    expect(phrasesIn(parseTsQuery("'a' & !'c'")!)).toEqual({ any: false, negated: false });
  });
});
