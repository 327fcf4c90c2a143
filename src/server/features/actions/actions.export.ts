import { sql } from 'kysely';
import { type ActionState, type RaciRole, type ReviewCadence } from '../../../shared/actions.ts';
import { CONTENT_LANGUAGES } from '../../../shared/languages.ts';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import { PUBLIC_STATUSES, type Domain } from '../../../shared/register.ts';
import { MILESTONE_COLUMNS, PLAN_COLUMNS, type PlanColumn } from '../../../shared/schemas/planExchange.ts';
import type { QueryBuilder } from '../../db/tables.ts';
import { csvStream, jsonStream, xlsxStream, type Cell } from '../../lib/tabular.ts';
import { treeOrder } from '../../lib/tree.ts';
import { milestoneJson } from './actions.service.ts';

/**
 * The whole plan as one table (`PLAN_COLUMNS`), for the CSV, XLSX and JSON exports and as the
 * import's "before": the import reads a file's row into the same cells and compares them with
 * these, so what an export writes is what an import of it leaves unchanged.
 */

export interface PlanAction {
  id: string;
  ref: string;
  parent_id: string | null;
  position: number;
  title: LocalizedTextValue;
  description: LocalizedTextValue;
  domain: Domain;
  state: ActionState;
  drop_reason: string | null;
  starts_on: string;
  ends_on: string;
  weight: number;
  progress: number;
  body_id: string | null;
  review_cadence: ReviewCadence | null;
  budget_eur: number | null;
  is_demo: boolean;
  updated_at: Date;
  milestone_count: number;
  milestone_first: string | null;
  milestone_last: string | null;
}

export interface PlanRaci {
  institution_id: string;
  role: RaciRole;
  is_lead: boolean;
}

export interface PlanFunding {
  source: LocalizedTextValue;
  amountEur: number;
  year: number | null;
}

/** The plan as it stands, every action with its RACI, dependencies, links and funding, read in one go. */
export interface PlanSnapshot {
  /** Parents before their children, siblings in the plan's order. */
  actions: PlanAction[];
  byId: Map<string, PlanAction>;
  byRef: Map<string, PlanAction>;
  raci: Map<string, PlanRaci[]>;
  /** Successor → its predecessors. */
  predecessors: Map<string, string[]>;
  recommendations: Map<string, string[]>;
  bottlenecks: Map<string, string[]>;
  funding: Map<string, PlanFunding[]>;
  childCount: Map<string, number>;
  /** Institution id → slug, and back. */
  institutionSlugs: Map<string, string>;
  institutionIds: Map<string, string>;
  /** Governance body id → slug and cadence, and slug → id. */
  bodies: Map<string, { slug: string; cadence: ReviewCadence }>;
  bodyIds: Map<string, string>;
  /** Linked recommendations' and bottlenecks' references and (bottlenecks) statuses, by id. */
  recommendationRefs: Map<string, string>;
  bottleneckRefs: Map<string, { ref: string; status: string }>;
}

const group = <T, K>(rows: readonly T[], key: (row: T) => K) => {
  const out = new Map<K, T[]>();
  for (const row of rows) {
    const list = out.get(key(row));
    if (list) list.push(row);
    else out.set(key(row), [row]);
  }
  return out;
};

/**
 * The plan as one snapshot: its eight reads in one repeatable-read transaction (or the caller's),
 * so a change committed between them cannot leave a dependency or link naming an action not read.
 */
export function readPlan(db: QueryBuilder): Promise<PlanSnapshot> {
  if (db.isTransaction) return readPlanIn(db);
  return db.transaction().setIsolationLevel('repeatable read').execute((trx) => readPlanIn(trx));
}

