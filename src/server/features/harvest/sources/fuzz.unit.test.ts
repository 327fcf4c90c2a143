import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARVEST_ERROR_CODES, HARVEST_REASON_CODES, type HarvestProblem } from '../../../../shared/problems.ts';
import { SourceUnreadable, type SourceItem } from '../harvest.types.ts';
import {
  ckanPackage, dcatCatalogPage, dcatDataset, estoniaDataset, HOSTILE, RDF_CONTENT_TYPES, runReader, startCkanPortal, startDcatPortal,
  startEstoniaPortal, testHttpClient, type CkanPortalOptions, type DcatDataset, type DcatPortalOptions, type EstoniaPortalOptions,
  type Portal, type RawAnswer, type ReaderRun, type RdfFormat,
} from '../test/portals.ts';
import { readCkan } from './ckan.ts';
import { readDcat } from './dcat.ts';
import { readEstonia } from './estonia.ts';
import { identifier, text } from './fields.ts';
import { checkHarvested } from './validate.ts';

/**
 * Property-based tests: whatever a portal serves (broken, truncated, huge, hostile, random),
 * a reader never throws anything but SourceUnreadable, every record it yields is valid, every
 * bad record is an error naming its identifier when it has one, and the good records beside
 * the bad ones still arrive.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
/** Quick retries: a broken body is retried once, so each run stays a few milliseconds. */
const http = () => testHttpClient({ retries: 1, backoffMs: 1, timeoutMs: 2_000 });

// ---- arbitrary values ----

const rawUtf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 40 });
const hostileText = fc.constantFrom<string>(...Object.values(HOSTILE), '', '   ', '\u0000', '\t\n', 'Helsinki', 'Kogu Eesti', 'cc-by-4.0', '-1', '1e400');
const fuzzText = fc.oneof(hostileText, rawUtf16, fc.string({ unit: 'grapheme', maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }));
const oddValues = fc.constantFrom<unknown>(
  null, true, 0, -1, 1e308, 2 ** 53 + 1, 'https://ok.example/x', 'mailto:x@y.fi', 'javascript:alert(1)', '2024-02-30', '2024-01-01T25:00:00',
  '9999-12-31T23:59:59Z', '0999-01-01', '+010000-01-01T00:00:00Z', 'a@b', [], {},
);
/** Nesting deep enough to hurt a recursive walker, shallow enough for the portal to serialise. */
const nested = fc.integer({ min: 10, max: 800 }).map((depth) => {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level++) value = level % 2 ? [value] : { a: value };
  return value;
});
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 3, arbitrary: fuzzText },
  { weight: 2, arbitrary: oddValues },
  { weight: 1, arbitrary: fc.array(fc.oneof(fuzzText, oddValues), { maxLength: 6 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('fi', 'en', 'sv', 'et', 'ru', 'xx', 'name', 'url', '__proto__'), fc.oneof(fuzzText, oddValues), { maxKeys: 5 }) },
  { weight: 1, arbitrary: nested },
);

// ---- broken records: a good record with some fields replaced or removed ----

type Path = readonly (string | number)[];
interface Mutation {
  path: Path;
  value: unknown;
  remove: boolean;
}

const mutation = (paths: readonly Path[]) => fc.record({ path: fc.constantFrom(...paths), value: anyJson, remove: fc.boolean() });

function mutate(record: Record<string, unknown>, mutations: readonly Mutation[]): Record<string, unknown> {
  const copy = structuredClone(record);
  for (const { path, value, remove } of mutations) {
    let parent: unknown = copy;
    for (const key of path.slice(0, -1)) parent = typeof parent === 'object' && parent !== null ? (parent as Record<string | number, unknown>)[key] : undefined;
    if (typeof parent !== 'object' || parent === null) continue;
    const target = parent as Record<string | number, unknown>;
    if (remove) delete target[path.at(-1)!];
    else target[path.at(-1)!] = value;
  }
  return copy;
}

