import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { clearDraft, draftKey, draftValues, loadDraft, pruneDrafts, restoredControl, saveDraft, type DraftStorage, type DraftValues } from './draft.ts';

export interface DraftOptions {
  /** The form's name and the item edited (`'new'` for a new one): together the draft's key. */
  form: string;
  item?: string;
  formRef: RefObject<HTMLFormElement | null>;
  /** False while the form still lacks what a draft may name (a select's options loading). */
  ready?: boolean;
  /** Told the restored values, for the fields the page keeps in its own state. */
  onRestore?(values: DraftValues): void;
}

export interface Draft {
  /** When the draft shown was saved, if one was restored on arrival. */
  restoredAt: Date | null;
  /** Whether the browser keeps the draft (false in private mode, when storage is full, or past the size cap). */
  kept: boolean;
  /** Forgets the draft and puts the form back as it first was. */
  discard(): void;
  /** Forgets the draft: call once the form is sent. */
  clear(): void;
}

function browserStorage(): DraftStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const formData = (form: HTMLFormElement) => draftValues(new FormData(form));

/** Puts `values` into the form's fields, leaving files alone. */
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

/**
 * Keeps a long form's draft in the browser until it is sent (see `draft.ts`): restores it on
 * arrival, saves every change, and says so. The form's fields are uncontrolled (or the page
 * updates its own state from `onRestore`).
 */
export function useDraft({ form, item = 'new', formRef, ready = true, onRestore }: DraftOptions): Draft {
  const key = draftKey(form, item);
  const [restoredAt, setRestoredAt] = useState<Date | null>(null);
  const [kept, setKept] = useState(true);
  const defaults = useRef<DraftValues | null>(null);
  const onRestoreRef = useRef(onRestore);
  onRestoreRef.current = onRestore;

  // A draft found on arrival waits here until the form is ready for it; meanwhile nothing is saved over it.
  const pending = useRef<{ values: DraftValues; savedAt: number } | null>(null);

  useEffect(() => {
    const element = formRef.current;
    const storage = browserStorage();
    if (!element || !storage) return;
    // The form as it first appeared (once: a second run of the effect may see it restored).
    defaults.current ??= formData(element);
    pruneDrafts(storage, Date.now());
    pending.current = loadDraft(storage, key, Date.now());
    // Listening from the start: what is typed before the form is ready is kept too.
    const save = () => {
      if (!pending.current) setKept(saveDraft(storage, key, formData(element), defaults.current ?? {}, Date.now()));
    };
    element.addEventListener('input', save);
    element.addEventListener('change', save);
    return () => {
      element.removeEventListener('input', save);
      element.removeEventListener('change', save);
    };
  }, [key, formRef]);

  useEffect(() => {
    const element = formRef.current;
    const draft = pending.current;
    if (!ready || !element || !draft) return;
    pending.current = null;
    fill(element, draft.values);
    onRestoreRef.current?.(draft.values);
    setRestoredAt(new Date(draft.savedAt));
  }, [key, ready, formRef]);

  const clear = useCallback(() => {
    const storage = browserStorage();
    if (storage) clearDraft(storage, key);
    setRestoredAt(null);
  }, [key]);

  const discard = useCallback(() => {
    clear();
    const element = formRef.current;
    if (element && defaults.current) {
      fill(element, defaults.current);
      onRestoreRef.current?.(defaults.current);
    }
  }, [clear, formRef]);

  return { restoredAt, kept, discard, clear };
}
