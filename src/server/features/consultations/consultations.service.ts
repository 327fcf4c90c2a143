import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import { isEditorRole, isStaffRole } from '../../../shared/roles.ts';
import {
  FLAGS_TO_HIDE,
  SIDES,
  type Comment,
  type CommentInput,
  type CommentList,
  type CommentQuery,
  type ConsultationCreate,
  type ConsultationDetail,
  type ConsultationList,
  type ConsultationPatch,
  type ConsultationQuery,
  type ConsultationState,
  type ConsultationSummary,
  type ConsultationText,
  type FlagInput,
  type ModerationInput,
  type ModerationItem,
  type ModerationList,
  type ModerationQuery,
  type ParticipationRule,
  type Relation,
  type ReplyInput,
  type Section,
  type SectionInput,
  type SectionPatch,
  type Side,
  DEFAULT_ANSWER_LENGTH,
  type MyAnswer,
  type Question,
} from '../../../shared/schemas/consultations.ts';
import { HttpProblem, problems, type FieldError } from '../../plugins/problems.ts';
import { nextRef, isUuid } from '../../lib/refs.ts';
import { renderMarkdown, unsafeMarkup } from '../../lib/markdown.ts';
import { registerPersonalDataSection, type AuthUser } from '../accounts/accounts.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { cache } from '../../lib/cache.ts';
import * as repo from './consultations.repository.ts';
import * as surveyRepo from './consultations.surveys.repository.ts';
import { outcomesOf } from './consultations.outcomes.ts';
import type { CommentOutcome } from '../../../shared/schemas/consultationOutcomes.ts';
import { checkCommentGeometry, type GeometryBbox } from '../../../shared/commentGeometry.ts';
import type { CommentGeometry } from '../../../shared/schemas/geometry.ts';

registerPersonalDataSection('consultationComments', (db, userId) =>
  db
    .selectFrom('consultation_comments as c')
    .innerJoin('consultations as k', 'k.id', 'c.consultation_id')
    .select(['k.ref', 'c.body', 'c.language', 'c.side', 'c.state', 'c.created_at'])
    .where('c.user_id', '=', userId)
    .orderBy('c.created_at')
    .execute(),
);

registerPersonalDataSection('consultationRelations', (db, userId) =>
  db
    .selectFrom('consultation_respondents as r')
    .innerJoin('consultations as k', 'k.id', 'r.consultation_id')
    .select(['k.ref', 'r.relation'])
    .where('r.respondent_key', '=', `u:${userId}`)
    .orderBy('k.ref')
    .execute(),
);

registerPersonalDataSection('consultationSupportsAndFlags', async (db, userId) => ({
  supports: await db
    .selectFrom('consultation_supports as s')
    .innerJoin('consultation_comments as c', 'c.id', 's.comment_id')
    .innerJoin('consultations as k', 'k.id', 'c.consultation_id')
    .select(['k.ref', 's.comment_id', 's.created_at'])
    .where('s.voter_key', '=', `u:${userId}`)
    .orderBy('s.created_at')
    .execute(),
  flags: await db
    .selectFrom('consultation_flags as f')
    .innerJoin('consultation_comments as c', 'c.id', 'f.comment_id')
    .innerJoin('consultations as k', 'k.id', 'c.consultation_id')
    .select(['k.ref', 'f.comment_id', 'f.reason', 'f.details', 'f.created_at'])
    .where('f.reporter_key', '=', `u:${userId}`)
    .orderBy('f.created_at')
    .execute(),
}));

/** Who writes: the account, or the anonymous respondent's hashed cookie, and the hashed address for flood control. */
export interface Participant {
  user: AuthUser | null;
  /** 'u:' || user id, or 'a:' || sha256 of the cookie; null for an anonymous reader without the cookie. */
  key: string | null;
  ipHash: string | null;
}

/** Comments one address may send without an account in ten minutes, and one account in an hour. */
export const ANONYMOUS_COMMENTS_PER_10_MIN = 10;
export const MEMBER_COMMENTS_PER_HOUR = 30;

export const isStaff = (user: AuthUser | null) => Boolean(user && isStaffRole(user.role));
const iso = (date: Date) => date.toISOString();

export function stateOf(row: { opens_at: Date; closes_at: Date }, now = new Date()): ConsultationState {
  if (now < row.opens_at) return 'upcoming';
  return now < row.closes_at ? 'open' : 'closed';
}

// ---- consultations ----

