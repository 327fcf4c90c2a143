import { describe, expect, it } from 'vitest';
import type { ContentLanguage } from '../../../shared/languages.ts';
import sample from './snowball/sample-stems.json' with { type: 'json' };
import { snowballStem } from './stemmers.ts';

/**
 * The vendored Snowball 3.1.1 stemmers give the stems Snowball's own C build of the same tag
 * gives, on 50 words per language from Snowball's test vocabularies (snowball/README.md says how
 * the sample was drawn). A regenerated file from another version, a mixed-up language or a
 * broken runtime fails here.
 */
describe('the vendored Snowball stemmers', () => {
  const languages = Object.keys(sample) as ContentLanguage[];

  it('cover the five content languages, 50 words each', () => {
    expect(languages.sort()).toEqual(['en', 'et', 'fi', 'ru', 'sv']);
    for (const lang of languages) expect(sample[lang]).toHaveLength(50);
  });

  for (const lang of ['fi', 'et', 'sv', 'ru', 'en'] as const) {
    it(`stem ${lang} as Snowball 3.1.1's C stemmer does`, () => {
      const got = sample[lang].map(([word]) => [word, snowballStem(word, lang)]);
      expect(got).toEqual(sample[lang]);
    });
  }

  it('are version 3.1: Finnish illative fallbacks that earlier versions left whole', () => {
    // NEWS of 3.1.0: "-han … -hön but the vowel before does not match … we now … remove -n".
    expect(snowballStem('abachan', 'fi')).toBe('abach');
    expect(snowballStem('delhin', 'fi')).toBe('delh');
  });
});
