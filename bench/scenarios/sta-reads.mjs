// Issue 20's read figures on one Datastream of 10,000,000 Observations (one every 3 s: 347 days in
// 12 monthly partitions), written through CreateObservations so that its hour and day buckets are
// the ones writes keep: its latest 100 (p95 < 20 ms), a day aggregated by hour (p95 < 50 ms), and a
// `$filter` on result and time with `$expand` (p95 < 50 ms), each at BENCH_CONNECTIONS (32), each
// beside the same read in raw SQL. A day and an hour are chosen at random per request, so no answer
// is served twice from one cache.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';

const COUNT = Number(process.env.BENCH_STA_ROWS || 10_000_000);
const STEP_MS = 3_000;
const START = Date.parse('2025-12-01T00:00:00Z');
const ROWS_PER_REQUEST = 5_000;
const LOADERS = 4;
const BENCH_THING = 'Bench 10M buoy';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DAYS = Math.floor((COUNT * STEP_MS) / DAY);

let loaded;

async function editorHeaders(client) {
  const email = `bench-sta-reads-${randomUUID().slice(0, 8)}@example.test`;
  const user = await client.query(`insert into users (email, display_name, password_hash, role) values ($1, 'Bench reads editor', '$argon2id$bench', 'editor') returning id`, [email]);
  const token = randomBytes(32).toString('base64url');
  await client.query(`insert into sessions (id, user_id, csrf_token, expires_at) values ($1, $2, 'csrf', now() + interval '1 day')`, [createHash('sha256').update(token).digest('hex'), user.rows[0].id]);
  return { cookie: `talsinki_session=${token}`, 'x-csrf-token': 'csrf', 'content-type': 'application/json' };
}

/** The stream, made and loaded once per benchmark database. */
async function streamOf(dbUrl, serverUrl) {
  loaded ??= (async () => {
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    try {
      const existing = await client.query(`select d.id, f.id as feature from sta_things t join sta_datastreams d on d.thing_id = t.id
        left join lateral (select feature_id as id from sta_observations where datastream_id = d.id limit 1) f on true where t.name = $1`, [BENCH_THING]);
      if (existing.rowCount) return { id: Number(existing.rows[0].id) };
      const headers = await editorHeaders(client);
      const response = await fetch(`${serverUrl}/sta/v1.1/Things`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          name: BENCH_THING,
          description: 'benchmark (demo data)',
          Locations: [{ name: 'Bench gulf point', description: 'benchmark', encodingType: 'application/geo+json', location: { type: 'Point', coordinates: [24.96, 60.02] } }],
          Datastreams: [
            {
              name: 'Bench surface temperature',
              description: 'benchmark',
              observationType: 'http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement',
              unitOfMeasurement: { name: 'degree Celsius', symbol: '°C', definition: 'http://unitsofmeasure.org/ucum.html#para-30' },
              Sensor: { name: 'Bench CTD', description: 'x', encodingType: 'text/plain', metadata: 'x' },
              ObservedProperty: { name: 'Sea surface temperature', definition: 'http://vocab.nerc.ac.uk/collection/P01/current/TEMPPR01/', description: 'x' },
            },
          ],
        }),
      });
      if (response.status !== 201) throw new Error(`bench Thing: ${response.status} ${await response.text()}`);
      const thing = await response.json();
      const id = (await (await fetch(`${serverUrl}/sta/v1.1/Things(${thing['@iot.id']})/Datastreams`)).json()).value[0]['@iot.id'];
      const started = Date.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: LOADERS }, async () => {
          for (let first = (next++) * ROWS_PER_REQUEST; first < COUNT; first = (next++) * ROWS_PER_REQUEST) {
            const rows = Array.from({ length: Math.min(ROWS_PER_REQUEST, COUNT - first) }, (_, i) => {
              const n = first + i;
              // A seasonal curve with a daily swing: values across a realistic range for the filter to cut.
              const t = START + n * STEP_MS;
              return [new Date(t).toISOString(), Math.round((8 + 8 * Math.sin(((t - START) / (365 * DAY)) * 2 * Math.PI) + 1.5 * Math.sin(((t % DAY) / DAY) * 2 * Math.PI)) * 100) / 100];
            });
            const answer = await fetch(`${serverUrl}/sta/v1.1/CreateObservations`, { method: 'POST', headers, body: JSON.stringify([{ Datastream: { '@iot.id': id }, components: ['phenomenonTime', 'result'], dataArray: rows }]) });
            if (answer.status !== 201) throw new Error(`CreateObservations: ${answer.status} ${(await answer.text()).slice(0, 300)}`);
            await answer.arrayBuffer();
          }
        }),
      );
      await client.query('vacuum analyze sta_observations');
      await client.query('vacuum analyze sta_observation_aggregates');
      console.log(`  loaded ${COUNT.toLocaleString('en')} Observations in ${((Date.now() - started) / 1000).toFixed(0)} s`);
      return { id };
    } finally {
      await client.end();
    }
  })();
  return loaded;
}

