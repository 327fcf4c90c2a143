#!/usr/bin/env node
// Search quality on the judged set (issue 15 §4): a fresh in-memory PGlite database with the app's
// migrations, the demo region, the extra demo documents (bench/search/documents.ts) and ~1,000
// distractors, all loaded through the app's own code; then every query of
// bench/search/judged.json through its list's real HTTP route (limit 10), in process.
//
//   npm run bench:search-quality            (node bench/search-quality.mjs)
//   node bench/search-quality.mjs --half=a  only the queries of one half (a: even positions, b: odd), for tuning
//
// Prints recall@10, NDCG@10, the did-you-mean exact-match rate and `via` correctness per category
// and overall; writes .bench-output/search-quality.json; exits 1 under target (recall@10 ≥ 0.95 in
// every category, NDCG@10 ≥ 0.85 overall).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluate, shortfalls, startCorpus, TARGETS } from './search/quality.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const judged = JSON.parse(fs.readFileSync(path.join(root, 'bench/search/judged.json'), 'utf8'));
const half = process.argv.find((arg) => arg.startsWith('--half='))?.slice(7);
const queries = half ? judged.filter((_, i) => (half === 'a' ? i % 2 === 0 : i % 2 === 1)) : judged;

const started = performance.now();
// Distractors are chosen against every judged query's forms, so a half sees the same corpus.
const corpus = await startCorpus({ queries: judged, log: (line) => console.error(line) });
let result;
try {
  const evaluated = performance.now();
  result = await evaluate(corpus.app, queries);
  result.queryMs = Math.round(performance.now() - evaluated);
} finally {
  await corpus.close();
}

const f = (value) => (value === null || value === undefined ? '   —' : value.toFixed(3));
const lines = [`${'category'.padEnd(12)} ${'queries'.padStart(7)} ${'recall@10'.padStart(9)} ${'NDCG@10'.padStart(8)} ${'did-you-mean'.padStart(13)} ${'via'.padStart(10)}`];
const order = ['compound', 'inflection', 'typo', 'script', 'concept', 'baseline', 'overall'];
for (const name of [...order, ...Object.keys(result.summary).filter((k) => !order.includes(k))]) {
  const s = result.summary[name];
  if (!s) continue;
  const dym = s.didYouMeanQueries ? `${f(s.didYouMean)} (${s.didYouMeanQueries})` : '—';
  const via = s.viaQueries ? `${f(s.via)} (${s.viaQueries})` : '—';
  lines.push(`${name.padEnd(12)} ${String(s.queries).padStart(7)} ${f(s.recall).padStart(9)} ${f(s.ndcg).padStart(8)} ${dym.padStart(13)} ${via.padStart(10)}`);
}
const byList = {};
for (const row of result.rows.filter((r) => r.recall !== undefined)) (byList[row.list] ??= []).push(row);
lines.push('', 'per list: ' + Object.entries(byList).map(([list, rows]) => `${list} ${rows.length} q, recall ${f(rows.reduce((a, r) => a + r.recall, 0) / rows.length)}`).join('; '));
console.log(lines.join('\n'));

const missing = shortfalls(result.summary);
fs.mkdirSync(path.join(root, '.bench-output'), { recursive: true });
const output = { at: new Date().toISOString(), half: half ?? null, targets: TARGETS, totalMs: Math.round(performance.now() - started), queryMs: result.queryMs, summary: result.summary, shortfalls: missing, rows: result.rows };
fs.writeFileSync(path.join(root, '.bench-output/search-quality.json'), `${JSON.stringify(output, null, 1)}\n`);
console.log(`\nwrote .bench-output/search-quality.json (${result.rows.length} queries, ${output.queryMs} ms of queries)`);
if (missing.length) {
  console.log(`under target:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}
