import type { Kysely } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import { isEditorRole, isStaffRole } from '../../../shared/roles.ts';
import { ASSESSMENT_MONTHS, CLOSED_STATUSES, END_STATUSES, OPEN_STATUSES, PUBLIC_STATUSES, TRANSITIONS, type Domain, type Status } from '../../../shared/register.ts';
import type {
  Answer,
  AnswerCreate,
  AnswerEdit,
  BottleneckCreate,
  BottleneckDetail,
  BottleneckListItem,
  BottleneckPatch,
  BottleneckQuery,
  DeskBottlenecks,
  ReportState,
  ReportStatus,
} from '../../../shared/schemas/bottlenecks.ts';
import { SUMMARY_MAX } from '../../../shared/schemas/bottlenecks.ts';
import type { InstitutionRef } from '../../../shared/schemas/institutions.ts';
import { HttpProblem, problems } from '../../plugins/problems.ts';
import { randomBytes } from 'node:crypto';
import { registerPersonalDataSection, sha256, type AuthUser } from '../accounts/accounts.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { attachmentJson, listAttachments, moveAttachments } from '../attachments/attachments.service.ts';
import { institutionRefs, requireInstitution } from '../institutions/institutions.service.ts';
import * as repo from './bottlenecks.repository.ts';
import { isCurrent, registerIndex, type Found } from './bottlenecks.search.ts';
import { conceptsAt, searchConcepts } from '../glossary/glossary.service.ts';
import { matchesOf } from '../../lib/search/matches.ts';
import { pathTo, suggestionFor, timelineEntries, visibleItems, type LinkedItem, type LinkedItemsOf } from './linked.ts';
import { enqueue, type Recipient } from '../notifications/notifications.service.ts';
import { STATUS_NAMES } from '../notifications/messages.ts';
import { isUiLanguage, type ContentLanguage, type Language } from '../../../shared/languages.ts';
import { pickLocalized, type LocalizedTextValue } from '../../../shared/localized.ts';

/** Where links in e-mail point. */
export interface Links {
  publicUrl: string;
}
const DEFAULT_LINKS: Links = { publicUrl: 'http://localhost:8080' };

const uiLanguage = (value: string | null | undefined): Language => (isUiLanguage(value) ? value : 'en');

/** Tells followers (and a confirmed reporter) of a change, in the same transaction as the change. */
async function notify(db: QueryBuilder, row: { id: string; ref: string; title: LocalizedTextValue }, actorId: string | null, links: Links, kind: 'status' | 'answer', extra: { status?: Status; note?: string | null; institution?: LocalizedTextValue }) {
  const { followers, reporter } = await repo.notificationRecipients(db, row.id, actorId);
  const recipients: Recipient[] = [...followers.map((f) => ({ email: f.email, language: uiLanguage(f.locale) })), ...(reporter ? [{ email: reporter.email, language: uiLanguage(reporter.language) }] : [])];
  await enqueue(db, kind, recipients, (language) => ({
    ref: row.ref,
    title: pickLocalized(row.title, language)?.text ?? row.ref,
    url: `${links.publicUrl}/bottlenecks/${row.ref}`,
    status: extra.status ? STATUS_NAMES[language][extra.status] : undefined,
    note: extra.note,
    institution: extra.institution ? pickLocalized(extra.institution, language)?.text : undefined,
  }));
}


/** Anonymous reports per address in ten minutes, and a member's reports per hour. */
export const ANONYMOUS_REPORTS_PER_10_MIN = 5;
export const MEMBER_REPORTS_PER_HOUR = 20;

const isStaff = (user: AuthUser | null) => Boolean(user && isStaffRole(user.role));
const canManage = (user: AuthUser | null) => Boolean(user && isEditorRole(user.role));

/** A list item from its row: what `repo.listBottleneckItemsJson` writes in PostgreSQL (a test holds the two equal). */
export function toListItem(row: repo.BottleneckListRow & { overdue: boolean }): BottleneckListItem {
  return {
    id: row.id,
    ref: row.ref,
    title: row.title,
    domain: row.domain,
    status: row.status,
    countries: row.countries,
    topics: row.topics,
    supportCount: row.support_count,
    followerCount: row.follower_count,
    isDemo: row.is_demo,
    createdAt: row.created_at.toISOString(),
    publishedAt: row.published_at?.toISOString() ?? null,
    updatedAt: row.updated_at.toISOString(),
    assessmentDueAt: row.assessment_due_at?.toISOString() ?? null,
    overdue: Boolean(row.overdue),
  };
}

/** Statuses the caller may list: staff see the moderation queue too, the public what is published. */
function visibleStatuses(user: AuthUser | null, wanted: readonly Status[] | undefined, mine: boolean): readonly Status[] {
  const allowed: readonly Status[] = mine || isStaff(user) ? ['submitted', 'rejected', ...PUBLIC_STATUSES] : PUBLIC_STATUSES;
  if (!wanted?.length) return mine ? allowed : PUBLIC_STATUSES;
  return wanted.filter((status) => allowed.includes(status));
}

/** The caller's query as a repository filter: what they asked for, within what they may see. */
export function resolveFilter(user: AuthUser | null, query: BottleneckQuery): repo.ListFilter {
  if (query.mine && !user) throw problems.unauthorized('Log in to see your own reports.');
  return {
    q: query.q?.trim() || undefined,
    domain: query.domain,
    statuses: visibleStatuses(user, query.status, Boolean(query.mine)),
    country: query.country,
    topic: query.topic,
    institution: query.institution,
    overdue: query.overdue,
    reporterId: query.mine ? user!.id : undefined,
    sort: query.sort === 'relevance' && !query.q ? 'newest' : (query.sort ?? 'newest'),
    limit: query.limit ?? 20,
    offset: query.offset ?? 0,
  };
}

/** The filter's search words, when it has words to search (a reference is found by SQL, as it is). */
const wordsOf = (filter: repo.ListFilter): string | null => (filter.q && !repo.refQuery(filter.q) ? filter.q : null);

