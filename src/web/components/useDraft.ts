import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import {
  clearDraft,
  draftKey,
  draftValues,
  fingerprint,
  isUntouched,
  loadDraft,
  pruneDrafts,
  readParts,
  restoredControl,
  saveDraft,
  type DraftContent,
  type DraftSnapshot,
  type DraftStorage,
  type DraftValues,
  type LoadedDraft,
  type PartReader,
} from './draft.ts';

export interface DraftOptions {
  /** The form's name, the item edited (`'new'` for a new one, see `newItem`) and the user logged in: together the draft's key. */
  form: string;
  item?: string;
  user?: string | null;
  formRef: RefObject<HTMLFormElement | null>;
  /** False while the form still lacks what a draft may name (a select's options loading). */
  ready?: boolean;
  /** Told the restored values, for the fields the page keeps in its own state. */
  onRestore?(values: DraftValues): void;
}

export interface Draft {
  /** When the draft shown was saved, if one was restored on arrival. */
  restoredAt: Date | null;
  /**
   * Whether the form began, when the draft restored was, from something other than it does now:
   * the item edited has been saved since (by someone else, or in another tab).
   */
  changedSince: boolean;
  /** Whether the browser keeps the draft (false in private mode, when storage is full, or past the size cap). */
  kept: boolean;
  /** Forgets the draft and puts the form back as it first was. */
  discard(): void;
  /** Forgets the draft: call once the form is sent. */
  clear(): void;
  /** For `<DraftContext value={draft.scope}>` around the form, where components keep their parts (`useDraftPart`). */
  scope: DraftScope;
}

/** One part of a draft: what a component or the page holds in its own state, as JSON. */
export interface DraftPart<T> {
  value: T;
  /** Puts a restored (or, on discard, the first) value back. */
  restore(value: T): void;
  /** The stored JSON as a value; null when it cannot be restored (the whole draft is then dropped). */
  read(json: unknown): T | null;
  /** What is compared to tell a change (a picker's values, not the titles shown with them); the value itself by default. */
  identity?(value: T): unknown;
}

type PartRef = { current: DraftPart<unknown> };

/** Where a form's parts are registered; `changed` saves the draft after a part's state changed. */
export interface DraftScope {
  register(name: string, part: PartRef): void;
  unregister(name: string, part: PartRef): void;
  changed(): void;
}

export const DraftContext = createContext<DraftScope | null>(null);

/** The draft scope of the form around a component, if it keeps a draft. */
export function useDraftScope(): DraftScope | null {
  return useContext(DraftContext);
}

/**
 * Keeps `part` in the draft of `scope` under `name` (nothing without a scope): registered before
 * the draft is read, saved whenever its value changes, restored with the rest of the form.
 */
export function useDraftPart<T>(scope: DraftScope | null, name: string, part: DraftPart<T>): void {
  const ref = useRef(part as DraftPart<unknown>);
  ref.current = part as DraftPart<unknown>;
  // Layout effects run before every passive one: the parts are known when the draft is loaded.
  useLayoutEffect(() => {
    if (!scope) return;
    scope.register(name, ref);
    return () => scope.unregister(name, ref);
  }, [scope, name]);
  const json = scope ? JSON.stringify(part.value) : '';
  useEffect(() => {
    scope?.changed();
  }, [scope, json]);
}

function browserStorage(): DraftStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Puts `values` into the form's fields, leaving files and hidden fields (the parts') alone. */
function fill(form: HTMLFormElement, values: DraftValues) {
  const seen = new Map<string, number>();
  for (const element of Array.from(form.elements)) {
    if (!(element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement)) continue;
    const isChoice = element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio');
    const index = isChoice ? 0 : (seen.get(element.name) ?? 0);
    if (!isChoice) seen.set(element.name, index + 1);
    const restored = restoredControl({ type: element.type, name: element.name, value: element.value }, values, index);
    if (!restored) continue;
    if ('checked' in restored) (element as HTMLInputElement).checked = restored.checked;
    else element.value = restored.value;
  }
}

/** What the form holds now: its fields, its parts as kept, and as compared. */
interface Taken {
  values: DraftValues;
  parts: Record<string, unknown>;
  identities: Record<string, unknown>;
}

/** What a part is compared by: its `identity` of the value, or the value itself. */
const identityOf = (part: DraftPart<unknown>, value: unknown): unknown => (part.identity ? part.identity(value) : value);

function take(form: HTMLFormElement, parts: Map<string, PartRef>): Taken {
  const taken: Taken = { values: draftValues(new FormData(form)), parts: {}, identities: {} };
  for (const [name, { current }] of parts) {
    taken.parts[name] = current.value;
    taken.identities[name] = identityOf(current, current.value);
  }
  return taken;
}

/** What a save would store, less the time: a save that would write the same is skipped. */
const storedText = (content: DraftContent, untouched: boolean): string | null => (untouched ? null : JSON.stringify([content.values, content.parts, content.base ?? null]));

const snapshot = (taken: Taken): DraftSnapshot => ({ values: taken.values, parts: taken.identities });

/**
 * Keeps a long form's draft in the browser until it is sent (see `draft.ts`): restores it on
 * arrival, saves every change, and says so. The form's fields are uncontrolled (or the page
 * updates its own state from `onRestore`); what components and the page hold in their own state
 * are parts (`useDraftPart`), which a form shares with its components through `DraftContext`.
 */
