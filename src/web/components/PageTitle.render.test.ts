import fs from 'node:fs';
import i18next from 'i18next';
import { createElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { LocalizedText } from './LocalizedText.tsx';
import { ContentTitle } from './PageTitle.tsx';

// Rendered to HTML and read, as the other components' render tests do, in Swedish: a reader whose language content is often not written in.
const common = JSON.parse(fs.readFileSync(new URL('../locales/sv/common.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const i18n = i18next.createInstance();
await i18n.use(initReactI18next).init({ lng: 'sv', resources: { sv: { common } }, interpolation: { escapeValue: false } });
const render = (node: ReactNode) => renderToStaticMarkup(createElement(I18nextProvider, { i18n }, node));

describe('ContentTitle', () => {
  it('gives a title not written in the reader\'s language its own language and, in the reader\'s, that language\'s name', () => {
    const html = render(createElement(ContentTitle, { value: { fi: 'Lahden yli pendelöivät', en: 'Commuters across the gulf' }, otherwise: 'BN-2026-0001' }));
    // English first in the fallback order, whatever order the text came in.
    expect(html).toBe('<h1 tabindex="-1" id="page-title" lang="en">Commuters across the gulf<span class="fallback-note" lang="sv"> (engelska)</span></h1>');
  });

  it('gives the reader\'s own language without a note', () => {
    const html = render(createElement(ContentTitle, { value: { en: 'Commuters across the gulf', sv: 'Pendlare över viken' }, otherwise: 'BN-2026-0001' }));
    expect(html).toBe('<h1 tabindex="-1" id="page-title" lang="sv">Pendlare över viken</h1>');
  });

  it('leaves the note out where the page says the language in a sentence of its own, and keeps the language', () => {
    const html = render(createElement(ContentTitle, { value: { fi: 'Lahden yli pendelöivät' }, otherwise: 'BN-2026-0001', explained: true }));
    expect(html).toBe('<h1 tabindex="-1" id="page-title" lang="fi">Lahden yli pendelöivät</h1>');
  });

  it('names the page by its reference when no title is written, and keeps the reference whole', () => {
    const html = render(createElement(ContentTitle, { value: null, otherwise: 'BN-2026-0001' }));
    expect(html).toBe('<h1 tabindex="-1" id="page-title"><span class="nowrap">BN-2026-0001</span></h1>');
  });
});

describe('LocalizedText', () => {
  it('marks the language\'s name as the reader\'s language inside a text in another', () => {
    const html = render(createElement(LocalizedText, { value: { ru: 'Маятниковые мигранты' } }));
    expect(html).toBe('<span lang="ru">Маятниковые мигранты<span class="fallback-note" lang="sv"> (ryska)</span></span>');
  });
});
