import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SourceUnreadable } from '../harvest.types.ts';
import { ckanPackage, failTimes, runReader, startCkanPortal, testHttpClient, type CkanPortalOptions, type Portal } from '../test/portals.ts';
import { readCkan } from './ckan.ts';
import { checkHarvested } from './validate.ts';

let portal: Portal<CkanPortalOptions>;
const idOf = (i: number) => ckanPackage(i).id as string;
const origin = () => new URL(portal.url).origin;
const searches = () => portal.requests.filter((path) => path.includes('/package_search'));

beforeAll(async () => {
  portal = await startCkanPortal();
});
afterAll(() => portal.close());
beforeEach(() => {
  portal.requests.length = 0;
  portal.set({ count: 0, records: undefined, untitled: undefined, huge: undefined, hostile: undefined, failPaths: undefined, delayMs: undefined, hold: undefined, truncate: undefined, garbage: undefined, rawBody: undefined, maxRows: undefined, announcedCount: undefined, ignoreStart: undefined });
});

function expectAllValid(records: unknown[]) {
  for (const record of records) expect(checkHarvested(record)).toEqual([]);
}

describe('readCkan: mapping', () => {
  it('maps an HRI package with its fluent fields, field by field', async () => {
    portal.set({ count: 2 });
    const run = await runReader(readCkan, portal.url);
    const record = run.records.find((r) => r.sourceIdentifier === idOf(1));
    expect(record).toEqual({
      sourceIdentifier: '00000001-0000-4000-8000-000000000001',
      sourceModified: '2025-06-02T09:29:00.000000',
      name: 'bicycle-traffic-counts-espoon-kaupunki-1',
      title: { fi: 'Pyöräliikenteen laskennat, Espoo 2011', sv: 'Cykeltrafikräkningar, Esbo stad 2011', en: 'Bicycle traffic counts, Espoo 2011' },
      description: {
        fi: 'Espoon kaupunki julkaisee aineiston pyöräliikenteen laskennat vuodelta 2011.\n\nAineisto päivitetään säännöllisesti.',
        sv: 'Esbo stad publicerar cykeltrafikräkningar för år 2011.',
        en: 'City of Espoo publishes bicycle traffic counts for 2011.',
      },
      publisher: { key: 'espoon-kaupunki', name: { fi: 'Espoon kaupunki', sv: 'Esbo stad', en: 'City of Espoo' }, homepage: 'https://www.espoo.fi/' },
      contactPoint: { name: 'Espoon kaupunki, avoin data', email: 'avoindata@espoo.fi' },
      themes: ['TRAN'],
      keywords: { fi: ['pyöräily', 'liikenne', 'laskenta'], sv: ['cykling', 'trafik'], en: ['cycling', 'traffic'] },
      spatial: ['fi-049'],
      license: 'CC_BY_4_0',
      accessRights: 'PUBLIC',
      frequency: 'WEEKLY',
      landingPage: 'https://www.espoo.fi/data/bicycle-traffic-counts-espoon-kaupunki-1',
      issued: '2024-04-28T09:29:00.000Z',
      modified: '2025-06-02T09:29:00.000Z',
      distributions: [
        {
          title: { fi: 'Pyöräliikenteen laskennat (CSV)', sv: 'Cykeltrafikräkningar (CSV)', en: 'Bicycle traffic counts (CSV)' },
          description: { fi: 'CSV-muotoinen aineisto', en: 'The data as CSV' },
          accessUrl: 'https://data.espoo.fi/files/bicycle-traffic-counts-1.csv',
          format: 'CSV',
          mediaType: 'text/csv',
          byteSize: 10001,
        },
        {
          title: { fi: 'Pyöräliikenteen laskennat (JSON)', sv: 'Cykeltrafikräkningar (JSON)', en: 'Bicycle traffic counts (JSON)' },
          description: { fi: 'JSON-muotoinen aineisto', en: 'The data as JSON' },
          accessUrl: 'https://data.espoo.fi/files/bicycle-traffic-counts-1.json',
          format: 'JSON',
          mediaType: 'application/json',
          byteSize: 20001,
        },
      ],
    });
    expectAllValid(run.records);
  });

  it('falls back to CKAN core fields and reads the looser shapes portals write', async () => {
    const plain = ckanPackage(7, {
      title_translated: { fi: '', en: '', sv: '' },
      title: '  Pysäköintialueet  ',
      notes_translated: undefined,
      notes: '',
      keywords: { fi: [], en: [] },
      tags: [{ name: 'pysäköinti', display_name: 'pysäköinti' }, { name: 'pysäköinti' }, { name: 'autot' }],
      name: 'Pysakointi-Alueet',
      maintainer: null,
      author: 'Kaupunkiympäristö',
      maintainer_email: 'kymp@hel.fi; toinen@hel.fi',
      geographical_coverage: 'Helsinki, Tallinna linn, Atlantis',
      update_frequency: 'Kuukausittain',
      groups: [{ name: 'liikenne-ja-kartat', title: 'Liikenne ja kartat' }],
      license_id: 'other-closed',
      license_title: 'Muu (ei avoin)',
      license_url: 'https://www.hel.fi/ehdot',
      metadata_created: '2020-02-29T23:59:59',
      url: '',
      external_urls: [],
      temporal_coverage_from: '2019-01',
      temporal_coverage_to: '2021',
      resources: [
        { url: 'https://kartta.hel.fi/ws/geoserver/avoindata/wfs', format: 'WFS', name: 'Rajapinta', url_type: '' },
        { url: '', download_url: 'https://data.hel.fi/x.csv', format: '.csv', mimetype: 'text/csv; charset=utf-8' },
        { url: 'ftp://old.example/x', format: 'ESRI Shapefile' },
        { url: 'https://api.hel.fi/parking', format: 'json', url_type: 'api', size: '12345' },
      ],
    });
    portal.set({ records: [plain] });
    const [record] = (await runReader(readCkan, portal.url)).records;
    const landing = `${portal.url}/dataset/pysakointi-alueet`;
    expect(record).toMatchObject({
      name: 'pysakointi-alueet',
      title: { en: 'Pysäköintialueet' },
      description: { en: 'Pysäköintialueet' },
      keywords: { en: ['pysäköinti', 'autot'] },
      contactPoint: { name: 'Kaupunkiympäristö', email: 'kymp@hel.fi' },
      spatial: ['fi-091', 'ee-0784'],
      frequency: 'MONTHLY',
      themes: ['TRAN', 'REGI'],
      license: 'OTHER',
      licenseUrl: 'https://www.hel.fi/ehdot',
      issued: '2020-02-29T23:59:59.000Z',
      temporalStart: '2019-01-01',
      temporalEnd: '2021-12-31',
      landingPage: landing,
      distributions: [
        { accessUrl: 'https://kartta.hel.fi/ws/geoserver/avoindata/wfs', format: 'WFS_SRVC', accessService: { title: { en: 'Rajapinta' }, endpointUrl: 'https://kartta.hel.fi/ws/geoserver/avoindata/wfs' } },
        { accessUrl: 'https://data.hel.fi/x.csv', downloadUrl: 'https://data.hel.fi/x.csv', format: 'CSV', mediaType: 'text/csv' },
        { accessUrl: landing, format: 'SHP' },
        { accessUrl: 'https://api.hel.fi/parking', format: 'JSON', byteSize: 12345, accessService: { title: { en: 'json' }, endpointUrl: 'https://api.hel.fi/parking' } },
      ],
    });
    expectAllValid([record]);
  });

  it('leaves out private, deleted and non-dataset packages', async () => {
    portal.set({
      records: [ckanPackage(0, { private: true }), ckanPackage(1, { state: 'deleted' }), ckanPackage(2, { type: 'showcase' }), ckanPackage(3, { state: 'draft' }), ckanPackage(4)],
    });
    const run = await runReader(readCkan, portal.url);
    expect(run.records.map((r) => r.sourceIdentifier)).toEqual([idOf(4)]);
    expect(run.errors).toEqual([]);
    expect(run.complete).toBe(true);
  });

  it('names a record without a title after asking package_show once, and keeps the others', async () => {
    portal.set({ count: 5, untitled: [2] });
    const run = await runReader(readCkan, portal.url);
    expect(run.errors).toEqual([{ sourceIdentifier: idOf(2), message: 'The record has no title.', problem: { code: 'record-without-title', params: {} } }]);
    expect(run.records.map((r) => r.sourceIdentifier)).toEqual([0, 1, 3, 4].map(idOf));
    expect(portal.requests.filter((path) => path.includes('package_show'))).toEqual([`/data/api/3/action/package_show?id=${idOf(2)}`]);
    expect(run.complete).toBe(true);
  });

  it('completes a package cut short in the page from package_show', async () => {
    portal.set({
      records: [{ id: idOf(0), name: ckanPackage(0).name }, ckanPackage(1)],
      rawBody: (path) => (path.includes('package_show') ? { body: JSON.stringify({ help: '', success: true, result: ckanPackage(0) }) } : undefined),
    });
    const run = await runReader(readCkan, portal.url);
    expect(run.records.map((r) => r.title.fi)).toEqual(['Pyöräliikenteen laskennat, Helsinki 2010', 'Pyöräliikenteen laskennat, Espoo 2011']);
  });

  it('names records that are not objects or have no id by their place in the listing', async () => {
    portal.set({ records: ['nonsense', { ...ckanPackage(1), id: undefined, name: 'ilman-tunnistetta' }, ckanPackage(2)] });
    const run = await runReader(readCkan, portal.url);
    // The English and the parameters name the same place, counted from 1: the first record is record 1.
    expect(run.errors).toEqual([
      { sourceIdentifier: null, message: 'Record 1 on page 1 is not an object.', problem: { code: 'record-not-object', params: { page: 1, position: 1 } } },
      {
        sourceIdentifier: null,
        message: 'Record 2 on page 1 (“ilman-tunnistetta”) has no identifier.',
        problem: { code: 'named-record-without-id', params: { page: 1, position: 2, name: 'ilman-tunnistetta' } },
      },
    ]);
    expect(run.records.map((r) => r.sourceIdentifier)).toEqual([idOf(2)]);
  });

  it('keeps hostile text harmless and cuts a huge description', async () => {
    portal.set({ count: 3, hostile: [0], huge: [1] });
    const run = await runReader(readCkan, portal.url);
    expect(run.records).toHaveLength(3);
    expectAllValid(run.records);
    const [hostile, huge] = run.records;
    expect(JSON.stringify(hostile)).not.toMatch(/\\u0000|\u202E|javascript:|data:text/);
    expect(hostile.keywords?.fi).toHaveLength(50);
    expect(hostile.name).toBeUndefined();
    expect(hostile.issued).toBeUndefined();
    expect(huge.description.fi).toHaveLength(20_000);
    expect(huge.description.fi?.endsWith('…')).toBe(true);
  });
});

