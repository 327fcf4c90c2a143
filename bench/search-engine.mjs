#!/usr/bin/env node
// The search engine alone, in this process (no database, no server): build time and memory of a
// `SearchIndex` over synthetic documents, search times per kind of query word, and updates through
// the delta. Too slow for the unit run, so it is a script:
//
//   node --expose-gc bench/search-engine.mjs            20,000 documents
//   SEARCH_BENCH_DOCS=50000 node --expose-gc bench/search-engine.mjs
//
// Writes .bench-output/search-engine.json. The documents are made up (syllables drawn with a
// fixed seed, Finnish- and Estonian-like compounds among them), not real text: the figures are of
// the engine's work, not of ranking quality (that is the judged set's, issue 15 §4).
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { tsImport } from 'tsx/esm/api';

const DOCS = Number(process.env.SEARCH_BENCH_DOCS || 20_000);
const { SearchIndex } = await tsImport('../src/server/lib/search/engine.ts', import.meta.url);
const { parseQuery } = await tsImport('../src/server/lib/search/query.ts', import.meta.url);

let seed = 42;
function random() {
  // mulberry32: the same documents every run.
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];
/** Zipf-like: low indexes far more often. */
const zipf = (list) => list[Math.floor(list.length * random() ** 3)];

const SYLLABLES = {
  fi: ['ta', 'lo', 'ku', 'vä', 'es', 'tö', 'en', 'nus', 'te', 'lii', 'ken', 'ne', 'sa', 'ma', 'hä', 'ri', 'ai', 'kau', 'lu', 'tie', 'dot', 'ver', 'kort', 'ti'],
  et: ['rah', 'vas', 'tik', 'ku', 'prog', 'noos', 'sa', 'dam', 'õhu', 'kva', 'li', 'teet', 'lii', 'klus', 'pi', 'let', 'praam', 'hais', 'la'],
  sv: ['håll', 'plats', 'buss', 'fär', 'ja', 'hamn', 'be', 'folk', 'ning', 'skat', 'te', 'kort'],
  en: ['air', 'qual', 'ity', 'fer', 'ry', 'time', 'table', 'pop', 'u', 'la', 'tion', 'har', 'bour'],
  ru: ['па', 'ром', 'на', 'лог', 'пен', 'си', 'я', 'тал', 'лин', 'шко', 'ла'],
};
const ENDINGS = { fi: ['', 'n', 'a', 'ssa', 'sta', 'lla', 't', 'en'], et: ['', 'i', 'd', 'ga', 'st', 'le', 'de'], sv: ['', 'en', 'er', 'na', 'ar'], en: ['', 's', 'ing'], ru: ['', 'а', 'е', 'ом', 'ы', 'ов'] };
const LANGS = Object.keys(SYLLABLES);

/** A vocabulary per language: stems of 2–4 syllables, a quarter of them compounds of two stems. */
const VOCABULARY = Object.fromEntries(
  LANGS.map((lang) => {
    const stems = new Set();
    while (stems.size < 4000) {
      const n = 2 + Math.floor(random() * 3);
      stems.add(Array.from({ length: n }, () => pick(SYLLABLES[lang])).join(''));
    }
    const list = [...stems];
    for (let i = 0; i < 1000; i++) list.push(pick(list) + pick(list));
    return [lang, list];
  }),
);
const word = (lang) => zipf(VOCABULARY[lang]) + pick(ENDINGS[lang]);
const words = (lang, min, max) => Array.from({ length: min + Math.floor(random() * (max - min + 1)) }, () => word(lang)).join(' ');

function makeDoc(i) {
  const langs = random() < 0.3 ? [pick(LANGS), pick(LANGS)] : [pick(LANGS)];
  return {
    id: `doc-${i}`,
    fields: langs.flatMap((lang) => [
      { field: 'title', lang, text: words(lang, 5, 11) },
      { field: 'keywords', lang, text: words(lang, 3, 6) },
      { field: 'description', lang, text: words(lang, 20, 80) },
    ]),
  };
}

