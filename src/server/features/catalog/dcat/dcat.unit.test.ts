import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import jsonld from 'jsonld';
import { Parser, Writer, type Quad } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { FREQUENCIES, LICENSES, REGION_CODES, THEMES } from '../../../../shared/catalog.ts';
import type { Dataset, Distribution } from '../../../../shared/schemas/catalog.ts';
import type { InstitutionRef } from '../../../../shared/schemas/institutions.ts';
import { catalogQuads, type CatalogInfo, type Paging } from './quads.ts';
import { SHARED_SHAPES_DIR, VENDORED_SHAPES_DIR, describeViolations, recommendedWarnings, validateDcat } from './shacl.ts';
import { CKAN_ACTION_API, NAMESPACES, serviceStandard } from './vocab.ts';
import { RDF_MEDIA_TYPES, writeCatalog, writeDataset, type RdfFormat } from './writers.ts';

const BASE = 'https://talsinki.example';
const FORMATS: RdfFormat[] = ['turtle', 'ntriples', 'rdfxml', 'jsonld'];
const { dcat, dct, foaf, rdf, xsd, hydra, skos } = NAMESPACES;
const RDF_TYPE = `${rdf}type`;

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const INFO: CatalogInfo = {
  base: `${BASE}/`,
  title: { fi: 'Talsingin avoin data', et: 'Talsinki avaandmed', en: 'Talsinki open data' },
  description: { fi: 'Helsingin ja Tallinnan kaksoisalueen aineistot.', et: 'Helsingi ja Tallinna kaksikregiooni andmed.', en: 'Datasets of the Helsinki–Tallinn twin region.' },
  publisher: { iri: `${BASE}/institutions/talsinki`, name: { en: 'Talsinki platform', fi: 'Talsinki-alusta' }, homepage: `${BASE}/about` },
  homepage: `${BASE}/`,
  license: 'http://publications.europa.eu/resource/authority/licence/CC0',
  issued: '2024-11-05',
  modified: '2025-03-01T12:00:00.000Z',
  languages: ['fi', 'et', 'en', 'sv'],
  services: [{
    key: 'ckan-api', title: { en: 'Talsinki CKAN API' }, endpointUrl: `${BASE}/api/3/action/`, endpointDescription: `${BASE}/api/openapi.json`,
    conformsTo: CKAN_ACTION_API, keywords: { en: ['CKAN', 'API'] },
  }],
  // What the directory says of the publishers below (HSL is a public service provider: no ADMS type).
  agents: new Map([
    [uuid(9001), { type: 'public_service_provider', homepage: 'https://www.hsl.fi/' }],
    [uuid(9002), { type: 'municipality', homepage: 'https://www.hel.fi/' }],
    [uuid(9003), { type: 'municipality', homepage: null }],
    [uuid(9004), { type: 'state_agency', homepage: 'https://www.stat.ee/' }],
  ]),
};

// ---- the test catalogue ----

const PUBLISHERS: InstitutionRef[] = [
  { id: uuid(9001), name: { fi: 'Helsingin seudun liikenne', en: 'Helsinki Region Transport', sv: 'Helsingforsregionens trafik' }, shortName: 'HSL', country: 'FI' },
  { id: uuid(9002), name: { fi: 'Helsingin kaupunki', et: 'Helsingi linn', en: 'City of Helsinki' }, shortName: null, country: 'FI' },
  { id: uuid(9003), name: { et: 'Tallinna Linnavalitsus', en: 'Tallinn City Government' }, shortName: null, country: 'EE' },
  { id: uuid(9004), name: { et: 'Statistikaamet', en: 'Statistics Estonia' }, shortName: null, country: 'EE' },
];

function dataset(n: number, fields: Partial<Dataset> = {}): Dataset {
  return {
    id: uuid(n), name: `dataset-${n}`, title: { en: `Dataset ${n}` }, description: { en: `What dataset ${n} holds.` },
    publisher: null, contactPoint: null, themes: [], keywords: {}, spatial: [], temporalStart: null, temporalEnd: null,
    license: null, licenseUrl: null, accessRights: null, frequency: null, landingPage: null, issued: null, modified: null,
    distributions: [], source: null, sourceIdentifier: null, harvestedAt: null, state: 'active', withdrawnAt: null, demo: false,
    createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-02T00:00:00.000Z', ...fields,
  };
}

function distribution(n: number, fields: Partial<Distribution> = {}): Distribution {
  return {
    id: uuid(n), title: null, description: null, accessUrl: `https://data.example/files/${n}`, downloadUrl: null, format: null,
    mediaType: null, byteSize: null, license: null, accessService: null, ...fields,
  };
}

const HARVESTED = { source: { id: uuid(8001), name: 'Helsinki Region Infoshare', kind: 'ckan' as const }, harvestedAt: '2025-02-01T03:00:00.000Z' };

