import { COMPARE_MAX, COMPARE_MIN } from '../../../shared/schemas/regions.ts';
import { citationNumbers as numbered } from '../../components/citations.ts';

/**
 * The regions pages' logic without React: which regions the address asks to compare, the
 * citation numbers of a region's sources, and the bars of the score chart.
 */

/** The ids or slugs of `?ids=`, trimmed, once each, at most `COMPARE_MAX`. */
export function idsOf(param: string | null): string[] {
  const seen: string[] = [];
  for (const raw of (param ?? '').split(',')) {
    const id = raw.trim();
    if (id && !seen.includes(id)) seen.push(id);
  }
  return seen.slice(0, COMPARE_MAX);
}

/** Whether a comparison can be drawn from so many regions. */
export function canCompare(count: number): boolean {
  return count >= COMPARE_MIN && count <= COMPARE_MAX;
}

export { citesOf } from '../../components/citations.ts';

/** A region's sources numbered 1, 2, … in the order its source list shows them. */
export const citationNumbers = (sources: readonly { id: string }[]) => numbered(sources.map((source) => source.id));

export interface Bar {
  key: string;
  label: string;
  score: number | null;
  /** The bar's length as a share of the scale, 0–1 (0 when not scored). */
  share: number;
}

/** One bar per region for a criterion's scale: unscored regions keep their row, with no bar. */
export function chartBars(regions: readonly { id: string; label: string }[], scores: ReadonlyMap<string, number>, scaleMin: number, scaleMax: number): Bar[] {
  const span = scaleMax - scaleMin;
  return regions.map((region) => {
    const score = scores.get(region.id) ?? null;
    const share = score === null || span <= 0 ? 0 : Math.min(1, Math.max(0, (score - scaleMin) / span));
    return { key: region.id, label: region.label, score, share };
  });
}

/** Each figure kind once, in the order they first appear: the comparison's rows. */
export function figureKinds(regions: readonly { figures: readonly { kind: string }[] }[]): string[] {
  const kinds: string[] = [];
  for (const region of regions) for (const figure of region.figures) if (!kinds.includes(figure.kind)) kinds.push(figure.kind);
  return kinds;
}

/**
 * A localised text after an editor wrote `text` in `lang`: the other languages kept, this one
 * replaced, or dropped when left empty; null when no language is left.
 */
export function mergeLocalized(existing: Readonly<Record<string, string | undefined>> | null | undefined, lang: string, text: string): Record<string, string> | null {
  const merged: Record<string, string> = {};
  for (const [key, value] of Object.entries(existing ?? {})) if (value && key !== lang) merged[key] = value;
  const trimmed = text.trim();
  if (trimmed) merged[lang] = trimmed;
  return Object.keys(merged).length > 0 ? merged : null;
}

/** Codes typed as a list ("fi, EE  lv"): split on commas and spaces, empty ones dropped, once each. */
export function codesOf(text: string, upper: boolean): string[] {
  const codes = text.split(/[\s,]+/u).map((code) => (upper ? code.toUpperCase() : code.toLowerCase())).filter(Boolean);
  return [...new Set(codes)];
}
