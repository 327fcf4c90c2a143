import { Parser, type Quad } from 'n3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import JSONstat from 'jsonstat-toolkit';
import { buildApp } from '../../app.ts';
import { expectStatus, loginAs, startTestApp, testConfig, type TestApp } from '../../test/harness.ts';
import { callAction, CkanApiError } from '../catalog/test/ckanapi.ts';
import { describeViolations, validateDcat } from '../catalog/dcat/shacl.ts';
import { syncIndicatorDatasets } from './indicators.catalog.ts';
import { populationTable, storeTestIndicators } from './test/fixtures.ts';
import { documentOf, startDocumentServer } from '../statistics/test/documentServer.ts';
import { LOOPBACK } from '../../lib/addresses.ts';

/** Each published indicator is a dataset of the catalogue, and so in the CKAN API and the DCAT-AP output with its files. */

const BASE = 'https://talsinki.example';
const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

let t: TestApp;
let base: string;

interface Resource { url: string; format: string; mimetype: string | null; name: string }
interface Package { name: string; title: string; state: string; resources: Resource[]; extras: { key: string; value: string }[]; groups: { name: string }[] }

const catalogVersion = async () => Number((await t.db.kysely.selectFrom('catalog_version').select('version').executeTakeFirstOrThrow()).version);
const turtle = async () => new Parser().parse(expectStatus(await t.app.inject({ url: '/catalog.ttl' }), 200).body);
const objects = (quads: Quad[], subject: string, predicate: string) => quads.filter((q) => q.subject.value === subject && q.predicate.value === predicate).map((q) => q.object.value);

beforeAll(async () => {
  t = await startTestApp({ publicUrl: BASE });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  await storeTestIndicators(t.db.kysely, { publicUrl: BASE });
});
afterAll(() => t?.close());

