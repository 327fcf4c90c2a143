import type { Kysely } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import type { Institution, InstitutionCreate, InstitutionPatch, InstitutionRef } from '../../../shared/schemas/institutions.ts';
import type { InstitutionCountry } from '../../../shared/register.ts';
import { problems } from '../../plugins/problems.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { hostOf, slugify } from '../../lib/names.ts';
import { isUuid } from '../../lib/refs.ts';
import { matchesOf } from '../../lib/search/matches.ts';
import * as repo from './institutions.repository.ts';
import { REAL_INSTITUTIONS } from './institutions.seed.ts';


export function toInstitution(row: repo.InstitutionRow): Institution {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    shortName: row.short_name,
    country: row.country,
    type: row.type,
    website: row.website,
    domains: row.domains,
    parentId: row.parent_id,
    createdAt: row.created_at.toISOString(),
  };
}

export function toInstitutionRef(row: repo.InstitutionRow): InstitutionRef {
  return { id: row.id, name: row.name, shortName: row.short_name, country: row.country };
}

/** A keyset cursor as the API gives it: opaque to clients (base64url of the sort key's JSON). */
export function encodeCursor(key: repo.InstitutionKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The sort key a cursor holds, or a 400 for one this server did not give. */
export function decodeCursor(after: string): repo.InstitutionKey {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
  } catch {
    key = null;
  }
  if (!Array.isArray(key) || key.length !== 3 || !key.every((part) => typeof part === 'string') || !UUID.test(key[2])) {
    throw problems.badRequest('after is not a cursor this list gave.', [{ path: 'querystring/after', code: 'invalid-cursor', message: 'is not a cursor this list gave' }]);
  }
  return key as repo.InstitutionKey;
}

export async function listInstitutions(db: QueryBuilder, filter: Omit<repo.InstitutionFilter, 'after'> & { after?: string }) {
  const after = filter.after ? decodeCursor(filter.after) : undefined;
  const { items, total, next, search } = await repo.listInstitutions(db, { ...filter, after });
  const list = { items: items.map(toInstitution), total, limit: filter.limit, offset: after ? 0 : filter.offset, next: next ? encodeCursor(next) : null };
  if (!search) return list;
  // Where each found institution matched, in its texts as the directory shows them.
  const matches = matchesOf(
    search.result,
    list.items.map((item) => ({
      id: item.id,
      texts: [...Object.entries(item.name).map(([lang, text]) => ({ field: 'name', lang, text: text! })), ...(item.shortName ? [{ field: 'shortName', lang: null, text: item.shortName }] : [])],
    })),
  );
  return { ...list, matches, ...(search.didYouMean ? { didYouMean: search.didYouMean } : {}) };
}

export async function getInstitution(db: QueryBuilder, idOrSlug: string): Promise<Institution> {
  const row = await repo.findInstitution(db, idOrSlug);
  if (!row) throw problems.notFound('institution');
  return toInstitution(row);
}

/** Institutions by id, for features that show who is responsible or who answered. */
export async function institutionRefs(db: QueryBuilder, ids: string[]): Promise<Map<string, InstitutionRef>> {
  const rows = await repo.findInstitutionsByIds(db, [...new Set(ids)]);
  return new Map(rows.map((row) => [row.id, toInstitutionRef(row)]));
}

/** Whole institutions by id (the CKAN API names organisations by slug). */
export async function institutionsByIds(db: QueryBuilder, ids: string[]): Promise<Map<string, Institution>> {
  const rows = await repo.findInstitutionsByIds(db, [...new Set(ids)]);
  return new Map(rows.map((row) => [row.id, toInstitution(row)]));
}

/** Throws a field error when an institution the caller names does not exist. */
export async function requireInstitution(db: QueryBuilder, id: string, path: string): Promise<repo.InstitutionRow> {
  const row = await repo.findInstitution(db, id);
  if (!row) throw problems.badRequest('The institution named does not exist.', [{ path, code: 'unknown-institution', message: 'is not a known institution' }]);
  return row;
}

