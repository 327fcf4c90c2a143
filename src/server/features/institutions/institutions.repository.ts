import { sql, type Kysely, type Selectable } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import type { Domain, InstitutionCountry, InstitutionType } from '../../../shared/register.ts';
import type { InstitutionCreate, InstitutionPatch } from '../../../shared/schemas/institutions.ts';
import type { InstitutionsTable } from './institutions.tables.ts';
import { phrasePattern } from '../../lib/search-words.ts';

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

/** How well an institution matched its search, best first: 0 a name or short name is the words, 1 one starts with them, 2 the rest. */
function nameRank(q: string) {
  const words = q.trim().split(/\s+/).join(' ');
  return sql<number>`case when lower(short_name) = lower(${words}) or exists (select 1 from jsonb_each_text(name) n where lower(n.value) = lower(${words})) then 0
    when short_name ilike ${phrasePattern(q, 'starts')} or exists (select 1 from jsonb_each_text(name) n where n.value ilike ${phrasePattern(q, 'starts')}) then 1
    else 2 end`;
}

export async function listInstitutions(db: QueryBuilder, filter: InstitutionFilter) {
  let query = db.selectFrom('institutions');
  if (filter.country) query = query.where('country', '=', filter.country);
  if (filter.type) query = query.where('type', '=', filter.type);
  if (filter.domain) query = query.where(sql<boolean>`${filter.domain} = any(domains)`);
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb(sql`name::text`, 'ilike', pattern), eb('short_name', 'ilike', pattern)]));
  }
  const ranked = filter.sort === 'relevance' && Boolean(filter.q) && !filter.after;
  let page = query.selectAll().select(SORT_NAME.as('sort_name'));
  if (ranked) page = page.orderBy(nameRank(filter.q!));
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
  return { items, total: Number(total.n), next: last ? ([last.country, last.sort_name, last.id] as InstitutionKey) : null };
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
