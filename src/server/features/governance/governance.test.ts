import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceBody, GovernanceBodyList } from '../../../shared/schemas/governance.ts';
import { expectProblem, expectStatus, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let editor: Record<string, string>;
let member: Record<string, string>;
let ids: Record<string, string>;
let dialogues: { open: string; internal: string };

async function dialogue(ref: string, visibility: 'public' | 'internal', organiserId: string): Promise<string> {
  const row = await t.db.kysely.insertInto('dialogues').values({
    ref, type: 'roundtable', title: JSON.stringify({ en: `Meeting ${ref}` }), starts_at: new Date('2026-03-02T08:00:00Z'), ends_at: new Date('2026-03-02T10:00:00Z'),
    organiser_id: organiserId, language: 'en', visibility,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  t = await startTestApp();
  editor = (await loginAs(t, 'editor')).session.headers;
  member = (await loginAs(t, 'member')).session.headers;
  const rows = await t.db.kysely.selectFrom('institutions').select(['id', 'slug']).where('slug', 'in', ['uudenmaan-liitto', 'harjumaa-omavalitsuste-liit', 'kela', 'sotsiaalkindlustusamet']).execute();
  ids = Object.fromEntries(rows.map((row) => [row.slug, row.id]));
  dialogues = { open: await dialogue('DG-2026-9001', 'public', ids.kela!), internal: await dialogue('DG-2026-9002', 'internal', ids.kela!) };
});
afterAll(() => t?.close());

const list = async (headers: Record<string, string> = {}) => expectStatus(await t.app.inject({ url: '/api/governance/bodies', headers }), 200).json() as GovernanceBodyList;
const create = (payload: object, headers = editor) => t.app.inject({ method: 'POST', url: '/api/governance/bodies', headers, payload });
const patch = (id: string, payload: object, headers = editor) => t.app.inject({ method: 'PATCH', url: `/api/governance/bodies/${id}`, headers, payload });

const steering = () => ({
  slug: 'steering', name: { en: 'Steering group', fi: 'Ohjausryhmä' }, level: 'political', kind: 'steering', cadence: 'twice_yearly',
  mandate: { en: 'Approves the plan.' },
  members: [{ institutionId: ids['harjumaa-omavalitsuste-liit'], role: 'member' }, { institutionId: ids['uudenmaan-liitto'], role: 'chair', since: '2026-01-01' }],
});

describe('the governance model', () => {
  let steeringBody: GovernanceBody;
  let group: GovernanceBody;

  it('lets editors add bodies with members from the directory and the dialogues that were their meetings', async () => {
    expect(await list()).toEqual({ items: [], total: 0 });
    steeringBody = expectStatus(await create(steering()), 201).json();
    expect(steeringBody).toMatchObject({ slug: 'steering', level: 'political', kind: 'steering', parentId: null, isDemo: false, meetings: [] });
    // the chair first, whatever order the editor gave
    expect(steeringBody.members.map((m) => [m.institution.slug, m.role, m.since])).toEqual([['uudenmaan-liitto', 'chair', '2026-01-01'], ['harjumaa-omavalitsuste-liit', 'member', null]]);
    group = expectStatus(await create({
      slug: 'wg-social-security', name: { en: 'Working group: social security' }, level: 'administrative', kind: 'working_group', domain: 'social_security',
      parentId: steeringBody.id, cadence: 'quarterly', position: 1,
      members: [{ institutionId: ids.kela, role: 'chair' }, { institutionId: ids.sotsiaalkindlustusamet, role: 'member' }],
      meetings: [dialogues.open, dialogues.internal],
    }), 201).json();
    const audit = await t.db.kysely.selectFrom('audit_log').select('action').where('entity_id', 'in', [steeringBody.id, group.id]).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['governance-body.created', 'governance-body.created']);
  });

  it('lists parents before their children, and shows internal meetings only to staff', async () => {
    const open = await list();
    expect(open.items.map((b) => b.slug)).toEqual(['steering', 'wg-social-security']);
    expect(open.items[1]!.parentId).toBe(steeringBody.id);
    expect(open.items[1]!.meetings.map((m) => m.ref)).toEqual(['DG-2026-9001']);
    expect((await list(member)).items[1]!.meetings.map((m) => m.ref)).toEqual(['DG-2026-9001']);
    expect((await list(editor)).items[1]!.meetings.map((m) => m.ref).sort()).toEqual(['DG-2026-9001', 'DG-2026-9002']);
    const bySlug = expectStatus(await t.app.inject({ url: '/api/governance/bodies/wg-social-security' }), 200).json();
    expect(bySlug.id).toBe(group.id);
    expect(expectStatus(await t.app.inject({ url: `/api/governance/bodies/${group.id}` }), 200).json().slug).toBe('wg-social-security');
    expectProblem(await t.app.inject({ url: '/api/governance/bodies/no-such-body' }), 404);
  });

  it('refuses what cannot be, naming each field, and writes nothing', async () => {
    const before = await list(editor);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const cases: [object, string, string][] = [
      [{ members: [{ institutionId: unknown, role: 'member' }] }, 'body/members/0/institutionId', 'unknown-institution'],
      [{ members: [{ institutionId: ids.kela, role: 'member' }, { institutionId: ids.kela, role: 'chair' }] }, 'body/members/1/institutionId', 'duplicate'],
      [{ members: [{ institutionId: ids.kela, role: 'member', since: '2026-05-01', until: '2026-04-30' }] }, 'body/members/0/until', 'end-before-start'],
      [{ meetings: [dialogues.open, unknown] }, 'body/meetings/1', 'unknown-dialogue'],
      [{ parentId: unknown }, 'body/parentId', 'unknown-body'],
      [{ parentId: group.id }, 'body/parentId', 'ancestor-cycle'],
      [{ parentId: steeringBody.id }, 'body/parentId', 'ancestor-cycle'],
    ];
    for (const [payload, path, code] of cases) {
      const problem = expectProblem(await patch(steeringBody.id, { ...payload, name: { en: 'Renamed' } }), 400);
      expect(problem.errors, JSON.stringify(payload)).toEqual([expect.objectContaining({ path, code })]);
    }
    expect(expectProblem(await create({ ...steering(), slug: 'second', level: 'ceremonial' }), 400).errors?.[0]).toMatchObject({ path: 'body/level' });
    expectProblem(await create({ ...steering(), name: { en: 'Another' } }), 409);
    expectProblem(await patch(steeringBody.id, {}), 400);
    expectProblem(await create({ ...steering(), slug: 'by-member' }, member), 403);
    expectProblem(await create({ ...steering(), slug: 'by-nobody' }, {}), 401);
    expect(await list(editor)).toEqual(before);
  });

  it('replaces members and meetings when given, and keeps them when not', async () => {
    const renamed = expectStatus(await patch(group.id, { name: { en: 'Joint working group: social security' }, cadence: 'monthly' }), 200).json() as GovernanceBody;
    expect(renamed.members).toHaveLength(2);
    expect(renamed.cadence).toBe('monthly');
    const replaced = expectStatus(await patch('wg-social-security', { members: [{ institutionId: ids.kela, role: 'chair' }], meetings: [] }), 200).json() as GovernanceBody;
    expect(replaced.members.map((m) => m.institution.slug)).toEqual(['kela']);
    expect(replaced.meetings).toEqual([]);
  });

  it('removes a body no other reports to, and refuses one that has children', async () => {
    const refused = expectProblem(await t.app.inject({ method: 'DELETE', url: `/api/governance/bodies/${steeringBody.id}`, headers: editor }), 409);
    expect(refused.type).toBe('/problems/body-has-children');
    expectStatus(await t.app.inject({ method: 'DELETE', url: `/api/governance/bodies/${group.id}`, headers: editor }), 204);
    expect((await list()).items.map((b) => b.slug)).toEqual(['steering']);
    expect(await t.db.kysely.selectFrom('governance_members').select('body_id').where('body_id', '=', group.id).execute()).toEqual([]);
  });
});
