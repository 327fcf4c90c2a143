#!/usr/bin/env node
// Proposes each judged query's relevant items by rules that know nothing of the search engine
// (issue 15 §4): an item is a candidate when its folded text contains one of the query's
// hand-written forms (bench/search/queries.mjs), or it carries the query's vocabulary code; grade
// 2 when the form is in its title or name (or it carries the code), 1 when only in its other text
// (description, keywords, summary). Items are read through the lists' routes without words and
// their detail routes, so no search runs. Writes .bench-output/search-proposed.json (with the evidence of each proposal) and prints a review
// listing; a person reviews it and commits bench/search/judged.json.
//
//   node bench/search/propose.mjs [--write-judged]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allItems, keyOf, lower, parseForms, startCorpus, LISTS } from './quality.mjs';
import { QUERIES } from './queries.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const DETAIL = { datasets: (i) => i.name, bottlenecks: (i) => i.ref, institutions: (i) => i.slug, dialogues: (i) => i.ref, recommendations: (i) => i.ref };

/** Every string inside a value (localized texts, keyword lists), joined. */
function strings(value) {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(strings).join(' \n ');
  if (value && typeof value === 'object') return Object.values(value).map(strings).join(' \n ');
  return '';
}

function codesOf(list, item) {
  const codes = [];
  for (const theme of item.themes ?? []) codes.push(`theme:${theme}`);
  for (const region of item.spatial ?? []) codes.push(`region:${region}`);
  if (item.domain) codes.push(`domain:${item.domain}`);
  for (const domain of item.domains ?? []) codes.push(`domain:${domain}`);
  for (const topic of item.topics ?? []) codes.push(`topic:${topic}`);
  return codes;
}

async function documents(app) {
  const out = {};
  for (const list of Object.keys(LISTS)) {
    const items = await allItems(app, list);
    out[list] = [];
    for (const item of items) {
      const response = await app.inject({ url: `${LISTS[list]}/${encodeURIComponent(DETAIL[list](item))}` });
      const detail = response.statusCode === 200 ? response.json() : {};
      const title = lower(strings(list === 'institutions' ? [item.name, item.shortName] : item.title));
      const other = lower(strings([detail.description, detail.summary, item.summary, detail.keywords, detail.answers?.map((a) => a.body)]));
      out[list].push({ key: keyOf(list, item), title, other, codes: codesOf(list, { ...detail, ...item }) });
    }
  }
  return out;
}

function propose(query, docs) {
  const forms = parseForms(query.forms);
  const relevant = {};
  const viaItems = [];
  const textForms = [...forms.own, ...forms.other];
  const evidence = {};
  const around = (text, form) => {
    const at = text.indexOf(form);
    return text.slice(Math.max(0, at - 30), at + form.length + 30).replace(/\s+/g, ' ');
  };
  for (const doc of docs[query.list]) {
    let grade = 0;
    const inTitle = textForms.find((form) => doc.title.includes(form));
    const inOther = textForms.find((form) => doc.other.includes(form));
    const code = forms.codes.find((c) => doc.codes.includes(c));
    if (code) grade = 2;
    else if (inTitle) grade = 2;
    else if (inOther) grade = 1;
    if (!grade) continue;
    relevant[doc.key] = grade;
    evidence[doc.key] = code ?? (inTitle ? `title: ${around(doc.title, inTitle)}` : `text: ${around(doc.other, inOther)}`);
    if (query.via && !forms.own.some((form) => doc.title.includes(form) || doc.other.includes(form))) viaItems.push(doc.key);
  }
  return { relevant, viaItems, evidence };
}

const counters = {};
const idOf = (query) => {
  const base = `${query.category}-${query.lang}`;
  counters[base] = (counters[base] ?? 0) + 1;
  return `${base}-${String(counters[base]).padStart(2, '0')}`;
};

const corpus = await startCorpus({ queries: QUERIES, log: (line) => console.error(line) });
try {
  const docs = await documents(corpus.app);
  const proposed = QUERIES.map((query) => {
    const { relevant, viaItems, evidence } = query.category === 'did-you-mean' ? { relevant: {}, viaItems: [], evidence: {} } : propose(query, docs);
    return {
      id: idOf(query),
      category: query.category,
      lang: query.lang,
      list: query.list,
      q: query.q,
      forms: query.forms,
      relevant,
      via: query.via ? { word: query.via } : null,
      viaItems: query.via ? viaItems : undefined,
      didYouMean: query.didYouMean ?? null,
      note: query.note ?? null,
      evidence,
    };
  });
  fs.mkdirSync(path.join(here, '../../.bench-output'), { recursive: true });
  fs.writeFileSync(path.join(here, '../../.bench-output/search-proposed.json'), `${JSON.stringify(proposed, null, 1)}\n`);
  for (const query of proposed) {
    const grades = Object.values(query.relevant);
    console.log(`${query.id.padEnd(18)} ${query.list.padEnd(15)} ${JSON.stringify(query.q).padEnd(26)} |R|=${String(grades.length).padStart(3)} (2:${grades.filter((g) => g === 2).length})${query.viaItems ? ` via-items=${query.viaItems.length}` : ''}  ${Object.keys(query.relevant).slice(0, 4).join(', ')}`);
  }
  if (process.argv.includes('--write-judged')) fs.writeFileSync(path.join(here, 'judged.json'), `${JSON.stringify(proposed, null, 1)}\n`);
} finally {
  await corpus.close();
}
