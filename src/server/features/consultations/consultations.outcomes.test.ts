import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommentOutcome } from '../../../shared/schemas/consultationOutcomes.ts';
import type { Comment, CommentList, ConsultationDetail } from '../../../shared/schemas/consultations.ts';
import type { VersionDiff } from '../../../shared/schemas/framework.ts';
import type { Trace } from '../../../shared/schemas/recommendations.ts';
import { expectProblem as expectProblemBody, expectStatus, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { loadDemo } from '../demo/demo.service.ts';
import { OUTCOME_DEMO_SLUG } from './consultations.outcomes.demo.ts';

const run = promisify(execFile);

/**
 * "You said, we did" (research §4.3): an editor links a comment on a consultation about framework
 * version 1 to the nodes of the version 2 draft that answer it and records its outcome; the comment
 * list, the diff and the trace show it. Built on the demo framework (version 1 adopted, 2 a draft).
 */

const expectProblem = (response: Parameters<typeof expectProblemBody>[0], status: number) =>
  expectProblemBody(response, status) as ReturnType<typeof expectProblemBody> & { code: string; errors?: { path: string; code: string }[] };

let t: TestApp;
let editor: Session;
let member: Session;
let about: ConsultationDetail;
let plain: ConsultationDetail;
/** Node keys of version 2 by reference. */
const v2 = new Map<string, string>();
const HOUR = 3_600_000;

async function create(slug: string, subject: Record<string, unknown>) {
  const payload = {
    slug,
    title: { en: 'Framework draft' },
    opensAt: new Date(Date.now() - 24 * HOUR).toISOString(),
    closesAt: new Date(Date.now() + 24 * HOUR).toISOString(),
    commenting: 'open',
    support: 'open',
    moderation: 'after',
    published: true,
    sections: [{ kind: 'main', title: { en: 'Goals' }, body: { en: 'Text' } }],
    ...subject,
  };
  return expectStatus(await t.app.inject({ method: 'POST', url: '/api/consultations', headers: editor.headers, payload }), 201).json() as ConsultationDetail;
}

let ips = 0;
async function comment(c: ConsultationDetail, body: string) {
  const response = await t.app.inject({ method: 'POST', url: `/api/consultations/${c.id}/comments`, payload: { sectionId: c.sections[0].id, language: 'en', body }, remoteAddress: `192.0.2.${++ips}` });
  return expectStatus(response, 201).json() as Comment;
}

const url = (c: ConsultationDetail, commentId: string, tail: string) => `/api/consultations/${c.slug}/comments/${commentId}/${tail}`;
const link = (c: ConsultationDetail, commentId: string, payload: object, session = editor) => t.app.inject({ method: 'POST', url: url(c, commentId, 'changes'), headers: session.headers, payload });
const answer = (c: ConsultationDetail, commentId: string, payload: object) => t.app.inject({ method: 'PUT', url: url(c, commentId, 'outcome'), headers: editor.headers, payload });
const unlink = (c: ConsultationDetail, commentId: string, query: string) => t.app.inject({ method: 'DELETE', url: `${url(c, commentId, 'changes')}?${query}`, headers: editor.headers });
const listed = async (c: ConsultationDetail) => (expectStatus(await t.app.inject({ url: `/api/consultations/${c.slug}/comments?limit=100` }), 200).json() as CommentList).items;

/** What a refused write must leave alone: links, outcomes and audit rows about them. */
async function written() {
  const count = async (table: 'consultation_comment_changes' | 'consultation_comment_outcomes') => Number((await t.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const audits = await t.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', 'like', 'consultation_comment.%').where('action', '<>', 'consultation_comment.created').executeTakeFirstOrThrow();
  return [await count('consultation_comment_changes'), await count('consultation_comment_outcomes'), Number(audits.n)];
}

beforeAll(async () => {
  t = await startTestApp();
  await loadDemo(t.db.kysely);
  editor = (await loginAs(t, 'editor')).session;
  member = (await loginAs(t, 'member')).session;
  const v1 = await t.db.kysely.selectFrom('framework_versions').select('id').where('number', '=', 1).executeTakeFirstOrThrow();
  const nodes = await t.db.kysely.selectFrom('framework_nodes as n').innerJoin('framework_versions as v', 'v.id', 'n.version_id').select(['n.ref', 'n.node_key']).where('v.number', '=', 2).execute();
  for (const n of nodes) v2.set(n.ref, n.node_key);
  about = await create('answers-about-v1', { subject: 'framework_version', frameworkVersionId: v1.id });
  plain = await create('answers-plain-text', { subject: 'text' });
});
afterAll(() => t?.close());

describe('answering comments with the changes of a later version', () => {
  it('links a comment to a node of the draft, records its outcome and shows both with the comment; the outcome is taken back and the link removed', async () => {
    const [c, other] = [await comment(about, 'Say something about jobs.'), await comment(about, 'Unrelated.')];
    const linked = expectStatus(await link(about, c.id, { version: 2, nodeKey: v2.get('O2.4') }), 201).json() as CommentOutcome;
    expect(linked).toMatchObject({ outcome: null, reply: null, answeredAt: null, changes: [{ version: 2, versionState: 'draft', nodeKey: v2.get('O2.4'), ref: 'O2.4', kind: 'objective', field: null }] });
    const reply = { en: 'A new objective answers this.', fi: 'Uusi tavoite vastaa tähän.' };
    const answered = expectStatus(await answer(about, c.id, { outcome: 'changed', reply }), 200).json() as CommentOutcome;
    expect(answered).toMatchObject({ outcome: 'changed', reply, changes: [{ ref: 'O2.4' }] });
    expect(Date.parse(answered.answeredAt!)).toBeGreaterThan(Date.now() - 60_000);

    // The public list carries it on the comment, and nothing on the other one.
    const items = await listed(about);
    // The draft's node by its reference only: a draft's wording is for staff until it leaves draft.
    expect(items.find((i) => i.id === c.id)!.outcome).toMatchObject({ outcome: 'changed', reply, changes: [{ version: 2, versionState: 'draft', ref: 'O2.4', title: {} }] });
    expect(items.find((i) => i.id === other.id)!.outcome).toBeNull();
    const audit = await t.db.kysely.selectFrom('audit_log').select('action').where('entity_id', '=', c.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['consultation_comment.created', 'consultation_comment.change_linked', 'consultation_comment.outcome_set']);

    // Another outcome replaces it; taking it back leaves the link.
    expect((expectStatus(await answer(about, c.id, { outcome: 'already_covered' }), 200).json() as CommentOutcome).reply).toBeNull();
    expectStatus(await t.app.inject({ method: 'DELETE', url: url(about, c.id, 'outcome'), headers: editor.headers }), 204);
    expect((await listed(about)).find((i) => i.id === c.id)!.outcome).toMatchObject({ outcome: null, changes: [{ ref: 'O2.4' }] });
    expect(expectStatus(await unlink(about, c.id, `version=2&nodeKey=${v2.get('O2.4')}`), 200).json()).toBeNull();
    expect((await listed(about)).find((i) => i.id === c.id)!.outcome).toBeNull();
  });

  it('refuses "changed" without a linked change (422 outcome-needs-change), and keeps the last link of a changed comment', async () => {
    const c = await comment(about, 'Change the title.');
    const before = await written();
    const refused = expectProblem(await answer(about, c.id, { outcome: 'changed', reply: { en: 'Done.' } }), 422);
    expect(refused.code).toBe('outcome-needs-change');
    expect(refused.errors).toEqual([expect.objectContaining({ path: 'body/outcome', code: 'outcome-needs-change' })]);
    expect(await written()).toEqual(before);

    expectStatus(await link(about, c.id, { version: 2, nodeKey: v2.get('G1'), field: 'title' }), 201);
    expectStatus(await answer(about, c.id, { outcome: 'changed' }), 200);
    const kept = await written();
    expect(expectProblem(await unlink(about, c.id, `version=2&nodeKey=${v2.get('G1')}&field=title`), 422).code).toBe('outcome-needs-change');
    expect(await written()).toEqual(kept);
    expect((await listed(about)).find((i) => i.id === c.id)!.outcome).toMatchObject({ outcome: 'changed', changes: [{ ref: 'G1', field: 'title' }] });
  });

  it('refuses links to no later version, to a node the version lacks, from an unpublished comment or a consultation on no framework version, and from non-editors, writing nothing', async () => {
    const c = await comment(about, 'Hello.');
    const hidden = await comment(about, 'Waiting.');
    await t.db.kysely.updateTable('consultation_comments').set({ state: 'rejected', reason: 'spam' }).where('id', '=', hidden.id).execute();
    const onText = await comment(plain, 'About text.');
    const removedInV2 = (await t.db.kysely.selectFrom('framework_nodes').select('node_key').where('ref', '=', 'O4.3').executeTakeFirstOrThrow()).node_key;
    const before = await written();

    for (const [payload, path] of [
      [{ version: 1, nodeKey: v2.get('G1') }, 'body/version'],
      [{ version: 99, nodeKey: v2.get('G1') }, 'body/version'],
      [{ version: 2, nodeKey: removedInV2 }, 'body/nodeKey'],
    ] as const) {
      const refused = expectProblem(await link(about, c.id, payload), 422);
      expect([refused.code, refused.errors?.[0].path]).toEqual(['change-not-in-later-version', path]);
    }
    expect(expectProblem(await link(about, hidden.id, { version: 2, nodeKey: v2.get('G1') }), 409).code).toBe('comment-not-published');
    expect(expectProblem(await answer(about, hidden.id, { outcome: 'not_taken' }), 409).code).toBe('comment-not-published');
    expect(expectProblem(await link(plain, onText.id, { version: 2, nodeKey: v2.get('G1') }), 409).code).toBe('not-about-framework');
    expect(expectProblem(await answer(plain, onText.id, { outcome: 'out_of_scope' }), 409).code).toBe('not-about-framework');
    expectProblem(await link(about, c.id, { version: 2, nodeKey: v2.get('G1') }, member), 403);
    const script = expectProblem(await answer(about, c.id, { outcome: 'not_taken', reply: { en: '<script>alert(1)</script>' } }), 400);
    expect(script.errors?.[0]).toMatchObject({ path: 'body/reply/en', code: 'unsafe-markup' });
    expectProblem(await link(about, c.id, { version: 2, nodeKey: v2.get('G1'), field: 'colour' }), 400);
    expect(await written()).toEqual(before);
  });

  it('counts on each change of the diff the published comments it answers: a whole-node link on every change of the node, a field link on that field only', async () => {
    const [whole, titled, bodied] = [await comment(about, 'Goal 1 wording.'), await comment(about, 'Goal 1 title.'), await comment(about, 'Goal 1 body.')];
    expectStatus(await link(about, whole.id, { version: 2, nodeKey: v2.get('G1') }), 201);
    expectStatus(await link(about, titled.id, { version: 2, nodeKey: v2.get('G1'), field: 'title' }), 201);
    expectStatus(await link(about, bodied.id, { version: 2, nodeKey: v2.get('G1'), field: 'body' }), 201);
    const diff = expectStatus(await t.app.inject({ url: '/api/framework/versions/1/diff/2', headers: editor.headers }), 200).json() as VersionDiff;
    const titleChanges = diff.changes.filter((c) => c.ref === 'G1' && c.field === 'title');
    expect(titleChanges.length).toBeGreaterThanOrEqual(1);
    for (const change of titleChanges) {
      const ids = change.answers.comments.map((c) => c.id);
      expect(ids).toEqual(expect.arrayContaining([whole.id, titled.id]));
      expect(ids).not.toContain(bodied.id);
      expect(change.answers.count).toBe(ids.length);
      expect(change.answers.comments.find((c) => c.id === whole.id)).toEqual({ id: whole.id, consultation: about.slug, sectionId: about.sections[0].id });
    }
    // A change of another node answers none of them; a hidden comment stops counting.
    expect(diff.changes.filter((c) => c.ref !== 'G1').every((c) => !c.answers.comments.some((a) => [whole.id, titled.id, bodied.id].includes(a.id)))).toBe(true);
    await t.db.kysely.updateTable('consultation_comments').set({ state: 'pending' }).where('id', '=', titled.id).execute();
    const after = expectStatus(await t.app.inject({ url: '/api/framework/versions/1/diff/2', headers: editor.headers }), 200).json() as VersionDiff;
    expect(after.changes.find((c) => c.ref === 'G1' && c.field === 'title')!.answers.comments.map((c) => c.id)).not.toContain(titled.id);
  });

  it('walks the trace from a comment to the target it changed and on to its indicator, and back from the target', async () => {
    const c = await comment(about, 'Raise the Harju population target.');
    const key = v2.get('T3.1.2')!;
    const indicator = await t.db.kysely
      .selectFrom('framework_nodes as n')
      .innerJoin('framework_versions as v', 'v.id', 'n.version_id')
      .select('n.indicator_id')
      .where('v.number', '=', 1)
      .where('n.node_key', '=', key)
      .executeTakeFirstOrThrow();
    const graphVersion = async () => Number((await t.db.kysely.selectFrom('link_graph_version').select('version').executeTakeFirstOrThrow()).version);
    const version = await graphVersion();
    expectStatus(await link(about, c.id, { version: 2, nodeKey: key, field: 'target' }), 201);
    expect(await graphVersion()).toBeGreaterThan(version);
    const trace = expectStatus(await t.app.inject({ url: `/api/trace/comment/${c.id}?depth=2` }), 200).json() as Trace;
    const byKey = new Map(trace.nodes.map((n) => [n.key, n]));
    expect(byKey.get(`comment:${c.id}`)).toMatchObject({ depth: 0, ref: about.ref, title: { en: 'Raise the Harju population target.' }, status: 'unanswered' });
    expect(byKey.get(`target:${key}`)).toMatchObject({ depth: 1, ref: 'T3.1.2', version: 1 });
    expect(byKey.get(`indicator:${indicator.indicator_id}`)).toMatchObject({ depth: 2 });
    expect(trace.edges).toEqual(expect.arrayContaining([{ from: `comment:${c.id}`, to: `target:${key}` }]));

    const back = expectStatus(await t.app.inject({ url: `/api/trace/target/${key}?depth=1` }), 200).json() as Trace;
    expect(back.nodes.find((n) => n.key === `comment:${c.id}`)).toMatchObject({ type: 'comment', depth: 1 });
    // A comment no longer published leaves the trace.
    await t.db.kysely.updateTable('consultation_comments').set({ state: 'rejected', reason: 'spam' }).where('id', '=', c.id).execute();
    expectProblem(await t.app.inject({ url: `/api/trace/comment/${c.id}` }), 404);
    const gone = expectStatus(await t.app.inject({ url: `/api/trace/target/${key}?depth=1` }), 200).json() as Trace;
    expect(gone.nodes.some((n) => n.key === `comment:${c.id}`)).toBe(false);
  });

  it('lists the later versions and their nodes for the answers page, to editors', async () => {
    const targets = expectStatus(await t.app.inject({ url: `/api/consultations/${about.slug}/answer-targets`, headers: editor.headers }), 200).json() as { consulted: number; versions: { number: number; nodes: { ref: string }[] }[] };
    expect(targets.consulted).toBe(1);
    expect(targets.versions.map((v) => v.number)).toEqual([2]);
    expect(targets.versions[0].nodes[0].ref).toBe('V');
    expect(targets.versions[0].nodes.map((n) => n.ref)).toContain('O2.4');
    expect(expectProblem(await t.app.inject({ url: `/api/consultations/${plain.slug}/answer-targets`, headers: editor.headers }), 409).code).toBe('not-about-framework');
  });

  it('tags the diff of two frozen versions with its answers too: a new link moves the ETag, so a kept copy is not served stale', async () => {
    // Sent to consultation, version 2 is frozen like version 1 (and still later than it).
    expectStatus(await t.app.inject({ method: 'POST', url: '/api/framework/versions/2/state', headers: editor.headers, payload: { state: 'in_consultation' } }), 200);
    const diff = async (headers: Record<string, string> = {}) => t.app.inject({ url: '/api/framework/versions/1/diff/2', headers });
    const first = expectStatus(await diff(), 200);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"fw-1-/);
    expect((await diff({ 'if-none-match': etag })).statusCode).toBe(304);
    const c = await comment(about, 'Objective 2.4 is welcome.');
    expectStatus(await link(about, c.id, { version: 2, nodeKey: v2.get('O2.4') }), 201);
    const second = expectStatus(await diff({ 'if-none-match': etag }), 200);
    expect(second.headers.etag).not.toBe(etag);
    const added = (second.json() as VersionDiff).changes.find((x) => x.ref === 'O2.4' && x.type === 'added')!;
    expect(added.answers.comments.map((x) => x.id)).toContain(c.id);
  });
});

describe('the demo answers', () => {
  it('answer a handful of the closed demo consultation\'s comments, the changed ones linked to the version 2 draft', async () => {
    const detail = expectStatus(await t.app.inject({ url: `/api/consultations/${OUTCOME_DEMO_SLUG}` }), 200).json() as ConsultationDetail;
    expect([detail.subject, detail.isDemo, detail.state]).toEqual(['framework_version', true, 'closed']);
    const all = (await Promise.all(detail.sections.map(async (s) => (expectStatus(await t.app.inject({ url: `/api/consultations/${OUTCOME_DEMO_SLUG}/comments?section=${s.id}&limit=100&sort=date` }), 200).json() as CommentList).items))).flat();
    const answered = all.filter((c) => c.outcome);
    expect(answered.map((c) => c.outcome!.outcome).sort()).toEqual(['already_covered', 'changed', 'changed', 'changed', 'not_taken', 'out_of_scope']);
    for (const c of answered) expect(c.outcome!.reply?.en).toContain('(demo reply)');
    expect(answered.filter((c) => c.outcome!.outcome === 'changed').flatMap((c) => c.outcome!.changes.map((x) => x.ref)).sort()).toEqual(['G1', 'O2.3', 'O2.4', 'T3.1.2']);

    // The report's workbook says what became of each, beside the comment (read by openpyxl).
    const file = path.join(os.tmpdir(), `outcomes-report-${process.pid}.xlsx`);
    await writeFile(file, expectStatus(await t.app.inject({ url: `/api/consultations/${OUTCOME_DEMO_SLUG}/report.xlsx?lang=en` }), 200).rawPayload);
    const { stdout } = await run('/usr/bin/python3', ['-c', 'import json, sys, openpyxl\nws = openpyxl.load_workbook(sys.argv[1])["Comments"]\nprint(json.dumps([[r[8], r[9]] for r in ws.iter_rows(values_only=True)]))', file], { maxBuffer: 16 << 20 });
    const rows = JSON.parse(stdout) as [string, string | null][];
    expect(rows[0]).toEqual(['Comment', 'What became of it']);
    const said = rows.slice(1).filter((r) => r[1] !== null);
    expect(said).toHaveLength(6);
    for (const c of answered) {
      const row = said.find((r) => r[0] === c.body)!;
      expect(row[1]).toContain('(demo reply)');
      for (const change of c.outcome!.changes) expect(row[1]).toContain(`→ ${change.ref} in version ${change.version}`);
    }
    expect(said.map((r) => r[1]!.split(' ')[0]).sort()).toEqual(['Already', 'Changed', 'Changed', 'Changed', 'Not', 'Out']);
  });
});
