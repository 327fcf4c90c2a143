import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createUser, login, startTestApp, type Session, type TestApp } from '../../test/harness.ts';

/**
 * A session is extended at most once an hour (docs/ARCHITECTURE.md, "Sessions"), so authenticated
 * reads stay reads. Time is moved by updating the row, never by waiting.
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  // Counts every write to a session row, whoever makes it: what the product must not do per read.
  await sql`create table test_session_writes (session_id text not null)`.execute(t.db.kysely);
  await sql`create function test_count_session_write() returns trigger language plpgsql as $$
    begin insert into test_session_writes values (new.id); return new; end $$`.execute(t.db.kysely);
  await sql`create trigger test_count_session_write after update on sessions for each row execute function test_count_session_write()`.execute(t.db.kysely);
});
afterAll(() => t?.close());

const DAY = 24 * 60 * 60 * 1000;

async function sessionRow(userId: string) {
  return t.db.kysely.selectFrom('sessions').select(['id', 'last_seen_at', 'expires_at']).where('user_id', '=', userId).executeTakeFirstOrThrow();
}
async function writes(sessionId: string) {
  const row = await sql<{ n: number }>`select count(*)::int as n from test_session_writes where session_id = ${sessionId}`.execute(t.db.kysely);
  return row.rows[0].n;
}
const read = (session: Session) => t.app.inject({ url: '/api/auth/me', headers: { cookie: session.cookie } });

/** Moves the session's last extension back by `minutes` and its expiry to a day from now, as if it had been made long ago. */
async function age(sessionId: string, minutes: number) {
  await t.db.kysely
    .updateTable('sessions')
    .set({
      last_seen_at: sql<Date>`now() - make_interval(mins => ${minutes})` as unknown as Date,
      expires_at: sql<Date>`now() + interval '1 day'` as unknown as Date,
    })
    .where('id', '=', sessionId)
    .execute();
}

describe('session extension', () => {
  it('does not write on reads within the hour, and extends once, by the full term, after it', async () => {
    const user = await createUser(t.db);
    const session = await login(t.app, user.email);
    const made = await sessionRow(user.id);
    const before = await writes(made.id);

    expect((await read(session)).statusCode).toBe(200);
    expect((await read(session)).statusCode).toBe(200);
    expect(await sessionRow(user.id)).toEqual(made);
    expect(await writes(made.id)).toBe(before);

    // 59 minutes since the last extension: still within the hour, still no write.
    await age(made.id, 59);
    const aged59 = await sessionRow(user.id);
    const afterAging = await writes(made.id);
    expect((await read(session)).statusCode).toBe(200);
    expect(await sessionRow(user.id)).toEqual(aged59);
    expect(await writes(made.id)).toBe(afterAging);

    // 61 minutes: the next read extends it, to the configured term from now.
    await age(made.id, 61);
    const aged = await sessionRow(user.id);
    const moved = await writes(made.id);
    const startedAt = Date.now();
    expect((await read(session)).statusCode).toBe(200);
    const extended = await sessionRow(user.id);
    expect(await writes(made.id)).toBe(moved + 1);
    expect(extended.expires_at.getTime()).toBeGreaterThan(aged.expires_at.getTime());
    expect(extended.expires_at.getTime()).toBeGreaterThanOrEqual(startedAt + t.app.config.sessionDays * DAY - 1000);
    expect(extended.last_seen_at.getTime()).toBeGreaterThanOrEqual(startedAt - 1000);

    // ...and the reads after it are reads again.
    expect((await read(session)).statusCode).toBe(200);
    expect((await read(session)).statusCode).toBe(200);
    expect(await sessionRow(user.id)).toEqual(extended);
    expect(await writes(made.id)).toBe(moved + 1);
  });

  it('extends once when several reads arrive together after the hour', async () => {
    const user = await createUser(t.db);
    const session = await login(t.app, user.email);
    const { id } = await sessionRow(user.id);
    await age(id, 90);
    const moved = await writes(id);
    const responses = await Promise.all(Array.from({ length: 6 }, () => read(session)));
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(await writes(id)).toBe(moved + 1);
    expect((await sessionRow(user.id)).expires_at.getTime()).toBeGreaterThan(Date.now() + (t.app.config.sessionDays - 1) * DAY);
  });
});
