import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import type { RaciRole } from '../../../shared/actions.ts';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import type { InstitutionRef } from '../../../shared/schemas/institutions.ts';
import type { Roadmap, RoadmapBar, RoadmapQuery } from '../../../shared/schemas/roadmap.ts';
import { institutionRefs } from '../institutions/institutions.service.ts';
import { treeOrder } from '../../lib/tree.ts';
import { milestoneOverdueExpression, overdueExpression } from './actions.repository.ts';

/** The plan's version (migration 0032): it moves with every change the roadmap could show. */
export async function planVersion(db: QueryBuilder): Promise<number> {
  return Number((await db.selectFrom('action_plan_version').select('version').executeTakeFirstOrThrow()).version);
}

/** Every action as a bar, in three queries: the bars with their RACI, the milestones, the dependencies. */
export async function wholeRoadmap(db: QueryBuilder, version: number, today: string): Promise<Roadmap> {
  const [actions, milestones, dependencies] = await Promise.all([
    db.selectFrom('actions as a')
      .select([
        'a.id', 'a.ref', 'a.parent_id', 'a.position', 'a.title', 'a.domain', 'a.state', 'a.progress', 'a.body_id', 'a.is_demo',
        sql<string>`a.starts_on::text`.as('starts_on'),
        sql<string>`a.ends_on::text`.as('ends_on'),
        sql<string | null>`(select r.institution_id from action_raci r where r.action_id = a.id and r.is_lead)`.as('lead_id'),
        sql<{ institutionId: string; role: RaciRole }[]>`coalesce((select json_agg(json_build_object('institutionId', r.institution_id, 'role', r.role) order by r.institution_id) from action_raci r where r.action_id = a.id), '[]')`.as('raci'),
        overdueExpression(today).as('overdue'),
      ])
      .orderBy('a.position').orderBy('a.starts_on').orderBy('a.ref')
      .execute(),
    db.selectFrom('action_milestones as m').innerJoin('actions as a', 'a.id', 'm.action_id')
      .select(['m.id', 'm.action_id', 'm.title', sql<string>`m.due_on::text`.as('due_on'), sql<string | null>`m.done_on::text`.as('done_on'),
        milestoneOverdueExpression(today).as('overdue')])
      .orderBy('m.due_on').orderBy('m.id')
      .execute(),
    db.selectFrom('action_dependencies').select(['predecessor_id', 'successor_id']).orderBy('predecessor_id').orderBy('successor_id').execute(),
  ]);
  const depths = new Map<string, number>();
  const bars: RoadmapBar[] = treeOrder(actions).map((row) => {
    const depth = row.parent_id && depths.has(row.parent_id) ? depths.get(row.parent_id)! + 1 : 0;
    depths.set(row.id, depth);
    return {
      id: row.id, ref: row.ref, parentId: row.parent_id, depth, title: row.title, domain: row.domain, state: row.state,
      startsOn: row.starts_on, endsOn: row.ends_on, progress: Number(row.progress), bodyId: row.body_id, leadId: row.lead_id,
      raci: row.raci, overdue: row.overdue, isDemo: row.is_demo,
    };
  });
  const [institutions, bodies] = await Promise.all([namedInstitutions(db, bars), namedBodies(db, bars)]);
  return {
    version,
    today,
    ...span(bars),
    bars,
    institutions,
    bodies,
    milestones: milestones.map((m) => ({ id: m.id, actionId: m.action_id, title: m.title, dueOn: m.due_on, doneOn: m.done_on, overdue: m.overdue })),
    dependencies: dependencies.map((d) => ({ from: d.predecessor_id, to: d.successor_id })),
  };
}

async function namedInstitutions(db: QueryBuilder, bars: readonly RoadmapBar[]): Promise<InstitutionRef[]> {
  const refs = await institutionRefs(db, bars.flatMap((bar) => bar.raci.map((entry) => entry.institutionId)));
  return [...refs.values()].sort((a, b) => a.country.localeCompare(b.country) || byName(a.name, b.name));
}

async function namedBodies(db: QueryBuilder, bars: readonly RoadmapBar[]): Promise<Roadmap['bodies']> {
  const ids = [...new Set(bars.flatMap((bar) => (bar.bodyId ? [bar.bodyId] : [])))];
  if (!ids.length) return [];
  const rows = await db.selectFrom('governance_bodies').select(['id', 'slug', 'name']).where('id', 'in', ids).orderBy('slug').execute();
  return rows.map((row) => ({ id: row.id, slug: row.slug, name: row.name }));
}

const byName = (a: LocalizedTextValue, b: LocalizedTextValue) => (a.en ?? a.fi ?? a.et ?? '').localeCompare(b.en ?? b.fi ?? b.et ?? '');

function span(bars: readonly RoadmapBar[]): { from: string | null; to: string | null } {
  if (!bars.length) return { from: null, to: null };
  let from = bars[0]!.startsOn;
  let to = bars[0]!.endsOn;
  for (const bar of bars) {
    if (bar.startsOn < from) from = bar.startsOn;
    if (bar.endsOn > to) to = bar.endsOn;
  }
  return { from, to };
}

const isFiltered = (query: RoadmapQuery) => Boolean(query.domain || query.institution || query.body || query.state);

/** The roadmap with only the bars the filters keep, and the milestones and dependencies between them. */
export function filterRoadmap(whole: Roadmap, query: RoadmapQuery): Roadmap {
  if (!isFiltered(query)) return whole;
  const bars = whole.bars.filter((bar) =>
    (!query.domain || bar.domain === query.domain) &&
    (!query.state || bar.state === query.state) &&
    (!query.body || bar.bodyId === query.body) &&
    (!query.institution || bar.raci.some((entry) => entry.institutionId === query.institution)));
  const shown = new Set(bars.map((bar) => bar.id));
  return {
    ...whole,
    ...span(bars),
    bars,
    milestones: whole.milestones.filter((m) => shown.has(m.actionId)),
    dependencies: whole.dependencies.filter((d) => shown.has(d.from) && shown.has(d.to)),
  };
}
