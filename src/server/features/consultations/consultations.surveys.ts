import {
  DEFAULT_ANSWER_LENGTH,
  SIDES,
  type AnswersInput,
  type AnswersSaved,
  type Question,
  type QuestionInput,
  type QuestionPatch,
  type QuestionResult,
  type Side,
  type SurveyResults,
} from '../../../shared/schemas/consultations.ts';
import { problems, type FieldError } from '../../plugins/problems.ts';
import type { QueryBuilder } from '../../db/tables.ts';
import { isUuid } from '../../lib/refs.ts';
import { unsafeMarkup } from '../../lib/markdown.ts';
import { registerPersonalDataSection, type AuthUser } from '../accounts/accounts.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as repo from './consultations.repository.ts';
import * as surveyRepo from './consultations.surveys.repository.ts';
import { answerJson, findSection, isStaff, markupErrors, questionFields, questionJson, refuse, requireOpen, requireRule, stateOf, type Participant } from './consultations.service.ts';

/**
 * Short surveys per section (issue 19 point 4, research §3): Decidim's single and multiple choice
 * and free text with its `required`, `max_choices` and `max_length`, plus a scale (an integer from
 * min to max with a word at each end). Questions change only until the first answer; answers to a
 * section's questions are kept all together or not at all, one per respondent per question.
 */

registerPersonalDataSection('consultationAnswers', (db, userId) =>
  db
    .selectFrom('consultation_answers as a')
    .innerJoin('consultation_questions as q', 'q.id', 'a.question_id')
    .innerJoin('consultation_sections as s', 's.id', 'q.section_id')
    .innerJoin('consultations as k', 'k.id', 's.consultation_id')
    .select(['k.ref', 'q.prompt', 'a.option_keys', 'a.scale_value', 'a.text_value', 'a.side', 'a.updated_at'])
    .where('a.respondent_key', '=', `u:${userId}`)
    .orderBy('a.updated_at')
    .execute(),
);

// ---- editors ----

type QuestionDraft = QuestionInput & { position: number };

/** The question as it would be stored, checked whole: what its kind needs, nothing its kind does not take. */
function questionErrors(q: QuestionDraft, errors: FieldError[]) {
  const choice = q.kind === 'single' || q.kind === 'multiple';
  const options = q.options ?? [];
  if (choice) {
    if (options.length < 2) errors.push({ path: 'body/options', code: 'too-few', message: 'a choice question needs at least 2 options', params: { limit: 2 } });
    const seen = new Set<string>();
    options.forEach((o, i) => {
      if (seen.has(o.key)) errors.push({ path: `body/options/${i}/key`, code: 'duplicate', message: 'is the key of another option' });
      seen.add(o.key);
      markupErrors(`body/options/${i}/label`, o.label, errors);
    });
  } else if (options.length) errors.push({ path: 'body/options', code: 'not-allowed', message: `a ${q.kind} question has no options` });
  if (q.kind === 'multiple' && q.maxChoices != null && q.maxChoices > options.length) {
    errors.push({ path: 'body/maxChoices', code: 'too-large', message: 'must not exceed the number of options', params: { limit: options.length } });
  }
  if (q.kind !== 'multiple' && q.maxChoices != null) errors.push({ path: 'body/maxChoices', code: 'not-allowed', message: 'only a multiple-choice question has it' });
  if (q.kind === 'scale') {
    if (q.scaleMin === undefined) errors.push({ path: 'body/scaleMin', code: 'required', message: 'is required for a scale' });
    if (q.scaleMax === undefined) errors.push({ path: 'body/scaleMax', code: 'required', message: 'is required for a scale' });
    else if (q.scaleMin !== undefined && q.scaleMax <= q.scaleMin) errors.push({ path: 'body/scaleMax', code: 'too-small', message: 'must be above scaleMin', params: { limit: q.scaleMin + 1 } });
    markupErrors('body/scaleLabels/min', q.scaleLabels?.min, errors);
    markupErrors('body/scaleLabels/max', q.scaleLabels?.max, errors);
  } else {
    for (const field of ['scaleMin', 'scaleMax', 'scaleLabels'] as const) {
      if (q[field] != null) errors.push({ path: `body/${field}`, code: 'not-allowed', message: 'only a scale has it' });
    }
  }
  if (q.kind !== 'text' && q.maxLength != null) errors.push({ path: 'body/maxLength', code: 'not-allowed', message: 'only a text question has it' });
  markupErrors('body/prompt', q.prompt, errors);
}

