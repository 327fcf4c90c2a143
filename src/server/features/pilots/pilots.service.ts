import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import { checkCommentGeometry } from '../../../shared/commentGeometry.ts';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import { isEditorRole, isStaffRole } from '../../../shared/roles.ts';
import type { CommentGeometry } from '../../../shared/schemas/geometry.ts';
import type { PilotCreate, PilotDetail, PilotKpi, PilotList, PilotListItem, PilotPatch, PilotQuery, PilotThing } from '../../../shared/schemas/pilots.ts';
import { isUuid } from '../../lib/refs.ts';
import { asYouType, localizedFields, SearchCollection } from '../../lib/search/collection.ts';
import type { SearchDocument } from '../../lib/search/engine.ts';
import type { AuthUser } from '../../plugins/auth.ts';
import { HttpProblem, problems, type FieldError } from '../../plugins/problems.ts';
import { attachmentJson, listAttachments } from '../attachments/attachments.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findDialogue } from '../dialogues/dialogues.repository.ts';
import { institutionRefs } from '../institutions/institutions.service.ts';
import * as repo from './pilots.repository.ts';
import { revokeAllPilotTokens } from './pilots.tokens.ts';

// ---- search ----

async function loadPilotDocuments(db: QueryBuilder): Promise<SearchDocument[]> {
  const rows = await db.selectFrom('pilots').select(['id', 'slug', 'name', 'description']).execute();
  return rows.map((row) => ({
    id: row.id,
    fields: [...localizedFields(row.name, 'title'), ...localizedFields(row.description, 'description'), { field: 'keywords' as const, lang: null, text: row.slug.replaceAll('-', ' ') }],
  }));
}

/** The pilots' names and descriptions in every language, and the slug's words, following `search_versions`. */
export const pilotsIndex = new SearchCollection('pilots', loadPilotDocuments);

// ---- reading ----

const canManage = (user: AuthUser | null) => Boolean(user && isEditorRole(user.role));
const staff = (user: AuthUser | null) => Boolean(user && isStaffRole(user.role));

export async function findPilot(db: QueryBuilder, idOrSlug: string): Promise<repo.PilotRow> {
  const row = await repo.findPilot(db, idOrSlug);
  if (!row) throw problems.notFound('pilot');
  return row;
}

function byStatusThenStart(a: repo.PilotRow, b: repo.PilotRow) {
  const order = { running: 0, planned: 1, completed: 2, cancelled: 3 };
  return order[a.status] - order[b.status] || (b.starts_on ?? '').localeCompare(a.starts_on ?? '') || a.slug.localeCompare(b.slug);
}

async function listItems(db: QueryBuilder, rows: repo.PilotRow[], withInternal: boolean): Promise<PilotListItem[]> {
  const ids = rows.map((row) => row.id);
  const [partners, places, counts] = await Promise.all([repo.partnersOf(db, ids), repo.placesOf(db, ids), repo.sensingCounts(db, ids, withInternal)]);
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    name: row.name,
    status: row.status,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    partners: partners
      .filter((p) => p.pilot_id === row.id)
      .map((p) => ({ institution: { id: p.id, name: p.name, shortName: p.short_name, country: p.country }, role: p.role })),
    places: places.filter((p) => p.pilot_id === row.id).map((p) => ({ id: p.id, name: p.name, geometry: p.geometry })),
    thingCount: counts.get(row.id)?.things ?? 0,
    datastreamCount: counts.get(row.id)?.datastreams ?? 0,
    isDemo: row.is_demo,
    updatedAt: row.updated_at.toISOString(),
  }));
}