function heapMb() {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}
function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const docs = Array.from({ length: DOCS }, (_, i) => makeDoc(i));
const chars = docs.reduce((sum, d) => sum + d.fields.reduce((s, f) => s + f.text.length, 0), 0);
const heapBefore = heapMb();
const cpuBefore = process.cpuUsage();
const started = performance.now();
const index = new SearchIndex();
index.addAll(docs);
const buildMs = performance.now() - started;
const buildCpuMs = (process.cpuUsage(cpuBefore).user + process.cpuUsage(cpuBefore).system) / 1000;
const indexHeap = heapMb() - heapBefore; // the documents stay referenced by `docs`, so this is the index's own

/** A vocabulary word as a query of each kind. */
const queries = {
  word: () => zipf(VOCABULARY.fi),
  inflected: () => pick(VOCABULARY.et) + pick(['ga', 'st', 'de']),
  part: () => pick(VOCABULARY.fi.slice(0, 4000)),
  typo: () => {
    const w = pick(VOCABULARY.sv.filter((x) => x.length >= 6));
    return w.slice(0, 2) + w[3] + w[2] + w.slice(4);
  },
  'two words': () => `${zipf(VOCABULARY.en)} ${zipf(VOCABULARY.en)}`,
  'never seen': () => `zq${Math.floor(random() * 1e9).toString(36)}x`,
  '16 long unknown words': () => Array.from({ length: 16 }, () => Array.from({ length: 32 }, () => pick('abcdefghijklmnopqrstuvwxyzäö')).join('')).join(' '),
  '16 words of 64 letters': () => Array.from({ length: 16 }, () => Array.from({ length: 64 }, () => pick(SYLLABLES.fi)).join('').slice(0, 64)).join(' '),
  hostile: () => Array.from({ length: 200 }, () => pick(['-', '"', ' or ', 'ää', '赫尔', '--a', '*', 'x'])).join(''),
};
/** Phrases are checked on the documents' own text (the index keeps none): two words of a title, quoted. */
const byId = new Map(docs.map((d) => [d.id, d]));
const texts = (id) => byId.get(id).fields;
queries['phrase (text checked)'] = () => {
  const words = pick(docs).fields[0].text.split(' ');
  const at = Math.floor(random() * (words.length - 1));
  return `"${words[at]} ${words[at + 1]}"`;
};
queries['phrase of common words'] = () => `"${zipf(VOCABULARY.fi.slice(0, 50))} ${zipf(VOCABULARY.fi.slice(0, 50))}"`;
const results = {};
for (const [kind, make] of Object.entries(queries)) {
  const times = [];
  let found = 0;
  for (let i = 0; i < 200; i++) {
    const q = make();
    const t = performance.now();
    const hits = index.search(q, { texts }).hits;
    times.push(performance.now() - t);
    found += hits.length;
  }
  times.sort((a, b) => a - b);
  results[kind] = { p50: percentile(times, 50), p95: percentile(times, 95), meanHits: found / 200 };
}

