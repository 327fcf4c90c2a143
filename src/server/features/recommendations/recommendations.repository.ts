import { sql, type Insertable, type Kysely, type Selectable, type SelectQueryBuilder, type SqlBool, type Updateable } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import type { ChangeKind, RecommendationState } from '../../../shared/dialogues.ts';
import { isUuid } from '../../lib/refs.ts';
import { asYouType, localizedFields, rankHits, rankOrder, SearchCollection, searchWords, type LoadedCollection, type RankedHits } from '../../lib/search/collection.ts';
import type { SearchDocument, SearchField, SearchOptions } from '../../lib/search/engine.ts';
import { PUBLIC_STATUSES } from '../../../shared/register.ts';
import type { RecommendationsTable } from './recommendations.tables.ts';
import { GLOSSARY_VERSION, withConcepts } from '../glossary/glossary.service.ts';

export type RecommendationRow = Selectable<RecommendationsTable>;

export interface RecommendationFilter {
  q?: string;
  /** `relevance` (with `q`): the exact reference, then titles that are, start with or hold the words, then the rest by how well they matched; each by priority, newest first. */
  sort?: 'priority' | 'relevance';
  state?: RecommendationState;
  institution?: string;
  changeKind?: ChangeKind;
  limit: number;
  offset: number;
}

const COUNTS = [
  sql<number>`(select count(*)::int from recommendation_responses x where x.recommendation_id = r.id)`.as('response_count'),
  // Public bottlenecks only: counts never reveal reports in moderation.
  sql<number>`(select count(*)::int from recommendation_bottlenecks x join bottlenecks b on b.id = x.bottleneck_id where x.recommendation_id = r.id and b.status in (${sql.join(PUBLIC_STATUSES.map((s) => sql.lit(s)))}))`.as('bottleneck_count'),
] as const;

/** A recommendation as the search index keeps it: its reference (for the exact short-cut) and titles (for the phrase rank). */
export type RecommendationDocument = SearchDocument & { ref: string; titles: string[] };

async function loadRecommendationDocuments(db: QueryBuilder): Promise<RecommendationDocument[]> {
  // What the list shows of each: its reference and title (a word of the rationale would find items with nothing marked).
  const rows = await db.selectFrom('recommendations').select(['id', 'ref', 'title']).execute();
  return rows.map((row) => {
    const titles = localizedFields(row.title, 'title');
    const fields: SearchField[] = [...titles, { field: 'keywords', lang: null, text: row.ref }];
    return { id: row.id, fields, ref: row.ref, titles: titles.map((f) => f.text) };
  });
}

/** The recommendations' search index, per database, following the `recommendations` row of `search_versions`. */
export const recommendationsIndex = new SearchCollection<RecommendationDocument>('recommendations', loadRecommendationDocuments);

/**
 * Every question the recommendations ask the engine goes through here: `extra` is where the
 * vocabulary and glossary matchers join (concepts, other languages' words), for search and
 * did-you-mean alike.
 */
export function recommendationsEngine(loaded: LoadedCollection<RecommendationDocument>, q: string, extra: Partial<SearchOptions> = {}) {
  const texts = (id: string) => loaded.docs.get(id)?.fields ?? [];
  return {
    search: (options: SearchOptions = {}) => loaded.index.search(asYouType(loaded.index, q), { texts, ...extra, ...options }),
    didYouMean: (visible: (id: string) => boolean) => loaded.index.didYouMean(q, { ...extra, visible }),
  };
}

