import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { json } from '../../../test/fakeServer.ts';
import { jsonStat2, MAINTENANCE_PAGE, populationCube, startDocumentServer, subCube, type DocumentFakeOptions, type StatPortal } from '../test/servers.ts';
import { smallCube } from '../test/cubes.ts';
import { collect, comparable, selection, testRun } from '../test/readers.ts';
import { readSource, type StatSource } from './index.ts';

/** The JSON-stat reader against a loopback site of documents (real HTTP), and uploads. */

let site: StatPortal<DocumentFakeOptions>;
let elsewhere: StatPortal<DocumentFakeOptions>;

const population = populationCube();
const small = smallCube({ id: 'small' });
const other = smallCube({ id: 'other', years: ['2020'], figure: (cell) => 50 + cell });

/** A JSON-stat 1.x-free document: the dataset as PxWeb and Eurostat write it. */
const dataset = (cube = population, lang = 'fi') => jsonStat2(cube, { lang });

/** Size says 3 × 3 × 2 = 18 cells; value has 17. */
function mismatched() {
  const document = dataset(small, 'en');
  (document.value as unknown[]).pop();
  return document;
}

function documents(): Record<string, ReturnType<typeof json>> {
  return {
    '/population.json': json(200, dataset()),
    '/tables/collection.json': json(200, {
      version: '2.0',
      class: 'collection',
      label: 'Tables',
      link: {
        item: [
          { class: 'dataset', href: 'small.json', label: 'relative, on the site' },
          { class: 'dataset', href: `${site.url}/tables/more.json`, label: 'absolute, on the site: a collection itself' },
          { class: 'dataset', href: `${elsewhere.url}/stolen.json`, label: 'another site' },
          { ...dataset(other, 'en'), href: `${site.url}/tables/other.json` },
          { class: 'dataset', href: '/tables/broken.json' },
          { class: 'dataset', href: 'small.json#again' },
        ],
      },
    }),
    '/tables/small.json': json(200, dataset(small, 'en')),
    '/tables/more.json': json(200, { version: '2.0', class: 'collection', link: { item: [{ href: '/population.json' }, { href: 'collection.json' }] } }),
    '/tables/broken.json': json(200, mismatched()),
    '/maintenance.json': { status: 200, contentType: 'text/html; charset=utf-8', body: MAINTENANCE_PAGE },
  };
}

beforeAll(async () => {
  site = await startDocumentServer();
  elsewhere = await startDocumentServer({ documents: { '/stolen.json': json(200, dataset()) } });
});
afterAll(async () => {
  await site.close();
  await elsewhere.close();
});
beforeEach(() => {
  site.set({ documents: documents(), truncate: undefined, rawBody: undefined, failPaths: undefined });
  site.requests.length = 0;
  elsewhere.requests.length = 0;
});

function source(changes: Partial<StatSource>): StatSource {
  return { kind: 'jsonstat', url: null, tableRef: '', query: {}, language: 'en', ...changes };
}

/**
 * The figures, codes and label texts: what a JSON-stat document must carry over cell for cell.
 * (A document has one language, and the source's setting names it: the key of its labels.)
 */
function figures(cube: Parameters<typeof comparable>[0]) {
  const { values, statuses, dimensions } = comparable(cube);
  const text = (label: Record<string, string>) => Object.values(label).join('|');
  return { values, statuses, dimensions: dimensions.map(({ code, role, values: codes }) => ({ code, role, values: codes.map(({ code: value, label }) => [value, text(label)]) })) };
}

