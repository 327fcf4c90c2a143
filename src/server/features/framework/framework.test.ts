import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { AdoptingBodyList, FrameworkNode, VersionDetail, VersionDiff, VersionList } from '../../../shared/schemas/framework.ts';
import { expectProblem, expectStatus, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { POPULATION, storeTestIndicators } from '../indicators/test/fixtures.ts';

let t: TestApp;
let editor: Session;
let member: Session;
const ids: Record<string, string> = {};
let action: { id: string; ref: string };

const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, session: Session | null = editor) =>
  t.app.inject({ method, url, headers: session?.headers, ...(payload === undefined ? {} : { payload: payload as object }) });
const get = async <T>(url: string, session?: Session) => expectStatus(await t.app.inject({ url, headers: session?.headers }), 200).json() as T;
const count = async (table: 'framework_versions' | 'framework_nodes' | 'framework_adoptions' | 'framework_target_actions' | 'framework_adopting_bodies') =>
  Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(t.db.kysely)).rows[0].n);
const counts = async () => Promise.all([count('framework_versions'), count('framework_nodes'), count('framework_adoptions'), count('framework_target_actions')]);
const fieldCodes = (problem: { errors?: { path: string; message: string }[] }) => (problem.errors ?? []).map((e) => [e.path, (e as { code?: string }).code]);
const node = async (v: number, payload: Record<string, unknown>) => expectStatus(await send('POST', `/api/framework/versions/${v}/nodes`, payload), 201).json() as FrameworkNode;

const TARGET = { indicator: 'population', region: POPULATION.region, baseline: { value: 1_700_000, period: '2023Q1' }, target: { value: 1_740_000, period: '2024-Q4' } };
const adoption = (region: 'FI1B1' | 'EE001', institution: string, ref = `${region}-decision`) => ({ region, institutionId: ids[institution], decidedOn: '2027-03-01', decisionRef: ref });

beforeAll(async () => {
  t = await startTestApp();
  editor = (await loginAs(t, 'editor')).session;
  member = (await loginAs(t, 'member')).session;
  await storeTestIndicators(t.db.kysely);
  for (const slug of ['uudenmaan-liitto', 'harjumaa-omavalitsuste-liit', 'helsinki', 'tallinn', 'kela', 'sotsiaalkindlustusamet']) {
    ids[slug] = (await get<{ id: string }>(`/api/institutions/${slug}`)).id;
  }
  action = expectStatus(await send('POST', '/api/actions', {
    title: { en: 'A shared ticket' }, domain: 'mobility', startsOn: '2027-01-01', endsOn: '2027-12-31',
    raci: [{ institutionId: ids.kela, role: 'A', lead: true }, { institutionId: ids.sotsiaalkindlustusamet, role: 'R' }],
  }), 201).json() as { id: string; ref: string };
});
afterAll(() => t?.close());

