import type { Kysely } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import { DIALOGUE_BOUNDS, DIALOGUE_TRANSITIONS, dialogueTimeErrors, type DialogueState } from '../../../shared/dialogues.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { PUBLIC_STATUSES } from '../../../shared/register.ts';
import { isEditorRole, isStaffRole } from '../../../shared/roles.ts';
import type { DialogueCreate, DialogueDetail, DialogueListItem, DialoguePatch, DialogueQuery, GuideCreate, InterviewRecord } from '../../../shared/schemas/dialogues.ts';
import type { InstitutionRef } from '../../../shared/schemas/institutions.ts';
import { HttpProblem, problems, type FieldError } from '../../plugins/problems.ts';
import { unsafeMarkup, renderMarkdown } from '../../lib/markdown.ts';
import { nextRef } from '../../lib/refs.ts';
import { registerPersonalDataSection, type AuthUser } from '../accounts/accounts.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { attachmentJson, listAttachments } from '../attachments/attachments.service.ts';
import { onMerge, resolveBottleneckIds } from '../bottlenecks/bottlenecks.service.ts';
import { institutionRefs } from '../institutions/institutions.service.ts';
import { matchesOf } from '../../lib/search/matches.ts';
import * as repo from './dialogues.repository.ts';
import { zonedToIso } from '../../../shared/zoned.ts';
import { calendar } from './dialogues.ics.ts';
import { formatWhen } from './when.ts';
import { enqueue } from '../notifications/notifications.service.ts';
import { isUiLanguage, type Language } from '../../../shared/languages.ts';
import { pickLocalized } from '../../../shared/localized.ts';


onMerge((trx, fromId, toId) => repo.moveBottleneckLinks(trx, fromId, toId));

registerPersonalDataSection('dialogueComments', (db, userId) =>
  db.selectFrom('dialogue_comments as c').innerJoin('dialogues as d', 'd.id', 'c.dialogue_id').select(['d.ref', 'c.body', 'c.created_at']).where('c.author_id', '=', userId).orderBy('c.created_at').execute(),
);

const isEditor = (user: AuthUser | null) => Boolean(user && isEditorRole(user.role));

/** Internal dialogues: staff see all; a service owner those of their institution. */
export function internalAccess(user: AuthUser | null): repo.InternalAccess {
  if (user && isStaffRole(user.role)) return { all: true };
  if (user?.role === 'service_owner' && user.institutionId) return { institutionId: user.institutionId };
  return null;
}


function toListItem(row: repo.DialogueRow & { bottleneck_count: number }, organisers: Map<string, InstitutionRef>): DialogueListItem {
  return {
    id: row.id,
    ref: row.ref,
    type: row.type,
    title: row.title,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    timeZone: row.time_zone,
    place: row.place,
    online: Boolean(row.online_url),
    organiser: organisers.get(row.organiser_id) as InstitutionRef,
    domains: row.domains,
    state: row.state,
    visibility: row.visibility,
    language: row.language,
    bottleneckCount: row.bottleneck_count,
    isDemo: row.is_demo,
  };
}

/** A calendar day (YYYY-MM-DD) as the instant it starts in Helsinki and Tallinn. */
const dayStart = (day: string) => new Date(zonedToIso(`${day}T00:00`, 'Europe/Helsinki'));
/** The instant the day after starts: a local day is 23 or 25 hours long when the clocks change. */
const nextDayStart = (day: string) => dayStart(new Date(Date.parse(`${day}T00:00:00Z`) + 24 * 3_600_000).toISOString().slice(0, 10));

export async function listDialogues(db: QueryBuilder, user: AuthUser | null, query: DialogueQuery) {
  const limit = query.limit ?? 20;
  const offset = query.offset ?? 0;
  const { rows, total, search } = await repo.listDialogues(db, {
    q: query.q?.trim() || undefined,
    sort: query.sort,
    type: query.type,
    from: query.from ? dayStart(query.from) : undefined,
    to: query.to ? nextDayStart(query.to) : undefined,
    domain: query.domain,
    state: query.state,
    institution: query.institution,
    access: internalAccess(user),
    limit,
    offset,
  });
  const organisers = await institutionRefs(db, rows.map((r) => r.organiser_id));
  const items = rows.map((row) => toListItem(row, organisers));
  if (!search) return { items, total, limit, offset };
  // Where each found dialogue matched, in its texts as the list shows them.
  const matches = matchesOf(
    search.result,
    items.map((item) => ({
      id: item.id,
      texts: [...Object.entries(item.title).map(([lang, text]) => ({ field: 'title', lang, text: text! })), { field: 'ref', lang: null, text: item.ref }, ...(item.place ? [{ field: 'place', lang: null, text: item.place }] : [])],
    })),
  );
  return { items, total, limit, offset, matches, ...(search.didYouMean ? { didYouMean: search.didYouMean } : {}) };
}

