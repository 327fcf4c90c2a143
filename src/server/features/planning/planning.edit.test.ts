import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstrumentDetail, PlanDetail, PlanInput, PlanningSource, PlanningSourceList } from '../../../shared/schemas/planning.ts';
import { expectProblem, expectStatus, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { seedPlanning } from './planning.service.ts';

/**
 * Editors' writes to the planning systems and plans: every fact they add carries known sources,
 * a seeded row once edited survives the next start's seed, and bad input changes nothing.
 */

let t: TestApp;
let editor: Session;
let member: Session;
const db = () => t.db.kysely;

beforeAll(async () => {
  t = await startTestApp();
  [editor, member] = await Promise.all((['editor', 'member'] as const).map(async (role) => (await loginAs(t, role)).session));
});
afterAll(() => t?.close());

const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, session: Session, payload?: unknown) =>
  t.app.inject({ method, url, headers: session.headers, ...(payload === undefined ? {} : { payload: payload as object }) });

async function counts() {
  const [sources, plans, events, documents, audit] = await Promise.all(
    (['planning_sources', 'plans', 'plan_events', 'plan_documents', 'audit_log'] as const).map(async (table) => Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)),
  );
  return { sources, plans, events, documents, audit };
}

const planInput = (slug: string): PlanInput => ({
  slug,
  name: { value: { en: 'Espoo master plan (demo entry)', fi: 'Espoon yleiskaava' }, sources: ['P11'] },
  kind: 'plan',
  country: 'FI',
  instrument: { value: 'fi-local-master-plan', sources: ['P11'] },
  regionCodes: ['fi-kunta:049'],
  stage: { value: 'draft', sources: ['P11'] },
});

describe('sources', () => {
  it('adds a source with the next editor tag, lists it after the seeded ones, and refuses the same address twice', async () => {
    const added = expectStatus(await send('POST', '/api/planning/sources', editor, { url: 'https://www.espoo.fi/fi/espoon-yleiskaava', title: 'City of Espoo: master plan', kind: 'primary' }), 201).json() as PlanningSource;
    expect(added.tag).toMatch(/^E\d+$/);
    const list = expectStatus(await t.app.inject({ url: '/api/planning/sources' }), 200).json() as PlanningSourceList;
    expect(list.items.at(-1)?.tag).toBe(added.tag);
    expect(list.items[0].tag).toBe('P3');
    const before = await counts();
    const again = expectProblem(await send('POST', '/api/planning/sources', editor, { url: 'https://www.espoo.fi/fi/espoon-yleiskaava', title: 'again', kind: 'primary' }), 409);
    expect(again.type).toBe('/problems/source-exists');
    expect(await counts()).toEqual(before);
  });

  it('is the editors’ to change: a member is refused', async () => {
    expectProblem(await send('POST', '/api/planning/sources', member, { url: 'https://example.org/x', title: 'x', kind: 'primary' }), 403);
  });
});

