import { REGION_AREAS, type SeededRegionSlug } from '../../../shared/region-areas.ts';
import { sql, type Selectable } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import {
  COMPARE_MAX,
  COMPARE_MIN,
  type CriterionCreate,
  type CriterionPatch,
  type FigureCreate,
  type LessonCreate,
  type RegionCreate,
  type RegionPatch,
  type SourceCreate,
  type LegalForm,
  type LessonList,
  type LessonQuery,
  type RegionComparison,
  type RegionDetail,
  type RegionLesson,
  type RegionList,
  type RegionQuery,
  type RegionScore,
  type RegionSource,
  type RegionSummary,
  type ScoreBoard,
  type ScoreCriterion,
  type ScorePut,
} from '../../../shared/schemas/regions.ts';
import { problems } from '../../plugins/problems.ts';
import { isUuid } from '../../lib/refs.ts';
import { asYouType, localizedFields, SearchCollection } from '../../lib/search/collection.ts';
import type { SearchDocument } from '../../lib/search/engine.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { citationsOf } from './regions.citations.ts';
import type { RegionsTable, ScoreCriteriaTable, RegionScoresTable } from './regions.tables.ts';

/**
 * The benchmark library of cross-border regions (issue 17 §1): reads for everyone, the criteria
 * and scores for editors. Ten regions, dozens of rows each: a detail reads its rows in a handful
 * of small queries, and the list's search is the project's engine over the regions' names.
 */

type RegionRow = Selectable<RegionsTable>;

const loc = (value: LocalizedTextValue | null | undefined): LocalizedTextValue | null => (value && Object.keys(value).length > 0 ? value : null);

function toSummary(row: RegionRow): RegionSummary {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    countries: row.countries,
    foundedYear: row.founded_year,
    foundedOn: row.founded_on,
    legalForm: row.legal_form as LegalForm | null,
    legalFormNote: loc(row.legal_form_note),
    themes: row.themes,
    languages: row.languages,
    nutsIds: row.nuts_ids,
    isHome: row.is_home,
  };
}

const REGION_COLUMNS = [
  'id', 'slug', 'name', 'countries', 'founded_year', sql<string | null>`founded_on::text`.as('founded_on'), 'legal_form', 'legal_form_note', 'founding_basis', 'seat',
  'secretariat', 'themes', 'languages', 'nuts_ids', 'field_sources', 'is_home', 'seeded', 'created_at', 'updated_at',
] as const;

function regionsQuery(db: QueryBuilder) {
  return db.selectFrom('regions').select([...REGION_COLUMNS]);
}

// ---------------------------------------------------------------------------------------------
// Search

type RegionDocument = SearchDocument;

async function loadRegionDocuments(db: QueryBuilder): Promise<RegionDocument[]> {
  const rows = await db.selectFrom('regions').select(['id', 'name', 'slug', 'countries']).execute();
  return rows.map((row) => ({ id: row.id, fields: [...localizedFields(row.name, 'title'), { field: 'keywords' as const, lang: null, text: row.slug.replaceAll('-', ' ') }], concepts: row.countries.map((c) => `country:${c}`) }));
}

/** The regions' search index (their names in every language, and the slug's words), following `search_versions`. */
export const regionsIndex = new SearchCollection<RegionDocument>('regions', loadRegionDocuments);

/** Orders regions by their English name (else any), as the list shows them. */
function byName(a: RegionRow, b: RegionRow): number {
  const name = (r: RegionRow) => r.name.en ?? r.name.fi ?? r.name.et ?? r.slug;
  return name(a).localeCompare(name(b), 'en') || a.id.localeCompare(b.id);
}

export async function listRegions(db: QueryBuilder, query: RegionQuery): Promise<RegionList> {
  const { limit = 20, offset = 0 } = query;
  let select = regionsQuery(db).select(regionsIndex.versionColumn().as('search_version'));
  if (query.country) select = select.where(sql<boolean>`${query.country} = any(countries)`);
  if (query.legalForm) select = select.where('legal_form', '=', query.legalForm);
  if (query.theme) select = select.where(sql<boolean>`${query.theme} = any(themes)`);
  const q = query.q?.trim();
  const read = async (ranked: Map<string, number> | null) => {
    const rows = (await select.execute()) as (RegionRow & { search_version: number | string | null })[];
    const kept = ranked ? rows.filter((r) => ranked.has(r.id)).sort((a, b) => ranked.get(a.id)! - ranked.get(b.id)! || byName(a, b)) : rows.sort(byName);
    return { version: rows.length ? Number(rows[0].search_version) : null, result: { items: kept.slice(offset, offset + limit).map(toSummary), total: kept.length, limit, offset } };
  };
  if (!q) return (await read(null)).result;
  return regionsIndex.answer(db, async (loaded) => {
    const found = loaded.index.search(asYouType(loaded.index, q));
    const ranked = new Map<string, number>();
    for (let at = 0; at < found.count; at++) ranked.set(found.idAt(at), at);
    return read(ranked);
  });
}

