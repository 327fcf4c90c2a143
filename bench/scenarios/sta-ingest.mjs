// Issue 20's ingest figure: Observations written through SensorThings' POST /CreateObservations by
// 4 clients at once, each posting data arrays of 1,000 rows to a stream of its own, for BENCH_STA_SECONDS
// (60 by default: "sustained for a minute"), to a server that has just started. Reported: observations
// per second, the server's peak RSS over the run, and the same rows written by raw SQL from this
// process (the same `insert … select from unnest` the server sends, 4 connections, its own stream)
// as a ratio. FROST-Server's users report about 5,000 a second (FROST-Server issue #1576).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';

const SECONDS = Number(process.env.BENCH_STA_SECONDS || 60);
const CLIENTS = 4;
const ROWS = 1_000;
const TARGET_RATE = 20_000;
const LIMIT_RSS_MB = 300;

export async function editorSession(client) {
  const email = `bench-sta-${randomUUID().slice(0, 8)}@example.test`;
  const user = await client.query(`insert into users (email, display_name, password_hash, role) values ($1, 'Bench sensor editor', '$argon2id$bench', 'editor') returning id`, [email]);
  const token = randomBytes(32).toString('base64url');
  await client.query(`insert into sessions (id, user_id, csrf_token, expires_at) values ($1, $2, 'csrf', now() + interval '1 day')`, [createHash('sha256').update(token).digest('hex'), user.rows[0].id]);
  return { cookie: `talsinki_session=${token}`, 'x-csrf-token': 'csrf', 'content-type': 'application/json' };
}

export function memoryOf(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? NaN) / 1024;
}

/** A Thing with a Location and `count` temperature streams, made through the API; answers the streams' ids. */
export async function makeStreams(serverUrl, headers, count) {
  const body = {
    name: 'Bench buoy',
    description: 'benchmark',
    Locations: [{ name: 'Bench place', description: 'gulf', encodingType: 'application/geo+json', location: { type: 'Point', coordinates: [25, 59.9] } }],
    Datastreams: Array.from({ length: count }, (_, i) => ({
      name: `Bench stream ${i}`,
      description: 'benchmark',
      observationType: 'http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement',
      unitOfMeasurement: { name: 'degree Celsius', symbol: '°C', definition: 'http://unitsofmeasure.org/ucum.html#para-30' },
      Sensor: { name: 'Bench sensor', description: 'x', encodingType: 'application/pdf', metadata: 'https://example.org' },
      ObservedProperty: { name: 'Temperature', definition: 'https://example.org/t', description: 'x' },
      // One Observation makes the stream's feature from the Location, so the load does not.
      Observations: [{ phenomenonTime: '2026-01-01T00:00:00Z', result: 0 }],
    })),
  };
  const response = await fetch(`${serverUrl}/sta/v1.1/Things`, { method: 'POST', headers, body: JSON.stringify(body) });
  if (response.status !== 201) throw new Error(`bench Thing: ${response.status} ${await response.text()}`);
  const thing = await response.json();
  const streams = await (await fetch(`${serverUrl}/sta/v1.1/Things(${thing['@iot.id']})/Datastreams?$orderby=id`)).json();
  return streams.value.map((stream) => stream['@iot.id']);
}

/** `ROWS` rows a second apart, starting where the stream's last batch ended. */
function batch(stream, first) {
  return [{ Datastream: { '@iot.id': stream }, components: ['phenomenonTime', 'result'], dataArray: Array.from({ length: ROWS }, (_, i) => [new Date(first + i * 1000).toISOString(), Math.round(Math.sin((first + i) / 1e7) * 1000) / 100]) }];
}

export async function measureStaIngest(serverUrl, serverPid, dbUrl) {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const headers = await editorSession(client);
    const streams = await makeStreams(serverUrl, headers, CLIENTS + 1);
    let written = 0;
    let peak = memoryOf(serverPid);
    const sampler = setInterval(() => (peak = Math.max(peak, memoryOf(serverPid))), 100);
    const until = Date.now() + SECONDS * 1000;
    const started = performance.now();
    await Promise.all(
      streams.slice(0, CLIENTS).map(async (stream, c) => {
        let first = Date.parse('2026-01-02T00:00:00Z') + c;
        while (Date.now() < until) {
          const response = await fetch(`${serverUrl}/sta/v1.1/CreateObservations`, { method: 'POST', headers, body: JSON.stringify(batch(stream, first)) });
          const answer = await response.json();
          if (response.status !== 201 || answer.some((entry) => entry.startsWith('error'))) throw new Error(`CreateObservations: ${response.status} ${JSON.stringify(answer).slice(0, 300)}`);
          written += ROWS;
          first += ROWS * 1000;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const rate = written / seconds;

    // The same inserts from this process: its own stream, 4 connections, the server's statement.
    const raw = await rawRate(dbUrl, streams[CLIENTS], Math.min(SECONDS, 20));
    return [
      {
        scenario: 'sta-ingest-dataarray',
        'obs/s': Math.round(rate),
        'raw SQL obs/s': Math.round(raw),
        'ratio to raw': Number((rate / raw).toFixed(2)),
        'peak RSS MB': Math.round(peak),
        seconds: Number(seconds.toFixed(1)),
        target: `≥ ${TARGET_RATE.toLocaleString('en')}/s and ≥ ½ of raw, RSS < ${LIMIT_RSS_MB} MB (FROST-Server: ~5,000/s)`,
      },
    ];
  } finally {
    await client.end();
  }
}

async function rawRate(dbUrl, stream, seconds) {
  const pool = new pg.Pool({ connectionString: dbUrl, max: CLIENTS });
  const { rows } = await pool.query('select feature_id from sta_observations where datastream_id = $1 limit 1', [stream]);
  const feature = rows[0].feature_id;
  let written = 0;
  const until = Date.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      let first = Date.parse('2026-01-02T00:00:00Z') + 100 + c;
      while (Date.now() < until) {
        const times = Array.from({ length: ROWS }, (_, i) => new Date(first + i * 1000).toISOString());
        const client = await pool.connect();
        try {
          await client.query('begin');
          const ids = (await client.query(`select nextval('sta_observations_id_seq') as id from generate_series(1, $1)`, [ROWS])).rows.map((r) => r.id);
          await client.query(
            `insert into sta_observations (id, datastream_id, phenomenon_time, phenomenon_end, result_time, result_number, result_json, result_quality, valid_start, valid_end, parameters, feature_id)
             select * from unnest($1::bigint[], $2::bigint[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[], $6::float8[], $7::jsonb[], $8::jsonb[], $9::timestamptz[], $10::timestamptz[], $11::jsonb[], $12::bigint[])`,
            [ids, times.map(() => stream), times, times.map(() => null), times.map(() => null), times.map((_, i) => i / 100), times.map(() => null), times.map(() => null), times.map(() => null), times.map(() => null), times.map(() => null), times.map(() => feature)],
          );
          await client.query('commit');
        } finally {
          client.release();
        }
        written += ROWS;
        first += ROWS * 1000;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await pool.end();
  return written / elapsed;
}
