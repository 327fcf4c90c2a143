import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../../shared/roles.ts';
import { STATUSES } from '../../../shared/register.ts';
import { DEMO_BOTTLENECKS } from '../bottlenecks/bottlenecks.demo-data.ts';
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
    const accounts = users.filter((u) => DEMO_ACCOUNTS.some((a) => a.email === u.email));
    expect(accounts.map((u) => u.role).sort()).toEqual([...ROLES].sort());
    expect(users.every((u) => u.is_demo)).toBe(true);
    const count = users.length;
    expect(await loadDemo(t.db.k)).toBe(false);
    expect(await t.db.k.selectFrom('users').select('id').execute()).toHaveLength(count);
    expect((await t.app.inject({ url: '/api/site' })).json().demo).toBe(true);
    expect(await isEmptyDatabase(t.db.k)).toBe(false);
  });

  it('fills the register with demo bottlenecks in every status, consistent with their supports and answers', async () => {
    const rows = await t.db.k.selectFrom('bottlenecks').selectAll().execute();
    expect(rows).toHaveLength(DEMO_BOTTLENECKS.length);
    expect(rows.every((r) => r.is_demo)).toBe(true);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(STATUSES.filter((s) => s !== 'merged')));
    expect(new Set(rows.map((r) => r.original_language))).toEqual(new Set(['fi', 'et', 'en']));
    for (const row of rows) {
      const supports = await t.db.k.selectFrom('bottleneck_supports').select('user_id').where('bottleneck_id', '=', row.id).execute();
      expect(row.support_count).toBe(supports.length);
      const assigned = (await t.db.k.selectFrom('bottleneck_assignments').select('institution_id').where('bottleneck_id', '=', row.id).execute()).map((a) => a.institution_id);
      const answeredBy = (await t.db.k.selectFrom('bottleneck_answers').select('institution_id').where('bottleneck_id', '=', row.id).execute()).map((a) => a.institution_id);
      for (const id of answeredBy) expect(assigned).toContain(id);
      if (row.status === 'resolved') expect(['administrative_change', 'legislative_change', 'service_improvement']).toContain(row.outcome);
      if (row.status === 'written_off') expect(row.outcome).toBe('will_not_be_resolved');
    }
    const serviceOwner = await t.db.k.selectFrom('users').select('institution_id').where('email', '=', 'service.owner@demo.talsinki.eu').executeTakeFirstOrThrow();
    expect(serviceOwner.institution_id).toBeTruthy();
    const page = (await t.app.inject({ url: '/api/bottlenecks?limit=100' })).json();
    expect(page.total).toBe(rows.filter((r) => !['submitted', 'rejected'].includes(r.status)).length);
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
