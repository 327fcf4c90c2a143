import type { Insertable, Updateable } from 'kysely';
import { OPEN_ACTION_STATES, rollUp, type ActionState, type RaciRole, type ReviewCadence } from '../../../shared/actions.ts';
import { PUBLIC_STATUSES } from '../../../shared/register.ts';
import { isEditorRole, isStaffRole } from '../../../shared/roles.ts';
import type { ActionCreate, ActionDetail, ActionList, ActionPatch, ActionQuery, ActionSummary, DependenciesPut, Milestone, MilestoneCreate, MilestonePatch, RaciEntry } from '../../../shared/schemas/actions.ts';
import type { InstitutionRef } from '../../../shared/schemas/institutions.ts';
import type { QueryBuilder } from '../../db/tables.ts';
import { nextRef } from '../../lib/refs.ts';
import { HttpProblem, problems, type FieldError } from '../../plugins/problems.ts';
import type { AuthUser } from '../accounts/accounts.service.ts';
import { recordAudit, type AuditEntry } from '../audit/audit.service.ts';
import { resolveBottleneckIds } from '../bottlenecks/bottlenecks.service.ts';
import { institutionRefs } from '../institutions/institutions.service.ts';
import { findRecommendation as findRecommendationRow } from '../recommendations/recommendations.repository.ts';
import { citedLessons, registerLessonCitations, resolveLessonIds } from '../regions/regions.citations.ts';
import * as repo from './actions.repository.ts';
import type { ActionsTable } from './actions.tables.ts';
import { dropReasonErrors, dueErrors, parentErrors, periodErrors, predecessorErrors, progressErrors, raciErrors, transitionAllowed, unknownBody, unknownRecommendation, type Period } from './actions.rules.ts';

registerLessonCitations('action', repo.actionsCiting);

/** Today as the plan counts days (UTC), for the overdue flags. */
export const today = (now = new Date()) => now.toISOString().slice(0, 10);
const isEditor = (user: AuthUser | null) => Boolean(user && isEditorRole(user.role));
const num = (value: string | null) => (value === null ? null : Number(value));
const refused = (detail: string, errors: FieldError[]) => problems.badRequest(detail, errors);

/** What a service owner of a Responsible or Accountable institution may change: the report on progress, not the plan. */
export const SERVICE_OWNER_ACTION_FIELDS: readonly string[] = ['progress', 'state', 'dropReason', 'note'];
export const SERVICE_OWNER_MILESTONE_FIELDS: readonly string[] = ['doneOn', 'evidenceUrl', 'evidenceNote'];

// ---- reading ----

function toSummary(row: repo.SummaryRow, refs: Map<string, InstitutionRef>): ActionSummary {
  return {
    id: row.id,
    ref: row.ref,
    title: row.title,
    parentId: row.parent_id,
    position: row.position,
    domain: row.domain,
    state: row.state,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    weight: Number(row.weight),
    progress: Number(row.progress),
    bodyId: row.body_id,
    lead: (row.lead_id && refs.get(row.lead_id)) || null,
    accountable: (row.accountable_id && refs.get(row.accountable_id)) || null,
    childCount: row.child_count,
    overdue: Boolean(row.overdue),
    isDemo: row.is_demo,
    updatedAt: row.updated_at.toISOString(),
  };
}

async function summaries(db: QueryBuilder, rows: repo.SummaryRow[]) {
  const refs = await institutionRefs(db, rows.flatMap((r) => [r.lead_id, r.accountable_id].filter((id): id is string => Boolean(id))));
  return rows.map((row) => toSummary(row, refs));
}

