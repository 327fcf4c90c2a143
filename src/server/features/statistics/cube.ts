/**
 * One statistical table as every reader hands it over and every writer takes it: PC-Axis, JSON-stat,
 * PxWeb v1 and 2.0 and Eurostat all turn into this before anything is stored, so the storage,
 * the vintages and the publishing never learn which format a figure came in.
 *
 * Cells are in row-major order over `dimensions` (the last dimension varies fastest), the order
 * JSON-stat, PC-Axis (STUB then HEADING) and PxWeb all use.
 */

/** Text by language code as the source gives it (`fi`, `sv`, `en`, `et`…); sources may have others than the UI's. */
export type SourceText = Record<string, string>;

export type DimensionRole = 'time' | 'geo' | 'metric';

export interface CubeValue {
  code: string;
  label: SourceText;
  /**
   * For a value of the metric dimension: what it counts, and how many decimals the source shows.
   * `symbol` is JSON-stat's language-free sign (`%`, `€`) that some clients print beside the figure.
   */
  unit?: { label?: SourceText; decimals?: number; symbol?: string };
  /** The value's parent in a hierarchy (JSON-stat `category.child`): totals over the values below them. */
  parent?: string;
  /** Footnotes on this value (JSON-stat `category.note`, PC-Axis VALUENOTE). */
  notes?: SourceText[];
}

export interface CubeDimension {
  code: string;
  label: SourceText;
  role: DimensionRole | null;
  /** PxWeb/PC-Axis ELIMINATION: the dimension may be left out of a query (its total stands in). */
  elimination?: boolean;
  values: CubeValue[];
  /** Footnotes on the dimension as a whole (JSON-stat dimension `note`, PC-Axis NOTE("variable")). */
  notes?: SourceText[];
}

export interface Cube {
  /** The table's identifier at its source (a PxWeb table id, a Eurostat dataset code, a file's name). */
  id: string;
  title: SourceText;
  /** The source's languages, the default first. */
  languages: string[];
  dimensions: CubeDimension[];
  /** One number per cell; NaN where the source has no figure (its symbol is then in `statuses`). */
  values: Float64Array;
  /** The source's own status or missing-value symbol per cell index (`..`, `p`, `e`, `-`…). Sparse. */
  statuses: Map<number, string>;
  /** What the symbols mean, as the source words them, when it says. */
  statusLabels?: Record<string, SourceText>;
  notes: SourceText[];
  source?: SourceText;
  /** When the source says the table last changed (ISO 8601), not when we read it. */
  updated?: string;
  /** Default decimals and unit when no metric dimension carries them (PC-Axis DECIMALS/UNITS). */
  decimals?: number;
  unit?: SourceText;
}

/** Cells a cube with these dimensions holds: the product of their sizes. */
export function cellCount(dimensions: readonly { values: readonly unknown[] }[]): number {
  return dimensions.reduce((product, dimension) => product * dimension.values.length, 1);
}

/** Strides of row-major order: index = Σ position[d] × stride[d]. */
export function strides(dimensions: readonly { values: readonly unknown[] }[]): number[] {
  const result = new Array<number>(dimensions.length);
  let stride = 1;
  for (let d = dimensions.length - 1; d >= 0; d--) {
    result[d] = stride;
    stride *= dimensions[d].values.length;
  }
  return result;
}
