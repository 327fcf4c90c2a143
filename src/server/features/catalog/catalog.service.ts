import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import { FACETS, type Facet } from '../../../shared/catalog.ts';
import { PUBLIC_STATUSES, type InstitutionType } from '../../../shared/register.ts';
import { isEditorRole, isStaffRole } from '../../../shared/roles.ts';
import type {
  Dataset, DatasetCreate, DatasetDetail, DatasetFacets, DatasetPatch, DatasetQuery, Distribution, DistributionInput, SourceRef,
} from '../../../shared/schemas/catalog.ts';
import type { InstitutionRef } from '../../../shared/schemas/institutions.ts';
import { problems, type FieldError } from '../../plugins/problems.ts';
import { slugify } from '../../lib/names.ts';
import type { AuthUser } from '../accounts/accounts.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { institutionRefs, requireInstitution } from '../institutions/institutions.service.ts';
import { onMerge, resolveBottleneckIds } from '../bottlenecks/bottlenecks.service.ts';
import * as repo from './catalog.repository.ts';
import { conceptsAt } from '../glossary/glossary.service.ts';
import { catalogIndex, type KeywordCount } from './catalog.index.ts';
import type { SearchMatch } from '../../../shared/schemas/search.ts';
import { byteSize, cache, textsByteSize } from '../../lib/cache.ts';


onMerge((trx, fromId, toId) => repo.moveEvidence(trx, fromId, toId));

// ---- mapping ----

const isoOrNull = (value: Date | null) => (value ? value.toISOString() : null);

