import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import { ASSESSMENT_MONTHS, END_STATUSES, type Status } from '../../../shared/register.ts';
import { hashPassword } from '../accounts/accounts.service.ts';
import { findInstitution } from '../institutions/institutions.repository.ts';
import { DEMO_BOTTLENECKS, type DemoBottleneck } from './bottlenecks.demo-data.ts';
import * as repo from './bottlenecks.repository.ts';

const DAY = 24 * 60 * 60 * 1000;

/** The way each end state is usually reached, so the demo timelines read like real ones. */
const PATHS: Record<Exclude<Status, 'merged'>, Status[]> = {
  submitted: ['submitted'],
  rejected: ['submitted', 'rejected'],
  published: ['submitted', 'published'],
  under_assessment: ['submitted', 'published', 'under_assessment'],
  closed_no_obstacle: ['submitted', 'published', 'under_assessment', 'closed_no_obstacle'],
  in_dialogue: ['submitted', 'published', 'under_assessment', 'in_dialogue'],
  recommendation: ['submitted', 'published', 'under_assessment', 'in_dialogue', 'recommendation'],
  in_progress: ['submitted', 'published', 'under_assessment', 'in_dialogue', 'recommendation', 'in_progress'],
  resolved: ['submitted', 'published', 'under_assessment', 'in_dialogue', 'recommendation', 'in_progress', 'resolved'],
  written_off: ['submitted', 'published', 'under_assessment', 'in_dialogue', 'written_off'],
};

/** Members who said "affects me too" in the demo: accounts nobody can log in to. */
async function demoSupporters(db: QueryBuilder, count: number): Promise<string[]> {
  const unusable = await hashPassword(randomBytes(32).toString('hex'));
  const rows = await db
    .insertInto('users')
    .values(
      Array.from({ length: count }, (_, i) => ({
        email: `supporter${i + 1}@demo.talsinki.eu`,
        display_name: `Demo supporter ${i + 1}`,
        password_hash: unusable,
        role: 'member' as const,
        is_demo: true,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

async function institutionId(db: QueryBuilder, slug: string | undefined): Promise<string | null> {
  if (!slug) return null;
  return (await findInstitution(db, slug))?.id ?? null;
}

async function loadOne(db: QueryBuilder, item: DemoBottleneck, staff: { moderator: string | null; editor: string | null }, supporters: string[]) {
  const reportedAt = new Date(Date.now() - item.ageDays * DAY);
  const path = PATHS[item.status];
  // Spread the steps between the report and today, a little before now.
  const stepAt = (index: number) => new Date(reportedAt.getTime() + ((index / path.length) * item.ageDays * DAY) * 0.9 + (index ? DAY : 0));
  const publishedIndex = path.indexOf('published');
  const publishedAt = publishedIndex >= 0 ? stepAt(publishedIndex) : null;
  const due = publishedAt ? new Date(publishedAt) : null;
  due?.setUTCMonth(due.getUTCMonth() + ASSESSMENT_MONTHS);
  const closed = (END_STATUSES as readonly string[]).includes(item.status);
  const ref = await repo.nextRef(db, reportedAt.getUTCFullYear());
  const created = await repo.insertBottleneck(db, {
    ref,
    title: JSON.stringify(item.title),
    description: JSON.stringify(item.description),
    original_language: item.language,
    domain: item.domain,
    topics: item.topics,
    countries: item.countries,
    reporter_situation: item.situation,
    institution_id: await institutionId(db, item.institution),
    service_name: item.serviceName ?? null,
    affected_estimate: item.affectedEstimate ?? null,
    status: item.status,
    outcome: item.outcome ?? null,
    outcome_note: closed && item.status !== 'rejected' ? (item.note ?? null) : null,
    is_demo: true,
    published_at: publishedAt,
    assessment_due_at: due,
    closed_at: closed ? stepAt(path.length - 1) : null,
    created_at: reportedAt,
    updated_at: stepAt(path.length - 1),
  });
  for (const [index, status] of path.entries()) {
    const isLast = index === path.length - 1;
    await db
      .insertInto('bottleneck_events')
      .values({
        bottleneck_id: created.id,
        at: stepAt(index),
        actor_id: index === 0 ? null : status === 'published' || status === 'rejected' ? staff.moderator : staff.editor,
        kind: index === 0 ? 'submitted' : 'status',
        from_status: index === 0 ? null : path[index - 1],
        to_status: status,
        note: isLast && index > 0 ? (item.note ?? null) : null,
        details: JSON.stringify(isLast && item.outcome ? { outcome: item.outcome } : {}),
      })
      .execute();
  }
  const assignedAt = stepAt(Math.min(2, path.length - 1));
  for (const [country, slug] of Object.entries(item.assignments ?? {})) {
    const id = await institutionId(db, slug);
    if (!id) continue;
    await db.insertInto('bottleneck_assignments').values({ bottleneck_id: created.id, country, institution_id: id, assigned_at: assignedAt, assigned_by: staff.editor }).execute();
    await db.insertInto('bottleneck_events').values({ bottleneck_id: created.id, at: assignedAt, actor_id: staff.editor, kind: 'assigned', details: JSON.stringify({ country, institutionId: id }) }).execute();
  }
  for (const [index, answer] of (item.answers ?? []).entries()) {
    const id = await institutionId(db, answer.institution);
    if (!id) continue;
    const at = new Date(assignedAt.getTime() + (index + 1) * 3 * DAY);
    await db.insertInto('bottleneck_answers').values({ bottleneck_id: created.id, institution_id: id, body: JSON.stringify({ [answer.language]: answer.text }), created_at: at }).execute();
    await db.insertInto('bottleneck_events').values({ bottleneck_id: created.id, at, kind: 'answered', actor_id: null, details: JSON.stringify({ institutionId: id }) }).execute();
  }
  const supportedBy = publishedAt ? supporters.slice(0, item.supports) : [];
  if (supportedBy.length) {
    await db.insertInto('bottleneck_supports').values(supportedBy.map((user_id) => ({ bottleneck_id: created.id, user_id }))).execute();
    const followers = supportedBy.slice(0, Math.ceil(supportedBy.length / 3));
    await db.insertInto('bottleneck_followers').values(followers.map((user_id) => ({ bottleneck_id: created.id, user_id }))).execute();
    await db.updateTable('bottlenecks').set({ support_count: supportedBy.length, follower_count: followers.length }).where('id', '=', created.id).execute();
  }
}

/** Loads the demo register: realistic, labelled demo, routed to the real institutions. */
export async function loadBottleneckDemo(db: QueryBuilder): Promise<number> {
  const staffOf = async (email: string) => (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst())?.id ?? null;
  const staff = { moderator: await staffOf('moderator@demo.talsinki.eu'), editor: await staffOf('editor@demo.talsinki.eu') };
  const supporters = await demoSupporters(db, Math.max(0, ...DEMO_BOTTLENECKS.map((item) => item.supports)));
  // Oldest first, so references are numbered in the order things were reported.
  const ordered = [...DEMO_BOTTLENECKS].sort((a, b) => b.ageDays - a.ageDays);
  await db.transaction().execute(async (trx) => {
    for (const item of ordered) await loadOne(trx, item, staff, supporters);
  });
  return ordered.length;
}
