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
});
