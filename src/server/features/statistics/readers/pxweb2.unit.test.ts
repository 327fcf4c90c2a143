import { describe, expect, it } from 'vitest';
import { populationCube, fakeServerForTests, startPxweb2Server, subCube, type Pxweb2FakeOptions } from '../test/servers.ts';
import { collect, comparable, readOneTable, selection, testRun, virtualClock } from '../test/readers.ts';
import { readSource, type StatSource } from './index.ts';

/** The PxWebApi 2.0 reader against the loopback PxWebApi (real HTTP). */

const cube = { ...populationCube({ regions: 6 }), id: 'TAB11RA' };
const contents = ['vaesto', 'vm01'];
const years = ['2019', '2020', '2021', '2022', '2023', '2024'];
const dataPath = '/api/v2/tables/TAB11RA/data';
/** Requests for data, answered or refused. */
const dataAsked = () => server().requests.filter((path) => path.startsWith(dataPath));

const RESET: Partial<Pxweb2FakeOptions> = {
  tables: [cube], maxDataCells: 100_000, maxCallsPerTimeWindow: 1000, timeWindow: 10, tooManyCellsStatus: 400, retryAfterSeconds: 10,
  failPaths: undefined, garbage: undefined, truncate: undefined, rawBody: undefined, now: undefined,
};

const server = fakeServerForTests(startPxweb2Server, RESET);

function source(query: Record<string, unknown> = {}, changes: Partial<StatSource> = {}): StatSource {
  return { kind: 'pxweb2', url: server().url, tableRef: 'TAB11RA', query, language: 'fi', ...changes };
}

const FOUR_AREAS = { Alue: ['MK01', 'KU091', 'KU049', 'KU092'] };
const fourAreas = () => comparable(subCube(cube, selection({ ...FOUR_AREAS, Tiedot: contents, Vuosi: years })));

const readOne = (query: Record<string, unknown>, run = testRun()) => readOneTable(source(query), run);

