import { describe, expect, it } from 'vitest';
import { ISO_3166_1_ALPHA_2 } from './countries.ts';

describe('ISO 3166-1 alpha-2', () => {
  it('holds the 249 assigned codes once each, in order, and no reserved ones', () => {
    expect(ISO_3166_1_ALPHA_2).toHaveLength(249);
    expect([...ISO_3166_1_ALPHA_2].sort()).toEqual([...ISO_3166_1_ALPHA_2]);
    expect(new Set(ISO_3166_1_ALPHA_2).size).toBe(249);
    for (const code of ISO_3166_1_ALPHA_2) expect(code).toMatch(/^[A-Z]{2}$/);
    expect(ISO_3166_1_ALPHA_2).toEqual(expect.arrayContaining(['FI', 'EE', 'SE', 'LV', 'GB']));
    for (const reserved of ['EU', 'UK', 'XK', 'ZZ', 'AA']) expect(ISO_3166_1_ALPHA_2).not.toContain(reserved);
  });
});
