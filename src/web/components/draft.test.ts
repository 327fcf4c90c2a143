import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clearDraft,
  decodeDraft,
  DRAFT_MAX_BYTES,
  DRAFT_TTL_MS,
  DRAFT_VERSION,
  draftKey,
  draftValues,
  encodeDraft,
  fingerprint,
  isUntouched,
  loadDraft,
  newItem,
  forgetDrafts,
  pruneDrafts,
  readParts,
  restoredControl,
  saveDraft,
  type DraftStorage,
  type DraftValues,
} from './draft.ts';

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
/** A draft of the form's fields alone, as the report form keeps. */
const only = (values: DraftValues) => ({ values, parts: {} });

describe('draft values', () => {
  it('are every named field as sent, several values kept in order, files left out', () => {
    const file = new File(['x'], 'scan.pdf', { type: 'application/pdf' });
    expect(draftValues([['title', 'Kela'], ['countries', 'FI'], ['countries', 'EE'], ['files', file]])).toEqual({ title: ['Kela'], countries: ['FI', 'EE'] });
  });

  it('count as untouched while they are the form as it first appeared', () => {
    expect(isUntouched(only({ title: [''], description: [''], language: ['fi'] }), only(defaults))).toBe(true);
    expect(isUntouched(only({ title: ['K'], description: [''], language: ['fi'] }), only(defaults))).toBe(false);
    expect(isUntouched(only({ ...defaults, countries: ['EE'] }), only(defaults))).toBe(false);
  });

  it('count as untouched only while every part is as it first was too, whatever the order of its keys', () => {
    const first = { values: defaults, parts: { 'picker:bottlenecks': ['BN-1'], rows: [{ name: '', consent: false }] } };
    expect(isUntouched({ values: defaults, parts: { rows: [{ consent: false, name: '' }], 'picker:bottlenecks': ['BN-1'] } }, first)).toBe(true);
    expect(isUntouched({ ...first, parts: { ...first.parts, 'picker:bottlenecks': ['BN-1', 'BN-2'] } }, first)).toBe(false);
    expect(isUntouched({ ...first, parts: { ...first.parts, rows: [{ name: '', consent: true }] } }, first)).toBe(false);
    expect(isUntouched({ ...first, parts: { ...first.parts, 'day:temporalStart': '2026-01-01' } }, first)).toBe(false);
  });
});

describe('keys and fingerprints', () => {
  it('name the form, the item and the user, so that neither two items nor two users share a draft', () => {
    expect(draftKey('report')).toBe('talsinki.draft.report.new');
    const keys = [draftKey('dialogue'), draftKey('dialogue', 'DL-2026-0004'), draftKey('dialogue', 'new', 'u1'), draftKey('dialogue', 'new', 'u2'), draftKey('recommendation', 'new', 'u1'), draftKey('dialogue', 'new@u1')];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('tell a new item begun from an address by what the address fills in, in any order', () => {
    expect(newItem(new URLSearchParams(''), ['bottleneck', 'dialogue'])).toBe('new');
    expect(newItem(new URLSearchParams('q=x'), ['bottleneck', 'dialogue'])).toBe('new');
    const one = newItem(new URLSearchParams('dialogue=DL-2026-0002&bottleneck=BN-2026-0001'), ['bottleneck', 'dialogue']);
    expect(one).toBe('new?bottleneck=BN-2026-0001&dialogue=DL-2026-0002');
    expect(newItem(new URLSearchParams('bottleneck=BN-2026-0001&dialogue=DL-2026-0002'), ['bottleneck', 'dialogue'])).toBe(one);
  });

  const snapshot = fc.record({ values: fc.dictionary(fc.string({ maxLength: 10 }), fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 })), parts: fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 3 })) });

  it('are equal for equal snapshots, whatever the order of their keys, and differ when anything differs', () => {
    fc.assert(
      fc.property(snapshot, (a) => {
        const reordered = { parts: Object.fromEntries(Object.entries(a.parts).reverse()), values: Object.fromEntries(Object.entries(a.values).reverse()) };
        expect(fingerprint(reordered)).toBe(fingerprint(a));
      }),
    );
    fc.assert(
      fc.property(snapshot, snapshot, (a, b) => {
        fc.pre(!isUntouched(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b))));
        expect(fingerprint(a)).not.toBe(fingerprint(b));
      }),
    );
    expect(fingerprint(only({ title: ['Kela'] }))).not.toBe(fingerprint(only({ title: ['Kelа'] })));
  });
});

