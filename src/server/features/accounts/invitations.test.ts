import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, expectStatus, login, loginAs, sessionCookie, startTestApp, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let admin: Session;
let adminId: string;
let institutionIds: string[];
beforeAll(async () => {
  t = await startTestApp({ publicUrl: 'https://talsinki.example' });
  const signedIn = await loginAs(t, 'admin');
  admin = signedIn.session;
  adminId = signedIn.user.id;
  institutionIds = (await t.db.kysely.selectFrom('institutions').select('id').orderBy('slug').limit(2).execute()).map((row) => row.id);
});
afterAll(() => t?.close());

let counter = 0;
const newEmail = () => `invitee-${++counter}-${Date.now()}@example.test`;

async function createUser(payload: Record<string, unknown>) {
  return t.app.inject({ method: 'POST', url: '/api/admin/users', headers: admin.headers, payload });
}

/** The link of the newest message to `email` in the outbox, and the message. */
async function invitationMail(email: string) {
  const mail = await t.db.kysely.selectFrom('outbox').selectAll().where('to_address', '=', email).orderBy('id', 'desc').executeTakeFirstOrThrow();
  const link = /https:\/\/talsinki\.example\/invitation#(\S+)/.exec(mail.body_text);
  if (!link) throw new Error(`no invitation link in: ${mail.body_text}`);
  return { mail, token: link[1] };
}

const accept = (token: string, password = 'a new password 123') => t.app.inject({ method: 'POST', url: '/api/auth/invitation/accept', payload: { token, password }, remoteAddress: `10.77.0.${++counter % 250}` });
const lookUp = (token: string) => t.app.inject({ method: 'POST', url: '/api/auth/invitation', payload: { token }, remoteAddress: `10.78.0.${++counter % 250}` });

describe('accounts created by administrators', () => {
  it('creates a service owner tied to an institution, audited, and mails the invitation in the chosen language', async () => {
    const email = newEmail();
    const response = expectStatus(await createUser({ email, displayName: 'Sari Palvelu', role: 'service_owner', institutionId: institutionIds[0], locale: 'fi' }), 201);
    const created = response.json();
    expect(created).toMatchObject({ email, role: 'service_owner', institutionId: institutionIds[0], disabled: false });
    const { mail, token } = await invitationMail(email);
    expect(mail.subject).toBe('Talsinki-käyttäjätilisi: valitse salasana');
    expect(mail.body_text).toContain('Hei Sari Palvelu');
    // Only the digest is stored: the token itself is nowhere in the database but the message.
    const stored = await t.db.kysely.selectFrom('user_invitations').selectAll().where('user_id', '=', created.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored.expires_at.getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
    const trail = await t.db.kysely.selectFrom('audit_log').select(['action', 'actor_id']).where('entity_id', '=', created.id).orderBy('id').execute();
    expect(trail).toEqual([
      { action: 'user.created_by_admin', actor_id: adminId },
      { action: 'user.invited', actor_id: adminId },
    ]);
    // Nobody can log in to it before the invitation is accepted.
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: 'correct horse battery staple' }, remoteAddress: '10.79.0.1' }), 401);
  });

  it('writes the invitation in Estonian and English too', async () => {
    for (const [locale, subject] of [['et', 'Teie Talsinki konto: valige parool'], ['en', 'Your Talsinki account: choose a password']] as const) {
      const email = newEmail();
      expectStatus(await createUser({ email, displayName: 'Mari', role: 'member', locale }), 201);
      expect((await invitationMail(email)).mail.subject).toBe(subject);
    }
  });

  it('requires an institution for a service owner, an existing one, and a free e-mail address', async () => {
    const missing = expectProblem(await createUser({ email: newEmail(), displayName: 'X', role: 'service_owner', locale: 'en' }), 400);
    expect(missing.errors).toEqual([{ path: 'body/institutionId', code: 'required', params: {}, message: 'is required for a service owner' }]);
    const unknown = expectProblem(await createUser({ email: newEmail(), displayName: 'X', role: 'service_owner', institutionId: '00000000-0000-4000-8000-000000000000', locale: 'en' }), 400);
    expect(unknown.errors?.map((e) => e.path)).toEqual(['body/institutionId']);
    const email = newEmail();
    expectStatus(await createUser({ email, displayName: 'First', role: 'member', locale: 'en' }), 201);
    expect(expectProblem(await createUser({ email: email.toUpperCase(), displayName: 'Second', role: 'member', locale: 'en' }), 409).type).toBe('/problems/email-taken');
  });

  it('is for administrators only', async () => {
    const { session: editor } = await loginAs(t, 'editor');
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/admin/users', headers: editor.headers, payload: { email: newEmail(), displayName: 'X', role: 'member', locale: 'en' } }), 403);
  });
});

