import JSONstat from 'jsonstat-toolkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Indicator } from '../../../shared/schemas/indicators.ts';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { readPx } from '../statistics/formats/px.ts';
import { loadIndicatorDemo } from './indicators.demo.ts';
import { asDataFrame, HttpStatusError, PxwebRError, PxwebRSession, type Metadata, type PxwebData } from './test/pxwebR.ts';

/**
 * Real PxWeb clients against Talsinki over HTTP, each replayed from its source: the `pxweb` R
 * package's `pxweb_get` (test/pxwebR.ts: its exact requests, its checks of every answer, its
 * splitter, its pacing) and PxWeb 2's web client (PxTools/PxWeb2: the calls of its start and table
 * pages and what its JSON-stat mapper reads). The server limits one query to 12 cells here, so
 * pxweb has to split.
 */

let t: TestApp;
let base: string;
const MAX_CELLS = 12;

async function listen(app: TestApp['app']): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

beforeAll(async () => {
  t = await startTestApp({ pxwebMaxCells: MAX_CELLS, pxwebMaxCalls: 1000 });
  await loadIndicatorDemo(t.db.kysely);
  base = await listen(t.app);
});
afterAll(() => t?.close());

const indicator = async (id: string): Promise<Indicator> => (await fetch(`${base}/api/indicators/${id}`)).json() as Promise<Indicator>;

/** The indicator's figure for a region, kept values and period, as `/api/indicators/{id}` gives it. */
function figureOf(source: Indicator, region: string, kept: Record<string, string>, period: string): number | null {
  const series = source.series.find((one) => one.region === region && Object.entries(kept).every(([code, value]) => one.kept[code] === value));
  if (!series) return null;
  return series.values[source.periods.findIndex((one) => one.code === period)] ?? null;
}

const citizens = () => `${base}/api/pxweb/v1/en/talsinki/integration/foreign-citizens.px`;
const everything = (format: string) =>
  JSON.stringify({
    query: [
      { code: 'region', selection: { filter: 'all', values: ['*'] } },
      { code: 'Kansalaisuus', selection: { filter: 'item', values: ['EE', 'RU'] } },
      { code: 'time', selection: { filter: 'all', values: ['*'] } },
      { code: 'measure', selection: { filter: 'item', values: ['absolute'] } },
    ],
    response: { format },
  });
const YEARS = Array.from({ length: 10 }, (_, i) => String(2015 + i));

