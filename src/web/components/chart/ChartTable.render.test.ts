import fs from 'node:fs';
import i18next from 'i18next';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { ChartTable } from './ChartTable.tsx';
import type { ChartData } from './chartModel.ts';
import { readoutOf } from './TimeSeriesChart.tsx';

// No DOM library in the project: the table is rendered to HTML as a server would, and read.
const charts = JSON.parse(fs.readFileSync(new URL('../../locales/en/charts.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const i18n = i18next.createInstance();
await i18n.use(initReactI18next).init({ lng: 'en', resources: { en: { charts } }, interpolation: { escapeValue: false } });

const data: ChartData = {
  periods: [{ start: '2022-01-01', label: '2022' }, { start: '2023-01-01', label: '2023' }],
  series: [
    { key: 'fi', label: 'Helsinki-Uusimaa', group: 'FI', groupLabel: 'Finland', values: [1_700_000, 1_720_000], statuses: { 1: 'p' } },
    { key: 'ee', label: 'Northern Estonia', group: 'EE', groupLabel: 'Estonia', values: [null, 614_000], statuses: { 0: '..' } },
  ],
  valueLabel: 'persons',
};
const texts = { formatValue: (value: number) => value.toLocaleString('en'), describeStatus: (symbol: string) => ({ p: 'provisional', '..': 'not available' })[symbol] ?? symbol };

describe('a chart\'s data table', () => {
  const html = renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(ChartTable, { data, caption: 'Population: persons', texts })));

  it('has a caption, periods as rows and series as columns, every header scoped, in a named scroll region', () => {
    expect(html).toContain('<div class="table-wrap" role="region" aria-label="Population: persons" tabindex="0">');
    expect(html).toContain('<caption>Population: persons</caption>');
    expect([...html.matchAll(/<th scope="col"[^>]*>(.*?)<\/th>/g)].map((m) => m[1].replace(/<[^>]+>/g, ''))).toEqual(['Period', 'Helsinki-Uusimaa Finland', 'Northern Estonia Estonia']);
    expect([...html.matchAll(/<th scope="row">(.*?)<\/th>/g)].map((m) => m[1])).toEqual(['2022', '2023']);
  });

  it('shows a figure\'s symbol beside it and says it in words, and explains every symbol under the table', () => {
    expect(html).toContain('1,720,000 <span class="chart-table__status" aria-hidden="true">p</span><span class="visually-hidden"> (provisional)</span>');
    expect(html).toContain('<span class="chart-table__status" aria-hidden="true">..</span><span class="visually-hidden"> (not available)</span>');
    expect(html).toContain('<dt>p</dt><dd>provisional</dd>');
    expect(html).toContain('<dt>..</dt><dd>not available</dd>');
  });

  it('reads out the highlighted figure as "Region, period: value", with its symbol in words', () => {
    const t = i18n.t.bind(i18n) as unknown as Parameters<typeof readoutOf>[3];
    expect(readoutOf(data, { series: 0, period: 1 }, texts, (key, options) => t(`charts:${key.split(':')[1]}`, options))).toBe('Helsinki-Uusimaa, 2023: 1,720,000 (provisional)');
    expect(readoutOf(data, { series: 1, period: 0 }, texts, (key, options) => t(`charts:${key.split(':')[1]}`, options))).toBe('Northern Estonia, 2022: no figure (not available)');
  });
});