function questionValues(q: QuestionDraft) {
  const scale = q.kind === 'scale';
  return {
    kind: q.kind,
    position: q.position,
    prompt: JSON.stringify(q.prompt),
    options: JSON.stringify(q.kind === 'single' || q.kind === 'multiple' ? (q.options ?? []) : []),
    scale_min: scale ? (q.scaleMin ?? null) : null,
    scale_max: scale ? (q.scaleMax ?? null) : null,
    scale_labels: scale && q.scaleLabels ? JSON.stringify(q.scaleLabels) : null,
    max_choices: q.kind === 'multiple' ? (q.maxChoices ?? null) : null,
    max_length: q.kind === 'text' ? (q.maxLength ?? null) : null,
    required: q.required ?? false,
  };
}

/** In the caller's transaction: the section held, and refused (409) once anyone has answered its questions. */
async function lockUnanswered(trx: QueryBuilder, sectionId: string) {
  await surveyRepo.lockSection(trx, sectionId, 'update');
  if (await surveyRepo.sectionAnswered(trx, sectionId)) {
    throw problems.conflict('questions-locked', "Someone has answered this section's questions; they can no longer change, so that every answer keeps meaning what it answered.");
  }
}

async function questionOf(db: QueryBuilder, sectionId: string, questionId: string) {
  const found = isUuid(questionId) ? (await surveyRepo.questionsOfSection(db, sectionId)).find((q) => q.id === questionId) : undefined;
  if (!found) throw problems.notFound('question');
  return found;
}

export async function addQuestion(db: QueryBuilder, editor: AuthUser, row: repo.ConsultationRow, sectionId: string, input: QuestionInput): Promise<Question> {
  const section = await findSection(db, row, sectionId);
  const errors: FieldError[] = [];
  questionErrors({ ...input, position: input.position ?? 0 }, errors);
  refuse(errors);
  const id = await db.transaction().execute(async (trx) => {
    await lockUnanswered(trx, section.id);
    const position = input.position ?? (await surveyRepo.nextQuestionPosition(trx, section.id));
    const created = await trx.insertInto('consultation_questions').values({ section_id: section.id, ...questionValues({ ...input, position }) }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, { actorId: editor.id, action: 'consultation.question_added', entityType: 'consultation', entityId: row.id, details: { sectionId: section.id, questionId: created.id } });
    return created.id;
  });
  return questionJson(await questionOf(db, section.id, id));
}

/** The stored question as an input, so a patch is checked as the whole question it makes. */
function draftOf(q: surveyRepo.QuestionRow): QuestionDraft {
  return {
    kind: q.kind,
    position: q.position,
    prompt: q.prompt as QuestionInput['prompt'],
    options: q.options as QuestionInput['options'],
    ...(q.scale_min !== null ? { scaleMin: q.scale_min } : {}),
    ...(q.scale_max !== null ? { scaleMax: q.scale_max } : {}),
    scaleLabels: q.scale_labels as QuestionInput['scaleLabels'],
    maxChoices: q.max_choices,
    maxLength: q.max_length,
    required: q.required,
  };
}

export async function updateQuestion(db: QueryBuilder, editor: AuthUser, row: repo.ConsultationRow, sectionId: string, questionId: string, patch: QuestionPatch): Promise<Question> {
  const section = await findSection(db, row, sectionId);
  const before = await questionOf(db, section.id, questionId);
  const stored = draftOf(before);
  // A new kind starts from its own fields: the old kind's options or scale do not carry over.
  const base = patch.kind && patch.kind !== before.kind ? { kind: patch.kind, position: stored.position, prompt: stored.prompt, required: stored.required } : stored;
  const next: QuestionDraft = { ...base, ...patch, position: patch.position ?? stored.position };
  const errors: FieldError[] = [];
  questionErrors(next, errors);
  refuse(errors);
  await db.transaction().execute(async (trx) => {
    await lockUnanswered(trx, section.id);
    await trx.updateTable('consultation_questions').set({ ...questionValues(next), updated_at: new Date() }).where('id', '=', before.id).execute();
    await recordAudit(trx, { actorId: editor.id, action: 'consultation.question_updated', entityType: 'consultation', entityId: row.id, details: { sectionId: section.id, questionId: before.id, fields: Object.keys(patch) } });
  });
  return questionJson(await questionOf(db, section.id, before.id));
}

