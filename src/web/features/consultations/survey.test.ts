import { describe, expect, it } from 'vitest';
import { answersToSend, barsOf, choose, initialValues, type SurveyQuestion } from './survey.ts';

const questions: SurveyQuestion[] = [
  { id: 'a', kind: 'single', mine: { optionKeys: ['ferry'], scaleValue: null, text: null } },
  { id: 'b', kind: 'multiple', mine: null },
  { id: 'c', kind: 'scale', mine: { optionKeys: null, scaleValue: 3, text: null } },
  { id: 'd', kind: 'text', mine: null },
];

describe('survey form state', () => {
  it('starts from the stored answers and sends only what is filled, in order, with each question\'s index', () => {
    const values = initialValues(questions);
    expect(values).toEqual({ a: { keys: ['ferry'] }, b: { keys: [] }, c: { scale: 3 }, d: { text: '' } });
    expect(answersToSend(questions, values)).toEqual({ answers: [{ questionId: 'a', optionKeys: ['ferry'] }, { questionId: 'c', scaleValue: 3 }], questionAt: ['a', 'c'] });
    const filled = { ...values, b: choose(choose(values.b, 'price', true, false), 'time', true, false), d: { text: 'More ferries' } };
    expect(answersToSend(questions, filled).questionAt).toEqual(['a', 'b', 'c', 'd']);
    expect(answersToSend(questions, { ...values, d: { text: '   ' } }).questionAt).toEqual(['a', 'c']);
  });

  it('replaces a radio choice and toggles checkboxes', () => {
    expect(choose({ keys: ['ferry'] }, 'plane', true, true)).toEqual({ keys: ['plane'] });
    expect(choose({ keys: ['price', 'time'] }, 'price', false, false)).toEqual({ keys: ['time'] });
    expect(choose(undefined, 'price', true, false)).toEqual({ keys: ['price'] });
  });

  it('sizes bars by the largest count', () => {
    expect(barsOf([{ value: 'x', total: 2 }, { value: 'y', total: 1 }, { value: 'z', total: 0 }], (v) => v.toUpperCase())).toEqual([
      { key: 'x', label: 'X', total: 2, share: 1 },
      { key: 'y', label: 'Y', total: 1, share: 0.5 },
      { key: 'z', label: 'Z', total: 0, share: 0 },
    ]);
    expect(barsOf([{ value: 'x', total: 0 }], (v) => v)[0].share).toBe(0);
  });
});