export async function listRecommendations(db: QueryBuilder, filter: RecommendationFilter) {
  let query = db.selectFrom('recommendations as r');
  if (filter.state) query = query.where('r.state', '=', filter.state);
  if (filter.changeKind) query = query.where('r.change_kind', '=', filter.changeKind);
  if (filter.institution) {
    query = query.where(sql<SqlBool>`exists (select 1 from recommendation_addressees a where a.recommendation_id = r.id and a.institution_id = ${filter.institution})`);
  }
  if (!filter.q) return { ...(await recommendationsPage(db, query, filter, null)), search: null };
  const q = filter.q;
  const ref = q.toUpperCase();
  // The glossary's words and the vocabularies' codes join every search of the list.
  return withConcepts(db, (concepts) => recommendationsIndex.answer(db, async (loaded) => {
    const engine = recommendationsEngine(loaded, searchWords(q), concepts.options);
    const result = engine.search();
    const hits = rankHits(loaded, result, q, { relevance: filter.sort === 'relevance', exact: (doc) => doc.ref === ref, titlesOf: (doc) => doc.titles });
    const page = await recommendationsPage(db, query.where(sql<SqlBool>`r.id = any(${hits.ids}::uuid[])`), filter, filter.sort === 'relevance' ? hits : null);
    let didYouMean: string | null = null;
    if (page.total === 0) {
      // Every recommendation is public: the words of those the filters leave are the caller's to be offered.
      const visible = new Set((await query.select('r.id').execute()).map((row) => row.id));
      didYouMean = engine.didYouMean((id) => visible.has(id));
    }
    return { version: page.version, result: { glossary: page.glossary, result: { rows: page.rows, total: page.total, search: { result, didYouMean } } } };
  }));
}

