import { sql, type RawBuilder } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import { HttpProblem, problems } from '../../plugins/problems.ts';
import { ENTITY_TYPES, navigationOf, type EntityType } from './sta.model.ts';
import type { PathStep, ResourcePath } from './sta.path.ts';
import { propertyValue, selfLink, serializeEntity, type Entity, type Row } from './sta.serialize.ts';
import type { ExpandItem, QueryOptions } from './query/ast.ts';
import { compileFilter, compileOrderBy, containsGeo, navigationCondition, navigationFromId, unknownProperty, visibility, type Scope } from './query/sql.ts';
import { compileGeoFilter, compileGeoOrder, geoOrderChecks, type GeoFilter } from './query/geo-filter.ts';
import { printQueryOptions } from './query/parse.ts';
import { afterToken, keysetColumns, keysetOf, tokenAfter } from './query/keyset.ts';
import type { Viewer } from './sta.visibility.ts';
import { keepRelatedRow, keepsRelated, keptRelatedRow, relatedVersionColumn, relatedVersionColumns } from './sta.cache.ts';

/**
 * Reading SensorThings resources (OGC 18-088 §9): a path and its query options become one SQL
 * query per level of `$expand` (never one per entity), in the standard's order of evaluation
 * (§9.3.1): filter, count, order, skip, top, then select and expand.
 */

type Sql = RawBuilder<unknown>;

export interface ReadContext {
  db: QueryBuilder;
  /** The service root's absolute address (`https://…/sta/v1.1`). */
  base: string;
  /** Who reads (internal streams are seen by staff and their pilot's tokens only). */
  viewer: Viewer;
  /** A page's size when `$top` is absent, and the most a page holds (a larger `$top` is cut to it, with a nextLink). */
  defaultTop: number;
  maxTop: number;
  /** The most candidate rows a geo `$filter` may test in JS for one answer (GEO_SCAN_CAP unless a test sets it). */
  geoScanCap?: number;
  /** Whether expanded to-one rows may come from the cache (sta.cache.ts): a request's own read, never a transaction's. */
  keepRelated?: boolean;
}

/**
 * A geo `$filter` is decided in JS on candidate rows (query/geo-filter.ts): past this many candidates
 * for one page, one `$count` or one `$expand`, the request is refused (400 `filter-too-costly`) rather
 * than answered with a page that may be wrong. The research's figure (§1.3).
 */
export const GEO_SCAN_CAP = 50_000;
/** Candidates fetched per query while a geo filter fills a page. */
const GEO_BATCH = 2_000;

/** The answer to a GET: JSON, or the raw text of a `$value`. */
export type ReadAnswer = { json: unknown } | { text: string };

export async function readResource(ctx: ReadContext, path: ResourcePath, options: QueryOptions, query: URLSearchParams): Promise<ReadAnswer> {
  const counter = { next: 0 };
  const last = path.steps.length - 1;
  if (path.tail.kind === 'collection') return { json: await readCollectionOfParent(ctx, path.steps, options, query, counter) };
  if (path.tail.kind === 'ref' && !path.steps[last].single) {
    const page = await readCollectionOfParent(ctx, path.steps, { ...options, select: [['@iot.id']], expand: [] }, query, counter);
    return { json: { ...page, value: page.value.map((entity) => ({ '@iot.selfLink': selfLink(ctx.base, path.steps[last].type, entity['@iot.id']) })) } };
  }
  if (last > 0 && !path.steps[last].single) await requireEntity(ctx, path.steps, last - 1, counter);
  switch (path.tail.kind) {
    case 'ref': {
      const row = await requireEntity(ctx, path.steps, last, counter);
      return { json: { '@iot.selfLink': selfLink(ctx.base, path.steps[last].type, row.id) } };
    }
    case 'entity': {
      const row = await requireEntity(ctx, path.steps, last, counter, versionColumns(ctx, path.steps[last].type, options, 't'));
      const [entity] = await shape(ctx, path.steps[last].type, [row], options, counter);
      return { json: entity };
    }
    case 'property': {
      const row = await requireEntity(ctx, path.steps, last, counter);
      let value = propertyValue(path.tail.property, row);
      for (const part of path.tail.jsonPath) {
        value = value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, part) ? (value as Record<string, unknown>)[part] : undefined;
        if (value === undefined) throw problems.notFound(`part "${path.tail.jsonPath.join('/')}" of ${path.tail.name}`);
      }
      if (path.tail.raw) return { text: value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value) };
      return { json: { [path.tail.jsonPath.at(-1) ?? path.tail.name]: value } };
    }
  }
}

