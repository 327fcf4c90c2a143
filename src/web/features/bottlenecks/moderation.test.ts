import { describe, expect, it } from 'vitest';
import { duplicateSuggestions, redactionPatch, selectionState, toggleAll, toggleOne } from './moderation.ts';

const queue = ['BN-2026-0003', 'BN-2026-0002', 'BN-2026-0001'];

describe('choosing reports of the moderation queue', () => {
  it('says none, some or all for the "select all" box', () => {
    expect(selectionState([], queue)).toBe('none');
    expect(selectionState(['BN-2026-0002'], queue)).toBe('some');
    expect(selectionState([...queue].reverse(), queue)).toBe('all');
    // A choice no longer in the queue (published meanwhile) does not count.
    expect(selectionState(['BN-2026-0099'], queue)).toBe('none');
  });

  it('"select all" chooses every item unless all are chosen, then clears', () => {
    expect(toggleAll([], queue)).toEqual(queue);
    expect(toggleAll(['BN-2026-0001'], queue)).toEqual(queue);
    expect(toggleAll(queue, queue)).toEqual([]);
  });

  it('one item is chosen or let go, in the order of the queue', () => {
    expect(toggleOne(['BN-2026-0001'], queue, 'BN-2026-0003')).toEqual(['BN-2026-0003', 'BN-2026-0001']);
    expect(toggleOne(queue, queue, 'BN-2026-0002')).toEqual(['BN-2026-0003', 'BN-2026-0001']);
  });
});

describe('the PATCH of a redaction', () => {
  const before = { title: { fi: 'Kela ei hyväksy todistusta' }, description: { fi: 'Henkilötunnukseni on 010101-123A.', en: 'My id is 010101-123A.' } };

  it('sends only the texts changed, whole in their languages, with the note', () => {
    const after = { title: { fi: 'Kela ei hyväksy todistusta ' }, description: { fi: 'Henkilötunnukseni on [poistettu].', en: 'My id is 010101-123A.' } };
    expect(redactionPatch(before, after, ' Personal data removed. ')).toEqual({
      description: { fi: 'Henkilötunnukseni on [poistettu].', en: 'My id is 010101-123A.' },
      note: 'Personal data removed.',
    });
  });

  it('is nothing when no text changed, and leaves out an empty note', () => {
    expect(redactionPatch(before, before, 'Note')).toBeNull();
    expect(redactionPatch(before, { ...before, title: { fi: 'Uusi otsikko' } }, '  ')).toEqual({ title: { fi: 'Uusi otsikko' } });
  });
});

describe('duplicate suggestions', () => {
  it('are the three most similar, never the report itself', () => {
    const items = [
      { ref: 'A', similarity: 0.4 },
      { ref: 'SELF', similarity: 1 },
      { ref: 'B', similarity: 0.9 },
      { ref: 'C', similarity: 0.5 },
      { ref: 'D', similarity: 0.3 },
    ];
    expect(duplicateSuggestions(items, 'SELF').map((i) => i.ref)).toEqual(['B', 'C', 'A']);
  });
});
