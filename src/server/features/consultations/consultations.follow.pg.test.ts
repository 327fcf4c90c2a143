import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type Database } from '../../db/connection.ts';
import { createUser, expectStatus, login, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { sweepConsultationMail } from './consultations.mail.ts';

/**
 * Two instances sweeping the consultations' mail at once (two connection pools on one PostgreSQL,
 * as two servers would) write each follower's mail once. PGlite runs one transaction at a time, so
 * only PostgreSQL can show it; the api-postgres project alone runs *.pg.test.ts files.
 */

let t: TestApp;
let other: Database;
let holder: Database;
let editor: Session;
const followers: Session[] = [];
const SITE = 'https://talsinki.example';
let slugs = 0;

beforeAll(async () => {
  t = await startTestApp({ publicUrl: SITE });
  other = await openPostgres(t.database.url!, 2);
  holder = await openPostgres(t.database.url!, 1);
  editor = (await loginAs(t, 'editor')).session;
  for (let i = 0; i < 3; i++) followers.push(await login(t.app, (await createUser(t.db, 'member')).email));
});
afterAll(async () => {
  await holder?.close();
  await other?.close();
  await t?.close();
});

async function followed(title: string, opensAt: string, closesAt: string) {
  const payload = { slug: `raced-${++slugs}`, title: { en: title }, subject: 'text', opensAt, closesAt, commenting: 'open', support: 'open', moderation: 'after', published: true, sections: [{ kind: 'main', title: { en: 'Vision' } }] };
  const c = expectStatus(await t.app.inject({ method: 'POST', url: '/api/consultations', headers: editor.headers, payload }), 201).json() as { id: string; ref: string };
  for (const session of followers) expectStatus(await t.app.inject({ method: 'POST', url: `/api/consultations/${c.id}/follow`, headers: session.headers }), 200);
  return c;
}
/** Mails in the outbox about the consultation: one row per recipient and subject. */
const outboxAbout = (title: string) => t.db.kysely.selectFrom('outbox').select(['to_address', 'subject']).where('subject', 'like', `%${title}`).orderBy('subject').orderBy('to_address').execute();
const sweep = (db: Database, now: string) => sweepConsultationMail(db.kysely, { now: new Date(now), publicUrl: SITE });

describe('two instances sweeping at once', () => {
  it('write one mail per follower when both have read the consultation unmailed and claim it together', async () => {
    const c = await followed('Held while two sweeps claim it', '2032-03-01T08:00:00Z', '2032-03-20T08:00:00Z');
    let sweeps!: Promise<{ opened: number }[]>;
    // A third connection holds the consultation's row; both sweeps read it as unmailed and queue on its lock to claim it.
    await holder.kysely.transaction().execute(async (trx) => {
      await sql`select id from consultations where id = ${c.id} for update`.execute(trx);
      sweeps = Promise.all([sweep(t.db, '2032-03-01T09:00:00Z'), sweep(other, '2032-03-01T09:00:00Z')]);
      for (;;) {
        const waiting = await sql<{ n: number }>`select count(*)::int as n from pg_locks l join pg_stat_activity a on a.pid = l.pid where not l.granted and a.datname = current_database()`.execute(t.db.kysely);
        if (waiting.rows[0].n >= 2) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
    });
    const results = await sweeps;
    expect(results.map((r) => r.opened).sort()).toEqual([0, 1]);
    const mails = await outboxAbout('Held while two sweeps claim it');
    expect(mails).toHaveLength(3);
    expect(new Set(mails.map((m) => m.to_address)).size).toBe(3);
  });

  it('write each mail once when both sweep many consultations through all three events together', async () => {
    const many = [];
    for (let i = 0; i < 12; i++) many.push(await followed(`Many ${String(i).padStart(2, '0')}`, '2033-04-01T08:00:00Z', `2033-04-${String(10 + i).padStart(2, '0')}T08:00:00Z`));
    await t.db.kysely.updateTable('consultations').set({ report_published_at: new Date('2033-05-01T08:00:00Z') }).where('id', 'in', many.map((c) => c.id)).execute();
    const total = { opened: 0, closing: 0, report: 0 };
    const clock = ['2033-04-01T09:00:00Z', ...Array.from({ length: 14 }, (_, d) => `2033-04-${String(9 + d).padStart(2, '0')}T09:00:00Z`), '2033-05-01T09:00:00Z'];
    for (const now of clock) {
      for (const result of await Promise.all([sweep(t.db, now), sweep(other, now)])) {
        total.opened += result.opened;
        total.closing += result.closing;
        total.report += result.report;
      }
    }
    expect(total).toEqual({ opened: 12, closing: 12, report: 12 });
    const mails = await outboxAbout('Many %');
    // Three mails (opened, closing, report) for each of twelve consultations, to each of the three followers.
    expect(mails).toHaveLength(3 * 12 * 3);
    expect(new Set(mails.map((m) => `${m.to_address} ${m.subject}`)).size).toBe(mails.length);
  });
});
