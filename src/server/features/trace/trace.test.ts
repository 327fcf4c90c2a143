import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let editor: Session;
let kela: { id: string };
let ip = 0;

async function published(title: string) {
  const created = (await t.app.inject({ method: 'POST', url: '/api/bottlenecks', remoteAddress: `203.0.113.${++ip % 250}`, payload: { title, description: 'A description long enough for the register to take it.', language: 'en', domain: 'mobility', countries: ['FI', 'EE'] } })).json();
  await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${created.id}`, headers: editor.headers, payload: { status: 'published' } });
  return created as { id: string; ref: string };
}

const dialogue = async (bottlenecks: string[], visibility = 'public') =>
  (await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: { type: 'workshop', title: { en: `Workshop ${visibility}` }, startsAt: '2026-09-01T07:00:00.000Z', endsAt: '2026-09-01T09:00:00.000Z', organiserId: kela.id, domains: ['mobility'], bottlenecks, language: 'en', visibility } })).json() as { id: string; ref: string };

beforeAll(async () => {
  t = await startTestApp();
  editor = (await loginAs(t, 'editor')).session;
  kela = (await t.app.inject({ url: '/api/institutions/kela' })).json();
});
afterAll(() => t?.close());

describe('trace', () => {
  it('follows a bottleneck to the dialogue that discussed it and the recommendation that came of it', async () => {
    const b = await published('Ferry and tram tickets do not combine');
    const d = await dialogue([b.ref]);
    const r = (await t.app.inject({ method: 'POST', url: '/api/recommendations', headers: editor.headers, payload: { title: { en: 'One ticket from ferry to tram' }, rationale: { en: 'Commuters buy two tickets.' }, addressees: [kela.id], dialogues: [d.ref], changeKind: 'service_information', priority: 'medium', effort: 'large' } })).json();
    const graph = (await t.app.inject({ url: `/api/trace/bottleneck/${b.ref}` })).json();
    expect(graph.root).toBe(`bottleneck:${b.id}`);
    expect(graph.nodes.map((n: { ref: string; depth: number }) => [n.ref, n.depth])).toEqual([[b.ref, 0], [d.ref, 1], [r.ref, 2]]);
    expect(graph.edges).toEqual(expect.arrayContaining([{ from: `bottleneck:${b.id}`, to: `dialogue:${d.id}` }, { from: `dialogue:${d.id}`, to: `recommendation:${r.id}` }]));
    const shallow = (await t.app.inject({ url: `/api/trace/bottleneck/${b.id}?depth=1` })).json();
    expect(shallow.nodes).toHaveLength(2);
    const fromRecommendation = (await t.app.inject({ url: `/api/trace/recommendation/${r.ref}` })).json();
    expect(fromRecommendation.nodes.map((n: { ref: string }) => n.ref)).toEqual([r.ref, d.ref, b.ref]);
  });

  it('walks on to the actions of the joint plan: from a bottleneck directly, from a recommendation, and back', async () => {
    const b = await published('Ferry timetables are published too late for commuters');
    const d = await dialogue([b.ref]);
    const r = (await t.app.inject({ method: 'POST', url: '/api/recommendations', headers: editor.headers, payload: { title: { en: 'Publish ferry timetables a season ahead' }, rationale: { en: 'Commuters plan their weeks.' }, addressees: [kela.id], dialogues: [d.ref], changeKind: 'service_information', priority: 'medium', effort: 'small' } })).json();
    const ska = (await t.app.inject({ url: '/api/institutions/sotsiaalkindlustusamet' })).json();
    const created = await t.app.inject({ method: 'POST', url: '/api/actions', headers: editor.headers, payload: {
      title: { en: 'Timetables a season ahead' }, domain: 'mobility', startsOn: '2027-01-01', endsOn: '2027-06-30',
      raci: [{ institutionId: kela.id, role: 'A', lead: true }, { institutionId: ska.id, role: 'R' }], recommendations: [r.ref], bottlenecks: [b.ref],
    } });
    expect(created.statusCode, created.body).toBe(201);
    const action = created.json() as { id: string; ref: string };
    const [bk, dk, rk, ak] = [`bottleneck:${b.id}`, `dialogue:${d.id}`, `recommendation:${r.id}`, `action:${action.id}`];
    // the action answers the bottleneck directly: one hop from it, whatever lies between
    const fromBottleneck = (await t.app.inject({ url: `/api/trace/bottleneck/${b.ref}?depth=1` })).json();
    expect(fromBottleneck.nodes.map((n: { ref: string; type: string }) => [n.type, n.ref])).toEqual(expect.arrayContaining([['action', action.ref], ['dialogue', d.ref]]));
    expect(fromBottleneck.edges).toEqual(expect.arrayContaining([{ from: bk, to: ak }]));
    const whole = (await t.app.inject({ url: `/api/trace/bottleneck/${b.ref}?depth=3` })).json();
    // links point away from the item asked about: the action, one hop away, leads on to the recommendation
    expect(whole.edges).toEqual(expect.arrayContaining([{ from: bk, to: dk }, { from: dk, to: rk }, { from: bk, to: ak }, { from: ak, to: rk }]));
    expect(whole.edges).toHaveLength(4);
    expect(whole.nodes.find((n: { type: string }) => n.type === 'action')).toMatchObject({ ref: action.ref, status: 'planned', title: { en: 'Timetables a season ahead' } });
    // and back: from the action to what it answers
    const fromAction = (await t.app.inject({ url: `/api/trace/action/${action.ref.toLowerCase()}` })).json();
    expect(fromAction.root).toBe(ak);
    expect(fromAction.nodes.map((n: { ref: string; depth: number }) => [n.ref, n.depth])).toEqual([[action.ref, 0], [b.ref, 1], [r.ref, 1], [d.ref, 2]]);
    expect((await t.app.inject({ url: `/api/trace/action/${action.id}` })).json().root).toBe(ak);
    expectProblem(await t.app.inject({ url: '/api/trace/action/AC-1999-0001' }), 404);
  });

  it('lists a link between two items at the same depth once, along the chain', async () => {
    const b = await published('Bicycle cannot be taken on the morning ferry');
    const d = await dialogue([b.ref]);
    const r = (await t.app.inject({ method: 'POST', url: '/api/recommendations', headers: editor.headers, payload: { title: { en: 'Bicycle places on morning ferries' }, rationale: { en: 'Commuters cycle to the harbour.' }, addressees: [kela.id], bottlenecks: [b.ref], dialogues: [d.ref], changeKind: 'cooperation', priority: 'low', effort: 'small' } })).json();
    const graph = (await t.app.inject({ url: `/api/trace/recommendation/${r.ref}?depth=2` })).json();
    expect(graph.nodes.map((n: { ref: string; depth: number }) => [n.ref, n.depth])).toEqual([[r.ref, 0], [b.ref, 1], [d.ref, 1]]);
    const [rk, bk, dk] = [`recommendation:${r.id}`, `bottleneck:${b.id}`, `dialogue:${d.id}`];
    expect(graph.edges).toHaveLength(3);
    expect(graph.edges).toEqual(expect.arrayContaining([{ from: rk, to: bk }, { from: rk, to: dk }, { from: bk, to: dk }]));
  });

  it('leaves out what the caller may not see, and the links through it', async () => {
    const b = await published('Parking permit needs a Finnish personal code');
    const internal = await dialogue([b.ref], 'internal');
    const publicGraph = (await t.app.inject({ url: `/api/trace/bottleneck/${b.ref}` })).json();
    expect(publicGraph.nodes.map((n: { ref: string }) => n.ref)).toEqual([b.ref]);
    expect(publicGraph.edges).toEqual([]);
    const staffGraph = (await t.app.inject({ url: `/api/trace/bottleneck/${b.ref}`, headers: editor.headers })).json();
    expect(staffGraph.nodes.map((n: { ref: string }) => n.ref)).toEqual([b.ref, internal.ref]);
    expectProblem(await t.app.inject({ url: `/api/trace/dialogue/${internal.ref}` }), 404);
    const waiting = (await t.app.inject({ method: 'POST', url: '/api/bottlenecks', remoteAddress: '203.0.113.251', payload: { title: 'Still in moderation here', description: 'A description long enough for the register to take it.', language: 'en', domain: 'mobility', countries: ['FI'] } })).json();
    expectProblem(await t.app.inject({ url: `/api/trace/bottleneck/${waiting.ref}` }), 404);
  });

  it('never answers from an outdated graph: new links, state changes and visibility show at once', async () => {
    const b = await published('Taxi from the harbour cannot be paid with the Estonian app');
    const d = await dialogue([b.ref]);
    const refs = async (session?: Session) => ((await t.app.inject({ url: `/api/trace/dialogue/${d.ref}`, headers: session?.headers })).json().nodes as { ref: string; status: string }[]).map((n) => `${n.ref}:${n.status}`);
    expect(await refs()).toEqual([`${d.ref}:planned`, `${b.ref}:published`]);
    const r = (await t.app.inject({ method: 'POST', url: '/api/recommendations', headers: editor.headers, payload: { title: { en: 'Accept the app' }, rationale: { en: 'Why not.' }, addressees: [kela.id], bottlenecks: [b.ref], changeKind: 'service_information', priority: 'low', effort: 'small' } })).json();
    expect(await refs()).toEqual([`${d.ref}:planned`, `${b.ref}:published`, `${r.ref}:proposed`]);
    await t.app.inject({ method: 'PATCH', url: `/api/dialogues/${d.ref}`, headers: editor.headers, payload: { state: 'held' } });
    expect((await refs())[0]).toBe(`${d.ref}:held`);
    await t.app.inject({ method: 'PATCH', url: `/api/dialogues/${d.ref}`, headers: editor.headers, payload: { visibility: 'internal' } });
    expectProblem(await t.app.inject({ url: `/api/trace/dialogue/${d.ref}` }), 404);
    expect((await refs(editor))[0]).toBe(`${d.ref}:held`);
  });

  it('answers with the whole neighbourhood of a dialogue with 200 bottlenecks', async () => {
    const refs: string[] = [];
    for (let i = 0; i < 200; i++) refs.push((await published(`Bulk obstacle number ${i} for the trace`)).ref);
    const d = await dialogue(refs);
    const graph = (await t.app.inject({ url: `/api/trace/dialogue/${d.ref}` })).json();
    expect(graph.nodes).toHaveLength(201);
    expect(graph.edges).toHaveLength(200);
    expect(graph.truncated).toBe(false);
  });

  it('refuses unknown kinds and items clearly', async () => {
    // Lessons are citations, not trace nodes.
    expectProblem(await t.app.inject({ url: '/api/trace/lesson/DL-2026-0001' }), 400);
    expectProblem(await t.app.inject({ url: '/api/trace/objective/O1.1' }), 404);
    expectProblem(await t.app.inject({ url: '/api/trace/dataset/no-such-dataset' }), 404);
    expectProblem(await t.app.inject({ url: '/api/trace/dialogue/DL-1999-0001' }), 404);
    expectProblem(await t.app.inject({ url: '/api/trace/bottleneck/BN-2026-0001?depth=9' }), 400);
  });
});
