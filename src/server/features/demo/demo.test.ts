import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../../shared/roles.ts';
import { DOMAINS, STATUSES } from '../../../shared/register.ts';
import type { GovernanceBodyList } from '../../../shared/schemas/governance.ts';
import { DEMO_BOTTLENECKS } from '../bottlenecks/bottlenecks.demo-data.ts';
import { DEMO_DIALOGUES, DEMO_GUIDE } from '../dialogues/dialogues.demo-data.ts';
import { DEMO_RECOMMENDATIONS } from '../recommendations/recommendations.demo-data.ts';
import { createUser, login, startTestApp, type TestApp } from '../../test/harness.ts';
import { hashPassword } from '../accounts/accounts.service.ts';
import { DEMO_ACCOUNTS, DemoRefused, isEmptyDatabase, liveDemoAccounts, loadDemo } from './demo.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('the demo region', () => {
  it('loads one marked demo account per role into an empty database, once', async () => {
    expect(await isEmptyDatabase(t.db.kysely)).toBe(true);
    expect((await t.app.inject({ url: '/api/site' })).json().demo).toBe(false);
    expect(await loadDemo(t.db.kysely)).toBe(true);
    const users = await t.db.kysely.selectFrom('users').select(['email', 'role', 'is_demo']).execute();
    const accounts = users.filter((u) => DEMO_ACCOUNTS.some((a) => a.email === u.email));
    expect(accounts.map((u) => u.role).sort()).toEqual([...ROLES].sort());
    expect(users.every((u) => u.is_demo)).toBe(true);
    const count = users.length;
    expect(await loadDemo(t.db.kysely)).toBe(false);
    expect(await t.db.kysely.selectFrom('users').select('id').execute()).toHaveLength(count);
    expect((await t.app.inject({ url: '/api/site' })).json().demo).toBe(true);
    expect(await isEmptyDatabase(t.db.kysely)).toBe(false);
  });

  it('fills the register with demo bottlenecks in every status, consistent with their supports and answers', async () => {
    const rows = await t.db.kysely.selectFrom('bottlenecks').selectAll().execute();
    expect(rows).toHaveLength(DEMO_BOTTLENECKS.length);
    expect(rows.every((r) => r.is_demo)).toBe(true);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(STATUSES.filter((s) => s !== 'merged')));
    expect(new Set(rows.map((r) => r.original_language))).toEqual(new Set(['fi', 'et', 'en']));
    for (const row of rows) {
      const supports = await t.db.kysely.selectFrom('bottleneck_supports').select('user_id').where('bottleneck_id', '=', row.id).execute();
      expect(row.support_count).toBe(supports.length);
      const assigned = (await t.db.kysely.selectFrom('bottleneck_assignments').select('institution_id').where('bottleneck_id', '=', row.id).execute()).map((a) => a.institution_id);
      const answeredBy = (await t.db.kysely.selectFrom('bottleneck_answers').select('institution_id').where('bottleneck_id', '=', row.id).execute()).map((a) => a.institution_id);
      for (const id of answeredBy) expect(assigned).toContain(id);
      if (row.status === 'resolved') expect(['administrative_change', 'legislative_change', 'service_improvement']).toContain(row.outcome);
      if (row.status === 'written_off') expect(row.outcome).toBe('will_not_be_resolved');
    }
    const serviceOwner = await t.db.kysely.selectFrom('users').select('institution_id').where('email', '=', 'service.owner@demo.talsinki.eu').executeTakeFirstOrThrow();
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

  it('never counts a database with real accounts as empty, and never loads the demo into one', async () => {
    const other = await startTestApp();
    try {
      await createUser(other.db);
      expect(await isEmptyDatabase(other.db.kysely)).toBe(false);
      await expect(loadDemo(other.db.kysely)).rejects.toThrow(DemoRefused);
      await expect(loadDemo(other.db.kysely)).rejects.toThrow(/^this database has 1 account of its own; the demo, whose administrator's password is published, loads only into a new database\.$/);
      expect(await other.db.kysely.selectFrom('users').select('id').where('is_demo', '=', true).execute()).toEqual([]);
      expect(await liveDemoAccounts(other.db.kysely)).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('holds a year of dialogues and recommendations tied to the demo bottlenecks, consistent with their rules', async () => {
    const dialogues = (await t.app.inject({ url: '/api/dialogues?limit=100' })).json();
    expect(dialogues.total).toBe(DEMO_DIALOGUES.filter((d) => d.visibility === 'public').length);
    expect(new Set(dialogues.items.map((d: { type: string }) => d.type))).toEqual(new Set(['roundtable', 'interview', 'workshop', 'forum_session', 'site_visit']));
    expect(dialogues.items.every((d: { isDemo: boolean }) => d.isDemo)).toBe(true);
    const past = dialogues.items.filter((d: { startsAt: string }) => Date.parse(d.startsAt) < Date.now());
    expect(past.every((d: { state: string }) => d.state !== 'planned')).toBe(true);
    expect(dialogues.items.filter((d: { state: string }) => d.state === 'planned').every((d: { startsAt: string }) => Date.parse(d.startsAt) > Date.now())).toBe(true);
    const interview = dialogues.items.find((d: { type: string; state: string }) => d.type === 'interview' && d.state === 'minutes_published');
    const page = (await t.app.inject({ url: `/api/dialogues/${interview.ref}` })).json();
    expect(page.answers.length).toBe(DEMO_GUIDE.questions.length);
    expect(page.findings.length).toBeGreaterThan(0);

    const recommendations = (await t.app.inject({ url: '/api/recommendations?limit=100' })).json();
    expect(recommendations.total).toBe(DEMO_RECOMMENDATIONS.length);
    expect(new Set(recommendations.items.map((r: { state: string }) => r.state))).toEqual(new Set(['proposed', 'agreed', 'in_action_plan', 'implemented', 'rejected']));
    for (const item of recommendations.items) {
      const detail = (await t.app.inject({ url: `/api/recommendations/${item.ref}` })).json();
      expect(detail.bottlenecks.length).toBeGreaterThan(0);
      expect(detail.timeline.at(-1).toState).toBe(detail.state);
      const addressed = detail.addressees.map((a: { id: string }) => a.id);
      for (const response of detail.responses) expect(addressed).toContain(response.institution.id);
      if (detail.state === 'rejected') expect(detail.rejectionReason).toBeTruthy();
    }
  });

  // Last: it changes the demo accounts the tests above sign in to.
  it('holds a demo governance model: the steering group over a secretariat and a working group per domain, meeting in the demo dialogues', async () => {
    const { items } = (await t.app.inject({ url: '/api/governance/bodies' })).json() as GovernanceBodyList;
    expect(items.every((body) => body.isDemo)).toBe(true);
    expect(items[0]).toMatchObject({ slug: 'steering-group', level: 'political', parentId: null });
    expect(items[0]!.members.map((m) => m.institution.slug)).toEqual(expect.arrayContaining(['uudenmaan-liitto', 'harjumaa-omavalitsuste-liit']));
    const groups = items.filter((body) => body.kind === 'working_group');
    expect(groups.map((g) => g.domain).sort()).toEqual([...DOMAINS].sort());
    expect(groups.every((g) => g.parentId === items[0]!.id && g.members.length > 0)).toBe(true);
    for (const group of groups) {
      const onDomain = DEMO_DIALOGUES.filter((d) => d.domains.includes(group.domain!) && d.visibility === 'public');
      expect(group.meetings.length, group.slug).toBe(onDomain.length);
    }
    expect(groups.some((g) => g.meetings.length > 0)).toBe(true);
  });

  it('counts as live only the demo accounts that still sign in with their published passwords', async () => {
    expect(await liveDemoAccounts(t.db.kysely)).toEqual(DEMO_ACCOUNTS.map((a) => a.email));
    await t.db.kysely.updateTable('users').set({ disabled_at: new Date() }).where('email', '=', 'admin@demo.talsinki.eu').execute();
    await t.db.kysely.updateTable('users').set({ password_hash: await hashPassword('a password nobody published') }).where('email', '=', 'editor@demo.talsinki.eu').execute();
    expect(await liveDemoAccounts(t.db.kysely)).toEqual(['moderator@demo.talsinki.eu', 'service.owner@demo.talsinki.eu', 'member@demo.talsinki.eu']);
    // Real people who joined the demo since do not stop it from being the demo database.
    await createUser(t.db);
    expect(await loadDemo(t.db.kysely)).toBe(false);
  });
});