/** One page of recommendations and their count, by priority then newest (or by the ranks given first); with the search's version when it read a row. */
async function recommendationsPage(db: QueryBuilder, query: SelectQueryBuilder<Tables & { r: RecommendationsTable }, 'r', object>, filter: RecommendationFilter, ranked: RankedHits | null) {
  // The page is chosen on the ordering columns alone, then its rows and counts are read for it only.
  const rank = ranked ? rankOrder(ranked, 'r.id') : sql<number>`0`;
  const priority = sql<number>`case r.priority when 'high' then 0 when 'medium' then 1 else 2 end`;
  const chosen = query
    .select(['r.id', rank.as('rank'), priority.as('priority_order'), sql<number>`count(*) over ()`.as('total')])
    // Without ranks the rank is a constant (ordering by the literal would name a column by position).
    .$if(ranked !== null, (q) => q.orderBy(rank))
    .orderBy(priority)
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id')
    .limit(filter.limit)
    .offset(filter.offset);
  const rows = await db
    .selectFrom(chosen.as('p'))
    .innerJoin('recommendations as r', 'r.id', 'p.id')
    .selectAll('r')
    .select([...COUNTS, 'p.total', recommendationsIndex.versionColumn().as('search_version'), GLOSSARY_VERSION.as('glossary_version')])
    .orderBy('p.rank')
    .orderBy('p.priority_order')
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id')
    .execute();
  // A page past the last has no row to carry the count: it is counted on its own.
  const total = rows.length ? Number(rows[0].total) : filter.offset > 0 ? Number((await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n) : 0;
  return { rows, total, version: rows.length ? Number(rows[0].search_version) : null, glossary: rows.length ? rows[0].glossary_version : null };
}

export function findRecommendation(db: QueryBuilder, idOrRef: string) {
  return db
    .selectFrom('recommendations as r')
    .selectAll('r')
    .select([...COUNTS])
    .where(isUuid(idOrRef) ? 'r.id' : 'r.ref', '=', isUuid(idOrRef) ? idOrRef : idOrRef.toUpperCase())
    .executeTakeFirst();
}

export function addresseesOf(db: QueryBuilder, ids: string[]) {
  return ids.length ? db.selectFrom('recommendation_addressees').selectAll().where('recommendation_id', 'in', ids).execute() : Promise.resolve([]);
}

export function insertRecommendation(db: QueryBuilder, values: Insertable<RecommendationsTable>) {
  return db.insertInto('recommendations').values(values).returning(['id', 'ref']).executeTakeFirstOrThrow();
}

export function updateRecommendation(db: QueryBuilder, id: string, values: Updateable<RecommendationsTable>) {
  return db.updateTable('recommendations').set({ ...values, updated_at: new Date() }).where('id', '=', id).execute();
}

export async function replaceLinks(db: QueryBuilder, id: string, links: { addressees?: string[]; bottlenecks?: string[]; dialogues?: string[]; lessons?: string[] }) {
  if (links.lessons) {
    await db.deleteFrom('recommendation_lessons').where('recommendation_id', '=', id).execute();
    if (links.lessons.length) await db.insertInto('recommendation_lessons').values(links.lessons.map((lesson_id) => ({ recommendation_id: id, lesson_id }))).execute();
  }
  if (links.addressees) {
    await db.deleteFrom('recommendation_addressees').where('recommendation_id', '=', id).execute();
    await db.insertInto('recommendation_addressees').values(links.addressees.map((institution_id) => ({ recommendation_id: id, institution_id }))).execute();
  }
  if (links.bottlenecks) {
    await db.deleteFrom('recommendation_bottlenecks').where('recommendation_id', '=', id).execute();
    if (links.bottlenecks.length) await db.insertInto('recommendation_bottlenecks').values(links.bottlenecks.map((bottleneck_id) => ({ recommendation_id: id, bottleneck_id }))).execute();
  }
  if (links.dialogues) {
    await db.deleteFrom('recommendation_dialogues').where('recommendation_id', '=', id).execute();
    if (links.dialogues.length) await db.insertInto('recommendation_dialogues').values(links.dialogues.map((dialogue_id) => ({ recommendation_id: id, dialogue_id }))).execute();
  }
}

/** The ids of the lessons a recommendation cites. */
export async function lessonIdsOf(db: QueryBuilder, id: string) {
  return (await db.selectFrom('recommendation_lessons').select('lesson_id').where('recommendation_id', '=', id).execute()).map((r) => r.lesson_id);
}

/** The recommendations citing each of these lessons (the regions feature's "cited by"). */
export function recommendationsCiting(db: QueryBuilder, lessonIds: readonly string[]) {
  return db
    .selectFrom('recommendation_lessons as l')
    .innerJoin('recommendations as r', 'r.id', 'l.recommendation_id')
    .select(['l.lesson_id as lessonId', 'r.id', 'r.ref', 'r.title', 'r.state'])
    .where('l.lesson_id', 'in', [...lessonIds])
    .execute();
}

export function linkedBottlenecks(db: QueryBuilder, id: string, publicOnly: readonly string[] | 'all') {
  let query = db
    .selectFrom('recommendation_bottlenecks as l')
    .innerJoin('bottlenecks as b', 'b.id', 'l.bottleneck_id')
    .select(['b.id', 'b.ref', 'b.title', 'b.status'])
    .where('l.recommendation_id', '=', id);
  if (publicOnly !== 'all') query = query.where('b.status', 'in', [...publicOnly] as never);
  return query.orderBy('b.ref').execute();
}

export function linkedDialogues(db: QueryBuilder, id: string, includeInternal: boolean) {
  let query = db
    .selectFrom('recommendation_dialogues as l')
    .innerJoin('dialogues as d', 'd.id', 'l.dialogue_id')
    .select(['d.id', 'd.ref', 'd.title', 'd.type', 'd.starts_at', 'd.state'])
    .where('l.recommendation_id', '=', id);
  if (!includeInternal) query = query.where('d.visibility', '=', 'public');
  return query.orderBy('d.starts_at').execute();
}

/** Recommendations that come from a dialogue. */
export function recommendationsFromDialogue(db: QueryBuilder, dialogueId: string) {
  const linked = db.selectFrom('recommendation_dialogues').select('recommendation_id').where('dialogue_id', '=', dialogueId);
  return db.selectFrom('recommendations as r').select(['r.id', 'r.ref', 'r.title', 'r.state']).where('r.id', 'in', linked).orderBy('r.ref').execute();
}

export function listResponses(db: QueryBuilder, id: string) {
  return db.selectFrom('recommendation_responses').selectAll().where('recommendation_id', '=', id).orderBy('created_at').execute();
}

export function insertResponse(db: QueryBuilder, values: { recommendationId: string; institutionId: string; body: string; authorId: string }) {
  return db
    .insertInto('recommendation_responses')
    .values({ recommendation_id: values.recommendationId, institution_id: values.institutionId, body: values.body, author_id: values.authorId })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
}

export function findResponse(db: QueryBuilder, responseId: string) {
  return db.selectFrom('recommendation_responses').selectAll().where('id', '=', responseId).executeTakeFirst();
}

/** The earlier versions of these responses, oldest first within each. */
export function listResponseRevisions(db: QueryBuilder, responseIds: string[]) {
  if (responseIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('recommendation_response_revisions').selectAll().where('response_id', 'in', responseIds).orderBy('written_at').orderBy('replaced_at').orderBy('id').execute();
}

/** A new version of a response; the one it replaces is kept as a revision, under the row's lock. */
export async function reviseResponse(db: QueryBuilder, responseId: string, next: { body: string; authorId: string }) {
  const current = await db.selectFrom('recommendation_responses').selectAll().where('id', '=', responseId).forUpdate().executeTakeFirstOrThrow();
  await db
    .insertInto('recommendation_response_revisions')
    .values({ response_id: responseId, body: JSON.stringify(current.body), author_id: current.author_id, written_at: current.edited_at ?? current.created_at })
    .execute();
  return db.updateTable('recommendation_responses').set({ body: next.body, author_id: next.authorId, edited_at: sql<Date>`now()` }).where('id', '=', responseId).returningAll().executeTakeFirstOrThrow();
}

/** Recommendations addressed to an institution (rejected ones aside), with its responses and who wrote each. */
export async function addressedTo(db: QueryBuilder, institutionId: string) {
  const rows = await db
    .selectFrom('recommendations as r')
    .innerJoin('recommendation_addressees as a', 'a.recommendation_id', 'r.id')
    .selectAll('r')
    .select([...COUNTS])
    .where('a.institution_id', '=', institutionId)
    .where('r.state', '<>', 'rejected')
    .orderBy('r.created_at')
    .orderBy('r.id')
    .execute();
  const responses = rows.length
    ? await db
        .selectFrom('recommendation_responses as x')
        .leftJoin('users as u', 'u.id', 'x.author_id')
        .selectAll('x')
        .select('u.display_name as author_name')
        .where('x.institution_id', '=', institutionId)
        .where(
          'x.recommendation_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('x.created_at')
        .orderBy('x.id')
        .execute()
    : [];
  return { rows, responses };
}

export function listEvents(db: QueryBuilder, id: string) {
  return db.selectFrom('recommendation_events').selectAll().where('recommendation_id', '=', id).orderBy('at').orderBy('id').execute();
}

export function insertEvent(db: QueryBuilder, values: { recommendationId: string; from: RecommendationState | null; to: RecommendationState; note: string | null; actorId: string | null }) {
  return db.insertInto('recommendation_events').values({ recommendation_id: values.recommendationId, from_state: values.from, to_state: values.to, note: values.note, actor_id: values.actorId }).execute();
}

/** Every recommendation in one stream-friendly batch, for the exports (keyset by reference). */
export function exportBatch(db: QueryBuilder, after: string | null, size: number) {
  let query = db.selectFrom('recommendations as r').selectAll('r').select([...COUNTS]);
  if (after) query = query.where('r.ref', '>', after);
  return query.orderBy('r.ref').limit(size).execute();
}

/** A merged bottleneck's recommendations go to the one kept. */
export async function moveBottleneckLinks(db: QueryBuilder, fromId: string, toId: string) {
  await sql`insert into recommendation_bottlenecks (recommendation_id, bottleneck_id)
            select recommendation_id, ${toId} from recommendation_bottlenecks where bottleneck_id = ${fromId}
            on conflict do nothing`.execute(db);
  await db.deleteFrom('recommendation_bottlenecks').where('bottleneck_id', '=', fromId).execute();
}

/** The recommendations that name the bottlenecks given (all with `null`), rejected ones left out: for the bottleneck's timeline and its suggested status. */
export async function recommendationsOfBottlenecks(db: QueryBuilder, bottleneckIds: readonly string[] | null) {
  if (bottleneckIds && !bottleneckIds.length) return [];
  let query = db
    .selectFrom('recommendation_bottlenecks as rb')
    .innerJoin('recommendations as r', 'r.id', 'rb.recommendation_id')
    .select(['rb.bottleneck_id', 'r.ref', 'r.title', 'r.state', 'r.created_at'])
    .where('r.state', '!=', 'rejected');
  if (bottleneckIds) query = query.where('rb.bottleneck_id', 'in', [...bottleneckIds]);
  return query.execute();
}
