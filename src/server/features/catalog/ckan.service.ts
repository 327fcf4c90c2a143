import { sql, type Kysely } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import { THEMES, type Facet, type License, type Theme } from '../../../shared/catalog.ts';
import type { Dataset, DatasetFacets, SourceRef } from '../../../shared/schemas/catalog.ts';
import type { Institution } from '../../../shared/schemas/institutions.ts';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import { institutionsByIds } from '../institutions/institutions.service.ts';
import * as repo from './catalog.repository.ts';
import { isUuid } from '../../lib/refs.ts';
import { containingPattern } from '../../lib/text.ts';
import { catalogState, keywordCounts, search, sourceRefs, toDataset, toDatasets, type CatalogState } from './catalog.service.ts';
import { cache, type CacheSection } from '../../lib/cache.ts';
import { THEME_LABELS } from './dcat/vocab.ts';
import { CKAN_LICENSE_IDS, ckanLicenceTitle, isOpenLicence, LICENSE_TITLES, LICENSE_URLS, licencesOf } from './ckan.licences.ts';
import { FqError, namesFilterField, parseFilterQuery, parseQueryWithWords, type FqField, type FqLeaf, type FqQuery } from './ckan.query.ts';


/**
 * CKAN's Action API (read side) over the catalogue, in CKAN's shapes, so CKAN clients and other
 * portals' harvesters (ckanext-harvest's CKAN harvester among them) can read Talsinki as a source.
 * Errors are CKAN's: `{help, success: false, error: {__type, message | field: [messages]}}`.
 */
export class CkanError extends Error {
  constructor(
    readonly status: number,
    readonly error: Record<string, unknown>,
  ) {
    super(String(error.message ?? error.__type));
  }
}

const notFound = (message = 'Not found') => new CkanError(404, { __type: 'Not Found Error', message });
const validation = (field: string, message: string) => new CkanError(409, { __type: 'Validation Error', [field]: [message] });
const queryError = (message: string) => new CkanError(400, { __type: 'Search Query Error', message: `Search Query is invalid: ${message}` });

export type Params = Record<string, unknown>;

export { licenseList } from './ckan.licences.ts';

/** CKAN writes times without a zone, in UTC, with microseconds. */
const ckanTime = (value: string | null) => (value ? value.replace('Z', '').replace(/(\.\d{3})$/, '$1000') : null);


const first = (text: LocalizedTextValue | null | undefined) => (text ? (text.fi ?? text.en ?? text.et ?? text.sv ?? text.ru ?? '') : '');
/** Fluent's shape: every language key present, empty where there is no text. */
const fluent = (text: LocalizedTextValue | null | undefined) => ({ fi: text?.fi ?? '', en: text?.en ?? '', sv: text?.sv ?? '', et: text?.et ?? '' });

function toOrganization(institution: Institution, packageCount?: number) {
  return {
    id: institution.id,
    name: institution.slug,
    title: first(institution.name),
    title_translated: fluent(institution.name),
    display_name: first(institution.name),
    description: '',
    image_url: '',
    type: 'organization',
    is_organization: true,
    state: 'active',
    approval_status: 'approved',
    created: ckanTime(institution.createdAt),
    ...(packageCount === undefined ? {} : { package_count: packageCount }),
  };
}

/** An EU data theme as a CKAN group: its code, lower case, is its id and name (stable, as harvesters look groups up by id). */
function toGroup(theme: Theme, packageCount?: number) {
  return {
    id: theme.toLowerCase(),
    name: theme.toLowerCase(),
    title: THEME_LABELS[theme].en,
    title_translated: THEME_LABELS[theme],
    display_name: THEME_LABELS[theme].en,
    description: '',
    image_url: '',
    image_display_url: '',
    created: null,
    type: 'group',
    is_organization: false,
    state: 'active',
    approval_status: 'approved',
    ...(packageCount === undefined ? {} : { package_count: packageCount }),
  };
}

