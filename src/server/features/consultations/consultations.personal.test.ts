import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, ConsultationDetail } from '../../../shared/schemas/consultations.ts';
import { expectStatus, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { createConsultation } from './consultations.fixture.ts';

/**
 * A member's personal-data export holds everything they did in consultations: their comments,
 * the relation they gave, their survey answers, the comments they supported and reported.
 */

let t: TestApp;
let editor: Session;
let member: Session;

const as = (session: Session, method: 'POST' | 'PUT', url: string, payload: unknown) => t.app.inject({ method, url, headers: session.headers, payload: payload as object });

beforeAll(async () => {
  t = await startTestApp();
  editor = (await loginAs(t, 'editor')).session;
  member = (await loginAs(t, 'member')).session;
});
afterAll(() => t?.close());

describe('the personal-data export', () => {
  it('has the member’s comments, relation, answers, supports and reports in consultations, and nobody else’s', async () => {
    const c = await createConsultation(t, editor, { slug: 'personal-data', title: { en: 'Personal data' }, commenting: 'signed_in', support: 'signed_in' });
    const section = c.sections[0].id;
    const question = expectStatus(await as(editor, 'POST', `/api/consultations/${c.id}/sections/${section}/questions`, { kind: 'scale', prompt: { en: 'How urgent?' }, scaleMin: 1, scaleMax: 5 }), 201).json() as { id: string };
    const others = expectStatus(await as(editor, 'POST', `/api/consultations/${c.id}/comments`, { sectionId: section, language: 'en', body: 'The editor’s own comment.' }), 201).json() as Comment;

    expectStatus(await as(member, 'PUT', `/api/consultations/${c.id}/respondent`, { relation: 'commutes' }), 200);
    expectStatus(await as(member, 'POST', `/api/consultations/${c.id}/comments`, { sectionId: section, language: 'fi', body: 'Jäsenen kommentti.' }), 201);
    expectStatus(await as(member, 'POST', `/api/consultations/${c.id}/sections/${section}/answers`, { answers: [{ questionId: question.id, scaleValue: 4 }] }), 200);
    expectStatus(await as(member, 'POST', `/api/consultations/${c.id}/comments/${others.id}/support`, {}), 200);
    expectStatus(await as(member, 'POST', `/api/consultations/${c.id}/comments/${others.id}/flags`, { reason: 'off_topic' }), 201);

    const data = expectStatus(await t.app.inject({ url: '/api/me/export', headers: { cookie: member.cookie } }), 200).json();
    expect(data.consultationComments).toMatchObject([{ ref: c.ref, body: 'Jäsenen kommentti.', language: 'fi', side: 'commutes', state: 'published' }]);
    expect(data.consultationRelations).toEqual([{ ref: c.ref, relation: 'commutes' }]);
    expect(data.consultationAnswers).toMatchObject([{ ref: c.ref, prompt: { en: 'How urgent?' }, scale_value: 4, side: 'commutes' }]);
    expect(data.consultationSupportsAndFlags.supports).toMatchObject([{ ref: c.ref, comment_id: others.id }]);
    expect(data.consultationSupportsAndFlags.flags).toMatchObject([{ ref: c.ref, comment_id: others.id, reason: 'off_topic' }]);
    // The editor's export has their comment, not the member's doings.
    const theirs = expectStatus(await t.app.inject({ url: '/api/me/export', headers: { cookie: editor.cookie } }), 200).json();
    expect(theirs.consultationComments.map((x: { body: string }) => x.body)).toEqual(['The editor’s own comment.']);
    expect([theirs.consultationRelations, theirs.consultationAnswers, theirs.consultationSupportsAndFlags]).toEqual([[], [], { supports: [], flags: [] }]);
  });
});