/** A consultation by id, slug or reference; an unpublished one only to staff (404 to the rest, as if absent). */
export async function findConsultation(db: QueryBuilder, user: AuthUser | null, key: string): Promise<repo.ConsultationRow> {
  const row = await repo.findConsultation(db, key);
  if (!row || (!row.published && !isStaff(user))) throw problems.notFound('consultation');
  return row;
}

function summaryOf(row: repo.ConsultationRow, stats: { sections: number; comments: number; replies: number }): ConsultationSummary {
  return {
    id: row.id,
    ref: row.ref,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    subject: row.subject,
    planId: row.plan_id,
    frameworkVersionId: row.framework_version_id,
    opensAt: iso(row.opens_at),
    closesAt: iso(row.closes_at),
    state: stateOf(row),
    commenting: row.commenting,
    support: row.support,
    moderation: row.moderation,
    published: row.published,
    mapTools: row.map_tools,
    isDemo: row.is_demo,
    sectionCount: stats.sections,
    counts: { comments: stats.comments, replies: stats.replies },
  };
}

export async function listConsultations(db: QueryBuilder, user: AuthUser | null, query: ConsultationQuery): Promise<ConsultationList> {
  const limit = query.limit ?? 20;
  const offset = query.offset ?? 0;
  const { rows, total } = await repo.listConsultations(db, { staff: isStaff(user), state: query.state, limit, offset, now: new Date() });
  const stats = await repo.consultationStats(db, rows.map((r) => r.id));
  return { items: rows.map((row) => summaryOf(row, stats.get(row.id) ?? { sections: 0, comments: 0, replies: 0 })), total, limit, offset };
}

const textRendered = (body: ConsultationText | null): ConsultationText | null =>
  body && Object.fromEntries(Object.entries(body).map(([lang, text]) => [lang, renderMarkdown(text ?? '', { topLevel: 3 })]));

/** Whether a rule lets this caller take part: `open` anyone, `signed_in` an account. */
const allows = (rule: ParticipationRule, user: AuthUser | null) => rule === 'open' || (rule === 'signed_in' && user !== null);

export async function getConsultation(db: QueryBuilder, participant: Participant, row: repo.ConsultationRow): Promise<ConsultationDetail> {
  const [sections, counts, files, relation, questions, about] = await Promise.all([
    repo.sectionsOf(db, row.id),
    repo.sectionCounts(db, row.id),
    repo.filesOf(db, row.id),
    participant.key ? repo.relationOf(db, row.id, participant.key) : null,
    surveyRepo.questionsOfConsultation(db, row.id),
    repo.subjectOf(db, row),
  ]);
  const mine = participant.key ? await surveyRepo.answersOf(db, participant.key, questions.map((q) => q.id)) : [];
  const open = stateOf(row) === 'open';
  const items: Section[] = sections.map((s) => {
    const bySide = Object.fromEntries(SIDES.map((side) => [side, 0])) as Record<Side, number>;
    let comments = 0;
    let replies = 0;
    for (const c of counts.filter((c) => c.section_id === s.id)) {
      comments += c.n;
      replies += c.replies;
      bySide[c.side as Side] += c.n + c.replies;
    }
    return {
      id: s.id,
      kind: s.kind,
      position: s.position,
      title: s.title,
      abstract: s.abstract,
      body: s.body,
      bodyHtml: textRendered(s.body),
      files: files
        .filter((f) => f.section_id === s.id)
        .map((f) => ({ id: f.id, filename: f.filename, mediaType: f.media_type, size: f.size, alt: f.alt, url: `/api/consultations/${row.id}/sections/${s.id}/attachments/${f.id}` })),
      counts: { comments, replies },
      bySide,
      questions: questions.filter((q) => q.section_id === s.id).map((q) => questionJson(q, mine.find((a) => a.question_id === q.id))),
    };
  });
  const total = items.reduce((sum, s) => ({ comments: sum.comments + s.counts.comments, replies: sum.replies + s.counts.replies }), { comments: 0, replies: 0 });
  const { user } = participant;
  return {
    ...summaryOf(row, { sections: items.length, ...total }),
    about: {
      plan: about.plan && { slug: about.plan.slug, name: about.plan.name },
      frameworkVersion: about.frameworkVersion && { number: about.frameworkVersion.number, label: about.frameworkVersion.label, state: about.frameworkVersion.state },
    },
    sections: items,
    viewer: {
      relation: relation ?? null,
      canComment: open && allows(row.commenting, user),
      canSupport: open && allows(row.support, user),
      signInToComment: open && row.commenting === 'signed_in' && !user,
      signInToSupport: open && row.support === 'signed_in' && !user,
    },
  };
}

