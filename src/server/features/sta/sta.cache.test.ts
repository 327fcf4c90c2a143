import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';
import { loadReadFixture, writeToken, type ReadFixture } from './sta.fixture.ts';
import { keepRelatedRow } from './sta.cache.ts';
import { ENTITY_TYPES } from './sta.model.ts';

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

describe('kept rows of an expanded to-one relation', () => {
  type Expanded = { value: { FeatureOfInterest?: { '@iot.id': number; name: string; description: string } }[] };
  const page = () => `Datastreams(${f.datastreams.temperature})/Observations?$expand=FeatureOfInterest&$top=3`;
  const features = async () => ((await read(page())) as unknown as Expanded).value.map((o) => o.FeatureOfInterest);
  const rowOf = async (id: number) => (await sql<Record<string, unknown>>`select *, xmin::text as _version from sta_features where id = ${id}`.execute(t.db.kysely)).rows[0];

  it('are served at the version the page read them with, and read again once the row changes, by the API or behind its back', async () => {
    const [first] = await features();
    const id = first!['@iot.id'];
    // A copy planted under the row's current version is what the next page shows: the page took it from the cache.
    keepRelatedRow(t.db.kysely, ENTITY_TYPES.FeatureOfInterest, { ...(await rowOf(id)), name: 'planted under the current version' });
    expect((await features()).filter((feature) => feature?.['@iot.id'] === id).map((feature) => feature!.name)).toContain('planted under the current version');

    expectStatus(await t.app.inject({ method: 'PATCH', url: `/sta/v1.1/FeaturesOfInterest(${id})`, headers: { ...as(), 'content-type': 'application/json' }, payload: { name: 'Renamed through the API' } }), 200);
    const renamed = (await features()).filter((feature) => feature?.['@iot.id'] === id);
    expect(renamed.length).toBeGreaterThan(0);
    for (const feature of renamed) expect(feature!.name).toBe('Renamed through the API');

    await sql`update sta_features set description = 'Changed behind the API' where id = ${id}`.execute(t.db.kysely);
    for (const feature of (await features()).filter((feature) => feature?.['@iot.id'] === id)) expect(feature!.description).toBe('Changed behind the API');
  });

  it('are never planted or served for a filtered expansion', async () => {
    const [first] = await features();
    const id = first!['@iot.id'];
    keepRelatedRow(t.db.kysely, ENTITY_TYPES.FeatureOfInterest, { ...(await rowOf(id)), name: 'planted again' });
    const filtered = `Datastreams(${f.datastreams.temperature})/Observations?$expand=${encodeURIComponent("FeatureOfInterest($filter=name ne 'none')")}&$top=3`;
    const names = ((await read(filtered)) as unknown as Expanded).value.map((o) => o.FeatureOfInterest?.name);
    expect(names).not.toContain('planted again');
    expect(names.filter(Boolean).length).toBeGreaterThan(0);
  });
});
