import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, startTestApp, type TestApp } from '../../test/harness.ts';
import { loadDemo } from '../demo/demo.service.ts';
import { DEMO_THINGS, demoTimes, loadSensorDemo } from './sta.demo.ts';
import { demoValue, isDemoModel } from './sta.demo.model.ts';

/**
 * The Baltic demo as a SensorThings client and the catalogue see it: real stations named as the
 * reference names them with their unconfirmed places flagged, the demo's own named "(demo)", each
 * with its sources and `demo: true`; every stream's rows at its cadence over the days asked, the
 * values its model gives, and the lifted buoy silent in winter.
 */

let t: TestApp;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The demo's clock: the last week of January 2026 and the first of February (the Suomenlinna buoy is out of the water). */
const NOW = Date.UTC(2026, 1, 3, 12, 5);
const DAYS = 10;

type Thing = { '@iot.id': number; name: string; description: string; properties: { demo: boolean; source: string[]; operator: string; unconfirmed?: string[] }; Locations: { location: { coordinates: number[] } }[]; Datastreams: Stream[] };
type Stream = { '@iot.id': number; name: string; properties: { demoModel: string; demoKey: number; everyMinutes: number }; phenomenonTime?: string };

beforeAll(async () => {
  t = await startTestApp({ publicUrl: 'https://talsinki.example' });
  await loadDemo(t.db.kysely, { publicUrl: 'https://talsinki.example', sensors: { days: DAYS, now: NOW } });
});
afterAll(() => t?.close());

const get = async <T>(path: string) => expectStatus(await t.app.inject({ url: path }), 200).json() as T;
const things = () => get<{ value: Thing[] }>('/sta/v1.1/Things?$expand=Locations,Datastreams&$orderby=id&$top=100').then((answer) => answer.value);

describe('the Baltic demo', () => {
  it('names real stations as the reference does, flags their unconfirmed places, and labels the rest demo, each with its sources', async () => {
    const list = await things();
    expect(list.map((thing) => thing.name)).toEqual(DEMO_THINGS.map((thing) => thing.name));
    for (const thing of list) {
      expect(thing.properties.demo).toBe(true);
      expect(thing.properties.source.length).toBeGreaterThan(0);
      for (const source of thing.properties.source) expect(source).toMatch(/^REFERENCE-2\.md §\d/);
      const real = thing.properties.operator !== 'Talsinki demo';
      // A real name keeps its place only as the reference gives it, flagged; a demo station says so in its name.
      if (real) expect(thing.properties.unconfirmed).toEqual(['location']);
      else expect(thing.name).toMatch(/\(demo\)$/);
      expect(thing.description).toMatch(/Demo/);
      expect(thing.Locations).toHaveLength(1);
    }
    const mareograph = list.find((thing) => thing.name === 'Helsinki mareograph (Kaivopuisto)')!;
    expect(mareograph.Locations[0].location.coordinates).toEqual([24.96, 60.15]);
  });

  it('writes each stream at its cadence over the days asked, with the values its model gives', async () => {
    for (const thing of await things()) {
      const def = DEMO_THINGS.find((one) => one.name === thing.name)!;
      for (const [index, stream] of thing.Datastreams.entries()) {
        expect(isDemoModel(stream.properties.demoModel)).toBe(true);
        const end = Math.floor(NOW / (10 * 60_000)) * 10 * 60_000 - (def.endedDaysAgo ?? 0) * DAY;
        const expected = demoTimes(def.streams[index], end - DAYS * DAY, end);
        const { rows } = await sql<{ n: number; first: number; last: number }>`select count(*)::int as n, (extract(epoch from min(phenomenon_time)) * 1000)::float8 as first,
          (extract(epoch from max(phenomenon_time)) * 1000)::float8 as last from sta_observations where datastream_id = ${stream['@iot.id']}`.execute(t.db.kysely);
        expect(rows[0].n, stream.name).toBe(expected.length);
        if (expected.length === 0) continue;
        expect([rows[0].first, rows[0].last]).toEqual([expected[0], expected[expected.length - 1]]);
        const latest = await get<{ value: { result: number; phenomenonTime: string }[] }>(`/sta/v1.1/Datastreams(${stream['@iot.id']})/Observations?$orderby=phenomenonTime desc&$top=1`);
        const at = Date.parse(latest.value[0].phenomenonTime);
        expect(latest.value[0].result).toBe(demoValue(stream.properties.demoModel as never, stream.properties.demoKey, at));
      }
    }
  });

  it('keeps the Suomenlinna buoy silent while it is lifted (December to April)', async () => {
    const buoy = (await things()).find((thing) => thing.name === 'Helsinki Suomenlinna wave buoy')!;
    for (const stream of buoy.Datastreams) {
      const answer = await get<{ '@iot.count': number }>(`/sta/v1.1/Datastreams(${stream['@iot.id']})/Observations?$count=true&$top=0`);
      expect(answer['@iot.count']).toBe(0);
    }
  });

  it('gives the values the seasons and the day would', async () => {
    // Cold water in winter, algae low; passengers only while the terminals are open.
    const values = async (model: string) =>
      (
        await sql<{ v: number }>`select o.result_number as v from sta_observations o join sta_datastreams d on d.id = o.datastream_id where d.properties->>'demoModel' = ${model}`.execute(t.db.kysely)
      ).rows.map((row) => row.v);
    for (const v of await values('water-temperature')) expect(v).toBeGreaterThanOrEqual(0), expect(v).toBeLessThan(6);
    for (const v of await values('chlorophyll')) expect(v).toBeLessThan(4);
    for (const v of await values('salinity')) expect(v).toBeGreaterThan(4), expect(v).toBeLessThan(6.5);
    const counts = await values('passengers');
    expect(counts.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
    // A day at both terminals comes near the route's yearly passengers a day (8,925,000 / 365), less in winter.
    const perDay = counts.reduce((a, b) => a + b, 0) / DAYS;
    expect(perDay).toBeGreaterThan(15_000);
    expect(perDay).toBeLessThan(24_500);
  });

  it('gives the pilots their stations, whose streams reach the catalogue through the pilots’ datasets', async () => {
    const pilot = await get<{ things: { name: string; datastreams: unknown[] }[]; dataset: string | null }>('/api/pilots/demo-ferry-terminal-flow');
    expect(pilot.things.map((thing) => thing.name)).toEqual(['Demo passenger counter: Helsinki terminal (demo)', 'Demo passenger counter: Tallinn terminal (demo)']);
    const dataset = await get<{ result: { resources: { url: string }[] } }>(`/api/3/action/package_show?id=${pilot.dataset}`);
    expect(dataset.result.resources.map((resource) => resource.url)).toEqual(expect.arrayContaining([expect.stringMatching(/^https:\/\/talsinki\.example\/sta\/v1\.1\/Datastreams\(\d+\)\/Observations$/)]));
  });

  it('loads once', async () => {
    expect(await loadSensorDemo(t.db.kysely, { days: DAYS, now: NOW })).toBeNull();
    expect((await things()).length).toBe(DEMO_THINGS.length);
  });
});
