import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, expectStatus, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';

/**
 * A bottleneck's timeline shows the dialogues and recommendations about it, and editors are
 * offered the status change they call for (issue 14, the editor's journey).
 */
let t: TestApp;
let editor: Session;
let moderator: Session;
let member: Session;
let kela: { id: string };

type Entry = { kind: string; at: string; note: string | null; toStatus: string | null; link?: { type: string; ref: string; title: Record<string, string> | null; state: string | null } };

const past = (days: number, hour = 7) => new Date(Date.UTC(2026, 0, 1 + days, hour)).toISOString();

async function publishedBottleneck(title: string) {
  const created = expectStatus(await t.app.inject({ method: 'POST', url: '/api/bottlenecks', remoteAddress: '198.51.100.201', payload: { title, description: 'Commuters between Helsinki and Tallinn wait for the same paper twice.', language: 'en', domain: 'social_security', countries: ['FI', 'EE'] } }), 201).json() as { id: string; ref: string };
  expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${created.ref}`, headers: editor.headers, payload: { status: 'published' } }), 200);
  return created;
}

async function dialogueAbout(ref: string, visibility: 'public' | 'internal', title: string, startsAt = past(10)) {
  const end = new Date(new Date(startsAt).getTime() + 2 * 3600_000).toISOString();
  return expectStatus(
    await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: { type: 'roundtable', title: { en: title }, startsAt, endsAt: end, organiserId: kela.id, domains: ['social_security'], agenda: [{ title: 'The case', bottleneck: ref }], language: 'en', visibility } }),
    201,
  ).json() as { id: string; ref: string };
}

const patchDialogue = async (ref: string, payload: Record<string, unknown>) => expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/dialogues/${ref}`, headers: editor.headers, payload }), 200);
const page = async (ref: string, session?: Session) => expectStatus(await t.app.inject({ url: `/api/bottlenecks/${ref}`, headers: session?.headers }), 200).json() as { status: string; timeline: Entry[]; suggestion: { status: string; because: { type: string; ref: string; state: string } } | null };
const suggestions = async () => expectStatus(await t.app.inject({ url: '/api/bottlenecks/suggestions', headers: editor.headers }), 200).json().items as { ref: string; suggestion: { status: string; because: { ref: string } } }[];

beforeAll(async () => {
  t = await startTestApp();
  editor = (await loginAs(t, 'editor')).session;
  moderator = (await loginAs(t, 'moderator')).session;
  member = (await loginAs(t, 'member')).session;
  kela = expectStatus(await t.app.inject({ url: '/api/institutions/kela' }), 200).json();
});
afterAll(() => t?.close());

describe('dialogues and recommendations on a bottleneck’s timeline', () => {
  it('shows a public dialogue planned, then held, then with its minutes, to everyone; a private one only to staff, title and all', async () => {
    const bottleneck = await publishedBottleneck('Parental benefit paused while the A1 certificate travels');
    const open = await dialogueAbout(bottleneck.ref, 'public', 'Open roundtable on A1 certificates', past(10));
    const closed = await dialogueAbout(bottleneck.ref, 'internal', 'Closed-door talk with Kela', past(12));

    const publicView = (await page(bottleneck.ref)).timeline.filter((e) => e.link);
    expect(publicView).toEqual([{ at: past(10), kind: 'dialogue_planned', fromStatus: null, toStatus: null, note: null, actorRole: null, institution: null, link: { type: 'dialogue', ref: open.ref, title: { en: 'Open roundtable on A1 certificates' }, state: 'planned' } }]);
    expect(JSON.stringify(await page(bottleneck.ref, member))).not.toContain('Closed-door');
    expect(JSON.stringify(await page(bottleneck.ref, member))).not.toContain(closed.ref);
    const staffView = (await page(bottleneck.ref, moderator)).timeline.filter((e) => e.link);
    expect(staffView.map((e) => [e.kind, e.link!.ref, e.link!.title?.en])).toEqual([
      ['dialogue_planned', open.ref, 'Open roundtable on A1 certificates'],
      ['dialogue_planned', closed.ref, 'Closed-door talk with Kela'],
    ]);

    await patchDialogue(open.ref, { state: 'held' });
    expect((await page(bottleneck.ref)).timeline.filter((e) => e.link).map((e) => [e.kind, e.at])).toEqual([['dialogue_held', past(10)]]);
    const before = Date.now();
    await patchDialogue(open.ref, { minutes: 'Kela and the Social Insurance Board agreed to exchange the data.', state: 'minutes_published' });
    const minutes = (await page(bottleneck.ref)).timeline.filter((e) => e.link);
    // Dated when the minutes were published, not when the dialogue began.
    expect(minutes.map((e) => [e.kind, e.link!.state])).toEqual([['minutes_published', 'minutes_published']]);
    expect(new Date(minutes[0]!.at).getTime()).toBeGreaterThanOrEqual(before - 1000);

    await patchDialogue(closed.ref, { state: 'cancelled' });
    expect((await page(bottleneck.ref, moderator)).timeline.filter((e) => e.link).map((e) => e.link!.ref)).toEqual([open.ref]);
  });

  it('shows the recommendations that name it, with their state', async () => {
    const bottleneck = await publishedBottleneck('Pension contributions counted twice for cross-border workers');
    const rec = expectStatus(
      await t.app.inject({ method: 'POST', url: '/api/recommendations', headers: editor.headers, payload: { title: { en: 'Count contributions once' }, rationale: { en: 'One register of contributions for both countries.' }, addressees: [kela.id], bottlenecks: [bottleneck.ref], changeKind: 'administrative', priority: 'high', effort: 'medium' } }),
      201,
    ).json();
    const entries = (await page(bottleneck.ref)).timeline.filter((e) => e.link);
    expect(entries).toMatchObject([{ kind: 'recommendation_named', at: rec.createdAt, link: { type: 'recommendation', ref: rec.ref, title: { en: 'Count contributions once' }, state: 'proposed' } }]);
  });
});

