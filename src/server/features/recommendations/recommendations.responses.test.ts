import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, expectProblem, expectStatus, login, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';

// Recommendations on a service owner's desk, and responses edited as a bottleneck's answers are:
// one per institution, each earlier version kept (issue 14).

let t: TestApp;
let editor: Session;
let member: Session;
let kela: { id: string };
let ska: { id: string };
let hsl: { id: string };
let kelaOwner: Session;
let skaOwner: Session;
let hslOwner: Session;

const institution = async (slug: string) => expectStatus(await t.app.inject({ url: `/api/institutions/${slug}` }), 200).json() as { id: string };
async function serviceOwner(institutionId: string) {
  const user = await createUser(t.db, 'service_owner');
  await t.db.kysely.updateTable('users').set({ institution_id: institutionId }).where('id', '=', user.id).executeTakeFirstOrThrow();
  return login(t.app, user.email);
}

async function recommendation(title: string, addressees: string[]) {
  const payload = { title: { en: title }, rationale: { en: 'Families wait while two offices wait for each other.' }, addressees, changeKind: 'administrative', priority: 'high', effort: 'small' };
  return expectStatus(await t.app.inject({ method: 'POST', url: '/api/recommendations', headers: editor.headers, payload }), 201).json() as { id: string; ref: string };
}
const respond = (session: Session, ref: string, institutionId: string, body: string, language = 'en') =>
  t.app.inject({ method: 'POST', url: `/api/recommendations/${ref}/responses`, headers: session.headers, payload: { institutionId, body, language } });
const edit = (session: Session, ref: string, responseId: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'PATCH', url: `/api/recommendations/${ref}/responses/${responseId}`, headers: session.headers, payload });
const ownResponse = async (ref: string, institutionId: string) =>
  expectStatus(await t.app.inject({ url: `/api/recommendations/${ref}` }), 200).json().responses.find((r: { institution: { id: string } }) => r.institution.id === institutionId) as { id: string; createdAt: string };
type DeskItem = { recommendation: { id: string }; overdue: boolean; respondBy: string; response: null | { body: Record<string, string>; language: string; author: string | null } };
const desk = async (session: Session) => expectStatus(await t.app.inject({ url: '/api/desk/recommendations', headers: session.headers }), 200).json().items as DeskItem[];
const stored = async (responseId: string) => ({
  response: await t.db.kysely.selectFrom('recommendation_responses').select(['body', 'edited_at']).where('id', '=', responseId).executeTakeFirstOrThrow(),
  revisions: await t.db.kysely.selectFrom('recommendation_response_revisions').select('body').where('response_id', '=', responseId).orderBy('written_at').execute(),
});

beforeAll(async () => {
  t = await startTestApp();
  editor = (await loginAs(t, 'editor')).session;
  member = (await loginAs(t, 'member')).session;
  [kela, ska, hsl] = await Promise.all([institution('kela'), institution('sotsiaalkindlustusamet'), institution('hsl')]);
  [kelaOwner, skaOwner, hslOwner] = await Promise.all([serviceOwner(kela.id), serviceOwner(ska.id), serviceOwner(hsl.id)]);
});
afterAll(() => t?.close());

