import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { startTestSmtp, type TestSmtp } from '../../test/smtp.ts';
import { deliverOnce } from '../../test/mail.ts';

/**
 * A message the SMTP server keeps refusing is retried with back-off (1, 2, 4 … minutes) and given
 * up after its eighth try: marked failed, kept, and never tried again. Time is moved by updating
 * the row's `send_after`, never by waiting.
 */

let t: TestApp;
let refusing: TestSmtp;
/** Every time the server was asked to take a message for a recipient, and refused it. */
const refusals: string[] = [];

beforeAll(async () => {
  refusing = await startTestSmtp({
    refuse(address) {
      refusals.push(address.address);
      return { code: 450, message: 'Mailbox unavailable' };
    },
  });
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
  await refusing?.close();
});

const row = (id: number) => t.db.kysely.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
/** As if its back-off had passed. */
const makeDue = (id: number) => t.db.kysely.updateTable('outbox').set({ send_after: sql<Date>`now() - interval '1 second'` as unknown as Date }).where('id', '=', id).execute();
const MINUTE = 60_000;

describe('the outbox against a refusing SMTP server', () => {
  it('backs off 1, 2, 4 … minutes, gives up after the eighth try, and tries no more', async () => {
    const { id } = await t.db.kysely.insertInto('outbox').values({ to_address: 'refused@example.fi', subject: 'Never arrives', body_text: 'Body' }).returning('id').executeTakeFirstOrThrow();
    const tries = () => refusals.filter((a) => a === 'refused@example.fi').length;

    for (let attempt = 1; attempt <= 8; attempt++) {
      await makeDue(id);
      const startedAt = Date.now();
      expect(await deliverOnce(t.db, refusing.url)).toEqual({ sent: 0, failed: 1 });
      expect(tries()).toBe(attempt);
      const after = await row(id);
      expect(after.attempts).toBe(attempt);
      expect(after.sent_at).toBeNull();
      expect(after.locked_until).toBeNull();
      expect(after.last_error).toMatch(/Mailbox unavailable/);
      const backOff = 2 ** (attempt - 1) * MINUTE;
      expect(after.send_after.getTime()).toBeGreaterThanOrEqual(startedAt + backOff - 1000);
      expect(after.send_after.getTime()).toBeLessThanOrEqual(Date.now() + backOff + 1000);
      if (attempt < 8) {
        expect(after.failed_at).toBeNull();
        // Not yet due: the next run leaves it alone.
        expect(await deliverOnce(t.db, refusing.url)).toEqual({ sent: 0, failed: 0 });
        expect(tries()).toBe(attempt);
      } else {
        expect(after.failed_at).not.toBeNull();
      }
    }

    // Given up: even when due again, it is not tried, and it stays as it was.
    await makeDue(id);
    const givenUp = await row(id);
    expect(await deliverOnce(t.db, refusing.url)).toEqual({ sent: 0, failed: 0 });
    expect(tries()).toBe(8);
    expect(await row(id)).toEqual(givenUp);
  });
});