describe('the pxweb R package (pxweb_get), replayed', () => {
  it('makes its exact request sequence in a fresh session, every answer passes its checks, it splits by time, and the data it assembles is the indicator\'s', async () => {
    const session = new PxwebRSession();
    const result = await session.get(citizens(), everything('json'));

    // research §2.6: the table's ?config, the walk to the API root, the metadata, a POST per batch.
    expect(session.asked.map((asked) => `${asked.method} ${asked.url.replace(base, '')}`)).toEqual([
      'GET /api/pxweb/v1/en/talsinki/integration/foreign-citizens.px?config',
      'GET /api?config',
      'GET /api/pxweb?config',
      'GET /api/pxweb/v1?config',
      'GET /api/pxweb/v1/en?config',
      'GET /api/pxweb/v1/en/talsinki/integration/foreign-citizens.px',
      ...Array.from({ length: 4 }, () => 'POST /api/pxweb/v1/en/talsinki/integration/foreign-citizens.px'),
    ]);
    // Above {lang} nothing is a PxWeb config (404 from the API; the web app's page at /api), from {lang} down everything is.
    expect(session.asked.slice(2, 4).map((asked) => asked.status)).toEqual([404, 404]);
    expect(session.asked.filter((asked) => asked.status >= 400).map((asked) => asked.url.replace(base, ''))).toEqual(['/api/pxweb?config', '/api/pxweb/v1?config']);

    // pxweb_split_query: 2 regions × 2 citizenships × 1 measure may not be split (elimination: false); time, 10 years, goes in chunks of 3.
    const bodies = session.asked.filter((asked) => asked.method === 'POST').map((asked) => JSON.parse(asked.body!));
    expect(bodies.map((body) => body.query.find((part: { code: string }) => part.code === 'time').selection.values)).toEqual([YEARS.slice(0, 3), YEARS.slice(3, 6), YEARS.slice(6, 9), YEARS.slice(9)]);
    // pxweb_remove_metadata_from_query: a whole variable of more than one value goes as all/*.
    expect(bodies[0].query.find((part: { code: string }) => part.code === 'region').selection).toEqual({ filter: 'all', values: ['*'] });
    expect(bodies[0].query.find((part: { code: string }) => part.code === 'measure').selection).toEqual({ filter: 'item', values: ['absolute'] });
    expect(session.asked.filter((asked) => asked.method === 'POST').every((asked) => asked.contentType === 'application/x-www-form-urlencoded')).toBe(true);

    expect(result.kind).toBe('data');
    const frame = asDataFrame(result.value as PxwebData);
    expect(frame).toHaveLength(2 * 2 * 10);
    const source = await indicator('foreign-citizens');
    for (const row of frame) expect(row.absolute, JSON.stringify(row)).toBe(figureOf(source, String(row.region), { Kansalaisuus: String(row.Kansalaisuus) }, String(row.time)));
    expect(frame.filter((row) => row.absolute !== null).length).toBeGreaterThan(30);
  });

  it('reads config and API root from its session afterwards; json-stat2 goes as json-stat and comes back as JSON-stat 1 ("dataset"), which jsonstat-toolkit reads', async () => {
    const session = new PxwebRSession();
    await session.pxweb(citizens());
    const before = session.asked.length;
    const result = await session.get(citizens(), everything('json-stat2'));
    // Only the table's own calls now: the metadata and the batches.
    expect(session.asked.slice(before).map((asked) => asked.method)).toEqual(['GET', 'POST', 'POST', 'POST', 'POST']);
    // "Hack support for json-stat2": pxweb asks for json-stat.
    expect(JSON.parse(session.asked.at(-1)!.body!).response.format).toBe('json-stat');
    expect(result.kind).toBe('jsonstat-list');
    const source = await indicator('foreign-citizens');
    let cells = 0;
    for (const document of (result as { value: { dataset: Record<string, unknown> }[] }).value) {
      const dataset = JSONstat(document).Dataset(0);
      expect(dataset.id).toEqual(['region', 'Kansalaisuus', 'time', 'measure']);
      for (const row of dataset.toTable({ type: 'arrobj', content: 'id' }) as { region: string; Kansalaisuus: string; time: string; value: number | null }[]) {
        expect(row.value, JSON.stringify(row)).toBe(figureOf(source, row.region, { Kansalaisuus: row.Kansalaisuus }, row.time));
        cells += 1;
      }
    }
    expect(cells).toBe(40);
  });

  it('saves px answers as files, which our PC-Axis reader reads back to the indicator\'s figures', async () => {
    const session = new PxwebRSession();
    const result = await session.get(citizens(), everything('px'));
    expect(result.kind).toBe('files');
    const source = await indicator('foreign-citizens');
    let cells = 0;
    for (const file of (result as { value: string[] }).value) {
      const { cube } = await readPx(new TextEncoder().encode(file));
      expect(cube.dimensions.map((dimension) => dimension.code)).toEqual(['region', 'Kansalaisuus', 'time', 'measure']);
      const [regions, kept, times] = cube.dimensions;
      cube.values.forEach((value, cell) => {
        const time = times.values[cell % times.values.length].code;
        const citizenship = kept.values[Math.floor(cell / times.values.length) % kept.values.length].code;
        const region = regions.values[Math.floor(cell / (times.values.length * kept.values.length))].code;
        expect(Number.isNaN(value) ? null : value).toBe(figureOf(source, region, { Kansalaisuus: citizenship }, time));
        cells += 1;
      });
    }
    expect(cells).toBe(40);
  });

  it('refuses, before any POST, a query whose unsplittable variables alone are over maxCells; the server refuses it too, as PxWeb does', async () => {
    const session = new PxwebRSession();
    const population = `${base}/api/pxweb/v1/en/talsinki/general/population.px`;
    const all = JSON.stringify({ query: [{ code: 'region', selection: { filter: 'all', values: ['*'] } }, { code: 'time', selection: { filter: 'top', values: ['1'] } }, { code: 'measure', selection: { filter: 'all', values: ['*'] } }], response: { format: 'json' } });
    await expect(session.get(population, all)).rejects.toThrow(/Too large query/);
    expect(session.asked.some((asked) => asked.method === 'POST')).toBe(false);
    const direct = await fetch(population, { method: 'POST', body: all });
    expect(direct.status).toBe(403);
    expect(await direct.json()).toMatchObject({ error: 'Too many values selected' });
  });

  it('walks database, levels and tables as pxweb_interactive does, each answer passing pxweb\'s checks of its kind', async () => {
    const session = new PxwebRSession();
    const databases = await session.get(`${base}/api/pxweb/v1/en`);
    expect(databases).toMatchObject({ kind: 'levels', from: 'database_list', value: [{ id: 'talsinki', type: 'l' }] });
    const levels = await session.get(`${base}/api/pxweb/v1/en/talsinki`);
    expect(levels).toMatchObject({ kind: 'levels', from: 'levels' });
    expect((levels as { value: { id: string }[] }).value.map((level) => level.id)).toEqual(['mobility', 'integration', 'general']);
    const integration = await session.get(`${base}/api/pxweb/v1/en/talsinki/integration`);
    expect(integration).toMatchObject({ kind: 'levels', value: [{ id: 'foreign-citizens.px', type: 't' }, { id: 'migration-finland-estonia.px', type: 't' }] });
    const metadata = await session.get(citizens());
    expect(metadata.kind).toBe('metadata');
    const variables = (metadata.value as Metadata).variables;
    expect(variables.map((variable) => [variable.code, variable.time, variable.elimination])).toEqual([['region', false, false], ['Kansalaisuus', false, false], ['time', true, false], ['measure', false, false]]);
    expect(variables[3].values).toEqual(['absolute', 'per-capita', 'index']);
    // Only the first URL of the session walked to the API root.
    expect(session.asked.filter((asked) => asked.url.endsWith('?config'))).toHaveLength(5);
  });
});

