import { formatCount } from '../../components/numbers.ts';
/**
 * The action plan's pure parts: the tree the flat list of actions makes, and the filters the
 * address holds (so the page is a function of its address and these can be tested alone).
 */

/** The filters of `/actions`, as the address names them; any one set turns the tree into a filtered list. */
export const ACTION_FILTERS = ['domain', 'institution', 'body', 'state', 'overdue'] as const;
export type ActionFilter = (typeof ACTION_FILTERS)[number];

export interface PlanItem {
  id: string;
  ref: string;
  parentId: string | null;
  position: number;
}

export interface PlanNode<T extends PlanItem> {
  item: T;
  children: PlanNode<T>[];
}

/**
 * Themes → actions → sub-actions from a flat list, siblings in the plan's order (position, then
 * reference). An action whose parent is not in the list stands at the top rather than vanishing.
 */
export function buildTree<T extends PlanItem>(items: readonly T[]): PlanNode<T>[] {
  const ids = new Set(items.map((i) => i.id));
  const byParent = new Map<string | null, T[]>();
  for (const item of items) {
    const parent = item.parentId && ids.has(item.parentId) ? item.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), item]);
  }
  const order = (a: T, b: T) => a.position - b.position || a.ref.localeCompare(b.ref);
  // `seen` guards against a cycle in bad data: each action appears once.
  const seen = new Set<string>();
  const grow = (parent: string | null): PlanNode<T>[] =>
    (byParent.get(parent) ?? [])
      .slice()
      .sort(order)
      .filter((item) => !seen.has(item.id) && seen.add(item.id))
      .map((item) => ({ item, children: grow(item.id) }));
  return grow(null);
}

/** The ids of every node that has children: what "expand all" opens. */
export function branchIds<T extends PlanItem>(nodes: readonly PlanNode<T>[]): string[] {
  return nodes.flatMap((node) => (node.children.length ? [node.item.id, ...branchIds(node.children)] : []));
}

/**
 * The API query the address's filters make: known filters only, empty ones left out, and
 * `overdue` only when the address says yes (a checkbox sends `true`; `1` is accepted from a typed address).
 */
export function planQuery(params: URLSearchParams): Partial<Record<ActionFilter, string>> & { overdue?: 'true' } {
  const query: Partial<Record<ActionFilter, string>> = {};
  for (const key of ACTION_FILTERS) {
    const value = params.get(key)?.trim();
    if (!value) continue;
    if (key === 'overdue') {
      if (value === 'true' || value === '1') query.overdue = 'true';
    } else query[key] = value;
  }
  return query as Partial<Record<ActionFilter, string>> & { overdue?: 'true' };
}

/** Whether the address sets any filter (then the page shows a flat, paged list instead of the tree). */
export function isFiltered(params: URLSearchParams): boolean {
  return Object.keys(planQuery(params)).length > 0;
}

/** A progress figure as people read it: a whole per cent, or one decimal when rolled up to less. */
const rounded = (progress: number) => Math.round(progress * 10) / 10;

/** The figure as a number field takes it ("51.7"). */
export function percent(progress: number): string {
  return String(rounded(progress));
}

/** The same figure as a reader of `lang` writes it ("51,7" in Finnish, Swedish, Estonian and Russian). */
export function percentIn(progress: number, lang: string): string {
  return formatCount(rounded(progress), lang);
}