describe('invitations', () => {
  it('are accepted once: the password is set and the invitee is logged in; the link then says it was used', async () => {
    const email = newEmail();
    const created = expectStatus(await createUser({ email, displayName: 'Kaisa', role: 'member', locale: 'en' }), 201).json();
    const { token } = await invitationMail(email);
    expect(expectStatus(await lookUp(token), 200).json()).toMatchObject({ email, displayName: 'Kaisa' });
    const accepted = expectStatus(await accept(token), 200);
    expect(accepted.json()).toMatchObject({ id: created.id, email });
    const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie: sessionCookie(accepted) } });
    expect(me.json().id).toBe(created.id);
    // The password chosen is the account's now.
    expectStatus(await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: 'a new password 123' }, remoteAddress: '10.79.0.2' }), 200);
    // A second use is refused, and says why; the password stays.
    expect(expectProblem(await accept(token, 'another password 456'), 410).type).toBe('/problems/invitation-used');
    expect(expectProblem(await lookUp(token), 410).type).toBe('/problems/invitation-used');
    expectStatus(await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: 'a new password 123' }, remoteAddress: '10.79.0.3' }), 200);
    expect((await t.db.kysely.selectFrom('audit_log').select('action').where('entity_id', '=', created.id).where('action', '=', 'user.invitation_accepted').execute()).length).toBe(1);
  });

  it('expire: an expired link says so and sets nothing', async () => {
    const email = newEmail();
    const created = expectStatus(await createUser({ email, displayName: 'Vanha', role: 'member', locale: 'en' }), 201).json();
    const { token } = await invitationMail(email);
    await t.db.kysely.updateTable('user_invitations').set({ expires_at: new Date(Date.now() - 1000) }).where('user_id', '=', created.id).execute();
    expect(expectProblem(await lookUp(token), 410).type).toBe('/problems/invitation-expired');
    expect(expectProblem(await accept(token), 410).type).toBe('/problems/invitation-expired');
    expect((await t.db.kysely.selectFrom('user_invitations').select('used_at').where('user_id', '=', created.id).executeTakeFirstOrThrow()).used_at).toBeNull();
  });

  it('sent again replace the earlier link; an unknown link is a 404', async () => {
    const email = newEmail();
    const created = expectStatus(await createUser({ email, displayName: 'Toinen', role: 'member', locale: 'en' }), 201).json();
    const first = (await invitationMail(email)).token;
    const resent = expectStatus(await t.app.inject({ method: 'POST', url: `/api/admin/users/${created.id}/invitation`, headers: admin.headers }), 201).json();
    expect(resent).toMatchObject({ userId: created.id, email });
    const second = (await invitationMail(email)).token;
    expect(second).not.toBe(first);
    expect(expectProblem(await accept(first), 410).type).toBe('/problems/invitation-expired');
    expectStatus(await accept(second), 200);
    expectProblem(await lookUp('no-such-token'), 404);
  });

  it("accepted revoke the account's API tokens and expire its outstanding password reset link", async () => {
    const email = newEmail();
    const created = expectStatus(await createUser({ email, displayName: 'Kolmas', role: 'member', locale: 'en' }), 201).json();
    expectStatus(await accept((await invitationMail(email)).token), 200);
    const session = await login(t.app, email, 'a new password 123');
    const { token: apiToken } = expectStatus(await t.app.inject({ method: 'POST', url: '/api/tokens', headers: session.headers, payload: { name: 'kept', scopes: ['read'] } }), 201).json();
    const bearer = { authorization: `Bearer ${apiToken}` };
    expectStatus(await t.app.inject({ url: '/api/auth/me', headers: bearer }), 200);
    // A reset link asked for, then a fresh invitation accepted: the invitation's password wins.
    expectStatus(await t.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { email }, remoteAddress: '10.79.0.4' }), 202);
    const resetMail = await t.db.kysely.selectFrom('outbox').select('body_text').where('to_address', '=', email).where('body_text', 'like', '%/password-reset#%').executeTakeFirstOrThrow();
    const resetToken = /\/password-reset#([A-Za-z0-9_-]+)/.exec(resetMail.body_text)![1];
    expectStatus(await t.app.inject({ method: 'POST', url: `/api/admin/users/${created.id}/invitation`, headers: admin.headers }), 201);
    const accepted = expectStatus(await accept((await invitationMail(email)).token, 'a third password 789'), 200);
    expect(expectProblem(await t.app.inject({ url: '/api/auth/me', headers: bearer }), 401).type).toBe('/problems/invalid-token');
    expectProblem(await t.app.inject({ url: '/api/auth/me', headers: session.headers }), 401);
    const reset = await t.app.inject({ method: 'POST', url: '/api/auth/password-reset/complete', payload: { token: resetToken, password: 'a reset password 000' }, remoteAddress: '10.79.0.5' });
    expect(expectProblem(reset, 410).type).toBe('/problems/reset-link-expired');
    const trail = await t.db.kysely.selectFrom('audit_log').select('details').where('entity_id', '=', created.id).where('action', '=', 'user.invitation_accepted').orderBy('id', 'desc').executeTakeFirstOrThrow();
    // The sessions of the first acceptance and of the log-in.
    expect(trail.details).toMatchObject({ sessionsEnded: 2, tokensRevoked: 1 });
    expectStatus(await t.app.inject({ url: '/api/auth/me', headers: { cookie: sessionCookie(accepted) } }), 200);
  });
});

describe("a service owner's institution", () => {
  it('is set and changed by an administrator, audited, and the desk follows at once', async () => {
    const { user: owner, session: ownerSession } = await loginAs(t, 'service_owner');
    expect((await t.app.inject({ url: '/api/auth/me', headers: ownerSession.headers })).json().institutionId).toBeNull();
    for (const institutionId of institutionIds) {
      const patched = expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/admin/users/${owner.id}`, headers: admin.headers, payload: { institutionId } }), 200);
      expect(patched.json().institutionId).toBe(institutionId);
      // The session reads the account afresh: no new log-in is needed.
      expect((await t.app.inject({ url: '/api/auth/me', headers: ownerSession.headers })).json().institutionId).toBe(institutionId);
    }
    const entries = await t.db.kysely.selectFrom('audit_log').select('details').where('entity_id', '=', owner.id).where('action', '=', 'user.updated_by_admin').orderBy('id').execute();
    expect(entries.map((entry) => entry.details)).toEqual([
      expect.objectContaining({ before: expect.objectContaining({ institutionId: null }), after: { institutionId: institutionIds[0] } }),
      expect.objectContaining({ before: expect.objectContaining({ institutionId: institutionIds[0] }), after: { institutionId: institutionIds[1] } }),
    ]);
  });
});
