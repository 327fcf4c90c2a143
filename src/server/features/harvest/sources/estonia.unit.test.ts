import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SourceUnreadable } from '../harvest.types.ts';
import { estoniaDataset, failTimes, runReader, startEstoniaPortal, testHttpClient, type EstoniaPortalOptions, type Portal } from '../test/portals.ts';
import { readEstonia } from './estonia.ts';
import { checkHarvested } from './validate.ts';

let portal: Portal<EstoniaPortalOptions>;
const idOf = (i: number) => estoniaDataset(i).id as string;
const origin = () => new URL(portal.url).origin;
const listRequests = () => portal.requests.filter((path) => path.startsWith('/api/datasets?'));
const detailRequests = () => portal.requests.filter((path) => /^\/api\/datasets\/[^/?]+$/.test(path));
const listPage = (page: number) => `/api/datasets?limit=100&page=${page}`;

beforeAll(async () => {
  portal = await startEstoniaPortal();
});
afterAll(() => portal.close());
beforeEach(() => {
  portal.requests.length = 0;
  portal.set({ count: 0, records: undefined, untitled: undefined, huge: undefined, hostile: undefined, shape: undefined, failPaths: undefined, delayMs: undefined, hold: undefined, truncate: undefined, garbage: undefined, rawBody: undefined, maxLimit: undefined, announcedTotal: undefined });
});

describe('readEstonia: mapping', () => {
  it('maps a dataset with the older files, field by field', async () => {
    portal.set({ count: 1 });
    const run = await runReader(readEstonia, portal.url);
    const id = idOf(0);
    const download = `${portal.url}/datasets/${id}/files/00000007-0000-4000-8000-000000000000/download`;
    expect(run.records).toEqual([
      {
        sourceIdentifier: id,
        sourceModified: '2025-06-02T09:30:00.000Z',
        name: 'uhistranspordi-soiduplaanid-tallinna-strateegiakeskus-0',
        title: { et: 'Ühistranspordi sõiduplaanid 2012', en: 'Public transport timetables 2012' },
        description: {
          et: 'Tallinna Strateegiakeskus avaldab andmestiku „Ühistranspordi sõiduplaanid" aasta 2012 kohta.',
          en: 'Tallinna Strateegiakeskus publishes public transport timetables for 2012.',
        },
        publisher: { key: '75014920', name: { et: 'Tallinna Strateegiakeskus' } },
        contactPoint: { name: 'Tallinna Strateegiakeskus andmehaldus', email: 'andmed@tallinna-strateegiakeskus.ee' },
        themes: ['TRAN'],
        keywords: { et: ['ühistransport', 'sõiduplaan'], en: ['public transport'] },
        spatial: ['ee-0784'],
        temporalStart: '2012-01-01',
        temporalEnd: '2012-12-31',
        license: 'OTHER',
        licenseUrl: 'Avaandmete litsents (muu)',
        accessRights: 'PUBLIC',
        frequency: 'DAILY',
        landingPage: 'https://www.tallinna-strateegiakeskus.ee/avaandmed/0',
        issued: '2024-11-14T09:30:00.000Z',
        modified: '2025-06-02T09:30:00.000Z',
        distributions: [
          { title: { et: 'public-transport-timetables-2012.zip' }, accessUrl: download, downloadUrl: download, format: 'ZIP', mediaType: 'application/zip', byteSize: 40000 },
        ],
      },
    ]);
    expect(checkHarvested(run.records[0])).toEqual([]);
  });

  it('maps the newer distributions, licence codes and the other update intervals', async () => {
    portal.set({ count: 5, shape: 'distributions' });
    const run = await runReader(readEstonia, portal.url);
    const [, second, third] = run.records;
    expect(second).toMatchObject({
      title: { et: 'Ühistranspordi sõiduplaanid 2013', en: 'Public transport timetables 2013' },
      publisher: { key: '70003098', name: { et: 'Maa- ja Ruumiamet' } },
      spatial: ['EE'],
      license: 'CC_BY_4_0',
      frequency: 'WEEKLY',
      landingPage: `${origin()}/datasets/uhistranspordi-soiduplaanid-maa-ja-ruumiamet-1`,
      distributions: [
        {
          title: { et: 'Ühistranspordi sõiduplaanid (GTFS)', en: 'Public transport timetables (GTFS)' },
          accessUrl: 'https://andmed.maa-ja-ruumiamet.ee/public-transport-timetables-2013.zip',
          format: 'GTFS',
          mediaType: 'application/zip',
          license: 'CC_BY_4_0',
        },
      ],
    });
    expect(second.licenseUrl).toBeUndefined();
    expect(third).toMatchObject({ frequency: 'MONTHLY', spatial: ['EE'] });
    expect(run.records.map((r) => r.frequency)).toEqual(['DAILY', 'WEEKLY', 'MONTHLY', 'ANNUAL', 'NEVER']);
    for (const record of run.records) expect(checkHarvested(record)).toEqual([]);
  });

  it('reads categories, regions, keywords and intervals in the shapes the portal writes them', async () => {
    const record = estoniaDataset(0, {
      nameEn: null,
      name: 'Rahvastik',
      nameEt: undefined,
      descriptionEt: '',
      descriptionEn: null,
      categories: [{ id: 1, name: 'DEMOGRAAFIA. STATISTIKA' }, { id: 2, name: 'HARIDUS. KULTUUR. SPORT' }, { id: 3, name: 'MUU' }],
      regions: [{ id: 1, name: 'Harju maakond' }, { id: 2, name: 'Tallinna linn' }, { id: 3, name: 'Viimsi vald' }, { id: 4, name: 'Tartu' }],
      keywords: [{ name: 'rahvastik', language: 'et' }, { name: 'population', language: 'EN' }, { name: 'väestö', language: 'fi' }, { name: 'ilma keeleta' }],
      updateIntervalUnit: 'year',
      updateIntervalFrequency: 2,
      licence: { id: 3, name: 'CC0 1.0' },
      organization: { slug: 'rahvastikuregister', name: 'Rahvastikuregister', url: 'https://www.rahvastikuregister.ee' },
      access: 'restricted',
      publishedAt: null,
      files: [],
    });
    portal.set({ records: [record] });
    const [mapped] = (await runReader(readEstonia, portal.url)).records;
    expect(mapped).toMatchObject({
      title: { et: 'Rahvastik' },
      description: { et: 'Rahvastik' },
      themes: ['SOCI', 'EDUC'],
      spatial: ['EE001', 'ee-0784', 'ee-0890'],
      keywords: { et: ['rahvastik', 'ilma keeleta'], en: ['population'], fi: ['väestö'] },
      frequency: 'BIENNIAL',
      license: 'CC0',
      publisher: { key: 'rahvastikuregister', name: { et: 'Rahvastikuregister' }, homepage: 'https://www.rahvastikuregister.ee/' },
      accessRights: 'RESTRICTED',
      issued: '2024-11-13T09:30:00.000Z',
      distributions: [],
    });
  });

  it('names a dataset without a title and keeps the others', async () => {
    portal.set({ count: 4, untitled: [1] });
    const run = await runReader(readEstonia, portal.url);
    expect(run.errors).toEqual([{ sourceIdentifier: idOf(1), message: 'The record has no title.', problem: { code: 'record-without-title', params: {} } }]);
    expect(run.records.map((r) => r.sourceIdentifier)).toEqual([0, 2, 3].map(idOf));
  });

  it('keeps hostile and huge records valid', async () => {
    portal.set({ count: 3, hostile: [0], huge: [1] });
    const run = await runReader(readEstonia, portal.url);
    expect(run.records).toHaveLength(3);
    for (const record of run.records) expect(checkHarvested(record)).toEqual([]);
    expect(JSON.stringify(run.records[0])).not.toMatch(/\\u0000|\u202E|javascript:/);
    expect(run.records[1].description.et).toHaveLength(20_000);
  });
});