describe('an instrument’s facts', () => {
  it('takes a translation with its source, marks the instrument edited, and the next seed keeps it', async () => {
    const patched = expectStatus(
      await send('PATCH', '/api/planning/instruments/ee-county-plan', editor, { name: { value: { et: 'maakonnaplaneering', en: 'county-wide spatial plan', fi: 'maakunnan kaava (Viro)' }, sources: ['P39'] } }),
      200,
    ).json() as InstrumentDetail;
    expect(patched.name.fi).toBe('maakunnan kaava (Viro)');
    expect(patched.citations.name).toEqual(['P39']);
    expect(patched.sources.map((s) => s.tag)).toContain('P39');
    await seedPlanning(db());
    const after = expectStatus(await t.app.inject({ url: '/api/planning/instruments/ee-county-plan' }), 200).json() as InstrumentDetail;
    expect(after.name.fi).toBe('maakunnan kaava (Viro)');
    const row = await db().selectFrom('planning_instruments').select('edited').where('slug', '=', 'ee-county-plan').executeTakeFirstOrThrow();
    expect(row.edited).toBe(true);
  });

  it('clears a fact with null and drops its citation', async () => {
    const patched = expectStatus(await send('PATCH', '/api/planning/instruments/fi-regional-plan', editor, { typicalDuration: { value: { en: 'several years (demo)' }, sources: ['P10'] } }), 200).json() as InstrumentDetail;
    expect(patched.citations.typicalDuration).toEqual(['P10']);
    const cleared = expectStatus(await send('PATCH', '/api/planning/instruments/fi-regional-plan', editor, { typicalDuration: { value: null, sources: [] } }), 200).json() as InstrumentDetail;
    expect(cleared.typicalDuration).toBeNull();
    expect(cleared.citations.typicalDuration).toBeUndefined();
  });

  it('refuses a fact without a source, an unknown tag and a name without its own language, changing nothing', async () => {
    const before = await counts();
    const uncited = expectProblem(await send('PATCH', '/api/planning/instruments/ee-county-plan', editor, { approvedBy: { value: { en: 'the minister' }, sources: [] } }), 400);
    expect(uncited.errors).toEqual([expect.objectContaining({ path: 'body/approvedBy/sources', code: 'uncited' })]);
    const unknown = expectProblem(await send('PATCH', '/api/planning/instruments/ee-county-plan', editor, { approvedBy: { value: { en: 'the minister' }, sources: ['P39', 'ZZ9'] } }), 400);
    expect(unknown.errors).toEqual([expect.objectContaining({ path: 'body/approvedBy/sources/1', code: 'unknown-source' })]);
    const foreign = expectProblem(await send('PATCH', '/api/planning/instruments/ee-county-plan', editor, { name: { value: { en: 'county plan' }, sources: ['P39'] } }), 400);
    expect(foreign.errors?.[0]).toMatchObject({ path: 'body/name/value/et', code: 'required' });
    expectProblem(await send('PATCH', '/api/planning/instruments/ee-county-plan', editor, { country: 'FI' }), 400);
    expectProblem(await send('PATCH', '/api/planning/instruments/no-such-plan', editor, { typicalDuration: { value: null, sources: [] } }), 404);
    expect(await counts()).toEqual(before);
    const row = await db().selectFrom('planning_instruments').select('approved_by').where('slug', '=', 'ee-county-plan').executeTakeFirstOrThrow();
    expect(row.approved_by?.en).not.toBe('the minister');
  });
});

