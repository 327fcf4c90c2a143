import { MAX_STEMMED_LENGTH, tokens, type Token, type TokenKind } from './analyze.ts';

/**
 * The query language of every list's search (issue 15, design §3.6), read by one linear scan of
 * the text: no regular expression over the query, no recursion, no stack that grows with it.
 *
 * Web syntax (the lists' `q`): words are ANDed; `or` (any case) between two words or phrases
 * makes them alternatives; `"…"` is a phrase; a run of dashes before a word or phrase, spaced or
 * not, excludes it when the number of dashes is odd and means nothing when it is even (as
 * `webSearchText` in `lib/search-words.ts` reads dashes for PostgreSQL today), a dash inside a
 * word joins it (`väestö-ennuste`, `e-teenused`), and dashes at the end negate nothing.
 *
 * Solr syntax (CKAN's `q`): the same, with Solr's operators in capitals (`AND`, `OR`, `NOT`,
 * `&&`, `||`, `!`), `+` before a word (required: every word is), the field prefixes `text:`,
 * `title:` and `notes:` taken off, and `*:*` (or `*`) for every document. Parentheses are read
 * as spaces: groups are not nested, and `or` binds closer than AND (`a b or c` is a AND (b OR c)),
 * which is also how Solr's `a AND (b OR c)` reads once its parentheses are gone.
 */

/** At most this many words in a query: the rest are dropped (cost is per word). */
export const MAX_QUERY_WORDS = 16;

export interface QueryWord {
  /** NFKC, lower case, as typed: what the stemmers read. */
  text: string;
  /** Folded: the term looked up. */
  key: string;
  /** `word`, `joined` (a hyphenated word, written together), or `cjk` (a bigram or lone character). */
  kind: TokenKind;
  /** Longer than `MAX_STEMMED_LENGTH`: looked up as it is, with no inflection, parts or typos. */
  long: boolean;
  /** Where it is in the query (UTF-16), for rewriting the query with another word (did you mean). */
  start: number;
  end: number;
}

/** A word, or the words of one phrase or of one written word that analysis splits (`人口统计`, `a/b`). */
export interface QueryUnit {
  words: QueryWord[];
  /** Quoted: the words must stand together, in order, and only as written or inflected. */
  phrase: boolean;
}

export interface Query {
  /** Each group is one or more alternative units (OR); a document must match every group (AND). */
  groups: QueryUnit[][];
  /** Units a document must not match. */
  excluded: QueryUnit[];
  /**
   * The query asks for every document (but the excluded): Solr's `*:*`, or a query of only
   * exclusions (as PostgreSQL reads `-word`).
   */
  everything: boolean;
}

export type QuerySyntax = 'web' | 'solr';

/** One character is a letter, digit, `_` or `-`: a dash after one is inside a word, not a negation. */
const WORDISH = /^[\p{L}\p{N}_-]$/u;

function isSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0x3000 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0xfeff;
}

/** Whether the character ending just before `at` lets a dash at `at` start a negation. */
function dashStartsRun(q: string, at: number): boolean {
  if (at === 0) return true;
  const unit = q.charCodeAt(at - 1);
  let char = q[at - 1];
  if (unit >= 0xdc00 && unit <= 0xdfff && at >= 2) {
    const high = q.charCodeAt(at - 2);
    if (high >= 0xd800 && high <= 0xdbff) char = q.slice(at - 2, at);
  }
  return !WORDISH.test(char);
}

/** The words of a piece of the query: a hyphenated word as its parts written together, not also the parts. */
function wordsOf(text: string, offset: number): QueryWord[] {
  const kept: Token[] = [];
  for (const token of tokens(text)) {
    // A joined word follows its parts: they give way to it.
    if (token.kind === 'joined') while (kept.length > 0 && kept[kept.length - 1].start >= token.start) kept.pop();
    kept.push(token);
  }
  return kept.map((t) => ({ text: t.text, key: t.key, kind: t.kind, long: t.key.length > MAX_STEMMED_LENGTH, start: offset + t.start, end: offset + t.end }));
}

