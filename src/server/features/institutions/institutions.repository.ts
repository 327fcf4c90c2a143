import { sql, type Kysely, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import type { Domain, InstitutionCountry, InstitutionType } from '../../../shared/register.ts';
import type { InstitutionCreate, InstitutionPatch } from '../../../shared/schemas/institutions.ts';
import type { InstitutionsTable } from './institutions.tables.ts';
import { asYouType, localizedFields, rankHits, rankOrder, SearchCollection, type LoadedCollection, type RankedHits } from '../../lib/search/collection.ts';
import type { SearchDocument, SearchField, SearchOptions } from '../../lib/search/engine.ts';
import { GLOSSARY_VERSION, withConcepts } from '../glossary/glossary.service.ts';

export type InstitutionRow = Selectable<InstitutionsTable>;

export interface InstitutionFilter {
  q?: string;
  /** `relevance` (with `q`, and without `after`: a rank is no keyset): exact names first, then names starting with the words, then the rest. */
  sort?: 'name' | 'relevance';
  country?: InstitutionCountry;
  type?: InstitutionType;
  domain?: Domain;
  limit: number;
  offset: number;
  /** Keyset paging: only what sorts after this key (then `offset` is not read). */
  after?: InstitutionKey;
}

/** Where an institution sorts in the directory: country, name (English, else Finnish, else Estonian…), id. */
export type InstitutionKey = [country: string, name: string, id: string];
const SORT_NAME = sql<string>`coalesce(name->>'en', name->>'fi', name->>'et', name->>'sv', name->>'ru', '')`;

/** An institution as the search index keeps it: its names (each a title: a name is its whole point), its country and its domains as concepts. */
export type InstitutionDocument = SearchDocument & { names: string[] };

async function loadInstitutionDocuments(db: QueryBuilder): Promise<InstitutionDocument[]> {
  const rows = await db.selectFrom('institutions').select(['id', 'name', 'short_name', 'country', 'domains']).execute();
  return rows.map((row) => {
    const fields: SearchField[] = localizedFields(row.name, 'title');
    if (row.short_name) fields.push({ field: 'title', lang: null, text: row.short_name });
    return { id: row.id, fields, concepts: [`country:${row.country}`, ...(row.domains ?? []).map((domain) => `domain:${domain}`)], names: fields.map((f) => f.text) };
  });
}

/** The directory's search index, per database, following the `institutions` row of `search_versions`. */
export const institutionsIndex = new SearchCollection<InstitutionDocument>('institutions', loadInstitutionDocuments);

/**
 * Every question the directory asks the engine goes through here: `extra` is where the vocabulary
 * and glossary matchers join (concepts, other languages' words), for search and did-you-mean alike.
 */
export function institutionsEngine(loaded: LoadedCollection<InstitutionDocument>, q: string, extra: Partial<SearchOptions> = {}) {
  return {
    search: (options: SearchOptions = {}) => loaded.index.search(asYouType(loaded.index, q), { ...extra, ...options }),
    didYouMean: (visible?: (id: string) => boolean) => loaded.index.didYouMean(q, { ...extra, visible }),
  };
}

export async function listInstitutions(db: QueryBuilder, filter: InstitutionFilter) {
  let query = db.selectFrom('institutions');
  if (filter.country) query = query.where('country', '=', filter.country);
  if (filter.type) query = query.where('type', '=', filter.type);
  if (filter.domain) query = query.where(sql<boolean>`${filter.domain} = any(domains)`);
  if (!filter.q) return { ...(await institutionsPage(db, query, filter, null)), search: null };
  const q = filter.q;
  const relevance = filter.sort === 'relevance' && !filter.after;
  // The glossary's words and the vocabularies' codes join every search of the list.
  return withConcepts(db, (concepts) => institutionsIndex.answer(db, async (loaded) => {
    const engine = institutionsEngine(loaded, q, concepts.options);
    const result = engine.search();
    const hits = rankHits(loaded, result, q, { relevance, titlesOf: (doc) => doc.names });
    const found = query.where(sql<boolean>`id = any(${hits.ids}::uuid[])`);
    const page = await institutionsPage(db, found, filter, relevance ? hits : null);
    let didYouMean: string | null = null;
    if (page.total === 0) {
      // Every institution is public: the words of those the filters leave are the caller's to be offered.
      const allowed = new Set((await query.select('id').execute()).map((row) => row.id));
      didYouMean = engine.didYouMean((id) => allowed.has(id));
    }
    const { glossary, ...listed } = page;
    return { version: page.version, result: { glossary, result: { ...listed, search: { result, didYouMean } } } };
  }));
}

/** One page of the directory (and its count), in its order or by the ranks given; with the search's version when it read a row. */
async function institutionsPage(db: QueryBuilder, query: SelectQueryBuilder<Tables, 'institutions', object>, filter: InstitutionFilter, ranked: RankedHits | null) {
  let page = query.selectAll().select([SORT_NAME.as('sort_name'), institutionsIndex.versionColumn().as('search_version'), GLOSSARY_VERSION.as('glossary_version')]);
  if (ranked) page = page.orderBy(rankOrder(ranked, 'id'));
  page = page.orderBy('country').orderBy(SORT_NAME).orderBy('id');
  if (filter.after) {
    const [country, name, id] = filter.after;
    page = page.where(sql<boolean>`(country, ${SORT_NAME}, id) > (${country}, ${name}, ${id}::uuid)`);
  } else page = page.offset(filter.offset);
  // One more than the page, to know whether another follows.
  const [rows, total] = await Promise.all([page.limit(filter.limit + 1).execute(), query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()]);
  const items = rows.slice(0, filter.limit);
  // A ranked page has no keyset to go on from: its reader pages by offset.
  const last = rows.length > filter.limit && !ranked ? items.at(-1)! : null;
  return {
    items,
    total: Number(total.n),
    next: last ? ([last.country, last.sort_name, last.id] as InstitutionKey) : null,
    version: rows.length ? Number(rows[0].search_version) : null,
    glossary: rows.length ? rows[0].glossary_version : null,
  };
}

export function findInstitution(db: QueryBuilder, idOrSlug: string) {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrSlug);
  return db
    .selectFrom('institutions')
    .selectAll()
    .where(isUuid ? 'id' : 'slug', '=', idOrSlug)
    .executeTakeFirst();
}

