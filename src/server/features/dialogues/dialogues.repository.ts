import { sql, type Insertable, type Kysely, type Selectable, type SelectQueryBuilder, type SqlBool, type Updateable } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import type { DialogueState, DialogueType } from '../../../shared/dialogues.ts';
import type { Domain } from '../../../shared/register.ts';
import { isUuid } from '../../lib/refs.ts';
import { asYouType, localizedFields, rankHits, rankOrder, SearchCollection, searchWords, type LoadedCollection, type RankedHits } from '../../lib/search/collection.ts';
import type { SearchDocument, SearchField, SearchOptions } from '../../lib/search/engine.ts';
import { PUBLIC_STATUSES } from '../../../shared/register.ts';
import type { DialoguesTable } from './dialogues.tables.ts';
import { attachmentOwner, type Owner, type OwnerKind } from '../attachments/attachments.service.ts';
import { GLOSSARY_VERSION, withConcepts } from '../glossary/glossary.service.ts';


/** Bottlenecks on the agenda that anyone may see: counts never reveal reports in moderation. */
const PUBLIC_BOTTLENECK_COUNT = sql<number>`(select count(*)::int from dialogue_bottlenecks l join bottlenecks b on b.id = l.bottleneck_id where l.dialogue_id = d.id and b.status in (${sql.join(PUBLIC_STATUSES.map((s) => sql.lit(s)))}))`.as('bottleneck_count');
export type DialogueRow = Selectable<DialoguesTable>;

/** Who may see internal dialogues: everyone's (staff), one institution's (its service owners), or none. */
export type InternalAccess = { all: true } | { institutionId: string } | null;

export interface DialogueFilter {
  q?: string;
  /** `relevance` (with `q`): the exact reference, then titles that are, start with or hold the words, then the rest by how well they matched; each newest first. */
  sort?: 'starts' | 'relevance';
  type?: DialogueType;
  from?: Date;
  to?: Date;
  domain?: Domain;
  state?: DialogueState;
  institution?: string;
  access: InternalAccess;
  limit: number;
  offset: number;
}

/** Dialogues of an institution: it organised them or took part. */
function involves(institutionId: string) {
  return sql<SqlBool>`(d.organiser_id = ${institutionId} or exists (select 1 from dialogue_participants p where p.dialogue_id = d.id and p.institution_id = ${institutionId}))`;
}

/** The dialogues (alias `d`) a caller may see: the features that show dialogues all use this. */
export function dialogueVisibleTo(access: InternalAccess) {
  if (access && 'all' in access) return sql<SqlBool>`true`;
  if (access) return sql<SqlBool>`(d.visibility = 'public' or ${involves(access.institutionId)})`;
  return sql<SqlBool>`d.visibility = 'public'`;
}

/** A dialogue as the search index keeps it: its reference (for the exact short-cut) and titles (for the phrase rank). */
export type DialogueDocument = SearchDocument & { ref: string; titles: string[] };

async function loadDialogueDocuments(db: QueryBuilder): Promise<DialogueDocument[]> {
  const rows = await db.selectFrom('dialogues').select(['id', 'ref', 'title', 'description', 'place', 'language', 'state', 'outcomes']).execute();
  return rows.map((row) => {
    const titles = localizedFields(row.title, 'title');
    const fields: SearchField[] = [...titles, { field: 'keywords', lang: null, text: row.ref }, ...localizedFields(row.description, 'description')];
    if (row.place) fields.push({ field: 'keywords', lang: null, text: row.place });
    // Outcomes are held back with the minutes until they are published: no word of them finds a dialogue before.
    if (row.state === 'minutes_published') for (const outcome of row.outcomes) fields.push({ field: 'description', lang: row.language, text: outcome });
    return { id: row.id, fields, ref: row.ref, titles: titles.map((f) => f.text) };
  });
}

/** The dialogues' search index, per database, following the `dialogues` row of `search_versions`. */
export const dialoguesIndex = new SearchCollection<DialogueDocument>('dialogues', loadDialogueDocuments);

/**
 * Every question the dialogues ask the engine goes through here: `extra` is where the vocabulary
 * and glossary matchers join (concepts, other languages' words), for search and did-you-mean alike.
 */