export function toPackage(dataset: Dataset, organization: Institution | undefined) {
  const keywords = [...new Set(Object.values(dataset.keywords).flat())];
  const license = dataset.license as License | null;
  return {
    id: dataset.id,
    name: dataset.name,
    title: first(dataset.title),
    title_translated: fluent(dataset.title),
    notes: first(dataset.description),
    notes_translated: fluent(dataset.description),
    url: dataset.landingPage ?? '',
    version: null,
    state: dataset.state === 'active' ? 'active' : 'deleted',
    type: 'dataset',
    private: false,
    isopen: license !== null && isOpenLicence(license),
    license_id: license ? CKAN_LICENSE_IDS[license] : null,
    license_title: license ? LICENSE_TITLES[license] : null,
    license_url: license ? (LICENSE_URLS[license] ?? dataset.licenseUrl ?? '') : null,
    author: null,
    author_email: null,
    maintainer: dataset.contactPoint?.name ?? null,
    maintainer_email: dataset.contactPoint?.email ?? null,
    // The record's own times here, as CKAN's: what a harvester's next run asks for changes since
    // (the dates the publisher gives are DCAT's, in extras as ckanext-dcat writes them).
    metadata_created: ckanTime(dataset.createdAt),
    metadata_modified: ckanTime(dataset.updatedAt),
    creator_user_id: null,
    owner_org: organization?.id ?? null,
    organization: organization ? toOrganization(organization) : null,
    num_tags: keywords.length,
    // A tag's id is its name: the catalogue keeps no tag records (CKAN's free tags have ids of their own).
    tags: keywords.map((name) => ({ id: name, name, display_name: name, vocabulary_id: null, state: 'active' })),
    keywords: { fi: dataset.keywords.fi ?? [], en: dataset.keywords.en ?? [], sv: dataset.keywords.sv ?? [], et: dataset.keywords.et ?? [] },
    groups: dataset.themes.map((theme) => toGroup(theme)),
    geographical_coverage: dataset.spatial,
    update_frequency: dataset.frequency,
    num_resources: dataset.distributions.length,
    resources: dataset.distributions.map((d, position) => ({
      id: d.id,
      package_id: dataset.id,
      url: d.downloadUrl ?? d.accessUrl,
      access_url: d.accessUrl,
      download_url: d.downloadUrl,
      name: first(d.title) || d.format || `resource ${position + 1}`,
      name_translated: fluent(d.title),
      description: first(d.description),
      format: d.format ?? '',
      mimetype: d.mediaType,
      size: d.byteSize,
      position,
      url_type: d.accessService ? 'api' : null,
      resource_type: null,
      mimetype_inner: null,
      hash: '',
      cache_url: null,
      datastore_active: false,
      state: 'active',
      created: ckanTime(dataset.createdAt),
      last_modified: ckanTime(dataset.modified),
    })),
    relationships_as_subject: [],
    relationships_as_object: [],
    extras: [
      ...(dataset.issued ? [{ key: 'issued', value: dataset.issued }] : []),
      ...(dataset.modified ? [{ key: 'modified', value: dataset.modified }] : []),
      ...(dataset.temporalStart ? [{ key: 'temporal_start', value: dataset.temporalStart }] : []),
      ...(dataset.temporalEnd ? [{ key: 'temporal_end', value: dataset.temporalEnd }] : []),
      ...(dataset.accessRights ? [{ key: 'access_rights', value: dataset.accessRights }] : []),
      ...(dataset.source ? [{ key: 'harvest_source_title', value: dataset.source.name }, { key: 'guid', value: dataset.sourceIdentifier ?? '' }] : []),
    ],
  };
}

/** The packages of these ids, in the order of the ids (the database gives its rows in no order). */
async function packagesOf(db: QueryBuilder, ids: string[]) {
  const at = new Map(ids.map((id, place) => [id, place]));
  const datasets = await toDatasets(db, await repo.findDatasetsByIds(db, ids));
  return packages(db, datasets.sort((a, b) => at.get(a.id)! - at.get(b.id)!));
}

async function packages(db: QueryBuilder, datasets: Dataset[]) {
  const organizations = await institutionsByIds(db, datasets.flatMap((d) => (d.publisher ? [d.publisher.id] : [])));
  return datasets.map((d) => toPackage(d, d.publisher ? organizations.get(d.publisher.id) : undefined));
}

// ---- parameters ----

const asString = (value: unknown): string | undefined => (Array.isArray(value) ? asString(value[0]) : typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined);

/** A whole number parameter; above `max` it is capped, as CKAN caps `rows` at its configured maximum. */
function asInt(params: Params, field: string, fallback: number, max: number): number {
  const raw = asString(params[field]);
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw validation(field, 'Invalid integer');
  return Math.min(Number(raw), max);
}

/** A flag as clients send it: a JSON boolean (ckanapi, ckan.js), or text (`true`, Python's `True`, `1`, `yes`). */
function asBool(params: Params, field: string): boolean {
  if (typeof params[field] === 'boolean') return params[field] as boolean;
  const raw = asString(params[field])?.toLowerCase();
  return raw === 'true' || raw === '1' || raw === 'yes';
}

/** CKAN facet fields and the catalogue's facets they are. */
const FACET_FIELDS: Record<string, Facet> = { organization: 'publisher', groups: 'theme', res_format: 'format', license_id: 'license', harvest_source_id: 'source', geographical_coverage: 'region' };

