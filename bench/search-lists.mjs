#!/usr/bin/env node
// The search engine alone, searched as the lists search it: 100,000 documents of the register
// bench's vocabulary, the glossary's concepts and other languages, each word's matches kept
// (`wordsKey`), unordered, half the searches with a filter, each with a word never seen before
// excluded. Prints the mean and each query's p50 and p95 in milliseconds.
//
//   node bench/search-lists.mjs                 this checkout
//   node bench/search-lists.mjs /path/to/other  another checkout's engine (an A/B of two builds,
//                                               run alternately: this machine's speed varies)
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { tsImport } from 'tsx/esm/api';
const root = process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url));
const { SearchIndex } = await tsImport(`${root}/src/server/lib/search/engine.ts`, import.meta.url);
const { compileConcepts } = await tsImport(`${root}/src/server/lib/search/concepts.ts`, import.meta.url);
const { GLOSSARY_SEED } = await tsImport(`${root}/src/server/features/glossary/glossary.seed.ts`, import.meta.url);
const matcher = compileConcepts(GLOSSARY_SEED);
let seed = 7;
const random = () => { seed = (seed + 0x6d2b79f5) | 0; let t = seed; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const pick = (l) => l[Math.floor(random() * l.length)];
const WORDS = {
  fi: ['verokortti', 'työnantaja', 'eläke', 'laiva', 'satama', 'lapsilisä', 'ajokortti', 'rekisteröinti', 'koulu', 'päiväkoti', 'lautta', 'liikenne', 'aikataulu', 'pankkitili', 'osoite'],
  et: ['maksukaart', 'tööandja', 'pension', 'laev', 'sadam', 'lastetoetus', 'juhiluba', 'registreerimine', 'kool', 'praam', 'liiklus', 'sõiduplaan', 'pangakonto', 'aadress'],
  en: ['tax card', 'employer', 'pension', 'ferry', 'harbour', 'child benefit', 'driving licence', 'registration', 'school', 'transport', 'timetable', 'bank account', 'address'],
};
const index = new SearchIndex({ orderKey: (d) => d });
const N = 100_000;
const docs = [];
for (let i = 0; i < N; i++) {
  const lang = pick(['fi', 'et', 'en']);
  const words = Array.from({ length: 4 }, () => pick(WORDS[lang]));
  docs.push({ id: `d${i}`, fields: [{ field: 'title', lang, text: words.slice(0, 2).join(' ') }, { field: 'description', lang, text: words.join(' ') + ' ' + words.join(' ') }] });
}
index.addAll(docs, docs.map((_, i) => i));
const allowed = index.allowedFor('half', (_id, d) => d % 2 === 0);
const opts = { concepts: matcher.concepts, translations: matcher.translations, wordsKey: 'g1', unordered: true };
const QUERIES = ['kortti', 'verokortin', 'maksukaart', 'налоговая карта', 'satamaan', 'lautta', 'liikenne', 'ferry', 'praam'];
let n = 0;
function once() {
  const q = `${QUERIES[n % QUERIES.length]} -zq${n}x`;
  const r = index.search(q, n % 2 ? { ...opts, allowed, visible: (_id, d) => d % 2 === 0 } : opts);
  n++;
  let s = 0; for (let at = 0; at < Math.min(r.count, 20); at++) s += r.via(r.idAt(at)).length;
  return r.count + s;
}
for (let i = 0; i < 300; i++) once();
const per = {};
const t0 = performance.now();
let total = 0;
for (let i = 0; i < 2000; i++) { const t = performance.now(); total += once(); const q = QUERIES[(n - 1) % QUERIES.length]; (per[q] ??= []).push(performance.now() - t); }
const ms = performance.now() - t0;
console.log(root, 'mean ms', (ms / 2000).toFixed(3), 'matches', Math.round(total / 2000));
for (const [q, t] of Object.entries(per)) { t.sort((a, b) => a - b); console.log('  ', q.padEnd(18), 'p50', t[t.length >> 1].toFixed(2), 'p95', t[Math.floor(t.length * 0.95)].toFixed(2)); }
