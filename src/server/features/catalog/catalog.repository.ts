import { isoText } from '../../db/timestamps.ts';
import { sql, type Kysely, type Selectable, type SqlBool, type RawBuilder } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import type { DatasetSort, DatasetState, License, Theme } from '../../../shared/catalog.ts';
import type { DatasetsTable } from './catalog.tables.ts';
import { isUuid } from '../../lib/refs.ts';
import { GLOSSARY_VERSION } from '../glossary/glossary.service.ts';
import { filterQuerySql, type FqQuery } from './ckan.query.ts';

export type DatasetRow = Omit<Selectable<DatasetsTable>, 'doc_no' | 'changed_xid'>;

export interface DatasetFilter {
  q?: string;
  /** How `q` is read: the lists' syntax, or Solr's (CKAN's `q`). */
  syntax?: 'web' | 'solr';
  publishers?: string[];
  themes?: Theme[];
  formats?: string[];
  licenses?: License[];
  /** Harvest source ids; `local` for datasets written here by hand. */
  sources?: string[];
  regions?: string[];
  /** Keywords in any language, exactly (CKAN's `tags:` filter). */
  keywords?: string[];
  /** Short names or ids (CKAN's `name:` and `id:` filters). */
  names?: string[];
  /** A filter value no dataset can have (an unknown CKAN group or licence): nothing matches. */
  nothing?: boolean;
  state: DatasetState;
  /** `name` only through CKAN's `sort=name asc`. */
  sort: DatasetSort | 'name';
  /** CKAN's filter language where it is more than lists of values (`fq` with exclusions, ranges…): read as SQL. */
  where?: FqQuery;
  /** CKAN's sort keys, in place of `sort` when given. */
  ckanSort?: CkanSortKey[];
  /** Every value of each facet (CKAN's `facet.limit=-1`), not only the top ones. */
  allFacetValues?: boolean;
  /** The caller reads the count only (a CKAN search without `facet.field`): no facet is counted. */
  withoutFacets?: boolean;
  limit: number;
  offset: number;
}

/** The columns every dataset query reads. */
export const DATASET_COLUMNS = [
  'd.id', 'd.name', 'd.title', 'd.description', 'd.publisher_id', 'd.contact_point', 'd.themes', 'd.keywords', 'd.spatial',
  sql<string | null>`d.temporal_start::text`.as('temporal_start'), sql<string | null>`d.temporal_end::text`.as('temporal_end'),
  'd.license', 'd.license_url', 'd.access_rights', 'd.frequency', 'd.landing_page', 'd.issued', 'd.modified', 'd.distributions', 'd.formats',
  'd.source_id', 'd.source_identifier', 'd.source_modified', 'd.content_hash', 'd.harvested_at', 'd.state', 'd.withdrawn_at', 'd.withdrawn_by', 'd.demo',
  'd.created_by', 'd.created_at', 'd.updated_at',
] as const;

const literalArray = (values: readonly string[]) => sql`array[${sql.join(values.map((value) => sql.lit(value)))}]::text[]`;

/**
 * The filter without words as SQL (words are the search index's: catalog.index.ts). Values of
 * closed vocabularies (state, themes, licences, regions) are
 * literals, so a cached generic plan still knows how common each is; ids and words stay parameters.
 */
