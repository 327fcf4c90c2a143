import { cellCount, strides, type Cube, type CubeDimension, type CubeValue } from '../cube.ts';
import { StatFault } from '../faults.ts';

/** A cube without its cells: what the assembler is given to fill. */
export type CubeFrame = Omit<Cube, 'values' | 'statuses'>;

/**
 * One table from the answers to its batches. Each part's cells are placed by their codes, not by
 * the order the answers came in or the order a server lists values in, so the whole is the same
 * however the selection was split. A part may not hold a value the whole lacks, nor a cell
 * another part gave; `finish` refuses a whole with cells no part gave.
 *
 * What the parts say beside the figures fills what the frame lacks: a metric value's unit and
 * decimals (PxWeb v1's metadata has none), notes, status meanings, the source and its date.
 */
export class CubeAssembler {
  private readonly values: Float64Array;
  private readonly statuses = new Map<number, string>();
  private readonly given: Uint8Array;
  private readonly strides: number[];
  /** Per dimension: value code → position in the whole. */
  private readonly positions: Map<string, number>[];
  private placed = 0;
  private readonly frame: CubeFrame;

  constructor(
    frame: CubeFrame,
    /** The address answers came from, for problems. */
    private readonly address: string,
  ) {
    this.frame = { ...frame, dimensions: frame.dimensions.map((dimension) => ({ ...dimension, values: dimension.values.map((value) => ({ ...value })) })) };
    const cells = cellCount(frame.dimensions);
    this.values = new Float64Array(cells).fill(Number.NaN);
    this.given = new Uint8Array(cells);
    this.strides = strides(frame.dimensions);
    this.positions = frame.dimensions.map((dimension) => new Map(dimension.values.map((value, p) => [value.code, p])));
  }

  /** Places one answer's cells. Throws `pxweb-answer-invalid` when it holds what was not asked for. */
  place(part: Cube): void {
    const wholeOf = part.dimensions.map((dimension) => this.frame.dimensions.findIndex((candidate) => candidate.code === dimension.code));
    for (const dimension of this.frame.dimensions) {
      if (!part.dimensions.some((candidate) => candidate.code === dimension.code)) this.invalid(`the answer has no dimension ${dimension.code}`);
    }
    // Per part dimension: each value's offset in the whole (a dimension the whole lacks must be a single value: Eurostat's freq).
    const offsets = part.dimensions.map((dimension, k) => {
      const d = wholeOf[k];
      if (d < 0) {
        if (dimension.values.length !== 1) this.invalid(`the answer has a dimension ${dimension.code} that was not asked for`);
        return [0];
      }
      return dimension.values.map((value) => {
        const position = this.positions[d].get(value.code);
        if (position === undefined) this.invalid(`the answer has ${dimension.code} ${value.code}, which was not asked for`);
        this.enrich(this.frame.dimensions[d].values[position], value);
        return position * this.strides[d];
      });
    });
    part.dimensions.forEach((dimension, k) => {
      const d = wholeOf[k];
      if (d >= 0 && !this.frame.dimensions[d].notes && dimension.notes) this.frame.dimensions[d].notes = dimension.notes;
    });
    this.placeCells(part, offsets);
    this.enrichTable(part);
  }

  /** The cells in row-major order, an odometer over the part's positions. */
  private placeCells(part: Cube, offsets: number[][]): void {
    const count = part.values.length;
    const position = new Array<number>(offsets.length).fill(0);
    let target = offsets.reduce((sum, list) => sum + list[0], 0);
    for (let cell = 0; cell < count; cell++) {
      if (this.given[target]) this.invalid('two answers give the same cell');
      this.given[target] = 1;
      this.values[target] = part.values[cell];
      const symbol = part.statuses.get(cell);
      if (symbol !== undefined) this.statuses.set(target, symbol);
      for (let k = offsets.length - 1; k >= 0; k--) {
        const list = offsets[k];
        target -= list[position[k]];
        if (++position[k] < list.length) {
          target += list[position[k]];
          break;
        }
        position[k] = 0;
        target += list[0];
      }
    }
    this.placed += count;
  }

  private enrich(into: CubeValue, from: CubeValue): void {
    if (!into.unit && from.unit) into.unit = from.unit;
    if (!into.notes && from.notes) into.notes = from.notes;
    if (into.parent === undefined && from.parent !== undefined) into.parent = from.parent;
  }

  private enrichTable(part: Cube): void {
    const frame = this.frame;
    if (!frame.source && part.source) frame.source = part.source;
    if (!frame.updated && part.updated) frame.updated = part.updated;
    if (frame.notes.length === 0 && part.notes.length > 0) frame.notes = part.notes;
    if (frame.decimals === undefined && part.decimals !== undefined) frame.decimals = part.decimals;
    if (!frame.unit && part.unit) frame.unit = part.unit;
    if (part.statusLabels) frame.statusLabels = { ...part.statusLabels, ...frame.statusLabels };
  }

  /** The whole table; throws `pxweb-answer-invalid` when some cell came in no answer. */
  finish(): Cube {
    const missing = this.values.length - this.placed;
    if (missing > 0) this.invalid(`the answers leave ${missing} of ${this.values.length} cells out`);
    return { ...this.frame, values: this.values, statuses: this.statuses };
  }

  private invalid(detail: string): never {
    throw new StatFault({ code: 'pxweb-answer-invalid', params: { address: this.address, detail } });
  }
}

/**
 * The frame of a whole made of parts that each describe themselves (Eurostat): every dimension of
 * the first part, its values the union of the parts' in the order first seen, so a selection
 * split in halves comes back in the order it was asked.
 */
export function unionFrame(parts: readonly Cube[], id: string): CubeFrame {
  const [first] = parts;
  const dimensions = first.dimensions.map((dimension): CubeDimension => {
    const values = new Map<string, CubeValue>();
    for (const part of parts) {
      const same = part.dimensions.find((candidate) => candidate.code === dimension.code);
      for (const value of same?.values ?? []) if (!values.has(value.code)) values.set(value.code, value);
    }
    return { ...dimension, values: [...values.values()] };
  });
  const { values: _values, statuses: _statuses, ...frame } = first;
  return { ...frame, id, dimensions };
}
