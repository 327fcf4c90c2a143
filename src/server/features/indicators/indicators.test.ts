import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import JSONstat from 'jsonstat-toolkit';
import type { Indicator, IndicatorList, IndicatorRegionList } from '../../../shared/schemas/indicators.ts';
import { expectProblem, expectStatus, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';
import type { Cube, CubeDimension } from '../statistics/cube.ts';
import { cellCount } from '../statistics/cube.ts';
import { storeCube } from '../statistics/statistics.store.ts';
import { saveIndicator } from './indicators.write.ts';

let t: TestApp;

const dimension = (code: string, role: CubeDimension['role'], codes: string[]): CubeDimension => ({
  code, label: { en: code }, role, values: codes.map((value) => ({ code: value, label: { en: `label ${value}` } })),
});

/** A cube whose cell i holds figure(i), region × time (× extra). */
function cube(id: string, dimensions: CubeDimension[], figure: (cell: number) => number): Cube {
  const values = new Float64Array(cellCount(dimensions));
  for (let i = 0; i < values.length; i++) values[i] = figure(i);
  return { id, title: { en: id }, languages: ['en'], dimensions, values, statuses: new Map(), notes: [] };
}

async function source(name: string, kind: 'pxweb' | 'eurostat', url: string) {
  return (await t.db.kysely.insertInto('stat_sources').values({ name, kind, url, table_ref: name }).returning('id').executeTakeFirstOrThrow()).id;
}

const get = async <T>(url: string) => expectStatus(await t.app.inject({ url }), 200).json() as T;

beforeAll(async () => {
  t = await startTestApp();
  const db = t.db.kysely;
  const fi = await source('statfin-vaerak', 'pxweb', 'https://pxdata.example.test/fi');
  const ee = await source('stat-ee-rv', 'pxweb', 'https://andmed.example.test/et');
  // Finland: StatFin-like codes and quarters written 2023Q1; Estonia: its own codes and 2023-Q1.
  const fiPopulation = cube('11ra', [dimension('Alue', 'geo', ['MK01', 'KU091']), dimension('Vuosineljännes', 'time', ['2023Q1', '2023Q2', '2023Q3'])], (i) => [1_700_000, 1_710_000, 1_720_000, 660_000, 662_000, 664_000][i]);
  fiPopulation.values[5] = Number.NaN;
  fiPopulation.statuses.set(5, '..');
  const eePopulation = cube('RV021', [dimension('Maakond', 'geo', ['37', '0784']), dimension('Vaatlusperiood', 'time', ['2023-Q2', '2023-Q3', '2023-Q4'])], (i) => [610_000, 612_000, 614_000, 450_000, 452_000, 454_000][i]);
  const stored = await db.transaction().execute(async (trx) => ({
    fi: await storeCube(trx, { sourceId: fi, runId: null, cube: fiPopulation, requests: [{ method: 'POST', url: 'https://pxdata.example.test/fi/11ra.px', body: { query: [] } }] }),
    ee: await storeCube(trx, { sourceId: ee, runId: null, cube: eePopulation, requests: [{ method: 'POST', url: 'https://andmed.example.test/et/RV021.px' }] }),
  }));
  // Foreign citizens by citizenship (kept), Finland only.
  const citizens = cube('11rh', [dimension('Alue', 'geo', ['KU091']), dimension('Kansalaisuus', null, ['EE', 'RU']), dimension('Vuosineljännes', 'time', ['2023Q1', '2023Q2'])], (i) => [100, 110, 200, 210][i]);
  const storedCitizens = await db.transaction().execute((trx) => storeCube(trx, { sourceId: fi, runId: null, cube: citizens, requests: [] }));
  await db.transaction().execute(async (trx) => {
    await saveIndicator(trx, {
      slug: 'population', name: { en: 'Population', fi: 'Väkiluku' }, unit: { en: 'persons' }, frequency: 'Q', domain: null, demo: true, headline: 1,
      series: [
        { side: 'FI', tableId: stored.fi.tableId, regionDimension: 'Alue', regionMap: { MK01: 'nuts:FI1B1', KU091: 'fi-kunta:091' } },
        { side: 'EE', tableId: stored.ee.tableId, regionDimension: 'Maakond', regionMap: { '37': 'nuts:EE001', '0784': 'ee-ehak:0784' } },
      ],
    });
    await saveIndicator(trx, {
      slug: 'foreign-citizens', name: { en: 'Foreign citizens' }, frequency: 'Q', demo: true, perCapitaOf: 'population', perCapitaScale: 1000,
      series: [{ side: 'FI', tableId: storedCitizens.tableId, regionDimension: 'Alue', regionMap: { KU091: 'fi-kunta:091' }, kept: ['Kansalaisuus'] }],
    });
    await saveIndicator(trx, { slug: 'unpublished-draft', name: { en: 'Draft' }, frequency: 'A', published: false, series: [] });
  });
});
afterAll(() => t?.close());

describe('an indicator', () => {
  it('puts both sides on one axis of periods, each source code mapped to its region and each quarter written one way', async () => {
    const population = await get<Indicator>('/api/indicators/population');
    expect(population.periods.map((period) => period.code)).toEqual(['2023-Q1', '2023-Q2', '2023-Q3', '2023-Q4']);
    expect(population.periods[3]).toEqual({ code: '2023-Q4', start: '2023-10-01', end: '2024-01-01' });
    const byRegion = Object.fromEntries(population.series.map((series) => [series.region, series]));
    expect(byRegion['nuts:FI1B1'].values).toEqual([1_700_000, 1_710_000, 1_720_000, null]);
    expect(byRegion['nuts:EE001'].values).toEqual([null, 610_000, 612_000, 614_000]);
    expect(byRegion['fi-kunta:091']).toMatchObject({ side: 'FI', values: [660_000, 662_000, null, null], statuses: { 2: '..' } });
    expect(population.regions.map((region) => region.code)).toEqual(['nuts:EE001', 'ee-ehak:0784', 'nuts:FI1B1', 'fi-kunta:091']);
    expect(population.sources.map((source) => [source.side, source.table.externalId, source.vintages])).toEqual([['FI', '11ra', 1], ['EE', 'RV021', 1]]);
    expect(population.sources[0].requests[0]).toMatchObject({ method: 'POST', url: 'https://pxdata.example.test/fi/11ra.px' });
    expect(population.measures).toEqual(['absolute', 'index']);
  });

  it('is indexed to a base period, the first with every figure when none is asked for', async () => {
    const indexed = await get<Indicator>('/api/indicators/population?measure=index&base=2023-Q2');
    const fi = indexed.series.find((series) => series.region === 'nuts:FI1B1')!;
    expect(indexed.base).toBe('2023-Q2');
    expect(fi.values[1]).toBe(100);
    expect(fi.values[2]).toBeCloseTo((1_720_000 / 1_710_000) * 100, 9);
    expectProblem(await t.app.inject({ url: '/api/indicators/population?measure=index&base=1999' }), 400);
  });

  it('is shown per inhabitant of the same region and period, keeping its other dimensions as they are', async () => {
    const perCapita = await get<Indicator>('/api/indicators/foreign-citizens?measure=per-capita');
    expect(perCapita.dimensions).toEqual([{ code: 'Kansalaisuus', label: { en: 'Kansalaisuus' }, values: [{ code: 'EE', label: { en: 'label EE' } }, { code: 'RU', label: { en: 'label RU' } }] }]);
    const estonians = perCapita.series.find((series) => series.kept.Kansalaisuus === 'EE')!;
    expect(estonians.values[0]).toBeCloseTo((100 / 660_000) * 1000, 12);
    expect(estonians.values[1]).toBeCloseTo((110 / 662_000) * 1000, 12);
    const problem = expectProblem(await t.app.inject({ url: '/api/indicators/population?measure=per-capita' }), 400);
    expect(problem.errors?.[0]).toMatchObject({ path: 'measure', code: 'one-of' });
  });

  it('is written as CSV, a row per figure with its status and source, that a CSV reader reads back', async () => {
    const response = expectStatus(await t.app.inject({ url: '/api/indicators/population.csv?lang=fi' }), 200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = parse(response.body, { columns: true, bom: true }) as Record<string, string>[];
    const missing = rows.find((row) => row.region === 'fi-kunta:091' && row.period === '2023-Q3')!;
    expect(missing).toMatchObject({ value: '', status: '..', side: 'FI', source_table: '11ra', region_name: 'Helsinki', is_demo: 'true' });
    expect(rows.filter((row) => row.region === 'nuts:EE001').map((row) => Number(row.value))).toEqual([610_000, 612_000, 614_000]);
    expect(rows).toHaveLength(3 + 3 + 3 + 3);
  });

  it('is listed with the newest figure of each side, filtered by region and words; a draft only to staff', async () => {
    const all = await get<IndicatorList>('/api/indicators');
    expect(all.items.map((item) => item.id)).toEqual(['foreign-citizens', 'population']);
    const population = all.items.find((item) => item.id === 'population')!;
    expect(population.latest).toEqual([
      { side: 'FI', region: 'nuts:FI1B1', regionName: { fi: 'Uusimaa', et: 'Uusimaa', en: 'Helsinki-Uusimaa', sv: 'Nyland', ru: 'Уусимаа' }, period: '2023-Q3', value: 1_720_000 },
      { side: 'EE', region: 'nuts:EE001', regionName: { fi: 'Harjumaa', et: 'Harju maakond', en: 'Harju County', sv: 'Harju län', ru: 'Харьюмаа' }, period: '2023-Q4', value: 614_000 },
    ]);
    expect(population.sources).toEqual(['statfin-vaerak', 'stat-ee-rv']);
    // The same series along the newest periods, for the list's small chart.
    expect(population.trend).toEqual({
      periods: ['2023-Q1', '2023-Q2', '2023-Q3', '2023-Q4'],
      series: [
        { side: 'FI', region: 'nuts:FI1B1', values: [1_700_000, 1_710_000, 1_720_000, null] },
        { side: 'EE', region: 'nuts:EE001', values: [null, 610_000, 612_000, 614_000] },
      ],
    });
    expect((await get<IndicatorList>('/api/indicators?region=ee-ehak:0784')).items.map((item) => item.id)).toEqual(['population']);
    expect((await get<IndicatorList>('/api/indicators?q=FOREIGN')).items.map((item) => item.id)).toEqual(['foreign-citizens']);
    expect((await get<IndicatorList>('/api/indicators?headline=true')).items.map((item) => item.id)).toEqual(['population']);
    expectProblem(await t.app.inject({ url: '/api/indicators/unpublished-draft' }), 404);
    expectProblem(await t.app.inject({ url: '/api/indicators/no-such-thing' }), 404);
    expectProblem(await t.app.inject({ url: '/api/indicators/Not%20A%20Slug' }), 400);
  });

  it('names the regions it can be filtered by: every statistical region, parents first, with how many indicators have its figures', async () => {
    const { items } = await get<IndicatorRegionList>('/api/indicators/regions');
    const count = (code: string) => items.find((region) => region.code === code)?.indicators;
    expect([count('fi-kunta:091'), count('nuts:FI1B1'), count('nuts:EE001'), count('ee-ehak:0784'), count('fi-kunta:049')]).toEqual([2, 1, 1, 1, 0]);
    expect(items.find((region) => region.code === 'fi-kunta:091')).toMatchObject({ country: 'FI', scheme: 'fi-kunta', parent: 'nuts:FI1B1', name: { en: 'Helsinki' } });
    // Within each country, a region comes after its parent.
    const at = new Map(items.map((region, index) => [region.code, index]));
    for (const region of items) if (region.parent && at.has(region.parent)) expect(at.get(region.parent)).toBeLessThan(at.get(region.code)!);
    // Every region it counts is one the list's filter finds as many indicators for.
    for (const region of items.filter((one) => one.indicators > 0)) {
      expect((await get<IndicatorList>(`/api/indicators?region=${encodeURIComponent(region.code)}`)).total).toBe(region.indicators);
    }
  });

  it('is listed with the figures of its own answer: each side\'s largest region, its newest figure and its trend (the list reads them in a few queries)', async () => {
    const all = await get<IndicatorList>('/api/indicators?limit=100');
    expect(all.items.length).toBeGreaterThan(0);
    for (const item of all.items) {
      const detail = await get<Indicator>(`/api/indicators/${item.id}`);
      const level = (code: string) => detail.regions.find((region) => region.code === code)?.level ?? 99;
      for (const side of ['FI', 'EE', 'EU'] as const) {
        const whole = detail.series.filter((one) => one.side === side && Object.keys(one.kept).length === 0);
        const largest = whole.sort((a, b) => level(a.region) - level(b.region))[0];
        const newest = largest ? largest.values.findLastIndex((value) => value !== null) : -1;
        const listed = item.latest.find((one) => one.side === side);
        if (newest < 0) {
          expect(listed, `${item.id} ${side}`).toBeUndefined();
          continue;
        }
        expect(listed, `${item.id} ${side}`).toMatchObject({ region: largest.region, period: detail.periods[newest].code, value: largest.values[newest] });
        const from = Math.max(0, detail.periods.length - item.trend.periods.length);
        expect(item.trend.periods).toEqual(detail.periods.slice(from).map((period) => period.code));
        expect(item.trend.series.find((one) => one.side === side)?.values).toEqual(largest.values.slice(from));
      }
    }
  });

  it('is listed from a page kept until anything of an indicator changes, the staff\'s page (drafts) apart and not for shared caches', async () => {
    const first = expectStatus(await t.app.inject({ url: '/api/indicators' }), 200);
    expect(first.headers['cache-control']).toBe('public, no-cache');
    expectStatus(await t.app.inject({ url: '/api/indicators', headers: { 'if-none-match': String(first.headers.etag) } }), 304);
    const { session } = await loginAs(t, 'editor');
    const staff = expectStatus(await t.app.inject({ url: '/api/indicators', headers: session.headers }), 200);
    expect(staff.headers['cache-control']).toBe('private, no-cache');
    expect((staff.json() as IndicatorList).items.map((item) => item.id)).toContain('unpublished-draft');
    expect((first.json() as IndicatorList).items.map((item) => item.id)).not.toContain('unpublished-draft');
    // A change of an indicator moves the statistics version: the next list is read again.
    await t.db.kysely.updateTable('indicators').set({ name: JSON.stringify({ en: 'Population, renamed' }) }).where('slug', '=', 'population').execute();
    const renamed = await get<IndicatorList>('/api/indicators');
    expect(renamed.items.find((item) => item.id === 'population')?.name).toEqual({ en: 'Population, renamed' });
    await t.db.kysely.updateTable('indicators').set({ name: JSON.stringify({ en: 'Population', fi: 'Väkiluku' }) }).where('slug', '=', 'population').execute();
  });

  it('is a JSON-stat 2.0 dataset a JSON-stat client reads, with roles, statuses and its sources, kept until its figures change', async () => {
    const first = expectStatus(await t.app.inject({ url: '/api/indicators/population.json?lang=fi' }), 200);
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    const dataset = JSONstat(first.json()).Dataset(0);
    expect(dataset.id).toEqual(['region', 'time', 'measure']);
    expect(dataset.role?.geo).toEqual(['region']);
    expect(dataset.role?.time).toEqual(['time']);
    expect(dataset.role?.metric).toEqual(['measure']);
    expect(dataset.Dimension('region').Category('fi-kunta:091').label).toBe('Helsinki');
    expect(dataset.Data({ region: 'nuts:EE001', time: '2023-Q4', measure: 'absolute' })).toEqual({ value: 614_000, status: null });
    expect(dataset.Data({ region: 'fi-kunta:091', time: '2023-Q3', measure: 'absolute' })).toEqual({ value: null, status: '..' });
    expect(dataset.Data({ region: 'nuts:EE001', time: '2023-Q1', measure: 'absolute' }).value).toBeNull();
    const extension = dataset.extension as { source: { side: string; table: string }[]; talsinki: { demo: boolean } };
    expect(extension.source.map((source) => [source.side, source.table])).toEqual([['FI', '11ra'], ['EE', 'RV021']]);
    expect(extension.talsinki.demo).toBe(true);

    const etag = first.headers.etag as string;
    expect(expectStatus(await t.app.inject({ url: '/api/indicators/population.json?lang=fi', headers: { 'if-none-match': etag } }), 304).body).toBe('');
    const gzipped = await t.app.inject({ url: '/api/indicators/population.json?lang=fi', headers: { 'accept-encoding': 'gzip' } });
    expect(gzipped.headers['content-encoding']).toBe('gzip');

    // A revision of Estonia's figures is a new vintage: the kept answer is not served again.
    const table = await t.db.kysely.selectFrom('stat_tables').select(['id', 'source_id']).where('external_id', '=', 'RV021').executeTakeFirstOrThrow();
    const revised = { id: 'RV021', title: { en: 'RV021' }, languages: ['en'], notes: [], statuses: new Map<number, string>(),
      dimensions: [dimension('Maakond', 'geo', ['37', '0784']), dimension('Vaatlusperiood', 'time', ['2023-Q2', '2023-Q3', '2023-Q4'])],
      values: Float64Array.from([610_000, 612_000, 615_500, 450_000, 452_000, 454_000]) };
    const stored = await t.db.kysely.transaction().execute((trx) => storeCube(trx, { sourceId: table.source_id, runId: null, cube: revised, requests: [] }));
    expect(stored).toMatchObject({ outcome: 'updated', changedCells: 1 });
    const after = expectStatus(await t.app.inject({ url: '/api/indicators/population.json?lang=fi', headers: { 'if-none-match': etag } }), 200);
    expect(JSONstat(after.json()).Dataset(0).Data({ region: 'nuts:EE001', time: '2023-Q4', measure: 'absolute' }).value).toBe(615_500);
    const detail = await get<Indicator>('/api/indicators/population');
    expect(detail.sources.find((source) => source.side === 'EE')).toMatchObject({ vintages: 2, changedCells: 1 });
  });
});
