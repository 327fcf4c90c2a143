import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FACETS, type Theme } from '../../../shared/catalog.ts';
import type { DatasetFacets } from '../../../shared/schemas/catalog.ts';
import { loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { SEARCH_LANGUAGES, type SearchLanguage } from '../../lib/search/analyze.ts';
import { SearchIndex, type SearchField } from '../../lib/search/engine.ts';
import { CatalogIndex, catalogIndex } from './catalog.index.ts';
import * as repo from './catalog.repository.ts';
import { search } from './catalog.service.ts';
import { searchConcepts } from '../glossary/glossary.service.ts';

/**
 * The catalogue's search index against a reference that shares none of its catalogue side: every
 * row read afresh by plain SQL, the words matched by a new engine built from those rows here
 * (the engine itself is held to a brute-force matcher in lib/search/engine.brute.unit.test.ts),
 * and filters, facets, keyword counts and orders worked out by reading every row. The same
 * matches, totals, facets and order for any words and filters; and it follows every kind of
 * change to the catalogue.
 */

let t: TestApp;
let editor: Session;
let publishers: string[];
let sources: string[];

const FI = ['liikenne', 'satama', 'väestö', 'koulut', 'ilmanlaatu', 'pyöräily', 'asuminen', 'kartat'];
const EN = ['traffic', 'port', 'population', 'schools', 'air quality', 'cycling', 'housing', 'maps', 'public transport'];
const ET = ['liiklus', 'sadam', 'rahvastik', 'koolid', 'e-teenused', 'ühistransport', 'eluase', 'kaardid'];
const PLACES = ['Helsinki', 'Tallinn', 'Espoo', 'Viimsi'];
const THEMES: Theme[] = ['TRAN', 'ENVI', 'SOCI', 'EDUC', 'REGI'];
const FORMATS = ['CSV', 'JSON', 'XLSX', 'GEOJSON'];
const REGIONS = ['fi-091', 'fi-049', 'ee-0784', 'FI1B1', 'EE'];
const LICENSES = ['CC_BY_4_0', 'CC0', 'CC_BY_SA_4_0'] as const;

/** A small deterministic generator, so the catalogue is the same on both databases. */
function random(seed: number) {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T,>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const some = <T,>(list: readonly T[], most: number) => [...new Set(Array.from({ length: 1 + Math.floor(next() * most) }, () => pick(list)))];
  return { next, pick, some };
}

async function seedCatalogue(count: number) {
  const r = random(7);
  const rows = Array.from({ length: count }, (_, i) => {
    const words = (list: string[]) => `${r.some(list, 3).join(' ')} ${r.pick(PLACES)}`;
    return {
      name: `index-test-${i}`,
      title: JSON.stringify({ fi: words(FI), en: words(EN), ...(r.next() < 0.6 ? { et: words(ET) } : {}) }),
      description: JSON.stringify({ fi: `Aineisto: ${words(FI)} ${words(FI)}.`, en: `About ${words(EN)} in ${r.pick(PLACES)}.` }),
      // Some keywords twice in two languages (counted once), more of them than a facet shows, and two
      // that JavaScript and PostgreSQL order differently unless compared by code point.
      keywords: JSON.stringify({ et: r.some(ET, 2), en: r.some(EN, 1), ...(i % 4 === 0 ? { sv: [EN[i % EN.length], `tagi ${i % 70}`, ...(i % 8 === 0 ? ['\uff21', '\u{1f600}'] : [])] } : {}) }),
      publisher_id: r.next() < 0.9 ? r.pick(publishers) : null,
      themes: r.some(THEMES, 2),
      formats: r.next() < 0.9 ? r.some(FORMATS, 2) : [],
      spatial: r.some(REGIONS, 2),
      license: r.next() < 0.85 ? r.pick(LICENSES) : null,
      source_id: r.next() < 0.7 ? r.pick(sources) : null,
      source_identifier: `s-${i}`,
      state: r.next() < 0.1 ? ('withdrawn' as const) : ('active' as const),
      distributions: '[]',
      contact_point: 'null',
      modified: new Date(Date.UTC(2020, 0, 1) + Math.floor(r.next() * 2000) * 86_400_000).toISOString(),
    };
  });
  await t.db.kysely.insertInto('datasets').values(rows).execute();
}

const base = { state: 'active' as const, limit: 1000, offset: 0 };

interface Row {
  doc_no: string;
  id: string;
  name: string;
  state: string;
  title: Record<string, string>;
  description: Record<string, string>;
  keywords: Record<string, string[]>;
  publisher_id: string | null;
  license: string | null;
  source_id: string | null;
  themes: string[];
  formats: string[];
  spatial: string[];
  at: string;
}

/** Strings by code point, as PostgreSQL's `collate "C"`. */
const byCodePoint = (a: string, b: string) => {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
};

/** The reference: every row read, the words matched by a fresh engine, the rest by reading each row. */
async function reference(filter: repo.DatasetFilter & { q: string }) {
  const { rows } = await sql<Row>`select doc_no::text, id, name, state, title, description, keywords, publisher_id, license, source_id, themes, formats, spatial,
    to_char(coalesce(modified, created_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as at from datasets`.execute(t.db.kysely);
  const language = (key: string) => ((SEARCH_LANGUAGES as readonly string[]).includes(key) ? (key as SearchLanguage) : null);
  const engine = new SearchIndex();
  engine.addAll(rows.map((row) => ({
    id: row.id,
    fields: [
      ...Object.entries(row.title).map(([k, text]): SearchField => ({ field: 'title', lang: language(k), text })),
      ...Object.entries(row.keywords).flatMap(([k, words]) => words.map((text): SearchField => ({ field: 'keywords', lang: language(k), text }))),
      ...Object.entries(row.description).map(([k, text]): SearchField => ({ field: 'description', lang: language(k), text: [...text].slice(0, repo.INDEXED_DESCRIPTION).join('') })),
    ],
    concepts: [...row.themes.map((theme) => `theme:${theme}`), ...row.spatial.map((region) => `region:${region}`)],
  })));
  const byId = new Map(rows.map((row) => [row.id, row]));
  const keywordsOf = (row: Row) => [...new Set(Object.values(row.keywords).flat())];
  const passes = (row: Row) =>
    row.state === filter.state && !filter.nothing &&
    (!filter.publishers?.length || (row.publisher_id !== null && filter.publishers.includes(row.publisher_id))) &&
    (!filter.themes?.length || row.themes.some((x) => filter.themes!.includes(x as Theme))) &&
    (!filter.formats?.length || row.formats.some((x) => filter.formats!.includes(x))) &&
    (!filter.licenses?.length || (row.license !== null && (filter.licenses as string[]).includes(row.license))) &&
    (!filter.regions?.length || row.spatial.some((x) => filter.regions!.includes(x))) &&
    (!filter.sources?.length || filter.sources.includes(row.source_id ?? 'local')) &&
    (filter.keywords ?? []).every((k) => keywordsOf(row).includes(k)) &&
    (!filter.names?.length || filter.names.includes(row.name) || filter.names.includes(row.id));
  const texts = (id: string) => {
    const row = byId.get(id)!;
    return [...Object.values(row.title), ...Object.values(row.keywords).flat(), ...Object.values(row.description).map((d) => [...d].slice(0, repo.INDEXED_DESCRIPTION).join(''))].map((text) => ({ text }));
  };
  // With the glossary's concepts and terms, as every list searches.
  const { options: concepts } = await searchConcepts(t.db.kysely);
  const hits = engine.search(filter.q, { visible: (id) => passes(byId.get(id)!), texts, ...concepts }, filter.syntax ?? 'web').hits;
  const score = new Map(hits.map((hit) => [hit.id, hit.score]));
  const found = hits.map((hit) => byId.get(hit.id)!);
  const newest = (a: Row, b: Row) => (a.at < b.at ? 1 : a.at > b.at ? -1 : Number(b.doc_no) - Number(a.doc_no));
  const ordered = filter.sort === 'relevance' ? [...found].sort((a, b) => score.get(b.id)! - score.get(a.id)! || newest(a, b)) : filter.sort === 'modified' ? [...found].sort(newest) : null;
  const institutions = new Map((await t.db.kysely.selectFrom('institutions').select(['id', 'name']).execute()).map((row) => [row.id, row.name]));
  const sourceNames = new Map((await t.db.kysely.selectFrom('harvest_sources').select(['id', 'name']).execute()).map((row) => [row.id, row.name]));
  const counted = (values: string[]) => {
    const counts = new Map<string, number>();
    for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || byCodePoint(a[0], b[0])).slice(0, 50);
  };
  const facet = (values: (row: Row) => (string | null)[], label: (value: string) => unknown = () => null) =>
    counted(found.flatMap((row) => values(row).filter((v): v is string => v !== null))).map(([value, count]) => ({ value, count, label: label(value) }));
  const facets = {
    publisher: facet((row) => [row.publisher_id], (id) => institutions.get(id) ?? null),
    theme: facet((row) => row.themes),
    format: facet((row) => row.formats),
    license: facet((row) => [row.license]),
    source: facet((row) => [row.source_id ?? 'local'], (id) => (sourceNames.has(id) ? { fi: sourceNames.get(id), et: sourceNames.get(id), en: sourceNames.get(id) } : null)),
    region: facet((row) => row.spatial),
  } as unknown as DatasetFacets;
  const keywords = counted(found.flatMap(keywordsOf)).map(([keyword, count]) => ({ keyword, count }));
  return { total: found.length, ids: found.map((row) => row.id), ordered: ordered?.map((row) => row.id) ?? null, facets, keywords };
}

