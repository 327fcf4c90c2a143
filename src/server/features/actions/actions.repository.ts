import { sql, type Insertable, type SqlBool, type Updateable } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import type { ActionEventKind, ActionState, RaciRole } from '../../../shared/actions.ts';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import type { Domain } from '../../../shared/register.ts';
import { isUuid } from '../../lib/refs.ts';
import { containingPattern } from '../../lib/text.ts';
import type { ActionMilestonesTable, ActionsTable } from './actions.tables.ts';

/**
 * Every write to the plan takes this lock first (it ends with the transaction). Two checks need
 * the plan to hold still: a dependency cycle that two writers could each add half of, and the
 * roll-up of a parent whose children two writers change at once (each would compute the mean
 * without the other's change). Plan writes are editors' and service owners' edits, rare enough
 * to queue. PGlite has one connection, where the lock is taken at once.
 */
export async function lockPlan(db: QueryBuilder) {
  await sql`select pg_advisory_xact_lock(hashtext('talsinki.action_plan'))`.execute(db);
}

const OPEN = sql.join(['planned', 'ongoing', 'delayed'].map((s) => sql.lit(s)));

/** A milestone of action `a` as `m` past due and not done while its action is open (against `today`). */
export const milestoneOverdueExpression = (today: string) => sql<boolean>`(m.done_on is null and m.due_on < ${today}::date and a.state in (${OPEN}))`;

/** Open, and a milestone is past due and not done, or the end has passed (both against `today`). */
export const overdueExpression = (today: string) =>
  sql<boolean>`(a.state in (${OPEN}) and (a.ends_on < ${today}::date or exists (select 1 from action_milestones m where m.action_id = a.id and m.done_on is null and m.due_on < ${today}::date)))`;

function summaryColumns(today: string) {
  return [
    'a.id',
    'a.ref',
    'a.parent_id',
    'a.position',
    'a.title',
    'a.domain',
    'a.state',
    sql<string>`a.starts_on::text`.as('starts_on'),
    sql<string>`a.ends_on::text`.as('ends_on'),
    'a.weight',
    'a.progress',
    'a.body_id',
    'a.is_demo',
    'a.updated_at',
    sql<string | null>`(select r.institution_id from action_raci r where r.action_id = a.id and r.is_lead)`.as('lead_id'),
    sql<string | null>`(select r.institution_id from action_raci r where r.action_id = a.id and r.role = 'A')`.as('accountable_id'),
    sql<number>`(select count(*)::int from actions c where c.parent_id = a.id)`.as('child_count'),
    overdueExpression(today).as('overdue'),
  ] as const;
}

function detailColumns(today: string) {
  return [...summaryColumns(today), 'a.description', 'a.drop_reason', 'a.review_cadence', 'a.budget_eur', 'a.created_at'] as const;
}

export interface ActionFilter {
  domain?: Domain;
  institution?: string;
  body?: string;
  state?: ActionState;
  overdue?: boolean;
  /** An action's id, or `null` for the top of the tree. */
  parent?: string | null;
  q?: string;
  limit: number;
  offset: number;
  today: string;
}

function filtered(db: QueryBuilder, filter: ActionFilter) {
  let query = db.selectFrom('actions as a');
  if (filter.domain) query = query.where('a.domain', '=', filter.domain);
  if (filter.state) query = query.where('a.state', '=', filter.state);
  if (filter.body) query = query.where('a.body_id', '=', filter.body);
  if (filter.parent !== undefined) query = filter.parent === null ? query.where('a.parent_id', 'is', null) : query.where('a.parent_id', '=', filter.parent);
  if (filter.institution) query = query.where(sql<SqlBool>`exists (select 1 from action_raci r where r.action_id = a.id and r.institution_id = ${filter.institution})`);
  if (filter.overdue !== undefined) query = query.where(filter.overdue ? overdueExpression(filter.today) : sql<SqlBool>`not ${overdueExpression(filter.today)}`);
  if (filter.q) {
    // Words of a title in any language, or the reference (a contained text: ILIKE, no pattern of the caller's).
    const pattern = containingPattern(filter.q);
    query = query.where(sql<SqlBool>`(a.ref ilike ${pattern} or exists (select 1 from jsonb_each_text(a.title) t where t.value ilike ${pattern}))`);
  }
  return query;
}