describe('readEstonia: paging and incremental reading', () => {
  it('reads every page and every dataset once', async () => {
    portal.set({ count: 250 });
    const run = await runReader(readEstonia, portal.url);
    expect(run.announced).toBe(250);
    expect(run.complete).toBe(true);
    expect(new Set(run.records.map((r) => r.sourceIdentifier)).size).toBe(250);
    expect(listRequests()).toEqual([1, 2, 3].map(listPage));
    expect(new Set(detailRequests()).size).toBe(250);
    expect(detailRequests()).toHaveLength(250);
  });

  it('keeps the listing order while fetching details a few at a time', async () => {
    portal.set({ count: 30, delayMs: (path) => (path.endsWith(idOf(0)) ? 80 : undefined) });
    const run = await runReader(readEstonia, portal.url);
    expect(run.records.map((r) => r.sourceIdentifier)).toEqual(Array.from({ length: 30 }, (_, i) => idOf(i)));
  });

  it('accepts the portal address with or without /api, and a portal that caps the page size', async () => {
    portal.set({ count: 45, maxLimit: 20 });
    for (const url of [portal.url, origin(), `${portal.url}/`]) {
      portal.requests.length = 0;
      const run = await runReader(readEstonia, url);
      expect(run.records).toHaveLength(45);
      expect(run.complete).toBe(true);
      expect(listRequests()).toHaveLength(3);
    }
  });

  it('asks no details for datasets whose updatedAt is the stored stamp', async () => {
    portal.set({ count: 8 });
    const known = new Map<string, string | null>([0, 1, 2, 3, 4].map((i) => [idOf(i), estoniaDataset(i).updatedAt as string]));
    known.set(idOf(5), '2001-01-01T00:00:00.000Z');
    const run = await runReader(readEstonia, portal.url, { known });
    expect(run.unchanged).toEqual([0, 1, 2, 3, 4].map(idOf));
    expect(run.records.map((r) => r.sourceIdentifier)).toEqual([5, 6, 7].map(idOf));
    expect(detailRequests()).toEqual([5, 6, 7].map((i) => `/api/datasets/${idOf(i)}`));
  });
});

