import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';
import { loadReadFixture, writeToken, type ReadFixture } from './sta.fixture.ts';

/**
 * A stream's Observations read are kept until the stream is next written, whoever writes it and
 * however. A row slipped in behind the API's back (straight into the table, moving no version)
 * shows whether an answer came from the cache: it is not seen by a kept read, and is seen by
 * every read that may not be kept.
 */

let t: TestApp;
let f: ReadFixture;
let token: string;

beforeAll(async () => {
  t = await startTestApp();
  f = await loadReadFixture(t.db.kysely);
  token = await writeToken(t, 'editor');
});
afterAll(() => t?.close());

const as = () => ({ authorization: `Bearer ${token}` });
const read = async (path: string, headers: Record<string, string> = {}) => expectStatus(await t.app.inject({ url: `/sta/v1.1/${path}`, headers }), 200).json() as { value: { result: unknown }[]; '@iot.count'?: number };
const results = async (path: string, headers?: Record<string, string>) => (await read(path, headers)).value.map((o) => o.result);
/** A row written straight into the table: no write of the API, so no stream's version moves. */
const slipIn = (stream: number, time: string, value: number) =>
  sql`insert into sta_observations (datastream_id, phenomenon_time, result_number, feature_id) values (${stream}, ${time}::timestamptz, ${value}, ${f.features[0]})`.execute(t.db.kysely);

const LATEST = `Observations?$orderby=${encodeURIComponent('phenomenonTime desc')}&$top=3&$count=true`;

describe('kept reads of a stream’s Observations', () => {
  it('are served from the cache until the stream is written through the API, by any write', async () => {
    const stream = f.datastreams.temperature;
    const first = await read(`Datastreams(${stream})/${LATEST}`);
    await slipIn(stream, '2026-12-01T12:00:00Z', 99);
    expect(await read(`Datastreams(${stream})/${LATEST}`)).toEqual(first);

    // A write through the API moves the version: the next read sees it and the slipped-in row.
    expectStatus(await t.app.inject({ method: 'POST', url: '/sta/v1.1/CreateObservations', headers: { ...as(), 'content-type': 'application/json' }, payload: [{ Datastream: { '@iot.id': stream }, components: ['phenomenonTime', 'result'], dataArray: [['2026-12-01T13:00:00Z', 42]] }] }), 201);
    const after = await read(`Datastreams(${stream})/${LATEST}`);
    expect(after.value.map((o) => o.result)).toEqual([42, 99, 8.5]);
    expect(after['@iot.count']).toBe(first['@iot.count']! + 2);

    // A deletion too.
    const newest = (await read(`Datastreams(${stream})/Observations?$orderby=${encodeURIComponent('phenomenonTime desc')}&$top=1&$select=id`)) as unknown as { value: { '@iot.id': number }[] };
    expectStatus(await t.app.inject({ method: 'DELETE', url: `/sta/v1.1/Observations(${newest.value[0]['@iot.id']})`, headers: as() }), 200);
    expect(await results(`Datastreams(${stream})/${LATEST}`)).toEqual([99, 8.5, 8]);
  });

  it('are never kept through a relation, on the clock, or for an internal stream', async () => {
    const stream = f.datastreams.temperature;
    const uncached = [
      `Datastreams(${stream})/Observations?$expand=FeatureOfInterest&$orderby=${encodeURIComponent('phenomenonTime desc')}&$top=1`,
      `Datastreams(${stream})/Observations?$filter=${encodeURIComponent('FeatureOfInterest/name ne \'x\'')}&$orderby=${encodeURIComponent('phenomenonTime desc')}&$top=1`,
      `Datastreams(${stream})/Observations?$filter=${encodeURIComponent('phenomenonTime lt now()')}&$orderby=${encodeURIComponent('phenomenonTime desc')}&$top=1`,
    ];
    for (const path of uncached) await read(path);
    await slipIn(stream, '2026-12-02T00:00:00Z', 77);
    for (const path of uncached) expect(await results(path), path).toEqual([77]);

    const staff = (await loginAs(t, 'editor')).session.headers;
    const internal = `Datastreams(${f.datastreams.internal})/Observations?$orderby=${encodeURIComponent('phenomenonTime desc')}&$top=1`;
    await read(internal, staff);
    await slipIn(f.datastreams.internal, '2026-12-02T00:00:00Z', 66);
    expect(await results(internal, staff)).toEqual([66]);
  });
});