/**
 * A collection under a parent (`Datastreams(1)/Observations`) answers 404 when the parent does not
 * exist or may not be seen, before any other refusal of the page. Each row of a page is found
 * through its parent (stepCondition), so a page with rows proves the parent: it is read only when
 * the page is empty or refused, which spares the usual read a round trip.
 */
async function readCollectionOfParent(ctx: ReadContext, steps: readonly PathStep[], options: QueryOptions, query: URLSearchParams, counter: { next: number }): Promise<CollectionPage> {
  const last = steps.length - 1;
  const checkParent = () => (last > 0 && !steps[last].single ? requireEntity(ctx, steps, last - 1, counter) : undefined);
  let page: CollectionPage;
  try {
    page = await readCollection(ctx, steps, options, query, counter);
  } catch (error) {
    await checkParent();
    throw error;
  }
  if (page.value.length === 0) await checkParent();
  return page;
}

/** The SQL condition that a row under `alias` is the entity (or one of the entities) step `k` of the path names. */
function stepCondition(ctx: ReadContext, steps: readonly PathStep[], k: number, alias: string, counter: { next: number }): Sql {
  const step = steps[k];
  const parts: Sql[] = [];
  if (step.id !== undefined) parts.push(sql`${sql.raw(alias)}.id = ${step.id}::bigint`);
  const seen = k > 0 && ofSeenStream(steps[k - 1].type, step.type) ? undefined : visibility(step.type, alias, ctx.viewer);
  if (seen) parts.push(seen);
  if (k > 0 && step.via) {
    const parent = steps[k - 1];
    const outer = `p${counter.next++}`;
    // With the parent's id known, the parent's test does not depend on the row: PostgreSQL runs it
    // once (an InitPlan) instead of planning a join, which halves the planning of a stream's page.
    const fromParentId = parent.id === undefined ? undefined : navigationFromId(step.via, parent.id, alias);
    const parentTests = [stepCondition(ctx, steps, k - 1, outer, counter)];
    if (fromParentId) parts.push(fromParentId);
    else parentTests.unshift(navigationCondition(step.via, outer, alias));
    parts.push(sql`exists (select 1 from ${sql.raw(parent.type.table)} ${sql.raw(outer)} where ${sql.join(parentTests, sql` and `)})`);
  }
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

/** Observations reached from a stream (already held to who may see it) need no test of their own. */
function ofSeenStream(parent: EntityType, child: EntityType): boolean {
  return child.name === 'Observation' && (parent.name === 'Datastream' || parent.name === 'MultiDatastream');
}

async function requireEntity(ctx: ReadContext, steps: readonly PathStep[], k: number, counter: { next: number }, extraColumns: Sql = sql``): Promise<Row> {
  const type = steps[k].type;
  const { rows } = await sql<Row>`select ${columns('t')}${extraColumns} from ${sql.raw(type.table)} t where ${stepCondition(ctx, steps, k, 't', counter)} limit 1`.execute(ctx.db);
  if (!rows[0]) throw problems.notFound(entityWords(steps, k));
  return rows[0];
}

function entityWords(steps: readonly PathStep[], k: number): string {
  return steps
    .slice(0, k + 1)
    .map((step, i) => (i === 0 ? `${step.type.set}${step.id ? `(${step.id})` : ''}` : `${step.via ? navigationName(steps[i - 1].type, step) : step.type.set}${step.id ? `(${step.id})` : ''}`))
    .join('/');
}

function navigationName(from: EntityType, step: PathStep): string {
  return Object.entries(from.navigation).find(([, navigation]) => navigation === step.via)?.[0] ?? step.type.set;
}

/** The versions of the kept rows `options`' `$expand` will want (none unless the read may use them). */
function versionColumns(ctx: ReadContext, type: EntityType, options: QueryOptions, alias: string): Sql {
  return ctx.keepRelated ? relatedVersionColumns(type, options.expand, alias) : sql``;
}

/** A row's columns: the table's own (an Observation's stream kind is marked after, markStreamKinds). */
function columns(alias: string): Sql {
  return sql.raw(`${alias}.*`);
}

/**
 * The ids of every entity of the collection `path` names that `filter` holds for (all of them
 * without one): what a `DELETE` of a collection with `$filter` removes (FROST-Server's extension).
 */
export async function matchingIds(ctx: ReadContext, path: ResourcePath, filter: QueryOptions['filter']): Promise<number[]> {
  const counter = { next: 0 };
  const steps = path.steps;
  const last = steps.length - 1;
  if (last > 0 && !steps[last].single) await requireEntity(ctx, steps, last - 1, counter);
  const type = steps[last].type;
  const scope: Scope = { type, alias: 't', viewer: ctx.viewer, counter };
  const where = [stepCondition(ctx, steps, last, 't', counter)];
  const geo = filter && containsGeo(filter) ? compileGeoFilter(filter, scope) : undefined;
  if (filter) where.push(geo ? geo.possibly : compileFilter(filter, scope));
  const from = sql`from ${sql.raw(type.table)} t where ${sql.join(where, sql` and `)}`;
  if (!geo) return (await guard(sql<{ id: number }>`select t.id::float8 as id ${from}`.execute(ctx.db))).rows.map((row) => row.id);
  const fetch = (limit: number, offset: number) => guard(sql<Row>`select t.id::float8 as id, ${geo.columns} ${from} order by t.id limit ${limit} offset ${offset}`.execute(ctx.db)).then((r) => r.rows);
  return (await scanAccepted(ctx, fetch, geo.accepts, Infinity)).map((row) => row.id as number);
}

export interface CollectionPage {
  '@iot.count'?: number;
  '@iot.nextLink'?: string;
  value: Entity[];
}

function pageSize(ctx: ReadContext, options: QueryOptions): number {
  return Math.min(options.top ?? ctx.defaultTop, ctx.maxTop);
}

async function readCollection(ctx: ReadContext, steps: readonly PathStep[], options: QueryOptions, query: URLSearchParams, counter: { next: number }): Promise<CollectionPage> {
  const type = steps[steps.length - 1].type;
  const scope: Scope = { type, alias: 't', viewer: ctx.viewer, counter };
  const where = [stepCondition(ctx, steps, steps.length - 1, 't', counter)];
  const geo = options.filter && containsGeo(options.filter) ? compileGeoFilter(options.filter, scope) : undefined;
  if (options.filter) where.push(geo ? geo.possibly : compileFilter(options.filter, scope));
  const condition = sql.join(where, sql` and `);
  const top = pageSize(ctx, options);
  const skip = options.skip ?? 0;
  const from = sql`from ${sql.raw(type.table)} t where ${condition}`;
  const geoOrder = compileGeoOrder(options.orderBy, scope);
  // Only where SQL orders (a geo.distance key among others must be to a point: sql.ts refuses the rest).
  const order = geoOrder ? sql`t.id` : compileOrderBy(options.orderBy, scope);
  const keyset = geo || geoOrder ? undefined : keysetOf(type, options.orderBy, 't');
  // Read (and refused, when the order has no keyset) before any query runs.
  const after = options.skipToken === undefined ? sql`` : sql` and ${afterToken(keyset, options.skipToken)}`;
  const versions = versionColumns(ctx, type, options, 't');
  let rows: Row[];
  let count: number | undefined;
  if (geoOrder) {
    // Every row the filter holds for, keyed in JS and sorted; then the page's rows are read whole.
    const filterColumns = geo ? sql`, ${geo.columns}` : sql``;
    const fetchAll = (limit: number, offset: number) =>
      guard(sql<Row>`select t.id, ${geoOrder.columns}${filterColumns} ${from} order by t.id limit ${limit} offset ${offset}`.execute(ctx.db)).then((r) => r.rows);
    const all = await scanAccepted(ctx, fetchAll, geo?.accepts ?? (() => true), Infinity);
    const pageIds = top === 0 ? [] : geoOrder.sort(all).slice(skip, skip + top + 1).map((row) => row.id);
    const found = pageIds.length ? (await sql<Row>`select ${columns('t')}${versions} from ${sql.raw(type.table)} t where t.id = any(${pageIds}::bigint[])`.execute(ctx.db)).rows : [];
    const byId = new Map(found.map((row) => [row.id, row]));
    rows = pageIds.map((id) => byId.get(id)).filter((row): row is Row => row !== undefined);
    if (options.count) count = all.length;
  } else if (geo) {
    await refuseInexactOrder(ctx, geoOrderChecks(options.orderBy, scope), from, geo);
    // The page: accepted rows in the asked order, the skipped ones first, and one more to know there is a next page.
    const fetch = (limit: number, offset: number) =>
      guard(sql<Row>`select ${columns('t')}${versions}, ${geo.columns} ${from} order by ${order} limit ${limit} offset ${offset}`.execute(ctx.db)).then((r) => r.rows);
    rows = top === 0 ? [] : (await scanAccepted(ctx, fetch, geo.accepts, skip + top + 1)).slice(skip);
    if (options.count) {
      const fetchAll = (limit: number, offset: number) => guard(sql<Row>`select ${geo.columns} ${from} order by t.id limit ${limit} offset ${offset}`.execute(ctx.db)).then((r) => r.rows);
      count = (await scanAccepted(ctx, fetchAll, geo.accepts, Infinity)).length;
    }
  } else {
    await refuseInexactOrder(ctx, geoOrderChecks(options.orderBy, scope), from, geo);
    const keyColumns = keyset ? sql`, ${keysetColumns(keyset)}` : sql``;
    [rows, count] = await Promise.all([
      top === 0 ? Promise.resolve([] as Row[]) : guard(sql<Row>`select ${columns('t')}${keyColumns}${versions} ${from}${after} order by ${order} limit ${top + 1} offset ${skip}`.execute(ctx.db)).then((r) => r.rows),
      options.count ? guard(sql<{ n: number }>`select count(*)::float8 as n ${from}`.execute(ctx.db)).then((r) => r.rows[0].n) : undefined,
    ]);
  }
  const page: CollectionPage = { value: [] };
  if (count !== undefined) page['@iot.count'] = count;
  const more = rows.length > top || (top === 0 && count !== undefined && count > skip);
  if (more && top > 0) {
    const next = new URLSearchParams(query);
    if (keyset) {
      next.delete('$skip');
      next.set('$skiptoken', tokenAfter(keyset, rows[top - 1]));
    } else next.set('$skip', String(skip + top));
    next.set('$top', String(options.top !== undefined && options.top > top ? options.top - top : top));
    if (options.top === undefined) next.delete('$top');
    page['@iot.nextLink'] = `${ctx.base}/${pathText(steps)}?${queryText(next)}`;
  }
  if (options.resultFormat === 'dataArray') {
    await markStreamKinds(ctx.db, type, rows);
    page.value = dataArrays(ctx, type, rows.slice(0, top), options.select);
  } else {
    page.value = await shape(ctx, type, rows.slice(0, top), options, counter);
  }
  return page;
}

const DATA_ARRAY_COMPONENTS = ['id', 'phenomenonTime', 'result', 'resultTime', 'resultQuality', 'validTime', 'parameters'];

/**
 * The data-array extension's read side (OGC 18-088 §13.1): a page of Observations as compact
 * rows, one group per Datastream (or MultiDatastream) in the order they first appear, each with
 * its components (`$select`, else all of them).
 */
function dataArrays(ctx: ReadContext, type: EntityType, rows: readonly Row[], select: QueryOptions['select']): Entity[] {
  if (type.name !== 'Observation') {
    throw new HttpProblem(400, 'query-option-invalid', 'Invalid query option', '$resultFormat=dataArray answers Observations only.', { params: { option: '$resultFormat' } });
  }
  const components = select ? select.map((path) => path.join('/')).map((name) => (name === '@iot.id' ? 'id' : name)) : DATA_ARRAY_COMPONENTS;
  for (const name of components) {
    if (!DATA_ARRAY_COMPONENTS.includes(name) && name !== 'FeatureOfInterest/id') {
      throw new HttpProblem(400, 'query-option-invalid', 'Invalid query option', `$select: "${name}" is not a component of a data array (${[...DATA_ARRAY_COMPONENTS, 'FeatureOfInterest/id'].join(', ')}).`, { params: { option: '$select' } });
    }
  }
  const value = (row: Row, name: string) => (name === 'id' ? row.id : name === 'FeatureOfInterest/id' ? row.feature_id : propertyValue(type.properties[name], row));
  const groups = new Map<unknown, Entity>();
  for (const row of rows) {
    let group = groups.get(row.datastream_id);
    if (!group) {
      const set = row._multi ? 'MultiDatastreams' : 'Datastreams';
      group = { [`${row._multi ? 'MultiDatastream' : 'Datastream'}@iot.navigationLink`]: `${ctx.base}/${set}(${row.datastream_id})`, components, 'dataArray@iot.count': 0, dataArray: [] };
      groups.set(row.datastream_id, group);
    }
    (group.dataArray as unknown[][]).push(components.map((name) => value(row, name)));
    group['dataArray@iot.count'] = (group.dataArray as unknown[]).length;
  }
  return [...groups.values()];
}

const tooCostly = (cap: number) =>
  new HttpProblem(400, 'filter-too-costly', 'Filter too costly', `The geometric filter or order would have to test more than ${cap} entities one by one; narrow it with conditions the database can decide (an id, a time, a name).`, {
    params: { limit: cap },
  });

/**
 * Walks candidate rows batch by batch (`fetch(limit, offset)` in the asked order), keeping those
 * `accepts` says hold, until `want` are found or the candidates end; more than the cap → 400.
 */
async function scanAccepted(ctx: ReadContext, fetch: (limit: number, offset: number) => Promise<Row[]>, accepts: (row: Row) => boolean, want: number): Promise<Row[]> {
  const cap = ctx.geoScanCap ?? GEO_SCAN_CAP;
  const accepted: Row[] = [];
  let scanned = 0;
  while (accepted.length < want) {
    const limit = Math.min(Number.isFinite(want) ? Math.max(want * 2, 100) : GEO_BATCH, GEO_BATCH, cap + 1 - scanned);
    const rows = await fetch(limit, scanned);
    for (const row of rows) {
      if (++scanned > cap) throw tooCostly(cap);
      if (accepts(row) && accepted.push(row) >= want) break;
    }
    if (rows.length < limit) break;
  }
  return accepted;
}

/**
 * `$orderby=geo.distance(…)` is exact in SQL only for rows whose geometry is one position
 * (sql.ts distanceOrderKey); if any row the filter holds for has extent, no page of the order can be
 * trusted (that row's place is unknown), so the request is refused, naming why.
 */
async function refuseInexactOrder(ctx: ReadContext, checks: readonly Sql[], from: Sql, geo: GeoFilter | undefined, alias = 't'): Promise<void> {
  if (checks.length === 0) return;
  const any = sql`(${sql.join(checks, sql` or `)})`;
  let found: boolean;
  if (geo) {
    const fetch = (limit: number, offset: number) => guard(sql<Row>`select ${geo.columns} ${from} and ${any} order by ${sql.raw(alias)}.id limit ${limit} offset ${offset}`.execute(ctx.db)).then((r) => r.rows);
    found = (await scanAccepted(ctx, fetch, geo.accepts, 1)).length > 0;
  } else {
    found = (await guard(sql<{ found: boolean }>`select exists (select 1 ${from} and ${any}) as found`.execute(ctx.db))).rows[0].found;
  }
  if (found) {
    throw new HttpProblem(
      400,
      'filter-unsupported',
      'Filter not supported',
      'geo.distance in $orderby is exact only for geometries that are one point, and some of the entities asked for are lines or areas: filter them out (geo.length, st_within …) or order by something else.',
      { params: { function: 'geo.distance' } },
    );
  }
}

/** Query options written back as OData clients write them: spaces as %20, never '+'. */
function queryText(query: URLSearchParams): string {
  return query.toString().replaceAll('+', '%20');
}

function pathText(steps: readonly PathStep[]): string {
  return steps
    .map((step, i) => `${i === 0 ? step.type.set : navigationName(steps[i - 1].type, step)}${step.id !== undefined ? `(${step.id})` : ''}`)
    .join('/');
}

/**
 * The database refuses what a filter computes out of range (a number overflowing, a date past
 * year 294276): that is the request's fault, answered 400, never 500.
 */
async function guard<T>(query: Promise<T>): Promise<T> {
  try {
    return await query;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('22')) {
      throw new HttpProblem(400, 'filter-out-of-range', 'Value out of range', `The filter computes a value the database cannot hold: ${(error as Error).message}.`);
    }
    throw error;
  }
}

