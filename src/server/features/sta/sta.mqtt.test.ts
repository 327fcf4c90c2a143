import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { connectAsync, ErrorWithSubackPacket, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, expectStatus, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';
import { writeToken } from './sta.fixture.ts';
import { listenMqtt } from './sta.mqtt.ts';
import { MQTT_CONFORMANCE } from './sta.routes.ts';

/**
 * The MQTT extension (OGC 18-088 §14) as its clients use it, with MQTT.js over TCP and over
 * WebSocket: FROST-Server's Capability7Tests (creating Observations by publishing, then reading
 * them over HTTP) and MqttCoreTests (subscriptions to a set, an entity, a property, `$select`, a
 * collection through another entity, a deep insert seen on every set it touched), and the
 * refusals MQTT 3.1.1 allows: a closed connection, a refused subscription.
 */

let t: TestApp;
let tcp: number;
let http: string;
let pilotToken: string;
let otherPilotToken: string;
let editorHeaders: Record<string, string>;
let streamId: number;
let internalStreamId: number;
let featureId: number;
let thingId: number;
let propertyId: number;
const clients: MqttClient[] = [];

type Entity = Record<string, unknown> & { '@iot.id': number };
const MEASUREMENT = 'http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement';
const celsius = { name: 'degree Celsius', symbol: '°C', definition: 'http://unitsofmeasure.org/ucum.html#para-30' };
const point = { type: 'Point', coordinates: [24.95, 60.15] };

const post = async (path: string, payload: unknown) => expectStatus(await t.app.inject({ method: 'POST', url: `/sta/v1.1/${path}`, headers: editorHeaders, payload: payload as object }), 201).json() as Entity;
const patch = async (path: string, payload: unknown) => expectStatus(await t.app.inject({ method: 'PATCH', url: `/sta/v1.1/${path}`, headers: editorHeaders, payload: payload as object }), 200).json() as Entity;
const put = async (path: string, payload: unknown) => expectStatus(await t.app.inject({ method: 'PUT', url: `/sta/v1.1/${path}`, headers: editorHeaders, payload: payload as object }), 200).json() as Entity;
const observationsOf = async (stream: number) =>
  (await sql<{ result: number }>`select result_number::float8 as result from sta_observations where datastream_id = ${stream} order by id`.execute(t.db.kysely)).rows.map((r) => r.result);

/** A client whose messages are kept in order, each waited for as it comes. */
interface Listener {
  client: MqttClient;
  next(topic: string): Promise<unknown>;
}
async function listen(url: string, options: { password?: string } = {}): Promise<Listener> {
  const client = await connectAsync(url, { username: 'token', password: options.password, reconnectPeriod: 0, connectTimeout: 10_000 });
  clients.push(client);
  const inbox = new Map<string, unknown[]>();
  const waiting = new Map<string, (payload: unknown) => void>();
  client.on('message', (topic, payload) => {
    const message = JSON.parse(payload.toString());
    const waiter = waiting.get(topic);
    if (waiter) {
      waiting.delete(topic);
      waiter(message);
    } else inbox.set(topic, [...(inbox.get(topic) ?? []), message]);
  });
  return {
    client,
    next(topic) {
      const queued = inbox.get(topic);
      if (queued?.length) return Promise.resolve(queued.shift());
      return new Promise((resolve) => waiting.set(topic, resolve));
    },
  };
}
const closed = (client: MqttClient) => new Promise<void>((resolve) => (client.connected ? client.once('close', () => resolve()) : resolve()));

beforeAll(async () => {
  t = await startTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  http = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/mqtt`;
  tcp = (await listenMqtt(t.app, 0, '127.0.0.1'))!;
  const pilots = await sql<{ id: string }>`insert into pilots (slug, name) values ('mqtt-a', '{"en":"Pilot A"}'), ('mqtt-b', '{"en":"Pilot B"}') returning id`.execute(t.db.kysely);
  pilotToken = await writeToken(t, 'member', pilots.rows[0].id);
  otherPilotToken = await writeToken(t, 'member', pilots.rows[1].id);
  editorHeaders = (await loginAs(t, 'editor')).session.headers;
  const thing = await post('Things', {
    name: 'MQTT buoy',
    description: 'test',
    Locations: [{ name: 'Gulf', description: 'test', encodingType: 'application/geo+json', location: point }],
    Datastreams: [
      {
        name: 'Temperature',
        description: 'test',
        observationType: MEASUREMENT,
        unitOfMeasurement: celsius,
        Sensor: { name: 'CTD', description: 'probe', encodingType: 'text/plain', metadata: 'ctd' },
        ObservedProperty: { name: 'Water temperature', definition: 'https://example.org/t', description: 'test' },
      },
    ],
  });
  thingId = thing['@iot.id'];
  await sql`update sta_things set pilot_id = ${pilots.rows[0].id} where id = ${thingId}`.execute(t.db.kysely);
  const { rows } = await sql<{ id: number; sensor_id: number; observed_property_id: number }>`select id::float8 as id, sensor_id::float8 as sensor_id, observed_property_id::float8 as observed_property_id from sta_datastreams where thing_id = ${thingId}`.execute(t.db.kysely);
  streamId = rows[0].id;
  propertyId = rows[0].observed_property_id;
  internalStreamId = (
    await post('Datastreams', { name: 'Internal', description: 'test', observationType: MEASUREMENT, unitOfMeasurement: celsius, Thing: { '@iot.id': thingId }, Sensor: { '@iot.id': rows[0].sensor_id }, ObservedProperty: { '@iot.id': rows[0].observed_property_id } })
  )['@iot.id'];
  await sql`update sta_datastreams set internal = true where id = ${internalStreamId}`.execute(t.db.kysely);
  featureId = (await post('FeaturesOfInterest', { name: 'Surface', description: 'test', encodingType: 'application/geo+json', feature: point }))['@iot.id'];
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.endAsync(true)));
  await t?.close();
});

describe('the service root', () => {
  it('lists the MQTT classes with their endpoints, TCP and WebSocket', async () => {
    const root = expectStatus(await t.app.inject({ url: '/sta/v1.1' }), 200).json() as { serverSettings: Record<string, unknown> & { conformance: string[] } };
    expect(root.serverSettings.conformance).toEqual(expect.arrayContaining(MQTT_CONFORMANCE));
    for (const uri of MQTT_CONFORMANCE) expect(root.serverSettings[uri]).toEqual({ endpoints: [`mqtt://localhost:${tcp}`, 'ws://localhost/mqtt'.replace('localhost', new URL(t.app.config.publicUrl).host)] });
  });

  it('answers a plain GET of /mqtt with 426, naming the upgrade', async () => {
    expectProblem(await t.app.inject({ url: '/mqtt' }), 426);
  });
});

