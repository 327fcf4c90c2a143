/**
 * Drafts of long forms kept in the browser until they are sent (issue 14, pattern 5): the pure
 * side of `useDraft`. A draft is the form's named fields (files never: a browser cannot put a
 * chosen file back) and its parts, what components and the page hold in their own state (a
 * picker's chosen items, a day as typed, rows edited in place), stored under a key naming the
 * form, the item edited and the user, with the version of its layout, when it was saved, the
 * fingerprint of the form as it first appeared (the saved item, when one is edited), and a size
 * cap; an old, foreign, expired or oversized draft is dropped rather than half restored.
 */
import { isRecord } from './draftParts.ts';

/** Raised when the stored layout changes; drafts of another version are dropped. */
export const DRAFT_VERSION = 1;
/** A draft is kept a fortnight after its last change. */
export const DRAFT_TTL_MS = 14 * 24 * 60 * 60 * 1000;
/** UTF-8 bytes of one stored draft: a long report is about 15 kB; the browser gives a site about 5 MB. */
export const DRAFT_MAX_BYTES = 100_000;
const PREFIX = 'talsinki.draft.';

/** Every value of every named field, as the form would send them (files left out). */
export type DraftValues = Record<string, string[]>;

/** What a draft keeps: the named fields, the parts by name (any JSON), and the fingerprint of the form it began from. */
export interface DraftContent {
  values: DraftValues;
  parts: Record<string, unknown>;
  /** `fingerprint` of the form as it first appeared when the draft began; absent in drafts of before parts. */
  base?: string;
}

/** A draft as loaded: what it keeps and when it was saved. */
export interface LoadedDraft extends DraftContent {
  savedAt: number;
}

/** What a form holds, as compared: its named fields and what each part says it holds (`identity`). */
export interface DraftSnapshot {
  values: DraftValues;
  parts: Record<string, unknown>;
}

interface StoredDraft {
  v: number;
  savedAt: number;
  values: DraftValues;
  parts?: Record<string, unknown>;
  base?: string;
}

/** What `localStorage` offers, so tests give a map and the hook the browser's. */
export interface DraftStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  readonly length: number;
  key(index: number): string | null;
}

/**
 * `talsinki.draft.report.new`, `talsinki.draft.dialogue.DL-2026-0004@<user id>`: the form, the
 * item edited (`new` for a new one) and, where someone is logged in, who, so that a browser
 * shared by two editors never shows one the other's draft.
 */
export function draftKey(form: string, item = 'new', user?: string | null): string {
  return `${PREFIX}${form}.${encodeURIComponent(item)}${user ? `@${encodeURIComponent(user)}` : ''}`;
}

/**
 * The item of a new one's draft: `new`, or with what its address fills in
 * (`new?bottleneck=BN-2026-0001&dialogue=DL-2026-0002`, sorted), for a dialogue planned from a
 * bottleneck is other work than one begun blank, and neither's draft must put the other's chips
 * in place of those the address names.
 */
