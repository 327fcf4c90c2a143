import { sql } from 'kysely';
import { connectAsync } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, expectStatus, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';
import { listenMqtt } from './sta.mqtt.ts';
import { writeToken } from './sta.fixture.ts';

/**
 * SensorThings writes have a budget of their own per API token (TALSINKI_STA_WRITE_RATE_LIMIT),
 * so one gateway's token does not spend its address's global budget, nor another token's; the
 * writes the MQTT broker makes for its publishers are not counted twice.
 */

let t: TestApp;
let tokenA: string;
let tokenB: string;
let streamId: number;
const BUDGET = 3;

async function pilotToken(slug: string): Promise<string> {
  const pilot = (await sql<{ id: string }>`insert into pilots (slug, name) values (${slug}, '{"en":"Pilot"}') returning id`.execute(t.db.kysely)).rows[0].id;
  return writeToken(t, 'member', pilot);
}

beforeAll(async () => {
  t = await startTestApp({ rateLimitPerMinute: 1_000, staWriteRatePerMinute: BUDGET });
  tokenA = await pilotToken('limit-a');
  tokenB = await pilotToken('limit-b');
  const editor = (await loginAs(t, 'editor')).session.headers;
  const thing = expectStatus(
    await t.app.inject({
      method: 'POST',
      url: '/sta/v1.1/Things',
      headers: editor,
      payload: {
        name: 'Limited',
        description: 'test',
        Locations: [{ name: 'Here', description: 'test', encodingType: 'application/geo+json', location: { type: 'Point', coordinates: [24.9, 60.1] } }],
        Datastreams: [{ name: 'T', description: 'test', observationType: 'http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement', unitOfMeasurement: { name: 'degree Celsius', symbol: '°C', definition: 'ucum:Cel' }, Sensor: { name: 's', description: 's', encodingType: 'text/plain', metadata: 's' }, ObservedProperty: { name: 'T', definition: 'https://example.org/t', description: 't' } }],
      },
    }),
    201,
  ).json() as { '@iot.id': number };
  await sql`update sta_things set pilot_id = (select id from pilots where slug = 'limit-a') where id = ${thing['@iot.id']}`.execute(t.db.kysely);
  streamId = (await sql<{ id: number }>`select id::float8 as id from sta_datastreams where thing_id = ${thing['@iot.id']}`.execute(t.db.kysely)).rows[0].id;
});
afterAll(() => t?.close());

const observe = (token: string, result: number, extra: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: `/sta/v1.1/Datastreams(${streamId})/Observations`, headers: { authorization: `Bearer ${token}`, ...extra }, payload: { result } });
const stored = async () => (await sql<{ n: number }>`select count(*)::int as n from sta_observations where datastream_id = ${streamId}`.execute(t.db.kysely)).rows[0].n;

describe('the SensorThings write budget', () => {
  it('counts per token: past its budget a token is answered 429 with when to retry, another token still writes', async () => {
    for (let i = 0; i < BUDGET; i++) expectStatus(await observe(tokenA, i), 201);
    const refused = expectProblem(await observe(tokenA, 99), 429);
    expect(refused.code).toBe('too-many-requests');
    // A client cannot claim to be the broker.
    expectProblem(await observe(tokenA, 98, { 'x-talsinki-broker-write': 'guess' }), 429);
    // Token B may not write to pilot A's stream, but its budget is its own: refused for that, not for the count.
    expect(expectProblem(await observe(tokenB, 1), 403).code).toBe('not-your-pilot');
    expect(await stored()).toBe(BUDGET);
  });

  it('does not count again what a token publishes over MQTT: the broker writes it', async () => {
    const port = (await listenMqtt(t.app, 0, '127.0.0.1'))!;
    const before = await stored();
    const client = await connectAsync(`mqtt://127.0.0.1:${port}`, { username: 'token', password: tokenA, reconnectPeriod: 0 });
    try {
      for (let i = 0; i < BUDGET + 2; i++) {
        // One at a time: each its own write request.
        await client.publishAsync(`v1.1/Datastreams(${streamId})/Observations`, JSON.stringify({ result: 10 + i }), { qos: 1 });
      }
    } finally {
      await client.endAsync();
    }
    expect(await stored()).toBe(before + BUDGET + 2);
  });
});
