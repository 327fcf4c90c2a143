import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import { ensureMonths, monthsOf } from './sta.partitions.ts';
import { expectStatus, loginAs, type TestApp } from '../../test/harness.ts';

/**
 * The entities the read tests walk, written straight to the tables (the shape of FROST-Server's
 * Capability1 set: two Things with a Location and a HistoricalLocation each, a Sensor and an
 * ObservedProperty shared, three Datastreams, one internal, and Observations on two features).
 */
export interface ReadFixture {
  things: [number, number];
  locations: [number, number];
  historicalLocations: [number, number];
  sensor: number;
  observedProperty: number;
  /** Thing 1's temperature and salinity, and thing 2's internal stream. */
  datastreams: { temperature: number; salinity: number; internal: number };
  features: [number, number];
  /** The temperature stream's observations, oldest first (12, an hour apart from 2026-11-30T22:00Z). */
  observations: number[];
  firstTime: number;
}

const one = async <T>(db: QueryBuilder, query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows[0];

export async function loadReadFixture(db: QueryBuilder): Promise<ReadFixture> {
  const thing = (name: string, properties: unknown) =>
    one(db, sql<{ id: number }>`insert into sta_things (name, description, properties) values (${name}, ${`${name} (test)`}, ${JSON.stringify(properties)}::jsonb) returning id`);
  const location = (name: string, lon: number, lat: number) =>
    one(
      db,
      sql<{ id: number }>`insert into sta_locations (name, description, encoding_type, location, min_lon, min_lat, max_lon, max_lat)
        values (${name}, 'test location', 'application/geo+json', ${JSON.stringify({ type: 'Point', coordinates: [lon, lat] })}::jsonb, ${lon}, ${lat}, ${lon}, ${lat}) returning id`,
    );
  const t1 = await thing('Buoy one', { owner: { name: 'FMI' }, depth: 2 });
  const t2 = await thing('Station two', { owner: { name: 'SYKE' }, depth: 10 });
  const l1 = await location('Gulf point', 25.235, 59.965);
  const l2 = await location('Harbour', 24.96, 60.15);
  await sql`insert into sta_thing_locations values (${t1.id}, ${l1.id}), (${t2.id}, ${l2.id})`.execute(db);
  const h1 = await one(db, sql<{ id: number }>`insert into sta_historical_locations (thing_id, time) values (${t1.id}, '2026-11-01T00:00:00Z') returning id`);
  const h2 = await one(db, sql<{ id: number }>`insert into sta_historical_locations (thing_id, time) values (${t2.id}, '2026-11-02T00:00:00Z') returning id`);
  await sql`insert into sta_historical_location_locations values (${h1.id}, ${l1.id}), (${h2.id}, ${l2.id})`.execute(db);
  const sensor = await one(db, sql<{ id: number }>`insert into sta_sensors (name, description, encoding_type, metadata) values ('CTD probe', 'test sensor', 'application/pdf', '"https://example.org/ctd.pdf"'::jsonb) returning id`);
  const property = await one(
    db,
    sql<{ id: number }>`insert into sta_observed_properties (name, definition, description) values ('Water temperature', 'http://vocab.nerc.ac.uk/collection/P01/current/TEMPPR01/', 'test property') returning id`,
  );
  const stream = (name: string, thingId: number, internal: boolean, unit: unknown) =>
    one(
      db,
      sql<{ id: number }>`insert into sta_datastreams (name, description, observation_type, unit_of_measurement, thing_id, sensor_id, observed_property_id, internal)
        values (${name}, 'test stream', 'http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement', ${JSON.stringify(unit)}::jsonb, ${thingId}, ${sensor.id}, ${property.id}, ${internal}) returning id`,
    );
  const celsius = { name: 'degree Celsius', symbol: '°C', definition: 'http://unitsofmeasure.org/ucum.html#para-30' };
  const temperature = await stream('Temperature', t1.id, false, celsius);
  const salinity = await stream('Salinity', t1.id, false, { name: 'practical salinity unit', symbol: 'PSU', definition: 'https://example.org/psu' });
  const internal = await stream('Internal temperature', t2.id, true, celsius);
  const feature = (name: string, lon: number, lat: number) =>
    one(
      db,
      sql<{ id: number }>`insert into sta_features (name, description, encoding_type, feature, min_lon, min_lat, max_lon, max_lat)
        values (${name}, 'test feature', 'application/geo+json', ${JSON.stringify({ type: 'Point', coordinates: [lon, lat] })}::jsonb, ${lon}, ${lat}, ${lon}, ${lat}) returning id`,
    );
  const f1 = await feature('Gulf surface', 25.235, 59.965);
  const f2 = await feature('Harbour surface', 24.96, 60.15);
  const firstTime = Date.parse('2026-11-30T22:00:00Z');
  const times = Array.from({ length: 12 }, (_, i) => firstTime + i * 3_600_000);
  await ensureMonths(db, monthsOf(times));
  const observations: number[] = [];
  for (const [i, time] of times.entries()) {
    const row = await one(
      db,
      sql<{ id: number }>`insert into sta_observations (datastream_id, phenomenon_time, result_time, result_number, feature_id, parameters)
        values (${temperature.id}, ${new Date(time).toISOString()}::timestamptz, ${new Date(time).toISOString()}::timestamptz, ${3 + i / 2}, ${i % 2 ? f2.id : f1.id}, ${JSON.stringify({ depth: i })}::jsonb) returning id`,
    );
    observations.push(row.id);
  }
  await sql`insert into sta_observations (datastream_id, phenomenon_time, phenomenon_end, result_json, feature_id) values
    (${salinity.id}, '2026-12-01T00:00:00Z', '2026-12-01T06:00:00Z', '"brackish"'::jsonb, ${f1.id}),
    (${internal.id}, '2026-12-01T00:00:00Z', null, null, ${f2.id})`.execute(db);
  await sql`update sta_observations set result_number = 5.5 where datastream_id = ${internal.id}`.execute(db);
  return {
    things: [t1.id, t2.id],
    locations: [l1.id, l2.id],
    historicalLocations: [h1.id, h2.id],
    sensor: sensor.id,
    observedProperty: property.id,
    datastreams: { temperature: temperature.id, salinity: salinity.id, internal: internal.id },
    features: [f1.id, f2.id],
    observations,
    firstTime,
  };
}

/** A write-scoped API token of a new member or editor, made as its owner makes one; bound to `pilot` when given. */
export async function writeToken(t: TestApp, role: 'member' | 'editor', pilot?: string): Promise<string> {
  const user = await loginAs(t, role);
  const response = expectStatus(await t.app.inject({ method: 'POST', url: '/api/tokens', headers: user.session.headers, payload: { name: `sta ${role}`, scopes: ['read', 'write'] } }), 201);
  const { id, token } = response.json() as { id: string; token: string };
  if (pilot) await sql`insert into sta_pilot_tokens (token_id, pilot_id) values (${id}, ${pilot})`.execute(t.db.kysely);
  return token;
}
