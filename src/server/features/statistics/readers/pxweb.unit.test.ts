import { describe, expect, it } from 'vitest';
import { MAINTENANCE_PAGE, populationCube, fakeServerForTests, startPxwebServer, subCube, type PxwebFakeOptions } from '../test/servers.ts';
import { collect, comparable, readOneTable, selection, testRun, virtualClock } from '../test/readers.ts';
import { readSource, type StatSource } from './index.ts';

/**
 * The PxWeb v1 reader against the loopback PxWeb (real HTTP): every import must give back the
 * fake's table cell for cell, however the server splits, refuses, rate-limits or fails on the way.
 */

const cube = populationCube();
const years = ['2019', '2020', '2021', '2022', '2023', '2024'];
const contents = ['vaesto', 'vm01'];
const table = () => server().tableUrl('11ra.px');
const tablePath = () => new URL(table()).pathname;
/** The n-th POST to the table (the GET of its metadata is hit 1 of the same path). */
const post = (n: number) => (path: string, hit: number) => path === tablePath() && hit === n + 1;
const fromPost = (n: number) => (path: string, hit: number) => path === tablePath() && hit >= n + 1;
/** POSTs that reached the table, answered or refused (`server().posts` holds the answered ones with their bodies). */
const postsSent = () => server().requests.filter((path) => path === tablePath()).length - 1;

const RESET: Partial<PxwebFakeOptions> = {
  maxValues: 100_000, maxCells: 100_000, maxCalls: 1000, timeWindow: 10, retryAfterSeconds: 10,
  failPaths: undefined, garbage: undefined, truncate: undefined, rawBody: undefined, now: undefined,
};

const server = fakeServerForTests(startPxwebServer, RESET);

function source(query: Record<string, unknown> = {}, changes: Partial<StatSource> = {}): StatSource {
  return { kind: 'pxweb', url: table(), tableRef: '', query, language: 'fi', ...changes };
}

const FOUR_AREAS = { Alue: ['MK01', 'KU091', 'KU049', 'KU092'] };
const fourAreas = () => comparable(subCube(cube, selection({ ...FOUR_AREAS, Tiedot: contents, Vuosi: years })));

const readOne = (query: Record<string, unknown>, run = testRun()) => readOneTable(source(query), run);

