import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { databaseIdentity, type Database } from '../../db/connection.ts';
import { startTestApp, type TestApp } from '../../test/harness.ts';

/**
 * Two databases in one process, with the same ids, the same catalogue version and the same
 * questions: each must answer from its own data, whatever the other has already had kept.
 * Everything of the first names "alpha", everything of the second "beta".
 */

let alpha: TestApp;
let beta: TestApp;

const INSTITUTION = '00000000-0000-4000-8000-0000000000a1';
const SOURCE = '00000000-0000-4000-8000-0000000000a2';
const HARBOUR = '00000000-0000-4000-8000-0000000000a3';
const SECOND = '00000000-0000-4000-8000-0000000000a4';

async function fill(db: Database, word: 'alpha' | 'beta') {
  await db.kysely.insertInto('institutions').values({ id: INSTITUTION, slug: `${word}-office`, name: JSON.stringify({ fi: `${word} office`, en: `${word} office` }), country: 'FI', type: 'municipality' }).execute();
  await db.kysely.insertInto('harvest_sources').values({ id: SOURCE, name: `${word} portal`, kind: 'ckan', url: `https://${word}.example.test/`, schedule: 'manual', enabled: false }).execute();
  const dataset = (id: string, name: string, title: string) => ({
    id,
    name,
    title: JSON.stringify({ en: title }),
    description: JSON.stringify({ en: `Records kept by the ${word} office.` }),
    keywords: JSON.stringify({ en: [`${word}tag`] }),
    publisher_id: INSTITUTION,
    source_id: SOURCE,
    source_identifier: name,
    themes: [word === 'alpha' ? 'TRAN' : 'ENVI'],
    distributions: '[]',
    contact_point: 'null',
  });
  // The same ids, in the same order (so the same search index numbers), in both.
  await db.kysely.insertInto('datasets').values(dataset(HARBOUR, 'harbour-one', `${word} harbour`)).execute();
  await db.kysely.insertInto('datasets').values(dataset(SECOND, 'harbour-two', word === 'alpha' ? 'alpha lighthouse' : 'beta harbour again')).execute();
}

let version = 1000;

beforeAll(async () => {
  [alpha, beta] = await Promise.all([startTestApp(), startTestApp()]);
  await fill(alpha.db, 'alpha');
  await fill(beta.db, 'beta');
});

afterAll(async () => {
  await Promise.all([alpha?.close(), beta?.close()]);
});

// Every test starts both catalogues at one new version: nothing is kept yet, and whatever the
// first database has kept is under the very version the second then asks for.
beforeEach(async () => {
  version += 1;
  // The version is written by triggers alone, so the tables' type has no way to set it.
  for (const t of [alpha, beta]) await sql`update catalog_version set version = ${version}`.execute(t.db.kysely);
});

/** Asks the first database, then the second; the second's answer, which must be its own. */
async function askBoth(url: string, urlForBeta = url) {
  const first = await alpha.app.inject({ url });
  expect(first.statusCode).toBe(200);
  expect(first.body).toMatch(/alpha/);
  const second = await beta.app.inject({ url: urlForBeta });
  expect(second.statusCode).toBe(200);
  expect(second.body).toMatch(/beta/);
  expect(second.body).not.toMatch(/alpha/i);
  return second;
}

const ckan = (params: string) => `/api/3/action/package_search?${params}`;

describe('caches of two databases at one catalogue version', () => {
  it('the versions really match, and a database is one identity for both its query builders', async () => {
    const versions = await Promise.all([alpha, beta].map((t) => t.db.kysely.selectFrom('catalog_version').select('version').executeTakeFirstOrThrow()));
    expect(versions.map((row) => Number(row.version))).toEqual([version, version]);
    expect(databaseIdentity(alpha.db.kysely)).toBe(databaseIdentity(alpha.db.genericPlans));
    expect(databaseIdentity(alpha.db.kysely)).not.toBe(databaseIdentity(beta.db.kysely));
  });

  it('pages without words (catalog.page)', async () => {
    const page = (await askBoth('/api/datasets?sort=title')).json();
    expect(page.items.map((item: { title: { en: string } }) => item.title.en)).toEqual(['beta harbour', 'beta harbour again']);
  });

  it('count and facets of a filter (catalog.count), asked with another page size', async () => {
    const page = (await askBoth('/api/datasets?sort=modified', '/api/datasets?sort=modified&limit=1')).json();
    expect(page.facets.theme.map((facet: { value: string }) => facet.value)).toEqual(['ENVI']);
    expect(page.facets.publisher[0].label.en).toBe('beta office');
  });

  it('whole search answers (catalog.search)', async () => {
    const found = (await askBoth('/api/datasets?q=harbour')).json();
    expect(found.total).toBe(2);
  });

  it("the search index's written items and publisher names (catalog.index.items), asked with another page size", async () => {
    const found = (await askBoth('/api/datasets?q=harbour', '/api/datasets?q=harbour&limit=7')).json();
    expect(found.items.map((item: { title: { en: string } }) => item.title.en).sort()).toEqual(['beta harbour', 'beta harbour again']);
    expect(found.facets.publisher[0].label.en).toBe('beta office');
  });

  it("CKAN's tags of a search without words (catalog.keywords), asked with another page size", async () => {
    const params = `sort=${encodeURIComponent('title_string asc')}&facet.field=${encodeURIComponent('["tags"]')}`;
    const result = (await askBoth(ckan(params), ckan(`${params}&rows=5`))).json().result;
    expect(Object.keys(result.facets.tags)).toEqual(['betatag']);
  });

  it("CKAN's package_search answers (ckan.package_search)", async () => {
    const result = (await askBoth(ckan('q=harbour'))).json().result;
    expect(result.count).toBe(2);
  });

  it("CKAN's kept packages (ckan.package), asked with other rows", async () => {
    const result = (await askBoth(ckan('q=harbour'), ckan('q=harbour&rows=11'))).json().result;
    expect(result.results.map((p: { title: string }) => p.title).sort()).toEqual(['beta harbour', 'beta harbour again']);
  });

  it("CKAN's kept harvest sources (ckan.source), read for a package the first database never showed", async () => {
    const result = (await askBoth(ckan('q=harbour'), ckan('q=harbour&rows=12'))).json().result;
    const again = result.results.find((p: { title: string }) => p.title === 'beta harbour again');
    expect(again.extras).toContainEqual({ key: 'harvest_source_title', value: 'beta portal' });
  });

  it("CKAN's kept organisations (ckan.organization), named in the organization facet", async () => {
    const params = `q=harbour&facet.field=${encodeURIComponent('["organization"]')}`;
    const result = (await askBoth(ckan(params), ckan(`${params}&rows=13`))).json().result;
    expect(result.search_facets.organization.items).toEqual([{ name: 'beta-office', display_name: 'beta office', count: 2 }]);
  });

  it('pages of the DCAT catalogue (catalog.dcat-page)', async () => {
    const page = await askBoth('/catalog.ttl?page=1');
    expect(page.body).toContain('beta harbour');
  });
});
