import { ACTION_TRANSITIONS, type ActionState, type RaciRole } from '../../../shared/actions.ts';
import type { FieldError } from '../../plugins/problems.ts';

/**
 * The plan's rules as pure functions of the facts they compare. The service gathers the facts of
 * one write from the database under the plan's lock; the import gathers them for a whole file
 * from the plan as it will be once the file is written. Each rule has one wording and one code,
 * whichever way a change comes in. Paths are the API's (`body/…`); the import turns them into its
 * rows and columns.
 */

export interface RaciInput {
  institutionId: string;
  role: RaciRole;
  lead?: boolean;
}

/** The RACI set: known institutions, each once, exactly one A, at least one R, at most one lead. */
export function raciErrors(entries: readonly RaciInput[], isKnown: (institutionId: string) => boolean, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, i) => {
    if (!isKnown(entry.institutionId)) errors.push({ path: `${path}/${i}/institutionId`, code: 'unknown-institution', message: 'is not a known institution' });
    else if (seen.has(entry.institutionId)) errors.push({ path: `${path}/${i}/institutionId`, code: 'duplicate', message: 'has a role already: one role per institution' });
    seen.add(entry.institutionId);
  });
  const accountable = entries.flatMap((e, i) => (e.role === 'A' ? [i] : []));
  if (accountable.length === 0) errors.push({ path, code: 'accountable-missing', message: 'needs exactly one Accountable institution (A)' });
  for (const i of accountable.slice(1)) errors.push({ path: `${path}/${i}/role`, code: 'accountable-twice', message: 'is a second Accountable: an action has exactly one' });
  if (!entries.some((e) => e.role === 'R')) errors.push({ path, code: 'responsible-missing', message: 'needs at least one Responsible institution (R)' });
  for (const i of entries.flatMap((e, i) => (e.lead ? [i] : [])).slice(1)) errors.push({ path: `${path}/${i}/lead`, code: 'lead-twice', message: 'is a second lead: an action has at most one' });
  return errors;
}

export interface Period {
  startsOn: string;
  endsOn: string;
}

/** What an action's period is compared with. */
export interface PeriodFacts {
  /** The parent's period; null at the top of the tree. */
  parent: Period | null;
  /** The periods of its sub-actions (none for a new action). */
  children: readonly Period[];
  /** The earliest and latest due day of its milestones. */
  milestones: { first: string | null; last: string | null };
}

/**
 * The action's period against its parent's, its children's and its milestones': a child lies
 * within its parent's period (a sub-action cannot start before its theme nor end after it), and a
 * change of period that would leave a child or a milestone outside is refused rather than
 * clipping them.
 */
export function periodErrors(period: Period, facts: PeriodFacts): FieldError[] {
  if (period.endsOn < period.startsOn) return [{ path: 'body/endsOn', code: 'end-before-start', message: 'must not be before startsOn' }];
  const errors: FieldError[] = [];
  const { parent, children, milestones } = facts;
  if (parent) {
    const params = { from: parent.startsOn, to: parent.endsOn };
    const message = `must be within the parent's period (${parent.startsOn} to ${parent.endsOn})`;
    if (period.startsOn < parent.startsOn) errors.push({ path: 'body/startsOn', code: 'outside-parent-period', params, message });
    if (period.endsOn > parent.endsOn) errors.push({ path: 'body/endsOn', code: 'outside-parent-period', params, message });
  }
  if (children.some((k) => k.startsOn < period.startsOn)) errors.push({ path: 'body/startsOn', code: 'excludes-children', message: 'would leave a sub-action starting before the action' });
  if (children.some((k) => k.endsOn > period.endsOn)) errors.push({ path: 'body/endsOn', code: 'excludes-children', message: 'would leave a sub-action ending after the action' });
  if (milestones.first && milestones.first < period.startsOn) errors.push({ path: 'body/startsOn', code: 'excludes-milestones', message: 'would leave a milestone due before the action starts' });
  if (milestones.last && milestones.last > period.endsOn) errors.push({ path: 'body/endsOn', code: 'excludes-milestones', message: 'would leave a milestone due after the action ends' });
  return errors;
}

