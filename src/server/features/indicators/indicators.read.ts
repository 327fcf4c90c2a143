import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import type { Indicator, IndicatorPeriod, IndicatorSeries, IndicatorSource, KeptDimension, Measure, StatRegion } from '../../../shared/schemas/indicators.ts';
import type { IndicatorFrequency } from '../../../shared/statistics.ts';
import type { VintageMetadata } from '../statistics/statistics.tables.ts';
import { periodOf } from './periods.ts';

/** An indicator's row with what its answer needs beside the figures. */
export async function indicatorRow(db: QueryBuilder, slug: string) {
  return db
    .selectFrom('indicators as i')
    .leftJoin('indicators as p', 'p.id', 'i.per_capita_of')
    .select([
      'i.id',
      'i.slug',
      'i.name',
      'i.definition',
      'i.unit',
      'i.domain',
      'i.frequency',
      'i.decimals',
      'i.headline_position',
      'i.notes',
      'i.published',
      'i.demo',
      'i.per_capita_scale',
      'p.slug as per_capita_slug',
    ])
    .where('i.slug', '=', slug)
    .executeTakeFirst();
}
export type IndicatorRow = NonNullable<Awaited<ReturnType<typeof indicatorRow>>>;

/** Each of an indicator's series definitions with its table's current vintage and source. */
async function definitionsOf(db: QueryBuilder, indicatorId: string) {
  return db
    .selectFrom('indicator_series as s')
    .innerJoin('stat_tables as t', 't.id', 's.table_id')
    .innerJoin('stat_sources as src', 'src.id', 't.source_id')
    .leftJoin('stat_vintages as v', 'v.id', 't.current_vintage_id')
    .select([
      's.id',
      's.side',
      's.fixed',
      's.region_dimension',
      's.region_map',
      's.region_code',
      's.kept',
      's.scale',
      't.id as table_id',
      't.external_id',
      't.title as table_title',
      'src.id as source_id',
      'src.name as source_name',
      'src.kind as source_kind',
      'v.id as vintage_id',
      'v.retrieved_at',
      'v.source_updated',
      'v.requests',
      'v.metadata',
      'v.time_dimension',
      'v.periods',
      'v.changed_cells',
      sql<number>`(select count(*)::int from stat_vintages w where w.table_id = t.id)`.as('vintages'),
    ])
    .where('s.indicator_id', '=', indicatorId)
    .orderBy('s.position')
    .orderBy('s.id')
    .execute();
}
type Definition = Awaited<ReturnType<typeof definitionsOf>>[number];

/** The series of a vintage the definition takes: its fixed codes, and its regions when it maps them. */
async function seriesRowsOf(db: QueryBuilder, definition: Definition) {
  if (!definition.vintage_id) return [];
  let query = db
    .selectFrom('stat_series')
    .select(['codes', 'figures', 'statuses'])
    .where('vintage_id', '=', definition.vintage_id)
    .where(sql<boolean>`codes @> ${JSON.stringify(definition.fixed)}::jsonb`);
  const mapped = Object.keys(definition.region_map);
  if (definition.region_dimension && mapped.length > 0) {
    query = query.where(sql<string>`codes ->> ${definition.region_dimension}`, 'in', mapped);
  }
  return query.orderBy('series_key').execute();
}

interface RawSeries {
  region: string;
  side: Definition['side'];
  kept: Record<string, string>;
  byPeriod: Map<string, { value: number | null; status?: string }>;
}

/**
 * The figures of an indicator as series of Talsinki regions along one axis of periods: each
 * side's table read at its current vintage, its codes mapped to regions and its period codes to
 * the indicator's (`2023Q2` and `2023-Q2` are one quarter), scaled by the definition.
 */
