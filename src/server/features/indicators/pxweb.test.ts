import { parse } from 'csv-parse/sync';
import type { LightMyRequestResponse } from 'fastify';
import JSONstat from 'jsonstat-toolkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Indicator } from '../../../shared/schemas/indicators.ts';
import { expectProblem, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';
import type { Cube } from '../statistics/cube.ts';
import { readJsonStat } from '../statistics/formats/jsonstat.ts';
import { readPx } from '../statistics/formats/px.ts';
import type { ServerAnswer } from '../statistics/protocols/answer.ts';
import { classifyPxwebAnswer, guessContentsVariable, pxwebQueryBody, readPxwebConfig, readPxwebMetadata, resolvePxwebQuery } from '../statistics/protocols/pxweb.ts';
import { classifyPxweb2Answer, pxweb2DataRequest, readPxweb2Config, readPxweb2Metadata, resolvePxweb2Selection } from '../statistics/protocols/pxweb2.ts';
import { loadIndicatorDemo } from './indicators.demo.ts';
import { saveIndicator } from './indicators.write.ts';
import { CallWindows } from './pxweb.ts';

/**
 * The PxWeb read API's answers in PxWeb's shapes, v1 and 2.0: navigation and `?config`, the
 * data in every format read back by a real reader (jsonstat-toolkit, our JSON-stat and PC-Axis
 * readers, csv-parse) to the indicator's figures, our own importer reading Talsinki as it reads a
 * statistics office, and every bad query refused in the version's own shape, never with a 500.
 * One query may ask for 100 cells here; each group of requests comes from its own address so
 * that the call window (40 per 10 s) is met only where a test means to.
 */

let t: TestApp;
const V1 = '/api/pxweb/v1';
const V2 = '/api/pxweb/v2';
const CITIZENS = `${V1}/en/talsinki/integration/foreign-citizens.px`;
let address = 0;
/** A new client address per call unless one is given: the call window is tested on purpose only. */
const ask = (options: { url: string; method?: 'GET' | 'POST' | 'OPTIONS'; payload?: unknown; headers?: Record<string, string>; remoteAddress?: string }) =>
  t.app.inject({ method: options.method ?? 'GET', url: options.url, headers: options.headers, remoteAddress: options.remoteAddress ?? `10.20.${Math.floor(++address / 250) % 250}.${address % 250}`, ...(options.payload === undefined ? {} : { payload: typeof options.payload === 'string' ? options.payload : JSON.stringify(options.payload) }) });
const json = async (options: Parameters<typeof ask>[0]) => {
  const response = await ask(options);
  expect(response.statusCode, `${options.url}: ${response.body.slice(0, 300)}`).toBe(200);
  return response.json();
};
const post = (url: string, payload: unknown, headers: Record<string, string> = {}) => ask({ method: 'POST', url, payload, headers: { 'content-type': 'application/json', ...headers } });

beforeAll(async () => {
  t = await startTestApp({ pxwebMaxCells: 100, pxwebMaxCalls: 40, pxwebTimeWindow: 10 });
  await loadIndicatorDemo(t.db.kysely);
  await t.db.kysely.transaction().execute((trx) => saveIndicator(trx, { slug: 'draft-indicator', name: { en: 'A draft' }, frequency: 'A', domain: 'integration', published: false, series: [] }));
});
afterAll(() => t?.close());

const indicator = async (id: string, measure = 'absolute'): Promise<Indicator> => json({ url: `/api/indicators/${id}?measure=${measure}` });

function figureOf(source: Indicator, region: string, kept: Record<string, string>, period: string): number | null {
  const series = source.series.find((one) => one.region === region && Object.entries(kept).every(([code, value]) => one.kept[code] === value));
  return series?.values[source.periods.findIndex((one) => one.code === period)] ?? null;
}

/** Every cell of a cube of region × Kansalaisuus × time × measure against the indicator in that measure. */
async function expectCitizensFigures(cube: Cube) {
  expect(cube.dimensions.map((dimension) => dimension.code)).toEqual(['region', 'Kansalaisuus', 'time', 'measure']);
  const views = new Map<string, Indicator>();
  for (const measure of cube.dimensions[3].values) views.set(measure.code, await indicator('foreign-citizens', measure.code));
  const [regions, kept, times, measures] = cube.dimensions;
  let cell = 0;
  for (const region of regions.values) {
    for (const citizenship of kept.values) {
      for (const time of times.values) {
        for (const measure of measures.values) {
          const value = cube.values[cell++];
          expect(Number.isNaN(value) ? null : value, `${region.code} ${citizenship.code} ${time.code} ${measure.code}`).toBe(figureOf(views.get(measure.code)!, region.code, { Kansalaisuus: citizenship.code }, time.code));
        }
      }
    }
  }
  return cell;
}

const citizensQuery = (format: string, measures = ['absolute', 'per-capita', 'index']) => ({
  query: [
    { code: 'region', selection: { filter: 'all', values: ['*'] } },
    { code: 'Kansalaisuus', selection: { filter: 'item', values: ['EE', 'RU'] } },
    { code: 'time', selection: { filter: 'top', values: ['5'] } },
    { code: 'measure', selection: { filter: 'item', values: measures } },
  ],
  response: { format },
});

/** Every cell of foreign-citizens: 2 regions × 2 citizenships × 10 years × 3 measures, 120, over the 100 allowed. */
const everyCell = (format: string) => ({ ...citizensQuery(format), query: citizensQuery(format).query.map((part) => (part.code === 'time' ? { code: 'time', selection: { filter: 'all', values: ['*'] } } : part)) });

const answerOf = (response: LightMyRequestResponse): ServerAnswer => ({ status: response.statusCode, contentType: String(response.headers['content-type'] ?? ''), body: response.body, retryAfter: (response.headers['retry-after'] as string | undefined) ?? null });

describe('PxWeb API v1: navigation', () => {
  it('answers ?config at every depth from {lang} down, and not above it', async () => {
    const config = { maxValues: 100_000, maxCells: 100, maxCalls: 40, timeWindow: 10, CORS: true };
    for (const url of [`${V1}/en`, `${V1}/fi/talsinki`, `${V1}/et/talsinki/integration`, `${V1}/en/talsinki/foreign-citizens.px`, CITIZENS, `${V1}/en/talsinki/general/no-such-table.px`]) {
      expect(await json({ url: `${url}?config` }), url).toEqual(config);
    }
    expect((await post(`${CITIZENS}?config`, {})).json()).toEqual(config);
    // Our importer reads it as it reads StatFin's.
    expect(readPxwebConfig(config, 'talsinki')).toEqual({ maxValues: 100_000, maxCells: 100, maxCalls: 40, timeWindow: 10 });
    for (const url of [`${V1}?config`, '/api/pxweb?config']) {
      const response = await ask({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.body, url).not.toContain('maxCalls');
    }
  });

  it('lists the database, the levels (domains with published indicators) and their tables with their update times', async () => {
    expect(await json({ url: `${V1}/fi` })).toEqual([{ dbid: 'talsinki', text: 'Talsinki-indikaattorit' }]);
    expect(await json({ url: `${V1}/et/talsinki` })).toEqual([
      { id: 'mobility', type: 'l', text: 'Liikuvus ja transport' },
      { id: 'integration', type: 'l', text: 'Sotsiaalne ja kogukondlik lõimumine' },
      { id: 'general', type: 'l', text: 'Üldine' },
    ]);
    const mobility = (await json({ url: `${V1}/en/talsinki/mobility` })) as { id: string; type: string; text: string; updated: string }[];
    expect(mobility.map((table) => [table.id, table.type]).sort()).toEqual([['cross-border-commuters.px', 't'], ['ferry-passengers-helsinki-tallinn.px', 't'], ['port-of-tallinn-passengers.px', 't']]);
    for (const table of mobility) expect(table.updated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    // Demo figures say so in the title, the one place a PxWeb client looks.
    expect(await json({ url: `${V1}/en/talsinki/general` })).toEqual([expect.objectContaining({ id: 'population.px', text: 'Population (demo data)' })]);
  });

  it('describes a table: region, the kept dimension, time and every measure the indicator offers, none to be left out', async () => {
    const metadata = await json({ url: `${V1}/et/talsinki/integration/foreign-citizens.px` });
    expect(metadata.variables.map((variable: { code: string; time: boolean; elimination: boolean }) => [variable.code, variable.time, variable.elimination])).toEqual([
      ['region', false, false],
      ['Kansalaisuus', false, false],
      ['time', true, false],
      ['measure', false, false],
    ]);
    expect(metadata.variables[0].values).toEqual(['nuts:FI1B1', 'fi-kunta:091']);
    expect(metadata.variables[3].values).toEqual(['absolute', 'per-capita', 'index']);
    expect(metadata.variables[3].text).toBe('Näitaja');
    expect(metadata.variables[2].values).toEqual(Array.from({ length: 10 }, (_, i) => String(2015 + i)));
    // The same table by its id alone, as PxWeb looks up an unknown single path part.
    expect(await json({ url: `${V1}/et/talsinki/foreign-citizens.px` })).toEqual(metadata);
    // The regions by their names in the language asked for: Swedish and Russian as well.
    const regionNames = async (lang: string) => (await json({ url: `${V1}/${lang}/talsinki/integration/foreign-citizens.px` })).variables[0].valueTexts;
    expect(await regionNames('sv')).toEqual(['Nyland', 'Helsingfors']);
    expect(await regionNames('ru')).toEqual(['Уусимаа', 'Хельсинки']);
    // An indicator without a per-capita view offers the two others.
    expect((await json({ url: `${V1}/en/talsinki/general/population.px` })).variables[2].values).toEqual(['absolute', 'index']);
  });

  it('never lists or serves an unpublished indicator, whoever asks', async () => {
    const { session } = await loginAs(t, 'editor');
    const listed = await json({ url: `${V1}/en/talsinki/integration`, headers: session.headers });
    expect(listed.map((table: { id: string }) => table.id)).toEqual(['foreign-citizens.px', 'migration-finland-estonia.px']);
    for (const url of [`${V1}/en/talsinki/integration/draft-indicator.px`, `${V1}/en/talsinki/draft-indicator.px`]) {
      const response = await ask({ url, headers: session.headers });
      expect(response.statusCode, url).toBe(404);
      expect(response.json()).toMatchObject({ error: 'Parameter error' });
    }
    const tables = await json({ url: `${V2}/tables?pageSize=100`, headers: session.headers });
    expect(tables.tables.map((table: { id: string }) => table.id)).not.toContain('draft-indicator');
    expect(expectProblem(await ask({ url: `${V2}/tables/draft-indicator/metadata`, headers: session.headers }), 404).title).toBe('Non-existent table');
  });
});

describe('PxWeb API v1: data in every format, read back to the indicator\'s figures', () => {
  it('json: PxWeb\'s own columns and rows, figures formatted with their decimals', async () => {
    const response = await post(CITIZENS, citizensQuery('json'));
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.columns).toEqual([
      { code: 'region', text: 'Region', type: 'd' },
      { code: 'Kansalaisuus', text: 'Citizenship', type: 'd' },
      { code: 'time', text: 'Period', type: 't' },
      { code: 'absolute', text: 'Value', type: 'c', unit: 'persons' },
      { code: 'per-capita', text: 'Per inhabitants: 1000', type: 'c' },
      { code: 'index', text: expect.stringMatching(/^Index \(\d{4} = 100\)$/), type: 'c' },
    ]);
    expect(body.comments).toEqual([]);
    expect(body.data).toHaveLength(2 * 2 * 5);
    const [absolute, perCapita] = [await indicator('foreign-citizens'), await indicator('foreign-citizens', 'per-capita')];
    for (const row of body.data as { key: string[]; values: string[] }[]) {
      const [region, citizenship, period] = row.key;
      expect(row.values[0]).toBe(String(figureOf(absolute, region, { Kansalaisuus: citizenship }, period)));
      expect(row.values[1]).toBe(figureOf(perCapita, region, { Kansalaisuus: citizenship }, period)!.toFixed(perCapita.decimals));
    }
  });

  it('json-stat (PxWeb\'s JSON-stat 1, under "dataset") and json-stat2: jsonstat-toolkit and our reader find the indicator\'s figures', async () => {
    const one = (await post(CITIZENS, citizensQuery('json-stat'))).json();
    expect(Object.keys(one)).toEqual(['dataset']);
    const two = (await post(CITIZENS, citizensQuery('json-stat2'))).json();
    expect(two).toMatchObject({ version: '2.0', class: 'dataset', role: { geo: ['region'], time: ['time'], metric: ['measure'] } });
    for (const document of [one, two]) {
      const dataset = JSONstat(document).Dataset(0);
      expect(dataset.id).toEqual(['region', 'Kansalaisuus', 'time', 'measure']);
      const views = { absolute: await indicator('foreign-citizens'), 'per-capita': await indicator('foreign-citizens', 'per-capita'), index: await indicator('foreign-citizens', 'index') };
      const rows = dataset.toTable({ type: 'arrobj', content: 'id' }) as { region: string; Kansalaisuus: string; time: string; measure: keyof typeof views; value: number | null }[];
      expect(rows).toHaveLength(60);
      for (const row of rows) expect(row.value, JSON.stringify(row)).toBe(figureOf(views[row.measure], row.region, { Kansalaisuus: row.Kansalaisuus }, row.time));
      expect(await expectCitizensFigures(readJsonStat(document, { language: 'en' }).cubes[0].cube)).toBe(60);
    }
  });

  it('csv: a row per region, citizenship and period, a column per measure', async () => {
    const response = await post(CITIZENS, citizensQuery('csv', ['absolute']));
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parse(response.body, { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0])).toEqual(['Region', 'Citizenship', 'Period', 'Value']);
    expect(rows).toHaveLength(20);
    const absolute = await indicator('foreign-citizens');
    const helsinki = rows.find((row) => row.Region === 'Helsinki' && row.Citizenship === 'Russia' && row.Period === '2024')!;
    expect(Number(helsinki.Value)).toBe(figureOf(absolute, 'fi-kunta:091', { Kansalaisuus: 'RU' }, '2024'));
  });

  it('px: a PC-Axis file our reader reads back to the same cube', async () => {
    const response = await post(CITIZENS, citizensQuery('px'));
    expect(response.headers['content-disposition']).toContain('foreign-citizens.px');
    const { cube } = await readPx(response.rawPayload);
    expect(await expectCitizensFigures(cube)).toBe(60);
  });

  it('reads a query whatever its Content-Type says, as PxWeb does (pxweb R sends it as a form)', async () => {
    for (const type of ['application/x-www-form-urlencoded', 'text/plain;charset=UTF-8', 'application/xml']) {
      const response = await post(CITIZENS, citizensQuery('json', ['absolute']), { 'content-type': type });
      expect(response.statusCode, type).toBe(200);
      expect(response.json().data, type).toHaveLength(20);
    }
  });
});

describe('our importer reads Talsinki as it reads a statistics office', () => {
  it('v1: metadata, a query of its own making, the answer, and every refusal classified as PxWeb\'s', async () => {
    const raw = await json({ url: CITIZENS });
    const metadata = readPxwebMetadata(raw, { lang: 'en', address: CITIZENS, contents: 'measure' });
    expect(metadata.unlisted).toEqual([]);
    expect(metadata.dimensions.map((dimension) => [dimension.code, dimension.role])).toEqual([['region', null], ['Kansalaisuus', null], ['time', 'time'], ['measure', 'metric']]);
    // Without the source's settings it guesses the contents variable from its Estonian name.
    expect(guessContentsVariable((await json({ url: CITIZENS.replace('/en/', '/et/') })).variables)).toBe('measure');
    const selection = resolvePxwebQuery(metadata.dimensions, [{ code: 'time', selection: { filter: 'top', values: ['3'] } }, { code: 'measure', selection: { filter: 'item', values: ['absolute'] } }]);
    const response = await post(CITIZENS, pxwebQueryBody(selection.map((part) => ({ ...part, values: [...part.values] })), 'json-stat2', metadata.dimensions));
    const verdict = classifyPxwebAnswer(answerOf(response), { address: CITIZENS });
    expect(verdict.action).toBe('ok');
    expect(await expectCitizensFigures(readJsonStat((verdict as { json: unknown }).json).cubes[0].cube)).toBe(2 * 2 * 3);

    const tooMany = await post(CITIZENS, everyCell('json-stat2'));
    expect(tooMany.statusCode).toBe(403);
    expect(classifyPxwebAnswer(answerOf(tooMany), { address: CITIZENS, cells: 120, limit: 100 })).toMatchObject({ action: 'split', problem: { code: 'pxweb-too-many-cells' } });
    const wrong = await post(CITIZENS, { query: [{ code: 'Kansalaisuus', selection: { filter: 'item', values: ['SE'] } }], response: { format: 'json-stat2' } });
    expect(classifyPxwebAnswer(answerOf(wrong), { address: CITIZENS, blame: () => ({ code: 'pxweb-value-unknown', params: { dimension: 'Kansalaisuus', value: 'SE' } }) })).toEqual({ action: 'fail', problem: { code: 'pxweb-value-unknown', params: { dimension: 'Kansalaisuus', value: 'SE' } } });
  });

  it('2.0: config, metadata (roles, elimination, units), its own data request and the refusals', async () => {
    const config = readPxweb2Config(await json({ url: `${V2}/config` }), V2);
    expect(config).toEqual({ maxDataCells: 100, maxCallsPerTimeWindow: 40, timeWindow: 10, languages: ['fi', 'et', 'en', 'sv', 'ru'], defaultLanguage: 'en' });
    const raw = await json({ url: `${V2}/tables/foreign-citizens/metadata?lang=fi` });
    expect(raw.value).toBeUndefined();
    const metadata = readPxweb2Metadata(raw, 'fi');
    expect(metadata.dimensions.map((dimension) => [dimension.code, dimension.role, dimension.elimination])).toEqual([['region', 'geo', false], ['Kansalaisuus', null, false], ['time', 'time', false], ['measure', 'metric', false]]);
    expect(metadata.dimensions[3].values[0].unit).toEqual({ label: { fi: 'henkeä' }, decimals: 0 });
    const selection = resolvePxweb2Selection(metadata.dimensions, [{ variableCode: 'time', valueCodes: ['top(2)'] }, { variableCode: 'measure', valueCodes: ['absolute', 'index'] }]);
    for (const maxUrl of [2000, 10]) {
      const request = pxweb2DataRequest(`http://localhost${V2}`, 'foreign-citizens', 'fi', selection.map((part) => ({ ...part, values: [...part.values] })), maxUrl);
      const url = request.url.replace('http://localhost', '');
      const response = request.method === 'GET' ? await ask({ url }) : await post(url, request.body);
      const verdict = classifyPxweb2Answer(answerOf(response), { address: url });
      expect(verdict.action, `${request.method} ${response.body.slice(0, 200)}`).toBe('ok');
      expect(await expectCitizensFigures(readJsonStat((verdict as { json: unknown }).json).cubes[0].cube)).toBe(2 * 2 * 2 * 2);
    }
    const tooMany = await post(`${V2}/tables/foreign-citizens/data`, { selection: [{ variableCode: 'region', valueCodes: ['*'] }, { variableCode: 'Kansalaisuus', valueCodes: ['*'] }, { variableCode: 'time', valueCodes: ['*'] }, { variableCode: 'measure', valueCodes: ['*'] }] });
    expect(classifyPxweb2Answer(answerOf(tooMany), { address: V2, cells: 120, limit: 100 })).toMatchObject({ action: 'split' });
    const wrong = await post(`${V2}/tables/foreign-citizens/data`, { selection: [{ variableCode: 'region', valueCodes: ['*'] }, { variableCode: 'Kansalaisuus', valueCodes: ['SE'] }, { variableCode: 'time', valueCodes: ['*'] }, { variableCode: 'measure', valueCodes: ['absolute'] }] });
    expect(classifyPxweb2Answer(answerOf(wrong), { address: V2, blame: () => ({ code: 'pxweb-value-unknown', params: { dimension: 'Kansalaisuus', value: 'SE' } }) })).toMatchObject({ action: 'fail', problem: { code: 'pxweb-value-unknown' } });
  });
});

describe('every bad v1 query is refused in PxWeb\'s shape, never with a 500', () => {
  const base = citizensQuery('json', ['absolute']);
  const withPart = (code: string, selection: unknown) => ({ ...base, query: base.query.map((part) => (part.code === code ? { code, selection } : part)) });
  const cases: [string, { url?: string; payload?: unknown; type?: string; method?: 'GET' }, number, string, RegExp][] = [
    ['an unknown variable', { payload: { ...base, query: [...base.query, { code: 'Sukupuoli', selection: { filter: 'item', values: ['1'] } }] } }, 400, 'Parameter error', /Sukupuoli/],
    ['an unknown value', { payload: withPart('Kansalaisuus', { filter: 'item', values: ['EE', 'SE'] }) }, 400, 'Parameter error', /SE/],
    ['a variable left out', { payload: { ...base, query: base.query.filter((part) => part.code !== 'measure') } }, 400, 'Parameter error', /measure/],
    ['a pattern matching nothing', { payload: withPart('region', { filter: 'all', values: ['ee-*'] }) }, 400, 'Parameter error', /ee-\*/],
    ['a filter PxWeb names but Talsinki has no groupings for', { payload: withPart('region', { filter: 'agg:Maakunnat', values: ['MK01'] }) }, 400, 'Parameter error', /agg:Maakunnat/],
    ['top with no number', { payload: withPart('time', { filter: 'top', values: ['many'] }) }, 400, 'Parameter error', /many/],
    ['a variable twice', { payload: { ...base, query: [...base.query, base.query[0]] } }, 400, 'Parameter error', /region/],
    ['a format not written', { payload: { ...base, response: { format: 'xlsx' } } }, 400, 'Parameter error', /xlsx/],
    ['values that are not text', { payload: withPart('time', { filter: 'item', values: [2024] }) }, 400, 'Parameter error', /values/],
    ['a query that is not a list', { payload: { query: 'all', response: { format: 'json' } } }, 400, 'Parameter error', /query/],
    ['a body that is not JSON', { payload: '{"query": [', type: 'application/x-www-form-urlencoded' }, 400, 'Parameter error', /JSON/],
    ['an empty body', { payload: '', type: 'application/x-www-form-urlencoded' }, 400, 'Parameter error', /JSON/],
    ['a list for a body', { payload: [] }, 400, 'Parameter error', /body/],
    ['more cells than maxCells', { payload: everyCell('json') }, 403, 'Too many values selected', /120.*100/],
    ['a query on a level', { url: `${V1}/en/talsinki/integration`, payload: base }, 404, 'Parameter error', /integration/],
    ['an unknown table', { url: `${V1}/en/talsinki/integration/unemployment.px`, payload: base }, 404, 'Parameter error', /unemployment/],
    ['a table under another level', { url: `${V1}/en/talsinki/mobility/foreign-citizens.px`, payload: base }, 404, 'Parameter error', /mobility/],
    ['an unknown database', { url: `${V1}/en/StatFin/integration/foreign-citizens.px`, payload: base }, 404, 'Parameter error', /StatFin/],
    ['an unknown language', { url: `${V1}/de/talsinki`, method: 'GET' }, 400, 'Parameter error', /lang/],
    ['a path deeper than any table', { url: `${V1}/en/talsinki/integration/foreign-citizens.px/more`, method: 'GET' }, 404, 'Parameter error', /more/],
    ['a folder id that is not one', { url: `${V1}/en/talsinki/unemployment`, method: 'GET' }, 404, 'Parameter error', /unemployment/],
  ];
  it.each(cases)('%s', async (_name, request, status, error, detail) => {
    const response =
      request.method === 'GET'
        ? await ask({ url: request.url! })
        : await ask({ method: 'POST', url: request.url ?? CITIZENS, payload: request.payload, headers: { 'content-type': request.type ?? 'application/json' } });
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(['detail', 'error']);
    expect(body.error).toBe(error);
    expect(body.detail).toMatch(detail);
  });
});

describe('calls per client address', () => {
  it('answers over maxCalls per timeWindow with 429, Retry-After and PxWeb\'s words (v1) or a problem (2.0), each address on its own', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 41; i++) statuses.push((await ask({ url: `${V1}/en?config`, remoteAddress: '192.0.2.77' })).statusCode);
    expect(statuses.slice(0, 40).every((status) => status === 200)).toBe(true);
    expect(statuses[40]).toBe(429);
    const v1 = await ask({ url: CITIZENS, remoteAddress: '192.0.2.77' });
    expect(v1.statusCode).toBe(429);
    expect(v1.json()).toMatchObject({ error: '429 - Too many requests in too short timeframe. Please try again later.' });
    expect(Number(v1.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(v1.headers['retry-after'])).toBeLessThanOrEqual(10);
    const v2 = await ask({ url: `${V2}/config`, remoteAddress: '192.0.2.77' });
    expectProblem(v2, 429);
    expect(v2.json().code).toBe('too-many-requests');
    expect(v2.headers['retry-after']).toBeDefined();
    expect(classifyPxwebAnswer(answerOf(v1), { address: CITIZENS })).toMatchObject({ action: 'retry' });
    // Another client is not held back.
    expect((await ask({ url: `${V1}/en?config`, remoteAddress: '192.0.2.78' })).statusCode).toBe(200);
  });

  it('keeps a sliding window per address, and beyond its bound forgets the idle addresses, then the first seen', () => {
    const windows = new CallWindows(2, 10_000, 10);
    // Full at 2 s: the first call leaves the window at 10 s, 8 s later.
    expect([windows.take('a', 0), windows.take('a', 1000), windows.take('a', 2000)]).toEqual([0, 0, 8]);
    expect(windows.take('a', 10_000)).toBe(0);
    expect(windows.take('a', 10_500)).toBe(1);
    for (let i = 0; i < 9; i++) windows.take(`idle${i}`, 0);
    expect(windows.clients).toBe(10);
    // An eleventh address: the nine idle since 0 s are forgotten, 'a' (busy) is kept.
    windows.take('b', 11_000);
    expect(windows.clients).toBe(2);
    // 'a' still has its 10 s call: with 11 s it is full again at 11.1 s.
    expect([windows.take('a', 11_000), windows.take('a', 11_100)]).toEqual([0, 9]);
    // All busy: the first seen go, down to nine tenths of the bound.
    for (let i = 0; i < 9; i++) windows.take(`busy${i}`, 12_000);
    expect(windows.clients).toBe(9);
    expect(windows.take('a', 12_000)).toBe(0);
  });
});