export function dialoguesEngine(loaded: LoadedCollection<DialogueDocument>, q: string, extra: Partial<SearchOptions> = {}) {
  const texts = (id: string) => loaded.docs.get(id)?.fields ?? [];
  return {
    search: (options: SearchOptions = {}) => loaded.index.search(asYouType(loaded.index, q), { texts, ...extra, ...options }),
    didYouMean: (visible: (id: string) => boolean) => loaded.index.didYouMean(q, { ...extra, visible }),
  };
}

export async function listDialogues(db: QueryBuilder, filter: DialogueFilter) {
  let query = db.selectFrom('dialogues as d').where(dialogueVisibleTo(filter.access));
  if (filter.type) query = query.where('d.type', '=', filter.type);
  if (filter.from) query = query.where('d.starts_at', '>=', filter.from);
  if (filter.to) query = query.where('d.starts_at', '<', filter.to);
  if (filter.domain) query = query.where(sql<SqlBool>`d.domains @> array[${filter.domain}]::text[]`);
  if (filter.state) query = query.where('d.state', '=', filter.state);
  if (filter.institution) query = query.where(involves(filter.institution));
  if (!filter.q) return { ...(await dialoguesPage(db, query, filter, null)), search: null };
  const q = filter.q;
  const ref = q.toUpperCase();
  // The glossary's words and the vocabularies' codes join every search of the list.
  return withConcepts(db, (concepts) => dialoguesIndex.answer(db, async (loaded) => {
    const engine = dialoguesEngine(loaded, searchWords(q), concepts.options);
    const result = engine.search();
    const hits = rankHits(loaded, result, q, { relevance: filter.sort === 'relevance', exact: (doc) => doc.ref === ref, titlesOf: (doc) => doc.titles });
    const page = await dialoguesPage(db, query.where(sql<SqlBool>`d.id = any(${hits.ids}::uuid[])`), filter, filter.sort === 'relevance' ? hits : null);
    let didYouMean: string | null = null;
    if (page.total === 0) {
      // Only what this caller may see under these filters lends a word: never an internal dialogue's to a visitor.
      const visible = new Set((await query.select('d.id').execute()).map((row) => row.id));
      didYouMean = engine.didYouMean((id) => visible.has(id));
    }
    return { version: page.version, result: { glossary: page.glossary, result: { rows: page.rows, total: page.total, search: { result, didYouMean } } } };
  }));
}

