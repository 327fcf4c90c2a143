import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { GetAnswer } from '../../app/api.ts';
import { SeriesSwatch } from '../../components/chart/SeriesSwatch.tsx';
import { Sparkline } from '../../components/chart/Sparkline.tsx';
import { formatHeadline } from '../../components/chart/chartFormat.ts';
import { seriesStyles } from '../../components/chart/chartModel.ts';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { localized, periodLabel } from './labels.ts';

export type IndicatorItem = GetAnswer<'/api/indicators'>['items'][number];

/**
 * An indicator in a list or on a dashboard: its name as a link, the newest figure of each side
 * in words ("Helsinki-Uusimaa 1.7 million, 2023"), and a small chart of the same series, which
 * only repeats them for the eye.
 */
export function IndicatorCard({ item, headingLevel = 2 }: { item: IndicatorItem; headingLevel?: 2 | 3 }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const Heading = `h${headingLevel}` as const;
  // Each side keeps one style, in the list's order: Finland's first, as on the indicator's chart.
  const styles = useMemo(() => seriesStyles(item.trend.series.map((one) => ({ key: one.region, label: '', group: one.side, groupLabel: '', values: one.values, statuses: {} }))), [item.trend.series]);
  const spark = useMemo(() => item.trend.series.map((one, index) => ({ values: one.values, style: styles[index] })), [item.trend.series, styles]);
  return (
    <li className="bn-card indicator-card">
      <Heading className="bn-card__title">
        <Link to={`/indicators/${item.id}`}>
          <LocalizedText value={item.name} />
        </Link>
      </Heading>
      <p className="bn-card__meta">
        {item.domain && <span>{t(`bottlenecks:domain.${item.domain}`)}</span>}
        {item.domain && ' · '}
        <span>{t(`indicators:frequency.${item.frequency}`)}</span>
        {item.demo && <span className="badge">{t('common:demo.badge')}</span>}
      </p>
      {item.latest.length === 0 ? (
        <p className="muted">{t('indicators:list.noFigures')}</p>
      ) : (
        <div className="indicator-card__body">
          <dl className="indicator-card__figures">
            {item.latest.map((latest) => {
              const index = item.trend.series.findIndex((one) => one.side === latest.side && one.region === latest.region);
              return (
                <div key={`${latest.side} ${latest.region}`}>
                  <dt>
                    {index >= 0 && <SeriesSwatch style={styles[index]} />} {localized(latest.regionName, lang)}
                  </dt>
                  <dd>
                    <span className="indicator-card__value">{formatHeadline(latest.value, lang, item.decimals)}</span> <LocalizedText value={item.unit} />{' '}
                    <span className="muted">({periodLabel(latest.period, lang, t)})</span>
                  </dd>
                </div>
              );
            })}
          </dl>
          {item.trend.periods.length > 1 && <Sparkline series={spark} />}
        </div>
      )}
    </li>
  );
}
