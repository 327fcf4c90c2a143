/** A range of a text the search matched: UTF-16 `[start, end)`, as the lists' `matches` give them. */
export type MarkRange = readonly [number, number];

export interface MarkedPart {
  text: string;
  marked: boolean;
}

/**
 * A text cut into its marked and unmarked parts. Ranges out of order, overlapping or outside the
 * text (an item edited since it was searched) are put in order, joined or clipped, never thrown on.
 */
export function markedParts(text: string, ranges: readonly MarkRange[] | undefined): MarkedPart[] {
  if (!ranges?.length) return text ? [{ text, marked: false }] : [];
  const clipped = ranges
    .map(([start, end]) => [Math.max(0, Math.min(start, text.length)), Math.max(0, Math.min(end, text.length))] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  const parts: MarkedPart[] = [];
  let at = 0;
  for (const [start, end] of clipped) {
    if (end <= at) continue;
    const from = Math.max(start, at);
    if (from > at) parts.push({ text: text.slice(at, from), marked: false });
    const last = parts[parts.length - 1];
    if (last?.marked && from === at) last.text += text.slice(from, end);
    else parts.push({ text: text.slice(from, end), marked: true });
    at = end;
  }
  if (at < text.length) parts.push({ text: text.slice(at), marked: false });
  return parts;
}

/** A list's `matches` (aligned with its items) by item id, so each item finds what its search marked. */
export function matchesById<M extends { id: string }>(matches: readonly M[] | undefined): ReadonlyMap<string, M> {
  return new Map((matches ?? []).map((match) => [match.id, match]));
}
