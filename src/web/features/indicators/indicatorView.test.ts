import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apiQuery, chartDataOf, chartKindOf, defaultRegions, downloadHref, keptShown, regionsShown, viewOf, viewParams, type IndicatorAnswer, type IndicatorView } from './indicatorView.ts';
import { periodLabel, statusText, valueLabelOf } from './labels.ts';

const region = (code: string, country: 'FI' | 'EE', level: number, scheme: 'nuts' | 'fi-kunta' | 'ee-ehak' | 'country' = level === 3 ? 'nuts' : country === 'FI' ? 'fi-kunta' : 'ee-ehak') => ({ code, name: { en: code }, scheme, country, level, parent: null });
const series = (regionCode: string, side: 'FI' | 'EE' | 'EU', values: (number | null)[], kept: Record<string, string> = {}, statuses: Record<string, string> = {}) => ({ region: regionCode, side, kept, values, statuses });

const indicator = {
  id: 'foreign-citizens',
  measure: 'absolute',
  base: null,
  regions: [region('nuts:EE001', 'EE', 3), region('ee-ehak:0784', 'EE', 4), region('nuts:FI1B1', 'FI', 3), region('fi-kunta:091', 'FI', 4)],
  periods: [
    { code: '2022', start: '2022-01-01', end: '2023-01-01' },
    { code: '2023', start: '2023-01-01', end: '2024-01-01' },
  ],
  dimensions: [{ code: 'citizenship', label: { en: 'Citizenship' }, values: [{ code: 'RU', label: { en: 'Russia' } }, { code: 'EE', label: { en: 'Estonia' } }, { code: 'XX', label: { en: 'None here' } }] }],
  series: [
    series('nuts:EE001', 'EE', [1, 2], { citizenship: 'RU' }),
    series('nuts:FI1B1', 'FI', [3, 4], { citizenship: 'EE' }, { 1: 'p' }),
    series('nuts:FI1B1', 'FI', [5, 6], { citizenship: 'RU' }),
    series('fi-kunta:091', 'FI', [7, null], { citizenship: 'RU' }),
  ],
} as unknown as IndicatorAnswer;

const labels = { region: (code: string) => code, side: (side: string) => side, period: (code: string) => `y${code}`, valueLabel: 'persons' };
const plain: IndicatorView = { measure: 'absolute', base: undefined, regions: null, kept: {}, chart: undefined };

describe('an indicator\'s view in the address', () => {
  it('reads measure, base, regions, kept values and chart, ignoring what it does not know', () => {
    const view = viewOf(new URLSearchParams('measure=index&base=2015&region=nuts:FI1B1&region=fi-kunta:091&d.citizenship=EE&chart=bar&colour=red'));
    expect(view).toEqual({ measure: 'index', base: '2015', regions: ['nuts:FI1B1', 'fi-kunta:091'], kept: { citizenship: 'EE' }, chart: 'bar' });
    expect(viewOf(new URLSearchParams('measure=sideways&base=2015&chart=pie'))).toEqual(plain);
    expect(apiQuery(view)).toEqual({ measure: 'index', base: '2015' });
    expect(apiQuery(plain)).toEqual({});
    expect(viewParams(plain).toString()).toBe('');
  });

  it('reads back every view it writes: parse(serialise(v)) == v', () => {
    const code = fc.stringMatching(/^[a-z]{1,3}:[A-Z0-9]{1,5}$/);
    const view = fc.record({
      measure: fc.constantFrom('absolute', 'per-capita', 'index' as const),
      base: fc.option(fc.constantFrom('2015', '2023-Q2'), { nil: undefined }),
      regions: fc.option(fc.uniqueArray(code, { minLength: 1, maxLength: 4 }), { nil: null }),
      kept: fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.stringMatching(/^[A-Z]{1,3}$/), { maxKeys: 2 }),
      chart: fc.option(fc.constantFrom('line', 'bar' as const), { nil: undefined }),
    });
    fc.assert(
      fc.property(view, (written) => {
        const expected = { ...written, base: written.measure === 'index' ? written.base : undefined };
        expect(viewOf(new URLSearchParams(viewParams(written).toString()))).toEqual(expected);
      }),
    );
  });
});