/** The index's answer (asked directly, past the service's kept answers) and the reference's. */
async function bothWays(filter: repo.DatasetFilter & { q: string }) {
  const index = catalogIndex(t.db.genericPlans);
  const state = await repo.searchState(t.db.genericPlans);
  await index.catchUp(t.db.genericPlans, state.version, state.resets);
  const fromIndex = await index.search(t.db.genericPlans, filter, 'id', (await searchConcepts(t.db.kysely)).options);
  return { fromIndex, expected: await reference(filter) };
}

const idOf = async (name: string) => (await t.db.kysely.selectFrom('datasets').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
const find = async (q: string) => (await t.app.inject({ url: `/api/datasets?q=${encodeURIComponent(q)}&limit=50` })).json() as { total: number; items: { name: string; publisher: { id: string } | null }[]; facets: DatasetFacets };

beforeAll(async () => {
  t = await startTestApp();
  editor = (await loginAs(t, 'editor')).session;
  publishers = (await t.db.kysely.selectFrom('institutions').select('id').orderBy('slug').limit(6).execute()).map((row) => row.id);
  const inserted = await t.db.kysely
    .insertInto('harvest_sources')
    .values([
      { name: 'HRI (test)', kind: 'ckan', url: 'https://hri.example.test', schedule: 'manual', enabled: false },
      { name: 'avaandmed (test)', kind: 'estonia', url: 'https://avaandmed.example.test', schedule: 'manual', enabled: false },
    ])
    .returning('id')
    .execute();
  sources = inserted.map((row) => row.id);
  await seedCatalogue(400);
});
afterAll(() => t?.close());

describe('the search index answers as reading every row does', () => {
  const word = fc.constantFrom(...FI, ...EN, ...ET, ...PLACES, 'zzqx', 'the', 'ja', 'satam', 'liikene', 'kvaliteet', 'transport');
  const query = fc.oneof(
    word,
    fc.tuple(word, word).map(([a, b]) => `${a} ${b}`),
    fc.tuple(word, word).map(([a, b]) => `${a} or ${b}`),
    fc.tuple(word, word).map(([a, b]) => `${a} -${b}`),
    word.map((a) => `-${a}`),
    fc.tuple(word, word).map(([a, b]) => `"${a} ${b}"`),
    fc.tuple(word, word).map(([a, b]) => `${a} -"${a} ${b}"`),
    fc.tuple(word, word, word).map(([a, b, c]) => `${a} or ${b} -${c}`),
  );
  const filter = fc.record(
    {
      // Which of the publishers (known only once the app runs); -1 is one no dataset has.
      publishers: fc.subarray([0, 1, 2, 3, 4, 5, -1], { minLength: 1, maxLength: 2 }),
      themes: fc.subarray(THEMES, { minLength: 1, maxLength: 2 }),
      formats: fc.subarray(FORMATS, { minLength: 1, maxLength: 2 }),
      licenses: fc.subarray([...LICENSES], { minLength: 1, maxLength: 2 }),
      regions: fc.subarray(REGIONS, { minLength: 1, maxLength: 2 }),
      sources: fc.constantFrom(['local'], ['local', 'first'], ['first']),
      keywords: fc.subarray([...ET.slice(0, 3), EN[0], 'tagi 3'], { minLength: 1, maxLength: 2 }),
      names: fc.subarray(['index-test-1', 'index-test-2', 'index-test-3', 'index-test-40', 'nobody'], { minLength: 1, maxLength: 3 }),
      state: fc.constantFrom('active' as const, 'withdrawn' as const),
      syntax: fc.constantFrom('web' as const, 'solr' as const),
    },
    { requiredKeys: [] },
  );

  it('finds the same datasets with the same total, facets and order, for any words, filters and sort', async () => {
    await fc.assert(
      fc.asyncProperty(query, filter, fc.constantFrom('relevance', 'modified', 'title', 'name') as fc.Arbitrary<'relevance' | 'modified' | 'title' | 'name'>, async (q, chosen, sort) => {
        const narrowed = {
          ...chosen,
          publishers: chosen.publishers?.map((at) => publishers[at] ?? '00000000-0000-4000-8000-000000000000'),
          sources: chosen.sources?.map((source) => (source === 'first' ? sources[0] : source)),
        };
        const { fromIndex, expected } = await bothWays({ ...base, ...narrowed, q, sort });
        expect(fromIndex.total).toBe(expected.total);
        expect(fromIndex.facets).toEqual(expected.facets);
        expect([...fromIndex.items].sort()).toEqual([...expected.ids].sort());
        if (expected.ordered) expect(fromIndex.items).toEqual(expected.ordered);
        expect(fromIndex.keywords).toEqual(expected.keywords);
      }),
      { numRuns: 60 },
    );
  });

  it('orders by the words’ weight: a title match before a description-only match, the newest first among equals', async () => {
    const page = await search(t.db.genericPlans, { ...base, q: 'satama', sort: 'relevance' }, 'json');
    const items = JSON.parse(`[${page.items.join(',')}]`) as { name: string; title: { fi?: string } }[];
    const inTitle = items.map((item) => /satama/i.test(item.title.fi ?? ''));
    expect(inTitle.indexOf(false)).toBeGreaterThan(0);
    // Every title match comes before the first dataset that has the word only elsewhere.
    expect(inTitle.slice(inTitle.indexOf(false)).includes(true)).toBe(false);
    const byDate = await search(t.db.genericPlans, { ...base, q: 'satama', sort: 'modified' }, 'json');
    const dates = (JSON.parse(`[${byDate.items.join(',')}]`) as { modified: string }[]).map((item) => item.modified);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('pages through the same order it ranks, in every sort', async () => {
    for (const sort of ['relevance', 'modified', 'title', 'name'] as const) {
      const all = await search(t.db.genericPlans, { ...base, q: 'liikenne or traffic', sort }, 'id');
      const pages = [];
      for (let offset = 0; offset < all.total; offset += 7) pages.push(...(await search(t.db.genericPlans, { ...base, q: 'liikenne or traffic', sort, limit: 7, offset }, 'id')).items);
      expect(all.total).toBeGreaterThan(20);
      expect(pages, sort).toEqual(all.items);
    }
  });

  it('answers every search with words, whatever its state, sort or CKAN filter', async () => {
    const index = catalogIndex(t.db.genericPlans);
    const answered = index.stats.answered;
    const withdrawn = await search(t.db.genericPlans, { ...base, state: 'withdrawn', q: 'liikenne', sort: 'relevance' }, 'id');
    const byTitle = await search(t.db.genericPlans, { ...base, q: 'liikenne', sort: 'title' }, 'id');
    // Two active names, one whose Finnish text has the word and one the word does not find (by itself, its theme or another language's term).
    const seeded = await t.db.kysely.selectFrom('datasets').select(['id', 'name', 'state', 'title', 'description', 'keywords']).where('name', 'like', 'index-test-%').orderBy('name').execute();
    const says = (row: (typeof seeded)[number], word: string) => JSON.stringify([row.title, row.description, row.keywords]).includes(word);
    const hit = seeded.find((row) => row.state === 'active' && says(row, 'liikenne'))!;
    const found = new Set((await reference({ ...base, q: 'liikenne', sort: 'relevance' })).ids);
    const miss = seeded.find((row) => row.state === 'active' && !found.has(row.id))!;
    const named = await search(t.db.genericPlans, { ...base, q: 'liikenne', sort: 'relevance', names: [hit.name, miss.name] }, 'id');
    expect(index.stats.answered).toBe(answered + 3);
    // liikenne names the transport theme too: what the reference finds, which holds every withdrawn one that says it.
    expect(withdrawn.total).toBe((await reference({ ...base, state: 'withdrawn', q: 'liikenne', sort: 'relevance' })).total);
    expect(withdrawn.total).toBeGreaterThanOrEqual(seeded.filter((row) => row.state === 'withdrawn' && says(row, 'liikenne')).length);
    expect(withdrawn.total).toBeGreaterThan(0);
    expect(byTitle.total).toBe((await reference({ ...base, q: 'liikenne', sort: 'title' })).total);
    expect(named.total).toBe(1);
    expect(named.items).toEqual([hit.id]);
  });

  it('answers hostile words with a search, never a failure', async () => {
    const hostile = [
      '-'.repeat(150) + 'a', `${'- '.repeat(90)}a`, `"${'-'.repeat(150)}a"`, `(${'-'.repeat(150)}a`, `${'-'.repeat(60)}a ${'-'.repeat(60)}b`, '-a'.repeat(90),
      `x,${'-'.repeat(150)}b`, '('.repeat(100), "'\\'' \\ '' \"", '!!!a & | <-> b', '"-a -b" -"c d"', 'x'.repeat(200), 'or or or -or "" "',
      '赫尔辛基'.repeat(50), '😀'.repeat(100), 'NOT AND OR ||&& !+-*:* title:"'.repeat(6),
    ];
    for (const q of hostile) {
      const words = encodeURIComponent(q.slice(0, 200));
      expect((await t.app.inject({ url: `/api/datasets?q=${words}` })).statusCode, q).toBe(200);
      expect((await t.app.inject({ url: `/api/3/action/package_search?q=${words}` })).statusCode, q).toBe(200);
      // The register reads words the same way.
      expect((await t.app.inject({ url: `/api/bottlenecks?q=${words}` })).statusCode, q).toBe(200);
    }
    // Too many words are refused as CKAN refuses a field it cannot take: 409, its validation error.
    const tooLong = await t.app.inject({ url: `/api/3/action/package_search?q=${'a'.repeat(1001)}` });
    expect([tooLong.statusCode, tooLong.json().error.q]).toEqual([409, ['Must be at most 1000 characters']]);
  });

  it('answers any 1,000 characters of operators, quotes, dashes, CJK and emoji in CKAN’s q, and any 200 in the list’s, with 200 or 400', async () => {
    const piece = fc.constantFrom('-', '- ', ' ', 'a', 'ö', '"', '(', ')', ',', 'or', 'OR', 'AND', 'NOT', '|', '!', '&', ':*', '*:*', "'", '\\', 'title:', '人口', '😀', 'satama', '+');
    // Cut at a length, never inside a character (a lone surrogate cannot be written in an address).
    const cut = (text: string, length: number) => (/[\uD800-\uDBFF]$/.test(text.slice(0, length)) ? text.slice(0, length - 1) : text.slice(0, length));
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 600 }), async (pieces) => {
        const q = pieces.join('');
        const ckan = await t.app.inject({ url: `/api/3/action/package_search?q=${encodeURIComponent(cut(q, 1000))}` });
        expect([200, 400, 409], q).toContain(ckan.statusCode);
        const list = await t.app.inject({ url: `/api/datasets?q=${encodeURIComponent(cut(q, 200))}` });
        expect([200, 400], q).toContain(list.statusCode);
      }),
      { numRuns: 40 },
    );
  });
});

