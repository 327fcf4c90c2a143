import { isoText } from '../../db/timestamps.ts';
import { sql, type Insertable, type Kysely, type Selectable, type SqlBool } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import type { Domain, Status, Topic } from '../../../shared/register.ts';
import type { BottlenecksTable } from './bottlenecks.tables.ts';
import { attachmentOwner, type Owner, type OwnerKind } from '../attachments/attachments.service.ts';
import { GLOSSARY_VERSION } from '../glossary/glossary.service.ts';

export type BottleneckRow = Selectable<BottlenecksTable>;

/** Columns for lists: everything but the long texts and the search vectors. */
const LIST_COLUMNS = [
  'b.id',
  'b.ref',
  'b.title',
  'b.domain',
  'b.status',
  'b.countries',
  'b.topics',
  'b.support_count',
  'b.follower_count',
  'b.is_demo',
  'b.created_at',
  'b.published_at',
  'b.updated_at',
  'b.assessment_due_at',
] as const;
export type BottleneckListRow = Pick<BottleneckRow, 'id' | 'ref' | 'title' | 'domain' | 'status' | 'countries' | 'topics' | 'support_count' | 'follower_count' | 'is_demo' | 'created_at' | 'published_at' | 'updated_at' | 'assessment_due_at'>;

/** A register reference as people type it (`bn-2026-42`): searched as that one bottleneck, not as words. */
export function refQuery(q: string | undefined): string | null {
  const ref = q?.trim().toUpperCase();
  return ref && /^BN-\d{4}-\d{1,6}$/.test(ref) ? ref : null;
}

export interface ListFilter {
  /**
   * Search words. Here only a reference (`BN-2026-0042`) is read: words are searched by the
   * register's search index (`bottlenecks.search.ts`), which hands the bottlenecks found as `ids`.
   */
  q?: string;
  /** Only these bottlenecks (what the search index found for the words). */
  ids?: readonly string[];
  domain?: Domain;
  statuses: readonly Status[];
  country?: string;
  topic?: Topic;
  institution?: string;
  overdue?: boolean;
  reporterId?: string;
  refs?: string[];
  reportedFrom?: Date;
  reportedTo?: Date;
  sort: 'newest' | 'supported' | 'updated' | 'relevance';
  limit: number;
  offset: number;
}

const OVERDUE = sql<SqlBool>`b.status in ('published', 'under_assessment') and b.assessment_due_at < now()`;

/**
 * Statuses as literals, not parameters: they come from a fixed vocabulary, and as literals a
 * cached plan can still prove that the public partial indexes apply.
 */
function statusIn(column: string, statuses: readonly Status[]) {
  const list = statuses.length ? statuses : (['published'] as const);
  return sql<SqlBool>`${sql.ref(column)} in (${sql.join(list.map((status) => sql.lit(status)))})`;
}

/** The register narrowed by a filter: shared by the list, the count and the exports. */
function filtered(db: QueryBuilder, filter: Omit<ListFilter, 'sort' | 'limit' | 'offset'>) {
  let query = db.selectFrom('bottlenecks as b').where(statusIn('b.status', filter.statuses));
  const ref = refQuery(filter.q);
  if (ref) query = query.where('b.ref', '=', ref);
  else if (filter.q && !filter.ids) throw new Error('search words are read by the register search index, which gives ids');
  if (filter.ids) query = query.where(sql<SqlBool>`b.id = any(${[...filter.ids]}::uuid[])`);
  // Vocabulary values are literals, like the statuses: a cached plan then knows how common each
  // is, and can pick the domain's own text index. Validation has already limited them.
  if (filter.domain) query = query.where('b.domain', '=', sql.lit(filter.domain));
  if (filter.country) query = query.where(sql<SqlBool>`b.countries @> array[${sql.lit(filter.country)}]::text[]`);
  if (filter.topic) query = query.where(sql<SqlBool>`b.topics @> array[${sql.lit(filter.topic)}]::text[]`);
  if (filter.reporterId) query = query.where('b.reporter_id', '=', filter.reporterId);
  if (filter.institution) {
    const id = filter.institution;
    query = query.where((eb) =>
      eb.or([eb('b.institution_id', '=', id), eb.exists(eb.selectFrom('bottleneck_assignments as a').select('a.country').whereRef('a.bottleneck_id', '=', 'b.id').where('a.institution_id', '=', id))]),
    );
  }
  if (filter.overdue) query = query.where(OVERDUE);
  if (filter.refs?.length) query = query.where('b.ref', 'in', filter.refs.map((r) => r.toUpperCase()));
  if (filter.reportedFrom) query = query.where('b.created_at', '>=', filter.reportedFrom);
  if (filter.reportedTo) query = query.where('b.created_at', '<=', filter.reportedTo);
  return query;
}