/** Identifiers as portals break them; each variant stays unique per record. */
const ID_VARIANTS = ['keep', 'missing', 'null', 'number', 'padded', 'object', 'blank', 'tooLong', 'hostile'] as const;
function withId(record: Record<string, unknown>, variant: (typeof ID_VARIANTS)[number], k: number): Record<string, unknown> {
  const ids: Record<typeof variant, unknown> = {
    keep: record.id, missing: undefined, null: null, number: 700_000 + k, padded: `  \u0000id-${k}\t `, object: { id: k }, blank: '   ',
    tooLong: `${'x'.repeat(600)}${k}`, hostile: `${HOSTILE.script}-${k}`,
  };
  const copy = { ...record, id: ids[variant] };
  if (variant === 'missing') delete copy.id;
  return copy;
}

type Slot = { kind: 'good' } | { kind: 'mutated'; mutations: Mutation[]; id: (typeof ID_VARIANTS)[number] } | { kind: 'replaced'; value: unknown };

const slots = (paths: readonly Path[]) =>
  fc.array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constant<Slot>({ kind: 'good' }) },
      { weight: 4, arbitrary: fc.record({ kind: fc.constant('mutated' as const), mutations: fc.array(mutation(paths), { minLength: 1, maxLength: 6 }), id: fc.constantFrom(...ID_VARIANTS) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('replaced' as const), value: anyJson }) },
    ),
    { minLength: 1, maxLength: 12 },
  );

interface Served {
  kind: Slot['kind'];
  raw: unknown;
  /** The identifier the reader should name the record by, if it has a usable one. */
  id: string | undefined;
}

function serve(slotList: readonly Slot[], build: (k: number) => Record<string, unknown>): Served[] {
  return slotList.map((slot, k) => {
    const raw = slot.kind === 'good' ? build(k) : slot.kind === 'replaced' ? slot.value : withId(mutate(build(k), slot.mutations), slot.id, k);
    const object = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
    return { kind: slot.kind, raw, id: object ? identifier(object.id) : undefined };
  });
}

function itemId(item: SourceItem): string | null {
  return item.type === 'record' ? item.record.sourceIdentifier : item.sourceIdentifier;
}

/**
 * An error's problem is a registered code with exactly its parameters, each a text or a finite
 * number, and its `reason` a registered reason likewise: what the run page words.
 */
function expectRegistered(problem: HarvestProblem) {
  const names = HARVEST_ERROR_CODES[problem.code] as readonly string[] | undefined;
  expect(names, problem.code).toBeDefined();
  expect(Object.keys(problem.params).sort(), problem.code).toEqual([...names!].sort());
  for (const [name, value] of Object.entries(problem.params)) {
    if (name !== 'reason') {
      expect(typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)), `${problem.code}.${name}`).toBe(true);
      continue;
    }
    const reason = value as { code: keyof typeof HARVEST_REASON_CODES; params: Record<string, unknown> };
    const reasonNames = HARVEST_REASON_CODES[reason.code] as readonly string[] | undefined;
    expect(reasonNames, reason.code).toBeDefined();
    expect(Object.keys(reason.params).sort(), reason.code).toEqual([...reasonNames!].sort());
    for (const param of Object.values(reason.params)) expect(typeof param === 'string' || (typeof param === 'number' && Number.isFinite(param))).toBe(true);
  }
}

function expectRegisteredErrors(run: ReaderRun) {
  for (const item of run.items) if (item.type === 'error') expectRegistered(item.problem);
  if (run.thrown instanceof SourceUnreadable) expectRegistered(run.thrown.problem);
}

/** The properties every reader keeps, whatever the records were. */
function expectSafeRun(run: ReaderRun, served: readonly Served[], skipped: (raw: unknown) => boolean = () => false) {
  expect(run.thrown).toBeUndefined();
  for (const record of run.records) expect(checkHarvested(record)).toEqual([]);
  expectRegisteredErrors(run);

  const byId = new Map<string, SourceItem[]>();
  for (const item of run.items) {
    const id = itemId(item);
    if (id !== null) byId.set(id, [...(byId.get(id) ?? []), item]);
  }
  const servedIds = new Set(served.map((s) => s.id));
  for (const [id, items] of byId) {
    expect(servedIds.has(id)).toBe(true);
    expect(items).toHaveLength(1);
  }
  for (const record of served) {
    if (record.kind === 'good') expect(byId.get(record.id!)?.[0].type).toBe('record');
    else if (record.id !== undefined && !skipped(record.raw)) expect(byId.get(record.id)).toHaveLength(1);
  }
  const anonymous = run.errors.filter((error) => error.sourceIdentifier === null);
  expect(anonymous).toHaveLength(served.filter((s) => s.id === undefined && !skipped(s.raw)).length);
  expect(run.complete).toBe(true);
}

