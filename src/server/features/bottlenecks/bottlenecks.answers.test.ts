import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, expectProblem, expectStatus, login, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';

// A service owner's desk and the answers on it: one answer per institution, edited with every
// earlier version kept (issue 14).

let t: TestApp;
let moderator: Session;
let editor: Session;
let member: Session;
let kela: { id: string };
let ska: { id: string };
let emta: { id: string };
let kelaOwner: Session;
let skaOwner: Session;
let emtaOwner: Session;
let ip = 0;

const institution = async (slug: string) => expectStatus(await t.app.inject({ url: `/api/institutions/${slug}` }), 200).json() as { id: string };
async function serviceOwner(institutionId: string) {
  const user = await createUser(t.db, 'service_owner');
  await t.db.kysely.updateTable('users').set({ institution_id: institutionId }).where('id', '=', user.id).executeTakeFirstOrThrow();
  return login(t.app, user.email);
}

/** A published bottleneck assigned to Kela (FI) and the Social Insurance Board (EE). */
async function assigned(title: string) {
  const created = expectStatus(
    await t.app.inject({ method: 'POST', url: '/api/bottlenecks', remoteAddress: `198.18.4.${++ip}`, payload: { title, description: 'Two offices wait for the same paper certificate while the family has no benefit.', language: 'en', domain: 'social_security', countries: ['FI', 'EE'] } }),
    201,
  ).json() as { id: string; ref: string };
  expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${created.id}`, headers: moderator.headers, payload: { status: 'published' } }), 200);
  expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${created.id}`, headers: editor.headers, payload: { assignments: [{ country: 'FI', institutionId: kela.id }, { country: 'EE', institutionId: ska.id }] } }), 200);
  return created;
}

const answer = (session: Session, bottleneckId: string, institutionId: string, body: string, language = 'en') =>
  t.app.inject({ method: 'POST', url: `/api/bottlenecks/${bottleneckId}/answers`, headers: session.headers, payload: { institutionId, body, language } });
