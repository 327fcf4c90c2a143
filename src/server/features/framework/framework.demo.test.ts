import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VersionDetail, VersionDiff, VersionList } from '../../../shared/schemas/framework.ts';
import type { PlanDetail } from '../../../shared/schemas/planning.ts';
import { expectStatus, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';
import { loadDemo } from '../demo/demo.service.ts';
import { DEMO_GOALS } from './framework.demo.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await loadDemo(t.db.kysely);
});
afterAll(() => t?.close());

const get = async <T>(url: string, headers?: Record<string, string>) => expectStatus(await t.app.inject({ url, headers }), 200).json() as T;

describe('the demo framework', () => {
  it('is version 1, adopted by both regions\' MoU bodies with DEMO decisions, labelled demo, with 4 goals, 12 objectives and targets on the demo indicators and actions', async () => {
    const current = await get<VersionDetail>('/api/framework');
    expect([current.number, current.state, current.demo]).toEqual([1, 'adopted', true]);
    expect(current.adoptions.map((a) => [a.region, a.institution.slug, a.decisionRef])).toEqual([
      ['FI1B1', 'uudenmaan-liitto', 'DEMO-UL-2026-01'],
      ['EE001', 'harjumaa-omavalitsuste-liit', 'DEMO-HOL-2026-04'],
    ]);
    const kinds = (kind: string) => current.nodes.filter((n) => n.kind === kind);
    expect([kinds('vision').length, kinds('goal').length, kinds('objective').length, kinds('target').length]).toEqual([1, 4, 12, 7]);
    expect(DEMO_GOALS.length).toBe(4);
    // Every text is demo and says so: the vision, and each target's title.
    expect(kinds('vision')[0].body.en).toMatch(/^Demo vision: /);
    for (const target of kinds('target')) {
      expect(target.title.en).toMatch(/\(demo target\)$/);
      expect(target.target!.latest).not.toBeNull();
      expect(target.target!.progress).not.toBeNull();
    }
    expect(kinds('target').flatMap((n) => n.target!.actions).length).toBeGreaterThanOrEqual(8);
    // The goals' roll-ups are the mean of their targets' progress.
    const g1 = current.nodes.find((n) => n.ref === 'G1')!;
    const g1Targets = ['T1.1.1', 'T1.1.2', 'T1.2.1', 'T1.3.1'].map((ref) => current.nodes.find((n) => n.ref === ref)!.target!.progress!);
    expect(g1.rollup).toMatchObject({ counted: 4, targets: 4 });
    expect(g1.rollup!.progress).toBeCloseTo(g1Targets.reduce((a, b) => a + b, 0) / 4, 12);
  });

  it('has a draft version 2 made from it whose changes the diff shows, to staff only', async () => {
    expect((await get<VersionList>('/api/framework/versions')).items.map((v) => v.number)).toEqual([1]);
    const { session } = await loginAs(t, 'editor');
    const list = await get<VersionList>('/api/framework/versions', session.headers);
    expect(list.items.map((v) => [v.number, v.state, v.basedOn, v.demo])).toEqual([[2, 'draft', 1, true], [1, 'adopted', null, true]]);
    const diff = await get<VersionDiff>('/api/framework/versions/1/diff/2', session.headers);
    const types = diff.changes.map((c) => `${c.type} ${c.ref}${c.field ? ` ${c.field}` : ''}${c.lang ? ` ${c.lang}` : ''}`);
    expect(types).toEqual(expect.arrayContaining(['text G1 title en', 'text G1 title fi', 'text G1 title et', 'moved O2.3', 'reordered O4.2', 'value T3.1.2 target', 'added O2.4', 'removed O4.3']));
  });

  it('ties the real plans to the demo objectives they would serve, each link labelled demo', async () => {
    const plan = await get<PlanDetail>('/api/planning/plans/helsinki-tallinn-fixed-link');
    expect(plan.objectives.map((o) => [o.ref, o.versionNumber, o.versionState, o.isDemo])).toEqual([['O1.1', 1, 'adopted', true], ['O1.2', 1, 'adopted', true]]);
    for (const slug of ['uusimaa-2050', 'harju-county-plan-2030', 'helsinki-city-plan-2016', 'tallinn-comprehensive-plan']) {
      expect((await get<PlanDetail>(`/api/planning/plans/${slug}`)).objectives.map((o) => o.ref)).toContain('O3.1');
    }
  });
});