export async function listPilots(db: QueryBuilder, user: AuthUser | null, query: PilotQuery): Promise<PilotList> {
  const { limit = 20, offset = 0 } = query;
  let select = db.selectFrom('pilots as p').select([...repo.PILOT_COLUMNS]).select(pilotsIndex.versionColumn().as('search_version'));
  if (query.status) select = select.where('p.status', '=', query.status);
  if (query.institution) select = select.where('p.id', 'in', db.selectFrom('pilot_partners').select('pilot_id').where('institution_id', '=', query.institution));
  if (query.country) {
    const country = query.country;
    select = select.where('p.id', 'in', db.selectFrom('pilot_partners as pp').innerJoin('institutions as i', 'i.id', 'pp.institution_id').select('pp.pilot_id').where('i.country', '=', country));
  }
  const read = async (ranked: Map<string, number> | null) => {
    const rows = (await select.execute()) as (repo.PilotRow & { search_version: number | string | null })[];
    const kept = ranked ? rows.filter((r) => ranked.has(r.id)).sort((a, b) => ranked.get(a.id)! - ranked.get(b.id)! || byStatusThenStart(a, b)) : rows.sort(byStatusThenStart);
    const items = await listItems(db, kept.slice(offset, offset + limit), staff(user));
    return { version: rows.length ? Number(rows[0].search_version) : null, result: { items, total: kept.length, limit, offset } };
  };
  const q = query.q?.trim();
  if (!q) return (await read(null)).result;
  return pilotsIndex.answer(db, async (loaded) => {
    const found = loaded.index.search(asYouType(loaded.index, q));
    const ranked = new Map<string, number>();
    for (let at = 0; at < found.count; at++) ranked.set(found.idAt(at), at);
    return read(ranked);
  });
}

/** A pilot's Things with their datastreams, as the page lists them. */
function groupThings(rows: repo.ThingRow[]): PilotThing[] {
  const things = new Map<string, PilotThing>();
  for (const row of rows) {
    let thing = things.get(row.thing_id);
    if (!thing) things.set(row.thing_id, (thing = { id: Number(row.thing_id), name: row.thing_name, description: row.thing_description, datastreams: [] }));
    if (row.datastream_id) {
      thing.datastreams.push({ id: Number(row.datastream_id), name: row.datastream_name!, unit: row.unit, observedProperty: row.observed_property, phenomenonEnd: row.phenomenon_end?.toISOString() ?? null });
    }
  }
  return [...things.values()];
}

async function kpisOf(db: QueryBuilder, pilot: repo.PilotRow, withInternal: boolean): Promise<PilotKpi[]> {
  const rows = await db
    .selectFrom('pilot_kpis as k')
    .leftJoin('indicators as i', 'i.id', 'k.indicator_id')
    .select(['k.id', 'k.name', 'k.datastream_id', 'k.target', 'k.unit', 'k.measure', 'i.id as indicator_id', 'i.slug as indicator_slug', 'i.name as indicator_name'])
    .where('k.pilot_id', '=', pilot.id)
    .orderBy('k.position')
    .execute();
  const streams = await repo.datastreamFacts(db, rows.flatMap((row) => (row.datastream_id ? [String(row.datastream_id)] : [])));
  return Promise.all(
    rows.map(async (row) => {
      const stream = row.datastream_id ? streams.get(String(row.datastream_id)) : undefined;
      const visible = stream && (withInternal || !stream.internal) ? stream : null;
      const reading = visible ? await repo.datastreamValue(db, visible.id, row.measure, pilot.starts_on, pilot.ends_on) : { value: null, at: null };
      return {
        id: row.id,
        name: row.name,
        indicator: row.indicator_id ? { id: row.indicator_id, slug: row.indicator_slug!, name: row.indicator_name as LocalizedTextValue } : null,
        datastream: visible ? { id: Number(visible.id), name: visible.name } : null,
        target: row.target,
        unit: row.unit,
        measure: row.measure,
        value: reading.value,
        valueAt: reading.at?.toISOString() ?? null,
      };
    }),
  );
}