describe('CORS, as PxWeb answers it', () => {
  it('lets a page elsewhere ask a table\'s metadata and POST a query, without credentials, CSRF or a same-site request', async () => {
    const preflight = await ask({ method: 'OPTIONS', url: CITIZENS, headers: { origin: 'https://reuser.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(String(preflight.headers['access-control-allow-methods'])).toBe('GET, HEAD, POST, OPTIONS');
    expect(String(preflight.headers['access-control-allow-headers']).toLowerCase()).toContain('content-type');
    const { session } = await loginAs(t, 'member');
    for (const headers of [{}, { cookie: session.cookie }] as Record<string, string>[]) {
      const response = await post(CITIZENS, citizensQuery('json', ['absolute']), { origin: 'https://reuser.example', 'sec-fetch-site': 'cross-site', ...headers });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['access-control-allow-origin']).toBe('*');
      expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    }
    const v2 = await post(`${V2}/tables/population/data`, {}, { origin: 'https://reuser.example', 'sec-fetch-site': 'cross-site' });
    expect(v2.statusCode, v2.body).toBe(200);
    expect(v2.headers['access-control-allow-origin']).toBe('*');
  });
});

describe('PxWebApi 2.0', () => {
  it('lists the tables in pages, and gives one with its periods, variables, path and links', async () => {
    const first = await json({ url: `${V2}/tables?lang=en&pageSize=3` });
    expect(first.page).toMatchObject({ pageNumber: 1, pageSize: 3, totalElements: 6, totalPages: 2 });
    expect(first.page.links.map((link: { rel: string }) => link.rel)).toEqual(['next']);
    const second = await json({ url: `${V2}/tables?lang=en&pageSize=3&pageNumber=2` });
    expect([...first.tables, ...second.tables].map((table: { id: string }) => table.id).sort()).toEqual(['cross-border-commuters', 'ferry-passengers-helsinki-tallinn', 'foreign-citizens', 'migration-finland-estonia', 'population', 'port-of-tallinn-passengers']);
    expect(expectProblem(await ask({ url: `${V2}/tables?pageSize=3&pageNumber=3` }), 404).title).toBe('Non-existent page');
    expect((await json({ url: `${V2}/tables?query=ferry` })).tables.map((table: { id: string }) => table.id)).toEqual(['ferry-passengers-helsinki-tallinn']);
    const table = await json({ url: `${V2}/tables/FOREIGN-CITIZENS?lang=fi` });
    expect(table).toMatchObject({
      language: 'fi',
      id: 'foreign-citizens',
      label: 'Ulkomaiden kansalaiset kansalaisuuden mukaan (esittelyaineisto)',
      firstPeriod: '2015',
      lastPeriod: '2024',
      timeUnit: 'Annual',
      subjectCode: 'integration',
      variableNames: ['Alue', 'Kansalaisuus', 'Ajanjakso', 'Mittari'],
      paths: [[{ id: 'integration', label: 'Sosiaalinen ja yhteisöllinen kotoutuminen' }]],
    });
    expect(table.links.find((link: { rel: string }) => link.rel === 'data').href).toBe('http://localhost:8080/api/pxweb/v2/tables/foreign-citizens/data?lang=fi&outputFormat=json-stat2');
  });

  it('answers data by GET with value expressions and by POST, in json-stat2, csv and px', async () => {
    const get = await json({ url: `${V2}/tables/foreign-citizens/data?lang=en&valuecodes[region]=*&valuecodes[Kansalaisuus]=EE,RU&valuecodes[time]=from(2022)&valuecodes[measure]=absolute,per-capita` });
    expect(get.size).toEqual([2, 2, 3, 2]);
    expect(Object.keys(get.dimension.time.category.index)).toEqual(['2022', '2023', '2024']);
    expect(await expectCitizensFigures(readJsonStat(get).cubes[0].cube)).toBe(24);
    const selection = { selection: [{ variableCode: 'REGION', valueCodes: ['fi-kunta:091'] }, { variableCode: 'kansalaisuus', valueCodes: ['RU'] }, { variableCode: 'time', valueCodes: ['range(2016,2018)'] }, { variableCode: 'measure', valueCodes: ['index'] }] };
    const posted = (await post(`${V2}/tables/foreign-citizens/data?lang=en&outputFormat=json-stat2`, selection)).json();
    expect(await expectCitizensFigures(readJsonStat(posted).cubes[0].cube)).toBe(3);
    const csv = await post(`${V2}/tables/foreign-citizens/data?lang=fi&outputFormat=csv`, selection);
    expect(parse(csv.body, { bom: true })).toHaveLength(4);
    const px = await post(`${V2}/tables/foreign-citizens/data?outputFormat=px`, selection);
    expect(await expectCitizensFigures((await readPx(px.rawPayload)).cube)).toBe(3);
    // No selection: the default one, every region and citizenship, the measure as published.
    const defaults = (await post(`${V2}/tables/foreign-citizens/data`, {})).json();
    expect(defaults.size).toEqual([2, 2, 10, 1]);
  });

  const problemCases: [string, { url: string; payload?: unknown }, number, string, string | null][] = [
    ['an unknown table', { url: `${V2}/tables/unemployment/data` }, 404, 'Non-existent table', null],
    ['an unknown variable', { url: `${V2}/tables/population/data?valuecodes[Alue]=MK01` }, 400, 'Non-existent variable', 'selection/Alue'],
    ['an unknown value', { url: `${V2}/tables/population/data`, payload: { selection: [{ variableCode: 'region', valueCodes: ['nuts:SE110'] }, { variableCode: 'time', valueCodes: ['*'] }, { variableCode: 'measure', valueCodes: ['absolute'] }] } }, 400, 'Non-existent value', 'selection/region/nuts:SE110'],
    ['a bad expression', { url: `${V2}/tables/population/data?valuecodes[region]=*&valuecodes[time]=top(0)&valuecodes[measure]=absolute` }, 400, 'Non-existent value', 'selection/time/top(0)'],
    ['a variable left out', { url: `${V2}/tables/population/data?valuecodes[region]=*&valuecodes[time]=*` }, 400, 'Missing selection for mandantory variable', 'selection/measure'],
    ['a codelist', { url: `${V2}/tables/population/data`, payload: { selection: [{ variableCode: 'region', codelist: 'agg_Maakunnat', valueCodes: ['*'] }] } }, 400, 'Non-existent codelist', 'selection/region/agg_Maakunnat'],
    ['an unsupported format', { url: `${V2}/tables/population/data?outputFormat=xlsx` }, 400, 'Unsupported output format', null],
    ['an unsupported language', { url: `${V2}/tables/population/data?lang=de` }, 400, 'Unsupported language', 'querystring/lang'],
    ['more cells than maxDataCells', { url: `${V2}/tables/population/data?valuecodes[region]=*&valuecodes[time]=*&valuecodes[measure]=*` }, 403, 'Too many cells selected', null],
  ];
  it.each(problemCases)('refuses %s as a problem with PxWebApi\'s title and the field named', async (_name, request, status, title, field) => {
    const response = request.payload === undefined ? await ask({ url: request.url }) : await post(request.url, request.payload);
    const problem = expectProblem(response, status);
    expect(problem.title).toBe(title);
    if (field) expect(problem.errors?.map((error) => error.path)).toEqual([field]);
    if (status === 403) expect(response.json()).toMatchObject({ code: 'too-many-cells', params: { cells: 160, limit: 100 } });
  });
});