/** Times a search is evaluated again when the register moved while its page was read. */
const SEARCH_ATTEMPTS = 3;

/**
 * A page of what the words find, from the register's search index, its items read by
 * PostgreSQL in the same statement that says whether the register moved since the index last
 * read it; if it did, the index catches up and the search runs again.
 */
async function searchedPage<T extends 'json' | 'rows'>(db: QueryBuilder, filter: repo.ListFilter, words: string, as: T) {
  const index = registerIndex(db);
  await index.ready(db);
  // The glossary as held: the page's statement says whether it moved since.
  let concepts = await conceptsAt(db, null);
  for (let attempt = 1; ; attempt++) {
    const found = index.find(words, filter, concepts, filter.offset + filter.limit);
    const read = await repo.pageOfIds(db, found.ids.slice(filter.offset, filter.offset + filter.limit), as, filter);
    const current = isCurrent(found, read.version, read.resets);
    if ((current && read.glossary === concepts.version) || attempt === SEARCH_ATTEMPTS) return { found, items: read.rows, total: found.total };
    if (read.glossary !== concepts.version) concepts = await conceptsAt(db, read.glossary);
    if (!current) await index.catchUp(db, read.version, read.resets);
  }
}

/** The filter with the bottlenecks its words find as `ids` (all of them, for an export); unchanged without words. */
export async function withFoundIds(db: QueryBuilder, filter: repo.ListFilter): Promise<repo.ListFilter> {
  const words = wordsOf(filter);
  if (!words) return filter;
  const index = registerIndex(db);
  await index.ready(db);
  await index.catchUp(db, ...(await versionNow(db)));
  return { ...filter, q: undefined, ids: index.find(words, filter, await searchConcepts(db), Infinity).ids };
}

async function versionNow(db: QueryBuilder): Promise<[number, number]> {
  const state = await repo.indexState(db);
  return [state.version, state.resets];
}

/** A page of the register with its rows (the server's own use, and the test that holds JSON and rows equal). */
export async function listBottlenecks(db: QueryBuilder, filter: repo.ListFilter): Promise<{ items: repo.BottleneckListRowWithOverdue[]; total: number }> {
  const words = wordsOf(filter);
  if (!words) return repo.listBottlenecks(db, filter);
  const { items, total } = await searchedPage(db, filter, words, 'rows');
  return { items, total };
}

/** A page of the register, each item the API's JSON text written by PostgreSQL; with words, what they matched too. */
export async function listBottleneckItemsJson(db: QueryBuilder, filter: repo.ListFilter): Promise<{ items: string[]; total: number; found?: Found }> {
  const words = wordsOf(filter);
  if (!words) return repo.listBottleneckItemsJson(db, filter);
  return searchedPage(db, filter, words, 'json');
}

/** Where each item's title (the text a list item shows) holds what its search matched. */
function pageMatches(found: Found | undefined, items: readonly string[]) {
  const page = items.map((text) => {
    const item = JSON.parse(text) as { id: string; title: Record<string, string> };
    return { id: item.id, texts: Object.entries(item.title).map(([lang, title]) => ({ field: 'title', lang, text: title })) };
  });
  return found ? matchesOf({ matchedTerms: (id) => found.matched.get(id) ?? [], via: (id) => found.via.get(id) ?? [] }, page) : page.map(({ id }) => ({ id, highlights: {} }));
}

/**
 * A page of the register as the response body (`BottleneckList`): the items' JSON comes from
 * PostgreSQL (see `listBottleneckItemsJson`). With search words, `matches` (the highlights of
 * each item's title) and, when nothing was found, `didYouMean`, counted among what this caller
 * may see with these filters, so no word of a hidden bottleneck is offered.
 */
export async function listBottlenecksJson(db: QueryBuilder, user: AuthUser | null, query: BottleneckQuery): Promise<string> {
  const filter = resolveFilter(user, query);
  const { items, total, found } = filter.statuses.length ? await listBottleneckItemsJson(db, filter) : { items: [], total: 0, found: undefined };
  let searched = '';
  if (filter.q) {
    searched = `,"matches":${JSON.stringify(pageMatches(found, items))}`;
    const suggestion = total === 0 && found ? found.didYouMean : null;
    if (suggestion) searched += `,"didYouMean":${JSON.stringify(suggestion)}`;
  }
  return `{"items":[${items.join(',')}],"total":${total},"limit":${filter.limit},"offset":${filter.offset}${searched}}`;
}

// ---- intake ----

async function guardFlood(db: QueryBuilder, user: AuthUser | null, ip: string) {
  const now = Date.now();
  if (user) {
    if ((await repo.countRecentReportsBy(db, user.id, new Date(now - 60 * 60 * 1000))) >= MEMBER_REPORTS_PER_HOUR) {
      throw problems.tooMany('You have sent many reports in the last hour; please wait before sending more.', 15 * 60);
    }
    return;
  }
  if ((await repo.countRecentIntake(db, ip, new Date(now - 10 * 60 * 1000))) >= ANONYMOUS_REPORTS_PER_10_MIN) {
    throw problems.tooMany('Too many reports from this address; wait a few minutes, or log in.', 10 * 60);
  }
}

/**
 * How a channel other than the site takes a report in (Open311): its own flood control in place
 * of the per-address or per-account one, and what it keeps beside the report. Both run in the
 * report's transaction, the guard first: a guard that locks what it counts holds the lock until
 * the report is written, so reports at once cannot all take the last place.
 */
export interface IntakeChannel {
  guard?: (trx: QueryBuilder) => Promise<void>;
  within?: (trx: QueryBuilder, created: { id: string; ref: string }) => Promise<void>;
}

