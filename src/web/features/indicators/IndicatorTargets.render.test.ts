import fs from 'node:fs';
import i18next from 'i18next';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { IndicatorTargets } from './IndicatorTargets.tsx';
import type { IndicatorAnswer } from './indicatorView.ts';

// No DOM library in the project, and no demo action is linked to an indicator: the KPIs are rendered to HTML and read.
const indicators = JSON.parse(fs.readFileSync(new URL('../../locales/en/indicators.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const i18n = i18next.createInstance();
await i18n.use(initReactI18next).init({ lng: 'en', resources: { en: { indicators, common: { languages: { fi: 'Finnish' } } } }, interpolation: { escapeValue: false } });

const indicator = {
  measure: 'absolute',
  decimals: 0,
  regions: [{ code: 'ee-ehak:0784', name: { en: 'Tallinn' }, scheme: 'ee-ehak', country: 'EE', level: 4, parent: null }],
  targets: [
    { kind: 'action', id: 'a', ref: 'AC-0003', title: { en: 'A joint ticket' }, region: 'ee-ehak:0784', baseline: { value: 8_000_000, period: '2023' }, target: { value: 9_000_000, period: '2026' }, latest: { value: 8_250_000, period: '2024' }, progress: 0.25, note: null },
    { kind: 'bottleneck', id: 'b', ref: 'BN-2026-0001', title: { fi: 'Rajaeste' }, region: null, baseline: null, target: null, latest: null, progress: null, note: { en: 'Evidence only.' } },
  ],
} as unknown as IndicatorAnswer;

describe('what an indicator measures', () => {
  const html = renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(MemoryRouter, null, createElement(IndicatorTargets, { indicator }))));

  it('links each action and bottleneck to its page, with baseline, target, latest and the progress in words', () => {
    expect(html).toContain('href="/actions/AC-0003"');
    expect(html).toContain('href="/bottlenecks/BN-2026-0001"');
    expect(html).toContain('<dt>Region</dt><dd>Tallinn</dd>');
    expect(html).toContain('<dt>Baseline</dt><dd>8,000,000 (2023)</dd>');
    expect(html).toContain('<dt>Target</dt><dd>9,000,000 (2026)</dd>');
    expect(html).toContain('<dt>Latest</dt><dd>8,250,000 (2024)</dd>');
    expect(html).toContain('<span class="ac-progress__fill" style="width:25%"></span>');
    expect(html).toContain('<span class="ac-progress__text">25 % of the way to the target</span>');
  });

  it('says when progress cannot be known, and marks a title in another language', () => {
    expect(html).toContain('Not known yet');
    expect(html).toContain('<span lang="fi">Rajaeste');
    expect(html).toContain('Evidence only.');
  });
});
