import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, expectProblem, expectStatus, login, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let editor: Session;
let member: Session;
let kela: { id: string };
let ska: { id: string };
let hsl: { id: string };
let kelaOwner: Session;
let hslOwner: Session;
let body: { id: string };
let bottleneck: { id: string; ref: string };
let hidden: { id: string; ref: string };
let recommendation: { id: string; ref: string };

type Detail = Record<string, any> & { id: string; ref: string };

const institution = async (slug: string) => expectStatus(await t.app.inject({ url: `/api/institutions/${slug}` }), 200).json() as { id: string };
async function serviceOwner(institutionId: string) {
  const user = await createUser(t.db, 'service_owner');
  await t.db.kysely.updateTable('users').set({ institution_id: institutionId }).where('id', '=', user.id).executeTakeFirstOrThrow();
  return login(t.app, user.email);
}

const raci = () => [
  { institutionId: kela.id, role: 'A', lead: true },
  { institutionId: ska.id, role: 'R' },
];
const action = (over: Record<string, unknown> = {}) => ({
  title: { en: 'Exchange A1 certificate data monthly', fi: 'A1-todistusten tiedot kuukausittain' },
  domain: 'social_security',
  startsOn: '2026-01-01',
  endsOn: '2028-12-31',
  raci: raci(),
  ...over,
});

const create = async (over: Record<string, unknown> = {}) => expectStatus(await t.app.inject({ method: 'POST', url: '/api/actions', headers: editor.headers, payload: action(over) }), 201).json() as Detail;
const read = async (id: string, session?: Session) => expectStatus(await t.app.inject({ url: `/api/actions/${id}`, headers: session?.headers }), 200).json() as Detail;
const patch = (id: string, payload: object, session = editor) => t.app.inject({ method: 'PATCH', url: `/api/actions/${id}`, headers: session.headers, payload });
const refs = async (query: string) => expectStatus(await t.app.inject({ url: `/api/actions?limit=100&${query}` }), 200).json().items.map((a: { ref: string }) => a.ref);

/** Everything a refused write could have touched: the plan's tables, its versions, the audit log. */
async function snapshot() {
  const counts = await sql<Record<string, string>>`select
      (select count(*) from actions) a, (select count(*) from action_raci) r, (select count(*) from action_milestones) m,
      (select count(*) from action_dependencies) d, (select count(*) from action_events) e, (select count(*) from action_funding) f,
      (select count(*) from action_recommendations) ar, (select count(*) from action_bottlenecks) ab, (select count(*) from audit_log) au,
      (select version from action_plan_version) pv, (select version from link_graph_version) lv,
      (select coalesce(string_agg(ref || state || progress || starts_on || ends_on || coalesce(parent_id::text, '-'), ',' order by ref), '') from actions) rows,
      (select coalesce(string_agg(due_on::text || coalesce(done_on::text, '-'), ',' order by id), '') from action_milestones) ms,
      (select coalesce(string_agg(action_id::text || institution_id::text || role, ',' order by action_id, institution_id), '') from action_raci) rs`.execute(t.db.kysely);
  return counts.rows[0];
}

/** The request is refused with `status`, names `path` with `code`, and nothing is written. */
async function refusedUnchanged(request: () => Promise<import('light-my-request').Response>, status: number, path?: string, code?: string) {
  const before = await snapshot();
  const problem = expectProblem(await request(), status) as unknown as { code: string; params?: Record<string, unknown>; errors?: { path: string; code: string }[] };
  if (path) expect(problem.errors?.map((e) => `${e.path} ${e.code}`), JSON.stringify(problem)).toContain(`${path} ${code}`);
  expect(await snapshot()).toEqual(before);
  return problem;
}

