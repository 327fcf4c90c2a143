import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, expectProblem, expectStatus, login, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';

/**
 * Lessons learned in the benchmark regions, cited from actions and recommendations: set by
 * reference or id on create and change, refused whole when one is unknown (the field named), shown
 * on the citing item's detail, and answered on the lesson's side as "cited by".
 */

let t: TestApp;
let editor: Session;
let kela: string;
let ska: string;
const lessonId: Record<string, string> = {};

type Problem = { code: string; errors?: { path: string; code: string }[] };
type Lesson = { id: string; ref: string; regionSlug: string; regionName: Record<string, string>; themes: string[]; text: Record<string, string>; citedBy: { type: string; ref: string; id: string; state: string; title: Record<string, string> }[] };

const post = (url: string, payload: object, session = editor) => t.app.inject({ method: 'POST', url, headers: session.headers, payload });
const patch = (url: string, payload: object, session = editor) => t.app.inject({ method: 'PATCH', url, headers: session.headers, payload });
const action = (over: Record<string, unknown> = {}) => ({ title: { en: 'A joint tax desk at the terminal' }, domain: 'legal', startsOn: '2027-01-01', endsOn: '2027-12-31', raci: [{ institutionId: kela, role: 'A' }, { institutionId: ska, role: 'R' }], ...over });
const recommendation = (over: Record<string, unknown> = {}) => ({ title: { en: 'Open a joint advice point' }, rationale: { en: 'People moving meet two sets of offices.' }, addressees: [kela], changeKind: 'cooperation', priority: 'medium', effort: 'medium', ...over });
const lesson = async (ref: string) => (expectStatus(await t.app.inject({ url: `/api/regions/lessons?q=${ref}&limit=100` }), 200).json().items as Lesson[]).find((l) => l.ref === ref)!;
const counts = async () => (await sql<Record<string, number>>`select (select count(*)::int from actions) a, (select count(*)::int from action_lessons) al, (select count(*)::int from recommendations) r, (select count(*)::int from recommendation_lessons) rl, (select count(*)::int from audit_log) au`.execute(t.db.kysely)).rows[0];

/** Refused with 400 naming `path` as an unknown lesson, and nothing written. */
async function refused(request: () => ReturnType<typeof post>, path: string) {
  const before = await counts();
  const problem = expectProblem(await request(), 400) as unknown as Problem;
  expect(problem.errors?.map((e) => `${e.path} ${e.code}`)).toContain(`${path} unknown-lesson`);
  expect(await counts()).toEqual(before);
}

beforeAll(async () => {
  t = await startTestApp();
  editor = (await loginAs(t, 'editor')).session;
  const id = async (slug: string) => expectStatus(await t.app.inject({ url: `/api/institutions/${slug}` }), 200).json().id as string;
  [kela, ska] = await Promise.all([id('kela'), id('sotsiaalkindlustusamet')]);
  for (const ref of ['LS-0008', 'LS-0012', 'LS-0002']) lessonId[ref] = (await lesson(ref)).id;
});
afterAll(() => t?.close());

