import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollUp, type ActionState } from '../../../shared/actions.ts';
import type { ActionDetail } from '../../../shared/schemas/actions.ts';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { loadDemo } from '../demo/demo.service.ts';
import { DEMO_RECOMMENDATIONS } from '../recommendations/recommendations.demo-data.ts';
import { DEMO_ACTIONS } from './actions.demo-data.ts';

let t: TestApp;
let details: ActionDetail[];
let loadedAt: Date;
beforeAll(async () => {
  t = await startTestApp();
  loadedAt = new Date();
  await loadDemo(t.db.kysely);
  const rows = await t.db.kysely.selectFrom('actions').select('ref').orderBy('ref').execute();
  details = [];
  for (const row of rows) details.push((await t.app.inject({ url: `/api/actions/${row.ref}` })).json() as ActionDetail);
}, 120_000);
afterAll(() => t?.close());

const byTitle = (en: string) => details.find((d) => d.title.en === en)!;

describe('the demo action plan', () => {
  it('holds 30–60 demo actions, each as the demo data gives it (state, period, parent)', () => {
    expect(details.length).toBe(DEMO_ACTIONS.length);
    expect(details.length).toBeGreaterThanOrEqual(30);
    expect(details.length).toBeLessThanOrEqual(60);
    expect(details.every((d) => d.isDemo)).toBe(true);
    for (const item of DEMO_ACTIONS) {
      const action = byTitle(item.title.en);
      expect(action, item.key).toBeDefined();
      expect({ state: action.state, startsOn: action.startsOn, endsOn: action.endsOn, body: action.body?.slug }, item.key).toEqual({ state: item.state, startsOn: item.startsOn, endsOn: item.endsOn, body: item.body });
      const parent = item.parent ? DEMO_ACTIONS.find((p) => p.key === item.parent)!.title.en : undefined;
      expect(action.ancestors.at(-1)?.title.en, item.key).toBe(parent);
      if (item.state === 'dropped') expect(action.dropReason).toBe(item.dropReason);
    }
  });

  it('keeps every rule of the plan: RACI, periods, milestones, roll-up, dependencies across branches, states against dates', () => {
    const ids = new Map(details.map((d) => [d.id, d]));
    const lineage = (d: ActionDetail) => new Set([...d.ancestors.map((a) => a.id)]);
    for (const d of details) {
      const slugs = d.raci.map((r) => r.institution.id);
      expect(new Set(slugs).size, d.ref).toBe(slugs.length);
      expect(d.raci.filter((r) => r.role === 'A'), d.ref).toHaveLength(1);
      expect(d.raci.some((r) => r.role === 'R'), d.ref).toBe(true);
      expect(d.endsOn >= d.startsOn).toBe(true);
      for (const child of d.children) expect(child.startsOn >= d.startsOn && child.endsOn <= d.endsOn, `${child.ref} within ${d.ref}`).toBe(true);
      for (const m of d.milestones) expect(m.dueOn >= d.startsOn && m.dueOn <= d.endsOn, `${d.ref} milestone ${m.dueOn}`).toBe(true);
      if (d.children.length) {
        expect(d.progress, `${d.ref} rolled up`).toBe(rollUp(d.children.map((c) => ({ progress: c.progress, weight: c.weight, state: c.state as ActionState }))));
      }
      for (const p of d.dependencies.predecessors) {
        const predecessor = ids.get(p.id)!;
        expect(lineage(d).has(p.id) || lineage(predecessor).has(d.id), `${d.ref} after ${p.ref}`).toBe(false);
        expect(p.endsOn < d.startsOn, `${d.ref} starts after ${p.ref} ends`).toBe(true);
      }
      const day = (iso: string) => iso.slice(0, 10);
      const changes = d.timeline.filter((e) => e.kind === 'state');
      if (d.state === 'planned') expect(changes, d.ref).toEqual([]);
      else expect(day(changes[0]!.at), `${d.ref} started`).toBe(d.startsOn);
      if (d.state === 'done') {
        expect(d.progress).toBe(100);
        expect(d.milestones.every((m) => m.doneOn !== null)).toBe(true);
        expect(day(changes.at(-1)!.at) <= d.endsOn).toBe(true);
      }
      if (d.state === 'delayed') expect(d.milestones.some((m) => m.overdue) || d.overdue, d.ref).toBe(true);
      // Dated as it happened: no event stamped at load time, none in the future.
      for (const event of d.timeline) expect(new Date(event.at).getTime(), `${d.ref} ${event.kind}`).toBeLessThan(loadedAt.getTime() - 86_400_000);
      expect(d.timeline[0]!.kind).toBe('created');
      for (const m of d.milestones.filter((m) => m.doneOn)) {
        expect(d.timeline.some((e) => e.kind === 'milestone_met' && e.milestoneId === m.id && day(e.at) === m.doneOn), `${d.ref} met ${m.doneOn}`).toBe(true);
      }
    }
  });

  it('links every recommendation and bottleneck the demo data names, and every recommendation in the plan or implemented has an action', () => {
    for (const item of DEMO_ACTIONS) {
      const action = byTitle(item.title.en);
      expect(action.recommendations.map((r) => r.title.en).sort(), item.key).toEqual(
        (item.recommendations ?? []).map((start) => DEMO_RECOMMENDATIONS.find((r) => r.title.en.startsWith(start))!.title.en).sort(),
      );
      expect(action.bottlenecks, item.key).toHaveLength(item.bottlenecks?.length ?? 0);
      expect(action.dependencies.predecessors.map((p) => p.title.en).sort(), item.key).toEqual((item.dependsOn ?? []).map((key) => DEMO_ACTIONS.find((a) => a.key === key)!.title.en).sort());
      expect(action.lessons.map((l) => l.ref), item.key).toEqual([...(item.lessons ?? [])].sort());
    }
    const inPlan = DEMO_RECOMMENDATIONS.filter((r) => ['in_action_plan', 'implemented'].includes(r.path.at(-1) ?? 'proposed'));
    expect(inPlan.length).toBeGreaterThan(0);
    for (const recommendation of inPlan) {
      expect(details.some((d) => d.recommendations.some((r) => r.title.en === recommendation.title.en)), recommendation.title.en).toBe(true);
    }
  });

  it('cites real lessons of the benchmark regions from a few demo actions and recommendations, and only demo items cite them', async () => {
    expect(details.filter((d) => d.lessons.length).length).toBeGreaterThanOrEqual(3);
    const lessons = (await t.app.inject({ url: '/api/regions/lessons?limit=100' })).json().items as { ref: string; seeded: boolean; citedBy: { type: string; ref: string }[] }[];
    const cited = lessons.filter((l) => l.citedBy.length);
    expect(cited.every((l) => l.seeded)).toBe(true);
    const citing = cited.flatMap((l) => l.citedBy);
    expect(citing.some((c) => c.type === 'recommendation')).toBe(true);
    for (const c of citing) {
      const item = (await t.app.inject({ url: `/api/${c.type === 'action' ? 'actions' : 'recommendations'}/${c.ref}` })).json();
      expect(item.isDemo, c.ref).toBe(true);
    }
  });
});
