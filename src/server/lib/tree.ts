/**
 * Rows of a tree (each naming its parent) in reading order: parents before their children, depth
 * first, siblings in the order given. A row whose parent is not among the rows starts a tree of
 * its own, so a filtered set still shows every row.
 */
export function treeOrder<T extends { id: string; parent_id: string | null }>(rows: readonly T[]): T[] {
  const known = new Set(rows.map((row) => row.id));
  const children = new Map<string | null, T[]>();
  for (const row of rows) {
    const parent = row.parent_id && known.has(row.parent_id) ? row.parent_id : null;
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
    const below = children.get(row.id);
    if (below) for (let i = below.length - 1; i >= 0; i--) stack.push(below[i]!);
  }
  return ordered;
}