export async function listActions(db: QueryBuilder, query: ActionQuery, day = today()): Promise<ActionList> {
  const limit = query.limit ?? 20;
  const offset = query.offset ?? 0;
  let parent: string | null | undefined;
  if (query.parent !== undefined) {
    if (query.parent.toLowerCase() === 'none') parent = null;
    else {
      parent = (await repo.idsOf(db, [query.parent])).get(query.parent);
      if (!parent) return { items: [], total: 0, limit, offset };
    }
  }
  const { rows, total } = await repo.listActions(db, { ...query, parent, q: query.q?.trim() || undefined, limit, offset, today: day });
  return { items: await summaries(db, rows), total, limit, offset };
}

export async function findAction(db: QueryBuilder, idOrRef: string, day = today()) {
  const row = await repo.findAction(db, idOrRef, day);
  if (!row) throw problems.notFound('action');
  return row;
}

/** A milestone as answered; it is overdue only while its action is still expected to finish (as the list's and the roadmap's overdue). */
export function milestoneJson(row: repo.MilestoneRow, day: string, actionState: ActionState): Milestone {
  return {
    id: row.id,
    title: row.title,
    dueOn: row.due_on,
    doneOn: row.done_on,
    evidenceUrl: row.evidence_url,
    evidenceNote: row.evidence_note,
    overdue: row.done_on === null && row.due_on < day && OPEN_ACTION_STATES.includes(actionState),
  };
}

export async function getAction(db: QueryBuilder, user: AuthUser | null, row: repo.ActionRow, day = today()): Promise<ActionDetail> {
  const staff = Boolean(user && isStaffRole(user.role));
  const [ancestors, children, milestones, raci, [predecessors, successors], recommendations, bottlenecks, lessons, funding, events, body] = await Promise.all([
    repo.ancestors(db, row.id),
    repo.children(db, row.id, day),
    repo.milestonesOf(db, row.id),
    repo.raciOf(db, row.id),
    repo.dependencyLinks(db, row.id),
    repo.linkedRecommendations(db, row.id),
    // A bottleneck in moderation or withdrawn is named to staff only.
    repo.linkedBottlenecks(db, row.id, staff ? 'all' : PUBLIC_STATUSES),
    repo.lessonIdsOf(db, row.id).then((ids) => citedLessons(db, ids)),
    repo.fundingOf(db, row.id),
    repo.eventsOf(db, row.id),
    row.body_id ? repo.findBody(db, row.body_id) : Promise.resolve(undefined),
  ]);
  const refs = await institutionRefs(db, [...raci.map((r) => r.institution_id), ...[row.lead_id, row.accountable_id, ...children.flatMap((c) => [c.lead_id, c.accountable_id])].filter((id): id is string => Boolean(id))]);
  const order: RaciRole[] = ['A', 'R', 'C', 'I'];
  const link = (a: (typeof predecessors)[number]) => ({ id: a.id, ref: a.ref, title: a.title, state: a.state, startsOn: a.starts_on, endsOn: a.ends_on });
  const reportsFor = user?.role === 'service_owner' && user.institutionId ? raci.some((r) => r.institution_id === user.institutionId && (r.role === 'R' || r.role === 'A')) : false;
  return {
    ...toSummary(row, refs),
    description: row.description,
    dropReason: row.drop_reason,
    reviewCadence: row.review_cadence,
    budgetEur: num(row.budget_eur),
    body: body ? { id: body.id, slug: body.slug, name: body.name, cadence: body.cadence } : null,
    ancestors: ancestors.map((a) => ({ id: a.id, ref: a.ref, title: a.title, state: a.state })),
    children: children.map((c) => toSummary(c, refs)),
    milestones: milestones.map((m) => milestoneJson(m, day, row.state)),
    raci: raci
      .map((r) => ({ institution: refs.get(r.institution_id)!, role: r.role, lead: r.is_lead }))
      .sort((a, b) => Number(b.lead) - Number(a.lead) || order.indexOf(a.role) - order.indexOf(b.role)),
    dependencies: { predecessors: predecessors.map(link), successors: successors.map(link) },
    recommendations: recommendations.map((r) => ({ id: r.id, ref: r.ref, title: r.title, state: r.state })),
    bottlenecks: bottlenecks.map((b) => ({ id: b.id, ref: b.ref, title: b.title, status: b.status })),
    lessons,
    funding: funding.map((f) => ({ source: f.source, amountEur: Number(f.amount_eur), year: f.year })),
    timeline: events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, from: e.from_value, to: e.to_value, note: e.note, milestoneId: e.milestone_id })),
    createdAt: row.created_at.toISOString(),
    viewer: { canManage: isEditor(user), canReport: isEditor(user) || reportsFor },
  };
}