export async function reportBottleneck(db: QueryBuilder, user: AuthUser | null, ip: string, input: BottleneckCreate, links: Links = DEFAULT_LINKS, channel: IntakeChannel = {}) {
  if (!channel.guard) await guardFlood(db, user, ip);
  if (input.institutionId) await requireInstitution(db, input.institutionId, 'body/institutionId');
  // Lets the reporter, with or without an account, attach files to this report for an hour.
  const attachmentToken = randomBytes(24).toString('base64url');
  const emailToken = !user && input.reporterEmail ? randomBytes(24).toString('base64url') : null;
  // The reporter's private status link: only its digest is kept, as for sessions and API tokens.
  const statusToken = randomBytes(32).toString('base64url');
  return db.transaction().execute(async (trx) => {
    if (channel.guard) await channel.guard(trx);
    const ref = await repo.nextRef(trx, new Date().getUTCFullYear());
    const created = await repo.insertBottleneck(trx, {
      attachment_token_hash: sha256(attachmentToken),
      status_token_hash: sha256(statusToken),
      reporter_email_token_hash: emailToken ? sha256(emailToken) : null,
      attachment_token_expires_at: new Date(Date.now() + 60 * 60 * 1000),
      ref,
      title: JSON.stringify({ [input.language]: input.title.trim() }),
      description: JSON.stringify({ [input.language]: input.description.trim() }),
      original_language: input.language,
      domain: input.domain,
      topics: input.topics ?? [],
      countries: input.countries,
      reporter_situation: input.situation ?? null,
      institution_id: input.institutionId ?? null,
      service_name: input.serviceName?.trim() ?? null,
      affected_estimate: input.affectedEstimate ?? null,
      evidence_links: input.evidenceLinks ?? [],
      reporter_id: user?.id ?? null,
      reporter_email: user ? null : (input.reporterEmail ?? null),
    });
    await repo.insertEvent(trx, { bottleneckId: created.id, actorId: user?.id ?? null, kind: 'submitted', toStatus: 'submitted' });
    if (!user && !channel.guard) await repo.recordIntake(trx, ip);
    if (channel.within) await channel.within(trx, created);
    // The reporter hears of every change to their report.
    if (user) await repo.addMembership(trx, 'bottleneck_followers', created.id, user.id);
    if (emailToken && input.reporterEmail) {
      const language = uiLanguage(input.language);
      await enqueue(trx, 'verify', [{ email: input.reporterEmail, language }], () => ({
        ref: created.ref,
        title: input.title.trim(),
        url: `${links.publicUrl}/api/bottlenecks/verify-email?ref=${created.ref}&token=${emailToken}`,
        statusUrl: reportStatusUrl(links, statusToken),
      }));
    }
    return { ...created, attachmentToken, statusToken };
  });
}

/**
 * The private status page of a report. The token travels in the fragment, which browsers send
 * to no server and no Referer carries; the page reads it and asks the API.
 */
export const reportStatusUrl = (links: Links, token: string) => `${links.publicUrl}/bottlenecks/status#${token}`;

/**
 * Where a report stands, for whoever holds its status token: its reference, title and state,
 * the reason of a rejection, the report it was merged into. Nothing about the reporter. A token
 * that names no report is a 404, the same as any missing thing.
 */
export async function reportStatus(db: QueryBuilder, token: string): Promise<ReportStatus> {
  const row = await repo.findByStatusToken(db, sha256(token));
  if (!row) throw problems.notFound('report');
  const state: ReportState =
    row.status === 'submitted' ? 'waiting' : row.status === 'rejected' ? 'rejected' : row.status === 'merged' ? 'merged' : 'published';
  return {
    ref: row.ref,
    title: row.title,
    state,
    status: row.status,
    submittedAt: row.created_at.toISOString(),
    reason: state === 'rejected' ? await repo.rejectionNote(db, row.id) : null,
    mergedInto: state === 'merged' ? await mergedTarget(db, row) : null,
  };
}

// ---- reading one ----

/** Published ones to everyone; the rest (a merged one included) to staff and to its reporter. */
export function canSee(row: repo.BottleneckRow, user: AuthUser | null) {
  if ((PUBLIC_STATUSES as readonly string[]).includes(row.status)) return true;
  return isStaff(user) || Boolean(user && row.reporter_id === user.id);
}

/** The bottleneck a caller may see, or 404; a merged one answers with where it went. */
export async function findVisible(db: QueryBuilder, user: AuthUser | null, idOrRef: string) {
  const row = await repo.findBottleneck(db, idOrRef);
  if (!row || (row.status !== 'merged' && !canSee(row, user))) throw problems.notFound('bottleneck');
  return row;
}

export async function mergedTarget(db: QueryBuilder, row: repo.BottleneckRow): Promise<string | null> {
  if (row.status !== 'merged' || !row.merged_into_id) return null;
  // Follow chains of merges to the one that is kept.
  let target = await repo.findBottleneck(db, row.merged_into_id);
  for (let hops = 0; target?.status === 'merged' && target.merged_into_id && hops < 10; hops++) target = await repo.findBottleneck(db, target.merged_into_id);
  return target?.ref ?? null;
}