export async function getPilot(db: QueryBuilder, user: AuthUser | null, row: repo.PilotRow, datasetName: string | null): Promise<PilotDetail> {
  const withInternal = staff(user);
  const [[item], goals, kpis, results, dialogues, documents, things] = await Promise.all([
    listItems(db, [row], withInternal),
    db.selectFrom('pilot_goals').select(['id', 'text']).where('pilot_id', '=', row.id).orderBy('position').execute(),
    kpisOf(db, row, withInternal),
    db.selectFrom('pilot_results').select(['id', sql<string>`on_date::text`.as('on'), 'text']).where('pilot_id', '=', row.id).orderBy('on_date', 'desc').execute(),
    linkedDialogues(db, row.id, withInternal),
    listAttachments(db, repo.filesOf(row.id)),
    repo.thingsOf(db, row.id, withInternal),
  ]);
  return {
    ...item,
    description: row.description,
    goals,
    kpis,
    results: results.map((r) => ({ id: r.id, on: r.on, text: r.text })),
    dialogues: dialogues.map((d) => ({ id: d.id, ref: d.ref, title: d.title, type: d.type, startsAt: d.starts_at.toISOString(), state: d.state })),
    documents: documents.map((file) => attachmentJson(file, `/api/pilots/${row.slug}/documents`)),
    things: groupThings(things),
    dataset: datasetName,
    createdAt: row.created_at.toISOString(),
    viewer: { canManage: canManage(user) },
  };
}

function linkedDialogues(db: QueryBuilder, pilotId: string, includeInternal: boolean) {
  let query = db
    .selectFrom('pilot_dialogues as l')
    .innerJoin('dialogues as d', 'd.id', 'l.dialogue_id')
    .select(['d.id', 'd.ref', 'd.title', 'd.type', 'd.starts_at', 'd.state'])
    .where('l.pilot_id', '=', pilotId);
  if (!includeInternal) query = query.where('d.visibility', '=', 'public');
  return query.orderBy('d.starts_at').execute();
}

// ---- writing ----

interface Resolved {
  partners?: { institutionId: string; role: string }[];
  places?: { name: LocalizedTextValue; geometry: CommentGeometry; bbox: { minLon: number; minLat: number; maxLon: number; maxLat: number } }[];
  kpis?: { name: LocalizedTextValue; indicatorId: string | null; datastreamId: number | null; target: number | null; unit: string | null; measure: 'latest' | 'mean' }[];
  dialogues?: string[];
}

/**
 * Checks what the schema cannot (the institutions, indicators, datastreams and dialogues named
 * exist, the places are real places in the twin region, the period runs forward) and resolves the
 * references to ids; every fault is a field error, all of them in one answer, before anything is
 * written. A place outside the region is 422 `outside-region`, as a map comment's is.
 */
