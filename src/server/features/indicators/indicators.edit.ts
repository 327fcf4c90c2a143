import type { QueryBuilder } from '../../db/tables.ts';
import type { AuthUser } from '../../plugins/auth.ts';
import { problems, type FieldError } from '../../plugins/problems.ts';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import type { Indicator, IndicatorDefinition, IndicatorInput, IndicatorPatch, IndicatorPreview, SeriesInput } from '../../../shared/schemas/indicators.ts';
import type { StatTable } from '../../../shared/schemas/statistics.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { getTable } from '../statistics/statistics.service.ts';
import { syncIndicatorDataset } from './indicators.catalog.ts';
import { getIndicator } from './indicators.service.ts';
import { saveIndicator, type IndicatorDefinition as SavedDefinition } from './indicators.write.ts';
import { periodOf } from './periods.ts';

/**
 * Indicators as editors define them from imported tables (issue 18, point 2): each side's table,
 * what each of its dimensions is (one value fixed, kept, or the regions), and which source code is
 * which Talsinki region. Checked against the tables and regions as they stand, field by field;
 * written by `saveIndicator` (with its catalogue dataset) and audited; seen before saving as the
 * indicator page would read it.
 */

const nonEmpty = (text: LocalizedTextValue | null | undefined) => (text && Object.keys(text).length > 0 ? text : null);
/** At most this many allowed values are named in a refusal: enough to see what was meant. */
const NAMED_VALUES = 20;
const allowed = (codes: string[]) => codes.slice(0, NAMED_VALUES).join(', ') + (codes.length > NAMED_VALUES ? ', …' : '');

interface RegionRow {
  code: string;
  country: 'FI' | 'EE';
}

/** The tables the series name, each once (null for one that is not there). */
async function tablesOf(db: QueryBuilder, series: readonly SeriesInput[]): Promise<Map<string, StatTable | null>> {
  const tables = new Map<string, StatTable | null>();
  for (const { tableId } of series) {
    if (tables.has(tableId)) continue;
    tables.set(tableId, await getTable(db, tableId).catch((error: unknown) => {
      if ((error as { status?: number }).status === 404) return null;
      throw error;
    }));
  }
  return tables;
}

async function regionsNamed(db: QueryBuilder, series: readonly SeriesInput[]): Promise<Map<string, RegionRow>> {
  const codes = [...new Set(series.flatMap((one) => [...Object.values(one.regionMap ?? {}), ...(one.regionCode ? [one.regionCode] : [])]))];
  if (codes.length === 0) return new Map();
  const rows = await db.selectFrom('stat_regions').select(['code', 'country']).where('code', 'in', codes).execute();
  return new Map(rows.map((row) => [row.code, row]));
}

/** What one series says each of its table's dimensions is: every dimension but time must be exactly one. */
function dimensionProblems(series: SeriesInput, table: StatTable, at: string): FieldError[] {
  const errors: FieldError[] = [];
  const byCode = new Map(table.dimensions.map((dimension) => [dimension.code, dimension]));
  const named = (code: string, path: string): boolean => {
    const dimension = byCode.get(code);
    if (!dimension) errors.push({ path, code: 'unknown-dimension', message: 'is not a dimension of the table' });
    else if (dimension.role === 'time') errors.push({ path, code: 'time-dimension', message: 'is the table\'s time dimension, which is always kept' });
    return !!dimension && dimension.role !== 'time';
  };
  for (const [code, value] of Object.entries(series.fixed ?? {})) {
    const path = `${at}/fixed/${code}`;
    if (!named(code, path)) continue;
    const values = byCode.get(code)!.values.map((one) => one.code);
    if (!values.includes(value)) errors.push({ path, code: 'one-of', params: { allowedValues: allowed(values) }, message: 'is not a value of the dimension' });
  }
  (series.kept ?? []).forEach((code, index) => named(code, `${at}/kept/${index}`));
  if (series.regionDimension !== undefined) named(series.regionDimension, `${at}/regionDimension`);
  for (const dimension of table.dimensions) {
    if (dimension.role === 'time') continue;
    const roles = [dimension.code in (series.fixed ?? {}), (series.kept ?? []).includes(dimension.code), series.regionDimension === dimension.code].filter(Boolean).length;
    const path = `${at}/fixed/${dimension.code}`;
    if (roles === 0) errors.push({ path, code: 'dimension-unmapped', message: 'must be fixed to one value, kept, or chosen as the region dimension' });
    if (roles > 1) errors.push({ path, code: 'dimension-twice', message: 'is given more than one role' });
  }
  return errors;
}