// ---------------------------------------------------------------------------------------------
// One region, and several side by side

async function findRegionRow(db: QueryBuilder, idOrSlug: string): Promise<RegionRow | undefined> {
  return (await regionsQuery(db).where(isUuid(idOrSlug) ? 'id' : 'slug', '=', idOrSlug).executeTakeFirst()) as RegionRow | undefined;
}

export async function requireRegion(db: QueryBuilder, idOrSlug: string): Promise<RegionRow> {
  const row = await findRegionRow(db, idOrSlug);
  if (!row) throw problems.notFound('region');
  return row;
}

function toSource(row: { id: string; tag: string; url: string; title: string; kind: RegionSource['kind'] }): RegionSource {
  return { id: row.id, tag: row.tag, url: row.url, title: row.title, kind: row.kind };
}

function toScore(row: Selectable<RegionScoresTable>): RegionScore {
  return { regionId: row.region_id, criterionId: row.criterion_id, score: row.score, rationale: row.rationale, isDemo: row.is_demo, scoredAt: row.scored_at.toISOString() };
}

/** The lessons of the regions given (all when null), filtered, each with its region and sources. */
async function readLessons(db: QueryBuilder, regionIds: string[] | null): Promise<RegionLesson[]> {
  let query = db
    .selectFrom('region_lessons as l')
    .innerJoin('regions as r', 'r.id', 'l.region_id')
    .select(['l.id', 'l.ref', 'l.region_id', 'r.slug', 'r.name as region_name', 'l.text', 'l.themes', 'l.year', 'l.source_ids', 'l.seeded'])
    .orderBy('l.ref');
  if (regionIds) {
    if (regionIds.length === 0) return [];
    query = query.where('l.region_id', 'in', regionIds);
  }
  const rows = await query.execute();
  const sourceIds = [...new Set(rows.flatMap((r) => r.source_ids))];
  const [sources, citations] = await Promise.all([
    sourceIds.length ? db.selectFrom('region_sources').select(['id', 'tag', 'url', 'title', 'kind']).where('id', 'in', sourceIds).execute() : Promise.resolve([]),
    citationsOf(db, rows.map((r) => r.id)),
  ]);
  const byId = new Map(sources.map((s) => [s.id, toSource(s)]));
  return rows.map((r) => ({
    id: r.id,
    ref: r.ref,
    regionId: r.region_id,
    regionSlug: r.slug,
    regionName: r.region_name,
    text: r.text,
    themes: r.themes,
    year: r.year,
    sourceIds: r.source_ids,
    sources: r.source_ids.map((id) => byId.get(id)).filter((s): s is RegionSource => s !== undefined),
    seeded: r.seeded,
    citedBy: citations.get(r.id) ?? [],
  }));
}