// ---- checks (each names its field; all run inside the write's transaction, under the plan's lock) ----

/** The RACI set against the directory (`raciErrors`). */
async function checkRaci(db: QueryBuilder, entries: readonly RaciEntry[], path: string): Promise<FieldError[]> {
  const known = await institutionRefs(db, entries.map((e) => e.institutionId));
  return raciErrors(entries, (id) => known.has(id), path);
}

/** The action's period against its parent's, its children's and its milestones' as stored (`periodErrors`). */
async function checkPeriod(db: QueryBuilder, period: Period, parentId: string | null, actionId: string | null): Promise<FieldError[]> {
  if (period.endsOn < period.startsOn) return periodErrors(period, { parent: null, children: [], milestones: { first: null, last: null } });
  const parent = parentId
    ? await db.selectFrom('actions').select([(eb) => eb.cast<string>('starts_on', 'text').as('startsOn'), (eb) => eb.cast<string>('ends_on', 'text').as('endsOn')]).where('id', '=', parentId).executeTakeFirstOrThrow()
    : null;
  const children = actionId ? (await repo.childFigures(db, actionId)).map((k) => ({ startsOn: k.starts_on, endsOn: k.ends_on })) : [];
  const milestones = actionId ? await repo.milestoneSpan(db, actionId) : { first: null, last: null };
  return periodErrors(period, { parent, children, milestones });
}

async function resolveRecommendations(db: QueryBuilder, values: readonly string[], errors: FieldError[]) {
  const rows = await Promise.all(values.map((v) => findRecommendationRow(db, v)));
  rows.forEach((row, i) => {
    if (!row) errors.push(unknownRecommendation(`body/recommendations/${i}`));
  });
  return [...new Set(rows.flatMap((row) => (row ? [row.id] : [])))];
}

async function resolveBottlenecks(db: QueryBuilder, values: readonly string[], errors: FieldError[]) {
  try {
    return [...new Set(await resolveBottleneckIds(db, values, 'body/bottlenecks'))];
  } catch (error) {
    if (error instanceof HttpProblem && error.extra.errors) errors.push(...error.extra.errors);
    else throw error;
    return [];
  }
}

async function resolveBody(db: QueryBuilder, bodyId: string | null | undefined, errors: FieldError[]) {
  if (!bodyId) return null;
  const body = await repo.findBody(db, bodyId);
  if (!body) errors.push(unknownBody());
  return body ?? null;
}

/** The parent named, as an id; `null` for the top of the tree. A parent cannot be the action itself or below it. */
async function resolveParent(db: QueryBuilder, value: string | null | undefined, actionId: string | null, errors: FieldError[]) {
  if (!value) return null;
  const id = (await repo.idsOf(db, [value])).get(value);
  const refused = parentErrors(Boolean(id), Boolean(id && actionId && (await repo.isSelfOrDescendant(db, actionId, id))));
  errors.push(...refused);
  return refused.length ? null : id!;
}

/**
 * The predecessors named, checked: known actions, not the action itself, and none that the
 * action already leads to (which would close a cycle). Runs under the plan's lock, so two writers
 * cannot each add half of a cycle.
 */