/**
 * Which regions a series gives and whether they are right: each source code one of the region
 * dimension's, each region one Talsinki knows and of the side's country, none given twice on a side.
 */
function regionProblems(series: SeriesInput, table: StatTable, regions: Map<string, RegionRow>, taken: Set<string>, at: string): FieldError[] {
  const errors: FieldError[] = [];
  const region = (code: string, path: string) => {
    const known = regions.get(code);
    if (!known) return void errors.push({ path, code: 'unknown-region', message: 'is not a region Talsinki knows' });
    if ((series.side === 'FI' || series.side === 'EE') && known.country !== series.side) {
      errors.push({ path, code: 'region-wrong-country', params: { country: known.country, expected: series.side }, message: `is a region of ${known.country}, but this side is ${series.side}` });
    }
    // One series per region, side and kept codes: the reading code shows each it finds, never adds two up.
    const key = `${series.side}|${code}|${[...(series.kept ?? [])].sort().join(',')}`;
    if (taken.has(key)) errors.push({ path, code: 'region-twice', message: 'is given twice on this side' });
    taken.add(key);
  };
  if (series.regionDimension === undefined && series.regionCode === undefined) {
    errors.push({ path: `${at}/regionDimension`, code: 'region-missing', message: 'must be chosen: the region dimension, or the one region the table is of' });
  }
  if (series.regionDimension !== undefined && series.regionCode !== undefined) {
    errors.push({ path: `${at}/regionCode`, code: 'not-allowed', message: 'must be left out when the table has a region dimension' });
  }
  if (series.regionDimension === undefined && Object.keys(series.regionMap ?? {}).length > 0) {
    errors.push({ path: `${at}/regionMap`, code: 'not-allowed', message: 'is only for a region dimension' });
  }
  if (series.regionCode !== undefined) region(series.regionCode, `${at}/regionCode`);
  const dimension = table.dimensions.find((one) => one.code === series.regionDimension);
  if (!dimension) return errors;
  const map = Object.entries(series.regionMap ?? {});
  if (map.length === 0) errors.push({ path: `${at}/regionMap`, code: 'too-few', params: { limit: 1 }, message: 'must map at least one code to a region' });
  const codes = new Set(dimension.values.map((value) => value.code));
  for (const [code, target] of map) {
    const path = `${at}/regionMap/${code}`;
    if (!codes.has(code)) errors.push({ path, code: 'unknown-code', message: 'is not a code of the region dimension' });
    else region(target, path);
  }
  return errors;
}

/** Whether every period of the table is one of the indicator's frequency. */
function frequencyProblem(input: Pick<IndicatorInput, 'frequency'>, table: StatTable): FieldError | null {
  const wrong = table.periods.length === 0 ? '' : table.periods.find((code) => !periodOf(code, input.frequency));
  if (wrong === undefined) return null;
  return { path: 'body/frequency', code: 'wrong-frequency', params: { table: table.externalId, example: wrong || '—' }, message: `does not match the periods of table ${table.externalId} (${wrong || 'none'})` };
}

/**
 * Every field of a definition the tables and regions refuse, as the 4xx answer names them; and
 * whether it is demo (any of its tables is a demo source's: its figures are then not an office's).
 */
export async function definitionProblems(db: QueryBuilder, input: IndicatorInput): Promise<{ errors: FieldError[]; demo: boolean }> {
  const errors: FieldError[] = [];
  const tables = await tablesOf(db, input.series);
  const regions = await regionsNamed(db, input.series);
  const taken = new Set<string>();
  const wrongFrequency = new Set<string>();
  input.series.forEach((series, index) => {
    const at = `body/series/${index}`;
    const table = tables.get(series.tableId);
    if (!table) return void errors.push({ path: `${at}/tableId`, code: 'unknown-table', message: 'is not a table of the statistics sources' });
    if (!table.vintage) return void errors.push({ path: `${at}/tableId`, code: 'table-without-figures', message: 'has no figures yet' });
    const frequency = frequencyProblem(input, table);
    if (frequency && !wrongFrequency.has(table.id)) errors.push(frequency);
    if (frequency) wrongFrequency.add(table.id);
    errors.push(...dimensionProblems(series, table, at), ...regionProblems(series, table, regions, taken, at));
  });
  // `/api/indicators/regions` is a route of its own: an indicator of that slug could never be read.
  if (RESERVED_SLUGS.has(input.slug)) errors.push({ path: 'body/slug', code: 'slug-reserved', message: 'is the address of another part of the API' });
  if (input.perCapitaOf) {
    const divisor = input.perCapitaOf === input.slug ? null : await db.selectFrom('indicators').select('id').where('slug', '=', input.perCapitaOf).executeTakeFirst();
    if (input.perCapitaOf === input.slug) errors.push({ path: 'body/perCapitaOf', code: 'self-reference', message: 'cannot be the indicator itself' });
    else if (!divisor) errors.push({ path: 'body/perCapitaOf', code: 'unknown-indicator', message: 'is not an indicator' });
  }
  const demo = [...tables.values()].some((table) => table?.source.demo);
  return { errors, demo };
}

