import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LatestObservation, Series, ThingsList } from '../../../shared/schemas/sta.ts';
import { readCsv } from '../../test/csv.ts';
import { createUser, expectProblem, expectStatus, login, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { refreshAggregates } from './sta.aggregates.ts';
import { staEventsOf } from './sta.events.ts';
import { loadReadFixture, type ReadFixture } from './sta.fixture.ts';
import { ensureMonths, monthsOf } from './sta.partitions.ts';

/**
 * The living-lab pages' endpoints over data written as the read tests write it, with the
 * aggregates refreshed as the writes refresh them; every figure is checked against the test's
 * own arithmetic over the rows it inserted.
 */

let t: TestApp;
let f: ReadFixture;
let editor: Session;
/** A stream of a year at 30 minutes (2025-12-01 to 2026-12-01), and one of three days at 10 minutes. */
let year: { id: number; times: number[]; values: number[] };
let days: { id: number; times: number[]; values: number[] };
let closed = false;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A deterministic wave with noise, so buckets differ. */
const valueAt = (i: number) => Math.round((5 + 4 * Math.sin(i / 20) + ((i * 7919) % 13) / 10) * 1000) / 1000;

async function newStream(name: string, internal = false): Promise<number> {
  const { rows } = await sql<{ id: number }>`
    insert into sta_datastreams (name, description, observation_type, unit_of_measurement, thing_id, sensor_id, observed_property_id, internal)
    values (${name}, 'test stream', 'http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement', '{"name":"degree Celsius","symbol":"°C","definition":"http://unitsofmeasure.org/ucum.html#para-30"}'::jsonb,
      ${f.things[0]}, ${f.sensor}, ${f.observedProperty}, ${internal}) returning id::float8 as id`.execute(t.db.kysely);
  return rows[0].id;
}

async function insertRows(stream: number, times: number[], values: number[]) {
  await ensureMonths(t.db.kysely, monthsOf(times));
  for (let start = 0; start < times.length; start += 1000) {
    const rows = times.slice(start, start + 1000).map((time, i) => sql`(${stream}, ${new Date(time).toISOString()}::timestamptz, ${values[start + i]}::float8, ${f.features[0]})`);
    await sql`insert into sta_observations (datastream_id, phenomenon_time, result_number, feature_id) values ${sql.join(rows)}`.execute(t.db.kysely);
  }
}

async function loadStream(name: string, start: number, step: number, count: number) {
  const id = await newStream(name);
  const times = Array.from({ length: count }, (_, i) => start + i * step);
  const values = times.map((_, i) => valueAt(i));
  await insertRows(id, times, values);
  await refreshAggregates(t.db.kysely, [{ streamId: id, from: new Date(times[0]), to: new Date(times[times.length - 1]) }]);
  return { id, times, values };
}

beforeAll(async () => {
  t = await startTestApp();
  f = await loadReadFixture(t.db.kysely);
  editor = await login(t.app, (await createUser(t.db, 'editor')).email);
  await refreshAggregates(t.db.kysely, [{ streamId: f.datastreams.temperature, from: new Date(f.firstTime), to: new Date(f.firstTime + 11 * HOUR) }]);
  days = await loadStream('Three days', Date.parse('2026-10-01T00:00:00Z'), 10 * 60_000, 3 * 144);
  year = await loadStream('A year', Date.parse('2025-12-01T00:00:00Z'), 30 * 60_000, 365 * 48);
}, 120_000);
afterAll(async () => {
  if (!closed) await t?.close();
});

const get = async <T>(url: string, headers: Record<string, string> = {}) => expectStatus(await t.app.inject({ url, headers }), 200).json() as T;
const series = (id: number, query = '') => get<Series>(`/api/sta/datastreams/${id}/series${query}`);

/** The rows bucketed by the test itself: UTC hours (or days) from the epoch. */
function bucketed(times: number[], values: number[], size: number) {
  const buckets = new Map<number, number[]>();
  times.forEach((time, i) => {
    const start = Math.floor(time / size) * size;
    buckets.set(start, [...(buckets.get(start) ?? []), values[i]]);
  });
  return [...buckets].map(([start, vs]) => ({ time: new Date(start).toISOString(), value: vs.reduce((a, b) => a + b, 0) / vs.length, min: Math.min(...vs), max: Math.max(...vs), count: vs.length }));
}

function expectPoints(actual: Series['points'], expected: ReturnType<typeof bucketed>) {
  expect(actual.map((p) => [p.time, p.count, p.min, p.max])).toEqual(expected.map((p) => [p.time, p.count, p.min, p.max]));
  actual.forEach((p, i) => expect(p.value).toBeCloseTo(expected[i].value, 9));
}

describe('aggregates and the series', () => {
  it('answers raw rows when the range holds no more than the points asked', async () => {
    const answer = await series(f.datastreams.temperature);
    expect(answer).toMatchObject({ resolution: 'raw', step: 1, to: new Date(f.firstTime + 11 * HOUR).toISOString(), from: new Date(f.firstTime + 11 * HOUR - 7 * DAY).toISOString() });
    expect(answer.points.map((p) => [p.time, p.value, p.count])).toEqual(Array.from({ length: 12 }, (_, i) => [new Date(f.firstTime + i * HOUR).toISOString(), 3 + i / 2, 1]));
  });

  it('answers hours equal to the raw rows aggregated by the test, when raw would be too many', async () => {
    const from = new Date(days.times[0]).toISOString();
    const to = new Date(days.times[days.times.length - 1]).toISOString();
    const answer = await series(days.id, `?from=${from}&to=${to}&points=100`);
    expect(answer).toMatchObject({ resolution: 'hour', step: 1 });
    expect(answer.points).toHaveLength(72);
    expectPoints(answer.points, bucketed(days.times, days.values, HOUR));
  });

  it('answers several hours a point, lined up with midnight, when hours would be too many', async () => {
    const answer = await series(days.id, `?from=${new Date(days.times[0]).toISOString()}&to=${new Date(days.times[days.times.length - 1]).toISOString()}&points=30`);
    expect(answer).toMatchObject({ resolution: 'hour', step: 3 });
    expectPoints(answer.points, bucketed(days.times, days.values, 3 * HOUR));
  });

  it('answers days for a year, each equal to the raw rows of that UTC day', async () => {
    const answer = await series(year.id, `?from=2025-12-01T00:00:00Z&to=2026-11-30T23:59:59Z`);
    expect(answer).toMatchObject({ resolution: 'day', step: 1 });
    expect(answer.points).toHaveLength(365);
    expectPoints(answer.points, bucketed(year.times, year.values, DAY));
    expect(answer.points.reduce((sum, p) => sum + p.count, 0)).toBe(year.times.length);
  });

  it('defaults to the week up to the latest observation, in at most 500 points', async () => {
    const answer = await series(year.id);
    const last = year.times[year.times.length - 1];
    expect(answer).toMatchObject({ to: new Date(last).toISOString(), from: new Date(last - 7 * DAY).toISOString(), resolution: 'raw' });
    expect(answer.points).toHaveLength(7 * 48 + 1);
    expect((await series(year.id, '?points=200')).resolution).toBe('hour');
  });

  it('refreshes only what a new batch touched, and drops a bucket left empty', async () => {
    const hour = Date.parse('2026-10-02T05:00:00Z');
    await insertRows(days.id, [hour + 1_000, hour + 2_000], [100, -100]);
    await refreshAggregates(t.db.kysely, [{ streamId: days.id, from: new Date(hour + 1_000), to: new Date(hour + 2_000) }]);
    const times = [...days.times, hour + 1_000, hour + 2_000];
    const values = [...days.values, 100, -100];
    const order = times.map((_, i) => i).sort((a, b) => times[a] - times[b]);
    const query = `?from=2026-10-01T00:00:00Z&to=2026-10-03T23:59:59Z&points=100`;
    expectPoints((await series(days.id, query)).points, bucketed(order.map((i) => times[i]), order.map((i) => values[i]), HOUR));

    await sql`delete from sta_observations where datastream_id = ${days.id} and phenomenon_time >= ${new Date(hour).toISOString()}::timestamptz and phenomenon_time < ${new Date(hour + HOUR).toISOString()}::timestamptz`.execute(t.db.kysely);
    await refreshAggregates(t.db.kysely, [{ streamId: days.id, from: new Date(hour), to: new Date(hour + HOUR - 1) }]);
    const kept = days.times.map((_, i) => i).filter((i) => days.times[i] < hour || days.times[i] >= hour + HOUR);
    const answer = await series(days.id, query);
    expect(answer.points.map((p) => p.time)).not.toContain(new Date(hour).toISOString());
    expectPoints(answer.points, bucketed(kept.map((i) => days.times[i]), kept.map((i) => days.values[i]), HOUR));
    const { rows } = await sql<{ count: number }>`select count from sta_observation_aggregates where datastream_id = ${days.id} and bucket = 'day' and bucket_start = '2026-10-02T00:00:00Z'`.execute(t.db.kysely);
    expect(rows[0].count).toBe(144 - 6);
  });
});

describe('the latest observation', () => {
  it('names the stream, its unit, property and Thing with its place', async () => {
    const latest = await get<LatestObservation>(`/api/sta/datastreams/${f.datastreams.temperature}/latest`);
    expect(latest).toEqual({
      datastream: {
        id: f.datastreams.temperature,
        name: 'Temperature',
        description: 'test stream',
        unit: { name: 'degree Celsius', symbol: '°C', definition: 'http://unitsofmeasure.org/ucum.html#para-30' },
        observedProperty: { name: 'Water temperature', definition: 'http://vocab.nerc.ac.uk/collection/P01/current/TEMPPR01/' },
        thing: { id: f.things[0], name: 'Buoy one', location: { type: 'Point', coordinates: [25.235, 59.965] } },
        retention: { rawDays: null, hourlyDays: null, rawFrom: null, hourlyFrom: null },
      },
      latest: { time: new Date(f.firstTime + 11 * HOUR).toISOString(), result: 8.5 },
    });
  });

  it('answers a text result as it is', async () => {
    expect((await get<LatestObservation>(`/api/sta/datastreams/${f.datastreams.salinity}/latest`)).latest).toEqual({ time: '2026-12-01T00:00:00.000Z', result: 'brackish' });
  });
});

describe('an internal stream', () => {
  const paths = (id: number) => [`/api/sta/datastreams/${id}/series`, `/api/sta/datastreams/${id}/latest`, `/api/sta/datastreams/${id}/observations.csv`];

  it('is not found by anyone but staff, and is found by staff', async () => {
    for (const url of paths(f.datastreams.internal)) {
      expectProblem(await t.app.inject({ url }), 404);
      expectStatus(await t.app.inject({ url, headers: editor.headers }), 200);
    }
    expectProblem(await t.app.inject({ url: `/api/sta/datastreams/${f.datastreams.internal}/events` }), 404);
    expect((await get<LatestObservation>(`/api/sta/datastreams/${f.datastreams.internal}/latest`, editor.headers)).latest?.result).toBe(5.5);
  });

  it('is absent from the Things list but for staff, while its Thing stays', async () => {
    const names = (list: ThingsList) => list.items.flatMap((thing) => thing.datastreams.map((stream) => stream.name));
    const anonymous = await get<ThingsList>('/api/sta/things');
    expect(anonymous.items.map((thing) => thing.name)).toContain('Station two');
    expect(names(anonymous)).not.toContain('Internal temperature');
    expect(names(await get<ThingsList>('/api/sta/things', editor.headers))).toContain('Internal temperature');
  });
});

describe('the Things for the map', () => {
  it('gives each Thing its point and its streams with their latest values', async () => {
    const list = await get<ThingsList>('/api/sta/things');
    expect(list).toMatchObject({ total: 2, limit: 500, offset: 0 });
    const buoy = list.items.find((thing) => thing.name === 'Buoy one')!;
    expect(buoy.location).toEqual({ type: 'Point', coordinates: [25.235, 59.965] });
    const temperature = buoy.datastreams.find((stream) => stream.id === f.datastreams.temperature)!;
    expect(temperature).toMatchObject({ name: 'Temperature', observedProperty: 'Water temperature', latestResult: 8.5, latestTime: new Date(f.firstTime + 11 * HOUR).toISOString() });
    expect(temperature.unit.symbol).toBe('°C');
    const yearStream = buoy.datastreams.find((stream) => stream.id === year.id)!;
    expect(yearStream.latestResult).toBe(year.values[year.values.length - 1]);
  });

  it('pages', async () => {
    const first = await get<ThingsList>('/api/sta/things?limit=1');
    const second = await get<ThingsList>('/api/sta/things?limit=1&offset=1');
    expect([first.items[0].name, second.items[0].name]).toEqual(['Buoy one', 'Station two']);
  });
});

describe('the CSV download', () => {
  it('holds every raw row of the range, as RFC 4180 a strict reader accepts', async () => {
    const from = '2026-10-01T00:00:00Z';
    const to = '2026-10-01T23:59:59Z';
    const response = expectStatus(await t.app.inject({ url: `/api/sta/datastreams/${days.id}/observations.csv?from=${from}&to=${to}` }), 200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toContain(`talsinki-datastream-${days.id}-2026-10-01-2026-10-01.csv`);
    const [header, ...rows] = readCsv(response.body);
    expect(header).toEqual(['id', 'phenomenonTime', 'phenomenonTimeEnd', 'resultTime', 'result', 'featureOfInterestId']);
    expect(rows).toHaveLength(144);
    expect(rows.map((row) => [Date.parse(row[1]), Number(row[4])])).toEqual(days.times.slice(0, 144).map((time, i) => [time, days.values[i]]));
    expect(rows[0][1]).toBe('2026-10-01T00:00:00.000000Z');
  });

  it('reads more than a page, in order, each row once', async () => {
    const response = expectStatus(await t.app.inject({ url: `/api/sta/datastreams/${year.id}/observations.csv?from=2025-12-01T00:00:00Z&to=2026-01-31T23:59:59Z` }), 200);
    const rows = readCsv(response.body).slice(1);
    const expected = year.times.filter((time) => time < Date.parse('2026-02-01T00:00:00Z'));
    expect(rows.map((row) => Date.parse(row[1]))).toEqual(expected);
    expect(new Set(rows.map((row) => row[0])).size).toBe(expected.length);
  });

  it('writes text results as text', async () => {
    const rows = readCsv((await t.app.inject({ url: `/api/sta/datastreams/${f.datastreams.salinity}/observations.csv?from=2026-11-30T00:00:00Z&to=2026-12-02T00:00:00Z` })).body).slice(1);
    expect(rows.map((row) => [row[1], row[2], row[4]])).toEqual([['2026-12-01T00:00:00.000000Z', '2026-12-01T06:00:00.000000Z', 'brackish']]);
  });
});

describe('bad input', () => {
  const refused = async (url: string, path: string, code?: string) => {
    const problem = expectProblem(await t.app.inject({ url }), 400);
    expect(problem.errors?.[0]).toMatchObject({ path, ...(code ? { code } : {}) });
  };

  it('names the field', async () => {
    const s = `/api/sta/datastreams/${days.id}`;
    await refused(`${s}/series?from=2026-10-02T00:00:00Z&to=2026-10-01T00:00:00Z`, 'querystring/to', 'end-before-start');
    await refused(`${s}/observations.csv?from=2026-10-02T00:00:00Z&to=2026-10-01T00:00:00Z`, 'querystring/to', 'end-before-start');
    await refused(`${s}/series?from=2010-01-01T00:00:00Z&to=2026-10-01T00:00:00Z`, 'querystring/from', 'range-too-long');
    await refused(`${s}/series?points=5`, 'querystring/points');
    await refused(`${s}/series?points=2001`, 'querystring/points');
    await refused(`${s}/series?from=yesterday`, 'querystring/from');
    await refused(`${s}/series?colour=red`, 'querystring/colour');
    await refused('/api/sta/datastreams/abc/series', 'params/id');
    await refused('/api/sta/datastreams/0/latest', 'params/id');
    await refused('/api/sta/datastreams/9007199254740993/latest', 'params/id');
    await refused('/api/sta/datastreams/012/events', 'params/id');
    await refused('/api/sta/things?limit=501', 'querystring/limit');
  });

  it('answers 404 for a stream that does not exist, or is a MultiDatastream', async () => {
    expectProblem(await t.app.inject({ url: '/api/sta/datastreams/999999/series' }), 404);
    expectProblem(await t.app.inject({ url: '/api/sta/datastreams/999999/events' }), 404);
  });
});

/** An event stream read over a real connection, as a browser's EventSource reads it. */
function openEvents(port: number, id: number) {
  let text = '';
  const waiters: { test: (text: string) => boolean; resolve: () => void }[] = [];
  let response: IncomingMessage | undefined;
  const request = httpRequest({ host: '127.0.0.1', port, path: `/api/sta/datastreams/${id}/events`, headers: { accept: 'text/event-stream' } });
  const opened = new Promise<IncomingMessage>((resolve, reject) => {
    request.on('response', (res) => {
      response = res;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        for (const waiter of [...waiters]) if (waiter.test(text)) waiter.resolve();
      });
      resolve(res);
    });
    request.on('error', reject);
  });
  request.end();
  return {
    opened,
    text: () => text,
    until: (test: (text: string) => boolean) => new Promise<void>((resolve) => (test(text) ? resolve() : waiters.push({ test, resolve }))),
    ended: () => new Promise<void>((resolve) => (response!.complete ? resolve() : response!.once('end', resolve))),
    close: () => request.destroy(),
  };
}

