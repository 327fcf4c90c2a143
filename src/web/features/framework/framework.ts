/**
 * The framework pages' logic without React: the flat depth-first node list as a tree, a share of
 * the way gone as a whole percentage, and which versions a page may offer to compare.
 */

export interface FlatNode {
  key: string;
  parentKey: string | null;
}

export type TreeNode<T extends FlatNode> = T & { children: TreeNode<T>[] };

/** The answer's nodes (each after its parent, siblings in order) as a tree under the roots. */
export function treeOf<T extends FlatNode>(nodes: readonly T[]): TreeNode<T>[] {
  const byKey = new Map<string, TreeNode<T>>();
  const roots: TreeNode<T>[] = [];
  for (const node of nodes) byKey.set(node.key, { ...node, children: [] });
  for (const node of nodes) {
    const tree = byKey.get(node.key)!;
    const parent = node.parentKey ? byKey.get(node.parentKey) : undefined;
    (parent ? parent.children : roots).push(tree);
  }
  return roots;
}

/** Progress (0–1) as a whole percentage; the server clamps it already, this keeps a bar in range whatever comes. */
export function percentOf(progress: number): number {
  return Math.round(Math.min(1, Math.max(0, progress)) * 100);
}

/** The version a diff page offers first: the one before `b` that it was based on, else the one before it. */
export function defaultBase(versions: readonly { number: number; basedOn: number | null }[], b: number): number | null {
  const chosen = versions.find((version) => version.number === b);
  if (chosen?.basedOn) return chosen.basedOn;
  const earlier = versions.filter((version) => version.number < b).map((version) => version.number);
  return earlier.length ? Math.max(...earlier) : null;
}