async function readPlanIn(db: QueryBuilder): Promise<PlanSnapshot> {
  const [actions, raci, dependencies, recommendations, bottlenecks, funding, institutions, bodies] = await Promise.all([
    db
      .selectFrom('actions as a')
      .leftJoin(
        (eb) =>
          eb
            .selectFrom('action_milestones')
            .select(['action_id', sql<number>`count(*)::int`.as('n'), sql<string>`min(due_on)::text`.as('first'), sql<string>`max(due_on)::text`.as('last')])
            .groupBy('action_id')
            .as('m'),
        (join) => join.onRef('m.action_id', '=', 'a.id'),
      )
      .select([
        'a.id',
        'a.ref',
        'a.parent_id',
        'a.position',
        'a.title',
        'a.description',
        'a.domain',
        'a.state',
        'a.drop_reason',
        sql<string>`a.starts_on::text`.as('starts_on'),
        sql<string>`a.ends_on::text`.as('ends_on'),
        'a.weight',
        'a.progress',
        'a.body_id',
        'a.review_cadence',
        'a.budget_eur',
        'a.is_demo',
        'a.updated_at',
        sql<number>`coalesce(m.n, 0)`.as('milestone_count'),
        sql<string | null>`m.first`.as('milestone_first'),
        sql<string | null>`m.last`.as('milestone_last'),
      ])
      .orderBy('a.position')
      .orderBy('a.starts_on')
      .orderBy('a.ref')
      .execute(),
    db.selectFrom('action_raci').select(['action_id', 'institution_id', 'role', 'is_lead']).execute(),
    db.selectFrom('action_dependencies').select(['predecessor_id', 'successor_id']).execute(),
    db.selectFrom('action_recommendations as l').innerJoin('recommendations as r', 'r.id', 'l.recommendation_id').select(['l.action_id', 'r.id', 'r.ref']).execute(),
    db.selectFrom('action_bottlenecks as l').innerJoin('bottlenecks as b', 'b.id', 'l.bottleneck_id').select(['l.action_id', 'b.id', 'b.ref', 'b.status']).execute(),
    db.selectFrom('action_funding').select(['action_id', 'source', 'amount_eur', 'year']).orderBy('action_id').orderBy('position').execute(),
    db.selectFrom('institutions').select(['id', 'slug']).execute(),
    db.selectFrom('governance_bodies').select(['id', 'slug', 'cadence']).execute(),
  ]);
  const plan = treeOrder(
    actions.map((a) => ({
      ...a,
      weight: Number(a.weight),
      progress: Number(a.progress),
      budget_eur: a.budget_eur === null ? null : Number(a.budget_eur),
      milestone_count: Number(a.milestone_count),
    })),
  );
  const childCount = new Map<string, number>();
  for (const a of plan) if (a.parent_id) childCount.set(a.parent_id, (childCount.get(a.parent_id) ?? 0) + 1);
  return {
    actions: plan,
    byId: new Map(plan.map((a) => [a.id, a])),
    byRef: new Map(plan.map((a) => [a.ref, a])),
    raci: group(raci, (r) => r.action_id) as Map<string, PlanRaci[]>,
    predecessors: new Map([...group(dependencies, (d) => d.successor_id)].map(([id, list]) => [id, list.map((d) => d.predecessor_id)])),
    recommendations: new Map([...group(recommendations, (l) => l.action_id)].map(([id, list]) => [id, list.map((l) => l.id)])),
    bottlenecks: new Map([...group(bottlenecks, (l) => l.action_id)].map(([id, list]) => [id, list.map((l) => l.id)])),
    funding: new Map([...group(funding, (f) => f.action_id)].map(([id, list]) => [id, list.map((f) => ({ source: f.source, amountEur: Number(f.amount_eur), year: f.year }))])),
    childCount,
    institutionSlugs: new Map(institutions.map((i) => [i.id, i.slug])),
    institutionIds: new Map(institutions.map((i) => [i.slug, i.id])),
    bodies: new Map(bodies.map((b) => [b.id, { slug: b.slug, cadence: b.cadence }])),
    bodyIds: new Map(bodies.map((b) => [b.slug, b.id])),
    recommendationRefs: new Map(recommendations.map((r) => [r.id, r.ref])),
    bottleneckRefs: new Map(bottlenecks.map((b) => [b.id, { ref: b.ref, status: b.status }])),
  };
}

// ---- the table's cells ----

const ROLE_ORDER: readonly RaciRole[] = ['A', 'R', 'C', 'I'];

/** References joined as the table writes them: sorted, separated by `;`; none is an empty cell. */
export const refList = (refs: Iterable<string>) => [...refs].sort().join(';') || null;

/** A RACI set as the table writes it: Accountable first, then R, C, I, each by slug. */
export function raciCell(entries: readonly { slug: string; role: RaciRole }[]): string | null {
  if (!entries.length) return null;
  return [...entries]
    .sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0))
    .map((e) => `${e.slug}:${e.role}`)
    .join(';');
}

/** Funding as the table writes it: the API's objects as JSON, every key written, or nothing. */
export function fundingCell(funding: readonly PlanFunding[]): string | null {
  return funding.length ? JSON.stringify(funding.map((f) => ({ source: f.source, amountEur: f.amountEur, year: f.year ?? null }))) : null;
}

/** Which of an action's linked bottlenecks a reader may see named: the public ones, or all for staff (as on the action's page). */
export type BottleneckView = 'public' | 'all';

