import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Indicator, LinkedIndicator, LinkedIndicators } from '../../../shared/schemas/indicators.ts';
import { expectProblem, expectStatus, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { POPULATION, storeTestIndicators } from './test/fixtures.ts';

let t: TestApp;
let editor: Session;
let member: Session;
let ip = 0;

async function newAction(title: string) {
  const kela = (await t.app.inject({ url: '/api/institutions/kela' })).json() as { id: string };
  const ska = (await t.app.inject({ url: '/api/institutions/sotsiaalkindlustusamet' })).json() as { id: string };
  const created = await t.app.inject({
    method: 'POST', url: '/api/actions', headers: editor.headers,
    payload: { title: { en: title }, domain: 'mobility', startsOn: '2027-01-01', endsOn: '2027-12-31', raci: [{ institutionId: kela.id, role: 'A', lead: true }, { institutionId: ska.id, role: 'R' }] },
  });
  return expectStatus(created, 201).json() as { id: string; ref: string };
}

async function newBottleneck(title: string, publish = true) {
  const created = (await t.app.inject({ method: 'POST', url: '/api/bottlenecks', remoteAddress: `203.0.113.${++ip % 250}`, payload: { title, description: 'A description long enough for the register to take it.', language: 'en', domain: 'mobility', countries: ['FI', 'EE'] } })).json() as { id: string; ref: string };
  if (publish) expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${created.id}`, headers: editor.headers, payload: { status: 'published' } }), 200);
  return created;
}

const put = (url: string, payload: unknown, session: Session | null = editor) => t.app.inject({ method: 'PUT', url, headers: session?.headers, payload: payload as object });
const list = async (url: string, session?: Session) => expectStatus(await t.app.inject({ url, headers: session?.headers }), 200).json() as LinkedIndicators;
const auditCount = async () => Number((await t.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('action', 'like', '%.indicator_%').executeTakeFirstOrThrow()).n);
const linkCount = async () => (await t.db.kysely.selectFrom('action_indicators').select('action_id').execute()).length + (await t.db.kysely.selectFrom('bottleneck_indicators').select('bottleneck_id').execute()).length;

const KPI = { region: POPULATION.region, baseline: { value: 1_700_000, period: '2023Q1' }, target: { value: 1_740_000, period: '2024-Q4' }, note: { en: 'Grow with the twin city.' } };

beforeAll(async () => {
  t = await startTestApp();
  editor = (await loginAs(t, 'editor')).session;
  member = (await loginAs(t, 'member')).session;
  await storeTestIndicators(t.db.kysely);
});
afterAll(() => t?.close());

describe('an indicator as an action\'s KPI', () => {
  it('is linked by an editor with a baseline and a target, and shows how far the latest figure has come, on both ends', async () => {
    const action = await newAction('More people in the twin region');
    const linked = expectStatus(await put(`/api/actions/${action.ref}/indicators/population`, KPI), 200).json() as LinkedIndicator;
    // The quarter written 2023Q1 is kept the indicator's way; the latest figure is the region's newest.
    expect(linked).toMatchObject({
      slug: 'population', frequency: 'Q', demo: true, published: true, unit: { en: 'persons' },
      region: { code: POPULATION.region, name: { en: 'Helsinki-Uusimaa' } },
      baseline: { value: 1_700_000, period: '2023-Q1' }, target: { value: 1_740_000, period: '2024-Q4' }, latest: POPULATION.latest, note: { en: 'Grow with the twin city.' },
    });
    expect(linked.progress).toBeCloseTo(0.5, 12);

    const publicView = await list(`/api/actions/${action.ref.toLowerCase()}/indicators`);
    expect(publicView.items).toEqual([linked]);
    expect(publicView.viewer.canManage).toBe(false);
    expect((await list(`/api/actions/${action.id}/indicators`, editor)).viewer.canManage).toBe(true);

    // The indicator names the action it measures, with the same progress.
    const indicator = expectStatus(await t.app.inject({ url: '/api/indicators/population' }), 200).json() as Indicator;
    expect(indicator.targets.find((target) => target.ref === action.ref)).toMatchObject({ kind: 'action', region: POPULATION.region, progress: linked.progress });

    // A change replaces the link; Helsinki's newest figure is its 2023-Q2 one (2023-Q3 is missing).
    const changed = expectStatus(await put(`/api/actions/${action.ref}/indicators/population`, { region: POPULATION.city, baseline: { value: 660_000, period: '2023-Q1' }, target: { value: 664_000, period: '2025-Q1' } }), 200).json() as LinkedIndicator;
    expect(changed).toMatchObject({ latest: { value: 662_000, period: '2023-Q2' }, note: null });
    expect(changed.progress).toBeCloseTo(0.5, 12);
    expect((await list(`/api/actions/${action.ref}/indicators`)).items).toHaveLength(1);

    const trail = await t.db.kysely.selectFrom('audit_log').select(['action', 'details']).where('entity_id', '=', action.id).where('action', '=', 'action.indicator_linked').execute();
    expect(trail.map((entry) => (entry.details as { region: string }).region)).toEqual([POPULATION.region, POPULATION.city]);

    expectStatus(await t.app.inject({ method: 'DELETE', url: `/api/actions/${action.ref}/indicators/population`, headers: editor.headers }), 204);
    expect((await list(`/api/actions/${action.ref}/indicators`)).items).toEqual([]);
    expectProblem(await t.app.inject({ method: 'DELETE', url: `/api/actions/${action.ref}/indicators/population`, headers: editor.headers }), 404);
  });

  it('is linked only by editors', async () => {
    const action = await newAction('Only editors set KPIs');
    expectProblem(await put(`/api/actions/${action.ref}/indicators/population`, KPI, null), 401);
    expectProblem(await put(`/api/actions/${action.ref}/indicators/population`, KPI, member), 403);
    expectProblem(await t.app.inject({ method: 'DELETE', url: `/api/actions/${action.ref}/indicators/population`, headers: member.headers }), 403);
    expect((await list(`/api/actions/${action.ref}/indicators`)).items).toEqual([]);
  });

  it('refuses a wrong link with the field named, and writes nothing', async () => {
    const action = await newAction('Refused KPIs');
    const [links, audits] = [await linkCount(), await auditCount()];
    const refused = async (url: string, payload: unknown, status: number) => expectProblem(await put(url, payload), status);
    const url = `/api/actions/${action.ref}/indicators/population`;

    const region = await refused(url, { ...KPI, region: 'ee-ehak:0784' }, 400);
    expect(region.errors).toEqual([expect.objectContaining({ path: 'body/region', code: 'one-of', params: { allowedValues: 'fi-kunta:091, nuts:FI1B1' } })]);
    // A month is not a period of a quarterly indicator; nor is anything else.
    const month = await refused(url, { ...KPI, baseline: { value: 1, period: '2023-06' }, target: { value: 2, period: 'soon' } }, 400);
    expect(month.errors).toEqual([
      expect.objectContaining({ path: 'body/baseline/period', code: 'wrong-period', params: { example: '2023-Q2' } }),
      expect.objectContaining({ path: 'body/target/period', code: 'wrong-period' }),
    ]);
    const backwards = await refused(url, { ...KPI, target: { value: 1_800_000, period: '2023-Q1' } }, 400);
    expect(backwards.errors).toEqual([expect.objectContaining({ path: 'body/target/period', code: 'target-before-baseline' })]);
    // 1e999 is valid JSON and reads as Infinity.
    const infinite = expectProblem(await t.app.inject({ method: 'PUT', url, headers: { ...editor.headers, 'content-type': 'application/json' }, payload: '{"region":"nuts:FI1B1","baseline":{"value":1e999,"period":"2023-Q1"},"target":{"value":2,"period":"2024-Q1"}}' }), 400);
    expect(infinite.errors).toEqual([expect.objectContaining({ path: 'body/baseline/value', code: 'number' })]);
    const missing = await refused(url, { region: POPULATION.region, baseline: KPI.baseline }, 400);
    expect(missing.errors?.map((e) => e.path)).toEqual(['body/target']);

    const unknown = await refused(`/api/actions/${action.ref}/indicators/no-such-indicator`, KPI, 400);
    expect(unknown.errors).toEqual([expect.objectContaining({ path: 'params/slug', code: 'unknown-indicator' })]);
    const draft = await refused(`/api/actions/${action.ref}/indicators/draft-indicator`, KPI, 400);
    expect(draft.errors).toEqual([expect.objectContaining({ path: 'params/slug', code: 'unpublished-indicator' })]);
    await refused('/api/actions/AC-1999-0001/indicators/population', KPI, 404);

    expect([await linkCount(), await auditCount()]).toEqual([links, audits]);
  });
});

describe('an indicator as evidence of a bottleneck', () => {
  it('is linked with a region alone, shown to those who may see the bottleneck, and follows a merge', async () => {
    const bottleneck = await newBottleneck('Commuters are not counted on either side');
    const linked = expectStatus(await put(`/api/bottlenecks/${bottleneck.ref}/indicators/foreign-citizens`, { region: POPULATION.city }), 200).json() as LinkedIndicator;
    // Figures kept by citizenship are never summed into one latest figure.
    expect(linked).toMatchObject({ slug: 'foreign-citizens', baseline: null, target: null, latest: null, progress: null, region: { code: POPULATION.city, name: { en: 'Helsinki' } } });
    const evidence = expectStatus(await put(`/api/bottlenecks/${bottleneck.ref}/indicators/population`, { region: POPULATION.region, baseline: { value: 1_700_000, period: '2023-Q1' } }), 200).json() as LinkedIndicator;
    expect(evidence).toMatchObject({ latest: POPULATION.latest, progress: null });
    expect((await list(`/api/bottlenecks/${bottleneck.ref}/indicators`)).items.map((item) => item.slug)).toEqual(['foreign-citizens', 'population']);
    const indicator = expectStatus(await t.app.inject({ url: '/api/indicators/population' }), 200).json() as Indicator;
    expect(indicator.targets.find((target) => target.ref === bottleneck.ref)).toMatchObject({ kind: 'bottleneck' });

    // Merged into another, its evidence goes with it.
    const kept = await newBottleneck('Commuters are counted nowhere');
    expectStatus(await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${bottleneck.ref}/merge`, headers: (await loginAs(t, 'moderator')).session.headers, payload: { into: kept.ref } }), 200);
    expect((await list(`/api/bottlenecks/${kept.ref}/indicators`)).items.map((item) => item.slug)).toEqual(['foreign-citizens', 'population']);
    expect((await list(`/api/bottlenecks/${bottleneck.ref}/indicators`, editor)).items).toEqual([]);
    expectProblem(await put(`/api/bottlenecks/${bottleneck.ref}/indicators/population`, { region: POPULATION.region }), 409);
  });

  it('is not shown, nor linked, through a bottleneck the caller may not see', async () => {
    const waiting = await newBottleneck('Still waiting for moderation', false);
    expectProblem(await t.app.inject({ url: `/api/bottlenecks/${waiting.ref}/indicators` }), 404);
    expectStatus(await put(`/api/bottlenecks/${waiting.ref}/indicators/population`, { region: POPULATION.region }), 200);
    expect((await list(`/api/bottlenecks/${waiting.ref}/indicators`, editor)).items).toHaveLength(1);
    const refused = expectProblem(await put(`/api/bottlenecks/${waiting.ref}/indicators/population`, { region: POPULATION.region, baseline: { value: 1, period: '2023-Q2' }, target: { value: 2, period: '2023-Q2' } }), 400);
    expect(refused.errors).toEqual([expect.objectContaining({ path: 'body/target/period', code: 'target-before-baseline' })]);
  });

  it('is hidden from the public once its indicator is no longer published; staff still see it', async () => {
    const bottleneck = await newBottleneck('A draft indicator is no evidence for the public');
    expectStatus(await put(`/api/bottlenecks/${bottleneck.ref}/indicators/population`, { region: POPULATION.region }), 200);
    await t.db.kysely.updateTable('indicators').set({ published: false }).where('slug', '=', 'population').execute();
    try {
      expect((await list(`/api/bottlenecks/${bottleneck.ref}/indicators`)).items).toEqual([]);
      expect((await list(`/api/bottlenecks/${bottleneck.ref}/indicators`, editor)).items.map((item) => [item.slug, item.published])).toEqual([['population', false]]);
    } finally {
      await t.db.kysely.updateTable('indicators').set({ published: true }).where('slug', '=', 'population').execute();
    }
  });
});
