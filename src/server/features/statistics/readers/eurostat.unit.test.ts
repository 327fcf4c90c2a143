import { describe, expect, it } from 'vitest';
import type { Cube } from '../cube.ts';
import { eurostatPopulationCube, fakeServerForTests, startEurostatServer, subCube, type EurostatFakeOptions } from '../test/servers.ts';
import { collect, selection, testRun } from '../test/readers.ts';
import { readSource, type StatSource } from './index.ts';

/** The Eurostat reader against the loopback Eurostat (real HTTP). */

const cube = eurostatPopulationCube();
const dataset = 'demo_r_pjangrp3';
const dataPath = `/eurostat/api/dissemination/statistics/1.0/data/${dataset}`;
const years = ['2019', '2020', '2021', '2022', '2023', '2024'];
const fixed = { freq: ['A'], unit: ['NR'], age: ['TOTAL'] };

const RESET: Partial<EurostatFakeOptions> = { asyncAbove: 1_000_000, maxCells: 5_000_000, unknownCode: 'empty-value', failPaths: undefined, truncate: undefined, garbage: undefined, rawBody: undefined };

const server = fakeServerForTests(startEurostatServer, RESET);

function source(query: Record<string, unknown>): StatSource {
  return { kind: 'eurostat', url: server().url, tableRef: dataset, query, language: 'en' };
}

/** Codes, labels, roles, figures and symbols: what must be the same cell for cell. (Eurostat's answer gives no roles but time and geo.) */
function figures(of: Cube) {
  return {
    dimensions: of.dimensions.map((dimension) => ({ code: dimension.code, role: dimension.role === 'metric' ? null : dimension.role, values: dimension.values.map((value) => [value.code, value.label]) })),
    values: Array.from(of.values, (value) => (Number.isNaN(value) ? null : value)),
    statuses: Object.fromEntries([...of.statuses].sort((a, b) => a[0] - b[0])),
  };
}

const both = (time = years, sex = ['T', 'M', 'F']) => figures(subCube(cube, selection({ ...fixed, sex, geo: ['FI1B1', 'EE001'], time })));

