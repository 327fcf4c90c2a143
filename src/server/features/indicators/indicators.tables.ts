import type { ColumnType, Generated } from 'kysely';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import type { Domain } from '../../../shared/register.ts';
import type { IndicatorFrequency, IndicatorSide, RegionScheme } from '../../../shared/statistics.ts';

type Json<T> = ColumnType<T, string, string>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type DefaultedJson<T> = ColumnType<T, string | undefined, string>;
type Stamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface StatRegionsTable {
  code: string;
  scheme: RegionScheme;
  country: 'FI' | 'EE';
  level: number;
  parent_code: string | null;
  name: Json<LocalizedTextValue>;
  source: string | null;
}

export interface IndicatorsTable {
  id: Generated<string>;
  slug: string;
  name: Json<LocalizedTextValue>;
  definition: DefaultedJson<LocalizedTextValue>;
  unit: DefaultedJson<LocalizedTextValue>;
  domain: Domain | null;
  frequency: IndicatorFrequency;
  decimals: Defaulted<number>;
  per_capita_of: string | null;
  per_capita_scale: Defaulted<number>;
  headline_position: number | null;
  notes: DefaultedJson<LocalizedTextValue>;
  published: Defaulted<boolean>;
  demo: Defaulted<boolean>;
  created_at: ColumnType<Date, never, never>;
  updated_at: Stamp;
}

export interface IndicatorSeriesTable {
  id: Generated<string>;
  indicator_id: string;
  side: IndicatorSide;
  table_id: string;
  fixed: DefaultedJson<Record<string, string>>;
  region_dimension: string | null;
  region_map: DefaultedJson<Record<string, string>>;
  region_code: string | null;
  kept: Defaulted<string[]>;
  scale: Defaulted<number>;
  position: Defaulted<number>;
}

/** An indicator as a KPI of an action or as evidence of a bottleneck: the same columns for both. */
export interface IndicatorTargetColumns {
  indicator_id: string;
  region_code: string | null;
  baseline_value: number | null;
  baseline_period: string | null;
  target_value: number | null;
  target_period: string | null;
  note: DefaultedJson<LocalizedTextValue>;
}

export interface ActionIndicatorsTable extends IndicatorTargetColumns {
  action_id: string;
}

export interface BottleneckIndicatorsTable extends IndicatorTargetColumns {
  bottleneck_id: string;
}

export interface IndicatorsTables {
  stat_regions: StatRegionsTable;
  indicators: IndicatorsTable;
  indicator_series: IndicatorSeriesTable;
  action_indicators: ActionIndicatorsTable;
  bottleneck_indicators: BottleneckIndicatorsTable;
  statistics_version: { id: ColumnType<boolean, never, never>; version: ColumnType<string, never, string | number> };
}

declare module '../../db/tables.ts' {
  interface Tables extends IndicatorsTables {}
}
