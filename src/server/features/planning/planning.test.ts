import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Comparison, InstrumentDetail, InstrumentList, PlanDetail, PlanList } from '../../../shared/schemas/planning.ts';
import { INSTRUMENT_SLUGS } from '../../../shared/schemas/planning.ts';
import { expectProblem, expectStatus, startTestApp, type TestApp } from '../../test/harness.ts';
import { uncitedInstrumentFields, uncitedPlanFields, uncitedStatements } from './planning.cites.ts';
import { PLANNING_SOURCES, PLANS } from './planning.seed.ts';
import { seedPlanning } from './planning.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const get = async <T>(url: string) => expectStatus(await t.app.inject({ url }), 200).json() as T;
const PLAN_SLUGS = PLANS.map((p) => p.slug);

describe('the planning systems side by side', () => {
  it('lists the instruments of both countries, every non-null fact with its sources', async () => {
    const all = await get<InstrumentList>('/api/planning/instruments');
    expect(all.items.map((i) => i.slug).sort()).toEqual([...INSTRUMENT_SLUGS].sort());
    expect(all.total).toBe(12);
    for (const instrument of all.items) {
      expect(uncitedInstrumentFields(instrument), instrument.slug).toEqual([]);
      expect(uncitedStatements(instrument.notes), instrument.slug).toBe(0);
      for (const tags of Object.values(instrument.citations)) for (const tag of tags) expect(PLANNING_SOURCES[tag], tag).toBeDefined();
      // Its own name in its own language, with the English gloss; no other language is guessed.
      expect(instrument.name[instrument.ownLanguage]).toBeTruthy();
      expect(Object.keys(instrument.name).sort()).toEqual([instrument.ownLanguage, 'en'].sort());
      expect(instrument.glossaryEntryId).not.toBeNull();
    }
    // What the reference does not give stays empty: no typical duration anywhere, and no statutory display minimum in Estonia.
    expect(all.items.every((i) => i.typicalDuration === null)).toBe(true);
    expect(all.items.filter((i) => i.country === 'EE').every((i) => i.displayMinDays === null)).toBe(true);
    const detailed = all.items.find((i) => i.slug === 'fi-local-detailed-plan')!;
    expect([detailed.displayMinDays, detailed.displayMinDaysMinor, detailed.citations.displayMinDaysMinor]).toEqual([30, 14, ['P13']]);
  });

  it('filters by country and tier, and refuses an unknown value', async () => {
    const fi = await get<InstrumentList>('/api/planning/instruments?country=FI');
    expect(fi.items.length).toBe(5);
    expect(fi.items.every((i) => i.country === 'FI')).toBe(true);
    const regional = await get<InstrumentList>('/api/planning/instruments?tier=regional');
    expect(regional.items.map((i) => i.slug).sort()).toEqual(['ee-county-plan', 'fi-regional-plan']);
    const eeMunicipal = await get<InstrumentList>('/api/planning/instruments?country=EE&tier=municipal');
    expect(eeMunicipal.items.map((i) => i.slug)).toEqual(['ee-comprehensive-plan', 'ee-local-designated-plan', 'ee-detailed-plan']);
    const bad = expectProblem(await t.app.inject({ url: '/api/planning/instruments?country=SE' }), 400);
    expect(bad.errors?.[0].path).toContain('country');
    expectProblem(await t.app.inject({ url: '/api/planning/instruments?tier=county' }), 400);
    expectProblem(await t.app.inject({ url: '/api/planning/instruments?colour=red' }), 400);
  });

  it('shows one instrument with what corresponds to it, its plans and its sources; 404 and 400 otherwise', async () => {
    const regional = await get<InstrumentDetail>('/api/planning/instruments/fi-regional-plan');
    expect(regional.name).toEqual({ fi: 'maakuntakaava', en: 'regional plan' });
    expect(regional.correspondences).toHaveLength(1);
    expect(regional.correspondences[0]).toMatchObject({ kind: 'equivalent', tier: 'regional', fi: { slug: 'fi-regional-plan' }, ee: { slug: 'ee-county-plan' } });
    expect(regional.plans.map((p) => p.slug)).toEqual(['uusimaa-2050']);
    const cited = new Set([...Object.values(regional.citations).flat(), ...regional.correspondences.flatMap((c) => c.differences.flatMap((d) => d.sources))]);
    expect(new Set(regional.sources.map((s) => s.tag))).toEqual(cited);
    for (const source of regional.sources) expect(source.url).toBe(PLANNING_SOURCES[source.tag].url);
    // Linked to its own glossary entry, which names no Estonian instrument.
    const entry = await get<{ key: string; terms: { fi: string[]; et: string[] } }>(`/api/glossary/${regional.glossaryEntryId}`);
    expect(entry.key).toBe('planning:maakuntakaava');
    expect(entry.terms.et).toEqual([]);

    expectProblem(await t.app.inject({ url: '/api/planning/instruments/se-kommunplan' }), 404);
    expectProblem(await t.app.inject({ url: '/api/planning/instruments/Not_A_Slug' }), 400);
    expectProblem(await t.app.inject({ url: `/api/planning/instruments/${'a'.repeat(81)}` }), 400);
  });

  it('pairs the instruments by tier, says what differs with sources, and names those without a counterpart', async () => {
    const comparison = await get<Comparison>('/api/planning/comparison');
    const pair = (fi: string | null, ee: string | null) => comparison.pairs.find((p) => (p.fi?.slug ?? null) === fi && (p.ee?.slug ?? null) === ee);
    expect(pair('fi-regional-plan', 'ee-county-plan')?.kind).toBe('equivalent');
    expect(pair('fi-national-guidelines', 'ee-national-spatial-plan')?.kind).toBe('partial');
    expect(pair(null, 'ee-national-designated-plan')?.kind).toBe('no_counterpart');
    expect(pair(null, null)?.aspect).toBe('participation');
    for (const p of comparison.pairs) {
      expect(p.differences.length).toBeGreaterThan(0);
      expect(uncitedStatements(p.differences)).toBe(0);
    }
    expect(comparison.unpaired.map((i) => i.slug).sort()).toEqual(['ee-local-designated-plan', 'ee-national-designated-plan']);
    const tags = new Set(comparison.pairs.flatMap((p) => p.differences.flatMap((d) => d.sources)));
    expect(comparison.sources.map((s) => s.tag).sort()).toEqual([...tags].sort());
  });
});