describe('creating Observations by publishing (Capability7)', () => {
  it('stores what is published to a stream, to Observations and to a feature, then acknowledges it', async () => {
    const publisher = await listen(`mqtt://127.0.0.1:${tcp}`, { password: pilotToken });
    const before = await observationsOf(streamId);
    // QoS 1: the PUBACK comes once the Observation is stored, so a read straight after sees it.
    await publisher.client.publishAsync(`v1.1/Datastreams(${streamId})/Observations`, JSON.stringify({ phenomenonTime: '2026-12-01T10:00:00Z', result: 4.1 }), { qos: 1 });
    await publisher.client.publishAsync('v1.1/Observations', JSON.stringify({ phenomenonTime: '2026-12-01T10:10:00Z', result: 4.2, Datastream: { '@iot.id': streamId } }), { qos: 1 });
    await publisher.client.publishAsync(`v1.1/FeaturesOfInterest(${featureId})/Observations`, JSON.stringify({ phenomenonTime: '2026-12-01T10:20:00Z', result: 4.3, Datastream: { '@iot.id': streamId } }), { qos: 1 });
    // A deep insert: the feature is made with the Observation.
    await publisher.client.publishAsync(
      `v1.1/Datastreams(${streamId})/Observations`,
      JSON.stringify({ phenomenonTime: '2026-12-01T10:30:00Z', result: 4.4, FeatureOfInterest: { name: 'Pier', description: 'test', encodingType: 'application/geo+json', feature: point } }),
      { qos: 1 },
    );
    expect(await observationsOf(streamId)).toEqual([...before, 4.1, 4.2, 4.3, 4.4]);
    const read = expectStatus(await t.app.inject({ url: `/sta/v1.1/Datastreams(${streamId})/Observations?$orderby=phenomenonTime desc&$top=4&$expand=FeatureOfInterest($select=name)` }), 200).json() as { value: (Entity & { FeatureOfInterest: { name: string } })[] };
    expect(read.value.map((o) => [o.result, o.FeatureOfInterest.name])).toEqual([
      [4.4, 'Pier'],
      [4.3, 'Surface'],
      [4.2, 'Gulf'],
      [4.1, 'Gulf'],
    ]);
  });

  it('writes many publishes that arrive together, keeps the good ones and logs the bad', async () => {
    const publisher = await listen(`mqtt://127.0.0.1:${tcp}`, { password: pilotToken });
    const before = (await observationsOf(streamId)).length;
    const sent = Array.from({ length: 500 }, (_, i) => publisher.client.publishAsync(`v1.1/Datastreams(${streamId})/Observations`, JSON.stringify({ phenomenonTime: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(), result: i === 7 ? 'warm' : i }), { qos: 1 }));
    // A stream that does not exist among them: refused alone, the others stored.
    sent.push(publisher.client.publishAsync('v1.1/Datastreams(999999)/Observations', JSON.stringify({ result: 1 }), { qos: 1 }));
    await Promise.all(sent);
    const after = await observationsOf(streamId);
    expect(after.length - before).toBe(499);
    expect(after.slice(before)).toEqual(Array.from({ length: 500 }, (_, i) => i).filter((i) => i !== 7));
    expect(publisher.client.connected).toBe(true);
  });

  it('closes the connection of a publish to a topic that is not writable, or without a token that may write there, and stores nothing', async () => {
    const before = await observationsOf(streamId);
    const things = Number((await sql<{ n: number }>`select count(*)::int as n from sta_things`.execute(t.db.kysely)).rows[0].n);
    const writer = await listen(`mqtt://127.0.0.1:${tcp}`, { password: pilotToken });
    const gone = closed(writer.client);
    writer.client.publish('v1.1/Things', JSON.stringify({ name: 'By MQTT', description: 'not allowed' }), { qos: 1 });
    await gone;
    const anonymous = await listen(http);
    const anonymousGone = closed(anonymous.client);
    anonymous.client.publish(`v1.1/Datastreams(${streamId})/Observations`, JSON.stringify({ result: 99 }), { qos: 1 });
    await anonymousGone;
    const otherPilot = await listen(http, { password: otherPilotToken });
    const otherGone = closed(otherPilot.client);
    otherPilot.client.publish(`v1.1/Datastreams(${streamId})/Observations`, JSON.stringify({ result: 98 }), { qos: 1 });
    await otherGone;
    expect(await observationsOf(streamId)).toEqual(before);
    expect(Number((await sql<{ n: number }>`select count(*)::int as n from sta_things`.execute(t.db.kysely)).rows[0].n)).toBe(things);
  });

  it('refuses a connection whose password is not a live API token', async () => {
    await expect(connectAsync(`mqtt://127.0.0.1:${tcp}`, { username: 'token', password: 'not-a-token', reconnectPeriod: 0 })).rejects.toThrow(/Bad username or password/i);
  });
});