const HANDWRITTEN: Dataset[] = [
  dataset(1, {
    ...HARVESTED, sourceIdentifier: 'hsl-citybikes',
    title: { fi: 'Kaupunkipyöräasemat', en: 'City bike stations', sv: 'Stadscykelstationer' },
    description: { fi: 'Asemien sijainnit ja telineiden määrä.', en: 'Station locations and rack counts.\nUpdated every minute.' },
    publisher: PUBLISHERS[0],
    contactPoint: { name: 'HSL open data', email: 'opendata@hsl.example', url: 'https://hsl.example/en/opendata' },
    themes: ['TRAN', 'REGI'], keywords: { fi: ['pyörät', 'liikenne'], en: ['bikes', 'mobility'], sv: ['cyklar'] },
    spatial: ['FI', 'FI1B1', 'fi-091', 'fi-049'], temporalStart: '2016-05-01', temporalEnd: '2024-10-31',
    license: 'CC_BY_4_0', accessRights: 'PUBLIC', frequency: 'CONT', landingPage: 'https://hri.example/dataset/citybikes',
    issued: '2016-05-02T08:00:00.000Z', modified: '2025-02-01T02:59:00.000Z',
    distributions: [
      distribution(101, { title: { en: 'Stations as CSV' }, downloadUrl: 'https://data.example/citybikes.csv', format: 'CSV', mediaType: 'text/csv', byteSize: 48_213, license: 'CC_BY_4_0' }),
      distribution(102, {
        title: { fi: 'Reaaliaikainen rajapinta', en: 'Real-time API' }, description: { en: 'GraphQL endpoint' }, format: 'JSON', mediaType: 'application/json',
        accessUrl: 'https://api.hsl.example/routing/v2/graphql',
        accessService: { title: { en: 'HSL routing API', fi: 'HSL:n reititysrajapinta' }, endpointUrl: 'https://api.hsl.example/routing/v2/graphql', endpointDescription: 'https://hsl.example/dev/docs' },
      }),
    ],
  }),
  dataset(2, {
    title: { et: 'Tallinna bussipeatused', en: 'Tallinn bus stops', ru: 'Автобусные остановки Таллина' },
    description: { et: 'Peatuste asukohad.', en: 'Stop locations.', ru: 'Расположение остановок.' },
    publisher: PUBLISHERS[2], contactPoint: { name: 'Transpordiamet', email: 'info@tallinn.example', url: null },
    themes: ['TRAN'], keywords: { et: ['ühistransport'], ru: ['транспорт'] }, spatial: ['EE', 'EE001', 'ee-0784'],
    license: 'CC0', frequency: 'WEEKLY', accessRights: 'PUBLIC', modified: '2025-01-15T10:00:00.000Z',
    distributions: [
      distribution(201, { format: 'GEOJSON', mediaType: 'application/geo+json', byteSize: 0 }),
      distribution(202, {
        format: 'WFS_SRVC', accessUrl: 'https://gis.tallinn.example/wfs?service=WFS&request=GetCapabilities',
        accessService: { title: { et: 'Tallinna WFS' }, endpointUrl: 'https://gis.tallinn.example/wfs', endpointDescription: null },
      }),
    ],
  }),
  // A licence outside the EU list, with the source's own licence address.
  dataset(3, { license: 'OTHER', licenseUrl: 'https://data.example/licences/custom-1.0', publisher: PUBLISHERS[1], distributions: [distribution(301, { format: 'XLSX' })] }),
  // A licence outside the EU list, without an address: no dct:license at all.
  dataset(4, { license: 'OTHER', licenseUrl: null, publisher: PUBLISHERS[1], distributions: [distribution(401, { format: 'PDF' })] }),
  // No publisher, no contact point, no distributions: only what DCAT-AP makes mandatory.
  dataset(5, { title: { en: 'A bare dataset' }, description: { en: 'Nothing else is known.' } }),
  // A period with only a start; a distribution with its own licence overriding the dataset's.
  dataset(6, { temporalStart: '2020-01-01', license: 'CC_BY_SA_4_0', distributions: [distribution(601, { license: 'ODC_ODBL', format: 'CSV' })] }),
  // Addresses as sources really write them: spaces, braces, a pipe, non-ASCII, a relative path.
  dataset(7, {
    landingPage: 'https://portaal.example/andmed/Kõik failid {2024}|arhiiv', publisher: PUBLISHERS[3],
    contactPoint: { name: null, email: 'not an address', url: 'ftp://files.example/' },
    distributions: [
      distribution(701, { accessUrl: 'https://files.example/my file.csv?q=a b^c', downloadUrl: '/relative/only.csv', mediaType: 'text/csv; charset=utf-8' }),
      distribution(702, { accessUrl: 'not a url at all', downloadUrl: 'https://files.example/fallback.zip', format: 'ZIP' }),
      distribution(703, { accessUrl: 'javascript:alert(1)' }),
    ],
  }),
  // The other municipalities: an Estonian parish (no public IRI) and Finnish municipalities.
  dataset(8, { spatial: ['ee-0890', 'ee-0653', 'fi-092', 'fi-638'], themes: ['ENVI', 'AGRI'], frequency: 'ANNUAL', accessRights: 'RESTRICTED' }),
  // Text that needs escaping in every syntax.
  dataset(9, {
    title: { en: 'Quotes " \' and <tags> & ampersands', fi: 'Rivi\r\nrivi\ttabulaattori \\ kenoviiva' },
    description: { en: ']]> "\u2028" emoji 🚲 and a backslash \\u0041' }, keywords: { en: ['a"b', '<x>', '  padded  ', ''] },
  }),
  // Harvested, with no contact but a publisher shared with others; dates as bare days.
  dataset(10, { ...HARVESTED, sourceIdentifier: 'urn:uuid:1234', publisher: PUBLISHERS[0], issued: '2019-06-01', modified: 'last Tuesday' }),
];

function generatedDataset(n: number): Dataset {
  const publisher = n % 5 === 0 ? null : PUBLISHERS[n % PUBLISHERS.length];
  const license = LICENSES[n % LICENSES.length];
  return dataset(n, {
    title: n % 2 ? { fi: `Aineisto ${n}`, en: `Dataset ${n}` } : { et: `Andmestik ${n}`, en: `Dataset ${n}` },
    description: n % 2 ? { fi: `Kuvaus ${n}.` } : { et: `Kirjeldus ${n}.`, en: `Description ${n}.` },
    publisher, contactPoint: n % 3 === 0 ? null : { name: `Desk ${n % 4}`, email: `desk${n % 4}@example.org`, url: null },
    themes: [THEMES[n % THEMES.length], THEMES[(n * 7) % THEMES.length]],
    keywords: { en: [`keyword ${n % 10}`, 'open data'] },
    spatial: [REGION_CODES[n % REGION_CODES.length]],
    temporalStart: n % 4 === 0 ? `20${10 + (n % 15)}-01-01` : null, temporalEnd: n % 8 === 0 ? '2025-12-31' : null,
    license, licenseUrl: license === 'OTHER' && n % 2 ? `https://licences.example/${n}` : null,
    accessRights: n % 3 ? 'PUBLIC' : null, frequency: FREQUENCIES[n % FREQUENCIES.length],
    landingPage: n % 2 ? `https://portal.example/datasets/${n}` : null,
    issued: '2024-01-01T00:00:00.000Z', modified: `2025-01-${String(1 + (n % 28)).padStart(2, '0')}T06:30:00.000Z`,
    ...(n % 6 === 0 ? { ...HARVESTED, sourceIdentifier: `source-${n}` } : {}),
    distributions: [
      distribution(n * 10 + 1, { format: ['CSV', 'JSON', 'XLSX', 'GEOJSON'][n % 4], byteSize: n % 2 ? n * 1000 : null, license: n % 3 ? null : 'CC0' }),
      ...(n % 4 === 1
        ? [distribution(n * 10 + 2, { format: 'JSON', accessService: { title: { en: `API ${n}` }, endpointUrl: `https://api.example/${n}`, endpointDescription: null } })]
        : []),
    ],
  });
}

