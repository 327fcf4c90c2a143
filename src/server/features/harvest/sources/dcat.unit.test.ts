import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SourceUnreadable } from '../harvest.types.ts';
import { dcatCatalogPages, dcatDataset, runReader, startDcatPortal, type DcatPortalOptions, type Portal } from '../test/portals.ts';
import { readDcat } from './dcat.ts';
import { checkHarvested } from './validate.ts';

const EU = 'http://publications.europa.eu/resource/authority';
let portal: Portal<DcatPortalOptions>;
const pageRequests = () => portal.requests.filter((path) => path.startsWith('/catalog'));

beforeAll(async () => {
  portal = await startDcatPortal();
});
afterAll(() => portal.close());
beforeEach(() => {
  portal.requests.length = 0;
  portal.set({ format: 'turtle', pageSize: 100, count: 0, datasets: undefined, pages: undefined, contentType: undefined, hydra: undefined, loop: undefined, withoutTotal: undefined, failPaths: undefined, delayMs: undefined, truncate: undefined, garbage: undefined, rawBody: undefined });
});

describe('readDcat: mapping', () => {
  it('maps a DCAT-AP dataset, field by field', async () => {
    portal.set({ count: 2 });
    const run = await runReader(readDcat, portal.url);
    expect(run.records[1]).toEqual({
      sourceIdentifier: 'https://hri.fi/data/dataset/bicycle-traffic-counts-espoon-kaupunki-1',
      sourceModified: '2025-06-02T09:29:00.000Z',
      title: { fi: 'Pyöräliikenteen laskennat 2011', sv: 'Cykeltrafikräkningar 2011', en: 'Bicycle traffic counts 2011' },
      description: { fi: 'Espoon kaupunki: pyöräliikenteen laskennat vuodelta 2011.', en: 'City of Espoo: bicycle traffic counts for 2011.' },
      publisher: { key: 'https://hri.fi/data/organization/espoon-kaupunki', name: { fi: 'Espoon kaupunki', en: 'City of Espoo' }, homepage: 'https://www.espoo.fi/' },
      contactPoint: { name: 'Espoon kaupunki, avoin data', email: 'avoindata@espoo.fi', url: 'https://www.espoo.fi/' },
      themes: ['TRAN'],
      keywords: { fi: ['laskenta', 'liikenne', 'pyöräily'], sv: ['cykling', 'trafik'], en: ['cycling', 'traffic'] },
      spatial: ['fi-049'],
      temporalStart: '2011-01-01',
      temporalEnd: '2011-12-31',
      license: 'CC_BY_4_0',
      accessRights: 'PUBLIC',
      frequency: 'WEEKLY',
      landingPage: 'https://hri.fi/data/fi/dataset/bicycle-traffic-counts-espoon-kaupunki-1',
      issued: '2024-04-28T09:29:00.000Z',
      modified: '2025-06-02T09:29:00.000Z',
      distributions: [
        {
          title: { fi: 'Pyöräliikenteen laskennat (CSV)', en: 'Bicycle traffic counts (CSV)' },
          accessUrl: 'https://data.espoo.fi/files/bicycle-traffic-counts-1.csv',
          downloadUrl: 'https://data.espoo.fi/files/bicycle-traffic-counts-1.csv',
          format: 'CSV',
          mediaType: 'text/csv',
          byteSize: 10001,
          license: 'CC_BY_4_0',
        },
        {
          title: { fi: 'Pyöräliikenteen laskennat (JSON)', en: 'Bicycle traffic counts (JSON)' },
          accessUrl: 'https://data.espoo.fi/files/bicycle-traffic-counts-1.json',
          downloadUrl: 'https://data.espoo.fi/files/bicycle-traffic-counts-1.json',
          format: 'JSON',
          mediaType: 'application/json',
          byteSize: 10001,
          license: 'CC_BY_4_0',
        },
      ],
    });
    for (const record of run.records) expect(checkHarvested(record)).toEqual([]);
  });

  it('gives the same records from Turtle, RDF/XML and JSON-LD, by content type or by sniffing', async () => {
    const datasets = Array.from({ length: 45 }, (_, i) => dcatDataset(i));
    const results = [];
    for (const format of ['turtle', 'rdfxml', 'jsonld'] as const) {
      for (const contentType of [undefined, 'text/plain', 'application/octet-stream']) {
        portal.set({ datasets, format, pageSize: 20, contentType });
        const run = await runReader(readDcat, portal.url);
        expect(run.errors).toEqual([]);
        expect(run.complete).toBe(true);
        // RDF has no order: the syntaxes list the datasets differently.
        results.push(run.records.toSorted((a, b) => a.sourceIdentifier.localeCompare(b.sourceIdentifier)));
      }
    }
    expect(results[0]).toHaveLength(45);
    for (const records of results.slice(1)) expect(records).toEqual(results[0]);
  });

  it('maps services, places, licences, periods and frequencies from their various IRIs', async () => {
    const dataset = dcatDataset(0, {
      themes: [`${EU}/data-theme/ENVI`, 'http://example.org/teemat/liikenne', `${EU}/data-theme/NOPE`],
      spatial: [`${EU}/place/EST_TLL`, `${EU}/country/EST`, 'http://data.europa.eu/nuts/code/EE001', 'http://uri.suomi.fi/codelist/jhs/kunta_1_20240101/code/092', 'Viimsi vald', 'http://sws.geonames.org/123/'],
      license: 'http://creativecommons.org/licenses/by/4.0/deed.fi',
      frequency: 'http://purl.org/cld/freq/quarterly',
      accessRights: `${EU}/access-right/NON_PUBLIC`,
      temporal: { start: '2019', end: '2020-06' },
      issued: '2024-02-01',
      modified: '2024-03-01T12:00:00+02:00',
      distributions: [
        { accessURL: 'https://kartta.hel.fi/ws/wfs', format: `${EU}/file-type/WFS_SRVC`, service: { title: { fi: 'WFS-rajapinta' }, endpointURL: 'https://kartta.hel.fi/ws/wfs' } },
        { downloadURL: 'https://data.hel.fi/a.geojson', format: 'http://www.iana.org/assignments/media-types/application/geo+json', byteSize: '2048' },
        { format: 'CSV' },
        { accessURL: 'ftp://old.example/file', license: 'http://example.org/own-licence' },
      ],
    });
    portal.set({ datasets: [dataset] });
    const [record] = (await runReader(readDcat, portal.url)).records;
    expect(record).toMatchObject({
      themes: ['ENVI', 'TRAN'],
      spatial: ['EE', 'EE001', 'fi-092', 'ee-0784', 'ee-0890'],
      license: 'CC_BY_4_0',
      frequency: 'QUARTERLY',
      accessRights: 'NON_PUBLIC',
      temporalStart: '2019-01-01',
      temporalEnd: '2020-06-30',
      issued: '2024-02-01T00:00:00.000Z',
      modified: '2024-03-01T10:00:00.000Z',
      sourceModified: '2024-03-01T12:00:00+02:00',
    });
    const landing = record.landingPage!;
    expect(record.distributions).toEqual([
      { accessUrl: 'https://data.hel.fi/a.geojson', downloadUrl: 'https://data.hel.fi/a.geojson', format: 'GEOJSON', mediaType: 'application/geo+json', byteSize: 2048 },
      { accessUrl: landing, license: 'OTHER' },
      { accessUrl: landing, format: 'CSV' },
      { accessUrl: 'https://kartta.hel.fi/ws/wfs', format: 'WFS_SRVC', accessService: { title: { fi: 'WFS-rajapinta' }, endpointUrl: 'https://kartta.hel.fi/ws/wfs' } },
    ]);
    expect(checkHarvested(record)).toEqual([]);
  });

  it('puts untagged text in the dataset\'s one language, else in the language of the portal\'s country', async () => {
    const estonian = dcatDataset(0, { title: { '': 'Liiklusõnnetused' }, description: { '': 'Kirjeldus' }, keywords: { '': ['liiklus'] }, languages: [`${EU}/language/EST`] });
    const unknown = dcatDataset(1, { title: { '': 'Untagged' }, description: undefined, keywords: undefined, languages: [`${EU}/language/FIN`, `${EU}/language/SWE`] });
    const german = dcatDataset(2, { title: { de: 'Nur Deutsch', 'fi-FI': 'Vain suomeksi' }, description: { de: 'Beschreibung' }, languages: [] });
    portal.set({ datasets: [estonian, unknown, german] });
    const [first, second, third] = (await runReader(readDcat, portal.url)).records;
    expect(first).toMatchObject({ title: { et: 'Liiklusõnnetused' }, description: { et: 'Kirjeldus' }, keywords: { et: ['liiklus'] } });
    // The portal runs on 127.0.0.1: no country to go by.
    expect(second).toMatchObject({ title: { en: 'Untagged' }, description: { en: 'Untagged' } });
    expect(third).toMatchObject({ title: { fi: 'Vain suomeksi' }, description: { en: 'Beschreibung' } });
  });

  it('names a blank-node dataset by its dct:identifier, and one without either as an error', async () => {
    const blank = dcatDataset(0, { iri: null, identifier: 'hri-0001' });
    const nameless = dcatDataset(1, { iri: null, identifier: undefined });
    const untitled = dcatDataset(2, { title: undefined });
    portal.set({ datasets: [blank, nameless, untitled, dcatDataset(3)] });
    const run = await runReader(readDcat, portal.url);
    expect(run.records.map((r) => r.sourceIdentifier)).toEqual(['hri-0001', dcatDataset(3).iri]);
    expect(run.errors).toEqual([
      {
        sourceIdentifier: null,
        message: `The dataset “Pyöräliikenteen laskennat 2011” on page ${portal.url} has no IRI and no dct:identifier.`,
        problem: { code: 'named-dataset-without-identifier', params: { page: portal.url, name: 'Pyöräliikenteen laskennat 2011' } },
      },
      { sourceIdentifier: dcatDataset(2).iri, message: 'The record has no title.', problem: { code: 'record-without-title', params: {} } },
    ]);
  });

  it('says unchanged when dct:modified is the stored stamp', async () => {
    portal.set({ count: 4 });
    const known = new Map<string, string | null>([
      [dcatDataset(0).iri!, dcatDataset(0).modified!],
      [dcatDataset(2).iri!, dcatDataset(2).modified!],
      [dcatDataset(3).iri!, '1999-01-01T00:00:00Z'],
    ]);
    const run = await runReader(readDcat, portal.url, { known });
    expect(run.unchanged).toEqual([dcatDataset(0).iri, dcatDataset(2).iri]);
    expect(run.records.map((r) => r.sourceIdentifier)).toEqual([dcatDataset(1).iri, dcatDataset(3).iri]);
  });
});

