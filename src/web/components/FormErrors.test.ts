import fs from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { DIALOGUE_BOUNDS, DIALOGUE_TIME_ERRORS } from '../../shared/dialogues.ts';
import { UI_LANGUAGES } from '../../shared/languages.ts';
import { ApiError } from '../app/api.ts';
import { fieldMessage, problemMessage } from './FormErrors.tsx';

const LOCALES = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'locales');

describe('field errors in the dialogue form', () => {
  it.each(UI_LANGUAGES)('says in %s what is wrong with the times, with the bound', async (lang) => {
    const common = JSON.parse(fs.readFileSync(path.join(LOCALES, lang, 'common.json'), 'utf8'));
    const i18n = i18next.createInstance();
    await i18n.init({ lng: lang, resources: { [lang]: { common } }, interpolation: { escapeValue: false } });
    const t = i18n.t.bind(i18n) as Parameters<typeof fieldMessage>[1];
    const keys: Record<keyof typeof DIALOGUE_TIME_ERRORS, [string, string | null]> = {
      endBeforeStart: ['endBeforeStart', null],
      tooShort: ['dialogueTooShort', String(DIALOGUE_BOUNDS.minMinutes)],
      tooLong: ['dialogueTooLong', String(DIALOGUE_BOUNDS.maxDays)],
      tooEarly: ['dialogueTooEarly', String(DIALOGUE_BOUNDS.earliestYear)],
      tooFarAhead: ['dialogueTooFarAhead', String(DIALOGUE_BOUNDS.maxYearsAhead)],
    };
    for (const [name, message] of Object.entries(DIALOGUE_TIME_ERRORS) as [keyof typeof DIALOGUE_TIME_ERRORS, string][]) {
      const [key, bound] = keys[name];
      expect(i18n.exists(`common:errors.field.${key}`), key).toBe(true);
      const shown = fieldMessage(message, t);
      expect(shown, name).toBe(common.errors.field[key].replace(/\{\{\w+\}\}/, bound ?? ''));
      if (bound) expect(shown, name).toContain(bound);
    }
  });
});

describe('problems an upload meets', () => {
  it.each(UI_LANGUAGES)('says in %s that the attachment limit is reached', async (lang) => {
    const common = JSON.parse(fs.readFileSync(path.join(LOCALES, lang, 'common.json'), 'utf8'));
    const i18n = i18next.createInstance();
    await i18n.init({ lng: lang, resources: { [lang]: { common } }, interpolation: { escapeValue: false } });
    const error = new ApiError({ type: '/problems/too-many-attachments', title: 'Conflict', status: 409, detail: 'A dialogue has at most 5 attachments.' });
    expect(problemMessage(error, i18n.t.bind(i18n) as Parameters<typeof problemMessage>[1])).toBe(common.errors['too-many-attachments']);
  });
});
