import type { Kysely } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import { RECOMMENDATION_TRANSITIONS } from '../../../shared/dialogues.ts';
import { isUiLanguage, type Language } from '../../../shared/languages.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import { ASSESSMENT_MONTHS, PUBLIC_STATUSES } from '../../../shared/register.ts';
import { isEditorRole, isStaffRole } from '../../../shared/roles.ts';
import type { InstitutionRef } from '../../../shared/schemas/institutions.ts';
import type { DeskRecommendations, RecommendationCreate, RecommendationDetail, RecommendationListItem, RecommendationPatch, RecommendationQuery, RecommendationResponse, ResponseCreate, ResponseEdit } from '../../../shared/schemas/recommendations.ts';
import { HttpProblem, problems, type FieldError } from '../../plugins/problems.ts';
import { nextRef } from '../../lib/refs.ts';
import { registerPersonalDataSection, type AuthUser } from '../accounts/accounts.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { languageOf, onMerge, resolveBottleneckIds } from '../bottlenecks/bottlenecks.service.ts';
import { findDialogue } from '../dialogues/dialogues.repository.ts';
import { institutionRefs } from '../institutions/institutions.service.ts';
import { enqueue } from '../notifications/notifications.service.ts';
import { citedLessons, registerLessonCitations, resolveLessonIds } from '../regions/regions.citations.ts';
import { matchesOf } from '../../lib/search/matches.ts';
import * as repo from './recommendations.repository.ts';


onMerge((trx, fromId, toId) => repo.moveBottleneckLinks(trx, fromId, toId));
registerLessonCitations('recommendation', repo.recommendationsCiting);

registerPersonalDataSection('recommendationResponses', (db, userId) =>
  db.selectFrom('recommendation_responses as x').innerJoin('recommendations as r', 'r.id', 'x.recommendation_id').select(['r.ref', 'x.body', 'x.created_at']).where('x.author_id', '=', userId).orderBy('x.created_at').execute(),
);

const isEditor = (user: AuthUser | null) => Boolean(user && isEditorRole(user.role));


function toListItem(row: repo.RecommendationRow & { response_count: number; bottleneck_count: number }, addressees: InstitutionRef[]): RecommendationListItem {
  return {
    id: row.id,
    ref: row.ref,
    title: row.title,
    changeKind: row.change_kind,
    priority: row.priority,
    effort: row.effort,
    state: row.state,
    addressees,
    responseCount: row.response_count,
    bottleneckCount: row.bottleneck_count,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    isDemo: row.is_demo,
  };
}

/** Addressees of each recommendation, as references, in country order (FI, EE, EU, other). */
async function addresseeRefs(db: QueryBuilder, ids: string[]) {
  const links = await repo.addresseesOf(db, ids);
  const refs = await institutionRefs(db, links.map((l) => l.institution_id));
  const order = ['FI', 'EE', 'EU', 'other'];
  const byRecommendation = new Map<string, InstitutionRef[]>();
  for (const link of links) {
    const list = byRecommendation.get(link.recommendation_id) ?? [];
    list.push(refs.get(link.institution_id)!);
    byRecommendation.set(link.recommendation_id, list);
  }
  for (const list of byRecommendation.values()) list.sort((a, b) => order.indexOf(a.country) - order.indexOf(b.country));
  return byRecommendation;
}

export async function listRecommendations(db: QueryBuilder, query: RecommendationQuery) {
  const limit = query.limit ?? 20;
  const offset = query.offset ?? 0;
  const { rows, total, search } = await repo.listRecommendations(db, { q: query.q?.trim() || undefined, sort: query.sort, state: query.state, institution: query.institution, changeKind: query.changeKind, limit, offset });
  const addressees = await addresseeRefs(db, rows.map((r) => r.id));
  const items = rows.map((row) => toListItem(row, addressees.get(row.id) ?? []));
  if (!search) return { items, total, limit, offset };
  // Where each found recommendation matched, in its texts as the list shows them.
  const matches = matchesOf(
    search.result,
    items.map((item) => ({ id: item.id, texts: [...Object.entries(item.title).map(([lang, text]) => ({ field: 'title', lang, text: text! })), { field: 'ref', lang: null, text: item.ref }] })),
  );
  return { items, total, limit, offset, matches, ...(search.didYouMean ? { didYouMean: search.didYouMean } : {}) };
}

export async function findRecommendation(db: QueryBuilder, idOrRef: string) {
  const row = await repo.findRecommendation(db, idOrRef);
  if (!row) throw problems.notFound('recommendation');
  return row;
}

