import { useTranslation } from 'react-i18next';
import type { ChartKind, ChartSeries, SeriesStyle } from './chartModel.ts';
import { SeriesSwatch } from './SeriesSwatch.tsx';

/** The chart's legend in HTML (so it wraps at any width and is read as text): each series' sample, name and side. */
export function ChartLegend({ series, styles, kind, statusNote }: { series: ChartSeries[]; styles: SeriesStyle[]; kind: ChartKind; statusNote: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="chart-legend">
      <ul className="chart-legend__list" aria-label={t('charts:legend')}>
        {series.map((one, index) => (
          <li key={one.key}>
            <SeriesSwatch style={styles[index]} kind={kind} /> {one.label} <span className="muted">({one.groupLabel})</span>
          </li>
        ))}
      </ul>
      {statusNote && <p className="muted chart-legend__note">{t('charts:statusNote')}</p>}
    </div>
  );
}