async function detailOf(db: QueryBuilder, row: RegionRow): Promise<RegionDetail> {
  const id = row.id;
  const [sources, figures, members, bodies, events, lessons, scores] = await Promise.all([
    db.selectFrom('region_sources').select(['id', 'tag', 'url', 'title', 'kind']).where('region_id', '=', id).orderBy('position').orderBy('tag').execute(),
    db.selectFrom('region_figures').selectAll().where('region_id', '=', id).orderBy('position').execute(),
    db.selectFrom('region_members').selectAll().where('region_id', '=', id).orderBy('position').execute(),
    db.selectFrom('region_bodies').selectAll().where('region_id', '=', id).orderBy('position').execute(),
    db.selectFrom('region_events').selectAll().where('region_id', '=', id).orderBy('position').execute(),
    readLessons(db, [id]),
    db.selectFrom('region_scores').selectAll().where('region_id', '=', id).execute(),
  ]);
  return {
    ...toSummary(row),
    foundingBasis: loc(row.founding_basis),
    seat: loc(row.seat),
    secretariat: loc(row.secretariat),
    fieldSources: row.field_sources,
    sources: sources.map(toSource),
    figures: figures.map((f) => ({
      id: f.id,
      kind: f.kind as RegionDetail['figures'][number]['kind'],
      value: Number(f.value),
      unit: f.unit,
      qualifier: f.qualifier,
      year: f.year,
      periodFrom: f.period_from,
      periodTo: f.period_to,
      label: loc(f.label),
      note: loc(f.note),
      sourceIds: f.source_ids,
      seeded: f.seeded,
    })),
    members: members.map((m) => ({ id: m.id, name: m.name, country: m.country, level: m.level, sourceIds: m.source_ids })),
    bodies: bodies.map((b) => ({ id: b.id, name: b.name, role: loc(b.role), cadence: loc(b.cadence), size: b.size, sourceIds: b.source_ids })),
    events: events.map((e) => ({ id: e.id, on: e.on_text, what: e.what, sourceIds: e.source_ids })),
    lessons,
    scores: scores.map(toScore),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function getRegion(db: QueryBuilder, idOrSlug: string): Promise<RegionDetail> {
  return detailOf(db, await requireRegion(db, idOrSlug));
}

/** `ids` as the address gives them: 2–4 distinct ids or slugs, else a 400 naming `ids`. */
export function parseCompareIds(ids: string): string[] {
  const list = ids.split(',').map((id) => id.trim()).filter((id) => id !== '');
  const path = 'querystring/ids';
  if (new Set(list).size !== list.length) throw problems.badRequest('A region is named twice.', [{ path, code: 'duplicate', message: 'A region is named twice.' }]);
  if (list.length < COMPARE_MIN) throw problems.badRequest(`Compare at least ${COMPARE_MIN} regions.`, [{ path, code: 'too-few', params: { limit: COMPARE_MIN }, message: `Name at least ${COMPARE_MIN} regions.` }]);
  if (list.length > COMPARE_MAX) throw problems.badRequest(`Compare at most ${COMPARE_MAX} regions.`, [{ path, code: 'too-many', params: { limit: COMPARE_MAX }, message: `Name at most ${COMPARE_MAX} regions.` }]);
  return list;
}

export async function compareRegions(db: QueryBuilder, ids: string): Promise<RegionComparison> {
  const list = parseCompareIds(ids);
  const rows = await Promise.all(list.map((id) => findRegionRow(db, id)));
  const unknown = list.filter((_, at) => !rows[at]);
  if (unknown.length > 0) throw problems.badRequest(`No such region: ${unknown.join(', ')}.`, [{ path: 'querystring/ids', code: 'invalid', message: `No such region: ${unknown.join(', ')}.` }]);
  if (new Set(rows.map((r) => r!.id)).size !== rows.length) throw problems.badRequest('A region is named twice.', [{ path: 'querystring/ids', code: 'duplicate', message: 'A region is named twice (by its id and its slug).' }]);
  const [regions, criteria] = await Promise.all([Promise.all(rows.map((row) => detailOf(db, row!))), listCriteria(db)]);
  return { regions, criteria: criteria.items };
}

// ---------------------------------------------------------------------------------------------
// Lessons, for citing from actions and recommendations

/** Lower-cased, accents kept: a plain substring test over a few dozen short texts (no pattern built from the input). */
const fold = (text: string) => text.normalize('NFC').toLocaleLowerCase();

export async function listLessons(db: QueryBuilder, query: LessonQuery): Promise<LessonList> {
  const { limit = 20, offset = 0 } = query;
  let regionIds: string[] | null = null;
  if (query.region) {
    const region = await findRegionRow(db, query.region);
    regionIds = region ? [region.id] : [];
  }
  const words = query.q ? fold(query.q).split(/\s+/u).filter(Boolean) : [];
  const lessons = (await readLessons(db, regionIds)).filter((lesson) => {
    if (query.theme && !lesson.themes.includes(query.theme)) return false;
    if (words.length === 0) return true;
    const haystack = fold([...Object.values(lesson.text), lesson.ref, ...Object.values(lesson.regionName)].join(' '));
    return words.every((word) => haystack.includes(word));
  });
  return { items: lessons.slice(offset, offset + limit), total: lessons.length, limit, offset };
}

// ---------------------------------------------------------------------------------------------
// Criteria and scores (editors)

function toCriterion(row: Selectable<ScoreCriteriaTable>): ScoreCriterion {
  return { id: row.id, key: row.key, name: row.name, description: loc(row.description), scaleMin: row.scale_min, scaleMax: row.scale_max, weight: Number(row.weight), position: row.position, isDemo: row.is_demo };
}

export async function listCriteria(db: QueryBuilder): Promise<{ items: ScoreCriterion[] }> {
  const rows = await db.selectFrom('score_criteria').selectAll().orderBy('position').orderBy('key').execute();
  return { items: rows.map(toCriterion) };
}

async function requireCriterion(db: QueryBuilder, id: string) {
  const row = await db.selectFrom('score_criteria').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw problems.notFound('criterion');
  return row;
}

export async function createCriterion(db: QueryBuilder, actorId: string, input: CriterionCreate, isDemo = false): Promise<ScoreCriterion> {
  const scaleMin = input.scaleMin ?? 0;
  const scaleMax = input.scaleMax ?? 5;
  if (scaleMax <= scaleMin) throw problems.badRequest('The scale must end above where it starts.', [{ path: 'body/scaleMax', code: 'too-small', params: { limit: scaleMin + 1 }, message: `Must be at least ${scaleMin + 1}.` }]);
  return db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('score_criteria').select('id').where('key', '=', input.key).executeTakeFirst();
    if (taken) throw problems.badRequest('A criterion has this key already.', [{ path: 'body/key', code: 'duplicate', message: 'A criterion has this key already.' }]);
    const row = await trx
      .insertInto('score_criteria')
      .values({ key: input.key, name: JSON.stringify(input.name), description: input.description ? JSON.stringify(input.description) : null, scale_min: scaleMin, scale_max: scaleMax, weight: input.weight ?? 1, position: input.position ?? 0, is_demo: isDemo })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actorId, action: 'regions.criterion_created', entityType: 'score_criterion', entityId: row.id, details: { key: row.key } });
    return toCriterion(row);
  });
}