/**
 * Whether each stream is a MultiDatastream, per database (by its query builder, so a transaction's
 * own reads go with it): fixed when a stream is made, and ids are never reused, so never stale.
 */
const multiByStream = new WeakMap<QueryBuilder, Map<number, boolean>>();

/** Marks each Observation row `_multi` (which of its two stream links it has), reading only streams not yet known. */
async function markStreamKinds(db: QueryBuilder, type: EntityType, rows: readonly Row[]): Promise<void> {
  if (type.name !== 'Observation' || rows.length === 0) return;
  let known = multiByStream.get(db);
  if (!known) multiByStream.set(db, (known = new Map()));
  const unknown = [...new Set(rows.map((row) => row.datastream_id as number).filter((id) => !known.has(id)))];
  if (unknown.length) {
    const { rows: streams } = await sql<{ id: number; multi: boolean }>`select id, multi from sta_datastreams where id = any(${unknown}::bigint[])`.execute(db);
    for (const stream of streams) known.set(stream.id, stream.multi);
  }
  for (const row of rows) row._multi = known.get(row.datastream_id as number);
}

/** Rows of one type as entities with `$select` applied and every `$expand` read, one query per expanded relation. */
async function shape(ctx: ReadContext, type: EntityType, rows: readonly Row[], options: QueryOptions, counter: { next: number }): Promise<Entity[]> {
  checkSelect(type, options.select);
  await markStreamKinds(ctx.db, type, rows);
  const entities = rows.map((row) => serializeEntity(type, row, ctx.base, options.select));
  for (const item of mergeExpandPaths(options.expand)) await expand(ctx, type, rows, entities, item, counter);
  return entities;
}

