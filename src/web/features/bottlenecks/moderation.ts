import type { LocalizedTextValue } from '../../../shared/localized.ts';

/** How many of the queue's items are chosen, for the "select all" box (checked, unchecked or mixed). */
export function selectionState(selected: readonly string[], all: readonly string[]): 'none' | 'some' | 'all' {
  const chosen = all.filter((ref) => selected.includes(ref)).length;
  if (chosen === 0) return 'none';
  return chosen === all.length ? 'all' : 'some';
}

/** "Select all" chooses every item shown unless all are chosen already; then it clears the choice. */
export function toggleAll(selected: readonly string[], all: readonly string[]): string[] {
  return selectionState(selected, all) === 'all' ? [] : [...all];
}

/** One item chosen or let go, the order of the queue kept. */
export function toggleOne(selected: readonly string[], all: readonly string[], ref: string): string[] {
  const next = selected.includes(ref) ? selected.filter((r) => r !== ref) : [...selected, ref];
  return all.filter((r) => next.includes(r));
}

interface Texts {
  title: LocalizedTextValue;
  description: LocalizedTextValue;
}

/**
 * The PATCH of a redaction: only the texts the moderator changed (each in all its languages, as
 * the API replaces a text whole), with the redaction note; null when nothing changed.
 */
export function redactionPatch(before: Texts, after: Texts, note: string): { title?: LocalizedTextValue; description?: LocalizedTextValue; note?: string } | null {
  const changed = (field: keyof Texts) => Object.keys(after[field]).some((lang) => (after[field][lang as keyof LocalizedTextValue] ?? '').trim() !== (before[field][lang as keyof LocalizedTextValue] ?? '').trim());
  const patch: { title?: LocalizedTextValue; description?: LocalizedTextValue; note?: string } = {};
  const trimmed = (value: LocalizedTextValue) => Object.fromEntries(Object.entries(value).map(([lang, text]) => [lang, (text ?? '').trim()])) as LocalizedTextValue;
  if (changed('title')) patch.title = trimmed(after.title);
  if (changed('description')) patch.description = trimmed(after.description);
  if (!patch.title && !patch.description) return null;
  if (note.trim()) patch.note = note.trim();
  return patch;
}

/** The duplicate suggestions shown with a report: the most similar published ones, at most `limit`, never the report itself. */
export function duplicateSuggestions<T extends { ref: string; similarity: number }>(items: readonly T[], self: string, limit = 3): T[] {
  return [...items].filter((item) => item.ref !== self).sort((a, b) => b.similarity - a.similarity).slice(0, limit);
}
