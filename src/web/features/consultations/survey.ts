/**
 * The survey form's state as pure functions: what a respondent has chosen or written per
 * question, from their stored answers, and the answers the form sends (a question left empty is
 * not sent; the server says if it was required).
 */

export interface SurveyQuestion {
  id: string;
  kind: 'single' | 'multiple' | 'scale' | 'text';
  mine: { optionKeys: string[] | null; scaleValue: number | null; text: string | null } | null;
}

/** One question's value in the form: the chosen keys, the scale point or the text. */
export type SurveyValue = { keys: string[] } | { scale: number | null } | { text: string };
export type SurveyValues = Record<string, SurveyValue>;

export interface SentAnswer {
  questionId: string;
  optionKeys?: string[];
  scaleValue?: number;
  text?: string;
}

export function initialValues(questions: readonly SurveyQuestion[]): SurveyValues {
  return Object.fromEntries(
    questions.map((q) => {
      if (q.kind === 'scale') return [q.id, { scale: q.mine?.scaleValue ?? null }];
      if (q.kind === 'text') return [q.id, { text: q.mine?.text ?? '' }];
      return [q.id, { keys: q.mine?.optionKeys ?? [] }];
    }),
  );
}

/** A checkbox turned on or off keeps the options' order; a radio replaces the choice. */
export function choose(value: SurveyValue | undefined, key: string, on: boolean, single: boolean): SurveyValue {
  const keys = value && 'keys' in value ? value.keys : [];
  if (single) return { keys: on ? [key] : [] };
  return { keys: on ? [...keys.filter((k) => k !== key), key] : keys.filter((k) => k !== key) };
}

/** The answers to send, in the questions' order, with the index of each question among them. */
export function answersToSend(questions: readonly SurveyQuestion[], values: SurveyValues): { answers: SentAnswer[]; questionAt: string[] } {
  const answers: SentAnswer[] = [];
  for (const q of questions) {
    const value = values[q.id];
    if (!value) continue;
    if ('keys' in value && value.keys.length) answers.push({ questionId: q.id, optionKeys: value.keys });
    else if ('scale' in value && value.scale !== null) answers.push({ questionId: q.id, scaleValue: value.scale });
    else if ('text' in value && value.text.trim()) answers.push({ questionId: q.id, text: value.text });
  }
  return { answers, questionAt: answers.map((a) => a.questionId) };
}

/** Bars for a result: each value's count and its share of the largest. */
export function barsOf(values: readonly { value: string; total: number }[], labelOf: (value: string) => string) {
  const top = Math.max(1, ...values.map((v) => v.total));
  return values.map((v) => ({ key: v.value, label: labelOf(v.value), total: v.total, share: v.total / top }));
}