/** Longer filters than any client writes; a cap keeps a hostile one from costing time. */
export const MAX_FQ_LENGTH = 2000;
const MAX_FQ_LIST = 50;

/** A filter as CKAN's Search Query Error when it cannot be read. */
function readFilter(text: string, field: 'fq' | 'q'): FqQuery {
  if (text.length > MAX_FQ_LENGTH) throw validation(field, `Must be at most ${MAX_FQ_LENGTH} characters`);
  try {
    return parseFilterQuery(text);
  } catch (error) {
    if (error instanceof FqError) throw queryError(`cannot read ${field} "${text.slice(0, 100)}": ${error.message}`);
    throw error;
  }
}

/** The filter lists a field's values go to, when a filter is only such values (`organization:a OR organization:b`). */
const LIST_FIELDS: Partial<Record<FqField, 'publishers' | 'themes' | 'formats' | 'licenses' | 'sources' | 'names'>> = {
  organization: 'publishers', owner_org: 'publishers', groups: 'themes', res_format: 'formats', license_id: 'licenses', harvest_source_id: 'sources', name: 'names', id: 'names',
};
type ListName = 'publishers' | 'themes' | 'formats' | 'licenses' | 'sources' | 'names';
type Lists = Partial<Record<ListName | 'keywords', string[]>>;

/** What every package here is: a public, active dataset. */
function always(leaf: FqLeaf): boolean {
  if (leaf.kind === 'all') return true;
  if (leaf.kind !== 'term' || leaf.value === null) return false;
  const holds: Partial<Record<FqField, string>> = { dataset_type: 'dataset', type: 'dataset', state: 'active', capacity: 'public', private: 'false' };
  return holds[leaf.field] === leaf.value;
}

/** Values of one listed field, any of them (`organization:a OR organization:b`), into `lists`; false if they are not that. */
function addOneOf(lists: Lists, leaves: FqQuery[]): boolean {
  const terms = leaves.filter((leaf): leaf is FqLeaf & { kind: 'term' } => leaf.kind === 'term' && leaf.value !== null);
  if (terms.length !== leaves.length) return false;
  const names = new Set(terms.map((leaf) => LIST_FIELDS[leaf.field]));
  const [name] = names;
  if (names.size !== 1 || name === undefined || lists[name]) return false;
  lists[name] = terms.map((leaf) => leaf.value!);
  return true;
}

/** A required condition into `lists`: a tag, a listed field's value or values, or what always holds. */
function addRequired(lists: Lists, query: FqQuery): boolean {
  if (query.kind === 'group') return query.clauses.every((c) => c.occur === 'should') && addOneOf(lists, query.clauses.map((c) => c.query));
  if (always(query)) return true;
  if (query.kind === 'term' && query.field === 'tags' && query.value !== null) return (lists.keywords ??= []).push(query.value) > 0;
  return addOneOf(lists, [query]);
}

/**
 * The filters as the catalogue's lists, when each says only "one of these values" of a field, or
 * a tag: what the search index filters on by codes, kept per filter. Anything else (exclusions,
 * ranges, two conditions on one field) is `null`, and is read as SQL.
 */
function asLists(filters: FqQuery[]): Lists | null {
  const lists: Lists = {};
  for (const filter of filters) {
    if (filter.kind !== 'group') {
      if (!addRequired(lists, filter)) return null;
      continue;
    }
    const occurs = new Set(filter.clauses.map((c) => c.occur));
    if (occurs.has('not') || occurs.size !== 1) return null;
    const fits = occurs.has('should') ? addOneOf(lists, filter.clauses.map((c) => c.query)) : filter.clauses.every((c) => addRequired(lists, c.query));
    if (!fits) return null;
  }
  return lists;
}

/** A licence code no dataset has: a CKAN licence id the catalogue does not know. */
const NO_LICENCE = '(none)';

/**
 * CKAN's licence ids in a filter as the catalogue's codes: one id may name several (`cc-by`: 3.0
 * and 4.0), which become one of them; an id the catalogue has no licence for matches nothing.
 */
function withLicenceCodes(query: FqQuery): FqQuery {
  if (query.kind === 'group') return { kind: 'group', clauses: query.clauses.map((clause) => ({ occur: clause.occur, query: withLicenceCodes(clause.query) })) };
  if (query.kind !== 'term' || query.field !== 'license_id' || query.value === null) return query;
  const codes = licencesOf(query.value);
  if (codes.length <= 1) return { ...query, value: codes[0] ?? NO_LICENCE };
  return { kind: 'group', clauses: codes.map((code) => ({ occur: 'should' as const, query: { ...query, value: code } })) };
}