describe('live events', () => {
  it("sends each new Observation of the stream, only that stream's, and ends when the server closes", async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const events = staEventsOf(t.app);

    const client = openEvents(port, days.id);
    const response = await client.opened;
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    await client.until((text) => text.includes(': open'));
    const entity = { '@iot.id': 77, phenomenonTime: '2026-12-05T10:00:00Z', result: 4.25 };
    events.emit({ entitySet: 'Observations', kind: 'created', id: 76, streamId: f.datastreams.temperature, entity: { ...entity, '@iot.id': 76 } });
    events.emit({ entitySet: 'Things', kind: 'created', id: 5, entity: { '@iot.id': 5 } });
    events.emit({ entitySet: 'Observations', kind: 'created', id: 77, streamId: days.id, entity });
    await client.until((text) => text.includes('id: 77'));
    const blocks = client.text().split('\n\n').filter((block) => block.startsWith('event:'));
    expect(blocks).toEqual([`event: observation\nid: 77\ndata: ${JSON.stringify(entity)}`]);

    // A client that goes away stops being written to; another is ended by the server's closing.
    client.close();
    const staying = openEvents(port, days.id);
    await staying.opened;
    await staying.until((text) => text.includes(': open'));
    events.emit({ entitySet: 'Observations', kind: 'created', id: 78, streamId: days.id, entity: { ...entity, '@iot.id': 78 } });
    await staying.until((text) => text.includes('id: 78'));
    closed = true;
    await Promise.all([t.close(), staying.ended()]);
  });
});