describe('the joint strategic framework', () => {
  let vision: FrameworkNode, goal: FrameworkNode, goal2: FrameworkNode, objective: FrameworkNode, target: FrameworkNode;

  it('has no adopted version at first (404 no-adopted-framework), and lists the two MoU signatories as adopting bodies', async () => {
    const none = expectProblem(await t.app.inject({ url: '/api/framework' }), 404);
    expect(none.type).toBe('/problems/no-adopted-framework');
    const bodies = await get<AdoptingBodyList>('/api/framework/bodies');
    expect(bodies.items.map((b) => [b.region, b.institution.slug])).toEqual([['FI1B1', 'uudenmaan-liitto'], ['EE001', 'harjumaa-omavalitsuste-liit']]);
  });

  it('builds a draft of vision → goals → objectives → targets, each target with its progress and each level above a labelled mean', async () => {
    expectProblem(await send('POST', '/api/framework/versions', {}, member), 403);
    const draft = expectStatus(await send('POST', '/api/framework/versions', { label: { en: 'First joint framework' } }), 201).json() as VersionDetail;
    expect(draft).toMatchObject({ number: 1, state: 'draft', contentHash: null, basedOn: null, nodes: [], viewer: { canEdit: true } });

    vision = await node(1, { kind: 'vision', ref: 'V', title: { en: 'One region across the gulf' } });
    goal = await node(1, { kind: 'goal', parentKey: vision.key, ref: 'G1', title: { en: 'Smooth commuting', fi: 'Sujuva työmatka' } });
    goal2 = await node(1, { kind: 'goal', parentKey: vision.key, ref: 'G2', title: { en: 'Shared labour market' } });
    objective = await node(1, { kind: 'objective', parentKey: goal.key, ref: 'O1.1', title: { en: 'Faster crossings' } });
    target = await node(1, { kind: 'target', parentKey: objective.key, ref: 'T1.1.1', title: { en: 'Population grows' }, ...TARGET, actions: [action.ref] });
    // Read as a KPI: baseline 1,700,000 → latest 1,720,000 (2023-Q3) → target 1,740,000, half-way; the quarter kept the indicator's way.
    expect(target.target).toMatchObject({
      indicator: { slug: 'population', demo: true }, region: { code: POPULATION.region }, baseline: { value: 1_700_000, period: '2023-Q1' },
      target: { value: 1_740_000, period: '2024-Q4' }, latest: POPULATION.latest, actions: [{ id: action.id, ref: action.ref }],
    });
    expect(target.target!.progress).toBeCloseTo(0.5, 12);
    // A second target without a baseline has no progress: the mean is of the one target that has.
    await node(1, { kind: 'target', parentKey: objective.key, ref: 'T1.1.2', title: { en: 'Without a baseline' }, indicator: 'population', region: POPULATION.city, target: { value: 700_000, period: '2030Q4' } });

    const tree = await get<VersionDetail>('/api/framework/versions/1', editor);
    expect(tree.nodes.map((n) => n.ref)).toEqual(['V', 'G1', 'O1.1', 'T1.1.1', 'T1.1.2', 'G2']);
    const of = (ref: string) => tree.nodes.find((n) => n.ref === ref)!;
    expect(of('O1.1').rollup).toMatchObject({ counted: 1, targets: 2 });
    expect(of('O1.1').rollup!.progress).toBeCloseTo(0.5, 12);
    expect(of('G1').rollup!.progress).toBeCloseTo(0.5, 12);
    expect(of('G2').rollup).toEqual({ progress: null, counted: 0, targets: 0 });
    expect(of('T1.1.2').target).toMatchObject({ baseline: null, progress: null });
    expect(of('T1.1.1').rollup).toBeNull();
  });

  it('shows a draft to staff only', async () => {
    expectProblem(await t.app.inject({ url: '/api/framework/versions/1' }), 404);
    expectProblem(await t.app.inject({ url: '/api/framework/versions/1', headers: member.headers }), 404);
    expect((await get<VersionList>('/api/framework/versions')).items).toEqual([]);
    expect((await get<VersionList>('/api/framework/versions', editor)).items.map((v) => [v.number, v.state, v.counts])).toEqual([[1, 'draft', { goals: 2, objectives: 1, targets: 2 }]]);
    expectProblem(await t.app.inject({ url: '/api/framework/versions/1/diff/1' }), 404);
  });

  it('refuses a target without an indicator, or with its target before its baseline, writing nothing', async () => {
    const before = await counts();
    const noIndicator = expectProblem(await send('POST', '/api/framework/versions/1/nodes', { kind: 'target', parentKey: objective.key, ref: 'T1.1.3', title: { en: 'x' }, region: POPULATION.region, target: TARGET.target }), 400);
    expect(fieldCodes(noIndicator)).toEqual([['body/indicator', 'target-without-indicator']]);
    const backwards = expectProblem(await send('POST', '/api/framework/versions/1/nodes', { kind: 'target', parentKey: objective.key, ref: 'T1.1.3', title: { en: 'x' }, ...TARGET, target: { value: 1, period: '2022-Q4' } }), 400);
    expect(fieldCodes(backwards)).toEqual([['body/target/period', 'target-before-baseline']]);
    const moved = expectProblem(await send('PATCH', `/api/framework/versions/1/nodes/${target.key}`, { target: { value: 1, period: '2022Q1' } }), 400);
    expect(fieldCodes(moved)).toEqual([['body/target/period', 'target-before-baseline']]);
    // A target under a goal, a goal with an indicator, an unknown action: each named.
    expect(fieldCodes(expectProblem(await send('POST', '/api/framework/versions/1/nodes', { kind: 'target', parentKey: goal.key, ref: 'T9', title: { en: 'x' }, ...TARGET }), 400))).toEqual([['body/parentKey', 'parent-kind']]);
    expect(fieldCodes(expectProblem(await send('POST', '/api/framework/versions/1/nodes', { kind: 'goal', parentKey: vision.key, ref: 'G9', title: { en: 'x' }, indicator: 'population' }), 400))).toEqual([['body/indicator', 'not-allowed']]);
    expect(fieldCodes(expectProblem(await send('POST', '/api/framework/versions/1/nodes', { kind: 'target', parentKey: objective.key, ref: 'T9', title: { en: 'x' }, ...TARGET, actions: ['AP-9999-9999'] }), 400))).toEqual([['body/actions/0', 'unknown-action']]);
    expect(fieldCodes(expectProblem(await send('POST', '/api/framework/versions/1/nodes', { kind: 'goal', parentKey: vision.key, ref: 'G1', title: { en: 'x' } }), 400))).toEqual([['body/ref', 'duplicate']]);
    expect(await counts()).toEqual(before);
  });

  it('moves, reorders and removes nodes of the draft', async () => {
    const extra = await node(1, { kind: 'objective', parentKey: goal.key, ref: 'O1.2', title: { en: 'Extra' }, position: 0 });
    let tree = await get<VersionDetail>('/api/framework/versions/1', editor);
    expect(tree.nodes.filter((n) => n.parentKey === goal.key).map((n) => [n.ref, n.position])).toEqual([['O1.2', 0], ['O1.1', 1]]);
    expectStatus(await send('PATCH', `/api/framework/versions/1/nodes/${extra.key}`, { parentKey: goal2.key }), 200);
    tree = await get<VersionDetail>('/api/framework/versions/1', editor);
    expect(tree.nodes.map((n) => n.ref)).toEqual(['V', 'G1', 'O1.1', 'T1.1.1', 'T1.1.2', 'G2', 'O1.2']);
    expectStatus(await send('PATCH', `/api/framework/versions/1/nodes/${extra.key}`, { ref: 'O2.1' }), 200);
    // A description is given and emptied again; a title cannot be.
    expect((expectStatus(await send('PATCH', `/api/framework/versions/1/nodes/${extra.key}`, { body: { fi: 'Kuvaus' } }), 200).json() as FrameworkNode).body).toEqual({ fi: 'Kuvaus' });
    expect((expectStatus(await send('PATCH', `/api/framework/versions/1/nodes/${extra.key}`, { body: {} }), 200).json() as FrameworkNode).body).toEqual({});
    expectProblem(await send('PATCH', `/api/framework/versions/1/nodes/${extra.key}`, { title: {} }), 400);
    expectStatus(await send('DELETE', `/api/framework/versions/1/nodes/${extra.key}`), 204);
    expect((await get<VersionDetail>('/api/framework/versions/1', editor)).nodes.map((n) => n.ref)).not.toContain('O2.1');
  });

  it('allows one draft at a time (409 draft-exists, nothing written)', async () => {
    const before = await counts();
    const second = expectProblem(await send('POST', '/api/framework/versions', { basedOn: 1 }), 409);
    expect(second.type).toBe('/problems/draft-exists');
    expect(await counts()).toEqual(before);
  });

  it('freezes a version sent to consultation: an edit is 409 version-frozen naming how to make a new draft, and the database refuses it too', async () => {
    const frozen = expectStatus(await send('POST', '/api/framework/versions/1/state', { state: 'in_consultation' }), 200).json() as VersionDetail;
    expect(frozen.state).toBe('in_consultation');
    expect(frozen.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(frozen.viewer.canEdit).toBe(false);
    // Now public.
    expect((await get<VersionDetail>('/api/framework/versions/1')).nodes).toHaveLength(6);
    const before = await counts();
    for (const [method, url, payload] of [
      ['PATCH', `/api/framework/versions/1/nodes/${goal.key}`, { title: { en: 'Changed' } }],
      ['POST', '/api/framework/versions/1/nodes', { kind: 'goal', parentKey: vision.key, ref: 'G3', title: { en: 'New' } }],
      ['DELETE', `/api/framework/versions/1/nodes/${goal.key}`, undefined],
      ['PATCH', '/api/framework/versions/1', { label: { en: 'Renamed' } }],
      ['POST', '/api/framework/versions/1/state', { state: 'in_consultation' }],
    ] as const) {
      const refused = expectProblem(await send(method, url, payload), 409);
      expect(refused.type).toBe('/problems/version-frozen');
      expect(refused.detail).toContain('POST /api/framework/versions {"basedOn": 1}');
    }
    expect(await counts()).toEqual(before);
    await expect(sql`update framework_nodes set ref = 'X' where node_key = ${goal.key}`.execute(t.db.kysely)).rejects.toThrow(/frozen/);
    await expect(sql`delete from framework_target_actions`.execute(t.db.kysely)).rejects.toThrow(/frozen/);
    expect(await counts()).toEqual(before);
  });

  it('records adoption per region by a listed body; refuses a body not of the region (422) and a second adoption (409); the second region adopts it', async () => {
    const before = await counts();
    const wrong = expectProblem(await send('POST', '/api/framework/versions/1/adoptions', adoption('FI1B1', 'harjumaa-omavalitsuste-liit')), 422);
    expect(wrong.type).toBe('/problems/body-not-of-region');
    expect(fieldCodes(wrong)).toEqual([['body/institutionId', 'body-not-of-region']]);
    expectProblem(await send('POST', '/api/framework/versions/1/adoptions', adoption('FI1B1', 'helsinki')), 422);
    expect(await counts()).toEqual(before);

    const first = expectStatus(await send('POST', '/api/framework/versions/1/adoptions', adoption('FI1B1', 'uudenmaan-liitto', 'UL 12/2027')), 201).json() as VersionDetail;
    expect(first.state).toBe('in_consultation');
    expect(first.adoptions).toMatchObject([{ region: 'FI1B1', institution: { slug: 'uudenmaan-liitto' }, decidedOn: '2027-03-01', decisionRef: 'UL 12/2027', decisionUrl: null }]);
    expectProblem(await t.app.inject({ url: '/api/framework' }), 404);

    const afterFirst = await counts();
    const twice = expectProblem(await send('POST', '/api/framework/versions/1/adoptions', adoption('FI1B1', 'uudenmaan-liitto', 'again')), 409);
    expect(twice.type).toBe('/problems/already-adopted');
    expect(await counts()).toEqual(afterFirst);

    const adopted = expectStatus(await send('POST', '/api/framework/versions/1/adoptions', { ...adoption('EE001', 'harjumaa-omavalitsuste-liit', 'HOL 3/2027'), decisionUrl: 'https://www.hol.ee/decision' }), 201).json() as VersionDetail;
    expect(adopted.state).toBe('adopted');
    expect(adopted.adoptedAt).not.toBeNull();
    const current = await get<VersionDetail>('/api/framework');
    expect([current.number, current.state, current.adoptions.map((a) => a.region)]).toEqual([1, 'adopted', ['FI1B1', 'EE001']]);
    expect(current.nodes.find((n) => n.ref === 'T1.1.1')!.target!.progress).toBeCloseTo(0.5, 12);
  });

  it('keeps the indicator and the action an adopted target names: deleting either is 409, nothing deleted', async () => {
    const admin = (await loginAs(t, 'admin')).session;
    const action409 = expectProblem(await send('DELETE', `/api/actions/${action.ref}`, undefined, admin), 409);
    expect(action409.type).toBe('/problems/serves-framework-target');
    const indicator409 = expectProblem(await send('DELETE', '/api/indicators/population', undefined, editor), 409);
    expect(indicator409.type).toBe('/problems/indicator-in-use');
    expect((await t.app.inject({ url: `/api/actions/${action.ref}` })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/indicators/population' })).statusCode).toBe(200);
  });

  it('makes a new draft from the adopted version with the same keys; adopting it supersedes the old one; any two versions diff', async () => {
    const draft = expectStatus(await send('POST', '/api/framework/versions', { basedOn: 1 }), 201).json() as VersionDetail;
    const v1 = await get<VersionDetail>('/api/framework/versions/1');
    expect(draft).toMatchObject({ number: 2, basedOn: 1, state: 'draft' });
    expect(draft.nodes.map((n) => [n.key, n.ref])).toEqual(v1.nodes.map((n) => [n.key, n.ref]));
    expect(draft.nodes.find((n) => n.ref === 'T1.1.1')!.target!.actions).toEqual([expect.objectContaining({ ref: action.ref })]);
    // An adoption of a draft is refused.
    expectProblem(await send('POST', '/api/framework/versions/2/adoptions', adoption('FI1B1', 'uudenmaan-liitto')), 409);

    expectStatus(await send('PATCH', `/api/framework/versions/2/nodes/${goal.key}`, { title: { en: 'Smooth daily commuting', fi: 'Sujuva työmatka' } }), 200);
    expectStatus(await send('POST', '/api/framework/versions/2/nodes', { kind: 'objective', parentKey: goal2.key, ref: 'O2.1', title: { en: 'Recognised qualifications' } }), 201);
    expectStatus(await send('DELETE', `/api/framework/versions/2/nodes/${draft.nodes.find((n) => n.ref === 'T1.1.2')!.key}`), 204);

    // A diff with a draft is made each time and has no tag; it is the staff's.
    expectProblem(await t.app.inject({ url: '/api/framework/versions/1/diff/2' }), 404);
    const live = expectStatus(await t.app.inject({ url: '/api/framework/versions/1/diff/2', headers: editor.headers }), 200);
    expect(live.headers.etag).toBeUndefined();

    expectStatus(await send('POST', '/api/framework/versions/2/state', { state: 'in_consultation' }), 200);
    expectStatus(await send('POST', '/api/framework/versions/2/adoptions', adoption('EE001', 'harjumaa-omavalitsuste-liit')), 201);
    expect((await get<VersionDetail>('/api/framework')).number).toBe(1);
    expectStatus(await send('POST', '/api/framework/versions/2/adoptions', adoption('FI1B1', 'uudenmaan-liitto')), 201);
    expect((await get<VersionDetail>('/api/framework')).number).toBe(2);
    const list = await get<VersionList>('/api/framework/versions');
    expect(list.items.map((v) => [v.number, v.state])).toEqual([[2, 'adopted'], [1, 'superseded']]);

    const response = expectStatus(await t.app.inject({ url: '/api/framework/versions/1/diff/2' }), 200);
    const diff = response.json() as VersionDiff;
    expect(diff.changes.map((c) => [c.type, c.ref, c.field ?? null, c.lang ?? null])).toEqual([
      ['text', 'G1', 'title', 'en'],
      ['added', 'O2.1', null, null],
      ['removed', 'T1.1.2', null, null],
    ]);
    expect(diff.changes[0].parts).toEqual([{ value: 'Smooth ' }, { value: 'daily ', added: true }, { value: 'commuting' }]);
    const etag = response.headers.etag as string;
    expect(etag).toContain(diff.a.contentHash!.slice(0, 16));
    expectStatus(await t.app.inject({ url: '/api/framework/versions/1/diff/2', headers: { 'if-none-match': etag } }), 304);
    // The other way round: the same changes, turned.
    const back = await get<VersionDiff>('/api/framework/versions/2/diff/1');
    expect(back.changes.map((c) => c.type)).toEqual(['text', 'added', 'removed']);
    expectProblem(await t.app.inject({ url: '/api/framework/versions/1/diff/99' }), 404);
  });

  it('lets an editor list another body of the region\'s own country, never one of the other country', async () => {
    const before = await count('framework_adopting_bodies');
    const wrong = expectProblem(await send('POST', '/api/framework/bodies', { region: 'FI1B1', institutionId: ids.tallinn }), 400);
    expect(fieldCodes(wrong)).toEqual([['body/institutionId', 'institution-wrong-country']]);
    expectProblem(await send('POST', '/api/framework/bodies', { region: 'FI1B1', institutionId: ids.helsinki }, member), 403);
    expect(await count('framework_adopting_bodies')).toBe(before);
    const listed = expectStatus(await send('POST', '/api/framework/bodies', { region: 'FI1B1', institutionId: ids.helsinki }), 200).json() as AdoptingBodyList;
    expect(listed.items.filter((b) => b.region === 'FI1B1').map((b) => b.institution.slug)).toEqual(['helsinki', 'uudenmaan-liitto']);
  });
});
