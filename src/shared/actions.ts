/** Vocabularies of the joint action plan (issue 17 §3): closed sets the filters, the Gantt view, the reports and the three locales share. */

/**
 * planned → ongoing → done, with delayed beside ongoing and dropped (with a reason) from any
 * open state. Done and dropped are final: a plan that changes its mind adds an action, so the
 * public timeline never shows a finished action quietly reopened.
 */
export const ACTION_STATES = ['planned', 'ongoing', 'delayed', 'done', 'dropped'] as const;
export type ActionState = (typeof ACTION_STATES)[number];
export const ACTION_TRANSITIONS: Record<ActionState, readonly ActionState[]> = {
  planned: ['ongoing', 'delayed', 'dropped'],
  ongoing: ['delayed', 'done', 'dropped'],
  delayed: ['ongoing', 'done', 'dropped'],
  done: [],
  dropped: [],
};
/** States in which an action is still expected to finish: only these can be overdue. */
export const OPEN_ACTION_STATES: readonly ActionState[] = ['planned', 'ongoing', 'delayed'];

/** Responsible, Accountable, Consulted, Informed: one role per institution and action; exactly one A, at least one R. */
export const RACI_ROLES = ['R', 'A', 'C', 'I'] as const;
export type RaciRole = (typeof RACI_ROLES)[number];

/** How often the coordinating body reviews an action: the governance bodies' meeting cadences (migration 0030). */
export const REVIEW_CADENCES = ['weekly', 'monthly', 'quarterly', 'twice_yearly', 'yearly', 'ad_hoc'] as const;
export type ReviewCadence = (typeof REVIEW_CADENCES)[number];

/** What the public timeline of an action records. */
export const ACTION_EVENT_KINDS = ['created', 'state', 'progress', 'milestone_met', 'milestone_slipped', 'due_changed', 'raci'] as const;
export type ActionEventKind = (typeof ACTION_EVENT_KINDS)[number];

export const DEPENDENCY_KINDS = ['finish_to_start'] as const;
export type DependencyKind = (typeof DEPENDENCY_KINDS)[number];

/** Weighted mean of the children's progress, Σ(p·w)/Σw; dropped children left out, 0 when none is left. Rounded as stored (2 decimals). */
export function rollUp(children: readonly { progress: number; weight: number; state: ActionState }[]): number {
  let sum = 0;
  let weights = 0;
  for (const child of children) {
    if (child.state === 'dropped') continue;
    sum += child.progress * child.weight;
    weights += child.weight;
  }
  return weights > 0 ? Math.round((sum / weights) * 100) / 100 : 0;
}