function checkSelect(type: EntityType, select: QueryOptions['select']) {
  for (const path of select ?? []) {
    const name = path[0];
    if (name === '@iot.id' || name === 'id') continue;
    if (Object.hasOwn(type.navigation, name) && path.length === 1) continue;
    const property = Object.hasOwn(type.properties, name) ? type.properties[name] : undefined;
    if (!property || (path.length > 1 && property.kind !== 'json')) throw unknownProperty(type, path.join('/'));
  }
}

/** The related rows the cache holds at the versions the parents' rows were read with, by id. */
function keptRowsOf(ctx: ReadContext, target: EntityType, rows: readonly Row[], column: string, versionColumn: string): Map<unknown, Row> {
  const kept = new Map<unknown, Row>();
  // A page's rows mostly share a few related rows: each is looked up once, found or not.
  const asked = new Set<unknown>();
  for (const row of rows) {
    const id = row[column];
    const version = row[versionColumn];
    if (typeof version !== 'string' || asked.has(id)) continue;
    asked.add(id);
    const found = keptRelatedRow(ctx.db, target, id, version);
    if (found) kept.set(id, found);
  }
  return kept;
}

/** `Datastreams/Observations` is `Datastreams($expand=Observations)`; two items naming one relation are read once. */
function mergeExpandPaths(items: readonly ExpandItem[]): ExpandItem[] {
  const merged = new Map<string, ExpandItem>();
  for (const item of items) {
    const [head, ...rest] = item.path;
    const options = rest.length ? { orderBy: [], expand: [{ path: rest, options: item.options, pos: item.pos }] } : item.options;
    const existing = merged.get(head);
    if (!existing) merged.set(head, { path: [head], options, pos: item.pos });
    else existing.options = { ...existing.options, ...withoutEmpty(options), expand: [...existing.options.expand, ...options.expand] };
  }
  return [...merged.values()];
}

