/**
 * Drafts of long forms kept in the browser until they are sent (issue 14, pattern 5): the pure
 * side of `useDraft`. A draft is the form's named fields (files never: a browser cannot put a
 * chosen file back), stored under a key naming the form and the item edited, with the version
 * of its layout, when it was saved, and a size cap; an old, foreign, expired or oversized draft
 * is dropped rather than half restored.
 */

/** Raised when the stored layout changes; drafts of another version are dropped. */
export const DRAFT_VERSION = 1;
/** A draft is kept a fortnight after its last change. */
export const DRAFT_TTL_MS = 14 * 24 * 60 * 60 * 1000;
/** UTF-8 bytes of one stored draft: a long report is about 15 kB; the browser gives a site about 5 MB. */
export const DRAFT_MAX_BYTES = 100_000;
const PREFIX = 'talsinki.draft.';

/** Every value of every named field, as the form would send them (files left out). */
export type DraftValues = Record<string, string[]>;

interface StoredDraft {
  v: number;
  savedAt: number;
  values: DraftValues;
}

/** What `localStorage` offers, so tests give a map and the hook the browser's. */
export interface DraftStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  readonly length: number;
  key(index: number): string | null;
}

/** `talsinki.draft.report.new`, `talsinki.draft.dialogue-minutes.DL-2026-0004`. */
export function draftKey(form: string, item = 'new'): string {
  return `${PREFIX}${form}.${item}`;
}

/** The draft's fields from a form's data: text as typed, choices as chosen, files never. */
export function draftValues(data: Iterable<[string, FormDataEntryValue]>): DraftValues {
  const values: DraftValues = {};
  for (const [name, value] of data) {
    if (typeof value !== 'string') continue;
    (values[name] ??= []).push(value);
  }
  return values;
}

/** True when nothing has been typed or chosen beyond `defaults` (the form as it first appears). */
export function isUntouched(values: DraftValues, defaults: DraftValues): boolean {
  const names = new Set([...Object.keys(values), ...Object.keys(defaults)]);
  return [...names].every((name) => sameList(values[name] ?? [], defaults[name] ?? []));
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((value, i) => value === b[i]);

/** The stored text of a draft, or null when it would exceed `DRAFT_MAX_BYTES`. */
export function encodeDraft(values: DraftValues, now: number): string | null {
  const text = JSON.stringify({ v: DRAFT_VERSION, savedAt: now, values } satisfies StoredDraft);
  return new TextEncoder().encode(text).length > DRAFT_MAX_BYTES ? null : text;
}

/** The draft in `text`, or null when it is unreadable, of another version, too big or expired. */
export function decodeDraft(text: string | null, now: number): { values: DraftValues; savedAt: number } | null {
  if (text === null || new TextEncoder().encode(text).length > DRAFT_MAX_BYTES) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isStoredDraft(parsed) || parsed.v !== DRAFT_VERSION) return null;
  if (parsed.savedAt > now + 60_000 || now - parsed.savedAt > DRAFT_TTL_MS) return null;
  return { values: parsed.values, savedAt: parsed.savedAt };
}

function isStoredDraft(value: unknown): value is StoredDraft {
  if (typeof value !== 'object' || value === null) return false;
  const { v, savedAt, values } = value as Record<string, unknown>;
  if (typeof v !== 'number' || typeof savedAt !== 'number' || typeof values !== 'object' || values === null || Array.isArray(values)) return false;
  return Object.values(values).every((list) => Array.isArray(list) && list.every((item) => typeof item === 'string'));
}

/**
 * Keeps `values` under `key`; an untouched form removes the draft. Answers whether the draft is
 * kept: false when it is too big or the browser refuses (private mode, storage full).
 */
export function saveDraft(storage: DraftStorage, key: string, values: DraftValues, defaults: DraftValues, now: number): boolean {
  try {
    if (isUntouched(values, defaults)) {
      storage.removeItem(key);
      return true;
    }
    const text = encodeDraft(values, now);
    if (text === null) {
      storage.removeItem(key);
      return false;
    }
    storage.setItem(key, text);
    return true;
  } catch {
    return false;
  }
}

/** The draft kept under `key`, if any; one that cannot be restored is removed. */
export function loadDraft(storage: DraftStorage, key: string, now: number): { values: DraftValues; savedAt: number } | null {
  try {
    const text = storage.getItem(key);
    const draft = decodeDraft(text, now);
    if (!draft && text !== null) storage.removeItem(key);
    return draft;
  } catch {
    return null;
  }
}

export function clearDraft(storage: DraftStorage, key: string): void {
  try {
    storage.removeItem(key);
  } catch {
    // Nothing kept, nothing to clear.
  }
}

/** Removes every draft, of any form, that has expired or cannot be read; answers how many. */
export function pruneDrafts(storage: DraftStorage, now: number): number {
  try {
    const keys: string[] = [];
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key?.startsWith(PREFIX)) keys.push(key);
    }
    const stale = keys.filter((key) => !decodeDraft(storage.getItem(key), now));
    for (const key of stale) storage.removeItem(key);
    return stale.length;
  } catch {
    return 0;
  }
}

/**
 * What a field shows for a draft: checked or not for a box or a radio button, else the text of
 * the `index`-th field of that name (null: leave it as it is).
 */
export function restoredControl(control: { type: string; name: string; value: string }, values: DraftValues, index = 0): { checked: boolean } | { value: string } | null {
  if (control.type === 'file' || control.type === 'submit' || control.type === 'button' || !control.name) return null;
  const kept = values[control.name];
  if (control.type === 'checkbox' || control.type === 'radio') return { checked: (kept ?? []).includes(control.value) };
  if (kept === undefined) return null;
  return { value: kept[index] ?? '' };
}