describe('the plans', () => {
  it('lists the five plans with instrument and stage, filtered by country and instrument', async () => {
    const all = await get<PlanList>('/api/planning/plans');
    expect(all.items.map((p) => p.slug)).toEqual(PLAN_SLUGS);
    for (const plan of all.items) expect(uncitedPlanFields(plan), plan.slug).toEqual([]);
    expect((await get<PlanList>('/api/planning/plans?country=EE')).items.map((p) => p.slug)).toEqual(['harju-county-plan-2030', 'tallinn-comprehensive-plan']);
    expect((await get<PlanList>('/api/planning/plans?country=FI_EE')).items.map((p) => p.slug)).toEqual(['helsinki-tallinn-fixed-link']);
    expect((await get<PlanList>('/api/planning/plans?instrument=fi-local-master-plan')).items.map((p) => p.slug)).toEqual(['helsinki-city-plan-2016']);
    expect((await get<PlanList>('/api/planning/plans?instrument=ee-detailed-plan')).items).toEqual([]);
    const helsinki = all.items.find((p) => p.slug === 'helsinki-city-plan-2016')!;
    expect(helsinki.latest).toEqual({ date: '2022-01-01', precision: 'year' });
    expectProblem(await t.app.inject({ url: '/api/planning/plans?instrument=fi-unknown-plan' }), 400);
    expectProblem(await t.app.inject({ url: '/api/planning/plans?country=SE' }), 400);
  });

  it('gives a plan’s dated history in order, with precision, spans and unconfirmed marks, documents and sources', async () => {
    const uusimaa = await get<PlanDetail>('/api/planning/plans/uusimaa-2050');
    expect(uusimaa.instrument?.slug).toBe('fi-regional-plan');
    expect(uusimaa.stage).toBe('final');
    expect(uusimaa.events.map((e) => [e.date, e.precision, e.unconfirmed])).toEqual([
      ['2020-08-25', 'day', false],
      ['2020-12-07', 'day', true],
      ['2021-09-24', 'day', false],
      ['2023-03-13', 'day', false],
    ]);
    expect(uusimaa.events[0].decisionRef).toBe('§ 22');
    expect(uusimaa.documents.map((d) => d.url)).toContain(PLANNING_SOURCES.P19.url);

    const tallinn = await get<PlanDetail>('/api/planning/plans/tallinn-comprehensive-plan');
    expect(tallinn.events[0]).toMatchObject({ date: '1994-01-01', precision: 'year', until: null });
    expect(tallinn.events[1]).toMatchObject({ date: '2001-01-01', precision: 'month' });
    const dates = tallinn.events.map((e) => e.date);
    expect(dates).toEqual([...dates].sort());

    const harju = await get<PlanDetail>('/api/planning/plans/harju-county-plan-2030');
    expect(harju.events.find((e) => e.until)).toMatchObject({ date: '2016-07-25', until: '2016-08-22', precision: 'day' });

    const link = await get<PlanDetail>('/api/planning/plans/helsinki-tallinn-fixed-link');
    expect(link.instrument).toBeNull();
    expect(link.kind).toBe('study');
    expect(link.events[0]).toMatchObject({ date: '2014-01-01', until: '2020-01-01', precision: 'year' });

    for (const slug of PLAN_SLUGS) {
      const plan = await get<PlanDetail>(`/api/planning/plans/${slug}`);
      expect(plan.events.length, slug).toBeGreaterThan(0);
      expect(uncitedStatements([...plan.events, ...plan.notes]), slug).toBe(0);
      const cited = new Set([...Object.values(plan.citations).flat(), ...plan.notes.flatMap((n) => n.sources), ...plan.events.flatMap((e) => e.sources), ...plan.documents.map((d) => d.source)]);
      expect(new Set(plan.sources.map((s) => s.tag)), slug).toEqual(cited);
    }
    expectProblem(await t.app.inject({ url: '/api/planning/plans/no-such-plan' }), 404);
    expectProblem(await t.app.inject({ url: '/api/planning/plans/..%2Fsecret' }), 400);
  });
});

