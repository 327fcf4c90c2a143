import * as Plot from '@observablehq/plot';
import { useLayoutEffect, useRef } from 'react';
import { formatDate, formatMonth, formatTime } from '../../app/dates.ts';
import { formatCompact, labelWidth } from '../../components/chart/chartFormat.ts';
import { CHART_CLASS, heightFor } from '../../components/chart/drawPlot.ts';
import { PALETTE } from '../../components/chart/chartModel.ts';
import { useElementWidth } from '../../components/chart/useElementWidth.ts';
import type { SeriesPoint } from './sensors.ts';

const HOUR = 3_600_000;

/** A tick on the time axis in Helsinki–Tallinn time, as fine as the span shown needs. */
export function tickText(date: Date, spanMs: number, lang: string): string {
  const iso = date.toISOString();
  if (spanMs <= 2 * 24 * HOUR) return formatTime(iso, lang);
  if (spanMs <= 120 * 24 * HOUR) return formatDate(iso, lang);
  return formatMonth(iso.slice(0, 7), lang);
}

/**
 * A Datastream's values over time, drawn with Observable Plot as the project's charts are: the
 * mean as a line and, for aggregates, the band from the lowest to the highest value of each
 * bucket. The drawing is hidden from screen readers; the table beside it holds the same figures.
 */
export function SensorChart({ points, unit, lang }: { points: readonly SeriesPoint[]; unit: string; lang: string }) {
  const frame = useRef<HTMLDivElement>(null);
  const width = useElementWidth(frame);
  useLayoutEffect(() => {
    const element = frame.current;
    if (!element || width === 0 || points.length === 0) return;
    const data = points.map((point) => ({ ...point, date: new Date(point.time) }));
    const span = data[data.length - 1].date.getTime() - data[0].date.getTime();
    const values = data.flatMap((point) => [point.min, point.max]);
    // The axis's labels lie between the extremes and may have a decimal the extremes lack (2.5 between 2 and 6).
    const [low, high] = [Math.min(...values), Math.max(...values)];
    const candidates = Array.from({ length: 9 }, (_, i) => low + ((high - low) * i) / 8);
    const marginLeft = 8 + labelWidth(candidates.map((value) => formatCompact(value, lang)), 12);
    const banded = data.some((point) => point.count > 1);
    const plot = Plot.plot({
      width,
      height: heightFor(width),
      marginLeft,
      marginRight: 16,
      marginTop: 28,
      marginBottom: 32,
      className: CHART_CLASS,
      x: { type: 'utc', label: null, ticks: Math.max(2, Math.floor((width - marginLeft) / 90)), tickFormat: (date: Date) => tickText(date, span, lang) },
      y: { label: `↑ ${unit}`, labelArrow: 'none', grid: true, nice: true, tickFormat: (value: number) => formatCompact(value, lang) },
      marks: [
        ...(banded ? [Plot.areaY(data, { x: 'date', y1: 'min', y2: 'max', fill: PALETTE[0], fillOpacity: 0.18 })] : []),
        Plot.lineY(data, { x: 'date', y: 'value', stroke: PALETTE[0], strokeWidth: 2 }),
        ...(data.length <= 60 ? [Plot.dot(data, { x: 'date', y: 'value', r: 3, fill: PALETTE[0] })] : []),
      ],
    });
    const svg = (plot.tagName.toLowerCase() === 'svg' ? plot : plot.querySelector('svg')) as SVGSVGElement;
    // Plot's own <style> is left out: the CSP allows no inline style; the stylesheet has its rules.
    svg.querySelectorAll('style').forEach((style) => style.remove());
    svg.setAttribute('font-size', '12');
    element.replaceChildren(plot);
  }, [points, unit, lang, width]);
  return <div ref={frame} className="ts-chart__canvas sensor-chart" aria-hidden="true" />;
}