/** What an Open311 client sees of each request: the record, its last public note and the agencies. */
export function listForOpen311(db: QueryBuilder, filter: Omit<ListFilter, 'sort' | 'offset' | 'domain'> & { domains?: readonly Domain[] }) {
  let query = filtered(db, filter);
  if (filter.domains?.length) query = query.where('b.domain', 'in', [...filter.domains]);
  return query
    .select([
      ...LIST_COLUMNS,
      'b.description',
      'b.original_language',
      'b.evidence_links',
      'b.location_lat',
      'b.location_long',
      'b.address',
      'b.address_id',
      sql<string | null>`(select e.note from bottleneck_events e where e.bottleneck_id = b.id and e.note is not null order by e.at desc, e.id desc limit 1)`.as('last_note'),
      sql<string | null>`(select string_agg(coalesce(i.name->>'en', i.name->>'fi', i.name->>'et'), '; ' order by a.country) from bottleneck_assignments a join institutions i on i.id = a.institution_id where a.bottleneck_id = b.id)`.as('agencies'),
    ])
    .orderBy('b.created_at', 'desc')
    .orderBy('b.id')
    .limit(filter.limit)
    .execute();
}

/** Filters whose count the facet table answers exactly, without touching the register's rows. */
function countableByFacets(filter: ListFilter) {
  return !filter.q && !filter.ids && !filter.institution && !filter.overdue && !filter.reporterId && !filter.refs && !filter.reportedFrom && !filter.reportedTo;
}

function countByFacets(db: QueryBuilder, filter: ListFilter) {
  let query = db.selectFrom('bottleneck_facet_counts as f').select(sql<number>`coalesce(sum(f.n), 0)::int`.as('n')).where(statusIn('f.status', filter.statuses));
  if (filter.domain) query = query.where('f.domain', '=', sql.lit(filter.domain));
  if (filter.country) query = query.where(sql<SqlBool>`f.countries @> array[${sql.lit(filter.country)}]::text[]`);
  if (filter.topic) query = query.where(sql<SqlBool>`f.topics @> array[${sql.lit(filter.topic)}]::text[]`);
  return query;
}

/** How many match the filter, as a one-column query: from the facet table when it can answer. */
function countQuery(db: QueryBuilder, filter: ListFilter) {
  return countableByFacets(filter) ? countByFacets(db, filter) : filtered(db, filter).select((eb) => eb.fn.countAll<number>().as('n'));
}

/** An instant as JavaScript's `toISOString()` writes it, so both mappings below agree to the byte. */
const iso = (column: string) => isoText(sql.ref(column));

/**
 * A list item (`BottleneckListItem`) as JSON text, written by PostgreSQL. The public list is the
 * platform's busiest page: reading twenty rows of fifteen columns into objects and serialising
 * them again cost Node more than the query cost PostgreSQL. A test in `bottlenecks.test.ts` holds it
 * equal to `toListItem`, field by field, on rows that cover every case of every field, and both
 * to the fields of the `BottleneckListItem` schema.
 */
const ITEM_JSON = sql<string>`(select row_to_json(i)::text from (select b.id, b.ref, b.title, b.domain, b.status, b.countries, b.topics,
  b.support_count as "supportCount", b.follower_count as "followerCount", b.is_demo as "isDemo", ${iso('b.created_at')} as "createdAt",
  ${iso('b.published_at')} as "publishedAt", ${iso('b.updated_at')} as "updatedAt", ${iso('b.assessment_due_at')} as "assessmentDueAt",
  coalesce(${OVERDUE}, false) as overdue) i)`;

/** What a page's rows carry: the list columns, for the server's own use, or each item's JSON. */
const ROW_SELECTION = [...LIST_COLUMNS, sql<boolean>`${OVERDUE}`.as('overdue')] as const;
const JSON_SELECTION = [ITEM_JSON.as('item')] as const;
type Selection = typeof ROW_SELECTION | typeof JSON_SELECTION;

