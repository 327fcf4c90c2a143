import { describe, expect, it } from 'vitest';
import { failTimes } from '../../../test/fakeServer.ts';
import { strides, type Cube } from '../cube.ts';
import { StatFault } from '../faults.ts';
import {
  eurostatPopulationCube, fakeServerForTests, MAINTENANCE_PAGE, populationCube, startEurostatServer, startPxweb2Server, startPxwebServer, type EurostatFakeOptions, type Pxweb2FakeOptions, type PxwebFakeOptions,
} from '../test/servers.ts';
import type { ServerAnswer } from './answer.ts';
import { classifyEurostatAnswer, eurostatBatchQuery, eurostatDataUrl } from './eurostat.ts';
import { createPacer, hostOf, pxwebWindow } from './pacer.ts';
import {
  classifyPxwebAnswer, pxwebConfigUrl, pxwebQueryBody, readPxwebConfig, readPxwebMetadata, readUnlistedValues, resolvePxwebQuery, unlistedValuesQuery,
  type PxwebQueryPart,
} from './pxweb.ts';
import { classifyPxweb2Answer, pxweb2ConfigUrl, pxweb2DataRequest, pxweb2MetadataUrl, readPxweb2Config, readPxweb2Metadata, resolvePxweb2Selection } from './pxweb2.ts';
import { batchLimit, halveBatch, selectionCells, splitSelection, type Batch } from './split.ts';

/**
 * The protocol functions against the loopback fakes, through real HTTP: what the fakes answer on
 * good and bad days is what the functions were written to read, and each bad answer gets the
 * verdict the importer acts on.
 */

async function ask(url: string, post?: unknown): Promise<ServerAnswer> {
  const response = await fetch(url, post === undefined ? undefined : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(post) });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text(), retryAfter: response.headers.get('retry-after') };
}