/** A milestone's due day lies within its action's period. */
export function dueErrors(period: Period, dueOn: string): FieldError[] {
  return dueOn < period.startsOn || dueOn > period.endsOn
    ? [{ path: 'body/dueOn', code: 'outside-action-period', params: { from: period.startsOn, to: period.endsOn }, message: `must be within the action's period (${period.startsOn} to ${period.endsOn})` }]
    : [];
}

/** The parent named: it exists, and is neither the action itself nor below it (`closesCycle`). */
export function parentErrors(found: boolean, closesCycle: boolean): FieldError[] {
  if (!found) return [{ path: 'body/parent', code: 'unknown-action', message: 'is not a known action' }];
  if (closesCycle) return [{ path: 'body/parent', code: 'parent-cycle', message: 'cannot be the action itself or one below it' }];
  return [];
}

/** What the predecessors of an action are checked against. */
export interface PredecessorFacts {
  /** The action's id; null for an action not yet written (it has no successor, so it closes no cycle). */
  actionId: string | null;
  /** A named predecessor's id, or undefined when it names no action. */
  resolve: (value: string) => string | undefined;
  /** The named predecessors that the action already leads to: each would close a cycle. */
  closing: ReadonlySet<string>;
  /** The named predecessors above or below the action in the tree. */
  inTree: ReadonlySet<string>;
}

/**
 * Finish-to-start predecessors: known actions, not the action itself, none that the action
 * already leads to (which would close a cycle), and none above or below it in the tree (a
 * sub-action lies within its parent's period, so it can neither wait for the parent to finish nor
 * finish before the parent starts).
 */
export function predecessorErrors(values: readonly string[], facts: PredecessorFacts, path: string): FieldError[] {
  const errors: FieldError[] = [];
  values.forEach((value, i) => {
    const id = facts.resolve(value);
    if (!id) errors.push({ path: `${path}/${i}`, code: 'unknown-action', message: 'is not a known action' });
    else if (id === facts.actionId) errors.push({ path: `${path}/${i}`, code: 'self-dependency', message: 'is the action itself' });
    else if (facts.closing.has(id)) errors.push({ path: `${path}/${i}`, code: 'dependency-cycle', message: 'already depends on this action: the dependency would close a cycle' });
    else if (facts.inTree.has(id)) errors.push({ path: `${path}/${i}`, code: 'dependency-in-tree', message: 'is above or below this action in the plan: its period holds or is held by this one' });
  });
  return errors;
}

/** Whether a state may follow another: done and dropped are final (`ACTION_TRANSITIONS`). A new action (`from` null) may start in any state. */
export function transitionAllowed(from: ActionState | null, to: ActionState): boolean {
  return from === null || from === to || ACTION_TRANSITIONS[from].includes(to);
}

/** Dropping an action needs a reason. */
export function dropReasonErrors(from: ActionState | null, to: ActionState, dropReason: string | null | undefined): FieldError[] {
  return to === 'dropped' && from !== 'dropped' && !dropReason ? [{ path: 'body/dropReason', code: 'required', message: 'is required to drop an action' }] : [];
}

/** Progress is set on leaves; a parent's is the roll-up of its sub-actions. */
export function progressErrors(childCount: number): FieldError[] {
  return childCount > 0 ? [{ path: 'body/progress', code: 'progress-on-parent', message: 'is rolled up from the sub-actions: set it on them' }] : [];
}

export const unknownBody = (): FieldError => ({ path: 'body/bodyId', code: 'unknown-body', message: 'is not a known governance body' });
export const unknownRecommendation = (path: string): FieldError => ({ path, code: 'unknown-recommendation', message: 'is not a known recommendation' });
