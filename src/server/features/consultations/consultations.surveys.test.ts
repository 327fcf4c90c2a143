import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswersSaved, ConsultationDetail, Question, SurveyResults } from '../../../shared/schemas/consultations.ts';
import { expectProblem as expectProblemBody, expectStatus, loginAs, startTestApp, type InjectOptions, type Session, type TestApp } from '../../test/harness.ts';
import { anonymousBrowser, createConsultation, hoursFromNow } from './consultations.fixture.ts';

/** Short surveys per section (issue 19 point 4, research §3 and §8.3): questions, answers that must fit them, results by side. */

const expectProblem = (response: Parameters<typeof expectProblemBody>[0], status: number) =>
  expectProblemBody(response, status) as ReturnType<typeof expectProblemBody> & { code: string; errors?: { path: string; code: string; params?: Record<string, unknown> }[] };

let t: TestApp;
let editor: Session;
let moderator: Session;
let member: Session;
let addresses = 0;

const at = hoursFromNow;

const create = (overrides: Record<string, unknown> = {}) =>
  createConsultation(t, editor, { title: { en: 'Ferry timetables' }, sections: [{ kind: 'main', title: { en: 'Travel' } }, { kind: 'part', title: { en: 'Work' } }], ...overrides });

const SINGLE = { kind: 'single', prompt: { en: 'How do you cross?', fi: 'Miten ylität lahden?' }, options: [{ key: 'ferry', label: { en: 'Ferry' } }, { key: 'plane', label: { en: 'Plane' } }, { key: 'never', label: { en: 'I do not' } }], required: true };
const MULTIPLE = { kind: 'multiple', prompt: { en: 'What matters?' }, options: [{ key: 'price', label: { en: 'Price' } }, { key: 'time', label: { en: 'Time' } }, { key: 'comfort', label: { en: 'Comfort' } }], maxChoices: 2 };
const SCALE = { kind: 'scale', prompt: { en: 'How urgent is the tunnel?' }, scaleMin: 1, scaleMax: 5, scaleLabels: { min: { en: 'Not at all' }, max: { en: 'Very' } } };
const TEXT = { kind: 'text', prompt: { en: 'Anything else?' }, maxLength: 20 };

/** A consultation whose first section has the four kinds of question, in that order. */
async function withSurvey(overrides: Record<string, unknown> = {}) {
  const c = await create(overrides);
  const section = c.sections[0].id;
  const qs: Question[] = [];
  for (const q of [SINGLE, MULTIPLE, SCALE, TEXT]) qs.push(expectStatus(await t.app.inject({ method: 'POST', url: `/api/consultations/${c.id}/sections/${section}/questions`, headers: editor.headers, payload: q }), 201).json());
  const [single, multiple, scale, text] = qs;
  return { c, section, single, multiple, scale, text };
}

const browser = () => anonymousBrowser(t, `198.51.100.${++addresses}`);

const answersUrl = (c: ConsultationDetail, section: string) => `/api/consultations/${c.id}/sections/${section}/answers`;
const answerRows = async (questionIds: string[]) =>
  t.db.kysely.selectFrom('consultation_answers').select(['question_id', 'option_keys', 'scale_value', 'text_value', 'side']).where('question_id', 'in', questionIds).orderBy('question_id').execute();

beforeAll(async () => {
  t = await startTestApp();
  editor = (await loginAs(t, 'editor')).session;
  moderator = (await loginAs(t, 'moderator')).session;
  member = (await loginAs(t, 'member')).session;
});
afterAll(() => t?.close());