export async function figuresOf(db: QueryBuilder, indicator: { id: string; frequency: IndicatorFrequency }) {
  const definitions = await definitionsOf(db, indicator.id);
  const raw: RawSeries[] = [];
  const periods = new Map<string, IndicatorPeriod>();
  const dimensions = new Map<string, KeptDimension>();
  for (const definition of definitions) {
    const rows = await seriesRowsOf(db, definition);
    const local = (definition.periods ?? []).map((code) => periodOf(code, indicator.frequency));
    for (const period of local) if (period) periods.set(period.code, period);
    if (definition.metadata) keptDimensionsOf(definition.metadata, definition.kept, dimensions);
    for (const row of rows) {
      const region = definition.region_dimension ? definition.region_map[row.codes[definition.region_dimension]] : definition.region_code;
      if (!region) continue;
      const kept = Object.fromEntries(definition.kept.map((code) => [code, row.codes[code] ?? '']));
      const byPeriod = new Map<string, { value: number | null; status?: string }>();
      row.figures.forEach((figure, t) => {
        const period = local[t];
        if (!period) return;
        const status = row.statuses?.[t];
        byPeriod.set(period.code, { value: figure === null ? null : figure * definition.scale, ...(status ? { status } : {}) });
      });
      raw.push({ region, side: definition.side, kept, byPeriod });
    }
  }
  const axis = [...periods.values()].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const series: IndicatorSeries[] = raw.map((one) => {
    const statuses: Record<string, string> = {};
    const values = axis.map((period, index) => {
      const cell = one.byPeriod.get(period.code);
      if (cell?.status) statuses[index] = cell.status;
      return cell?.value ?? null;
    });
    return { region: one.region, side: one.side, kept: one.kept, values, statuses };
  });
  return { periods: axis, series, dimensions: [...dimensions.values()], definitions };
}

function keptDimensionsOf(metadata: VintageMetadata, kept: string[], into: Map<string, KeptDimension>) {
  for (const code of kept) {
    const dimension = metadata.dimensions.find((one) => one.code === code);
    if (!dimension) continue;
    const known = into.get(code);
    const values = new Map((known?.values ?? []).map((value) => [value.code, value]));
    for (const value of dimension.values) if (!values.has(value.code)) values.set(value.code, { code: value.code, label: value.label });
    into.set(code, { code, label: known?.label ?? dimension.label, values: [...values.values()] });
  }
}

export function sourcesOf(definitions: Definition[]): IndicatorSource[] {
  return definitions
    .filter((definition) => definition.vintage_id && definition.retrieved_at)
    .map((definition) => ({
      side: definition.side,
      source: { id: definition.source_id, name: definition.source_name, kind: definition.source_kind },
      table: { id: definition.table_id, externalId: definition.external_id, title: definition.table_title },
      requests: definition.requests ?? [],
      retrievedAt: definition.retrieved_at!.toISOString(),
      sourceUpdated: definition.source_updated ?? null,
      vintage: definition.vintage_id!,
      vintages: definition.vintages,
      changedCells: definition.changed_cells ?? 0,
    }))
    .filter((source, index, all) => all.findIndex((other) => other.vintage === source.vintage) === index);
}

/** The regions the series name, with their parents, parents first. */
export async function regionsOf(db: QueryBuilder, codes: Iterable<string>): Promise<StatRegion[]> {
  const wanted = [...new Set(codes)];
  if (wanted.length === 0) return [];
  const rows = await db.selectFrom('stat_regions').select(['code', 'name', 'scheme', 'country', 'level', 'parent_code']).where('code', 'in', wanted).orderBy('country').orderBy('level').orderBy('code').execute();
  return rows.map((row) => ({ code: row.code, name: row.name, scheme: row.scheme, country: row.country, level: row.level, parent: row.parent_code }));
}

/**
 * Values in another measure: per inhabitant of the same region and period (× scale), or as an
 * index of each series with its base period = 100. A figure whose divisor is missing or zero has none.
 */
export function inMeasure(
  measure: Measure,
  series: IndicatorSeries[],
  options: { population?: IndicatorSeries[]; populationPeriods?: IndicatorPeriod[]; periods: IndicatorPeriod[]; scale: number; baseIndex: number },
): IndicatorSeries[] {
  if (measure === 'absolute') return series;
  if (measure === 'index') {
    return series.map((one) => {
      const base = one.values[options.baseIndex];
      return { ...one, values: one.values.map((value) => (value === null || !base ? null : (value / base) * 100)) };
    });
  }
  const populationIndex = new Map((options.populationPeriods ?? []).map((period, index) => [period.code, index]));
  const byRegion = new Map((options.population ?? []).filter((one) => Object.keys(one.kept).length === 0).map((one) => [one.region, one]));
  return series.map((one) => {
    const population = byRegion.get(one.region);
    return {
      ...one,
      values: one.values.map((value, index) => {
        const at = populationIndex.get(options.periods[index].code);
        const divisor = population && at !== undefined ? population.values[at] : null;
        return value === null || !divisor ? null : (value / divisor) * options.scale;
      }),
    };
  });
}

/** The index's base: the period asked for, else the first at which every series has a figure. */
export function baseIndexOf(periods: IndicatorPeriod[], series: IndicatorSeries[], asked: string | undefined): number {
  if (asked !== undefined) return periods.findIndex((period) => period.code === asked);
  const index = periods.findIndex((_, at) => series.length > 0 && series.every((one) => one.values[at] !== null));
  return index;
}

export type { Indicator };
