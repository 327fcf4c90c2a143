import { ACTION_STATES, OPEN_ACTION_STATES, rollUp, type ActionState } from '../../../shared/actions.ts';
import { previousPeriod, type Period } from '../../../shared/periods.ts';
import type { ProgressReport, ReportAction, ReportActionRef, ReportMilestone } from '../../../shared/schemas/reports.ts';
import type { QueryBuilder } from '../../db/tables.ts';
import { cache } from '../../lib/cache.ts';
import { treeOrder } from '../../lib/tree.ts';
import * as repo from './reports.repository.ts';

/**
 * The progress report of the joint action plan for a period (issue 17 §5).
 *
 * The plan as it stood at the end of a day is read back from the public timeline: an action
 * existed once the day it was written into the plan had come; its state (or a leaf's progress)
 * on a day is the value its first change after that day started from, or the value it has now
 * when nothing changed since. A parent's progress then is the roll-up of its children then (the
 * roll-up itself is not on the timeline), with today's weights. Actions deleted from the plan are
 * gone with their timelines and are not reported.
 *
 * Milestones: *met* in the period = done on a day in it (`late` when after its due day); *missed*
 * in the period = due on a day in it that has passed, while its action was open (planned, ongoing,
 * delayed: a done or dropped action's milestones are not missed), and not done by its due day.
 * So a milestone done late is missed in the period it fell due and met (late) in the period it
 * was done: both, when that is the same period.
 */

interface Change {
  day: string;
  from: string | null;
  to: string | null;
}

/** One action's rows and its changes of state and progress since the start of the previous period. */
interface Tracked {
  row: repo.PlanActionRow;
  ref: ReportActionRef;
  depth: number;
  children: Tracked[];
  states: Change[];
  progress: Change[];
}

/** The value on `day`: where the first change after that day started from, else the value now. */
function valueOn(changes: readonly Change[], day: string, now: string): string {
  const after = changes.find((change) => change.day > day);
  return after?.from ?? now;
}

const existsOn = (action: Tracked, day: string) => action.row.created_on <= day;
const stateOn = (action: Tracked, day: string) => valueOn(action.states, day, action.row.state) as ActionState;

/** Progress on `day`: a leaf's from its timeline; a parent's rolled up from its children that existed then. */
function progressOn(action: Tracked, day: string): number {
  const children = action.children.filter((child) => existsOn(child, day));
  if (!children.length) return Number(valueOn(action.progress, day, action.row.progress));
  return rollUp(children.map((child) => ({ progress: progressOn(child, day), weight: Number(child.row.weight), state: stateOn(child, day) })));
}

function track(actions: repo.PlanActionRow[], timeline: repo.TimelineRow[]): Tracked[] {
  const byId = new Map<string, Tracked>();
  const ordered: Tracked[] = [];
  for (const row of treeOrder(actions)) {
    const parent = row.parent_id ? byId.get(row.parent_id) : undefined;
    const tracked: Tracked = { row, ref: { id: row.id, ref: row.ref, title: row.title, isDemo: row.is_demo }, depth: parent ? parent.depth + 1 : 0, children: [], states: [], progress: [] };
    parent?.children.push(tracked);
    byId.set(row.id, tracked);
    ordered.push(tracked);
  }
  for (const event of timeline) {
    const action = byId.get(event.action_id);
    if (!action) continue;
    if (event.kind === 'state') action.states.push({ day: event.day, from: event.from_value, to: event.to_value });
    if (event.kind === 'progress') action.progress.push({ day: event.day, from: event.from_value, to: event.to_value });
  }
  return ordered;
}

function milestoneJson(row: repo.MilestoneRow, action: Tracked): ReportMilestone {
  return { id: row.id, action: action.ref, title: row.title, dueOn: row.due_on, doneOn: row.done_on, late: row.done_on !== null && row.done_on > row.due_on };
}

export interface ReportInput {
  period: Period;
  today: string;
  planVersion: number;
  actions: repo.PlanActionRow[];
  timeline: repo.TimelineRow[];
  milestones: repo.MilestoneRow[];
  resolved: repo.ResolvedRow[];
}

