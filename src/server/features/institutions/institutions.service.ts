import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Institution, InstitutionCreate, InstitutionPatch, InstitutionRef } from '../../../shared/schemas/institutions.ts';
import { problems } from '../../plugins/problems.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as repo from './institutions.repository.ts';
import { REAL_INSTITUTIONS } from './institutions.seed.ts';

type Db = Kysely<Database>;

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
  };
}

export function toInstitutionRef(row: repo.InstitutionRow): InstitutionRef {
  return { id: row.id, name: row.name, shortName: row.short_name, country: row.country };
}

export async function listInstitutions(db: Db, filter: repo.InstitutionFilter) {
  const { items, total } = await repo.listInstitutions(db, filter);
  return { items: items.map(toInstitution), total, limit: filter.limit, offset: filter.offset };
}

export async function getInstitution(db: Db, idOrSlug: string): Promise<Institution> {
  const row = await repo.findInstitution(db, idOrSlug);
  if (!row) throw problems.notFound('institution');
  return toInstitution(row);
}

/** Institutions by id, for features that show who is responsible or who answered. */
export async function institutionRefs(db: Db, ids: string[]): Promise<Map<string, InstitutionRef>> {
  const rows = await repo.findInstitutionsByIds(db, [...new Set(ids)]);
  return new Map(rows.map((row) => [row.id, toInstitutionRef(row)]));
}

/** Throws a field error when an institution the caller names does not exist. */
export async function requireInstitution(db: Db, id: string, path: string): Promise<repo.InstitutionRow> {
  const row = await repo.findInstitution(db, id);
  if (!row) throw problems.badRequest('The institution named does not exist.', [{ path, message: 'is not a known institution' }]);
  return row;
}

export async function createInstitution(db: Db, actorId: string, input: InstitutionCreate): Promise<Institution> {
  return db.transaction().execute(async (trx) => {
    if (await repo.findInstitution(trx, input.slug)) throw problems.conflict('slug-taken', 'Another institution already has this slug.');
    if (input.parentId) await requireInstitution(trx, input.parentId, 'body/parentId');
    const row = await repo.insertInstitution(trx, input);
    await recordAudit(trx, { actorId, action: 'institution.created', entityType: 'institution', entityId: row.id, details: { slug: row.slug } });
    return toInstitution(row);
  });
}

export async function updateInstitution(db: Db, actorId: string, id: string, patch: InstitutionPatch): Promise<Institution> {
  return db.transaction().execute(async (trx) => {
    const before = await repo.findInstitution(trx, id);
    if (!before) throw problems.notFound('institution');
    if (patch.parentId) {
      await requireInstitution(trx, patch.parentId, 'body/parentId');
      if (patch.parentId === before.id || (await repo.wouldCycle(trx, before.id, patch.parentId))) {
        throw problems.badRequest('An institution cannot be its own ancestor.', [{ path: 'body/parentId', message: 'would create a cycle' }]);
      }
    }
    const row = await repo.updateInstitution(trx, before.id, patch);
    await recordAudit(trx, { actorId, action: 'institution.updated', entityType: 'institution', entityId: before.id, details: { before: toInstitution(before), changes: patch } });
    return toInstitution(row!);
  });
}

/** The real institutions of both countries and the EU; added once, editors keep them current. */
export async function seedInstitutions(db: Db): Promise<void> {
  for (const institution of REAL_INSTITUTIONS) await repo.upsertInstitutionBySlug(db, institution);
}
