import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import type { AnswerTargets, CommentOutcome, ChangeLinkInput, ChangeLinkQuery, OutcomeChange, OutcomeInput } from '../../../shared/schemas/consultationOutcomes.ts';
import type { ConsultationText } from '../../../shared/schemas/consultations.ts';
import { HttpProblem, problems, type FieldError } from '../../plugins/problems.ts';
import { isUuid } from '../../lib/refs.ts';
import { treeOrderBy } from '../../lib/tree.ts';
import type { AuthUser } from '../accounts/accounts.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { unsafeMarkup } from '../../lib/markdown.ts';
import type { ConsultationRow } from './consultations.repository.ts';
import './consultations.outcomes.tables.ts';

/**
 * "You said, we did" (issue 19 points 4 and 5; research §4.3). An editor links a published comment
 * on a consultation about framework version v to the nodes of a later version that answer it, and
 * records what became of it (changed, already covered, not taken, out of scope) with a reply. The
 * comment list shows each comment's outcome (one query per page); the framework diff counts the
 * comments each change answers; the trace walks comment → objective/target.
 */

/** A reply or note with a script in it is refused (decision 1), named by its path and language. */
function markupErrors(path: string, text: ConsultationText | null | undefined): FieldError[] {
  return Object.entries(text ?? {}).flatMap(([lang, value]) => {
    const unsafe = value ? unsafeMarkup(value) : null;
    return unsafe ? [{ path: `${path}/${lang}`, code: 'unsafe-markup' as const, message: `${unsafe}; write text without scripts` }] : [];
  });
}

function refuse(errors: FieldError[]) {
  if (errors.length) throw problems.badRequest('Some fields are not valid.', errors);
}

type OutcomeRow = { comment_id: string; outcome: CommentOutcome['outcome']; reply: ConsultationText | null; answered_at: Date | string | null; changes: OutcomeChange[] };

/**
 * The outcomes of a page of comments in one query: each comment that is answered or linked, with
 * its links as the nodes of their versions show them ("→ O2.3 in version 2"). A link whose node a
 * draft has since lost is left out: it names nothing any more.
 */
/**
 * What became of each comment. A change in a draft is named by its reference and version only: a
 * draft's wording is work in progress that only staff read (as the framework's draft pages are).
 */
export async function outcomesOf(db: QueryBuilder, commentIds: readonly string[]): Promise<Map<string, CommentOutcome>> {
  const out = new Map<string, CommentOutcome>();
  if (!commentIds.length) return out;
  const { rows } = await sql<OutcomeRow>`
    with ids as (select distinct unnest(${[...commentIds]}::uuid[]) as id)
    select ids.id as comment_id, o.outcome, o.reply, o.answered_at,
      coalesce((
        select json_agg(json_build_object('version', v.number, 'versionState', v.state, 'nodeKey', l.node_key, 'ref', n.ref, 'kind', n.kind, 'title', case when v.state = 'draft' then '{}'::jsonb else n.title end,
                                          'field', nullif(l.field, ''), 'note', l.note) order by v.number, n.ref, l.field)
        from consultation_comment_changes l
        join framework_versions v on v.id = l.to_version_id
        join framework_nodes n on n.version_id = l.to_version_id and n.node_key = l.node_key
        where l.comment_id = ids.id), '[]'::json) as changes
    from ids
    left join consultation_comment_outcomes o on o.comment_id = ids.id
    where o.comment_id is not null or exists (select 1 from consultation_comment_changes l where l.comment_id = ids.id)`.execute(db);
  for (const row of rows) {
    const changes = typeof row.changes === 'string' ? (JSON.parse(row.changes) as OutcomeChange[]) : row.changes;
    if (!row.outcome && !changes.length) continue;
    out.set(row.comment_id, { outcome: row.outcome ?? null, reply: row.reply ?? null, answeredAt: row.answered_at ? new Date(row.answered_at).toISOString() : null, changes });
  }
  return out;
}

/** One comment's outcome, null when it has none. */
async function outcomeOf(db: QueryBuilder, commentId: string): Promise<CommentOutcome | null> {
  return (await outcomesOf(db, [commentId])).get(commentId) ?? null;
}

/** Only a consultation on a framework version has changes to answer its comments with (409 otherwise). */
function requireFrameworkSubject(row: ConsultationRow): string {
  if (row.subject !== 'framework_version' || !row.framework_version_id) {
    throw problems.conflict('not-about-framework', 'This consultation is not about a framework version, so its comments cannot be answered by the changes of a later version.');
  }
  return row.framework_version_id;
}

