import { sql, type Selectable } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import type { ConsultationAnswersTable, ConsultationQuestionsTable } from './consultations.tables.ts';

export type QuestionRow = Selectable<ConsultationQuestionsTable> & { answered: boolean };
export type AnswerRow = Selectable<ConsultationAnswersTable>;

const answered = sql<boolean>`exists (select 1 from consultation_answers a where a.question_id = q.id)`.as('answered');

/** The questions of a consultation's sections, in order, each marked when someone has answered it. */
export function questionsOfConsultation(db: QueryBuilder, consultationId: string) {
  return db
    .selectFrom('consultation_questions as q')
    .innerJoin('consultation_sections as s', 's.id', 'q.section_id')
    .selectAll('q')
    .select(answered)
    .where('s.consultation_id', '=', consultationId)
    .orderBy('q.section_id')
    .orderBy('q.position')
    .orderBy('q.created_at')
    .orderBy('q.id')
    .execute() as Promise<QuestionRow[]>;
}

export function questionsOfSection(db: QueryBuilder, sectionId: string) {
  return db
    .selectFrom('consultation_questions as q')
    .selectAll('q')
    .select(answered)
    .where('q.section_id', '=', sectionId)
    .orderBy('q.position')
    .orderBy('q.created_at')
    .orderBy('q.id')
    .execute() as Promise<QuestionRow[]>;
}

/**
 * Holds the section while its questions change (update) or are answered (share): an editor's
 * change cannot slip past the first answer, nor an answer past a change.
 */
export async function lockSection(db: QueryBuilder, sectionId: string, mode: 'update' | 'share') {
  const q = db.selectFrom('consultation_sections').select('id').where('id', '=', sectionId);
  await (mode === 'update' ? q.forUpdate() : q.forShare()).executeTakeFirst();
}

export async function sectionAnswered(db: QueryBuilder, sectionId: string) {
  const row = await db
    .selectFrom('consultation_answers as a')
    .innerJoin('consultation_questions as q', 'q.id', 'a.question_id')
    .select('a.question_id')
    .where('q.section_id', '=', sectionId)
    .limit(1)
    .executeTakeFirst();
  return Boolean(row);
}

export async function nextQuestionPosition(db: QueryBuilder, sectionId: string) {
  const row = await db.selectFrom('consultation_questions').select((eb) => eb.fn.max<number>('position').as('p')).where('section_id', '=', sectionId).executeTakeFirst();
  return row?.p === null || row?.p === undefined ? 0 : Number(row.p) + 1;
}

/** A respondent's answers to these questions. */
export function answersOf(db: QueryBuilder, key: string, questionIds: readonly string[]) {
  if (!questionIds.length) return Promise.resolve([] as AnswerRow[]);
  return db.selectFrom('consultation_answers').selectAll().where('respondent_key', '=', key).where('question_id', 'in', questionIds).execute();
}

/** Stores (or replaces) one answer, in the caller's transaction. */
export async function saveAnswer(db: QueryBuilder, answer: { questionId: string; key: string; optionKeys: string[] | null; scaleValue: number | null; text: string | null; side: AnswerRow['side'] }) {
  const values = {
    option_keys: answer.optionKeys ? sql<string[]>`${answer.optionKeys}::text[]` : null,
    scale_value: answer.scaleValue,
    text_value: answer.text,
    side: answer.side,
  };
  await db
    .insertInto('consultation_answers')
    .values({ question_id: answer.questionId, respondent_key: answer.key, ...values })
    .onConflict((oc) => oc.columns(['question_id', 'respondent_key']).doUpdateSet({ ...values, updated_at: new Date() }))
    .execute();
}

/**
 * Answers per question, side and value: an option key (one row per chosen option) or a scale
 * point; a text answer counts under the value null.
 */
export async function tallies(db: QueryBuilder, questionIds: readonly string[]) {
  if (!questionIds.length) return [];
  const { rows } = await sql<{ question_id: string; side: string; value: string | null; n: number | string }>`
    select a.question_id, a.side, coalesce(k.key, a.scale_value::text) as value, count(*) as n
    from consultation_answers a
    left join lateral unnest(a.option_keys) as k(key) on true
    where a.question_id = any(${questionIds}::uuid[])
    group by a.question_id, a.side, coalesce(k.key, a.scale_value::text)`.execute(db);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** Respondents per question and side. */
export async function respondents(db: QueryBuilder, questionIds: readonly string[]) {
  if (!questionIds.length) return [];
  const rows = await db
    .selectFrom('consultation_answers')
    .select(['question_id', 'side', (eb) => eb.fn.countAll<number>().as('n')])
    .where('question_id', 'in', questionIds)
    .groupBy(['question_id', 'side'])
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}
