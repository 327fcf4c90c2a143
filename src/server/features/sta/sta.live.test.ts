import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { loadDemo } from '../demo/demo.service.ts';
import { demoValue } from './sta.demo.model.ts';
import { writeToken } from './sta.fixture.ts';
import { dueTimes, liveCommand, liveStreams, postDue, type LiveClient } from './sta.live.ts';

/**
 * The live generator as it runs beside a server: over real HTTP, finding the demo's streams
 * through the SensorThings API and posting each one's due values with `CreateObservations`.
 */

let t: TestApp;
let base: string;
let client: LiveClient;
const HOUR = 3_600_000;
/** The demo was seeded three hours ago; the generator goes on from there. */
const SEEDED = Date.now() - 3 * HOUR;

beforeAll(async () => {
  t = await startTestApp();
  await loadDemo(t.db.kysely, { sensors: { days: 1, now: SEEDED } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  client = { base, token: await writeToken(t, 'editor') };
});
afterAll(() => t?.close());

const rowsOf = async (stream: number) =>
  (await sql<{ t: number; v: number }>`select (extract(epoch from phenomenon_time) * 1000)::float8 as t, result_number as v from sta_observations where datastream_id = ${stream} order by phenomenon_time`.execute(t.db.kysely)).rows;

describe('the live generator', () => {
  it('goes on from where each live stream stopped, at its cadence, with its model’s values, once', async () => {
    const streams = await liveStreams(client);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from sta_datastreams where properties @> '{"demo": true}' and not properties @> '{"ended": true}'`.execute(t.db.kysely);
    expect(streams).toHaveLength(rows[0].n);
    // The completed pilot's sensor stays as it ended.
    const ended = await sql<{ id: number }>`select id::float8 as id from sta_datastreams where properties @> '{"ended": true}'`.execute(t.db.kysely);
    expect(ended.rows.length).toBeGreaterThan(0);
    for (const stream of ended.rows) expect(streams.map((s) => s.id)).not.toContain(stream.id);

    const now = Date.now();
    const before = new Map(await Promise.all(streams.map(async (stream) => [stream.id, (await rowsOf(stream.id)).length] as const)));
    const due = new Map(streams.map((stream) => [stream.id, dueTimes(stream, now)]));
    const { written, refused } = await postDue(client, streams, now);
    expect(refused).toEqual([]);
    expect(written).toBe([...due.values()].reduce((sum, times) => sum + times.length, 0));
    expect(written).toBeGreaterThan(0);
    for (const stream of streams) {
      const rows = await rowsOf(stream.id);
      const added = rows.slice(before.get(stream.id));
      expect(added.map((row) => row.t)).toEqual(due.get(stream.id));
      for (const row of added) expect(row.v).toBe(demoValue(stream.model, stream.key, row.t));
      // Nothing between the seed's last row and the first posted is missing (beyond the lifted months).
      if (added.length && rows.length > added.length && stream.lifted.length === 0) expect(added[0].t - rows[rows.length - added.length - 1].t).toBe(stream.every * 60_000);
    }
    expect(await postDue(client, streams, now)).toEqual({ written: 0, refused: [] });
  });

  it('runs as a command with the demo editor’s log-in, and revokes the token it made when stopped', async () => {
    const stop = new AbortController();
    const lines: string[] = [];
    const finished = liveCommand(['--url', base, '--every', '1'], (line) => {
      lines.push(line);
      if (/observations written/.test(line)) stop.abort();
    }, stop.signal);
    expect(await finished).toBe(0);
    expect(lines[0]).toMatch(/^Posting to \d+ demo Datastreams/);
    const tokens = await sql<{ revoked: boolean }>`select revoked_at is not null as revoked from api_tokens where name = 'Demo live generator'`.execute(t.db.kysely);
    expect(tokens.rows).toEqual([{ revoked: true }]);
  });

  it('refuses what it cannot run with', async () => {
    await expect(liveCommand(['--url', 'ftp://example.org'])).rejects.toThrow(/--url/);
    await expect(liveCommand(['--url', base, '--every', '0'])).rejects.toThrow(/--every/);
  });
});