describe('readDcat: paging', () => {
  it('follows hydra:nextPage of a PagedCollection and announces hydra:totalItems', async () => {
    portal.set({ count: 250, pageSize: 100 });
    const run = await runReader(readDcat, portal.url);
    expect(run.announced).toBe(250);
    expect(run.complete).toBe(true);
    expect(new Set(run.records.map((r) => r.sourceIdentifier)).size).toBe(250);
    expect(pageRequests()).toEqual(['/catalog', '/catalog?page=2', '/catalog?page=3']);
  });

  it('follows hydra:next of a PartialCollectionView', async () => {
    portal.set({ count: 120, pageSize: 50, hydra: 'PartialCollectionView', format: 'jsonld' });
    const run = await runReader(readDcat, portal.url);
    expect(run.announced).toBe(120);
    expect(run.records).toHaveLength(120);
    expect(pageRequests()).toHaveLength(3);
  });

  it('stops at a page already read: complete when the total was reached, not otherwise', async () => {
    portal.set({ count: 30, pageSize: 10, loop: true });
    const looped = await runReader(readDcat, portal.url);
    expect(looped.records).toHaveLength(30);
    expect(looped.complete).toBe(true);
    expect(looped.errors).toEqual([]);
    expect(pageRequests()).toEqual(['/catalog', '/catalog?page=2', '/catalog?page=3']);

    portal.set({ count: 30, pageSize: 10, loop: true, withoutTotal: true });
    const unsure = await runReader(readDcat, portal.url);
    expect(unsure.complete).toBe(false);
    expect(unsure.errors).toEqual([
      { sourceIdentifier: null, message: `Page ${portal.url} was already read (the pages link in a loop), so reading stopped.`, problem: { code: 'page-loop', params: { page: portal.url } } },
    ]);
  });

  it('gives the catalogue as pages for other tests to serve', async () => {
    const pages = await dcatCatalogPages([dcatDataset(0), dcatDataset(1), dcatDataset(2)], { format: 'turtle', pageSize: 2, baseUrl: 'http://example.org/catalog' });
    expect(pages.map((page) => page.path)).toEqual(['/catalog', '/catalog?page=2']);
    expect(pages[0].body).toContain('hydra:nextPage <http://example.org/catalog?page=2>');
  });
});