export async function getBottleneck(db: QueryBuilder, user: AuthUser | null, row: repo.BottleneckRow & { overdue: boolean }, linked: readonly LinkedItem[] = []): Promise<BottleneckDetail> {
  const [events, assignments, answers, viewer, mergedInto, attachments] = await Promise.all([
    repo.listEvents(db, row.id),
    repo.listAssignments(db, row.id),
    repo.listAnswers(db, row.id),
    user ? repo.viewerMemberships(db, row.id, user.id) : Promise.resolve({ supported: false, following: false }),
    row.merged_into_id ? repo.findBottleneck(db, row.merged_into_id) : Promise.resolve(undefined),
    listAttachments(db, repo.filesOf(row.id)),
  ]);
  const institutionIds = [
    ...assignments.map((a) => a.institution_id),
    ...answers.map((a) => a.institution_id),
    ...(row.institution_id ? [row.institution_id] : []),
    ...events.map((e) => (e.details as { institutionId?: string }).institutionId).filter((id): id is string => Boolean(id)),
  ];
  const [refs, revisions] = await Promise.all([institutionRefs(db, institutionIds), repo.listAnswerRevisions(db, answers.map((a) => a.id))]);
  const ref = (id: string) => refs.get(id) as InstitutionRef;
  const shownRefs = new Set(visibleItems(linked, user).map((item) => item.ref));
  const assignedIds = assignments.map((a) => a.institution_id);
  return {
    ...toListItem(row),
    description: row.description,
    originalLanguage: row.original_language,
    situation: row.reporter_situation,
    institution: row.institution_id ? (refs.get(row.institution_id) ?? null) : null,
    serviceName: row.service_name,
    affectedEstimate: row.affected_estimate,
    evidenceLinks: row.evidence_links,
    location:
      row.location_lat !== null || row.address !== null || row.address_id !== null
        ? { lat: row.location_lat, long: row.location_long, address: row.address, addressId: row.address_id }
        : null,
    outcome: row.outcome,
    outcomeNote: row.outcome_note,
    closedAt: row.closed_at?.toISOString() ?? null,
    mergedInto: mergedInto ? { id: mergedInto.id, ref: mergedInto.ref } : null,
    attachments: attachments.map((a) => attachmentJson(a, `/api/bottlenecks/${row.ref}/attachments`)),
    assignments: assignments.map((a) => ({ country: a.country, institution: ref(a.institution_id), assignedAt: a.assigned_at.toISOString() })),
    answers: answers.map((a) => answerJson(a, ref(a.institution_id), assignments.find((x) => x.institution_id === a.institution_id)?.country ?? ref(a.institution_id).country, revisions)),
    timeline: [
      ...events.map((e) => {
        const { institutionId, because } = e.details as { institutionId?: string; because?: { type: 'dialogue' | 'recommendation'; ref: string } };
        return {
          at: e.at.toISOString(),
          kind: e.kind,
          fromStatus: e.from_status,
          toStatus: e.to_status,
          note: e.note,
          actorRole: e.actor_role ?? null,
          institution: institutionId ? (refs.get(institutionId) ?? null) : null,
          // The item a suggested change was applied for, to those who may see it (an internal dialogue's reference stays with staff).
          ...(because && (isStaff(user) || shownRefs.has(because.ref)) ? { link: { type: because.type, ref: because.ref, title: null, state: null } } : {}),
        };
      }),
      ...timelineEntries(visibleItems(linked, user)),
    ].sort((a, b) => a.at.localeCompare(b.at)),
    suggestion: canManage(user) ? suggestionFor(row.status, linked) : null,
    viewer: {
      ...viewer,
      isReporter: Boolean(user && row.reporter_id === user.id),
      canModerate: isStaff(user),
      canManage: canManage(user),
      canAnswerFor: user?.role === 'service_owner' && user.institutionId && assignedIds.includes(user.institutionId) ? [user.institutionId] : [],
    },
  };
}

// ---- changes by moderators and editors ----

function needNote(patch: BottleneckPatch, why: string) {
  if (!patch.note?.trim()) throw problems.badRequest(why, [{ path: 'body/note', code: 'required', message: 'is required for this change' }]);
}

/** Checks a status change against the lifecycle and the role, and returns the columns it sets. */
function transition(row: repo.BottleneckRow, user: AuthUser, patch: BottleneckPatch): Record<string, unknown> {
  const to = patch.status!;
  if (to === row.status) return {};
  if (!TRANSITIONS[row.status].includes(to)) {
    throw new HttpProblem(409, 'invalid-transition', 'Not a possible change of status', `A bottleneck cannot go from ${row.status} to ${to}.`, {
      params: { from: row.status, to },
      allowed: TRANSITIONS[row.status],
    });
  }
  const moderation = row.status === 'submitted';
  if (!moderation && !canManage(user)) throw problems.changeNotPermitted('Only editors move a bottleneck through its lifecycle; moderators publish or reject reports.');
  const changes: Record<string, unknown> = { status: to };
  if (to === 'published') {
    const now = new Date();
    const due = new Date(now);
    due.setUTCMonth(due.getUTCMonth() + ASSESSMENT_MONTHS);
    Object.assign(changes, { published_at: now, assessment_due_at: due });
  }
  if (to === 'rejected') needNote(patch, 'Say why the report is rejected; the reporter sees it.');
  if (to === 'closed_no_obstacle') needNote(patch, 'Say why this is not an obstacle.');
  if (to === 'resolved') {
    if (!patch.outcome || patch.outcome === 'will_not_be_resolved') {
      throw problems.badRequest('A resolved bottleneck needs its outcome: administrative change, legislative change or service improvement.', [
        { path: 'body/outcome', code: 'outcome-required', message: 'is required: administrative_change, legislative_change or service_improvement' },
      ]);
    }
  }
  if (to === 'written_off') {
    if (patch.outcome && patch.outcome !== 'will_not_be_resolved') throw problems.badRequest('A written-off bottleneck has the outcome will_not_be_resolved.', [{ path: 'body/outcome', code: 'outcome-written-off', message: 'must be will_not_be_resolved' }]);
    needNote(patch, 'Give the reasons why it will not be resolved.');
    changes.outcome = 'will_not_be_resolved';
  }
  if (to === 'resolved') changes.outcome = patch.outcome;
  if ((END_STATUSES as readonly string[]).includes(to)) {
    changes.closed_at = new Date();
    if (to !== 'rejected') changes.outcome_note = patch.note?.trim() ?? null;
  }
  return changes;
}

async function validateAssignments(db: QueryBuilder, countries: string[], assignments: NonNullable<BottleneckPatch['assignments']>) {
  const seen = new Set<string>();
  for (const [index, assignment] of assignments.entries()) {
    const path = `body/assignments/${index}`;
    if (seen.has(assignment.country)) throw problems.badRequest('One responsible institution per country.', [{ path: `${path}/country`, code: 'country-twice', message: 'appears twice' }]);
    seen.add(assignment.country);
    if (!countries.includes(assignment.country)) throw problems.badRequest('Assign only countries the bottleneck involves.', [{ path: `${path}/country`, code: 'country-not-involved', message: 'is not among the countries involved' }]);
    const institution = await requireInstitution(db, assignment.institutionId, `${path}/institutionId`);
    if (institution.country !== assignment.country && institution.country !== 'EU') {
      throw problems.badRequest('The responsible institution must belong to the country it answers for.', [{ path: `${path}/institutionId`, code: 'institution-wrong-country', params: { country: institution.country, expected: assignment.country }, message: `is in ${institution.country}, not ${assignment.country}` }]);
    }
  }
}

