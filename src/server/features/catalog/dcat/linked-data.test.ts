import { spawnSync } from 'node:child_process';
import jsonld from 'jsonld';
import { Parser, type Quad } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, loginAs, startTestApp, type Session, type TestApp } from '../../../test/harness.ts';
import { institutionForPublisher } from '../../institutions/institutions.service.ts';
import { writeHarvested } from '../catalog.service.ts';
import { describeViolations, recommendedWarnings, validateDcat } from './shacl.ts';

/**
 * The catalogue as linked-data clients read it. Documents are parsed by Raptor (`rapper`, the C
 * library behind many RDF tools; Debian's raptor2-utils, installed by scripts/test.mjs) and
 * JSON-LD by jsonld.js, neither of which shares code with the writers.
 */

const BASE = 'https://talsinki.example';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const DCAT_DATASET = 'http://www.w3.org/ns/dcat#Dataset';
const HYDRA = 'http://www.w3.org/ns/hydra/core#';

let t: TestApp;
let editor: Session;
const datasetIds: string[] = [];
/** The institutions of the harvested datasets' publishers: one the directory knew, one it did not. */
const harvestedPublishers: { known?: string; unknown?: string } = {};

/** Raptor's names of the syntaxes, by media type. */
const RAPTOR_SYNTAX: Record<string, string> = { 'text/turtle': 'turtle', 'application/rdf+xml': 'rdfxml', 'application/n-triples': 'ntriples' };

/** Parses a document as an RDF client would: by its Content-Type, with a parser independent of the writers. */
async function parse(body: string, contentType: string): Promise<Quad[]> {
  const type = contentType.split(';')[0].trim();
  if (type === 'application/ld+json') {
    const nquads = (await jsonld.toRDF(JSON.parse(body), { format: 'application/n-quads' })) as unknown as string;
    return new Parser({ format: 'N-Quads' }).parse(nquads);
  }
  const syntax = RAPTOR_SYNTAX[type];
  if (!syntax) throw new Error(`no RDF parser for ${contentType}`);
  const rapper = spawnSync('rapper', ['--quiet', '--input', syntax, '--output', 'ntriples', '-', `${BASE}/`], { input: body, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (rapper.error) throw rapper.error;
  if (rapper.status !== 0) throw new Error(`rapper refused the ${syntax} document: ${rapper.stderr}`);
  return new Parser({ format: 'N-Triples' }).parse(rapper.stdout);
}

const get = (url: string, accept?: string) => t.app.inject({ url, headers: accept ? { accept } : {} });
const subjects = (quads: Quad[]) => new Set(quads.map((q) => q.subject.value));

beforeAll(async () => {
  t = await startTestApp({ publicUrl: BASE });
  editor = (await loginAs(t, 'editor')).session;
  const hsl = (await t.app.inject({ url: '/api/institutions/hsl' })).json() as { id: string };
  for (let n = 1; n <= 7; n++) {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/datasets',
      headers: editor.headers,
      payload: {
        title: { en: `Linked dataset ${n}`, fi: `Linkitetty aineisto ${n}` },
        description: { en: `Dataset ${n} for the linked-data clients.` },
        publisherId: n % 2 ? hsl.id : undefined,
        themes: ['TRAN'],
        spatial: n === 1 ? ['ee-0890'] : ['fi-091'],
        license: 'CC_BY_4_0',
        distributions: [
          { title: { en: 'CSV' }, description: { en: 'The data as CSV.' }, accessUrl: `https://data.example.test/${n}.csv`, format: 'CSV', mediaType: 'text/csv' },
          ...(n === 1 ? [{ title: { en: 'API' }, accessUrl: 'https://data.example.test/api', accessService: { title: { en: 'The API' }, endpointUrl: 'https://data.example.test/api' } }] : []),
        ],
      },
    });
    datasetIds.push(expectStatus(response, 201).json().id);
  }
  // Two harvested datasets, their publishers found in (or added to) the directory as a harvest does.
  // The source row is written directly: adding one through the API first reads the portal, and this one is not there.
  const source = await t.db.kysely.insertInto('harvest_sources')
    .values({ name: 'Linked-data test portal', kind: 'ckan', url: 'https://portal.example.test/', schedule: 'manual', enabled: false })
    .returning('id').executeTakeFirstOrThrow();
  harvestedPublishers.known = await institutionForPublisher(t.db.kysely, { key: 'tallinna-linnavalitsus', name: { et: 'Tallinna Linnavalitsus' }, homepage: 'https://www.tallinn.ee/', country: 'EE' });
  harvestedPublishers.unknown = await institutionForPublisher(t.db.kysely, { key: 'linked-data-test-society', name: { en: 'A society the directory did not know' }, country: 'FI' });
  for (const [n, publisherId] of [[8, harvestedPublishers.known], [9, harvestedPublishers.unknown]] as const) {
    await writeHarvested(t.db.kysely, {
      sourceId: source.id, sourceIdentifier: `harvested-${n}`, sourceModified: null, publisherId,
      fields: { title: { en: `Harvested dataset ${n}` }, description: { en: `Dataset ${n}, harvested.` }, themes: ['REGI'], license: 'CC_BY_4_0',
        distributions: [{ title: { en: 'CSV' }, accessUrl: `https://portal.example.test/${n}.csv`, format: 'CSV' }] },
    });
    const row = await t.db.kysely.selectFrom('datasets').select('id').where('source_identifier', '=', `harvested-${n}`).executeTakeFirstOrThrow();
    datasetIds.push(row.id);
  }
});
afterAll(() => t?.close());