const edit = (session: Session, bottleneckId: string, answerId: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${bottleneckId}/answers/${answerId}`, headers: session.headers, payload });
type DeskItem = { bottleneck: { id: string; ref: string; overdue: boolean }; answer: null | { id: string; body: Record<string, string>; language: string; author: string | null; editedAt: string | null; revisions: unknown[] } };
const desk = async (session: Session) => expectStatus(await t.app.inject({ url: '/api/desk/bottlenecks', headers: session.headers }), 200).json().items as DeskItem[];
const stored = async (answerId: string) => ({
  answer: await t.db.kysely.selectFrom('bottleneck_answers').select(['body', 'edited_at']).where('id', '=', answerId).executeTakeFirstOrThrow(),
  revisions: await t.db.kysely.selectFrom('bottleneck_answer_revisions').select('body').where('answer_id', '=', answerId).orderBy('written_at').execute(),
});

beforeAll(async () => {
  t = await startTestApp();
  moderator = (await loginAs(t, 'moderator')).session;
  editor = (await loginAs(t, 'editor')).session;
  member = (await loginAs(t, 'member')).session;
  [kela, ska, emta] = await Promise.all([institution('kela'), institution('sotsiaalkindlustusamet'), institution('emta')]);
  [kelaOwner, skaOwner, emtaOwner] = await Promise.all([serviceOwner(kela.id), serviceOwner(ska.id), serviceOwner(emta.id)]);
});
afterAll(() => t?.close());

describe("a service owner's desk of bottlenecks", () => {
  it('lists the open bottlenecks assigned to my institution, overdue first, each waiting or with our answer and who wrote it', async () => {
    const waiting = await assigned('Family benefit waits for a paper A1 certificate');
    const answered = await assigned('Sickness benefit stops when the employer is Estonian');
    const late = await assigned('Child benefit decision takes a year across the border');
    await t.db.kysely.updateTable('bottlenecks').set({ assessment_due_at: new Date(Date.now() - 86_400_000) }).where('id', '=', late.id).execute();
    expectStatus(await answer(skaOwner, answered.id, ska.id, 'Sotsiaalkindlustusamet maksab haigushüvitist ka siis, kui tööandja on Eestis.', 'et'), 201);
    // Kela's answer is Kela's: the Social Insurance Board's desk still waits for its own.
    expectStatus(await answer(kelaOwner, waiting.id, kela.id, 'Kela is looking into this with the Social Insurance Board.'), 201);

    const items = await desk(skaOwner);
    const mine = items.filter((i) => [waiting.id, answered.id, late.id].includes(i.bottleneck.id));
    expect(mine.map((i) => i.bottleneck.id)).toEqual([late.id, ...mine.slice(1).map((i) => i.bottleneck.id)]);
    expect(mine[0].bottleneck.overdue).toBe(true);
    expect(mine.filter((i) => !i.answer).map((i) => i.bottleneck.id).sort()).toEqual([waiting.id, late.id].sort());
    const ours = mine.find((i) => i.bottleneck.id === answered.id)!.answer!;
    expect(ours).toMatchObject({ body: { et: 'Sotsiaalkindlustusamet maksab haigushüvitist ka siis, kui tööandja on Eestis.' }, language: 'et', editedAt: null, revisions: [] });
    expect(ours.author).toMatch(/^Test service_owner/);

    // Another institution's desk holds none of them; a member has no desk.
    expect((await desk(emtaOwner)).map((i) => i.bottleneck.id)).not.toContain(answered.id);
    expectProblem(await t.app.inject({ url: '/api/desk/bottlenecks', headers: member.headers }), 403);
    expectProblem(await t.app.inject({ url: '/api/desk/bottlenecks' }), 401);
  });

  it('takes one answer per institution: a second is refused and the first stays', async () => {
    const created = await assigned('Pension statement is sent only by post to Estonia');
    const first = expectStatus(await answer(kelaOwner, created.id, kela.id, 'Kela sends the statement electronically on request.'), 201).json();
    expect(first).toMatchObject({ language: 'en', editedAt: null, revisions: [] });
    expect(expectProblem(await answer(kelaOwner, created.id, kela.id, 'A second answer.'), 409).type).toBe('/problems/already-answered');
    const rows = await t.db.kysely.selectFrom('bottleneck_answers').select('body').where('bottleneck_id', '=', created.id).execute();
    expect(rows.map((r) => r.body)).toEqual([{ en: 'Kela sends the statement electronically on request.' }]);
  });
});

describe('editing an answer', () => {
  it('keeps every earlier version in order, and the page says when it was edited', async () => {
    const created = await assigned('Dental care abroad is not reimbursed');
    const first = expectStatus(await answer(skaOwner, created.id, ska.id, 'First version, in English.'), 201).json();
    const second = expectStatus(await edit(skaOwner, created.id, first.id, { body: 'Teine versioon, eesti keeles.', language: 'et' }), 200).json();
    expect(second).toMatchObject({ id: first.id, body: { et: 'Teine versioon, eesti keeles.' }, language: 'et', revisions: [{ body: { en: 'First version, in English.' }, language: 'en', writtenAt: first.createdAt }] });
    expect(Date.parse(second.editedAt)).toBeGreaterThanOrEqual(Date.parse(first.createdAt));
    const third = expectStatus(await edit(skaOwner, created.id, first.id, { body: '  Kolmas versioon.  ', language: 'et' }), 200).json();
    expect(third.body).toEqual({ et: 'Kolmas versioon.' });
    expect(third.revisions.map((r: { body: unknown }) => r.body)).toEqual([{ en: 'First version, in English.' }, { et: 'Teine versioon, eesti keeles.' }]);
    // Each earlier version was written when the one before it was replaced.
    expect(third.revisions[1].writtenAt).toBe(second.editedAt);
    expect(third.revisions[0].replacedAt).toBe(second.editedAt);

    const page = expectStatus(await t.app.inject({ url: `/api/bottlenecks/${created.ref}` }), 200).json();
    const shown = page.answers.find((a: { id: string }) => a.id === first.id);
    expect(shown).toMatchObject({ body: { et: 'Kolmas versioon.' }, language: 'et', editedAt: third.editedAt, country: 'EE' });
    expect(shown.revisions.map((r: { body: unknown }) => r.body)).toEqual([{ en: 'First version, in English.' }, { et: 'Teine versioon, eesti keeles.' }]);
    expect(JSON.stringify(page.answers)).not.toContain('Test service_owner');
    const audit = await t.db.kysely.selectFrom('audit_log').select('action').where('entity_id', '=', created.id).where('action', '=', 'bottleneck.answer-edited').execute();
    expect(audit).toHaveLength(2);
  });

  it("refuses another institution's owner, members and bad input, changing nothing", async () => {
    const created = await assigned('Unemployment benefit period is not counted across the border');
    const original = expectStatus(await answer(kelaOwner, created.id, kela.id, 'Kela counts Estonian insurance periods with form U1.'), 201).json();
    const before = await stored(original.id);
    const change = { body: 'Changed by someone else.', language: 'en' };
    // Assigned too, but the answer is Kela's.
    expect(expectProblem(await edit(skaOwner, created.id, original.id, change), 403).type).toBe('/problems/not-your-institution');
    // Not assigned at all.
    expect(expectProblem(await edit(emtaOwner, created.id, original.id, change), 403).type).toBe('/problems/forbidden');
    expectProblem(await edit(member, created.id, original.id, change), 403);
    expectProblem(await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${created.id}/answers/${original.id}`, payload: change }), 403);
    // Bad input: no text, only spaces, an unknown language, an unknown field, a missing answer, an answer of another bottleneck.
    for (const payload of [{ language: 'en' }, { body: '   ', language: 'en' }, { body: 'Fine text.', language: 'de' }, { body: 'Fine text.', language: 'en', institutionId: kela.id }]) {
      expectProblem(await edit(kelaOwner, created.id, original.id, payload), 400);
    }
    expectProblem(await edit(kelaOwner, created.id, 'not-a-uuid', change), 400);
    expectProblem(await edit(kelaOwner, created.id, '00000000-0000-4000-8000-000000000000', change), 404);
    const other = await assigned('Another bottleneck assigned to Kela');
    expectProblem(await edit(kelaOwner, other.id, original.id, change), 404);
    expect(await stored(original.id)).toEqual(before);
    expect(before.revisions).toEqual([]);

    // A closed bottleneck takes no edits.
    expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${created.id}`, headers: editor.headers, payload: { status: 'written_off', note: 'Form U1 already covers this.' } }), 200);
    expect(expectProblem(await edit(kelaOwner, created.id, original.id, change), 409).type).toBe('/problems/closed');
    expect(await stored(original.id)).toEqual(before);
  });
});