export async function updateBottleneck(db: QueryBuilder, user: AuthUser, idOrRef: string, patch: BottleneckPatch, links: Links = DEFAULT_LINKS) {
  const onlyModeration = Object.keys(patch).every((key) => ['status', 'note', 'title', 'description'].includes(key));
  if (!canManage(user) && !onlyModeration) throw problems.changeNotPermitted('Moderators publish, reject and redact; editors manage the rest.');
  const found = await repo.findBottleneck(db, idOrRef);
  if (!found) throw problems.notFound('bottleneck');
  return db.transaction().execute((trx) => applyUpdate(trx, user, found.id, patch, links));
}

/**
 * One bottleneck's change inside the caller's transaction: the row locked, the change checked
 * (`check` may refuse it first), its events, notices and audit; `because` links a status change
 * to the dialogue or recommendation it was suggested for.
 */
async function applyUpdate(
  trx: QueryBuilder,
  user: AuthUser,
  id: string,
  patch: BottleneckPatch,
  links: Links,
  { check, because }: { check?: (row: repo.BottleneckRow) => void; because?: { type: 'dialogue' | 'recommendation'; ref: string } } = {},
) {
  {
    const row = (await repo.lockBottleneck(trx, id))!;
    check?.(row);
    if (row.status === 'merged') throw problems.conflict('merged', 'This bottleneck was merged into another; change that one instead.');
    const changes: Record<string, unknown> = patch.status ? transition(row, user, patch) : {};
    if (patch.title) changes.title = JSON.stringify(patch.title);
    if (patch.description) changes.description = JSON.stringify(patch.description);
    if (patch.domain) changes.domain = patch.domain;
    if (patch.topics) changes.topics = patch.topics;
    const countries = patch.countries ?? row.countries;
    if (patch.countries) changes.countries = patch.countries;
    if (patch.assignments) await validateAssignments(trx, countries, patch.assignments);

    if (Object.keys(changes).length) await repo.updateBottleneck(trx, row.id, changes);
    if (changes.status) {
      await repo.insertEvent(trx, { bottleneckId: row.id, actorId: user.id, kind: 'status', fromStatus: row.status, toStatus: changes.status as Status, note: patch.note?.trim() ?? null, details: { ...(changes.outcome ? { outcome: changes.outcome } : {}), ...(because ? { because } : {}) } });
      await notify(trx, row, user.id, links, 'status', { status: changes.status as Status, note: patch.note?.trim() ?? null });
    } else if (patch.note && !patch.title && !patch.description) {
      await repo.insertEvent(trx, { bottleneckId: row.id, actorId: user.id, kind: 'note', note: patch.note.trim() });
    }
    if (patch.title || patch.description) {
      await repo.insertEvent(trx, { bottleneckId: row.id, actorId: user.id, kind: 'edited', note: changes.status ? null : (patch.note?.trim() ?? null) });
    }
    if (patch.assignments) {
      await repo.replaceAssignments(trx, row.id, patch.assignments, user.id);
      for (const assignment of patch.assignments) {
        await repo.insertEvent(trx, { bottleneckId: row.id, actorId: user.id, kind: 'assigned', details: { country: assignment.country, institutionId: assignment.institutionId } });
      }
      if (!Object.keys(changes).length) await repo.updateBottleneck(trx, row.id, {});
    }
    // The audit keeps what the public timeline does not: the texts before a redaction.
    await recordAudit(trx, {
      actorId: user.id,
      action: 'bottleneck.updated',
      entityType: 'bottleneck',
      entityId: row.id,
      details: { changes: patch, before: { status: row.status, title: patch.title ? row.title : undefined, description: patch.description ? row.description : undefined } },
    });
    return row.id;
  }
}

/**
 * Publishes or rejects several reports of the moderation queue together, in one transaction: each
 * must be waiting for moderation, or nothing changes and the problem names the one refused. Each
 * item gets its own event, notices and audit entry, as the single change gives them.
 */
export async function moderateMany(db: QueryBuilder, user: AuthUser, refs: string[], to: 'published' | 'rejected', note: string | undefined, links: Links = DEFAULT_LINKS) {
  const patch: BottleneckPatch = { status: to, ...(note?.trim() ? { note } : {}) };
  if (to === 'rejected') needNote(patch, 'Say why the reports are rejected; each reporter sees it.');
  const found = await Promise.all(refs.map((ref) => repo.findBottleneck(db, ref)));
  const unknown = found.findIndex((row) => !row);
  if (unknown >= 0) throw problems.badRequest(`${refs[unknown]} is not a known bottleneck.`, [{ path: `body/refs/${unknown}`, code: 'unknown-bottleneck', message: 'is not a known bottleneck' }]);
  const rows = found as repo.BottleneckRow[];
  if (new Set(rows.map((row) => row.id)).size !== rows.length) throw problems.badRequest('The same bottleneck is named twice.', [{ path: 'body/refs', code: 'duplicate', message: 'names a bottleneck twice' }]);
  // The queue's order of locking is by id, so two moderators' bulk actions cannot deadlock.
  const ordered = [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));
  return db.transaction().execute(async (trx) => {
    for (const found of ordered) {
      await applyUpdate(trx, user, found.id, patch, links, { check: (row) => {
        if (row.status !== 'submitted') {
          throw new HttpProblem(409, 'bulk-item-refused', 'Not a possible change of status', `${row.ref} cannot go from ${row.status} to ${to}; nothing was changed.`, { params: { ref: row.ref, from: row.status, to } });
        }
      } });
    }
    return rows.map((row) => ({ id: row.id, ref: row.ref }));
  });
}