describe('PxWeb v1 reader', () => {
  it('reads a selection: config, metadata, one POST, the cube equal to the server’s cell for cell', async () => {
    const run = testRun();
    const read = await readOne({ Alue: ['KU049', 'KU091'], Vuosi: { top: 3 } }, run);
    expect(comparable(read.cube)).toEqual(comparable(subCube(cube, selection({ Alue: ['KU091', 'KU049'], Tiedot: contents, Vuosi: ['2022', '2023', '2024'] }))));
    expect(read.cube.id).toBe('11ra.px');
    expect(read.cube.dimensions.map((dimension) => [dimension.code, dimension.role])).toEqual([['Alue', 'geo'], ['Tiedot', 'metric'], ['Vuosi', 'time']]);
    expect(read.cube.dimensions[1].values[0].unit).toEqual({ label: { fi: 'henkilöä' }, decimals: 0 });
    const body = {
      query: [
        { code: 'Alue', selection: { filter: 'item', values: ['KU091', 'KU049'] } },
        { code: 'Tiedot', selection: { filter: 'all', values: ['*'] } },
        { code: 'Vuosi', selection: { filter: 'item', values: ['2022', '2023', '2024'] } },
      ],
      response: { format: 'json-stat2' },
    };
    expect(read.requests).toEqual([{ method: 'POST', url: table(), body }]);
    expect(server().requests).toEqual([`${tablePath()}?config`, tablePath(), tablePath()]);
    expect(server().posts.map((posted) => posted.body)).toEqual([body]);
    expect(run.progress).toEqual([[0, 1], [1, 1]]);
  });

  it('leaves out a variable the query does not name when it may be eliminated, and takes the others whole', async () => {
    const read = await readOne({});
    expect(comparable(read.cube)).toEqual(comparable(subCube(cube, selection({ Tiedot: contents, Vuosi: years }))));
    expect(read.cube.dimensions.map((dimension) => dimension.code)).toEqual(['Tiedot', 'Vuosi']);
  });

  it('takes PxWeb’s own query body as copied from its web page, and asks in json-stat2 whatever it says', async () => {
    const native = { query: [{ code: 'Alue', selection: { filter: 'all', values: ['KU*'] } }, { code: 'Vuosi', selection: { filter: 'top', values: ['2'] } }], response: { format: 'px' } };
    const read = await readOne(native);
    expect(comparable(read.cube)).toEqual(comparable(subCube(cube, selection({ Alue: ['KU091', 'KU049', 'KU092', 'KU235'], Tiedot: contents, Vuosi: ['2023', '2024'] }))));
    expect(server().posts[0].body).toMatchObject({ response: { format: 'json-stat2' } });
  });

  it('finds a table by its id under the database address', async () => {
    const { tables, errors } = await collect(readSource(source({ Alue: ['SSS'] }, { url: `${server().url}/fi/StatFin/`, tableRef: '11ra.px' }), testRun().context));
    expect(errors).toEqual([]);
    expect(tables[0].cube.id).toBe('11ra.px');
    expect(comparable(tables[0].cube)).toEqual(comparable(subCube(cube, selection({ Alue: ['SSS'], Tiedot: contents, Vuosi: years }))));
    expect(server().requests[1]).toBe('/PxWeb/api/v1/fi/StatFin/11ra.px');
  });

  it('splits a selection over the server’s maxCells into batches that add up to the table', async () => {
    server().set({ maxCells: 20 });
    const run = testRun();
    const read = await readOne(FOUR_AREAS, run);
    expect(comparable(read.cube)).toEqual(fourAreas());
    expect(read.requests.length).toBeGreaterThan(2);
    expect(server().posts).toHaveLength(read.requests.length);
    for (const posted of server().posts) {
      const parts = (posted.body as { query: { selection: { values: string[] } }[] }).query;
      const cells = parts.reduce((product, part) => product * (part.selection.values[0] === '*' ? 2 : part.selection.values.length), 1);
      expect(cells).toBeLessThanOrEqual(18);
    }
    expect(run.progress.at(-1)).toEqual([read.requests.length, read.requests.length]);
  });

  it('halves a batch the server still finds too big, once', async () => {
    server().set({ failPaths: (path, hit) => post(1)(path, hit) && 403 });
    const read = await readOne(FOUR_AREAS);
    expect(comparable(read.cube)).toEqual(fourAreas());
    expect(postsSent()).toBe(3);
    expect(read.requests).toEqual(server().posts.map(({ body }) => ({ method: 'POST', url: table(), body })));
    expect(read.requests).toHaveLength(2);

    // Still too big when halved: the table's error, with the cells of the half.
    server().set({ failPaths: (path, hit) => fromPost(1)(path, hit) && 403 });
    const { tables, errors } = await collect(readSource(source(FOUR_AREAS), testRun().context));
    expect(tables).toEqual([]);
    expect(errors).toEqual([{ problem: { code: 'pxweb-too-many-cells', params: { cells: 24, limit: 90_000 } }, identifier: '11ra.px' }]);
  });

  it('waits as long as a 429 asks, then reads on (the client’s wait, on the test’s clock)', async () => {
    server().set({ failPaths: (path, hit) => post(1)(path, hit) && 429, retryAfterSeconds: 7 });
    const run = testRun();
    const read = await readOne(FOUR_AREAS, run);
    expect(comparable(read.cube)).toEqual(fourAreas());
    expect(run.clock.waits.filter((wait) => wait.by === 'client').map((wait) => wait.ms)).toEqual([7000]);
  });

  it('paces its calls to the server’s maxCalls per timeWindow, so it is never refused', async () => {
    const clock = virtualClock();
    server().set({ maxCalls: 3, timeWindow: 10, maxCells: 10, now: clock.now });
    const run = testRun({ clock });
    const read = await readOne(FOUR_AREAS, run);
    expect(comparable(read.cube)).toEqual(fourAreas());
    const calls = 2 + read.requests.length;
    expect(calls).toBe(8);
    // No 429: the client never had to wait; the pacer waited a window for every three calls.
    expect(run.clock.waits.filter((wait) => wait.by === 'client')).toEqual([]);
    expect(clock.at - 1_000_000).toBeGreaterThanOrEqual(Math.floor((calls - 1) / 3) * 10_000);
  });

  it('reads through a proxy’s 502', async () => {
    server().set({ failPaths: (path, hit) => post(1)(path, hit) && 502 });
    const run = testRun();
    expect(comparable((await readOne(FOUR_AREAS, run)).cube)).toEqual(fourAreas());
    expect(postsSent()).toBe(2);
    expect(run.clock.waits.filter((wait) => wait.by === 'client')).toHaveLength(1);
  });

  it('asks again after a maintenance page, and names it when it stays', async () => {
    server().set({ rawBody: (path, hit) => (post(1)(path, hit) ? { status: 200, contentType: 'text/html; charset=utf-8', body: MAINTENANCE_PAGE } : undefined) });
    const run = testRun();
    expect(comparable((await readOne(FOUR_AREAS, run)).cube)).toEqual(fourAreas());
    expect(run.clock.waits).toEqual([{ by: 'pacer', ms: 1000 }]);

    server().set({ rawBody: (path, hit) => (fromPost(1)(path, hit) ? { status: 200, contentType: 'text/html; charset=utf-8', body: MAINTENANCE_PAGE } : undefined) });
    server().requests.length = 0;
    const { tables, errors } = await collect(readSource(source(FOUR_AREAS), testRun().context));
    expect(tables).toEqual([]);
    expect(errors).toEqual([{ problem: { code: 'pxweb-html-answer', params: { address: table() } }, identifier: '11ra.px' }]);
    expect(postsSent()).toBe(3);
  });

  it('asks again after a body cut short, and names it when it stays cut', async () => {
    server().set({ truncate: post(1) });
    expect(comparable((await readOne(FOUR_AREAS)).cube)).toEqual(fourAreas());

    server().set({ truncate: fromPost(1) });
    const { tables, errors } = await collect(readSource(source(FOUR_AREAS), testRun().context));
    expect(tables).toEqual([]);
    expect(errors).toEqual([{ problem: { code: 'source-unreadable', params: { address: table(), reason: { code: 'not-json', params: { detail: expect.any(String) } } } }, identifier: '11ra.px' }]);
  });

  it('names a value or a variable the table does not have before asking for any figure', async () => {
    for (const [query, problem] of [
      [{ Alue: ['KU091', 'KU999'] }, { code: 'pxweb-value-unknown', params: { dimension: 'Alue', value: 'KU999' } }],
      [{ Kunta: ['091'] }, { code: 'pxweb-dimension-unknown', params: { dimension: 'Kunta' } }],
      [{ Vuosi: { top: 0 } }, { code: 'pxweb-value-unknown', params: { dimension: 'Vuosi', value: '{"top":0}' } }],
      [{ Alue: 5 }, { code: 'pxweb-value-unknown', params: { dimension: 'Alue', value: '5' } }],
    ] as const) {
      const { tables, errors } = await collect(readSource(source(query), testRun().context));
      expect(tables).toEqual([]);
      expect(errors).toEqual([{ problem, identifier: '11ra.px' }]);
    }
    expect(server().posts).toEqual([]);
  });

  it('lists the values the metadata leaves out (over maxValues) before selecting', async () => {
    server().set({ maxValues: 4 });
    const read = await readOne({ Alue: ['KU091'], Vuosi: { top: 2 } });
    expect(comparable(read.cube)).toEqual(comparable(subCube(cube, selection({ Alue: ['KU091'], Tiedot: contents, Vuosi: ['2023', '2024'] }))));
    // Alue (asked for) and Vuosi (not eliminable) listed, then the data.
    expect(server().posts).toHaveLength(3);
    expect(read.requests).toHaveLength(1);
  });

  it('names a server that gives no configuration, and one that cannot be reached', async () => {
    server().set({ failPaths: (path) => path.endsWith('?config') && 404 });
    const { errors } = await collect(readSource(source(), testRun().context));
    expect(errors).toEqual([
      { problem: { code: 'pxweb-refused', params: { address: `${table()}?config`, status: 404, detail: 'Parameter error' } }, identifier: '11ra.px' },
    ]);
    const gone = await startPxwebServer();
    const address = `${gone.url}/fi/StatFin/t.px`;
    await gone.close();
    const closed = await collect(readSource(source({}, { url: address }), testRun().context));
    expect(closed.errors).toEqual([{ problem: { code: 'source-unreadable', params: { address: `${address}?config`, reason: { code: 'network', params: { detail: 'ECONNREFUSED' } } } }, identifier: 't.px' }]);
  });

  it('stops when the run is cancelled, throwing rather than reporting an error', async () => {
    server().set({ maxCells: 20 });
    const run = testRun();
    run.context.onProgress = (done) => {
      if (done === 1) run.controller.abort(new Error('cancelled by an administrator'));
    };
    await expect(collect(readSource(source(FOUR_AREAS), run.context))).rejects.toThrow('cancelled by an administrator');
    expect(server().posts).toHaveLength(1);
  });
});
