import { describe, expect, it } from 'vitest';
import { dateFormat, mailDate } from './dates.ts';

describe('dates in the reader’s language', () => {
  const at = new Date('2026-12-03T08:00:00Z'); // 10:00 in Helsinki

  it('write a mailed link’s end in Helsinki time, in fi, et and en', () => {
    expect(mailDate('en', at)).toBe('3 December 2026 at 10:00');
    expect(mailDate('fi', at)).toMatch(/^3\. joulukuuta 2026 .*10\.00$/);
    expect(mailDate('et', at)).toMatch(/^3\. detsember 2026.* 10:00$/);
  });

  it('take another time zone and other parts', () => {
    expect(mailDate('en', at, 'UTC')).toBe('3 December 2026 at 08:00');
    expect(dateFormat('en', { dateStyle: 'long', timeZone: 'Europe/Tallinn' }).format(at)).toBe('3 December 2026');
  });
});