describe('readCkan: paging', () => {
  it('reads 2,350 packages over 3 pages, each once, newest first', async () => {
    portal.set({ count: 2350 });
    const run = await runReader(readCkan, portal.url);
    expect(run.announced).toBe(2350);
    expect(run.complete).toBe(true);
    expect(run.errors).toEqual([]);
    expect(new Set(run.records.map((r) => r.sourceIdentifier)).size).toBe(2350);
    expect(searches()).toEqual([0, 1000, 2000].map((start) => `/data/api/3/action/package_search?rows=1000&start=${start}&sort=metadata_modified+desc`));
  });

  it('accepts the API address in place of the portal base', async () => {
    portal.set({ count: 3 });
    for (const url of [`${portal.url}/api/3/action/`, `${portal.url}/api/3`, `${portal.url}/`]) {
      portal.requests.length = 0;
      expect((await runReader(readCkan, url)).records).toHaveLength(3);
      expect(searches()).toHaveLength(1);
    }
  });

  it('follows a portal that caps rows below what was asked', async () => {
    portal.set({ count: 250, maxRows: 100 });
    const run = await runReader(readCkan, portal.url);
    expect(new Set(run.records.map((r) => r.sourceIdentifier)).size).toBe(250);
    expect(run.complete).toBe(true);
    expect(searches()).toHaveLength(3);
  });

  it('stops when the portal serves the same page again and again', async () => {
    portal.set({ count: 2500, ignoreStart: true });
    const run = await runReader(readCkan, portal.url);
    expect(run.records).toHaveLength(1000);
    expect(run.complete).toBe(false);
    expect(run.errors).toEqual([
      { sourceIdentifier: null, message: 'Page 2 repeated records already read: the portal seems to ignore paging, so reading stopped.', problem: { code: 'page-repeated', params: { page: 2 } } },
    ]);
    expect(searches()).toHaveLength(2);
  });

  it('does not call a listing that moved while it was read complete', async () => {
    portal.set({
      count: 1500,
      rawBody: (path) => {
        if (!path.includes('start=1000')) return undefined;
        const results = Array.from({ length: 501 }, (_, k) => ckanPackage(999 + k));
        return { body: JSON.stringify({ success: true, result: { count: 1501, results } }) };
      },
    });
    const run = await runReader(readCkan, portal.url);
    expect(run.complete).toBe(false);
    expect(run.errors.at(-1)?.message).toBe('The listing changed while it was read (it announced in turn 1500, 1501 records), so some records may have been missed.');
    expect(run.errors.at(-1)?.problem).toEqual({ code: 'listing-changed', params: { totals: '1500, 1501' } });
  });
});

