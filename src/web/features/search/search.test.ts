import { describe, expect, it } from 'vitest';
import { searchAddress, searchWords, SEARCH_KINDS } from './search.ts';

describe('the platform search in the address', () => {
  it('reads the words trimmed and at most 200 characters', () => {
    expect(searchWords(new URLSearchParams('q=%20ferry%20'))).toBe('ferry');
    expect(searchWords(new URLSearchParams(''))).toBe('');
    expect(searchWords(new URLSearchParams({ q: 'a'.repeat(300) }))).toHaveLength(200);
  });

  it("leads to each list's own search with the same words", () => {
    expect(SEARCH_KINDS.map((kind) => searchAddress(kind, 'A1 & ferry'))).toEqual([
      '/bottlenecks?q=A1+%26+ferry',
      '/dialogues?q=A1+%26+ferry',
      '/recommendations?q=A1+%26+ferry',
      '/institutions?q=A1+%26+ferry',
      '/datasets?q=A1+%26+ferry',
    ]);
  });
});