beforeAll(async () => {
  t = await startTestApp();
  editor = (await loginAs(t, 'editor')).session;
  member = (await loginAs(t, 'member')).session;
  [kela, ska, hsl] = await Promise.all([institution('kela'), institution('sotsiaalkindlustusamet'), institution('hsl')]);
  [kelaOwner, hslOwner] = await Promise.all([serviceOwner(kela.id), serviceOwner(hsl.id)]);
  body = await t.db.kysely
    .insertInto('governance_bodies')
    .values({ slug: `social-wg-${Date.now()}`, name: JSON.stringify({ en: 'Social security working group' }), level: 'administrative', kind: 'working_group', cadence: 'quarterly' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const report = async (title: string) =>
    expectStatus(await t.app.inject({ method: 'POST', url: '/api/bottlenecks', remoteAddress: '198.51.100.201', payload: { title, description: 'Two offices wait for the same paper certificate while the family waits.', language: 'en', domain: 'social_security', countries: ['FI', 'EE'] } }), 201).json();
  bottleneck = await report('Benefit lost while the A1 certificate travels by post');
  expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${bottleneck.id}`, headers: editor.headers, payload: { status: 'published' } }), 200);
  hidden = await report('A report still waiting for moderation about certificates');
  recommendation = expectStatus(
    await t.app.inject({ method: 'POST', url: '/api/recommendations', headers: editor.headers, payload: { title: { en: 'Exchange A1 data' }, rationale: { en: 'Families lose benefits.' }, addressees: [kela.id, ska.id], changeKind: 'administrative', priority: 'high', effort: 'medium' } }),
    201,
  ).json();
});
afterAll(() => t?.close());

describe('the joint action plan', () => {
  it('creates an action with RACI, body, links and funding, and shows it whole', async () => {
    const created = await create({
      description: { en: 'Monthly exchange instead of paper.' },
      bodyId: body.id,
      budgetEur: 120000,
      funding: [{ source: { en: 'Interreg Central Baltic' }, amountEur: 90000, year: 2026 }],
      recommendations: [recommendation.ref],
      bottlenecks: [bottleneck.ref, hidden.ref],
    });
    expect(created.ref).toMatch(/^AC-\d{4}-\d{4}$/);
    expect(created).toMatchObject({ state: 'planned', progress: 0, weight: 1, reviewCadence: 'quarterly', budgetEur: 120000, body: { id: body.id, cadence: 'quarterly' }, lead: { id: kela.id }, accountable: { id: kela.id } });
    expect(created.raci.map((r: { role: string; lead: boolean }) => `${r.role}${r.lead ? '*' : ''}`)).toEqual(['A*', 'R']);
    expect(created.funding).toEqual([{ source: { en: 'Interreg Central Baltic' }, amountEur: 90000, year: 2026 }]);
    expect(created.recommendations).toMatchObject([{ ref: recommendation.ref, state: 'proposed' }]);
    expect(created.timeline).toMatchObject([{ kind: 'created', to: 'planned' }]);
    // A bottleneck in moderation is named to staff, never to the public.
    expect(created.bottlenecks.map((b: { ref: string }) => b.ref).sort()).toEqual([bottleneck.ref, hidden.ref].sort());
    const publicView = await read(created.ref);
    expect(publicView.bottlenecks.map((b: { ref: string }) => b.ref)).toEqual([bottleneck.ref]);
    expect(JSON.stringify(publicView)).not.toContain(hidden.ref);
    expect(publicView.viewer).toEqual({ canManage: false, canReport: false });
    expect((await read(created.id, kelaOwner)).viewer).toEqual({ canManage: false, canReport: true });
    const audit = await t.db.kysely.selectFrom('audit_log').select('action').where('entity_id', '=', created.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['action.created']);
  });

  it('refuses bad RACI sets, dates, links and states, naming the field and writing nothing', async () => {
    const post = (over: Record<string, unknown>) => () => t.app.inject({ method: 'POST', url: '/api/actions', headers: editor.headers, payload: action(over) });
    await refusedUnchanged(post({ raci: [{ institutionId: kela.id, role: 'A' }, { institutionId: ska.id, role: 'A' }, { institutionId: hsl.id, role: 'R' }] }), 400, 'body/raci/1/role', 'accountable-twice');
    await refusedUnchanged(post({ raci: [{ institutionId: ska.id, role: 'R' }] }), 400, 'body/raci', 'accountable-missing');
    await refusedUnchanged(post({ raci: [{ institutionId: kela.id, role: 'A' }, { institutionId: ska.id, role: 'C' }] }), 400, 'body/raci', 'responsible-missing');
    await refusedUnchanged(post({ raci: [{ institutionId: kela.id, role: 'A', lead: true }, { institutionId: ska.id, role: 'R', lead: true }] }), 400, 'body/raci/1/lead', 'lead-twice');
    await refusedUnchanged(post({ raci: [...raci(), { institutionId: '00000000-0000-4000-8000-000000000000', role: 'C' }] }), 400, 'body/raci/2/institutionId', 'unknown-institution');
    await refusedUnchanged(post({ raci: [...raci(), { institutionId: kela.id, role: 'C' }] }), 400, 'body/raci/2/institutionId', 'duplicate');
    await refusedUnchanged(post({ startsOn: '2027-01-01', endsOn: '2026-12-31' }), 400, 'body/endsOn', 'end-before-start');
    await refusedUnchanged(post({ bodyId: '00000000-0000-4000-8000-000000000000' }), 400, 'body/bodyId', 'unknown-body');
    await refusedUnchanged(post({ recommendations: ['RC-1999-0001'] }), 400, 'body/recommendations/0', 'unknown-recommendation');
    await refusedUnchanged(post({ bottlenecks: ['BN-1999-999999'] }), 400, 'body/bottlenecks/0', 'unknown-bottleneck');
    await refusedUnchanged(post({ parent: 'AC-1999-0001' }), 400, 'body/parent', 'unknown-action');
    await refusedUnchanged(post({ dependsOn: ['AC-1999-0001'] }), 400, 'body/dependsOn/0', 'unknown-action');
    await refusedUnchanged(post({ state: 'dropped' }), 400, 'body/dropReason', 'required');
    await refusedUnchanged(post({ progress: 101 }), 400, 'body/progress', 'too-large');
    await refusedUnchanged(post({ progress: -1 }), 400, 'body/progress', 'too-small');
    await refusedUnchanged(post({ state: 'finished' }), 400);
    await refusedUnchanged(post({ title: undefined }), 400, 'body/title', 'required');
    await refusedUnchanged(post({ startsOn: '2026-02-30' }), 400, 'body/startsOn', 'date');
    await refusedUnchanged(() => t.app.inject({ method: 'POST', url: '/api/actions', headers: member.headers, payload: action() }), 403);
    await refusedUnchanged(() => t.app.inject({ method: 'POST', url: '/api/actions', headers: kelaOwner.headers, payload: action() }), 403);
    await refusedUnchanged(() => t.app.inject({ method: 'POST', url: '/api/actions', payload: action() }), 401);
  });

  it('keeps a child within its parent’s period, and a period around its children and milestones', async () => {
    const theme = await create({ startsOn: '2026-01-01', endsOn: '2027-12-31' });
    const post = (over: Record<string, unknown>) => () => t.app.inject({ method: 'POST', url: '/api/actions', headers: editor.headers, payload: action({ parent: theme.ref, ...over }) });
    await refusedUnchanged(post({ startsOn: '2025-12-31', endsOn: '2027-01-01' }), 400, 'body/startsOn', 'outside-parent-period');
    await refusedUnchanged(post({ startsOn: '2026-02-01', endsOn: '2028-01-01' }), 400, 'body/endsOn', 'outside-parent-period');
    const child = await create({ parent: theme.ref, startsOn: '2026-03-01', endsOn: '2026-12-31' });
    expect(child.ancestors.map((a: { ref: string }) => a.ref)).toEqual([theme.ref]);
    await refusedUnchanged(() => patch(theme.ref, { endsOn: '2026-06-30' }), 400, 'body/endsOn', 'excludes-children');
    await refusedUnchanged(() => patch(child.ref, { endsOn: '2028-06-30' }), 400, 'body/endsOn', 'outside-parent-period');
    expectStatus(await t.app.inject({ method: 'POST', url: `/api/actions/${child.ref}/milestones`, headers: editor.headers, payload: { title: { en: 'Data model agreed' }, dueOn: '2026-09-30' } }), 201);
    await refusedUnchanged(() => patch(child.ref, { endsOn: '2026-08-31' }), 400, 'body/endsOn', 'excludes-milestones');
    await refusedUnchanged(() => patch(theme.ref, { parent: child.ref }), 400, 'body/parent', 'parent-cycle');
    await refusedUnchanged(() => patch(theme.ref, { parent: theme.ref }), 400, 'body/parent', 'parent-cycle');
    // The end moves within the rules, and the timeline says so.
    const moved = expectStatus(await patch(child.ref, { endsOn: '2027-06-30' }), 200).json();
    expect(moved.timeline.at(-1)).toMatchObject({ kind: 'due_changed', from: '2026-12-31', to: '2027-06-30' });
  });

  it('refuses a milestone outside its action’s period; records met and slipped milestones', async () => {
    const a = await create({ startsOn: '2026-01-01', endsOn: '2026-12-31' });
    const url = `/api/actions/${a.ref}/milestones`;
    await refusedUnchanged(() => t.app.inject({ method: 'POST', url, headers: editor.headers, payload: { title: { en: 'Too late' }, dueOn: '2027-01-01' } }), 400, 'body/dueOn', 'outside-action-period');
    await refusedUnchanged(() => t.app.inject({ method: 'POST', url, headers: editor.headers, payload: { title: { en: 'Too early' }, dueOn: '2025-12-31' } }), 400, 'body/dueOn', 'outside-action-period');
    const m = expectStatus(await t.app.inject({ method: 'POST', url, headers: editor.headers, payload: { title: { en: 'Pilot' }, dueOn: '2026-06-30' } }), 201).json();
    await refusedUnchanged(() => t.app.inject({ method: 'PATCH', url: `${url}/${m.id}`, headers: editor.headers, payload: { dueOn: '2027-02-01' } }), 400, 'body/dueOn', 'outside-action-period');
    expectStatus(await t.app.inject({ method: 'PATCH', url: `${url}/${m.id}`, headers: editor.headers, payload: { dueOn: '2026-09-30' } }), 200);
    expectStatus(await t.app.inject({ method: 'PATCH', url: `${url}/${m.id}`, headers: editor.headers, payload: { dueOn: '2026-08-31' } }), 200);
    const done = expectStatus(await t.app.inject({ method: 'PATCH', url: `${url}/${m.id}`, headers: kelaOwner.headers, payload: { doneOn: '2026-08-20', evidenceUrl: 'https://example.org/pilot-report.pdf' } }), 200).json();
    expect(done).toMatchObject({ doneOn: '2026-08-20', evidenceUrl: 'https://example.org/pilot-report.pdf', overdue: false });
    const timeline = (await read(a.ref)).timeline.map((e: { kind: string; from: string | null; to: string | null; milestoneId: string | null }) => [e.kind, e.from, e.to, e.milestoneId]);
    expect(timeline).toEqual([
      ['created', null, 'planned', null],
      ['milestone_slipped', '2026-06-30', '2026-09-30', m.id],
      ['due_changed', '2026-09-30', '2026-08-31', m.id],
      ['milestone_met', null, '2026-08-20', m.id],
    ]);
    expectStatus(await t.app.inject({ method: 'DELETE', url: `${url}/${m.id}`, headers: editor.headers }), 204);
    expect((await read(a.ref)).milestones).toEqual([]);
    await refusedUnchanged(() => t.app.inject({ method: 'DELETE', url: `${url}/${m.id}`, headers: editor.headers }), 404);
    await refusedUnchanged(() => t.app.inject({ method: 'PATCH', url: `${url}/not-an-id`, headers: editor.headers, payload: { doneOn: '2026-05-01' } }), 404);
  });

  it('rolls progress up by weight to every ancestor, visible on the next read, and refuses progress on a parent', async () => {
    const root = await create({ startsOn: '2026-01-01', endsOn: '2030-12-31' });
    const mid = await create({ parent: root.ref, startsOn: '2026-01-01', endsOn: '2029-12-31' });
    const low = await create({ parent: mid.ref, startsOn: '2026-01-01', endsOn: '2028-12-31', weight: 3 });
    const leafA = await create({ parent: low.ref, weight: 1, endsOn: '2027-12-31' });
    const leafB = await create({ parent: low.ref, weight: 3, endsOn: '2027-12-31' });
    const sibling = await create({ parent: mid.ref, weight: 1, endsOn: '2027-12-31' });
    expectStatus(await patch(leafA.ref, { progress: 40 }), 200);
    expectStatus(await patch(leafB.ref, { progress: 80 }), 200);
    // low = (40·1 + 80·3) / 4 = 70; mid = (70·3 + 0·1) / 4 = 52.5; root = 52.5.
    expect((await read(low.ref)).progress).toBe(70);
    expect((await read(mid.ref)).progress).toBe(52.5);
    expect((await read(root.ref)).progress).toBe(52.5);
    expect((await read(leafA.ref)).timeline.at(-1)).toMatchObject({ kind: 'progress', from: '0', to: '40' });
    expectStatus(await patch(sibling.ref, { progress: 100, weight: 3 }), 200);
    expect((await read(root.ref)).progress).toBe(85); // mid = (70·3 + 100·3) / 6
    await refusedUnchanged(() => patch(low.ref, { progress: 10 }), 400, 'body/progress', 'progress-on-parent');
    await refusedUnchanged(() => patch(root.ref, { progress: 10 }, kelaOwner), 400, 'body/progress', 'progress-on-parent');
    // A dropped child leaves the roll-up.
    expectStatus(await patch(leafB.ref, { state: 'dropped', dropReason: 'Replaced by the national register link.' }), 200);
    expect((await read(low.ref)).progress).toBe(40);
    expect((await read(root.ref)).progress).toBe(70); // mid = (40·3 + 100·3) / 6
    const detail = await read(low.ref);
    expect(detail.children.map((c: { ref: string }) => c.ref)).toEqual([leafA.ref, leafB.ref]);
    expect(detail.ancestors.map((a: { ref: string }) => a.ref)).toEqual([root.ref, mid.ref]);
  });

  it('replaces a leaf’s own progress by its children’s when it gets one, and rolls both parents when a leaf moves', async () => {
    const leaf = await create({ progress: 60 });
    expect(leaf.progress).toBe(60);
    await create({ parent: leaf.ref, progress: 20 });
    expect((await read(leaf.ref)).progress).toBe(20);
    const other = await create({});
    const mover = await create({ parent: leaf.ref, progress: 80 });
    expect((await read(leaf.ref)).progress).toBe(50);
    const first = await read(mover.ref);
    expect(expectStatus(await patch(mover.ref, { parent: leaf.id }), 200).json().position).toBe(first.position);
    expectStatus(await patch(mover.ref, { parent: other.ref }), 200);
    expect((await read(leaf.ref)).progress).toBe(20);
    expect((await read(other.ref)).progress).toBe(80);
    // Back to the top of the tree: the parent it left keeps its last value, now its own to set.
    expectStatus(await patch(mover.ref, { parent: null }), 200);
    expect((await read(mover.ref)).parentId).toBeNull();
    expect((await read(other.ref)).progress).toBe(80);
    expectStatus(await patch(other.ref, { progress: 30 }), 200);
  });

  it('moves states only along the allowed transitions; dropping needs a reason', async () => {
    const a = await create({});
    await refusedUnchanged(() => patch(a.ref, { state: 'done' }), 409);
    await refusedUnchanged(() => patch(a.ref, { state: 'dropped' }), 400, 'body/dropReason', 'required');
    expectStatus(await patch(a.ref, { state: 'ongoing', note: 'Kick-off held in Tallinn.' }), 200);
    const done = expectStatus(await patch(a.ref, { state: 'done' }), 200).json();
    expect(done).toMatchObject({ state: 'done', progress: 100 });
    expect(done.timeline.slice(1).map((e: { kind: string; to: string }) => `${e.kind}:${e.to}`)).toEqual(['state:ongoing', 'state:done', 'progress:100']);
    const problem = await refusedUnchanged(() => patch(a.ref, { state: 'ongoing' }), 409);
    expect(problem).toMatchObject({ code: 'invalid-transition', params: { from: 'done', to: 'ongoing' } });
    const b = await create({});
    const dropped = expectStatus(await patch(b.ref, { state: 'dropped', dropReason: 'The law changed first.' }), 200).json();
    expect(dropped).toMatchObject({ state: 'dropped', dropReason: 'The law changed first.' });
  });

  it('refuses dependency cycles across several edges and on itself, writing nothing', async () => {
    const [a, b, c, d] = [await create({}), await create({}), await create({}), await create({})];
    const put = (x: Detail, predecessors: string[]) => () => t.app.inject({ method: 'PUT', url: `/api/actions/${x.ref}/dependencies`, headers: editor.headers, payload: { predecessors } });
    expectStatus(await put(b, [a.ref])(), 200);
    expectStatus(await put(c, [b.id])(), 200);
    expectStatus(await put(d, [c.ref])(), 200);
    await refusedUnchanged(put(a, [d.ref]), 400, 'body/predecessors/0', 'dependency-cycle');
    await refusedUnchanged(put(a, [b.ref]), 400, 'body/predecessors/0', 'dependency-cycle');
    await refusedUnchanged(put(a, [a.ref]), 400, 'body/predecessors/0', 'self-dependency');
    await refusedUnchanged(put(a, ['AC-1999-0001']), 400, 'body/predecessors/0', 'unknown-action');
    const detail = await read(c.ref);
    expect(detail.dependencies.predecessors.map((x: { ref: string }) => x.ref)).toEqual([b.ref]);
    expect(detail.dependencies.successors.map((x: { ref: string }) => x.ref)).toEqual([d.ref]);
    // Within one branch of the tree a finish-to-start could never be kept.
    const theme = await create({});
    const sub = await create({ parent: theme.ref });
    const subSub = await create({ parent: sub.ref });
    await refusedUnchanged(put(subSub, [theme.ref]), 400, 'body/predecessors/0', 'dependency-in-tree');
    await refusedUnchanged(put(theme, [subSub.ref]), 400, 'body/predecessors/0', 'dependency-in-tree');
    await refusedUnchanged(() => t.app.inject({ method: 'POST', url: '/api/actions', headers: editor.headers, payload: action({ parent: sub.ref, dependsOn: [theme.ref] }) }), 400, 'body/dependsOn/0', 'dependency-in-tree');
    expectStatus(await put(subSub, [a.ref])(), 200);
    // A new action may wait for existing ones at once.
    const e = await create({ dependsOn: [d.ref, a.id] });
    expect(e.dependencies.predecessors.map((x: { ref: string }) => x.ref).sort()).toEqual([a.ref, d.ref].sort());
    // Deleting refuses an action others wait for, or one with sub-actions.
    await refusedUnchanged(() => t.app.inject({ method: 'DELETE', url: `/api/actions/${d.ref}`, headers: editor.headers }), 409);
    const parent = await create({});
    await create({ parent: parent.ref });
    expect((await refusedUnchanged(() => t.app.inject({ method: 'DELETE', url: `/api/actions/${parent.ref}`, headers: editor.headers }), 409)).code).toBe('has-children');
    expectStatus(await t.app.inject({ method: 'DELETE', url: `/api/actions/${e.ref}`, headers: editor.headers }), 204);
    expectStatus(await t.app.inject({ url: `/api/actions/${e.ref}` }), 404);
    expect((await read(d.ref)).dependencies.successors).toEqual([]);
  });

  it('replaces the RACI set whole, with the same rules, and records it on the timeline', async () => {
    const a = await create({});
    const put = (entries: object[]) => () => t.app.inject({ method: 'PUT', url: `/api/actions/${a.ref}/raci`, headers: editor.headers, payload: { entries } });
    await refusedUnchanged(put([{ institutionId: kela.id, role: 'A' }, { institutionId: ska.id, role: 'A' }, { institutionId: hsl.id, role: 'R' }]), 400, 'body/entries/1/role', 'accountable-twice');
    await refusedUnchanged(put([{ institutionId: kela.id, role: 'R' }]), 400, 'body/entries', 'accountable-missing');
    await refusedUnchanged(put([{ institutionId: kela.id, role: 'A' }]), 400, 'body/entries', 'responsible-missing');
    const done = expectStatus(await put([{ institutionId: hsl.id, role: 'A', lead: true }, { institutionId: ska.id, role: 'R' }, { institutionId: kela.id, role: 'I' }])(), 200).json();
    expect(done.accountable.id).toBe(hsl.id);
    expect(done.timeline.at(-1)).toMatchObject({ kind: 'raci', from: 'kela:A;sotsiaalkindlustusamet:R', to: 'hsl:A;kela:I;sotsiaalkindlustusamet:R' });
    await refusedUnchanged(() => t.app.inject({ method: 'PUT', url: `/api/actions/${a.ref}/raci`, headers: hslOwner.headers, payload: { entries: raci() } }), 403);
  });

  it('lets service owners of an R or A institution report progress, state and milestones, and nothing else', async () => {
    const a = await create({ startsOn: '2026-01-01', endsOn: '2027-12-31' });
    const m = expectStatus(await t.app.inject({ method: 'POST', url: `/api/actions/${a.ref}/milestones`, headers: editor.headers, payload: { title: { en: 'Pilot' }, dueOn: '2026-06-30' } }), 201).json();
    const skaOwner = await serviceOwner(ska.id);
    expect(expectStatus(await patch(a.ref, { progress: 35, note: 'Pilot running.' }, kelaOwner), 200).json().progress).toBe(35);
    expect(expectStatus(await patch(a.id, { state: 'ongoing' }, skaOwner), 200).json().state).toBe('ongoing');
    // Not Responsible or Accountable: refused, whatever the field.
    await refusedUnchanged(() => patch(a.ref, { progress: 90 }, hslOwner), 403);
    await refusedUnchanged(() => t.app.inject({ method: 'PATCH', url: `/api/actions/${a.ref}/milestones/${m.id}`, headers: hslOwner.headers, payload: { doneOn: '2026-06-01' } }), 403);
    const informed = await create({ raci: [{ institutionId: kela.id, role: 'A' }, { institutionId: ska.id, role: 'R' }, { institutionId: hsl.id, role: 'I' }] });
    await refusedUnchanged(() => patch(informed.ref, { progress: 10 }, hslOwner), 403);
    await refusedUnchanged(() => patch(a.ref, { progress: 10 }, member), 403);
    // Responsible, but the plan's fields are the editors'.
    const problem = await refusedUnchanged(() => patch(a.ref, { title: { en: 'Renamed' } }, kelaOwner), 403);
    expect(problem.code).toBe('change-not-permitted');
    await refusedUnchanged(() => patch(a.ref, { progress: 50, endsOn: '2027-06-30' }, kelaOwner), 403);
    await refusedUnchanged(() => t.app.inject({ method: 'PATCH', url: `/api/actions/${a.ref}/milestones/${m.id}`, headers: kelaOwner.headers, payload: { dueOn: '2026-12-31' } }), 403);
    await refusedUnchanged(() => t.app.inject({ method: 'DELETE', url: `/api/actions/${a.ref}/milestones/${m.id}`, headers: kelaOwner.headers }), 403);
    await refusedUnchanged(() => t.app.inject({ method: 'DELETE', url: `/api/actions/${a.ref}`, headers: kelaOwner.headers }), 403);
    expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/actions/${a.ref}/milestones/${m.id}`, headers: skaOwner.headers, payload: { doneOn: '2026-06-15', evidenceNote: 'Minutes of the pilot review.' } }), 200);
    const after = await read(a.ref);
    expect(after.milestones).toMatchObject([{ doneOn: '2026-06-15', evidenceNote: 'Minutes of the pilot review.' }]);
    expect(after.title.en).toBe(action().title.en);
    const audit = await t.db.kysely.selectFrom('audit_log').select('action').where('entity_id', '=', a.id).orderBy('at').execute();
    expect(audit.map((x) => x.action)).toEqual(['action.created', 'action.milestone-created', 'action.updated', 'action.updated', 'action.milestone-updated']);
  });

  it('filters the list by domain, institution, body, state, parent, words and overdue', async () => {
    const mark = `Harbour${Date.now()}`;
    const late = await create({ title: { en: `${mark} past its end` }, domain: 'mobility', startsOn: '2020-01-01', endsOn: '2021-12-31' });
    const lateMilestone = await create({ title: { en: `${mark} milestone late` }, domain: 'mobility', startsOn: '2020-01-01', endsOn: '2035-12-31', bodyId: body.id, raci: [{ institutionId: hsl.id, role: 'A' }, { institutionId: ska.id, role: 'R' }] });
    expectStatus(await t.app.inject({ method: 'POST', url: `/api/actions/${lateMilestone.ref}/milestones`, headers: editor.headers, payload: { title: { en: 'Late' }, dueOn: '2021-03-31' } }), 201);
    const onTime = await create({ title: { en: `${mark} on time` }, domain: 'mobility', startsOn: '2020-01-01', endsOn: '2035-12-31' });
    const metLate = await create({ title: { en: `${mark} met milestone` }, domain: 'mobility', startsOn: '2020-01-01', endsOn: '2035-12-31' });
    expectStatus(await t.app.inject({ method: 'POST', url: `/api/actions/${metLate.ref}/milestones`, headers: editor.headers, payload: { title: { en: 'Met' }, dueOn: '2021-03-31', doneOn: '2021-03-30' } }), 201);
    const droppedLate = await create({ title: { en: `${mark} dropped` }, domain: 'mobility', startsOn: '2020-01-01', endsOn: '2021-12-31', state: 'dropped', dropReason: 'Overtaken by events.' });
    const child = await create({ title: { en: `${mark} child` }, domain: 'mobility', parent: onTime.ref, startsOn: '2021-01-01', endsOn: '2022-01-01' });
    const q = `q=${mark.toLowerCase()}`;
    expect((await refs(`${q}&overdue=true`)).sort()).toEqual([late.ref, lateMilestone.ref, child.ref].sort());
    expect((await refs(`${q}&overdue=false`)).sort()).toEqual([onTime.ref, metLate.ref, droppedLate.ref].sort());
    expect(await refs(`${q}&institution=${hsl.id}`)).toEqual([lateMilestone.ref]);
    expect(await refs(`${q}&body=${body.id}`)).toEqual([lateMilestone.ref]);
    expect(await refs(`${q}&state=dropped`)).toEqual([droppedLate.ref]);
    expect(await refs(`${q}&parent=${onTime.ref}`)).toEqual([child.ref]);
    expect(await refs(`${q}&parent=none`)).not.toContain(child.ref);
    expect(await refs(`${q}&domain=education`)).toEqual([]);
    expect(await refs(`q=${late.ref}`)).toEqual([late.ref]);
    const item = expectStatus(await t.app.inject({ url: `/api/actions?${q}&overdue=true&limit=1` }), 200).json();
    expect(item).toMatchObject({ total: 3, limit: 1, offset: 0 });
    expect(item.items).toHaveLength(1);
    expect(expectStatus(await t.app.inject({ url: `/api/actions?${q}&offset=50` }), 200).json()).toMatchObject({ items: [], total: 6 });
    const detail = await read(lateMilestone.ref);
    expect(detail.overdue).toBe(true);
    expect(detail.milestones).toMatchObject([{ dueOn: '2021-03-31', doneOn: null, overdue: true }]);
    expect(expectStatus(await t.app.inject({ url: `/api/actions/${onTime.ref}` }), 200).json().children).toMatchObject([{ ref: child.ref, overdue: true, parentId: onTime.id }]);
    expectProblem(await t.app.inject({ url: '/api/actions?state=finished' }), 400);
    expectProblem(await t.app.inject({ url: '/api/actions?institution=kela' }), 400);
  });

  it('moves the plan version and the link graph version with each change', async () => {
    const versions = async () => (await sql<{ pv: string; lv: string }>`select (select version from action_plan_version) pv, (select version from link_graph_version) lv`.execute(t.db.kysely)).rows[0];
    const before = await versions();
    const a = await create({});
    const afterCreate = await versions();
    expect(Number(afterCreate.pv)).toBe(Number(before.pv) + 1);
    expect(Number(afterCreate.lv)).toBe(Number(before.lv) + 1);
    expectStatus(await t.app.inject({ method: 'POST', url: `/api/actions/${a.ref}/milestones`, headers: editor.headers, payload: { title: { en: 'Only the plan moves' }, dueOn: '2026-06-30' } }), 201);
    const afterMilestone = await versions();
    expect(Number(afterMilestone.pv)).toBe(Number(afterCreate.pv) + 1);
    expect(afterMilestone.lv).toBe(afterCreate.lv);
    expectStatus(await patch(a.ref, { bottlenecks: [bottleneck.ref] }), 200);
    expect(Number((await versions()).lv)).toBe(Number(afterMilestone.lv) + 1);
  });
});
