import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clearDraft, decodeDraft, DRAFT_MAX_BYTES, DRAFT_TTL_MS, DRAFT_VERSION, draftKey, draftValues, encodeDraft, isUntouched, loadDraft, pruneDrafts, restoredControl, saveDraft, type DraftStorage } from './draft.ts';

/** `localStorage` as a map, which can be told to refuse writes as a full or private one does. */
function memoryStorage(refuse = false): DraftStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => {
      if (refuse) throw new DOMException('full', 'QuotaExceededError');
      map.set(key, value);
    },
    removeItem: (key) => void map.delete(key),
    get length() {
      return map.size;
    },
    key: (index) => [...map.keys()][index] ?? null,
  };
}

const NOW = Date.UTC(2026, 11, 2, 8, 0);
const key = draftKey('report', 'new');
const defaults = { title: [''], description: [''], language: ['fi'] };

describe('draft values', () => {
  it('are every named field as sent, several values kept in order, files left out', () => {
    const file = new File(['x'], 'scan.pdf', { type: 'application/pdf' });
    expect(draftValues([['title', 'Kela'], ['countries', 'FI'], ['countries', 'EE'], ['files', file]])).toEqual({ title: ['Kela'], countries: ['FI', 'EE'] });
  });

  it('count as untouched while they are the form as it first appeared', () => {
    expect(isUntouched({ title: [''], description: [''], language: ['fi'] }, defaults)).toBe(true);
    expect(isUntouched({ title: ['K'], description: [''], language: ['fi'] }, defaults)).toBe(false);
    expect(isUntouched({ ...defaults, countries: ['EE'] }, defaults)).toBe(false);
  });
});

describe('stored drafts', () => {
  it('come back as they were saved, whatever they hold', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 20 }), fc.array(fc.string({ maxLength: 200 }), { maxLength: 4 })), (values) => {
        const text = encodeDraft(values, NOW)!;
        expect(decodeDraft(text, NOW + 1000)).toEqual({ values, savedAt: NOW });
      }),
    );
  });

  it('expire a fortnight after the last change', () => {
    const text = encodeDraft({ title: ['Kela'] }, NOW)!;
    expect(decodeDraft(text, NOW + DRAFT_TTL_MS)).not.toBeNull();
    expect(decodeDraft(text, NOW + DRAFT_TTL_MS + 1)).toBeNull();
  });

  it('of another version, from the future, unreadable or malformed are not restored', () => {
    const text = encodeDraft({ title: ['Kela'] }, NOW)!;
    expect(decodeDraft(text.replace(`"v":${DRAFT_VERSION}`, `"v":${DRAFT_VERSION + 1}`), NOW)).toBeNull();
    expect(decodeDraft(encodeDraft({ title: ['Kela'] }, NOW + 3_600_000), NOW)).toBeNull();
    for (const bad of ['{', 'null', '[]', `{"v":${DRAFT_VERSION},"savedAt":${NOW},"values":{"title":"Kela"}}`, `{"v":${DRAFT_VERSION},"savedAt":${NOW},"values":{"title":[1]}}`]) {
      expect(decodeDraft(bad, NOW), bad).toBeNull();
    }
  });

  it('are capped in size, counted in UTF-8 bytes', () => {
    expect(encodeDraft({ description: ['a'.repeat(DRAFT_MAX_BYTES / 2)] }, NOW)).not.toBeNull();
    // Two bytes a character: half the cap in characters is over it.
    expect(encodeDraft({ description: ['ä'.repeat(DRAFT_MAX_BYTES / 2)] }, NOW)).toBeNull();
  });
});

describe('saving and loading', () => {
  it('keeps a draft under the form and item, loads it back, and clears it once sent', () => {
    const storage = memoryStorage();
    expect(saveDraft(storage, key, { ...defaults, title: ['Kela ei hyväksy'] }, defaults, NOW)).toBe(true);
    expect(loadDraft(storage, draftKey('report', 'BN-2026-0001'), NOW)).toBeNull();
    expect(loadDraft(storage, key, NOW + 1000)?.values.title).toEqual(['Kela ei hyväksy']);
    clearDraft(storage, key);
    expect(loadDraft(storage, key, NOW)).toBeNull();
  });

  it('removes the draft when the form is back as it first was', () => {
    const storage = memoryStorage();
    saveDraft(storage, key, { ...defaults, title: ['K'] }, defaults, NOW);
    saveDraft(storage, key, defaults, defaults, NOW);
    expect(storage.map.size).toBe(0);
  });

  it('says the draft is not kept when too big or refused, and drops the stale one', () => {
    const storage = memoryStorage();
    saveDraft(storage, key, { ...defaults, title: ['K'] }, defaults, NOW);
    expect(saveDraft(storage, key, { ...defaults, description: ['ä'.repeat(DRAFT_MAX_BYTES)] }, defaults, NOW)).toBe(false);
    expect(storage.map.has(key)).toBe(false);
    expect(saveDraft(memoryStorage(true), key, { ...defaults, title: ['K'] }, defaults, NOW)).toBe(false);
  });

  it('removes an expired draft on loading, and prunes every stale draft but no other key', () => {
    const storage = memoryStorage();
    saveDraft(storage, key, { title: ['old'] }, {}, NOW - DRAFT_TTL_MS - 1);
    saveDraft(storage, draftKey('report', 'other'), { title: ['fresh'] }, {}, NOW);
    storage.setItem(draftKey('minutes', 'DL-1'), '{broken');
    storage.setItem('talsinki.lang', 'fi');
    expect(pruneDrafts(storage, NOW)).toBe(2);
    expect([...storage.map.keys()].sort()).toEqual([draftKey('report', 'other'), 'talsinki.lang']);
    saveDraft(storage, key, { title: ['old'] }, {}, NOW - DRAFT_TTL_MS - 1);
    expect(loadDraft(storage, key, NOW)).toBeNull();
    expect(storage.map.has(key)).toBe(false);
  });
});

describe('restoring fields', () => {
  const values = { title: ['Kela'], countries: ['EE'], links: ['a', 'b'] };
  it('ticks exactly the choices kept, fills texts by position, and leaves files and unnamed fields alone', () => {
    expect(restoredControl({ type: 'checkbox', name: 'countries', value: 'EE' }, values)).toEqual({ checked: true });
    expect(restoredControl({ type: 'checkbox', name: 'countries', value: 'FI' }, values)).toEqual({ checked: false });
    expect(restoredControl({ type: 'radio', name: 'domain', value: 'legal' }, values)).toEqual({ checked: false });
    expect(restoredControl({ type: 'text', name: 'title', value: '' }, values)).toEqual({ value: 'Kela' });
    expect(restoredControl({ type: 'text', name: 'links', value: '' }, values, 1)).toEqual({ value: 'b' });
    expect(restoredControl({ type: 'text', name: 'serviceName', value: 'x' }, values)).toBeNull();
    expect(restoredControl({ type: 'file', name: 'files', value: '' }, { files: ['C:\\fakepath\\a.pdf'] })).toBeNull();
  });
});