/**
 * Applies a suggested status change: the ordinary transitions from the current status to the one
 * suggested (published → under assessment → in dialogue), in one transaction, each on the
 * timeline with the note (which the web words without the item's reference) and a link to the item. Refused (409) when that suggestion is no longer
 * offered: the status moved, or the item changed.
 */
export async function applySuggestion(db: QueryBuilder, user: AuthUser, idOrRef: string, body: { status: Status; because: string; note?: string }, linkedItemsOf: LinkedItemsOf, links: Links = DEFAULT_LINKS) {
  if (!canManage(user)) throw problems.changeNotPermitted('Only editors move a bottleneck through its lifecycle.');
  const found = await repo.findBottleneck(db, idOrRef);
  if (!found || !canSee(found, user)) throw problems.notFound('bottleneck');
  return db.transaction().execute(async (trx) => {
    const row = (await repo.lockBottleneck(trx, found.id))!;
    const suggestion = suggestionFor(row.status, await linkedItemsOf(trx, [row.id]));
    if (!suggestion || suggestion.status !== body.status || suggestion.because.ref !== body.because) {
      throw problems.conflict('suggestion-gone', 'This status change is no longer suggested: the status or the linked item changed.');
    }
    const note = body.note?.trim() || undefined;
    for (const status of pathTo(row.status, suggestion.status)!) {
      await applyUpdate(trx, user, row.id, { status, note }, links, { because: { type: suggestion.because.type, ref: suggestion.because.ref } });
    }
    return row.id;
  });
}

/** Published bottlenecks whose status is behind a dialogue or recommendation about them, for the editor's overview: the newest item first. */
export async function listSuggestions(db: QueryBuilder, linkedItemsOf: LinkedItemsOf) {
  const items = await linkedItemsOf(db, null);
  const byBottleneck = new Map<string, LinkedItem[]>();
  for (const item of items) byBottleneck.set(item.bottleneckId, [...(byBottleneck.get(item.bottleneckId) ?? []), item]);
  if (!byBottleneck.size) return { items: [] };
  const rows = await db
    .selectFrom('bottlenecks')
    .select(['id', 'ref', 'title', 'status'])
    .where('id', 'in', [...byBottleneck.keys()])
    .where('status', 'in', OPEN_STATUSES as Status[])
    .execute();
  const found = rows.flatMap((row) => {
    const linked = byBottleneck.get(row.id)!;
    const suggestion = suggestionFor(row.status, linked);
    if (!suggestion) return [];
    const at = linked.find((item) => item.ref === suggestion.because.ref)!.at;
    return [{ at, item: { id: row.id, ref: row.ref, title: row.title, status: row.status, suggestion } }];
  });
  return { items: found.sort((a, b) => b.at.getTime() - a.at.getTime() || a.item.ref.localeCompare(b.item.ref)).map((x) => x.item) };
}

// ---- answers, support, follow ----

/** The language an answer is written in: its one key (answers are written in one language). */
export function languageOf(body: LocalizedTextValue): ContentLanguage {
  return (Object.keys(body)[0] ?? 'en') as ContentLanguage;
}

type AnswerRow = Awaited<ReturnType<typeof repo.listAnswers>>[number];
type RevisionRow = Awaited<ReturnType<typeof repo.listAnswerRevisions>>[number];

/** An answer as the API shows it, with the versions it replaced, oldest first. */
export function answerJson(row: AnswerRow, institution: InstitutionRef, country: string, revisions: RevisionRow[]): Answer {
  return {
    id: row.id,
    institution,
    country,
    body: row.body,
    language: languageOf(row.body),
    createdAt: row.created_at.toISOString(),
    editedAt: row.edited_at?.toISOString() ?? null,
    revisions: revisions
      .filter((r) => r.answer_id === row.id)
      .map((r) => ({ body: r.body, language: languageOf(r.body), writtenAt: r.written_at.toISOString(), replacedAt: r.replaced_at.toISOString() })),
  };
}

/** Why an answer cannot be given or changed by this service owner now, as a problem. */
async function answerableBy(db: QueryBuilder, user: AuthUser, idOrRef: string, institutionId: string) {
  if (user.institutionId !== institutionId) {
    throw new HttpProblem(403, 'not-your-institution', 'Not your institution', 'You can answer only for the institution your account belongs to.');
  }
  const row = await findVisible(db, user, idOrRef);
  const assignments = await repo.listAssignments(db, row.id);
  const assignment = assignments.find((a) => a.institution_id === institutionId);
  if (!assignment) throw new HttpProblem(403, 'not-assigned', 'Not assigned', 'This bottleneck is not assigned to your institution.');
  if (!(OPEN_STATUSES as readonly string[]).includes(row.status)) throw problems.conflict('closed', 'Answers are taken while a bottleneck is open.');
  return { row, assignment };
}

/**
 * A new version of an institution's answer, by one of its service owners while the bottleneck is
 * open. The version it replaces is kept (`bottleneck_answer_revisions`), so the page can show it.
 */
export async function editAnswer(db: QueryBuilder, user: AuthUser, idOrRef: string, answerId: string, input: AnswerEdit): Promise<Answer> {
  const row = await findVisible(db, user, idOrRef);
  const existing = await repo.findAnswer(db, answerId);
  if (!existing || existing.bottleneck_id !== row.id) throw problems.notFound('answer');
  const { assignment } = await answerableBy(db, user, row.id, existing.institution_id);
  const body = JSON.stringify({ [input.language]: input.body.trim() });
  const updated = await db.transaction().execute(async (trx) => {
    const next = await repo.reviseAnswer(trx, answerId, { body, authorId: user.id });
    await repo.updateBottleneck(trx, row.id, {});
    await recordAudit(trx, { actorId: user.id, action: 'bottleneck.answer-edited', entityType: 'bottleneck', entityId: row.id, details: { answerId } });
    return next;
  });
  const institution = (await institutionRefs(db, [existing.institution_id])).get(existing.institution_id)!;
  return answerJson(updated, institution, assignment.country, await repo.listAnswerRevisions(db, [answerId]));
}

