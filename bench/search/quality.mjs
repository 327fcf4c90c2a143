// The judged set's corpus, queries and metrics (issue 15 §4), importable by the bench script
// (bench/search-quality.mjs), the proposal script (bench/search/propose.mjs) and a vitest file.
// The corpus is the demo region as `npm start` loads it, the extra demo documents of
// bench/search/documents.ts, and distractors recombined from demo title words; everything goes
// in through the app's own code, and every query goes through the list's real HTTP route.
import { tsImport } from 'tsx/esm/api';

const here = import.meta.url;
const load = (file) => tsImport(file, here);

export const LISTS = {
  datasets: '/api/datasets',
  bottlenecks: '/api/bottlenecks',
  institutions: '/api/institutions',
  dialogues: '/api/dialogues',
  recommendations: '/api/recommendations',
};

/** Lower case, marks stripped, full-width and ligatures folded: what "the same letters" means to the judges. */
export function fold(text) {
  return String(text ?? '')
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/[øœæłđıς]/g, (c) => ({ ø: 'o', œ: 'oe', æ: 'ae', ł: 'l', đ: 'd', ı: 'i', ς: 'σ' })[c]);
}

let seed = 20261202;
function random() {
  // mulberry32: the same distractors every run.
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/**
 * Distractor datasets: titles and descriptions recombined from demo title words, so every list's
 * top 10 has competitors. A distractor containing any judged form of any query is left out, so
 * distractors are never relevant and never need judging.
 */
export function distractors(demoTitles, forms, count = 1000) {
  seed = 20261202;
  const byLang = {};
  for (const title of demoTitles) {
    for (const [lang, text] of Object.entries(title)) {
      if (!text) continue;
      (byLang[lang] ??= new Set());
      for (const word of text.split(/[\s,.:;()/–-]+/u)) if (word.length >= 3 && !/^\d+$/.test(word) && !/[{}]/.test(word)) byLang[lang].add(word);
    }
  }
  const pools = Object.fromEntries(Object.entries(byLang).map(([lang, set]) => [lang, [...set].sort()]));
  const langs = ['fi', 'et', 'en', 'sv'].filter((lang) => pools[lang]?.length);
  const folded = [...new Set(forms.map(fold).filter((form) => form.length >= 3))];
  const out = [];
  const pick = (list) => list[Math.floor(random() * list.length)];
  let attempts = 0;
  while (out.length < count && attempts < count * 200) {
    attempts += 1;
    const title = {};
    const description = {};
    for (const lang of langs) {
      if (lang !== 'en' && random() < 0.5) continue;
      const words = Array.from({ length: 3 + Math.floor(random() * 4) }, () => pick(pools[lang]));
      title[lang] = `${words.join(' ')} (demo)`;
      description[lang] = `${Array.from({ length: 8 + Math.floor(random() * 8) }, () => pick(pools[lang])).join(' ')}. Demo distractor for the search judged set.`;
    }
    const text = fold(Object.values(title).join(' ') + ' ' + Object.values(description).join(' '));
    if (folded.some((form) => text.includes(form))) continue;
    out.push({ name: `demo-distractor-${String(out.length + 1).padStart(4, '0')}`, title, description });
  }
  return out;
}

const CODE = /^(theme|region|domain|topic):/;

/** Lower case and composed, marks kept: how the judges compare forms with texts (`jäte` is not in `reisijate`). */
export function lower(text) {
  return String(text ?? '').normalize('NFKC').toLowerCase();
}

/** A query's hand-written forms (queries.mjs syntax), lower-cased: its own language's, the other languages', and vocabulary codes. */
export function parseForms(forms) {
  const [ownPart, otherPart = ''] = String(forms ?? '').split('|');
  const words = (part) => part.split(/\s+/).filter(Boolean);
  const text = (list) => list.filter((form) => !CODE.test(form)).map((form) => lower(form.replace(/_/g, ' ')));
  const all = [...words(ownPart), ...words(otherPart)];
  return { own: text(words(ownPart)), other: text(words(otherPart)), codes: all.filter((form) => CODE.test(form)) };
}

/** The forms of every judged query, which distractors must avoid. */
export function formsOf(queries) {
  return queries.flatMap((query) => {
    const forms = parseForms(query.forms);
    return [...forms.own, ...forms.other, query.q].map((form) => fold(form).trim());
  });
}

/**
 * A fresh in-memory PGlite database with the app's migrations, the demo region, the extra demo
 * documents and the distractors; and the app itself (in process, answering `inject`).
 */
export async function startCorpus({ queries = [], distractorCount = 1000, log = () => {} } = {}) {
  const { buildApp, prepareDatabase } = await load('../../src/server/app.ts');
  const { loadConfig } = await load('../../src/server/config.ts');
  const { openPglite } = await load('../../src/server/db/connection.ts');
  const { loadDemo } = await load('../../src/server/features/demo/demo.service.ts');
  const { insertLocalDataset } = await load('../../src/server/features/catalog/catalog.service.ts');
  const { findInstitution } = await load('../../src/server/features/institutions/institutions.repository.ts');
  const { DEMO_SERIES } = await load('../../src/server/features/catalog/catalog.demo-data.ts');
  const { EXTRA_DATASETS } = await load('./documents.ts');

  const started = performance.now();
  const db = await openPglite(undefined);
  await prepareDatabase(db);
  await loadDemo(db.kysely);
  log(`demo loaded in ${Math.round(performance.now() - started)} ms`);
  const editor = await db.kysely.selectFrom('users').select('id').where('email', '=', 'editor@demo.talsinki.eu').executeTakeFirstOrThrow();
  const publishers = new Map();
  const publisherId = async (slug) => {
    if (!publishers.has(slug)) {
      const found = await findInstitution(db.kysely, slug);
      if (!found) throw new Error(`documents.ts names a publisher the demo does not have: ${slug}`);
      publishers.set(slug, found.id);
    }
    return publishers.get(slug);
  };
  const demoNote = { fi: 'Demoaineisto hakutestiä varten.', et: 'Demoandmestik otsingu testi jaoks.', en: 'Demo dataset for the search judged set.', sv: 'Demodata för söktestet.', ru: 'Демонстрационные данные для теста поиска.' };
  for (const doc of EXTRA_DATASETS) {
    const description = Object.fromEntries(Object.entries(doc.description ?? { en: '' }).map(([lang, text]) => [lang, `${text}\n\n${demoNote[lang] ?? demoNote.en}`]));
    await insertLocalDataset(db.kysely, { name: doc.name, title: doc.title, description, publisherId: await publisherId(doc.publisher), themes: doc.themes ?? [], keywords: doc.keywords ?? {}, spatial: doc.spatial ?? [], accessRights: 'PUBLIC', distributions: [] }, editor.id, true);
  }
  const extraTitles = [...DEMO_SERIES.map((series) => series.title)];
  const noise = distractors(extraTitles, formsOf(queries), distractorCount);
  const noisePublisher = await publisherId('uudenmaan-liitto');
  for (const doc of noise) {
    await insertLocalDataset(db.kysely, { name: doc.name, title: doc.title, description: doc.description, publisherId: noisePublisher, themes: [], keywords: {}, spatial: [], accessRights: 'PUBLIC', distributions: [] }, editor.id, true);
  }
  log(`corpus loaded in ${Math.round(performance.now() - started)} ms (${EXTRA_DATASETS.length} extra documents, ${noise.length} distractors)`);
  const config = { ...loadConfig({}), demo: false, rateLimitPerMinute: 0, webDir: '/nonexistent', harvestWorker: false, statisticsWorker: false };
  const app = await buildApp({ config, db });
  await app.ready();
  return {
    app,
    db,
    async close() {
      await app.close();
      await db.close();
    },
  };
}

/** A judged key of a list item: stable names, never ids. */
export function keyOf(list, item) {
  switch (list) {
    case 'datasets':
      return `dataset:${item.name}`;
    case 'bottlenecks':
      return `bottleneck:${titleKey(item)}`;
    case 'institutions':
      return `institution:${item.slug}`;
    case 'dialogues':
      return `dialogue:${titleKey(item)}`;
    case 'recommendations':
      return `recommendation:${titleKey(item)}`;
    default:
      throw new Error(`unknown list ${list}`);
  }
}

/**
 * The demo's references (BN-, DL-, RC-yyyy-n) follow the day the demo was loaded, so a judged key
 * is the start of the item's English (else original, else first) title, folded and dashed.
 */
export function titleKey(item) {
  const title = item.title?.en ?? item.title?.[item.originalLanguage] ?? Object.values(item.title ?? {})[0] ?? item.ref;
  return fold(title).replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 60).replace(/-$/, '');
}