describe("a service owner's desk of recommendations", () => {
  it('lists what is addressed to my institution, overdue first, each waiting or with our response and who wrote it', async () => {
    const waiting = await recommendation('Name one contact person per country', [kela.id, ska.id]);
    const answered = await recommendation('Stop asking families for paper forms', [kela.id, ska.id]);
    const old = await recommendation('Agree service levels for benefit data', [ska.id]);
    const rejected = await recommendation('A rejected idea', [ska.id]);
    const notOurs = await recommendation('A combined ferry and HSL ticket', [hsl.id]);
    await t.db.kysely.updateTable('recommendations').set({ created_at: new Date(Date.now() - 100 * 86_400_000) }).where('id', '=', old.id).execute();
    // Older still, but answered: never overdue, so it comes after the overdue one.
    await t.db.kysely.updateTable('recommendations').set({ created_at: new Date(Date.now() - 200 * 86_400_000) }).where('id', '=', answered.id).execute();
    expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/recommendations/${rejected.ref}`, headers: editor.headers, payload: { state: 'rejected', note: 'Already covered by EU rules' } }), 200);
    expectStatus(await respond(skaOwner, answered.ref, ska.id, 'Sotsiaalkindlustusamet loobub paberblankettidest.', 'et'), 201);
    expectStatus(await respond(kelaOwner, waiting.ref, kela.id, 'Kela has named a contact.'), 201);

    const items = await desk(skaOwner);
    expect(items.map((i) => i.recommendation.id).sort()).toEqual([waiting.id, answered.id, old.id].sort());
    expect(items[0]).toMatchObject({ recommendation: { id: old.id }, overdue: true, response: null });
    expect(items.filter((i) => i.overdue)).toHaveLength(1);
    expect(items.map((i) => i.recommendation.id)).toEqual([old.id, answered.id, waiting.id]);
    expect(items.find((i) => i.recommendation.id === waiting.id)!.response).toBeNull();
    const ours = items.find((i) => i.recommendation.id === answered.id)!.response!;
    expect(ours).toMatchObject({ body: { et: 'Sotsiaalkindlustusamet loobub paberblankettidest.' }, language: 'et', editedAt: null, revisions: [] });
    expect(ours.author).toMatch(/^Test service_owner/);

    expect((await desk(hslOwner)).map((i) => i.recommendation.id)).toEqual([notOurs.id]);
    expectProblem(await t.app.inject({ url: '/api/desk/recommendations', headers: member.headers }), 403);
    expectProblem(await t.app.inject({ url: '/api/desk/recommendations', headers: editor.headers }), 403);
  });

  it('takes one response per institution: a second is refused', async () => {
    const { ref } = await recommendation('Publish a joint information sheet', [kela.id]);
    expectStatus(await respond(kelaOwner, ref, kela.id, 'Published in three languages.'), 201);
    expect(expectProblem(await respond(kelaOwner, ref, kela.id, 'Once more.'), 409).type).toBe('/problems/already-responded');
    expect(expectProblem(await respond(editor, ref, kela.id, 'By letter.'), 409).type).toBe('/problems/already-responded');
  });
});

describe('editing a response', () => {
  it('keeps every earlier version in order, shown on the recommendation', async () => {
    const { ref } = await recommendation('A joint checklist for teacher qualifications', [kela.id, ska.id]);
    expectStatus(await respond(skaOwner, ref, ska.id, 'First version, in English.'), 201);
    const first = await ownResponse(ref, ska.id);
    const second = expectStatus(await edit(skaOwner, ref, first.id, { body: 'Teine versioon.', language: 'et' }), 200).json();
    expect(second).toMatchObject({ id: first.id, body: { et: 'Teine versioon.' }, language: 'et', revisions: [{ body: { en: 'First version, in English.' }, language: 'en', writtenAt: first.createdAt }] });
    // An editor records a correction sent by letter.
    const third = expectStatus(await edit(editor, ref, first.id, { body: 'Kolmas versioon kirja järgi.', language: 'et' }), 200).json();
    expect(third.revisions.map((r: { body: unknown }) => r.body)).toEqual([{ en: 'First version, in English.' }, { et: 'Teine versioon.' }]);
    expect(third.revisions[1].writtenAt).toBe(second.editedAt);

    const page = expectStatus(await t.app.inject({ url: `/api/recommendations/${ref}` }), 200).json();
    const shown = page.responses.find((r: { id: string }) => r.id === first.id);
    expect(shown).toMatchObject({ body: { et: 'Kolmas versioon kirja järgi.' }, language: 'et', editedAt: third.editedAt });
    expect(shown.revisions.map((r: { body: unknown }) => r.body)).toEqual([{ en: 'First version, in English.' }, { et: 'Teine versioon.' }]);
    expect(page.responseCount).toBe(1);
  });

  it("refuses another institution's owner, members and bad input, changing nothing", async () => {
    const { ref } = await recommendation('Guidance on validating signed documents', [kela.id, ska.id]);
    expectStatus(await respond(kelaOwner, ref, kela.id, 'Kela will follow the guidance.'), 201);
    const original = await ownResponse(ref, kela.id);
    const before = await stored(original.id);
    const change = { body: 'Changed by someone else.', language: 'en' };
    expect(expectProblem(await edit(skaOwner, ref, original.id, change), 403).type).toBe('/problems/not-your-institution');
    expect(expectProblem(await edit(hslOwner, ref, original.id, change), 403).type).toBe('/problems/forbidden');
    expectProblem(await edit(member, ref, original.id, change), 403);
    for (const payload of [{ language: 'en' }, { body: ' ', language: 'en' }, { body: 'Fine text.', language: 'xx' }, { body: 'Fine text.', language: 'en', extra: true }]) {
      expectProblem(await edit(kelaOwner, ref, original.id, payload), 400);
    }
    expectProblem(await edit(kelaOwner, ref, '00000000-0000-4000-8000-000000000000', change), 404);
    const other = await recommendation('Another recommendation to Kela', [kela.id]);
    expectProblem(await edit(kelaOwner, other.ref, original.id, change), 404);
    expect(await stored(original.id)).toEqual(before);
    expect(before.revisions).toEqual([]);
  });
});
