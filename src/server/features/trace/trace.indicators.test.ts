import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Trace } from '../../../shared/schemas/recommendations.ts';
import { expectProblem, expectStatus, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { POPULATION, storeTestIndicators } from '../indicators/test/fixtures.ts';

/** The trace reaches indicators: … → recommendation → action → indicator, and indicators as a bottleneck's evidence. */

let t: TestApp;
let editor: Session;
let chain: { bottleneck: { id: string; ref: string }; recommendation: { id: string; ref: string }; action: { id: string; ref: string }; indicator: string };

const trace = async (url: string, session?: Session) => expectStatus(await t.app.inject({ url, headers: session?.headers }), 200).json() as Trace;
const KPI = { region: POPULATION.region, baseline: { value: 1_700_000, period: '2023-Q1' }, target: { value: 1_740_000, period: '2024-Q4' } };

beforeAll(async () => {
  t = await startTestApp();
  editor = (await loginAs(t, 'editor')).session;
  await storeTestIndicators(t.db.kysely);
  const kela = (await t.app.inject({ url: '/api/institutions/kela' })).json() as { id: string };
  const ska = (await t.app.inject({ url: '/api/institutions/sotsiaalkindlustusamet' })).json() as { id: string };
  const bottleneck = (await t.app.inject({ method: 'POST', url: '/api/bottlenecks', remoteAddress: '203.0.113.77', payload: { title: 'Twin-city residents are counted twice or not at all', description: 'A description long enough for the register to take it.', language: 'en', domain: 'mobility', countries: ['FI', 'EE'] } })).json();
  expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${bottleneck.id}`, headers: editor.headers, payload: { status: 'published' } }), 200);
  const recommendation = expectStatus(await t.app.inject({ method: 'POST', url: '/api/recommendations', headers: editor.headers, payload: { title: { en: 'Count twin-city residents once' }, rationale: { en: 'Plans need one figure.' }, addressees: [kela.id], bottlenecks: [bottleneck.ref], changeKind: 'cooperation', priority: 'medium', effort: 'medium' } }), 201).json();
  const action = expectStatus(await t.app.inject({ method: 'POST', url: '/api/actions', headers: editor.headers, payload: { title: { en: 'A joint population register extract' }, domain: 'mobility', startsOn: '2027-01-01', endsOn: '2027-12-31', raci: [{ institutionId: kela.id, role: 'A', lead: true }, { institutionId: ska.id, role: 'R' }], recommendations: [recommendation.ref] } }), 201).json();
  expectStatus(await t.app.inject({ method: 'PUT', url: `/api/actions/${action.ref}/indicators/population`, headers: editor.headers, payload: KPI }), 200);
  const indicator = await t.db.kysely.selectFrom('indicators').select('id').where('slug', '=', 'population').executeTakeFirstOrThrow();
  chain = { bottleneck, recommendation, action, indicator: indicator.id };
});
afterAll(() => t?.close());

describe('the trace through indicators', () => {
  it('walks from a recommendation to its action and on to the indicator that measures it', async () => {
    const graph = await trace(`/api/trace/recommendation/${chain.recommendation.ref}`);
    expect(graph.nodes.map((node) => [node.type, node.ref, node.depth])).toEqual([
      ['recommendation', chain.recommendation.ref, 0],
      ['action', chain.action.ref, 1],
      ['bottleneck', chain.bottleneck.ref, 1],
      ['indicator', 'population', 2],
    ]);
    expect(graph.nodes.find((node) => node.type === 'indicator')).toMatchObject({ id: chain.indicator, title: { en: 'Population', fi: 'Väkiluku', et: 'Rahvaarv' }, status: 'published' });
    expect(graph.edges).toContainEqual({ from: `action:${chain.action.id}`, to: `indicator:${chain.indicator}` });
  });

  it('walks back from an indicator, by its name or id, to what it measures and what that answers', async () => {
    const graph = await trace('/api/trace/indicator/population?depth=3');
    expect(graph.root).toBe(`indicator:${chain.indicator}`);
    expect(graph.nodes.map((node) => [node.type, node.ref, node.depth])).toEqual([
      ['indicator', 'population', 0],
      ['action', chain.action.ref, 1],
      ['recommendation', chain.recommendation.ref, 2],
      ['bottleneck', chain.bottleneck.ref, 3],
    ]);
    expect((await trace(`/api/trace/indicator/${chain.indicator}?depth=1`)).nodes).toHaveLength(2);
    expectProblem(await t.app.inject({ url: '/api/trace/indicator/no-such-indicator' }), 404);
  });

  it('takes an indicator linked as evidence as a neighbour of its bottleneck, and drops the link once unlinked', async () => {
    const url = `/api/bottlenecks/${chain.bottleneck.ref}/indicators/foreign-citizens`;
    expectStatus(await t.app.inject({ method: 'PUT', url, headers: editor.headers, payload: { region: POPULATION.city } }), 200);
    const linked = await trace(`/api/trace/bottleneck/${chain.bottleneck.ref}?depth=1`);
    const citizens = linked.nodes.find((node) => node.ref === 'foreign-citizens');
    expect(citizens).toMatchObject({ type: 'indicator', depth: 1 });
    expect(linked.edges).toContainEqual({ from: `bottleneck:${chain.bottleneck.id}`, to: `indicator:${citizens!.id}` });
    // The trace is kept per link-graph version: the unlink shows at once.
    expectStatus(await t.app.inject({ method: 'DELETE', url, headers: editor.headers }), 204);
    expect((await trace(`/api/trace/bottleneck/${chain.bottleneck.ref}?depth=1`)).nodes.map((node) => node.ref)).not.toContain('foreign-citizens');
  });

  it('shows a draft indicator to staff only, and its status says it is a draft', async () => {
    await t.db.kysely.updateTable('indicators').set({ published: false }).where('slug', '=', 'population').execute();
    try {
      const publicGraph = await trace(`/api/trace/action/${chain.action.ref}`);
      expect(publicGraph.nodes.map((node) => node.type)).not.toContain('indicator');
      expect(publicGraph.edges.filter((edge) => edge.to.startsWith('indicator:'))).toEqual([]);
      expectProblem(await t.app.inject({ url: '/api/trace/indicator/population' }), 404);
      const staffGraph = await trace(`/api/trace/action/${chain.action.ref}`, editor);
      expect(staffGraph.nodes.find((node) => node.type === 'indicator')).toMatchObject({ ref: 'population', status: 'draft' });
    } finally {
      await t.db.kysely.updateTable('indicators').set({ published: true }).where('slug', '=', 'population').execute();
    }
  });
});