describe('consultation surveys: questions', () => {
  it('adds the four kinds to a section, lists them in its detail in order, and changes, reorders and removes them', async () => {
    const { c, section, single, multiple, scale, text } = await withSurvey();
    expect(single).toMatchObject({ kind: 'single', position: 0, required: true, maxChoices: 1, answered: false, mine: null });
    expect(multiple).toMatchObject({ position: 1, maxChoices: 2, maxLength: null });
    expect(scale).toMatchObject({ scaleMin: 1, scaleMax: 5, scaleLabels: { min: { en: 'Not at all' }, max: { en: 'Very' } }, options: [] });
    expect(text).toMatchObject({ maxLength: 20, scaleMin: null });
    const detail = expectStatus(await t.app.inject({ url: `/api/consultations/${c.id}` }), 200).json() as ConsultationDetail;
    expect(detail.sections[0].questions.map((q) => q.id)).toEqual([single.id, multiple.id, scale.id, text.id]);
    expect(detail.sections[1].questions).toEqual([]);
    const url = `/api/consultations/${c.id}/sections/${section}/questions`;
    // A patch is checked as the whole question it makes: a new kind drops the old kind's fields.
    const patched = expectStatus(await t.app.inject({ method: 'PATCH', url: `${url}/${text.id}`, headers: editor.headers, payload: { kind: 'scale', scaleMin: 0, scaleMax: 10 } }), 200).json() as Question;
    expect(patched).toMatchObject({ kind: 'scale', scaleMin: 0, scaleMax: 10, maxLength: null, prompt: { en: 'Anything else?' } });
    const order = expectStatus(await t.app.inject({ method: 'PUT', url: `${url}/order`, headers: editor.headers, payload: { questionIds: [scale.id, single.id, text.id, multiple.id] } }), 200).json() as { items: Question[] };
    expect(order.items.map((q) => [q.id, q.position])).toEqual([[scale.id, 0], [single.id, 1], [text.id, 2], [multiple.id, 3]]);
    expect(expectProblem(await t.app.inject({ method: 'PUT', url: `${url}/order`, headers: editor.headers, payload: { questionIds: [scale.id, single.id] } }), 400).errors?.[0]).toMatchObject({ path: 'body/questionIds', code: 'too-few' });
    expectStatus(await t.app.inject({ method: 'DELETE', url: `${url}/${text.id}`, headers: editor.headers }), 204);
    expectProblem(await t.app.inject({ method: 'PATCH', url: `${url}/${text.id}`, headers: editor.headers, payload: { required: true } }), 404);
    // Only editors change questions.
    expectProblem(await t.app.inject({ method: 'POST', url, headers: member.headers, payload: SINGLE }), 403);
  });

  it('refuses a question that its kind cannot be, writing nothing', async () => {
    const c = await create();
    const url = `/api/consultations/${c.id}/sections/${c.sections[0].id}/questions`;
    const questions = async () => Number((await t.db.kysely.selectFrom('consultation_questions').select((eb) => eb.fn.countAll<number>().as('n')).where('section_id', '=', c.sections[0].id).executeTakeFirstOrThrow()).n);
    const bad = async (payload: Record<string, unknown>) => expectProblem(await t.app.inject({ method: 'POST', url, headers: editor.headers, payload }), 400).errors ?? [];
    expect(await bad({ ...SINGLE, options: [SINGLE.options[0]] })).toContainEqual(expect.objectContaining({ path: 'body/options', code: 'too-few', params: { limit: 2 } }));
    expect(await bad({ ...SINGLE, options: [SINGLE.options[0], SINGLE.options[0]] })).toContainEqual(expect.objectContaining({ path: 'body/options/1/key', code: 'duplicate' }));
    expect(await bad({ ...MULTIPLE, maxChoices: 4 })).toContainEqual(expect.objectContaining({ path: 'body/maxChoices', code: 'too-large', params: { limit: 3 } }));
    expect(await bad({ ...SCALE, scaleMax: 1 })).toContainEqual(expect.objectContaining({ path: 'body/scaleMax', code: 'too-small', params: { limit: 2 } }));
    expect(await bad({ kind: 'scale', prompt: { en: 'x' }, scaleMax: 5 })).toContainEqual(expect.objectContaining({ path: 'body/scaleMin', code: 'required' }));
    expect(await bad({ ...TEXT, options: SINGLE.options })).toContainEqual(expect.objectContaining({ path: 'body/options', code: 'not-allowed' }));
    expect(await bad({ ...TEXT, prompt: { et: 'Veel <script>alert(1)</script>' } })).toContainEqual(expect.objectContaining({ path: 'body/prompt/et', code: 'unsafe-markup' }));
    expect(await questions()).toBe(0);
  });
});

