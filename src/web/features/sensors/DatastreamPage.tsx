import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError, apiHref } from '../../app/api.ts';
import { DetailProblem } from '../../components/DetailProblem.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { useDates } from '../../components/useDates.ts';
import { useResource } from '../../components/useResource.ts';
import { SensorChart } from './SensorChart.tsx';
import { CHART_POINTS, formatReading, formatResult, isRange, rangeQuery, RANGES, withLive, type Range, type SeriesPoint } from './sensors.ts';
import { useLiveObservations } from './useLiveObservations.ts';
import { RetentionEditor, RetentionText } from './Retention.tsx';
import { isEditorRole } from '../../../shared/roles.ts';
import { useSession } from '../../app/session.tsx';

/**
 * A Datastream (issue 20 point 5): what it measures and where, its latest value (kept current
 * while the page is open), its values over a chosen range as a chart with the same figures in a
 * table beside it, and its observations as CSV and as SensorThings JSON.
 */
export function DatastreamPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const dates = useDates();
  const { user } = useSession();
  const { id: idText = '' } = useParams();
  const id = /^\d{1,15}$/.test(idText) ? Number(idText) : null;
  const [params, setParams] = useSearchParams();
  const range: Range = isRange(params.get('range')) ? (params.get('range') as Range) : 'week';
  const latest = useResource('/api/sta/datastreams/{id}/latest', id === null ? null : { path: { id: String(id) } });
  const live = useLiveObservations(latest.data ? id : null);
  const newest = live.received.length ? live.received[live.received.length - 1] : null;
  const latestObservation = newest && (!latest.data?.latest || Date.parse(newest.time) >= Date.parse(latest.data.latest.time)) ? newest : latest.data?.latest;
  // The range ends at the latest observation the page was opened with: live values extend a raw chart.
  const latestTime = latest.data ? (latest.data.latest?.time ?? null) : undefined;
  // Worked out once per choice: a stream without observations ends its range at "now", which must not move on each render.
  const span = useMemo(() => (latestTime === undefined ? null : rangeQuery(range, latestTime)), [range, latestTime]);
  const series = useResource('/api/sta/datastreams/{id}/series', span && id !== null ? { path: { id: String(id) }, query: { ...span, points: CHART_POINTS } } : null);
  const points = useMemo(() => (series.data ? withLive(series.data.points as SeriesPoint[], live.received, series.data.resolution) : []), [series.data, live.received]);

  if (id === null || latest.error) return <DetailProblem error={latest.error ?? new ApiError({ type: 'about:blank', title: 'Not found', status: 404 })} notFoundKey="sensors:stream.notFound" backTo="/sensors" backLabelKey="sensors:title" />;
  if (!latest.data) return <p role="status">{t('common:loading')}</p>;
  const { datastream } = latest.data;
  const symbol = datastream.unit.symbol ?? datastream.unit.name ?? '';
  const unitLabel = [datastream.unit.name, datastream.unit.symbol && `(${datastream.unit.symbol})`].filter(Boolean).join(' ') || '–';
  const caption = t('sensors:chart.caption', { name: datastream.name, range: t(`sensors:range.${range}`) });
  const resolution = series.data?.resolution;
  const timeOf = (time: string) => (resolution === 'day' ? dates.date(time) : dates.dateTime(time));
  return (
    <div className="page sensor-stream">
      <p className="bn-card__meta">
        <Link to="/sensors">{t('sensors:title')}</Link> › {datastream.thing.name}
      </p>
      <PageTitle>{datastream.name}</PageTitle>
      {datastream.description && <p>{datastream.description}</p>}
      <div className="sensor-stream__facts">
        <dl className="facts-list">
          <dt>{t('sensors:stream.thing')}</dt>
          <dd>
            <Link to={`/sensors#thing-${datastream.thing.id}`}>{datastream.thing.name}</Link>
          </dd>
          <dt>{t('sensors:stream.property')}</dt>
          <dd>
            {/^https?:\/\//.test(datastream.observedProperty.definition) ? <a href={datastream.observedProperty.definition}>{datastream.observedProperty.name}</a> : datastream.observedProperty.name}
          </dd>
          <dt>{t('sensors:stream.unit')}</dt>
          <dd>{unitLabel}</dd>
          <dt>{t('sensors:stream.latest')}</dt>
          <dd className="sensor-stream__latest">
            {latestObservation ? (
              <>
                <strong>{formatResult(latestObservation.result, lang, symbol)}</strong> <span className="muted">{dates.dateTime(latestObservation.time)}</span>
              </>
            ) : (
              t('sensors:stream.none')
            )}
          </dd>
          <dt>{t('sensors:retention.kept')}</dt>
          <dd>
            <RetentionText retention={datastream.retention} />
          </dd>
        </dl>
        <p className="muted sensor-stream__live">{t(`sensors:live.${live.state}`)}</p>
        {/* Polite, and changed at most every few seconds (useLiveObservations). */}
        <p className="visually-hidden" aria-live="polite" aria-atomic="true">
          {live.announced ? t('sensors:live.announce', { value: formatResult(live.announced.result, lang, symbol), time: dates.dateTime(live.announced.time) }) : ''}
        </p>
      </div>

      <section aria-labelledby="sensor-chart-heading" className="sensor-stream__figures">
        <h2 id="sensor-chart-heading">{t('sensors:chart.heading')}</h2>
        <fieldset className="indicator-view__choices sensor-stream__ranges">
          <legend>{t('sensors:range.label')}</legend>
          {RANGES.map((one) => (
            <label key={one} className="checkbox">
              <input type="radio" name="range" value={one} checked={range === one} onChange={() => setParams({ range: one }, { replace: true })} /> {t(`sensors:range.${one}`)}
            </label>
          ))}
        </fieldset>
        <p role="status" className="muted">
          {series.loading ? t('common:loading') : resolution ? t(`sensors:chart.resolution.${resolution}`, { count: series.data?.step ?? 1 }) : ''}
        </p>
        {series.data && points.length === 0 && <p className="notice">{t('sensors:chart.empty')}</p>}
        {points.length > 0 && (
          <div className={resolution === 'raw' ? 'sensor-stream__chart-and-table' : 'sensor-stream__chart-and-table sensor-stream__chart-and-table--aggregates'}>
            <SensorChart points={points} unit={symbol} lang={lang} />
            <ScrollRegion label={caption}>
              <table className="chart-table sensor-stream__table">
                <caption>{caption}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('sensors:table.time')}</th>
                    <th scope="col" className="num">
                      {resolution === 'raw' ? t('sensors:table.value', { unit: symbol }) : t('sensors:table.mean', { unit: symbol })}
                    </th>
                    {resolution !== 'raw' && (
                      <>
                        <th scope="col" className="num">
                          {t('sensors:table.min')}
                        </th>
                        <th scope="col" className="num">
                          {t('sensors:table.max')}
                        </th>
                        <th scope="col" className="num">
                          {t('sensors:table.count')}
                        </th>
                      </>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {[...points].reverse().map((point) => (
                    <tr key={point.time}>
                      <th scope="row">{timeOf(point.time)}</th>
                      <td className="num">{formatReading(point.value, lang)}</td>
                      {resolution !== 'raw' && (
                        <>
                          <td className="num">{formatReading(point.min, lang)}</td>
                          <td className="num">{formatReading(point.max, lang)}</td>
                          <td className="num">{formatReading(point.count, lang)}</td>
                        </>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          </div>
        )}
      </section>

      <section aria-labelledby="sensor-downloads-heading">
        <h2 id="sensor-downloads-heading">{t('sensors:downloads.heading')}</h2>
        <ul className="sensor-stream__downloads">
          {span && (
            <li>
              <a href={apiHref('/api/sta/datastreams/{id}/observations.csv', { path: { id: String(id) }, query: span })} download>
                {t('sensors:downloads.csv', { range: t(`sensors:range.${range}`) })}
              </a>
            </li>
          )}
          <li>
            <a href={`/sta/v1.1/Datastreams(${id})/Observations?$orderby=phenomenonTime%20desc`} type="application/json">
              {t('sensors:downloads.sta')}
            </a>
          </li>
        </ul>
        <p className="muted">{t('sensors:downloads.note')}</p>
      </section>
      {user && isEditorRole(user.role) && <RetentionEditor streamId={datastream.id} retention={datastream.retention} onSaved={() => void latest.reload()} />}
    </div>
  );
}
