/**
 * An indicator's view as the address keeps it (so a view can be shared): the measure, the
 * index's base, the regions and the kept dimensions' values, and the chart kind; and the chart
 * model that view makes of the API's answer. Pure functions, tested beside.
 */
import { MEASURES, type Measure } from '../../../shared/schemas/indicators.ts';
import type { ChartData, ChartKind, ChartSeries } from '../../components/chart/chartModel.ts';
import type { GetAnswer } from '../../app/api.ts';

export type IndicatorAnswer = GetAnswer<'/api/indicators/{id}'>;
type Region = IndicatorAnswer['regions'][number];
type Series = IndicatorAnswer['series'][number];

export interface IndicatorView {
  measure: Measure;
  /** The index's base period; undefined: the server's choice. */
  base: string | undefined;
  /** The regions chosen; null: the default ones. */
  regions: string[] | null;
  /** A kept dimension's code → the value chosen (`d.<code>=<value>` in the address). */
  kept: Record<string, string>;
  /** undefined: lines, or bars when there are too few periods for a line. */
  chart: ChartKind | undefined;
}

const KEPT_PREFIX = 'd.';
/** The sides in the order the chart, legend and table give them. */
export const SIDE_ORDER = ['FI', 'EE', 'EU'] as const;

export function viewOf(params: URLSearchParams): IndicatorView {
  const measure = params.get('measure');
  const chart = params.get('chart');
  const kept: Record<string, string> = {};
  for (const [key, value] of params) if (key.startsWith(KEPT_PREFIX) && value) kept[key.slice(KEPT_PREFIX.length)] = value;
  const regions = params.getAll('region').filter(Boolean);
  return {
    measure: (MEASURES as readonly string[]).includes(measure ?? '') ? (measure as Measure) : 'absolute',
    base: (measure === 'index' && params.get('base')) || undefined,
    regions: regions.length > 0 ? regions : null,
    kept,
    chart: chart === 'bar' || chart === 'line' ? chart : undefined,
  };
}

/** The address of a view: only what differs from the defaults, so a plain view has a plain address. */
export function viewParams(view: IndicatorView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.measure !== 'absolute') params.set('measure', view.measure);
  if (view.measure === 'index' && view.base) params.set('base', view.base);
  for (const region of view.regions ?? []) params.append('region', region);
  for (const [code, value] of Object.entries(view.kept)) params.set(`${KEPT_PREFIX}${code}`, value);
  if (view.chart) params.set('chart', view.chart);
  return params;
}

/** The view's query to the API: what the server computes (the measure and its base). */
export function apiQuery(view: IndicatorView): { measure?: Measure; base?: string } {
  return { ...(view.measure !== 'absolute' && { measure: view.measure }), ...(view.measure === 'index' && view.base && { base: view.base }) };
}

/**
 * The regions shown when none is chosen: each country's NUTS 3 regions (the twin region's two
 * halves), or where a country has none, its largest regions present.
 */
export function defaultRegions(regions: readonly Region[]): string[] {
  const chosen: string[] = [];
  for (const country of ['FI', 'EE'] as const) {
    const own = regions.filter((region) => region.country === country);
    const nuts3 = own.filter((region) => region.scheme === 'nuts' && region.level === 3);
    const largest = Math.min(...own.map((region) => region.level));
    chosen.push(...(nuts3.length > 0 ? nuts3 : own.filter((region) => region.level === largest)).map((region) => region.code));
  }
  return chosen;
}

/** The regions a view shows: those chosen that the indicator has, else the default. */
export function regionsShown(view: IndicatorView, regions: readonly Region[]): string[] {
  const known = new Set(regions.map((region) => region.code));
  const chosen = (view.regions ?? []).filter((code) => known.has(code));
  return chosen.length > 0 ? chosen : defaultRegions(regions);
}

/** Each kept dimension's value shown: the one chosen if the indicator has it, else the first its series have. */
export function keptShown(view: IndicatorView, indicator: Pick<IndicatorAnswer, 'dimensions' | 'series'>): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const dimension of indicator.dimensions) {
    const present = new Set(indicator.series.map((series) => series.kept[dimension.code]).filter(Boolean));
    const values = dimension.values.map((value) => value.code).filter((code) => present.has(code));
    const asked = view.kept[dimension.code];
    shown[dimension.code] = asked && values.includes(asked) ? asked : (values[0] ?? '');
  }
  return shown;
}

export interface ViewLabels {
  region(code: string): string;
  side(side: Series['side']): string;
  period(code: string): string;
  valueLabel: string;
}

const sideRank = (side: Series['side']) => SIDE_ORDER.indexOf(side);

/** The series a view shows, as the chart's model: the chosen regions with the chosen kept values, Finland's side first. */
export function chartDataOf(indicator: IndicatorAnswer, view: IndicatorView, labels: ViewLabels): ChartData {
  const regions = regionsShown(view, indicator.regions);
  const kept = keptShown(view, indicator);
  const level = new Map(indicator.regions.map((region) => [region.code, region.level]));
  const series: ChartSeries[] = indicator.series
    .filter((one) => regions.includes(one.region) && Object.entries(one.kept).every(([code, value]) => kept[code] === undefined || kept[code] === value))
    .sort((a, b) => sideRank(a.side) - sideRank(b.side) || (level.get(a.region) ?? 9) - (level.get(b.region) ?? 9) || labels.region(a.region).localeCompare(labels.region(b.region)))
    .map((one) => ({
      key: `${one.side}|${one.region}|${Object.values(one.kept).join('|')}`,
      label: labels.region(one.region),
      group: one.side,
      groupLabel: labels.side(one.side),
      values: one.values,
      statuses: Object.fromEntries(Object.entries(one.statuses).map(([index, symbol]) => [Number(index), symbol])),
    }));
  return {
    periods: indicator.periods.map((period) => ({ start: period.start, label: labels.period(period.code) })),
    series,
    valueLabel: labels.valueLabel,
    ...(indicator.measure === 'index' && { reference: 100 }),
  };
}

/** Lines need two periods at least; fewer are drawn as bars unless the view asks otherwise. */
export function chartKindOf(view: Pick<IndicatorView, 'chart'>, periods: number): ChartKind {
  return view.chart ?? (periods < 3 ? 'bar' : 'line');
}

/** The address of a download of the indicator (`.csv`, `.xlsx`, `.json`) in the view's measure and the reader's language. */
export function downloadHref(id: string, extension: 'csv' | 'xlsx' | 'json', indicator: Pick<IndicatorAnswer, 'measure' | 'base'>, lang: string): string {
  const query = new URLSearchParams({ lang });
  if (indicator.measure !== 'absolute') query.set('measure', indicator.measure);
  if (indicator.measure === 'index' && indicator.base) query.set('base', indicator.base);
  return `/api/indicators/${encodeURIComponent(id)}.${extension}?${query}`;
}
