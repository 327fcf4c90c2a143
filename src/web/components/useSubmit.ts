import { useState, type FormEvent } from 'react';

/** Runs a form submission with busy, error and success state. */
export function useSubmit(action: (form: FormData, element: HTMLFormElement) => Promise<void>) {
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      await action(new FormData(event.currentTarget), event.currentTarget);
      setDone(true);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }
  return { onSubmit, error, done, busy };
}

/** A form field's text ('' when the form has no such field, or it holds a file). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/** A choice among a vocabulary's values (a select, a radio group), typed as its route takes it: the server checks the value. */
export function formChoice<T extends string>(form: FormData, name: string): T {
  return formText(form, name) as T;
}

/** A field left empty, or a radio group left unchosen, as undefined (so the body leaves it out); else its text, typed as its route takes it. */
export function formOptional<T extends string = string>(form: FormData, name: string): T | undefined {
  return (formText(form, name).trim() || undefined) as T | undefined;
}

/** The chosen values of a group of checkboxes, typed as the route takes them. */
export function formChoices<T extends string>(form: FormData, name: string): T[] {
  return form.getAll(name).filter((value): value is string => typeof value === 'string') as T[];
}
