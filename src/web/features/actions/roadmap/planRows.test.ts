import { describe, expect, it } from 'vitest';
import { buildTree } from '../plan.ts';
import { planRows } from './planRows.ts';

const bar = (id: string, parentId: string | null, leadId: string | null) => ({
  id, ref: `AC-2026-${id}`, parentId, title: { en: `Action ${id}` }, state: 'ongoing' as const, progress: 10, overdue: id === '3', isDemo: true, startsOn: '2026-01-01', endsOn: '2026-12-31', leadId,
});

describe('the plan from the roadmap', () => {
  const rows = planRows({
    // The roadmap's tree order: a theme, its actions, the next theme.
    bars: [bar('9', null, 'kela'), bar('3', '9', 'ska'), bar('1', '9', null), bar('5', null, 'gone')],
    institutions: [{ id: 'kela', name: { en: 'Kela' } }, { id: 'ska', name: { en: 'Social Insurance Board' } }],
  });

  it('keeps what a line shows, the lead named', () => {
    expect(rows[0]).toMatchObject({ id: '9', ref: 'AC-2026-9', title: { en: 'Action 9' }, state: 'ongoing', progress: 10, isDemo: true, startsOn: '2026-01-01', endsOn: '2026-12-31', lead: { name: { en: 'Kela' } } });
    expect(rows[1]!.overdue).toBe(true);
    expect(rows[2]!.lead).toBeNull();
    expect(rows[3]!.lead).toBeNull();
  });

  it('keeps the roadmap\'s order in the tree, whatever the references', () => {
    const tree = buildTree(rows);
    expect(tree.map((node) => node.item.id)).toEqual(['9', '5']);
    expect(tree[0]!.children.map((node) => node.item.id)).toEqual(['3', '1']);
  });
});