/**
 * A reference search (or a list of found ids) touches few rows: a narrow materialised set (id and
 * sort keys) is counted and ordered once, and only the page's rows are read in full.
 * Materialising also keeps the planner from walking a date index row by row, hoping to fill a
 * page early.
 */
async function searchPage(db: QueryBuilder, filter: ListFilter, selection: Selection) {
  const key =
    filter.sort === 'supported' ? sql<unknown>`b.support_count`
    : filter.sort === 'updated' ? sql<unknown>`b.updated_at`
    : sql<unknown>`0`;
  const rows = await db
    .with((cte) => cte('m').materialized(), () => filtered(db, filter).select(['b.id', 'b.created_at', key.as('k')]))
    .with('page', (qb) => qb.selectFrom('m').select(['m.id', 'm.created_at', 'm.k']).orderBy('m.k', 'desc').orderBy('m.created_at', 'desc').orderBy('m.id').limit(filter.limit).offset(filter.offset))
    .selectFrom('page as p')
    .innerJoin('bottlenecks as b', 'b.id', 'p.id')
    .select(selection as never as typeof JSON_SELECTION)
    .select(sql<number>`(select count(*) from m)`.as('total'))
    .orderBy('p.k', 'desc')
    .orderBy('p.created_at', 'desc')
    .orderBy('p.id')
    .execute();
  const total = rows.length ? Number(rows[0].total) : filter.offset > 0 ? Number((await countQuery(db, filter).executeTakeFirstOrThrow()).n) : 0;
  return { rows: rows as unknown[], total };
}

/**
 * The page and its count in one statement: one round trip, one connection from the pool. The
 * page is cut before its items are written, or the rows skipped by the offset would be too.
 */
async function browsePage(db: QueryBuilder, filter: ListFilter, selection: Selection) {
  const count = countQuery(db, filter);
  const pageRows = ordered(filtered(db, filter), filter).select(LIST_COLUMNS).select(count.as('total')).limit(filter.limit).offset(filter.offset);
  const rows = await db
    .selectFrom(pageRows.as('b'))
    .select(selection as never as typeof JSON_SELECTION)
    .select('b.total')
    .$call((query) => orderKeys(filter).reduce((result, [column, direction]) => result.orderBy(sql.ref(column), direction), query))
    .execute();
  const total = rows.length ? Number(rows[0].total) : Number((await count.executeTakeFirstOrThrow()).n);
  return { rows: rows as unknown[], total };
}

function page(db: QueryBuilder, filter: ListFilter, selection: Selection) {
  return filter.q || filter.ids ? searchPage(db, filter, selection) : browsePage(db, filter, selection);
}

export type BottleneckListRowWithOverdue = BottleneckListRow & { overdue: boolean };

export async function listBottlenecks(db: QueryBuilder, filter: ListFilter): Promise<{ items: BottleneckListRowWithOverdue[]; total: number }> {
  const { rows, total } = await page(db, filter, ROW_SELECTION);
  return { items: rows as BottleneckListRowWithOverdue[], total };
}

/** The same page as `listBottlenecks`, each item already the API's JSON text. */
export async function listBottleneckItemsJson(db: QueryBuilder, filter: ListFilter): Promise<{ items: string[]; total: number }> {
  const { rows, total } = await page(db, filter, JSON_SELECTION);
  return { items: (rows as { item: string }[]).map((row) => row.item), total };
}

// ---- the register's search index (bottlenecks.search.ts) ----

/** Where the search index stands in the database: the register's version, its resets, and the snapshot now. */
export async function indexState(db: QueryBuilder): Promise<{ version: number; resets: number; horizon: string }> {
  const { rows } = await sql<{ version: string; resets: string; horizon: string }>`
    select v.version, v.resets, pg_current_snapshot()::text as horizon from search_versions v where v.collection = 'bottlenecks'`.execute(db);
  return { version: Number(rows[0].version), resets: Number(rows[0].resets), horizon: rows[0].horizon };
}

/**
 * What one bottleneck brings to the search index, in this order: its number, id, reference,
 * title and description (each language's first `INDEXED_CHARS` characters), what its filters and
 * sorts read (status, domain, countries, topics, institution, the institutions assigned, reporter),
 * and its instants in microseconds (created, updated, assessment due) with its support count.
 */
export type IndexRow = [
  docNo: number, id: string, ref: string, title: Record<string, string>, description: Record<string, string>,
  status: Status, domain: Domain, countries: string[], topics: Topic[], institution: string | null, assigned: string[], reporter: string | null,
  created: number, updated: number, support: number, due: number | null,
];

