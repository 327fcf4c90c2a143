import { describe, expect, it } from 'vitest';
import { isoToZoned, zonedToIso } from './zoned.ts';

describe('dialogue times in Helsinki and Tallinn', () => {
  it('reads wall-clock times in winter and summer time', () => {
    expect(zonedToIso('2026-12-03T10:00', 'Europe/Helsinki')).toBe('2026-12-03T08:00:00.000Z');
    expect(zonedToIso('2026-07-01T09:00', 'Europe/Tallinn')).toBe('2026-07-01T06:00:00.000Z');
  });

  it('writes instants back as the same wall-clock time', () => {
    for (const local of ['2026-03-29T02:30', '2026-03-29T05:00', '2026-10-25T05:00', '2027-01-15T23:59']) {
      expect(isoToZoned(zonedToIso(local, 'Europe/Helsinki'), 'Europe/Helsinki')).toBe(local);
    }
  });
});