describe('content negotiation on every IRI the catalogue mints', () => {
  it('answers RDF to Accept on the catalogue, its publisher, datasets, distributions, services, institutions and regions, and the web app to browsers', async () => {
    const dataset = (await get(`/api/datasets/${datasetIds[0]}`)).json() as { id: string; distributions: { id: string }[]; publisher: { id: string } };
    const iris = {
      catalogue: `${BASE}/catalog`,
      publisher: `${BASE}/#talsinki`,
      dataset: `${BASE}/datasets/${dataset.id}`,
      distribution: `${BASE}/datasets/${dataset.id}/distributions/${dataset.distributions[0].id}`,
      service: `${BASE}/datasets/${dataset.id}/services/${dataset.distributions[1].id}`,
      institution: `${BASE}/institutions/${dataset.publisher.id}`,
      region: `${BASE}/regions/ee-0890`,
    };
    for (const [kind, iri] of Object.entries(iris)) {
      const path = iri.slice(BASE.length).replace(/#.*$/, '') || '/';
      for (const accept of ['text/turtle', 'application/rdf+xml', 'application/n-triples', 'application/ld+json']) {
        const response = await get(path, accept);
        expect(response.statusCode, `${kind} ${accept}`).toBe(200);
        expect(response.headers['content-type'], `${kind} ${accept}`).toMatch(new RegExp(`^${accept.replace('+', '\\+')}`));
        expect(String(response.headers.vary), kind).toMatch(/accept/i);
        const quads = await parse(response.body, String(response.headers['content-type']));
        expect(subjects(quads), `${kind} ${accept} describes ${iri}`).toContain(iri);
        if (accept === 'text/turtle') {
          const violations = await validateDcat(quads);
          expect(violations, `${kind}: ${describeViolations(violations)}`).toEqual([]);
        }
      }
      const page = await get(path, 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8');
      expect(page.statusCode === 303 || /^text\/html/.test(String(page.headers['content-type'])), `${kind} for a browser: ${page.statusCode} ${page.headers['content-type']}`).toBe(true);
    }
  });

  it('answers every IRI under the base that a dataset document names (follow your nose)', async () => {
    for (const id of datasetIds.slice(0, 2)) {
      const response = await get(`/datasets/${id}`, 'text/turtle');
      const named = new Set((await parse(response.body, 'text/turtle')).flatMap((q) => [q.subject, q.object]).filter((term) => term.termType === 'NamedNode' && term.value.startsWith(`${BASE}/`)).map((term) => term.value));
      expect(named.size).toBeGreaterThanOrEqual(2);
      for (const iri of named) {
        const answer = await get(iri.slice(BASE.length).replace(/#.*$/, ''), 'text/turtle');
        expect(answer.statusCode, iri).toBe(200);
        expect(subjects(await parse(answer.body, 'text/turtle')), iri).toContain(iri);
      }
    }
  });

  it('answers 404 for IRIs that name nothing', async () => {
    for (const path of [`/datasets/${datasetIds[0]}/distributions/00000000-0000-4000-8000-000000000000`, `/datasets/${datasetIds[1]}/services/${datasetIds[1]}`, '/institutions/no-such-institution', '/regions/fi-091', '/regions/nowhere']) {
      expect((await get(path, 'text/turtle')).statusCode, path).toBe(404);
    }
  });
});

describe('every serialisation, read by an independent parser', () => {
  it('parses the whole catalogue in each syntax to the same triples, and they validate', async () => {
    const keyed = (quads: Quad[]) => new Set(quads.map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.termType}:${q.object.value}`));
    let expected: Set<string> | undefined;
    for (const extension of ['ttl', 'rdf', 'nt', 'jsonld']) {
      const response = await get(`/catalog.${extension}`);
      const quads = await parse(response.body, String(response.headers['content-type']));
      expect(quads.filter((q) => q.predicate.value === RDF_TYPE && q.object.value === DCAT_DATASET)).toHaveLength(datasetIds.length);
      if (!expected) {
        expected = keyed(quads);
        const violations = await validateDcat(quads);
        expect(violations, describeViolations(violations)).toEqual([]);
      } else {
        expect(keyed(quads), extension).toEqual(expected);
      }
    }
  });
});

/**
 * ckanext-dcat's RDF harvester (harvesters/rdf.py, processors.py `next_page`): a HEAD first, the
 * format from the first page's Content-Type, the datasets of each page, then the page's
 * `hydra:next` (of a `hydra:PartialCollectionView`, else of a `hydra:PagedCollection`), falling back
 * to `hydra:nextPage`. What it no longer sees it deletes, so the pages must hold every dataset once.
 */
async function harvestLikeCkanextDcat(start: string, { withoutNext = false } = {}): Promise<string[]> {
  const seen: string[] = [];
  let format: string | undefined;
  let url: string | null = start;
  for (let pages = 0; url && pages < 100; pages++) {
    const path = url.startsWith(BASE) ? url.slice(BASE.length) : url;
    const head = await t.app.inject({ method: 'HEAD', url: path });
    expect(head.statusCode, `HEAD ${path}`).toBe(200);
    const response = await t.app.inject({ url: path });
    expect(response.statusCode, path).toBe(200);
    format ??= String(response.headers['content-type']);
    let quads = await parse(response.body, format);
    if (withoutNext) quads = quads.filter((q) => q.predicate.value !== `${HYDRA}next`);
    seen.push(...quads.filter((q) => q.predicate.value === RDF_TYPE && q.object.value === DCAT_DATASET).map((q) => q.subject.value));
    url = null;
    for (const type of ['PartialCollectionView', 'PagedCollection']) {
      for (const view of quads.filter((q) => q.predicate.value === RDF_TYPE && q.object.value === `${HYDRA}${type}`).map((q) => q.subject.value)) {
        const of = (predicate: string) => quads.find((q) => q.subject.value === view && q.predicate.value === `${HYDRA}${predicate}`)?.object.value;
        url ??= of('next') ?? of('nextPage') ?? null;
      }
    }
  }
  return seen;
}

describe('paging as ckanext-dcat reads it', () => {
  it('covers every dataset exactly once, in each syntax and page size, by hydra:next and by the deprecated nextPage', async () => {
    const expected = datasetIds.map((id) => `${BASE}/datasets/${id}`).sort();
    for (const extension of ['ttl', 'rdf', 'jsonld', 'nt']) {
      for (const pageSize of [1, 3, 7, 100]) {
        const start = `${BASE}/catalog.${extension}?page=1&pageSize=${pageSize}`;
        expect((await harvestLikeCkanextDcat(start)).sort(), start).toEqual(expected);
        expect((await harvestLikeCkanextDcat(start, { withoutNext: true })).sort(), `${start} by nextPage`).toEqual(expected);
      }
    }
  });

  it('links pages as IRIs: first, last, previous and next, with the collection it is a view of', async () => {
    const quads = await parse((await get('/catalog.ttl?page=2&pageSize=3')).body, 'text/turtle');
    const page = `${BASE}/catalog.ttl?page=2&pageSize=3`;
    const link = (predicate: string) => quads.filter((q) => q.subject.value === page && q.predicate.value === `${HYDRA}${predicate}`).map((q) => [q.object.termType, q.object.value]);
    expect(link('first')).toEqual([['NamedNode', `${BASE}/catalog.ttl?page=1&pageSize=3`]]);
    expect(link('previous')).toEqual([['NamedNode', `${BASE}/catalog.ttl?page=1&pageSize=3`]]);
    expect(link('next')).toEqual([['NamedNode', `${BASE}/catalog.ttl?page=3&pageSize=3`]]);
    expect(link('last')).toEqual([['NamedNode', `${BASE}/catalog.ttl?page=3&pageSize=3`]]);
    expect(link('nextPage')).toEqual([['Literal', `${BASE}/catalog.ttl?page=3&pageSize=3`]]);
    expect(quads.some((q) => q.subject.value === `${BASE}/catalog.ttl` && q.predicate.value === `${HYDRA}view` && q.object.value === page)).toBe(true);
  });
});

/** The ADMS publisher type of each institution type that has one (DCAT-AP's vocabulary for `dct:type` of an agent). */
const ADMS_TYPE: Record<string, string | undefined> = {
  ministry: 'NationalAuthority', state_agency: 'NationalAuthority', regional_authority: 'RegionalAuthority', municipality: 'LocalAuthority',
  ngo: 'NonGovernmentalOrganisation', business: 'Company', research: 'Academia-ScientificOrganisation', eu_body: 'SupraNationalAuthority',
};
const DCT = 'http://purl.org/dc/terms/';

describe('recommended properties (the European Data Portal scores them)', () => {
  it('gives every agent the catalogue writes the ADMS publisher type the directory implies, harvested publishers included, and its website', async () => {
    const quads = await parse((await get('/catalog.ttl')).body, 'text/turtle');
    const agents = quads.filter((q) => q.predicate.value === RDF_TYPE && q.object.value === 'http://xmlns.com/foaf/0.1/Agent').map((q) => q.subject.value);
    const institutions = agents.filter((iri) => iri.startsWith(`${BASE}/institutions/`));
    expect(institutions).toEqual(expect.arrayContaining([harvestedPublishers.known, harvestedPublishers.unknown].map((id) => `${BASE}/institutions/${id}`)));
    const typed: string[] = [];
    for (const iri of institutions) {
      const institution = (await t.app.inject({ url: `/api/institutions/${iri.slice(`${BASE}/institutions/`.length)}` })).json() as { type: string; website: string | null };
      const types = quads.filter((q) => q.subject.value === iri && q.predicate.value === `${DCT}type`).map((q) => q.object.value);
      const expected = ADMS_TYPE[institution.type];
      expect(types, `${iri} (${institution.type})`).toEqual(expected ? [`http://purl.org/adms/publishertype/${expected}`] : []);
      if (expected) typed.push(iri);
      const homepages = quads.filter((q) => q.subject.value === iri && q.predicate.value === 'http://xmlns.com/foaf/0.1/homepage').map((q) => q.object.value);
      expect(homepages, iri).toEqual(institution.website ? [institution.website] : []);
    }
    // The harvested publisher the directory knew is Tallinn, a municipality; the new one has no type the harvest could know.
    expect(typed).toContain(`${BASE}/institutions/${harvestedPublishers.known}`);
    expect(typed).not.toContain(`${BASE}/institutions/${harvestedPublishers.unknown}`);
    const untyped = (await recommendedWarnings(quads)).filter((w) => w.path === `${DCT}type`).map((w) => w.focusNode);
    expect(new Set(untyped)).toEqual(new Set(agents.filter((iri) => !typed.includes(iri))));
  });

  it('states no licence for the catalogue unless set, gives its first dataset\'s day as release and its latest change, with the CKAN API as a service', async () => {
    const quads = await parse((await get('/catalog.ttl')).body, 'text/turtle');
    const of = (subject: string, predicate: string) => quads.filter((q) => q.subject.value === subject && q.predicate.value === predicate).map((q) => q.object.value);
    const catalog = `${BASE}/catalog`;
    const { first, last } = await t.db.kysely.selectFrom('datasets').select((eb) => [eb.fn.min('created_at').as('first'), eb.fn.max('updated_at').as('last')]).executeTakeFirstOrThrow();
    expect(of(catalog, `${DCT}license`)).toEqual([]);
    expect(of(catalog, `${DCT}issued`)).toEqual([new Date(first as Date).toISOString()]);
    expect(of(catalog, `${DCT}modified`)).toEqual([new Date(last as Date).toISOString()]);
    const ckan = `${catalog}#ckan-api`;
    expect(of(catalog, 'http://www.w3.org/ns/dcat#service')).toContain(ckan);
    expect(of(ckan, `${DCT}conformsTo`)).toEqual(['https://docs.ckan.org/en/latest/api/']);
    expect(of(ckan, 'http://www.w3.org/ns/dcat#endpointURL')).toEqual([`${BASE}/api/3/action/`]);
    expect(of(ckan, 'http://www.w3.org/ns/dcat#servesDataset').sort()).toEqual(datasetIds.map((id) => `${BASE}/datasets/${id}`).sort());
    // The CKAN API it names answers as CKAN does.
    expect((await get('/api/3/action/package_list')).json().success).toBe(true);
  });

  it('takes the catalogue\'s licence and release day from the settings; an empty catalogue without a release day setting has no dates', async () => {
    const of = (quads: Quad[], predicate: string) => quads.filter((q) => q.subject.value === `${BASE}/catalog` && q.predicate.value === `${DCT}${predicate}`).map((q) => q.object.value);
    for (const [settings, expected] of [
      [{ catalogLicense: 'CC_BY_4_0', catalogIssued: '2024-01-02' }, { license: ['http://publications.europa.eu/resource/authority/licence/CC_BY_4_0'], issued: ['2024-01-02'] }],
      [{ catalogLicense: 'https://data.example.org/terms', catalogIssued: null }, { license: ['https://data.example.org/terms'], issued: [] }],
    ] as const) {
      const other = await startTestApp({ publicUrl: BASE, ...settings });
      try {
        const quads = await parse((await other.app.inject({ url: '/catalog.ttl' })).body, 'text/turtle');
        expect(of(quads, 'license'), JSON.stringify(settings)).toEqual(expected.license);
        expect(of(quads, 'issued'), JSON.stringify(settings)).toEqual(expected.issued);
        expect(of(quads, 'modified'), JSON.stringify(settings)).toEqual([]);
        const violations = await validateDcat(quads);
        expect(violations, describeViolations(violations)).toEqual([]);
      } finally {
        await other.close();
      }
    }
  });

  it('names a data service\'s publisher, themes and keywords after its dataset, in the dataset\'s own document', async () => {
    const dataset = (await get(`/api/datasets/${datasetIds[0]}`)).json() as { id: string; distributions: { id: string }[]; publisher: { id: string } };
    const quads = await parse((await get(`/datasets/${dataset.id}`, 'text/turtle')).body, 'text/turtle');
    const service = `${BASE}/datasets/${dataset.id}/services/${dataset.distributions[1].id}`;
    const of = (predicate: string) => quads.filter((q) => q.subject.value === service && q.predicate.value === predicate).map((q) => q.object.value);
    expect(of(`${DCT}publisher`)).toEqual([`${BASE}/institutions/${dataset.publisher.id}`]);
    expect(of('http://www.w3.org/ns/dcat#theme')).toEqual(['http://publications.europa.eu/resource/authority/data-theme/TRAN']);
    const warned = (await recommendedWarnings(quads)).filter((w) => w.focusNode === service).map((w) => w.path);
    // The dataset names no contact point or keywords, and the service no standard or description: nothing to fill them from.
    expect(warned.sort()).toEqual([
      'http://purl.org/dc/terms/conformsTo', 'http://www.w3.org/ns/dcat#contactPoint', 'http://www.w3.org/ns/dcat#endpointDescription', 'http://www.w3.org/ns/dcat#keyword',
    ]);
  });

  it('writes a publisher\'s new type into the catalogue at once: the directory\'s change is a new version of the files', async () => {
    const before = await get('/catalog.ttl?page=1&pageSize=100');
    const known = harvestedPublishers.known!;
    const institution = (await t.app.inject({ url: `/api/institutions/${known}` })).json() as { type: string };
    const patch = (type: string) => t.app.inject({ method: 'PATCH', url: `/api/institutions/${known}`, headers: editor.headers, payload: { type } });
    expectStatus(await patch('regional_authority'), 200);
    try {
      const after = await get('/catalog.ttl?page=1&pageSize=100', undefined);
      expect(after.headers.etag).not.toBe(before.headers.etag);
      const quads = await parse(after.body, 'text/turtle');
      expect(quads.filter((q) => q.subject.value === `${BASE}/institutions/${known}` && q.predicate.value === `${DCT}type`).map((q) => q.object.value))
        .toEqual(['http://purl.org/adms/publishertype/RegionalAuthority']);
    } finally {
      expectStatus(await patch(institution.type), 200);
    }
  });

  it('gives an institution its ADMS publisher type, from the directory', async () => {
    const response = await get('/institutions/tallinn', 'text/turtle');
    const quads = await parse(response.body, 'text/turtle');
    expect(quads.filter((q) => q.predicate.value === 'http://purl.org/dc/terms/type').map((q) => q.object.value)[0]).toMatch(/^http:\/\/purl\.org\/adms\/publishertype\//);
    expect((await recommendedWarnings(quads)).filter((w) => w.path === 'http://purl.org/dc/terms/type')).toEqual([]);
  });
});