async function resolvePredecessors(db: QueryBuilder, actionId: string, values: readonly string[], path: string, errors: FieldError[]) {
  const ids = await repo.idsOf(db, values);
  const named = values.flatMap((v) => (ids.has(v) ? [ids.get(v)!] : []));
  const others = named.filter((id) => id !== actionId);
  const [closing, inTree] = await Promise.all([repo.reachableFrom(db, actionId, others), repo.relatedInTree(db, actionId, others)]);
  errors.push(...predecessorErrors(values, { actionId, resolve: (v) => ids.get(v), closing, inTree }, path));
  return [...new Set(named)];
}

function checkState(from: ActionState | null, to: ActionState, dropReason: string | undefined | null, errors: FieldError[]) {
  if (!transitionAllowed(from, to)) throw problems.conflict('invalid-transition', `An action that is ${from} cannot become ${to}.`, { from: from!, to });
  errors.push(...dropReasonErrors(from, to, dropReason));
}

/**
 * Recomputes the progress of `parentId` and its ancestors from their children, in the writer's
 * transaction, so that the next read sees it. Stops where a value does not change (nothing above
 * it can change either). An action that lost its last child keeps its last value, now its own.
 */
export async function rollUpFrom(db: QueryBuilder, parentId: string | null) {
  let id = parentId;
  for (let depth = 0; id && depth < 100; depth++) {
    const kids = await repo.childFigures(db, id);
    if (!kids.length) return;
    const value = rollUp(kids.map((k) => ({ progress: Number(k.progress), weight: Number(k.weight), state: k.state })));
    const current = await db.selectFrom('actions').select(['progress', 'parent_id']).where('id', '=', id).executeTakeFirstOrThrow();
    if (Number(current.progress) === value) return;
    await db.updateTable('actions').set({ progress: value, updated_at: new Date() }).where('id', '=', id).execute();
    id = current.parent_id;
  }
}

/** An action's RACI set as its timeline writes it (`slug:ROLE;…`). */
export async function raciLabel(db: QueryBuilder, actionId: string) {
  const rows = await db
    .selectFrom('action_raci as r')
    .innerJoin('institutions as i', 'i.id', 'r.institution_id')
    .select(['i.slug', 'r.role'])
    .where('r.action_id', '=', actionId)
    .orderBy('r.role')
    .orderBy('i.slug')
    .execute();
  return rows.map((r) => `${r.slug}:${r.role}`).join(';');
}

function raciEntries(entries: readonly RaciEntry[]) {
  return entries.map((e) => ({ institutionId: e.institutionId, role: e.role, lead: Boolean(e.lead) }));
}

// ---- writing ----

export async function createAction(db: QueryBuilder, editor: AuthUser, input: ActionCreate) {
  return db.transaction().execute(async (trx) => {
    await repo.lockPlan(trx);
    const errors: FieldError[] = [];
    const parentId = await resolveParent(trx, input.parent, null, errors);
    const body = await resolveBody(trx, input.bodyId, errors);
    const recommendations = await resolveRecommendations(trx, input.recommendations ?? [], errors);
    const bottlenecks = await resolveBottlenecks(trx, input.bottlenecks ?? [], errors);
    const lessons = await resolveLessonIds(trx, input.lessons ?? [], 'body/lessons', errors);
    errors.push(...(await checkRaci(trx, input.raci, 'body/raci')));
    if (!errors.some((e) => e.path === 'body/parent')) errors.push(...(await checkPeriod(trx, input, parentId, null)));
    const state = input.state ?? 'planned';
    checkState(null, state, input.dropReason, errors);
    // Known only once the action exists: a new action has no successor, so it cannot close a cycle.
    const ids = await repo.idsOf(trx, input.dependsOn ?? []);
    // The new action's only relatives in the tree are its parent and the parent's ancestors.
    const above = new Set(parentId ? [parentId, ...(await repo.ancestors(trx, parentId)).map((a) => a.id)] : []);
    errors.push(...predecessorErrors(input.dependsOn ?? [], { actionId: null, resolve: (v) => ids.get(v), closing: new Set(), inTree: above }, 'body/dependsOn'));
    if (errors.length) throw refused('The action was not saved.', errors);

    const created = await repo.insertAction(
      trx,
      newActionValues(input, { ref: await nextRef(trx, 'AC'), parentId, position: input.position ?? (await repo.nextPosition(trx, parentId)), body, createdBy: editor.id }),
    );
    await repo.replaceRaci(trx, created.id, raciEntries(input.raci));
    await repo.replacePredecessors(trx, created.id, [...new Set(ids.values())]);
    await repo.replaceLinks(trx, created.id, { recommendations, bottlenecks, lessons });
    await repo.replaceFunding(trx, created.id, input.funding ?? []);
    await rollUpFrom(trx, parentId);
    await repo.insertEvents(trx, [{ actionId: created.id, kind: 'created', to: state, actorId: editor.id }]);
    await recordAudit(trx, { actorId: editor.id, action: 'action.created', entityType: 'action', entityId: created.id, details: { ref: created.ref } });
    return created;
  });
}