describe('the search index follows the catalogue', () => {
  it('reads only what changed: a new dataset, a new title, a withdrawal and its return, a new publisher', async () => {
    const index = catalogIndex(t.db.genericPlans);
    for (const words of ['satama', 'quantum', 'photonic', 'computing']) await find(words);
    const reloads = index.stats.reloads;
    const patches = index.stats.patches;
    const created = await t.app.inject({
      method: 'POST', url: '/api/datasets', headers: editor.headers,
      payload: { name: 'kvanttilaskenta', title: { fi: 'Kvanttilaskennan kokeet', en: 'Quantum computing trials' }, description: { en: 'Trials.' }, keywords: { en: ['qubits', 'trials'], fi: ['trials'] }, publisherId: publishers[0], themes: ['TECH'], license: 'CC0' },
    });
    expect(created.statusCode).toBe(201);
    expect((await find('quantum')).items.map((item) => item.name)).toEqual(['kvanttilaskenta']);
    expect((await find('quantum')).facets.theme).toEqual([{ value: 'TECH', count: 1, label: null }]);

    await t.app.inject({ method: 'PATCH', url: '/api/datasets/kvanttilaskenta', headers: editor.headers, payload: { title: { en: 'Photonic computing trials' }, keywords: { fi: ['fotoniikka'] }, publisherId: publishers[1] } });
    expect((await find('quantum')).total).toBe(0);
    const renamed = await find('photonic');
    expect(renamed.items.map((item) => [item.name, item.publisher?.id])).toEqual([['kvanttilaskenta', publishers[1]]]);
    expect(renamed.facets.publisher.map((value) => value.value)).toEqual([publishers[1]]);

    await t.app.inject({ method: 'PATCH', url: '/api/datasets/kvanttilaskenta', headers: editor.headers, payload: { state: 'withdrawn' } });
    expect((await find('photonic')).total).toBe(0);
    await t.app.inject({ method: 'PATCH', url: '/api/datasets/kvanttilaskenta', headers: editor.headers, payload: { state: 'active' } });
    expect((await find('photonic')).total).toBe(1);
    expect(index.stats.reloads).toBe(reloads);
    expect(index.stats.patches).toBeGreaterThanOrEqual(patches + 4);
    // The patched index answers as the reference, and as one that read everything afresh, down to its order.
    const fresh = new CatalogIndex();
    for (const q of ['computing', 'quantum or photonic or satama', 'trials -photonic', 'satama', 'fotoniikka']) {
      const { fromIndex, expected } = await bothWays({ ...base, q, sort: 'relevance' });
      expect([fromIndex.total, fromIndex.facets, fromIndex.items, fromIndex.keywords]).toEqual([expected.total, expected.facets, expected.ordered, expected.keywords]);
      const state = await repo.searchState(t.db.genericPlans);
      await fresh.catchUp(t.db.genericPlans, state.version, state.resets);
      expect((await fresh.search(t.db.genericPlans, { ...base, q, sort: 'relevance' }, 'id', (await searchConcepts(t.db.kysely)).options)).items).toEqual(fromIndex.items);
    }
  });

  it('reads the catalogue as soon as a server listens, before any search; a search that comes first waits for it', { timeout: 90_000 }, async () => {
    const other = await startTestApp();
    try {
      await other.db.kysely.insertInto('datasets').values({ name: 'early-satama', title: JSON.stringify({ fi: 'Sataman aikataulut' }), description: JSON.stringify({ fi: 'Sataman aikataulut' }), keywords: '{}', distributions: '[]', contact_point: 'null' }).execute();
      expect(catalogIndex(other.db.genericPlans).stats.reloads).toBe(0);
      await other.app.listen({ port: 0, host: '127.0.0.1' });
      // Asked at once, while the index is being read: the answer is the read index's, not an empty one.
      const early = (await other.app.inject({ url: '/api/datasets?q=satama' })).json() as { items: { name: string }[] };
      expect(early.items.map((item) => item.name)).toEqual(['early-satama']);
      expect(catalogIndex(other.db.genericPlans).stats.reloads).toBe(1);
    } finally {
      await other.close();
    }
  });

  it('starts again after rows are deleted, which leaves nothing to read', async () => {
    const index = catalogIndex(t.db.genericPlans);
    const before = (await find('satama')).total;
    const reloads = index.stats.reloads;
    const id = await idOf((await find('satama')).items[0].name);
    await t.db.kysely.deleteFrom('datasets').where('id', '=', id).execute();
    expect((await find('satama')).total).toBe(before - 1);
    expect(index.stats.reloads).toBe(reloads + 1);
  });

  it('names a publisher afresh in the facets when the institution is renamed', async () => {
    const first = (await find('photonic')).facets.publisher[0];
    await t.db.kysely.updateTable('institutions').set({ name: JSON.stringify({ fi: 'Uusi nimi', et: 'Uus nimi', en: 'New name' }) }).where('id', '=', first.value).execute();
    expect((await find('photonic')).facets.publisher[0].label).toEqual({ fi: 'Uusi nimi', et: 'Uus nimi', en: 'New name' });
  });
});