describe('an indicator in the open data catalogue', () => {
  it('is a CKAN package that ckanapi reads with package_show, its JSON-stat, CSV and XLSX as resources; a draft is not', async () => {
    const pkg = (await callAction(base, 'package_show', { id: 'indicator-population' })) as Package;
    expect(pkg).toMatchObject({ name: 'indicator-population', title: 'Väkiluku', state: 'active' });
    expect(pkg.resources.map((resource) => [resource.name, resource.format, resource.mimetype, resource.url])).toEqual([
      ['JSON-stat 2.0', 'JSON', 'application/json', `${BASE}/api/indicators/population.json`],
      ['CSV', 'CSV', 'text/csv', `${BASE}/api/indicators/population.csv`],
      ['XLSX', 'XLSX', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `${BASE}/api/indicators/population.xlsx`],
    ]);
    // Its time is that of its figures: 2023-Q1 to the end of 2023-Q3.
    expect(Object.fromEntries(pkg.extras.map((extra) => [extra.key, extra.value]))).toMatchObject({ temporal_start: '2023-01-01', temporal_end: '2023-09-30' });
    expect(pkg.groups.map((group) => group.name)).toContain('regi');
    await expect(callAction(base, 'package_show', { id: 'indicator-draft-indicator' })).rejects.toBeInstanceOf(CkanApiError);
    const found = (await callAction(base, 'package_search', { q: 'Population' })) as { results: { name: string }[] };
    expect(found.results.map((one) => one.name)).toContain('indicator-population');
  });

  it('is a DCAT-AP dataset whose JSON-stat distribution conforms to JSON-stat, with zero violations of the official shapes', async () => {
    const quads = await turtle();
    const violations = await validateDcat(quads);
    expect(violations, describeViolations(violations)).toEqual([]);
    const dataset = quads.find((q) => q.predicate.value === RDF_TYPE && q.object.value === `${DCAT}Dataset` && objects(quads, q.subject.value, `${DCAT}landingPage`).includes(`${BASE}/indicators/population`))!.subject.value;
    const distributions = objects(quads, dataset, `${DCAT}distribution`);
    expect(distributions).toHaveLength(3);
    const jsonStat = distributions.find((one) => objects(quads, one, `${DCAT}downloadURL`).includes(`${BASE}/api/indicators/population.json`))!;
    expect(objects(quads, jsonStat, `${DCT}conformsTo`)).toEqual(['https://json-stat.org/format/']);
    expect(objects(quads, jsonStat, `${DCAT}mediaType`)).toEqual(['https://www.iana.org/assignments/media-types/application/json']);
    expect(objects(quads, dataset, `${DCT}accrualPeriodicity`)).toEqual(['http://publications.europa.eu/resource/authority/frequency/QUARTERLY']);
    expect(objects(quads, dataset, `${DCT}spatial`).some((place) => place.endsWith('FI1B1'))).toBe(true);
  });

  it('gives addresses that answer: the JSON-stat distribution is the indicator as JSON-stat', async () => {
    const pkg = (await callAction(base, 'package_show', { id: 'indicator-population' })) as Package;
    const response = await fetch(pkg.resources[0].url.replace(BASE, base));
    expect(response.status).toBe(200);
    expect(JSONstat(await response.json()).Dataset(0).Data({ region: 'nuts:FI1B1', time: '2023-Q3', measure: 'absolute' }).value).toBe(1_720_000);
  });

  it('is written again only when it changed, leaves with its indicator\'s publication and comes back with it', async () => {
    const before = await catalogVersion();
    expect(await syncIndicatorDatasets(t.db.kysely, BASE)).toEqual({ created: 0, updated: 0, unchanged: 3, removed: 0 });
    expect(await catalogVersion()).toBe(before);

    await t.db.kysely.updateTable('indicators').set({ published: false }).where('slug', '=', 'population').execute();
    expect(await syncIndicatorDatasets(t.db.kysely, BASE)).toMatchObject({ removed: 1 });
    await expect(callAction(base, 'package_show', { id: 'indicator-population' })).rejects.toBeInstanceOf(CkanApiError);
    expect((await turtle()).some((q) => q.object.value === `${BASE}/indicators/population`)).toBe(false);

    await t.db.kysely.updateTable('indicators').set({ published: true }).where('slug', '=', 'population').execute();
    // The next start brings it back, at the address that instance is public at.
    const restarted = await buildApp({ config: testConfig({ publicUrl: 'https://data.talsinki.example' }), db: t.db });
    try {
      await restarted.ready();
      const pkg = (await callAction(base, 'package_show', { id: 'indicator-population' })) as Package;
      expect(pkg.resources[0].url).toBe('https://data.talsinki.example/api/indicators/population.json');
      expect(await syncIndicatorDatasets(t.db.kysely, 'https://data.talsinki.example')).toEqual({ created: 0, updated: 0, unchanged: 3, removed: 0 });
    } finally {
      await restarted.close();
    }
  });

  it('follows an import that changed its table: the new quarter is in the package without a restart', async () => {
    const site = await startDocumentServer({ '/11ra.json': documentOf(populationTable(['2023Q1', '2023Q2', '2023Q3', '2023Q4'], [1_700_000, 1_710_000, 1_720_000, 1_730_000, 660_000, 662_000, 663_000, 664_000])) });
    // The tests' source becomes a JSON-stat document on a loopback site, read by a worker of its own.
    const source = await t.db.kysely.updateTable('stat_sources').set({ kind: 'jsonstat', url: `${site.url}/11ra.json`, table_ref: '11ra-kpi' }).where('name', '=', 'statfin-test').returning('id').executeTakeFirstOrThrow();
    const worker = await buildApp({ config: testConfig({ publicUrl: BASE, statisticsWorker: true, harvestPollMs: 50, harvestAllowedNetworks: [...LOOPBACK] }), db: t.db });
    try {
      await worker.ready();
      const { session } = await loginAs(t, 'admin');
      expectStatus(await worker.inject({ method: 'POST', url: `/api/statistics/sources/${source.id}/runs`, headers: session.headers }), 202);
      await vi.waitFor(async () => {
        const pkg = (await callAction(base, 'package_show', { id: 'indicator-population' })) as Package;
        expect(Object.fromEntries(pkg.extras.map((extra) => [extra.key, extra.value]))).toMatchObject({ temporal_end: '2023-12-31' });
      }, { timeout: 30_000, interval: 50 });
    } finally {
      await worker.close();
      await site.close();
    }
  });
});