/** The comment, locked for the change: 404 if not of this consultation, 409 unless published (a waiting or rejected one is nobody's to answer). */
async function lockPublished(trx: QueryBuilder, row: ConsultationRow, commentId: string) {
  const comment = isUuid(commentId)
    ? await trx.selectFrom('consultation_comments').select(['id', 'state']).where('consultation_id', '=', row.id).where('id', '=', commentId).forUpdate().executeTakeFirst()
    : undefined;
  if (!comment) throw problems.notFound('comment');
  if (comment.state !== 'published') throw problems.conflict('comment-not-published', `The comment is ${comment.state}: only a published comment is answered.`);
  return comment;
}

async function linkCount(trx: QueryBuilder, commentId: string) {
  const row = await trx.selectFrom('consultation_comment_changes').select((eb) => eb.fn.countAll<number>().as('n')).where('comment_id', '=', commentId).executeTakeFirstOrThrow();
  return Number(row.n);
}

const needsChange = () =>
  new HttpProblem(422, 'outcome-needs-change', 'The outcome needs a change', 'An outcome of "changed" names the change: link the comment to a node of a later version first (POST …/changes).', {
    errors: [{ path: 'body/outcome', code: 'outcome-needs-change', message: 'changed needs at least one linked change' }],
  });

/** Records (or replaces) what became of a comment, with the editors' reply; audited. */
export async function setOutcome(db: QueryBuilder, editor: AuthUser, row: ConsultationRow, commentId: string, input: OutcomeInput): Promise<CommentOutcome> {
  requireFrameworkSubject(row);
  refuse(markupErrors('body/reply', input.reply));
  return db.transaction().execute(async (trx) => {
    const comment = await lockPublished(trx, row, commentId);
    if (input.outcome === 'changed' && (await linkCount(trx, comment.id)) === 0) throw needsChange();
    const values = { outcome: input.outcome, reply: input.reply ? JSON.stringify(input.reply) : null, answered_by: editor.id, answered_at: new Date() };
    await trx
      .insertInto('consultation_comment_outcomes')
      .values({ comment_id: comment.id, ...values })
      .onConflict((oc) => oc.column('comment_id').doUpdateSet(values))
      .execute();
    await recordAudit(trx, { actorId: editor.id, action: 'consultation_comment.outcome_set', entityType: 'consultation_comment', entityId: comment.id, details: { consultationId: row.id, outcome: input.outcome } });
    return (await outcomeOf(trx, comment.id))!;
  });
}

/** Takes back a comment's outcome (its links stay); audited when there was one. */
export async function clearOutcome(db: QueryBuilder, editor: AuthUser, row: ConsultationRow, commentId: string): Promise<void> {
  requireFrameworkSubject(row);
  await db.transaction().execute(async (trx) => {
    const comment = await lockPublished(trx, row, commentId);
    const removed = await trx.deleteFrom('consultation_comment_outcomes').where('comment_id', '=', comment.id).returning('outcome').executeTakeFirst();
    if (!removed) throw problems.notFound('outcome');
    await recordAudit(trx, { actorId: editor.id, action: 'consultation_comment.outcome_cleared', entityType: 'consultation_comment', entityId: comment.id, details: { consultationId: row.id, was: removed.outcome } });
  });
}

/**
 * The version and node a link names, checked before anything is written: a version later than the
 * one consulted on (a draft or any later state), and a node that version holds. 422 naming the
 * field otherwise.
 */
async function laterNode(db: QueryBuilder, consultedVersionId: string, input: { version: number; nodeKey: string }) {
  const [consulted, target] = await Promise.all([
    db.selectFrom('framework_versions').select('number').where('id', '=', consultedVersionId).executeTakeFirstOrThrow(),
    db.selectFrom('framework_versions').select(['id', 'number']).where('number', '=', input.version).executeTakeFirst(),
  ]);
  const refuseLink = (path: string, message: string) =>
    new HttpProblem(422, 'change-not-in-later-version', 'Not a change of a later version', `A comment on version ${consulted.number} is answered by a node of a later version: ${message}.`, {
      errors: [{ path, code: 'change-not-in-later-version', message }],
    });
  if (!target || target.number <= consulted.number) throw refuseLink('body/version', `version ${input.version} is not a version after ${consulted.number}`);
  const node = await db.selectFrom('framework_nodes').select('ref').where('version_id', '=', target.id).where('node_key', '=', input.nodeKey).executeTakeFirst();
  if (!node) throw refuseLink('body/nodeKey', `version ${input.version} holds no node ${input.nodeKey}`);
  return { versionId: target.id, ref: node.ref };
}

