import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listOfWords, negotiateLanguage, UI_LANGUAGES } from './languages.ts';

describe('negotiateLanguage', () => {
  it.each([
    ['fi-FI,fi;q=0.9,en;q=0.8', 'fi'],
    ['et-EE', 'et'],
    ['de-DE,de;q=0.9,et;q=0.5,en;q=0.4', 'et'],
    ['en;q=0.5,fi;q=0.8', 'fi'],
    ['sv-FI,sv;q=0.9', 'sv'],
    ['ru-EE,ru;q=0.9,et;q=0.5', 'ru'],
    ['de-DE,de;q=0.9', 'en'],
    ['fi;q=0, et', 'et'],
    ['', 'en'],
  ])('%s → %s', (header, expected) => {
    expect(negotiateLanguage(header)).toBe(expected);
  });

  it('always answers one of the UI languages, whatever the header', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (header) => {
        expect(UI_LANGUAGES).toContain(negotiateLanguage(header));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('listOfWords', () => {
  it.each([
    ['en', 'Status changes, Answers, and Milestones'],
    ['fi', 'Status changes, Answers ja Milestones'],
    ['et', 'Status changes, Answers ja Milestones'],
    ['sv', 'Status changes, Answers och Milestones'],
    ['ru', 'Status changes, Answers и Milestones'],
  ] as const)('joins a list as %s writes it', (language, expected) => {
    expect(listOfWords(['Status changes', 'Answers', 'Milestones'], language)).toBe(expected);
  });

  it('keeps a name that has a comma of its own in one piece', () => {
    expect(listOfWords(['Ответы, решения', 'Приглашения'], 'ru')).toBe('Ответы, решения и Приглашения');
  });
});