export async function updateCriterion(db: QueryBuilder, actorId: string, id: string, patch: CriterionPatch): Promise<ScoreCriterion> {
  return db.transaction().execute(async (trx) => {
    await requireCriterion(trx, id);
    const row = await trx
      .updateTable('score_criteria')
      .set({
        ...(patch.name ? { name: JSON.stringify(patch.name) } : {}),
        ...(patch.description !== undefined ? { description: patch.description ? JSON.stringify(patch.description) : null } : {}),
        ...(patch.weight !== undefined ? { weight: patch.weight } : {}),
        ...(patch.position !== undefined ? { position: patch.position } : {}),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actorId, action: 'regions.criterion_updated', entityType: 'score_criterion', entityId: id, details: { changed: Object.keys(patch) } });
    return toCriterion(row);
  });
}

export async function deleteCriterion(db: QueryBuilder, actorId: string, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await requireCriterion(trx, id);
    await trx.deleteFrom('score_criteria').where('id', '=', id).execute();
    await recordAudit(trx, { actorId, action: 'regions.criterion_deleted', entityType: 'score_criterion', entityId: id, details: { key: row.key } });
  });
}

/** A region's score on a criterion, in the criterion's scale, with its rationale; replaces the one before. */
export async function putScore(db: QueryBuilder, actorId: string, regionIdOrSlug: string, criterionId: string, input: ScorePut, isDemo = false): Promise<RegionScore> {
  return db.transaction().execute(async (trx) => {
    const region = await requireRegion(trx, regionIdOrSlug);
    const criterion = await requireCriterion(trx, criterionId);
    if (input.score < criterion.scale_min) throw problems.badRequest(`The score must be at least ${criterion.scale_min}.`, [{ path: 'body/score', code: 'too-small', params: { limit: criterion.scale_min }, message: `Must be at least ${criterion.scale_min}.` }]);
    if (input.score > criterion.scale_max) throw problems.badRequest(`The score must be at most ${criterion.scale_max}.`, [{ path: 'body/score', code: 'too-large', params: { limit: criterion.scale_max }, message: `Must be at most ${criterion.scale_max}.` }]);
    const rationale = Object.fromEntries(Object.entries(input.rationale).map(([lang, text]) => [lang, text?.trim()]).filter(([, text]) => text));
    if (Object.keys(rationale).length === 0) throw problems.badRequest('A score needs its rationale.', [{ path: 'body/rationale', code: 'required', message: 'Say why, in at least one language.' }]);
    const values = { region_id: region.id, criterion_id: criterion.id, score: input.score, rationale: JSON.stringify(rationale), is_demo: isDemo, scored_by: actorId, scored_at: new Date() };
    const row = await trx
      .insertInto('region_scores')
      .values(values)
      .onConflict((oc) => oc.columns(['region_id', 'criterion_id']).doUpdateSet({ score: values.score, rationale: values.rationale, is_demo: values.is_demo, scored_by: values.scored_by, scored_at: values.scored_at }))
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actorId, action: 'regions.scored', entityType: 'region', entityId: region.id, details: { criterion: criterion.key, score: input.score } });
    return toScore(row);
  });
}

