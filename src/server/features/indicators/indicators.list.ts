import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import type { IndicatorListItem, IndicatorPeriod } from '../../../shared/schemas/indicators.ts';
import { TREND_PERIODS } from '../../../shared/schemas/indicators.ts';
import type { IndicatorFrequency, IndicatorSide } from '../../../shared/statistics.ts';
import { periodOf } from './periods.ts';

/**
 * A page of the indicators' list in a fixed number of queries, whatever its length: the
 * definitions of all its indicators at once, and for each indicator and side only the one series
 * a list item shows — its largest region's (the lowest level; among equals, the first in the
 * definitions' and series' order, as the indicator's own answer orders them), on a definition that
 * keeps no other dimension. The detail reads every series of an indicator; a list of 100 of them
 * read that way made hundreds of queries and read every figure of every one.
 */

export interface ListRow {
  id: string;
  slug: string;
  name: LocalizedTextValue;
  unit: LocalizedTextValue;
  domain: IndicatorListItem['domain'];
  frequency: IndicatorFrequency;
  decimals: number;
  headline_position: number | null;
  demo: boolean;
  published: boolean;
}

interface LargestRow {
  indicator_id: string;
  side: IndicatorSide;
  region: string;
  region_name: LocalizedTextValue | null;
  scale: number;
  vintage_id: string;
  figures: (number | null)[];
}

const nonEmpty = (text: LocalizedTextValue | null | undefined) => (text && Object.keys(text).length > 0 ? text : null);

/** Each indicator's series definitions with its table's current vintage: what gives the axis of periods, the date and the sources. */
function definitionsOf(db: QueryBuilder, ids: string[]) {
  return db
    .selectFrom('indicator_series as s')
    .innerJoin('stat_tables as t', 't.id', 's.table_id')
    .innerJoin('stat_sources as src', 'src.id', 't.source_id')
    .leftJoin('stat_vintages as v', 'v.id', 't.current_vintage_id')
    .select(['s.indicator_id', 'src.name as source_name', 'v.id as vintage_id', 'v.retrieved_at', 'v.periods'])
    .where('s.indicator_id', 'in', ids)
    .orderBy('s.indicator_id')
    .orderBy('s.position')
    .orderBy('s.id')
    .execute();
}

/**
 * For each indicator and side, the figures of its largest region's series: a series is the
 * definition's when it holds the definition's fixed codes and its region code maps to a region
 * (or the definition names its one region). Chosen first by key, then its figures read alone;
 * its periods are its vintage's, which the definitions bring.
 */
async function largestSeriesOf(db: QueryBuilder, ids: string[]): Promise<LargestRow[]> {
  // Each series' region is worked out once (the materialised step), not again for every region
  // it is compared with; the figures are read only for the chosen series.
  const { rows } = await sql<LargestRow>`
    with definitions as (
      select d.id, d.indicator_id, d.side, d.scale, d.position, d.fixed, d.region_dimension, d.region_map, d.region_code, t.current_vintage_id as vintage_id
      from indicator_series d join stat_tables t on t.id = d.table_id
      where d.indicator_id in (${sql.join(ids)}) and cardinality(d.kept) = 0
    ), series as materialized (
      select d.id, d.indicator_id, d.side, d.scale, d.position, d.vintage_id, s.series_key,
             case when d.region_dimension is null then d.region_code else d.region_map ->> (s.codes ->> d.region_dimension) end as region
      from definitions d join stat_series s on s.vintage_id = d.vintage_id and s.codes @> d.fixed
    ), candidates as (
      select distinct on (c.indicator_id, c.side) c.*
      from series c left join stat_regions g on g.code = c.region
      where c.region is not null
      order by c.indicator_id, c.side, coalesce(g.level, 99), c.position, c.id, c.series_key
    )
    select c.indicator_id, c.side, c.region, g.name as region_name, c.scale, c.vintage_id, s.figures
    from candidates c
    join stat_series s on s.vintage_id = c.vintage_id and s.series_key = c.series_key
    left join stat_regions g on g.code = c.region`.execute(db);
  return rows;
}

/** The indicator's axis: every period of every definition's vintage, oldest first. */
function axisOf(periodLists: (string[] | null)[], frequency: IndicatorFrequency): IndicatorPeriod[] {
  const periods = new Map<string, IndicatorPeriod>();
  for (const list of periodLists) {
    for (const code of list ?? []) {
      const period = periodOf(code, frequency);
      if (period) periods.set(period.code, period);
    }
  }
  return [...periods.values()].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}

/** A series' figures on the indicator's axis, scaled (a period the vintage lacks has none). */
function onAxis(row: LargestRow, periods: string[], axis: IndicatorPeriod[], frequency: IndicatorFrequency): (number | null)[] {
  const byPeriod = new Map<string, number | null>();
  periods.forEach((code, t) => {
    const period = periodOf(code, frequency);
    if (!period) return;
    const figure = row.figures[t] ?? null;
    byPeriod.set(period.code, figure === null ? null : figure * row.scale);
  });
  return axis.map((period) => byPeriod.get(period.code) ?? null);
}

/** The list's items of these indicators, in their order: four queries for the whole page. */
export async function listItemsOf(db: QueryBuilder, page: ListRow[]): Promise<IndicatorListItem[]> {
  if (page.length === 0) return [];
  const ids = page.map((row) => row.id);
  const [definitions, largest] = await Promise.all([definitionsOf(db, ids), largestSeriesOf(db, ids)]);
  return page.map((row) => {
    const own = definitions.filter((one) => one.indicator_id === row.id);
    const axis = axisOf(own.map((one) => one.periods), row.frequency);
    const trendFrom = Math.max(0, axis.length - TREND_PERIODS);
    const updated = own.reduce<Date | null>((newest, one) => (one.retrieved_at && (!newest || one.retrieved_at > newest) ? one.retrieved_at : newest), null);
    const latest: IndicatorListItem['latest'] = [];
    const trend: IndicatorListItem['trend'] = { periods: axis.slice(trendFrom).map((period) => period.code), series: [] };
    for (const side of ['FI', 'EE', 'EU'] as const) {
      const chosen = largest.find((one) => one.indicator_id === row.id && one.side === side);
      if (!chosen) continue;
      const periods = own.find((one) => one.vintage_id === chosen.vintage_id)?.periods ?? [];
      const values = onAxis(chosen, periods, axis, row.frequency);
      const at = values.findLastIndex((value) => value !== null);
      if (at < 0) continue;
      latest.push({ side, region: chosen.region, regionName: chosen.region_name ?? { en: chosen.region }, period: axis[at].code, value: values[at]! });
      trend.series.push({ side, region: chosen.region, values: values.slice(trendFrom) });
    }
    return {
      id: row.slug,
      name: row.name,
      unit: nonEmpty(row.unit),
      domain: row.domain,
      frequency: row.frequency,
      decimals: row.decimals,
      headline: row.headline_position,
      demo: row.demo,
      published: row.published,
      updated: updated?.toISOString() ?? null,
      latest,
      trend,
      sources: [...new Set(own.filter((one) => one.vintage_id).map((one) => one.source_name))],
    };
  });
}