describe('readDcat: bad days', () => {
  it('throws SourceUnreadable when the first page cannot be read or parsed', async () => {
    portal.set({ count: 5, failPaths: new Set(['/catalog']) });
    const failed = await runReader(readDcat, portal.url);
    expect(failed.thrown).toBeInstanceOf(SourceUnreadable);
    expect((failed.thrown as Error).message).toBe(`The source could not be read, not even its first page (${portal.url}): the server answered HTTP 500`);
    expect((failed.thrown as SourceUnreadable).problem).toEqual({ code: 'source-unreadable', params: { address: portal.url, reason: { code: 'http-status', params: { status: 500 } } } });

    portal.set({ failPaths: undefined, pages: { 1: { body: '@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<a> a dcat:Dataset ; <b> "unterminated .' } } });
    const broken = await runReader(readDcat, portal.url);
    expect((broken.thrown as Error).message).toMatch(/: not valid Turtle \(.+\)$/);
    expect((broken.thrown as SourceUnreadable).problem.params).toMatchObject({ reason: { code: 'not-turtle', params: { detail: expect.any(String) } } });

    portal.set({ pages: { 1: { body: '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description', contentType: 'application/rdf+xml' } } });
    const cut = (await runReader(readDcat, portal.url)).thrown as SourceUnreadable;
    expect(cut.message).toMatch(/: not valid RDF\/XML: the document ends before its root element is closed$/);
    expect(cut.problem.params).toMatchObject({ reason: { code: 'rdf-xml-cut-short', params: {} } });
  });

  it('never fetches a remote JSON-LD context', async () => {
    const context = `${new URL(portal.url).origin}/context.jsonld`;
    portal.set({ pages: { 1: { contentType: 'application/ld+json', body: JSON.stringify({ '@context': context, '@id': 'https://x/d', '@type': 'Dataset', title: 'x' }) } } });
    const run = await runReader(readDcat, portal.url);
    expect((run.thrown as Error).message).toBe(`The source could not be read, not even its first page (${portal.url}): not usable JSON-LD (remote context ${context} refused)`);
    expect((run.thrown as SourceUnreadable).problem.params).toMatchObject({ reason: { code: 'json-ld-unusable', params: { detail: `remote context ${context} refused` } } });
    expect(portal.requests.every((path) => path === '/catalog')).toBe(true);
  });

  it('names a later page that fails and reports the listing incomplete', async () => {
    portal.set({ count: 30, pageSize: 10, failPaths: (path) => (path === '/catalog?page=2' ? 503 : undefined) });
    const run = await runReader(readDcat, portal.url);
    expect(run.records).toHaveLength(10);
    expect(run.errors).toEqual([
      {
        sourceIdentifier: null,
        message: `Page ${portal.url}?page=2 could not be read: the server answered HTTP 503`,
        problem: { code: 'page-unreadable', params: { page: `${portal.url}?page=2`, reason: { code: 'http-status', params: { status: 503 } } } },
      },
    ]);
    expect(run.complete).toBe(false);
  });

  it('reads a page again when it does not parse, as a body cut short would not', async () => {
    portal.set({ count: 30, pageSize: 10, truncate: (path, hit) => path === '/catalog?page=2' && hit === 1, format: 'rdfxml' });
    const retried = await runReader(readDcat, portal.url);
    expect(retried.records).toHaveLength(30);
    expect(retried.complete).toBe(true);
    expect(pageRequests().filter((path) => path === '/catalog?page=2')).toHaveLength(2);

    portal.set({ truncate: (path) => path === '/catalog?page=2' });
    const lost = await runReader(readDcat, portal.url);
    expect(lost.complete).toBe(false);
    expect(lost.errors).toEqual([
      {
        sourceIdentifier: null,
        message: expect.stringMatching(/^Page .+\?page=2 could not be read: not valid RDF\/XML/),
        problem: { code: 'page-unreadable', params: { page: `${portal.url}?page=2`, reason: { code: expect.stringMatching(/^(not-rdf-xml|rdf-xml-cut-short)$/), params: expect.any(Object) } } },
      },
    ]);
  });
});