const CATALOGUE: Dataset[] = [...HANDWRITTEN, ...Array.from({ length: 20 }, (_, i) => generatedDataset(100 + i))];

async function* inBatches<T>(items: readonly T[], size: number): AsyncGenerator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

// ---- writing and parsing back ----

async function render(write: (out: Writable) => Promise<void>): Promise<string> {
  const chunks: Buffer[] = [];
  const out = new Writable({ write(chunk: Buffer, _encoding, done) { chunks.push(chunk); done(); } });
  await write(out);
  return Buffer.concat(chunks).toString('utf8');
}

async function parse(format: RdfFormat, text: string): Promise<Quad[]> {
  switch (format) {
    case 'turtle': return new Parser({ format: 'text/turtle' }).parse(text);
    case 'ntriples': return new Parser({ format: 'N-Triples' }).parse(text);
    case 'jsonld': {
      const nquads = await jsonld.toRDF(JSON.parse(text) as jsonld.JsonLdDocument, { format: 'application/n-quads' });
      return new Parser({ format: 'N-Quads' }).parse(nquads as unknown as string);
    }
    case 'rdfxml': return parseRdfXml(text);
  }
}

function parseRdfXml(text: string): Promise<Quad[]> {
  return new Promise((resolve, reject) => {
    const quads: Quad[] = [];
    const parser = new RdfXmlParser();
    parser.on('data', (q: Quad) => quads.push(q)).on('error', reject).on('end', () => resolve(quads));
    parser.write(text);
    parser.end();
  });
}

const canonicalWriter = new Writer({ format: 'N-Triples' });
/** Each triple as one canonical N-Triples line, whatever library's terms it is made of. */
const canonical = (quads: readonly Quad[]) => quads.map((q) => canonicalWriter.quadToString(q.subject, q.predicate, q.object)).sort();

interface RoundTrip { text: string; quads: Quad[]; triples: string[] }

async function roundTrip(format: RdfFormat, write: (out: Writable) => Promise<void>): Promise<RoundTrip> {
  const text = await render(write);
  const quads = await parse(format, text);
  return { text, quads, triples: canonical(quads) };
}

const unique = (lines: readonly string[]) => [...new Set(lines)].sort();
const objectsOf = (quads: readonly Quad[], subject: string, predicate: string) =>
  quads.filter((q) => q.subject.value === subject && q.predicate.value === predicate).map((q) => q.object);

async function expectNoViolations(quads: readonly Quad[]) {
  const violations = await validateDcat(quads);
  expect(violations, `DCAT-AP 3.0.1 violations:\n${describeViolations(violations)}`).toEqual([]);
}

// ---- the tests ----

