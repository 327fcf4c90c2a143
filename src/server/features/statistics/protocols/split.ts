import type { DimensionRole } from '../cube.ts';
import { StatFault } from '../faults.ts';

/**
 * The query splitter (research §10.2). A server gives at most so many cells per answer (PxWeb v1
 * `maxCells`, PxWebApi 2.0 `maxDataCells`), so a selection bigger than that is asked for in
 * batches: parts of the selection that together cover it exactly once.
 *
 * Better than pxweb (R)'s brute force over permutations, and simple: while a batch would be too
 * big, cut the splittable dimension with the most values into as few chunks as fit; when even one
 * value of it is too many, fix it at one value per batch and go on with the next. The metric (the
 * contents variable) is not split, as pxweb does not: its values are what a table is about, and a
 * batch without them all is hard to read on its own.
 */

/** One dimension of a selection: the codes asked for, in the table's order. */
export interface SelectedDimension {
  code: string;
  values: readonly string[];
  role?: DimensionRole | null;
  /** Overrides the default (every dimension but the metric is splittable). */
  splittable?: boolean;
}

/** One request's share of the selection: the same dimensions, in the same order, fewer values. */
export type Batch = { code: string; role?: DimensionRole | null; values: string[] }[];

/** The share of `maxCells` a batch may use: servers count eliminated variables in ways of their own. */
export const LIMIT_SHARE = 0.9;

export function batchLimit(maxCells: number): number {
  return Math.max(1, Math.floor(maxCells * LIMIT_SHARE));
}

export function selectionCells(selection: readonly { values: readonly unknown[] }[]): number {
  return selection.reduce((product, dimension) => product * dimension.values.length, 1);
}

function isSplittable(dimension: SelectedDimension): boolean {
  return dimension.splittable ?? dimension.role !== 'metric';
}

/**
 * The batches for a selection, each at most `limit` cells, ordered time-major (every batch of
 * the first time chunk before any of the next), so a run stopped half way holds whole periods.
 * Throws `pxweb-too-many-cells` when the dimensions that may not be split are too many already.
 */
export function splitSelection(selection: readonly SelectedDimension[], limit: number): Batch[] {
  const total = selectionCells(selection);
  if (total === 0) return [];
  const chunkSizes = selection.map((dimension) => dimension.values.length);
  let cells = total;
  const cut = new Set<number>();
  while (cells > limit) {
    const d = widestSplittable(selection, cut);
    if (d < 0) throw new StatFault({ code: 'pxweb-too-many-cells', params: { cells, limit } });
    cut.add(d);
    const count = selection[d].values.length;
    const rest = cells / count;
    const fit = Math.floor(limit / rest);
    if (fit >= 1) {
      // As few chunks as fit, then as even as they can be.
      const chunks = Math.ceil(count / fit);
      chunkSizes[d] = Math.ceil(count / chunks);
      cells = rest * chunkSizes[d];
    } else {
      chunkSizes[d] = 1;
      cells = rest;
    }
  }
  const chunked = selection.map((dimension, d) => chunksOf(dimension.values, chunkSizes[d]));
  const order = timeMajor(selection);
  // Chunk indexes per batch, in `order`: the first of `order` varies slowest.
  let combos: number[][] = [[]];
  for (const d of order) combos = combos.flatMap((combo) => chunked[d].map((_, i) => [...combo, i]));
  const position = selection.map((_, d) => order.indexOf(d));
  return combos.map((combo) =>
    selection.map((dimension, d) => ({ code: dimension.code, role: dimension.role ?? null, values: chunked[d][combo[position[d]]] })),
  );
}

/** The order batches vary in: time slowest (outermost), then the others as the table orders them. */
function timeMajor(selection: readonly SelectedDimension[]): number[] {
  const order = selection.map((_, d) => d);
  const time = selection.findIndex((dimension) => dimension.role === 'time');
  return time < 0 ? order : [time, ...order.filter((d) => d !== time)];
}

function widestSplittable(selection: readonly SelectedDimension[], cut: ReadonlySet<number>): number {
  let best = -1;
  selection.forEach((dimension, d) => {
    if (cut.has(d) || !isSplittable(dimension) || dimension.values.length < 2) return;
    if (best < 0 || dimension.values.length > selection[best].values.length) best = d;
  });
  return best;
}

function chunksOf(values: readonly string[], size: number): string[][] {
  const chunks: string[][] = [];
  for (let start = 0; start < values.length; start += size) chunks.push(values.slice(start, start + size));
  return chunks;
}

/**
 * A batch the server still found too big (it may count eliminated variables, or its limit may
 * have changed since `?config`): the splittable dimension with the most values cut in two halves.
 * Null when no splittable dimension has two values left: the batch cannot get smaller.
 */
export function halveBatch(batch: Batch, splittable: (dimension: Batch[number]) => boolean = (dimension) => dimension.role !== 'metric'): [Batch, Batch] | null {
  let widest = -1;
  batch.forEach((dimension, d) => {
    if (!splittable(dimension) || dimension.values.length < 2) return;
    if (widest < 0 || dimension.values.length > batch[widest].values.length) widest = d;
  });
  if (widest < 0) return null;
  const values = batch[widest].values;
  const half = Math.ceil(values.length / 2);
  const withValues = (part: string[]): Batch => batch.map((dimension, d) => (d === widest ? { ...dimension, values: part } : dimension));
  return [withValues(values.slice(0, half)), withValues(values.slice(half))];
}