/** A new action's row: the defaults of a plan written by hand and of one imported are the same. */
export function newActionValues(input: ActionCreate, at: { ref: string; parentId: string | null; position: number; body: { id: string; cadence: ReviewCadence } | null; createdBy: string }): Insertable<ActionsTable> {
  const state = input.state ?? 'planned';
  return {
    ref: at.ref,
    parent_id: at.parentId,
    position: at.position,
    title: JSON.stringify(input.title),
    description: JSON.stringify(input.description ?? {}),
    domain: input.domain,
    state,
    drop_reason: state === 'dropped' ? input.dropReason! : null,
    starts_on: input.startsOn,
    ends_on: input.endsOn,
    weight: input.weight ?? 1,
    progress: input.progress ?? (state === 'done' ? 100 : 0),
    body_id: at.body?.id ?? null,
    // A body reviews what it coordinates at its own meetings unless the plan says otherwise.
    review_cadence: input.reviewCadence !== undefined ? input.reviewCadence : (at.body?.cadence ?? null),
    budget_eur: input.budgetEur ?? null,
    created_by: at.createdBy,
  };
}

/** What a checked change of an action does beyond its fields: the state it moves to, the progress it sets, and its entries on the public timeline. */
export interface ChangeOf {
  state: ActionState;
  moving: boolean;
  progress: number | undefined;
  events: repo.EventValues[];
}

export function changeOf(current: Pick<repo.ActionRow, 'id' | 'state' | 'progress' | 'ends_on' | 'child_count'>, patch: ActionPatch, actorId: string): ChangeOf {
  const state = patch.state ?? current.state;
  const moving = state !== current.state;
  // A leaf reported done is complete unless the report says how far it got.
  const progress = patch.progress ?? (moving && state === 'done' && current.child_count === 0 ? 100 : undefined);
  const note = patch.note ?? (state === 'dropped' ? patch.dropReason : undefined) ?? null;
  const events: repo.EventValues[] = [];
  if (moving) events.push({ actionId: current.id, kind: 'state', from: current.state, to: state, note, actorId });
  if (progress !== undefined && progress !== Number(current.progress)) events.push({ actionId: current.id, kind: 'progress', from: String(Number(current.progress)), to: String(progress), note: moving ? null : note, actorId });
  if (patch.endsOn && patch.endsOn !== current.ends_on) events.push({ actionId: current.id, kind: 'due_changed', from: current.ends_on, to: patch.endsOn, actorId });
  return { state, moving, progress, events };
}

/** The audit entry of a change of an action's fields. */
export function updatedAudit(current: Pick<repo.ActionRow, 'id' | 'state'>, fields: string[], change: ChangeOf, actorId: string, extra: Record<string, unknown> = {}): AuditEntry {
  return { actorId, action: 'action.updated', entityType: 'action', entityId: current.id, details: { fields, ...(change.moving ? { from: current.state, to: change.state } : {}), ...extra } };
}

