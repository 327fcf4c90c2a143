import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { formatFigure } from '../../components/chart/chartFormat.ts';
import type { IndicatorAnswer } from './indicatorView.ts';
import { localized, periodLabel } from './labels.ts';

type Target = IndicatorAnswer['targets'][number];

/** How far the latest figure has come toward the target: a bar for the eye, the percentage in words for everyone. */
function TargetProgress({ progress }: { progress: number | null }) {
  const { t } = useTranslation();
  if (progress === null) return <span className="muted">{t('indicators:targets.noProgress')}</span>;
  const percent = Math.round(progress * 100);
  return (
    <span className="ac-progress">
      <span className="ac-progress__track" aria-hidden="true">
        <span className="ac-progress__fill" style={{ width: `${percent}%` }} />
      </span>
      <span className="ac-progress__text">{t('indicators:targets.progressValue', { value: percent })}</span>
    </span>
  );
}

/** The paths of the pages the targets link to (routes.tsx: `/actions/:ref`, `/bottlenecks/:ref`). */
const PATHS: Record<Target['kind'], string> = { action: '/actions', bottleneck: '/bottlenecks' };

/**
 * The actions this indicator measures and the bottlenecks it is evidence of (its KPIs): each
 * with its baseline, target and latest figure, and how far it has come.
 */
export function IndicatorTargets({ indicator }: { indicator: IndicatorAnswer }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  // Targets are set in the indicator's own figures, whatever measure the page shows.
  const figure = (value: { value: number; period: string } | null) =>
    value ? t('indicators:targets.figure', { value: formatFigure(value.value, lang, indicator.decimals), period: periodLabel(value.period, lang, t) }) : '–';
  const regionName = (code: string | null) => (code ? localized(indicator.regions.find((region) => region.code === code)?.name, lang) || code : t('indicators:targets.anyRegion'));
  return (
    <section aria-labelledby="indicator-targets-heading">
      <h2 id="indicator-targets-heading">{t('indicators:targets.title')}</h2>
      {indicator.targets.length === 0 ? (
        <p className="muted">{t('indicators:targets.none')}</p>
      ) : (
        <ul className="indicator-targets">
          {indicator.targets.map((target) => (
            <li key={`${target.kind} ${target.id} ${target.region}`} className="card">
              <h3>
                <span className="trace__kind">{t(`indicators:targets.kind.${target.kind}`)}</span>{' '}
                <Link to={`${PATHS[target.kind]}/${target.ref}`}>
                  <span className="bn-ref">{target.ref}</span> <LocalizedText value={target.title} />
                </Link>
              </h3>
              <dl className="facts-list">
                <dt>{t('indicators:targets.region')}</dt>
                <dd>{regionName(target.region)}</dd>
                <dt>{t('indicators:targets.baseline')}</dt>
                <dd>{figure(target.baseline)}</dd>
                <dt>{t('indicators:targets.target')}</dt>
                <dd>{figure(target.target)}</dd>
                <dt>{t('indicators:targets.latest')}</dt>
                <dd>{figure(target.latest)}</dd>
                <dt>{t('indicators:targets.progress')}</dt>
                <dd>
                  <TargetProgress progress={target.progress} />
                </dd>
              </dl>
              {target.note && <LocalizedText value={target.note} as="p" />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
