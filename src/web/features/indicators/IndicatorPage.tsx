import { memo, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { isEditorRole } from '../../../shared/roles.ts';
import { useSession } from '../../app/session.tsx';
import { DetailProblem } from '../../components/DetailProblem.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { ContentTitle } from '../../components/PageTitle.tsx';
import { ChartTable, type FigureTexts } from '../../components/chart/ChartTable.tsx';
import { TimeSeriesChart, type ChartHandle } from '../../components/chart/TimeSeriesChart.tsx';
import type { ChartData } from '../../components/chart/chartModel.ts';
import { formatFigure } from '../../components/chart/chartFormat.ts';
import { useResource } from '../../components/useResource.ts';
import { useDates } from '../../components/useDates.ts';
import { IndicatorDownloads } from './IndicatorDownloads.tsx';
import { IndicatorNotes } from './IndicatorNotes.tsx';
import { IndicatorSources } from './IndicatorSources.tsx';
import { IndicatorTargets } from './IndicatorTargets.tsx';
import { apiQuery, chartDataOf, chartKindOf, keptShown, viewOf, viewParams, type IndicatorAnswer, type IndicatorView } from './indicatorView.ts';
import { localized, periodLabel, statusText, valueLabelOf } from './labels.ts';
import { ViewControls } from './ViewControls.tsx';
import { TraceChain } from '../trace/TraceChain.tsx';

/** "Foreign citizens: per 1 000 inhabitants, citizenship Estonia": what the chart and its table show. */
function captionOf(indicator: IndicatorAnswer, view: IndicatorView, valueLabel: string, lang: string): string {
  const kept = keptShown(view, indicator);
  const parts = indicator.dimensions.map((dimension) => {
    const value = dimension.values.find((one) => one.code === kept[dimension.code]);
    return `${localized(dimension.label, lang) || dimension.code} ${value ? localized(value.label, lang) || value.code : ''}`.trim();
  });
  return [`${localized(indicator.name, lang)}: ${valueLabel}`, ...parts].join(', ');
}

const KeptTable = memo(ChartTable);

/**
 * The chart's figures as a table, rendered in the background just after the chart is drawn: for
 * 30 regions and ten years of months it is thousands of cells, which would hold the chart back.
 * Until then (a frame or so) it shows the figures before the change, or nothing on a first load.
 */
function FiguresTable({ data, caption, texts }: { data: ChartData; caption: string; texts: FigureTexts }) {
  const shown = useDeferredValue(useMemo(() => ({ data, caption, texts }), [data, caption, texts]), null);
  return shown && <KeptTable data={shown.data} caption={shown.caption} texts={shown.texts} />;
}

/**
 * An indicator: both sides' figures on one chart, in the measure and for the regions chosen (kept
 * in the address), the same figures as a table, where they came from, the files, and the
 * actions and bottlenecks the indicator measures.
 */
export function IndicatorPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  // The choice shows at once: the address follows in a transition, and a radio button held to
  // the old address until then would spring back under the pointer.
  const [chosen, setChosen] = useState<IndicatorView | null>(null);
  const address = params.toString();
  useEffect(() => setChosen(null), [address]);
  const view = chosen ?? viewOf(params);
  const { data, error, loading } = useResource('/api/indicators/{id}', { path: { id }, query: apiQuery(view) });
  const { dateTime } = useDates();
  const { user } = useSession();
  const chart = useRef<ChartHandle>(null);
  const texts = useMemo<FigureTexts | null>(
    () => (data ? { formatValue: (value) => formatFigure(value, lang, data.decimals), describeStatus: (symbol) => statusText(symbol, t) } : null),
    [data, lang, t],
  );
  const valueLabel = data ? valueLabelOf(data, lang, t) : '';
  const chartData = useMemo(
    () =>
      data &&
      chartDataOf(data, view, {
        region: (code) => localized(data.regions.find((region) => region.code === code)?.name, lang) || code,
        side: (side) => t(`indicators:side.${side}`),
        period: (code) => periodLabel(code, lang, t),
        valueLabel,
      }),
    // The view is the address (or the choice on its way there): its text names it.
    [data, chosen, address, lang, valueLabel, t],
  );
  if (error && !data) return <DetailProblem error={error} notFoundKey="indicators:detail.notFound" backTo="/indicators" backLabelKey="indicators:list.title" />;
  if (!data || !chartData || !texts) return <p role="status">{t('common:loading')}</p>;
  const caption = captionOf(data, view, valueLabel, lang);
  const exportNotes = [
    t('indicators:downloads.sourcesLine', { sources: data.sources.map((source) => `${source.source.name} ${source.table.externalId} (${dateTime(source.retrievedAt)})`).join('; ') }),
    ...(data.demo ? [t('indicators:demo.short')] : []),
    typeof window === 'undefined' ? '' : window.location.href,
  ].filter(Boolean);
  const onView = (next: IndicatorView) => {
    setChosen(next);
    setParams(viewParams(next), { replace: true });
  };
  return (
    <div className="page indicator">
      <p className="bn-card__meta">
        <Link to="/indicators">{t('indicators:list.title')}</Link>
        {data.domain && (
          <>
            {' › '}
            <Link to={`/indicators?domain=${data.domain}`}>{t(`bottlenecks:domain.${data.domain}`)}</Link>
          </>
        )}
        {data.demo && <span className="badge">{t('common:demo.badge')}</span>}
        {user && isEditorRole(user.role) && (
          <>
            {' · '}
            <Link to={`/editor/indicators/${data.id}/edit`}>{t('indicators:edit')}</Link>
          </>
        )}
      </p>
      <ContentTitle value={data.name} otherwise={data.id} />
      {data.definition && <LocalizedText value={data.definition} as="p" />}
      {data.demo && <p className="notice">{t('indicators:demo.notice')}</p>}
      <ViewControls indicator={data} view={view} onView={onView} />
      <FormErrors error={error} />
      <section aria-labelledby="indicator-chart-heading" className={chartData.series.length <= 3 ? 'indicator__figures indicator__figures--beside' : 'indicator__figures'}>
        <h2 id="indicator-chart-heading" className="indicator__figures-heading">
          {t('indicators:figures', { valueLabel })}
        </h2>
        <p role="status" className="muted indicator__loading">
          {loading ? t('common:loading') : ''}
        </p>
        <div className="indicator__chart">
          <TimeSeriesChart data={chartData} kind={chartKindOf(view, data.periods.length)} title={caption} texts={texts} exportNotes={exportNotes} handle={chart} />
        </div>
        <div className="indicator__table">
          <FiguresTable data={chartData} caption={caption} texts={texts} />
        </div>
      </section>
      <IndicatorDownloads indicator={data} chart={chart} />
      <IndicatorSources sources={data.sources} />
      <IndicatorNotes indicator={data} />
      <IndicatorTargets indicator={data} />
      {/* The chain the indicator closes: … → recommendation → action → indicator. */}
      <TraceChain type="indicator" id={data.id} />
    </div>
  );
}