/** The dialogue a caller may see, or 404 (an internal one is not admitted to exist). */
export async function findVisible(db: QueryBuilder, user: AuthUser | null, idOrRef: string) {
  const row = await repo.findDialogue(db, idOrRef);
  if (!row) throw problems.notFound('dialogue');
  if (row.visibility === 'internal') {
    const access = internalAccess(user);
    const allowed = access && ('all' in access || (await repo.isInvolved(db, row.id, access.institutionId)));
    if (!allowed) throw problems.notFound('dialogue');
  }
  return row;
}

/**
 * Minutes, and everything that comes out of a dialogue with them (outcomes, an interview's answers
 * and findings, the minutes PDF), are public once the minutes are published; before that, only the
 * editors who write them see the draft.
 */
export function minutesVisible(row: Pick<repo.DialogueRow, 'state'>, user: AuthUser | null) {
  return row.state === 'minutes_published' || isEditor(user);
}

async function mayComment(db: QueryBuilder, user: AuthUser | null, dialogueId: string) {
  if (!user) return false;
  if (isStaffRole(user.role)) return true;
  return user.role === 'service_owner' && Boolean(user.institutionId) && (await repo.isInvolved(db, dialogueId, user.institutionId!));
}

export async function getDialogue(db: QueryBuilder, user: AuthUser | null, row: repo.DialogueRow & { bottleneck_count: number }, recommendations: DialogueDetail['recommendations']): Promise<DialogueDetail> {
  const editor = isEditor(user);
  const seeAllBottlenecks = Boolean(user && isStaffRole(user.role));
  const [participants, agenda, bottlenecks, comments, answers, findings, guide, canComment, attachments] = await Promise.all([
    repo.listParticipants(db, row.id),
    repo.listAgenda(db, row.id),
    repo.listLinkedBottlenecks(db, row.id, seeAllBottlenecks ? 'all' : PUBLIC_STATUSES),
    repo.listComments(db, row.id),
    repo.listAnswers(db, row.id),
    repo.listFindings(db, row.id),
    row.guide_id ? repo.findGuide(db, row.guide_id) : Promise.resolve(undefined),
    mayComment(db, user, row.id),
    listAttachments(db, repo.filesOf(row.id)),
  ]);
  const linked = await repo.findBottleneckSummaries(db, [...new Set([...agenda, ...findings].map((item) => item.bottleneck_id).filter((id): id is string => Boolean(id)))]);
  const visibleBottleneck = (id: string | null) => {
    const found = id ? linked.find((b) => b.id === id) : undefined;
    return found && (seeAllBottlenecks || (PUBLIC_STATUSES as readonly string[]).includes(found.status)) ? { id: found.id, ref: found.ref, title: found.title, status: found.status } : null;
  };
  const refs = await institutionRefs(db, [row.organiser_id, ...participants.map((p) => p.institution_id), ...comments.map((c) => c.institution_id)].filter((id): id is string => Boolean(id)));
  const showMinutes = minutesVisible(row, user);
  return {
    ...toListItem(row, refs),
    description: row.description,
    onlineUrl: row.online_url,
    agenda: agenda.map((item) => ({ position: item.position, title: item.title, bottleneck: visibleBottleneck(item.bottleneck_id) })),
    participants: participants.map((p) => ({
      id: p.id,
      institution: p.institution_id ? (refs.get(p.institution_id) ?? null) : null,
      name: p.consent_to_be_named || editor ? p.name : null,
      role: p.role,
      consentToBeNamed: p.consent_to_be_named,
      ...(editor ? { email: p.email } : {}),
    })),
    minutes: showMinutes ? row.minutes : null,
    // Shown under the page's h2 "Minutes": the minutes' own headings start at h3.
    minutesHtml: showMinutes && row.minutes ? renderMarkdown(row.minutes, { topLevel: 3 }) : null,
    // Outcomes are part of the record: held back with the minutes until they are published.
    outcomes: showMinutes ? row.outcomes : [],
    bottlenecks: bottlenecks.map((b) => ({ id: b.id, ref: b.ref, title: b.title, status: b.status })),
    recommendations,
    guide: guide ? { id: guide.id, title: guide.title } : null,
    // An interview's record goes public with its minutes, like the minutes themselves.
    answers: showMinutes ? answers.map((a) => ({ questionId: a.question_id, position: a.position, question: a.text, answer: a.answer })) : [],
    findings: showMinutes ? findings.map((f) => ({ id: f.id, text: f.text, code: f.code, domain: f.domain, bottleneck: visibleBottleneck(f.bottleneck_id) })) : [],
    comments: canComment
      ? comments.map((c) => ({ id: c.id, body: c.body, authorName: c.display_name, institution: c.institution_id ? (refs.get(c.institution_id) ?? null) : null, createdAt: c.created_at.toISOString() }))
      : [],
    attachments: attachments.map((a) => attachmentJson(a, `/api/dialogues/${row.ref}/attachments`)),
    calendarUrl: `/api/dialogues/${row.ref}.ics`,
    minutesPdfUrl: showMinutes && row.minutes ? `/api/dialogues/${row.ref}/minutes.pdf` : null,
    viewer: { canManage: editor, canComment },
  };
}

