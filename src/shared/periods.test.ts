import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addYears, daysIn, isTooLong, previousPeriod, quarterOf } from './periods.ts';

describe('periods', () => {
  it('finds the quarter of a day, and the quarters around it', () => {
    expect(quarterOf('2026-12-04')).toEqual({ from: '2026-10-01', to: '2026-12-31', year: 2026, quarter: 4 });
    expect(quarterOf('2026-12-04', -1)).toEqual({ from: '2026-07-01', to: '2026-09-30', year: 2026, quarter: 3 });
    expect(quarterOf('2026-01-01', -1)).toEqual({ from: '2025-10-01', to: '2025-12-31', year: 2025, quarter: 4 });
    expect(quarterOf('2028-02-29', 0)).toEqual({ from: '2028-01-01', to: '2028-03-31', year: 2028, quarter: 1 });
    expect(quarterOf('2026-03-31', 1)).toEqual({ from: '2026-04-01', to: '2026-06-30', year: 2026, quarter: 2 });
  });

  it('compares a run of whole months with as many months before it, any other period with as many days', () => {
    expect(previousPeriod({ from: '2026-07-01', to: '2026-09-30' })).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(previousPeriod({ from: '2026-01-01', to: '2026-03-31' })).toEqual({ from: '2025-10-01', to: '2025-12-31' });
    expect(previousPeriod({ from: '2026-01-01', to: '2026-12-31' })).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(previousPeriod({ from: '2026-03-01', to: '2026-03-31' })).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(previousPeriod({ from: '2026-03-10', to: '2026-03-19' })).toEqual({ from: '2026-02-28', to: '2026-03-09' });
    expect(previousPeriod({ from: '2026-05-05', to: '2026-05-05' })).toEqual({ from: '2026-05-04', to: '2026-05-04' });
  });

  it('gives a previous period that ends the day before and never overlaps', () => {
    const day = fc.integer({ min: 0, max: 20_000 }).map((n) => addDays('2000-01-01', n));
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 2000 }), (from, length) => {
        const period = { from, to: addDays(from, length) };
        const previous = previousPeriod(period);
        expect(addDays(previous.to, 1)).toBe(period.from);
        expect(previous.from <= previous.to).toBe(true);
        expect(daysIn(previous)).toBeGreaterThan(0);
      }),
    );
  });

  it('counts days with both ends, adds years through leap days, and bounds a report at five years', () => {
    expect(daysIn({ from: '2026-01-01', to: '2026-01-01' })).toBe(1);
    expect(daysIn({ from: '2026-01-01', to: '2026-12-31' })).toBe(365);
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
    expect(addYears('2026-10-01', 5)).toBe('2031-10-01');
    expect(isTooLong({ from: '2026-01-01', to: '2030-12-31' })).toBe(false);
    expect(isTooLong({ from: '2026-01-01', to: '2031-01-01' })).toBe(true);
  });
});
