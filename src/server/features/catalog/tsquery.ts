/**
 * PostgreSQL's text form of a `tsquery` (what `websearch_to_tsquery(…)::text` prints) read back
 * as a tree, so the catalogue's search index can answer it from its own postings while
 * PostgreSQL keeps doing the language work (parsing, stemming, stop words).
 */

export type TsNode =
  | { kind: 'lexeme'; lexeme: string }
  | { kind: 'not'; child: TsNode }
  | { kind: 'and' | 'or' | 'phrase'; children: TsNode[] };

const MAX_DEPTH = 64;

/** A query this reader does not take on (prefix or weight marks): the caller asks PostgreSQL instead. */
export class UnsupportedQuery extends Error {}

/** A quoted lexeme as PostgreSQL prints it (`''` for a quote, a backslash before any character), and where it ends. */
function quotedLexeme(text: string, start: number, what: string): { lexeme: string; end: number } {
  if (text[start] !== "'") throw new UnsupportedQuery(`${what}: expected a lexeme at ${start} in ${JSON.stringify(text.slice(0, 200))}`);
  let lexeme = '';
  for (let at = start + 1; ; ) {
    if (at >= text.length) throw new UnsupportedQuery(`${what}: unterminated lexeme`);
    const char = text[at];
    if (char === "'" && text[at + 1] === "'") (lexeme += "'"), (at += 2);
    else if (char === '\\' && at + 1 < text.length) (lexeme += text[at + 1]), (at += 2);
    else if (char === "'") return { lexeme, end: at + 1 };
    else (lexeme += char), at++;
  }
}

/** The tree of a tsquery's text; `null` for the empty query, which matches nothing. */
export function parseTsQuery(text: string): TsNode | null {
  let at = 0;
  const skipSpace = () => {
    while (text[at] === ' ') at++;
  };
  const fail = (what: string): never => {
    throw new UnsupportedQuery(`tsquery: ${what} at ${at} in ${JSON.stringify(text)}`);
  };

  let depth = 0;
  function operand(): TsNode {
    skipSpace();
    // Deep nesting (`!!!…` from a query of many dashes) is left to PostgreSQL rather than recursed.
    if (++depth > MAX_DEPTH) fail('nesting too deep');
    try {
      return operandHere();
    } finally {
      depth--;
    }
  }

  function operandHere(): TsNode {
    if (text[at] === '!') {
      at++;
      return { kind: 'not', child: operand() };
    }
    if (text[at] === '(') {
      at++;
      const inner = or();
      skipSpace();
      if (text[at] !== ')') fail('missing )');
      at++;
      return inner;
    }
    const read = quotedLexeme(text, at, 'tsquery');
    const lexeme = read.lexeme;
    at = read.end;
    if (text[at] === ':') fail('prefix or weight marks');
    return { kind: 'lexeme', lexeme };
  }

  const joined = (kind: 'and' | 'or' | 'phrase', next: () => TsNode, isOperator: () => boolean): TsNode => {
    const children = [next()];
    for (;;) {
      skipSpace();
      if (!isOperator()) break;
      children.push(next());
    }
    return children.length === 1 ? children[0] : { kind, children };
  };
  // Binding, loosest first, as PostgreSQL prints it: | then & then <-> (or <N>) then !.
  const phrase = () =>
    joined('phrase', operand, () => {
      const match = /^<(-|\d+)>/.exec(text.slice(at, at + 8));
      if (!match) return false;
      at += match[0].length;
      return true;
    });
  const and = () => joined('and', phrase, () => (text[at] === '&' ? (at++, true) : false));
  const or = (): TsNode => joined('or', and, () => (text[at] === '|' ? (at++, true) : false));

  skipSpace();
  if (at >= text.length) return null;
  const tree = or();
  skipSpace();
  if (at < text.length) fail('trailing text');
  return tree;
}

/** A lexeme as tsquery text that PostgreSQL reads back as that very lexeme (no stemming). */
export function lexemeQuery(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** Every lexeme the tree names, once each. */
export function lexemesOf(node: TsNode, into = new Set<string>()): Set<string> {
  if (node.kind === 'lexeme') into.add(node.lexeme);
  else if (node.kind === 'not') lexemesOf(node.child, into);
  else for (const child of node.children) lexemesOf(child, into);
  return into;
}

/** Whether a phrase sits anywhere in the tree, and whether one sits under a negation. */
export function phrasesIn(node: TsNode, negated = false): { any: boolean; negated: boolean } {
  if (node.kind === 'lexeme') return { any: false, negated: false };
  if (node.kind === 'not') return phrasesIn(node.child, true);
  const found = { any: node.kind === 'phrase', negated: node.kind === 'phrase' && negated };
  for (const child of node.children) {
    const inner = phrasesIn(child, negated);
    found.any ||= inner.any;
    found.negated ||= inner.negated;
  }
  return found;
}

/** `ts_rank`'s default weights of D, C, B and A, as single-precision floats. */
const WEIGHTS = [0.1, 0.2, 0.4, 1.0].map(Math.fround);
const WEIGHT_OF: Record<string, number> = { A: 3, B: 2, C: 1, D: 0 };

/**
 * A tsvector's text (`'port':3A,17C 'satam':1A`) as each lexeme's `ts_rank` for a query of that
 * lexeme alone, computed as PostgreSQL computes it (calc_rank_or in tsrank.c, single precision),
 * so the index can keep its lists up to date from a changed row without asking for ranks again.
 */
export function lexemeRanks(text: string): Map<string, number> {
  const ranks = new Map<string, number>();
  let at = 0;
  while (at < text.length) {
    while (text[at] === ' ') at++;
    if (at >= text.length) break;
    const read = quotedLexeme(text, at, 'tsvector');
    const lexeme = read.lexeme;
    at = read.end;
    const weights: number[] = [];
    if (text[at] === ':') {
      at++;
      for (;;) {
        while (text[at] >= '0' && text[at] <= '9') at++;
        const letter = text[at];
        weights.push(WEIGHTS[letter in WEIGHT_OF ? WEIGHT_OF[letter] : 0]);
        if (letter in WEIGHT_OF) at++;
        if (text[at] !== ',') break;
        at++;
      }
    } else weights.push(WEIGHTS[0]);
    ranks.set(lexeme, rankOf(weights));
  }
  return ranks;
}

/** calc_rank_or for one lexeme with these weights at its positions (in position order). */
function rankOf(weights: number[]): number {
  const f = Math.fround;
  let sum = 0;
  let best = -1;
  let bestAt = 0;
  for (let j = 0; j < weights.length; j++) {
    sum = f(sum + f(weights[j] / ((j + 1) * (j + 1))));
    if (weights[j] > best) (best = weights[j]), (bestAt = j);
  }
  // (float expression) / double constant, stored in a float; then divided by the query's size, 1.
  return f(f(f(best + sum) - f(best / ((bestAt + 1) * (bestAt + 1)))) / 1.64493406685);
}