/** The description text indexed per language: enough for what a description is searched for, and a load reads no more. */
export const INDEXED_CHARS = 2000;

const micros = (column: string) => sql`(extract(epoch from ${sql.ref(column)}) * 1000000)::bigint`;
const INDEX_ROW = sql`json_build_array(b.doc_no, b.id, b.ref, b.title,
  coalesce((select json_object_agg(d.key, left(d.value, ${sql.lit(INDEXED_CHARS)})) from jsonb_each_text(b.description) d), '{}'::json),
  b.status, b.domain, b.countries, b.topics, b.institution_id,
  coalesce((select json_agg(distinct a.institution_id) from bottleneck_assignments a where a.bottleneck_id = b.id), '[]'::json),
  b.reporter_id, ${micros('b.created_at')}, ${micros('b.updated_at')}, b.support_count, ${micros('b.assessment_due_at')})`;

/** The register in `doc_no` order after `afterDocNo`, `size` at a time (a full load). */
export async function indexRows(db: QueryBuilder, afterDocNo: number, size: number): Promise<IndexRow[]> {
  const { rows } = await sql<{ rows: string | null }>`
    select json_agg(r order by n)::text as rows from (select b.doc_no as n, ${INDEX_ROW} as r from bottlenecks b
      where b.doc_no > ${afterDocNo} order by b.doc_no limit ${size}) x`.execute(db);
  return rows[0].rows ? (JSON.parse(rows[0].rows) as IndexRow[]) : [];
}

/**
 * The rows written since `horizon` (a snapshot the index read in): those whose writers it could
 * not see, running then (its xip) or begun after (from its xmax); at most `limit`.
 */
export async function indexChanges(db: QueryBuilder, horizon: string, limit: number): Promise<{ version: number; resets: number; horizon: string; rows: IndexRow[] }> {
  if (!/^\d+:\d+:(\d+(,\d+)*)?$/.test(horizon)) throw new Error(`not a snapshot: ${horizon}`);
  const before = sql`${sql.lit(horizon)}::pg_snapshot`;
  const { rows } = await sql<{ version: string; resets: string; horizon: string; rows: string | null }>`
    select v.version, v.resets, pg_current_snapshot()::text as horizon,
      (select json_agg(${INDEX_ROW})::text from (
         select * from bottlenecks b
         where b.changed_xid >= pg_snapshot_xmax(${before}) or b.changed_xid = any(array(select pg_snapshot_xip(${before})))
         limit ${sql.lit(limit)}) b) as rows
    from search_versions v where v.collection = 'bottlenecks'`.execute(db);
  const row = rows[0];
  return { version: Number(row.version), resets: Number(row.resets), horizon: row.horizon, rows: row.rows ? (JSON.parse(row.rows) as IndexRow[]) : [] };
}

/**
 * A page of found bottlenecks in the given order, with the register's version and resets, in one
 * statement: when the version is the one the index searched at, the page is its answer (one round
 * trip); else the index catches up and searches again.
 */
export async function pageOfIds<T extends 'json' | 'rows'>(db: QueryBuilder, ids: readonly string[], as: T, visible: Pick<ListFilter, 'statuses' | 'reporterId'>): Promise<{ version: number; resets: number; glossary: string; rows: T extends 'json' ? string[] : BottleneckListRowWithOverdue[] }> {
  const selection = as === 'json' ? sql`${ITEM_JSON} as item` : sql`${sql.join(LIST_COLUMNS.map((column) => sql.ref(column)))}, ${OVERDUE} as overdue`;
  const list = [...ids];
  // What the caller may see, checked again on the rows read: a row hidden since the index read it is never shown.
  const mayShow = visible.reporterId ? sql`${statusIn('b.status', visible.statuses)} and b.reporter_id = ${visible.reporterId}` : statusIn('b.status', visible.statuses);
  // The glossary's version too: the words' concepts and other languages' terms were the glossary's at it.
  const { rows } = await sql<Record<string, unknown> & { version: string; resets: string; glossary: string; ord: number | null }>`
    select v.version, v.resets, ${GLOSSARY_VERSION} as glossary, p.* from search_versions v
    left join lateral (select ${selection}, array_position(${list}::uuid[], b.id) as ord from bottlenecks b where b.id = any(${list}::uuid[]) and ${mayShow}) p on true
    where v.collection = 'bottlenecks' order by p.ord`.execute(db);
  const found = rows.filter((row) => row.ord !== null);
  return {
    version: Number(rows[0].version),
    resets: Number(rows[0].resets),
    glossary: rows[0].glossary,
    rows: (as === 'json' ? found.map((row) => row.item as string) : found.map(({ version: _v, resets: _r, glossary: _g, ord: _o, ...row }) => row)) as never,
  };
}