const randomDay = () => START + Math.floor(Math.random() * (DAYS - 1)) * DAY;
const randomHour = () => START + Math.floor(Math.random() * (DAYS - 1) * 24) * HOUR;
const iso = (ms) => new Date(ms).toISOString();
const filterFor = (from) => encodeURIComponent(`result gt 8 and phenomenonTime ge ${iso(from)} and phenomenonTime lt ${iso(from + HOUR)}`);

export const staReadScenarios = [
  {
    name: 'sta-latest-100',
    describe: 'the latest 100 Observations of a Datastream of 10,000,000 (OGC $orderby=phenomenonTime desc&$top=100)',
    path: '/sta/v1.1/Datastreams(0)/Observations',
    prepare: async ({ dbUrl, serverUrl }) => {
      const { id } = await streamOf(dbUrl, serverUrl);
      const path = `/sta/v1.1/Datastreams(${id})/Observations?$orderby=${encodeURIComponent('phenomenonTime desc')}&$top=100`;
      return { id, setupRequest: (request) => ({ ...request, path }) };
    },
    raw: (pool, { id }) => pool.query('select id, phenomenon_time, result_number, feature_id from sta_observations where datastream_id = $1 order by phenomenon_time desc limit 101', [id]),
    target: 'p95 < 20 ms',
  },
  {
    name: 'sta-day-by-hour',
    describe: 'a random day of the same Datastream, aggregated by hour (/api/sta/datastreams/{id}/series, 24 points)',
    path: '/api/sta/datastreams/0/series',
    prepare: async ({ dbUrl, serverUrl }) => {
      const { id } = await streamOf(dbUrl, serverUrl);
      return {
        id,
        setupRequest: (request) => {
          const day = randomDay();
          return { ...request, path: `/api/sta/datastreams/${id}/series?from=${iso(day)}&to=${iso(day + DAY - 1)}&points=24` };
        },
      };
    },
    raw: (pool, { id }) => {
      const day = randomDay();
      return pool.query(`select bucket_start, count, sum, min, max from sta_observation_aggregates where datastream_id = $1 and bucket = 'hour' and bucket_start >= $2 and bucket_start < $3 order by bucket_start`, [id, iso(day), iso(day + DAY)]);
    },
    target: 'p95 < 50 ms',
  },
  {
    name: 'sta-filter-expand',
    describe: 'a random hour of the same Datastream filtered on result and time, with each FeatureOfInterest expanded',
    path: '/sta/v1.1/Datastreams(0)/Observations',
    prepare: async ({ dbUrl, serverUrl }) => {
      const { id } = await streamOf(dbUrl, serverUrl);
      return {
        id,
        setupRequest: (request) => ({ ...request, path: `/sta/v1.1/Datastreams(${id})/Observations?$filter=${filterFor(randomHour())}&$expand=FeatureOfInterest&$top=100` }),
      };
    },
    raw: (pool, { id }) => {
      const from = randomHour();
      return pool.query(
        `select o.*, f.name, f.description, f.encoding_type, f.feature from sta_observations o join sta_features f on f.id = o.feature_id
         where o.datastream_id = $1 and o.result_number > 8 and o.phenomenon_time >= $2 and o.phenomenon_time < $3 order by o.id limit 101`,
        [id, iso(from), iso(from + HOUR)],
      );
    },
    target: 'p95 < 50 ms',
  },
];