/** Bodies a portal may answer instead of its page. */
function brokenBodies(goodPage: () => string): fc.Arbitrary<RawAnswer> {
  const contentType = fc.constantFrom('application/json', 'text/html', 'text/plain', 'application/ld+json', 'text/turtle', 'application/rdf+xml', '');
  const body = fc.oneof(
    fc.uint8Array({ maxLength: 2_000 }),
    fuzzText,
    fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
    anyJson.map((value) => JSON.stringify({ success: true, result: value, data: value, metadata: value })),
    fc.tuple(anyJson, anyJson).map(([count, results]) => JSON.stringify({ success: true, result: { count, results }, data: results, metadata: { total: count } })),
    fc.double({ min: 0, max: 1, noNaN: true }).map((share) => goodPage().slice(0, Math.floor(goodPage().length * share))),
    fc.integer({ min: 1, max: 100_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
    fc.constant('{"@context": "http://127.0.0.1:9/context.jsonld", "@id": "https://x.example/d"}'),
  );
  return fc.record({ status: fc.constantFrom(200, 200, 200, 500, 429, 403), contentType, body });
}

function expectOnlySourceUnreadable(run: ReaderRun) {
  if (run.thrown !== undefined) expect(run.thrown).toBeInstanceOf(SourceUnreadable);
  for (const record of run.records) expect(checkHarvested(record)).toEqual([]);
  expectRegisteredErrors(run);
}

// ---- CKAN ----

describe('fuzz: readCkan', () => {
  let portal: Portal<CkanPortalOptions>;
  beforeAll(async () => {
    portal = await startCkanPortal();
  });
  afterAll(() => portal.close());

  const template = ckanPackage(0);
  const paths: Path[] = [
    ...Object.keys(template).filter((key) => key !== 'id' && key !== 'name').map((key) => [key]),
    ['title_translated', 'fi'], ['title_translated', 'en'], ['notes_translated', 'fi'], ['organization', 'name'], ['organization', 'title_translated'],
    ['keywords', 'fi'], ['keywords', 'en'], ['tags', 0], ['groups', 0], ['groups', 0, 'title'], ['resources', 0], ['resources', 0, 'url'],
    ['resources', 0, 'format'], ['resources', 0, 'size'], ['resources', 0, 'mimetype'], ['resources', 1, 'url_type'], ['update_frequency', 'en'],
    ['geographical_coverage', 0],
  ];
  const isSkipped = (raw: unknown) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
    const dict = raw as Record<string, unknown>;
    return dict.private === true || (dict.state !== undefined && dict.state !== 'active') || (typeof dict.type === 'string' && ['showcase', 'harvest'].includes(dict.type));
  };

  it('yields only valid records and names every broken one, over several pages', async () => {
    await fc.assert(
      fc.asyncProperty(slots(paths), async (slotList) => {
        const served = serve(slotList, (k) => ckanPackage(k));
        portal.set({ records: served.map((s) => s.raw), maxRows: 5 });
        expectSafeRun(await runReader(readCkan, portal.url, { http: http() }), served, isSkipped);
      }),
      { numRuns: RUNS },
    );
  });

  it('throws nothing but SourceUnreadable whatever the first page is', async () => {
    const goodPage = () => JSON.stringify({ success: true, result: { count: 3, results: [0, 1, 2].map((i) => ckanPackage(i)) } });
    await fc.assert(
      fc.asyncProperty(brokenBodies(goodPage), async (answer) => {
        portal.set({ records: undefined, count: 3, maxRows: undefined, rawBody: (path) => (path.includes('package_search') ? answer : undefined) });
        expectOnlySourceUnreadable(await runReader(readCkan, portal.url, { http: http() }));
      }),
      { numRuns: RUNS },
    );
    portal.set({ rawBody: undefined });
  });

  it('keeps the pages around a broken one', async () => {
    const middle = (path: string) => path.includes('start=5&');
    const goodPage = () => JSON.stringify({ success: true, result: { count: 15, results: [5, 6, 7, 8, 9].map((i) => ckanPackage(i)) } });
    await fc.assert(
      fc.asyncProperty(brokenBodies(goodPage), async (answer) => {
        portal.set({ records: undefined, count: 15, maxRows: 5, rawBody: (path) => (middle(path) ? answer : undefined) });
        const run = await runReader(readCkan, portal.url, { http: http() });
        expect(run.thrown).toBeUndefined();
        for (const record of run.records) expect(checkHarvested(record)).toEqual([]);
        const ids = new Set(run.records.map((r) => r.sourceIdentifier));
        for (let i = 0; i < 5; i++) expect(ids.has(ckanPackage(i).id as string)).toBe(true);
        if (run.errors.some((e) => e.message.startsWith('Page 2 '))) expect(run.complete).toBe(false);
        expectRegisteredErrors(run);
        // The broken page is named by its number, the second (start=5).
        for (const item of run.items) if (item.type === 'error' && item.problem.code === 'page-unreadable') expect(item.problem.params.page).toBe(2);
      }),
      { numRuns: RUNS },
    );
    portal.set({ rawBody: undefined, maxRows: undefined });
  });
});

// ---- the Estonian portal ----

describe('fuzz: readEstonia', () => {
  let portal: Portal<EstoniaPortalOptions>;
  beforeAll(async () => {
    portal = await startEstoniaPortal();
  });
  afterAll(() => portal.close());

  const template = estoniaDataset(0, {}, 'files');
  const paths: Path[] = [
    ...Object.keys(template).filter((key) => key !== 'id').map((key) => [key]),
    ['organization', 'regCode'], ['organization', 'name'], ['keywords', 0], ['keywords', 0, 'language'], ['categories', 0], ['regions', 0, 'name'],
    ['licence', 'name'], ['files', 0], ['files', 0, 'id'], ['files', 0, 'size'], ['files', 0, 'mimetype'], ['distributions'],
    ['distributions', 0, 'accessUrls'], ['distributions', 0, 'license'],
  ];

  it('yields only valid records and names every broken one, details and list entries alike', async () => {
    await fc.assert(
      fc.asyncProperty(slots(paths), fc.constantFrom<'files' | 'distributions'>('files', 'distributions'), async (slotList, shape) => {
        const served = serve(slotList, (k) => estoniaDataset(k, {}, shape));
        portal.set({ records: served.map((s) => s.raw), maxLimit: 5 });
        expectSafeRun(await runReader(readEstonia, portal.url, { http: http() }), served);
      }),
      { numRuns: RUNS },
    );
  });

  it('names a dataset whose details are broken and keeps the rest', async () => {
    const goodDetail = () => JSON.stringify({ data: estoniaDataset(1) });
    await fc.assert(
      fc.asyncProperty(brokenBodies(goodDetail), async (answer) => {
        const broken = estoniaDataset(1).id as string;
        portal.set({ records: undefined, count: 4, maxLimit: undefined, rawBody: (path) => (path === `/api/datasets/${broken}` ? answer : undefined) });
        const run = await runReader(readEstonia, portal.url, { http: http() });
        expect(run.thrown).toBeUndefined();
        for (const record of run.records) expect(checkHarvested(record)).toEqual([]);
        expect(run.items.map(itemId)).toEqual([0, 1, 2, 3].map((i) => estoniaDataset(i).id));
        expect(run.complete).toBe(true);
        expectRegisteredErrors(run);
      }),
      { numRuns: RUNS },
    );
    portal.set({ rawBody: undefined });
  });

  it('throws nothing but SourceUnreadable whatever the list is', async () => {
    const goodPage = () => JSON.stringify({ data: [0, 1].map((i) => estoniaDataset(i)), metadata: { total: 2, page: 1, limit: 100 } });
    await fc.assert(
      fc.asyncProperty(brokenBodies(goodPage), async (answer) => {
        portal.set({ records: undefined, count: 2, rawBody: (path) => (path.startsWith('/api/datasets?') ? answer : undefined) });
        expectOnlySourceUnreadable(await runReader(readEstonia, portal.url, { http: http() }));
      }),
      { numRuns: RUNS },
    );
    portal.set({ rawBody: undefined });
  });
});

// ---- DCAT ----

const EU = 'http://publications.europa.eu/resource/authority';
/** Literal text that the test portal will not mistake for an address. */
const literal = fuzzText.map((value) => (/^(https?|mailto):/.test(value) ? `x${value}` : value));
const langTag = fc.constantFrom('', 'fi', 'en', 'sv', 'et', 'ru', 'de', 'fi-FI', 'EN', 'x-private');
const taggedText = fc.dictionary(langTag, literal, { maxKeys: 4 });
const address = fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.constantFrom('https://example.com/a b', 'http://[::1]/x'));
const addressOrText = fc.oneof(address.filter((url) => !/\s/.test(url) && !url.includes('[')), literal);
const euIri = (list: string, codes: string[]) => fc.constantFrom(...codes.map((code) => `${EU}/${list}/${code}`));