export function useDraft({ form, item = 'new', user, formRef, ready = true, onRestore }: DraftOptions): Draft {
  const key = draftKey(form, item, user);
  const [restoredAt, setRestoredAt] = useState<Date | null>(null);
  const [changedSince, setChangedSince] = useState(false);
  const [kept, setKept] = useState(true);
  const defaults = useRef<Taken | null>(null);
  /** The fingerprint of the form the draft began from: the one restored's, else the form's own. */
  const base = useRef<string | undefined>(undefined);
  const onRestoreRef = useRef(onRestore);
  onRestoreRef.current = onRestore;
  const parts = useRef(new Map<string, PartRef>());
  const save = useRef<(() => void) | null>(null);
  /**
   * What is stored under the key (`storedText`; null: nothing), as last written or read: a save
   * that would write the same is skipped. After a restore it is the draft restored, so the saves
   * its rendering sets off (each part's value changed back) write nothing over it.
   */
  const stored = useRef<string | null | undefined>(undefined);

  // A draft found on arrival waits here until the form is ready for it; meanwhile nothing is saved over it.
  const pending = useRef<LoadedDraft | null>(null);

  const scope = useMemo<DraftScope>(
    () => ({
      register: (name, part) => void parts.current.set(name, part),
      unregister: (name, part) => {
        if (parts.current.get(name) === part) parts.current.delete(name);
      },
      changed: () => save.current?.(),
    }),
    [],
  );

  useEffect(() => {
    const element = formRef.current;
    const storage = browserStorage();
    if (!element) return;
    if (!storage) return setKept(false);
    // The form as it first appeared (once: a second run of the effect may see it restored).
    defaults.current ??= take(element, parts.current);
    base.current ??= fingerprint(snapshot(defaults.current));
    pruneDrafts(storage, Date.now());
    pending.current = loadDraft(storage, key, Date.now());
    stored.current = pending.current ? undefined : null;
    const saveNow = () => {
      if (pending.current || !defaults.current) return;
      const now = take(element, parts.current);
      const content: DraftContent = { values: now.values, parts: now.parts, base: base.current };
      const untouched = isUntouched(snapshot(now), snapshot(defaults.current));
      const text = storedText(content, untouched);
      if (text === stored.current) return;
      const saved = saveDraft(storage, key, content, untouched, Date.now());
      stored.current = saved ? text : undefined;
      setKept(saved);
    };
    save.current = saveNow;
    // Listening from the start: what is typed before the form is ready is kept too. The save
    // waits for the event to be rendered, so that a component's state changed by it (a day
    // typed) is saved with it, once; leaving the page saves what is still waiting.
    let waiting: ReturnType<typeof setTimeout> | undefined;
    const later = () => {
      clearTimeout(waiting);
      waiting = setTimeout(saveNow, 0);
    };
    const flush = () => {
      if (waiting === undefined) return;
      clearTimeout(waiting);
      waiting = undefined;
      saveNow();
    };
    element.addEventListener('input', later);
    element.addEventListener('change', later);
    window.addEventListener('pagehide', flush);
    return () => {
      // Gone from the page (its parts unregistered): nothing more is saved.
      clearTimeout(waiting);
      save.current = null;
      element.removeEventListener('input', later);
      element.removeEventListener('change', later);
      window.removeEventListener('pagehide', flush);
    };
  }, [key, formRef]);

  useEffect(() => {
    const element = formRef.current;
    const draft = pending.current;
    const first = defaults.current;
    if (!ready || !element || !draft || !first) return;
    pending.current = null;
    const registered = [...parts.current];
    const read = readParts(draft.parts, Object.fromEntries(registered.map(([name, part]) => [name, part.current.read as PartReader])));
    const storage = browserStorage();
    if (!read) {
      // A part that cannot be put back: the draft is not half restored.
      if (storage) clearDraft(storage, key);
      return;
    }
    const identities = Object.fromEntries(registered.map(([name, { current }]) => [name, name in read ? identityOf(current, read[name]) : first.identities[name]]));
    if (isUntouched({ values: draft.values, parts: identities }, snapshot(first))) {
      // It holds nothing the form does not show now (it was saved as it is, elsewhere).
      if (storage) clearDraft(storage, key);
      stored.current = null;
      return;
    }
    fill(element, draft.values);
    for (const [name, { current }] of registered) if (name in read) current.restore(read[name]);
    onRestoreRef.current?.(draft.values);
    // The draft goes on from the form it began from, which the form as it is now may not be.
    const now = fingerprint(snapshot(first));
    setChangedSince(draft.base !== undefined && draft.base !== now);
    base.current = draft.base ?? now;
    stored.current = storedText({ values: draft.values, parts: Object.fromEntries(registered.map(([name, { current }]) => [name, name in read ? read[name] : current.value])), base: base.current }, false);
    setRestoredAt(new Date(draft.savedAt));
  }, [key, ready, formRef]);

  const clear = useCallback(() => {
    const storage = browserStorage();
    if (storage) clearDraft(storage, key);
    stored.current = null;
    setRestoredAt(null);
    setChangedSince(false);
  }, [key]);

  const discard = useCallback(() => {
    clear();
    const element = formRef.current;
    const first = defaults.current;
    if (element && first) {
      base.current = fingerprint(snapshot(first));
      fill(element, first.values);
      for (const [name, { current }] of parts.current) if (name in first.parts) current.restore(first.parts[name]);
      onRestoreRef.current?.(first.values);
    }
  }, [clear, formRef]);

  return { restoredAt, changedSince, kept, discard, clear, scope };
}