export async function removeQuestion(db: QueryBuilder, editor: AuthUser, row: repo.ConsultationRow, sectionId: string, questionId: string) {
  const section = await findSection(db, row, sectionId);
  const question = await questionOf(db, section.id, questionId);
  await db.transaction().execute(async (trx) => {
    await lockUnanswered(trx, section.id);
    await trx.deleteFrom('consultation_questions').where('id', '=', question.id).execute();
    await recordAudit(trx, { actorId: editor.id, action: 'consultation.question_removed', entityType: 'consultation', entityId: row.id, details: { sectionId: section.id, questionId: question.id } });
  });
}

/** A new order: every question of the section once, placed 0, 1, 2… */
export async function reorderQuestions(db: QueryBuilder, editor: AuthUser, row: repo.ConsultationRow, sectionId: string, ids: readonly string[]): Promise<Question[]> {
  const section = await findSection(db, row, sectionId);
  const current = await surveyRepo.questionsOfSection(db, section.id);
  const known = new Set(current.map((q) => q.id));
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (!known.has(id)) errors.push({ path: `body/questionIds/${i}`, code: 'unknown-question', message: 'is not a question of this section' });
    else if (seen.has(id)) errors.push({ path: `body/questionIds/${i}`, code: 'duplicate', message: 'is named twice' });
    seen.add(id);
  });
  if (!errors.length && seen.size !== known.size) errors.push({ path: 'body/questionIds', code: 'too-few', message: "must name every question of the section", params: { limit: known.size } });
  refuse(errors);
  await db.transaction().execute(async (trx) => {
    await lockUnanswered(trx, section.id);
    for (const [position, id] of ids.entries()) await trx.updateTable('consultation_questions').set({ position, updated_at: new Date() }).where('id', '=', id).execute();
    await recordAudit(trx, { actorId: editor.id, action: 'consultation.questions_reordered', entityType: 'consultation', entityId: row.id, details: { sectionId: section.id, questionIds: ids } });
  });
  return (await surveyRepo.questionsOfSection(db, section.id)).map((q) => questionJson(q));
}

// ---- respondents ----

type Answer = AnswersInput['answers'][number];
interface Checked {
  questionId: string;
  optionKeys: string[] | null;
  scaleValue: number | null;
  text: string | null;
}

/** One answer against its question; the first misfit is reported at `body/answers/{i}` (or deeper). */
function checkAnswer(q: surveyRepo.QuestionRow, a: Answer, path: string, errors: FieldError[]): Checked | null {
  const given = (['optionKeys', 'scaleValue', 'text'] as const).filter((f) => a[f] !== undefined);
  const takes = q.kind === 'scale' ? 'scaleValue' : q.kind === 'text' ? 'text' : 'optionKeys';
  const fit = given.length === 1 && given[0] === takes && !(takes === 'optionKeys' && a.optionKeys!.length === 0);
  if (!fit) {
    errors.push({ path, code: 'answer-does-not-fit', message: `a ${q.kind} question takes ${takes === 'optionKeys' ? 'optionKeys (one key or more)' : takes} and nothing else`, params: { kind: q.kind } });
    return null;
  }
  const { questionId } = a;
  if (takes === 'optionKeys') {
    const keys = a.optionKeys!;
    const known = new Set(q.options.map((o) => o.key));
    const before = errors.length;
    keys.forEach((key, j) => {
      if (!known.has(key)) errors.push({ path: `${path}/optionKeys/${j}`, code: 'unknown-option', message: 'is not an option of this question' });
      else if (keys.indexOf(key) !== j) errors.push({ path: `${path}/optionKeys/${j}`, code: 'duplicate', message: 'is chosen twice' });
    });
    const limit = questionFields(q).maxChoices!;
    if (keys.length > limit) errors.push({ path: `${path}/optionKeys`, code: 'too-many', message: `may choose at most ${limit}`, params: { limit } });
    return errors.length === before ? { questionId, optionKeys: keys, scaleValue: null, text: null } : null;
  }
  if (takes === 'scaleValue') {
    const value = a.scaleValue!;
    const min = q.scale_min!;
    const max = q.scale_max!;
    if (value < min || value > max) {
      errors.push({ path: `${path}/scaleValue`, code: 'out-of-scale', message: `must be from ${min} to ${max}`, params: { min, max } });
      return null;
    }
    return { questionId, optionKeys: null, scaleValue: value, text: null };
  }
  const text = a.text!;
  const limit = q.max_length ?? DEFAULT_ANSWER_LENGTH;
  const before = errors.length;
  if (!text.trim()) errors.push({ path: `${path}/text`, code: 'blank', message: 'must not be blank' });
  else if (text.length > limit) errors.push({ path: `${path}/text`, code: 'too-long', message: `must have at most ${limit} characters`, params: { limit } });
  else {
    const unsafe = unsafeMarkup(text);
    if (unsafe) errors.push({ path: `${path}/text`, code: 'unsafe-markup', message: `${unsafe}; other markup is kept as text` });
  }
  return errors.length === before ? { questionId, optionKeys: null, scaleValue: null, text } : null;
}