describe('JSON-stat reader', () => {
  it('reads a dataset at an address into the table it holds', async () => {
    const run = testRun();
    const { tables, errors } = await collect(readSource(source({ url: `${site.url}/population.json`, language: 'fi' }), run.context));
    expect(errors).toEqual([]);
    expect(tables).toHaveLength(1);
    expect(comparable(tables[0].cube)).toEqual(comparable(subCube(population, selection({ Alue: population.dimensions[0].values.map((value) => value.code), Tiedot: ['vaesto', 'vm01'], Vuosi: ['2019', '2020', '2021', '2022', '2023', '2024'] }))));
    expect(tables[0].requests).toEqual([{ method: 'GET', url: `${site.url}/population.json` }]);
    expect(run.progress.at(-1)).toEqual([1, 1]);
  });

  it('follows a collection’s links on its own site only, reads the embedded dataset, and names what it could not read', async () => {
    const { tables, errors } = await collect(readSource(source({ url: `${site.url}/tables/collection.json` }), testRun().context));
    const read = new Map(tables.map((table) => [table.requests[0].url, table.cube]));
    expect([...read.keys()].sort()).toEqual([`${site.url}/population.json`, `${site.url}/tables/collection.json`, `${site.url}/tables/small.json`]);
    expect(figures(read.get(`${site.url}/tables/small.json`)!)).toEqual(figures(small));
    expect(figures(read.get(`${site.url}/tables/collection.json`)!)).toEqual(figures(other));
    expect(figures(read.get(`${site.url}/population.json`)!)).toEqual(figures(population));
    expect(errors).toEqual([
      { problem: { code: 'jsonstat-link-elsewhere', params: { address: `${elsewhere.url}/stolen.json` } }, identifier: `${elsewhere.url}/stolen.json` },
      { problem: { code: 'jsonstat-size-mismatch', params: { expected: 18, found: 17 } }, identifier: `${site.url}/tables/broken.json` },
    ]);
    expect(elsewhere.requests).toEqual([]);
    // Each document once, though linked twice (small.json, and collection.json from more.json).
    expect(site.requests.sort()).toEqual(['/population.json', '/tables/broken.json', '/tables/collection.json', '/tables/more.json', '/tables/small.json']);
  });

  it('names a dataset whose sizes and values disagree', async () => {
    const { tables, errors } = await collect(readSource(source({ url: `${site.url}/tables/broken.json` }), testRun().context));
    expect(tables).toEqual([]);
    expect(errors).toEqual([{ problem: { code: 'jsonstat-size-mismatch', params: { expected: 18, found: 17 } }, identifier: `${site.url}/tables/broken.json` }]);
  });

  it('asks again after a maintenance page or a body cut short, and names a page that stays, or a missing document', async () => {
    site.set({ truncate: (path, hit) => path === '/population.json' && hit === 1 });
    const run = testRun();
    expect((await collect(readSource(source({ url: `${site.url}/population.json` }), run.context))).tables).toHaveLength(1);
    expect(run.clock.waits).toEqual([{ by: 'pacer', ms: 1000 }]);

    const page = await collect(readSource(source({ url: `${site.url}/maintenance.json` }), testRun().context));
    expect(page.errors).toEqual([{ problem: { code: 'pxweb-html-answer', params: { address: `${site.url}/maintenance.json` } }, identifier: `${site.url}/maintenance.json` }]);
    expect(site.requests.filter((path) => path === '/maintenance.json')).toHaveLength(3);

    const missing = await collect(readSource(source({ url: `${site.url}/nothing.json` }), testRun().context));
    expect(missing.errors).toEqual([
      { problem: { code: 'source-unreadable', params: { address: `${site.url}/nothing.json`, reason: { code: 'http-status-said', params: { status: 404, detail: 'Not Found' } } } }, identifier: `${site.url}/nothing.json` },
    ]);
  });

  it('reads an upload from its bytes, a byte order mark allowed, following no link', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(dataset(small, 'en')))]);
    const { tables, errors } = await collect(readSource(source({ fileBytes: bytes, fileName: 'small.json' }), testRun().context));
    expect(errors).toEqual([]);
    expect(figures(tables[0].cube)).toEqual(figures(small));
    expect(tables[0].requests).toEqual([{ method: 'FILE', url: 'small.json' }]);

    const collection = { class: 'collection', version: '2.0', link: { item: [{ href: `${site.url}/population.json` }, dataset(other, 'en')] } };
    const uploaded = await collect(readSource(source({ fileBytes: Buffer.from(JSON.stringify(collection)), fileName: 'c.json' }), testRun().context));
    expect(uploaded.tables.map((table) => figures(table.cube))).toEqual([figures(other)]);
    expect(uploaded.errors).toEqual([{ problem: { code: 'jsonstat-link-elsewhere', params: { address: `${site.url}/population.json` } }, identifier: `${site.url}/population.json` }]);
    expect(site.requests).toEqual([]);
  });

  it('names an upload that is not JSON, or holds a size mismatch', async () => {
    for (const [bytes, code] of [
      [Buffer.from('{"class": "dataset", "id": ['), 'jsonstat-invalid'],
      [Buffer.from([0x7b, 0xff, 0x7d]), 'jsonstat-invalid'],
      [Buffer.from(JSON.stringify(mismatched())), 'jsonstat-size-mismatch'],
    ] as const) {
      const { tables, errors } = await collect(readSource(source({ fileBytes: bytes, fileName: 'upload.json' }), testRun().context));
      expect(tables).toEqual([]);
      expect(errors).toEqual([{ problem: expect.objectContaining({ code }), identifier: 'upload.json' }]);
    }
  });
});