export async function getRecommendation(db: QueryBuilder, user: AuthUser | null, row: repo.RecommendationRow & { response_count: number; bottleneck_count: number }): Promise<RecommendationDetail> {
  const staff = Boolean(user && isStaffRole(user.role));
  const [addressees, bottlenecks, dialogues, lessons, responses, events] = await Promise.all([
    addresseeRefs(db, [row.id]),
    repo.linkedBottlenecks(db, row.id, staff ? 'all' : PUBLIC_STATUSES),
    repo.linkedDialogues(db, row.id, staff),
    repo.lessonIdsOf(db, row.id).then((ids) => citedLessons(db, ids)),
    repo.listResponses(db, row.id),
    repo.listEvents(db, row.id),
  ]);
  const addressed = addressees.get(row.id) ?? [];
  const [responders, revisions] = await Promise.all([institutionRefs(db, responses.map((r) => r.institution_id)), repo.listResponseRevisions(db, responses.map((r) => r.id))]);
  return {
    ...toListItem(row, addressed),
    rationale: row.rationale,
    rejectionReason: row.rejection_reason,
    bottlenecks: bottlenecks.map((b) => ({ id: b.id, ref: b.ref, title: b.title, status: b.status })),
    dialogues: dialogues.map((d) => ({ id: d.id, ref: d.ref, title: d.title, type: d.type, startsAt: d.starts_at.toISOString(), state: d.state })),
    lessons,
    responses: responses.map((r) => responseJson(r, responders.get(r.institution_id)!, revisions)),
    timeline: events.map((e) => ({ at: e.at.toISOString(), fromState: e.from_state, toState: e.to_state, note: e.note })),
    viewer: {
      canManage: isEditor(user),
      canRespondFor: user?.role === 'service_owner' && user.institutionId && addressed.some((a) => a.id === user.institutionId) ? [user.institutionId] : isEditor(user) ? addressed.map((a) => a.id) : [],
    },
  };
}

type ResponseRow = Awaited<ReturnType<typeof repo.listResponses>>[number];
type RevisionRow = Awaited<ReturnType<typeof repo.listResponseRevisions>>[number];

/** A response as the API shows it, with the versions it replaced, oldest first (as a bottleneck's answer). */
function responseJson(row: ResponseRow, institution: InstitutionRef, revisions: RevisionRow[]): RecommendationResponse {
  return {
    id: row.id,
    institution,
    body: row.body,
    language: languageOf(row.body),
    createdAt: row.created_at.toISOString(),
    editedAt: row.edited_at?.toISOString() ?? null,
    revisions: revisions
      .filter((r) => r.response_id === row.id)
      .map((r) => ({ body: r.body, language: languageOf(r.body), writtenAt: r.written_at.toISOString(), replacedAt: r.replaced_at.toISOString() })),
  };
}

/** When an addressed institution's response is due: the assessment time a bottleneck has, from the recommendation's date. */
export function respondBy(createdAt: Date): Date {
  const due = new Date(createdAt);
  due.setUTCMonth(due.getUTCMonth() + ASSESSMENT_MONTHS);
  return due;
}

/**
 * A service owner's desk: the recommendations addressed to their institution (rejected ones
 * aside), overdue first, then by when a response is due, each with the institution's response.
 */
export async function deskRecommendations(db: QueryBuilder, user: AuthUser, now = new Date()): Promise<DeskRecommendations> {
  if (!user.institutionId) return { items: [] };
  const institutionId = user.institutionId;
  const { rows, responses } = await repo.addressedTo(db, institutionId);
  const [addressees, revisions, refs] = await Promise.all([
    addresseeRefs(db, rows.map((r) => r.id)),
    repo.listResponseRevisions(db, responses.map((r) => r.id)),
    institutionRefs(db, [institutionId]),
  ]);
  const institution = refs.get(institutionId)!;
  return {
    items: rows
      .map((row) => {
        const response = responses.filter((r) => r.recommendation_id === row.id).at(-1);
        const due = respondBy(row.created_at);
        return {
          recommendation: toListItem(row, addressees.get(row.id) ?? []),
          respondBy: due.toISOString(),
          overdue: !response && due < now,
          response: response ? { ...responseJson(response, institution, revisions), author: response.author_name } : null,
        };
      })
      .sort((a, b) => Number(b.overdue) - Number(a.overdue) || Date.parse(a.respondBy) - Date.parse(b.respondBy)),
  };
}

/** Recommendations that come from a dialogue, as its page lists them. */
export async function recommendationsFromDialogue(db: QueryBuilder, dialogueId: string) {
  return (await repo.recommendationsFromDialogue(db, dialogueId)).map((r) => ({ id: r.id, ref: r.ref, title: r.title, state: r.state }));
}