describe('lessons cited from actions', () => {
  it('refuses an unknown lesson naming it, and writes nothing', async () => {
    await refused(() => post('/api/actions', action({ lessons: ['LS-9999'] })), 'body/lessons/0');
    await refused(() => post('/api/actions', action({ lessons: ['LS-0008', '00000000-0000-4000-8000-000000000000'] })), 'body/lessons/1');
    const created = expectStatus(await post('/api/actions', action()), 201).json();
    await refused(() => patch(`/api/actions/${created.ref}`, { lessons: ['LS-0008', 'nothing'] }), 'body/lessons/1');
    expect(expectStatus(await t.app.inject({ url: `/api/actions/${created.ref}` }), 200).json().lessons).toEqual([]);
  });

  it('takes lessons by reference or id, lists them on the action, and the lesson lists the action', async () => {
    const created = expectStatus(await post('/api/actions', action({ lessons: ['ls-0012', lessonId['LS-0008']] })), 201).json();
    expect(created.lessons.map((l: Lesson) => l.ref)).toEqual(['LS-0008', 'LS-0012']);
    const [vat] = created.lessons as Lesson[];
    expect(vat).toMatchObject({ id: lessonId['LS-0008'], regionSlug: 'tornio-haparanda', themes: ['legal'] });
    expect(vat.regionName.en).toBeTruthy();
    expect(vat.text.en).toContain('Travel Centre');

    const cited = await lesson('LS-0008');
    expect(cited.citedBy).toContainEqual({ type: 'action', id: created.id, ref: created.ref, title: { en: 'A joint tax desk at the terminal' }, state: 'planned' });
    // On the region's page too.
    const region = expectStatus(await t.app.inject({ url: `/api/regions/${vat.regionSlug}` }), 200).json();
    expect(region.lessons.find((l: Lesson) => l.ref === 'LS-0008').citedBy.map((c: { ref: string }) => c.ref)).toContain(created.ref);

    // A change replaces the set; an empty list clears it, and the lesson forgets the action.
    const changed = expectStatus(await patch(`/api/actions/${created.ref}`, { lessons: ['LS-0002'] }), 200).json();
    expect(changed.lessons.map((l: Lesson) => l.ref)).toEqual(['LS-0002']);
    expect((await lesson('LS-0008')).citedBy.map((c) => c.ref)).not.toContain(created.ref);
    expect((await lesson('LS-0002')).citedBy.map((c) => c.ref)).toContain(created.ref);
    expect(expectStatus(await patch(`/api/actions/${created.ref}`, { title: { en: 'Renamed' } }), 200).json().lessons.map((l: Lesson) => l.ref)).toEqual(['LS-0002']);
    expect(expectStatus(await patch(`/api/actions/${created.ref}`, { lessons: [] }), 200).json().lessons).toEqual([]);
    expect((await lesson('LS-0002')).citedBy.map((c) => c.ref)).not.toContain(created.ref);
  });

  it('leaves the lessons to editors: a reporting service owner may not change them', async () => {
    const created = expectStatus(await post('/api/actions', action()), 201).json();
    const owner = await createUser(t.db, 'service_owner');
    await t.db.kysely.updateTable('users').set({ institution_id: kela }).where('id', '=', owner.id).execute();
    const problem = expectProblem(await patch(`/api/actions/${created.ref}`, { lessons: ['LS-0008'] }, await login(t.app, owner.email)), 403) as unknown as Problem;
    expect(problem.code).toBe('change-not-permitted');
  });
});

describe('lessons cited from recommendations', () => {
  it('refuses an unknown lesson naming it, and writes nothing', async () => {
    await refused(() => post('/api/recommendations', recommendation({ lessons: ['LS-0000'] })), 'body/lessons/0');
    const created = expectStatus(await post('/api/recommendations', recommendation()), 201).json();
    await refused(() => patch(`/api/recommendations/${created.ref}`, { lessons: ['LS-0012', 'LS-12345'] }), 'body/lessons/1');
  });

  it('lists them on the recommendation, and the lesson lists the recommendation after the actions', async () => {
    const created = expectStatus(await post('/api/recommendations', recommendation({ lessons: ['LS-0012'] })), 201).json();
    const read = expectStatus(await t.app.inject({ url: `/api/recommendations/${created.ref}` }), 200).json();
    expect(read.lessons.map((l: Lesson) => l.ref)).toEqual(['LS-0012']);
    const citingAction = expectStatus(await post('/api/actions', action({ lessons: ['LS-0012'] })), 201).json();
    const cited = await lesson('LS-0012');
    expect(cited.citedBy.map((c) => `${c.type} ${c.ref}`)).toEqual([`action ${citingAction.ref}`, `recommendation ${created.ref}`]);
    expect(cited.citedBy[1]).toMatchObject({ id: created.id, state: 'proposed', title: { en: 'Open a joint advice point' } });

    expectStatus(await patch(`/api/recommendations/${created.ref}`, { lessons: [] }), 200);
    expect(expectStatus(await t.app.inject({ url: `/api/recommendations/${created.ref}` }), 200).json().lessons).toEqual([]);
  });
});

describe('a cited lesson', () => {
  it('cannot be removed while something cites it', async () => {
    const region = expectStatus(await t.app.inject({ url: '/api/regions/tornio-haparanda' }), 200).json();
    const added = expectStatus(await post(`/api/regions/${region.slug}/lessons`, { text: { en: 'An editor’s lesson' }, themes: ['legal'], sourceIds: [region.sources[0].id] }), 201).json();
    const citing = expectStatus(await post('/api/actions', action({ lessons: [added.ref] })), 201).json();
    const problem = expectProblem(await t.app.inject({ method: 'DELETE', url: `/api/regions/${region.slug}/lessons/${added.id}`, headers: editor.headers }), 409) as unknown as Problem;
    expect(problem.code).toBe('lesson-cited');
    expect((await lesson(added.ref)).citedBy.map((c) => c.ref)).toEqual([citing.ref]);
    expectStatus(await patch(`/api/actions/${citing.ref}`, { lessons: [] }), 200);
    expectStatus(await t.app.inject({ method: 'DELETE', url: `/api/regions/${region.slug}/lessons/${added.id}`, headers: editor.headers }), 204);
  });
});