describe('Eurostat reader', () => {
  it('reads a dataset with the source’s filters: one GET, the sparse answer as the whole table', async () => {
    const run = testRun();
    const { tables, errors } = await collect(readSource(source({ geo: ['FI1B1', 'EE001'], sex: ['T'], time: { top: 3 } }), run.context));
    expect(errors).toEqual([]);
    const [read] = tables;
    expect(figures(read.cube)).toEqual(both(['2022', '2023', '2024'], ['T']));
    expect(read.cube.id).toBe(dataset);
    expect(read.cube.statuses.size).toBeGreaterThan(0);
    expect(read.cube.statusLabels?.[':']).toEqual({ en: 'not available' });
    expect(read.requests).toEqual([{ method: 'GET', url: `${server().url}/statistics/1.0/data/${dataset}?format=JSON&lang=EN&geo=FI1B1&geo=EE001&sex=T&lastTimePeriod=3` }]);
    expect(run.progress).toEqual([[0, 1], [1, 1]]);
  });

  it('splits an extract Eurostat finds too big by the dimensions the source lists, as often as it takes', async () => {
    server().set({ maxCells: 20 });
    const { tables, errors } = await collect(readSource(source({ geo: ['FI1B1', 'EE001'] }), testRun().context));
    expect(errors).toEqual([]);
    expect(figures(tables[0].cube)).toEqual(both());
    expect(tables[0].requests.map((request) => new URL(request.url).searchParams.getAll('geo'))).toEqual([['FI1B1'], ['EE001']]);

    // Five cells at most: sex, geo and time each halved, down to parts of at most 5 cells.
    server().set({ maxCells: 5 });
    const many = await collect(readSource(source({ geo: ['FI1B1', 'EE001'], sex: ['T', 'M', 'F'], time: years }), testRun().context));
    expect(many.errors).toEqual([]);
    expect(figures(many.tables[0].cube)).toEqual(both());
    expect(many.tables[0].requests.length).toBeGreaterThanOrEqual(8);
  });

  it('asks for a narrower selection when nothing the source lists can be split', async () => {
    server().set({ maxCells: 10 });
    const { tables, errors } = await collect(readSource(source({ sex: ['T'], time: '*' }), testRun().context));
    expect(tables).toEqual([]);
    expect(errors).toEqual([{ problem: { code: 'eurostat-too-big', params: { dataset } }, identifier: dataset }]);
  });

  it('leaves an extract Eurostat is still preparing to the next run, which reads it', async () => {
    server().set({ asyncAbove: 10 });
    const first = await collect(readSource(source({ geo: ['FI1B1', 'EE001'] }), testRun().context));
    expect(first).toEqual({ tables: [], errors: [{ problem: { code: 'eurostat-not-ready', params: { dataset } }, identifier: dataset }] });
    expect(server().requests).toHaveLength(1);
    const next = await collect(readSource(source({ geo: ['FI1B1', 'EE001'] }), testRun().context));
    expect(next.errors).toEqual([]);
    expect(figures(next.tables[0].cube)).toEqual(both());

    // Said with 200 and a warning: not asked again either.
    const warning = { warning: { status: 413, id: 413, label: 'ASYNCHRONOUS_RESPONSE. Your request will be treated asynchronously.' } };
    server().set({ rawBody: () => ({ status: 200, body: JSON.stringify(warning) }) });
    server().requests.length = 0;
    expect((await collect(readSource(source({ geo: ['FI1B1'] }), testRun().context))).errors).toEqual([
      { problem: { code: 'eurostat-not-ready', params: { dataset } }, identifier: dataset },
    ]);
    expect(server().requests).toHaveLength(1);
  });

  it('names codes Eurostat does not have: no figures at all, or the table without them', async () => {
    for (const unknownCode of ['empty-value', 'fault-100'] as const) {
      server().set({ unknownCode });
      expect(await collect(readSource(source({ geo: ['XX999'] }), testRun().context))).toEqual({
        tables: [],
        errors: [{ problem: { code: 'eurostat-no-data', params: { dataset } }, identifier: dataset }],
      });
    }
    server().set({ unknownCode: 'empty-value' });
    const { tables, errors } = await collect(readSource(source({ geo: ['FI1B1', 'XX999'] }), testRun().context));
    expect(figures(tables[0].cube)).toEqual(figures(subCube(cube, selection({ ...fixed, sex: ['T', 'M', 'F'], geo: ['FI1B1'], time: years }))));
    expect(errors).toEqual([{ problem: { code: 'pxweb-value-unknown', params: { dimension: 'geo', value: 'XX999' } }, identifier: dataset }]);
    // A filter Eurostat cannot take: refused before asking.
    expect((await collect(readSource(source({ geo: 'FI*' }), testRun().context))).errors).toEqual([
      { problem: { code: 'pxweb-value-unknown', params: { dimension: 'geo', value: 'FI*' } }, identifier: dataset },
    ]);
  });

  it('reads through a 502, and names a dataset Eurostat does not have', async () => {
    server().set({ failPaths: (path, hit) => path.startsWith(dataPath) && hit === 1 && 502 });
    const run = testRun();
    const { tables } = await collect(readSource(source({ geo: ['FI1B1', 'EE001'] }), run.context));
    expect(figures(tables[0].cube)).toEqual(both());
    expect(run.clock.waits.map((wait) => wait.by)).toEqual(['client']);

    server().set({ failPaths: undefined });
    const missing = await collect(readSource({ ...source({}), tableRef: 'nope' }, testRun().context));
    expect(missing.errors).toEqual([{ problem: { code: 'eurostat-refused', params: { dataset: 'nope', status: 404, detail: 'No results found' } }, identifier: 'nope' }]);
  });
});