/** The columns a checked change writes (its place in the tree aside); `body` is the coordinating body named, when the change names one. */
export function patchValues(patch: ActionPatch, change: ChangeOf, body: { id: string } | null | undefined): Updateable<ActionsTable> {
  return {
    ...(patch.title ? { title: JSON.stringify(patch.title) } : {}),
    ...(patch.description ? { description: JSON.stringify(patch.description) } : {}),
    ...(patch.domain ? { domain: patch.domain } : {}),
    ...(patch.startsOn ? { starts_on: patch.startsOn } : {}),
    ...(patch.endsOn ? { ends_on: patch.endsOn } : {}),
    ...(patch.weight !== undefined ? { weight: patch.weight } : {}),
    ...(change.progress !== undefined ? { progress: change.progress } : {}),
    ...(change.moving ? { state: change.state } : {}),
    ...(change.state === 'dropped' && patch.dropReason ? { drop_reason: patch.dropReason } : {}),
    ...(body !== undefined ? { body_id: body?.id ?? null } : {}),
    ...(patch.reviewCadence !== undefined ? { review_cadence: patch.reviewCadence } : {}),
    ...(patch.budgetEur !== undefined ? { budget_eur: patch.budgetEur } : {}),
  };
}

/** Refuses a service owner's change of a field that is the plan's, not the report's (403 change-not-permitted). */
function limitServiceOwner(user: AuthUser, fields: string[], allowed: readonly string[]) {
  if (isEditor(user)) return;
  const refusedFields = fields.filter((f) => !allowed.includes(f));
  if (refusedFields.length) {
    throw problems.changeNotPermitted(`A service owner may change only ${allowed.join(', ')}; not ${refusedFields.join(', ')}.`);
  }
}

export async function updateAction(db: QueryBuilder, user: AuthUser, row: repo.ActionRow, patch: ActionPatch) {
  limitServiceOwner(user, Object.keys(patch), SERVICE_OWNER_ACTION_FIELDS);
  await db.transaction().execute(async (trx) => {
    await repo.lockPlan(trx);
    // Read again under the lock: what the checks compare with is what another writer left.
    const current = await findAction(trx, row.id);
    const errors: FieldError[] = [];
    const parentId = patch.parent !== undefined ? await resolveParent(trx, patch.parent, current.id, errors) : current.parent_id;
    // Naming the parent it has (by id or reference) is no move: the action keeps its place.
    const parentChanges = parentId !== current.parent_id;
    const body = patch.bodyId !== undefined ? await resolveBody(trx, patch.bodyId, errors) : undefined;
    const recommendations = patch.recommendations ? await resolveRecommendations(trx, patch.recommendations, errors) : undefined;
    const bottlenecks = patch.bottlenecks ? await resolveBottlenecks(trx, patch.bottlenecks, errors) : undefined;
    const lessons = patch.lessons ? await resolveLessonIds(trx, patch.lessons, 'body/lessons', errors) : undefined;
    const period = { startsOn: patch.startsOn ?? current.starts_on, endsOn: patch.endsOn ?? current.ends_on };
    if ((parentChanges || patch.startsOn || patch.endsOn) && !errors.some((e) => e.path === 'body/parent')) {
      errors.push(...(await checkPeriod(trx, period, parentId, current.id)));
    }
    if (patch.progress !== undefined) errors.push(...progressErrors(current.child_count));
    const state = patch.state ?? current.state;
    checkState(current.state, state, patch.dropReason, errors);
    if (errors.length) throw refused('The action was not changed.', errors);

    const change = changeOf(current, patch, user.id);
    await repo.updateAction(trx, current.id, {
      ...patchValues(patch, change, body),
      ...(parentChanges ? { parent_id: parentId, position: patch.position ?? (await repo.nextPosition(trx, parentId)) } : patch.position !== undefined ? { position: patch.position } : {}),
    });
    await repo.replaceLinks(trx, current.id, { recommendations, bottlenecks, lessons });
    if (patch.funding) await repo.replaceFunding(trx, current.id, patch.funding);
    // The roll-up moves where a child's progress, weight, state or place changed.
    if (parentChanges) await rollUpFrom(trx, current.parent_id);
    await rollUpFrom(trx, parentId);

    await repo.insertEvents(trx, change.events);
    await recordAudit(trx, updatedAudit(current, Object.keys(patch), change, user.id));
  });
}

