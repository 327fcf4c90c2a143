import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser, PASSWORD } from './test/harness.ts';
import { startTestSmtp, type TestSmtp } from './test/smtp.ts';
import { httpLogin, killServers, makeTarget, startServer, type Server, type Target } from './test/processes.ts';
import { startCkanPortal, type CkanPortalOptions, type Portal } from './features/harvest/test/portals.ts';
import type { Database } from './db/connection.ts';

/**
 * Two `talsinki serve` processes on one PostgreSQL database, both with a harvest worker and an
 * outbox sender: a session made on one works on the other, each harvest run is carried out
 * once, each e-mail is sent once. PGlite is one process's database, with no second instance: only
 * the api-postgres project runs *.pg.test.ts files.
 */

const SOURCES = 4;
const PACKAGES = 5;
const REPORTS = 20;

describe('two instances on one PostgreSQL', () => {
  let target: Target;
  let db: Database;
  let smtp: TestSmtp;
  const received: { to: string[] }[] = [];
  const mailWaiters: { count: number; resolve: () => void }[] = [];
  const ours = () => received.filter((m) => m.to.some((to) => to.startsWith('two-'))).length;
  /** Resolves once the SMTP server has received this many messages to the test's addresses. */
  const receivedMail = (count: number) => (ours() >= count ? Promise.resolve() : new Promise<void>((resolve) => mailWaiters.push({ count, resolve })));
  const portals: Portal<CkanPortalOptions>[] = [];
  let a: Server;
  let b: Server;
  let adminEmail: string;

  beforeAll(async () => {
    target = await makeTarget('talsinki-two-');
    await target.withDb(async (opened) => {
      db = opened;
    });
    adminEmail = (await createUser(db, 'admin')).email;
    smtp = await startTestSmtp({
      onMessage(mail) {
        received.push({ to: mail.to });
        for (const waiter of mailWaiters) if (ours() >= waiter.count) waiter.resolve();
      },
    });
    for (let i = 0; i < SOURCES; i++) portals.push(await startCkanPortal({ count: PACKAGES }));
    const env = {
      ...target.env,
      TALSINKI_TRUST_PROXY: '1',
      SMTP_URL: smtp.url,
      TALSINKI_OUTBOX_INTERVAL_MS: '100',
      TALSINKI_HARVEST_WORKER: '1',
      TALSINKI_HARVEST_POLL_MS: '100',
      TALSINKI_HARVEST_ALLOW_NETWORKS: '127.0.0.1/32',
    };
    [a, b] = await Promise.all([startServer(env), startServer(env)]);
  });
  afterAll(async () => {
    killServers();
    for (const portal of portals) await portal.close();
    await smtp?.close();
    await target?.dispose();
  });

  /**
   * Waits for rows to reach a state. A run's end and an e-mail's sent mark are written by the
   * other processes into the database, which announces nothing: the rows are read again until
   * they are there (a poll bounded by a timeout, on the condition itself).
   */
  async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeout = 30_000): Promise<T> {
    return vi.waitFor(
      async () => {
        const value = await read();
        if (!done(value)) throw new Error(`${what}: still ${JSON.stringify(value)}`);
        return value;
      },
      { timeout, interval: 50 },
    );
  }

  it('a session made on one instance works on the other, and ends on both', async () => {
    const session = await httpLogin(a.url, adminEmail, PASSWORD);
    const me = await fetch(`${b.url}/api/auth/me`, { headers: { cookie: session.cookie } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { email: string }).email).toBe(adminEmail);
    const out = await fetch(`${b.url}/api/auth/logout`, { method: 'POST', headers: session.headers });
    expect(out.status).toBeLessThan(300);
    expect((await fetch(`${a.url}/api/auth/me`, { headers: { cookie: session.cookie } })).status).toBe(401);
  });

  it(`harvest runs queued on both instances while both workers poll are each carried out once (${SOURCES} sources)`, async () => {
    const admin = await httpLogin(a.url, adminEmail, PASSWORD, '10.200.0.3');
    const sources: string[] = [];
    for (let i = 0; i < SOURCES; i++) {
      const response = await fetch(`${(i % 2 ? b : a).url}/api/harvest/sources`, {
        method: 'POST',
        headers: { ...admin.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Portal ${i}`, kind: 'ckan', url: portals[i].url, schedule: 'manual', enabled: true }),
      });
      expect(response.status, await response.clone().text()).toBe(201);
      sources.push(((await response.json()) as { id: string }).id);
    }
    // Saving a source reads its first page to check it; the runs' reading starts after that.
    const checked = portals.map((portal) => portal.requests.length);
    // Queued at once, half through each instance: both workers are woken and both poll.
    const queued = await Promise.all(
      sources.map((id, i) => fetch(`${(i % 2 ? a : b).url}/api/harvest/sources/${id}/runs`, { method: 'POST', headers: admin.headers })),
    );
    expect(queued.map((r) => r.status)).toEqual(sources.map(() => 202));

    const runs = await until(
      'harvest runs',
      async () => (await sql<{ source_id: string; state: string; attempts: number; created: number }>`select source_id, state, attempts, created from harvest_runs`.execute(db.kysely)).rows,
      (rows) => rows.length === SOURCES && rows.every((r) => !['queued', 'running'].includes(r.state)),
    );
    expect(runs.map((r) => r.state)).toEqual(sources.map(() => 'succeeded'));
    expect(runs.map((r) => r.attempts)).toEqual(sources.map(() => 1));
    expect(runs.map((r) => r.created)).toEqual(sources.map(() => PACKAGES));
    // Each portal was read through once: one first page per run.
    portals.forEach((portal, i) => expect(portal.requests.slice(checked[i]).filter((p) => /package_search\?.*start=0/.test(p))).toHaveLength(1));
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from datasets`.execute(db.kysely);
    expect(rows[0].n).toBe(SOURCES * PACKAGES);
  });

  it(`e-mail written on both instances is delivered once (${REPORTS} messages, two senders)`, async () => {
    const responses = await Promise.all(
      Array.from({ length: REPORTS }, (_, i) =>
        fetch(`${(i % 2 ? b : a).url}/api/bottlenecks`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.77.0.${i + 1}` },
          body: JSON.stringify({
            title: `Two instances report ${i}`,
            description: 'Each reporter is asked once to confirm the address, whichever instance sends.',
            language: 'en',
            domain: 'digital_services',
            countries: ['EE'],
            reporterEmail: `two-${i}@instances.example`,
          }),
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 201));
    // The SMTP server tells when the messages have come; the sent marks follow in the database.
    await receivedMail(REPORTS);
    const outbox = await until(
      'outbox',
      async () => (await sql<{ to_address: string; attempts: number; sent: boolean }>`select to_address, attempts, sent_at is not null as sent from outbox where to_address like 'two-%'`.execute(db.kysely)).rows,
      (rows) => rows.length === REPORTS && rows.every((r) => r.sent),
    );
    expect(outbox.map((r) => r.attempts)).toEqual(outbox.map(() => 1));
    const addresses = received.flatMap((m) => m.to).filter((to) => to.startsWith('two-')).sort();
    expect(addresses).toEqual(Array.from({ length: REPORTS }, (_, i) => `two-${i}@instances.example`).sort());
  });
});