function withoutEmpty(options: QueryOptions): Partial<QueryOptions> {
  return Object.fromEntries(Object.entries(options).filter(([key, value]) => key !== 'expand' && !(key === 'orderBy' && Array.isArray(value) && value.length === 0)));
}

async function expand(ctx: ReadContext, type: EntityType, rows: readonly Row[], entities: Entity[], item: ExpandItem, counter: { next: number }) {
  const name = item.path[0];
  const navigation = navigationOf(type, name);
  if (!navigation) throw unknownProperty(type, name);
  if (rows.length === 0) return;
  const target = ENTITY_TYPES[navigation.target];
  const options = item.options;
  const scope: Scope = { type: target, alias: 'e', viewer: ctx.viewer, counter };
  const conditions: Sql[] = [];
  const seen = ofSeenStream(type, target) ? undefined : visibility(target, 'e', ctx.viewer);
  if (seen) conditions.push(seen);
  const geo = options.filter && containsGeo(options.filter) ? compileGeoFilter(options.filter, scope) : undefined;
  if (options.filter) conditions.push(geo ? geo.possibly : compileFilter(options.filter, scope));
  const geoColumns = geo ? sql`, ${geo.columns}` : sql``;
  const join = navigation.join;
  const versions = versionColumns(ctx, target, options, 'e');
  const cap = ctx.geoScanCap ?? GEO_SCAN_CAP;

  if (join.kind === 'here') {
    const ids = [...new Set(rows.map((row) => row[join.column]).filter((id) => id !== null && id !== undefined))];
    const keeping = ctx.keepRelated === true && keepsRelated(type, name, options);
    const kept = keeping ? keptRowsOf(ctx, target, rows, join.column, relatedVersionColumn(name)) : new Map<unknown, Row>();
    const missing = kept.size ? ids.filter((id) => !kept.has(id)) : ids;
    const where = sql.join([sql`e.id = any(${missing}::bigint[])`, ...conditions], sql` and `);
    const version = keeping ? sql`, e.xmin::text as _version` : sql``;
    let found = missing.length ? (await guard(sql<Row>`select ${columns('e')}${version}${versions}${geoColumns} from ${sql.raw(target.table)} e where ${where}`.execute(ctx.db))).rows : [];
    if (keeping) for (const row of found) keepRelatedRow(ctx.db, target, row);
    if (kept.size) found = [...kept.values(), ...found];
    // One per parent at most, so the candidates are bounded by the page: no cap needed.
    if (geo) found = found.filter(geo.accepts);
    const shaped = await shape(ctx, target, found, options, counter);
    const byId = new Map(found.map((row, i) => [row.id, shaped[i]]));
    rows.forEach((row, i) => {
      const related = byId.get(row[join.column]);
      if (related) entities[i][name] = related;
    });
    return;
  }

  const parentIds = rows.map((row) => row.id);
  const from =
    join.kind === 'there'
      ? { source: sql`${sql.raw(target.table)} e`, parent: sql.raw(`e.${join.column}`) }
      : { source: sql`${sql.raw(join.table)} l join ${sql.raw(target.table)} e on e.id = l.${sql.raw(join.targetColumn)}`, parent: sql.raw(`l.${join.thisColumn}`) };
  const where = sql.join([sql`${from.parent} = any(${parentIds}::bigint[])`, ...conditions], sql` and `);
  const top = pageSize(ctx, options);
  const skip = options.skip ?? 0;
  const linkOrder = join.kind === 'link' && join.orderColumn && options.orderBy.length === 0 ? sql`l.${sql.raw(join.orderColumn)}, e.id` : undefined;
  const geoOrder = linkOrder ? undefined : compileGeoOrder(options.orderBy, scope);
  const order = linkOrder ?? (geoOrder ? sql`e.id` : compileOrderBy(options.orderBy, scope));
  if (!geoOrder) await refuseInexactOrder(ctx, geoOrderChecks(options.orderBy, scope), sql`from ${from.source} where ${where}`, geo, 'e');
  type Ranked = Row & { _parent: number; _rank: number };
  let found: Ranked[];
  let counts: Map<unknown, number> | undefined;
  if (geo || geoOrder) {
    // Every candidate of every parent, ranked in the asked order; the filter is decided in JS (and a
    // geo.distance order sorted there) and the rank counted again among the rows kept, so each
    // parent's top is taken after it.
    const orderColumns = geoOrder ? sql`, ${geoOrder.columns}` : sql``;
    const candidates = (
      await guard(
        sql<Ranked>`select * from (select ${columns('e')}${versions}${geoColumns}${orderColumns}, ${from.parent} as _parent, row_number() over (partition by ${from.parent} order by ${order}) as _rank from ${from.source} where ${where}) ranked order by _parent, _rank limit ${cap + 1}`.execute(
          ctx.db,
        ),
      )
    ).rows;
    if (candidates.length > cap) throw tooCostly(cap);
    let kept = geo ? candidates.filter(geo.accepts) : candidates;
    if (geoOrder) {
      const groups = new Map<unknown, Ranked[]>();
      for (const row of kept) groups.set(row._parent, [...(groups.get(row._parent) ?? []), row]);
      kept = [...groups.values()].flatMap((group) => geoOrder.sort(group) as Ranked[]);
    }
    const ranks = new Map<unknown, number>();
    found = [];
    for (const row of kept) {
      const rank = (ranks.get(row._parent) ?? 0) + 1;
      ranks.set(row._parent, rank);
      if (rank > skip && rank <= skip + top + 1) found.push({ ...row, _rank: rank });
    }
    if (options.count) counts = ranks;
  } else {
    [found, counts] = await Promise.all([
      guard(
        sql<Ranked>`select * from (select ${columns('e')}${versions}, ${from.parent} as _parent, row_number() over (partition by ${from.parent} order by ${order}) as _rank from ${from.source} where ${where}) ranked where _rank > ${skip} and _rank <= ${skip + top + 1} order by _parent, _rank`.execute(
          ctx.db,
        ),
      ).then((r) => r.rows),
      options.count
        ? guard(sql<{ parent: number; n: number }>`select ${from.parent} as parent, count(*)::float8 as n from ${from.source} where ${where} group by 1`.execute(ctx.db)).then(
            (r) => new Map<unknown, number>(r.rows.map((row) => [row.parent, row.n])),
          )
        : undefined,
    ]);
  }
  const byParent = new Map<unknown, Ranked[]>();
  for (const row of found) {
    const list = byParent.get(row._parent) ?? [];
    list.push(row);
    byParent.set(row._parent, list);
  }
  const kept = found.filter((row) => row._rank <= skip + top);
  const shaped = await shape(ctx, target, kept, options, counter);
  const shapedByRow = new Map(kept.map((row, i) => [row, shaped[i]]));
  rows.forEach((row, i) => {
    const children = byParent.get(row.id) ?? [];
    const entity = entities[i];
    if (counts) entity[`${name}@iot.count`] = counts.get(row.id) ?? 0;
    entity[name] = children.filter((child) => child._rank <= skip + top).map((child) => shapedByRow.get(child)!);
    if (children.length > top) {
      const next = queryText(new URLSearchParams(printQueryOptions({ ...options, skip: skip + top })));
      entity[`${name}@iot.nextLink`] = `${selfLink(ctx.base, type, row.id)}/${name}${next ? `?${next}` : ''}`;
    }
  });
}
