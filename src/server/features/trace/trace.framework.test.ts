import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { FrameworkNode } from '../../../shared/schemas/framework.ts';
import type { Trace } from '../../../shared/schemas/recommendations.ts';
import { expectProblem, expectStatus, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { loadDemo } from '../demo/demo.service.ts';

/**
 * The framework in the trace: bottleneck → recommendation → action → target → indicator, with
 * objectives as the targets' parents. A node is its key, shown as the adopted version has it (else
 * the newest version out of draft); a draft's nodes are nobody's trace.
 */

let t: TestApp;
let editor: Session;
/** A demo action that serves a demo target of the adopted version 1, with the target's objective and indicator. */
let demo: { action: { id: string; ref: string }; target: { key: string; ref: string; title: string }; objective: { key: string; ref: string }; indicator: { id: string; slug: string; region: string } };

const trace = async (url: string, session?: Session) => expectStatus(await t.app.inject({ url, headers: session?.headers }), 200).json() as Trace;
const send = (method: 'POST' | 'PATCH', url: string, payload: object) => t.app.inject({ method, url, headers: editor.headers, payload });
const node = (graph: Trace, key: string) => graph.nodes.find((one) => one.key === key);

beforeAll(async () => {
  t = await startTestApp();
  await loadDemo(t.db.kysely);
  editor = (await loginAs(t, 'editor')).session;
  const { rows } = await sql<{ action_id: string; action_ref: string; node_key: string; ref: string; title: { en: string }; parent_key: string; objective_ref: string; indicator_id: string; slug: string; region_code: string }>`
    select a.id as action_id, a.ref as action_ref, n.node_key, n.ref, n.title, n.parent_key, o.ref as objective_ref, i.id as indicator_id, i.slug, n.region_code
    from framework_target_actions fta
    join framework_versions v on v.id = fta.version_id and v.number = 1
    join framework_nodes n on n.version_id = fta.version_id and n.node_key = fta.node_key
    join framework_nodes o on o.version_id = n.version_id and o.node_key = n.parent_key
    join actions a on a.id = fta.action_id
    join indicators i on i.id = n.indicator_id
    order by n.ref, a.ref limit 1`.execute(t.db.kysely);
  const row = rows[0];
  demo = {
    action: { id: row.action_id, ref: row.action_ref },
    target: { key: row.node_key, ref: row.ref, title: row.title.en },
    objective: { key: row.parent_key, ref: row.objective_ref },
    indicator: { id: row.indicator_id, slug: row.slug, region: row.region_code },
  };
});
afterAll(() => t?.close());

describe('the framework in the trace', () => {
  it('walks from a demo action to the target it serves, and on to the target\'s objective and indicator', async () => {
    const graph = await trace(`/api/trace/action/${demo.action.ref}`);
    const [action, target, objective, indicator] = [`action:${demo.action.id}`, `target:${demo.target.key}`, `objective:${demo.objective.key}`, `indicator:${demo.indicator.id}`];
    expect(node(graph, target)).toMatchObject({ type: 'target', id: demo.target.key, ref: demo.target.ref, title: { en: demo.target.title }, status: 'adopted', version: 1, depth: 1 });
    expect(node(graph, objective)).toMatchObject({ type: 'objective', ref: demo.objective.ref, status: 'adopted', version: 1, depth: 2 });
    expect(node(graph, indicator)).toMatchObject({ type: 'indicator', ref: demo.indicator.slug });
    expect(graph.edges).toEqual(expect.arrayContaining([{ from: action, to: target }, { from: target, to: objective }]));
    expect(graph.edges.some((edge) => (edge.from === target && edge.to === indicator) || (edge.from === indicator && edge.to === target))).toBe(true);
    // Other kinds carry no version.
    expect(node(graph, action)).not.toHaveProperty('version');
  });

  it('walks back from the indicator to the target and on to its action, and from the target by its reference', async () => {
    const graph = await trace(`/api/trace/indicator/${demo.indicator.slug}`);
    expect(node(graph, `target:${demo.target.key}`)).toMatchObject({ depth: 1, ref: demo.target.ref });
    expect(graph.edges).toContainEqual({ from: `indicator:${demo.indicator.id}`, to: `target:${demo.target.key}` });
    expect(node(graph, `action:${demo.action.id}`)).toBeDefined();
    expect(graph.edges.some((edge) => [edge.from, edge.to].includes(`target:${demo.target.key}`) && [edge.from, edge.to].includes(`action:${demo.action.id}`))).toBe(true);

    const fromTarget = await trace(`/api/trace/target/${demo.target.ref.toLowerCase()}?depth=1`);
    expect(fromTarget.root).toBe(`target:${demo.target.key}`);
    expect(fromTarget.nodes.filter((one) => one.depth === 1).map((one) => one.key)).toEqual(
      expect.arrayContaining([`action:${demo.action.id}`, `objective:${demo.objective.key}`, `indicator:${demo.indicator.id}`]),
    );
    const fromObjective = await trace(`/api/trace/objective/${demo.objective.key}?depth=1`);
    expect(fromObjective.edges).toContainEqual({ from: `objective:${demo.objective.key}`, to: `target:${demo.target.key}` });
    // A target is not an objective.
    expectProblem(await t.app.inject({ url: `/api/trace/objective/${demo.target.key}` }), 404);
  });

  describe('as versions move on', () => {
    let added: FrameworkNode;

    it('leaves a draft-only target out of everyone\'s trace', async () => {
      const o24 = await sql<{ node_key: string }>`select n.node_key from framework_nodes n join framework_versions v on v.id = n.version_id where v.number = 2 and n.ref = 'O2.4'`.execute(t.db.kysely);
      added = expectStatus(await send('POST', '/api/framework/versions/2/nodes', {
        kind: 'target', parentKey: o24.rows[0].node_key, ref: 'T2.4.1', title: { en: 'Jobs advertised on both sides (demo target)' },
        indicator: demo.indicator.slug, region: demo.indicator.region, target: { value: 1, period: '2030' }, actions: [demo.action.ref],
      }), 201).json() as FrameworkNode;
      expectStatus(await send('PATCH', `/api/framework/versions/2/nodes/${demo.target.key}`, { title: { en: 'Renamed in version 2 (demo target)' } }), 200);

      for (const session of [undefined, editor]) {
        const graph = await trace(`/api/trace/action/${demo.action.ref}`, session);
        expect(graph.nodes.map((one) => one.key)).not.toContain(`target:${added.key}`);
        expect(graph.nodes.map((one) => one.ref)).not.toContain('O2.4');
        // The draft's edit of a target of version 1 does not show either.
        expect(node(graph, `target:${demo.target.key}`)).toMatchObject({ title: { en: demo.target.title }, version: 1 });
      }
      expectProblem(await t.app.inject({ url: `/api/trace/target/${added.key}`, headers: editor.headers }), 404);
      expectProblem(await t.app.inject({ url: '/api/trace/objective/O2.4' }), 404);
    });

    it('shows a version in consultation only where the adopted one lacks the node, and the newest version once it is adopted', async () => {
      expectStatus(await send('POST', '/api/framework/versions/2/state', { state: 'in_consultation' }), 200);
      const consulted = await trace(`/api/trace/action/${demo.action.ref}`);
      expect(node(consulted, `target:${added.key}`)).toMatchObject({ ref: 'T2.4.1', status: 'in_consultation', version: 2, depth: 1 });
      expect(node(consulted, `target:${demo.target.key}`)).toMatchObject({ title: { en: demo.target.title }, status: 'adopted', version: 1 });

      const institution = async (slug: string) => ((await t.app.inject({ url: `/api/institutions/${slug}` })).json() as { id: string }).id;
      expectStatus(await send('POST', '/api/framework/versions/2/adoptions', { region: 'FI1B1', institutionId: await institution('uudenmaan-liitto'), decidedOn: '2027-03-01', decisionRef: 'DEMO-UL-2027-01' }), 201);
      expectStatus(await send('POST', '/api/framework/versions/2/adoptions', { region: 'EE001', institutionId: await institution('harjumaa-omavalitsuste-liit'), decidedOn: '2027-03-02', decisionRef: 'DEMO-HOL-2027-01' }), 201);

      const adopted = await trace(`/api/trace/action/${demo.action.ref}`);
      expect(node(adopted, `target:${demo.target.key}`)).toMatchObject({ title: { en: 'Renamed in version 2 (demo target)' }, status: 'adopted', version: 2 });
      expect(node(adopted, `target:${added.key}`)).toMatchObject({ status: 'adopted', version: 2 });
      expect(node(adopted, `objective:${demo.objective.key}`)).toMatchObject({ version: 2 });
      // An objective version 2 removed stays traceable as what it was: superseded.
      const removed = await trace('/api/trace/objective/O4.3?depth=1');
      expect(removed.nodes[0]).toMatchObject({ type: 'objective', ref: 'O4.3', status: 'superseded', version: 1 });
    });
  });
});
