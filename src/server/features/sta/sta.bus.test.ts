import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { createTestDatabase, expectStatus, loginAs, testConfig, type TestApp, type TestDatabase } from '../../test/harness.ts';
import { startMosquitto, type RunningMosquitto } from '../../test/mosquitto.ts';
import { listenMqtt, mqttBusReady } from './sta.mqtt.ts';

/**
 * Two instances on one database sharing Debian's Mosquitto as their bus (TALSINKI_MQTT_URL), as
 * FROST-Server's instances share theirs: a subscriber on one instance's broker hears what is
 * written through the other, by HTTP or by an MQTT publish, once each.
 */

let mosquitto: RunningMosquitto;
let database: TestDatabase;
let first: FastifyInstance;
let second: FastifyInstance;
let secondTcp: number;
let editorHeaders: Record<string, string>;
let token: string;
let streamId: number;
const clients: MqttClient[] = [];

const MEASUREMENT = 'http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement';

async function instance(): Promise<FastifyInstance> {
  const app = await buildApp({ config: testConfig({ mqttBusUrl: mosquitto.url }), db: database.db });
  await app.listen({ port: 0, host: '127.0.0.1' });
  await mqttBusReady(app);
  return app;
}

/** A subscriber whose messages are taken in order. */
async function subscriber(app: FastifyInstance, topics: string[]) {
  const client = await connectAsync(`ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/mqtt`, { reconnectPeriod: 0 });
  clients.push(client);
  const inbox: { topic: string; message: Record<string, unknown> }[] = [];
  const waiting: ((entry: (typeof inbox)[number]) => void)[] = [];
  client.on('message', (topic, payload) => {
    const entry = { topic, message: JSON.parse(payload.toString()) };
    const waiter = waiting.shift();
    if (waiter) waiter(entry);
    else inbox.push(entry);
  });
  await client.subscribeAsync(topics);
  return { next: () => (inbox.length ? Promise.resolve(inbox.shift()!) : new Promise<(typeof inbox)[number]>((resolve) => waiting.push(resolve))) };
}

beforeAll(async () => {
  mosquitto = await startMosquitto();
  database = await createTestDatabase();
  [first, second] = await Promise.all([instance(), instance()]);
  secondTcp = (await listenMqtt(second, 0, '127.0.0.1'))!;
  const asTest = { app: second, db: database.db } as TestApp;
  editorHeaders = (await loginAs(asTest, 'editor')).session.headers;
  token = (expectStatus(await second.inject({ method: 'POST', url: '/api/tokens', headers: editorHeaders, payload: { name: 'bus', scopes: ['read', 'write'] } }), 201).json() as { token: string }).token;
  const thing = expectStatus(
    await second.inject({
      method: 'POST',
      url: '/sta/v1.1/Things',
      headers: editorHeaders,
      payload: {
        name: 'Bus buoy',
        description: 'test',
        Locations: [{ name: 'Bus place', description: 'test', encodingType: 'application/geo+json', location: { type: 'Point', coordinates: [24.95, 60.15] } }],
        Datastreams: [{ name: 'Bus stream', description: 'test', observationType: MEASUREMENT, unitOfMeasurement: { name: 'degree Celsius', symbol: '°C', definition: 'ucum:Cel' }, Sensor: { name: 's', description: 's', encodingType: 'text/plain', metadata: 's' }, ObservedProperty: { name: 'T', definition: 'https://example.org/t', description: 't' } }],
      },
    }),
    201,
  ).json() as { '@iot.id': number };
  streamId = (await sql<{ id: number }>`select id::float8 as id from sta_datastreams where thing_id = ${thing['@iot.id']}`.execute(database.db.kysely)).rows[0].id;
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.endAsync(true)));
  await first?.close();
  await second?.close();
  await database?.drop();
  await mosquitto?.stop();
});

describe('several instances sharing an external broker', () => {
  it('tells a subscriber of one instance what was written through the other, by HTTP and by MQTT, once each', async () => {
    const heard = await subscriber(first, ['v1.1/Things', `v1.1/Datastreams(${streamId})/Observations`]);
    const viaSecond = expectStatus(await second.inject({ method: 'POST', url: '/sta/v1.1/Things', headers: editorHeaders, payload: { name: 'Made on the second', description: 'test' } }), 201).json();
    expect(await heard.next()).toEqual({ topic: 'v1.1/Things', message: viaSecond });

    const publisher = await connectAsync(`mqtt://127.0.0.1:${secondTcp}`, { username: 'token', password: token, reconnectPeriod: 0 });
    clients.push(publisher);
    await publisher.publishAsync(`v1.1/Datastreams(${streamId})/Observations`, JSON.stringify({ phenomenonTime: '2026-12-03T12:00:00Z', result: 7.5 }), { qos: 1 });
    const observation = await heard.next();
    expect(observation.topic).toBe(`v1.1/Datastreams(${streamId})/Observations`);
    expect(observation.message).toMatchObject({ result: 7.5, phenomenonTime: '2026-12-03T12:00:00.000Z', '@iot.selfLink': expect.stringMatching(/\/Observations\(\d+\)$/) });

    // A write on the subscriber's own instance is told once: its echo from the bus is not told again.
    const viaFirst = expectStatus(await first.inject({ method: 'POST', url: '/sta/v1.1/Things', headers: editorHeaders, payload: { name: 'Made on the first', description: 'test' } }), 201).json();
    expect(await heard.next()).toEqual({ topic: 'v1.1/Things', message: viaFirst });
    const last = expectStatus(await second.inject({ method: 'POST', url: '/sta/v1.1/Things', headers: editorHeaders, payload: { name: 'Last', description: 'test' } }), 201).json();
    expect(await heard.next()).toEqual({ topic: 'v1.1/Things', message: last });
  });
});
