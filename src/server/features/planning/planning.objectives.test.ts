import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrameworkNode } from '../../../shared/schemas/framework.ts';
import type { PlanDetail } from '../../../shared/schemas/planning.ts';
import { expectProblem, expectStatus, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';

/**
 * The framework objectives a plan serves (issue 19 point 2): set by editors by the objectives'
 * stable keys, only objectives that have left draft, shown as the framework's trace shows them.
 */

let t: TestApp;
let editor: Session;
let member: Session;
let goal: FrameworkNode;
let faster: FrameworkNode;
let cheaper: FrameworkNode;
const PLAN = '/api/planning/plans/uusimaa-2050';

const send = (method: 'POST' | 'PATCH' | 'PUT', url: string, payload: unknown, session: Session | null = editor) => t.app.inject({ method, url, headers: session?.headers, payload: payload as object });
const node = async (payload: Record<string, unknown>) => expectStatus(await send('POST', '/api/framework/versions/1/nodes', payload), 201).json() as FrameworkNode;
const links = async () => Number((await t.db.kysely.selectFrom('plan_objectives').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  t = await startTestApp();
  [editor, member] = await Promise.all((['editor', 'member'] as const).map(async (role) => (await loginAs(t, role)).session));
  expectStatus(await send('POST', '/api/framework/versions', { label: { en: 'First joint framework' } }), 201);
  const vision = await node({ kind: 'vision', ref: 'V', title: { en: 'One region' } });
  goal = await node({ kind: 'goal', parentKey: vision.key, ref: 'G1', title: { en: 'Smooth commuting' } });
  cheaper = await node({ kind: 'objective', parentKey: goal.key, ref: 'O1.10', title: { en: 'Cheaper crossings' } });
  faster = await node({ kind: 'objective', parentKey: goal.key, ref: 'O1.2', title: { en: 'Faster crossings', fi: 'Nopeammat ylitykset' } });
});
afterAll(() => t?.close());

describe('the objectives a plan serves', () => {
  it('refuses a draft’s objectives, then takes them once the version leaves draft, in the order of their references', async () => {
    const draft = expectProblem(await send('PUT', `${PLAN}/objectives`, { nodeKeys: [faster.key] }), 400) as unknown as { errors: { path: string; code: string }[] };
    expect(draft.errors).toMatchObject([{ path: 'body/nodeKeys/0', code: 'unknown-objective' }]);
    expect(await links()).toBe(0);

    expectStatus(await send('POST', '/api/framework/versions/1/state', { state: 'in_consultation' }), 200);
    const plan = expectStatus(await send('PUT', `${PLAN}/objectives`, { nodeKeys: [cheaper.key, faster.key] }), 200).json() as PlanDetail;
    expect(plan.objectives).toEqual([
      { nodeKey: faster.key, ref: 'O1.2', title: { en: 'Faster crossings', fi: 'Nopeammat ylitykset' }, versionNumber: 1, versionState: 'in_consultation', isDemo: false },
      { nodeKey: cheaper.key, ref: 'O1.10', title: { en: 'Cheaper crossings' }, versionNumber: 1, versionState: 'in_consultation', isDemo: false },
    ]);
    // The public reads them on the plan's page.
    expect((expectStatus(await t.app.inject({ url: PLAN }), 200).json() as PlanDetail).objectives.map((o) => o.ref)).toEqual(['O1.2', 'O1.10']);
    // The framework's tree says it back: each objective with the plans that serve it.
    const tree = expectStatus(await t.app.inject({ url: '/api/framework/versions/1' }), 200).json() as { nodes: FrameworkNode[] };
    expect(tree.nodes.filter((n) => n.kind === 'objective').map((n) => [n.ref, n.plans.map((p) => [p.slug, p.demo])])).toEqual([['O1.10', [['uusimaa-2050', false]]], ['O1.2', [['uusimaa-2050', false]]]]);
    const audit = await t.db.kysely.selectFrom('audit_log').select('details').where('action', '=', 'planning.plan.objectives').execute();
    expect(audit.at(-1)?.details).toMatchObject({ slug: 'uusimaa-2050', before: [], after: [cheaper.key, faster.key] });
  });

  it('replaces the whole list, and a draft’s new wording does not reach the plan until it leaves draft', async () => {
    expectStatus(await send('POST', '/api/framework/versions', { basedOn: 1 }), 201);
    expectStatus(await send('PATCH', `/api/framework/versions/2/nodes/${faster.key}`, { title: { en: 'Much faster crossings' } }), 200);
    const plan = expectStatus(await send('PUT', `${PLAN}/objectives`, { nodeKeys: [faster.key] }), 200).json() as PlanDetail;
    expect(plan.objectives.map((o) => [o.ref, o.title.en, o.versionNumber])).toEqual([['O1.2', 'Faster crossings', 1]]);
    expect(await links()).toBe(1);
    expect((expectStatus(await send('PUT', `${PLAN}/objectives`, { nodeKeys: [] }), 200).json() as PlanDetail).objectives).toEqual([]);
    expect(await links()).toBe(0);
  });

  it('refuses what is not an objective, twice the same one, members and the anonymous, changing nothing', async () => {
    expectStatus(await send('PUT', `${PLAN}/objectives`, { nodeKeys: [faster.key] }), 200);
    const notObjective = expectProblem(await send('PUT', `${PLAN}/objectives`, { nodeKeys: [faster.key, goal.key, crypto.randomUUID()] }), 400) as unknown as { errors: { path: string; code: string }[] };
    expect(notObjective.errors.map((e) => [e.path, e.code])).toEqual([['body/nodeKeys/1', 'unknown-objective'], ['body/nodeKeys/2', 'unknown-objective']]);
    expectProblem(await send('PUT', `${PLAN}/objectives`, { nodeKeys: [cheaper.key, cheaper.key] }), 400);
    expectProblem(await send('PUT', `${PLAN}/objectives`, { nodeKeys: [cheaper.key] }, member), 403);
    expectProblem(await send('PUT', `${PLAN}/objectives`, { nodeKeys: [cheaper.key] }, null), 401);
    expectProblem(await send('PUT', '/api/planning/plans/no-such-plan/objectives', { nodeKeys: [cheaper.key] }), 404);
    expect((expectStatus(await t.app.inject({ url: PLAN }), 200).json() as PlanDetail).objectives.map((o) => o.ref)).toEqual(['O1.2']);
  });
});
