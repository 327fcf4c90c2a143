import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './test/harness.ts';
import { httpLogin, killServers, makeTarget, runCli, startServer, type Server, type Target } from './test/processes.ts';

/**
 * Kill -9 in the middle of writes: every report the server acknowledged is there after a
 * restart on the same database, and what the database holds is whole (each report with its
 * reference, its history, its intake record and its e-mail, none without the others).
 */

const ROUNDS = 3;
/** Reports in flight at once. */
const CONCURRENCY = 8;
/** The server is killed the moment this many reports of a round have been acknowledged. */
const KILL_AFTER = 30;
const MODERATOR = { email: 'moderator@durability.example', password: 'a moderator password' };

interface Ack {
  id: string;
  ref: string;
  title: string;
}

let target: Target;
afterEach(killServers);
beforeAll(async () => {
  target = await makeTarget('talsinki-kill-');
  const added = await runCli(['user', 'add', '--email', MODERATOR.email, '--role', 'moderator'], target.env, `${MODERATOR.password}\n`);
  if (added.code !== 0) throw new Error(added.stderr);
});
afterAll(() => target?.dispose());

const serverEnv = () => ({ ...target.env, TALSINKI_TRUST_PROXY: '1' });

/**
 * Sends anonymous reports from CONCURRENCY clients, each from an address of its own (the intake
 * allows five per address), until the server stops answering; kills it with SIGKILL once
 * KILL_AFTER have been acknowledged.
 */
async function loadAndKill(server: Server, round: number) {
  const acked: Ack[] = [];
  let attempted = 0;
  let sequence = 0;
  let killed = false;
  const client = async (c: number) => {
    for (;;) {
      const n = sequence++;
      const title = `Durability round ${round} report ${n}`;
      attempted++;
      let response: Response;
      try {
        response = await fetch(`${server.url}/api/bottlenecks`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.${round}.${c}.${n % 250}` },
          body: JSON.stringify({
            title,
            description: 'Written while the server is about to be killed; it must be there afterwards if it was acknowledged.',
            language: 'en',
            domain: 'mobility',
            countries: ['FI', 'EE'],
            reporterEmail: `reporter-${round}-${n}@durability.example`,
          }),
        });
      } catch {
        return; // the server is gone
      }
      if (response.status !== 201) {
        if (killed) return;
        throw new Error(`report ${n}: ${response.status} ${await response.text()}`);
      }
      const body = (await response.json()) as { id: string; ref: string };
      acked.push({ id: body.id, ref: body.ref, title });
      if (acked.length === KILL_AFTER && !killed) {
        killed = true;
        server.child.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, c) => client(c)));
  expect(await server.exited).toBe('SIGKILL');
  return { acked, attempted };
}

async function listAll(server: Server, cookie: string) {
  const items: { id: string; ref: string }[] = [];
  let total = -1;
  for (let offset = 0; total < 0 || offset < total; offset += 100) {
    const response = await fetch(`${server.url}/api/bottlenecks?status=submitted&limit=100&offset=${offset}`, { headers: { cookie } });
    expect(response.status).toBe(200);
    const page = (await response.json()) as { items: { id: string; ref: string }[]; total: number };
    if (total >= 0) expect(page.total).toBe(total);
    total = page.total;
    items.push(...page.items);
    if (!page.items.length) break;
  }
  return { items, total };
}

describe(`kill -9 during writes (${TEST_DB})`, () => {
  it(`keeps every acknowledged report through ${ROUNDS} kills, and the database whole`, { timeout: 180_000 }, async () => {
    const started = Date.now();
    const allAcked: Ack[] = [];
    let allAttempted = 0;
    let server = await startServer(serverEnv());
    // A session made before the kills must outlive them.
    const moderator = await httpLogin(server.url, MODERATOR.email, MODERATOR.password);
    const figures: string[] = [];

    for (let round = 1; round <= ROUNDS; round++) {
      const { acked, attempted } = await loadAndKill(server, round);
      allAcked.push(...acked);
      allAttempted += attempted;
      server = await startServer(serverEnv());

      // Every acknowledged report, read back by id.
      const missing: Ack[] = [];
      for (const ack of allAcked) {
        const response = await fetch(`${server.url}/api/bottlenecks/${ack.id}`, { headers: { cookie: moderator.cookie } });
        if (response.status !== 200) {
          missing.push(ack);
          continue;
        }
        const body = (await response.json()) as { ref: string; title: Record<string, string> };
        expect(body.ref).toBe(ack.ref);
        expect(body.title.en).toBe(ack.title);
      }
      expect(missing, `acknowledged but lost after kill ${round}`).toEqual([]);

      // The list agrees with itself and with the reference counter: numbers 1..total, no gap, no repeat.
      const { items, total } = await listAll(server, moderator.cookie);
      expect(items).toHaveLength(total);
      expect(total).toBeGreaterThanOrEqual(allAcked.length);
      expect(total).toBeLessThanOrEqual(allAttempted);
      const numbers = items.map((item) => Number(item.ref.split('-')[2])).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      const listed = new Set(items.map((item) => item.id));
      expect(allAcked.filter((ack) => !listed.has(ack.id))).toEqual([]);
      figures.push(`round ${round}: ${acked.length} acknowledged of ${attempted} sent; ${total} in the register after restart, all ${allAcked.length} acknowledged found`);
    }

    expect(await server.stop()).toBe(0);
    // Each report came with its history, its intake record and its e-mail in one transaction.
    const counts = await target.withDb(async (db) => {
      const { rows } = await sql<{ reports: number; events: number; intake: number; mails: number }>`
        select (select count(*) from bottlenecks)::int as reports,
               (select count(*) from bottleneck_events where kind = 'submitted')::int as events,
               (select count(*) from report_intake)::int as intake,
               (select count(*) from outbox where to_address like 'reporter-%@durability.example')::int as mails`.execute(db.kysely);
      return rows[0];
    });
    expect(counts.events).toBe(counts.reports);
    expect(counts.intake).toBe(counts.reports);
    expect(counts.mails).toBe(counts.reports);
    console.log(`[durability ${TEST_DB}] ${figures.join('; ')}; ${counts.reports} reports whole; ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
});