/** The definition as `saveIndicator` takes it. */
function toSaved(input: IndicatorInput, demo: boolean): SavedDefinition {
  return {
    slug: input.slug,
    name: input.name,
    definition: input.definition ?? undefined,
    unit: input.unit ?? undefined,
    notes: input.notes ?? undefined,
    domain: input.domain ?? null,
    frequency: input.frequency,
    decimals: input.decimals,
    perCapitaOf: input.perCapitaOf ?? undefined,
    perCapitaScale: input.perCapitaScale,
    headline: input.headline ?? null,
    published: input.published ?? true,
    demo,
    series: input.series.map((series) => ({
      side: series.side,
      tableId: series.tableId,
      fixed: series.fixed,
      kept: series.kept,
      regionDimension: series.regionDimension,
      regionMap: series.regionDimension !== undefined ? series.regionMap : undefined,
      regionCode: series.regionCode,
      scale: series.scale,
    })),
  };
}

async function checked(db: QueryBuilder, input: IndicatorInput): Promise<SavedDefinition> {
  const { errors, demo } = await definitionProblems(db, input);
  if (errors.length) throw problems.badRequest('The indicator\'s definition does not match its tables.', errors);
  return toSaved(input, demo);
}

/** An indicator's definition as the editor's form reads it; 404 when there is none. */
export async function readDefinition(db: QueryBuilder, slug: string): Promise<IndicatorDefinition> {
  const row = await db
    .selectFrom('indicators as i')
    .leftJoin('indicators as p', 'p.id', 'i.per_capita_of')
    .select(['i.id', 'i.slug', 'i.name', 'i.definition', 'i.unit', 'i.notes', 'i.domain', 'i.frequency', 'i.decimals', 'i.headline_position', 'i.per_capita_scale', 'i.published', 'i.demo', 'p.slug as per_capita_slug'])
    .where('i.slug', '=', slug)
    .executeTakeFirst();
  if (!row) throw problems.notFound('indicator');
  const series = await db.selectFrom('indicator_series').selectAll().where('indicator_id', '=', row.id).orderBy('position').orderBy('id').execute();
  return {
    slug: row.slug,
    name: row.name,
    definition: nonEmpty(row.definition),
    unit: nonEmpty(row.unit),
    notes: nonEmpty(row.notes),
    domain: row.domain,
    frequency: row.frequency,
    decimals: row.decimals,
    headline: row.headline_position,
    perCapitaOf: row.per_capita_slug,
    perCapitaScale: row.per_capita_scale,
    published: row.published,
    demo: row.demo,
    links: (await linksOf(db, row.id)).links,
    series: series.map((one) => ({
      side: one.side,
      tableId: one.table_id,
      fixed: one.fixed,
      kept: one.kept,
      ...(one.region_dimension !== null ? { regionDimension: one.region_dimension, regionMap: one.region_map } : {}),
      ...(one.region_code !== null ? { regionCode: one.region_code } : {}),
      ...(one.scale !== 1 ? { scale: one.scale } : {}),
    })),
  };
}

/** The actions and bottlenecks that link an indicator, and the indicators shown per capita of it. */
async function linksOf(db: QueryBuilder, id: string): Promise<{ links: number; dependants: number }> {
  // The framework's targets read an indicator too (kept in every version, so never cascaded away).
  const [actions, bottlenecks, dependants, targets] = await Promise.all([
    db.selectFrom('action_indicators').select((eb) => eb.fn.countAll<number>().as('n')).where('indicator_id', '=', id).executeTakeFirstOrThrow(),
    db.selectFrom('bottleneck_indicators').select((eb) => eb.fn.countAll<number>().as('n')).where('indicator_id', '=', id).executeTakeFirstOrThrow(),
    db.selectFrom('indicators').select((eb) => eb.fn.countAll<number>().as('n')).where('per_capita_of', '=', id).executeTakeFirstOrThrow(),
    db.selectFrom('framework_nodes').select((eb) => eb.fn.countAll<number>().as('n')).where('indicator_id', '=', id).executeTakeFirstOrThrow(),
  ]);
  return { links: Number(actions.n) + Number(bottlenecks.n) + Number(targets.n), dependants: Number(dependants.n) };
}