async function organizationIds(db: QueryBuilder, slugs: string[]): Promise<string[]> {
  if (!slugs.length) return [];
  const rows = await db.selectFrom('institutions').select('id').where((eb) => eb.or([eb('slug', 'in', slugs), eb(sql`id::text`, 'in', slugs)])).execute();
  return rows.map((row) => row.id);
}

/** CKAN's sort keys, each `asc` or `desc`, separated by commas: `metadata_modified desc, name asc`. */
const SORT_KEYS = ['id', 'name', 'title_string', 'metadata_modified', 'metadata_created', 'score'] as const;

function sortOf(text: string): repo.CkanSortKey[] {
  const keys = text.split(',').map((part) => part.trim()).filter(Boolean);
  if (keys.length > SORT_KEYS.length) throw queryError(`at most ${SORT_KEYS.length} sort keys`);
  return keys.map((part) => {
    const [key, direction = 'asc', ...rest] = part.split(/\s+/);
    if (!(SORT_KEYS as readonly string[]).includes(key) || (direction !== 'asc' && direction !== 'desc') || rest.length) {
      throw queryError(`cannot sort by "${part.slice(0, 60)}"; use ${SORT_KEYS.join(', ')}, each asc or desc, separated by commas`);
    }
    return { key: key as repo.CkanSortKey['key'], direction };
  });
}

/** Words and fielded conditions of `q` apart: the words go to the search, the conditions join the filters. */
function splitQ(q: string): { words: string | undefined; filter: FqQuery | null } {
  if (!namesFilterField(q)) return { words: q === '*:*' || q === '*' ? undefined : q, filter: null };
  if (q.length > MAX_FQ_LENGTH) throw validation('q', `Must be at most ${MAX_FQ_LENGTH} characters`);
  try {
    const { words, filter } = parseQueryWithWords(q);
    return { words: words || undefined, filter };
  } catch (error) {
    if (error instanceof FqError) throw queryError(`cannot read q "${q.slice(0, 100)}": ${error.message}`);
    throw error;
  }
}

async function filterFromParams(db: QueryBuilder, params: Params, rows: number, start: number): Promise<repo.DatasetFilter> {
  const q = asString(params.q)?.trim();
  if (q && q.length > 1000) throw validation('q', 'Must be at most 1000 characters');
  const { words, filter: fromQ } = q ? splitQ(q) : { words: undefined, filter: null };
  // Solr's syntax of words (operators, quotes) is read by the search engine's query reader.
  const filter: repo.DatasetFilter = { q: words, ...(words ? { syntax: 'solr' as const } : {}), state: 'active', sort: words ? 'relevance' : 'modified', limit: rows, offset: start };
  const fqList = Array.isArray(params.fq_list) ? params.fq_list.map(String) : [];
  if (fqList.length > MAX_FQ_LIST) throw validation('fq_list', `Must have at most ${MAX_FQ_LIST} filters`);
  const filters = [...(fromQ ? [fromQ] : []), ...[asString(params.fq) ?? '', ...fqList].filter((s) => s.trim()).map((text) => readFilter(text, 'fq'))].map(withLicenceCodes);
  const lists = asLists(filters);
  if (lists === null) filter.where = { kind: 'group', clauses: filters.map((query) => ({ occur: 'must' as const, query })) };
  else await applyLists(db, filter, lists);
  const sort = (asString(params.sort) ?? '').trim();
  if (sort) filter.ckanSort = sortOf(sort);
  return filter;
}

/** Filters that are lists of values, as the catalogue's own filter fields. */
async function applyLists(db: QueryBuilder, filter: repo.DatasetFilter, lists: Lists): Promise<void> {
  if (lists.keywords) filter.keywords = lists.keywords;
  if (lists.formats) filter.formats = lists.formats.map((format) => format.toUpperCase());
  if (lists.names) filter.names = lists.names;
  if (lists.themes) {
    // An unknown group or licence matches nothing, as a Solr filter on a value no document has.
    filter.themes = lists.themes.map((theme) => theme.toUpperCase()).filter((theme): theme is Theme => (THEMES as readonly string[]).includes(theme));
    if (!filter.themes.length) filter.nothing = true;
  }
  if (lists.licenses) {
    filter.licenses = lists.licenses.filter((licence): licence is License => licence !== NO_LICENCE);
    if (!filter.licenses.length) filter.nothing = true;
  }
  if (lists.sources) {
    if (lists.sources.some((source) => !isUuid(source))) throw queryError('harvest_source_id takes a source id');
    filter.sources = lists.sources;
  }
  if (lists.publishers) {
    filter.publishers = await organizationIds(db, lists.publishers);
    // An organisation nobody knows matches nothing, as in CKAN: not an error.
    if (!filter.publishers.length) filter.nothing = true;
  }
}