export function newItem(params: URLSearchParams, names: readonly string[]): string {
  const prefilled = names.flatMap((name) => params.getAll(name).map((value) => `${name}=${value}`)).sort();
  return prefilled.length ? `new?${prefilled.join('&')}` : 'new';
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

/**
 * True when nothing has been typed or chosen beyond `defaults` (the form as it first appears):
 * the same fields and parts, objects compared whatever the order of their keys.
 */
export function isUntouched(current: DraftSnapshot, defaults: DraftSnapshot): boolean {
  return canonical({ values: current.values, parts: current.parts }) === canonical({ values: defaults.values, parts: defaults.parts });
}

/** JSON with every object's keys sorted (undefined left out, as JSON does), so equal values write equal text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonical(item))).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).filter((key) => record[key] !== undefined).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * A short fingerprint of a form's snapshot (53 bits of cyrb53 over its canonical JSON): a draft
 * keeps that of the form it began from, so coming back to an item saved since says so.
 */
export function fingerprint(snapshot: DraftSnapshot): string {
  const text = canonical({ values: snapshot.values, parts: snapshot.parts });
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** The stored text of a draft, or null when it would exceed `DRAFT_MAX_BYTES`. */
export function encodeDraft(content: DraftContent, now: number): string | null {
  const stored: StoredDraft = { v: DRAFT_VERSION, savedAt: now, values: content.values, parts: content.parts, ...(content.base === undefined ? {} : { base: content.base }) };
  const text = JSON.stringify(stored);
  return new TextEncoder().encode(text).length > DRAFT_MAX_BYTES ? null : text;
}

/** The draft in `text`, or null when it is unreadable, of another version, too big or expired. */
export function decodeDraft(text: string | null, now: number): LoadedDraft | null {
  if (text === null || new TextEncoder().encode(text).length > DRAFT_MAX_BYTES) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isStoredDraft(parsed) || parsed.v !== DRAFT_VERSION) return null;
  if (parsed.savedAt > now + 60_000 || now - parsed.savedAt > DRAFT_TTL_MS) return null;
  return { values: parsed.values, parts: parsed.parts ?? {}, ...(parsed.base === undefined ? {} : { base: parsed.base }), savedAt: parsed.savedAt };
}

function isStoredDraft(value: unknown): value is StoredDraft {
  if (!isRecord(value)) return false;
  const { v, savedAt, values, parts, base } = value;
  if (typeof v !== 'number' || typeof savedAt !== 'number' || !isRecord(values)) return false;
  if (parts !== undefined && !isRecord(parts)) return false;
  if (base !== undefined && typeof base !== 'string') return false;
  return Object.values(values).every((list) => Array.isArray(list) && list.every((item) => typeof item === 'string'));
}

/**
 * Keeps `content` under `key`, or removes the draft when the form is `untouched` (as it first
 * appeared). Answers whether the draft is kept: false when it is too big or the browser refuses
 * (private mode, storage full).
 */
export function saveDraft(storage: DraftStorage, key: string, content: DraftContent, untouched: boolean, now: number): boolean {
  try {
    if (untouched) {
      storage.removeItem(key);
      return true;
    }
    const text = encodeDraft(content, now);
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
export function loadDraft(storage: DraftStorage, key: string, now: number): LoadedDraft | null {
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

function draftKeys(storage: DraftStorage): string[] {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(PREFIX)) keys.push(key);
  }
  return keys;
}

/**
 * Removes every draft of every form: logging out leaves nothing typed in this browser for the
 * next person at a shared computer, the report typed before logging in included.
 */
export function forgetDrafts(storage: DraftStorage): void {
  try {
    for (const key of draftKeys(storage)) storage.removeItem(key);
  } catch {
    // Nothing kept, nothing to forget.
  }
}

/** Removes every draft, of any form, that has expired or cannot be read; answers how many. */
export function pruneDrafts(storage: DraftStorage, now: number): number {
  try {
    const stale = draftKeys(storage).filter((key) => !decodeDraft(storage.getItem(key), now));
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
  // A hidden field says what a component holds (a picker's chips, a day typed): the component restores it, as a part.
  if (control.type === 'file' || control.type === 'submit' || control.type === 'button' || control.type === 'hidden' || !control.name) return null;
  const kept = values[control.name];
  if (control.type === 'checkbox' || control.type === 'radio') return { checked: (kept ?? []).includes(control.value) };
  if (kept === undefined) return null;
  return { value: kept[index] ?? '' };
}

/** How a part's stored JSON is read back: its value, or null when it cannot be restored. */
export type PartReader = (json: unknown) => unknown;

/**
 * The stored parts the form has now, each read back by its reader; null when any of them cannot
 * be (the whole draft is then dropped, never half restored). A part stored that no reader names
 * (the form has changed) is left out; a reader with nothing stored keeps what it has.
 */
export function readParts(stored: Record<string, unknown>, readers: Record<string, PartReader>): Record<string, unknown> | null {
  const read: Record<string, unknown> = {};
  for (const [name, reader] of Object.entries(readers)) {
    if (!(name in stored)) continue;
    const value = reader(stored[name]);
    if (value === null || value === undefined) return null;
    read[name] = value;
  }
  return read;
}
