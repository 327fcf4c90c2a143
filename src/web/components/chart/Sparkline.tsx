import * as Plot from '@observablehq/plot';
import { useLayoutEffect, useRef } from 'react';
import type { SeriesStyle } from './chartModel.ts';

export interface SparkSeries {
  values: (number | null)[];
  style: SeriesStyle;
}

/**
 * A small line chart with no axes, beside figures written in text: decorative (hidden from
 * screen readers), since the numbers it would say are already there. Drawn with Plot like
 * every chart, each series in its own colour and dash.
 */
export function Sparkline({ series, width = 120, height = 36 }: { series: SparkSeries[]; width?: number; height?: number }) {
  const holder = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    if (!holder.current) return;
    const marks = series.map((one) =>
      Plot.line(
        one.values.map((value, index) => ({ index, value })),
        { x: 'index', y: 'value', stroke: one.style.color, strokeWidth: 1.5, strokeDasharray: one.style.dash },
      ),
    );
    const svg = Plot.plot({ width, height, margin: 3, axis: null, x: { axis: null }, y: { axis: null }, className: 'ts-plot', marks });
    svg.querySelectorAll('style').forEach((style) => style.remove());
    holder.current.replaceChildren(svg);
  }, [series, width, height]);
  return <span ref={holder} className="sparkline" aria-hidden="true" />;
}