export async function scoreBoard(db: QueryBuilder): Promise<ScoreBoard> {
  const [criteria, regions, scores] = await Promise.all([listCriteria(db), regionsQuery(db).execute(), db.selectFrom('region_scores').selectAll().execute()]);
  return { criteria: criteria.items, regions: (regions as RegionRow[]).sort(byName).map(toSummary), scores: scores.map(toScore) };
}

// ---------------------------------------------------------------------------------------------
// The seed: the ten real regions, at every start

/** JSON with keys in order, numbers as numbers: a row as written and as read back compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') return `{${Object.keys(value).sort().filter((k) => (value as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(value);
}

type ChildTable = 'region_figures' | 'region_members' | 'region_bodies' | 'region_events';

/** Replaces a region's seeded rows of one table when they differ from the seed's (their ids are cited nowhere); leaves them be when equal, and editors' rows always. */
async function syncChildren(trx: QueryBuilder, table: ChildTable, regionId: string, wanted: Record<string, unknown>[], compare: (row: Record<string, unknown>) => Record<string, unknown>) {
  const existing = (await trx.selectFrom(table).selectAll().where('region_id', '=', regionId).where('seeded', '=', true).orderBy('position').execute()) as unknown as Record<string, unknown>[];
  const parse = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && (v.startsWith('{"') || v === '{}') ? JSON.parse(v) : v]));
  if (canonical(existing.map(compare)) === canonical(wanted.map(parse).map(compare))) return;
  await trx.deleteFrom(table).where('region_id', '=', regionId).where('seeded', '=', true).execute();
  if (wanted.length > 0) await trx.insertInto(table).values(wanted as never).execute();
}

const orNull = (text: string | null | undefined) => (text ? JSON.stringify({ en: text }) : null);

/**
 * The seeded regions, added or brought up to date by slug at every start, with their sources,
 * figures, members, bodies, events and lessons (lessons by their `LS-` reference, so what cites
 * one keeps it). Nothing is written when nothing changed.
 */
