import { sql, type RawBuilder } from 'kysely';

/**
 * Search words as `websearch_to_tsquery` should read them. Each dash before a word, spaced or
 * not, is one more NOT to PostgreSQL, and past about a hundred it fails with "tsquery stack too
 * small" (a 500 for a visitor's typing). A run of dashes is therefore written as what it means:
 * one dash when their number is odd, none when even (two negations cancel, as PostgreSQL reads
 * them), and nothing at the very end, where it negates no word.
 */
export function webSearchText(q: string): string {
  // A run starts where a word cannot go on: at the start, or after anything but a letter, digit or dash.
  return q.replace(/(^|[^\p{L}\p{N}_-])((?:-\s*)+)(?=(\S)?)/gu, (_, before: string, run: string, next: string | undefined) => {
    if (next === undefined) return before;
    const dashes = run.split('-').length - 1;
    return `${before}${dashes % 2 ? '-' : ''}`;
  });
}

/**
 * The words of a picker's search as `ilike` patterns, each matching text that contains the word
 * anywhere (`%`, `_` and `\` written as themselves): "fer hels" finds "Ferry to Helsinki". At most
 * ten words, so a long paste is not a long query.
 */
export function containsPatterns(q: string): string[] {
  return q
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 10)
    .map((word) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}

/** Text as an `ilike` pattern of itself (`%`, `_` and `\` written as themselves). */
function literalPattern(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The whole search as one `ilike` pattern, its words in order and single-spaced: text containing
 * the phrase (`contains`), or starting with it (`starts`), for ranking the best matches first.
 */
export function phrasePattern(q: string, where: 'contains' | 'starts' = 'contains'): string {
  const phrase = literalPattern(q.trim().split(/\s+/).filter(Boolean).join(' '));
  return where === 'starts' ? `${phrase}%` : `%${phrase}%`;
}

/**
 * How well an item matched its search, best first: 0 its reference exactly, 1 a title in any
 * language holding the whole phrase at its start, 2 anywhere, 3 only the words apart (or the
 * reference in part).
 */
export function titleRank(ref: RawBuilder<unknown>, title: RawBuilder<unknown>, q: string) {
  return sql<number>`case when upper(${ref}) = upper(${q.trim()}) then 0
    when exists (select 1 from jsonb_each_text(${title}) t where t.value ilike ${phrasePattern(q, 'starts')}) then 1
    when exists (select 1 from jsonb_each_text(${title}) t where t.value ilike ${phrasePattern(q)}) then 2
    else 3 end`;
}