/** One action's row, cell by column. */
export function planCells(a: PlanAction, plan: PlanSnapshot, view: BottleneckView): Record<PlanColumn, Cell> {
  const raci = plan.raci.get(a.id) ?? [];
  const slug = (id: string) => plan.institutionSlugs.get(id) ?? id;
  const lead = raci.find((r) => r.is_lead);
  const bottlenecks = (plan.bottlenecks.get(a.id) ?? []).map((id) => plan.bottleneckRefs.get(id)!).filter((b) => view === 'all' || (PUBLIC_STATUSES as readonly string[]).includes(b.status));
  const cells: Partial<Record<PlanColumn, Cell>> = {
    ref: a.ref,
    parent_ref: a.parent_id ? (plan.byId.get(a.parent_id)?.ref ?? null) : null,
  };
  for (const lang of CONTENT_LANGUAGES) {
    cells[`title_${lang}`] = a.title[lang] ?? null;
    cells[`description_${lang}`] = a.description[lang] ?? null;
  }
  return {
    ...(cells as Record<PlanColumn, Cell>),
    domain: a.domain,
    state: a.state,
    drop_reason: a.drop_reason,
    starts_on: a.starts_on,
    ends_on: a.ends_on,
    weight: a.weight,
    progress: a.progress,
    body: a.body_id ? (plan.bodies.get(a.body_id)?.slug ?? null) : null,
    review_cadence: a.review_cadence,
    budget_eur: a.budget_eur,
    funding: fundingCell(plan.funding.get(a.id) ?? []),
    raci: raciCell(raci.map((r) => ({ slug: slug(r.institution_id), role: r.role }))),
    lead: lead ? slug(lead.institution_id) : null,
    recommendations: refList((plan.recommendations.get(a.id) ?? []).map((id) => plan.recommendationRefs.get(id)!)),
    bottlenecks: refList(bottlenecks.map((b) => b.ref)),
    depends_on: refList((plan.predecessors.get(a.id) ?? []).map((id) => plan.byId.get(id)!.ref)),
    milestones: a.milestone_count,
    is_demo: a.is_demo,
    updated_at: a.updated_at,
  };
}

async function* planRecords(db: QueryBuilder, view: BottleneckView): AsyncGenerator<Cell[]> {
  const plan = await readPlan(db);
  for (const action of plan.actions) {
    const cells = planCells(action, plan, view);
    yield PLAN_COLUMNS.map((column) => cells[column]);
  }
}

export const planCsv = (db: QueryBuilder, view: BottleneckView) => csvStream(PLAN_COLUMNS, planRecords(db, view));
export const planXlsx = (db: QueryBuilder, view: BottleneckView) => xlsxStream('Action plan', PLAN_COLUMNS, planRecords(db, view));
export const planJson = (db: QueryBuilder, view: BottleneckView) => jsonStream(PLAN_COLUMNS, planRecords(db, view));

// ---- milestones ----

/** Every milestone of the plan, by action in the plan's order and by due day within one. */
async function* milestoneRecords(db: QueryBuilder, today: string): AsyncGenerator<Cell[]> {
  const [plan, milestones] = await Promise.all([
    readPlan(db),
    db
      .selectFrom('action_milestones')
      .select(['id', 'action_id', 'title', sql<string>`due_on::text`.as('due_on'), sql<string | null>`done_on::text`.as('done_on'), 'evidence_url', 'evidence_note', 'updated_at'])
      .orderBy('due_on')
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  ]);
  const byAction = group(milestones, (m) => m.action_id);
  for (const action of plan.actions) {
    for (const m of byAction.get(action.id) ?? []) {
      const cells: Record<string, Cell> = {
        action_ref: action.ref,
        id: m.id,
        due_on: m.due_on,
        done_on: m.done_on,
        evidence_url: m.evidence_url,
        evidence_note: m.evidence_note,
        // As the action's page says it.
        overdue: milestoneJson(m, today, action.state).overdue,
        is_demo: action.is_demo,
        updated_at: m.updated_at,
      };
      for (const lang of CONTENT_LANGUAGES) cells[`title_${lang}`] = m.title[lang] ?? null;
      yield MILESTONE_COLUMNS.map((column) => cells[column]);
    }
  }
}

export const milestonesCsv = (db: QueryBuilder, today: string) => csvStream(MILESTONE_COLUMNS, milestoneRecords(db, today));
export const milestonesXlsx = (db: QueryBuilder, today: string) => xlsxStream('Milestones', MILESTONE_COLUMNS, milestoneRecords(db, today));
export const milestonesJson = (db: QueryBuilder, today: string) => jsonStream(MILESTONE_COLUMNS, milestoneRecords(db, today));
