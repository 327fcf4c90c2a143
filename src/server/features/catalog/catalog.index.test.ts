import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FACETS, type Theme } from '../../../shared/catalog.ts';
import type { DatasetFacets } from '../../../shared/schemas/catalog.ts';
import { loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { CatalogIndex, catalogIndex } from './catalog.index.ts';
import * as repo from './catalog.repository.ts';
import { search } from './catalog.service.ts';
import { lexemeQuery, lexemeRanks, parseTsQuery, phrasesIn } from './tsquery.ts';

/**
 * The in-memory search index against the SQL search it stands in for: the same matches, totals
 * and facets for any words and filters; and it follows every kind of change to the catalogue.
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

/** The SQL search's facets, grouped as the service answers them. */
function grouped(json: string): DatasetFacets {
  const facets = Object.fromEntries(FACETS.map((facet) => [facet, [] as DatasetFacets[keyof DatasetFacets]])) as DatasetFacets;
  for (const row of JSON.parse(json) as { facet: keyof DatasetFacets; value: string; count: number; label: unknown }[]) {
    facets[row.facet].push({ value: row.value, count: Number(row.count), label: (row.label ?? null) as never });
  }
  return facets;
}

/** The index's answer (asked directly, past the service's kept answers) and the SQL search's. */
async function bothWays(filter: repo.DatasetFilter & { q: string }) {
  const index = catalogIndex(t.db.genericPlans);
  const state = await repo.searchState(t.db.genericPlans, filter.q);
  await index.catchUp(t.db.genericPlans, state.version, state.resets);
  const fromIndex = await index.search(t.db.genericPlans, { filter, tsquery: state.tsquery! }, 'id');
  // A phrase under a negation (`-e-teenused` is one: a hyphenated word is a phrase) is left to SQL.
  expect(fromIndex === null, `the index answers ${JSON.stringify(filter)} unless a phrase is negated`).toBe(phrasesIn(parseTsQuery(state.tsquery!)!).negated);
  const fromSql = await repo.searchWithFacets(t.db.genericPlans, filter, 'id');
  return { fromIndex: fromIndex ?? (await search(t.db.genericPlans, filter, 'id')), fromSql };
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

describe('the search index answers as the SQL search does', () => {
  const word = fc.constantFrom(...FI, ...EN, ...ET, ...PLACES, 'zzqx', 'the', 'ja');
  const query = fc.oneof(
    word,
    fc.tuple(word, word).map(([a, b]) => `${a} ${b}`),
    fc.tuple(word, word).map(([a, b]) => `${a} or ${b}`),
    fc.tuple(word, word).map(([a, b]) => `${a} -${b}`),
    word.map((a) => `-${a}`),
    fc.tuple(word, word).map(([a, b]) => `"${a} ${b}"`),
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
    },
    { requiredKeys: [] },
  );

  it('finds the same datasets with the same total and facets, for any words and filters', async () => {
    await fc.assert(
      fc.asyncProperty(query, filter, fc.constantFrom('relevance', 'modified') as fc.Arbitrary<'relevance' | 'modified'>, async (q, chosen, sort) => {
        const narrowed = {
          ...chosen,
          publishers: chosen.publishers?.map((at) => publishers[at] ?? '00000000-0000-4000-8000-000000000000'),
          sources: chosen.sources?.map((source) => (source === 'first' ? sources[0] : source)),
        };
        const { fromIndex, fromSql } = await bothWays({ ...base, ...narrowed, q, sort });
        expect(fromIndex.total).toBe(fromSql.total);
        expect(fromIndex.facets).toEqual(grouped(fromSql.facets));
        expect([...fromIndex.items].sort()).toEqual([...fromSql.items].sort());
        // CKAN's tags facet, counted beside the facets (absent where the index left the search to SQL).
        if (fromIndex.keywords) expect(fromIndex.keywords).toEqual(await repo.keywordCounts(t.db.genericPlans, { ...base, ...narrowed, q, sort }));
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

  it('pages through the same order it ranks', async () => {
    const all = await search(t.db.genericPlans, { ...base, q: 'liikenne or traffic', sort: 'relevance' }, 'id');
    const pages = [];
    for (let offset = 0; offset < all.total; offset += 7) pages.push(...(await search(t.db.genericPlans, { ...base, q: 'liikenne or traffic', sort: 'relevance', limit: 7, offset }, 'id')).items);
    expect(all.total).toBeGreaterThan(20);
    expect(pages).toEqual(all.items);
  });

  it('reads a lexeme with quotes and backslashes back as PostgreSQL writes it', async () => {
    for (const lexeme of ["it's", 'back\\slash', "o'\\'x", 'ö-ä']) {
      const { rows } = await sql<{ text: string }>`select ${lexemeQuery(lexeme)}::tsquery::text as text`.execute(t.db.kysely);
      expect(parseTsQuery(rows[0].text)).toEqual({ kind: 'lexeme', lexeme });
    }
  });

  it('is what the search service asks, for words over active datasets', async () => {
    const answered = catalogIndex(t.db.genericPlans).stats.answered;
    const answer = (await t.app.inject({ url: '/api/datasets?q=satama%20helsinki&theme=TRAN' })).json();
    expect(catalogIndex(t.db.genericPlans).stats.answered).toBe(answered + 1);
    expect(answer.total).toBe((await repo.searchWithFacets(t.db.genericPlans, { ...base, q: 'satama helsinki', themes: ['TRAN'], sort: 'relevance' }, 'id')).total);
  });

  it('answers hostile words with a search, never a failure', async () => {
    const hostile = [
      '-'.repeat(150) + 'a', `${'- '.repeat(90)}a`, `"${'-'.repeat(150)}a"`, `(${'-'.repeat(150)}a`, `${'-'.repeat(60)}a ${'-'.repeat(60)}b`, '-a'.repeat(90),
      `x,${'-'.repeat(150)}b`, '('.repeat(100), "'\\'' \\ '' \"", '!!!a & | <-> b', '"-a -b" -"c d"', 'x'.repeat(200), 'or or or -or "" "',
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

  it('never lets PostgreSQL fail on search words, whatever their dashes, quotes and separators', async () => {
    const piece = fc.constantFrom('-', '- ', ' ', 'a', 'ö', '"', '(', ',', 'or', '|', '!', '&', ':*', "'", '\\');
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 400 }), async (pieces) => {
        const q = pieces.join('');
        await sql`select ${repo.searchQuery(q)}::text`.execute(t.db.kysely);
      }),
      { numRuns: 150 },
    );
  });

  it('leaves to SQL what it does not answer: withdrawn datasets, title order and CKAN’s names', async () => {
    const answered = catalogIndex(t.db.genericPlans).stats.answered;
    const withdrawn = await search(t.db.genericPlans, { ...base, state: 'withdrawn', q: 'liikenne', sort: 'relevance' }, 'id');
    const byTitle = await search(t.db.genericPlans, { ...base, q: 'liikenne', sort: 'title' }, 'id');
    // Two active names, one whose Finnish text has the word and one with none of it anywhere.
    const seeded = await t.db.kysely.selectFrom('datasets').select(['id', 'name', 'state', 'title', 'description', 'keywords']).where('name', 'like', 'index-test-%').orderBy('name').execute();
    const says = (row: (typeof seeded)[number], word: string) => JSON.stringify([row.title, row.description, row.keywords]).includes(word);
    const hit = seeded.find((row) => row.state === 'active' && says(row, 'liikenne'))!;
    const miss = seeded.find((row) => row.state === 'active' && !says(row, 'liiken'))!;
    const named = await search(t.db.genericPlans, { ...base, q: 'liikenne', sort: 'relevance', names: [hit.name, miss.name] }, 'id');
    expect(catalogIndex(t.db.genericPlans).stats.answered).toBe(answered);
    expect(withdrawn.total).toBe(seeded.filter((row) => row.state === 'withdrawn' && says(row, 'liikenne')).length);
    expect(withdrawn.total).toBeGreaterThan(0);
    expect(byTitle.total).toBe((await repo.searchWithFacets(t.db.genericPlans, { ...base, q: 'liikenne', sort: 'title' }, 'id')).total);
    expect(named.total).toBe(1);
    expect(named.items).toEqual([expect.stringContaining(hit.id)]);
  });
});

describe('the search index follows the catalogue', () => {
  it('reads only what changed: a new dataset, a new title, a withdrawal and its return, a new publisher', async () => {
    const index = catalogIndex(t.db.genericPlans);
    // The words searched before the change keep their lists: the change must reach them.
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
    // The patched index answers as one that read everything afresh, down to the order of its ranks.
    const fresh = new CatalogIndex();
    for (const q of ['computing', 'quantum or photonic or satama', 'trials -photonic', 'satama']) {
      const { fromIndex, fromSql } = await bothWays({ ...base, q, sort: 'relevance' });
      expect([fromIndex.total, fromIndex.facets]).toEqual([fromSql.total, grouped(fromSql.facets)]);
      expect(fromIndex.keywords).toEqual(await repo.keywordCounts(t.db.genericPlans, { ...base, q, sort: 'relevance' }));
      const state = await repo.searchState(t.db.genericPlans, q);
      await fresh.catchUp(t.db.genericPlans, state.version, state.resets);
      expect((await fresh.search(t.db.genericPlans, { filter: { ...base, q, sort: 'relevance' }, tsquery: state.tsquery! }, 'id'))!.items).toEqual(fromIndex.items);
    }
  });

  it('ranks a changed row’s words as PostgreSQL does, from its search vector alone', async () => {
    const { rows } = await sql<{ search: string; id: string }>`select search::text as search, id from datasets order by name limit 25`.execute(t.db.kysely);
    for (const row of rows) {
      const ranks = lexemeRanks(row.search);
      expect(ranks.size).toBeGreaterThan(3);
      const lexemes = [...ranks.keys()];
      const { rows: fromPg } = await sql<{ rank: number }>`
        select ts_rank(d.search, l.t::tsquery) as rank from unnest(${lexemes.map(lexemeQuery)}::text[]) with ordinality l(t, n), datasets d where d.id = ${row.id} order by l.n`.execute(t.db.kysely);
      // PostgreSQL prints a float4 by its shortest decimal, which reads back as the same float4.
      expect(fromPg.map((r) => Math.fround(Number(r.rank)))).toEqual(lexemes.map((lexeme) => ranks.get(lexeme)));
    }
  });

  it('reads the catalogue as soon as a server listens, before any search', async () => {
    const other = await startTestApp();
    try {
      expect(catalogIndex(other.db.genericPlans).stats.reloads).toBe(0);
      await other.app.listen({ port: 0, host: '127.0.0.1' });
      await vi.waitFor(() => expect(catalogIndex(other.db.genericPlans).stats.reloads).toBe(1));
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