/** A stored answer as the API shows it. */
export function answerJson(a: surveyRepo.AnswerRow): MyAnswer {
  return { questionId: a.question_id, optionKeys: a.option_keys, scaleValue: a.scale_value, text: a.text_value };
}

/** The question's fields as the API shows them (shared by the detail and the results). */
export function questionFields(q: surveyRepo.QuestionRow) {
  return {
    id: q.id,
    sectionId: q.section_id,
    position: q.position,
    kind: q.kind,
    prompt: q.prompt,
    options: q.options,
    scaleMin: q.scale_min,
    scaleMax: q.scale_max,
    scaleLabels: q.scale_labels,
    maxChoices: q.kind === 'multiple' ? (q.max_choices ?? q.options.length) : q.kind === 'single' ? 1 : null,
    maxLength: q.kind === 'text' ? (q.max_length ?? DEFAULT_ANSWER_LENGTH) : null,
    required: q.required,
  };
}

export function questionJson(q: surveyRepo.QuestionRow, mine?: surveyRepo.AnswerRow): Question {
  return { ...questionFields(q), answered: q.answered, mine: mine ? answerJson(mine) : null };
}

/** Markdown with a script in it is refused (decision 1); the field named by its path and language. */
export function markupErrors(path: string, text: ConsultationText | null | undefined, errors: FieldError[]) {
  for (const [lang, value] of Object.entries(text ?? {})) {
    const unsafe = value ? unsafeMarkup(value) : null;
    if (unsafe) errors.push({ path: `${path}/${lang}`, code: 'unsafe-markup', message: `${unsafe}; write Markdown without scripts` });
  }
}

function sectionErrors(path: string, section: Partial<SectionInput>, errors: FieldError[]) {
  markupErrors(`${path}/title`, section.title, errors);
  markupErrors(`${path}/abstract`, section.abstract, errors);
  markupErrors(`${path}/body`, section.body, errors);
}

async function checkConsultation(db: QueryBuilder, next: { opensAt: string; closesAt: string; subject: string; planId?: string | null; frameworkVersionId?: string | null; title?: ConsultationText; summary?: ConsultationText | null }, errors: FieldError[]) {
  if (new Date(next.closesAt) <= new Date(next.opensAt)) errors.push({ path: 'body/closesAt', code: 'end-before-start', message: 'must be after opensAt' });
  if (next.subject === 'plan') {
    if (!next.planId) errors.push({ path: 'body/planId', code: 'required', message: 'is required when the subject is a plan' });
    else if (!(await repo.planExists(db, next.planId))) errors.push({ path: 'body/planId', code: 'unknown-plan', message: 'names no plan' });
  }
  if (next.subject === 'framework_version') {
    if (!next.frameworkVersionId) errors.push({ path: 'body/frameworkVersionId', code: 'required', message: 'is required when the subject is a framework version' });
    else if (!(await repo.frameworkVersionExists(db, next.frameworkVersionId))) errors.push({ path: 'body/frameworkVersionId', code: 'unknown-framework-version', message: 'names no framework version' });
  }
  markupErrors('body/title', next.title, errors);
  markupErrors('body/summary', next.summary, errors);
}

export const refuse = (errors: FieldError[]) => {
  if (errors.length) throw problems.badRequest('Some fields are not valid.', errors);
};

const sectionValues = (consultationId: string, s: SectionInput, position: number) => ({
  consultation_id: consultationId,
  kind: s.kind,
  position: s.position ?? position,
  title: JSON.stringify(s.title),
  abstract: s.abstract ? JSON.stringify(s.abstract) : null,
  body: s.body ? JSON.stringify(s.body) : null,
});

export async function createConsultation(db: QueryBuilder, editor: AuthUser, input: ConsultationCreate) {
  const errors: FieldError[] = [];
  await checkConsultation(db, input, errors);
  (input.sections ?? []).forEach((s, i) => sectionErrors(`body/sections/${i}`, s, errors));
  refuse(errors);
  if (await repo.findConsultation(db, input.slug)) throw problems.conflict('slug-taken', `The slug ${input.slug} is taken.`);
  return db.transaction().execute(async (trx) => {
    const created = await trx
      .insertInto('consultations')
      .values({
        ref: await nextRef(trx, 'CN'),
        slug: input.slug,
        title: JSON.stringify(input.title),
        summary: input.summary ? JSON.stringify(input.summary) : null,
        subject: input.subject,
        plan_id: input.subject === 'plan' ? (input.planId ?? null) : null,
        framework_version_id: input.subject === 'framework_version' ? (input.frameworkVersionId ?? null) : null,
        opens_at: new Date(input.opensAt),
        closes_at: new Date(input.closesAt),
        commenting: input.commenting,
        support: input.support,
        moderation: input.moderation,
        published: input.published ?? false,
        map_tools: input.mapTools ?? 'none',
        created_by: editor.id,
      })
      .returning(['id', 'ref'])
      .executeTakeFirstOrThrow();
    for (const [i, s] of (input.sections ?? []).entries()) await trx.insertInto('consultation_sections').values(sectionValues(created.id, s, i)).execute();
    await recordAudit(trx, { actorId: editor.id, action: 'consultation.created', entityType: 'consultation', entityId: created.id, details: { ref: created.ref, slug: input.slug } });
    return created;
  });
}