// ---- writing ----

interface Resolved {
  bottleneckIds?: string[];
  agenda?: { title: string; bottleneckId: string | null }[];
  participants?: repo.ParticipantValues[];
}

/** Checks every reference in the input and turns names into ids; all errors at once, as field errors. */
async function resolveReferences(db: QueryBuilder, input: DialoguePatch): Promise<Resolved> {
  const errors: FieldError[] = [];
  const collect = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof HttpProblem && error.extra.errors) errors.push(...error.extra.errors);
      else throw error;
      return undefined;
    }
  };
  const resolved: Resolved = {};
  const institutionIds = [...(input.organiserId ? [input.organiserId] : []), ...(input.participants ?? []).flatMap((p) => (p.institutionId ? [p.institutionId] : []))];
  const known = await institutionRefs(db, institutionIds);
  if (input.organiserId && !known.has(input.organiserId)) errors.push({ path: 'body/organiserId', code: 'unknown-institution', message: 'is not a known institution' });
  (input.participants ?? []).forEach((p, i) => {
    if (p.institutionId && !known.has(p.institutionId)) errors.push({ path: `body/participants/${i}/institutionId`, code: 'unknown-institution', message: 'is not a known institution' });
    if (!p.institutionId && !p.name && !p.role) errors.push({ path: `body/participants/${i}`, code: 'participant-unnamed', message: 'needs an institution, a name or a role' });
  });
  if (input.bottlenecks) {
    const ids = await collect(() => resolveBottleneckIds(db, input.bottlenecks!, 'body/bottlenecks'));
    // An id and a reference may name the same bottleneck: it is on the agenda once.
    resolved.bottleneckIds = ids && [...new Set(ids)];
  }
  if (input.agenda) {
    const named = input.agenda.map((item, i) => ({ item, i })).filter(({ item }) => item.bottleneck);
    const ids = await Promise.all(named.map(({ item, i }) => collect(() => resolveBottleneckIds(db, [item.bottleneck!], `body/agenda/${i}/bottleneck=`))));
    const byIndex = new Map(named.map(({ i }, n) => [i, ids[n]?.[0] ?? null]));
    resolved.agenda = input.agenda.map((item, i) => ({ title: item.title.trim(), bottleneckId: byIndex.get(i) ?? null }));
  }
  if (input.participants) {
    resolved.participants = input.participants.map((p) => ({ institutionId: p.institutionId ?? null, name: p.name?.trim() ?? null, role: p.role?.trim() ?? null, email: p.email ?? null, consentToBeNamed: p.consentToBeNamed }));
  }
  if (input.guideId && !(await repo.findGuide(db, input.guideId))) errors.push({ path: 'body/guideId', code: 'unknown-guide', message: 'is not a known interview guide' });
  if (input.minutes !== undefined) {
    const unsafe = unsafeMarkup(input.minutes);
    if (unsafe) errors.push({ path: 'body/minutes', code: 'unsafe-markup', message: `${unsafe}; write Markdown without scripts` });
  }
  if (errors.length) throw problems.badRequest('Some references or texts were not accepted.', errors);
  return resolved;
}