const RESERVED_SLUGS: ReadonlySet<string> = new Set(['regions']);

/** A new indicator (409 when its slug is taken), with its catalogue dataset; audited. */
export async function createIndicator(db: QueryBuilder, editor: AuthUser, input: IndicatorInput, publicUrl: string): Promise<IndicatorDefinition> {
  return db.transaction().execute(async (trx) => {
    const definition = await checked(trx, input);
    const clash = await trx.selectFrom('indicators').select('id').where('slug', '=', input.slug).executeTakeFirst();
    if (clash) throw problems.conflict('indicator-exists', 'Another indicator already has this slug.');
    const id = await saveIndicator(trx, definition, { publicUrl });
    await recordAudit(trx, { actorId: editor.id, action: 'indicator.created', entityType: 'indicator', entityId: id, details: { ...input } });
    return readDefinition(trx, input.slug);
  });
}

/** The definition with a patch laid over it: a field given replaces the stored one (null clears it). */
function patched(current: IndicatorDefinition, patch: IndicatorPatch): IndicatorInput {
  const { demo: _demo, links: _links, ...stored } = current;
  const merged = { ...stored, ...patch };
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined)) as IndicatorInput;
}

/** Changes an indicator (its slug stays: it is its address and its dataset's name); audited. */
export async function updateIndicator(db: QueryBuilder, editor: AuthUser, slug: string, patch: IndicatorPatch, publicUrl: string): Promise<IndicatorDefinition> {
  return db.transaction().execute(async (trx) => {
    const current = await readDefinition(trx, slug);
    const definition = await checked(trx, patched(current, patch));
    const id = await saveIndicator(trx, definition, { publicUrl });
    await recordAudit(trx, { actorId: editor.id, action: 'indicator.updated', entityType: 'indicator', entityId: id, details: { changes: patch } });
    return readDefinition(trx, slug);
  });
}

/**
 * Deletes an indicator and its dataset. Refused (409) while an action or a bottleneck links it, or
 * another indicator is shown per capita of it: the cascade would drop those links without a word.
 * An indicator that must stay linked is unpublished instead. Audited.
 */
export async function deleteIndicator(db: QueryBuilder, editor: AuthUser, slug: string, publicUrl: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('indicators').select(['id', 'slug', 'name']).where('slug', '=', slug).forUpdate().executeTakeFirst();
    if (!row) throw problems.notFound('indicator');
    const { links, dependants } = await linksOf(trx, row.id);
    if (links > 0 || dependants > 0) {
      throw problems.conflict('indicator-in-use', `The indicator is linked to ${links} action(s), bottleneck(s) or framework target(s) and ${dependants} indicator(s) are shown per capita of it: unlink it first, or unpublish it instead.`, { links, dependants });
    }
    await trx.deleteFrom('indicators').where('id', '=', row.id).execute();
    await syncIndicatorDataset(trx, row.id, publicUrl);
    await recordAudit(trx, { actorId: editor.id, action: 'indicator.deleted', entityType: 'indicator', entityId: row.id, details: { slug: row.slug, name: row.name } });
  });
}

/** Thrown to take back a preview's writes, carrying what it read. */
class PreviewRead extends Error {
  constructor(readonly indicator: Indicator) {
    super('preview read');
  }
}

/**
 * What a definition gives before it is saved: it is written in a transaction that is then rolled
 * back, and read in it by the very code that answers GET /api/indicators/{id}, so the preview
 * cannot differ from the page it becomes. Refused fields are listed instead (nothing is written).
 */
export async function previewIndicator(db: QueryBuilder, editor: AuthUser, input: IndicatorInput): Promise<IndicatorPreview> {
  const { errors, demo } = await definitionProblems(db, input);
  if (errors.length) return { indicator: null, refusals: errors.map((error) => ({ ...error, params: error.params ?? {} })) };
  try {
    await db.transaction().execute(async (trx) => {
      await saveIndicator(trx, toSaved(input, demo));
      throw new PreviewRead(await getIndicator(trx, editor, input.slug));
    });
  } catch (error) {
    if (error instanceof PreviewRead) return { indicator: error.indicator, refusals: [] };
    throw error;
  }
  throw new Error('unreachable: a preview\'s transaction always rolls back');
}
