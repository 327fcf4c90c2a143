import { sql } from 'kysely';
import { openPglite } from '../src/server/db/connection.ts';
import { refreshAggregates } from '../src/server/features/sta/sta.aggregates.ts';
import { ensureMonths, monthsOf } from '../src/server/features/sta/sta.partitions.ts';

/**
 * A small SensorThings stream for the browser tests, written into the demo template by the global
 * set-up while no server holds it (the demo has no SensorThings data of its own yet; when it has,
 * nothing is added). A Thing in the gulf, one Datastream, an observation every 30 minutes over the
 * 40 days up to the last whole hour, and its aggregates, as the writes leave them. Named as test data.
 */
export async function addSensorStream(dataDir: string): Promise<void> {
  const db = await openPglite(dataDir);
  try {
    const k = db.kysely;
    const { rows: existing } = await sql<{ n: number }>`select count(*)::int as n from sta_things`.execute(k);
    if (existing[0].n > 0) return;
    const one = async (query: ReturnType<typeof sql<{ id: number }>>) => (await query.execute(k)).rows[0].id;
    const point = JSON.stringify({ type: 'Point', coordinates: [24.95, 59.9] });
    const thing = await one(sql<{ id: number }>`insert into sta_things (name, description, properties) values ('Gulf test buoy', 'A buoy of the browser tests (test data)', '{"testData": true}'::jsonb) returning id::float8 as id`);
    const location = await one(sql<{ id: number }>`insert into sta_locations (name, description, encoding_type, location, min_lon, min_lat, max_lon, max_lat)
      values ('Gulf test point', 'test data', 'application/geo+json', ${point}::jsonb, 24.95, 59.9, 24.95, 59.9) returning id::float8 as id`);
    await sql`insert into sta_thing_locations values (${thing}, ${location})`.execute(k);
    const sensor = await one(sql<{ id: number }>`insert into sta_sensors (name, description, encoding_type, metadata) values ('Test thermometer', 'test data', 'text/plain', '"test"'::jsonb) returning id::float8 as id`);
    const property = await one(sql<{ id: number }>`insert into sta_observed_properties (name, definition, description) values ('Water temperature', 'http://vocab.nerc.ac.uk/collection/P01/current/TEMPPR01/', 'test data') returning id::float8 as id`);
    const stream = await one(sql<{ id: number }>`insert into sta_datastreams (name, description, observation_type, unit_of_measurement, thing_id, sensor_id, observed_property_id)
      values ('Surface water temperature (test)', 'test data', 'http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement',
        '{"name":"degree Celsius","symbol":"°C","definition":"http://unitsofmeasure.org/ucum.html#para-30"}'::jsonb, ${thing}, ${sensor}, ${property}) returning id::float8 as id`);
    const hour = 3_600_000;
    const end = Math.floor(Date.now() / hour) * hour;
    const times = Array.from({ length: 40 * 48 }, (_, i) => end - i * 1_800_000).reverse();
    const feature = await one(sql<{ id: number }>`insert into sta_features (name, description, encoding_type, feature, min_lon, min_lat, max_lon, max_lat)
      values ('Gulf test point', 'test data', 'application/geo+json', ${point}::jsonb, 24.95, 59.9, 24.95, 59.9) returning id::float8 as id`);
    await ensureMonths(k, monthsOf(times));
    for (let start = 0; start < times.length; start += 500) {
      const rows = times.slice(start, start + 500).map((time, i) => sql`(${stream}, ${new Date(time).toISOString()}::timestamptz, ${Math.round((4 + 2 * Math.sin((start + i) / 24)) * 100) / 100}::float8, ${feature})`);
      await sql`insert into sta_observations (datastream_id, phenomenon_time, result_number, feature_id) values ${sql.join(rows)}`.execute(k);
    }
    await refreshAggregates(k, [{ streamId: stream, from: new Date(times[0]), to: new Date(times[times.length - 1]) }]);
  } finally {
    await db.close();
  }
}

/** The first Datastream of the first Thing that has observations, for the pages' tests. */
export async function someDatastream(base: string): Promise<string> {
  const list = (await (await fetch(`${base}/api/sta/things`)).json()) as { items: { datastreams: { id: number; latestTime: string | null }[] }[] };
  const stream = list.items.flatMap((thing) => thing.datastreams).find((one) => one.latestTime);
  if (!stream) throw new Error('no Datastream with observations');
  return String(stream.id);
}