export async function updateConsultation(db: QueryBuilder, editor: AuthUser, row: repo.ConsultationRow, patch: ConsultationPatch) {
  const next = {
    opensAt: patch.opensAt ?? iso(row.opens_at),
    closesAt: patch.closesAt ?? iso(row.closes_at),
    subject: patch.subject ?? row.subject,
    planId: patch.planId !== undefined ? patch.planId : row.plan_id,
    frameworkVersionId: patch.frameworkVersionId !== undefined ? patch.frameworkVersionId : row.framework_version_id,
    title: patch.title,
    summary: patch.summary,
  };
  const errors: FieldError[] = [];
  await checkConsultation(db, next, errors);
  refuse(errors);
  if (patch.slug && patch.slug !== row.slug && (await repo.findConsultation(db, patch.slug))) throw problems.conflict('slug-taken', `The slug ${patch.slug} is taken.`);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('consultations')
      .set({
        ...(patch.slug ? { slug: patch.slug } : {}),
        ...(patch.title ? { title: JSON.stringify(patch.title) } : {}),
        ...(patch.summary !== undefined ? { summary: patch.summary ? JSON.stringify(patch.summary) : null } : {}),
        subject: next.subject,
        plan_id: next.subject === 'plan' ? next.planId : null,
        framework_version_id: next.subject === 'framework_version' ? next.frameworkVersionId : null,
        opens_at: new Date(next.opensAt),
        closes_at: new Date(next.closesAt),
        ...(patch.commenting ? { commenting: patch.commenting } : {}),
        ...(patch.support ? { support: patch.support } : {}),
        ...(patch.moderation ? { moderation: patch.moderation } : {}),
        ...(patch.published !== undefined ? { published: patch.published } : {}),
        ...(patch.mapTools ? { map_tools: patch.mapTools } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', row.id)
      .execute();
    await recordAudit(trx, { actorId: editor.id, action: 'consultation.updated', entityType: 'consultation', entityId: row.id, details: { fields: Object.keys(patch) } });
  });
}

// ---- sections ----

export async function addSection(db: QueryBuilder, editor: AuthUser, row: repo.ConsultationRow, input: SectionInput) {
  const errors: FieldError[] = [];
  sectionErrors('body', input, errors);
  refuse(errors);
  return db.transaction().execute(async (trx) => {
    const position = input.position ?? (await repo.nextSectionPosition(trx, row.id));
    const created = await trx.insertInto('consultation_sections').values(sectionValues(row.id, input, position)).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, { actorId: editor.id, action: 'consultation.section_added', entityType: 'consultation', entityId: row.id, details: { sectionId: created.id } });
    return created;
  });
}

export async function findSection(db: QueryBuilder, row: repo.ConsultationRow, sectionId: string) {
  const section = isUuid(sectionId) ? await repo.findSection(db, row.id, sectionId) : undefined;
  if (!section) throw problems.notFound('section');
  return section;
}