export function filterConditions(filter: DatasetFilter): RawBuilder<SqlBool> {
  const parts: RawBuilder<unknown>[] = [sql`d.state = ${sql.lit(filter.state)}`];
  if (filter.nothing) parts.push(sql`false`);
  if (filter.publishers?.length) parts.push(sql`d.publisher_id = any(${filter.publishers}::uuid[])`);
  if (filter.themes?.length) parts.push(sql`d.themes && ${literalArray(filter.themes)}`);
  if (filter.formats?.length) parts.push(sql`d.formats && ${filter.formats}::text[]`);
  if (filter.licenses?.length) parts.push(sql`d.license in (${sql.join(filter.licenses.map((l) => sql.lit(l)))})`);
  if (filter.regions?.length) parts.push(sql`d.spatial && ${literalArray(filter.regions)}`);
  for (const keyword of filter.keywords ?? []) parts.push(sql`jsonb_path_exists(d.keywords, '$.*[*] ? (@ == $k)', jsonb_build_object('k', ${keyword}::text))`);
  if (filter.names?.length) parts.push(sql`(d.name = any(${filter.names}::text[]) or d.id::text = any(${filter.names}::text[]))`);
  if (filter.where) parts.push(filterQuerySql(filter.where));
  if (filter.sources?.length) {
    const ids = filter.sources.filter((source) => source !== 'local');
    const local = filter.sources.includes('local');
    const bySource = ids.length ? sql`d.source_id = any(${ids}::uuid[])` : null;
    parts.push(local && bySource ? sql`(d.source_id is null or ${bySource})` : local ? sql`d.source_id is null` : bySource!);
  }
  return sql<SqlBool>`${sql.join(parts, sql` and `)}`;
}


/**
 * A list item (`DatasetListItem`) as JSON text, written by PostgreSQL: a page of twenty items
 * then costs Node one string, not twenty objects built and serialised again. There is no
 * TypeScript twin to drift from; `catalog.repository.test.ts` holds every item equal, field by
 * field, to what the dataset's own page says (`toDataset`), on rows that cover every case of
 * every field, and its fields to the schema's.
 */
const ITEM_JSON = sql<string>`json_build_object(
  'id', d.id, 'name', d.name, 'title', d.title,
  'summary', (select coalesce(jsonb_object_agg(key, left(value, 300)), '{}'::jsonb) from jsonb_each_text(d.description)),
  'publisher', case when i.id is null then null else json_build_object('id', i.id, 'name', i.name, 'shortName', i.short_name, 'country', i.country) end,
  'themes', d.themes, 'formats', d.formats, 'license', d.license, 'spatial', d.spatial,
  'modified', ${isoText(sql`coalesce(d.modified, d.created_at)`)},
  'source', case when s.id is null then null else json_build_object('id', s.id, 'name', s.name, 'kind', s.kind) end,
  'state', d.state, 'demo', d.demo)::text`;

export interface CkanSortKey {
  key: 'id' | 'name' | 'title_string' | 'metadata_modified' | 'metadata_created' | 'score';
  direction: 'asc' | 'desc';
}

/** CKAN's sort keys as columns: `title_string` is the package's title (its first language, as `toPackage` picks it) in byte order, as Solr's string field. */
const CKAN_SORT_COLUMNS: Record<Exclude<CkanSortKey['key'], 'score'>, RawBuilder<unknown>> = {
  id: sql`d.id`,
  name: sql`d.name`,
  title_string: sql`coalesce(d.title->>'fi', d.title->>'en', d.title->>'et', d.title->>'sv', d.title->>'ru', '') collate "C"`,
  metadata_modified: sql`d.updated_at`,
  metadata_created: sql`d.created_at`,
};

/** The filter's order as an ORDER BY list, ending by id (CKAN's `score` is no key without words: every match scores alike). */
function orderBy(filter: DatasetFilter): RawBuilder<unknown> {
  const keys: RawBuilder<unknown>[] = [];
  if (filter.ckanSort) {
    for (const { key, direction } of filter.ckanSort) if (key !== 'score') keys.push(sql`${CKAN_SORT_COLUMNS[key]} ${sql.raw(direction)}`);
  } else if (filter.sort === 'name') keys.push(sql`d.name asc`);
  else if (filter.sort === 'title') keys.push(sql`lower(coalesce(d.title->>'en', d.title->>'fi', d.title->>'et', d.title->>'sv', '')) asc`);
  else keys.push(sql`coalesce(d.modified, d.created_at) desc`);
  if (!filter.ckanSort?.some((k) => k.key === 'id')) keys.push(sql`d.id`);
  return sql.join(keys);
}

/** Top values per facet; a publisher facet of hundreds helps nobody (but CKAN's `facet.limit=-1` asks for all). Ties go by the values' bytes, as in the search index. */
export const FACET_LIMIT = 50;

