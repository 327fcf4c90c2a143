import type { QueryBuilder } from '../../db/tables.ts';
import type { AuthUser } from '../accounts/accounts.service.ts';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import { isStaffRole } from '../../../shared/roles.ts';
import { TRANSITIONS, type Status } from '../../../shared/register.ts';

/**
 * What other features did with a bottleneck: a dialogue that has it on its agenda or among its
 * bottlenecks, a recommendation that names it. The bottlenecks feature imports neither feature
 * (they are built on it); `app.ts` gives `bottlenecksRoutes` a `linkedItemsOf` that reads both.
 */
export interface LinkedItem {
  bottleneckId: string;
  type: 'dialogue' | 'recommendation';
  ref: string;
  title: LocalizedTextValue;
  /** The dialogue's or recommendation's state (`planned`, `held`, `minutes_published`; `proposed`, `agreed`…). */
  state: string;
  /** A dialogue's start (its minutes: when they were last saved); a recommendation's creation. */
  at: Date;
  /** False for an internal dialogue: only staff see it on the timeline. */
  isPublic: boolean;
}

/** The linked items of the bottlenecks given, or of every bottleneck with `null`; cancelled dialogues and rejected recommendations left out. */
export type LinkedItemsOf = (db: QueryBuilder, bottleneckIds: readonly string[] | null) => Promise<LinkedItem[]>;

export const NO_LINKED_ITEMS: LinkedItemsOf = async () => [];

/** A recommendation in one of these states was adopted: the bottleneck has a recommendation. */
const ADOPTED = ['agreed', 'in_action_plan', 'implemented'];

export function visibleItems(items: readonly LinkedItem[], user: AuthUser | null) {
  const staff = Boolean(user && isStaffRole(user.role));
  return items.filter((item) => item.isPublic || staff);
}

/** The timeline entries of the linked items: `dialogue_planned`, `dialogue_held`, `minutes_published`, `recommendation_named`. */
export function timelineEntries(items: readonly LinkedItem[]) {
  return items.map((item) => ({
    at: item.at.toISOString(),
    kind: item.type === 'recommendation' ? 'recommendation_named' : item.state === 'minutes_published' ? 'minutes_published' : `dialogue_${item.state}`,
    fromStatus: null,
    toStatus: null,
    note: null,
    actorRole: null,
    institution: null,
    link: { type: item.type, ref: item.ref, title: item.title, state: item.state },
  }));
}

/** The status an item calls for, if any: a dialogue held (or its minutes) → in dialogue; an adopted recommendation → recommendation. */
function statusCalledFor(item: LinkedItem): Status | null {
  if (item.type === 'dialogue') return item.state === 'held' || item.state === 'minutes_published' ? 'in_dialogue' : null;
  return ADOPTED.includes(item.state) ? 'recommendation' : null;
}

/** The ordinary transitions from one status to another, shortest first; null when there is no way. */
export function pathTo(from: Status, to: Status): Status[] | null {
  const previous = new Map<Status, Status | null>([[from, null]]);
  const queue: Status[] = [from];
  while (queue.length) {
    const at = queue.shift()!;
    if (at === to) {
      const path: Status[] = [];
      for (let step: Status | null = at; step && step !== from; step = previous.get(step) ?? null) path.unshift(step);
      return path;
    }
    for (const next of TRANSITIONS[at]) {
      if (!previous.has(next)) {
        previous.set(next, at);
        queue.push(next);
      }
    }
  }
  return null;
}

export interface Suggestion {
  status: Status;
  because: { type: 'dialogue' | 'recommendation'; ref: string; state: string };
}

/**
 * The status change the linked items call for when the bottleneck is behind them: the furthest
 * one reachable by ordinary transitions, for the most recent item that calls for it. Never
 * applied by itself; an editor applies it with one click.
 */
export function suggestionFor(status: Status, items: readonly LinkedItem[]): Suggestion | null {
  let best: { item: LinkedItem; status: Status; steps: number } | null = null;
  for (const item of items) {
    const target = statusCalledFor(item);
    if (!target || target === status) continue;
    const path = pathTo(status, target);
    if (!path || !path.length) continue;
    if (!best || path.length > best.steps || (path.length === best.steps && item.at > best.item.at)) best = { item, status: target, steps: path.length };
  }
  return best ? { status: best.status, because: { type: best.item.type, ref: best.item.ref, state: best.item.state } } : null;
}
