import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, expectProblem, login, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('user administration', () => {
  it('is closed to everyone but administrators', async () => {
    expectProblem(await t.app.inject({ url: '/api/admin/users' }), 401);
    for (const role of ['member', 'service_owner', 'moderator', 'editor'] as const) {
      const { session } = await loginAs(t, role);
      expectProblem(await t.app.inject({ url: '/api/admin/users', headers: session.headers }), 403);
    }
  });

  it('lists, searches and filters accounts by role, paged', async () => {
    const { session } = await loginAs(t, 'admin');
    await createUser(t.db, 'editor', 'kerttu.editor@example.fi');
    const all = (await t.app.inject({ url: '/api/admin/users?limit=2', headers: session.headers })).json();
    expect(all.limit).toBe(2);
    expect(all.items).toHaveLength(2);
    expect(all.total).toBeGreaterThanOrEqual(6);
    const editors = (await t.app.inject({ url: '/api/admin/users?role=editor', headers: session.headers })).json();
    expect(editors.items.every((u: { role: string }) => u.role === 'editor')).toBe(true);
    const found = (await t.app.inject({ url: '/api/admin/users?q=KERTTU', headers: session.headers })).json();
    expect(found.items.map((u: { email: string }) => u.email)).toEqual(['kerttu.editor@example.fi']);
    expectProblem(await t.app.inject({ url: '/api/admin/users?limit=500', headers: session.headers }), 400);
    expectProblem(await t.app.inject({ url: '/api/admin/users?role=king', headers: session.headers }), 400);
  });

  it('changes a role, ends that person\'s sessions, and audits who did it', async () => {
    const { user: admin, session } = await loginAs(t, 'admin');
    const member = await createUser(t.db, 'member');
    const memberSession = await login(t.app, member.email);
    const response = await t.app.inject({ method: 'PATCH', url: `/api/admin/users/${member.id}`, headers: session.headers, payload: { role: 'moderator' } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: member.id, role: 'moderator', disabled: false });
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: memberSession.cookie } })).statusCode).toBe(401);
    const entry = await t.db.kysely.selectFrom('audit_log').selectAll().where('entity_id', '=', member.id).where('action', '=', 'user.updated_by_admin').executeTakeFirstOrThrow();
    expect(entry.actor_id).toBe(admin.id);
    expect(entry.details).toMatchObject({ before: { role: 'member' }, after: { role: 'moderator' } });
  });

  it('disables an account so that it can no longer log in', async () => {
    const { session } = await loginAs(t, 'admin');
    const member = await createUser(t.db, 'member');
    const response = await t.app.inject({ method: 'PATCH', url: `/api/admin/users/${member.id}`, headers: session.headers, payload: { disabled: true } });
    expect(response.json().disabled).toBe(true);
    await expect(login(t.app, member.email)).rejects.toThrow(/401/);
  });

  it('revokes the API tokens of an account it disables, so enabling it again does not bring them back', async () => {
    const { user: admin, session } = await loginAs(t, 'admin');
    const member = await createUser(t.db, 'member');
    const memberSession = await login(t.app, member.email);
    const created = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: memberSession.headers, payload: { name: 'script', scopes: ['read'] } });
    const { id, token } = created.json();
    const bearer = { authorization: `Bearer ${token}` };
    expect((await t.app.inject({ url: '/api/auth/me', headers: bearer })).statusCode).toBe(200);

    const disable = await t.app.inject({ method: 'PATCH', url: `/api/admin/users/${member.id}`, headers: session.headers, payload: { disabled: true } });
    expect(disable.statusCode).toBe(200);
    const enable = await t.app.inject({ method: 'PATCH', url: `/api/admin/users/${member.id}`, headers: session.headers, payload: { disabled: false } });
    expect(enable.json().disabled).toBe(false);
    expect(expectProblem(await t.app.inject({ url: '/api/auth/me', headers: bearer }), 401).type).toBe('/problems/invalid-token');
    expect((await t.db.kysely.selectFrom('api_tokens').select('revoked_at').where('id', '=', id).executeTakeFirstOrThrow()).revoked_at).not.toBeNull();

    const revoked = await t.db.kysely.selectFrom('audit_log').selectAll().where('entity_id', '=', id).where('action', '=', 'api_token.revoked').execute();
    expect(revoked).toHaveLength(1);
    expect(revoked[0]).toMatchObject({ actor_id: admin.id, details: { reason: 'account_disabled' } });
    const updates = await t.db.kysely.selectFrom('audit_log').selectAll().where('entity_id', '=', member.id).where('action', '=', 'user.updated_by_admin').orderBy('id').execute();
    expect(updates[0].details).toMatchObject({ after: { disabled: true }, tokensRevoked: 1 });
    // The member logs in again with the password, as before the disabling.
    await expect(login(t.app, member.email)).resolves.toBeTruthy();
  });

  it('refuses to demote or disable the last active administrator', async () => {
    const fresh = await startTestApp();
    try {
      const { user: admin, session } = await loginAs(fresh, 'admin');
      const demote = await fresh.app.inject({ method: 'PATCH', url: `/api/admin/users/${admin.id}`, headers: session.headers, payload: { role: 'member' } });
      expect(expectProblem(demote, 409).type).toBe('/problems/last-admin');
      const disable = await fresh.app.inject({ method: 'PATCH', url: `/api/admin/users/${admin.id}`, headers: session.headers, payload: { disabled: true } });
      expectProblem(disable, 409);
      expect((await fresh.app.inject({ url: '/api/auth/me', headers: session.headers })).json().role).toBe('admin');
    } finally {
      await fresh.close();
    }
  });

  it('answers bad ids and bodies with 4xx', async () => {
    const { session } = await loginAs(t, 'admin');
    expectProblem(await t.app.inject({ method: 'PATCH', url: '/api/admin/users/not-a-uuid', headers: session.headers, payload: { role: 'editor' } }), 400);
    expectProblem(await t.app.inject({ method: 'PATCH', url: '/api/admin/users/00000000-0000-4000-8000-000000000000', headers: session.headers, payload: { role: 'editor' } }), 404);
    expectProblem(await t.app.inject({ method: 'PATCH', url: `/api/admin/users/00000000-0000-4000-8000-000000000000`, headers: session.headers, payload: {} }), 400);
  });
});
