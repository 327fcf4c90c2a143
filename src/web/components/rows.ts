/**
 * The lists of rows a form edits in place (a dialogue's participants, an interview's findings, a
 * dataset's distributions): each row has a key that React, the field ids and the row's buttons
 * name it by. Kept apart from the components so adding, changing and removing are tested alone.
 */
export interface Keyed {
  key: number;
}

export type RowsAction<R extends Keyed> =
  /** A row at the end, with a key no row of the list has (what `row` says its key is, is ignored). */
  | { type: 'add'; row: Omit<R, 'key'> & Partial<Keyed> }
  /** The row with `key` changed; the others as they were. */
  | { type: 'update'; key: number; change: Partial<Omit<R, 'key'>> }
  /** The list without the row with `key`. */
  | { type: 'remove'; key: number };

/** A key greater than every key of `rows`, so two rows added in one moment never share one. */
export function nextKey(rows: readonly Keyed[]): number {
  return rows.reduce((max, row) => Math.max(max, row.key), -1) + 1;
}

/** The rows after `action`: a new list, the rows not concerned kept as the same objects. */
export function editRows<R extends Keyed>(rows: readonly R[], action: RowsAction<R>): R[] {
  switch (action.type) {
    case 'add':
      return [...rows, { ...action.row, key: nextKey(rows) } as R];
    case 'update':
      return rows.map((row) => (row.key === action.key ? { ...row, ...action.change, key: row.key } : row));
    case 'remove':
      return rows.filter((row) => row.key !== action.key);
  }
}