/** A dialogue lasts 15 minutes to 14 days and starts between 2000 and five years from now (`DIALOGUE_BOUNDS`). */
function checkTimes(startsAt: Date, endsAt: Date) {
  const errors = dialogueTimeErrors(startsAt, endsAt, new Date());
  if (errors.length) throw problems.badRequest(`A dialogue lasts ${DIALOGUE_BOUNDS.minMinutes} minutes to ${DIALOGUE_BOUNDS.maxDays} days, and starts in ${DIALOGUE_BOUNDS.earliestYear} or later and at most ${DIALOGUE_BOUNDS.maxYearsAhead} years from now.`, errors);
}

async function writeLinks(trx: QueryBuilder, dialogueId: string, resolved: Resolved) {
  if (resolved.bottleneckIds) await repo.replaceBottlenecks(trx, dialogueId, resolved.bottleneckIds);
  if (resolved.agenda) await repo.replaceAgenda(trx, dialogueId, resolved.agenda);
  if (resolved.participants) await repo.replaceParticipants(trx, dialogueId, resolved.participants);
}

export async function createDialogue(db: QueryBuilder, editor: AuthUser, input: DialogueCreate) {
  checkTimes(new Date(input.startsAt), new Date(input.endsAt));
  const resolved = await resolveReferences(db, input);
  return db.transaction().execute(async (trx) => {
    const created = await repo.insertDialogue(trx, {
      ref: await nextRef(trx, 'DL'),
      type: input.type,
      title: JSON.stringify(input.title),
      description: input.description ? JSON.stringify(input.description) : null,
      starts_at: new Date(input.startsAt),
      ends_at: new Date(input.endsAt),
      time_zone: input.timeZone ?? 'Europe/Helsinki',
      place: input.place?.trim() || null,
      online_url: input.onlineUrl ?? null,
      organiser_id: input.organiserId,
      domains: input.domains,
      language: input.language,
      visibility: input.visibility,
      guide_id: input.guideId ?? null,
      created_by: editor.id,
    });
    await writeLinks(trx, created.id, resolved);
    await recordAudit(trx, { actorId: editor.id, action: 'dialogue.created', entityType: 'dialogue', entityId: created.id, details: { ref: created.ref } });
    return created;
  });
}

/** Fields whose change a calendar must pick up (iCalendar SEQUENCE grows). */
const SCHEDULING_FIELDS = ['startsAt', 'endsAt', 'timeZone', 'place', 'onlineUrl', 'title'] as const;

