/**
 * Rows of a tree (each naming its parent) in reading order: parents before their children, depth
 * first, siblings in the order given. A row whose parent is not among the rows starts a tree of
 * its own, so a filtered set still shows every row. `idOf` and `parentOf` read a row's key and its
 * parent's (a framework node's `node_key` and `parent_key`, say).
 */
export function treeOrderBy<T>(rows: readonly T[], idOf: (row: T) => string, parentOf: (row: T) => string | null): T[] {
  const known = new Set(rows.map(idOf));
  const children = new Map<string | null, T[]>();
  for (const row of rows) {
    const parentId = parentOf(row);
    const parent = parentId && known.has(parentId) ? parentId : null;
    const siblings = children.get(parent);
    if (siblings) siblings.push(row);
    else children.set(parent, [row]);
  }
  const ordered: T[] = [];
  // An explicit stack: a deep plan must not overflow the call stack.
  const stack: T[] = [...(children.get(null) ?? [])].reverse();
  while (stack.length) {
    const row = stack.pop()!;
    ordered.push(row);
    const below = children.get(idOf(row));
    if (below) for (let i = below.length - 1; i >= 0; i--) stack.push(below[i]!);
  }
  return ordered;
}

/** `treeOrderBy` for rows keyed `id` with a `parent_id`. */
export function treeOrder<T extends { id: string; parent_id: string | null }>(rows: readonly T[]): T[] {
  return treeOrderBy(rows, (row) => row.id, (row) => row.parent_id);
}