async function getJson(app, url) {
  const response = await app.inject({ url });
  if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body.slice(0, 300)}`);
  return response.json();
}

/** Every item anyone may see in a list, paged through without words (no search involved). */
export async function allItems(app, list) {
  const items = [];
  for (let offset = 0; ; offset += 100) {
    const page = await getJson(app, `${LISTS[list]}?limit=100&offset=${offset}`);
    items.push(...page.items);
    if (page.items.length < 100 || items.length >= page.total) break;
  }
  return items;
}

/** One judged query through the list's route: the keys of the first 10, the answer's `didYouMean` and `matches`. */
export async function runQuery(app, query) {
  const page = await getJson(app, `${LISTS[query.list]}?q=${encodeURIComponent(query.q)}&limit=10`);
  const keys = page.items.map((item) => keyOf(query.list, item));
  const matches = Array.isArray(page.matches) ? page.matches : null;
  return { keys, total: page.total, didYouMean: page.didYouMean ?? null, vias: matches ? page.items.map((item) => matches.find((m) => m.id === item.id)?.via ?? null) : null };
}

/** recall@10 = |R ∩ top10| / min(|R|, 10). */
export function recallAt10(relevant, keys) {
  const wanted = Object.keys(relevant);
  if (!wanted.length) return 1;
  const found = keys.slice(0, 10).filter((key) => relevant[key] > 0).length;
  return found / Math.min(wanted.length, 10);
}

/** NDCG@10 with gain 2^g − 1 and log2(rank + 1) discount; the ideal from the sorted grades. */
export function ndcgAt10(relevant, keys) {
  const dcg = keys.slice(0, 10).reduce((sum, key, i) => sum + (2 ** (relevant[key] ?? 0) - 1) / Math.log2(i + 2), 0);
  const ideal = Object.values(relevant)
    .sort((a, b) => b - a)
    .slice(0, 10)
    .reduce((sum, grade, i) => sum + (2 ** grade - 1) / Math.log2(i + 2), 0);
  return ideal ? dcg / ideal : 1;
}

export const TARGETS = { recall: 0.95, ndcg: 0.85 };

/** Every judged query run and scored, with means per category and overall. */
export async function evaluate(app, queries) {
  const rows = [];
  for (const query of queries) {
    const answer = await runQuery(app, query);
    const row = { id: query.id, category: query.category, list: query.list, lang: query.lang, q: query.q, top: answer.keys, total: answer.total };
    if (query.category === 'did-you-mean') {
      row.didYouMean = answer.didYouMean;
      row.didYouMeanExact = answer.didYouMean !== null && fold(answer.didYouMean).trim() === fold(query.didYouMean).trim();
    }
    if (Object.keys(query.relevant ?? {}).length) {
      row.recall = recallAt10(query.relevant, answer.keys);
      row.ndcg = ndcgAt10(query.relevant, answer.keys);
    }
    if (query.via && answer.vias) {
      // Relevant items found only in another language (their own text lacks the query's words) should say which word crossed.
      const crossing = answer.keys.map((key, i) => ({ key, via: answer.vias[i] })).filter(({ key }) => (query.viaItems ?? []).includes(key));
      if (crossing.length) row.viaCorrect = crossing.filter(({ via }) => via?.some((v) => fold(v.word) === fold(query.via.word))).length / crossing.length;
    }
    rows.push(row);
  }
  return { rows, summary: summarise(rows) };
}

const mean = (values) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

export function summarise(rows) {
  const groups = new Map([['overall', rows]]);
  for (const row of rows) {
    const category = row.category === 'did-you-mean' ? 'typo' : row.category;
    if (!groups.has(category)) groups.set(category, []);
    groups.get(category).push(row);
  }
  const summary = {};
  for (const [name, group] of groups) {
    const scored = group.filter((row) => row.recall !== undefined);
    const dym = group.filter((row) => row.didYouMeanExact !== undefined);
    const via = group.filter((row) => row.viaCorrect !== undefined);
    summary[name] = {
      queries: group.length,
      scored: scored.length,
      recall: mean(scored.map((row) => row.recall)),
      ndcg: mean(scored.map((row) => row.ndcg)),
      didYouMean: dym.length ? mean(dym.map((row) => (row.didYouMeanExact ? 1 : 0))) : null,
      didYouMeanQueries: dym.length,
      via: via.length ? mean(via.map((row) => row.viaCorrect)) : null,
      viaQueries: via.length,
    };
  }
  return summary;
}

/** What falls short of the targets: recall@10 per category, NDCG@10 overall. */
export function shortfalls(summary) {
  const out = [];
  for (const [name, figures] of Object.entries(summary)) {
    if (name !== 'overall' && figures.recall !== null && figures.recall < TARGETS.recall) out.push(`${name}: recall@10 ${figures.recall.toFixed(3)} < ${TARGETS.recall}`);
  }
  if (summary.overall.ndcg < TARGETS.ndcg) out.push(`overall: NDCG@10 ${summary.overall.ndcg.toFixed(3)} < ${TARGETS.ndcg}`);
  return out;
}