export async function listActions(db: QueryBuilder, filter: ActionFilter) {
  const query = filtered(db, filter);
  const [rows, count] = await Promise.all([
    query.select(summaryColumns(filter.today)).orderBy('a.position').orderBy('a.starts_on').orderBy('a.ref').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export type SummaryRow = Awaited<ReturnType<typeof listActions>>['rows'][number];

export function findAction(db: QueryBuilder, idOrRef: string, today: string) {
  return db
    .selectFrom('actions as a')
    .select(detailColumns(today))
    .where(isUuid(idOrRef) ? 'a.id' : 'a.ref', '=', isUuid(idOrRef) ? idOrRef : idOrRef.toUpperCase())
    .executeTakeFirst();
}
export type ActionRow = NonNullable<Awaited<ReturnType<typeof findAction>>>;

/** The ids of actions named by id or reference, as a map from what was given. */
export async function idsOf(db: QueryBuilder, values: readonly string[]) {
  if (!values.length) return new Map<string, string>();
  const ids = values.filter(isUuid);
  const refs = values.filter((v) => !isUuid(v)).map((v) => v.toUpperCase());
  const rows = await db
    .selectFrom('actions')
    .select(['id', 'ref'])
    .where((eb) => eb.or([...(ids.length ? [eb('id', 'in', ids)] : []), ...(refs.length ? [eb('ref', 'in', refs)] : [])]))
    .execute();
  const found = new Map<string, string>();
  for (const value of values) {
    const row = rows.find((r) => r.id === value || r.ref === value.toUpperCase());
    if (row) found.set(value, row.id);
  }
  return found;
}

export function children(db: QueryBuilder, parentId: string, today: string) {
  return db.selectFrom('actions as a').select(summaryColumns(today)).where('a.parent_id', '=', parentId).orderBy('a.position').orderBy('a.starts_on').orderBy('a.ref').execute();
}

/** The rows the roll-up and the period checks need, of one action's children. */
export function childFigures(db: QueryBuilder, parentId: string) {
  return db
    .selectFrom('actions')
    .select(['id', 'progress', 'weight', 'state', sql<string>`starts_on::text`.as('starts_on'), sql<string>`ends_on::text`.as('ends_on')])
    .where('parent_id', '=', parentId)
    .execute();
}

/** The chain of parents from the top of the tree down to the action's parent. */
export async function ancestors(db: QueryBuilder, id: string) {
  const result = await sql<{ id: string; ref: string; title: Record<string, string>; state: ActionState; depth: number }>`
    with recursive up (id, depth) as (
      select parent_id, 1 from actions where id = ${id} and parent_id is not null
      union all
      select a.parent_id, up.depth + 1 from actions a join up on a.id = up.id where a.parent_id is not null and up.depth < 100
    )
    select a.id, a.ref, a.title, a.state, up.depth from up join actions a on a.id = up.id order by up.depth desc`.execute(db);
  return result.rows;
}

/** Whether `candidate` is `id` itself or below it in the tree (a parent cannot move under its own descendant). */
export async function isSelfOrDescendant(db: QueryBuilder, id: string, candidate: string) {
  const result = await sql<{ found: boolean }>`
    with recursive down (id) as (
      select ${id}::uuid
      union
      select a.id from actions a join down on a.parent_id = down.id
    )
    select exists (select 1 from down where id = ${candidate}::uuid) as found`.execute(db);
  return Boolean(result.rows[0]?.found);
}

export function insertAction(db: QueryBuilder, values: Insertable<ActionsTable>) {
  return db.insertInto('actions').values(values).returning(['id', 'ref']).executeTakeFirstOrThrow();
}

export function updateAction(db: QueryBuilder, id: string, values: Updateable<ActionsTable>) {
  return db.updateTable('actions').set({ ...values, updated_at: new Date() }).where('id', '=', id).execute();
}

export async function nextPosition(db: QueryBuilder, parentId: string | null) {
  const row = await db
    .selectFrom('actions')
    .select(sql<number>`coalesce(max(position) + 1, 0)::int`.as('next'))
    .where(parentId ? sql<SqlBool>`parent_id = ${parentId}` : sql<SqlBool>`parent_id is null`)
    .executeTakeFirstOrThrow();
  return Number(row.next);
}

// ---- RACI ----

export function raciOf(db: QueryBuilder, actionId: string) {
  return db.selectFrom('action_raci').selectAll().where('action_id', '=', actionId).execute();
}

export async function replaceRaci(db: QueryBuilder, actionId: string, entries: { institutionId: string; role: RaciRole; lead: boolean }[]) {
  await db.deleteFrom('action_raci').where('action_id', '=', actionId).execute();
  await db
    .insertInto('action_raci')
    .values(entries.map((e) => ({ action_id: actionId, institution_id: e.institutionId, role: e.role, is_lead: e.lead })))
    .execute();
}

/** Whether the institution is Responsible or Accountable for the action. */
export async function isResponsibleOrAccountable(db: QueryBuilder, actionId: string, institutionId: string) {
  const row = await db.selectFrom('action_raci').select('role').where('action_id', '=', actionId).where('institution_id', '=', institutionId).where('role', 'in', ['R', 'A']).executeTakeFirst();
  return Boolean(row);
}

// ---- dependencies ----

export function predecessorsOf(db: QueryBuilder, actionId: string) {
  return db.selectFrom('action_dependencies').select('predecessor_id').where('successor_id', '=', actionId).execute();
}

/**
 * Which of `predecessors` the action `successorId` already leads to (through its successors):
 * adding such a predecessor would close a cycle. One recursive walk over the dependency graph.
 */
export async function reachableFrom(db: QueryBuilder, successorId: string, predecessors: readonly string[]) {
  if (!predecessors.length) return new Set<string>();
  const result = await sql<{ id: string }>`
    with recursive after (id) as (
      select ${successorId}::uuid
      union
      select d.successor_id from action_dependencies d join after on d.predecessor_id = after.id
    )
    select id from after where id = any(${[...predecessors]}::uuid[])`.execute(db);
  return new Set(result.rows.map((r) => r.id));
}

/**
 * Which of `others` are above or below `id` in the tree. Finish-to-start between an action and
 * its own ancestor or descendant cannot be kept: a sub-action lies within its parent's period, so
 * it can neither wait for the parent to finish nor finish before the parent starts.
 */
export async function relatedInTree(db: QueryBuilder, id: string, others: readonly string[]) {
  if (!others.length) return new Set<string>();
  const result = await sql<{ id: string }>`
    with recursive up (id) as (
      select parent_id from actions where id = ${id} and parent_id is not null
      union
      select a.parent_id from actions a join up on a.id = up.id where a.parent_id is not null
    ), down (id) as (
      select id from actions where parent_id = ${id}
      union
      select a.id from actions a join down on a.parent_id = down.id
    )
    select id from up where id = any(${[...others]}::uuid[])
    union
    select id from down where id = any(${[...others]}::uuid[])`.execute(db);
  return new Set(result.rows.map((r) => r.id));
}

export async function replacePredecessors(db: QueryBuilder, successorId: string, predecessorIds: readonly string[]) {
  await db.deleteFrom('action_dependencies').where('successor_id', '=', successorId).execute();
  if (predecessorIds.length) await db.insertInto('action_dependencies').values(predecessorIds.map((predecessor_id) => ({ predecessor_id, successor_id: successorId }))).execute();
}

const linkColumns = ['a.id', 'a.ref', 'a.title', 'a.state', sql<string>`a.starts_on::text`.as('starts_on'), sql<string>`a.ends_on::text`.as('ends_on')] as const;

export function dependencyLinks(db: QueryBuilder, actionId: string) {
  return Promise.all([
    db.selectFrom('action_dependencies as d').innerJoin('actions as a', 'a.id', 'd.predecessor_id').select(linkColumns).where('d.successor_id', '=', actionId).orderBy('a.starts_on').orderBy('a.ref').execute(),
    db.selectFrom('action_dependencies as d').innerJoin('actions as a', 'a.id', 'd.successor_id').select(linkColumns).where('d.predecessor_id', '=', actionId).orderBy('a.starts_on').orderBy('a.ref').execute(),
  ]);
}

export async function hasSuccessors(db: QueryBuilder, actionId: string) {
  return Boolean(await db.selectFrom('action_dependencies').select('successor_id').where('predecessor_id', '=', actionId).executeTakeFirst());
}

// ---- links, funding ----

export async function replaceLinks(db: QueryBuilder, actionId: string, links: { recommendations?: string[]; bottlenecks?: string[]; lessons?: string[] }) {
  if (links.lessons) {
    await db.deleteFrom('action_lessons').where('action_id', '=', actionId).execute();
    if (links.lessons.length) await db.insertInto('action_lessons').values(links.lessons.map((lesson_id) => ({ action_id: actionId, lesson_id }))).execute();
  }
  if (links.recommendations) {
    await db.deleteFrom('action_recommendations').where('action_id', '=', actionId).execute();
    if (links.recommendations.length) await db.insertInto('action_recommendations').values(links.recommendations.map((recommendation_id) => ({ action_id: actionId, recommendation_id }))).execute();
  }
  if (links.bottlenecks) {
    await db.deleteFrom('action_bottlenecks').where('action_id', '=', actionId).execute();
    if (links.bottlenecks.length) await db.insertInto('action_bottlenecks').values(links.bottlenecks.map((bottleneck_id) => ({ action_id: actionId, bottleneck_id }))).execute();
  }
}

/** How many actions answer a recommendation (the recommendations feature asks before it enters the action plan). */
export async function countActionsAnswering(db: QueryBuilder, recommendationId: string): Promise<number> {
  const row = await db.selectFrom('action_recommendations').select((eb) => eb.fn.countAll<number>().as('count')).where('recommendation_id', '=', recommendationId).executeTakeFirstOrThrow();
  return Number(row.count);
}

export function linkedRecommendations(db: QueryBuilder, actionId: string) {
  return db
    .selectFrom('action_recommendations as l')
    .innerJoin('recommendations as r', 'r.id', 'l.recommendation_id')
    .select(['r.id', 'r.ref', 'r.title', 'r.state'])
    .where('l.action_id', '=', actionId)
    .orderBy('r.ref')
    .execute();
}

/** The ids of the lessons an action cites. */
export async function lessonIdsOf(db: QueryBuilder, actionId: string) {
  return (await db.selectFrom('action_lessons').select('lesson_id').where('action_id', '=', actionId).execute()).map((r) => r.lesson_id);
}

/** The actions citing each of these lessons (the regions feature's "cited by"). */
export function actionsCiting(db: QueryBuilder, lessonIds: readonly string[]) {
  return db
    .selectFrom('action_lessons as l')
    .innerJoin('actions as a', 'a.id', 'l.action_id')
    .select(['l.lesson_id as lessonId', 'a.id', 'a.ref', 'a.title', 'a.state'])
    .where('l.lesson_id', 'in', [...lessonIds])
    .execute();
}

export function linkedBottlenecks(db: QueryBuilder, actionId: string, statuses: readonly string[] | 'all') {
  let query = db.selectFrom('action_bottlenecks as l').innerJoin('bottlenecks as b', 'b.id', 'l.bottleneck_id').select(['b.id', 'b.ref', 'b.title', 'b.status']).where('l.action_id', '=', actionId);
  if (statuses !== 'all') query = query.where('b.status', 'in', [...statuses] as never);
  return query.orderBy('b.ref').execute();
}

export async function replaceFunding(db: QueryBuilder, actionId: string, funding: { source: object; amountEur: number; year?: number | null }[]) {
  await db.deleteFrom('action_funding').where('action_id', '=', actionId).execute();
  if (funding.length) {
    await db
      .insertInto('action_funding')
      .values(funding.map((f, position) => ({ action_id: actionId, position, source: JSON.stringify(f.source), amount_eur: f.amountEur, year: f.year ?? null })))
      .execute();
  }
}

export function fundingOf(db: QueryBuilder, actionId: string) {
  return db.selectFrom('action_funding').select(['source', 'amount_eur', 'year']).where('action_id', '=', actionId).orderBy('position').execute();
}

// ---- milestones ----

const milestoneColumns = [
  'id',
  'action_id',
  'title',
  sql<string>`due_on::text`.as('due_on'),
  sql<string | null>`done_on::text`.as('done_on'),
  'evidence_url',
  'evidence_note',
] as const;

export function milestonesOf(db: QueryBuilder, actionId: string) {
  return db.selectFrom('action_milestones').select(milestoneColumns).where('action_id', '=', actionId).orderBy('due_on').orderBy('created_at').orderBy('id').execute();
}
export type MilestoneRow = Awaited<ReturnType<typeof milestonesOf>>[number];

export function findMilestone(db: QueryBuilder, actionId: string, milestoneId: string) {
  // Not an id: no milestone (the path takes any short text, so a date in the body is refused by its own name first).
  if (!isUuid(milestoneId)) return Promise.resolve(undefined);
  return db.selectFrom('action_milestones').select(milestoneColumns).where('action_id', '=', actionId).where('id', '=', milestoneId).executeTakeFirst();
}

/** The earliest and latest due day of an action's milestones, for a change of its period. */
export function milestoneSpan(db: QueryBuilder, actionId: string) {
  return db
    .selectFrom('action_milestones')
    .select([sql<string | null>`min(due_on)::text`.as('first'), sql<string | null>`max(due_on)::text`.as('last')])
    .where('action_id', '=', actionId)
    .executeTakeFirstOrThrow();
}

export function insertMilestone(db: QueryBuilder, values: Insertable<ActionMilestonesTable>) {
  return db.insertInto('action_milestones').values(values).returning('id').executeTakeFirstOrThrow();
}

export function updateMilestone(db: QueryBuilder, id: string, values: Updateable<ActionMilestonesTable>) {
  return db.updateTable('action_milestones').set({ ...values, updated_at: new Date() }).where('id', '=', id).execute();
}

export function deleteMilestone(db: QueryBuilder, id: string) {
  return db.deleteFrom('action_milestones').where('id', '=', id).execute();
}

// ---- milestone mails ----

/**
 * Milestones to mail about on `today` (the sweep's batch, earliest due first): not done, their
 * action still open, and either past due without a slip mail yet, or due from today to `horizon`
 * without a due mail yet.
 */
export async function milestonesToMail(db: QueryBuilder, today: string, horizon: string, limit: number) {
  const result = await sql<{ id: string; due_on: string }>`
    select m.id, m.due_on::text as due_on
    from action_milestones m join actions a on a.id = m.action_id
    where m.done_on is null and (m.notified_due_at is null or m.notified_slip_at is null) and a.state in (${OPEN})
      and ((m.due_on < ${today}::date and m.notified_slip_at is null)
        or (m.due_on between ${today}::date and ${horizon}::date and m.notified_due_at is null))
    order by m.due_on, m.id
    limit ${limit}`.execute(db);
  return result.rows;
}

/**
 * Marks a milestone as mailed about, due or slipped, if it still is what the sweep read: the same
 * due day, not done, its action open, not yet mailed about that way. The row is the claim: a
 * second sweep at the same moment waits for the first's transaction on the row's lock, then finds
 * it marked and claims nothing, so the mail is written once. A slip marks the due mail too (a
 * milestone first seen past due gets the slip mail alone). Returns the milestone and its action's
 * reference, title and demo flag, or nothing when there is nothing to claim.
 */
export async function claimMilestoneMail(db: QueryBuilder, id: string, dueOn: string, kind: 'due' | 'slip', now: Date) {
  const mark = kind === 'due' ? sql`notified_due_at = ${now}` : sql`notified_slip_at = ${now}, notified_due_at = coalesce(m.notified_due_at, ${now})`;
  const unmarked = kind === 'due' ? sql`m.notified_due_at is null` : sql`m.notified_slip_at is null`;
  const result = await sql<{ id: string; title: LocalizedTextValue; due_on: string; action_id: string; ref: string; action_title: LocalizedTextValue; is_demo: boolean }>`
    update action_milestones m set ${mark}
    from actions a
    where m.id = ${id} and a.id = m.action_id and m.due_on = ${dueOn}::date and m.done_on is null and ${unmarked} and a.state in (${OPEN})
    returning m.id, m.title, m.due_on::text as due_on, a.id as action_id, a.ref, a.title as action_title, a.is_demo`.execute(db);
  return result.rows[0];
}

/** The institutions Responsible or Accountable for an action. */
export async function responsibleOrAccountable(db: QueryBuilder, actionId: string) {
  const rows = await db.selectFrom('action_raci').select('institution_id').where('action_id', '=', actionId).where('role', 'in', ['R', 'A']).execute();
  return rows.map((r) => r.institution_id);
}

// ---- timeline ----

export interface EventValues {
  actionId: string;
  kind: ActionEventKind;
  from?: string | null;
  to?: string | null;
  note?: string | null;
  milestoneId?: string | null;
  actorId: string | null;
}

export function insertEvents(db: QueryBuilder, events: EventValues[]) {
  if (!events.length) return Promise.resolve();
  return db
    .insertInto('action_events')
    .values(events.map((e) => ({ action_id: e.actionId, kind: e.kind, from_value: e.from ?? null, to_value: e.to ?? null, note: e.note ?? null, milestone_id: e.milestoneId ?? null, actor_id: e.actorId })))
    .execute()
    .then(() => undefined);
}

export function eventsOf(db: QueryBuilder, actionId: string) {
  return db.selectFrom('action_events').select(['at', 'kind', 'from_value', 'to_value', 'note', 'milestone_id']).where('action_id', '=', actionId).orderBy('at').orderBy('id').execute();
}

export function deleteAction(db: QueryBuilder, id: string) {
  return db.deleteFrom('actions').where('id', '=', id).execute();
}

export function findBody(db: QueryBuilder, id: string) {
  return db.selectFrom('governance_bodies').select(['id', 'slug', 'name', 'cadence']).where('id', '=', id).executeTakeFirst();
}