/** The report from what was read: a pure function of its input. */
export function buildReport({ period, today, planVersion, actions, timeline, milestones, resolved }: ReportInput): ProgressReport {
  const previous = previousPeriod(period);
  const tracked = track(actions, timeline);
  const byId = new Map(tracked.map((action) => [action.row.id, action]));
  const inPeriod = (day: string) => day >= period.from && day <= period.to;
  const end = period.to;
  const before = previous.to;

  const existing = tracked.filter((action) => existsOn(action, end));
  const reportActions: ReportAction[] = existing.map((action) => ({
    ...action.ref,
    parentId: action.row.parent_id,
    depth: action.depth,
    domain: action.row.domain,
    state: stateOn(action, end),
    progress: progressOn(action, end),
    startsOn: action.row.starts_on,
    endsOn: action.row.ends_on,
  }));
  const states = ACTION_STATES.map((state) => ({
    state,
    count: reportActions.filter((action) => action.state === state).length,
    previousCount: tracked.filter((action) => existsOn(action, before) && stateOn(action, before) === state).length,
  }));

  const met: ReportMilestone[] = [];
  const missed: ReportMilestone[] = [];
  for (const row of milestones) {
    const action = byId.get(row.action_id);
    if (!action) continue;
    if (row.done_on !== null && inPeriod(row.done_on)) met.push(milestoneJson(row, action));
    const due = row.due_on;
    const notDoneByDue = row.done_on === null || row.done_on > due;
    if (inPeriod(due) && due < today && notDoneByDue && OPEN_ACTION_STATES.includes(stateOn(action, due))) missed.push(milestoneJson(row, action));
  }
  met.sort((a, b) => (a.doneOn! < b.doneOn! ? -1 : a.doneOn! > b.doneOn! ? 1 : 0));

  const stateChanges: ProgressReport['changes']['states'] = [];
  const dropped: ProgressReport['changes']['dropped'] = [];
  const slipped: ProgressReport['changes']['slipped'] = [];
  for (const event of timeline) {
    const action = byId.get(event.action_id);
    if (!action || !inPeriod(event.day)) continue;
    if (event.kind === 'state' && event.from_value && event.to_value) {
      stateChanges.push({ action: action.ref, on: event.day, from: event.from_value as ActionState, to: event.to_value as ActionState, note: event.note });
      if (event.to_value === 'dropped') dropped.push({ action: action.ref, on: event.day, reason: event.note ?? action.row.drop_reason });
    }
    if (event.kind === 'milestone_slipped' && event.milestone_id && event.milestone_title && event.from_value && event.to_value) {
      slipped.push({ action: action.ref, milestoneId: event.milestone_id, title: event.milestone_title, on: event.day, from: event.from_value, to: event.to_value });
    }
  }
  const added = existing
    .filter((action) => inPeriod(action.row.created_on))
    .map((action) => ({ ...action.ref, on: action.row.created_on, state: stateOn(action, end), progress: progressOn(action, end) }));
  const progress = existing
    .filter((action) => existsOn(action, before))
    .map((action) => ({ action: action.ref, from: progressOn(action, before), to: progressOn(action, end) }))
    .filter((change) => change.from !== change.to);

  const bottlenecks = resolved.map((row) => ({
    id: row.id,
    ref: row.ref,
    title: row.title,
    resolvedOn: row.resolved_on,
    outcome: row.outcome,
    isDemo: row.is_demo,
    actions: row.action_ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!.ref] : [])).sort((a, b) => a.ref.localeCompare(b.ref)),
  }));

  const named = [...reportActions, ...met.map((m) => m.action), ...missed.map((m) => m.action), ...stateChanges.map((c) => c.action)];
  return {
    period,
    previous,
    today,
    planVersion,
    isDemo: named.some((action) => action.isDemo) || bottlenecks.some((b) => b.isDemo),
    states,
    actions: reportActions,
    milestones: { met, missed },
    changes: { added, dropped, states: stateChanges, progress, slipped },
    bottlenecks,
  };
}

/**
 * Reports kept per database, plan version, link graph version, day and period: the same plan on
 * the same day gives the same report, and a report is read far more often than the plan changes.
 */
const reports = cache.section<ProgressReport>('reports.progress');

/** What a report is computed from besides its period: the plan's and the link graph's versions and the day, as one key. */
export async function reportVersion(db: QueryBuilder, today: string): Promise<{ key: string; plan: number }> {
  const versions = await repo.reportVersions(db);
  return { key: `${versions.plan}|${versions.links}|${today}`, plan: versions.plan };
}

/** The report for the period, kept under the version read before it (so never under a newer one than its data). */
export function progressReport(db: QueryBuilder, period: Period, today: string, version: { key: string; plan: number }): Promise<ProgressReport> {
  return reports.fetch(db, version.key, `${period.from}|${period.to}`, async () => {
    const previous = previousPeriod(period);
    const [actions, timeline, milestones, resolved] = await Promise.all([
      repo.planActions(db),
      repo.timelineSince(db, previous.from),
      repo.milestonesIn(db, period),
      repo.resolvedThroughActions(db, period),
    ]);
    return buildReport({ period, today, planVersion: version.plan, actions, timeline, milestones, resolved });
  });
}