/**
 * A service owner's desk: the open bottlenecks assigned to their institution, overdue first,
 * each with the institution's answer when it has one (and who wrote it).
 */
export async function deskBottlenecks(db: QueryBuilder, user: AuthUser): Promise<DeskBottlenecks> {
  if (!user.institutionId) return { items: [] };
  const institutionId = user.institutionId;
  const assigned = await repo.assignedOpen(db, institutionId, OPEN_STATUSES);
  if (assigned.length === 0) return { items: [] };
  const [{ items }, answers, refs] = await Promise.all([
    repo.listBottlenecks(db, { statuses: OPEN_STATUSES, refs: assigned.map((a) => a.ref), sort: 'updated', limit: assigned.length, offset: 0 }),
    repo.institutionAnswers(db, institutionId, assigned.map((a) => a.id)),
    institutionRefs(db, [institutionId]),
  ]);
  const revisions = await repo.listAnswerRevisions(db, answers.map((a) => a.id));
  const institution = refs.get(institutionId)!;
  const due = (at: string | null) => (at ? Date.parse(at) : Number.POSITIVE_INFINITY);
  return {
    items: items
      .map(toListItem)
      .sort((a, b) => Number(b.overdue) - Number(a.overdue) || due(a.assessmentDueAt) - due(b.assessmentDueAt))
      .map((bottleneck) => {
        // The newest, should an institution have answered more than once before answers were edited.
        const answer = answers.filter((a) => a.bottleneck_id === bottleneck.id).at(-1);
        const country = assigned.find((a) => a.id === bottleneck.id)!.country;
        return { bottleneck, answer: answer ? { ...answerJson(answer, institution, country, revisions), author: answer.author_name } : null };
      }),
  };
}

/** An institution's one answer to a bottleneck; a second is refused (the first is edited instead). */
export async function answer(db: QueryBuilder, user: AuthUser, idOrRef: string, input: AnswerCreate, links: Links = DEFAULT_LINKS) {
  const { row } = await answerableBy(db, user, idOrRef, input.institutionId);
  return db.transaction().execute(async (trx) => {
    // Under the bottleneck's row lock, so two first answers at once cannot both be taken.
    await trx.selectFrom('bottlenecks').select('id').where('id', '=', row.id).forUpdate().execute();
    if ((await repo.listAnswers(trx, row.id)).some((a) => a.institution_id === input.institutionId)) {
      throw problems.conflict('already-answered', 'Your institution has answered this bottleneck: edit that answer instead.');
    }
    const created = await repo.insertAnswer(trx, { bottleneckId: row.id, institutionId: input.institutionId, authorId: user.id, body: JSON.stringify({ [input.language]: input.body.trim() }) });
    await repo.insertEvent(trx, { bottleneckId: row.id, actorId: user.id, kind: 'answered', details: { institutionId: input.institutionId } });
    const institution = (await institutionRefs(trx, [input.institutionId])).get(input.institutionId);
    await notify(trx, row, user.id, links, 'answer', { institution: institution?.name });
    await repo.updateBottleneck(trx, row.id, {});
    await recordAudit(trx, { actorId: user.id, action: 'bottleneck.answered', entityType: 'bottleneck', entityId: row.id, details: { answerId: created.id } });
    return created;
  });
}

export async function setMembership(db: QueryBuilder, user: AuthUser, idOrRef: string, kind: 'support' | 'follow', on: boolean) {
  const row = await findVisible(db, user, idOrRef);
  if (row.status === 'merged') throw problems.conflict('merged', 'This bottleneck was merged; support the one it was merged into.');
  if (on && kind === 'support' && !(PUBLIC_STATUSES as readonly string[]).includes(row.status)) {
    throw problems.conflict('not-published', 'Only published bottlenecks can be supported.');
  }
  const table = kind === 'support' ? 'bottleneck_supports' : 'bottleneck_followers';
  const changed = await db.transaction().execute((trx) => (on ? repo.addMembership(trx, table, row.id, user.id) : repo.removeMembership(trx, table, row.id, user.id)));
  if (!changed && on) {
    throw problems.conflict(kind === 'support' ? 'already-supported' : 'already-following', kind === 'support' ? 'You already said this affects you.' : 'You already follow this bottleneck.');
  }
  if (!changed) throw problems.notFound(kind === 'support' ? 'support of yours' : 'follow of yours');
  const after = (await repo.findBottleneck(db, row.id))!;
  return { supportCount: after.support_count, followerCount: after.follower_count };
}

// ---- merging duplicates ----

// The register's share of a member's personal-data export: reports, answers, supports and follows.
registerPersonalDataSection('bottlenecks', async (db, userId) => {
  const [reports, supports, follows, answers] = await Promise.all([
    db.selectFrom('bottlenecks').select(['ref', 'title', 'description', 'status', 'created_at']).where('reporter_id', '=', userId).orderBy('created_at').execute(),
    db.selectFrom('bottleneck_supports as s').innerJoin('bottlenecks as b', 'b.id', 's.bottleneck_id').select(['b.ref', 's.created_at']).where('s.user_id', '=', userId).orderBy('s.created_at').execute(),
    db.selectFrom('bottleneck_followers as f').innerJoin('bottlenecks as b', 'b.id', 'f.bottleneck_id').select(['b.ref', 'f.created_at']).where('f.user_id', '=', userId).orderBy('f.created_at').execute(),
    db.selectFrom('bottleneck_answers as a').innerJoin('bottlenecks as b', 'b.id', 'a.bottleneck_id').select(['b.ref', 'a.body', 'a.created_at']).where('a.author_id', '=', userId).orderBy('a.created_at').execute(),
  ]);
  return { reports, supports, follows, answers };
});

/**
 * What other features link to bottlenecks (dialogues, recommendations) moves with a merge: each
 * registers how, and it runs in the merge's transaction.
 */
