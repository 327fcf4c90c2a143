import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommentList, ConsultationDetail, ConsultationList, SurveyResults } from '../../../shared/schemas/consultations.ts';
import { expectStatus, startTestApp, type TestApp } from '../../test/harness.ts';
import { loadDemo } from '../demo/demo.service.ts';
import { DEMO_CONSULTATIONS } from './consultations.demo-data.ts';
import { checkCommentGeometry } from '../../../shared/commentGeometry.ts';
import { demoPlaces, generateAnswers, generateComments } from './consultations.demo.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await loadDemo(t.db.kysely);
});
afterAll(() => t?.close());

describe('the demo consultations', () => {
  it('are generated the same on every load', () => {
    for (const item of DEMO_CONSULTATIONS) expect(generateComments(item)).toEqual(generateComments(item));
  });

  it('hold one open and one closed consultation, labelled demo, with comments in several languages and sides and no names', async () => {
    const all = expectStatus(await t.app.inject({ url: '/api/consultations' }), 200).json() as ConsultationList;
    expect(all.items.map((c) => [c.slug, c.state, c.isDemo])).toEqual([
      ['demo-twin-region-draft', 'open', true],
      ['demo-commuting-rules', 'closed', true],
    ]);
    const [open, closed] = all.items;
    expect(open.sectionCount).toBeGreaterThanOrEqual(3);
    expect(open.sectionCount).toBeLessThanOrEqual(4);
    expect(open.counts.comments + open.counts.replies).toBeGreaterThanOrEqual(24);
    expect(closed.counts.comments + closed.counts.replies).toBeGreaterThanOrEqual(200);
    const rows = await t.db.kysely.selectFrom('consultation_comments').select(['language', 'side', 'author_name', 'user_id', 'created_at']).execute();
    expect(new Set(rows.map((r) => r.language))).toEqual(new Set(['fi', 'et', 'en', 'sv', 'ru']));
    expect(new Set(rows.map((r) => r.side)).size).toBe(5);
    expect(rows.every((r) => r.author_name === null && r.user_id === null && r.created_at.getTime() < Date.now())).toBe(true);
    const detail = expectStatus(await t.app.inject({ url: `/api/consultations/${open.slug}` }), 200).json() as ConsultationDetail;
    expect(detail.sections[0].body?.en).toContain('demo content');
  });

  it('keeps its counts and supports consistent with the comments', async () => {
    const published = await t.db.kysely
      .selectFrom('consultation_comments')
      .select(['section_id', 'language', 'side', sql<number>`count(*) filter (where parent_id is null)`.as('n'), sql<number>`count(*) filter (where parent_id is not null)`.as('replies')])
      .where('state', '=', 'published')
      .groupBy(['section_id', 'language', 'side'])
      .execute();
    const counts = await t.db.kysely.selectFrom('consultation_comment_counts').selectAll().execute();
    const key = (r: { section_id: string; language: string; side: string }) => `${r.section_id}|${r.language}|${r.side}`;
    expect(new Map(counts.map((c) => [key(c), [Number(c.n), Number(c.replies)]]))).toEqual(new Map(published.map((c) => [key(c), [Number(c.n), Number(c.replies)]])));
    const supports = await t.db.kysely
      .selectFrom('consultation_comments as c')
      .leftJoin('consultation_supports as s', 's.comment_id', 'c.id')
      .select(['c.id', 'c.support_count', sql<number>`count(s.voter_key)`.as('n')])
      .groupBy(['c.id', 'c.support_count'])
      .execute();
    expect(supports.every((r) => Number(r.n) === r.support_count)).toBe(true);
    // The open one is moderated first: its waiting comments are in the queue, not in public.
    const open = DEMO_CONSULTATIONS[0];
    const page = expectStatus(await t.app.inject({ url: `/api/consultations/${open.slug}/comments?limit=100` }), 200).json() as CommentList;
    expect(page.items.every((c) => c.state === 'published')).toBe(true);
  });

  it('gives some comments places inside the twin region, the same on every load, and shows them on the map', async () => {
    for (const item of DEMO_CONSULTATIONS) expect(demoPlaces(item, generateComments(item))).toEqual(demoPlaces(item, generateComments(item)));
    const all = expectStatus(await t.app.inject({ url: '/api/consultations' }), 200).json() as ConsultationList;
    expect(all.items.map((c) => c.mapTools)).toEqual(['point_and_area', 'point']);
    for (const c of all.items) {
      const mapped = expectStatus(await t.app.inject({ url: `/api/consultations/${c.slug}/comments?mapped=true&limit=100` }), 200).json() as CommentList;
      expect(mapped.total).toBeGreaterThanOrEqual(3);
      for (const comment of mapped.items) expect(checkCommentGeometry(comment.geometry).ok).toBe(true);
      if (c.mapTools === 'point') expect(mapped.items.every((i) => i.geometry?.type === 'Point')).toBe(true);
    }
    const places = await t.db.kysely.selectFrom('consultation_comments').select(['geometry', 'parent_id']).where('geometry', 'is not', null).execute();
    expect(places.every((p) => p.parent_id === null)).toBe(true);
    expect(new Set(places.map((p) => (p.geometry as { type: string }).type))).toEqual(new Set(['Point', 'Polygon']));
  });

  it('puts a short survey on each first section with the same answers on every load; the closed one shows its results', async () => {
    for (const item of DEMO_CONSULTATIONS) expect(generateAnswers(item, generateComments(item))).toEqual(generateAnswers(item, generateComments(item)));
    const closedItem = DEMO_CONSULTATIONS[1];
    const generated = generateAnswers(closedItem, generateComments(closedItem));
    const closed = expectStatus(await t.app.inject({ url: `/api/consultations/${closedItem.slug}` }), 200).json() as ConsultationDetail;
    expect(closed.sections[0].questions.map((q) => [q.kind, q.answered])).toEqual([['single', true], ['multiple', true], ['scale', true]]);
    const results = expectStatus(await t.app.inject({ url: `/api/consultations/${closed.id}/sections/${closed.sections[0].id}/results` }), 200).json() as SurveyResults;
    const [single, multiple, scale] = results.questions;
    expect(single.answers.total).toBe(generated.filter((a) => a.question === 0).length);
    expect(single.answers.total).toBeGreaterThanOrEqual(50);
    // Everyone answered the required one with one option; the sides add up.
    expect(single.values.reduce((sum, v) => sum + v.total, 0)).toBe(single.answers.total);
    expect(Object.values(single.answers.bySide).reduce((a, b) => a + b, 0)).toBe(single.answers.total);
    expect(Object.values(single.answers.bySide).filter((n) => n > 0).length).toBeGreaterThanOrEqual(4);
    expect(multiple.values.reduce((sum, v) => sum + v.total, 0)).toBeGreaterThan(multiple.answers.total);
    expect(scale.values.map((v) => v.value)).toEqual(['1', '2', '3', '4', '5']);
    expect(scale.values.reduce((sum, v) => sum + v.total, 0)).toBe(scale.answers.total);
    // The open one keeps its results from the public until it closes.
    const open = DEMO_CONSULTATIONS[0];
    const openDetail = expectStatus(await t.app.inject({ url: `/api/consultations/${open.slug}` }), 200).json() as ConsultationDetail;
    expect(expectStatus(await t.app.inject({ url: `/api/consultations/${openDetail.id}/sections/${openDetail.sections[0].id}/results` }), 409).json().code).toBe('not-closed');
  });
});