describe('stored drafts', () => {
  it('come back as they were saved, whatever they hold', () => {
    const values = fc.dictionary(fc.string({ maxLength: 20 }), fc.array(fc.string({ maxLength: 200 }), { maxLength: 4 }));
    // Parts as a component's state becomes JSON (no -0, which JSON writes as 0).
    const parts = fc.dictionary(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 4 }).map((json) => JSON.parse(JSON.stringify(json)) as unknown));
    fc.assert(
      fc.property(values, parts, fc.option(fc.string({ maxLength: 12 }), { nil: undefined }), (values, parts, base) => {
        const content = { values, parts, ...(base === undefined ? {} : { base }) };
        const text = encodeDraft(content, NOW)!;
        expect(decodeDraft(text, NOW + 1000)).toEqual({ ...content, savedAt: NOW });
      }),
    );
  });

  it('of before parts come back with none', () => {
    const text = JSON.stringify({ v: DRAFT_VERSION, savedAt: NOW, values: { title: ['Kela'] } });
    expect(decodeDraft(text, NOW)).toEqual({ values: { title: ['Kela'] }, parts: {}, savedAt: NOW });
  });

  it('expire a fortnight after the last change', () => {
    const text = encodeDraft(only({ title: ['Kela'] }), NOW)!;
    expect(decodeDraft(text, NOW + DRAFT_TTL_MS)).not.toBeNull();
    expect(decodeDraft(text, NOW + DRAFT_TTL_MS + 1)).toBeNull();
  });

  it('of another version, from the future, unreadable or malformed are not restored', () => {
    const text = encodeDraft(only({ title: ['Kela'] }), NOW)!;
    expect(decodeDraft(text.replace(`"v":${DRAFT_VERSION}`, `"v":${DRAFT_VERSION + 1}`), NOW)).toBeNull();
    expect(decodeDraft(encodeDraft(only({ title: ['Kela'] }), NOW + 3_600_000), NOW)).toBeNull();
    const stored = (rest: string) => `{"v":${DRAFT_VERSION},"savedAt":${NOW},${rest}}`;
    for (const bad of ['{', 'null', '[]', stored('"values":{"title":"Kela"}'), stored('"values":{"title":[1]}'), stored('"values":{},"parts":[]'), stored('"values":{},"parts":null'), stored('"values":{},"base":1')]) {
      expect(decodeDraft(bad, NOW), bad).toBeNull();
    }
  });

  it('are capped in size, counted in UTF-8 bytes', () => {
    expect(encodeDraft(only({ description: ['a'.repeat(DRAFT_MAX_BYTES / 2)] }), NOW)).not.toBeNull();
    // Two bytes a character: half the cap in characters is over it.
    expect(encodeDraft(only({ description: ['ä'.repeat(DRAFT_MAX_BYTES / 2)] }), NOW)).toBeNull();
    // The parts count too.
    expect(encodeDraft({ values: {}, parts: { rows: ['ä'.repeat(DRAFT_MAX_BYTES / 2)] } }, NOW)).toBeNull();
  });
});

describe('saving and loading', () => {
  it('keeps a draft under the form and item, loads it back, and clears it once sent', () => {
    const storage = memoryStorage();
    expect(saveDraft(storage, key, only({ ...defaults, title: ['Kela ei hyväksy'] }), false, NOW)).toBe(true);
    expect(loadDraft(storage, draftKey('report', 'BN-2026-0001'), NOW)).toBeNull();
    expect(loadDraft(storage, key, NOW + 1000)?.values.title).toEqual(['Kela ei hyväksy']);
    clearDraft(storage, key);
    expect(loadDraft(storage, key, NOW)).toBeNull();
  });

  it('removes the draft when the form is back as it first was', () => {
    const storage = memoryStorage();
    saveDraft(storage, key, only({ ...defaults, title: ['K'] }), false, NOW);
    saveDraft(storage, key, only(defaults), true, NOW);
    expect(storage.map.size).toBe(0);
  });

  it('says the draft is not kept when too big or refused, and drops the stale one', () => {
    const storage = memoryStorage();
    saveDraft(storage, key, only({ ...defaults, title: ['K'] }), false, NOW);
    expect(saveDraft(storage, key, only({ ...defaults, description: ['ä'.repeat(DRAFT_MAX_BYTES)] }), false, NOW)).toBe(false);
    expect(storage.map.has(key)).toBe(false);
    expect(saveDraft(memoryStorage(true), key, only({ ...defaults, title: ['K'] }), false, NOW)).toBe(false);
  });

  it('removes an expired draft on loading, and prunes every stale draft but no other key', () => {
    const storage = memoryStorage();
    saveDraft(storage, key, only({ title: ['old'] }), false, NOW - DRAFT_TTL_MS - 1);
    saveDraft(storage, draftKey('report', 'other'), only({ title: ['fresh'] }), false, NOW);
    storage.setItem(draftKey('minutes', 'DL-1'), '{broken');
    storage.setItem('talsinki.lang', 'fi');
    expect(pruneDrafts(storage, NOW)).toBe(2);
    expect([...storage.map.keys()].sort()).toEqual([draftKey('report', 'other'), 'talsinki.lang']);
    saveDraft(storage, key, only({ title: ['old'] }), false, NOW - DRAFT_TTL_MS - 1);
    expect(loadDraft(storage, key, NOW)).toBeNull();
    expect(storage.map.has(key)).toBe(false);
  });

  it('forgets every draft, whoever typed it, on logging out, and nothing else', () => {
    const storage = memoryStorage();
    saveDraft(storage, draftKey('report'), only({ title: ['typed before logging in'] }), false, NOW);
    saveDraft(storage, draftKey('dialogue', 'new', 'user-1'), only({ title: ['Pyöreä pöytä'] }), false, NOW);
    storage.setItem('talsinki.lang', 'fi');
    forgetDrafts(storage);
    expect([...storage.map.keys()]).toEqual(['talsinki.lang']);
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
    // A hidden field is a component's (a picker's chips): the component puts it back, as a part.
    expect(restoredControl({ type: 'hidden', name: 'bottlenecks', value: '' }, { bottlenecks: ['BN-1'] })).toBeNull();
  });
});

describe('restoring parts', () => {
  const list = (json: unknown) => (Array.isArray(json) && json.every((item) => typeof item === 'string') ? json : null);
  it('reads back each part the form has, leaving out those it no longer has', () => {
    expect(readParts({ 'picker:bottlenecks': ['BN-1'], gone: 1 }, { 'picker:bottlenecks': list, 'picker:dialogues': list })).toEqual({ 'picker:bottlenecks': ['BN-1'] });
  });

  it('refuses the whole draft when any one part cannot be read back', () => {
    expect(readParts({ 'picker:bottlenecks': ['BN-1'], 'picker:dialogues': [{ ref: 'DL-1' }] }, { 'picker:bottlenecks': list, 'picker:dialogues': list })).toBeNull();
  });
});