/**
 * Facet counts over the matches `m` as one JSON array of `{facet, value, count, label}`: every
 * (facet, value) pair counted by one grouping, half the cost of grouping each facet apart.
 */
const facetsJson = (limit: number | null) => sql<string>`(with f as (
    select facet, value, count(*) as n from (
      select 'publisher' as facet, publisher_id::text as value from m where publisher_id is not null
      union all select 'license', license from m where license is not null
      union all select 'source', coalesce(source_id::text, 'local') from m
      union all select 'theme', unnest(themes) from m
      union all select 'format', unnest(formats) from m
      union all select 'region', unnest(spatial) from m
    ) pairs group by 1, 2
  ), ranked as (select facet, value, n, row_number() over (partition by facet order by n desc, value collate "C") as r from f)
  select coalesce(json_agg(json_build_object(
    'facet', facet, 'value', value, 'count', n,
    'label', case facet
      when 'publisher' then (select i.name from institutions i where i.id = value::uuid)
      when 'source' then (select jsonb_build_object('fi', s.name, 'et', s.name, 'en', s.name) from harvest_sources s where s.id::text = value)
      else null end) order by facet, n desc, value collate "C"), '[]')::text
  from ranked ${limit === null ? sql`` : sql`where r <= ${sql.lit(limit)}`})`;

const MATCHES = (filter: DatasetFilter, key: RawBuilder<unknown>) => sql`select d.id, ${key} as k, d.publisher_id, d.themes, d.formats, d.license, d.source_id, d.spatial
  from datasets d where ${filterConditions(filter)}`;

/**
 * A page without search words, by walking the sort's index. (Gathering the filter's matches and
 * sorting them was measured too: PostgreSQL then reads one array index's whole posting list,
 * three times slower for a theme and a municipality.)
 */
export async function browsePage(db: QueryBuilder, filter: DatasetFilter, itemsAs: 'json' | 'id' = 'json'): Promise<string[]> {
  const { rows } = await sql<{ item: string }>`
    select ${itemsAs === 'json' ? ITEM_JSON : sql`d.id::text`} as item from datasets d
      left join institutions i on i.id = d.publisher_id left join harvest_sources s on s.id = d.source_id
    where ${filterConditions(filter)}
    order by ${orderBy(filter)} limit ${filter.limit} offset ${filter.offset}`.execute(db);
  return rows.map((row) => row.item);
}

/**
 * A dataset's keywords in every language, each once. (A JSON path, as jsonb_each and
 * jsonb_array_elements_text in a subquery cost eight times as much per row.)
 */
const DATASET_KEYWORDS = sql`array(select distinct k #>> '{}' from jsonb_path_query(d.keywords, '$.*[*]') k)`;

/**
 * CKAN's `tags` facet of a search without words (the search index counts its own): each keyword counted once per
 * matching dataset, whatever its language, the top values as for any facet.
 */
export async function keywordCounts(db: QueryBuilder, filter: DatasetFilter): Promise<{ keyword: string; count: number }[]> {
  // Distinct per dataset, not over all (dataset, keyword) pairs: that was planned for millions of
  // groups, and setting up its hash cost 300 ms before any row was read.
  const { rows } = await sql<{ keyword: string; count: number }>`
    select k.keyword, count(*)::int as count
    from datasets d, unnest(${DATASET_KEYWORDS}) as k(keyword)
    where ${filterConditions(filter)}
    group by k.keyword order by count desc, k.keyword collate "C" ${filter.allFacetValues ? sql`` : sql`limit ${sql.lit(FACET_LIMIT)}`}`.execute(db);
  return rows;
}

/** Count and facets without search words: the same for every visitor, so the service caches them. */
export async function countAndFacets(db: QueryBuilder, filter: DatasetFilter): Promise<{ total: number; facets: string }> {
  const { rows } = await sql<{ total: number; facets: string }>`
    with m as materialized (${MATCHES(filter, sql`null`)})
    select (select count(*)::int from m) as total, ${facetsJson(filter.allFacetValues ? null : FACET_LIMIT)} as facets`.execute(db);
  return { total: Number(rows[0].total), facets: rows[0].facets };
}