export async function createInstitution(db: QueryBuilder, actorId: string, input: InstitutionCreate): Promise<Institution> {
  return db.transaction().execute(async (trx) => {
    if (await repo.findInstitution(trx, input.slug)) throw problems.conflict('slug-taken', 'Another institution already has this slug.');
    if (input.parentId) await requireInstitution(trx, input.parentId, 'body/parentId');
    const row = await repo.insertInstitution(trx, input);
    await recordAudit(trx, { actorId, action: 'institution.created', entityType: 'institution', entityId: row.id, details: { slug: row.slug } });
    return toInstitution(row);
  });
}

export async function updateInstitution(db: QueryBuilder, actorId: string, id: string, patch: InstitutionPatch): Promise<Institution> {
  return db.transaction().execute(async (trx) => {
    const before = await repo.findInstitution(trx, id);
    if (!before) throw problems.notFound('institution');
    if (patch.parentId) {
      await requireInstitution(trx, patch.parentId, 'body/parentId');
      if (patch.parentId === before.id || (await repo.wouldCycle(trx, before.id, patch.parentId))) {
        throw problems.badRequest('An institution cannot be its own ancestor.', [{ path: 'body/parentId', code: 'ancestor-cycle', message: 'would create a cycle' }]);
      }
    }
    const row = await repo.updateInstitution(trx, before.id, patch);
    await recordAudit(trx, { actorId, action: 'institution.updated', entityType: 'institution', entityId: before.id, details: { before: toInstitution(before), changes: patch } });
    return toInstitution(row!);
  });
}

/** A publisher as a harvested source names it. */
export interface PublisherCandidate {
  key: string;
  name: Partial<Record<'fi' | 'et' | 'en' | 'sv' | 'ru', string>>;
  homepage?: string | null;
  country: InstitutionCountry;
}

function slugFrom(value: string): string {
  const slug = slugify(value, 70);
  return slug.length >= 2 ? slug : `publisher-${slug || 'x'}`;
}

/**
 * The directory's institution for a harvested publisher: the one with its slug, one of its names
 * or its website; a publisher the directory does not know yet is added to it (and audited), so
 * every dataset's publisher is an institution people can find and editors can correct.
 */
export async function institutionForPublisher(db: QueryBuilder, candidate: PublisherCandidate): Promise<string> {
  const names = Object.values(candidate.name).filter((name): name is string => Boolean(name));
  const slug = slugFrom(candidate.key.replace(/^https?:\/\/[^/]+\//, '') || names[0] || 'publisher');
  const host = hostOf(candidate.homepage);
  const found = await repo.findInstitutionLike(db, { slug, names, host });
  if (found) return found.id;
  const website = host && candidate.homepage && /^https?:\/\//.test(candidate.homepage) && candidate.homepage.length <= 500 ? candidate.homepage : null;
  const input: InstitutionCreate = {
    slug: (await repo.findInstitution(db, slug)) ? `${slug.slice(0, 60)}-${Date.now().toString(36)}` : slug,
    name: Object.fromEntries(Object.entries(candidate.name).map(([lang, text]) => [lang, text!.slice(0, 300)])),
    country: candidate.country,
    type: 'public_service_provider',
    website,
  };
  // Another writer may add the same publisher at this moment: the one that loses takes the winner's.
  const row = await db.insertInto('institutions').values({ slug: input.slug, name: JSON.stringify(input.name), country: input.country, type: input.type, website: input.website ?? null })
    .onConflict((oc) => oc.column('slug').doNothing()).returning('id').executeTakeFirst();
  if (!row) return (await repo.findInstitution(db, input.slug))!.id;
  await recordAudit(db, { actorId: null, action: 'institution.created', entityType: 'institution', entityId: row.id, details: { slug: input.slug, from: 'harvest', key: candidate.key } });
  return row.id;
}

/** The real institutions of both countries and the EU; added once, editors keep them current. */
export async function seedInstitutions(db: QueryBuilder): Promise<void> {
  for (const institution of REAL_INSTITUTIONS) await repo.upsertInstitutionBySlug(db, institution);
}