const dcatSpec: fc.Arbitrary<Partial<DcatDataset> & { named: boolean }> = fc.record(
  {
    named: fc.boolean(),
    identifier: fc.option(literal, { nil: undefined }),
    title: fc.option(taggedText, { nil: undefined }),
    description: fc.option(taggedText, { nil: undefined }),
    keywords: fc.dictionary(langTag, fc.array(literal, { maxLength: 5 }), { maxKeys: 3 }),
    themes: fc.array(fc.oneof(euIri('data-theme', ['TRAN', 'ENVI', 'NOPE', 'tran']), fc.webUrl()), { maxLength: 3 }),
    spatial: fc.array(fc.oneof(euIri('place', ['FIN_HEL', 'EST_TLL', 'NOT_A_PLACE']), euIri('country', ['FIN', 'EST', 'SWE']), fc.webUrl(), literal), { maxLength: 3 }),
    temporal: fc.record({ start: fc.option(fc.oneof(literal, fc.constantFrom('2020', '2020-02-30', '2019-12')), { nil: undefined }), end: fc.option(literal, { nil: undefined }) }),
    languages: fc.array(fc.oneof(euIri('language', ['FIN', 'EST', 'DEU']), literal), { maxLength: 2 }),
    license: fc.option(fc.oneof(addressOrText, euIri('licence', ['CC_BY_4_0', 'CC0', 'WTFPL'])), { nil: undefined }),
    accessRights: fc.option(fc.oneof(euIri('access-right', ['PUBLIC', 'NON_PUBLIC', 'SECRET']), literal), { nil: undefined }),
    frequency: fc.option(fc.oneof(euIri('frequency', ['DAILY', 'ANNUAL_2', 'OP_DATPRO']), addressOrText), { nil: undefined }),
    landingPage: fc.option(addressOrText, { nil: undefined }),
    issued: fc.option(fc.oneof(literal, fc.date({ noInvalidDate: true }).map((d) => d.toISOString())), { nil: undefined }),
    modified: fc.option(literal, { nil: undefined }),
    publisher: fc.option(fc.record({ iri: fc.webUrl(), name: taggedText, homepage: fc.option(fc.webUrl(), { nil: undefined }) }), { nil: undefined }),
    contact: fc.option(fc.record({ fn: fc.option(literal, { nil: undefined }), email: fc.option(fc.oneof(literal, fc.emailAddress().filter((e) => !/[<>"{}|^`\\]/.test(e)).map((e) => `mailto:${e}`)), { nil: undefined }), url: fc.option(addressOrText, { nil: undefined }) }), { nil: undefined }),
    distributions: fc.array(
      fc.record({
        accessURL: fc.option(addressOrText, { nil: undefined }),
        downloadURL: fc.option(addressOrText, { nil: undefined }),
        format: fc.option(fc.oneof(euIri('file-type', ['CSV', 'JSON', 'WMS_SRVC']), literal), { nil: undefined }),
        mediaType: fc.option(fc.oneof(literal, fc.constantFrom('http://www.iana.org/assignments/media-types/text/csv')), { nil: undefined }),
        byteSize: fc.option(fc.oneof(fc.integer(), literal), { nil: undefined }),
        title: fc.option(taggedText, { nil: undefined }),
        license: fc.option(addressOrText, { nil: undefined }),
        service: fc.option(fc.record({ title: fc.option(taggedText, { nil: undefined }), endpointURL: fc.webUrl() }), { nil: undefined }),
      }),
      { maxLength: 4 },
    ),
  },
  { requiredKeys: ['named'] },
);

/** The dataset the test builds from a spec: unique IRI or identifier, the spec's fields over a good dataset's. */
function dcatFromSpec(spec: Partial<DcatDataset> & { named: boolean }, k: number): DcatDataset {
  const { named, ...fields } = spec;
  const base = dcatDataset(k);
  return { ...base, ...fields, iri: named ? `https://fuzz.example/dataset/${k}` : null, identifier: fields.identifier === undefined ? undefined : `${fields.identifier}-${k}` };
}

describe('fuzz: readDcat', () => {
  let portal: Portal<DcatPortalOptions>;
  beforeAll(async () => {
    portal = await startDcatPortal();
  });
  afterAll(() => portal.close());

  const dcatSlots = fc.array(fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 2, arbitrary: dcatSpec }), { minLength: 1, maxLength: 6 });

  it('yields only valid records and names every broken one, in every syntax', async () => {
    await fc.assert(
      fc.asyncProperty(dcatSlots, fc.constantFrom<RdfFormat>('turtle', 'rdfxml', 'jsonld'), async (specs, format) => {
        const datasets = specs.map((spec, k) => (spec ? dcatFromSpec(spec, k) : dcatDataset(k)));
        portal.set({ datasets, format, pageSize: 4 });
        const run = await runReader(readDcat, portal.url, { http: http() });
        const served: Served[] = datasets.map((dataset, k) => ({
          kind: specs[k] ? 'mutated' : 'good',
          raw: dataset,
          id: dataset.iri ?? identifier(dataset.identifier),
        }));
        expectSafeRun(run, served);
        for (const dataset of datasets) {
          const id = dataset.iri ?? identifier(dataset.identifier);
          const titled = Object.values(dataset.title ?? {}).some((value) => text(value, 500) !== undefined);
          if (id) expect(run.items.find((item) => itemId(item) === id)?.type).toBe(titled ? 'record' : 'error');
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('throws nothing but SourceUnreadable whatever the catalogue is, and never fetches elsewhere', async () => {
    const pages = await Promise.all((['turtle', 'rdfxml', 'jsonld'] as const).map((format) => dcatCatalogPage(dcatDataset, 3, 1, { format, pageSize: 10, baseUrl: portal.url })));
    await fc.assert(
      fc.asyncProperty(fc.nat(2).chain((index) => brokenBodies(() => pages[index].body)), async (answer) => {
        portal.set({ datasets: undefined, count: 3, pageSize: 10, format: 'turtle', rawBody: (path) => (path.startsWith('/catalog') ? answer : undefined) });
        portal.requests.length = 0;
        expectOnlySourceUnreadable(await runReader(readDcat, portal.url, { http: http() }));
        expect(portal.requests.every((path) => path.startsWith('/catalog'))).toBe(true);
      }),
      { numRuns: RUNS },
    );
    portal.set({ rawBody: undefined });
  });

  it('keeps what it read before a page that breaks, and says the listing is incomplete', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<RdfFormat>('turtle', 'rdfxml', 'jsonld'), fc.double({ min: 0, max: 0.95, noNaN: true }), async (format, share) => {
        const second = await dcatCatalogPage(dcatDataset, 12, 2, { format, pageSize: 5, baseUrl: portal.url });
        const cut = second.body.slice(0, Math.floor(second.body.length * share));
        portal.set({ datasets: undefined, count: 12, pageSize: 5, format, rawBody: (path) => (path === '/catalog?page=2' ? { body: cut, contentType: RDF_CONTENT_TYPES[format] } : undefined) });
        const run = await runReader(readDcat, portal.url, { http: http() });
        expect(run.thrown).toBeUndefined();
        const ids = new Set(run.records.map((r) => r.sourceIdentifier));
        for (let i = 0; i < 5; i++) expect(ids.has(dcatDataset(i).iri!)).toBe(true);
        expect(run.complete).toBe(false);
        expectRegisteredErrors(run);
      }),
      { numRuns: 60 },
    );
    portal.set({ rawBody: undefined });
  });
});