// A part query's expansion alone, uncached: each word once, a word of a compound's (the cache is per word).
{
  const fresh = [...new Set(VOCABULARY.fi.slice(4000))].filter((w) => index.lexicon.id(w) !== undefined).slice(0, 200);
  const times = [];
  let terms = 0;
  for (const w of fresh) {
    const word = parseQuery(w).groups[0][0].words[0];
    const t = performance.now();
    terms += index.lexicon.expand(word).terms.length;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  results['part, expansion uncached'] = { p50: percentile(times, 50), p95: percentile(times, 95), meanHits: terms / fresh.length };
}
// `visible` set (what the caller may see: every other document), for a word and two words.
{
  const visible = (id) => Number(id.slice(4)) % 2 === 0;
  for (const kind of ['word', 'two words']) {
    const times = [];
    let found = 0;
    for (let i = 0; i < 200; i++) {
      const q = queries[kind]();
      const t = performance.now();
      found += index.search(q, { texts, visible }).hits.length;
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    results[`${kind}, visible set`] = { p50: percentile(times, 50), p95: percentile(times, 95), meanHits: found / 200 };
  }
}

// With the glossary and the vocabularies, as every list searches (concepts, other languages'
// terms, windows of words): real glossary words, each query new so no answer is reused.
{
  const { compileConcepts } = await tsImport('../src/server/lib/search/concepts.ts', import.meta.url);
  const { GLOSSARY_SEED } = await tsImport('../src/server/features/glossary/glossary.seed.ts', import.meta.url);
  const matcher = compileConcepts(GLOSSARY_SEED);
  const glossary = { concepts: matcher.concepts, translations: matcher.translations };
  const terms = GLOSSARY_SEED.flatMap((entry) => Object.values(entry.terms).flat()).filter((term) => !term.includes(' '));
  const kinds = {
    'glossary word': () => `${pick(terms)} ${zipf(VOCABULARY.fi)}`,
    'glossary words, three': () => `${pick(terms)} ${pick(terms)} ${pick(terms)}`,
  };
  for (const [kind, make] of Object.entries(kinds)) {
    const times = [];
    let found = 0;
    for (let i = 0; i < 200; i++) {
      const q = make();
      const t = performance.now();
      found += index.search(q, { texts, ...glossary }).hits.length;
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    results[kind] = { p50: percentile(times, 50), p95: percentile(times, 95), meanHits: found / 200 };
  }
}

// Did you mean: two long words each two edits from a vocabulary word (nothing found), and hostile text.
const suggestions = { 'did you mean': () => {
  const edit = (w) => w.slice(0, 2) + w.slice(3, 5) + 'q' + w.slice(5);
  const long = VOCABULARY.et.filter((w) => w.length >= 9);
  return `${edit(pick(long))} ${edit(pick(long))}`;
}, 'did you mean, hostile': queries.hostile, 'did you mean, 16 long words': () => Array.from({ length: 16 }, () => `${pick(VOCABULARY.fi.filter((w) => w.length >= 9))}zz`).join(' ') };
for (const [kind, make] of Object.entries(suggestions)) {
  const times = [];
  let offered = 0;
  for (let i = 0; i < 50; i++) {
    const q = make();
    const t = performance.now();
    if (index.didYouMean(q) !== null) offered++;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  results[kind] = { p50: percentile(times, 50), p95: percentile(times, 95), meanHits: offered / 50 };
}

// Updates: 5 % of the documents replaced, one at a time (the delta, then merges as it grows).
const updateStarted = performance.now();
const updates = Math.round(DOCS * 0.05);
for (let i = 0; i < updates; i++) index.add(makeDoc(Math.floor(random() * DOCS)));
const updateMs = performance.now() - updateStarted;
// Searches right after the replacements (new terms and stems not yet merged or sorted in, expansions not cached).
{
  const times = [];
  for (let i = 0; i < 200; i++) {
    const q = `${queries.inflected()} ${Math.floor(random() * 1e6)}`;
    const t = performance.now();
    index.search(q);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  results['after replacements'] = { p50: percentile(times, 50), p95: percentile(times, 95), meanHits: 0 };
}
const mergeStarted = performance.now();
index.merge();
const mergeMs = performance.now() - mergeStarted;

const report = {
  documents: DOCS,
  chars,
  terms: index.lexicon.size,
  postings: index.postings.base,
  buildMs: Math.round(buildMs),
  buildCpuMs: Math.round(buildCpuMs),
  nsPerChar: Math.round((buildCpuMs * 1e6) / chars),
  indexHeapMb: Math.round(indexHeap),
  searchMs: results,
  updates: { count: updates, totalMs: Math.round(updateMs), perUpdateMs: updateMs / updates, fullMergeMs: Math.round(mergeMs) },
};
console.log(`${DOCS} documents, ${(chars / 1e6).toFixed(1)} M chars: ${report.terms} terms, ${report.postings} postings`);
console.log(`build ${report.buildMs} ms wall, ${report.buildCpuMs} ms CPU (${report.nsPerChar} ns/char); index heap ${report.indexHeapMb} MB${globalThis.gc ? '' : ' (run with --expose-gc for a steadier figure)'}`);
console.log('query                         p50 ms   p95 ms   mean hits (did you mean: share offered)');
for (const [kind, r] of Object.entries(results)) console.log(`${kind.padEnd(29)} ${r.p50.toFixed(2).padStart(6)} ${r.p95.toFixed(2).padStart(8)} ${(r.meanHits < 1 ? r.meanHits.toFixed(2) : r.meanHits.toFixed(0)).padStart(10)}`);
console.log(`${updates} replacements: ${report.updates.perUpdateMs.toFixed(3)} ms each; a full merge ${mergeMs.toFixed(0)} ms`);
fs.mkdirSync('.bench-output', { recursive: true });
fs.writeFileSync(path.join('.bench-output', 'search-engine.json'), JSON.stringify(report, null, 2));