describe('readCkan: incremental', () => {
  it('says unchanged for packages whose metadata_modified is the stored stamp', async () => {
    portal.set({ count: 10 });
    const known = new Map<string, string | null>();
    for (let i = 0; i < 10; i += 2) known.set(idOf(i), ckanPackage(i).metadata_modified as string);
    known.set(idOf(1), '2000-01-01T00:00:00.000000');
    const run = await runReader(readCkan, portal.url, { known });
    expect(run.unchanged).toEqual([0, 2, 4, 6, 8].map(idOf));
    expect(run.records.map((r) => r.sourceIdentifier)).toEqual([1, 3, 5, 7, 9].map(idOf));
  });
});

describe('readCkan: bad days', () => {
  const page = (start: number) => `/data/api/3/action/package_search?rows=1000&start=${start}&sort=metadata_modified+desc`;

  it('throws SourceUnreadable when the first page cannot be read', async () => {
    portal.set({ count: 10, failPaths: new Set([page(0)]) });
    const run = await runReader(readCkan, portal.url);
    expect(run.thrown).toBeInstanceOf(SourceUnreadable);
    expect((run.thrown as Error).message).toBe(
      `The source could not be read, not even its first page (${portal.url}/api/3/action/package_search): the server answered HTTP 500 (Internal Server Error)`,
    );
    expect((run.thrown as SourceUnreadable).problem).toEqual({
      code: 'source-unreadable',
      params: { address: `${portal.url}/api/3/action/package_search`, reason: { code: 'http-status-said', params: { status: 500, detail: 'Internal Server Error' } } },
    });
    expect(run.items).toEqual([]);
  });

  it('skips a later page that fails, names it, and reports the listing incomplete', async () => {
    portal.set({ count: 2350, failPaths: (path) => (path === page(1000) ? 503 : undefined) });
    const run = await runReader(readCkan, portal.url);
    expect(run.records).toHaveLength(1350);
    expect(run.errors).toEqual([
      {
        sourceIdentifier: null,
        message: 'Page 2 could not be read: the server answered HTTP 503 (Internal Server Error)',
        problem: { code: 'page-unreadable', params: { page: 2, reason: { code: 'http-status-said', params: { status: 503, detail: 'Internal Server Error' } } } },
      },
    ]);
    expect(run.complete).toBe(false);
  });

  it('gets the records when a page fails twice and then answers', async () => {
    portal.set({ count: 1200, failPaths: failTimes(page(1000), 500, 2) });
    const run = await runReader(readCkan, portal.url);
    expect(run.records).toHaveLength(1200);
    expect(run.complete).toBe(true);
    expect(searches().filter((path) => path === page(1000))).toHaveLength(3);
  });

  it('does not retry a 404', async () => {
    portal.set({ count: 5, failPaths: (path) => (path === page(0) ? 404 : undefined) });
    const run = await runReader(readCkan, portal.url);
    expect(run.thrown).toBeInstanceOf(SourceUnreadable);
    expect((run.thrown as Error).message).toMatch(/HTTP 404 \(Not Found Error\)$/);
    expect(searches()).toHaveLength(1);
  });

  it('retries a page that does not answer in time, then gives up on it', async () => {
    // A second for every page, which a loaded machine still answers in; the slow page never
    // answers, so only the timeout ends it.
    portal.set({ count: 1100, hold: (path) => (path === page(1000) ? new Promise<never>(() => {}) : undefined) });
    const run = await runReader(readCkan, portal.url, { http: testHttpClient({ timeoutMs: 1_000, retries: 1 }) });
    expect(run.records).toHaveLength(1000);
    expect(run.errors[0].message).toBe('Page 2 could not be read: no complete answer within 1000 ms');
    expect(run.errors[0].problem).toEqual({ code: 'page-unreadable', params: { page: 2, reason: { code: 'timeout', params: { ms: 1000 } } } });
    expect(run.complete).toBe(false);
  });

  it('retries a truncated page and an HTML page from a proxy', async () => {
    portal.set({ count: 1100, truncate: (path, hit) => path === page(1000) && hit === 1, garbage: (path, hit) => path === page(0) && hit === 1 });
    const run = await runReader(readCkan, portal.url);
    expect(run.records).toHaveLength(1100);
    expect(run.complete).toBe(true);

    portal.set({ count: 1100, truncate: (path) => path === page(1000), garbage: undefined });
    const broken = await runReader(readCkan, portal.url);
    expect(broken.errors[0].message).toMatch(/^Page 2 could not be read: the answer is not valid JSON \(.+\)$/);
    expect(broken.errors[0].problem).toEqual({ code: 'page-unreadable', params: { page: 2, reason: { code: 'not-json', params: { detail: expect.any(String) } } } });
    expect(broken.complete).toBe(false);
  });

  it('names a CKAN failure envelope and an answer that is not CKAN', async () => {
    portal.set({ rawBody: () => ({ body: JSON.stringify({ help: '', success: false, error: { __type: 'Search Query Error', message: 'Invalid sort' } }) }) });
    const failed = await runReader(readCkan, portal.url);
    expect((failed.thrown as Error).message).toMatch(/: CKAN reports a failure \(Invalid sort\)$/);
    expect((failed.thrown as SourceUnreadable).problem.params).toMatchObject({ reason: { code: 'ckan-failure-said', params: { detail: 'Invalid sort' } } });

    portal.set({ rawBody: () => ({ body: JSON.stringify({ data: [] }) }) });
    const notCkan = await runReader(readCkan, portal.url);
    expect((notCkan.thrown as Error).message).toMatch(/: the answer is not an answer of the CKAN API$/);
    expect((notCkan.thrown as SourceUnreadable).problem.params).toMatchObject({ reason: { code: 'not-ckan', params: {} } });
  });

  it('stops at once when the harvest is cancelled, without calling the source unreadable', async () => {
    const controller = new AbortController();
    // The second page is never answered, and the harvest is cancelled once its request has
    // arrived: unless the cancelling stops the reader, the test runs out of time.
    const cancelDuringSecondPage = (path: string) => {
      if (path !== page(1000)) return undefined;
      controller.abort();
      return new Promise<never>(() => {});
    };
    portal.set({ count: 2500, hold: cancelDuringSecondPage });
    const run = await runReader(readCkan, portal.url, { signal: controller.signal, http: testHttpClient({ signal: controller.signal, timeoutMs: 600_000 }) });
    expect(run.thrown).toBeDefined();
    expect(run.thrown).not.toBeInstanceOf(SourceUnreadable);
    expect(run.records).toHaveLength(1000);
    expect(searches()).toEqual([page(0), page(1000)]);
  });

  it('stops waiting out a portal that is down', async () => {
    portal.set({ count: 9000, failPaths: (path) => (path !== page(0) && path.includes('package_search') ? 500 : undefined) });
    const run = await runReader(readCkan, portal.url, { http: testHttpClient({ retries: 0 }) });
    expect(run.errors.map((e) => e.message.split(':')[0])).toEqual([
      'Page 2 could not be read',
      'Page 3 could not be read',
      'Page 4 could not be read',
      '3 pages in a row could not be read, so reading stopped.',
    ]);
    expect(run.errors.map((e) => e.problem)).toEqual([
      ...[2, 3, 4].map((page) => ({ code: 'page-unreadable', params: { page, reason: { code: 'http-status-said', params: { status: 500, detail: 'Internal Server Error' } } } })),
      { code: 'pages-unreadable', params: { count: 3 } },
    ]);
    expect(run.complete).toBe(false);
  });
});
