import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type Database } from '../../db/connection.ts';
import { createUser, expectStatus, login, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { sweepMilestones } from './milestones.mail.ts';

/**
 * Two instances sweeping the milestones at once (two connection pools on one PostgreSQL, as two
 * servers would) write each mail once. PGlite runs one transaction at a time, so only PostgreSQL
 * can show it; the api-postgres project alone runs *.pg.test.ts files.
 */

let t: TestApp;
let other: Database;
let holder: Database;
let editor: Session;
let raci: object[];
const SITE = 'https://talsinki.example';

beforeAll(async () => {
  t = await startTestApp({ publicUrl: SITE });
  other = await openPostgres(t.database.url!, 2);
  holder = await openPostgres(t.database.url!, 1);
  editor = await login(t.app, (await createUser(t.db, 'editor')).email);
  const id = async (slug: string) => expectStatus(await t.app.inject({ url: `/api/institutions/${slug}` }), 200).json().id as string;
  raci = [
    { institutionId: await id('kela'), role: 'A' },
    { institutionId: await id('sotsiaalkindlustusamet'), role: 'R' },
  ];
  for (const slug of ['kela', 'sotsiaalkindlustusamet']) {
    const owner = await createUser(t.db, 'service_owner');
    await t.db.kysely.updateTable('users').set({ institution_id: await id(slug) }).where('id', '=', owner.id).execute();
  }
});
afterAll(async () => {
  await holder?.close();
  await other?.close();
  await t?.close();
});

async function milestonesOf(title: string, dueOn: string[]) {
  const action = expectStatus(await t.app.inject({ method: 'POST', url: '/api/actions', headers: editor.headers, payload: { title: { en: title }, domain: 'mobility', startsOn: '2028-01-01', endsOn: '2028-12-31', raci } }), 201).json();
  for (const day of dueOn) expectStatus(await t.app.inject({ method: 'POST', url: `/api/actions/${action.ref}/milestones`, headers: editor.headers, payload: { title: { en: `Milestone due ${day}` }, dueOn: day } }), 201);
  return action as { id: string; ref: string };
}
/** Mails in the outbox about the action: one row per recipient and subject. */
const outboxAbout = (ref: string) => t.db.kysely.selectFrom('outbox').select(['to_address', 'subject']).where('subject', 'like', `${ref}:%`).orderBy('subject').orderBy('to_address').execute();
const sweep = (db: Database, day: string) => sweepMilestones(db.kysely, { now: new Date(`${day}T08:00:00Z`), publicUrl: SITE });

describe('two instances sweeping at once', () => {
  it('write one mail per recipient when both have read the milestone unmailed and claim it together', async () => {
    const action = await milestonesOf('Held while two sweeps claim it', ['2028-03-10']);
    const [milestone] = await t.db.kysely.selectFrom('action_milestones').select('id').where('action_id', '=', action.id).execute();
    let sweeps!: Promise<{ due: number; slipped: number }[]>;
    // A third connection holds the milestone's row; both sweeps read it as unmailed and queue on its lock to claim it.
    await holder.kysely.transaction().execute(async (trx) => {
      await sql`select id from action_milestones where id = ${milestone.id} for update`.execute(trx);
      sweeps = Promise.all([sweep(t.db, '2028-03-05'), sweep(other, '2028-03-05')]);
      for (;;) {
        const waiting = await sql<{ n: number }>`select count(*)::int as n from pg_locks l join pg_stat_activity a on a.pid = l.pid where not l.granted and a.datname = current_database()`.execute(t.db.kysely);
        if (waiting.rows[0].n >= 2) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
    });
    const results = await sweeps;
    expect(results.map((r) => r.due).sort()).toEqual([0, 1]);
    const mails = await outboxAbout(action.ref);
    // The editor and the two institutions' service owners, once each.
    expect(mails).toHaveLength(3);
    expect(new Set(mails.map((m) => m.to_address)).size).toBe(3);
    // Done, so that it slips in no later test.
    await t.db.kysely.updateTable('action_milestones').set({ done_on: '2028-03-06' }).where('id', '=', milestone.id).execute();
  });

  it('write each mail once when both sweep many milestones together, again and again', async () => {
    const days = Array.from({ length: 40 }, (_, i) => `2028-06-${String((i % 28) + 1).padStart(2, '0')}`);
    const action = await milestonesOf('Forty milestones', days);
    // Every milestone comes due and then slips; two sweeps at every step of the clock.
    const total = { due: 0, slipped: 0 };
    for (const day of ['2028-05-25', '2028-06-01', '2028-06-08', '2028-06-15', '2028-06-22', '2028-06-29', '2028-07-01']) {
      for (const result of await Promise.all([sweep(t.db, day), sweep(other, day)])) {
        total.due += result.due;
        total.slipped += result.slipped;
      }
    }
    expect(total).toEqual({ due: 40, slipped: 40 });
    const mails = await outboxAbout(action.ref);
    const perRecipient = new Map<string, number>();
    for (const mail of mails) perRecipient.set(mail.to_address, (perRecipient.get(mail.to_address) ?? 0) + 1);
    // 40 due and 40 slip mails for each of the three recipients.
    expect([...perRecipient.values()]).toEqual([80, 80, 80]);
    const marks = await t.db.kysely.selectFrom('action_milestones').select(['notified_due_at', 'notified_slip_at']).where('action_id', '=', action.id).execute();
    expect(marks.every((m) => m.notified_due_at && m.notified_slip_at)).toBe(true);
  });
});
