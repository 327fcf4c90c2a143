import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { formatFigure } from '../../components/chart/chartFormat.ts';
import { useDates } from '../../components/useDates.ts';
import type { IndicatorAnswer } from './indicatorView.ts';
import { periodLabel } from './labels.ts';

/** The source's notes and what Talsinki did to the figures shown (divided per inhabitant, indexed). */
export function IndicatorNotes({ indicator }: { indicator: IndicatorAnswer }) {
  const { t, i18n } = useTranslation();
  const { dateTime } = useDates();
  const lang = i18n.language;
  return (
    <section aria-labelledby="indicator-notes-heading">
      <h2 id="indicator-notes-heading">{t('indicators:notes.title')}</h2>
      {indicator.notes && <LocalizedText value={indicator.notes} as="p" />}
      {indicator.measure === 'per-capita' && indicator.perCapita && (
        <p>
          {t('indicators:notes.perCapita', { scale: formatFigure(indicator.perCapita.scale, lang, 0) })}{' '}
          <Link to={`/indicators/${indicator.perCapita.of}`}>{t('indicators:notes.perCapitaOf')}</Link>
        </p>
      )}
      {indicator.measure === 'index' && indicator.base && <p>{t('indicators:notes.index', { base: periodLabel(indicator.base, lang, t) })}</p>}
      <p>{t(`indicators:notes.frequency.${indicator.frequency}`)}</p>
      {indicator.updated && <p className="muted">{t('indicators:notes.updated', { when: dateTime(indicator.updated) })}</p>}
    </section>
  );
}