async function resolve(db: QueryBuilder, input: PilotPatch, current: { starts_on: string | null; ends_on: string | null } | null): Promise<Resolved> {
  const errors: FieldError[] = [];
  const outside: FieldError[] = [];
  const resolved: Resolved = {};
  const startsOn = input.startsOn !== undefined ? input.startsOn : (current?.starts_on ?? null);
  const endsOn = input.endsOn !== undefined ? input.endsOn : (current?.ends_on ?? null);
  if (startsOn && endsOn && endsOn < startsOn) errors.push({ path: 'body/endsOn', code: 'end-before-start', message: 'is before the start' });
  if (input.partners) {
    const known = await institutionRefs(db, input.partners.map((p) => p.institutionId));
    const seen = new Set<string>();
    input.partners.forEach((p, i) => {
      if (!known.has(p.institutionId)) errors.push({ path: `body/partners/${i}/institutionId`, code: 'unknown-institution', message: 'is not a known institution' });
      else if (seen.has(p.institutionId)) errors.push({ path: `body/partners/${i}/institutionId`, code: 'duplicate', message: 'is already a partner' });
      seen.add(p.institutionId);
    });
    resolved.partners = input.partners;
  }
  if (input.places) {
    resolved.places = [];
    input.places.forEach((place, i) => {
      const check = checkCommentGeometry(place.geometry, `body/places/${i}/geometry`);
      if (check.ok) resolved.places!.push({ name: place.name, geometry: check.geometry, bbox: check.bbox });
      else for (const error of check.errors) (error.code === 'outside-region' ? outside : errors).push(error);
    });
  }
  if (input.kpis) {
    const streams = await repo.existingDatastreams(db, input.kpis.flatMap((k) => (k.datastreamId ? [k.datastreamId] : [])));
    resolved.kpis = [];
    for (const [i, kpi] of input.kpis.entries()) {
      let indicatorId: string | null = null;
      if (kpi.indicator) {
        const found = await db.selectFrom('indicators').select('id').where(isUuid(kpi.indicator) ? 'id' : 'slug', '=', kpi.indicator).executeTakeFirst();
        if (found) indicatorId = found.id;
        else errors.push({ path: `body/kpis/${i}/indicator`, code: 'unknown-indicator', message: 'is not a known indicator' });
      }
      if (kpi.datastreamId && !streams.has(kpi.datastreamId)) errors.push({ path: `body/kpis/${i}/datastreamId`, code: 'unknown-datastream', message: 'is not a SensorThings datastream' });
      if (!kpi.indicator && !kpi.datastreamId) errors.push({ path: `body/kpis/${i}`, code: 'kpi-without-source', message: 'needs an indicator or a datastream to be read from' });
      resolved.kpis.push({ name: kpi.name, indicatorId, datastreamId: kpi.datastreamId ?? null, target: kpi.target ?? null, unit: kpi.unit ?? null, measure: kpi.measure ?? 'latest' });
    }
  }
  if (input.dialogues) {
    const found = await Promise.all(input.dialogues.map((value) => findDialogue(db, value)));
    found.forEach((row, i) => {
      if (!row) errors.push({ path: `body/dialogues/${i}`, code: 'unknown-dialogue', message: 'is not a known dialogue' });
    });
    resolved.dialogues = [...new Set(found.flatMap((row) => (row ? [row.id] : [])))];
  }
  if (errors.length) throw problems.badRequest('Some fields of the pilot were not accepted.', errors);
  if (outside.length) throw new HttpProblem(422, 'outside-region', 'Outside the region', 'A place of the pilot lies outside the twin region.', { errors: outside });
  return resolved;
}

/** Replaces each list the input names (a list left out stays as it was). */
async function writeLists(trx: QueryBuilder, pilotId: string, input: PilotPatch, resolved: Resolved) {
  if (resolved.partners) {
    await trx.deleteFrom('pilot_partners').where('pilot_id', '=', pilotId).execute();
    if (resolved.partners.length) {
      await trx.insertInto('pilot_partners').values(resolved.partners.map((p, position) => ({ pilot_id: pilotId, institution_id: p.institutionId, role: p.role as 'lead', position }))).execute();
    }
  }
  if (resolved.places) {
    await trx.deleteFrom('pilot_places').where('pilot_id', '=', pilotId).execute();
    if (resolved.places.length) {
      await trx
        .insertInto('pilot_places')
        .values(resolved.places.map((p, position) => ({ pilot_id: pilotId, position, name: JSON.stringify(p.name), geometry: JSON.stringify(p.geometry), min_lon: p.bbox.minLon, min_lat: p.bbox.minLat, max_lon: p.bbox.maxLon, max_lat: p.bbox.maxLat })))
        .execute();
    }
  }
  if (input.goals) {
    await trx.deleteFrom('pilot_goals').where('pilot_id', '=', pilotId).execute();
    if (input.goals.length) await trx.insertInto('pilot_goals').values(input.goals.map((text, position) => ({ pilot_id: pilotId, position, text: JSON.stringify(text) }))).execute();
  }
  if (resolved.kpis) {
    await trx.deleteFrom('pilot_kpis').where('pilot_id', '=', pilotId).execute();
    if (resolved.kpis.length) {
      await trx
        .insertInto('pilot_kpis')
        .values(resolved.kpis.map((k, position) => ({ pilot_id: pilotId, position, name: JSON.stringify(k.name), indicator_id: k.indicatorId, datastream_id: k.datastreamId, target: k.target, unit: k.unit, measure: k.measure })))
        .execute();
    }
  }
  if (input.results) {
    await trx.deleteFrom('pilot_results').where('pilot_id', '=', pilotId).execute();
    if (input.results.length) await trx.insertInto('pilot_results').values(input.results.map((r) => ({ pilot_id: pilotId, on_date: r.on, text: JSON.stringify(r.text) }))).execute();
  }
  if (resolved.dialogues) {
    await trx.deleteFrom('pilot_dialogues').where('pilot_id', '=', pilotId).execute();
    if (resolved.dialogues.length) await trx.insertInto('pilot_dialogues').values(resolved.dialogues.map((dialogue_id) => ({ pilot_id: pilotId, dialogue_id }))).execute();
  }
}