describe('PxWebApi 2.0 reader', () => {
  it('reads a selection by GET: /config, the metadata, the data, equal to the server’s table', async () => {
    const run = testRun();
    const read = await readOne({ Alue: 'KU*', Vuosi: { top: 3 } }, run);
    expect(comparable(read.cube)).toEqual(comparable(subCube(cube, selection({ Alue: ['KU091', 'KU049', 'KU092', 'KU235'], Tiedot: contents, Vuosi: ['2022', '2023', '2024'] }))));
    expect(read.requests).toEqual([
      { method: 'GET', url: `${server().url}/tables/TAB11RA/data?lang=fi&outputFormat=json-stat2&valuecodes[Alue]=KU091,KU049,KU092,KU235&valuecodes[Tiedot]=vaesto,vm01&valuecodes[Vuosi]=2022,2023,2024` },
    ]);
    expect(server().requests.map((path) => path.split('?')[0])).toEqual(['/api/v2/config', '/api/v2/tables/TAB11RA/metadata', dataPath]);
    expect(run.progress).toEqual([[0, 1], [1, 1]]);
  });

  it('takes PxWebApi’s own selection body', async () => {
    const read = await readOne({ selection: [{ variableCode: 'Alue', valueCodes: ['SSS', 'KU091'] }, { variableCode: 'Vuosi', valueCodes: ['from(2023)'] }] });
    expect(comparable(read.cube)).toEqual(comparable(subCube(cube, selection({ Alue: ['SSS', 'KU091'], Tiedot: contents, Vuosi: ['2023', '2024'] }))));
  });

  it('asks by POST when the address would be too long', async () => {
    const big = { ...populationCube({ regions: 600 }), id: 'TAB11RA' };
    server().set({ tables: [big] });
    const codes = big.dimensions[0].values.map((value) => value.code);
    const read = await readOne({ Alue: codes, Vuosi: ['2024'] });
    expect(comparable(read.cube)).toEqual(comparable(subCube(big, selection({ Alue: codes, Tiedot: contents, Vuosi: ['2024'] }))));
    expect(read.requests).toEqual([
      { method: 'POST', url: `${server().url}/tables/TAB11RA/data?lang=fi&outputFormat=json-stat2`, body: { selection: [{ variableCode: 'Alue', valueCodes: codes }, { variableCode: 'Tiedot', valueCodes: contents }, { variableCode: 'Vuosi', valueCodes: ['2024'] }] } },
    ]);
  });

  it('splits a selection over maxDataCells into batches that add up to the table', async () => {
    server().set({ maxDataCells: 20 });
    const read = await readOne(FOUR_AREAS);
    expect(comparable(read.cube)).toEqual(fourAreas());
    expect(read.requests.length).toBeGreaterThan(2);
  });

  it('halves a batch the server still finds too big, whether it says so with 400 or 403', async () => {
    for (const status of [400, 403] as const) {
      // /config says 100,000 cells; the data answers refuse more than 30.
      server().set({ tooManyCellsStatus: status, maxDataCells: 30, failPaths: undefined });
      server().set({ rawBody: (path) => (path.startsWith('/api/v2/config') ? { body: JSON.stringify({ maxDataCells: 100_000, maxCallsPerTimeWindow: 1000, timeWindow: 10, languages: [{ id: 'fi' }] }) } : undefined) });
      server().requests.length = 0;
      const read = await readOne(FOUR_AREAS);
      expect(comparable(read.cube)).toEqual(fourAreas());
      expect(dataAsked()).toHaveLength(3);
      expect(read.requests).toHaveLength(2);
    }
  });

  it('waits out a 429 and reads on; paces to maxCallsPerTimeWindow', async () => {
    server().set({ failPaths: (path, hit) => path.startsWith(dataPath) && hit === 1 && 429, retryAfterSeconds: 5 });
    const run = testRun();
    expect(comparable((await readOne(FOUR_AREAS, run)).cube)).toEqual(fourAreas());
    expect(run.clock.waits).toEqual([{ by: 'client', ms: 5000 }]);

    const clock = virtualClock();
    server().set({ failPaths: undefined, maxCallsPerTimeWindow: 2, timeWindow: 60, maxDataCells: 20, now: clock.now });
    const paced = testRun({ clock });
    const read = await readOne(FOUR_AREAS, paced);
    expect(comparable(read.cube)).toEqual(fourAreas());
    expect(paced.clock.waits.every((wait) => wait.by === 'pacer')).toBe(true);
    expect(clock.at - 1_000_000).toBeGreaterThanOrEqual(Math.floor((2 + read.requests.length - 1) / 2) * 60_000);
  });

  it('reads through a 502, and names a body cut short that stays cut', async () => {
    server().set({ failPaths: (path, hit) => path.startsWith(dataPath) && hit === 1 && 502 });
    expect(comparable((await readOne(FOUR_AREAS)).cube)).toEqual(fourAreas());

    server().set({ failPaths: undefined, truncate: (path) => path.startsWith(dataPath) });
    const { tables, errors } = await collect(readSource(source(FOUR_AREAS), testRun().context));
    expect(tables).toEqual([]);
    expect(errors).toEqual([
      { problem: { code: 'source-unreadable', params: { address: expect.stringContaining('/tables/TAB11RA/data?'), reason: { code: 'not-json', params: { detail: expect.any(String) } } } }, identifier: 'TAB11RA' },
    ]);
  });

  it('names a value or a variable the table does not have, and a table it does not have', async () => {
    for (const [query, problem] of [
      [{ Alue: ['KU999'] }, { code: 'pxweb-value-unknown', params: { dimension: 'Alue', value: 'KU999' } }],
      [{ Alue: 'top(x)' }, { code: 'pxweb-value-unknown', params: { dimension: 'Alue', value: 'top(x)' } }],
      [{ selection: [{ variableCode: 'Kunta', valueCodes: ['091'] }] }, { code: 'pxweb-dimension-unknown', params: { dimension: 'Kunta' } }],
    ] as const) {
      expect(await collect(readSource(source(query), testRun().context))).toEqual({ tables: [], errors: [{ problem, identifier: 'TAB11RA' }] });
    }
    expect(dataAsked()).toEqual([]);
    const missing = await collect(readSource(source({}, { tableRef: 'NOPE' }), testRun().context));
    expect(missing.errors).toEqual([
      { problem: { code: 'pxweb-refused', params: { address: `${server().url}/tables/NOPE/metadata?lang=fi`, status: 404, detail: 'Non-existent table' } }, identifier: 'NOPE' },
    ]);
  });
});
