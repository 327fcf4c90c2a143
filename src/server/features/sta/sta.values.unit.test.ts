import { describe, expect, it } from 'vitest';
import { parseInstant } from './sta.values.ts';

/** Instants as OGC 18-088 writes them: an offset required, and only days the calendar has. */
describe('parseInstant', () => {
  it('takes the 29th of February in leap years only, as the Gregorian calendar counts them', () => {
    expect(parseInstant('2024-02-29T12:00:00Z')).toBe(Date.UTC(2024, 1, 29, 12));
    expect(parseInstant('2000-02-29T00:00:00Z')).toBe(Date.UTC(2000, 1, 29));
    expect(parseInstant('2023-02-29T00:00:00Z')).toBeUndefined();
    expect(parseInstant('1900-02-29T00:00:00Z')).toBeUndefined();
    expect(parseInstant('0004-02-29T00:00:00Z')).toBe(Date.parse('0004-02-29T00:00:00Z'));
  });

  it('refuses days past a month’s end, times out of range and instants without an offset', () => {
    for (const text of ['2026-04-31T00:00:00Z', '2026-12-32T00:00:00Z', '2026-13-01T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T10:60:00Z', '2026-01-01T10:00:00', '0000-01-01T00:00:00Z']) {
      expect(parseInstant(text), text).toBeUndefined();
    }
    expect(parseInstant('2026-04-30T23:59:59.999+03:00')).toBe(Date.parse('2026-04-30T20:59:59.999Z'));
  });
});
