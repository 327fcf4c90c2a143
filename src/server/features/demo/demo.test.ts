import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../../shared/roles.ts';
import { createUser, login, startTestApp, type TestApp } from '../../test/harness.ts';
import { DEMO_ACCOUNTS, isEmptyDatabase, loadDemo } from './demo.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('the demo region', () => {
  it('loads one marked demo account per role into an empty database, once', async () => {
    expect(await isEmptyDatabase(t.db.k)).toBe(true);
    expect((await t.app.inject({ url: '/api/site' })).json().demo).toBe(false);
    expect(await loadDemo(t.db.k)).toBe(true);
    const users = await t.db.k.selectFrom('users').select(['email', 'role', 'is_demo']).execute();
    expect(users.map((u) => u.role).sort()).toEqual([...ROLES].sort());
    expect(users.every((u) => u.is_demo)).toBe(true);
    expect(await loadDemo(t.db.k)).toBe(false);
    expect(await t.db.k.selectFrom('users').select('id').execute()).toHaveLength(ROLES.length);
    expect((await t.app.inject({ url: '/api/site' })).json().demo).toBe(true);
    expect(await isEmptyDatabase(t.db.k)).toBe(false);
  });

  it('prints log-ins that work', async () => {
    for (const account of DEMO_ACCOUNTS) {
      const session = await login(t.app, account.email, account.password);
      const me = (await t.app.inject({ url: '/api/auth/me', headers: { cookie: session.cookie } })).json();
      expect(me.role).toBe(account.role);
    }
  });

  it('never counts a database with real accounts as empty', async () => {
    const other = await startTestApp();
    try {
      await createUser(other.db);
      expect(await isEmptyDatabase(other.db.k)).toBe(false);
    } finally {
      await other.close();
    }
  });
});
