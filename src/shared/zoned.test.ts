import { describe, expect, it } from 'vitest';
import { isoToZoned, zonedToIso } from './zoned.ts';

const ZONES = ['Europe/Helsinki', 'Europe/Tallinn'] as const;
const MINUTE = 60_000;

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

  describe.each(ZONES)('daylight-saving changes in %s (03:00 EET → 04:00 EEST, 04:00 EEST → 03:00 EET)', (zone) => {
    it('moves a time in the spring gap forward by the hour skipped', () => {
      // 2026-03-29 03:00–03:59 does not exist: it is read in winter time (+02), which is 04:xx summer time.
      expect(zonedToIso('2026-03-29T03:30', zone)).toBe('2026-03-29T01:30:00.000Z');
      expect(isoToZoned('2026-03-29T01:30:00.000Z', zone)).toBe('2026-03-29T04:30');
      expect(zonedToIso('2026-03-29T03:00', zone)).toBe('2026-03-29T01:00:00.000Z');
      expect(isoToZoned(zonedToIso('2026-03-29T03:59', zone), zone)).toBe('2026-03-29T04:59');
      // Either side of the gap, as written.
      expect(zonedToIso('2026-03-29T02:59', zone)).toBe('2026-03-29T00:59:00.000Z');
      expect(zonedToIso('2026-03-29T04:00', zone)).toBe('2026-03-29T01:00:00.000Z');
    });

    it('takes the earlier instant, still in summer time, for a time the autumn repeats', () => {
      // 2026-10-25 03:30 happens at 00:30 UTC (+03) and again at 01:30 UTC (+02).
      expect(isoToZoned('2026-10-25T00:30:00.000Z', zone)).toBe('2026-10-25T03:30');
      expect(isoToZoned('2026-10-25T01:30:00.000Z', zone)).toBe('2026-10-25T03:30');
      expect(zonedToIso('2026-10-25T03:30', zone)).toBe('2026-10-25T00:30:00.000Z');
      expect(zonedToIso('2026-10-25T03:00', zone)).toBe('2026-10-25T00:00:00.000Z');
      expect(zonedToIso('2026-10-25T03:59', zone)).toBe('2026-10-25T00:59:00.000Z');
      // Either side of the repeated hour, as written.
      expect(zonedToIso('2026-10-25T02:59', zone)).toBe('2026-10-24T23:59:00.000Z');
      expect(zonedToIso('2026-10-25T04:00', zone)).toBe('2026-10-25T02:00:00.000Z');
    });

    it.each([
      ['2026-03-29', 0],
      ['2026-10-25', 1],
    ] as const)('turns every quarter hour of %s into wall-clock time and back', (day, repeatedHours) => {
      const start = Date.parse(`${day}T00:00:00+03:00`) - 3 * 60 * MINUTE;
      const end = Date.parse(`${day}T00:00:00+02:00`) + 27 * 60 * MINUTE;
      const walls = new Set<string>();
      let repeated = 0;
      for (let instant = start; instant <= end; instant += 15 * MINUTE) {
        const wall = isoToZoned(new Date(instant).toISOString(), zone);
        const back = Date.parse(zonedToIso(wall, zone));
        if (walls.has(wall)) {
          // The repeated hour's second pass reads as its first, an hour earlier: a wall-clock
          // time alone cannot say which pass it is.
          expect(back, wall).toBe(instant - 60 * MINUTE);
          repeated++;
        } else {
          expect(new Date(back).toISOString(), wall).toBe(new Date(instant).toISOString());
        }
        walls.add(wall);
      }
      expect(repeated).toBe(4 * repeatedHours);
    });

    it.each(['2026-03-29', '2026-10-25'])('turns every quarter hour of wall-clock time on %s into an instant and back, but the skipped hour', (day) => {
      for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
        const wall = `${day}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
        const back = isoToZoned(zonedToIso(wall, zone), zone);
        if (day === '2026-03-29' && wall >= `${day}T03:00` && wall < `${day}T04:00`) expect(back).toBe(`${day}T04:${wall.slice(-2)}`);
        else expect(back).toBe(wall);
      }
    });
  });
});
