import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, expectProblem, expectStatus, login, loginAs, PASSWORD, sessionCookie, startTestApp, type TestApp } from '../../test/harness.ts';
import { startTestSmtp, type ReceivedMail, type TestSmtp } from '../../test/smtp.ts';
import { deliverOnce, mailText } from '../../test/mail.ts';
import { PASSWORD_RESETS_PER_DAY } from './accounts.service.ts';

/**
 * A forgotten password: the request is answered alike for any address, a one-time link reaches an
 * enabled account's owner through the real outbox and SMTP, and the link sets a new password once.
 */

let t: TestApp;
let smtp: TestSmtp;
const received: ReceivedMail[] = [];
let ip = 0;
const nextIp = () => `198.18.9.${++ip % 250}`;

beforeAll(async () => {
  smtp = await startTestSmtp({ onMessage: (mail) => void received.push(mail) });
  t = await startTestApp({ publicUrl: 'https://talsinki.example' });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const ask = (email: string, remoteAddress = nextIp()) => t.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { email }, remoteAddress });
const complete = (token: string, password = 'a brand new password 1') =>
  t.app.inject({ method: 'POST', url: '/api/auth/password-reset/complete', payload: { token, password }, remoteAddress: nextIp() });

/** Delivers the outbox and returns the mails sent to `email` (read as text), with the link's token of each. */
async function mailsTo(email: string) {
  received.length = 0;
  expect((await deliverOnce(t.db, smtp.url)).failed).toBe(0);
  return received
    .filter((mail) => mail.to.includes(email))
    .map((mail) => {
      const text = mailText(mail.raw);
      const token = /https:\/\/talsinki\.example\/password-reset#([A-Za-z0-9_-]+)/.exec(text)?.[1];
      return { text, token };
    });
}

async function newUser(locale: 'fi' | 'et' | 'en' = 'en') {
  const user = await createUser(t.db);
  await t.db.kysely.updateTable('users').set({ locale }).where('id', '=', user.id).execute();
  return user;
}

