import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type Database } from '../../db/connection.ts';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { startTestSmtp, type TestSmtp } from '../../test/smtp.ts';
import { deliverOnce } from '../../test/mail.ts';

/**
 * Two senders (two instances: two connection pools) delivering the outbox at once deliver each
 * message once. The SMTP server holds the first sender in the middle of its batch, on a signal
 * the test controls, while the second runs. `src/server/instances.pg.test.ts` shows the same
 * with two server processes, without making their runs overlap; this one makes them overlap.
 */

let t: TestApp;
let other: Database;
let smtp: TestSmtp;
const received: string[] = [];
/** While set, the server holds every message until the test releases it; `held` resolves at the first. */
let hold: { held: () => void; release: Promise<void> } | undefined;

beforeAll(async () => {
  smtp = await startTestSmtp({
    onMessage(mail) {
      received.push(...mail.to);
      if (!hold) return;
      hold.held();
      return hold.release;
    },
  });
  t = await startTestApp();
  other = await openPostgres(t.database.url!, 2);
});
afterAll(async () => {
  await other?.close();
  await t?.close();
  await smtp?.close();
});

async function enqueue(prefix: string, count: number) {
  const addresses = Array.from({ length: count }, (_, i) => `${prefix}-${i}@example.fi`);
  await t.db.kysely.insertInto('outbox').values(addresses.map((to_address) => ({ to_address, subject: 'Once', body_text: 'Body' }))).execute();
  return addresses;
}
const rowsOf = (prefix: string) => t.db.kysely.selectFrom('outbox').select(['to_address', 'attempts', 'sent_at']).where('to_address', 'like', `${prefix}-%`).execute();

describe('two senders on one outbox', () => {
  it('leave each other\'s claimed messages alone while one is in the middle of sending', async () => {
    const addresses = await enqueue('held', 30);
    let held!: () => void;
    const firstHeld = new Promise<void>((resolve) => (held = resolve));
    let release!: () => void;
    hold = { held, release: new Promise<void>((resolve) => (release = resolve)) };

    const first = deliverOnce(t.db, smtp.url);
    await firstHeld; // the first sender has claimed its batch and is sending the first of it
    hold = undefined;
    const second = await deliverOnce(other, smtp.url);
    release();
    const firstResult = await first;

    expect(firstResult.failed + second.failed).toBe(0);
    expect(firstResult.sent + second.sent).toBe(30);
    expect(firstResult.sent).toBeGreaterThan(0);
    expect(second.sent).toBeGreaterThan(0);
    expect(received.filter((a) => a.startsWith('held-')).sort()).toEqual([...addresses].sort());
    const rows = await rowsOf('held');
    expect(rows.every((r) => r.attempts === 1 && r.sent_at !== null)).toBe(true);
  });

  it('deliver each message once when both start together, again and again', async () => {
    const addresses = await enqueue('both', 60);
    for (let round = 0; round < 4; round++) {
      const results = await Promise.all([deliverOnce(t.db, smtp.url), deliverOnce(other, smtp.url)]);
      expect(results.every((r) => r.failed === 0)).toBe(true);
    }
    expect(received.filter((a) => a.startsWith('both-')).sort()).toEqual([...addresses].sort());
    const rows = await rowsOf('both');
    expect(rows.map((r) => r.attempts)).toEqual(rows.map(() => 1));
  });
});
