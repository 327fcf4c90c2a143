import { sql, type ExpressionBuilder, type Selectable } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import { isUuid } from '../../lib/refs.ts';
import type { CommentSort, ConsultationState, Side } from '../../../shared/schemas/consultations.ts';
import type { ConsultationCommentsTable, ConsultationsTable } from './consultations.tables.ts';

export type ConsultationRow = Selectable<ConsultationsTable>;
export type CommentRow = Selectable<ConsultationCommentsTable>;

/** By id, slug or reference (CN-2026-0001). */
export function findConsultation(db: QueryBuilder, key: string) {
  return db
    .selectFrom('consultations')
    .selectAll()
    .where((eb) => (isUuid(key) ? eb('id', '=', key) : eb.or([eb('slug', '=', key), eb('ref', '=', key)])))
    .executeTakeFirst();
}

export async function listConsultations(db: QueryBuilder, options: { staff: boolean; state?: ConsultationState; limit: number; offset: number; now: Date }) {
  const { now } = options;
  const base = db
    .selectFrom('consultations')
    .$if(!options.staff, (q) => q.where('published', '=', true))
    .$if(options.state === 'upcoming', (q) => q.where('opens_at', '>', now))
    .$if(options.state === 'open', (q) => q.where('opens_at', '<=', now).where('closes_at', '>', now))
    .$if(options.state === 'closed', (q) => q.where('closes_at', '<=', now));
  const [rows, total] = await Promise.all([
    base
      .selectAll()
      // Open ones first (closing soonest first), then upcoming (opening soonest), then closed (latest first).
      .orderBy(sql`case when opens_at <= ${now} and closes_at > ${now} then 0 when opens_at > ${now} then 1 else 2 end`)
      .orderBy(sql`case when closes_at > ${now} then closes_at end`, 'asc')
      .orderBy('closes_at', 'desc')
      .orderBy('id')
      .limit(options.limit)
      .offset(options.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Sections and published comments and replies per consultation, from the counts table. */
export async function consultationStats(db: QueryBuilder, ids: readonly string[]) {
  const out = new Map<string, { sections: number; comments: number; replies: number }>();
  if (!ids.length) return out;
  const rows = await db
    .selectFrom('consultation_sections as s')
    .leftJoin('consultation_comment_counts as c', 'c.section_id', 's.id')
    .select((eb) => [
      's.consultation_id',
      sql<number>`count(distinct s.id)`.as('sections'),
      eb.fn.coalesce(eb.fn.sum<number>('c.n'), sql<number>`0`).as('comments'),
      eb.fn.coalesce(eb.fn.sum<number>('c.replies'), sql<number>`0`).as('replies'),
    ])
    .where('s.consultation_id', 'in', ids)
    .groupBy('s.consultation_id')
    .execute();
  for (const r of rows) out.set(r.consultation_id, { sections: Number(r.sections), comments: Number(r.comments), replies: Number(r.replies) });
  return out;
}

export function sectionsOf(db: QueryBuilder, consultationId: string) {
  return db.selectFrom('consultation_sections').selectAll().where('consultation_id', '=', consultationId).orderBy('position').orderBy('created_at').orderBy('id').execute();
}

export function findSection(db: QueryBuilder, consultationId: string, sectionId: string) {
  return db.selectFrom('consultation_sections').selectAll().where('consultation_id', '=', consultationId).where('id', '=', sectionId).executeTakeFirst();
}

export async function nextSectionPosition(db: QueryBuilder, consultationId: string) {
  const row = await db.selectFrom('consultation_sections').select((eb) => eb.fn.max<number>('position').as('p')).where('consultation_id', '=', consultationId).executeTakeFirst();
  return row?.p === null || row?.p === undefined ? 0 : Number(row.p) + 1;
}

export async function sectionHasComments(db: QueryBuilder, sectionId: string) {
  return Boolean(await db.selectFrom('consultation_comments').select('id').where('section_id', '=', sectionId).limit(1).executeTakeFirst());
}

export function sectionCounts(db: QueryBuilder, consultationId: string) {
  return db
    .selectFrom('consultation_comment_counts as c')
    .innerJoin('consultation_sections as s', 's.id', 'c.section_id')
    .select(['c.section_id', 'c.side', 'c.n', 'c.replies'])
    .where('s.consultation_id', '=', consultationId)
    .execute();
}

export function filesOf(db: QueryBuilder, consultationId: string) {
  return db
    .selectFrom('consultation_section_files as f')
    .innerJoin('consultation_sections as s', 's.id', 'f.section_id')
    .innerJoin('attachments as a', 'a.id', 'f.attachment_id')
    .select(['a.id', 'a.filename', 'a.media_type', 'a.size', 'a.created_at', 'f.section_id', 'f.alt'])
    .where('s.consultation_id', '=', consultationId)
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute();
}

export async function frameworkVersionExists(db: QueryBuilder, versionId: string) {
  return Boolean(await db.selectFrom('framework_versions').select('id').where('id', '=', versionId).executeTakeFirst());
}

export async function planExists(db: QueryBuilder, planId: string) {
  return Boolean(await db.selectFrom('plans').select('id').where('id', '=', planId).executeTakeFirst());
}

/** The plan or framework version a consultation is about, as their pages name them. */
export async function subjectOf(db: QueryBuilder, row: Pick<ConsultationRow, 'plan_id' | 'framework_version_id'>) {
  const [plan, version] = await Promise.all([
    row.plan_id ? db.selectFrom('plans').select(['slug', 'name']).where('id', '=', row.plan_id).executeTakeFirst() : undefined,
    row.framework_version_id ? db.selectFrom('framework_versions').select(['number', 'label', 'state']).where('id', '=', row.framework_version_id).executeTakeFirst() : undefined,
  ]);
  return { plan: plan ?? null, frameworkVersion: version ?? null };
}

export async function relationOf(db: QueryBuilder, consultationId: string, key: string) {
  const row = await db.selectFrom('consultation_respondents').select('relation').where('consultation_id', '=', consultationId).where('respondent_key', '=', key).executeTakeFirst();
  return row?.relation ?? null;
}

export function findComment(db: QueryBuilder, consultationId: string, commentId: string) {
  return db.selectFrom('consultation_comments').selectAll().where('consultation_id', '=', consultationId).where('id', '=', commentId).executeTakeFirst();
}

export function lockComment(db: QueryBuilder, consultationId: string, commentId: string) {
  return db.selectFrom('consultation_comments').selectAll().where('consultation_id', '=', consultationId).where('id', '=', commentId).forUpdate().executeTakeFirst();
}

export async function countRecentBy(db: QueryBuilder, column: 'respondent_key' | 'ip_hash', value: string, since: Date) {
  const row = await db.selectFrom('consultation_comments').select((eb) => eb.fn.countAll<number>().as('n')).where(column, '=', value).where('created_at', '>', since).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Moves a published comment's count (+1 on publishing, −1 on leaving `published`), in the caller's transaction. */
export async function bumpCount(db: QueryBuilder, comment: Pick<CommentRow, 'section_id' | 'language' | 'side' | 'parent_id'>, delta: number) {
  const column = comment.parent_id ? 'replies' : 'n';
  await db
    .insertInto('consultation_comment_counts')
    .values({ section_id: comment.section_id, language: comment.language, side: comment.side, [column]: Math.max(0, delta) })
    .onConflict((oc) => oc.columns(['section_id', 'language', 'side']).doUpdateSet({ [column]: sql`consultation_comment_counts.${sql.ref(column)} + ${delta}` }))
    .execute();
}

/**
 * Moves a comment's count and, for a comment that is not a reply, those of its published replies:
 * replies are shown (and counted) only under a published comment.
 */
export async function bumpWithReplies(db: QueryBuilder, comment: Pick<CommentRow, 'id' | 'section_id' | 'language' | 'side' | 'parent_id'>, delta: number) {
  await bumpCount(db, comment, delta);
  if (comment.parent_id) return;
  const replies = await db
    .selectFrom('consultation_comments')
    .select(['language', 'side', (eb) => eb.fn.countAll<number>().as('n')])
    .where('parent_id', '=', comment.id)
    .where('state', '=', 'published')
    .groupBy(['language', 'side'])
    .execute();
  for (const r of replies) {
    await db
      .insertInto('consultation_comment_counts')
      .values({ section_id: comment.section_id, language: r.language, side: r.side, replies: Math.max(0, delta * Number(r.n)) })
      .onConflict((oc) => oc.columns(['section_id', 'language', 'side']).doUpdateSet({ replies: sql`consultation_comment_counts.replies + ${delta * Number(r.n)}` }))
      .execute();
  }
}

export interface CommentFilter {
  consultationId: string;
  section?: string;
  language?: string;
  side?: Side;
  parent?: string;
  sort: CommentSort;
  limit: number;
  offset: number;
  /** Only comments with a place; with `viewport`, only those whose place's box meets it. */
  mapped?: boolean;
  viewport?: Viewport;
}

/** A map's visible box in degrees. */
export interface Viewport {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** Comments with a place whose bounding box meets the viewport (boxes that touch count). */
function placed(f: CommentFilter) {
  return (eb: ExpressionBuilder<Tables, 'consultation_comments'>) => {
    const v = f.viewport;
    const conditions = [eb('geometry', 'is not', null)];
    if (v) conditions.push(eb('min_lon', '<=', v.east), eb('max_lon', '>=', v.west), eb('min_lat', '<=', v.north), eb('max_lat', '>=', v.south));
    return eb.and(conditions);
  };
}

/** A map's total: published comments with a place (in the viewport), counted over the rows. */
export async function countPlaced(db: QueryBuilder, f: CommentFilter) {
  const q = db
    .selectFrom('consultation_comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', 'published')
    .where('consultation_id', '=', f.consultationId)
    .where('parent_id', 'is', null)
    .$if(Boolean(f.section), (q) => q.where('section_id', '=', f.section!))
    .$if(Boolean(f.language), (q) => q.where('language', '=', f.language as never))
    .$if(Boolean(f.side), (q) => q.where('side', '=', f.side!));
  const row = await q.where(placed(f)).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * One page of published comments (or of one comment's replies), so that the partial indexes
 * on (section, created_at) and (section, support_count, created_at) serve a section's first page.
 */
export function pageOfComments(db: QueryBuilder, f: CommentFilter) {
  let q = db
    .selectFrom('consultation_comments')
    .selectAll()
    .where('state', '=', 'published')
    .where('consultation_id', '=', f.consultationId)
    .$if(Boolean(f.section), (q) => q.where('section_id', '=', f.section!))
    .$if(Boolean(f.language), (q) => q.where('language', '=', f.language as never))
    .$if(Boolean(f.side), (q) => q.where('side', '=', f.side!))
    .where((eb) => (f.parent ? eb('parent_id', '=', f.parent) : eb('parent_id', 'is', null)));
  if (f.mapped || f.viewport) q = q.where(placed(f));
  if (f.sort === 'support') q = q.orderBy('support_count', 'desc').orderBy('created_at', 'desc').orderBy('id', 'desc');
  else if (f.sort === 'date') q = q.orderBy('created_at', 'asc').orderBy('id', 'asc');
  else q = q.orderBy('created_at', 'desc').orderBy('id', 'desc');
  return q.limit(f.limit).offset(f.offset).execute();
}

/** A list's total from the counts table (no count(*) over the comments). */
export async function countFromCounts(db: QueryBuilder, f: CommentFilter) {
  const row = await db
    .selectFrom('consultation_comment_counts as c')
    .innerJoin('consultation_sections as s', 's.id', 'c.section_id')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('c.n'), sql<number>`0`).as('n'))
    .where('s.consultation_id', '=', f.consultationId)
    .$if(Boolean(f.section), (q) => q.where('c.section_id', '=', f.section!))
    .$if(Boolean(f.language), (q) => q.where('c.language', '=', f.language!))
    .$if(Boolean(f.side), (q) => q.where('c.side', '=', f.side!))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countReplies(db: QueryBuilder, parentId: string) {
  const row = await db.selectFrom('consultation_comments').select((eb) => eb.fn.countAll<number>().as('n')).where('parent_id', '=', parentId).where('state', '=', 'published').executeTakeFirstOrThrow();
  return Number(row.n);
}

export function repliesOf(db: QueryBuilder, parentIds: readonly string[]) {
  if (!parentIds.length) return Promise.resolve([] as CommentRow[]);
  return db.selectFrom('consultation_comments').selectAll().where('parent_id', 'in', parentIds).where('state', '=', 'published').orderBy('created_at').orderBy('id').execute();
}

/** The respondent's own comments that are waiting or were rejected (they see them with the reason). */
export function unpublishedOf(db: QueryBuilder, consultationId: string, key: string, sectionId?: string) {
  return db
    .selectFrom('consultation_comments')
    .selectAll()
    .where('respondent_key', '=', key)
    .where('consultation_id', '=', consultationId)
    .where('state', '<>', 'published')
    .$if(Boolean(sectionId), (q) => q.where('section_id', '=', sectionId!))
    .orderBy('created_at')
    .limit(100)
    .execute();
}

export async function marksOf(db: QueryBuilder, key: string, ids: readonly string[]) {
  if (!ids.length) return { supported: new Set<string>(), flagged: new Set<string>() };
  const [supported, flagged] = await Promise.all([
    db.selectFrom('consultation_supports').select('comment_id').where('voter_key', '=', key).where('comment_id', 'in', ids).execute(),
    db.selectFrom('consultation_flags').select('comment_id').where('reporter_key', '=', key).where('comment_id', 'in', ids).execute(),
  ]);
  return { supported: new Set(supported.map((r) => r.comment_id)), flagged: new Set(flagged.map((r) => r.comment_id)) };
}

/** The moderators' queue: waiting comments and those flagged since a moderator last looked. */
export async function moderationPage(db: QueryBuilder, consultationId: string, queue: string, limit: number, offset: number) {
  const base = db
    .selectFrom('consultation_comments as c')
    .innerJoin('consultation_sections as s', 's.id', 'c.section_id')
    .where('c.consultation_id', '=', consultationId)
    .where((eb) => {
      const flaggedSince = eb.and([eb('c.flagged_at', 'is not', null), eb.or([eb('c.moderated_at', 'is', null), eb('c.moderated_at', '<', eb.ref('c.flagged_at'))])]);
      if (queue === 'pending' || queue === 'published' || queue === 'rejected') return eb('c.state', '=', queue);
      if (queue === 'flagged') return eb.and([eb('c.flag_count', '>', 0), eb('c.state', '<>', 'rejected')]);
      return eb.or([eb('c.state', '=', 'pending'), eb.and([eb('c.state', '=', 'published'), flaggedSince])]);
    });
  const [rows, total] = await Promise.all([
    base.selectAll('c').select('s.title as section_title').orderBy('c.flag_count', 'desc').orderBy('c.created_at').orderBy('c.id').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export function flagsOf(db: QueryBuilder, commentIds: readonly string[]) {
  if (!commentIds.length) return Promise.resolve([]);
  return db.selectFrom('consultation_flags').select(['comment_id', 'reason', 'details', 'created_at']).where('comment_id', 'in', commentIds).orderBy('created_at').execute();
}