/** Links a comment to a node (or one field of it) of a later version; linking it again replaces the note. Audited. */
export async function linkChange(db: QueryBuilder, editor: AuthUser, row: ConsultationRow, commentId: string, input: ChangeLinkInput): Promise<CommentOutcome> {
  const consulted = requireFrameworkSubject(row);
  refuse(markupErrors('body/note', input.note));
  const target = await laterNode(db, consulted, input);
  return db.transaction().execute(async (trx) => {
    const comment = await lockPublished(trx, row, commentId);
    const note = input.note ? JSON.stringify(input.note) : null;
    await trx
      .insertInto('consultation_comment_changes')
      .values({ comment_id: comment.id, to_version_id: target.versionId, node_key: input.nodeKey, field: input.field ?? '', note, linked_by: editor.id })
      .onConflict((oc) => oc.columns(['comment_id', 'to_version_id', 'node_key', 'field']).doUpdateSet({ note, linked_by: editor.id, linked_at: new Date() }))
      .execute();
    await recordAudit(trx, {
      actorId: editor.id,
      action: 'consultation_comment.change_linked',
      entityType: 'consultation_comment',
      entityId: comment.id,
      details: { consultationId: row.id, version: input.version, nodeKey: input.nodeKey, ref: target.ref, field: input.field ?? null },
    });
    return (await outcomeOf(trx, comment.id))!;
  });
}

/** Removes a link; the last one of a comment whose outcome is `changed` stays (422), as the outcome needs it. Audited. */
export async function unlinkChange(db: QueryBuilder, editor: AuthUser, row: ConsultationRow, commentId: string, query: ChangeLinkQuery): Promise<CommentOutcome | null> {
  requireFrameworkSubject(row);
  return db.transaction().execute(async (trx) => {
    const comment = await lockPublished(trx, row, commentId);
    const version = await trx.selectFrom('framework_versions').select('id').where('number', '=', query.version).executeTakeFirst();
    const removed = version
      ? await trx
          .deleteFrom('consultation_comment_changes')
          .where('comment_id', '=', comment.id)
          .where('to_version_id', '=', version.id)
          .where('node_key', '=', query.nodeKey)
          .where('field', '=', query.field ?? '')
          .returning('node_key')
          .executeTakeFirst()
      : undefined;
    if (!removed) throw problems.notFound('linked change');
    const outcome = await trx.selectFrom('consultation_comment_outcomes').select('outcome').where('comment_id', '=', comment.id).executeTakeFirst();
    // Thrown inside the transaction: the link comes back.
    if (outcome?.outcome === 'changed' && (await linkCount(trx, comment.id)) === 0) throw needsChange();
    await recordAudit(trx, {
      actorId: editor.id,
      action: 'consultation_comment.change_unlinked',
      entityType: 'consultation_comment',
      entityId: comment.id,
      details: { consultationId: row.id, version: query.version, nodeKey: query.nodeKey, field: query.field ?? null },
    });
    return outcomeOf(trx, comment.id);
  });
}

/**
 * The published comments linked to the nodes of one version, for the diff that ends at it: each
 * with the field it names ('' for the whole node). Comments of an unpublished consultation count
 * for staff only, as the consultation itself shows.
 */
export async function answersOfVersion(db: QueryBuilder, versionId: string, staff: boolean) {
  return db
    .selectFrom('consultation_comment_changes as l')
    .innerJoin('consultation_comments as c', 'c.id', 'l.comment_id')
    .innerJoin('consultations as k', 'k.id', 'c.consultation_id')
    .select(['l.node_key', 'l.field', 'c.id', 'c.section_id', 'k.slug', 'c.created_at'])
    .where('l.to_version_id', '=', versionId)
    .where('c.state', '=', 'published')
    .$if(!staff, (q) => q.where('k.published', '=', true))
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
}

/** The versions after the consulted one, each with its nodes in tree order (siblings by position): what an editor links a comment to. */
export async function answerTargets(db: QueryBuilder, row: ConsultationRow): Promise<AnswerTargets> {
  const consultedId = requireFrameworkSubject(row);
  const consulted = await db.selectFrom('framework_versions').select('number').where('id', '=', consultedId).executeTakeFirstOrThrow();
  const versions = await db.selectFrom('framework_versions').select(['id', 'number', 'state']).where('number', '>', consulted.number).orderBy('number').execute();
  const nodes = versions.length
    ? await db
        .selectFrom('framework_nodes')
        .select(['version_id', 'node_key', 'parent_key', 'ref', 'kind', 'title'])
        .where('version_id', 'in', versions.map((v) => v.id))
        .orderBy('position')
        .orderBy('ref')
        .execute()
    : [];
  return {
    consulted: consulted.number,
    versions: versions.map((v) => ({
      number: v.number,
      state: v.state,
      nodes: treeOrderBy(nodes.filter((n) => n.version_id === v.id), (n) => n.node_key, (n) => n.parent_key).map((n) => ({ key: n.node_key, ref: n.ref, kind: n.kind, title: n.title })),
    })),
  };
}
