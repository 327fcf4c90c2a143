import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareTimeCodes, normaliseTimeCode, parseTimeCode, sortTimeCodes, timeCodeOf, type Frequency } from './statTime.ts';

describe('parseTimeCode', () => {
  it.each([
    ['2023', undefined, 'A', '2023-01-01', '2024-01-01'],
    ['2023Q2', undefined, 'Q', '2023-04-01', '2023-07-01'],
    ['2023-Q2', undefined, 'Q', '2023-04-01', '2023-07-01'],
    ['2023K2', undefined, 'Q', '2023-04-01', '2023-07-01'],
    ['2023Q4', undefined, 'Q', '2023-10-01', '2024-01-01'],
    ['2023M06', undefined, 'M', '2023-06-01', '2023-07-01'],
    ['2023-06', undefined, 'M', '2023-06-01', '2023-07-01'],
    ['2023M12', undefined, 'M', '2023-12-01', '2024-01-01'],
    ['202306', 'M', 'M', '2023-06-01', '2023-07-01'],
    ['2024M02', 'M', 'M', '2024-02-01', '2024-03-01'],
  ] as const)('%s (frequency %s) is %s [%s, %s)', (code, frequency, expected, start, end) => {
    expect(parseTimeCode(code, frequency)).toEqual({ frequency: expected, start, end });
  });

  it.each([
    ['202306', undefined, 'six digits without a monthly frequency could be any code'],
    ['202306', 'Q', 'six digits are never a quarter'],
    ['2023Q5', undefined, 'no fifth quarter'],
    ['2023Q0', undefined, 'no quarter 0'],
    ['2023M13', undefined, 'no month 13'],
    ['2023M00', undefined, 'no month 0'],
    ['2023M6', undefined, 'PxWeb writes two digits'],
    ['2023-6', undefined, 'ISO writes two digits'],
    ['2023q2', undefined, 'sources write the letter in capitals'],
    ['2023Q2', 'M', 'a quarter where months are asked for'],
    ['2023', 'Q', 'a year where quarters are asked for'],
    ['23', undefined, 'two-digit year'],
    ['0999', undefined, 'before the first year'],
    ['9999', undefined, 'its end would not be a YYYY date'],
    ['2023-W05', undefined, 'weeks are not a frequency here'],
    ['2023-S1', undefined, 'half-years are not a frequency here'],
    [' 2023', undefined, 'whitespace'],
    ['2023 ', undefined, 'whitespace'],
    ['２０２３', undefined, 'full-width digits'],
    ['', undefined, 'empty'],
  ] as const)('%s (frequency %s) names no period: %s', (code, frequency, _why) => {
    expect(parseTimeCode(code, frequency)).toBeNull();
  });

  it('answers at once whatever the input (no backtracking: a long hostile string costs a length check)', () => {
    const started = performance.now();
    for (let i = 0; i < 1000; i++) expect(parseTimeCode(`2023${'-'.repeat(10_000)}Q2`)).toBeNull();
    expect(performance.now() - started).toBeLessThan(500);
    fc.assert(fc.property(fc.string({ maxLength: 12 }), fc.constantFrom<Frequency | undefined>(undefined, 'A', 'Q', 'M'), (code, frequency) => {
      const interval = parseTimeCode(code, frequency);
      if (interval) expect(interval.start < interval.end).toBe(true);
    }));
  });
});

