import { describe, expect, it } from 'vitest';
import { filterParams } from '../../components/filterParams.ts';
import { branchIds, buildTree, isFiltered, percent, percentIn, planQuery } from './plan.ts';

const item = (id: string, parentId: string | null, position = 0, ref = `AC-${id}`) => ({ id, ref, parentId, position });

describe('the plan as a tree', () => {
  it('puts sub-actions under their actions under their themes, siblings by position then reference', () => {
    const tree = buildTree([item('c', 'a', 1), item('b', 'a', 0), item('a', null), item('d', 'b'), item('e', null, 0, 'AC-0')]);
    expect(tree.map((n) => n.item.id)).toEqual(['e', 'a']);
    expect(tree[1]!.children.map((n) => n.item.id)).toEqual(['b', 'c']);
    expect(tree[1]!.children[0]!.children.map((n) => n.item.id)).toEqual(['d']);
    expect(branchIds(tree)).toEqual(['a', 'b']);
  });

  it('keeps an action whose parent is not in the list at the top, and shows each action once even in a cycle', () => {
    expect(buildTree([item('x', 'missing')]).map((n) => n.item.id)).toEqual(['x']);
    const cycle = buildTree([item('a', null), item('b', 'c'), item('c', 'b')]);
    expect(cycle.map((n) => n.item.id)).toEqual(['a']);
  });
});

describe('filters and the address', () => {
  it('makes the API query from the address: known filters, empty ones out, overdue only when set', () => {
    const params = new URLSearchParams('domain=mobility&state=&overdue=true&page=2&bogus=1&institution=%20');
    expect(planQuery(params)).toEqual({ domain: 'mobility', overdue: 'true' });
    expect(planQuery(new URLSearchParams('overdue=no'))).toEqual({});
    expect(planQuery(new URLSearchParams('overdue=1'))).toEqual({ overdue: 'true' });
  });

  it('goes round trip: the filter form makes an address that gives back the same filters, and no filter shows the tree', () => {
    const form: [string, string][] = [['domain', 'legal'], ['institution', ''], ['body', 'b1'], ['state', 'delayed'], ['overdue', 'true']];
    const address = filterParams(form);
    expect(address.toString()).toBe('domain=legal&body=b1&state=delayed&overdue=true');
    expect(planQuery(address)).toEqual({ domain: 'legal', body: 'b1', state: 'delayed', overdue: 'true' });
    expect(isFiltered(address)).toBe(true);
    expect(isFiltered(new URLSearchParams('page=3&size=50'))).toBe(false);
  });

  it('writes progress as a whole per cent, or with one decimal when rolled up', () => {
    expect([percent(45), percent(33.333), percent(100), percent(0)]).toEqual(['45', '33.3', '100', '0']);
  });

  it('writes the figure with the decimal sign of the reader\'s language', () => {
    expect(['en', 'fi', 'et', 'sv', 'ru'].map((lang) => percentIn(51.666, lang))).toEqual(['51.7', '51,7', '51,7', '51,7', '51,7']);
    expect(percentIn(100, 'ru')).toBe('100');
  });
});