describe('receiving updates (MqttCoreTests)', () => {
  it('publishes a new and a changed entity to its set, an entity to its own topic, a property to its topic', async () => {
    const subscriber = await listen(http);
    await subscriber.client.subscribeAsync('v1.1/Things');
    const thing = await post('Things', { name: 'Subscribed buoy', description: 'test' });
    expect(await subscriber.next('v1.1/Things')).toEqual(thing);
    const id = thing['@iot.id'];
    await subscriber.client.subscribeAsync([`v1.1/Things(${id})`, `v1.1/Things(${id})/name`, `v1.1/Things(${id})/description`]);
    const patched = await patch(`Things(${id})`, { description: 'changed' });
    expect(await subscriber.next('v1.1/Things')).toEqual(patched);
    expect(await subscriber.next(`v1.1/Things(${id})`)).toEqual(patched);
    expect(await subscriber.next(`v1.1/Things(${id})/description`)).toEqual({ description: 'changed' });
    // Only the properties a change touched: the name's topic heard nothing of the description.
    const replaced = await put(`Things(${id})`, { name: 'Renamed buoy', description: 'changed' });
    expect(await subscriber.next(`v1.1/Things(${id})/name`)).toEqual({ name: 'Renamed buoy' });
    expect(await subscriber.next(`v1.1/Things(${id})`)).toEqual(replaced);
  });

  it('publishes the stored Observation, not the raw publish, to its stream, with $select when asked', async () => {
    const subscriber = await listen(http);
    await subscriber.client.subscribeAsync([`v1.1/Datastreams(${streamId})/Observations`, `v1.1/Datastreams(${streamId})/Observations?$select=result,phenomenonTime`, `v1.1/Things(${thingId})/Datastreams(${streamId})/Observations`]);
    const publisher = await listen(`mqtt://127.0.0.1:${tcp}`, { password: pilotToken });
    await publisher.client.publishAsync(`v1.1/Datastreams(${streamId})/Observations`, JSON.stringify({ phenomenonTime: '2026-12-02T08:00:00Z', result: 5.5 }), { qos: 1 });
    const stored = (await subscriber.next(`v1.1/Datastreams(${streamId})/Observations`)) as Entity;
    expect(stored).toMatchObject({ result: 5.5, phenomenonTime: '2026-12-02T08:00:00.000Z' });
    expect(stored['@iot.selfLink']).toBe(`${t.app.config.publicUrl}/sta/v1.1/Observations(${stored['@iot.id']})`);
    expect(await subscriber.next(`v1.1/Datastreams(${streamId})/Observations?$select=result,phenomenonTime`)).toEqual({ result: 5.5, phenomenonTime: '2026-12-02T08:00:00.000Z' });
    expect(await subscriber.next(`v1.1/Things(${thingId})/Datastreams(${streamId})/Observations`)).toEqual(stored);
    // The next message is the next stored Observation: the first publish itself was never passed on.
    await publisher.client.publishAsync(`v1.1/Datastreams(${streamId})/Observations`, JSON.stringify({ phenomenonTime: '2026-12-02T08:10:00Z', result: 5.6 }), { qos: 1 });
    expect(await subscriber.next(`v1.1/Datastreams(${streamId})/Observations`)).toMatchObject({ '@iot.id': stored['@iot.id'] + 1, result: 5.6 });
  });

  it('publishes a deep insert on every set it touched, and a collection reached through its parent', async () => {
    const subscriber = await listen(http);
    await subscriber.client.subscribeAsync(['v1.1/Things', 'v1.1/Locations', 'v1.1/Datastreams', 'v1.1/Sensors', 'v1.1/HistoricalLocations', `v1.1/Things(${thingId})/Datastreams`]);
    const thing = await post('Things', {
      name: 'Deep',
      description: 'test',
      Locations: [{ name: 'Deep place', description: 'test', encodingType: 'application/geo+json', location: point }],
      Datastreams: [{ name: 'Deep stream', description: 'test', observationType: MEASUREMENT, unitOfMeasurement: celsius, Sensor: { name: 'Deep sensor', description: 'x', encodingType: 'text/plain', metadata: 'x' }, ObservedProperty: { '@iot.id': propertyId } }],
    });
    expect(await subscriber.next('v1.1/Things')).toMatchObject({ '@iot.id': thing['@iot.id'], name: 'Deep' });
    expect(await subscriber.next('v1.1/Locations')).toMatchObject({ name: 'Deep place' });
    expect(await subscriber.next('v1.1/Datastreams')).toMatchObject({ name: 'Deep stream' });
    expect(await subscriber.next('v1.1/Sensors')).toMatchObject({ name: 'Deep sensor' });
    expect(await subscriber.next('v1.1/HistoricalLocations')).toHaveProperty('time');
    // A stream made for the other Thing is not one of this Thing's: the next message is the one that is.
    const sensor = (await sql<{ id: number }>`select sensor_id::float8 as id from sta_datastreams where id = ${streamId}`.execute(t.db.kysely)).rows[0].id;
    const link = { observationType: MEASUREMENT, unitOfMeasurement: celsius, Sensor: { '@iot.id': sensor }, ObservedProperty: { '@iot.id': propertyId } };
    await post('Datastreams', { name: 'Elsewhere', description: 'test', ...link, Thing: { '@iot.id': thing['@iot.id'] } });
    const mine = await post('Datastreams', { name: 'Mine', description: 'test', ...link, Thing: { '@iot.id': thingId } });
    expect(await subscriber.next(`v1.1/Things(${thingId})/Datastreams`)).toEqual(mine);
  });

  it('never publishes an internal stream or its Observations', async () => {
    const subscriber = await listen(http);
    await subscriber.client.subscribeAsync(['v1.1/Observations', `v1.1/Datastreams(${internalStreamId})/Observations`]);
    await post(`Datastreams(${internalStreamId})/Observations`, { phenomenonTime: '2026-12-02T09:00:00Z', result: 1 });
    const visible = await post(`Datastreams(${streamId})/Observations`, { phenomenonTime: '2026-12-02T09:00:00Z', result: 2 });
    // In order: had the internal one been published, it would come first.
    expect(await subscriber.next('v1.1/Observations')).toEqual(visible);
    await post(`Datastreams(${streamId})/Observations`, { phenomenonTime: '2026-12-02T09:10:00Z', result: 3 });
    expect(await subscriber.next('v1.1/Observations')).toMatchObject({ result: 3 });
  });

  it('refuses subscriptions that name no resource: wildcards, other prefixes, unknown sets and options', async () => {
    const subscriber = await listen(http);
    // MQTT.js rejects a SUBACK with any refusal in it, carrying the packet: each topic's code, in order.
    const refused = await subscriber.client.subscribeAsync(['v1.1/#', 'v1.1/+/Observations', 'v1.0/Things', 'v1.1/Cars', 'v1.1/Things?$top=3', 'v1.1/Things?$filter=name eq', 'v1.1/Things']).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ErrorWithSubackPacket);
    expect((refused as ErrorWithSubackPacket).packet.granted).toEqual([128, 128, 128, 128, 128, 128, 0]);
    // The one granted holds: a new Thing reaches it.
    const thing = await post('Things', { name: 'After refusals', description: 'test' });
    expect(await subscriber.next('v1.1/Things')).toEqual(thing);
  });
});