describe('plans', () => {
  it('adds a plan with cited facts and lists it', async () => {
    const created = await send('POST', '/api/planning/plans', editor, planInput('espoo-master-plan-demo'));
    expectStatus(created, 201);
    expect(created.headers.location).toBe('/api/planning/plans/espoo-master-plan-demo');
    const plan = created.json() as PlanDetail;
    expect(plan).toMatchObject({ slug: 'espoo-master-plan-demo', stage: 'draft', instrument: { slug: 'fi-local-master-plan' }, regionCodes: ['fi-kunta:049'], citations: { name: ['P11'], stage: ['P11'], instrument: ['P11'] } });
    const list = expectStatus(await t.app.inject({ url: '/api/planning/plans?instrument=fi-local-master-plan' }), 200).json() as { items: { slug: string }[] };
    expect(list.items.map((p) => p.slug)).toContain('espoo-master-plan-demo');
  });

  it('refuses a taken slug, an unknown region and an uncited stage, writing nothing', async () => {
    const before = await counts();
    expect(expectProblem(await send('POST', '/api/planning/plans', editor, planInput('uusimaa-2050')), 409).type).toBe('/problems/slug-taken');
    const region = expectProblem(await send('POST', '/api/planning/plans', editor, { ...planInput('espoo-x'), regionCodes: ['fi-kunta:049', 'nuts:SE110'] }), 400);
    expect(region.errors).toEqual([expect.objectContaining({ path: 'body/regionCodes/1', code: 'unknown-region' })]);
    const stage = expectProblem(await send('POST', '/api/planning/plans', editor, { ...planInput('espoo-y'), stage: { value: 'draft', sources: [] } }), 400);
    expect(stage.errors?.[0].path).toContain('stage');
    expect(await counts()).toEqual(before);
  });

  it('changes a seeded plan, and the next seed keeps the change', async () => {
    const patched = expectStatus(await send('PATCH', '/api/planning/plans/harju-county-plan-2030', editor, { summary: { value: { en: 'Demo summary written by an editor.' }, sources: ['P47'] } }), 200).json() as PlanDetail;
    expect(patched.summary?.en).toBe('Demo summary written by an editor.');
    await seedPlanning(db());
    const after = expectStatus(await t.app.inject({ url: '/api/planning/plans/harju-county-plan-2030' }), 200).json() as PlanDetail;
    expect(after.summary?.en).toBe('Demo summary written by an editor.');
    expect(after.citations.summary).toEqual(['P47']);
  });

  it('records a dated step; the newest step with a stage moves the plan, an older one does not', async () => {
    const newer = expectStatus(await send('POST', '/api/planning/plans/espoo-master-plan-demo/events', editor, { date: '2026-11-02', precision: 'day', stage: 'proposal', body: { en: 'Proposal on display (demo).' }, sources: ['P11'] }), 201).json() as PlanDetail;
    expect(newer.stage).toBe('proposal');
    expect(newer.citations.stage).toEqual(['P11']);
    const older = expectStatus(await send('POST', '/api/planning/plans/espoo-master-plan-demo/events', editor, { date: '2025-03-01', precision: 'month', stage: 'initiated', body: { en: 'Initiated (demo).' }, sources: ['P11'] }), 201).json() as PlanDetail;
    expect(older.stage).toBe('proposal');
    expect(older.events.map((e) => e.date)).toEqual(['2025-03-01', '2026-11-02']);
    expect(older.events.every((e) => !e.seeded)).toBe(true);
  });

  it('refuses a span ending before it starts and an unknown tag, writing nothing', async () => {
    const before = await counts();
    const span = expectProblem(await send('POST', '/api/planning/plans/espoo-master-plan-demo/events', editor, { date: '2026-05-01', precision: 'day', until: '2026-04-01', body: { en: 'x' }, sources: ['P11'] }), 400);
    expect(span.errors?.[0]).toMatchObject({ path: 'body/until', code: 'end-before-start' });
    const tag = expectProblem(await send('POST', '/api/planning/plans/espoo-master-plan-demo/events', editor, { date: '2026-05-01', precision: 'day', body: { en: 'x' }, sources: ['NOPE'] }), 400);
    expect(tag.errors?.[0]).toMatchObject({ path: 'body/sources/0', code: 'unknown-source' });
    const doc = expectProblem(await send('POST', '/api/planning/plans/espoo-master-plan-demo/documents', editor, { title: { en: 'x' }, url: 'https://www.espoo.fi/x', kind: 'report', source: 'NOPE' }), 400);
    expect(doc.errors?.[0]).toMatchObject({ path: 'body/source', code: 'unknown-source' });
    expect(await counts()).toEqual(before);
  });

  it('removes an editor’s document and step but never a seeded one', async () => {
    const withDoc = expectStatus(await send('POST', '/api/planning/plans/espoo-master-plan-demo/documents', editor, { title: { en: 'Draft map (demo)' }, url: 'https://www.espoo.fi/draft.pdf', kind: 'report', source: 'P11' }), 201).json() as PlanDetail;
    const doc = withDoc.documents.find((d) => d.url === 'https://www.espoo.fi/draft.pdf')!;
    expectStatus(await send('DELETE', `/api/planning/plans/espoo-master-plan-demo/documents/${doc.id}`, editor), 204);
    const step = withDoc.events[0];
    expectStatus(await send('DELETE', `/api/planning/plans/espoo-master-plan-demo/events/${step.id}`, editor), 204);
    const after = expectStatus(await t.app.inject({ url: '/api/planning/plans/espoo-master-plan-demo' }), 200).json() as PlanDetail;
    expect(after.documents).toEqual([]);
    expect(after.events.map((e) => e.id)).not.toContain(step.id);

    const seeded = expectStatus(await t.app.inject({ url: '/api/planning/plans/uusimaa-2050' }), 200).json() as PlanDetail;
    const before = await counts();
    expect(expectProblem(await send('DELETE', `/api/planning/plans/uusimaa-2050/events/${seeded.events[0].id}`, editor), 409).type).toBe('/problems/seeded-fact');
    expect(expectProblem(await send('DELETE', `/api/planning/plans/uusimaa-2050/documents/${seeded.documents[0].id}`, editor), 409).type).toBe('/problems/seeded-fact');
    // Another plan's step is not this plan's.
    expectProblem(await send('DELETE', `/api/planning/plans/espoo-master-plan-demo/events/${seeded.events[0].id}`, editor), 404);
    expect(await counts()).toEqual(before);
  });
});
