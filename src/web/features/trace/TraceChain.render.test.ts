import fs from 'node:fs';
import i18next from 'i18next';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import { UI_LANGUAGES } from '../../../shared/languages.ts';
import { describe, expect, it } from 'vitest';
import { TraceView } from './TraceChain.tsx';

// No DOM library in the project: the chain of an action is rendered to HTML and read, in each language.
const LANGUAGES = UI_LANGUAGES;
const NAMESPACES = ['dialogues', 'framework', 'actions', 'kpis', 'common'] as const;
const read = (lang: string, ns: string) => JSON.parse(fs.readFileSync(new URL(`../../locales/${lang}/${ns}.json`, import.meta.url), 'utf8')) as Record<string, any>;

const ACTION = '00000000-0000-4000-8000-000000000001';
const TARGET = '00000000-0000-4000-8000-000000000002';
const OBJECTIVE = '00000000-0000-4000-8000-000000000003';
const INDICATOR = '00000000-0000-4000-8000-000000000004';
const data = {
  root: `action:${ACTION}`,
  nodes: [
    { key: `action:${ACTION}`, type: 'action', id: ACTION, ref: 'AC-0003', title: { en: 'A joint ticket' }, status: 'ongoing', depth: 0 },
    { key: `target:${TARGET}`, type: 'target', id: TARGET, ref: 'T1.1.1', title: { en: 'Commuters cross in an hour' }, status: 'adopted', version: 2, depth: 1 },
    { key: `objective:${OBJECTIVE}`, type: 'objective', id: OBJECTIVE, ref: 'O1.1', title: { en: 'Faster crossings' }, status: 'in_consultation', version: 3, depth: 2 },
    { key: `indicator:${INDICATOR}`, type: 'indicator', id: INDICATOR, ref: 'population', title: { en: 'Population' }, status: 'published', depth: 2 },
  ],
  edges: [
    { from: `action:${ACTION}`, to: `target:${TARGET}` },
    { from: `target:${TARGET}`, to: `objective:${OBJECTIVE}` },
    { from: `target:${TARGET}`, to: `indicator:${INDICATOR}` },
  ],
  truncated: false,
} as const;

async function render(lang: (typeof LANGUAGES)[number]) {
  const i18n = i18next.createInstance();
  const resources = { [lang]: Object.fromEntries(NAMESPACES.map((ns) => [ns, read(lang, ns)])) };
  await i18n.use(initReactI18next).init({ lng: lang, resources, interpolation: { escapeValue: false } });
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(MemoryRouter, null, createElement(TraceView, { type: 'action', data: data as never }))));
}

describe('the trace through the framework', () => {
  it.each(LANGUAGES)('names targets and objectives and their versions\' states in %s', async (lang) => {
    const html = await render(lang);
    const [dialogues, framework] = [read(lang, 'dialogues'), read(lang, 'framework')];
    for (const kind of ['target', 'objective'] as const) {
      expect(dialogues.trace.kind[kind]).toBeTruthy();
      expect(html).toContain(`<span class="trace__kind">${dialogues.trace.kind[kind]}</span>`);
    }
    expect(html).toContain(`(${framework.state.adopted})`);
    expect(html).toContain(`(${framework.state.in_consultation})`);
  });

  it('links a framework node to its place in the version the trace shows, other kinds to their pages', async () => {
    const html = await render('en');
    expect(html).toContain(`href="/framework/versions/2#node-${TARGET}"`);
    expect(html).toContain(`href="/framework/versions/3#node-${OBJECTIVE}"`);
    expect(html).toContain('href="/indicators/population"');
    // The target's reference and title name it; the objective and indicator hang under it.
    expect(html).toMatch(/<span class="bn-ref">T1\.1\.1<\/span> <span lang="en">Commuters cross in an hour/);
    expect(html.indexOf('T1.1.1')).toBeLessThan(html.indexOf('O1.1'));
  });
});

describe('a consultation comment in the trace', () => {
  const COMMENT = '00000000-0000-4000-8000-000000000005';
  const chain = {
    root: `target:${TARGET}`,
    nodes: [
      { key: `target:${TARGET}`, type: 'target', id: TARGET, ref: 'T1.1.1', title: { en: 'Commuters cross in an hour' }, status: 'adopted', version: 2, depth: 0 },
      { key: `comment:${COMMENT}`, type: 'comment', id: COMMENT, ref: 'CN-2026-0002', title: { et: 'Praamid on liiga aeglased.' }, status: 'changed', depth: 1 },
    ],
    // The server points each link away from the item asked about.
    edges: [{ from: `target:${TARGET}`, to: `comment:${COMMENT}` }],
    truncated: false,
  };

  it.each(LANGUAGES)('names the comment, its outcome and links it on its consultation\'s page, in %s', async (lang) => {
    const i18n = i18next.createInstance();
    const resources = { [lang]: Object.fromEntries([...NAMESPACES, 'outcomes'].map((ns) => [ns, read(lang, ns)])) };
    await i18n.use(initReactI18next).init({ lng: lang, resources, interpolation: { escapeValue: false } });
    const html = renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(MemoryRouter, null, createElement(TraceView, { type: 'target', data: chain as never }))));
    expect(html).toContain(`<span class="trace__kind">${read(lang, 'dialogues').trace.kind.comment}</span>`);
    expect(html).toContain(`href="/consultations/CN-2026-0002?comment=${COMMENT}#followed-comment"`);
    expect(html).toContain('<span lang="et">Praamid on liiga aeglased.');
    expect(html).toContain(`(${read(lang, 'outcomes').state.changed})`);
  });
});