describe('consultation surveys: answers', () => {
  it('keeps a section\'s answers together with the respondent\'s side, replaces them when answered again, and shows them back', async () => {
    const { c, section, single, multiple, scale, text } = await withSurvey();
    const anon = browser();
    expectStatus(await anon({ method: 'PUT', url: `/api/consultations/${c.id}/respondent`, payload: { relation: 'lives_ee' } }), 200);
    const first = expectStatus(
      await anon({ method: 'POST', url: answersUrl(c, section), payload: { answers: [{ questionId: single.id, optionKeys: ['ferry'] }, { questionId: multiple.id, optionKeys: ['price', 'time'] }, { questionId: scale.id, scaleValue: 4 }, { questionId: text.id, text: 'More <b>ferries</b>' }] } }),
      200,
    ).json() as AnswersSaved;
    expect(first.answers).toHaveLength(4);
    const ids = [single.id, multiple.id, scale.id, text.id];
    const rows = await answerRows(ids);
    expect(rows.map((r) => r.side)).toEqual(['lives_ee', 'lives_ee', 'lives_ee', 'lives_ee']);
    expect(rows.find((r) => r.question_id === multiple.id)?.option_keys).toEqual(['price', 'time']);
    expect(rows.find((r) => r.question_id === text.id)?.text_value).toBe('More <b>ferries</b>');
    // Again: the same respondent's answer is replaced, not added.
    expectStatus(await anon({ method: 'POST', url: answersUrl(c, section), payload: { answers: [{ questionId: single.id, optionKeys: ['plane'] }, { questionId: scale.id, scaleValue: 2 }] } }), 200);
    // The required question answered before need not be sent again.
    expectStatus(await anon({ method: 'POST', url: answersUrl(c, section), payload: { answers: [{ questionId: multiple.id, optionKeys: ['price', 'time'] }] } }), 200);
    const again = await answerRows(ids);
    expect(again).toHaveLength(4);
    expect(again.find((r) => r.question_id === single.id)?.option_keys).toEqual(['plane']);
    expect(again.find((r) => r.question_id === scale.id)?.scale_value).toBe(2);
    const detail = expectStatus(await anon({ url: `/api/consultations/${c.id}` }), 200).json() as ConsultationDetail;
    const mine = Object.fromEntries(detail.sections[0].questions.map((q) => [q.id, q.mine]));
    expect(mine[single.id]).toEqual({ questionId: single.id, optionKeys: ['plane'], scaleValue: null, text: null });
    expect(mine[text.id]?.text).toBe('More <b>ferries</b>');
    expect(detail.sections[0].questions.every((q) => q.answered)).toBe(true);
    // Someone else sees no answer of theirs.
    const other = expectStatus(await t.app.inject({ url: `/api/consultations/${c.id}`, headers: member.headers }), 200).json() as ConsultationDetail;
    expect(other.sections[0].questions.map((q) => q.mine)).toEqual([null, null, null, null]);
  });

  it('refuses an answer that does not fit its question, naming it, and keeps none of the batch', async () => {
    const { c, section, single, multiple, scale, text } = await withSurvey();
    const ids = [single.id, multiple.id, scale.id, text.id];
    const valid = { questionId: single.id, optionKeys: ['ferry'] };
    const refused = async (answer: Record<string, unknown>, first: Record<string, unknown> = valid) => {
      const problem = expectProblem(await t.app.inject({ method: 'POST', url: answersUrl(c, section), remoteAddress: '192.0.2.44', payload: { answers: [first, answer] } }), 400);
      expect(await answerRows(ids)).toEqual([]);
      return problem.errors ?? [];
    };
    expect(await refused({ questionId: scale.id, optionKeys: ['ferry'] })).toEqual([expect.objectContaining({ path: 'body/answers/1', code: 'answer-does-not-fit', params: { kind: 'scale' } })]);
    expect(await refused({ questionId: multiple.id, optionKeys: ['price'], text: 'and a word' })).toEqual([expect.objectContaining({ path: 'body/answers/1', code: 'answer-does-not-fit', params: { kind: 'multiple' } })]);
    expect(await refused({ questionId: multiple.id, optionKeys: [] })).toEqual([expect.objectContaining({ path: 'body/answers/1', code: 'answer-does-not-fit' })]);
    expect(await refused({ questionId: multiple.id, optionKeys: ['price', 'speed'] })).toEqual([expect.objectContaining({ path: 'body/answers/1/optionKeys/1', code: 'unknown-option' })]);
    expect(await refused({ questionId: multiple.id, optionKeys: ['price', 'time', 'comfort'] })).toEqual([expect.objectContaining({ path: 'body/answers/1/optionKeys', code: 'too-many', params: { limit: 2 } })]);
    expect(await refused({ questionId: multiple.id, optionKeys: ['price', 'price'] })).toEqual([expect.objectContaining({ path: 'body/answers/1/optionKeys/1', code: 'duplicate' })]);
    expect(await refused({ questionId: multiple.id, optionKeys: ['price'] }, { questionId: single.id, optionKeys: ['ferry', 'plane'] })).toEqual([expect.objectContaining({ path: 'body/answers/0/optionKeys', code: 'too-many', params: { limit: 1 } })]);
    expect(await refused({ questionId: scale.id, scaleValue: 6 })).toEqual([expect.objectContaining({ path: 'body/answers/1/scaleValue', code: 'out-of-scale', params: { min: 1, max: 5 } })]);
    expect(await refused({ questionId: scale.id, scaleValue: 0 })).toEqual([expect.objectContaining({ code: 'out-of-scale' })]);
    expect(await refused({ questionId: text.id, text: 'x'.repeat(21) })).toEqual([expect.objectContaining({ path: 'body/answers/1/text', code: 'too-long', params: { limit: 20 } })]);
    expect(await refused({ questionId: text.id, text: '<script>x</script>' })).toEqual([expect.objectContaining({ path: 'body/answers/1/text', code: 'unsafe-markup' })]);
    expect(await refused({ questionId: text.id, text: '   ' })).toEqual([expect.objectContaining({ path: 'body/answers/1/text', code: 'blank' })]);
    expect(await refused({ questionId: c.sections[1].id, scaleValue: 1 })).toEqual([expect.objectContaining({ path: 'body/answers/1/questionId', code: 'unknown-question' })]);
    expect(await refused({ questionId: single.id, optionKeys: ['plane'] })).toEqual([expect.objectContaining({ path: 'body/answers/1/questionId', code: 'duplicate' })]);
    // The required question missing: the rest is not kept either.
    expect(await refused({ questionId: scale.id, scaleValue: 3 }, { questionId: text.id, text: 'fine' })).toEqual([expect.objectContaining({ path: 'body/answers', code: 'required' })]);
  });

  it('takes answers only while open and as the commenting rule allows', async () => {
    const post = async (c: ConsultationDetail, q: Question, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url: answersUrl(c, c.sections[0].id), headers, remoteAddress: '192.0.2.45', payload: { answers: [{ questionId: q.id, optionKeys: ['ferry'] }] } });
    const upcoming = await withSurvey({ opensAt: at(24), closesAt: at(48) });
    expect(expectProblem(await post(upcoming.c, upcoming.single), 409).code).toBe('not-started');
    const closed = await withSurvey({ opensAt: at(-48), closesAt: at(-24) });
    expect(expectProblem(await post(closed.c, closed.single), 409).code).toBe('closed');
    const none = await withSurvey({ commenting: 'none' });
    expect(expectProblem(await post(none.c, none.single), 403).code).toBe('commenting-off');
    const members = await withSurvey({ commenting: 'signed_in' });
    expect(expectProblem(await post(members.c, members.single), 401).code).toBe('unauthorized');
    expectStatus(await post(members.c, members.single, member.headers), 200);
    expect(await answerRows([upcoming.single.id, closed.single.id, none.single.id])).toEqual([]);
    expect(await answerRows([members.single.id])).toEqual([expect.objectContaining({ option_keys: ['ferry'], side: 'unknown' })]);
  });

  it("locks a section's questions after the first answer (409), changing nothing", async () => {
    const { c, section, single, scale } = await withSurvey();
    const url = `/api/consultations/${c.id}/sections/${section}/questions`;
    // Before any answer an editor may still change them.
    expectStatus(await t.app.inject({ method: 'PATCH', url: `${url}/${single.id}`, headers: editor.headers, payload: { required: false } }), 200);
    expectStatus(await t.app.inject({ method: 'POST', url: answersUrl(c, section), remoteAddress: '192.0.2.46', payload: { answers: [{ questionId: scale.id, scaleValue: 3 }] } }), 200);
    const locked = async (options: InjectOptions) => expect(expectProblem(await t.app.inject({ ...options, headers: editor.headers } as InjectOptions), 409).code).toBe('questions-locked');
    await locked({ method: 'PATCH', url: `${url}/${single.id}`, payload: { prompt: { en: 'Changed' } } });
    await locked({ method: 'DELETE', url: `${url}/${single.id}` });
    await locked({ method: 'POST', url, payload: TEXT });
    const all = (expectStatus(await t.app.inject({ url: `/api/consultations/${c.id}` }), 200).json() as ConsultationDetail).sections[0].questions;
    await locked({ method: 'PUT', url: `${url}/order`, payload: { questionIds: all.map((q) => q.id).reverse() } });
    const after = (expectStatus(await t.app.inject({ url: `/api/consultations/${c.id}` }), 200).json() as ConsultationDetail).sections[0].questions;
    expect(after).toEqual(all);
    expect(after[0].prompt).toEqual(SINGLE.prompt);
    // The other section's questions are not locked.
    expectStatus(await t.app.inject({ method: 'POST', url: `/api/consultations/${c.id}/sections/${c.sections[1].id}/questions`, headers: editor.headers, payload: TEXT }), 201);
  });
});

