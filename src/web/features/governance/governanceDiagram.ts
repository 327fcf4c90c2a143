/**
 * The governance diagram's layout: an indented tree, one body a row, children below and to the
 * right of their parent with an elbow line from it. Indenting rather than spreading siblings
 * side by side keeps every box's text readable at 360 px, however many working groups there are.
 */
export interface DiagramBody {
  id: string;
  parentId: string | null;
}

export interface DiagramNode {
  id: string;
  depth: number;
  x: number;
  y: number;
}

export interface DiagramEdge {
  from: string;
  to: string;
  /** An SVG path: down from the parent's box, then across to the child's. */
  d: string;
}

export interface DiagramLayout {
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  width: number;
  height: number;
}

export const BOX = { width: 340, height: 52 } as const;
const MARGIN = 4;
const INDENT = 28;
const ROW = BOX.height + 14;

/** Lays out bodies given parents first (the API's order); a body whose parent is not listed starts a tree of its own. */
export function layoutDiagram(bodies: readonly DiagramBody[]): DiagramLayout {
  const placed = new Map<string, DiagramNode>();
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  bodies.forEach((body, row) => {
    const parent = body.parentId ? placed.get(body.parentId) : undefined;
    const depth = parent ? parent.depth + 1 : 0;
    const node = { id: body.id, depth, x: MARGIN + depth * INDENT, y: MARGIN + row * ROW };
    placed.set(body.id, node);
    nodes.push(node);
    if (parent) {
      const stemX = parent.x + INDENT / 2;
      edges.push({ from: parent.id, to: body.id, d: `M${stemX} ${parent.y + BOX.height}V${node.y + BOX.height / 2}H${node.x}` });
    }
  });
  const deepest = Math.max(0, ...nodes.map((node) => node.depth));
  return {
    nodes,
    edges,
    width: 2 * MARGIN + deepest * INDENT + BOX.width,
    height: nodes.length ? 2 * MARGIN + (nodes.length - 1) * ROW + BOX.height : 0,
  };
}

/** A name cut to fit a box, whole words where it can, with an ellipsis; the list beside the diagram keeps it whole. */
export function fitText(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Bodies as a nested tree, for the text equivalent: the same order and nesting the diagram draws. */
export function nestBodies<T extends DiagramBody>(bodies: readonly T[]): { body: T; children: ReturnType<typeof nestBodies<T>> }[] {
  type Branch = { body: T; children: Branch[] };
  const branches = new Map<string, Branch>();
  const roots: Branch[] = [];
  for (const body of bodies) {
    const branch: Branch = { body, children: [] };
    branches.set(body.id, branch);
    const parent = body.parentId ? branches.get(body.parentId) : undefined;
    (parent ? parent.children : roots).push(branch);
  }
  return roots;
}