/** Deleting refuses an action with sub-actions or with actions waiting for it: delete or move those first (nothing vanishes unseen). */
export async function deleteAction(db: QueryBuilder, editor: AuthUser, row: repo.ActionRow) {
  await db.transaction().execute(async (trx) => {
    await repo.lockPlan(trx);
    const current = await findAction(trx, row.id);
    if (current.child_count > 0) throw problems.conflict('has-children', 'The action has sub-actions: delete or move them first.');
    if (await repo.hasSuccessors(trx, current.id)) throw problems.conflict('has-dependants', 'Other actions depend on this one: remove those dependencies first.');
    // A framework version names the actions that serve its targets, and a frozen version never changes.
    if (await trx.selectFrom('framework_target_actions').select('action_id').where('action_id', '=', current.id).executeTakeFirst()) {
      throw problems.conflict('serves-framework-target', 'A target of the joint framework names this action: it stays while a version names it.');
    }
    await repo.deleteAction(trx, current.id);
    await rollUpFrom(trx, current.parent_id);
    await recordAudit(trx, { actorId: editor.id, action: 'action.deleted', entityType: 'action', entityId: current.id, details: { ref: current.ref } });
  });
}

export async function putRaci(db: QueryBuilder, editor: AuthUser, row: repo.ActionRow, entries: readonly RaciEntry[]) {
  await db.transaction().execute(async (trx) => {
    await repo.lockPlan(trx);
    const errors = await checkRaci(trx, entries, 'body/entries');
    if (errors.length) throw refused('The RACI assignment was not saved.', errors);
    const before = await raciLabel(trx, row.id);
    await repo.replaceRaci(trx, row.id, raciEntries(entries));
    const after = await raciLabel(trx, row.id);
    if (before !== after) await repo.insertEvents(trx, [{ actionId: row.id, kind: 'raci', from: before, to: after, actorId: editor.id }]);
    await repo.updateAction(trx, row.id, {});
    await recordAudit(trx, { actorId: editor.id, action: 'action.raci', entityType: 'action', entityId: row.id, details: { raci: after } });
  });
}

export async function putDependencies(db: QueryBuilder, editor: AuthUser, row: repo.ActionRow, input: DependenciesPut) {
  await db.transaction().execute(async (trx) => {
    await repo.lockPlan(trx);
    const errors: FieldError[] = [];
    const predecessors = await resolvePredecessors(trx, row.id, input.predecessors, 'body/predecessors', errors);
    if (errors.length) throw refused('The dependencies were not saved.', errors);
    await repo.replacePredecessors(trx, row.id, predecessors);
    await repo.updateAction(trx, row.id, {});
    await recordAudit(trx, { actorId: editor.id, action: 'action.dependencies', entityType: 'action', entityId: row.id, details: { predecessors } });
  });
}

// ---- milestones ----

function checkDue(current: repo.ActionRow, dueOn: string): FieldError[] {
  return dueErrors({ startsOn: current.starts_on, endsOn: current.ends_on }, dueOn);
}