const SOLR_FIELDS = ['text:', 'title:', 'notes:'];

/**
 * Reads a query. Never throws; any text gives a query (perhaps of no words, which matches
 * nothing). The caller caps the text's length (the schemas: 200, CKAN 1000).
 */
export function parseQuery(q: string, syntax: QuerySyntax = 'web'): Query {
  const query: Query = { groups: [], excluded: [], everything: false };
  let count = 0;
  let negate = false;
  let alternative = false;
  let starStar = false;
  const solr = syntax === 'solr';

  const add = (words: QueryWord[], phrase: boolean) => {
    if (words.length === 0) {
      // A piece without words (punctuation) takes a negation before it with it: `-( a` keeps `a`.
      negate = false;
      return;
    }
    const room = MAX_QUERY_WORDS - count;
    const kept = words.length > room ? words.slice(0, room) : words;
    count += kept.length;
    if (kept.length > 0) {
      const unit = { words: kept, phrase };
      if (negate) query.excluded.push(unit);
      else if (alternative && query.groups.length > 0) query.groups[query.groups.length - 1].push(unit);
      else query.groups.push([unit]);
    }
    negate = false;
    alternative = false;
  };

  const n = q.length;
  let i = 0;
  while (i < n) {
    const code = q.charCodeAt(i);
    if (isSpace(code) || (solr && (code === 0x28 || code === 0x29))) {
      i++;
      continue;
    }
    if (code === 0x2d /* - */ && dashStartsRun(q, i)) {
      // A run of dashes, each perhaps followed by spaces: odd excludes the next word, even nothing.
      let dashes = 0;
      while (i < n && q.charCodeAt(i) === 0x2d) {
        dashes++;
        i++;
        while (i < n && isSpace(q.charCodeAt(i))) i++;
      }
      if (dashes % 2 === 1) negate = !negate;
      continue;
    }
    if (code === 0x22 /* " */) {
      const close = q.indexOf('"', i + 1);
      const end = close < 0 ? n : close;
      add(wordsOf(q.slice(i + 1, end), i + 1), true);
      i = end + 1;
      continue;
    }
    // A piece: up to a space, a quote, a dash that would start a negation (`(-c`), or in Solr a parenthesis.
    const start = i;
    while (i < n) {
      const c = q.charCodeAt(i);
      if (isSpace(c) || c === 0x22 || (c === 0x2d && i > start && dashStartsRun(q, i)) || (solr && (c === 0x28 || c === 0x29))) break;
      i++;
    }
    let piece = q.slice(start, i);
    let pieceStart = start;
    if (solr) {
      if (piece === 'AND' || piece === '&&') continue;
      if (piece === 'OR' || piece === '||') {
        if (!negate) alternative = true;
        continue;
      }
      if (piece === 'NOT') {
        negate = !negate;
        continue;
      }
      if (piece === '*:*' || piece === '*') {
        starStar = true;
        continue;
      }
      // `+word` and `!word`: required (as every word is) and excluded.
      while (piece.startsWith('+') || piece.startsWith('!')) {
        if (piece.startsWith('!')) negate = !negate;
        piece = piece.slice(1);
        pieceStart++;
      }
      const field = SOLR_FIELDS.find((f) => piece.startsWith(f));
      if (field) {
        piece = piece.slice(field.length);
        pieceStart += field.length;
      }
      // `-title:"a b"`: the prefix alone is no piece; the phrase after it takes the negation.
      if (piece === '') continue;
    } else if (piece.length === 2 && piece.toLowerCase() === 'or' && !negate) {
      alternative = true;
      continue;
    }
    add(wordsOf(piece, pieceStart), false);
  }
  query.everything = query.groups.length === 0 && (starStar || query.excluded.length > 0);
  return query;
}
