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