export async function updateDialogue(db: QueryBuilder, editor: AuthUser, row: repo.DialogueRow, patch: DialoguePatch) {
  const startsAt = patch.startsAt ? new Date(patch.startsAt) : row.starts_at;
  const endsAt = patch.endsAt ? new Date(patch.endsAt) : row.ends_at;
  // Checked when the times move: the form sends them with every edit, and minutes written for a
  // dialogue stored before the bounds must still be taken.
  if (startsAt.getTime() !== row.starts_at.getTime() || endsAt.getTime() !== row.ends_at.getTime()) checkTimes(startsAt, endsAt);
  if (patch.state && patch.state !== row.state && !DIALOGUE_TRANSITIONS[row.state].includes(patch.state)) {
    throw problems.conflict('invalid-transition', `A dialogue that is ${row.state} cannot become ${patch.state}.`, { from: row.state, to: patch.state });
  }
  // A dialogue is held once it has begun: marking it held before then would be a slip.
  if (patch.state === 'held' && row.state !== 'held' && startsAt.getTime() > Date.now()) {
    throw problems.conflict('not-started', `The dialogue starts at ${startsAt.toISOString()}; it can be marked as held once it has begun.`);
  }
  const resolved = await resolveReferences(db, patch);
  const minutes = patch.minutes !== undefined ? patch.minutes : row.minutes;
  if (patch.state === 'minutes_published' && !minutes?.trim()) {
    throw problems.badRequest('Write the minutes before publishing them.', [{ path: 'body/minutes', code: 'required', message: 'is empty' }]);
  }
  const current: Record<(typeof SCHEDULING_FIELDS)[number], unknown> = {
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    timeZone: row.time_zone,
    place: row.place ?? '',
    onlineUrl: row.online_url ?? '',
    title: JSON.stringify(row.title),
  };
  const changed = (field: (typeof SCHEDULING_FIELDS)[number]) => {
    const value = patch[field];
    if (value === undefined) return false;
    const next = field === 'title' ? JSON.stringify(value) : field === 'startsAt' || field === 'endsAt' ? new Date(value as string).toISOString() : (value ?? '');
    return next !== current[field];
  };
  const rescheduled = SCHEDULING_FIELDS.some(changed) || (patch.state === 'cancelled' && row.state !== 'cancelled');
  await db.transaction().execute(async (trx) => {
    // The state is checked again on the locked row: two editors moving it at once cannot both pass.
    const locked = await trx.selectFrom('dialogues').select('state').where('id', '=', row.id).forUpdate().executeTakeFirstOrThrow();
    if (patch.state && patch.state !== locked.state && !DIALOGUE_TRANSITIONS[locked.state].includes(patch.state)) {
      throw problems.conflict('invalid-transition', `A dialogue that is ${locked.state} cannot become ${patch.state}.`, { from: locked.state, to: patch.state });
    }
    await repo.updateDialogue(trx, row.id, {
      ...(patch.type ? { type: patch.type } : {}),
      ...(patch.title ? { title: JSON.stringify(patch.title) } : {}),
      ...(patch.description !== undefined ? { description: patch.description ? JSON.stringify(patch.description) : null } : {}),
      starts_at: startsAt,
      ends_at: endsAt,
      ...(patch.timeZone ? { time_zone: patch.timeZone } : {}),
      ...(patch.place !== undefined ? { place: patch.place?.trim() || null } : {}),
      ...(patch.onlineUrl !== undefined ? { online_url: patch.onlineUrl } : {}),
      ...(patch.organiserId ? { organiser_id: patch.organiserId } : {}),
      ...(patch.domains ? { domains: patch.domains } : {}),
      ...(patch.language ? { language: patch.language } : {}),
      ...(patch.visibility ? { visibility: patch.visibility } : {}),
      ...(patch.guideId ? { guide_id: patch.guideId } : {}),
      ...(patch.state ? { state: patch.state } : {}),
      ...(patch.minutes !== undefined ? { minutes: patch.minutes } : {}),
      ...(patch.outcomes ? { outcomes: patch.outcomes.map((o) => o.trim()) } : {}),
    }, rescheduled);
    await writeLinks(trx, row.id, resolved);
    await recordAudit(trx, { actorId: editor.id, action: 'dialogue.updated', entityType: 'dialogue', entityId: row.id, details: { fields: Object.keys(patch), ...(patch.state ? { from: row.state, to: patch.state } : {}) } });
  });
}

export async function addComment(db: QueryBuilder, user: AuthUser, row: repo.DialogueRow, body: string) {
  const created = await repo.insertComment(db, { dialogueId: row.id, authorId: user.id, institutionId: user.role === 'service_owner' ? (user.institutionId ?? null) : null, body: body.trim() });
  await recordAudit(db, { actorId: user.id, action: 'dialogue.commented', entityType: 'dialogue', entityId: row.id, details: { commentId: created.id } });
  return created;
}

// ---- interview guides and records ----

/** Guides with how many interviews used them: only the interviews the caller may see are counted. */
export async function listGuides(db: QueryBuilder, user: AuthUser | null) {
  const guides = await repo.listGuides(db, internalAccess(user));
  const questions = await repo.listQuestions(db, guides.map((g) => g.id));
  return {
    items: guides.map((g) => ({
      id: g.id,
      title: g.title,
      interviewCount: g.interview_count,
      questions: questions.filter((q) => q.guide_id === g.id).map((q) => ({ id: q.id, position: q.position, text: q.text })),
    })),
  };
}

export async function createGuide(db: QueryBuilder, editor: AuthUser, input: GuideCreate) {
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertGuide(trx, { title: JSON.stringify(input.title), createdBy: editor.id, questions: input.questions.map((q) => JSON.stringify(q)) });
    await recordAudit(trx, { actorId: editor.id, action: 'interview_guide.created', entityType: 'interview_guide', entityId: id, details: { questions: input.questions.length } });
    return id;
  });
}

