import { describe, expect, it } from 'vitest';
import { isStorableDate, isStorableDateTime, unstorableFields, unstorableText } from './input.ts';

describe('what PostgreSQL can store', () => {
  it('takes RFC 3339 times of years 1–9999, and no leap second, year 0 or impossible day', () => {
    for (const ok of ['2026-12-02T10:00:00Z', '2026-12-02t10:00:00.123456z', '2026-12-02 10:00:00+02:00', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '2028-02-29T00:00:00-14:00']) {
      expect(isStorableDateTime(ok), ok).toBe(true);
    }
    for (const bad of ['0000-01-01T00:00:00Z', '2026-12-31T23:59:60Z', '0001-01-01T00:00:00+01:00', '2026-02-29T00:00:00Z', '2026-13-01T00:00:00Z', '2026-12-02T24:00:00Z', '2026-12-02T10:00:00+24:00', '2026-12-02', '10000-01-01T00:00:00Z', '2026-12-02T10:00Z']) {
      expect(isStorableDateTime(bad), bad).toBe(false);
    }
    expect(isStorableDate('2028-02-29')).toBe(true);
    expect(isStorableDate('0001-01-01')).toBe(true);
    for (const bad of ['0000-01-01', '2026-02-29', '2026-04-31', '2026-1-1', '2026-12-02T00:00:00Z']) expect(isStorableDate(bad), bad).toBe(false);
  });

  it('names NUL and half surrogate pairs wherever they are, keys included, however deep', () => {
    expect(unstorableText('ok 🙂')).toBeNull();
    expect(unstorableText('a\u0000')).toMatch(/NUL/);
    expect(unstorableText('\uDC00a')).toMatch(/surrogate/);
    expect(unstorableFields({ title: { fi: 'ok', et: 'x\uD800' }, tags: ['a', 'b\u0000'] }, 'body').map((e) => `${e.path} ${e.code}`).sort()).toEqual(['body/tags/1 nul-character', 'body/title/et broken-unicode']);
    expect(unstorableFields({ ['k\u0000']: 1 }, 'body')).toEqual([{ path: 'body/(a key)', code: 'nul-character', message: 'must not contain a NUL character' }]);
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(unstorableFields(deep, 'body')).toHaveLength(1);
  });
});