// ---- writing ----

interface Links {
  addressees?: string[];
  bottlenecks?: string[];
  dialogues?: string[];
  lessons?: string[];
}

async function resolveLinks(db: QueryBuilder, input: Partial<RecommendationCreate>): Promise<Links> {
  const errors: FieldError[] = [];
  const links: Links = {};
  if (input.addressees) {
    const known = await institutionRefs(db, input.addressees);
    input.addressees.forEach((id, i) => {
      if (!known.has(id)) errors.push({ path: `body/addressees/${i}`, code: 'unknown-institution', message: 'is not a known institution' });
    });
    links.addressees = input.addressees;
  }
  if (input.bottlenecks) {
    try {
      // An id and a reference may name the same bottleneck: it is linked once.
      links.bottlenecks = [...new Set(await resolveBottleneckIds(db, input.bottlenecks, 'body/bottlenecks'))];
    } catch (error) {
      if (error instanceof HttpProblem && error.extra.errors) errors.push(...error.extra.errors);
      else throw error;
    }
  }
  if (input.dialogues) {
    const found = await Promise.all(input.dialogues.map((value) => findDialogue(db, value)));
    found.forEach((row, i) => {
      if (!row) errors.push({ path: `body/dialogues/${i}`, code: 'unknown-dialogue', message: 'is not a known dialogue' });
    });
    links.dialogues = [...new Set(found.flatMap((row) => (row ? [row.id] : [])))];
  }
  if (input.lessons) links.lessons = await resolveLessonIds(db, input.lessons, 'body/lessons', errors);
  if (errors.length) throw problems.badRequest('Some references were not accepted.', errors);
  return links;
}

export async function createRecommendation(db: QueryBuilder, editor: AuthUser, input: RecommendationCreate) {
  const links = await resolveLinks(db, input);
  return db.transaction().execute(async (trx) => {
    const created = await repo.insertRecommendation(trx, {
      ref: await nextRef(trx, 'RC'),
      title: JSON.stringify(input.title),
      rationale: JSON.stringify(input.rationale),
      change_kind: input.changeKind,
      priority: input.priority,
      effort: input.effort,
      created_by: editor.id,
    });
    await repo.replaceLinks(trx, created.id, links);
    await repo.insertEvent(trx, { recommendationId: created.id, from: null, to: 'proposed', note: null, actorId: editor.id });
    await recordAudit(trx, { actorId: editor.id, action: 'recommendation.created', entityType: 'recommendation', entityId: created.id, details: { ref: created.ref } });
    return created;
  });
}

/** How many actions of the joint plan answer a recommendation: the actions feature's, handed in at registration (it builds on this one). */
export type ActionsAnswering = (db: QueryBuilder, recommendationId: string) => Promise<number>;

export async function updateRecommendation(db: QueryBuilder, editor: AuthUser, row: repo.RecommendationRow, patch: RecommendationPatch, actionsAnswering: ActionsAnswering) {
  const moving = patch.state && patch.state !== row.state;
  if (moving && !RECOMMENDATION_TRANSITIONS[row.state].includes(patch.state!)) {
    throw problems.conflict('invalid-transition', `A recommendation that is ${row.state} cannot become ${patch.state}.`, { from: row.state, to: patch.state! });
  }
  if (moving && patch.state === 'rejected' && !patch.note) {
    throw problems.badRequest('Give the reasons for rejecting.', [{ path: 'body/note', code: 'required', message: 'is required to reject' }]);
  }
  const links = await resolveLinks(db, patch);
  await db.transaction().execute(async (trx) => {
    // The state is checked again on the locked row: two editors moving it at once cannot both pass.
    const locked = await trx.selectFrom('recommendations').select('state').where('id', '=', row.id).forUpdate().executeTakeFirstOrThrow();
    if (moving && locked.state !== row.state) throw problems.conflict('changed', 'The recommendation changed state meanwhile; reload and try again.');
    // A recommendation in the action plan points at the actions that carry it out.
    if (moving && patch.state === 'in_action_plan' && (await actionsAnswering(trx, row.id)) === 0) {
      throw problems.conflict('no-action-yet', 'Link an action of the joint plan to this recommendation before moving it into the action plan.');
    }
    await repo.updateRecommendation(trx, row.id, {
      ...(patch.title ? { title: JSON.stringify(patch.title) } : {}),
      ...(patch.rationale ? { rationale: JSON.stringify(patch.rationale) } : {}),
      ...(patch.changeKind ? { change_kind: patch.changeKind } : {}),
      ...(patch.priority ? { priority: patch.priority } : {}),
      ...(patch.effort ? { effort: patch.effort } : {}),
      ...(moving ? { state: patch.state, ...(patch.state === 'rejected' ? { rejection_reason: patch.note } : {}) } : {}),
    });
    await repo.replaceLinks(trx, row.id, links);
    if (moving) await repo.insertEvent(trx, { recommendationId: row.id, from: row.state, to: patch.state!, note: patch.note ?? null, actorId: editor.id });
    await recordAudit(trx, { actorId: editor.id, action: 'recommendation.updated', entityType: 'recommendation', entityId: row.id, details: { fields: Object.keys(patch), ...(moving ? { from: row.state, to: patch.state } : {}) } });
  });
}

