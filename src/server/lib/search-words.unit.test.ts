import { describe, expect, it } from 'vitest';
import { webSearchText } from './search-words.ts';

describe('search words for websearch_to_tsquery', () => {
  it('writes a run of dashes as the negation it means: one for an odd number, none for an even', () => {
    expect(webSearchText('liikenne ---tallinn')).toBe('liikenne -tallinn');
    expect(webSearchText('liikenne --tallinn')).toBe('liikenne tallinn');
    expect(webSearchText('- - -tallinn')).toBe('-tallinn');
    expect(webSearchText('a - b')).toBe('a -b');
    expect(webSearchText('"--a b" (--c')).toBe('"a b" (c');
    expect(webSearchText(`${'- '.repeat(151)}a`)).toBe('-a');
  });

  it('leaves hyphenated words alone and drops dashes that negate nothing', () => {
    expect(webSearchText('e-teenused -x a-b--c')).toBe('e-teenused -x a-b--c');
    expect(webSearchText(`a ${'-'.repeat(200)}`)).toBe('a ');
    expect(webSearchText('-')).toBe('');
  });
});
