import { describe, expect, it } from 'vitest';
import { BOX, fitText, layoutDiagram, nestBodies } from './governanceDiagram.ts';

const bodies = [
  { id: 'steering', parentId: null },
  { id: 'secretariat', parentId: 'steering' },
  { id: 'group', parentId: 'steering' },
  { id: 'subgroup', parentId: 'group' },
  { id: 'orphan', parentId: 'gone' },
];

describe('the governance diagram', () => {
  it('puts each body on its own row, indented one step below its parent, with an elbow from the parent', () => {
    const layout = layoutDiagram(bodies);
    expect(layout.nodes.map((n) => [n.id, n.depth])).toEqual([['steering', 0], ['secretariat', 1], ['group', 1], ['subgroup', 2], ['orphan', 0]]);
    const ys = layout.nodes.map((n) => n.y);
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    expect(new Set(ys).size).toBe(ys.length);
    const [steering, , group, subgroup] = layout.nodes;
    expect(group!.x).toBeGreaterThan(steering!.x);
    expect(subgroup!.x).toBeGreaterThan(group!.x);
    expect(layout.edges.map((e) => [e.from, e.to])).toEqual([['steering', 'secretariat'], ['steering', 'group'], ['group', 'subgroup']]);
    // the elbow leaves the parent's box at its bottom and ends at the child's left edge, halfway down
    const edge = layout.edges[2]!;
    expect(edge.d).toBe(`M${group!.x + 14} ${group!.y + BOX.height}V${subgroup!.y + BOX.height / 2}H${subgroup!.x}`);
  });

  it('is exactly as large as what it draws', () => {
    const layout = layoutDiagram(bodies);
    const right = Math.max(...layout.nodes.map((n) => n.x + BOX.width));
    const bottom = Math.max(...layout.nodes.map((n) => n.y + BOX.height));
    expect(layout.width).toBe(right + layout.nodes[0]!.x);
    expect(layout.height).toBe(bottom + layout.nodes[0]!.y);
    expect(layoutDiagram([])).toEqual({ nodes: [], edges: [], width: 4 * 2 + BOX.width, height: 0 });
  });

  it('cuts long names at a word, and leaves short ones whole', () => {
    expect(fitText('Joint working group: social security', 40)).toBe('Joint working group: social security');
    expect(fitText('Joint working group: digital services and data exchange', 40)).toBe('Joint working group: digital services…');
    expect(Array.from(fitText('Ühine töörühm: sotsiaalkindlustus ja tervishoiuteenused', 30)).length).toBeLessThanOrEqual(30);
    expect(fitText('Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 10)).toBe('Aaaaaaaaa…');
  });

  it('nests the bodies for the text equivalent in the order the diagram draws them', () => {
    const tree = nestBodies(bodies);
    expect(tree.map((b) => b.body.id)).toEqual(['steering', 'orphan']);
    expect(tree[0]!.children.map((b) => b.body.id)).toEqual(['secretariat', 'group']);
    expect(tree[0]!.children[1]!.children.map((b) => b.body.id)).toEqual(['subgroup']);
  });
});