describe('DCAT-AP output of the catalogue', () => {
  let outputs: Record<RdfFormat, RoundTrip>;
  let quads: Quad[];
  beforeAll(async () => {
    const written = await Promise.all(FORMATS.map(async (format) => [format, await roundTrip(format, (out) => writeCatalog(out, format, INFO, inBatches(CATALOGUE, 7)))] as const));
    outputs = Object.fromEntries(written) as Record<RdfFormat, RoundTrip>;
    quads = outputs.turtle.quads;
  });
  const datasetIri = (n: number) => `${BASE}/datasets/${uuid(n)}`;
  const distributionIri = (n: number, d: number) => `${datasetIri(n)}/distributions/${uuid(d)}`;

  it('says the same triples in Turtle, N-Triples, RDF/XML and JSON-LD', () => {
    expect(quads.length).toBeGreaterThan(500);
    for (const format of FORMATS) expect(unique(outputs[format].triples), format).toEqual(unique(outputs.turtle.triples));
  });

  it('writes each statement once and mints no blank nodes', () => {
    const lines = outputs.ntriples.text.trim().split('\n');
    expect(new Set(lines).size).toBe(lines.length);
    expect(quads.filter((q) => q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode')).toEqual([]);
  });

  it('writes Turtle with its prefixes declared once, and the declared media types', () => {
    expect(outputs.turtle.text.match(/@prefix dcat:/g)).toHaveLength(1);
    expect(outputs.jsonld.text.startsWith('{\n"@context"')).toBe(true);
    expect(RDF_MEDIA_TYPES).toEqual({ turtle: 'text/turtle', jsonld: 'application/ld+json', rdfxml: 'application/rdf+xml', ntriples: 'application/n-triples' });
  });

  it('has no violations of the official DCAT-AP 3.0.1 shapes', async () => {
    await expectNoViolations(quads);
  });

  it('lists every dataset in the catalogue, and the catalogue with one publisher, its languages and themes', () => {
    const catalog = `${BASE}/catalog`;
    expect(objectsOf(quads, catalog, `${dcat}dataset`)).toHaveLength(CATALOGUE.length);
    expect(objectsOf(quads, catalog, `${dct}publisher`).map((o) => o.value)).toEqual([INFO.publisher.iri]);
    expect(objectsOf(quads, catalog, `${dct}language`)).toHaveLength(4);
    expect(objectsOf(quads, catalog, `${dcat}themeTaxonomy`).map((o) => o.value)).toEqual(['http://publications.europa.eu/resource/authority/data-theme']);
    expect(objectsOf(quads, catalog, `${dct}spatial`).map((o) => o.value).sort()).toEqual([
      'http://publications.europa.eu/resource/authority/country/EST', 'http://publications.europa.eu/resource/authority/country/FIN',
    ]);
  });

  it('describes a rich dataset with its distributions, service, publisher, contact, period and source identifier', () => {
    const d1 = datasetIri(1);
    expect(objectsOf(quads, d1, `${dct}title`).map((o) => `${o.value}@${(o as { language?: string }).language}`).sort())
      .toEqual(['City bike stations@en', 'Kaupunkipyöräasemat@fi', 'Stadscykelstationer@sv']);
    expect(objectsOf(quads, d1, `${dct}identifier`).map((o) => o.value)).toEqual([uuid(1)]);
    expect(objectsOf(quads, `${d1}#identifier`, `${skos}notation`).map((o) => o.value)).toEqual(['hsl-citybikes']);
    expect(objectsOf(quads, `${d1}#temporal`, `${dcat}startDate`).map((o) => [o.value, (o as { datatype: { value: string } }).datatype.value]))
      .toEqual([['2016-05-01', `${xsd}date`]]);
    expect(objectsOf(quads, d1, `${dct}spatial`).map((o) => o.value).sort()).toEqual([
      'http://data.europa.eu/nuts/code/FI1B1', 'http://publications.europa.eu/resource/authority/country/FIN',
      'http://publications.europa.eu/resource/authority/place/FIN_HEL', 'http://uri.suomi.fi/codelist/jhs/kunta_1_20240101/code/049',
    ]);
    expect(objectsOf(quads, `${d1}#contact`, 'http://www.w3.org/2006/vcard/ns#hasEmail').map((o) => o.value)).toEqual(['mailto:opendata@hsl.example']);
    const publisher = `${BASE}/institutions/${PUBLISHERS[0].id}`;
    expect(objectsOf(quads, publisher, RDF_TYPE).map((o) => o.value).sort()).toEqual([`${foaf}Agent`, `${foaf}Organization`]);
    const csv = distributionIri(1, 101);
    expect(objectsOf(quads, csv, `${dcat}byteSize`).map((o) => [o.value, (o as { datatype: { value: string } }).datatype.value]))
      .toEqual([['48213', `${xsd}nonNegativeInteger`]]);
    expect(objectsOf(quads, csv, `${dcat}mediaType`).map((o) => o.value)).toEqual(['https://www.iana.org/assignments/media-types/text/csv']);
    const service = `${datasetIri(1)}/services/${uuid(102)}`;
    expect(objectsOf(quads, distributionIri(1, 102), `${dcat}accessService`).map((o) => o.value)).toEqual([service]);
    expect(objectsOf(quads, service, `${dcat}servesDataset`).map((o) => o.value)).toEqual([d1]);
    expect(objectsOf(quads, service, `${dcat}endpointURL`).map((o) => o.termType)).toEqual(['NamedNode']);
    expect(objectsOf(quads, `${BASE}/catalog`, `${dcat}service`).map((o) => o.value)).toContain(service);
  });

  it('puts the dataset\'s licence on distributions without their own, and a source\'s own licence address for OTHER', () => {
    expect(objectsOf(quads, distributionIri(2, 201), `${dct}license`).map((o) => o.value)).toEqual(['http://publications.europa.eu/resource/authority/licence/CC0']);
    expect(objectsOf(quads, distributionIri(6, 601), `${dct}license`).map((o) => o.value)).toEqual(['http://publications.europa.eu/resource/authority/licence/ODC_ODBL']);
    expect(objectsOf(quads, distributionIri(3, 301), `${dct}license`).map((o) => o.value)).toEqual(['https://data.example/licences/custom-1.0']);
    expect(objectsOf(quads, 'https://data.example/licences/custom-1.0', RDF_TYPE).map((o) => o.value)).toEqual([`${dct}LicenseDocument`]);
    expect(objectsOf(quads, distributionIri(4, 401), `${dct}license`)).toEqual([]);
    expect(objectsOf(quads, datasetIri(4), `${dct}license`)).toEqual([]);
  });

  it('keeps web addresses as IRIs, percent-encoding what RDF forbids and dropping what is no web address', () => {
    expect(objectsOf(quads, distributionIri(7, 701), `${dcat}accessURL`).map((o) => [o.termType, o.value]))
      .toEqual([['NamedNode', 'https://files.example/my%20file.csv?q=a%20b%5Ec']]);
    expect(objectsOf(quads, distributionIri(7, 701), `${dcat}downloadURL`)).toEqual([]);
    expect(objectsOf(quads, distributionIri(7, 701), `${dcat}mediaType`).map((o) => o.value)).toEqual(['https://www.iana.org/assignments/media-types/text/csv']);
    // Without a usable access address: the download address, else the landing page.
    expect(objectsOf(quads, distributionIri(7, 702), `${dcat}accessURL`).map((o) => o.value)).toEqual(['https://files.example/fallback.zip']);
    expect(objectsOf(quads, distributionIri(7, 703), `${dcat}accessURL`).map((o) => o.value))
      .toEqual(['https://portaal.example/andmed/K%C3%B5ik%20failid%20%7B2024%7D%7Carhiiv']);
    expect(objectsOf(quads, datasetIri(7), `${dcat}contactPoint`)).toEqual([]);
    for (const q of quads.filter((q) => [`${dcat}accessURL`, `${dcat}downloadURL`, `${dcat}landingPage`].includes(q.predicate.value))) {
      expect(q.object.termType).toBe('NamedNode');
    }
  });

  it('types every vocabulary term once, with labels for themes and places', () => {
    const helsinki = 'http://publications.europa.eu/resource/authority/place/FIN_HEL';
    const typing = (iri: string) => quads.filter((q) => q.subject.value === iri && q.predicate.value === RDF_TYPE).map((q) => q.object.value);
    expect(typing(helsinki)).toEqual([`${dct}Location`]);
    expect(objectsOf(quads, helsinki, `${skos}prefLabel`).map((o) => o.value).sort()).toEqual(['Helsingfors', 'Helsingi', 'Helsinki', 'Helsinki', 'Хельсинки']);
    expect(typing(`${BASE}/regions/ee-0890`)).toEqual([`${dct}Location`]);
    expect(typing('http://publications.europa.eu/resource/authority/data-theme/TRAN')).toEqual([`${skos}Concept`]);
    // In every interface language, as the web pages name the theme.
    const transport = objectsOf(quads, 'http://publications.europa.eu/resource/authority/data-theme/TRAN', `${skos}prefLabel`);
    expect(transport.map((o) => `${o.value}@${(o as { language?: string }).language}`).sort()).toEqual(['Liikenne@fi', 'Transport@en', 'Transport@et', 'Transport@sv', 'Транспорт@ru']);
    expect(typing('http://publications.europa.eu/resource/authority/frequency/CONT')).toEqual([`${dct}Frequency`]);
    expect(typing('http://publications.europa.eu/resource/authority/file-type/CSV')).toEqual([`${dct}MediaTypeOrExtent`]);
    expect(typing('http://publications.europa.eu/resource/authority/language/SWE')).toEqual([`${dct}LinguisticSystem`]);
    expect(typing('http://publications.europa.eu/resource/authority/access-right/PUBLIC')).toEqual([`${dct}RightsStatement`]);
  });

  it('leaves out dates that are no dates rather than mistyping them', () => {
    expect(objectsOf(quads, datasetIri(10), `${dct}issued`).map((o) => (o as { datatype: { value: string } }).datatype.value)).toEqual([`${xsd}date`]);
    expect(objectsOf(quads, datasetIri(10), `${dct}modified`)).toEqual([]);
  });
});

describe('recommended properties (what the European Data Portal scores)', () => {
  /** A dataset with every field Talsinki has, published by a municipality, with a file and a WFS service. */
  const FULL = dataset(50, {
    title: { en: 'Tallinn street lights', et: 'Tallinna tänavavalgustus' }, description: { en: 'Every street light.', et: 'Kõik tänavavalgustid.' },
    publisher: PUBLISHERS[2], contactPoint: { name: 'Open data desk', email: 'avaandmed@tallinn.example', url: 'https://tallinn.example/open' },
    themes: ['ENER', 'REGI'], keywords: { et: ['valgustus'], en: ['street lights', 'energy'] }, spatial: ['ee-0784'],
    temporalStart: '2020-01-01', temporalEnd: '2025-12-31', license: 'CC_BY_SA_4_0', accessRights: 'PUBLIC', frequency: 'MONTHLY',
    landingPage: 'https://tallinn.example/lights', issued: '2020-02-01', modified: '2025-01-10T08:00:00.000Z',
    distributions: [
      distribution(5001, { title: { en: 'Lights as CSV' }, description: { en: 'One row per light.' }, downloadUrl: 'https://tallinn.example/lights.csv', format: 'CSV', mediaType: 'text/csv', byteSize: 1234, license: 'CC_BY_SA_4_0' }),
      distribution(5002, {
        title: { en: 'Lights as WFS' }, description: { en: 'The lights as features.' }, format: 'WFS_SRVC', mediaType: 'application/gml+xml', accessUrl: 'https://gis.tallinn.example/wfs',
        accessService: { title: { en: 'Tallinn WFS' }, endpointUrl: 'https://gis.tallinn.example/wfs', endpointDescription: 'https://gis.tallinn.example/wfs?request=GetCapabilities' },
      }),
    ],
  });
  const datasetIri = (n: number) => `${BASE}/datasets/${uuid(n)}`;
  const serviceIri = (n: number, d: number) => `${datasetIri(n)}/services/${uuid(d)}`;
  const PLATFORM_SERVICE = `${BASE}/catalog#ckan-api`;
  let quads: Quad[];
  beforeAll(async () => {
    quads = (await roundTrip('turtle', (out) => writeCatalog(out, 'turtle', INFO, inBatches([...CATALOGUE, FULL], 5)))).quads;
  });
  const values = (subject: string, predicate: string) => objectsOf(quads, subject, predicate).map((o) => o.value).sort();

  /** Each warning as the class of its node and the property: `DataService contactPoint`; the platform's own service and the platform as publisher apart. */
  function warningKeys(warnings: { focusNode: string; path: string | null }[], data: readonly Quad[]) {
    const kinds = ['Catalog', 'Dataset', 'Distribution', 'DataService', 'Agent', 'LicenseDocument', 'Location', 'PeriodOfTime'];
    const kindOf = (node: string) => {
      if (node.startsWith(`${BASE}/catalog#`)) return 'PlatformService';
      if (node === INFO.publisher.iri) return 'CatalogPublisher';
      const types = data.filter((q) => q.subject.value === node && q.predicate.value === RDF_TYPE).map((q) => q.object.value.replace(/^.*[#/]/, ''));
      return types.find((type) => kinds.includes(type)) ?? '?';
    };
    return [...new Set(warnings.map((w) => `${kindOf(w.focusNode)} ${w.path?.replace(/^.*[#/]/, '')}`))].sort();
  }

  it('fills every recommended property Talsinki has data for: zero violations, and only the warnings it has no data for', async () => {
    const alone = (await roundTrip('turtle', (out) => writeCatalog(out, 'turtle', INFO, inBatches([FULL], 1)))).quads;
    await expectNoViolations(alone);
    const keys = warningKeys(await recommendedWarnings(alone), alone);
    // Warned about before (issue 16), filled now.
    const FIXED = [
      'Catalog license', 'Catalog issued', 'Catalog modified',
      'Distribution description',
      'DataService contactPoint', 'DataService publisher', 'DataService theme', 'DataService keyword', 'DataService conformsTo',
      'PlatformService conformsTo', 'PlatformService publisher', 'PlatformService keyword', 'PlatformService servesDataset',
      'Agent type', 'LicenseDocument type',
    ];
    expect(keys.filter((key) => FIXED.includes(key))).toEqual([]);
    // Left, for want of data: availability (no field), coordinates of places, the platform's own
    // ADMS type, and a contact point and theme for the platform's CKAN API (docs/ARCHITECTURE.md).
    expect(keys).toEqual([
      'CatalogPublisher type', 'Distribution availability', 'Location bbox', 'Location centroid', 'PlatformService contactPoint', 'PlatformService theme',
    ]);
  });

  it('gives the catalogue its licence, release date and last change', () => {
    const catalog = `${BASE}/catalog`;
    expect(values(catalog, `${dct}license`)).toEqual(['http://publications.europa.eu/resource/authority/licence/CC0']);
    expect(objectsOf(quads, catalog, `${dct}issued`).map((o) => [o.value, (o as { datatype: { value: string } }).datatype.value])).toEqual([['2024-11-05', `${xsd}date`]]);
    expect(objectsOf(quads, catalog, `${dct}modified`).map((o) => [o.value, (o as { datatype: { value: string } }).datatype.value])).toEqual([['2025-03-01T12:00:00.000Z', `${xsd}dateTime`]]);
    const withoutSettings = catalogQuads({ ...INFO, license: null, issued: null, modified: null });
    expect(withoutSettings.filter((q) => [`${dct}license`, `${dct}issued`, `${dct}modified`].includes(q.predicate.value))).toEqual([]);
  });

  it('describes the platform\'s CKAN API as a data service of the catalogue that serves every dataset', () => {
    expect(values(`${BASE}/catalog`, `${dcat}service`)).toContain(PLATFORM_SERVICE);
    expect(values(PLATFORM_SERVICE, RDF_TYPE)).toEqual([`${dcat}DataService`]);
    expect(values(PLATFORM_SERVICE, `${dcat}endpointURL`)).toEqual([`${BASE}/api/3/action/`]);
    expect(values(PLATFORM_SERVICE, `${dcat}endpointDescription`)).toEqual([`${BASE}/api/openapi.json`]);
    expect(values(PLATFORM_SERVICE, `${dct}conformsTo`)).toEqual(['https://docs.ckan.org/en/latest/api/']);
    expect(values('https://docs.ckan.org/en/latest/api/', RDF_TYPE)).toEqual([`${dct}Standard`]);
    expect(values(PLATFORM_SERVICE, `${dct}publisher`)).toEqual([INFO.publisher.iri]);
    expect(values(PLATFORM_SERVICE, `${dcat}keyword`)).toEqual(['API', 'CKAN']);
    expect(values(PLATFORM_SERVICE, `${dcat}servesDataset`)).toEqual([...CATALOGUE, FULL].map((item) => datasetIri(Number(item.id.slice(-12)))).sort());
  });

  it('names a data service\'s contact point, publisher, themes and keywords after the dataset it serves', () => {
    const service = serviceIri(1, 102);
    expect(values(service, `${dcat}contactPoint`)).toEqual([`${datasetIri(1)}#contact`]);
    expect(values(service, `${dct}publisher`)).toEqual([`${BASE}/institutions/${PUBLISHERS[0].id}`]);
    expect(values(service, `${dcat}theme`)).toEqual(values(datasetIri(1), `${dcat}theme`));
    expect(values(service, `${dcat}theme`)).toHaveLength(2);
    expect(objectsOf(quads, service, `${dcat}keyword`).map((o) => `${o.value}@${(o as { language?: string }).language}`).sort())
      .toEqual(['bikes@en', 'cyklar@sv', 'liikenne@fi', 'mobility@en', 'pyörät@fi']);
    // A dataset without contact or publisher gives its service none.
    const bare = serviceIri(105, 1052);
    expect(values(bare, RDF_TYPE)).toEqual([`${dcat}DataService`]);
    expect(values(bare, `${dcat}contactPoint`)).toEqual([]);
    expect(values(bare, `${dct}publisher`)).toEqual([]);
  });

  it('says which standard a service implements where its format or address says so, and nothing where they do not', () => {
    expect(values(serviceIri(2, 202), `${dct}conformsTo`)).toEqual(['http://www.opengis.net/def/serviceType/ogc/wfs']);
    expect(values('http://www.opengis.net/def/serviceType/ogc/wfs', RDF_TYPE)).toEqual([`${dct}Standard`]);
    expect(values(serviceIri(1, 102), `${dct}conformsTo`)).toEqual([]);
    expect(serviceStandard('WMS', null)).toBe('http://www.opengis.net/def/serviceType/ogc/wms');
    expect(serviceStandard('JSON', 'https://ckan.example/api/3/action/datastore_search?resource_id=1')).toBe(CKAN_ACTION_API);
    expect(serviceStandard(null, 'https://portal.example/data/api/3/action')).toBe(CKAN_ACTION_API);
    for (const url of ['https://x.example/api/3/actions', 'https://x.example/api/2/action/', 'https://x.example/?u=/api/3/action/', 'not a url', null]) {
      expect(serviceStandard('JSON', url), String(url)).toBeNull();
    }
  });

  it('types each publisher after the directory in the ADMS publisher types, with its website; a public service provider gets no type', () => {
    const agent = (n: number) => `${BASE}/institutions/${uuid(n)}`;
    expect(values(agent(9003), `${dct}type`)).toEqual(['http://purl.org/adms/publishertype/LocalAuthority']);
    expect(values(agent(9004), `${dct}type`)).toEqual(['http://purl.org/adms/publishertype/NationalAuthority']);
    expect(values(agent(9004), `${foaf}homepage`)).toEqual(['https://www.stat.ee/']);
    expect(values(agent(9001), `${dct}type`)).toEqual([]);
    expect(values(agent(9001), `${foaf}homepage`)).toEqual(['https://www.hsl.fi/']);
    const local = 'http://purl.org/adms/publishertype/LocalAuthority';
    expect(values(local, RDF_TYPE)).toEqual([`${skos}Concept`]);
    expect(values(local, `${skos}inScheme`)).toEqual(['http://purl.org/adms/publishertype/1.0']);
  });

  it('types each licence of the EU list in the ADMS licence types, and a licence known only by its address not at all', () => {
    const licence = (code: string) => `http://publications.europa.eu/resource/authority/licence/${code}`;
    expect(values(licence('CC0'), `${dct}type`)).toEqual(['http://purl.org/adms/licencetype/PublicDomain']);
    expect(values(licence('CC_BY_4_0'), `${dct}type`)).toEqual(['http://purl.org/adms/licencetype/Attribution']);
    expect(values(licence('CC_BY_SA_4_0'), `${dct}type`)).toEqual(['http://purl.org/adms/licencetype/Attribution', 'http://purl.org/adms/licencetype/ViralEffect-ShareAlike']);
    expect(values(licence('ODC_ODBL'), `${dct}type`)).toEqual(['http://purl.org/adms/licencetype/Attribution', 'http://purl.org/adms/licencetype/ViralEffect-ShareAlike']);
    expect(values('https://data.example/licences/custom-1.0', `${dct}type`)).toEqual([]);
    expect(values('http://purl.org/adms/licencetype/Attribution', `${skos}inScheme`)).toEqual(['http://purl.org/adms/licencetype/1.0']);
  });
});

describe('the SHACL check', () => {
  it('finds the violations of a dataset that breaks the shapes, so that finding none means something', async () => {
    const broken = new Parser().parse(`
      @prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
      <https://x.example/d> a dcat:Dataset ; dct:publisher <https://x.example/p> ; dcat:distribution <https://x.example/d/1> .
      <https://x.example/d/1> a dcat:Distribution ; dcat:accessURL "https://x.example/file.csv" ; dcat:byteSize "12" .`);
    const violations = await validateDcat(broken);
    expect(violations.map((violation) => `${violation.path?.replace(/^.*[#/]/, '')} ${violation.constraint}`).sort()).toEqual([
      'accessURL NodeKindConstraintComponent', 'byteSize DatatypeConstraintComponent', 'description MinCountConstraintComponent',
      'publisher ClassConstraintComponent', 'title MinCountConstraintComponent',
    ]);
  });
});

describe('one dataset alone', () => {
  it.each(FORMATS)('validates alone and parses back in %s', async (format) => {
    const { quads } = await roundTrip(format, (out) => writeDataset(out, format, INFO, HANDWRITTEN[0]));
    expect(quads.some((q) => q.predicate.value === RDF_TYPE && q.object.value === `${dcat}Dataset`)).toBe(true);
    expect(quads.some((q) => q.object.value === `${dcat}Catalog`)).toBe(false);
    if (format === 'turtle') await expectNoViolations(quads);
  });

  it('validates alone for every dataset of the test catalogue', async () => {
    for (const item of CATALOGUE) {
      const { quads } = await roundTrip('ntriples', (out) => writeDataset(out, 'ntriples', INFO, item));
      await expectNoViolations(quads);
    }
  });
});

describe('a page of the catalogue', () => {
  const paging: Paging = {
    page: `${BASE}/catalog.ttl?page=2`, collection: `${BASE}/catalog.ttl`, totalItems: CATALOGUE.length, itemsPerPage: 10,
    firstPage: `${BASE}/catalog.ttl?page=1`, lastPage: `${BASE}/catalog.ttl?page=3`,
    nextPage: `${BASE}/catalog.ttl?page=3`, previousPage: `${BASE}/catalog.ttl?page=1`,
  };

  it('carries the Hydra view (links as IRIs) and the deprecated paged collection (links as literals), validates, and says the same in every syntax', async () => {
    const outputs = await Promise.all(FORMATS.map((format) => roundTrip(format, (out) => writeCatalog(out, format, INFO, inBatches(CATALOGUE.slice(10, 20), 4), paging))));
    for (const output of outputs) expect(unique(output.triples)).toEqual(unique(outputs[0].triples));
    const { quads } = outputs[0];
    const page = paging.page;
    expect(objectsOf(quads, page, RDF_TYPE).map((o) => o.value).sort()).toEqual([`${hydra}PagedCollection`, `${hydra}PartialCollectionView`]);
    for (const [link, old] of [['first', 'firstPage'], ['last', 'lastPage'], ['next', 'nextPage'], ['previous', 'previousPage']] as const) {
      const objects = objectsOf(quads, page, `${hydra}${link}`);
      expect(objects.map((o) => [o.termType, o.value]), link).toEqual([['NamedNode', paging[old]]]);
    }
    expect(objectsOf(quads, `${BASE}/catalog.ttl`, `${hydra}view`).map((o) => o.value)).toEqual([page]);
    expect(objectsOf(quads, `${BASE}/catalog.ttl`, RDF_TYPE).map((o) => o.value)).toEqual([`${hydra}Collection`]);
    expect(objectsOf(quads, page, `${hydra}totalItems`).map((o) => o.value)).toEqual([String(CATALOGUE.length)]);
    expect(objectsOf(quads, page, `${hydra}itemsPerPage`).map((o) => o.value)).toEqual(['10']);
    for (const link of ['firstPage', 'lastPage', 'nextPage', 'previousPage'] as const) {
      expect(objectsOf(quads, page, `${hydra}${link}`).map((o) => [o.termType, o.value])).toEqual([['Literal', paging[link]]]);
    }
    expect(objectsOf(quads, `${BASE}/catalog`, `${dcat}dataset`)).toHaveLength(10);
    await expectNoViolations(quads);
  });
});

describe('any text and any address', () => {
  // Every UTF-16 code unit, lone surrogates and XML-forbidden controls included.
  const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 30 }));
  const anyAddress = fc.oneof(
    anyText,
    fc.webUrl({ withQueryParameters: true, withFragments: true }),
    fc.tuple(fc.constantFrom('http://', 'https://', 'https://a.example/'), anyText).map(([scheme, rest]) => scheme + rest),
  );
  const anyLocalized = fc.record({ fi: anyText, en: anyText, ru: anyText }, { requiredKeys: ['en'] });
  const anyDataset = fc.record({
    title: anyLocalized, description: anyLocalized, keywords: fc.record({ et: fc.array(anyText, { maxLength: 3 }) }),
    landingPage: anyAddress, licenseUrl: anyAddress, sourceIdentifier: anyText, temporalStart: anyText, issued: anyText,
    contactPoint: fc.record({ name: anyText, email: anyText, url: anyAddress }),
    publisherName: anyLocalized,
    distribution: fc.record({
      title: anyLocalized, description: anyLocalized, accessUrl: anyAddress, downloadUrl: anyAddress, format: anyText, mediaType: anyText,
      serviceTitle: anyLocalized, endpointUrl: anyAddress, endpointDescription: anyAddress,
    }),
  }).map(({ publisherName, distribution: d, ...fields }) => dataset(1, {
    ...fields, ...HARVESTED, license: 'OTHER',
    publisher: { ...PUBLISHERS[0], name: publisherName },
    distributions: [distribution(2, {
      title: d.title, description: d.description, accessUrl: d.accessUrl, downloadUrl: d.downloadUrl, format: d.format, mediaType: d.mediaType,
      accessService: { title: d.serviceTitle, endpointUrl: d.endpointUrl, endpointDescription: d.endpointDescription },
    })],
  }));

  it('still gives output that every syntax parses back to the same triples, with no violations', async () => {
    await fc.assert(
      fc.asyncProperty(anyDataset, async (item) => {
        const outputs = await Promise.all(FORMATS.map((format) => roundTrip(format, (out) => writeDataset(out, format, INFO, item))));
        for (const output of outputs) expect(unique(output.triples)).toEqual(unique(outputs[0].triples));
        for (const q of outputs[0].quads.filter((q) => [`${dcat}accessURL`, `${dcat}downloadURL`, `${dcat}endpointURL`].includes(q.predicate.value))) {
          expect(q.object.value).toMatch(/^https?:\/\/[^\s<>"{}|^`\\]+$/);
        }
        await expectNoViolations(outputs[0].quads);
      }),
      { numRuns: 100 },
    );
  });
});

describe('streaming', () => {
  const DATASETS = 20_000;
  const BATCH = 100;
  /** Every this many batches the heap is measured, after a collection. */
  const MEASURE_EVERY = 20;

  /**
   * V8's collector: the heap is measured after it, so the test weighs what the writer keeps, not
   * garbage not yet collected, which on a loaded machine (the whole suite beside it) grew past
   * 200 MB before a collection.
   */
  const collectGarbage: () => void = (() => {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc');
  })();
  const liveHeap = () => {
    collectGarbage();
    return process.memoryUsage().heapUsed;
  };

  /** Generates the batches lazily, as a database cursor would, calling `sample` before each one. */
  async function* generatedBatches(sample: (batch: number) => void): AsyncGenerator<Dataset[]> {
    for (let start = 0; start < DATASETS; start += BATCH) {
      sample(start / BATCH);
      yield Array.from({ length: BATCH }, (_, i) => generatedDataset(1000 + start + i));
    }
  }

  it.each(['turtle', 'jsonld', 'rdfxml'] as RdfFormat[])('writes 20,000 datasets in %s in constant memory', async (format) => {
    let bytes = 0;
    const discard = new Writable({ write(chunk: Buffer, _encoding, done) { bytes += chunk.length; done(); } });
    const baseline = liveHeap();
    let peak = baseline;
    await writeCatalog(discard, format, INFO, generatedBatches((batch) => { if (batch % MEASURE_EVERY === MEASURE_EVERY - 1) peak = Math.max(peak, liveHeap()); }));
    expect(bytes).toBeGreaterThan(DATASETS * 1000);
    // What is kept stays under a megabyte; keeping the 20,000 datasets given would be about 28 MB.
    expect((peak - baseline) / 2 ** 20, 'peak heap growth in MB').toBeLessThan(10);
  });

  it('waits for a slow reader instead of buffering the catalogue', async () => {
    let drains = 0;
    let mostBuffered = 0;
    const slow = new Writable({ highWaterMark: 16 * 1024, write(_chunk, _encoding, done) { setImmediate(done); } });
    slow.on('drain', () => drains++);
    await writeCatalog(slow, 'ntriples', INFO, generatedBatches(() => { mostBuffered = Math.max(mostBuffered, slow.writableLength); }));
    expect(drains).toBeGreaterThan(DATASETS / BATCH);
    expect(mostBuffered).toBeLessThan(2 ** 20);
  });

  it('fails instead of waiting forever when the reader goes away', async () => {
    // The first chunk is never acknowledged, so the writer waits for 'drain'; then the reader is gone.
    const vanishing = new Writable({ highWaterMark: 1024, write() { setImmediate(() => vanishing.destroy()); } });
    await expect(writeCatalog(vanishing, 'turtle', INFO, generatedBatches(() => {}))).rejects.toThrow(/closed before/);
  });
});

/** SHA-256 of the official files as the shared conformance folder holds them (2026-11). */
const OFFICIAL_DIGESTS = {
  'shacl_dcat-ap-SHACL.ttl': '990d3e42721de6a4be8cc338a7171559f195e62dea89c0b56531356b78cc026f',
  'SOURCE.md': '585cd0b3bfe4e2153bcff82fda7c9c2b5634d3a6e485c506fee2ee0d85e143a6',
  'html_shacl_shapes.ttl': '7fe9815e0f32b10f5cbce74fa6ccd0290aae3ef9e5080fb84e2d8093eb984d1d',
  'html_shacl_range.ttl': '24d3bfd0fa17a3d0e877c9ebb91c8174124e5038538e1bf081b2cb679ad0f1b2',
  'html_shacl_shapes_recommended.ttl': '9afbf23f1f56d10d6839259684934137e20506a9aedce0249b619bbc593b9abd',
};

describe('validation as the official validator does it', () => {
  const AGENT = `${foaf}Agent`;
  const withoutAgentType = () => catalogQuads(INFO).filter((q) => !(q.predicate.value === RDF_TYPE && q.object.value === AGENT));

  it('checks the range shapes: a publisher that is not a foaf:Agent is a violation', async () => {
    await expectNoViolations(catalogQuads(INFO));
    const violations = await validateDcat(withoutAgentType());
    expect(violations.map((v) => [v.path, v.constraint])).toContainEqual([`${dct}publisher`, 'ClassConstraintComponent']);
  });

  it('infers classes with RDFS from the schema statements the data holds (a domain, which SHACL itself does not read)', async () => {
    const { namedNode, quad } = (await import('n3')).DataFactory;
    const domain = quad(namedNode(`${foaf}name`), namedNode('http://www.w3.org/2000/01/rdf-schema#domain'), namedNode(AGENT));
    await expectNoViolations([...withoutAgentType(), domain]);
  });
});

describe('the vendored shapes', () => {
  it('are the official files, and byte-identical to the shared conformance copy where there is one', () => {
    for (const [file, digest] of Object.entries(OFFICIAL_DIGESTS)) {
      const vendored = readFileSync(path.join(VENDORED_SHAPES_DIR, file));
      expect(createHash('sha256').update(vendored).digest('hex'), file).toBe(digest);
      // A clean checkout has no shared folder beside it; the digests above stand in for it there.
      const shared = path.join(SHARED_SHAPES_DIR, file);
      if (existsSync(shared)) expect(vendored.equals(readFileSync(shared)), file).toBe(true);
    }
  });
});