describe('consultation surveys: results', () => {
  it('counts answers per option and scale point, overall and by side; public once closed, staff any time', async () => {
    const { c, section, single, multiple, scale, text } = await withSurvey();
    const answer = async (relation: string | null, answers: Record<string, unknown>[]) => {
      const anon = browser();
      if (relation) expectStatus(await anon({ method: 'PUT', url: `/api/consultations/${c.id}/respondent`, payload: { relation } }), 200);
      expectStatus(await anon({ method: 'POST', url: answersUrl(c, section), payload: { answers } }), 200);
    };
    await answer('lives_fi', [{ questionId: single.id, optionKeys: ['ferry'] }, { questionId: multiple.id, optionKeys: ['price', 'time'] }, { questionId: scale.id, scaleValue: 5 }, { questionId: text.id, text: 'Yes' }]);
    await answer('lives_ee', [{ questionId: single.id, optionKeys: ['ferry'] }, { questionId: multiple.id, optionKeys: ['price'] }, { questionId: scale.id, scaleValue: 5 }]);
    await answer(null, [{ questionId: single.id, optionKeys: ['plane'] }, { questionId: scale.id, scaleValue: 1 }]);
    const url = `/api/consultations/${c.id}/sections/${section}/results`;
    expect(expectProblem(await t.app.inject({ url }), 409).code).toBe('not-closed');
    const early = expectStatus(await t.app.inject({ url, headers: moderator.headers }), 200).json() as SurveyResults;
    expect(early.state).toBe('open');
    // Closed: public.
    expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/consultations/${c.id}`, headers: editor.headers, payload: { opensAt: at(-48), closesAt: at(-1) } }), 200);
    const results = expectStatus(await t.app.inject({ url }), 200).json() as SurveyResults;
    expect(results.state).toBe('closed');
    const [r1, r2, r3, r4] = results.questions;
    expect(r1.answers).toEqual({ total: 3, bySide: { lives_fi: 1, lives_ee: 1, commutes: 0, other: 0, unknown: 1 } });
    expect(r1.values.map((v) => [v.value, v.total])).toEqual([['ferry', 2], ['plane', 1], ['never', 0]]);
    expect(r1.values[0].bySide).toEqual({ lives_fi: 1, lives_ee: 1, commutes: 0, other: 0, unknown: 0 });
    expect(r2.answers.total).toBe(2);
    expect(r2.values.map((v) => [v.value, v.total])).toEqual([['price', 2], ['time', 1], ['comfort', 0]]);
    expect(r3.values.map((v) => [v.value, v.total])).toEqual([['1', 1], ['2', 0], ['3', 0], ['4', 0], ['5', 2]]);
    expect(r3.values[4].bySide).toMatchObject({ lives_fi: 1, lives_ee: 1 });
    // A text question: counted only (its texts go in the report).
    expect(r4).toMatchObject({ kind: 'text', answers: { total: 1 }, values: [] });
    expect(JSON.stringify(r4)).not.toContain('Yes');
    expect(results.questions.map((q) => q.id)).toEqual([single.id, multiple.id, scale.id, text.id]);
  });
});