export async function updateSection(db: QueryBuilder, editor: AuthUser, row: repo.ConsultationRow, sectionId: string, patch: SectionPatch) {
  await findSection(db, row, sectionId);
  const errors: FieldError[] = [];
  sectionErrors('body', patch, errors);
  refuse(errors);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('consultation_sections')
      .set({
        ...(patch.kind ? { kind: patch.kind } : {}),
        ...(patch.position !== undefined ? { position: patch.position } : {}),
        ...(patch.title ? { title: JSON.stringify(patch.title) } : {}),
        ...(patch.abstract !== undefined ? { abstract: patch.abstract ? JSON.stringify(patch.abstract) : null } : {}),
        ...(patch.body !== undefined ? { body: patch.body ? JSON.stringify(patch.body) : null } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', sectionId)
      .execute();
    await recordAudit(trx, { actorId: editor.id, action: 'consultation.section_updated', entityType: 'consultation', entityId: row.id, details: { sectionId, fields: Object.keys(patch) } });
  });
}

/** A section without comments may go; one with comments stays (they answer its text). */
export async function removeSection(db: QueryBuilder, editor: AuthUser, row: repo.ConsultationRow, sectionId: string) {
  await findSection(db, row, sectionId);
  await db.transaction().execute(async (trx) => {
    if (await repo.sectionHasComments(trx, sectionId)) throw problems.conflict('has-dependants', 'The section has comments; it cannot be removed.');
    await trx.deleteFrom('consultation_sections').where('id', '=', sectionId).execute();
    await recordAudit(trx, { actorId: editor.id, action: 'consultation.section_removed', entityType: 'consultation', entityId: row.id, details: { sectionId } });
  });
}

// ---- taking part ----

/** The consultation's rule for this caller: 403 when nobody may, 401 when an account is needed. */
export function requireRule(rule: ParticipationRule, user: AuthUser | null, what: 'commenting' | 'support') {
  if (rule === 'none') throw new HttpProblem(403, what === 'commenting' ? 'commenting-off' : 'support-off', 'Not allowed here', `This consultation takes no ${what === 'commenting' ? 'comments' : 'supports'}.`);
  if (rule === 'signed_in' && !user) throw problems.unauthorized(`Sign in to ${what === 'commenting' ? 'comment' : 'support comments'} in this consultation.`);
}

export function requireOpen(row: repo.ConsultationRow) {
  const state = stateOf(row);
  if (state === 'upcoming') throw problems.conflict('not-started', `The consultation opens at ${iso(row.opens_at)}.`);
  if (state === 'closed') throw problems.conflict('closed', `The consultation closed at ${iso(row.closes_at)}.`);
}

async function guardFlood(db: QueryBuilder, participant: Participant) {
  const now = Date.now();
  if (participant.user) {
    if ((await repo.countRecentBy(db, 'respondent_key', participant.key!, new Date(now - 60 * 60 * 1000))) >= MEMBER_COMMENTS_PER_HOUR) {
      throw problems.tooMany('You have sent many comments in the last hour; please wait before sending more.', 15 * 60);
    }
    return;
  }
  if (participant.ipHash && (await repo.countRecentBy(db, 'ip_hash', participant.ipHash, new Date(now - 10 * 60 * 1000))) >= ANONYMOUS_COMMENTS_PER_10_MIN) {
    throw problems.tooMany('Too many comments from this address; wait a few minutes, or sign in.', 10 * 60);
  }
}

function commentErrors(body: string, errors: FieldError[]) {
  if (!body.trim()) errors.push({ path: 'body/body', code: 'blank', message: 'must not be blank' });
  const unsafe = unsafeMarkup(body);
  if (unsafe) errors.push({ path: 'body/body', code: 'unsafe-markup', message: `${unsafe}; other markup is kept as text` });
}

/**
 * A comment's place (issue 19 §5), checked before anything is written: the consultation's map
 * tools take it (a point; an area only under `point_and_area`), and it is a valid point or area
 * inside the twin region. Outside the region is 422 (well formed, not acceptable here).
 */
function placeOf(row: repo.ConsultationRow, geometry: unknown, errors: FieldError[]) {
  if (geometry === undefined) return null;
  const path = 'body/geometry';
  if (row.map_tools === 'none') {
    errors.push({ path, code: 'no-map-places', message: 'this consultation takes no places on the map' });
    return null;
  }
  if (row.map_tools === 'point' && (geometry as { type?: unknown }).type !== 'Point') {
    errors.push({ path, code: 'points-only', message: 'this consultation takes points on the map, not areas' });
    return null;
  }
  const result = checkCommentGeometry(geometry, path);
  if (result.ok) return result;
  if (result.errors.some((e) => e.code === 'outside-region')) {
    throw new HttpProblem(422, 'outside-region', 'Outside the region', 'The place lies outside the twin region (Helsinki-Uusimaa, Harju County and the gulf between them).', { errors: result.errors });
  }
  errors.push(...result.errors);
  return null;
}

/** A comment or a reply: in the window, by the rule, checked, within the flood limit; counted when published. */
export async function postComment(db: QueryBuilder, participant: Participant & { key: string }, row: repo.ConsultationRow, input: ReplyInput & { sectionId?: string; geometry?: unknown }, parentId?: string): Promise<Comment> {
  requireRule(row.commenting, participant.user, 'commenting');
  requireOpen(row);
  const errors: FieldError[] = [];
  commentErrors(input.body, errors);
  const place = placeOf(row, input.geometry, errors);
  let sectionId = input.sectionId;
  if (parentId) {
    const parent = isUuid(parentId) ? await repo.findComment(db, row.id, parentId) : undefined;
    // Replies go under published comments only: a reply is shown (and counted) with its comment.
    if (!parent || parent.state !== 'published') throw problems.notFound('comment');
    if (parent.parent_id) throw problems.conflict('reply-depth', 'Replies go one level deep: answer the comment this reply answers.');
    sectionId = parent.section_id;
  } else if (!sectionId || !(await repo.findSection(db, row.id, sectionId))) {
    errors.push({ path: 'body/sectionId', code: 'unknown-section', message: 'is not a section of this consultation' });
  }
  refuse(errors);
  await guardFlood(db, participant);
  const { user } = participant;
  const showName = Boolean(user && input.showName);
  return db.transaction().execute(async (trx) => {
    const relation = await repo.relationOf(trx, row.id, participant.key);
    const created = await trx
      .insertInto('consultation_comments')
      .values({
        consultation_id: row.id,
        section_id: sectionId!,
        parent_id: parentId ?? null,
        body: input.body,
        language: input.language,
        user_id: user?.id ?? null,
        respondent_key: participant.key,
        author_name: showName ? user!.displayName : null,
        side: relation ?? 'unknown',
        state: row.moderation === 'after' ? 'published' : 'pending',
        ip_hash: participant.ipHash,
        ...placeColumns(place),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (created.state === 'published') await repo.bumpCount(trx, created, 1);
    await recordAudit(trx, { actorId: user?.id ?? null, action: 'consultation_comment.created', entityType: 'consultation_comment', entityId: created.id, details: { consultationId: row.id, sectionId, parentId: parentId ?? null, state: created.state } });
    return { ...commentJson(created, { mine: true, supported: false, flagged: false, staff: false }), replies: [] };
  });
}

/** The stored place: the checked geometry (only its type and coordinates) and its box for the viewport filter. */
function placeColumns(place: { geometry: CommentGeometry; bbox: GeometryBbox } | null) {
  if (!place) return {};
  const { geometry, bbox } = place;
  return { geometry: JSON.stringify(geometry), min_lon: bbox.minLon, min_lat: bbox.minLat, max_lon: bbox.maxLon, max_lat: bbox.maxLat };
}

export async function setRelation(db: QueryBuilder, participant: Participant & { key: string }, row: repo.ConsultationRow, relation: Relation) {
  await db
    .insertInto('consultation_respondents')
    .values({ consultation_id: row.id, respondent_key: participant.key, relation })
    .onConflict((oc) => oc.columns(['consultation_id', 'respondent_key']).doUpdateSet({ relation, updated_at: new Date() }))
    .execute();
  return { relation };
}

interface ViewerMarks {
  mine: boolean;
  supported: boolean;
  flagged: boolean;
  staff: boolean;
}

export function commentJson(row: repo.CommentRow, marks: ViewerMarks, outcome: CommentOutcome | null = null) {
  return {
    id: row.id,
    sectionId: row.section_id,
    parentId: row.parent_id,
    body: row.body,
    language: row.language,
    side: row.side,
    authorName: row.author_name,
    supportCount: row.support_count,
    createdAt: iso(row.created_at),
    state: row.state,
    reason: marks.mine || marks.staff ? row.reason : null,
    mine: marks.mine,
    supported: marks.supported,
    flagged: marks.flagged,
    geometry: (row.geometry ?? null) as CommentGeometry | null,
    outcome,
  };
}

/**
 * The `bbox` query, `west,south,east,north` in degrees: split on commas and read as numbers (no
 * pattern over the input), each finite and in range, west < east and south < north.
 */
export function parseBbox(value: string): repo.Viewport {
  const parts = value.split(',').map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
  const [west, south, east, north] = parts;
  const fits = parts.length === 4 && parts.every(Number.isFinite) && west >= -180 && east <= 180 && south >= -90 && north <= 90 && west < east && south < north;
  if (!fits) {
    throw problems.badRequest('bbox is not a box west,south,east,north in degrees.', [
      { path: 'querystring/bbox', code: 'bbox-invalid', message: 'is not a box west,south,east,north in degrees (west < east, south < north)' },
    ]);
  }
  return { west, south, east, north };
}

interface PublicPage {
  items: repo.CommentRow[];
  replies: repo.CommentRow[];
  total: number;
}

/** The page as everyone sees it, kept per consultation under its comments' version (0045): no one's marks. */
const publicPages = cache.section<PublicPage>('consultation-comment-pages');

async function loadPublicPage(db: QueryBuilder, row: repo.ConsultationRow, query: CommentQuery, filter: repo.CommentFilter): Promise<PublicPage> {
  // The counts table knows nothing of places: a map's total is counted over its (indexed) rows.
  const total = query.parent ? repo.countReplies(db, query.parent) : filter.mapped ? repo.countPlaced(db, filter) : repo.countFromCounts(db, filter);
  // The section and parent are checked beside the page, not before it: the page is filtered by the consultation, so a foreign one finds nothing.
  const [section, parent, items, totalCount] = await Promise.all([
    query.section ? repo.findSection(db, row.id, query.section) : true,
    query.parent ? repo.findComment(db, row.id, query.parent) : true,
    repo.pageOfComments(db, filter),
    total,
  ]);
  if (!section) throw problems.badRequest('No such section in this consultation.', [{ path: 'querystring/section', code: 'unknown-section', message: 'is not a section of this consultation' }]);
  if (!parent) throw problems.notFound('comment');
  const replies = query.parent ? [] : await repo.repliesOf(db, items.map((c) => c.id));
  return { items, replies, total: totalCount };
}

/** The comments as this viewer reads them: their own marks (mine, supported, flagged) and what became of each, in two queries for all. */
async function viewerJson(db: QueryBuilder, participant: Participant, rows: readonly repo.CommentRow[]) {
  const ids = rows.map((c) => c.id);
  const [marks, outcomes] = await Promise.all([
    participant.key ? repo.marksOf(db, participant.key, ids) : { supported: new Set<string>(), flagged: new Set<string>() },
    outcomesOf(db, ids),
  ]);
  const staff = isStaff(participant.user);
  return (c: repo.CommentRow) => commentJson(c, { mine: c.respondent_key === participant.key, supported: marks.supported.has(c.id), flagged: marks.flagged.has(c.id), staff }, outcomes.get(c.id) ?? null);
}

export async function listComments(db: QueryBuilder, participant: Participant, row: repo.ConsultationRow, query: CommentQuery): Promise<CommentList> {
  const limit = query.limit ?? 20;
  const offset = query.offset ?? 0;
  const viewport = query.bbox !== undefined ? parseBbox(query.bbox) : undefined;
  const filter = { consultationId: row.id, section: query.section, language: query.language, side: query.side, parent: query.parent, sort: query.sort ?? (query.parent ? 'date' : '-date'), limit, offset, viewport, mapped: query.mapped === true || viewport !== undefined };
  const key = JSON.stringify([row.id, filter.section, filter.language, filter.side, filter.parent, filter.sort, limit, offset, viewport, filter.mapped]);
  const { items, replies, total } = await publicPages.fetch(db, String(row.comments_version), key, () => loadPublicPage(db, row, query, filter));
  const mine = participant.key ? await repo.unpublishedOf(db, row.id, participant.key, query.section) : [];
  const all = [...items, ...replies, ...mine];
  const json = await viewerJson(db, participant, all);
  return {
    items: items.map((c) => ({ ...json(c), replies: replies.filter((r) => r.parent_id === c.id).map(json) })),
    total,
    limit,
    offset,
    mine: mine.map(json),
  };
}

/**
 * One published comment (or reply) with its published replies and what became of it: the address a
 * link to a comment (the trace, a diff's answers) can rely on, whichever section and page it is on.
 */
export async function getComment(db: QueryBuilder, participant: Participant, row: repo.ConsultationRow, commentId: string): Promise<Comment> {
  const comment = await publishedComment(db, row, commentId);
  const replies = comment.parent_id ? [] : await repo.repliesOf(db, [comment.id]);
  const all = [comment, ...replies];
  const json = await viewerJson(db, participant, all);
  return { ...json(comment), replies: replies.map(json) };
}

async function publishedComment(db: QueryBuilder, row: repo.ConsultationRow, commentId: string) {
  const comment = isUuid(commentId) ? await repo.findComment(db, row.id, commentId) : undefined;
  if (!comment || comment.state !== 'published') throw problems.notFound('comment');
  return comment;
}

export async function support(db: QueryBuilder, participant: Participant & { key: string }, row: repo.ConsultationRow, commentId: string, on: boolean) {
  requireRule(row.support, participant.user, 'support');
  requireOpen(row);
  const comment = await publishedComment(db, row, commentId);
  return db.transaction().execute(async (trx) => {
    if (on) {
      const added = await trx.insertInto('consultation_supports').values({ comment_id: comment.id, voter_key: participant.key }).onConflict((oc) => oc.doNothing()).returning('comment_id').executeTakeFirst();
      if (!added) throw problems.conflict('already-supported', 'You already support this comment.');
    } else {
      const removed = await trx.deleteFrom('consultation_supports').where('comment_id', '=', comment.id).where('voter_key', '=', participant.key).executeTakeFirst();
      if (Number(removed.numDeletedRows) === 0) return { supportCount: comment.support_count, supported: false };
    }
    const updated = await trx
      .updateTable('consultation_comments')
      .set({ support_count: sql`support_count + ${on ? 1 : -1}` })
      .where('id', '=', comment.id)
      .returning('support_count')
      .executeTakeFirstOrThrow();
    return { supportCount: updated.support_count, supported: on };
  });
}

/** A flag once per reporter; under post-moderation the third reporter's flag hides the comment until a moderator decides (decision 6). */
export async function flag(db: QueryBuilder, participant: Participant & { key: string }, row: repo.ConsultationRow, commentId: string, input: FlagInput) {
  const comment = await publishedComment(db, row, commentId);
  return db.transaction().execute(async (trx) => {
    const added = await trx
      .insertInto('consultation_flags')
      .values({ comment_id: comment.id, reporter_key: participant.key, reason: input.reason, details: input.details ?? null })
      .onConflict((oc) => oc.doNothing())
      .returning('comment_id')
      .executeTakeFirst();
    if (!added) throw problems.conflict('already-flagged', 'You have already flagged this comment.');
    const updated = await trx
      .updateTable('consultation_comments')
      .set({ flag_count: sql`flag_count + 1`, flagged_at: new Date() })
      .where('id', '=', comment.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (row.moderation === 'after' && updated.state === 'published' && updated.flag_count >= FLAGS_TO_HIDE) {
      await trx.updateTable('consultation_comments').set({ state: 'pending' }).where('id', '=', comment.id).execute();
      await repo.bumpWithReplies(trx, updated, -1);
      await recordAudit(trx, { actorId: null, action: 'consultation_comment.hidden_by_flags', entityType: 'consultation_comment', entityId: comment.id, details: { flags: updated.flag_count } });
      return { flagCount: updated.flag_count, state: 'pending' as const };
    }
    return { flagCount: updated.flag_count, state: updated.state };
  });
}

// ---- moderation ----

export async function moderationQueue(db: QueryBuilder, row: repo.ConsultationRow, query: ModerationQuery): Promise<ModerationList> {
  const limit = query.limit ?? 20;
  const offset = query.offset ?? 0;
  const { rows, total } = await repo.moderationPage(db, row.id, query.queue ?? 'queue', limit, offset);
  const flags = await repo.flagsOf(db, rows.map((r) => r.id));
  const items: ModerationItem[] = rows.map((c) => ({
    ...commentJson(c, { mine: false, supported: false, flagged: false, staff: true }),
    sectionTitle: c.section_title,
    note: c.note,
    flagCount: c.flag_count,
    flags: flags.filter((f) => f.comment_id === c.id).map((f) => ({ reason: f.reason, details: f.details, createdAt: iso(f.created_at) })),
    moderatedAt: c.moderated_at ? iso(c.moderated_at) : null,
  }));
  return { items, total, limit, offset };
}

/** A moderator's decision, audited with the state it left; the counts follow in the same transaction. */
export async function moderate(db: QueryBuilder, moderator: AuthUser, row: repo.ConsultationRow, commentId: string, input: ModerationInput) {
  if (input.state === 'rejected' && !input.reason) throw problems.badRequest('A rejection needs a reason.', [{ path: 'body/reason', code: 'required', message: 'is required when rejecting' }]);
  if (!isUuid(commentId)) throw problems.notFound('comment');
  return db.transaction().execute(async (trx) => {
    const before = await repo.lockComment(trx, row.id, commentId);
    if (!before) throw problems.notFound('comment');
    const updated = await trx
      .updateTable('consultation_comments')
      .set({ state: input.state, reason: input.state === 'rejected' ? input.reason! : null, note: input.note ?? null, moderated_by: moderator.id, moderated_at: new Date() })
      .where('id', '=', commentId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const delta = (updated.state === 'published' ? 1 : 0) - (before.state === 'published' ? 1 : 0);
    if (delta) await repo.bumpWithReplies(trx, updated, delta);
    await recordAudit(trx, {
      actorId: moderator.id,
      action: 'consultation_comment.moderated',
      entityType: 'consultation_comment',
      entityId: commentId,
      details: { consultationId: row.id, from: before.state, to: updated.state, reason: input.reason ?? null, note: input.note ?? null },
    });
    return commentJson(updated, { mine: false, supported: false, flagged: false, staff: true });
  });
}

export const canEdit = (user: AuthUser | null) => Boolean(user && isEditorRole(user.role));
