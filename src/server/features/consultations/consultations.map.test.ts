import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, CommentList, ConsultationDetail } from '../../../shared/schemas/consultations.ts';
import { expectProblem as expectProblemBody, expectStatus, loginAs, startTestApp, type InjectOptions, type Session, type TestApp } from '../../test/harness.ts';
import { createConsultation } from './consultations.fixture.ts';

/** Map comments (issue 19 §5): a place is taken as the consultation's map tools allow, checked before anything is written, and filtered by a viewport. */

const expectProblem = (response: Parameters<typeof expectProblemBody>[0], status: number) =>
  expectProblemBody(response, status) as ReturnType<typeof expectProblemBody> & { code: string; errors?: { path: string; code: string; params?: Record<string, unknown> }[] };

let t: TestApp;
let editor: Session;
let addresses = 0;


const point = (lon: number, lat: number) => ({ type: 'Point', coordinates: [lon, lat] });
const box = (w: number, s: number, e: number, n: number) => ({ type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] });
const HELSINKI = point(24.9384, 60.1699);
const TALLINN = point(24.7536, 59.437);
/** In the gulf between the two capitals (the fixed-link corridor): inside the region. */
const GULF = box(24.8, 59.7, 25.0, 59.9);
const TURKU = point(22.2666, 60.4518);
const STOCKHOLM = point(18.0686, 59.3293);
const BOW_TIE = { type: 'Polygon', coordinates: [[[24.8, 59.7], [25.0, 59.9], [25.0, 59.7], [24.8, 59.9], [24.8, 59.7]]] };

const create = (mapTools: string) =>
  createConsultation(t, editor, { title: { en: 'Fixed link corridor' }, mapTools, sections: [{ kind: 'main', title: { en: 'Route' } }, { kind: 'part', title: { en: 'Stations' } }] });

/** Each comment from its own address, so that flood control stays out of these tests. */
const comment = (c: ConsultationDetail, payload: Record<string, unknown>, section = 0) =>
  t.app.inject({ method: 'POST', url: `/api/consultations/${c.id}/comments`, payload: { sectionId: c.sections[section].id, language: 'en', body: 'Here', ...payload }, remoteAddress: `192.0.2.${++addresses % 250}` } as InjectOptions);

