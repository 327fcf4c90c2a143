/**
 * What a chart draws, independent of how: periods along time, series of values over them, each
 * series in a group (the Finnish or the Estonian side) that gives it its line style, so that no
 * series is told from another by colour alone. Pure: the chart, its table, its legend and its
 * downloads all read this one model.
 */

export interface ChartPeriod {
  /** The first day of the period (`2023-04-01`): where it stands on the time axis. */
  start: string;
  /** The period as a reader names it ("2023", "Q2 2023"). */
  label: string;
}

export interface ChartSeries {
  key: string;
  label: string;
  /** The group whose line style (and bar outline) the series takes: a side of the gulf. */
  group: string;
  /** The group as a reader names it ("Finland"), in the legend and the table's headers. */
  groupLabel: string;
  /** One per period, in order; null where there is no figure. */
  values: (number | null)[];
  /** Period index → the source's symbol for that figure (`p` provisional, `..` missing…). */
  statuses: Readonly<Record<number, string>>;
}

export interface ChartData {
  periods: ChartPeriod[];
  series: ChartSeries[];
  /** What the values are, for the value axis ("persons", "Index, 2015 = 100"). */
  valueLabel: string;
  /** Draws a reference line at this value (100 for an index). */
  reference?: number;
}

export type ChartKind = 'line' | 'bar';

/** How one series is drawn: colour, dash and marker together, so any one of them tells it apart. */
export interface SeriesStyle {
  color: string;
  /** SVG stroke-dasharray; undefined for a solid line. */
  dash: string | undefined;
  symbol: ChartSymbol;
  /** Bars of an outlined group are drawn as outlines in the series' colour, the others filled. */
  outlined: boolean;
}

/** Colours that keep at least 3:1 contrast against white (WCAG 1.4.11), in an order that keeps neighbours apart. */
export const PALETTE = ['#0b5394', '#b3261e', '#1d6b38', '#6a3d9a', '#9a5b00', '#006d77', '#8c2d64', '#4b5320', '#5a4a9a', '#7a3b00'] as const;
/** A dash per group: the first solid, the next dashed, then dotted. */
export const DASHES = [undefined, '7 4', '2 3'] as const;
export const SYMBOLS = ['circle', 'square', 'triangle', 'diamond', 'star', 'cross', 'wye', 'times'] as const;
export type ChartSymbol = (typeof SYMBOLS)[number];

/** The groups in the order they first appear: that order gives each its dash. */
export function groupsOf(series: readonly ChartSeries[]): string[] {
  return [...new Set(series.map((one) => one.group))];
}

/**
 * Each series' style: its group's dash (and outline for bars from the second group on), and a
 * colour and a marker of its own, taken in turn so that two series never share both.
 */
export function seriesStyles(series: readonly ChartSeries[]): SeriesStyle[] {
  const groups = groupsOf(series);
  return series.map((one, index) => {
    const group = groups.indexOf(one.group);
    return {
      color: PALETTE[index % PALETTE.length],
      dash: DASHES[group % DASHES.length],
      symbol: SYMBOLS[index % SYMBOLS.length],
      outlined: group % 2 === 1,
    };
  });
}

/** One figure of a series: what the marks draw and the keyboard visits. */
export interface ChartPoint {
  series: number;
  period: number;
  date: Date;
  value: number | null;
  status: string | undefined;
}

/** Every cell of the model as a point, series by series (nulls kept: a line breaks there). */
export function pointsOf(data: ChartData): ChartPoint[][] {
  const dates = data.periods.map((period) => new Date(`${period.start}T00:00:00Z`));
  return data.series.map((one, series) =>
    data.periods.map((_, period) => ({ series, period, date: dates[period], value: one.values[period] ?? null, status: one.statuses[period] })),
  );
}

/** Whether any figure at all is there to draw. */
export function hasFigures(data: ChartData): boolean {
  return data.series.some((one) => one.values.some((value) => value !== null));
}