describe('the status change a dialogue or recommendation calls for', () => {
  it('is offered to editors while the bottleneck is behind, applied as the ordinary transitions with the note and a link, and then gone', async () => {
    const bottleneck = await publishedBottleneck('Vehicle registration needs an apostille each time');
    const dialogue = await dialogueAbout(bottleneck.ref, 'public', 'Vehicle registration roundtable', past(20));
    expect((await page(bottleneck.ref, editor)).suggestion).toBeNull();
    expect((await suggestions()).map((s) => s.ref)).not.toContain(bottleneck.ref);

    await patchDialogue(dialogue.ref, { state: 'held' });
    const offered = { status: 'in_dialogue', because: { type: 'dialogue', ref: dialogue.ref, state: 'held' } };
    expect((await page(bottleneck.ref, editor)).suggestion).toEqual(offered);
    expect((await page(bottleneck.ref, member)).suggestion).toBeNull();
    expect((await page(bottleneck.ref)).suggestion).toBeNull();
    expect((await suggestions()).find((s) => s.ref === bottleneck.ref)?.suggestion).toEqual(offered);

    const apply = (session: Session, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/bottlenecks/${bottleneck.ref}/suggestion`, headers: session.headers, payload });
    expectProblem(await apply(member, { status: 'in_dialogue', because: dialogue.ref }), 403);
    expectProblem(await apply(moderator, { status: 'in_dialogue', because: dialogue.ref }), 403);
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${bottleneck.ref}/suggestion`, payload: { status: 'in_dialogue', because: dialogue.ref } }), 401);
    expect(expectProblem(await apply(editor, { status: 'recommendation', because: dialogue.ref }), 409).type).toMatch(/\/suggestion-gone$/);
    expect((await page(bottleneck.ref)).status).toBe('published');

    const moved = expectStatus(await apply(editor, { status: 'in_dialogue', because: dialogue.ref, note: `Discussed in ${dialogue.ref}` }), 200).json();
    expect(moved.status).toBe('in_dialogue');
    const steps = (moved.timeline as Entry[]).filter((e) => e.kind === 'status' && e.link);
    expect(steps.map((e) => [e.toStatus, e.note, e.link!.ref])).toEqual([
      ['under_assessment', `Discussed in ${dialogue.ref}`, dialogue.ref],
      ['in_dialogue', `Discussed in ${dialogue.ref}`, dialogue.ref],
    ]);
    expect(moved.suggestion).toBeNull();
    expect((await suggestions()).map((s) => s.ref)).not.toContain(bottleneck.ref);
    expect(expectProblem(await apply(editor, { status: 'in_dialogue', because: dialogue.ref }), 409).type).toMatch(/\/suggestion-gone$/);
  });

  it('keeps an internal dialogue’s reference off the public timeline when a change is applied for it', async () => {
    const bottleneck = await publishedBottleneck('Driving licence points not shared between the registers');
    const closed = await dialogueAbout(bottleneck.ref, 'internal', 'Closed talk on driving licences', past(30));
    await patchDialogue(closed.ref, { state: 'held' });
    expectStatus(await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${bottleneck.ref}/suggestion`, headers: editor.headers, payload: { status: 'in_dialogue', because: closed.ref, note: 'Discussed in a dialogue' } }), 200);
    const publicPage = await page(bottleneck.ref);
    expect(publicPage.status).toBe('in_dialogue');
    expect(publicPage.timeline.filter((e) => e.kind === 'status').map((e) => [e.toStatus, e.note])).toEqual([['published', null], ['under_assessment', 'Discussed in a dialogue'], ['in_dialogue', 'Discussed in a dialogue']]);
    expect(JSON.stringify(publicPage)).not.toContain(closed.ref);
    expect((await page(bottleneck.ref, moderator)).timeline.filter((e) => e.kind === 'status' && e.link).map((e) => e.link!.ref)).toEqual([closed.ref, closed.ref]);
  });

  it('asks for the recommendation status once a recommendation naming it is adopted, and offers nothing when the bottleneck is already beyond', async () => {
    const bottleneck = await publishedBottleneck('Tax card not accepted by the other country’s employer');
    const rec = expectStatus(
      await t.app.inject({ method: 'POST', url: '/api/recommendations', headers: editor.headers, payload: { title: { en: 'Accept each other’s tax cards' }, rationale: { en: 'Employers should read both.' }, addressees: [kela.id], bottlenecks: [bottleneck.ref], changeKind: 'administrative', priority: 'medium', effort: 'small' } }),
      201,
    ).json();
    expect((await page(bottleneck.ref, editor)).suggestion).toBeNull();
    expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/recommendations/${rec.ref}`, headers: editor.headers, payload: { state: 'agreed', note: 'Agreed' } }), 200);
    expect((await page(bottleneck.ref, editor)).suggestion).toEqual({ status: 'recommendation', because: { type: 'recommendation', ref: rec.ref, state: 'agreed' } });

    for (const status of ['under_assessment', 'in_dialogue', 'recommendation', 'in_progress']) {
      expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${bottleneck.ref}`, headers: editor.headers, payload: { status } }), 200);
    }
    expect((await page(bottleneck.ref, editor)).suggestion).toBeNull();
    expect((await suggestions()).map((s) => s.ref)).not.toContain(bottleneck.ref);
  });
});
