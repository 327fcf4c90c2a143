import fs from 'node:fs';
import i18next from 'i18next';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { UI_LANGUAGES } from '../../../shared/languages.ts';
import { describe, expect, it } from 'vitest';
import { SectionSurvey } from './SectionSurvey.tsx';

// No DOM library in the project: a section's survey is rendered to HTML and read, in each language.
const LANGUAGES = UI_LANGUAGES;
const NAMESPACES = ['consultations', 'common', 'problems'] as const;
const read = (lang: string, ns: string) => JSON.parse(fs.readFileSync(new URL(`../../locales/${lang}/${ns}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

const base = { sectionId: 's', scaleMin: null, scaleMax: null, scaleLabels: null, maxChoices: null, maxLength: null, required: false, answered: true, options: [] as { key: string; label: { en: string } }[], mine: null };
const questions = [
  { ...base, id: 'q1', position: 0, kind: 'single', prompt: { en: 'How do you cross?' }, required: true, maxChoices: 1, options: [{ key: 'ferry', label: { en: 'Ferry' } }, { key: 'plane', label: { en: 'Plane' } }], mine: { questionId: 'q1', optionKeys: ['plane'], scaleValue: null, text: null } },
  { ...base, id: 'q2', position: 1, kind: 'multiple', prompt: { en: 'What matters?' }, maxChoices: 2, options: [{ key: 'price', label: { en: 'Price' } }, { key: 'time', label: { en: 'Time' } }, { key: 'comfort', label: { en: 'Comfort' } }] },
  { ...base, id: 'q3', position: 2, kind: 'scale', prompt: { en: 'How urgent?' }, scaleMin: 1, scaleMax: 5, scaleLabels: { min: { en: 'Not at all' }, max: { en: 'Very' } } },
  { ...base, id: 'q4', position: 3, kind: 'text', prompt: { en: 'Anything else?' }, maxLength: 200, mine: { questionId: 'q4', optionKeys: null, scaleValue: null, text: 'More ferries' } },
];
const consultation = { id: 'c', state: 'open', viewer: { canComment: true, signInToComment: false } };

async function render(lang: (typeof LANGUAGES)[number]) {
  const i18n = i18next.createInstance();
  const resources = { [lang]: Object.fromEntries(NAMESPACES.map((ns) => [ns, read(lang, ns)])) };
  await i18n.use(initReactI18next).init({ lng: lang, resources, interpolation: { escapeValue: false } });
  const props = { consultation: consultation as never, section: { id: 's', questions } as never, onSaved: async () => {} };
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(SectionSurvey, props)));
}

describe('a section survey', () => {
  it.each(LANGUAGES)('in %s: a fieldset with its legend per choice or scale question, the maximum said, the stored answers shown, every text translated', async (lang) => {
    const html = await render(lang);
    expect(html.match(/<fieldset/g)).toHaveLength(3);
    expect(html).toContain('<legend>How do you cross?');
    // Radios for one choice, checkboxes for several, radios for the scale's five points.
    expect(html.match(/type="radio"/g)).toHaveLength(2 + 5);
    expect(html.match(/type="checkbox"/g)).toHaveLength(3);
    const plane = html.match(/<input[^>]*id="question-q1-plane"[^>]*>/)?.[0] ?? '';
    expect(plane).toContain('checked=""');
    expect(plane).toContain('required=""');
    expect(html).toContain('1 = Not at all, 5 = Very');
    // The text area is labelled, limited and counts what is used.
    expect(html).toMatch(/<label for="question-q4">Anything else\?/);
    expect(html).toContain('maxLength="200"');
    expect(html).toContain('More ferries</textarea>');
    expect(html).toContain((read(lang, 'consultations') as { survey: { used: string } }).survey.used.replace('{{count}}', '12').replace('{{max}}', '200'));
    expect(html).not.toMatch(/consultations:|survey\./);
    expect(html).toMatch({ fi: /enintään 2 vaihtoehtoa/, et: /kõige rohkem 2 varianti/, en: /at most 2 options/, sv: /högst 2 alternativ/, ru: /не более 2 вариантов/ }[lang]);
  });
});
