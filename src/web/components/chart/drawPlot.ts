import * as Plot from '@observablehq/plot';
import { formatCompact, formatTick, labelWidth } from './chartFormat.ts';
import type { ChartCursor } from './chartKeys.ts';
import { pointsOf, seriesStyles, type ChartData, type ChartKind, type ChartPoint, type SeriesStyle } from './chartModel.ts';

export interface DrawOptions {
  kind: ChartKind;
  width: number;
  lang: string;
  /** Font size of the axes' text, px. */
  fontSize?: number;
}

/** A drawn chart: its SVG, and where each figure and each period stands on it (for the highlight and the pointer). */
export interface DrawnPlot {
  svg: SVGSVGElement;
  width: number;
  height: number;
  /** The pixel position of a figure (its point, or the top of its bar); null where there is no figure. */
  locate(cursor: ChartCursor): { x: number; y: number } | null;
  /** The x of each period (the middle of its bars). */
  periodX: number[];
}

export const CHART_CLASS = 'ts-plot';

/** Height for a width: wide screens a 16:9 frame, phones a taller one, never under 240 px. */
export function heightFor(width: number): number {
  return Math.round(Math.max(240, Math.min(420, width * (width < 600 ? 0.8 : 0.5))));
}

/** At most one period label for every `room` px: the indexes of those shown. */
export function shownTicks(count: number, width: number, room: number): number[] {
  const most = Math.max(1, Math.floor(width / room));
  const step = Math.max(1, Math.ceil(count / most));
  const shown: number[] = [];
  // Counted back from the newest period, so the newest always has its label.
  for (let index = count - 1; index >= 0; index -= step) shown.unshift(index);
  return shown;
}

/** The bars' band keys: period by period, each series, and a gap between periods. */
const barKey = (period: number, series: number) => `${period}|${series}`;
function barDomain(periods: number, series: number): string[] {
  const keys: string[] = [];
  for (let p = 0; p < periods; p++) {
    for (let s = 0; s < series; s++) keys.push(barKey(p, s));
    if (p < periods - 1) keys.push(`${p}|gap`);
  }
  return keys;
}

function lineMarks(points: ChartPoint[][], styles: SeriesStyle[]): Plot.Markish[] {
  return points.flatMap((series, index) => {
    const style = styles[index];
    const drawn = series.filter((point) => point.value !== null);
    return [
      Plot.line(series, { x: 'date', y: 'value', stroke: style.color, strokeWidth: 2, strokeDasharray: style.dash }),
      Plot.dot(drawn.filter((point) => !point.status), { x: 'date', y: 'value', symbol: style.symbol, r: 4, fill: style.color, stroke: style.color }),
      // A figure with a source's symbol (provisional, estimated…): a hollow marker, explained under the chart.
      Plot.dot(drawn.filter((point) => point.status), { x: 'date', y: 'value', symbol: style.symbol, r: 4.5, fill: 'white', stroke: style.color, strokeWidth: 2 }),
    ];
  });
}

function barMarks(points: ChartPoint[][], styles: SeriesStyle[]): Plot.Markish[] {
  return points.flatMap((series, index) => {
    const style = styles[index];
    const drawn = series.filter((point) => point.value !== null);
    const x = (point: ChartPoint) => barKey(point.period, point.series);
    return [
      Plot.barY(drawn, { x, y: 'value', fill: style.outlined ? 'white' : style.color, stroke: style.color, strokeWidth: style.outlined ? 2 : 0, inset: style.outlined ? 1 : 0 }),
      Plot.dot(drawn.filter((point) => point.status), { x, y: 'value', dy: -8, symbol: 'circle', r: 3.5, fill: 'white', stroke: style.color, strokeWidth: 2 }),
    ];
  });
}

/**
 * The chart drawn with Observable Plot, detached (the caller puts it in the page): lines with
 * markers, or grouped bars, per series over the periods; the value axis labelled with what the
 * values are, its numbers short in the reader's language; a reference line (an index's 100).
 * Plot's own `<style>` element is left out: the page's CSP allows no inline style, and the
 * stylesheet carries the same rules for the class.
 */
export function drawPlot(data: ChartData, { kind, width, lang, fontSize = 12 }: DrawOptions): DrawnPlot {
  const height = heightFor(width);
  const points = pointsOf(data);
  const styles = seriesStyles(data.series);
  const values = data.series.flatMap((one) => one.values.filter((value): value is number => value !== null));
  const extremes = values.length ? [Math.min(...values, kind === 'bar' ? 0 : Infinity), Math.max(...values)] : [0, 1];
  const marginLeft = 8 + labelWidth(extremes.map((value) => formatCompact(value, lang)), fontSize);
  const ticks = shownTicks(data.periods.length, width - marginLeft, kind === 'bar' ? 56 : 72);
  const reference = data.reference === undefined ? [] : [Plot.ruleY([data.reference], { stroke: '#4a5560', strokeDasharray: '3 3' })];
  const common = {
    width,
    height,
    marginLeft,
    marginRight: 16,
    marginTop: 28,
    marginBottom: 32,
    className: CHART_CLASS,
    y: { label: `↑ ${data.valueLabel}`, labelArrow: 'none' as const, tickFormat: (value: number) => formatCompact(value, lang), grid: true, nice: true, ticks: Math.max(3, Math.floor(height / 60)), zero: kind === 'bar' },
  };
  let plot: ReturnType<typeof Plot.plot>;
  if (kind === 'line') {
    const dates = points[0]?.map((point) => point.date) ?? [];
    plot = Plot.plot({
      ...common,
      x: { type: 'utc', label: null, ticks: ticks.map((index) => dates[index]), tickFormat: (date: Date) => formatTick(date, lang) },
      marks: [...reference, ...lineMarks(points, styles)],
    });
  } else {
    const series = data.series.length;
    const middle = (period: number) => barKey(period, Math.max(0, Math.floor((series - 1) / 2)));
    plot = Plot.plot({
      ...common,
      x: { type: 'band', domain: barDomain(data.periods.length, series), label: null, padding: 0.1, axis: null },
      marks: [
        ...reference,
        ...barMarks(points, styles),
        Plot.axisX(ticks.map(middle), { tickFormat: (key: string) => data.periods[Number(key.split('|')[0])]?.label ?? '', tickSize: 0, label: null }),
        Plot.ruleY([0]),
      ],
    });
  }
  const svg = (plot.tagName.toLowerCase() === 'svg' ? plot : plot.querySelector('svg')) as SVGSVGElement;
  svg.querySelectorAll('style').forEach((style) => style.remove());
  svg.setAttribute('font-size', String(fontSize));
  const x = plot.scale('x')!;
  const y = plot.scale('y')!;
  const half = (x.bandwidth ?? 0) / 2;
  const xOf = (point: ChartPoint) => (kind === 'line' ? (x.apply(point.date) as number) : (x.apply(barKey(point.period, point.series)) as number) + half);
  return {
    svg,
    width,
    height,
    locate(cursor) {
      const point = points[cursor.series]?.[cursor.period];
      if (!point || point.value === null) return null;
      return { x: xOf(point), y: y.apply(point.value) as number };
    },
    periodX: (points[0] ?? []).map((point) => {
      if (kind === 'line') return xOf(point);
      // The middle of the period's group of bars.
      const first = x.apply(barKey(point.period, 0)) as number;
      const last = x.apply(barKey(point.period, points.length - 1)) as number;
      return (first + last) / 2 + half;
    }),
  };
}