/**
 * An addressed institution's public, dated response. Its service owners answer for it; editors
 * may record a response an institution sent by letter. Editors are told when one arrives.
 */
export async function respond(db: QueryBuilder, user: AuthUser, row: repo.RecommendationRow, input: ResponseCreate, publicUrl: string) {
  const addressed = (await repo.addresseesOf(db, [row.id])).map((a) => a.institution_id);
  if (!addressed.includes(input.institutionId)) {
    throw problems.badRequest('This recommendation is not addressed to that institution.', [{ path: 'body/institutionId', code: 'not-addressee', message: 'is not an addressee of this recommendation' }]);
  }
  const speaksFor = user.role === 'service_owner' ? user.institutionId === input.institutionId : isEditor(user);
  if (!speaksFor) throw new HttpProblem(403, 'not-your-institution', 'Not your institution', 'You can respond only for the institution your account belongs to.');
  const institution = (await institutionRefs(db, [input.institutionId])).get(input.institutionId)!;
  return db.transaction().execute(async (trx) => {
    // One response per institution, checked under the recommendation's row lock: a later word edits it.
    await trx.selectFrom('recommendations').select('id').where('id', '=', row.id).forUpdate().execute();
    if ((await repo.listResponses(trx, row.id)).some((r) => r.institution_id === input.institutionId)) {
      throw problems.conflict('already-responded', 'This institution has responded to the recommendation: edit that response instead.');
    }
    const created = await repo.insertResponse(trx, { recommendationId: row.id, institutionId: input.institutionId, body: JSON.stringify({ [input.language]: input.body.trim() }), authorId: user.id });
    await repo.updateRecommendation(trx, row.id, {});
    const editors = await trx.selectFrom('users').select(['email', 'locale']).where('role', 'in', ['editor', 'admin']).where('disabled_at', 'is', null).execute();
    await enqueue(
      trx,
      'response',
      editors.map((e) => ({ email: e.email, language: (isUiLanguage(e.locale) ? e.locale : 'en') as Language })),
      (language) => ({ ref: row.ref, title: pickLocalized(row.title, language)?.text ?? row.ref, url: `${publicUrl}/recommendations/${row.ref}`, institution: pickLocalized(institution.name, language)?.text ?? '' }),
    );
    await recordAudit(trx, { actorId: user.id, action: 'recommendation.responded', entityType: 'recommendation', entityId: row.id, details: { institutionId: input.institutionId, responseId: created.id } });
    return created;
  });
}

/**
 * A new version of a response, by a service owner of the institution that gave it (or an editor,
 * who records responses sent by letter). The version it replaces is kept and shown.
 */
export async function editResponse(db: QueryBuilder, user: AuthUser, row: repo.RecommendationRow, responseId: string, input: ResponseEdit): Promise<RecommendationResponse> {
  const existing = await repo.findResponse(db, responseId);
  if (!existing || existing.recommendation_id !== row.id) throw problems.notFound('response');
  const speaksFor = user.role === 'service_owner' ? user.institutionId === existing.institution_id : isEditor(user);
  if (!speaksFor) throw new HttpProblem(403, 'not-your-institution', 'Not your institution', 'You can edit only the response of the institution your account belongs to.');
  const updated = await db.transaction().execute(async (trx) => {
    const next = await repo.reviseResponse(trx, responseId, { body: JSON.stringify({ [input.language]: input.body.trim() }), authorId: user.id });
    await repo.updateRecommendation(trx, row.id, {});
    await recordAudit(trx, { actorId: user.id, action: 'recommendation.response-edited', entityType: 'recommendation', entityId: row.id, details: { institutionId: existing.institution_id, responseId } });
    return next;
  });
  const institution = (await institutionRefs(db, [existing.institution_id])).get(existing.institution_id)!;
  return responseJson(updated, institution, await repo.listResponseRevisions(db, [responseId]));
}