const rows = async () => Number((await t.db.kysely.selectFrom('consultation_comments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const list = async (c: ConsultationDetail, query: string) => expectStatus(await t.app.inject({ url: `/api/consultations/${c.id}/comments?${query}` }), 200).json() as CommentList;

beforeAll(async () => {
  t = await startTestApp();
  editor = (await loginAs(t, 'editor')).session;
});
afterAll(() => t?.close());

describe('consultations: places on the map', () => {
  it('stores a point in Helsinki and an area in the gulf with their boxes, and answers them exactly', async () => {
    const c = await create('point_and_area');
    expect(c.mapTools).toBe('point_and_area');
    const pin = expectStatus(await comment(c, { geometry: HELSINKI }), 201).json() as Comment;
    expect(pin.geometry).toEqual(HELSINKI);
    const area = expectStatus(await comment(c, { geometry: GULF }), 201).json() as Comment;
    expect(area.geometry).toEqual(GULF);
    const plain = expectStatus(await comment(c, {}), 201).json() as Comment;
    expect(plain.geometry).toBeNull();
    const stored = await t.db.kysely.selectFrom('consultation_comments').select(['id', 'min_lon', 'min_lat', 'max_lon', 'max_lat']).where('consultation_id', '=', c.id).orderBy('created_at').execute();
    expect(stored.map(({ id: _id, ...b }) => b)).toEqual([
      { min_lon: 24.9384, min_lat: 60.1699, max_lon: 24.9384, max_lat: 60.1699 },
      { min_lon: 24.8, min_lat: 59.7, max_lon: 25.0, max_lat: 59.9 },
      { min_lon: null, min_lat: null, max_lon: null, max_lat: null },
    ]);
    const all = await list(c, `section=${c.sections[0].id}&sort=date`);
    expect(all.items.map((i) => i.geometry)).toEqual([HELSINKI, GULF, null]);
  });

  it('refuses a place outside the region (422), an invalid one (400 with its reason) and one the map tools do not take, writing nothing', async () => {
    const c = await create('point_and_area');
    const before = await rows();
    for (const place of [TURKU, STOCKHOLM, box(17.5, 59.0, 18.5, 59.6)]) {
      const problem = expectProblem(await comment(c, { geometry: place }), 422);
      expect(problem.code).toBe('outside-region');
      expect(problem.errors).toEqual([expect.objectContaining({ path: 'body/geometry', code: 'outside-region' })]);
    }
    const invalid: [unknown, string][] = [
      [BOW_TIE, 'self-intersection'],
      [point(24.9, 95), 'out-of-range'],
      [{ type: 'Point', coordinates: [null, 60] }, 'not-a-geometry'],
      [{ type: 'Point', coordinates: ['24.9', '60.1'] }, 'not-a-geometry'],
      [{ type: 'Polygon', coordinates: [[[24.8, 59.7], [25.0, 59.7], [25.0, 59.9], [24.8, 59.9]]] }, 'not-closed'],
    ];
    for (const [place, reason] of invalid) {
      const problem = expectProblem(await comment(c, { geometry: place }), 400);
      expect(problem.errors).toEqual([expect.objectContaining({ path: 'body/geometry', code: 'geometry-invalid', params: { reason } })]);
    }
    // A raw NaN is not JSON at all.
    const nan = await t.app.inject({ method: 'POST', url: `/api/consultations/${c.id}/comments`, headers: { 'content-type': 'application/json' }, payload: `{"sectionId":"${c.sections[0].id}","language":"en","body":"x","geometry":{"type":"Point","coordinates":[NaN,60]}}`, remoteAddress: '192.0.2.251' } as InjectOptions);
    expectProblem(nan, 400);

    const pointsOnly = await create('point');
    expectStatus(await comment(pointsOnly, { geometry: TALLINN }), 201);
    const afterPoint = await rows();
    const area = expectProblem(await comment(pointsOnly, { geometry: GULF }), 400);
    expect(area.errors).toEqual([expect.objectContaining({ path: 'body/geometry', code: 'points-only' })]);
    const none = await create('none');
    const noPlace = expectProblem(await comment(none, { geometry: HELSINKI }), 400);
    expect(noPlace.errors).toEqual([expect.objectContaining({ path: 'body/geometry', code: 'no-map-places' })]);
    // A reply has no place of its own.
    const parent = expectStatus(await comment(c, {}), 201).json() as Comment;
    const afterParent = await rows();
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/consultations/${c.id}/comments/${parent.id}/replies`, payload: { language: 'en', body: 'Re', geometry: HELSINKI }, remoteAddress: '192.0.2.252' } as InjectOptions), 400);
    expect(await rows()).toBe(afterParent);
    expect(afterPoint).toBe(before + 1);
    expect(afterParent).toBe(afterPoint + 1);
  });

  it('filters by a viewport: exactly the comments whose box meets it, and by having a place at all', async () => {
    const c = await create('point_and_area');
    const post = async (geometry?: unknown, section = 0) => (expectStatus(await comment(c, geometry ? { geometry } : {}, section), 201).json() as Comment).id;
    const helsinki = await post(HELSINKI);
    const tallinn = await post(TALLINN);
    const gulf = await post(GULF);
    const espoo = await post(point(24.6522, 60.2055));
    const plain = await post();
    const otherSection = await post(point(24.94, 60.17), 1);
    const section = `section=${c.sections[0].id}&sort=date`;
    const ids = async (query: string) => {
      const page = await list(c, query);
      expect(page.total).toBe(page.items.length);
      return page.items.map((i) => i.id);
    };
    // Around Helsinki: the city's point, not Espoo west of the box, not the gulf south of it.
    expect(await ids(`${section}&bbox=24.85,60.1,25.1,60.3`)).toEqual([helsinki]);
    // A box that cuts only the gulf area's corner finds it (boxes meet), not the points.
    expect(await ids(`${section}&bbox=24.95,59.85,25.2,59.95`)).toEqual([gulf]);
    // Touching the edge counts.
    expect(await ids(`${section}&bbox=25.0,59.5,25.3,59.7`)).toEqual([gulf]);
    expect(await ids(`${section}&bbox=24.5,59.3,25.2,60.3`)).toEqual([helsinki, tallinn, gulf, espoo]);
    expect(await ids(`${section}&mapped=true`)).toEqual([helsinki, tallinn, gulf, espoo]);
    expect(await ids(`sort=date&mapped=true`)).toEqual([helsinki, tallinn, gulf, espoo, otherSection]);
    expect((await list(c, section)).items.map((i) => i.id)).toEqual([helsinki, tallinn, gulf, espoo, plain]);
    expect(await ids(`${section}&bbox=20,50,21,51`)).toEqual([]);
  });

  it('refuses a malformed viewport naming querystring/bbox', async () => {
    const c = await create('point');
    for (const bbox of ['1,2,3', '1,2,3,4,5', 'a,b,c,d', '25,59,24,60', '24,60,25,59', '24,,25,60', '-181,59,25,60', '24,59,25,91', 'Infinity,59,25,60', '1e400,59,25,60', ' , , , ']) {
      const problem = expectProblem(await t.app.inject({ url: `/api/consultations/${c.id}/comments?bbox=${encodeURIComponent(bbox)}` }), 400);
      expect(problem.errors, bbox).toEqual([expect.objectContaining({ path: 'querystring/bbox', code: 'bbox-invalid' })]);
    }
  });

  it('keeps the database to the region: a box outside the region is refused by the table itself', async () => {
    const c = await create('point');
    const values = { consultation_id: c.id, section_id: c.sections[0].id, body: 'x', language: 'en' as const, respondent_key: 'k', side: 'unknown' as const, state: 'published' as const, geometry: JSON.stringify(TURKU), min_lon: 22.2666, min_lat: 60.4518, max_lon: 22.2666, max_lat: 60.4518 };
    await expect(t.db.kysely.insertInto('consultation_comments').values(values).execute()).rejects.toThrow(/consultation_comments_bbox_in_region/);
  });
});