export async function createMilestone(db: QueryBuilder, editor: AuthUser, row: repo.ActionRow, input: MilestoneCreate) {
  return db.transaction().execute(async (trx) => {
    await repo.lockPlan(trx);
    const current = await findAction(trx, row.id);
    const errors = checkDue(current, input.dueOn);
    if (errors.length) throw refused('The milestone was not saved.', errors);
    const created = await repo.insertMilestone(trx, {
      action_id: row.id,
      title: JSON.stringify(input.title),
      due_on: input.dueOn,
      done_on: input.doneOn ?? null,
      evidence_url: input.evidenceUrl ?? null,
      evidence_note: input.evidenceNote ?? null,
    });
    if (input.doneOn) await repo.insertEvents(trx, [{ actionId: row.id, kind: 'milestone_met', to: input.doneOn, milestoneId: created.id, actorId: editor.id }]);
    await repo.updateAction(trx, row.id, {});
    await recordAudit(trx, { actorId: editor.id, action: 'action.milestone-created', entityType: 'action', entityId: row.id, details: { milestoneId: created.id } });
    return created;
  });
}

export async function updateMilestone(db: QueryBuilder, user: AuthUser, row: repo.ActionRow, milestoneId: string, patch: MilestonePatch) {
  limitServiceOwner(user, Object.keys(patch), SERVICE_OWNER_MILESTONE_FIELDS);
  await db.transaction().execute(async (trx) => {
    await repo.lockPlan(trx);
    const current = await findAction(trx, row.id);
    const milestone = await repo.findMilestone(trx, row.id, milestoneId);
    if (!milestone) throw problems.notFound('milestone');
    const errors = patch.dueOn ? checkDue(current, patch.dueOn) : [];
    if (errors.length) throw refused('The milestone was not changed.', errors);
    const dueMoved = patch.dueOn !== undefined && patch.dueOn !== milestone.due_on;
    await repo.updateMilestone(trx, milestoneId, {
      ...(patch.title ? { title: JSON.stringify(patch.title) } : {}),
      // A new due day is a new date to be told about: it is mailed about afresh, coming due and slipping (milestones.mail.ts).
      ...(dueMoved ? { due_on: patch.dueOn, notified_due_at: null, notified_slip_at: null } : {}),
      ...(patch.doneOn !== undefined ? { done_on: patch.doneOn } : {}),
      ...(patch.evidenceUrl !== undefined ? { evidence_url: patch.evidenceUrl } : {}),
      ...(patch.evidenceNote !== undefined ? { evidence_note: patch.evidenceNote } : {}),
    });
    const events: repo.EventValues[] = [];
    if (patch.doneOn && !milestone.done_on) events.push({ actionId: row.id, kind: 'milestone_met', to: patch.doneOn, milestoneId, actorId: user.id });
    if (dueMoved) events.push({ actionId: row.id, kind: patch.dueOn! > milestone.due_on ? 'milestone_slipped' : 'due_changed', from: milestone.due_on, to: patch.dueOn!, milestoneId, actorId: user.id });
    await repo.insertEvents(trx, events);
    await repo.updateAction(trx, row.id, {});
    await recordAudit(trx, { actorId: user.id, action: 'action.milestone-updated', entityType: 'action', entityId: row.id, details: { milestoneId, fields: Object.keys(patch) } });
  });
}

export async function deleteMilestone(db: QueryBuilder, editor: AuthUser, row: repo.ActionRow, milestoneId: string) {
  await db.transaction().execute(async (trx) => {
    await repo.lockPlan(trx);
    if (!(await repo.findMilestone(trx, row.id, milestoneId))) throw problems.notFound('milestone');
    await repo.deleteMilestone(trx, milestoneId);
    await repo.updateAction(trx, row.id, {});
    await recordAudit(trx, { actorId: editor.id, action: 'action.milestone-deleted', entityType: 'action', entityId: row.id, details: { milestoneId } });
  });
}

/** Whether a user is a service owner of an institution Responsible or Accountable for the action named (id or reference). */
export async function reportsFor(db: QueryBuilder, user: AuthUser | null, idOrRef: string) {
  if (user?.role !== 'service_owner' || !user.institutionId) return false;
  const id = (await repo.idsOf(db, [idOrRef])).get(idOrRef);
  return Boolean(id) && repo.isResponsibleOrAccountable(db, id!, user.institutionId);
}