describe('asking for a password reset link', () => {
  it('answers the same for an unknown address and mails nothing', async () => {
    const user = await newUser();
    const known = expectStatus(await ask(user.email), 202);
    const unknown = expectStatus(await ask(`nobody-${Date.now()}@example.test`), 202);
    expect(unknown.body).toBe(known.body);
    expect(unknown.headers['content-type']).toBe(known.headers['content-type']);
    const mails = await mailsTo(user.email);
    expect(mails).toHaveLength(1);
    expect(received).toHaveLength(1);
  });

  it("mails a link in the account's language; only the digest is stored; a disabled account gets none", async () => {
    const user = await newUser('fi');
    expectStatus(await ask(user.email.toUpperCase()), 202);
    const [mail] = await mailsTo(user.email);
    expect(mail.text).toContain('Subject: Talsinki: aseta uusi salasana');
    expect(mail.text).toContain(`Hei ${user.displayName}`);
    expect(mail.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await t.db.kysely.selectFrom('password_resets').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(mail.token!);
    const minutesLeft = (stored.expires_at.getTime() - Date.now()) / 60_000;
    expect(minutesLeft).toBeGreaterThan(59);
    expect(minutesLeft).toBeLessThanOrEqual(60);

    const disabled = await newUser();
    await t.db.kysely.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', disabled.id).execute();
    expectStatus(await ask(disabled.email), 202);
    expect(await mailsTo(disabled.email)).toEqual([]);
  });
});

describe('a password reset link', () => {
  it('sets the password once, logs in, ends the other sessions and is audited', async () => {
    const user = await newUser();
    const other = await login(t.app, user.email);
    expectStatus(await t.app.inject({ url: '/api/auth/me', headers: other.headers }), 200);
    expectStatus(await ask(user.email), 202);
    const [{ token }] = await mailsTo(user.email);

    const done = expectStatus(await complete(token!), 200);
    expect(done.json()).toMatchObject({ id: user.id, email: user.email });
    expectStatus(await t.app.inject({ url: '/api/auth/me', headers: { cookie: sessionCookie(done) } }), 200);
    // The session from before the reset is over.
    expectProblem(await t.app.inject({ url: '/api/auth/me', headers: other.headers }), 401);
    // The new password works, the old one does not.
    await login(t.app, user.email, 'a brand new password 1');
    await expect(login(t.app, user.email, PASSWORD)).rejects.toThrow(/401/);

    const again = expectProblem(await complete(token!, 'yet another password 2'), 410);
    expect(again.type).toBe('/problems/reset-link-used');
    await login(t.app, user.email, 'a brand new password 1');
    const trail = await t.db.kysely.selectFrom('audit_log').select(['action', 'actor_id', 'details']).where('entity_id', '=', user.id).where('action', 'like', 'user.password_reset%').orderBy('id').execute();
    expect(trail.map((entry) => [entry.action, entry.actor_id])).toEqual([
      ['user.password_reset_requested', null],
      ['user.password_reset', user.id],
    ]);
    expect(trail[1].details).toMatchObject({ sessionsEnded: 1 });
  });

  it('is refused, worded, when expired, replaced by a newer one or unknown; the same password rules apply', async () => {
    const user = await newUser();
    expectStatus(await ask(user.email), 202);
    const [{ token: older }] = await mailsTo(user.email);
    expectStatus(await ask(user.email), 202);
    const [{ token: newer }] = await mailsTo(user.email);
    expect(newer).not.toBe(older);
    expect(expectProblem(await complete(older!), 410).type).toBe('/problems/reset-link-replaced');

    const tooShort = expectProblem(await complete(newer!, 'short'), 400);
    expect(tooShort.errors?.map((e) => e.path)).toEqual(['body/password']);
    const sameAsEmail = expectProblem(await complete(newer!, user.email.toUpperCase()), 400);
    expect(sameAsEmail.errors?.map((e) => e.message)).toEqual(['must differ from the e-mail address']);

    await t.db.kysely.updateTable('password_resets').set({ expires_at: new Date(Date.now() - 1000) }).where('user_id', '=', user.id).execute();
    expect(expectProblem(await complete(newer!), 410).type).toBe('/problems/reset-link-expired');
    expect(expectProblem(await complete('no-such-token'), 404).type).toBe('/problems/reset-link-unknown');
    // Nothing was set: the old password still works.
    await login(t.app, user.email);
  });
});

describe('a password set by any route', () => {
  it("through a reset link revokes the account's API tokens and expires its outstanding invitation", async () => {
    const user = await newUser();
    const session = await login(t.app, user.email);
    const { token: apiToken } = expectStatus(await t.app.inject({ method: 'POST', url: '/api/tokens', headers: session.headers, payload: { name: 'kept', scopes: ['read'] } }), 201).json();
    const bearer = { authorization: `Bearer ${apiToken}` };
    const { session: admin } = await loginAs(t, 'admin');
    expectStatus(await t.app.inject({ method: 'POST', url: `/api/admin/users/${user.id}/invitation`, headers: admin.headers }), 201);
    expectStatus(await ask(user.email), 202);
    const mails = await mailsTo(user.email);
    const invitationToken = mails.map((mail) => /https:\/\/talsinki\.example\/invitation#([A-Za-z0-9_-]+)/.exec(mail.text)?.[1]).find(Boolean);
    const resetToken = mails.find((mail) => mail.token)?.token;

    const done = expectStatus(await complete(resetToken!), 200);
    expect(expectProblem(await t.app.inject({ url: '/api/auth/me', headers: bearer }), 401).type).toBe('/problems/invalid-token');
    const accepted = await t.app.inject({ method: 'POST', url: '/api/auth/invitation/accept', payload: { token: invitationToken, password: 'an invited password 3' }, remoteAddress: nextIp() });
    expect(expectProblem(accepted, 410).type).toBe('/problems/invitation-expired');
    const trail = await t.db.kysely.selectFrom('audit_log').select('details').where('entity_id', '=', user.id).where('action', '=', 'user.password_reset').executeTakeFirstOrThrow();
    expect(trail.details).toMatchObject({ sessionsEnded: 1, tokensRevoked: 1 });
    expectStatus(await t.app.inject({ url: '/api/auth/me', headers: { cookie: sessionCookie(done) } }), 200);
  });

  it('by a change on the profile expires an outstanding reset link', async () => {
    const user = await newUser();
    expectStatus(await ask(user.email), 202);
    const [{ token }] = await mailsTo(user.email);
    const session = await login(t.app, user.email);
    expectStatus(await t.app.inject({ method: 'POST', url: '/api/me/password', headers: session.headers, payload: { currentPassword: PASSWORD, newPassword: 'a changed password 4' } }), 204);
    expect(expectProblem(await complete(token!), 410).type).toBe('/problems/reset-link-expired');
    await login(t.app, user.email, 'a changed password 4');
  });
});

describe('limits on asking', () => {
  it(`mails one account at most ${PASSWORD_RESETS_PER_DAY} links a day, answering alike after that`, async () => {
    const user = await newUser();
    for (let i = 0; i < PASSWORD_RESETS_PER_DAY + 2; i++) expectStatus(await ask(user.email), 202);
    expect(await mailsTo(user.email)).toHaveLength(PASSWORD_RESETS_PER_DAY);
  });

  it('refuses more than a few requests a minute from one client with a 429', async () => {
    const address = '198.18.10.1';
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await ask(`someone-${i}@example.test`, address)).statusCode);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    expect(expectProblem(await ask('someone@example.test', address), 429).type).toBe('/problems/too-many-requests');
  });
});