export function toDataset(row: repo.DatasetRow, publisher: InstitutionRef | null, source: SourceRef | null): Dataset {
  return {
    id: row.id,
    name: row.name,
    title: row.title,
    description: row.description,
    publisher,
    contactPoint: row.contact_point,
    themes: row.themes as Dataset['themes'],
    keywords: row.keywords,
    spatial: row.spatial,
    temporalStart: row.temporal_start,
    temporalEnd: row.temporal_end,
    license: row.license,
    licenseUrl: row.license_url,
    accessRights: row.access_rights,
    frequency: row.frequency,
    landingPage: row.landing_page,
    issued: isoOrNull(row.issued),
    modified: isoOrNull(row.modified),
    distributions: row.distributions,
    source,
    sourceIdentifier: row.source_identifier,
    harvestedAt: isoOrNull(row.harvested_at),
    state: row.state,
    withdrawnAt: isoOrNull(row.withdrawn_at),
    demo: row.demo,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function sourceRefs(db: QueryBuilder, ids: string[]): Promise<Map<string, SourceRef>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db.selectFrom('harvest_sources').select(['id', 'name', 'kind']).where('id', 'in', unique).execute();
  return new Map(rows.map((row) => [row.id, row]));
}

/** Rows to API datasets, with their publishers and sources named (two queries for any number). */
export async function toDatasets(db: QueryBuilder, rows: repo.DatasetRow[]): Promise<Dataset[]> {
  const [publishers, sources] = await Promise.all([
    institutionRefs(db, rows.flatMap((row) => (row.publisher_id ? [row.publisher_id] : []))),
    sourceRefs(db, rows.flatMap((row) => (row.source_id ? [row.source_id] : []))),
  ]);
  return rows.map((row) => toDataset(row, row.publisher_id ? (publishers.get(row.publisher_id) ?? null) : null, row.source_id ? (sources.get(row.source_id) ?? null) : null));
}

// ---- search ----

/** A page of matches, their total and facets; with words, `keywords` (CKAN's tags facet), and for list items where each matched and perhaps a corrected query. */
export interface SearchAnswer {
  items: string[];
  total: number;
  facets: DatasetFacets;
  keywords?: KeywordCount[];
  matches?: SearchMatch[];
  didYouMean?: string;
}

/**
 * Answers that are the same for every visitor, kept per database and catalogue version
 * (`catalog_version` moves with every write, on any instance), as a search engine keeps its query
 * results: whole search answers, pages without words, and the count and facets of a filter.
 */
const searchCache = cache.section<SearchAnswer>('catalog.search', (answer) => textsByteSize(answer.items) + byteSize(answer.facets) + byteSize(answer.keywords) + byteSize(answer.matches));
const pageCache = cache.section<string[]>('catalog.page', textsByteSize);
const countCache = cache.section<{ total: number; facets: DatasetFacets }>('catalog.count');

export function toFilter(user: AuthUser | null, query: DatasetQuery): repo.DatasetFilter {
  if (query.state === 'withdrawn' && !(user && isEditorRole(user.role))) throw problems.changeNotPermitted('Only editors list withdrawn datasets.');
  const q = query.q?.trim() || undefined;
  return {
    q,
    publishers: query.publisher,
    themes: query.theme,
    formats: query.format?.map((format) => format.toUpperCase()),
    licenses: query.license,
    sources: query.source,
    regions: query.region,
    state: query.state ?? 'active',
    sort: query.sort ?? (q ? 'relevance' : 'modified'),
    limit: query.limit ?? 20,
    offset: query.offset ?? 0,
  };
}

/** Facet rows from SQL, grouped as the API answers them (every facet present, even if empty). */
function groupFacets(json: string): DatasetFacets {
  const grouped = Object.fromEntries(FACETS.map((facet) => [facet, [] as DatasetFacets[Facet]])) as DatasetFacets;
  for (const row of JSON.parse(json) as { facet: Facet; value: string; count: number; label: DatasetFacets[Facet][number]['label'] }[]) {
    grouped[row.facet].push({ value: row.value, count: Number(row.count), label: row.label ?? null });
  }
  return grouped;
}

/**
 * A page of matches with the total and the facets. With search words, the search index answers;
 * without, the page comes from the sort's index and the count and facets from the cache.
 */
export async function search(
  db: QueryBuilder, filter: repo.DatasetFilter, itemsAs: 'json' | 'id', known?: CatalogState,
): Promise<SearchAnswer> {
  const state = known ?? (await catalogState(db));
  if (filter.q) return searchWords(db, { ...filter, q: filter.q }, state, itemsAs);
  const version = state.version;
  const total = await countAndFacets(db, version, filter);
  const pageKey = `${itemsAs}|${JSON.stringify(filter)}`;
  let items = pageCache.get(db, version, pageKey);
  if (!items) {
    items = filter.limit > 0 && filter.offset < total.total ? await repo.browsePage(db, filter, itemsAs) : [];
    pageCache.set(db, version, pageKey, items);
  }
  return { items, total: total.total, facets: total.facets };
}

/** Reads the catalogue into the search index ahead of the first search (searches before it is read wait for it). */
export async function loadSearchIndex(db: QueryBuilder): Promise<{ datasets: number; ms: number }> {
  const state = await catalogState(db);
  const index = catalogIndex(db);
  await index.catchUp(db, state.version, state.resets);
  return { datasets: index.size, ms: Math.round(index.stats.loadMs) };
}

export interface CatalogState {
  version: number;
  resets: number;
  /** The glossary's version (`GLOSSARY_VERSION`): answers to words are kept per catalogue and glossary. */
  glossary: string;
}

/** The catalogue's version and deletion count, and the glossary's version: one round trip. */
export const catalogState = (db: QueryBuilder): Promise<CatalogState> => repo.searchState(db);

async function searchWords(db: QueryBuilder, filter: repo.DatasetFilter & { q: string }, state: CatalogState, itemsAs: 'json' | 'id') {
  // The glossary's words and the vocabularies' labels join the search: its version is part of the key.
  const key = `${itemsAs}|${state.glossary}|${JSON.stringify(filter)}`;
  const kept = searchCache.get(db, state.version, key);
  if (kept) return kept;
  const concepts = await conceptsAt(db, state.glossary);
  const index = catalogIndex(db);
  await index.catchUp(db, state.version, state.resets);
  const found: SearchAnswer = await index.search(db, filter, itemsAs, concepts.options);
  searchCache.set(db, state.version, key, found);
  return found;
}

/** What a filter matches, whatever the page and order: the key of answers kept per filter. */
const matchesKey = (filter: repo.DatasetFilter) => JSON.stringify({ ...filter, limit: 0, offset: 0, sort: '' });

const keywordCache = cache.section<KeywordCount[]>('catalog.keywords');

/**
 * CKAN's tags facet for a search without words (the index counts them itself for words): kept
 * per catalogue version and filter.
 */
export async function keywordCounts(db: QueryBuilder, version: number, filter: repo.DatasetFilter): Promise<KeywordCount[]> {
  const key = matchesKey(filter);
  let counts = keywordCache.get(db, version, key);
  if (!counts) {
    counts = await repo.keywordCounts(db, filter);
    keywordCache.set(db, version, key, counts);
  }
  return counts;
}

/** How many datasets a filter without words leaves, with its facets: kept per catalogue version. */
async function countAndFacets(db: QueryBuilder, version: number, filter: repo.DatasetFilter) {
  // Shared by requests at once: a harvester's pages all count the same filter.
  return countCache.fetch(db, version, matchesKey(filter), async () => {
    if (filter.withoutFacets) return { total: await repo.countMatches(db, filter), facets: groupFacets('[]') };
    const answer = await repo.countAndFacets(db, filter);
    return { total: answer.total, facets: groupFacets(answer.facets) };
  });
}

/** The search answer as JSON text: items come written by PostgreSQL. */
export async function searchDatasetsJson(db: QueryBuilder, filter: repo.DatasetFilter): Promise<string> {
  const { items, total, facets, matches, didYouMean } = await search(db, filter, 'json');
  const searched = filter.q ? `,"matches":${JSON.stringify(matches ?? [])}${didYouMean === undefined ? '' : `,"didYouMean":${JSON.stringify(didYouMean)}`}` : '';
  return `{"items":[${items.join(',')}],"total":${total},"limit":${filter.limit},"offset":${filter.offset},"facets":${JSON.stringify(facets)}${searched}}`;
}

// ---- one dataset ----

export async function findDataset(db: QueryBuilder, idOrName: string): Promise<repo.DatasetRow> {
  const row = await repo.findDataset(db, idOrName);
  if (!row) throw problems.notFound('dataset');
  return row;
}

export async function getDataset(db: QueryBuilder, idOrName: string): Promise<Dataset> {
  return (await toDatasets(db, [await findDataset(db, idOrName)]))[0];
}

export async function getDatasetDetail(db: QueryBuilder, user: AuthUser | null, idOrName: string): Promise<DatasetDetail> {
  const row = await findDataset(db, idOrName);
  const staff = Boolean(user && isStaffRole(user.role));
  const [[dataset], evidence] = await Promise.all([toDatasets(db, [row]), repo.evidenceFor(db, row.id, staff ? 'all' : PUBLIC_STATUSES)]);
  return {
    ...dataset,
    evidenceFor: evidence.map((b) => ({ id: b.id, ref: b.ref, title: b.title, status: b.status as DatasetDetail['evidenceFor'][number]['status'] })),
    viewer: { canEdit: Boolean(user && isEditorRole(user.role)), canLink: staff },
  };
}

// ---- writing ----

/** Stable ids for distributions, so their DCAT addresses survive a re-harvest of the same files. */
function distributionId(datasetId: string, position: number, input: DistributionInput): string {
  const hex = createHash('sha256').update(`${datasetId}|${position}|${input.accessUrl}|${input.downloadUrl ?? ''}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function toDistributions(datasetId: string, inputs: DistributionInput[] = []): Distribution[] {
  return inputs.map((input, position) => ({
    id: distributionId(datasetId, position, input),
    title: input.title ?? null,
    description: input.description ?? null,
    accessUrl: input.accessUrl,
    downloadUrl: input.downloadUrl ?? null,
    format: input.format ?? null,
    mediaType: input.mediaType ?? null,
    byteSize: input.byteSize ?? null,
    license: input.license ?? null,
    accessService: input.accessService ?? null,
    ...(input.conformsTo ? { conformsTo: input.conformsTo } : {}),
  }));
}

export type DatasetFields = Omit<DatasetCreate, 'name' | 'publisherId'> & { licenseUrl?: string | null };

/** The columns a dataset's fields fill, shared by editors' writes and harvests. */
function datasetColumns(id: string, input: DatasetFields) {
  const distributions = toDistributions(id, input.distributions);
  return {
    title: JSON.stringify(input.title),
    description: JSON.stringify(input.description),
    contact_point: JSON.stringify(input.contactPoint ?? null),
    themes: input.themes ?? [],
    keywords: JSON.stringify(input.keywords ?? {}),
    spatial: input.spatial ?? [],
    temporal_start: input.temporalStart ?? null,
    temporal_end: input.temporalEnd ?? null,
    license: input.license ?? null,
    license_url: input.license === 'OTHER' ? (input.licenseUrl ?? null) : null,
    access_rights: input.accessRights ?? null,
    frequency: input.frequency ?? null,
    landing_page: input.landingPage ?? null,
    issued: input.issued ?? null,
    modified: input.modified ?? null,
    distributions: JSON.stringify(distributions),
    formats: [...new Set(distributions.flatMap((d) => (d.format ? [d.format] : [])))],
  };
}

/** Field problems that a schema cannot see: a period that ends before it starts. */
export function datasetProblems(input: { temporalStart?: string | null; temporalEnd?: string | null }, path = 'body'): FieldError[] {
  if (input.temporalStart && input.temporalEnd && input.temporalEnd < input.temporalStart) return [{ path: `${path}/temporalEnd`, code: 'end-before-start', message: 'is before the start' }];
  return [];
}

/**
 * A free short name: the one asked for, else one from the title (transliterated from any script),
 * made unique with a short hash; a title no script can spell (emoji only) gives `dataset-<hash>`.
 */
async function freeName(db: QueryBuilder, wanted: string | undefined, title: DatasetCreate['title'], salt: string, exceptId?: string): Promise<string> {
  const suffix = createHash('sha256').update(salt).digest('hex').slice(0, 8);
  const base = (wanted && slugify(wanted)) || slugify(title.en ?? title.fi ?? title.et ?? title.sv ?? title.ru ?? '') || `dataset-${suffix}`;
  const candidate = base.length >= 2 ? base : `dataset-${base}`;
  if (!(await repo.nameTaken(db, candidate, exceptId))) return candidate;
  return `${candidate.slice(0, 90)}-${suffix}`;
}

export async function createDataset(db: QueryBuilder, editor: AuthUser, input: DatasetCreate): Promise<Dataset> {
  const issues = datasetProblems(input);
  if (issues.length) throw problems.badRequest('The dataset is not valid.', issues);
  const row = await db.transaction().execute(async (trx) => {
    if (input.publisherId) await requireInstitution(trx, input.publisherId, 'body/publisherId');
    if (input.name && (await repo.nameTaken(trx, input.name))) throw problems.conflict('name-taken', 'Another dataset already has this name.');
    return insertLocalDataset(trx, input, editor.id);
  });
  return (await toDatasets(db, [row]))[0];
}

/** A dataset written here rather than harvested (by an editor, or the demo), audited. */
export async function insertLocalDataset(db: QueryBuilder, input: DatasetCreate, actorId: string | null, demo = false): Promise<repo.DatasetRow> {
  const id = randomUUID();
  const name = input.name ?? (await freeName(db, undefined, input.title, id));
  await db
    .insertInto('datasets')
    .values({ id, name, publisher_id: input.publisherId ?? null, created_by: actorId, demo, ...datasetColumns(id, input) })
    .execute();
  await recordAudit(db, { actorId, action: 'dataset.created', entityType: 'dataset', entityId: id, details: { name } });
  return (await repo.findDataset(db, id))!;
}

export async function updateDataset(db: QueryBuilder, editor: AuthUser, idOrName: string, patch: DatasetPatch): Promise<Dataset> {
  const row = await db.transaction().execute(async (trx) => {
    const before = await repo.findDataset(trx, idOrName);
    if (!before) throw problems.notFound('dataset');
    const merged = { ...fieldsOf(before), ...patch };
    const issues = datasetProblems(merged);
    if (issues.length) throw problems.badRequest('The dataset is not valid.', issues);
    if (patch.publisherId) await requireInstitution(trx, patch.publisherId, 'body/publisherId');
    if (patch.name && patch.name !== before.name && (await repo.nameTaken(trx, patch.name, before.id))) throw problems.conflict('name-taken', 'Another dataset already has this name.');
    const stateChange = patch.state && patch.state !== before.state ? patch.state : null;
    await trx
      .updateTable('datasets')
      .set({
        ...datasetColumns(before.id, merged),
        name: patch.name ?? before.name,
        publisher_id: patch.publisherId === undefined ? before.publisher_id : patch.publisherId,
        ...(stateChange ? { state: stateChange, withdrawn_at: stateChange === 'withdrawn' ? new Date() : null, withdrawn_by: stateChange === 'withdrawn' ? ('editor' as const) : null } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', before.id)
      .execute();
    await recordAudit(trx, { actorId: editor.id, action: 'dataset.updated', entityType: 'dataset', entityId: before.id, details: { changes: Object.keys(patch) } });
    return (await repo.findDataset(trx, before.id))!;
  });
  return (await toDatasets(db, [row]))[0];
}

/** A stored row back as the fields an editor writes, so a patch merges with what is there. */
function fieldsOf(row: repo.DatasetRow): DatasetFields {
  return {
    title: row.title as DatasetCreate['title'],
    description: row.description as DatasetCreate['description'],
    contactPoint: row.contact_point,
    themes: row.themes as DatasetCreate['themes'],
    keywords: row.keywords,
    spatial: row.spatial as DatasetCreate['spatial'],
    temporalStart: row.temporal_start,
    temporalEnd: row.temporal_end,
    license: row.license as DatasetCreate['license'],
    licenseUrl: row.license_url,
    accessRights: row.access_rights as DatasetCreate['accessRights'],
    frequency: row.frequency as DatasetCreate['frequency'],
    landingPage: row.landing_page,
    issued: isoOrNull(row.issued),
    modified: isoOrNull(row.modified),
    distributions: row.distributions.map(({ id: _id, ...rest }) => rest as DistributionInput),
  };
}

// ---- evidence ----

export async function linkEvidence(db: QueryBuilder, user: AuthUser, idOrName: string, bottleneck: string) {
  return db.transaction().execute(async (trx) => {
    const dataset = await findDataset(trx, idOrName);
    const [bottleneckId] = await resolveBottleneckIds(trx, [bottleneck], 'body/bottleneck=');
    const added = await repo.linkEvidence(trx, dataset.id, bottleneckId, user.id);
    if (added) await recordAudit(trx, { actorId: user.id, action: 'dataset.evidence_linked', entityType: 'dataset', entityId: dataset.id, details: { bottleneckId } });
    return { datasetId: dataset.id, added };
  });
}

export async function unlinkEvidence(db: QueryBuilder, user: AuthUser, idOrName: string, bottleneck: string) {
  return db.transaction().execute(async (trx) => {
    const dataset = await findDataset(trx, idOrName);
    const [bottleneckId] = await resolveBottleneckIds(trx, [bottleneck], 'params/bottleneck=');
    if (!(await repo.unlinkEvidence(trx, dataset.id, bottleneckId))) throw problems.notFound('evidence link');
    await recordAudit(trx, { actorId: user.id, action: 'dataset.evidence_unlinked', entityType: 'dataset', entityId: dataset.id, details: { bottleneckId } });
  });
}

// ---- harvesting (called by the harvest feature) ----

export interface HarvestTarget {
  sourceId: string;
  sourceIdentifier: string;
  sourceModified: string | null;
  name?: string;
  publisherId: string | null;
  fields: DatasetFields;
  demo?: boolean;
  /** Checked first in the write's transaction (the harvest's claim on its run): false writes nothing and throws `ClaimLost`. */
  holds?: (trx: QueryBuilder) => Promise<boolean>;
}

/** A harvested record not written: the run that read it is no longer its worker's. */
export class ClaimLost extends Error {}

/** The hash that decides whether a harvested record changed since it was stored. */
function contentHash(target: HarvestTarget): string {
  return createHash('sha256').update(JSON.stringify([target.name ?? null, target.publisherId, target.fields])).digest('hex');
}

/**
 * Writes one harvested dataset in its own transaction (one statement: distributions are a column),
 * or nothing when it has not changed. A withdrawn dataset that comes back is active again.
 */
export async function writeHarvested(db: QueryBuilder, target: HarvestTarget): Promise<'created' | 'updated' | 'unchanged'> {
  const issues = datasetProblems(target.fields, 'record');
  if (issues.length) throw new Error(`${issues[0].path.replace('record/', '')} ${issues[0].message}`);
  const hash = contentHash(target);
  return db.transaction().execute(async (trx) => {
    if (target.holds && !(await target.holds(trx))) throw new ClaimLost('another worker took this run over');
    const existing = await repo.findBySourceIdentifier(trx, target.sourceId, target.sourceIdentifier);
    // An editor's withdrawal stands; only what the source itself withdrew comes back with it.
    const keepWithdrawn = existing?.withdrawn_by === 'editor';
    if (existing && existing.content_hash === hash && (existing.state === 'active' || keepWithdrawn)) {
      if (existing.source_modified !== target.sourceModified) {
        await trx.updateTable('datasets').set({ source_modified: target.sourceModified }).where('id', '=', existing.id).execute();
      }
      return 'unchanged';
    }
    const id = existing?.id ?? randomUUID();
    const name = existing && (!target.name || target.name === existing.name) ? existing.name : await freeName(trx, target.name, target.fields.title, `${target.sourceId}|${target.sourceIdentifier}`, existing?.id);
    const values = {
      ...datasetColumns(id, target.fields),
      name,
      publisher_id: target.publisherId,
      source_modified: target.sourceModified,
      content_hash: hash,
      harvested_at: new Date(),
      ...(keepWithdrawn ? {} : { state: 'active' as const, withdrawn_at: null, withdrawn_by: null }),
      updated_at: new Date(),
    };
    if (existing) {
      await trx.updateTable('datasets').set(values).where('id', '=', id).execute();
      return 'updated';
    }
    await trx
      .insertInto('datasets')
      .values({ ...values, id, source_id: target.sourceId, source_identifier: target.sourceIdentifier, demo: target.demo ?? false })
      .execute();
    return 'created';
  });
}

// ---- datasets another feature keeps (an indicator's figures, issue 18) ----

/**
 * A dataset that another feature writes from an item of its own and keeps up to date: `owner`
 * (`indicator:<id>`) names the item. It has no harvest source; the owner is kept in its
 * `source_identifier`, which no other dataset without a source has.
 */
export interface OwnedDataset {
  owner: string;
  /** The short name wanted; a free one like it when another dataset has it. */
  name: string;
  fields: DatasetFields;
  demo: boolean;
}

const ownedHash = (target: OwnedDataset) => createHash('sha256').update(JSON.stringify(['owned', target.name, target.fields, target.demo])).digest('hex');

/**
 * Writes an owned dataset, or nothing when it has not changed (the catalogue's version, and every
 * answer kept by it, stays). Call it in the owner's transaction, with the owner's row locked: two
 * writers of the same item must not both insert. An editor's withdrawal stands; one by the owner
 * (`removeOwnedDataset`) is undone.
 */
export async function upsertOwnedDataset(trx: QueryBuilder, target: OwnedDataset): Promise<'created' | 'updated' | 'unchanged'> {
  const issues = datasetProblems(target.fields, 'owned');
  if (issues.length) throw new Error(`${target.owner}: ${issues[0].path} ${issues[0].message}`);
  const hash = ownedHash(target);
  const existing = await repo.findOwned(trx, target.owner);
  const keepWithdrawn = existing?.withdrawn_by === 'editor';
  if (existing && existing.content_hash === hash && (existing.state === 'active' || keepWithdrawn)) return 'unchanged';
  const id = existing?.id ?? randomUUID();
  const name = existing?.name === target.name ? existing.name : await freeName(trx, target.name, target.fields.title, target.owner, existing?.id);
  const values = {
    ...datasetColumns(id, target.fields),
    name,
    publisher_id: null,
    content_hash: hash,
    demo: target.demo,
    ...(keepWithdrawn ? {} : { state: 'active' as const, withdrawn_at: null, withdrawn_by: null }),
    updated_at: new Date(),
  };
  if (existing) {
    await trx.updateTable('datasets').set(values).where('id', '=', id).execute();
    return 'updated';
  }
  await trx.insertInto('datasets').values({ ...values, id, source_id: null, source_identifier: target.owner }).execute();
  return 'created';
}

/** Takes an owned dataset out of the catalogue (withdrawn, its address kept); false when it was not there. */
export async function removeOwnedDataset(trx: QueryBuilder, owner: string): Promise<boolean> {
  const result = await trx
    .updateTable('datasets')
    .set({ state: 'withdrawn', withdrawn_at: new Date(), withdrawn_by: 'source', content_hash: null, updated_at: new Date() })
    .where('source_id', 'is', null)
    .where('source_identifier', '=', owner)
    .where('state', '=', 'active')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The owners (`indicator:…`) of the owned datasets in the catalogue whose owner starts with `prefix`. */
export async function ownedDatasets(db: QueryBuilder, prefix: string): Promise<string[]> {
  const rows = await db
    .selectFrom('datasets')
    .select('source_identifier')
    .where('source_id', 'is', null)
    .where('state', '=', 'active')
    .where('source_identifier', 'like', `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
    .execute();
  return rows.flatMap((row) => (row.source_identifier ? [row.source_identifier] : []));
}

export const sourceStamps = repo.sourceStamps;

export const withdrawUnseen = repo.withdrawUnseen;

export async function datasetCountsBySource(db: QueryBuilder, sourceIds: string[]): Promise<Map<string, number>> {
  if (!sourceIds.length) return new Map();
  const rows = await db
    .selectFrom('datasets')
    .select(['source_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('source_id', 'in', sourceIds)
    .where('state', '=', 'active')
    .groupBy('source_id')
    .execute();
  return new Map(rows.map((row) => [row.source_id!, Number(row.n)]));
}

// ---- export ----

/** Every active dataset, a batch at a time in keyset order: memory stays flat for any size. */
export async function* activeDatasetBatches(db: QueryBuilder, batchSize = 200): AsyncGenerator<Dataset[]> {
  let after: { createdAt: string; id: string } | null = null;
  for (;;) {
    const rows = await repo.exportBatch(db, after, batchSize);
    if (!rows.length) return;
    yield await toDatasets(db, rows);
    const last = rows[rows.length - 1];
    after = { createdAt: last.created_at_text, id: last.id };
    if (rows.length < batchSize) return;
  }
}

/** When the catalogue began and last changed, kept per catalogue version (every dataset change moves it). */
const catalogDatesCache = cache.section<{ first: string | null; last: string | null }>('catalog.dates');

export function catalogDates(db: QueryBuilder, version: number): Promise<{ first: string | null; last: string | null }> {
  return catalogDatesCache.fetch(db, version, '', () => repo.catalogDates(db));
}

/** The directory's type and website of the publishers `ids` names (every institution when `ids` is null), by id. */
export async function publisherDetails(db: QueryBuilder, ids: readonly string[] | null): Promise<Map<string, { type: InstitutionType; homepage: string | null }>> {
  if (ids && !ids.length) return new Map();
  const rows = await repo.institutionDetails(db, ids);
  return new Map(rows.map((row) => [row.id, { type: row.type as InstitutionType, homepage: row.website }]));
}

/** The catalogue's version: it moves with every change to a dataset, a publisher's name or a source's (migration 0010). */
export const catalogVersion = repo.catalogVersion;

export async function activeDatasetPage(db: QueryBuilder, page: number, size: number): Promise<{ datasets: Dataset[]; total: number }> {
  const all: repo.DatasetFilter = { state: 'active', sort: 'modified', limit: 0, offset: 0 };
  const [rows, { total }] = await Promise.all([repo.exportPage(db, (page - 1) * size, size), countAndFacets(db, await repo.catalogVersion(db), all)]);
  return { datasets: await toDatasets(db, rows), total };
}