describe('timeCodeOf and normaliseTimeCode', () => {
  it('writes each frequency in PxWeb and ISO style', () => {
    expect(timeCodeOf({ frequency: 'A', start: '2023-01-01' })).toBe('2023');
    expect(timeCodeOf({ frequency: 'Q', start: '2023-04-01' })).toBe('2023Q2');
    expect(timeCodeOf({ frequency: 'Q', start: '2023-04-01' }, 'iso')).toBe('2023-Q2');
    expect(timeCodeOf({ frequency: 'M', start: '2023-06-01' })).toBe('2023M06');
    expect(timeCodeOf({ frequency: 'M', start: '2023-06-01' }, 'iso')).toBe('2023-06');
  });

  it('refuses a start that begins no period of the frequency', () => {
    expect(timeCodeOf({ frequency: 'A', start: '2023-02-01' })).toBeNull();
    expect(timeCodeOf({ frequency: 'Q', start: '2023-05-01' })).toBeNull();
    expect(timeCodeOf({ frequency: 'M', start: '2023-05-02' })).toBeNull();
    expect(timeCodeOf({ frequency: 'M', start: '2023-5-01' })).toBeNull();
  });

  it('gives one code per period whichever way the source wrote it', () => {
    for (const code of ['2023Q2', '2023-Q2', '2023K2']) expect(normaliseTimeCode(code)).toBe('2023Q2');
    for (const code of ['2023M06', '2023-06']) expect(normaliseTimeCode(code)).toBe('2023M06');
    expect(normaliseTimeCode('202306', 'M')).toBe('2023M06');
    expect(normaliseTimeCode('2023M06', undefined, 'iso')).toBe('2023-06');
    expect(normaliseTimeCode('2023K2', undefined, 'iso')).toBe('2023-Q2');
    expect(normaliseTimeCode('nonsense')).toBeNull();
  });

  it('round-trips every period: code → interval → code, and each period ends where the next begins', () => {
    const period = fc.oneof(
      fc.record({ frequency: fc.constant<Frequency>('A'), year: fc.integer({ min: 1000, max: 9997 }), part: fc.constant(1) }),
      fc.record({ frequency: fc.constant<Frequency>('Q'), year: fc.integer({ min: 1000, max: 9997 }), part: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ frequency: fc.constant<Frequency>('M'), year: fc.integer({ min: 1000, max: 9997 }), part: fc.integer({ min: 1, max: 12 }) }),
    );
    fc.assert(fc.property(period, fc.constantFrom<'px' | 'iso'>('px', 'iso'), ({ frequency, year, part }, style) => {
      const month = frequency === 'Q' ? (part - 1) * 3 + 1 : part;
      const start = `${year}-${String(month).padStart(2, '0')}-01`;
      const code = timeCodeOf({ frequency, start }, style);
      expect(code).not.toBeNull();
      const interval = parseTimeCode(code!, frequency);
      expect(interval).toMatchObject({ frequency, start });
      const next = timeCodeOf({ frequency, start: interval!.end }, style);
      expect(parseTimeCode(next!, frequency)?.start).toBe(interval!.end);
      const days = (Date.parse(interval!.end) - Date.parse(interval!.start)) / 86_400_000;
      expect(days).toBeGreaterThanOrEqual({ A: 365, Q: 90, M: 28 }[frequency]);
      expect(days).toBeLessThanOrEqual({ A: 366, Q: 92, M: 31 }[frequency]);
    }));
  });
});

describe('sorting', () => {
  it('orders by start, the longer period first at the same start, codes of no period last', () => {
    const codes = ['2023M02', 'x', '2022', '2023-Q1', '2023', '2023M01', '2022Q4', '..'];
    expect(sortTimeCodes(codes)).toEqual(['2022', '2022Q4', '2023', '2023-Q1', '2023M01', '2023M02', '..', 'x']);
    expect(compareTimeCodes('2023Q2', '2023-Q2')).toBe(0);
    expect(compareTimeCodes('2023K4', '2024')).toBeLessThan(0);
  });

  it('sorts six-digit months only when told they are months', () => {
    expect(sortTimeCodes(['202312', '202302', '202311'], 'M')).toEqual(['202302', '202311', '202312']);
    // Without the frequency they name no period: kept, in text order, after nothing.
    expect(sortTimeCodes(['202312', '2023', '202302'])).toEqual(['2023', '202302', '202312']);
  });

  it('sorts like the intervals it names', () => {
    fc.assert(fc.property(fc.array(fc.record({ year: fc.integer({ min: 1990, max: 2030 }), month: fc.integer({ min: 1, max: 12 }) })), (months) => {
      const codes = months.map(({ year, month }) => `${year}-${String(month).padStart(2, '0')}`);
      expect(sortTimeCodes(codes)).toEqual([...codes].sort());
    }));
  });
});
