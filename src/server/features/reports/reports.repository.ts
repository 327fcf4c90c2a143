import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import type { Period } from '../../../shared/periods.ts';
import { addDays } from '../../../shared/periods.ts';

/**
 * What the progress report reads, all of it public: the plan's actions, their timeline from the
 * start of the previous period on, the milestones due or done in the period, and the bottlenecks
 * linked to actions that were resolved in it. Like the stakeholder map, the report only reads
 * other features' tables (the action plan's, the register's events), in a few whole queries;
 * it writes nothing.
 */

const startOf = (day: string) => new Date(`${day}T00:00:00Z`);
/** A timestamp's calendar day in UTC, as the plan counts days. */
const utcDay = (column: string) => sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD')`;

export function planActions(db: QueryBuilder) {
  return db
    .selectFrom('actions as a')
    .select([
      'a.id', 'a.ref', 'a.parent_id', 'a.position', 'a.title', 'a.domain', 'a.state', 'a.progress', 'a.weight', 'a.is_demo', 'a.drop_reason',
      sql<string>`a.starts_on::text`.as('starts_on'),
      sql<string>`a.ends_on::text`.as('ends_on'),
      utcDay('a.created_at').as('created_on'),
    ])
    .orderBy('a.position').orderBy('a.starts_on').orderBy('a.ref')
    .execute();
}
export type PlanActionRow = Awaited<ReturnType<typeof planActions>>[number];

/** The timeline's changes of state and progress and its slipped milestones, from `since` on, in the order they happened. */
export function timelineSince(db: QueryBuilder, since: string) {
  return db
    .selectFrom('action_events as e')
    .leftJoin('action_milestones as m', 'm.id', 'e.milestone_id')
    .select(['e.action_id', 'e.kind', 'e.from_value', 'e.to_value', 'e.note', 'e.milestone_id', 'm.title as milestone_title', utcDay('e.at').as('day')])
    .where('e.kind', 'in', ['state', 'progress', 'milestone_slipped'])
    .where('e.at', '>=', startOf(since))
    .orderBy('e.at').orderBy('e.id')
    .execute();
}
export type TimelineRow = Awaited<ReturnType<typeof timelineSince>>[number];

/** Milestones due in the period or done in it. */
export function milestonesIn(db: QueryBuilder, period: Period) {
  return db
    .selectFrom('action_milestones')
    .select(['id', 'action_id', 'title', sql<string>`due_on::text`.as('due_on'), sql<string | null>`done_on::text`.as('done_on')])
    .where((eb) => eb.or([eb.between('due_on', period.from, period.to), eb.between('done_on', period.from, period.to)]))
    .orderBy('due_on').orderBy('id')
    .execute();
}
export type MilestoneRow = Awaited<ReturnType<typeof milestonesIn>>[number];

/**
 * Bottlenecks linked to any action whose status became resolved in the period (the register's
 * status events) and is resolved still, with the day it happened and the actions that answer them.
 */
export async function resolvedThroughActions(db: QueryBuilder, period: Period) {
  const rows = await db
    .selectFrom('bottleneck_events as e')
    .innerJoin('bottlenecks as b', 'b.id', 'e.bottleneck_id')
    .select(['b.id', 'b.ref', 'b.title', 'b.outcome', 'b.is_demo', sql<string>`min(${utcDay('e.at')})`.as('resolved_on')])
    .where('e.kind', '=', 'status')
    .where('e.to_status', '=', 'resolved')
    .where('b.status', '=', 'resolved')
    .where('e.at', '>=', startOf(period.from))
    .where('e.at', '<', startOf(addDays(period.to, 1)))
    .where((eb) => eb.exists(eb.selectFrom('action_bottlenecks as l').select('l.action_id').whereRef('l.bottleneck_id', '=', 'b.id')))
    .groupBy(['b.id', 'b.ref', 'b.title', 'b.outcome', 'b.is_demo'])
    .orderBy('resolved_on').orderBy('b.ref')
    .execute();
  const links = rows.length
    ? await db.selectFrom('action_bottlenecks').select(['action_id', 'bottleneck_id']).where('bottleneck_id', 'in', rows.map((r) => r.id)).execute()
    : [];
  return rows.map((row) => ({ ...row, action_ids: links.filter((l) => l.bottleneck_id === row.id).map((l) => l.action_id) }));
}
export type ResolvedRow = Awaited<ReturnType<typeof resolvedThroughActions>>[number];

/**
 * What a kept report was computed from besides the day: the plan's version and the link graph's,
 * which moves with a bottleneck's status (so with its resolution) and with the links of actions.
 */
export async function reportVersions(db: QueryBuilder) {
  const row = await sql<{ plan: string; links: string }>`select (select version from action_plan_version) as plan, (select version from link_graph_version) as links`.execute(db);
  return { plan: Number(row.rows[0]!.plan), links: Number(row.rows[0]!.links) };
}