describe('pxweb\'s pacing against the server\'s call window', () => {
  let paced: TestApp;
  let pacedBase: string;
  beforeAll(async () => {
    paced = await startTestApp({ pxwebMaxCalls: 3, pxwebTimeWindow: 1 });
    pacedBase = await listen(paced.app);
  });
  afterAll(() => paced?.close());

  it('answers a burst over maxCalls with 429, PxWeb\'s words and Retry-After', async () => {
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof paced.app.inject>> | undefined;
    for (let i = 0; i < 5; i++) {
      const response = await paced.app.inject({ url: '/api/pxweb/v1/en?config', remoteAddress: '198.51.100.20' });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) refused ??= response;
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(refused!.json()).toEqual({ error: '429 - Too many requests in too short timeframe. Please try again later.', detail: expect.any(String) });
    expect(Number(refused!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('is waited out by pxweb, which reads maxCalls from ?config and sleeps before its third call: no 429', async () => {
    const session = new PxwebRSession();
    const started = performance.now();
    await session.pxweb(`${pacedBase}/api/pxweb/v1/en/talsinki/general/population.px`);
    expect(session.asked).toHaveLength(5);
    expect(session.asked.map((asked) => asked.status)).not.toContain(429);
    // maxCalls = 3: at its third call pxweb waits 3 s less the time its last 3 calls took (about none).
    // (The calls after it wait what rounding leaves of 3 s less their span: next to nothing.)
    expect(session.sleeps.filter((seconds) => seconds > 0.5)).toHaveLength(1);
    expect(session.sleeps.find((seconds) => seconds > 0.5)).toBeGreaterThan(2.5);
    expect(performance.now() - started).toBeGreaterThan(2500);
  });
});

describe('PxWeb 2\'s web client, replayed', () => {
  /** What mapJsonStat2Response (packages/pxweb2/src/mappers/JsonStat2ResponseMapper.ts) reads of a dataset. */
  function mapped(dataset: Record<string, unknown>) {
    const dimension = dataset.dimension as Record<string, { label: string; category: { index: Record<string, number>; label: Record<string, string>; unit?: Record<string, { base?: string; decimals?: number }> }; extension?: { elimination?: boolean } }>;
    const role = dataset.role as { time?: string[]; geo?: string[]; metric?: string[] };
    const px = (dataset.extension as { px?: { tableid?: string; language?: string; stub?: string[]; heading?: string[] } }).px ?? {};
    const variables = Object.entries(dimension).map(([id, one]) => ({
      id,
      label: one.label,
      type: role.time?.includes(id) ? 'TimeVariable' : role.geo?.includes(id) ? 'GeographicalVariable' : role.metric?.includes(id) ? 'ContentsVariable' : 'RegularVariable',
      // getMandatoryVariable: mandatory unless extension.elimination is true.
      mandatory: one.extension?.elimination ? !one.extension.elimination : true,
      values: Object.entries(one.category.index)
        .sort(([, a], [, b]) => Number(a) - Number(b))
        .map(([code]) => ({ code, label: one.category.label[code], unit: one.category.unit?.[code]?.base, decimals: one.category.unit?.[code]?.decimals })),
    }));
    return { id: px.tableid, language: px.language, label: dataset.label, variables, stub: px.stub, heading: px.heading };
  }

  it('lists the tables, opens one (metadata, table, default selection) and reads its data as the indicator\'s figures', async () => {
    const v2 = `${base}/api/pxweb/v2`;
    const get = async (url: string) => {
      const response = await fetch(`${v2}${url}`, { headers: { accept: 'application/json' } });
      expect(response.status, url).toBe(200);
      return response.json();
    };
    // getAllTables: an unsupported language is retried in the fallback language, on this title.
    const german = await fetch(`${v2}/tables?lang=de&includeDiscontinued=true&pageNumber=1&pageSize=10000`);
    expect(german.status).toBe(400);
    expect((await german.json()).title).toBe('Unsupported language');
    const { tables } = await get('/tables?lang=en&includeDiscontinued=true&pageNumber=1&pageSize=10000');
    expect(tables.map((table: { id: string }) => table.id).sort()).toEqual(['cross-border-commuters', 'ferry-passengers-helsinki-tallinn', 'foreign-citizens', 'migration-finland-estonia', 'population', 'port-of-tallinn-passengers']);

    const [metadata, table] = await Promise.all([get('/tables/foreign-citizens/metadata?lang=en&defaultSelection=true'), get('/tables/foreign-citizens?lang=en')]);
    const meta = mapped(metadata);
    expect(meta).toMatchObject({ id: 'foreign-citizens', language: 'en', stub: ['region', 'Kansalaisuus', 'measure'], heading: ['time'] });
    expect(meta.variables.map((variable) => [variable.id, variable.type, variable.mandatory])).toEqual([
      ['region', 'GeographicalVariable', true],
      ['Kansalaisuus', 'RegularVariable', true],
      ['time', 'TimeVariable', true],
      ['measure', 'ContentsVariable', true],
    ]);
    expect(meta.variables[1].values).toEqual([{ code: 'EE', label: 'Estonia' }, { code: 'RU', label: 'Russia' }]);
    expect(meta.variables[3].values[0]).toMatchObject({ code: 'absolute', unit: 'persons', decimals: 0 });
    expect(metadata.value).toBeUndefined();
    // mapAvailableLanguagesFromLinks and the path shown above the table.
    expect(table.links.map((link: { hreflang: string }) => link.hreflang)).toEqual(expect.arrayContaining(['fi', 'et', 'en']));
    expect(table.paths[0][0].id).toBe(table.subjectCode);

    const defaults = await get('/tables/foreign-citizens/defaultselection?lang=en');
    // The default selection fits the server's 12 cells: both regions and citizenships, the newest 3 years.
    expect(defaults.selection.find((part: { variableCode: string }) => part.variableCode === 'time').valueCodes).toEqual(YEARS.slice(-3));
    const response = await fetch(`${v2}/tables/foreign-citizens/data?lang=en&outputFormat=json-stat2`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ selection: defaults.selection.map((part: { variableCode: string; valueCodes: string[] }) => ({ variableCode: part.variableCode, valueCodes: part.valueCodes })) }),
    });
    expect(response.status).toBe(200);
    const data = await response.json();
    const read = mapped(data);
    // createCube: the value array walked in the order of the dimensions' values, the last fastest.
    const source = await indicator('foreign-citizens');
    const [regions, kept, times, measures] = read.variables;
    expect(measures.values.map((value) => value.code)).toEqual(['absolute']);
    let cell = 0;
    for (const region of regions.values) {
      for (const citizenship of kept.values) {
        for (const time of times.values) {
          expect((data.value as (number | null)[])[cell], `${region.code} ${citizenship.code} ${time.code}`).toBe(figureOf(source, region.code, { Kansalaisuus: citizenship.code }, time.code));
          cell += 1;
        }
      }
    }
    expect(cell).toBe(12);
  });
});

describe('what pxweb makes of a refusal', () => {
  it('stops on a 400 for a value the server does not have (its own check skipped by asking with a metadata object)', async () => {
    const session = new PxwebRSession();
    const metadata = (await session.get(citizens())).value as Metadata;
    const wrong = { ...metadata, variables: metadata.variables.map((variable) => (variable.code === 'Kansalaisuus' ? { ...variable, values: ['EE', 'SE'] } : variable)) };
    const query = JSON.parse(everything('json'));
    query.query[1].selection.values = ['SE'];
    const failure = await session.get(citizens(), JSON.stringify(query), wrong).catch((error) => error);
    expect(failure).toBeInstanceOf(HttpStatusError);
    expect(failure.status).toBe(400);
    expect(JSON.parse(failure.body)).toEqual({ error: 'Parameter error', detail: expect.stringContaining('SE') });
    expect(failure).toBeInstanceOf(PxwebRError);
  });
});