describe('the seed', () => {
  it('has a source for every tag it cites, each with an address, a title and a kind', () => {
    for (const [tag, source] of Object.entries(PLANNING_SOURCES)) {
      expect(source.url, tag).toMatch(/^https?:\/\//);
      expect(source.title.length, tag).toBeGreaterThan(0);
      expect(['primary', 'secondary', 'third_party']).toContain(source.kind);
    }
  });

  it('writes nothing when seeded again, and brings a changed fact back', async () => {
    const tables = ['planning_sources', 'planning_instruments', 'planning_correspondences', 'plans', 'plan_events', 'plan_documents'];
    // A row's xmin moves whenever it is written: the same xmins mean nothing was.
    const versions = async () => Promise.all(tables.map(async (table) => (await sql<{ v: string }>`select string_agg(xmin::text, ',' order by xmin::text) as v from ${sql.table(table)}`.execute(t.db.kysely)).rows[0].v));
    const before = await versions();
    const plan = await get<PlanDetail>('/api/planning/plans/harju-county-plan-2030');
    await seedPlanning(t.db.kysely);
    expect(await versions()).toEqual(before);
    expect(await get<PlanDetail>('/api/planning/plans/harju-county-plan-2030')).toEqual(plan);

    await t.db.kysely.updateTable('plan_events').set({ decision_ref: 'wrong' }).where('key', '=', 'harju-county-plan-2030#0').execute();
    await t.db.kysely.updateTable('planning_instruments').set({ approved_by: null }).where('slug', '=', 'fi-regional-plan').execute();
    await seedPlanning(t.db.kysely);
    expect((await get<PlanDetail>('/api/planning/plans/harju-county-plan-2030')).events[0].decisionRef).toBe('order no. 337');
    expect((await get<InstrumentDetail>('/api/planning/instruments/fi-regional-plan')).approvedBy).not.toBeNull();
  });
});

describe('the planning glossary', () => {
  it('lists the planning terms by prefix, one instrument per entry, never an FI and an EE term together', async () => {
    const page = await get<{ items: { key: string; terms: { fi: string[]; et: string[] } }[]; total: number }>('/api/glossary?prefix=planning:&limit=100');
    expect(page.total).toBe(14);
    expect(page.items.every((e) => e.key.startsWith('planning:'))).toBe(true);
    expect(page.items.filter((e) => e.terms.fi.length > 0 && e.terms.et.length > 0)).toEqual([]);
    const instruments = await get<InstrumentList>('/api/planning/instruments');
    expect(new Set(instruments.items.map((i) => i.glossaryEntryId)).size).toBe(instruments.items.length);
    expectProblem(await t.app.inject({ url: '/api/glossary?prefix=planning' }), 400);
  });
});
