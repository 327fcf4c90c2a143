import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Retention, Series } from '../../../shared/schemas/sta.ts';
import { expectProblem, expectStatus, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { writeToken } from './sta.fixture.ts';
import { applyRetention, claimRetentionRun, retentionTick } from './sta.retention.ts';

/**
 * Retention and downsampling per Datastream: an editor sets it, writes before the kept range are
 * refused (by POST, data array and PATCH), the nightly job (run here with a clock four months into
 * 2001) deletes raw rows, then hours, empties whole partitions no stream needs, and the chart
 * still draws every range from what is kept, with the same figures the raw rows gave.
 */

let t: TestApp;
let editor: Session;
let token: string;
let streamId: number;
let neighbourId: number;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.UTC(2001, 0, 1);
/** Hourly values from 2001-01-01 to 2001-05-01 (120 days): a value per hour whose day means are easy to check. */
const HOURS = 120 * 24;
const valueAt = (i: number) => (i % 24) + Math.floor(i / 24) / 100;
/** The job's clock: 2001-05-01T06:00Z. */
const JOB_NOW = START + HOURS * HOUR + 6 * HOUR;

const MEASUREMENT = 'http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement';
const as = (secret: string) => ({ authorization: `Bearer ${secret}` });
const sta = (method: 'POST' | 'PATCH' | 'GET', path: string, payload?: unknown) => t.app.inject({ method, url: `/sta/v1.1/${path}`, headers: as(token), ...(payload === undefined ? {} : { payload: payload as object }) });
const putRetention = (id: number, body: unknown, headers = editor.headers) => t.app.inject({ method: 'PUT', url: `/api/sta/datastreams/${id}/retention`, headers, payload: body as object });
const series = async (from: number, to: number, points = 500) =>
  expectStatus(await t.app.inject({ url: `/api/sta/datastreams/${streamId}/series?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}&points=${points}` }), 200).json() as Series;
const rawCount = async (id: number, before?: number) =>
  (await sql<{ n: number }>`select count(*)::int as n from sta_observations where datastream_id = ${id} ${before === undefined ? sql`` : sql`and phenomenon_time < ${new Date(before).toISOString()}::timestamptz`}`.execute(t.db.kysely)).rows[0].n;
const buckets = async (bucket: 'hour' | 'day') =>
  (
    await sql<{ start: number; count: number; sum: number }>`select (extract(epoch from bucket_start) * 1000)::float8 as start, count, sum from sta_observation_aggregates
      where datastream_id = ${streamId} and bucket = ${bucket} order by bucket_start`.execute(t.db.kysely)
  ).rows;

async function newStream(name: string): Promise<number> {
  const thing = expectStatus(
    await sta('POST', 'Things', {
      name,
      description: 'a buoy (test)',
      Locations: [{ name: `${name} place`, description: 'on the gulf', encodingType: 'application/geo+json', location: { type: 'Point', coordinates: [25, 59.9] } }],
      Datastreams: [
        {
          name: `${name} temperature`,
          description: 'water temperature',
          observationType: MEASUREMENT,
          unitOfMeasurement: { name: 'degree Celsius', symbol: '°C', definition: 'http://unitsofmeasure.org/ucum.html#para-30' },
          Sensor: { name: 'CTD', description: 'probe', encodingType: 'application/pdf', metadata: 'https://example.org/ctd.pdf' },
          ObservedProperty: { name: 'Water temperature', definition: 'http://vocab.nerc.ac.uk/collection/P01/current/TEMPPR01/', description: 'sea water temperature' },
        },
      ],
    }),
    201,
  ).json() as { '@iot.id': number };
  const streams = expectStatus(await sta('GET', `Things(${thing['@iot.id']})/Datastreams`), 200).json() as { value: { '@iot.id': number }[] };
  return streams.value[0]['@iot.id'];
}

const dataArray = (id: number, rows: [string, number][]) => [{ Datastream: { '@iot.id': id }, components: ['phenomenonTime', 'result'], dataArray: rows }];

beforeAll(async () => {
  t = await startTestApp();
  editor = (await loginAs(t, 'editor')).session;
  token = await writeToken(t, 'editor');
  streamId = await newStream('Retained buoy');
  neighbourId = await newStream('Kept buoy');
  const rows = Array.from({ length: HOURS }, (_, i): [string, number] => [new Date(START + i * HOUR).toISOString(), valueAt(i)]);
  expectStatus(await sta('POST', 'CreateObservations', dataArray(streamId, rows)), 201);
  // A stream that keeps everything, with one row in January: January's partition must stay.
  expectStatus(await sta('POST', 'CreateObservations', dataArray(neighbourId, [['2001-01-15T12:00:00Z', 1.5]])), 201);
});
afterAll(() => t?.close());

describe('setting a retention', () => {
  it('is for editors, checked, recorded, and shown with the stream', async () => {
    const member = (await loginAs(t, 'member')).session;
    expectProblem(await putRetention(streamId, { rawDays: 30, hourlyDays: 60 }, member.headers), 403);
    expect(expectProblem(await putRetention(streamId, { rawDays: 30, hourlyDays: 10 }), 400).code).toBe('hours-before-raw');
    expect(expectProblem(await putRetention(streamId, { rawDays: null, hourlyDays: 10 }), 400).code).toBe('hours-before-raw');
    expectProblem(await putRetention(streamId, { rawDays: 0, hourlyDays: null }), 400);
    expectProblem(await putRetention(999_999, { rawDays: 30, hourlyDays: null }), 404);
    const refused = await sql<{ n: number }>`select count(*)::int as n from sta_datastreams where raw_retention_days is not null`.execute(t.db.kysely);
    expect(refused.rows[0].n).toBe(0);

    const set = expectStatus(await putRetention(streamId, { rawDays: 30, hourlyDays: 60 }), 200).json() as Retention;
    expect(set).toMatchObject({ rawDays: 30, hourlyDays: 60 });
    // Midnight UTC 30 days before today, from which writes are taken.
    expect(set.rawFrom).toBe(new Date(Math.floor((Date.now() - 30 * DAY) / DAY) * DAY).toISOString());
    const audit = await sql<{ details: { rawDays: number } }>`select details from audit_log where action = 'sta.retention_set' and entity_id = ${String(streamId)}`.execute(t.db.kysely);
    expect(audit.rows.map((row) => row.details.rawDays)).toEqual([30]);
    const latest = expectStatus(await t.app.inject({ url: `/api/sta/datastreams/${streamId}/latest` }), 200).json() as { datastream: { retention: Retention } };
    expect(latest.datastream.retention).toEqual(set);
  });
});

describe('the nightly job', () => {
  let hoursBefore: Awaited<ReturnType<typeof buckets>>;
  let daysBefore: Awaited<ReturnType<typeof buckets>>;

  beforeAll(async () => {
    hoursBefore = await buckets('hour');
    daysBefore = await buckets('day');
    expect(hoursBefore).toHaveLength(HOURS);
    expect(daysBefore).toHaveLength(120);
  });

  it('deletes raw rows and hours past the retention, empties whole partitions, and keeps every day', async () => {
    const report = await applyRetention(t.db.kysely, JOB_NOW);
    // Raw rows go a day after writes are refused from: before 2001-03-31 (30 days before 2001-05-01, less a day).
    const rawCutoff = Date.UTC(2001, 2, 31);
    const hourCutoff = Date.UTC(2001, 2, 1);
    expect(await rawCount(streamId, rawCutoff)).toBe(0);
    expect(await rawCount(streamId)).toBe(HOURS - (rawCutoff - START) / HOUR);
    // Row by row: January's and March's; February went whole.
    expect(report.rawDeleted).toBe((rawCutoff - START) / HOUR - 28 * 24);
    expect(await buckets('hour')).toEqual(hoursBefore.filter((row) => row.start >= hourCutoff));
    expect(report.hoursDeleted).toBe((hourCutoff - START) / HOUR);
    expect(await buckets('day')).toEqual(daysBefore);
    // February held only this stream's rows; January also the neighbour's, which keeps them.
    expect(report.partitionsEmptied).toEqual(['sta_observations_2001_02']);
    expect(await rawCount(neighbourId)).toBe(1);
    // The stream's phenomenonTime now starts at its first kept row.
    const stream = expectStatus(await sta('GET', `Datastreams(${streamId})`), 200).json() as { phenomenonTime: string };
    expect(stream.phenomenonTime.split('/')[0]).toBe(new Date(rawCutoff).toISOString());

    const again = await applyRetention(t.db.kysely, JOB_NOW + HOUR);
    expect(again).toMatchObject({ rawDeleted: 0, hoursDeleted: 0, partitionsEmptied: [] });
  });

  it('leaves a chart of any range drawn from what is kept, with the figures the raw rows gave', async () => {
    // Retention long enough today that only what the job deleted in 2001 limits the floors.
    const days = Math.ceil((Date.now() - Date.UTC(2000, 0, 1)) / DAY);
    const now = expectStatus(await putRetention(streamId, { rawDays: days, hourlyDays: days + 10 }), 200).json() as Retention;
    expect(now).toMatchObject({ rawFrom: '2001-03-31T00:00:00.000Z', hourlyFrom: '2001-03-01T00:00:00.000Z' });

    const raw = await series(Date.UTC(2001, 3, 5), Date.UTC(2001, 3, 6));
    expect(raw.resolution).toBe('raw');
    expect(raw.points).toHaveLength(25);

    // Before the raw rows kept, hours, though raw rows would fit the points asked.
    const march = await series(Date.UTC(2001, 2, 10), Date.UTC(2001, 2, 12) - HOUR);
    expect(march).toMatchObject({ resolution: 'hour', step: 1 });
    const first = (Date.UTC(2001, 2, 10) - START) / HOUR;
    expect(march.points.map((point) => point.value)).toEqual(Array.from({ length: 48 }, (_, i) => valueAt(first + i)));

    // Before the hours kept, days: each the mean of its 24 hourly values.
    const january = await series(Date.UTC(2001, 0, 10), Date.UTC(2001, 0, 12) - HOUR);
    expect(january).toMatchObject({ resolution: 'day', step: 1 });
    expect(january.points.map((point) => [point.count, point.value])).toEqual(
      [9, 10].map((day) => [24, Array.from({ length: 24 }, (_, h) => valueAt(day * 24 + h)).reduce((a, b) => a + b) / 24]),
    );
  });

  it('refuses writes before the kept rows, as a data array refuses one row, and takes those after', async () => {
    const before = await rawCount(streamId);
    const old = expectProblem(await sta('POST', 'Observations', { phenomenonTime: '2001-02-15T00:00:00Z', result: 1, Datastream: { '@iot.id': streamId } }), 400);
    expect(old.code).toBe('older-than-retention');
    expect(old.detail).toContain('2001-03-31T00:00:00.000Z');

    const answer = expectStatus(await sta('POST', 'CreateObservations', dataArray(streamId, [['2001-03-01T00:30:00Z', 7], ['2001-04-15T00:30:00Z', 8]])), 201).json() as string[];
    expect(answer[0]).toMatch(/^error: older-than-retention: /);
    expect(answer[1]).toMatch(/Observations\(\d+\)$/);
    expect(await rawCount(streamId)).toBe(before + 1);
    // Its hour was rebuilt from the two rows there (the kept one and the new one).
    const hour = (await buckets('hour')).find((row) => row.start === Date.UTC(2001, 3, 15));
    expect(hour).toMatchObject({ count: 2, sum: valueAt((Date.UTC(2001, 3, 15) - START) / HOUR) + 8 });

    const id = Number(/\((\d+)\)$/.exec(answer[1])![1]);
    expect(expectProblem(await sta('PATCH', `Observations(${id})`, { phenomenonTime: '2001-01-20T00:00:00Z' }), 400).code).toBe('older-than-retention');
    const kept = expectStatus(await sta('GET', `Observations(${id})`), 200).json() as { phenomenonTime: string };
    expect(kept.phenomenonTime).toBe('2001-04-15T00:30:00.000Z');
  });
});

describe('floors', () => {
  it('only move forward: a retention lifted after the job does not reopen what it emptied', async () => {
    // Raw rows kept longer than 2001 today, hours for ever: the job still runs for the stream.
    const days = Math.ceil((Date.now() - Date.UTC(2000, 0, 1)) / DAY);
    expectStatus(await putRetention(streamId, { rawDays: days, hourlyDays: null }), 200);
    expect((await applyRetention(t.db.kysely, JOB_NOW + DAY)).streams).toBe(1);
    const latest = expectStatus(await t.app.inject({ url: `/api/sta/datastreams/${streamId}/latest` }), 200).json() as { datastream: { retention: Retention } };
    expect(latest.datastream.retention).toEqual({ rawDays: expect.any(Number), hourlyDays: null, rawFrom: '2001-03-31T00:00:00.000Z', hourlyFrom: '2001-03-01T00:00:00.000Z' });
    expect(expectProblem(await sta('POST', 'Observations', { phenomenonTime: '2001-02-15T00:00:00Z', result: 1, Datastream: { '@iot.id': streamId } }), 400).code).toBe('older-than-retention');
    expectStatus(await putRetention(streamId, { rawDays: 30, hourlyDays: 60 }), 200);
  });
});

describe('one run a day across instances', () => {
  it('is claimed by one, retaken only when its lease passed unfinished, and records what it did', async () => {
    const day = Date.UTC(2030, 0, 1, 1);
    const [first, second] = await Promise.all([claimRetentionRun(t.db.kysely, day), claimRetentionRun(t.db.kysely, day)]);
    expect([first, second].sort()).toEqual([false, true]);
    // Unfinished: another instance takes it over only after the hour's lease.
    expect(await claimRetentionRun(t.db.kysely, day + 30 * 60_000)).toBe(false);
    expect(await claimRetentionRun(t.db.kysely, day + 61 * 60_000)).toBe(true);

    const next = Date.UTC(2030, 0, 2, 1);
    const report = await retentionTick(t.db.kysely, () => next);
    expect(report).not.toBeNull();
    expect(await retentionTick(t.db.kysely, () => next + HOUR)).toBeNull();
    const run = await sql<{ finished: boolean; report: { streams: number } }>`select finished_at is not null as finished, report from sta_retention_runs`.execute(t.db.kysely);
    expect(run.rows[0]).toEqual({ finished: true, report: expect.objectContaining({ streams: 1 }) });
  });
});
