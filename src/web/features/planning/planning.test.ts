import { describe, expect, it } from 'vitest';
import { formatDayAt } from '../../app/dates.ts';
import { citationNumbers, citesOf, namesOf } from './planning.ts';

describe('the planning pages’ citations', () => {
  it('numbers sources in the order listed and cites each number once, ascending', () => {
    const numbers = citationNumbers([{ tag: 'P9' }, { tag: 'P10' }, { tag: 'P13' }]);
    expect(citesOf(numbers, ['P13', 'P9', 'P13'])).toEqual([1, 3]);
    expect(citesOf(numbers, ['P99'])).toEqual([]);
    expect(citesOf(numbers, undefined)).toEqual([]);
  });
});

describe('an instrument’s names', () => {
  it('puts its own language first and adds only the names given, never a guess', () => {
    expect(namesOf({ et: 'maakonnaplaneering', en: 'county-wide spatial plan' }, 'et')).toEqual([
      { lang: 'et', text: 'maakonnaplaneering' },
      { lang: 'en', text: 'county-wide spatial plan' },
    ]);
    expect(namesOf({ fi: 'maakuntakaava' }, 'fi')).toEqual([{ lang: 'fi', text: 'maakuntakaava' }]);
  });
});

describe('a date as precise as its source', () => {
  it('writes a year, a month or a day, and spans', () => {
    expect(formatDayAt('2012-01-01', 'year', 'en')).toBe('2012');
    expect(formatDayAt('2001-01-01', 'month', 'en')).toBe('Jan 2001');
    expect(formatDayAt('2016-10-26', 'day', 'en')).toBe('26 Oct 2016');
    expect(formatDayAt('2016-10-26', 'day', 'fi')).toBe('26.10.2016');
    expect(formatDayAt('2014-01-01', 'year', 'fi', '2020-01-01')).toBe('2014–2020');
    expect(formatDayAt('2016-07-25', 'day', 'en', '2016-08-22')).toBe('25 Jul 2016 – 22 Aug 2016');
  });
});