describe('what a view shows', () => {
  it('shows each country\'s NUTS 3 regions by default, the largest regions where a country has none', () => {
    expect(defaultRegions(indicator.regions)).toEqual(['nuts:FI1B1', 'nuts:EE001']);
    expect(defaultRegions([region('fi-kunta:091', 'FI', 4), region('fi-kunta:049', 'FI', 4), region('country:EE', 'EE', 0, 'country')])).toEqual(['fi-kunta:091', 'fi-kunta:049', 'country:EE']);
    expect(regionsShown({ ...plain, regions: ['fi-kunta:091', 'nowhere'] }, indicator.regions)).toEqual(['fi-kunta:091']);
    expect(regionsShown({ ...plain, regions: ['nowhere'] }, indicator.regions)).toEqual(['nuts:FI1B1', 'nuts:EE001']);
  });

  it('keeps a dimension at the value asked for when the figures have it, else at the first they have', () => {
    expect(keptShown(plain, indicator)).toEqual({ citizenship: 'RU' });
    expect(keptShown({ ...plain, kept: { citizenship: 'EE' } }, indicator)).toEqual({ citizenship: 'EE' });
    expect(keptShown({ ...plain, kept: { citizenship: 'XX' } }, indicator)).toEqual({ citizenship: 'RU' });
  });

  it('makes the chart of the chosen regions and kept value, Finland first, statuses by period', () => {
    const data = chartDataOf(indicator, { ...plain, regions: ['nuts:EE001', 'fi-kunta:091', 'nuts:FI1B1'] }, labels);
    expect(data.series.map((one) => [one.label, one.group, one.values])).toEqual([
      ['nuts:FI1B1', 'FI', [5, 6]],
      ['fi-kunta:091', 'FI', [7, null]],
      ['nuts:EE001', 'EE', [1, 2]],
    ]);
    expect(data.periods).toEqual([{ start: '2022-01-01', label: 'y2022' }, { start: '2023-01-01', label: 'y2023' }]);
    const estonians = chartDataOf(indicator, { ...plain, kept: { citizenship: 'EE' } }, labels);
    expect(estonians.series.map((one) => [one.label, one.statuses])).toEqual([['nuts:FI1B1', { 1: 'p' }]]);
    expect(data.reference).toBeUndefined();
    expect(chartDataOf({ ...indicator, measure: 'index' }, plain, labels).reference).toBe(100);
  });

  it('draws bars for fewer than three periods unless asked for lines', () => {
    expect(chartKindOf(plain, 2)).toBe('bar');
    expect(chartKindOf(plain, 3)).toBe('line');
    expect(chartKindOf({ chart: 'line' }, 1)).toBe('line');
  });

  it('links the downloads in the measure and base shown, in the reader\'s language', () => {
    expect(downloadHref('population', 'csv', { measure: 'absolute', base: null }, 'fi')).toBe('/api/indicators/population.csv?lang=fi');
    expect(downloadHref('population', 'json', { measure: 'index', base: '2023-Q2' }, 'et')).toBe('/api/indicators/population.json?lang=et&measure=index&base=2023-Q2');
    expect(downloadHref('foreign-citizens', 'xlsx', { measure: 'per-capita', base: null }, 'en')).toBe('/api/indicators/foreign-citizens.xlsx?lang=en&measure=per-capita');
  });
});

describe('an indicator\'s codes in words', () => {
  const t = (key: string, options?: Record<string, unknown>) => `${key}${options ? JSON.stringify(options) : ''}`;
  it('names years, quarters and months', () => {
    expect(periodLabel('2023', 'en', t)).toBe('2023');
    expect(periodLabel('2023-Q2', 'en', t)).toBe('indicators:period.quarter{"year":"2023","quarter":"2"}');
    expect(periodLabel('2023-06', 'fi', t)).toBe('kesä 2023');
    expect(periodLabel('2023-06', 'en', t)).toBe('Jun 2023');
  });

  it('says what a source\'s symbol means, Eurostat\'s combined flags each in turn', () => {
    expect(statusText('..', t)).toBe('indicators:status.missing');
    expect(statusText('p', t)).toBe('indicators:status.provisional');
    expect(statusText('bp', t)).toBe('indicators:status.break, indicators:status.provisional');
    expect(statusText('§', t)).toBe('indicators:status.other{"symbol":"§"}');
  });

  it('labels the values with the unit, per inhabitants, or the index\'s base', () => {
    expect(valueLabelOf({ measure: 'absolute', unit: { en: 'persons' }, base: null, perCapita: null }, 'en', t)).toBe('persons');
    expect(valueLabelOf({ measure: 'per-capita', unit: { en: 'persons' }, base: null, perCapita: { scale: 1000 } }, 'en', t)).toBe('indicators:valueLabel.perCapita{"unit":"persons","scale":"1,000"}');
    expect(valueLabelOf({ measure: 'index', unit: null, base: '2023-Q2', perCapita: null }, 'en', t)).toBe('indicators:valueLabel.index{"base":"indicators:period.quarter{\\"year\\":\\"2023\\",\\"quarter\\":\\"2\\"}"}');
  });
});
