import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import { findUserById } from '../accounts/accounts.repository.ts';
import type { AuthUser } from '../accounts/accounts.service.ts';
import { demoBottleneckFinder, institutionFinder } from '../dialogues/dialogues.demo.ts';
import { DEMO_ACTIONS, type DemoAction } from './actions.demo-data.ts';
import * as actions from './actions.service.ts';

const DAY = 24 * 60 * 60 * 1000;
const at = (day: string) => new Date(`${day}T09:00:00Z`);
const addDays = (day: string, days: number) => new Date(at(day).getTime() + days * DAY).toISOString().slice(0, 10);
const earlier = (a: string, b: string) => (a < b ? a : b);

/** The demo recommendations by the start of their English title (as the recommendations' demo finds bottlenecks). */
async function demoRecommendationFinder(db: QueryBuilder) {
  const rows = await db.selectFrom('recommendations').select(['ref', 'title']).where('is_demo', '=', true).execute();
  return (start: string) => {
    const found = rows.filter((row) => row.title.en?.startsWith(start));
    if (found.length !== 1) throw new Error(`demo data names ${found.length ? 'more than one' : 'no'} recommendation: ${start}`);
    return found[0]!.ref;
  };
}

async function bodyFinder(db: QueryBuilder) {
  const rows = await db.selectFrom('governance_bodies').select(['id', 'slug']).execute();
  return (slug: string) => {
    const found = rows.find((row) => row.slug === slug);
    if (!found) throw new Error(`demo data names an unknown governance body: ${slug}`);
    return found.id;
  };
}

/**
 * Runs one service call and dates the timeline events it wrote to `day`: the service stamps them
 * now, but the demo plan's history happened over 2026.
 */
async function dated(db: QueryBuilder, actionId: string, day: string, write: () => Promise<unknown>) {
  const before = new Date(Date.now() - 1000);
  await write();
  await db.updateTable('action_events').set({ at: at(day) }).where('action_id', '=', actionId).where('at', '>=', before).execute();
}

/** The day a leaf's reported progress was last updated: after its last met milestone, or halfway through its time so far. */
function progressDay(item: DemoAction, today: string) {
  const met = (item.milestones ?? []).flatMap((m) => (m.doneOn ? [m.doneOn] : [])).sort();
  if (met.length) return addDays(met.at(-1)!, 3);
  const until = earlier(today, item.endsOn);
  return new Date((at(item.startsOn).getTime() + at(until).getTime()) / 2).toISOString().slice(0, 10);
}

/**
 * The demo joint action plan (needs the demo recommendations, bottlenecks and governance bodies),
 * written through the feature's service so that its rules (RACI, periods, milestones, dependencies,
 * states, roll-up) hold for the demo as for any plan; then marked demo and dated.
 */
export async function loadActionsDemo(db: QueryBuilder, editorId: string | null, today = actions.today()) {
  const editorRow = editorId ? await findUserById(db, editorId) : undefined;
  if (!editorRow) throw new Error('the demo action plan is written by the demo editor');
  const editor: AuthUser = { id: editorRow.id, email: editorRow.email, displayName: editorRow.display_name, role: editorRow.role, locale: null, institutionId: null, createdAt: editorRow.created_at };
  const institution = await institutionFinder(db);
  const bottleneck = await demoBottleneckFinder(db);
  const recommendation = await demoRecommendationFinder(db);
  const body = await bodyFinder(db);
  const ids = new Map<string, string>();

  for (const item of DEMO_ACTIONS) {
    const created = await actions.createAction(db, editor, {
      title: item.title,
      description: item.description,
      domain: item.domain,
      startsOn: item.startsOn,
      endsOn: item.endsOn,
      ...(item.weight ? { weight: item.weight } : {}),
      ...(item.parent ? { parent: ids.get(item.parent) ?? missing('parent', item.parent) } : {}),
      bodyId: body(item.body),
      reviewCadence: item.reviewCadence,
      budgetEur: item.budgetEur ?? null,
      funding: (item.funding ?? []).map((f) => ({ source: { en: f.source }, amountEur: f.amountEur, year: f.year ?? null })),
      recommendations: (item.recommendations ?? []).map(recommendation),
      bottlenecks: (item.bottlenecks ?? []).map(bottleneck),
      lessons: item.lessons ?? [],
      raci: await Promise.all(item.raci.map(async ([slug, role, lead]) => ({ institutionId: await institution(slug), role, ...(lead ? { lead } : {}) }))),
    });
    ids.set(item.key, created.id);
    // Written into the plan a month before it starts, and never later than a month ago.
    const writtenOn = earlier(addDays(item.startsOn, -30), addDays(today, -30));
    await db.updateTable('action_events').set({ at: at(writtenOn) }).where('action_id', '=', created.id).execute();
    await db.updateTable('actions').set({ is_demo: true, created_at: at(writtenOn) }).where('id', '=', created.id).execute();
  }

  for (const item of DEMO_ACTIONS) {
    const id = ids.get(item.key)!;
    if (item.dependsOn?.length) {
      await actions.putDependencies(db, editor, await actions.findAction(db, id), { predecessors: item.dependsOn.map((key) => ids.get(key) ?? missing('dependency', key)) });
    }
    for (const milestone of item.milestones ?? []) {
      const created = await actions.createMilestone(db, editor, await actions.findAction(db, id), { title: milestone.title, dueOn: milestone.dueOn });
      if (milestone.doneOn) {
        await dated(db, id, milestone.doneOn, async () =>
          actions.updateMilestone(db, editor, await actions.findAction(db, id), created.id, { doneOn: milestone.doneOn, ...(milestone.evidence ? { evidenceUrl: milestone.evidence } : {}) }),
        );
      }
    }
  }

  // Leaves first, deepest first, so that each parent's roll-up sees its children's final figures.
  for (const item of [...DEMO_ACTIONS].reverse()) await report(db, editor, item, ids.get(item.key)!, today);

  // A row's last change is its last public event (the roll-up stamps parents now).
  await sql`update actions a set updated_at = coalesce((select max(e.at) from action_events e where e.action_id = a.id), a.created_at) where a.is_demo`.execute(db);
}

/** Moves an action through the states the demo gives it, each change dated as it would have happened. */
async function report(db: QueryBuilder, editor: AuthUser, item: DemoAction, id: string, today: string) {
  const change = (day: string, patch: Parameters<typeof actions.updateAction>[3]) =>
    dated(db, id, earlier(day, today), async () => actions.updateAction(db, editor, await actions.findAction(db, id), patch));
  if (item.state === 'planned') return;
  if (item.state === 'dropped') {
    await change(item.startsOn, { state: 'ongoing' });
    await change(addDays(item.startsOn, 90), { state: 'dropped', dropReason: item.dropReason ?? missing('drop reason', item.key) });
    return;
  }
  await change(item.startsOn, { state: 'ongoing' });
  if (item.progress !== undefined && item.state !== 'done') await change(progressDay(item, today), { progress: item.progress });
  if (item.state === 'delayed') {
    const slipped = (item.milestones ?? []).filter((m) => !m.doneOn && m.dueOn < today).map((m) => m.dueOn).sort()[0] ?? today;
    await change(addDays(slipped, 1), { state: 'delayed' });
  }
  if (item.state === 'done') {
    const met = (item.milestones ?? []).flatMap((m) => (m.doneOn ? [m.doneOn] : [])).sort();
    await change(met.at(-1) ?? item.endsOn, { state: 'done' });
  }
}

function missing(what: string, key: string): never {
  throw new Error(`demo data names an unknown ${what}: ${key}`);
}