async function slugTaken(db: QueryBuilder, slug: string, exceptId?: string) {
  let query = db.selectFrom('pilots').select('id').where('slug', '=', slug);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return Boolean(await query.executeTakeFirst());
}

/** Which lists a change touched, for the audit entry. */
const changedFields = (input: PilotPatch) => Object.keys(input).sort();

/** Creates a pilot as `actorId` (an editor, or the demo's editor); `demo` labels it demo content. */
export async function createPilot(db: QueryBuilder, actorId: string | null, input: PilotCreate, demo = false): Promise<{ id: string; slug: string }> {
  const resolved = await resolve(db, input, null);
  if (await slugTaken(db, input.slug)) throw problems.conflict('slug-taken', `A pilot already has the slug ${input.slug}.`);
  return db.transaction().execute(async (trx) => {
    const created = await trx
      .insertInto('pilots')
      .values({
        slug: input.slug,
        name: JSON.stringify(input.name),
        description: JSON.stringify(input.description ?? {}),
        status: input.status ?? 'planned',
        starts_on: input.startsOn ?? null,
        ends_on: input.endsOn ?? null,
        created_by: actorId,
        is_demo: demo,
      })
      .returning(['id', 'slug'])
      .executeTakeFirstOrThrow();
    await writeLists(trx, created.id, input, resolved);
    await recordAudit(trx, { actorId, action: 'pilot.created', entityType: 'pilot', entityId: created.id, details: { slug: created.slug } });
    return created;
  });
}

export async function updatePilot(db: QueryBuilder, editor: AuthUser, row: repo.PilotRow, patch: PilotPatch): Promise<void> {
  const resolved = await resolve(db, patch, row);
  if (patch.slug && patch.slug !== row.slug && (await slugTaken(db, patch.slug, row.id))) throw problems.conflict('slug-taken', `A pilot already has the slug ${patch.slug}.`);
  await db.transaction().execute(async (trx) => {
    if (!(await trx.selectFrom('pilots').select('id').where('id', '=', row.id).forUpdate().executeTakeFirst())) throw problems.notFound('pilot');
    await trx
      .updateTable('pilots')
      .set({
        ...(patch.slug !== undefined ? { slug: patch.slug } : {}),
        ...(patch.name !== undefined ? { name: JSON.stringify(patch.name) } : {}),
        ...(patch.description !== undefined ? { description: JSON.stringify(patch.description) } : {}),
        ...(patch.status !== undefined ? { status: patch.status } : {}),
        ...(patch.startsOn !== undefined ? { starts_on: patch.startsOn } : {}),
        ...(patch.endsOn !== undefined ? { ends_on: patch.endsOn } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', row.id)
      .execute();
    await writeLists(trx, row.id, patch, resolved);
    await recordAudit(trx, { actorId: editor.id, action: 'pilot.updated', entityType: 'pilot', entityId: row.id, details: { fields: changedFields(patch), ...(patch.status && patch.status !== row.status ? { from: row.status, to: patch.status } : {}) } });
  });
}

/** Deletes a pilot: its Things stay (without a pilot), its write tokens are revoked, its documents go. */
export async function deletePilot(db: QueryBuilder, editor: AuthUser, row: repo.PilotRow): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const revoked = await revokeAllPilotTokens(trx, row.id);
    await trx.deleteFrom('pilots').where('id', '=', row.id).execute();
    await recordAudit(trx, { actorId: editor.id, action: 'pilot.deleted', entityType: 'pilot', entityId: row.id, details: { slug: row.slug, tokensRevoked: revoked } });
  });
}
