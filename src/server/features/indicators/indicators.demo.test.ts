import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Indicator, IndicatorList, LinkedIndicators } from '../../../shared/schemas/indicators.ts';
import { expectStatus, startTestApp, type TestApp } from '../../test/harness.ts';
import { loadDemo } from '../demo/demo.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await loadDemo(t.db.kysely);
});
afterAll(() => t?.close());

const get = async <T>(url: string) => expectStatus(await t.app.inject({ url }), 200).json() as T;

describe('the demo region\'s indicators', () => {
  it('give the ports\' published figures with their sources, and flag every made-up one as demo', async () => {
    const list = await get<IndicatorList>('/api/indicators?limit=100');
    expect(Object.fromEntries(list.items.map((item) => [item.id, item.demo]))).toEqual({
      'cross-border-commuters': true,
      'ferry-passengers-helsinki-tallinn': false,
      'migration-finland-estonia': true,
      'foreign-citizens': true,
      population: true,
      'port-of-tallinn-passengers': false,
    });
    const tallinn = await get<Indicator>('/api/indicators/port-of-tallinn-passengers');
    expect(tallinn.headline).toBe(1);
    const at = (code: string) => tallinn.periods.findIndex((period) => period.code === code);
    expect(tallinn.series[0].values[at('2023')]).toBe(8_000_000);
    expect(tallinn.series[0].values[at('2020')]).toBe(4_300_000);
    expect(tallinn.sources[0].requests.map((request) => request.url)).toContain('https://ferryshippingnews.com/an-excellent-year-for-port-of-tallinn/');

    const ferries = await get<Indicator>('/api/indicators/ferry-passengers-helsinki-tallinn');
    const side = (code: 'FI' | 'EE') => ferries.series.find((series) => series.side === code)!;
    const year = (code: string) => ferries.periods.findIndex((period) => period.code === code);
    expect(side('FI').values[year('2017')]).toBe(9_012_000);
    expect(side('EE').values[year('2018')]).toBe(8_830_000);
    expect(side('EE').statuses[year('2014')]).toBe('e');
    // Never summed: a year only one port published has a figure on one side only.
    expect(side('FI').values[year('2012')]).toBeNull();
  });

  it('give the ferry figures as evidence of the demo bottleneck about ferry and city tickets, with no made-up target', async () => {
    const ferries = await get<Indicator>('/api/indicators/ferry-passengers-helsinki-tallinn');
    const [evidence] = ferries.targets;
    expect(evidence).toMatchObject({ kind: 'bottleneck', title: { en: 'Ferry tickets and Helsinki and Tallinn public transport tickets are not integrated' }, baseline: null, target: null });
    const linked = await get<LinkedIndicators>(`/api/bottlenecks/${evidence.ref}/indicators`);
    expect(linked.items).toEqual([expect.objectContaining({ slug: 'ferry-passengers-helsinki-tallinn', region: { code: 'fi-kunta:091', name: expect.objectContaining({ en: 'Helsinki' }) }, latest: { value: 8_925_000, period: '2019' }, progress: null })]);
  });
});
