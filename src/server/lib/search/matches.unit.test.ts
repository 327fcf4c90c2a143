import { describe, expect, it } from 'vitest';
import { SearchIndex } from './engine.ts';
import { matchesOf } from './matches.ts';

describe('matchesOf', () => {
  it('marks, per field and language, the words of each found item that its search matched', () => {
    const index = new SearchIndex();
    index.add({ id: 'a', fields: [{ field: 'title', lang: 'fi', text: 'Väestöennuste 2040' }, { field: 'description', lang: 'fi', text: 'Ennuste väestöstä' }] });
    index.add({ id: 'b', fields: [{ field: 'title', lang: 'en', text: 'Ferry timetables' }] });
    const result = index.search('ennuste');
    expect(result.hits.map((hit) => hit.id)).toEqual(['a']);
    const texts = { a: [{ field: 'title', lang: 'fi', text: 'Väestöennuste 2040' }, { field: 'description', lang: 'fi', text: 'Ennuste väestöstä' }], b: [{ field: 'title', lang: 'en', text: 'Ferry timetables' }] };
    expect(matchesOf(result, [{ id: 'a', texts: texts.a }, { id: 'b', texts: texts.b }])).toEqual([
      { id: 'a', highlights: { title: { fi: [[0, 13]] }, description: { fi: [[0, 7]] } } },
      { id: 'b', highlights: {} },
    ]);
  });

  it('files a text of no language under und', () => {
    const index = new SearchIndex();
    index.add({ id: 'x', fields: [{ field: 'title', lang: null, text: 'Helsinki Port' }] });
    const result = index.search('port');
    expect(matchesOf(result, [{ id: 'x', texts: [{ field: 'name', lang: null, text: 'Helsinki Port' }] }])).toEqual([{ id: 'x', highlights: { name: { und: [[9, 13]] } } }]);
  });

  it('says which term of another language found an item, and nothing for an item found by its own words', () => {
    const index = new SearchIndex();
    index.add({ id: 'card', fields: [{ field: 'title', lang: 'en', text: 'Tax card for a cross-border worker' }] });
    index.add({ id: 'own', fields: [{ field: 'title', lang: 'fi', text: 'Verokortti rajatyöntekijälle' }] });
    const translations = (word: { key: string }) => (word.key === 'verokortti' ? [{ term: 'tax card', termLang: 'en' as const, lang: 'fi' as const }] : []);
    const result = index.search('verokortti', { translations });
    expect(result.hits.map((hit) => hit.id).sort()).toEqual(['card', 'own']);
    const [card, own] = matchesOf(result, [
      { id: 'card', texts: [{ field: 'title', lang: 'en', text: 'Tax card for a cross-border worker' }] },
      { id: 'own', texts: [{ field: 'title', lang: 'fi', text: 'Verokortti rajatyöntekijälle' }] },
    ]);
    expect(card.via).toEqual([expect.objectContaining({ term: 'tax card', termLang: 'en' })]);
    expect(card.highlights.title?.en?.length).toBeGreaterThan(0);
    expect(own.via).toBeUndefined();
  });
});