type MergeHook = (trx: QueryBuilder, fromId: string, toId: string) => Promise<void>;
const mergeHooks: MergeHook[] = [];
export function onMerge(hook: MergeHook) {
  mergeHooks.push(hook);
}

/**
 * Bottlenecks named by id or reference, as ids. An unknown one is a field error at `path/i`, or
 * at `path` itself when `path` ends in `=` (a single value, not a list).
 */
export async function resolveBottleneckIds(db: QueryBuilder, values: readonly string[], path: string): Promise<string[]> {
  const rows = await repo.findBottlenecksByIdOrRef(db, values);
  const byKey = new Map<string, string>();
  for (const row of rows) {
    byKey.set(row.id, row.id);
    byKey.set(row.ref, row.id);
  }
  const at = (i: number) => (path.endsWith('=') ? path.slice(0, -1) : `${path}/${i}`);
  const errors = values.flatMap((value, i) => (byKey.has(value) || byKey.has(value.toUpperCase()) ? [] : [{ path: at(i), code: 'unknown-bottleneck' as const, message: 'is not a known bottleneck' }]));
  if (errors.length) throw problems.badRequest('A bottleneck named does not exist.', errors);
  return values.map((value) => (byKey.get(value) ?? byKey.get(value.toUpperCase()))!);
}

export async function merge(db: QueryBuilder, user: AuthUser, idOrRef: string, intoRef: string, note?: string) {
  const source = await repo.findBottleneck(db, idOrRef);
  if (!source) throw problems.notFound('bottleneck');
  const target = await repo.findBottleneck(db, intoRef);
  if (!target) throw problems.badRequest('The bottleneck to keep does not exist.', [{ path: 'body/into', code: 'unknown-bottleneck', message: 'is not a known bottleneck' }]);
  if (target.id === source.id) throw problems.badRequest('A bottleneck cannot be merged into itself.', [{ path: 'body/into', code: 'same-bottleneck', message: 'is the same bottleneck' }]);
  if (source.status === 'merged') throw problems.conflict('merged', 'This bottleneck is already merged.');
  if (target.status === 'merged' || target.status === 'rejected') throw problems.conflict('bad-target', 'Merge into a bottleneck that is itself kept.');
  await db.transaction().execute(async (trx) => {
    await repo.lockBottleneck(trx, source.id);
    await repo.lockBottleneck(trx, target.id);
    await repo.moveMemberships(trx, source.id, target.id);
    // Files the public could read move with the report; those of a report never published stay
    // with it (staff and its reporter still read them there): a merge publishes nothing.
    const wasPublic = (PUBLIC_STATUSES as readonly string[]).includes(source.status);
    const movedAttachments = wasPublic ? await moveAttachments(trx, repo.filesOf(source.id), repo.filesOf(target.id)) : 0;
    for (const hook of mergeHooks) await hook(trx, source.id, target.id);
    await repo.updateBottleneck(trx, source.id, { status: 'merged', merged_into_id: target.id, closed_at: new Date() });
    await repo.updateBottleneck(trx, target.id, {});
    await repo.insertEvent(trx, { bottleneckId: source.id, actorId: user.id, kind: 'merged', fromStatus: source.status, toStatus: 'merged', note: note ?? null, details: { into: target.ref } });
    await repo.insertEvent(trx, { bottleneckId: target.id, actorId: user.id, kind: 'merged_in', note: note ?? null, details: { from: source.ref } });
    await recordAudit(trx, { actorId: user.id, action: 'bottleneck.merged', entityType: 'bottleneck', entityId: source.id, details: { into: target.id, movedAttachments } });
  });
  return target;
}

// ---- overview ----

export async function similar(db: QueryBuilder, title: string) {
  const rows = await repo.similarTitles(db, title, PUBLIC_STATUSES);
  return {
    items: rows.map((r) => ({
      id: r.id,
      ref: r.ref,
      title: r.title,
      summary: Object.fromEntries(Object.entries(r.description).map(([lang, text]) => [lang, summarise(text ?? '')])),
      status: r.status,
      supportCount: r.support_count,
      similarity: Number(Number(r.similarity).toFixed(3)),
    })),
  };
}

/** A description's beginning for a hint: whole words up to `SUMMARY_MAX` characters, and an ellipsis when cut. */
export function summarise(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= SUMMARY_MAX) return flat;
  const cut = flat.slice(0, SUMMARY_MAX);
  const space = cut.lastIndexOf(' ');
  return `${(space > SUMMARY_MAX / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export async function stats(db: QueryBuilder) {
  const [counts, top] = await Promise.all([
    repo.stats(db, PUBLIC_STATUSES),
    repo.listBottlenecks(db, { statuses: OPEN_STATUSES, sort: 'supported', limit: 5, offset: 0 }),
  ]);
  return {
    total: counts.byDomainAndStatus.reduce((sum, row) => sum + Number(row.count), 0),
    byDomainAndStatus: counts.byDomainAndStatus.map((row) => ({ domain: row.domain, status: row.status, count: Number(row.count) })),
    byMonth: counts.byMonth.map((row) => ({ month: row.month, reported: Number(row.reported), closed: Number(row.closed) })),
    overdue: counts.overdue,
    mostSupported: top.items.map(toListItem),
  };
}

// ---- for the Open311 interface ----

export function listForOpen311(db: QueryBuilder, criteria: { refs?: string[]; domains?: readonly Domain[]; open?: boolean; from?: Date; to?: Date; limit: number }) {
  const statuses = criteria.open === undefined ? PUBLIC_STATUSES : criteria.open ? OPEN_STATUSES : CLOSED_STATUSES;
  return repo.listForOpen311(db, { statuses, refs: criteria.refs, domains: criteria.domains, reportedFrom: criteria.from, reportedTo: criteria.to, limit: criteria.limit });
}

export async function verifyReporterEmail(db: QueryBuilder, ref: string, token: string) {
  if (!(await repo.verifyReporterEmail(db, ref, sha256(token)))) {
    throw new HttpProblem(400, 'invalid-email-token', 'Link not valid', 'This confirmation link is not valid or was already used.');
  }
}
