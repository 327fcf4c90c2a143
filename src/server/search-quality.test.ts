// Search quality on the judged set (issue 15 §4) as a guard: the targets the bench reports
// (bench/search-quality.mjs) asserted, so a ranking change that loses them fails CI. The corpus is
// the demo region + bench/search/documents.ts + distractors, loaded through the app's own code on
// a fresh PGlite database; every query goes through its list's HTTP route. The corpus is its own
// in-memory PGlite whatever the project's database, so only api-pglite runs it (vitest.config.ts).
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error the bench's core is plain JavaScript without declarations
import { evaluate, startCorpus, TARGETS } from '../../bench/search/quality.mjs';

const judged = JSON.parse(fs.readFileSync(new URL('../../bench/search/judged.json', import.meta.url), 'utf8')) as { category: string }[];

let corpus: { app: unknown; close(): Promise<void> };
let summary: Record<string, { recall: number | null; ndcg: number | null; didYouMean: number | null }>;

beforeAll(async () => {
  corpus = await startCorpus({ queries: judged });
  summary = (await evaluate(corpus.app, judged)).summary;
}, 600_000);
afterAll(() => corpus?.close());

describe('search quality on the judged set', () => {
  it.each(['compound', 'inflection', 'typo', 'script', 'concept', 'baseline'])('%s: recall@10 at least the target', (category) => {
    expect(summary[category].recall).toBeGreaterThanOrEqual(TARGETS.recall);
  });

  it('NDCG@10 overall at least the target', () => {
    expect(summary.overall.ndcg).toBeGreaterThanOrEqual(TARGETS.ndcg);
  });
});
