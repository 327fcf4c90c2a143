import { useCallback, useId, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { ChartLegend } from './ChartLegend.tsx';
import type { FigureTexts } from './ChartTable.tsx';
import { composeSvg, svgToPng } from './chartExport.ts';
import { isChartKey, moveCursor, nearestIndex, type ChartCursor } from './chartKeys.ts';
import { hasFigures, seriesStyles, type ChartData, type ChartKind } from './chartModel.ts';
import { drawPlot, type DrawnPlot } from './drawPlot.ts';
import { useElementWidth } from './useElementWidth.ts';

/** What a page can do with a drawn chart: have it as a file. */
export interface ChartHandle {
  /** The chart as a standalone SVG document, with title, legend and notes. */
  svg(): string;
  /** The same as PNG, at twice its size. */
  png(): Promise<Blob>;
}

/** The plot's width in a downloaded file, whatever the screen it was drawn on. */
const EXPORT_WIDTH = 760;

interface Props {
  data: ChartData;
  kind?: ChartKind;
  /** Names the chart: the keyboard group's name and the file's title. */
  title: string;
  texts: FigureTexts;
  /** Lines at the foot of a downloaded chart (sources, address). */
  exportNotes?: string[];
  handle?: Ref<ChartHandle>;
}

/**
 * Series over time as lines (or grouped bars), drawn with Observable Plot at the width of its
 * container. The drawing is hidden from screen readers (the data table beside it is its
 * equivalent); the chart is one tab stop where ←/→ move through the periods, ↑/↓ through the
 * series and Home/End to either end, each figure said in a live region ("Region, period: value").
 */
export function TimeSeriesChart({ data, kind = 'line', title, texts, exportNotes = [], handle }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const hintId = useId();
  const frame = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLDivElement>(null);
  const width = useElementWidth(frame);
  const [drawn, setDrawn] = useState<DrawnPlot | null>(null);
  const [cursor, setCursor] = useState<ChartCursor | null>(null);
  const [active, setActive] = useState(false);
  const styles = useMemo(() => seriesStyles(data.series), [data.series]);
  const empty = !hasFigures(data);

  useLayoutEffect(() => {
    if (!canvas.current || width === 0 || empty) return;
    const plot = drawPlot(data, { kind, width, lang });
    canvas.current.replaceChildren(plot.svg);
    setDrawn(plot);
  }, [data, kind, width, lang, empty]);

  // A new choice of series or periods may leave the cursor off the chart.
  useLayoutEffect(() => setCursor(null), [data]);

  useImperativeHandle(
    handle,
    () => {
      const svg = () => {
        const plot = drawPlot(data, { kind, width: EXPORT_WIDTH, lang });
        const markup = new XMLSerializer().serializeToString(plot.svg);
        const legend = data.series.map((one, index) => ({ label: `${one.label} (${one.groupLabel})`, style: styles[index] }));
        return composeSvg(markup, plot.width, plot.height, { title, subtitle: data.valueLabel, legend, notes: exportNotes });
      };
      return { svg, png: () => svgToPng(svg(), 2) };
    },
    [data, kind, lang, styles, title, exportNotes],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!isChartKey(event.key)) return;
    event.preventDefault();
    setCursor((current) => moveCursor(current, event.key as Parameters<typeof moveCursor>[1], { series: data.series.length, periods: data.periods.length }));
  };

  const onPointerMove = useCallback(
    (event: PointerEvent<HTMLDivElement>) => {
      if (!drawn || !canvas.current) return;
      const box = canvas.current.getBoundingClientRect();
      const period = nearestIndex(drawn.periodX, event.clientX - box.left);
      if (period < 0) return;
      const y = event.clientY - box.top;
      let series = -1;
      let distance = Infinity;
      data.series.forEach((_, index) => {
        const at = drawn.locate({ series: index, period });
        if (at && Math.abs(at.y - y) < distance) [series, distance] = [index, Math.abs(at.y - y)];
      });
      if (series >= 0) setCursor({ series, period });
    },
    [drawn, data.series],
  );

  const point = cursor ? drawn?.locate(cursor) : null;
  const readout = cursor ? readoutOf(data, cursor, texts, t) : '';

  if (empty) return <p className="notice">{t('charts:empty')}</p>;
  return (
    <div className="ts-chart">
      <ChartLegend series={data.series} styles={styles} kind={kind} statusNote={data.series.some((one) => Object.keys(one.statuses).length > 0)} />
      <div
        ref={frame}
        className="ts-chart__frame"
        role="group"
        tabIndex={0}
        aria-label={t('charts:label', { title })}
        aria-describedby={hintId}
        onKeyDown={onKeyDown}
        onFocus={() => setActive(true)}
        onBlur={() => setActive(false)}
        onPointerMove={onPointerMove}
        onPointerLeave={() => !active && setCursor(null)}
      >
        <div ref={canvas} className="ts-chart__canvas" aria-hidden="true" />
        {point && <span className="ts-chart__focus" aria-hidden="true" style={{ transform: `translate(${point.x}px, ${point.y}px)` }} />}
      </div>
      <p className="ts-chart__readout" aria-live="polite">
        {readout}
      </p>
      <p id={hintId} className="muted ts-chart__hint">
        {t('charts:keys')}
      </p>
    </div>
  );
}

/** "Helsinki-Uusimaa, 2023: 1 234 567 (provisional)": the highlighted figure in words. */
export function readoutOf(data: ChartData, cursor: ChartCursor, texts: FigureTexts, t: (key: string, options?: Record<string, unknown>) => string): string {
  const series = data.series[cursor.series];
  const period = data.periods[cursor.period];
  if (!series || !period) return '';
  const value = series.values[cursor.period];
  const status = series.statuses[cursor.period];
  const figure = value === null ? t('charts:noFigure') : texts.formatValue(value);
  const said = status ? `${figure} (${texts.describeStatus(status)})` : figure;
  return t('charts:readout', { series: series.label, period: period.label, value: said });
}