/**
 * The facet fields as each client sends them: a JSON list in a JSON body (ckanapi, ckan.js), a JSON
 * list as text (CKAN's own form), or repeated parameters (`requests` in GET mode).
 */
function facetFields(params: Params): string[] {
  const raw = params['facet.field'];
  if (raw === undefined || raw === '') return [];
  // One text must be JSON, as in CKAN (which answers anything else 409).
  const fields = Array.isArray(raw) ? raw : typeof raw === 'string' ? parseJsonList(raw) : [raw];
  if (fields.some((f) => typeof f !== 'string')) throw validation('facet.field', 'Must be a JSON list of field names');
  return fields as string[];
}

function parseJsonList(text: string): unknown[] {
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed)) return parsed;
  } catch {
    // answered below
  }
  throw validation('facet.field', 'Must be a JSON list of field names');
}

/** The licence facet by CKAN's ids: the versions one id names counted together. */
function byCkanLicence(values: DatasetFacets[Facet]): DatasetFacets[Facet] {
  const counts = new Map<string, number>();
  for (const { value, count } of values) {
    const id = CKAN_LICENSE_IDS[value as License] ?? value;
    counts.set(id, (counts.get(id) ?? 0) + count);
  }
  return [...counts].map(([value, count]) => ({ value, count, label: { en: ckanLicenceTitle(value) ?? value } })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
}

async function facetItems(db: QueryBuilder, version: number, field: string, counted: DatasetFacets[Facet], limit: number, minCount: number) {
  const values = field === 'license_id' ? byCkanLicence(counted) : counted;
  const kept = values.filter((v) => v.count >= minCount).slice(0, limit < 0 ? undefined : limit);
  if (field !== 'organization') return kept.map((v) => ({ name: field === 'groups' ? v.value.toLowerCase() : v.value, display_name: v.label ? first(v.label) : v.value, count: v.count }));
  const organizations = await organizationsById(db, version, kept.map((v) => v.value));
  return kept.map((v) => {
    const organization = organizations.get(v.value);
    return { name: organization?.slug ?? v.value, display_name: organization ? first(organization.name) : v.value, count: v.count };
  });
}

// ---- actions ----

/** A result already written as JSON (kept in a cache as text: smaller than the objects, and not serialised again). */
export class JsonText {
  constructor(readonly json: string) {}
}

/** package_search answers by their parameters, kept per database and catalogue version, as the search's own. */
const packageSearchCache = cache.section<JsonText>('ckan.package_search', (result) => Buffer.byteLength(result.json));

export async function packageSearch(db: QueryBuilder, params: Params): Promise<JsonText> {
  const rows = asInt(params, 'rows', 10, 1000);
  const start = asInt(params, 'start', 0, 10_000_000);
  const filter = await filterFromParams(db, params, rows, start);
  // The version for the caches and the search, in one round trip.
  const state = await catalogState(db);
  // Per glossary version too: what words find depends on it.
  const key = `${state.glossary}|${JSON.stringify(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
  const cached = packageSearchCache.get(db, state.version, key);
  if (cached) return cached;
  const { results, ...rest } = await searchPackages(db, state, filter, params);
  // The packages come as JSON text already; the rest is written around them.
  const result = new JsonText(`${JSON.stringify(rest).slice(0, -1)},"results":[${results.join(',')}]}`);
  packageSearchCache.set(db, state.version, key, result);
  return result;
}

/**
 * Packages and organisations as package_search shows them, kept per database and catalogue version:
 * CKAN's search index stores each package whole for the same reason, so that a page of results
 * is not read and assembled again from the database every time.
 */
const packageCache = cache.section<string>('ckan.package');
const organizationCache = cache.section<Institution | null>('ckan.organization');

/** The values for these keys, kept ones from the cache and the rest read (and kept) at once. */
async function keptOrRead<T>(kept: CacheSection<T>, db: QueryBuilder, version: number, keys: string[], read: (missing: string[]) => Promise<Map<string, T>>): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  const missing: string[] = [];
  for (const key of new Set(keys)) {
    const value = kept.get(db, version, key);
    if (value === undefined) missing.push(key);
    else found.set(key, value);
  }
  if (missing.length) {
    for (const [key, value] of await read(missing)) {
      found.set(key, value);
      kept.set(db, version, key, value);
    }
  }
  return found;
}

/**
 * Packages by id: the datasets in one round trip; their organisations and sources, few and
 * shared by many packages, are kept per catalogue version too.
 */
const packagesById = (db: QueryBuilder, version: number, ids: string[]) =>
  keptOrRead(packageCache, db, version, ids, async (missing) => {
    const rows = await repo.findDatasetsByIds(db, missing);
    const [organizations, sources] = await Promise.all([
      organizationsById(db, version, rows.flatMap((row) => (row.publisher_id ? [row.publisher_id] : []))),
      sourcesById(db, version, rows.flatMap((row) => (row.source_id ? [row.source_id] : []))),
    ]);
    return new Map(rows.map((row) => {
      const organization = (row.publisher_id && organizations.get(row.publisher_id)) || undefined;
      const publisher = organization ? { id: organization.id, name: organization.name, shortName: organization.shortName, country: organization.country } : null;
      const dataset = toDataset(row, publisher, (row.source_id && sources.get(row.source_id)) || null);
      return [row.id, JSON.stringify(toPackage(dataset, organization))];
    }));
  });

const sourceCache = cache.section<SourceRef | null>('ckan.source');

const sourcesById = (db: QueryBuilder, version: number, ids: string[]) =>
  keptOrRead(sourceCache, db, version, ids, async (missing) => {
    const read = await sourceRefs(db, missing);
    return new Map(missing.map((id) => [id, read.get(id) ?? null]));
  });

const organizationsById = (db: QueryBuilder, version: number, ids: string[]) =>
  keptOrRead(organizationCache, db, version, ids, async (missing) => {
    const read = await institutionsByIds(db, missing);
    return new Map(missing.map((id) => [id, read.get(id) ?? null]));
  });

async function searchPackages(db: QueryBuilder, state: CatalogState, filter: repo.DatasetFilter, params: Params) {
  const version = state.version;
  const wanted = facetFields(params);
  const unknown = wanted.find((field) => !(field in FACET_FIELDS) && field !== 'tags');
  if (unknown) throw queryError(`cannot facet on "${unknown}"; use ${[...Object.keys(FACET_FIELDS), 'tags'].join(', ')}`);
  // -1 asks for every value, as does a limit beyond the top values the catalogue counts by default.
  const limit = asString(params['facet.limit'])?.trim() === '-1' ? -1 : asInt(params, 'facet.limit', repo.FACET_LIMIT, 100_000);
  if (limit < 0 || limit > repo.FACET_LIMIT) filter.allFacetValues = true;
  // A harvester pages without facets: counting them over every match was most of its page's time.
  if (!wanted.some((field) => field !== 'tags')) filter.withoutFacets = true;
  const { items: ids, total, facets, keywords } = await search(db, filter, 'id', state);
  const byId = await packagesById(db, version, ids);
  const results = ids.map((id) => byId.get(id)!).filter(Boolean);
  const minCount = asInt(params, 'facet.mincount', 1, 1_000_000);
  const searchFacets: Record<string, { title: string; items: { name: string; display_name: string; count: number }[] }> = {};
  for (const field of wanted) {
    if (field === 'tags') {
      const counts = (keywords ?? (await keywordCounts(db, version, filter))).filter(({ count }) => count >= minCount).slice(0, limit < 0 ? undefined : limit);
      searchFacets.tags = { title: 'tags', items: counts.map(({ keyword, count }) => ({ name: keyword, display_name: keyword, count })) };
      continue;
    }
    const items = await facetItems(db, version, field, facets[FACET_FIELDS[field]], limit, minCount);
    searchFacets[field] = { title: field, items: items.sort((a, b) => b.count - a.count) };
  }
  return {
    count: total,
    results,
    facets: Object.fromEntries(Object.entries(searchFacets).map(([field, { items }]) => [field, Object.fromEntries(items.map((i) => [i.name, i.count]))])),
    search_facets: searchFacets,
    // Echoed as asked, as CKAN does; without one, the order it used.
    sort: asString(params.sort)?.trim() || (filter.q ? 'score desc, metadata_modified desc' : 'metadata_modified desc'),
  };
}

export async function packageShow(db: QueryBuilder, params: Params) {
  const id = asString(params.id)?.trim();
  if (!id) throw validation('id', 'Missing value');
  const row = await repo.findDataset(db, id);
  if (!row || row.state !== 'active') throw notFound();
  const [dataset] = await toDatasets(db, [row]);
  return (await packages(db, [dataset]))[0];
}

export async function packageList(db: QueryBuilder, params: Params) {
  const limit = asInt(params, 'limit', 1_000_000, 1_000_000);
  const offset = asInt(params, 'offset', 0, 100_000_000);
  const rows = await db.selectFrom('datasets').select('name').where('state', '=', 'active').orderBy('name').limit(limit).offset(offset).execute();
  return rows.map((row) => row.name);
}

/** Publishers of at least one active dataset, with how many. */
async function publishers(db: QueryBuilder) {
  const rows = await db
    .selectFrom('datasets')
    .select(['publisher_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('state', '=', 'active')
    .where('publisher_id', 'is not', null)
    .groupBy('publisher_id')
    .execute();
  const counts = new Map(rows.map((row) => [row.publisher_id!, Number(row.n)]));
  const institutions = await institutionsByIds(db, [...counts.keys()]);
  return [...institutions.values()].map((institution) => ({ institution, count: counts.get(institution.id) ?? 0 }));
}

export async function organizationList(db: QueryBuilder, params: Params) {
  const sort = (asString(params.sort) ?? 'name asc').toLowerCase();
  const limit = asInt(params, 'limit', 1000, 1000);
  const offset = asInt(params, 'offset', 0, 1_000_000);
  const all = await publishers(db);
  const wantedNames = Array.isArray(params.organizations) ? params.organizations.map(String) : null;
  const list = all
    .filter(({ institution }) => !wantedNames || wantedNames.includes(institution.slug))
    .sort((a, b) => (sort.startsWith('package_count') ? b.count - a.count : sort.startsWith('title') ? first(a.institution.name).localeCompare(first(b.institution.name)) : a.institution.slug.localeCompare(b.institution.slug)))
    .slice(offset, offset + limit);
  return asBool(params, 'all_fields') ? list.map(({ institution, count }) => toOrganization(institution, count)) : list.map(({ institution }) => institution.slug);
}

export async function organizationShow(db: QueryBuilder, params: Params) {
  const id = asString(params.id)?.trim();
  if (!id) throw validation('id', 'Missing value');
  const row = await db.selectFrom('institutions').select('id').where((eb) => eb.or([eb('slug', '=', id), eb(sql`id::text`, '=', id)])).executeTakeFirst();
  if (!row) throw notFound();
  const institution = (await institutionsByIds(db, [row.id])).get(row.id)!;
  const { items: ids, total } = await search(db, { publishers: [row.id], state: 'active', sort: 'modified', limit: asBool(params, 'include_datasets') ? 10 : 0, offset: 0 }, 'id');
  const organization = { ...toOrganization(institution, total), users: [], tags: [], groups: [], extras: [] };
  if (!asBool(params, 'include_datasets')) return organization;
  return { ...organization, packages: await packagesOf(db, ids) };
}

export async function tagList(db: QueryBuilder, params: Params) {
  const query = asString(params.query)?.trim();
  const { rows } = await sql<{ tag: string }>`
    select distinct k.tag from datasets d, jsonb_each(d.keywords) e, jsonb_array_elements_text(e.value) as k(tag)
    where d.state = 'active' ${query ? sql`and k.tag ilike ${containingPattern(query)}` : sql``}
    order by k.tag limit 5000`.execute(db);
  return asBool(params, 'all_fields') ? rows.map((row) => ({ name: row.tag, display_name: row.tag, vocabulary_id: null, id: row.tag })) : rows.map((row) => row.tag);
}

export function statusShow(base: string, version: string) {
  return {
    site_title: 'Talsinki',
    site_description: 'Open data of the Helsinki–Tallinn twin region',
    site_url: base,
    ckan_version: '2.11.0',
    talsinki_version: version,
    error_emails_to: null,
    locale_default: 'fi',
    extensions: ['talsinki', 'dcat', 'scheming_datasets', 'fluent', 'harvest'],
  };
}


/** Active datasets per EU data theme. */
async function themeCounts(db: QueryBuilder): Promise<Map<Theme, number>> {
  const { rows } = await sql<{ theme: Theme; n: string }>`select t as theme, count(*) as n from datasets d, unnest(d.themes) t where d.state = 'active' group by t`.execute(db);
  return new Map(rows.map((row) => [row.theme, Number(row.n)]));
}

/** The EU data themes as CKAN's groups: names by default, CKAN's group dicts with `all_fields`. */
export async function groupList(db: QueryBuilder, params: Params) {
  const allFields = asBool(params, 'all_fields');
  const sort = (asString(params.sort) ?? 'title').toLowerCase();
  const limit = asInt(params, 'limit', allFields ? 25 : 1000, allFields ? 25 : 1000);
  const offset = asInt(params, 'offset', 0, 1_000_000);
  const wanted = Array.isArray(params.groups) ? params.groups.map(String) : typeof params.groups === 'string' ? params.groups.split(',') : null;
  const counts = await themeCounts(db);
  const groups = THEMES.map((theme) => toGroup(theme, counts.get(theme) ?? 0))
    .filter((group) => !wanted || wanted.includes(group.name))
    .sort((a, b) => (sort.startsWith('package_count') || sort === 'packages' ? b.package_count! - a.package_count! : sort.startsWith('name') ? byCodePoint(a.name, b.name) : byCodePoint(a.title, b.title)))
    .slice(offset, offset + limit);
  return allFields ? groups.map((group) => ({ ...group, num_followers: 0 })) : groups.map((group) => group.name);
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export async function groupShow(db: QueryBuilder, params: Params) {
  const id = asString(params.id)?.trim();
  if (!id) throw validation('id', 'Missing value');
  const theme = THEMES.find((t) => t.toLowerCase() === id.toLowerCase());
  if (!theme) throw notFound('Group was not found.');
  const { items: ids, total } = await search(db, { themes: [theme], state: 'active', sort: 'modified', limit: asBool(params, 'include_datasets') ? 10 : 0, offset: 0 }, 'id');
  const group = { ...toGroup(theme, total), num_followers: 0, users: [], tags: [], groups: [], extras: [] };
  if (!asBool(params, 'include_datasets')) return group;
  return { ...group, packages: await packagesOf(db, ids) };
}

export async function resourceShow(db: QueryBuilder, params: Params) {
  const id = asString(params.id)?.trim();
  if (!id) throw validation('id', 'Missing value');
  if (!isUuid(id)) throw notFound('Resource was not found.');
  const { rows } = await sql<{ id: string }>`select d.id from datasets d where d.state = 'active' and jsonb_path_exists(d.distributions, '$[*] ? (@.id == $r)', jsonb_build_object('r', ${id}::text)) limit 1`.execute(db);
  if (!rows.length) throw notFound('Resource was not found.');
  const pkg = await packageShow(db, { id: rows[0].id });
  return pkg.resources.find((resource) => resource.id === id)!;
}

/** Packages with their resources, newest change first (CKAN: a package_search without words; ten by default). */
export async function currentPackageListWithResources(db: QueryBuilder, params: Params) {
  const limit = asInt(params, 'limit', 10, 1000);
  const page = asInt(params, 'page', 0, 1_000_000);
  const offset = page > 0 ? (page - 1) * limit : asInt(params, 'offset', 0, 10_000_000);
  const { items: ids } = await search(db, { state: 'active', sort: 'modified', limit, offset }, 'id');
  return packagesOf(db, ids);
}

/** Packages whose name or title holds the text, for a typed-ahead choice. */
export async function packageAutocomplete(db: QueryBuilder, params: Params) {
  const q = asString(params.q)?.trim();
  if (!q) throw validation('q', 'Missing value');
  if (q.length > 200) throw validation('q', 'Must be at most 200 characters');
  const limit = asInt(params, 'limit', 10, 100);
  const like = containingPattern(q.toLowerCase());
  const { rows } = await sql<{ name: string; title: LocalizedTextValue }>`
    select d.name, d.title from datasets d where d.state = 'active'
      and (d.name ilike ${like} or exists (select 1 from jsonb_each_text(d.title) t where lower(t.value) like ${like}))
    order by d.name limit ${limit}`.execute(db);
  return rows.map(({ name, title }) => {
    const byName = name.toLowerCase().includes(q.toLowerCase());
    return { name, title: first(title), match_field: byName ? 'name' : 'title', match_displayed: byName ? name : `${first(title)} (${name})` };
  });
}

/** What each action does, as `help_show` answers and every answer's `help` link points to. */
export const ACTION_HELP: Record<string, string> = {
  package_search: 'Searches the datasets: q (words, and fielded terms as Solr reads them), fq, fq_list, sort, rows, start, facet.field, facet.limit, facet.mincount.',
  package_show: 'Returns one dataset by id or name.',
  package_list: 'Returns the names of the active datasets, by name; limit and offset page them.',
  current_package_list_with_resources: 'Returns the datasets with their resources, the last changed first; limit, offset or page.',
  package_autocomplete: 'Returns datasets whose name or title holds q (limit: 10).',
  resource_show: 'Returns one resource by id.',
  organization_list: 'Returns the publishers of datasets: names, or with all_fields their records; sort, limit, offset.',
  organization_show: 'Returns one publisher by id or name; include_datasets adds ten of its datasets.',
  group_list: 'Returns the EU data themes as groups: names, or with all_fields their records; sort, limit, offset.',
  group_show: 'Returns one EU data theme as a group by id or name; include_datasets adds ten of its datasets.',
  tag_list: 'Returns the keywords of the active datasets; query narrows them.',
  license_list: 'Returns the licences the catalogue uses.',
  status_show: 'Returns the site and its version.',
  help_show: 'Returns what an action does: name.',
};

export function helpShow(params: Params) {
  const name = asString(params.name)?.trim();
  if (!name) throw validation('name', 'Missing value');
  if (!Object.hasOwn(ACTION_HELP, name)) throw notFound('Action function not found');
  return ACTION_HELP[name];
}