export async function recordInterview(db: QueryBuilder, editor: AuthUser, row: repo.DialogueRow, record: InterviewRecord) {
  if (row.type !== 'interview' || !row.guide_id) throw problems.conflict('not-an-interview', 'Answers are recorded for interviews that follow a guide; set the guide first.');
  const questions = await repo.listQuestions(db, [row.guide_id]);
  const answered = new Set<string>();
  const errors = record.answers.flatMap<FieldError>((a, i) => {
    if (!questions.some((q) => q.id === a.questionId)) return [{ path: `body/answers/${i}/questionId`, code: 'not-guide-question', message: "is not a question of this interview's guide" }];
    if (answered.has(a.questionId)) return [{ path: `body/answers/${i}/questionId`, code: 'answered-twice', message: 'is answered twice' }];
    answered.add(a.questionId);
    return [];
  });
  const findingIds = await Promise.all(
    record.findings.map(async (f, i) => {
      if (!f.bottleneck) return null;
      try {
        return (await resolveBottleneckIds(db, [f.bottleneck], `body/findings/${i}/bottleneck=`))[0];
      } catch (error) {
        if (error instanceof HttpProblem && error.extra.errors) errors.push(...error.extra.errors);
        else throw error;
        return null;
      }
    }),
  );
  if (errors.length) throw problems.badRequest('Some answers or findings were not accepted.', errors);
  await db.transaction().execute(async (trx) => {
    await repo.replaceInterviewRecord(
      trx,
      row.id,
      record.answers,
      record.findings.map((f, i) => ({ text: f.text.trim(), code: f.code, domain: f.domain ?? null, bottleneckId: findingIds[i] })),
    );
    await recordAudit(trx, { actorId: editor.id, action: 'dialogue.interview_recorded', entityType: 'dialogue', entityId: row.id, details: { answers: record.answers.length, findings: record.findings.length } });
  });
}


/**
 * Invites every participant with an e-mail address who has not been invited yet (or everyone,
 * when the dialogue was rescheduled since): a message in the dialogue's language, with the
 * calendar event attached, through the outbox.
 */
/** The address in `Name <address>`, or the whole text when it has no angle brackets. */
function addressIn(mailbox: string): string {
  const open = mailbox.indexOf('<');
  const close = mailbox.indexOf('>', open + 1);
  return open >= 0 && close > open + 1 ? mailbox.slice(open + 1, close) : mailbox;
}

export async function sendInvitations(db: QueryBuilder, editor: AuthUser, row: repo.DialogueRow, links: { publicUrl: string; mailFrom: string }, everyone = false) {
  if (row.state !== 'planned') throw problems.conflict('not-planned', 'Invitations go out for planned dialogues only.');
  const participants = (await repo.listParticipants(db, row.id)).filter((p) => p.email && (everyone || !p.invited_at));
  const organiser = (await institutionRefs(db, [row.organiser_id])).get(row.organiser_id)!;
  const language: Language = isUiLanguage(row.language) ? row.language : 'en';
  const organizerEmail = addressIn(links.mailFrom);
  await db.transaction().execute(async (trx) => {
    await enqueue(
      trx,
      'invitation',
      participants.map((p) => ({ email: p.email!, language })),
      (lang) => ({
        ref: row.ref,
        title: pickLocalized(row.title, lang)?.text ?? row.ref,
        url: `${links.publicUrl}/dialogues/${row.ref}`,
        institution: pickLocalized(organiser.name, lang)?.text ?? '',
        when: formatWhen(row.starts_at, row.ends_at, row.time_zone, lang),
        place: [row.place, row.online_url].filter(Boolean).join(' · ') || undefined,
      }),
      // Each invitation names its own recipient only: participants never see each other's addresses.
      (recipient) =>
        calendar([row], {
          language: recipient.language,
          publicUrl: links.publicUrl,
          invitation: { organizerEmail, organizerName: pickLocalized(organiser.name, recipient.language)?.text ?? 'Talsinki', attendees: [{ email: recipient.email, name: null }] },
        }),
    );
    await repo.markInvited(trx, participants.map((p) => p.id));
    await recordAudit(trx, { actorId: editor.id, action: 'dialogue.invited', entityType: 'dialogue', entityId: row.id, details: { invited: participants.length } });
  });
  return { invited: participants.length };
}


export type { DialogueState };