/** One page of dialogues and their count, latest first (or by the ranks given, then latest first); with the search's version when it read a row. */
async function dialoguesPage(db: QueryBuilder, query: SelectQueryBuilder<Tables & { d: DialoguesTable }, 'd', object>, filter: DialogueFilter, ranked: RankedHits | null) {
  // The page is chosen on the ordering columns alone, then its rows are read whole: sorting every
  // match's whole row (minutes, outcomes) was most of a broad search's time.
  const rank = ranked ? rankOrder(ranked, 'd.id') : sql<number>`0`;
  const chosen = query
    .select(['d.id', rank.as('rank'), sql<number>`count(*) over ()`.as('total')])
    // Without ranks the rank is a constant (ordering by the literal would name a column by position).
    .$if(ranked !== null, (q) => q.orderBy(rank))
    .orderBy('d.starts_at', 'desc')
    .orderBy('d.id')
    .limit(filter.limit)
    .offset(filter.offset);
  const rows = await db
    .selectFrom(chosen.as('p'))
    .innerJoin('dialogues as d', 'd.id', 'p.id')
    .selectAll('d')
    .select([PUBLIC_BOTTLENECK_COUNT, 'p.total', dialoguesIndex.versionColumn().as('search_version'), GLOSSARY_VERSION.as('glossary_version')])
    .orderBy('p.rank')
    .orderBy('d.starts_at', 'desc')
    .orderBy('d.id')
    .execute();
  // A page past the last has no row to carry the count: it is counted on its own.
  const total = rows.length ? Number(rows[0].total) : filter.offset > 0 ? Number((await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n) : 0;
  return { rows, total, version: rows.length ? Number(rows[0].search_version) : null, glossary: rows.length ? rows[0].glossary_version : null };
}

export function findDialogue(db: QueryBuilder, idOrRef: string) {
  return db
    .selectFrom('dialogues as d')
    .selectAll('d')
    .select(PUBLIC_BOTTLENECK_COUNT)
    .where(isUuid(idOrRef) ? 'd.id' : 'd.ref', '=', isUuid(idOrRef) ? idOrRef : idOrRef.toUpperCase())
    .executeTakeFirst();
}

/** Whether an institution organised or took part in a dialogue. */
export async function isInvolved(db: QueryBuilder, dialogueId: string, institutionId: string) {
  const row = await db.selectFrom('dialogues as d').select(sql<boolean>`${involves(institutionId)}`.as('yes')).where('d.id', '=', dialogueId).executeTakeFirst();
  return Boolean(row?.yes);
}

export function insertDialogue(db: QueryBuilder, values: Insertable<DialoguesTable>) {
  return db.insertInto('dialogues').values(values).returning(['id', 'ref']).executeTakeFirstOrThrow();
}

export function updateDialogue(db: QueryBuilder, id: string, values: Updateable<DialoguesTable>, bumpSequence = false) {
  // The database's clock, not this server's: the calendar feed's version compares it across instances.
  return db
    .updateTable('dialogues')
    .set({ ...values, updated_at: sql<Date>`now()` as unknown as Date, ...(bumpSequence ? { sequence: sql<number>`sequence + 1` as unknown as number } : {}) })
    .where('id', '=', id)
    .execute();
}

export async function replaceBottlenecks(db: QueryBuilder, dialogueId: string, bottleneckIds: string[]) {
  await db.deleteFrom('dialogue_bottlenecks').where('dialogue_id', '=', dialogueId).execute();
  if (bottleneckIds.length) await db.insertInto('dialogue_bottlenecks').values(bottleneckIds.map((bottleneck_id, position) => ({ dialogue_id: dialogueId, bottleneck_id, position }))).execute();
}

export async function replaceAgenda(db: QueryBuilder, dialogueId: string, items: { title: string; bottleneckId: string | null }[]) {
  await db.deleteFrom('dialogue_agenda_items').where('dialogue_id', '=', dialogueId).execute();
  if (items.length) await db.insertInto('dialogue_agenda_items').values(items.map((item, position) => ({ dialogue_id: dialogueId, position, title: item.title, bottleneck_id: item.bottleneckId }))).execute();
}

export interface ParticipantValues {
  institutionId: string | null;
  name: string | null;
  role: string | null;
  email: string | null;
  consentToBeNamed: boolean;
}

export async function replaceParticipants(db: QueryBuilder, dialogueId: string, participants: ParticipantValues[]) {
  // Who was invited stays invited through an edit of the list: invitations are not sent twice.
  const invited = new Map(
    (await db.selectFrom('dialogue_participants').select(['email', 'invited_at']).where('dialogue_id', '=', dialogueId).where('invited_at', 'is not', null).execute()).map((p) => [p.email?.toLowerCase(), p.invited_at]),
  );
  await db.deleteFrom('dialogue_participants').where('dialogue_id', '=', dialogueId).execute();
  if (participants.length) {
    await db
      .insertInto('dialogue_participants')
      .values(
        participants.map((p, position) => ({
          dialogue_id: dialogueId,
          position,
          institution_id: p.institutionId,
          name: p.name,
          role: p.role,
          email: p.email,
          consent_to_be_named: p.consentToBeNamed,
          invited_at: (p.email && invited.get(p.email.toLowerCase())) || null,
        })),
      )
      .execute();
  }
}

export function listParticipants(db: QueryBuilder, dialogueId: string) {
  return db.selectFrom('dialogue_participants').selectAll().where('dialogue_id', '=', dialogueId).orderBy('position').execute();
}

export function markInvited(db: QueryBuilder, ids: string[]) {
  return ids.length ? db.updateTable('dialogue_participants').set({ invited_at: new Date() }).where('id', 'in', ids).execute() : Promise.resolve([]);
}

export function listAgenda(db: QueryBuilder, dialogueId: string) {
  return db.selectFrom('dialogue_agenda_items').selectAll().where('dialogue_id', '=', dialogueId).orderBy('position').execute();
}

/** Linked bottlenecks the caller may see (public statuses unless `all`), in agenda order. */
export function listLinkedBottlenecks(db: QueryBuilder, dialogueId: string, statuses: readonly string[] | 'all') {
  let query = db
    .selectFrom('dialogue_bottlenecks as l')
    .innerJoin('bottlenecks as b', 'b.id', 'l.bottleneck_id')
    .select(['b.id', 'b.ref', 'b.title', 'b.status'])
    .where('l.dialogue_id', '=', dialogueId);
  if (statuses !== 'all') query = query.where('b.status', 'in', [...statuses] as never);
  return query.orderBy('l.position').execute();
}

export function findBottleneckSummaries(db: QueryBuilder, ids: string[]) {
  return ids.length ? db.selectFrom('bottlenecks').select(['id', 'ref', 'title', 'status']).where('id', 'in', ids).execute() : Promise.resolve([]);
}

export function listComments(db: QueryBuilder, dialogueId: string) {
  return db
    .selectFrom('dialogue_comments as c')
    .leftJoin('users as u', 'u.id', 'c.author_id')
    .select(['c.id', 'c.body', 'c.institution_id', 'c.created_at', 'u.display_name'])
    .where('c.dialogue_id', '=', dialogueId)
    .orderBy('c.created_at')
    .execute();
}

export function insertComment(db: QueryBuilder, values: { dialogueId: string; authorId: string; institutionId: string | null; body: string }) {
  return db
    .insertInto('dialogue_comments')
    .values({ dialogue_id: values.dialogueId, author_id: values.authorId, institution_id: values.institutionId, body: values.body })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
}

/** Public dialogues for the calendar feed, newest first, a year back and everything ahead. */
export function listForCalendar(db: QueryBuilder, since: Date, limit: number) {
  return db
    .selectFrom('dialogues as d')
    .selectAll('d')
    .where('d.visibility', '=', 'public')
    .where('d.starts_at', '>=', since)
    .orderBy('d.starts_at', 'desc')
    .orderBy('d.id')
    .limit(limit)
    .execute();
}

/** What the public feed depends on: it changes whenever a public dialogue in the window does. */
export async function calendarVersion(db: QueryBuilder, since: Date): Promise<string> {
  const row = await db
    .selectFrom('dialogues as d')
    .select([sql<number>`count(*)::int`.as('n'), sql<string | null>`max(d.updated_at)::text`.as('last')])
    .where('d.visibility', '=', 'public')
    .where('d.starts_at', '>=', since)
    .executeTakeFirstOrThrow();
  return `${row.n}:${row.last ?? ''}`;
}

// ---- interview guides and records ----

/** Guides, each with the interviews that used it among the dialogues `access` may see. */
export function listGuides(db: QueryBuilder, access: InternalAccess) {
  return db
    .selectFrom('interview_guides as g')
    .selectAll('g')
    .select(sql<number>`(select count(*)::int from dialogues d where d.guide_id = g.id and ${dialogueVisibleTo(access)})`.as('interview_count'))
    .orderBy('g.created_at', 'desc')
    .execute();
}

export function findGuide(db: QueryBuilder, id: string) {
  return db.selectFrom('interview_guides').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listQuestions(db: QueryBuilder, guideIds: string[]) {
  return guideIds.length ? db.selectFrom('interview_questions').selectAll().where('guide_id', 'in', guideIds).orderBy('guide_id').orderBy('position').execute() : Promise.resolve([]);
}

export async function insertGuide(db: QueryBuilder, values: { title: string; createdBy: string | null; questions: string[]; isDemo?: boolean }) {
  const guide = await db.insertInto('interview_guides').values({ title: values.title, created_by: values.createdBy, is_demo: values.isDemo ?? false }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('interview_questions').values(values.questions.map((text, position) => ({ guide_id: guide.id, position, text }))).execute();
  return guide.id;
}

export function listAnswers(db: QueryBuilder, dialogueId: string) {
  return db
    .selectFrom('interview_answers as a')
    .innerJoin('interview_questions as q', 'q.id', 'a.question_id')
    .select(['a.question_id', 'a.answer', 'q.position', 'q.text'])
    .where('a.dialogue_id', '=', dialogueId)
    .orderBy('q.position')
    .execute();
}

export function listFindings(db: QueryBuilder, dialogueId: string) {
  return db.selectFrom('interview_findings').selectAll().where('dialogue_id', '=', dialogueId).orderBy('position').execute();
}

export async function replaceInterviewRecord(
  db: QueryBuilder,
  dialogueId: string,
  answers: { questionId: string; answer: string }[],
  findings: { text: string; code: string; domain: Domain | null; bottleneckId: string | null }[],
) {
  await db.deleteFrom('interview_answers').where('dialogue_id', '=', dialogueId).execute();
  await db.deleteFrom('interview_findings').where('dialogue_id', '=', dialogueId).execute();
  const written = answers.filter((a) => a.answer.trim());
  if (written.length) await db.insertInto('interview_answers').values(written.map((a) => ({ dialogue_id: dialogueId, question_id: a.questionId, answer: a.answer }))).execute();
  if (findings.length) {
    await db
      .insertInto('interview_findings')
      .values(findings.map((f, position) => ({ dialogue_id: dialogueId, position, text: f.text, code: f.code, domain: f.domain, bottleneck_id: f.bottleneckId })))
      .execute();
  }
}

// ---- attachments (the attachments module's table) ----

/** Holds the dialogue's row until the transaction ends: attachments are counted and added one request at a time. */
export function lockDialogue(db: QueryBuilder, dialogueId: string) {
  return db.selectFrom('dialogues').select('id').where('id', '=', dialogueId).forUpdate().executeTakeFirst();
}

/** Dialogues as owners of files (they keep no timeline of their own: the audit trail records them). */
export const DIALOGUE_FILES: OwnerKind = attachmentOwner({ type: 'dialogue', lock: lockDialogue });

export const filesOf = (dialogueId: string): Owner => ({ kind: DIALOGUE_FILES, id: dialogueId });

/** A merged bottleneck's places on agendas and in findings go to the one kept. */
export async function moveBottleneckLinks(db: QueryBuilder, fromId: string, toId: string) {
  await sql`insert into dialogue_bottlenecks (dialogue_id, bottleneck_id, position)
            select dialogue_id, ${toId}, position from dialogue_bottlenecks where bottleneck_id = ${fromId}
            on conflict do nothing`.execute(db);
  await db.deleteFrom('dialogue_bottlenecks').where('bottleneck_id', '=', fromId).execute();
  await db.updateTable('dialogue_agenda_items').set({ bottleneck_id: toId }).where('bottleneck_id', '=', fromId).execute();
  await db.updateTable('interview_findings').set({ bottleneck_id: toId }).where('bottleneck_id', '=', fromId).execute();
}

/**
 * The dialogues that have the bottlenecks given (all with `null`) among their bottlenecks or on
 * their agenda, cancelled ones left out: for the bottleneck's timeline and its suggested status,
 * which `app.ts` hands to the bottlenecks feature. A dialogue with its minutes is dated by their
 * last save (`updated_at`), one planned or held by its start.
 */
export async function dialoguesOfBottlenecks(db: QueryBuilder, bottleneckIds: readonly string[] | null) {
  if (bottleneckIds && !bottleneckIds.length) return [];
  const links = db
    .selectFrom('dialogue_bottlenecks')
    .select(['dialogue_id', 'bottleneck_id'])
    .union(db.selectFrom('dialogue_agenda_items').select(['dialogue_id', sql<string>`bottleneck_id`.as('bottleneck_id')]).where('bottleneck_id', 'is not', null));
  let query = db
    .selectFrom(links.as('l'))
    .innerJoin('dialogues as d', 'd.id', 'l.dialogue_id')
    .select(['l.bottleneck_id', 'd.ref', 'd.title', 'd.state', 'd.starts_at', 'd.updated_at', 'd.visibility'])
    .where('d.state', '!=', 'cancelled');
  if (bottleneckIds) query = query.where('l.bottleneck_id', 'in', [...bottleneckIds]);
  return query.execute();
}