async function okJson(url: string, classify: (answer: ServerAnswer) => ReturnType<typeof classifyPxwebAnswer>, post?: unknown): Promise<unknown> {
  const verdict = classify(await ask(url, post));
  if (verdict.action !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(verdict)}`);
  return verdict.json;
}

/** Every cell of a JSON-stat 2.0 answer by its codes (`Alue=KU091|Tiedot=vaesto|…`), null where it has no figure. */
function cellsOf(document: unknown): Map<string, number | null> {
  const doc = document as { id: string[]; size: number[]; dimension: Record<string, { category: { index: Record<string, number> } }>; value: unknown };
  const codes = doc.id.map((id) => Object.entries(doc.dimension[id].category.index).sort((a, b) => a[1] - b[1]).map(([code]) => code));
  const cells = new Map<string, number | null>();
  const total = doc.size.reduce((a, b) => a * b, 1);
  for (let i = 0; i < total; i++) {
    let rest = i;
    const key: string[] = [];
    for (let k = doc.id.length - 1; k >= 0; k--) {
      key.unshift(`${doc.id[k]}=${codes[k][rest % doc.size[k]]}`);
      rest = Math.floor(rest / doc.size[k]);
    }
    const value = Array.isArray(doc.value) ? doc.value[i] : (doc.value as Record<string, number>)[String(i)];
    cells.set(key.join('|'), value ?? null);
  }
  return cells;
}

/** The cube's figure at these codes (a dimension not named: its first value, the total). */
function figure(cube: Cube, key: string): number | null {
  const codes = Object.fromEntries(key.split('|').map((part) => part.split('=') as [string, string]));
  const stride = strides(cube.dimensions);
  const index = cube.dimensions.reduce((sum, dimension, d) => sum + Math.max(0, dimension.values.findIndex((value) => value.code === codes[dimension.code])) * stride[d], 0);
  return Number.isNaN(cube.values[index]) ? null : cube.values[index];
}

function expectCubeFigures(cells: Map<string, number | null>, cube: Cube): void {
  expect(cells.size).toBeGreaterThan(0);
  for (const [key, value] of cells) expect(value, key).toBe(figure(cube, key));
}

function faultOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof StatFault) return error.problem;
    throw error;
  }
  return null;
}

// ---- PxWeb v1 ----

describe('PxWeb v1 against the fake', () => {
  const cube = populationCube();
  const table = () => server().tableUrl('11ra.px');
  const reset: Partial<PxwebFakeOptions> = { maxValues: 100_000, maxCells: 100_000, maxCalls: 1000, timeWindow: 10, retryAfterSeconds: 10, failPaths: undefined, garbage: undefined, truncate: undefined };
  const server = fakeServerForTests(startPxwebServer, reset);

  it('answers ?config from {lang} down and 404 above, as pxweb’s walk to the API root needs', async () => {
    const origin = new URL(server().url).origin;
    for (const path of ['/PxWeb', '/PxWeb/api', '/PxWeb/api/v1']) expect((await ask(`${origin}${path}?config`)).status, path).toBe(404);
    for (const url of [`${server().url}/fi`, `${server().url}/fi/StatFin/vaerak`, table()]) {
      const config = readPxwebConfig(await okJson(pxwebConfigUrl(url), (answer) => classifyPxwebAnswer(answer, { address: url })), url);
      expect(config).toEqual({ maxValues: 100_000, maxCells: 100_000, maxCalls: 1000, timeWindow: 10 });
    }
  });

  it('lists databases and levels in PxWeb’s shapes', async () => {
    expect(JSON.parse((await ask(`${server().url}/fi`)).body)).toEqual([{ dbid: 'StatFin', text: 'StatFin (test)' }]);
    expect(JSON.parse((await ask(`${server().url}/fi/StatFin`)).body)).toEqual([{ id: 'vaerak', type: 'l', text: 'Väestörakenne' }]);
    expect(JSON.parse((await ask(`${server().url}/fi/StatFin/vaerak`)).body)).toEqual([
      { id: '11ra.px', type: 't', text: cube.title.fi, updated: '2025-03-28T08:00:00' },
    ]);
  });

  it('imports a selection bigger than maxCells in paced batches that add up to the table', async () => {
    server().set({ maxCells: 20 });
    const config = readPxwebConfig(await okJson(pxwebConfigUrl(table()), (answer) => classifyPxwebAnswer(answer, { address: table() })), table());
    const pacer = createPacer();
    pacer.configure(hostOf(table()), pxwebWindow(config));
    const metadata = readPxwebMetadata(await okJson(table(), (answer) => classifyPxwebAnswer(answer, { address: table() })), { lang: 'fi', address: table() });
    const query: PxwebQueryPart[] = [{ code: 'Alue', selection: { filter: 'item', values: ['MK01', 'KU091', 'KU049', 'KU092'] } }];
    const selection = resolvePxwebQuery(metadata.dimensions, query);
    expect(selectionCells(selection)).toBe(48);
    const limit = batchLimit(config.maxCells);
    const batches = splitSelection(selection, limit);
    expect(batches.length).toBeGreaterThan(2);
    const cells = new Map<string, number | null>();
    for (const batch of batches) {
      await pacer.wait(hostOf(table()));
      const answer = await ask(table(), pxwebQueryBody(batch, 'json-stat2', metadata.dimensions));
      const verdict = classifyPxwebAnswer(answer, { address: table(), cells: selectionCells(batch), limit });
      expect(verdict.action).toBe('ok');
      for (const [key, value] of cellsOf((verdict as { json: unknown }).json)) cells.set(key, value);
    }
    expect(cells.size).toBe(48);
    expectCubeFigures(cells, cube);
    expect(server().posts).toHaveLength(batches.length);
  });

  it('lists the values of variables over maxValues with one more query each', async () => {
    server().set({ maxValues: 4 });
    const metadata = readPxwebMetadata(JSON.parse((await ask(table())).body), { lang: 'fi', address: table() });
    expect(metadata.unlisted).toEqual(['Alue', 'Vuosi']);
    const dimensions = [];
    for (const dimension of metadata.dimensions) {
      if (!metadata.unlisted.includes(dimension.code)) {
        dimensions.push(dimension);
        continue;
      }
      const answer = await ask(table(), unlistedValuesQuery(metadata.dimensions, dimension.code));
      dimensions.push({ ...dimension, values: readUnlistedValues(JSON.parse(answer.body), dimension.code, 'fi', table()) });
    }
    expect(dimensions.map((dimension) => dimension.values)).toEqual(cube.dimensions.map((dimension) => dimension.values.map(({ code, label }) => ({ code, label }))));
    expect(resolvePxwebQuery(dimensions, [{ code: 'Vuosi', selection: { filter: 'top', values: ['1'] } }]).map((d) => d.values)).toEqual([['vaesto', 'vm01'], ['2024']]);
  });

  it('answers json-stat as JSON-stat 1 and json in PxWeb’s own shape', async () => {
    const selection = resolvePxwebQuery(readPxwebMetadata(JSON.parse((await ask(table())).body), { lang: 'fi', address: table() }).dimensions, [
      { code: 'Alue', selection: { filter: 'item', values: ['KU091'] } },
      { code: 'Vuosi', selection: { filter: 'top', values: ['2'] } },
    ]);
    const [batch] = splitSelection(selection, 100);
    const one = JSON.parse((await ask(table(), pxwebQueryBody(batch, 'json-stat'))).body);
    expect(Object.keys(one)).toEqual(['dataset']);
    expect(one.dataset.dimension.id).toEqual(['Alue', 'Tiedot', 'Vuosi']);
    const own = JSON.parse((await ask(table(), pxwebQueryBody(batch, 'json'))).body);
    expect(Object.keys(own)).toEqual(expect.arrayContaining(['columns', 'comments', 'data']));
    expect(own.columns.map((column: { type: string }) => column.type)).toEqual(['d', 't', 'c', 'c']);
    expect(own.data).toHaveLength(2);
    const first = own.data[0] as { key: string[]; values: string[] };
    expect(first.key).toEqual(['KU091', '2023']);
    const expected = figure(cube, 'Alue=KU091|Tiedot=vaesto|Vuosi=2023');
    expect(first.values[0]).toBe(expected === null ? '..' : String(expected));
  });

  it('refuses too many cells with 403, and the verdict is to split', async () => {
    server().set({ maxCells: 10 });
    const metadata = readPxwebMetadata(JSON.parse((await ask(table())).body), { lang: 'fi', address: table() });
    const [batch] = splitSelection(resolvePxwebQuery(metadata.dimensions, []), 1000);
    const answer = await ask(table(), pxwebQueryBody(batch));
    expect(answer.status).toBe(403);
    expect(classifyPxwebAnswer(answer, { address: table(), cells: selectionCells(batch), limit: 9 })).toEqual({
      action: 'split',
      problem: { code: 'pxweb-too-many-cells', params: { cells: 12, limit: 9 } },
    });
    const halves = halveBatch(batch)!;
    for (const half of halves) expect(classifyPxwebAnswer(await ask(table(), pxwebQueryBody(half)), { address: table() }).action).toBe('ok');
  });

  it('answers 429 with Retry-After over its own window, and the verdict is to wait that long', async () => {
    server().set({ maxCalls: 2, timeWindow: 60, retryAfterSeconds: 60 });
    await ask(table());
    await ask(table());
    const answer = await ask(table());
    expect(answer.status).toBe(429);
    expect(classifyPxwebAnswer(answer, { address: table() })).toEqual({
      action: 'retry',
      problem: { code: 'pxweb-refused', params: { address: table(), status: 429, detail: '429 - Too many requests in too short timeframe. Please try again later.' } },
      retryAfterMs: 60_000,
    });
  });

  it('answers "Parameter error" for an unknown value, which the metadata then names', async () => {
    const raw = await ask(table());
    const metadata = readPxwebMetadata(JSON.parse(raw.body), { lang: 'fi', address: table() });
    const query: PxwebQueryPart[] = [{ code: 'Alue', selection: { filter: 'item', values: ['KU999'] } }, { code: 'Tiedot', selection: { filter: 'all', values: ['*'] } }, { code: 'Vuosi', selection: { filter: 'all', values: ['*'] } }];
    const answer = await ask(table(), { query, response: { format: 'json-stat2' } });
    expect(answer.status).toBe(400);
    expect(classifyPxwebAnswer(answer, { address: table(), blame: () => faultOf(() => resolvePxwebQuery(metadata.dimensions, query)) })).toEqual({
      action: 'fail',
      problem: { code: 'pxweb-value-unknown', params: { dimension: 'Alue', value: 'KU999' } },
    });
    // A POST on a folder: refused as it came.
    const folder = `${server().url}/fi/StatFin/vaerak`;
    expect(classifyPxwebAnswer(await ask(folder, { query: [], response: { format: 'json-stat2' } }), { address: folder })).toEqual({
      action: 'fail',
      problem: { code: 'pxweb-refused', params: { address: folder, status: 400, detail: 'Parameter error' } },
    });
    // A mandatory variable left out.
    expect((await ask(table(), { query: [], response: { format: 'json-stat2' } })).status).toBe(400);
    // A table's old long id (StatFin since June 2026): 400 as well.
    const longId = `${server().url}/fi/StatFin/vaerak/statfin_vaerak_pxt_11ra.px`;
    expect(classifyPxwebAnswer(await ask(longId), { address: longId })).toMatchObject({ action: 'fail', problem: { code: 'pxweb-refused', params: { status: 400 } } });
  });

  it('retries a maintenance page, a proxy’s 502 and a body cut short', async () => {
    server().set({ rawBody: (path, hit) => (hit === 1 ? { status: 200, contentType: 'text/html; charset=utf-8', body: MAINTENANCE_PAGE } : undefined) });
    const html = await ask(table());
    expect(classifyPxwebAnswer(html, { address: table() })).toEqual({ action: 'retry', problem: { code: 'pxweb-html-answer', params: { address: table() } }, retryAfterMs: null });
    expect(classifyPxwebAnswer(await ask(table()), { address: table() }).action).toBe('ok');

    server().set({ rawBody: undefined, failPaths: failTimes(new URL(table()).pathname, 502, 1) });
    expect(classifyPxwebAnswer(await ask(table()), { address: table() })).toMatchObject({ action: 'retry', problem: { code: 'pxweb-html-answer' } });
    expect(classifyPxwebAnswer(await ask(table()), { address: table() }).action).toBe('ok');

    server().set({ failPaths: undefined, truncate: new Set([new URL(table()).pathname]) });
    expect(classifyPxwebAnswer(await ask(table()), { address: table() })).toMatchObject({
      action: 'retry',
      problem: { code: 'source-unreadable', params: { reason: { code: 'not-json' } } },
    });
  });
});

// ---- PxWebApi 2.0 ----

describe('PxWebApi 2.0 against the fake', () => {
  const cube = { ...populationCube(), id: 'TAB11RA' };
  const reset: Partial<Pxweb2FakeOptions> = { maxDataCells: 100_000, maxCallsPerTimeWindow: 1000, timeWindow: 10, tooManyCellsStatus: 400, retryAfterSeconds: 10 };
  const server = fakeServerForTests(startPxweb2Server, reset);

  async function metadata() {
    const url = pxweb2MetadataUrl(server().url, 'TAB11RA', 'fi');
    return readPxweb2Metadata(await okJson(url, (answer) => classifyPxweb2Answer(answer, { address: url })), 'fi');
  }

  it('reads /config and /metadata: the metric from role, elimination from the extension', async () => {
    const url = pxweb2ConfigUrl(server().url);
    expect(readPxweb2Config(await okJson(url, (answer) => classifyPxweb2Answer(answer, { address: url })), url)).toMatchObject({ maxDataCells: 100_000, maxCallsPerTimeWindow: 1000, timeWindow: 10 });
    const { dimensions, title } = await metadata();
    expect(title).toEqual(cube.title);
    expect(dimensions.map(({ code, role, elimination }) => [code, role, elimination])).toEqual([
      ['Alue', 'geo', true],
      ['Tiedot', 'metric', false],
      ['Vuosi', 'time', false],
    ]);
    expect(dimensions[1].values[0].unit).toEqual({ label: { fi: 'henkilöä' }, decimals: 0 });
    expect(JSON.parse((await ask(`${server().url}/tables/TAB11RA?lang=fi`)).body)).toMatchObject({ id: 'TAB11RA', firstPeriod: '2019', lastPeriod: '2024', variableNames: ['Alue', 'Tiedot', 'Vuosi'] });
  });

  it('gets the same figures by GET and by POST', async () => {
    const { dimensions } = await metadata();
    const [batch] = splitSelection(resolvePxweb2Selection(dimensions, [{ variableCode: 'Alue', valueCodes: ['KU*'] }, { variableCode: 'Vuosi', valueCodes: ['top(3)'] }]), 1000);
    const get = pxweb2DataRequest(server().url, 'TAB11RA', 'fi', batch);
    const post = pxweb2DataRequest(server().url, 'TAB11RA', 'fi', batch, 50);
    expect([get.method, post.method]).toEqual(['GET', 'POST']);
    const byGet = cellsOf(await okJson(get.url, (answer) => classifyPxweb2Answer(answer, { address: get.url })));
    const byPost = cellsOf(await okJson(post.url, (answer) => classifyPxweb2Answer(answer, { address: post.url }), post.method === 'POST' ? post.body : undefined));
    expect(byGet.size).toBe(4 * 2 * 3);
    expect(byPost).toEqual(byGet);
    expectCubeFigures(byGet, cube);
  });

  it('refuses too many cells as 400 (implementation) and 403 (spec); both verdicts split', async () => {
    server().set({ maxDataCells: 10 });
    const { dimensions } = await metadata();
    const [batch] = splitSelection(resolvePxweb2Selection(dimensions, []), 1000);
    const request = pxweb2DataRequest(server().url, 'TAB11RA', 'fi', batch);
    for (const status of [400, 403] as const) {
      server().set({ tooManyCellsStatus: status });
      const answer = await ask(request.url);
      expect(answer.status).toBe(status);
      expect(answer.contentType).toMatch(/^application\/problem\+json/);
      expect(classifyPxweb2Answer(answer, { address: request.url, cells: 12, limit: 9 })).toEqual({ action: 'split', problem: { code: 'pxweb-too-many-cells', params: { cells: 12, limit: 9 } } });
    }
  });

  it('answers 429 problem+json over its window; unknown values and tables are refused', async () => {
    const url = pxweb2ConfigUrl(server().url);
    server().set({ maxCallsPerTimeWindow: 1, timeWindow: 30, retryAfterSeconds: 30 });
    await ask(url);
    const limited = await ask(url);
    expect(limited.status).toBe(429);
    expect(classifyPxweb2Answer(limited, { address: url })).toMatchObject({ action: 'retry', retryAfterMs: 30_000, problem: { params: { status: 429, detail: 'Too many requests' } } });

    server().set(reset);
    const { dimensions } = await metadata();
    const wrong: Batch = [{ code: 'Tiedot', values: ['vaesto'] }, { code: 'Vuosi', values: ['1999'] }];
    const request = pxweb2DataRequest(server().url, 'TAB11RA', 'fi', wrong);
    const blame = () => faultOf(() => resolvePxweb2Selection(dimensions, wrong.map((d) => ({ variableCode: d.code, valueCodes: d.values }))));
    expect(classifyPxweb2Answer(await ask(request.url), { address: request.url, blame })).toEqual({
      action: 'fail',
      problem: { code: 'pxweb-value-unknown', params: { dimension: 'Vuosi', value: '1999' } },
    });
    const missing = pxweb2MetadataUrl(server().url, 'TAB404', 'fi');
    expect(classifyPxweb2Answer(await ask(missing), { address: missing })).toEqual({
      action: 'fail',
      problem: { code: 'pxweb-refused', params: { address: missing, status: 404, detail: 'Non-existent table' } },
    });
  });
});

// ---- Eurostat ----

describe('Eurostat against the fake', () => {
  const dataset = 'demo_r_pjangrp3';
  const reset: Partial<EurostatFakeOptions> = { asyncAbove: 1_000_000, maxCells: 5_000_000, unknownCode: 'empty-value' };
  const server = fakeServerForTests(startEurostatServer, reset);

  const verdictOf = async (url: string) => classifyEurostatAnswer(await ask(url), { dataset, address: url });

  it('reads a sparse answer whose figures are the dataset’s, missing ones left out', async () => {
    const url = eurostatDataUrl({ dataset, filters: { geo: ['FI1B1', 'EE001'], sex: ['T'], age: ['TOTAL'], unit: ['NR'] }, sinceTimePeriod: '2021' }, server().url);
    const verdict = await verdictOf(url);
    expect(verdict.action).toBe('ok');
    const document = (verdict as { json: { value: Record<string, number>; status: Record<string, string>; size: number[] } }).json;
    expect(document.size).toEqual([1, 1, 1, 1, 2, 4]);
    const cells = cellsOf(document);
    expect([...cells.values()].some((value) => value === null)).toBe(true);
    expect(Object.keys(document.value).length).toBeLessThan(8);
    expectCubeFigures(cells, eurostatPopulationCube());
  });

  it('answers an unknown filter code with an empty value (eurostat-no-data), or fault 100', async () => {
    const url = eurostatDataUrl({ dataset, filters: { geo: ['XX999'] } }, server().url);
    expect(await verdictOf(url)).toEqual({ action: 'fail', problem: { code: 'eurostat-no-data', params: { dataset } } });
    server().set({ unknownCode: 'fault-100' });
    expect(await verdictOf(url)).toEqual({ action: 'fail', problem: { code: 'eurostat-no-data', params: { dataset } } });
  });

  it('refuses syntax (140), semantic (150) and unknown datasets (404/100) with Eurostat’s label', async () => {
    expect(await verdictOf(eurostatDataUrl({ dataset, lang: 'XX' as 'EN' }, server().url))).toEqual({
      action: 'fail',
      problem: { code: 'eurostat-refused', params: { dataset, status: 400, detail: 'Syntax error' } },
    });
    expect(await verdictOf(eurostatDataUrl({ dataset, filters: { colour: ['RED'] } }, server().url))).toMatchObject({ problem: { params: { status: 400, detail: 'Semantic error' } } });
    expect(await verdictOf(eurostatDataUrl({ dataset: 'no_such_set' }, server().url))).toMatchObject({ problem: { code: 'eurostat-refused', params: { status: 404 } } });
  });

  it('refuses an extraction that is too big with 413; the halves pass', async () => {
    server().set({ maxCells: 20 });
    const batch: Batch = [
      { code: 'sex', values: ['T', 'M', 'F'] },
      { code: 'geo', role: 'geo', values: ['FI1B1', 'EE001'] },
      { code: 'time', role: 'time', values: ['2019', '2020', '2021', '2022', '2023', '2024'] },
    ];
    const url = eurostatDataUrl(eurostatBatchQuery(dataset, batch), server().url);
    expect(await verdictOf(url)).toEqual({ action: 'split', problem: { code: 'eurostat-too-big', params: { dataset } } });
    for (const half of halveBatch(batch)!) expect((await verdictOf(eurostatDataUrl(eurostatBatchQuery(dataset, half), server().url))).action).toBe('ok');
  });

  it('answers asynchronously the first time and with the data the second', async () => {
    server().set({ asyncAbove: 5 });
    const url = eurostatDataUrl({ dataset, filters: { geo: ['FI1B1'] } }, server().url);
    expect(await verdictOf(url)).toEqual({ action: 'retry', problem: { code: 'eurostat-not-ready', params: { dataset } }, retryAfterMs: null });
    expect((await verdictOf(url)).action).toBe('ok');
  });
});
