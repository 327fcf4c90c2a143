import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { LocalizedText, pickLocalized } from './localized.ts';

describe('pickLocalized', () => {
  it('gives the wanted language when present', () => {
    expect(pickLocalized({ fi: 'Satama', et: 'Sadam', en: 'Port' }, 'et')).toEqual({ text: 'Sadam', lang: 'et', isFallback: false });
  });

  it('falls back en → fi → et and marks the fallback', () => {
    expect(pickLocalized({ fi: 'Satama', en: 'Port' }, 'et')).toEqual({ text: 'Port', lang: 'en', isFallback: true });
    expect(pickLocalized({ et: 'Sadam', fi: 'Satama' }, 'en')).toEqual({ text: 'Satama', lang: 'fi', isFallback: true });
    expect(pickLocalized({ ru: 'Порт' }, 'fi')).toEqual({ text: 'Порт', lang: 'ru', isFallback: true });
  });

  it('answers null for nothing', () => {
    expect(pickLocalized(null, 'fi')).toBeNull();
    expect(pickLocalized({}, 'fi')).toBeNull();
  });
});

describe('LocalizedText schema', () => {
  const validate = new Ajv().compile(LocalizedText(50));
  it('accepts the content languages and needs at least one', () => {
    expect(validate({ fi: 'Hei', sv: 'Hej' })).toBe(true);
    expect(validate({})).toBe(false);
    expect(validate({ de: 'Hallo' })).toBe(false);
    expect(validate({ fi: '' })).toBe(false);
    expect(validate({ fi: 'x'.repeat(51) })).toBe(false);
  });
});