export function findInstitutionsByIds(db: QueryBuilder, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('institutions').selectAll().where('id', 'in', ids).execute();
}

/** The columns of a new institution. */
function institutionRow(input: InstitutionCreate) {
  return {
    slug: input.slug,
    name: JSON.stringify(input.name),
    short_name: input.shortName ?? null,
    country: input.country,
    type: input.type,
    website: input.website ?? null,
    domains: input.domains ?? [],
    parent_id: input.parentId ?? null,
  };
}

export function insertInstitution(db: QueryBuilder, input: InstitutionCreate) {
  return db.insertInto('institutions').values(institutionRow(input)).returningAll().executeTakeFirstOrThrow();
}

export function upsertInstitutionBySlug(db: QueryBuilder, input: InstitutionCreate) {
  return db.insertInto('institutions').values(institutionRow(input)).onConflict((oc) => oc.column('slug').doNothing()).execute();
}

export function updateInstitution(db: QueryBuilder, id: string, patch: InstitutionPatch) {
  return db
    .updateTable('institutions')
    .set({
      ...(patch.name !== undefined ? { name: JSON.stringify(patch.name) } : {}),
      ...(patch.shortName !== undefined ? { short_name: patch.shortName } : {}),
      ...(patch.country !== undefined ? { country: patch.country } : {}),
      ...(patch.type !== undefined ? { type: patch.type } : {}),
      ...(patch.website !== undefined ? { website: patch.website } : {}),
      ...(patch.domains !== undefined ? { domains: patch.domains } : {}),
      ...(patch.parentId !== undefined ? { parent_id: patch.parentId } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** True when making `parentId` the parent of `id` would close a loop. */
export async function wouldCycle(db: QueryBuilder, id: string, parentId: string): Promise<boolean> {
  const { rows } = await sql<{ found: boolean }>`
    with recursive ancestors(id) as (
      select ${parentId}::uuid
      union
      select i.parent_id from institutions i join ancestors a on i.id = a.id where i.parent_id is not null
    )
    select exists (select 1 from ancestors where id = ${id}::uuid) as found`.execute(db);
  return rows[0].found;
}

/** An institution whose slug, or name in any language, or website host is the one given. */
export function findInstitutionLike(db: QueryBuilder, candidate: { slug: string; names: string[]; host: string | null }) {
  const names = candidate.names.map((name) => name.toLowerCase());
  return db
    .selectFrom('institutions')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('slug', '=', candidate.slug),
        eb(sql`lower(name->>'fi')`, 'in', names.length ? names : ['']),
        eb(sql`lower(name->>'et')`, 'in', names.length ? names : ['']),
        eb(sql`lower(name->>'en')`, 'in', names.length ? names : ['']),
        eb(sql`lower(name->>'sv')`, 'in', names.length ? names : ['']),
        ...(candidate.host ? [eb(sql`substring(website from '^https?://(?:www\\.)?([^/:]+)')`, '=', candidate.host)] : []),
      ]),
    )
    .orderBy(sql`slug = ${candidate.slug}`, 'desc')
    .limit(1)
    .executeTakeFirst();
}
