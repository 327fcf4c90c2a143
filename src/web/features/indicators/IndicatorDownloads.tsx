import { useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { saveFile } from '../../components/chart/chartExport.ts';
import type { ChartHandle } from '../../components/chart/TimeSeriesChart.tsx';
import { downloadHref, type IndicatorAnswer } from './indicatorView.ts';

/**
 * The indicator as files: every region's figures in the measure shown (CSV, XLSX, JSON-stat 2.0,
 * from the API, labelled in the reader's language), and the chart as drawn (SVG, PNG, made here).
 */
export function IndicatorDownloads({ indicator, chart }: { indicator: IndicatorAnswer; chart: RefObject<ChartHandle | null> }) {
  const { t, i18n } = useTranslation();
  const [said, setSaid] = useState('');
  const name = `talsinki-${indicator.id}-${indicator.measure}`;
  const href = (extension: 'csv' | 'xlsx' | 'json') => downloadHref(indicator.id, extension, indicator, i18n.language);
  async function save(format: 'svg' | 'png') {
    const handle = chart.current;
    if (!handle) return;
    try {
      const blob = format === 'svg' ? new Blob([handle.svg()], { type: 'image/svg+xml' }) : await handle.png();
      saveFile(blob, `${name}.${format}`);
      setSaid(t('indicators:downloads.saved', { format: format.toUpperCase() }));
    } catch {
      setSaid(t('indicators:downloads.failed'));
    }
  }
  return (
    <section aria-labelledby="indicator-downloads-heading">
      <h2 id="indicator-downloads-heading">{t('indicators:downloads.title')}</h2>
      <p className="downloads">
        {t('indicators:downloads.data')}{' '}
        <a href={href('csv')} download>
          CSV
        </a>{' '}
        <a href={href('xlsx')} download>
          XLSX
        </a>{' '}
        <a href={href('json')} type="application/json">
          JSON-stat 2.0
        </a>
      </p>
      <p className="downloads indicator-downloads__chart">
        <span>{t('indicators:downloads.chart')}</span>{' '}
        <button type="button" className="button button--secondary" onClick={() => void save('svg')}>
          {t('indicators:downloads.svg')}
        </button>{' '}
        <button type="button" className="button button--secondary" onClick={() => void save('png')}>
          {t('indicators:downloads.png')}
        </button>
      </p>
      <p role="status" className="muted">
        {said}
      </p>
    </section>
  );
}