export async function seedRegions(db: QueryBuilder): Promise<void> {
  const { SEED_REGIONS, SOURCES } = await import('./regions.seed.ts');
  for (const seed of SEED_REGIONS) {
    await db.transaction().execute(async (trx) => {
      const values = {
        slug: seed.slug,
        name: JSON.stringify(seed.name),
        countries: seed.countries,
        founded_year: seed.foundedYear,
        founded_on: seed.foundedOn,
        legal_form: seed.legalForm,
        legal_form_note: orNull(seed.legalFormNote),
        founding_basis: orNull(seed.foundingBasis),
        seat: orNull(seed.seat),
        secretariat: orNull(seed.secretariat),
        themes: seed.themes,
        languages: seed.languages,
        is_home: seed.isHome ?? false,
        // The areas the map draws, each region's with its basis in shared/region-areas.ts.
        nuts_ids: [...(REGION_AREAS[seed.slug as SeededRegionSlug]?.nutsIds ?? [])],
        seeded: true,
      };
      const compared = ['name', 'countries', 'founded_year', 'founded_on', 'legal_form', 'legal_form_note', 'founding_basis', 'seat', 'secretariat', 'themes', 'languages', 'is_home', 'nuts_ids'] as const;
      await trx
        .insertInto('regions')
        .values({ ...values, field_sources: '{}' })
        .onConflict((oc) =>
          oc
            .column('slug')
            .doUpdateSet((eb) => ({ ...Object.fromEntries(compared.map((c) => [c, eb.ref(`excluded.${c}`)])), updated_at: new Date() }))
            .where('regions.edited', '=', false)
            .where(sql<boolean>`(${sql.join(compared.map((c) => sql.ref(`regions.${c}`)))}) is distinct from (${sql.join(compared.map((c) => sql.ref(`excluded.${c}`)))})`),
        )
        .execute();
      const region = await trx.selectFrom('regions').select(['id', 'field_sources', 'edited']).where('slug', '=', seed.slug).executeTakeFirstOrThrow();

      const tags = [...new Set([...Object.values(seed.fieldSources).flat(), ...seed.figures.flatMap((f) => f.sources), ...seed.members.flatMap((m) => m.sources), ...seed.bodies.flatMap((b) => b.sources), ...seed.events.flatMap((e) => e.sources), ...seed.lessons.flatMap((l) => l.sources)])];
      const sourceRows = tags.map((tag, position) => {
        const source = SOURCES[tag];
        if (!source) throw new Error(`regions seed: ${seed.slug} cites ${tag}, which has no source`);
        return { region_id: region.id, tag, url: source.url, title: source.title, kind: source.kind, position, seeded: true };
      });
      await trx
        .insertInto('region_sources')
        .values(sourceRows)
        .onConflict((oc) =>
          oc
            .columns(['region_id', 'tag'])
            .doUpdateSet((eb) => ({ url: eb.ref('excluded.url'), title: eb.ref('excluded.title'), kind: eb.ref('excluded.kind'), position: eb.ref('excluded.position') }))
            .where('region_sources.seeded', '=', true)
            .where(sql<boolean>`(region_sources.url, region_sources.title, region_sources.kind, region_sources.position) is distinct from (excluded.url, excluded.title, excluded.kind, excluded.position)`),
        )
        .execute();
      const idOf = new Map((await trx.selectFrom('region_sources').select(['id', 'tag']).where('region_id', '=', region.id).execute()).map((s) => [s.tag, s.id]));
      const ids = (list: string[]) => list.map((tag) => idOf.get(tag)!);

      const fieldSources = Object.fromEntries(Object.entries(seed.fieldSources).map(([field, list]) => [field, ids(list)]));
      if (!region.edited && canonical(region.field_sources) !== canonical(fieldSources)) {
        await trx.updateTable('regions').set({ field_sources: JSON.stringify(fieldSources) }).where('id', '=', region.id).execute();
      }

      const base = (row: Record<string, unknown>) => {
        const { id: _id, ...rest } = row;
        return rest;
      };
      await syncChildren(trx, 'region_figures', region.id, seed.figures.map((f, position) => ({ region_id: region.id, kind: f.kind, value: f.value, unit: f.unit, qualifier: f.qualifier, year: f.year, period_from: f.periodFrom ?? null, period_to: f.periodTo ?? null, label: orNull(f.label), note: orNull(f.note), source_ids: ids(f.sources), position, seeded: true })), (row) => ({ ...base(row), value: Number(row.value) }));
      await syncChildren(trx, 'region_members', region.id, seed.members.map((m, position) => ({ region_id: region.id, name: JSON.stringify({ en: m.name }), country: m.country, level: m.level, source_ids: ids(m.sources), position, seeded: true })), base);
      await syncChildren(trx, 'region_bodies', region.id, seed.bodies.map((b, position) => ({ region_id: region.id, name: JSON.stringify({ en: b.name }), role: orNull(b.role), cadence: orNull(b.cadence), size: b.size ?? null, source_ids: ids(b.sources), position, seeded: true })), base);
      await syncChildren(trx, 'region_events', region.id, seed.events.map((e, position) => ({ region_id: region.id, on_text: e.on, what: JSON.stringify({ en: e.what }), source_ids: ids(e.sources), position, seeded: true })), base);

      for (const [position, lesson] of seed.lessons.entries()) {
        const row = { ref: lesson.ref, region_id: region.id, text: JSON.stringify({ en: lesson.text }), themes: lesson.themes, year: lesson.year, source_ids: ids(lesson.sources), position, seeded: true };
        await trx
          .insertInto('region_lessons')
          .values(row)
          .onConflict((oc) =>
            oc
              .column('ref')
              .doUpdateSet((eb) => ({ region_id: eb.ref('excluded.region_id'), text: eb.ref('excluded.text'), themes: eb.ref('excluded.themes'), year: eb.ref('excluded.year'), source_ids: eb.ref('excluded.source_ids'), position: eb.ref('excluded.position') }))
              .where('region_lessons.seeded', '=', true)
              .where(sql<boolean>`(region_lessons.region_id, region_lessons.text, region_lessons.themes, region_lessons.year, region_lessons.source_ids, region_lessons.position) is distinct from (excluded.region_id, excluded.text, excluded.themes, excluded.year, excluded.source_ids, excluded.position)`),
          )
          .execute();
      }
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Editors' writes: a region's main fields, its sources, figures and lessons

const jsonOrNull = (value: LocalizedTextValue | null | undefined) => (value ? JSON.stringify(value) : null);

/** The columns a create or patch sets, only for the fields given. */
function regionColumns(input: RegionPatch) {
  return {
    ...(input.name !== undefined ? { name: JSON.stringify(input.name) } : {}),
    ...(input.countries !== undefined ? { countries: input.countries } : {}),
    ...(input.foundedYear !== undefined ? { founded_year: input.foundedYear } : {}),
    ...(input.foundedOn !== undefined ? { founded_on: input.foundedOn } : {}),
    ...(input.legalForm !== undefined ? { legal_form: input.legalForm } : {}),
    ...(input.legalFormNote !== undefined ? { legal_form_note: jsonOrNull(input.legalFormNote) } : {}),
    ...(input.foundingBasis !== undefined ? { founding_basis: jsonOrNull(input.foundingBasis) } : {}),
    ...(input.seat !== undefined ? { seat: jsonOrNull(input.seat) } : {}),
    ...(input.secretariat !== undefined ? { secretariat: jsonOrNull(input.secretariat) } : {}),
    ...(input.themes !== undefined ? { themes: input.themes } : {}),
    ...(input.languages !== undefined ? { languages: input.languages } : {}),
  };
}

export async function createRegion(db: QueryBuilder, actorId: string, input: RegionCreate): Promise<RegionDetail> {
  return db.transaction().execute(async (trx) => {
    if (await findRegionRow(trx, input.slug)) throw problems.badRequest('A region has this slug already.', [{ path: 'body/slug', code: 'duplicate', message: 'A region has this slug already.' }]);
    const { slug, ...fields } = input;
    const row = await trx.insertInto('regions').values({ slug, name: JSON.stringify(input.name), ...regionColumns(fields), edited: true }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, { actorId, action: 'regions.created', entityType: 'region', entityId: row.id, details: { slug } });
    return getRegion(trx, row.id);
  });
}

/** Changes a region's main fields; a seeded region so changed is the editors' from then on (the seed leaves its main fields be). */
export async function patchRegion(db: QueryBuilder, actorId: string, idOrSlug: string, patch: RegionPatch): Promise<RegionDetail> {
  return db.transaction().execute(async (trx) => {
    const region = await requireRegion(trx, idOrSlug);
    await trx.updateTable('regions').set({ ...regionColumns(patch), edited: true, updated_at: new Date() }).where('id', '=', region.id).execute();
    await recordAudit(trx, { actorId, action: 'regions.updated', entityType: 'region', entityId: region.id, details: { changed: Object.keys(patch) } });
    return getRegion(trx, region.id);
  });
}

export async function addSource(db: QueryBuilder, actorId: string, idOrSlug: string, input: SourceCreate): Promise<RegionSource> {
  return db.transaction().execute(async (trx) => {
    const region = await requireRegion(trx, idOrSlug);
    // Editors' sources are tagged E1, E2, … beside the reference file's R… tags.
    const { n } = await trx.selectFrom('region_sources').select((eb) => eb.fn.countAll<string>().as('n')).where('region_id', '=', region.id).where('seeded', '=', false).executeTakeFirstOrThrow();
    const last = await trx.selectFrom('region_sources').select((eb) => eb.fn.max('position').as('p')).where('region_id', '=', region.id).executeTakeFirstOrThrow();
    const row = await trx
      .insertInto('region_sources')
      .values({ region_id: region.id, tag: `E${Number(n) + 1}`, url: input.url, title: input.title, kind: input.kind, position: Number(last.p ?? -1) + 1 })
      .returning(['id', 'tag', 'url', 'title', 'kind'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actorId, action: 'regions.source_added', entityType: 'region', entityId: region.id, details: { tag: row.tag, url: row.url } });
    return toSource(row);
  });
}

/** The cited ids, refused with a 400 naming `sourceIds` unless every one is this region's. */
async function requireOwnSources(trx: QueryBuilder, regionId: string, ids: string[]) {
  const own = await trx.selectFrom('region_sources').select('id').where('region_id', '=', regionId).where('id', 'in', ids).execute();
  if (own.length !== ids.length) throw problems.badRequest('Cite this region’s own sources.', [{ path: 'body/sourceIds', code: 'invalid', message: 'Every source must be one of this region’s (add it first).' }]);
}

async function nextPosition(trx: QueryBuilder, table: 'region_figures' | 'region_lessons', regionId: string) {
  const last = await trx.selectFrom(table).select((eb) => eb.fn.max('position').as('p')).where('region_id', '=', regionId).executeTakeFirstOrThrow();
  return Number(last.p ?? -1) + 1;
}

export async function addFigure(db: QueryBuilder, actorId: string, idOrSlug: string, input: FigureCreate): Promise<RegionDetail['figures'][number]> {
  if (input.periodFrom != null && input.periodTo != null && input.periodTo < input.periodFrom) throw problems.badRequest('The period ends before it starts.', [{ path: 'body/periodTo', code: 'end-before-start', message: 'Ends before it starts.' }]);
  return db.transaction().execute(async (trx) => {
    const region = await requireRegion(trx, idOrSlug);
    await requireOwnSources(trx, region.id, input.sourceIds);
    const row = await trx
      .insertInto('region_figures')
      .values({
        region_id: region.id, kind: input.kind, value: input.value, unit: input.unit, qualifier: input.qualifier ?? 'exact', year: input.year ?? null, period_from: input.periodFrom ?? null, period_to: input.periodTo ?? null,
        label: jsonOrNull(input.label), note: jsonOrNull(input.note), source_ids: input.sourceIds, position: await nextPosition(trx, 'region_figures', region.id),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actorId, action: 'regions.figure_added', entityType: 'region', entityId: region.id, details: { figure: row.id, kind: input.kind, value: input.value } });
    return (await getRegion(trx, region.id)).figures.find((f) => f.id === row.id)!;
  });
}

export async function addLesson(db: QueryBuilder, actorId: string, idOrSlug: string, input: LessonCreate): Promise<RegionLesson> {
  return db.transaction().execute(async (trx) => {
    const region = await requireRegion(trx, idOrSlug);
    await requireOwnSources(trx, region.id, input.sourceIds);
    // The next free LS- number; the unique index refuses a concurrent twin (rare: editors, by hand).
    const last = await trx.selectFrom('region_lessons').select((eb) => eb.fn.max('ref').as('ref')).executeTakeFirstOrThrow();
    const ref = `LS-${String(Number(String(last.ref ?? 'LS-0000').slice(3)) + 1).padStart(4, '0')}`;
    const row = await trx
      .insertInto('region_lessons')
      .values({ ref, region_id: region.id, text: JSON.stringify(input.text), themes: input.themes, year: input.year ?? null, source_ids: input.sourceIds, position: await nextPosition(trx, 'region_lessons', region.id) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actorId, action: 'regions.lesson_added', entityType: 'region', entityId: region.id, details: { lesson: row.id, ref } });
    return (await readLessons(trx, [region.id])).find((l) => l.id === row.id)!;
  });
}

/** Removes a figure or lesson an editor added; a seeded one is the reference file's and stays (it would come back at the next start). */
export async function removePart(db: QueryBuilder, actorId: string, table: 'region_figures' | 'region_lessons', idOrSlug: string, partId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const region = await requireRegion(trx, idOrSlug);
    const part = await trx.selectFrom(table).select(['id', 'seeded']).where('id', '=', partId).where('region_id', '=', region.id).executeTakeFirst();
    if (!part) throw problems.notFound(table === 'region_figures' ? 'figure' : 'lesson');
    if (part.seeded) throw problems.changeNotPermitted('A seeded fact comes from the reference file and cannot be removed here.');
    try {
      await trx.deleteFrom(table).where('id', '=', partId).execute();
    } catch (error) {
      // Actions and recommendations that cite a lesson restrict its removal: PostgreSQL says foreign_key_violation, PGlite restrict_violation.
      if (table === 'region_lessons' && ['23503', '23001'].includes(String((error as { code?: unknown }).code))) {
        throw problems.conflict('lesson-cited', 'Actions or recommendations cite this lesson: take it out of them first.');
      }
      throw error;
    }
    await recordAudit(trx, { actorId, action: table === 'region_figures' ? 'regions.figure_removed' : 'regions.lesson_removed', entityType: 'region', entityId: region.id, details: { part: partId } });
  });
}