describe('readEstonia: bad days', () => {
  it('throws SourceUnreadable when the first list page cannot be read', async () => {
    portal.set({ count: 5, failPaths: new Set([listPage(1)]) });
    const run = await runReader(readEstonia, portal.url);
    expect(run.thrown).toBeInstanceOf(SourceUnreadable);
    expect((run.thrown as Error).message).toBe(
      `The source could not be read, not even its first page (${portal.url}/datasets): the server answered HTTP 500 (Internal server error)`,
    );
    expect((run.thrown as SourceUnreadable).problem).toEqual({
      code: 'source-unreadable',
      params: { address: `${portal.url}/datasets`, reason: { code: 'http-status-said', params: { status: 500, detail: 'Internal server error' } } },
    });
  });

  it('names a later list page that fails and reports the listing incomplete', async () => {
    portal.set({ count: 250, failPaths: (path) => (path === listPage(2) ? 503 : undefined) });
    const run = await runReader(readEstonia, portal.url);
    expect(run.records).toHaveLength(150);
    expect(run.errors).toEqual([
      {
        sourceIdentifier: null,
        message: 'Page 2 could not be read: the server answered HTTP 503 (Internal server error)',
        problem: { code: 'page-unreadable', params: { page: 2, reason: { code: 'http-status-said', params: { status: 503, detail: 'Internal server error' } } } },
      },
    ]);
    expect(run.complete).toBe(false);
  });

  it('names a dataset whose details fail, and goes on with the list', async () => {
    const broken = `/api/datasets/${idOf(3)}`;
    portal.set({ count: 6, failPaths: (path) => (path === broken ? 500 : undefined) });
    const run = await runReader(readEstonia, portal.url);
    expect(run.errors).toEqual([
      {
        sourceIdentifier: idOf(3),
        message: `The record's details could not be read (${origin()}${broken}): the server answered HTTP 500 (Internal server error)`,
        problem: { code: 'details-unreadable', params: { address: `${origin()}${broken}`, reason: { code: 'http-status-said', params: { status: 500, detail: 'Internal server error' } } } },
      },
    ]);
    expect(run.records).toHaveLength(5);
    // The listing itself was read whole: the dataset is known to exist.
    expect(run.complete).toBe(true);
  });

  it('gets the details when they fail twice and then answer', async () => {
    const path = `/api/datasets/${idOf(2)}`;
    portal.set({ count: 4, failPaths: failTimes(path, 503, 2) });
    const run = await runReader(readEstonia, portal.url);
    expect(run.records).toHaveLength(4);
    expect(detailRequests().filter((p) => p === path)).toHaveLength(3);
  });

  it('does not retry a dataset the portal no longer has', async () => {
    const path = `/api/datasets/${idOf(1)}`;
    portal.set({ count: 3, failPaths: (p) => (p === path ? 404 : undefined) });
    const run = await runReader(readEstonia, portal.url);
    expect(run.errors).toEqual([
      {
        sourceIdentifier: idOf(1),
        message: `The record's details could not be read (${origin()}${path}): the server answered HTTP 404 (Not Found)`,
        problem: { code: 'details-unreadable', params: { address: `${origin()}${path}`, reason: { code: 'http-status-said', params: { status: 404, detail: 'Not Found' } } } },
      },
    ]);
    expect(detailRequests().filter((p) => p === path)).toHaveLength(1);
  });

  it('retries details that time out or come cut short', async () => {
    portal.set({
      count: 4,
      // The first details request is never answered: only the timeout ends it.
      hold: (path, hit) => (path.endsWith(idOf(0)) && hit === 1 ? new Promise<never>(() => {}) : undefined),
      truncate: (path, hit) => path.endsWith(idOf(1)) && hit <= 2,
    });
    const run = await runReader(readEstonia, portal.url, { http: testHttpClient({ timeoutMs: 1_000 }) });
    expect(run.records).toHaveLength(4);
    expect(run.errors).toEqual([]);
  });

  it('names list entries that are not datasets and details that are not wrapped in data', async () => {
    portal.set({
      records: [42, { nameEt: 'Ilma tunnuseta' }, estoniaDataset(2)],
      rawBody: (path) => (path.endsWith(idOf(2)) ? { body: JSON.stringify(estoniaDataset(2)) } : undefined),
    });
    const run = await runReader(readEstonia, portal.url);
    // The English and the parameters name the same place, counted from 1: the first entry is record 1.
    expect(run.errors).toEqual([
      { sourceIdentifier: null, message: 'Record 1 on page 1 is not an object.', problem: { code: 'record-not-object', params: { page: 1, position: 1 } } },
      {
        sourceIdentifier: null,
        message: 'Record 2 on page 1 (“Ilma tunnuseta”) has no identifier.',
        problem: { code: 'named-record-without-id', params: { page: 1, position: 2, name: 'Ilma tunnuseta' } },
      },
      { sourceIdentifier: idOf(2), message: "The answer with the record's details has no dataset in it.", problem: { code: 'details-without-dataset', params: {} } },
    ]);
    expect(run.complete).toBe(true);
  });
});