type OrderKey = readonly ['b.support_count' | 'b.updated_at' | 'b.created_at' | 'b.id', 'asc' | 'desc'];

/** Display order; the id breaks ties so that pages never repeat or skip a bottleneck. */
function orderKeys(filter: ListFilter): OrderKey[] {
  const first: OrderKey[] = filter.sort === 'supported' ? [['b.support_count', 'desc']] : filter.sort === 'updated' ? [['b.updated_at', 'desc']] : [];
  return [...first, ['b.created_at', 'desc'], ['b.id', 'asc']];
}

function ordered(query: ReturnType<typeof filtered>, filter: ListFilter) {
  return orderKeys(filter).reduce((result, [column, direction]) => result.orderBy(column, direction), query);
}

/** Where an export batch ends: the last row's exact creation time (as text) and id. */
export interface ExportCursor {
  at: string;
  id: string;
}

/**
 * One batch of the export, oldest first, continuing after `after` (keyset paging keeps each
 * batch as cheap as the first, so a whole-register export streams in constant memory).
 */
export function exportBatch(db: QueryBuilder, filter: Omit<ListFilter, 'sort' | 'limit' | 'offset'>, after: ExportCursor | null, size: number) {
  let query = filtered(db, filter);
  if (after) query = query.where(sql<SqlBool>`(b.created_at, b.id) > (${after.at}::timestamptz, ${after.id}::uuid)`);
  return query
    .select([
      ...LIST_COLUMNS,
      // The cursor keeps PostgreSQL's microseconds: a JavaScript Date would round them off and
      // repeat the last row of every batch in the next.
      sql<string>`b.created_at::text`.as('cursor_at'),
      'b.description',
      'b.original_language',
      'b.outcome',
      'b.closed_at',
      sql<boolean>`${OVERDUE}`.as('overdue'),
      sql<string | null>`(select string_agg(a.country || ':' || i.slug, ';' order by a.country) from bottleneck_assignments a join institutions i on i.id = a.institution_id where a.bottleneck_id = b.id)`.as('assigned'),
    ])
    .orderBy('b.created_at')
    .orderBy('b.id')
    .limit(size)
    .execute();
}

export function findBottleneck(db: QueryBuilder, idOrRef: string) {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrRef);
  return db
    .selectFrom('bottlenecks as b')
    .selectAll('b')
    .select(sql<boolean>`${OVERDUE}`.as('overdue'))
    .where(isUuid ? 'b.id' : 'b.ref', '=', isUuid ? idOrRef : idOrRef.toUpperCase())
    .executeTakeFirst();
}

/** Rows named by id or reference (references in any case); others are simply absent. */
export function findBottlenecksByIdOrRef(db: QueryBuilder, values: readonly string[]) {
  const ids = values.filter((value) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value));
  const refs = values.map((value) => value.toUpperCase()).filter((value) => /^BN-\d{4}-\d{1,6}$/.test(value));
  if (!ids.length && !refs.length) return Promise.resolve([]);
  return db
    .selectFrom('bottlenecks')
    .select(['id', 'ref', 'status'])
    .where((eb) => eb.or([...(ids.length ? [eb('id', 'in', ids)] : []), ...(refs.length ? [eb('ref', 'in', refs)] : [])]))
    .execute();
}