/** How many datasets a filter without words leaves: an index-only count where the filter allows one. */
export async function countMatches(db: QueryBuilder, filter: DatasetFilter): Promise<number> {
  const { rows } = await sql<{ total: number }>`select count(*)::int as total from datasets d where ${filterConditions(filter)}`.execute(db);
  return Number(rows[0].total);
}

export async function catalogVersion(db: QueryBuilder): Promise<number> {
  const row = await db.selectFrom('catalog_version').select('version').executeTakeFirstOrThrow();
  return Number(row.version);
}

/** A dataset by id or short name (a short name may look like an id, so both are tried). */
export function findDataset(db: QueryBuilder, idOrName: string) {
  const name = idOrName.toLowerCase();
  return db
    .selectFrom('datasets as d')
    .select(DATASET_COLUMNS)
    .where((eb) => (isUuid(idOrName) ? eb.or([eb('d.id', '=', idOrName), eb('d.name', '=', name)]) : eb('d.name', '=', name)))
    .orderBy(sql`d.id::text = ${name}`, 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function findDatasetsByIds(db: QueryBuilder, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('datasets as d').select(DATASET_COLUMNS).where('d.id', 'in', ids).execute();
}

export function findBySourceIdentifier(db: QueryBuilder, sourceId: string, identifier: string) {
  return db.selectFrom('datasets as d').select(DATASET_COLUMNS).where('d.source_id', '=', sourceId).where('d.source_identifier', '=', identifier).executeTakeFirst();
}

/** The dataset another feature keeps for one of its items (`catalog.service.ts` upsertOwnedDataset). */
export function findOwned(db: QueryBuilder, owner: string) {
  return db.selectFrom('datasets as d').select(DATASET_COLUMNS).where('d.source_id', 'is', null).where('d.source_identifier', '=', owner).executeTakeFirst();
}

/** What a source's datasets looked like at the last harvest: identifier → the source's stamp. */
export async function sourceStamps(db: QueryBuilder, sourceId: string): Promise<Map<string, string | null>> {
  const rows = await db
    .selectFrom('datasets')
    .select(['source_identifier', 'source_modified'])
    .where('source_id', '=', sourceId)
    // What the source itself withdrew must be written again when it comes back, however unchanged.
    .where((eb) => eb.or([eb('state', '=', 'active'), eb('withdrawn_by', '=', 'editor')]))
    .execute();
  return new Map(rows.map((row) => [row.source_identifier!, row.source_modified]));
}

export async function nameTaken(db: QueryBuilder, name: string, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom('datasets').select('id').where('name', '=', name);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return Boolean(await query.executeTakeFirst());
}

/** Withdraws a source's active datasets that its complete listing no longer has. */
export async function withdrawUnseen(db: QueryBuilder, sourceId: string, seen: string[]): Promise<string[]> {
  const rows = await db
    .updateTable('datasets')
    .set({ state: 'withdrawn', withdrawn_at: sql<Date>`now()`, withdrawn_by: 'source', updated_at: sql<Date>`now()` })
    .where('source_id', '=', sourceId)
    .where('state', '=', 'active')
    .where(sql<SqlBool>`not (source_identifier = any(${seen}::text[]))`)
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/** Active datasets for the DCAT export, in keyset order, one batch at a time. */
export function exportBatch(db: QueryBuilder, after: { createdAt: string; id: string } | null, size: number) {
  let query = db
    .selectFrom('datasets as d')
    .select(DATASET_COLUMNS)
    .select(sql<string>`d.created_at::text`.as('created_at_text'))
    .where('d.state', '=', 'active');
  if (after) query = query.where(sql<SqlBool>`(d.created_at, d.id) > (${after.createdAt}::timestamptz, ${after.id}::uuid)`);
  return query.orderBy('d.created_at').orderBy('d.id').limit(size).execute();
}

/**
 * When the catalogue began and when it last changed: its first dataset's creation, and the latest
 * change to any dataset, withdrawals included (a withdrawal changes the catalogue too).
 */
export async function catalogDates(db: QueryBuilder): Promise<{ first: string | null; last: string | null }> {
  const { rows } = await sql<{ first: string | null; last: string | null }>`
    select ${isoText(sql`min(created_at)`)} as first, ${isoText(sql`max(updated_at)`)} as last from datasets`.execute(db);
  return rows[0] ?? { first: null, last: null };
}

/** The directory's type and website of the institutions `ids` names (all of them when `ids` is null). */
export function institutionDetails(db: QueryBuilder, ids: readonly string[] | null) {
  let query = db.selectFrom('institutions').select(['id', 'type', 'website']);
  if (ids) query = query.where('id', '=', sql<string>`any(${[...ids]}::uuid[])`);
  return query.execute();
}

/** One page of active datasets for the paged DCAT export (offset paging, as ckanext-dcat pages). */
export function exportPage(db: QueryBuilder, offset: number, size: number) {
  return db.selectFrom('datasets as d').select(DATASET_COLUMNS).where('d.state', '=', 'active').orderBy('d.created_at').orderBy('d.id').limit(size).offset(offset).execute();
}

// ---- evidence ----

/** The bottlenecks a dataset is evidence for, of those statuses (`all` for staff). */
export function evidenceFor(db: QueryBuilder, datasetId: string, statuses: readonly string[] | 'all') {
  let query = db
    .selectFrom('dataset_bottlenecks as l')
    .innerJoin('bottlenecks as b', 'b.id', 'l.bottleneck_id')
    .select(['b.id', 'b.ref', 'b.title', 'b.status'])
    .where('l.dataset_id', '=', datasetId);
  if (statuses !== 'all') query = query.where('b.status', 'in', [...statuses] as never);
  return query.orderBy('b.ref').execute();
}

export async function linkEvidence(db: QueryBuilder, datasetId: string, bottleneckId: string, userId: string): Promise<boolean> {
  const rows = await db
    .insertInto('dataset_bottlenecks')
    .values({ dataset_id: datasetId, bottleneck_id: bottleneckId, note: null, created_by: userId })
    .onConflict((oc) => oc.columns(['dataset_id', 'bottleneck_id']).doNothing())
    .returning('dataset_id')
    .execute();
  return rows.length > 0;
}

export async function unlinkEvidence(db: QueryBuilder, datasetId: string, bottleneckId: string): Promise<boolean> {
  const result = await db.deleteFrom('dataset_bottlenecks').where('dataset_id', '=', datasetId).where('bottleneck_id', '=', bottleneckId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export function datasetsForBottlenecks(db: QueryBuilder, bottleneckIds: string[]) {
  if (!bottleneckIds.length) return Promise.resolve([]);
  return db
    .selectFrom('dataset_bottlenecks as l')
    .innerJoin('datasets as d', 'd.id', 'l.dataset_id')
    .select(['l.bottleneck_id', 'd.id', 'd.name', 'd.title', 'd.state'])
    .where('l.bottleneck_id', 'in', bottleneckIds)
    .execute();
}

/** A merged bottleneck's evidence moves to the one kept (a link both had stays once). */
export async function moveEvidence(db: QueryBuilder, fromId: string, toId: string): Promise<void> {
  await sql`insert into dataset_bottlenecks (dataset_id, bottleneck_id, note, created_by, created_at)
    select dataset_id, ${toId}, note, created_by, created_at from dataset_bottlenecks where bottleneck_id = ${fromId}
    on conflict (dataset_id, bottleneck_id) do nothing`.execute(db);
  await db.deleteFrom('dataset_bottlenecks').where('bottleneck_id', '=', fromId).execute();
}

// ---- the search index (catalog.index.ts) ----

/** The catalogue's version and deletion count: one round trip. */
export async function searchState(db: QueryBuilder): Promise<{ version: number; resets: number; glossary: string }> {
  // The glossary's version with it: what words find depends on it too.
  const { rows } = await sql<{ version: string; resets: string; glossary: string }>`select v.version, v.resets, ${GLOSSARY_VERSION} as glossary from catalog_version v`.execute(db);
  return { version: Number(rows[0].version), resets: Number(rows[0].resets), glossary: rows[0].glossary };
}

/**
 * Where an index reading the whole catalogue starts from: the version and deletion count, and the
 * snapshot it was read in (`xmin:xmax:running`): what that snapshot could not see is read next.
 */
export async function indexState(db: QueryBuilder): Promise<{ version: number; resets: number; horizon: string }> {
  const { rows } = await sql<{ version: string; resets: string; horizon: string }>`
    select v.version, v.resets, pg_current_snapshot()::text as horizon from catalog_version v`.execute(db);
  return { version: Number(rows[0].version), resets: Number(rows[0].resets), horizon: rows[0].horizon };
}

/** Characters of each language's description the search index reads (design §3.2: titles and keywords whole). */
export const INDEXED_DESCRIPTION = 2000;

/** What one dataset brings to the search index (`catalog.index.ts`), in the order `INDEX_COLUMNS` writes it. */
export type IndexRow = [
  docNo: number, id: string, active: boolean, modifiedMicros: number, publisher: string | null, license: string | null, source: string | null,
  themes: string[], formats: string[], regions: string[], keywords: Record<string, string[]>,
  title: Record<string, string>, description: Record<string, string>,
];

/**
 * The texts as stored: descriptions are cut to `INDEXED_DESCRIPTION` by the index (spelt out per
 * language in SQL, with `jsonb_each_text` in a subquery, a load cost several times as much).
 */
const INDEXED_TEXTS = sql`d.title, d.description`;
const INDEX_COLUMNS = sql`d.doc_no, d.id, d.state = 'active', (extract(epoch from coalesce(d.modified, d.created_at)) * 1000000)::bigint,
  d.publisher_id, d.license, d.source_id, d.themes, d.formats, d.spatial, d.keywords, ${INDEXED_TEXTS}`;
const INDEX_ROW = sql<string>`json_build_array(${INDEX_COLUMNS})`;

/** Every dataset after a `doc_no`, as the index reads it, in `doc_no` order. */
export async function indexRows(db: QueryBuilder, afterDocNo: number, size: number): Promise<IndexRow[]> {
  const { rows } = await sql<{ rows: string | null }>`
    select json_agg(r order by n)::text as rows from (select d.doc_no as n, ${INDEX_ROW} as r from datasets d
      where d.doc_no > ${afterDocNo} order by d.doc_no limit ${size}) x`.execute(db);
  return rows[0].rows ? (JSON.parse(rows[0].rows) as IndexRow[]) : [];
}

/**
 * The rows written by transactions the last snapshot could not see (running then, or begun
 * after it), with the version and the new snapshot, all seen by one snapshot. At most `limit`
 * rows: more mean the index reads everything again. Everything is written as literals: planned
 * for its values, the few new rows are found by index; and a statement without parameters is not
 * prepared, so no connection keeps one per snapshot.
 */
export async function indexChanges(db: QueryBuilder, horizon: string, limit: number): Promise<{ version: number; resets: number; horizon: string; rows: IndexRow[] }> {
  if (!/^\d+:\d+:(\d+(,\d+)*)?$/.test(horizon)) throw new Error(`not a snapshot: ${horizon}`);
  const before = sql`${sql.lit(horizon)}::pg_snapshot`;
  const { rows } = await sql<{ version: string; resets: string; horizon: string; rows: string | null }>`
    select v.version, v.resets, pg_current_snapshot()::text as horizon,
      (select json_agg(json_build_array(${INDEX_COLUMNS}))::text from (
         select * from datasets d
         where d.changed_xid >= pg_snapshot_xmax(${before}) or d.changed_xid = any(array(select pg_snapshot_xip(${before})))
         limit ${sql.lit(limit)}) d) as rows
    from catalog_version v`.execute(db);
  const row = rows[0];
  return { version: Number(row.version), resets: Number(row.resets), horizon: row.horizon, rows: row.rows ? (JSON.parse(row.rows) as IndexRow[]) : [] };
}

/** The texts the search index reads of these datasets (a phrase's candidates: the index keeps no text). */
export async function indexedTexts(db: QueryBuilder, docNos: number[]): Promise<Map<number, { title: Record<string, string>; keywords: Record<string, string[]>; description: Record<string, string> }>> {
  if (!docNos.length) return new Map();
  const { rows } = await sql<{ texts: string | null }>`
    select json_agg(json_build_array(d.doc_no, d.keywords, ${INDEXED_TEXTS}))::text as texts from datasets d where d.doc_no = any(${docNos}::bigint[])`.execute(db);
  const read = rows[0].texts ? (JSON.parse(rows[0].texts) as [number, Record<string, string[]>, Record<string, string>, Record<string, string>][]) : [];
  return new Map(read.map(([docNo, keywords, title, description]) => [Number(docNo), { title, keywords, description }]));
}

/** The `doc_no`s of the datasets with these short names or ids (CKAN's `name:` and `id:` filters). */
export async function docNosByNames(db: QueryBuilder, names: string[]): Promise<number[]> {
  const { rows } = await sql<{ doc_no: string }>`select d.doc_no from datasets d where d.name = any(${names}::text[]) or d.id::text = any(${names}::text[])`.execute(db);
  return rows.map((row) => Number(row.doc_no));
}

/**
 * A page of these datasets (the words' matches, by `doc_no`) in title or name order, which
 * PostgreSQL's collation decides, as the pages without words are ordered.
 */
export async function orderedDocNos(db: QueryBuilder, docNos: number[], filter: DatasetFilter): Promise<number[]> {
  const { rows } = await sql<{ doc_no: string }>`
    select d.doc_no from datasets d where d.doc_no = any(${docNos}::bigint[])
    order by ${orderBy(filter)} limit ${filter.limit} offset ${filter.offset}`.execute(db);
  return rows.map((row) => Number(row.doc_no));
}

/** The datasets a CKAN filter of more than lists (`where`) lets through, by `doc_no`. */
export async function docNosWhere(db: QueryBuilder, where: FqQuery): Promise<number[]> {
  const { rows } = await sql<{ doc_no: string }>`select d.doc_no from datasets d where ${filterQuerySql(where)}`.execute(db);
  return rows.map((row) => Number(row.doc_no));
}

export interface FacetLabels {
  publishers: Map<string, unknown>;
  sources: Map<string, string>;
}

/**
 * Datasets by `doc_no`, each written as its list item (or id), with the names of these
 * publishers and sources: one round trip. Items come as one text, a line each (a JSON text
 * written by PostgreSQL has no raw line break), cheaper for pg to pass on than an array.
 */
export async function itemsByDocNos(
  db: QueryBuilder, docNos: number[], itemsAs: 'json' | 'id', ids: { publishers: string[]; sources: string[] },
): Promise<{ items: Map<number, string>; labels: FacetLabels }> {
  const item = itemsAs === 'json' ? ITEM_JSON : sql<string>`d.id::text`;
  const { rows } = await sql<{ items: string | null; publishers: string | null; sources: string | null }>`
    select (select string_agg(d.doc_no::text || ' ' || ${item}, e'\n') from datasets d
              left join institutions i on i.id = d.publisher_id left join harvest_sources s on s.id = d.source_id
              where d.doc_no = any(${docNos}::bigint[])) as items,
           (select json_object_agg(i.id, i.name)::text from institutions i where i.id = any(${ids.publishers}::uuid[])) as publishers,
           (select json_object_agg(s.id, s.name)::text from harvest_sources s where s.id = any(${ids.sources}::uuid[])) as sources`.execute(db);
  const row = rows[0];
  const items = new Map<number, string>();
  for (const line of row.items ? row.items.split('\n') : []) {
    const space = line.indexOf(' ');
    items.set(Number(line.slice(0, space)), line.slice(space + 1));
  }
  const entries = <T>(json: string | null) => new Map(Object.entries(json ? (JSON.parse(json) as Record<string, T>) : {}));
  return { items, labels: { publishers: entries<unknown>(row.publishers), sources: entries<string>(row.sources) } };
}
