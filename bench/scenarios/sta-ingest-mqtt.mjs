// Issue 20's MQTT ingest figure: Observations created by publishing one Observation per MQTT message
// to `v1.1/Datastreams(n)/Observations` (OGC 18-088 §14.1), 4 MQTT.js clients over TCP at once, each to
// a stream of its own, for BENCH_STA_SECONDS (30 by default), to a server that has just started.
// QoS 1: each client keeps WINDOW publishes unacknowledged, and a PUBACK means stored, so the rate is
// the acknowledged count over the time. QoS 0: the clients publish as fast as their sockets take it,
// and the rate is the stored count (read from the database) over the time until the last is stored.
// Reported with the server's peak RSS. Target ≥ 10,000/s; FROST-Server publishes no MQTT figure.
import { createHash, randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import pg from 'pg';
import { editorSession, makeStreams, memoryOf } from './sta-ingest.mjs';

const SECONDS = Number(process.env.BENCH_STA_SECONDS || 30);
const CLIENTS = 4;
const WINDOW = 1_000;
const TARGET_RATE = 10_000;
const LIMIT_RSS_MB = 300;

/** An editor's session (to make the streams) with an API token of the same editor (the MQTT password). */
async function editor(client) {
  const headers = await editorSession(client);
  const { rows } = await client.query(`select user_id from sessions where id = $1`, [createHash('sha256').update(headers.cookie.split('=')[1]).digest('hex')]);
  const token = `tlk_${randomBytes(32).toString('base64url')}`;
  await client.query(`insert into api_tokens (user_id, name, token_hash, token_prefix, scopes) values ($1, 'bench mqtt', $2, $3, '{read,write}')`, [rows[0].user_id, createHash('sha256').update(token).digest('hex'), token.slice(0, 10)]);
  return { token, headers };
}

const message = (time, i) => JSON.stringify({ phenomenonTime: new Date(time).toISOString(), result: Math.round(Math.sin(i / 100) * 1000) / 100 });

async function stored(client, streams) {
  return Number((await client.query('select count(*)::int as n from sta_observations where datastream_id = any($1)', [streams])).rows[0].n);
}

async function run(mqttUrl, token, streams, qos, db) {
  const clients = await Promise.all(streams.map(() => mqtt.connectAsync(mqttUrl, { username: 'bench', password: token, reconnectPeriod: 0 })));
  const before = await stored(db, streams);
  let sent = 0;
  let acknowledged = 0;
  const until = Date.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    clients.map(async (client, c) => {
      const topic = `v1.1/Datastreams(${streams[c]})/Observations`;
      let time = Date.parse(qos === 1 ? '2026-02-01T00:00:00Z' : '2026-03-01T00:00:00Z') + c;
      let i = 0;
      const inFlight = new Set();
      while (Date.now() < until) {
        if (qos === 1) {
          const publish = client.publishAsync(topic, message(time, i), { qos: 1 }).then(() => {
            acknowledged++;
            inFlight.delete(publish);
          });
          inFlight.add(publish);
          if (inFlight.size >= WINDOW) await Promise.race(inFlight);
        } else {
          // The callback of a QoS 0 publish comes when the socket has taken it: its back-pressure.
          await new Promise((resolve, reject) => client.publish(topic, message(time, i), { qos: 0 }, (error) => (error ? reject(error) : resolve())));
        }
        sent++;
        i++;
        time += 1000;
      }
      await Promise.all(inFlight);
    }),
  );
  // QoS 0 has no acknowledgement: the run ends when the last publish is stored (or nothing more comes for 5 s).
  let count = await stored(db, streams);
  for (let still = 0; count - before < sent && still < 50; ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = await stored(db, streams);
    still = now === count ? still + 1 : 0;
    count = now;
  }
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(clients.map((client) => client.endAsync()));
  const storedCount = count - before;
  if (storedCount !== sent) throw new Error(`MQTT QoS ${qos}: ${sent} published, ${storedCount} stored`);
  if (qos === 1 && acknowledged !== sent) throw new Error(`MQTT QoS 1: ${sent} published, ${acknowledged} acknowledged`);
  return { rate: storedCount / seconds, seconds, count: storedCount };
}

export async function measureStaIngestMqtt(serverUrl, serverPid, dbUrl, mqttPort) {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  try {
    const { token, headers } = await editor(db);
    const streams = await makeStreams(serverUrl, headers, CLIENTS);
    const rows = [];
    for (const qos of [1, 0]) {
      let peak = memoryOf(serverPid);
      const sampler = setInterval(() => (peak = Math.max(peak, memoryOf(serverPid))), 100);
      const { rate, seconds, count } = await run(`mqtt://127.0.0.1:${mqttPort}`, token, streams, qos, db);
      clearInterval(sampler);
      rows.push({
        scenario: `sta-ingest-mqtt-qos${qos}`,
        'obs/s': Math.round(rate),
        stored: count,
        'peak RSS MB': Math.round(peak),
        seconds: Number(seconds.toFixed(1)),
        target: `≥ ${TARGET_RATE.toLocaleString('en')}/s, RSS < ${LIMIT_RSS_MB} MB (${CLIENTS} clients, one Observation per message${qos === 1 ? `, ${WINDOW} unacknowledged each` : ''})`,
      });
    }
    return rows;
  } finally {
    await db.end();
  }
}