/**
 * A respondent's answers to a section's questions: while open, by the consultation's commenting
 * rule, each checked against its question and every required question answered; then all stored
 * (replacing earlier answers) with the respondent's side, or none.
 */
export async function answerSection(db: QueryBuilder, participant: Participant & { key: string }, row: repo.ConsultationRow, sectionId: string, input: AnswersInput): Promise<AnswersSaved> {
  requireRule(row.commenting, participant.user, 'commenting');
  requireOpen(row);
  const section = await findSection(db, row, sectionId);
  const questions = await surveyRepo.questionsOfSection(db, section.id);
  const errors: FieldError[] = [];
  const checked: Checked[] = [];
  const seen = new Set<string>();
  input.answers.forEach((a, i) => {
    const path = `body/answers/${i}`;
    const q = questions.find((x) => x.id === a.questionId);
    if (!q) errors.push({ path: `${path}/questionId`, code: 'unknown-question', message: 'is not a question of this section' });
    else if (seen.has(q.id)) errors.push({ path: `${path}/questionId`, code: 'duplicate', message: 'is answered twice' });
    else {
      const ok = checkAnswer(q, a, path, errors);
      if (ok) checked.push(ok);
    }
    seen.add(a.questionId);
  });
  // A required question is answered in this batch or was answered before (answers replace, never vanish).
  const missing = questions.filter((q) => q.required && !seen.has(q.id));
  const before = missing.length ? new Set((await surveyRepo.answersOf(db, participant.key, missing.map((q) => q.id))).map((a) => a.question_id)) : new Set<string>();
  for (const q of missing) {
    if (!before.has(q.id)) errors.push({ path: 'body/answers', code: 'required', message: `question ${q.id} is required` });
  }
  refuse(errors);
  return db.transaction().execute(async (trx) => {
    await surveyRepo.lockSection(trx, section.id, 'share');
    const side: Side = (await repo.relationOf(trx, row.id, participant.key)) ?? 'unknown';
    for (const a of checked) await surveyRepo.saveAnswer(trx, { ...a, key: participant.key, side });
    const saved = await surveyRepo.answersOf(trx, participant.key, questions.map((q) => q.id));
    return { answers: saved.map(answerJson) };
  });
}

// ---- results ----

const zeroSides = () => Object.fromEntries(SIDES.map((side) => [side, 0])) as Record<Side, number>;

/** Counts per option or scale point, overall and by side; public once closed, staff any time (409 `not-closed` before). */
export async function sectionResults(db: QueryBuilder, user: AuthUser | null, row: repo.ConsultationRow, sectionId: string): Promise<SurveyResults> {
  const state = stateOf(row);
  if (state !== 'closed' && !isStaff(user)) throw problems.conflict('not-closed', `Survey results are public once the consultation closes at ${row.closes_at.toISOString()}.`);
  const section = await findSection(db, row, sectionId);
  const questions = await surveyRepo.questionsOfSection(db, section.id);
  const ids = questions.map((q) => q.id);
  const [tallies, respondents] = await Promise.all([surveyRepo.tallies(db, ids), surveyRepo.respondents(db, ids)]);
  const results: QuestionResult[] = questions.map((q) => {
    const answers = { total: 0, bySide: zeroSides() };
    for (const r of respondents.filter((r) => r.question_id === q.id)) {
      answers.total += r.n;
      answers.bySide[r.side as Side] += r.n;
    }
    const points = q.kind === 'scale' ? Array.from({ length: q.scale_max! - q.scale_min! + 1 }, (_, i) => String(q.scale_min! + i)) : q.kind === 'text' ? [] : q.options.map((o) => o.key);
    const values = points.map((value) => {
      const tally = { value, total: 0, bySide: zeroSides() };
      for (const t of tallies.filter((t) => t.question_id === q.id && t.value === value)) {
        tally.total += t.n;
        tally.bySide[t.side as Side] += t.n;
      }
      return tally;
    });
    return { ...questionFields(q), answers, values };
  });
  return { sectionId: section.id, state, questions: results };
}