/** Locks the row for the rest of the transaction, so concurrent changes queue. */
export function lockBottleneck(db: QueryBuilder, id: string) {
  return db.selectFrom('bottlenecks').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The next BN-YYYY-NNNN; the counter row serialises concurrent reports of the same year. */
export async function nextRef(db: QueryBuilder, year: number): Promise<string> {
  const row = await db
    .insertInto('bottleneck_ref_counters')
    .values({ year, last_number: 1 })
    .onConflict((oc) => oc.column('year').doUpdateSet({ last_number: sql`bottleneck_ref_counters.last_number + 1` }))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return `BN-${year}-${String(row.last_number).padStart(4, '0')}`;
}

/** The report a private status link names, by the SHA-256 of its token. */
export function findByStatusToken(db: QueryBuilder, tokenHash: string) {
  return db.selectFrom('bottlenecks as b').selectAll('b').select(sql<boolean>`${OVERDUE}`.as('overdue')).where('b.status_token_hash', '=', tokenHash).executeTakeFirst();
}

/** What the moderator wrote when rejecting: the note of the latest change to `rejected`. */
export async function rejectionNote(db: QueryBuilder, bottleneckId: string) {
  const row = await db.selectFrom('bottleneck_events').select('note').where('bottleneck_id', '=', bottleneckId).where('to_status', '=', 'rejected').orderBy('at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row?.note ?? null;
}

export function insertBottleneck(db: QueryBuilder, values: Insertable<BottlenecksTable>) {
  return db.insertInto('bottlenecks').values(values).returning(['id', 'ref', 'status']).executeTakeFirstOrThrow();
}

export function updateBottleneck(db: QueryBuilder, id: string, changes: Record<string, unknown>) {
  return db
    .updateTable('bottlenecks')
    .set({ ...changes, updated_at: new Date() } as never)
    .where('id', '=', id)
    .execute();
}

export function insertEvent(
  db: QueryBuilder,
  event: { bottleneckId: string; actorId: string | null; kind: string; fromStatus?: Status | null; toStatus?: Status | null; note?: string | null; details?: Record<string, unknown> },
) {
  return db
    .insertInto('bottleneck_events')
    .values({
      bottleneck_id: event.bottleneckId,
      actor_id: event.actorId,
      kind: event.kind,
      from_status: event.fromStatus ?? null,
      to_status: event.toStatus ?? null,
      note: event.note ?? null,
      details: JSON.stringify(event.details ?? {}),
    })
    .execute();
}

export function listEvents(db: QueryBuilder, bottleneckId: string) {
  return db
    .selectFrom('bottleneck_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.at', 'e.kind', 'e.from_status', 'e.to_status', 'e.note', 'e.details', 'u.role as actor_role'])
    .where('e.bottleneck_id', '=', bottleneckId)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
}

export function listAssignments(db: QueryBuilder, bottleneckId: string) {
  return db.selectFrom('bottleneck_assignments').selectAll().where('bottleneck_id', '=', bottleneckId).orderBy('country').execute();
}

export async function replaceAssignments(db: QueryBuilder, bottleneckId: string, assignments: { country: string; institutionId: string }[], actorId: string) {
  await db.deleteFrom('bottleneck_assignments').where('bottleneck_id', '=', bottleneckId).execute();
  if (assignments.length === 0) return;
  await db
    .insertInto('bottleneck_assignments')
    .values(assignments.map((a) => ({ bottleneck_id: bottleneckId, country: a.country, institution_id: a.institutionId, assigned_by: actorId })))
    .execute();
}

export function listAnswers(db: QueryBuilder, bottleneckId: string) {
  return db.selectFrom('bottleneck_answers').selectAll().where('bottleneck_id', '=', bottleneckId).orderBy('created_at').orderBy('id').execute();
}

export function insertAnswer(db: QueryBuilder, answer: { bottleneckId: string; institutionId: string; authorId: string; body: string }) {
  return db
    .insertInto('bottleneck_answers')
    .values({ bottleneck_id: answer.bottleneckId, institution_id: answer.institutionId, author_id: answer.authorId, body: answer.body })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findAnswer(db: QueryBuilder, answerId: string) {
  return db.selectFrom('bottleneck_answers').selectAll().where('id', '=', answerId).executeTakeFirst();
}

/** The earlier versions of these answers, oldest first within each. */
export function listAnswerRevisions(db: QueryBuilder, answerIds: string[]) {
  if (answerIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('bottleneck_answer_revisions').selectAll().where('answer_id', 'in', answerIds).orderBy('written_at').orderBy('replaced_at').orderBy('id').execute();
}

/**
 * A new version of an answer: the one it replaces is kept as a revision, in the same statement
 * pair under the row's lock, so two edits at once keep both earlier versions in order.
 */
export async function reviseAnswer(db: QueryBuilder, answerId: string, next: { body: string; authorId: string }) {
  const current = await db.selectFrom('bottleneck_answers').selectAll().where('id', '=', answerId).forUpdate().executeTakeFirstOrThrow();
  await db
    .insertInto('bottleneck_answer_revisions')
    .values({ answer_id: answerId, body: JSON.stringify(current.body), author_id: current.author_id, written_at: current.edited_at ?? current.created_at })
    .execute();
  return db.updateTable('bottleneck_answers').set({ body: next.body, author_id: next.authorId, edited_at: sql<Date>`now()` }).where('id', '=', answerId).returningAll().executeTakeFirstOrThrow();
}

/** This institution's answers to these bottlenecks, with the name of who wrote each current version. */
export function institutionAnswers(db: QueryBuilder, institutionId: string, bottleneckIds: string[]) {
  if (bottleneckIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('bottleneck_answers as a')
    .leftJoin('users as u', 'u.id', 'a.author_id')
    .selectAll('a')
    .select('u.display_name as author_name')
    .where('a.institution_id', '=', institutionId)
    .where('a.bottleneck_id', 'in', bottleneckIds)
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute();
}

/** Open bottlenecks assigned to an institution, with the country it answers for. */
export function assignedOpen(db: QueryBuilder, institutionId: string, statuses: readonly Status[]) {
  return db
    .selectFrom('bottleneck_assignments as a')
    .innerJoin('bottlenecks as b', 'b.id', 'a.bottleneck_id')
    .select(['b.id', 'b.ref', 'a.country'])
    .where('a.institution_id', '=', institutionId)
    .where('b.status', 'in', [...statuses])
    .execute();
}

type MembershipTable = 'bottleneck_supports' | 'bottleneck_followers';
const COUNTER: Record<MembershipTable, 'support_count' | 'follower_count'> = { bottleneck_supports: 'support_count', bottleneck_followers: 'follower_count' };

/** Adds a support or follow once; returns false when the person already had one. */
export async function addMembership(db: QueryBuilder, table: MembershipTable, bottleneckId: string, userId: string): Promise<boolean> {
  const inserted = await db.insertInto(table).values({ bottleneck_id: bottleneckId, user_id: userId }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
  const column = COUNTER[table];
  await db.updateTable('bottlenecks').set({ [column]: sql`${sql.ref(column)} + 1` } as never).where('id', '=', bottleneckId).execute();
  return true;
}

export async function removeMembership(db: QueryBuilder, table: MembershipTable, bottleneckId: string, userId: string): Promise<boolean> {
  const deleted = await db.deleteFrom(table).where('bottleneck_id', '=', bottleneckId).where('user_id', '=', userId).executeTakeFirst();
  if (Number(deleted.numDeletedRows) === 0) return false;
  const column = COUNTER[table];
  await db.updateTable('bottlenecks').set({ [column]: sql`greatest(${sql.ref(column)} - 1, 0)` } as never).where('id', '=', bottleneckId).execute();
  return true;
}

export async function viewerMemberships(db: QueryBuilder, bottleneckId: string, userId: string) {
  const [support, follow] = await Promise.all([
    db.selectFrom('bottleneck_supports').select('user_id').where('bottleneck_id', '=', bottleneckId).where('user_id', '=', userId).executeTakeFirst(),
    db.selectFrom('bottleneck_followers').select('user_id').where('bottleneck_id', '=', bottleneckId).where('user_id', '=', userId).executeTakeFirst(),
  ]);
  return { supported: Boolean(support), following: Boolean(follow) };
}

/** Moves supports and followers of a duplicate to the kept bottleneck and recounts both. */
export async function moveMemberships(db: QueryBuilder, fromId: string, toId: string) {
  for (const table of ['bottleneck_supports', 'bottleneck_followers'] as const) {
    await sql`insert into ${sql.table(table)} (bottleneck_id, user_id, created_at)
              select ${toId}::uuid, user_id, created_at from ${sql.table(table)} where bottleneck_id = ${fromId}::uuid
              on conflict do nothing`.execute(db);
    await db.deleteFrom(table).where('bottleneck_id', '=', fromId).execute();
  }
  await sql`update bottlenecks b set
      support_count = (select count(*) from bottleneck_supports s where s.bottleneck_id = b.id),
      follower_count = (select count(*) from bottleneck_followers f where f.bottleneck_id = b.id)
    where b.id in (${fromId}::uuid, ${toId}::uuid)`.execute(db);
}

/** Titles close to the one being typed, for "is it one of these?" at intake. */
export async function similarTitles(db: QueryBuilder, title: string, statuses: readonly Status[], limit = 5) {
  return db.transaction().execute(async (trx) => {
    await sql`set local pg_trgm.word_similarity_threshold = 0.35`.execute(trx);
    return trx
      .selectFrom('bottlenecks')
      .select(['id', 'ref', 'title', 'description', 'status', 'support_count', sql<number>`word_similarity(${title}, title_text)`.as('similarity')])
      .where(sql<SqlBool>`${title} <% title_text`)
      .where('status', 'in', [...statuses])
      .orderBy('similarity', 'desc')
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  });
}

export async function countRecentIntake(db: QueryBuilder, ip: string, since: Date) {
  const row = await db.selectFrom('report_intake').select((eb) => eb.fn.countAll<number>().as('n')).where('ip', '=', ip).where('at', '>', since).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countRecentReportsBy(db: QueryBuilder, userId: string, since: Date) {
  const row = await db.selectFrom('bottlenecks').select((eb) => eb.fn.countAll<number>().as('n')).where('reporter_id', '=', userId).where('created_at', '>', since).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function recordIntake(db: QueryBuilder, ip: string) {
  return db.insertInto('report_intake').values({ ip }).execute();
}

export async function stats(db: QueryBuilder, statuses: readonly Status[]) {
  const visible = [...statuses];
  const [byDomainAndStatus, byMonth, overdue] = await Promise.all([
    db
      .selectFrom('bottlenecks')
      .select(['domain', 'status', (eb) => eb.fn.countAll<number>().as('count')])
      .where('status', 'in', visible)
      .groupBy(['domain', 'status'])
      .orderBy('domain')
      .orderBy('status')
      .execute(),
    sql<{ month: string; reported: number; closed: number }>`
      with months as (
        select to_char(m, 'YYYY-MM') as month from generate_series(date_trunc('month', now()) - interval '11 months', date_trunc('month', now()), interval '1 month') m
      )
      select months.month,
        (select count(*)::int from bottlenecks b where b.status = any(${visible}::text[]) and to_char(coalesce(b.published_at, b.created_at), 'YYYY-MM') = months.month) as reported,
        (select count(*)::int from bottlenecks b where b.status = any(${visible}::text[]) and to_char(b.closed_at, 'YYYY-MM') = months.month) as closed
      from months order by months.month`.execute(db),
    db.selectFrom('bottlenecks as b').select((eb) => eb.fn.countAll<number>().as('n')).where(OVERDUE).executeTakeFirstOrThrow(),
  ]);
  return { byDomainAndStatus, byMonth: byMonth.rows, overdue: Number(overdue.n) };
}


// ---- attachments (the attachments module's table) ----

/** Bottlenecks as owners of files: counted under the bottleneck's row lock, noted on its timeline. */
export const BOTTLENECK_FILES: OwnerKind = attachmentOwner({
  type: 'bottleneck',
  lock: (trx, id) => lockBottleneck(trx, id),
  timeline: (trx, bottleneckId, actorId, kind) => insertEvent(trx, { bottleneckId, actorId, kind }),
});

export const filesOf = (bottleneckId: string): Owner => ({ kind: BOTTLENECK_FILES, id: bottleneckId });

// ---- who hears of changes ----

/** Followers' addresses and languages, and the reporter's address once confirmed. */
export async function notificationRecipients(db: QueryBuilder, bottleneckId: string, exceptUserId: string | null) {
  const followers = await db
    .selectFrom('bottleneck_followers as f')
    .innerJoin('users as u', 'u.id', 'f.user_id')
    .select(['u.email', 'u.locale'])
    .where('f.bottleneck_id', '=', bottleneckId)
    .where('u.disabled_at', 'is', null)
    .$if(exceptUserId !== null, (q) => q.where('u.id', '<>', exceptUserId!))
    .execute();
  const reporter = await db
    .selectFrom('bottlenecks')
    .select(['reporter_email', 'original_language'])
    .where('id', '=', bottleneckId)
    .where('reporter_email_verified_at', 'is not', null)
    .executeTakeFirst();
  return { followers, reporter: reporter?.reporter_email ? { email: reporter.reporter_email, language: reporter.original_language } : null };
}

export async function verifyReporterEmail(db: QueryBuilder, ref: string, tokenHash: string) {
  const result = await db
    .updateTable('bottlenecks')
    .set({ reporter_email_verified_at: new Date(), reporter_email_token_hash: null })
    .where('ref', '=', ref.toUpperCase())
    .where('reporter_email_token_hash', '=', tokenHash)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
