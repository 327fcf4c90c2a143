import fs from 'node:fs';
import i18next from 'i18next';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { FALLBACK_ORDER, UI_LANGUAGES, type Language } from '../../../shared/languages.ts';
import { AccessibilityPage } from './AccessibilityPage.tsx';

const read = (lang: string, ns: string) => JSON.parse(fs.readFileSync(new URL(`../../locales/${lang}/${ns}.json`, import.meta.url), 'utf8')) as Record<string, any>;

async function render(lang: Language) {
  const i18n = i18next.createInstance();
  const resources = { [lang]: { accessibility: read(lang, 'accessibility'), common: read(lang, 'common') } };
  await i18n.use(initReactI18next).init({ lng: lang, resources, interpolation: { escapeValue: false } });
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(MemoryRouter, null, createElement(AccessibilityPage))));
}

describe('the accessibility statement', () => {
  it.each(UI_LANGUAGES)('states in %s the order content falls back in, the same order the service follows', async (lang) => {
    const html = await render(lang);
    const names = read(lang, 'common').languages as Record<Language, string>;
    expect(html).toContain(`<h2 id="a11y-languages">${read(lang, 'accessibility').languages.title}</h2>`);
    expect(html).toContain(FALLBACK_ORDER.map((code) => names[code]).join(' → '));
    expect(html).not.toContain('{{');
  });
});
