import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatHeadline } from '../../components/chart/chartFormat.ts';
import type { IndicatorItem } from './IndicatorCard.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { localized, periodLabel } from './labels.ts';

/**
 * A live figure among the home page's key facts: the indicator's newest figure of each side,
 * with its period, the indicator's name as the link to its chart, and its sources.
 */
export function IndicatorFact({ item }: { item: IndicatorItem }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <li className="fact fact--live">
      {item.latest.map((latest, index) => (
        <p key={`${latest.side} ${latest.region}`} className={index === 0 ? 'fact__value' : 'fact__more'}>
          {formatHeadline(latest.value, lang, item.decimals)}{' '}
          <span className="fact__where">
            {localized(latest.regionName, lang)}, {periodLabel(latest.period, lang, t)}
          </span>
        </p>
      ))}
      <p className="fact__label">
        <Link to={`/indicators/${item.id}`}>
          <LocalizedText value={item.name} />
        </Link>
        {item.unit && (
          <>
            {' ('}
            <LocalizedText value={item.unit} />)
          </>
        )}
        {item.demo && <span className="badge">{t('common:demo.badge')}</span>}
      </p>
      {item.sources.length > 0 && (
        <p className="fact__source">
          {t('indicators:fact.source')} {item.sources.join(', ')}
        </p>
      )}
    </li>
  );
}
