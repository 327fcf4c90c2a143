import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField } from '../../components/Field.tsx';
import type { ChartKind } from '../../components/chart/chartModel.ts';
import { chartKindOf, defaultRegions, keptShown, regionsShown, type IndicatorAnswer, type IndicatorView } from './indicatorView.ts';
import { localized, periodLabel } from './labels.ts';
import { RegionChoice } from './RegionChoice.tsx';

/** The regions chosen after one is ticked or cleared; the default set is no choice at all (a plain address). */
function toggled(view: IndicatorView, indicator: IndicatorAnswer, code: string): string[] | null {
  const shown = regionsShown(view, indicator.regions);
  const next = shown.includes(code) ? shown.filter((one) => one !== code) : [...shown, code];
  const defaults = defaultRegions(indicator.regions);
  const same = next.length === defaults.length && defaults.every((one) => next.includes(one));
  return same || next.length === 0 ? null : next;
}

/**
 * What the chart shows: the measure (as published, per inhabitant, or as an index of a base
 * period), the value of each kept dimension, the regions and the kind of chart, all kept in the
 * address. Radio buttons and check boxes show their choice at once (the controls stay, so focus
 * stays where it was); a list waits for its button, since a keyboard moving through it must not
 * redraw the page at each step.
 */
export function ViewControls({ indicator, view, onView }: { indicator: IndicatorAnswer; view: IndicatorView; onView: (view: IndicatorView) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const kept = keptShown(view, indicator);
  const regions = regionsShown(view, indicator.regions);
  const measure = indicator.measures.includes(view.measure) ? view.measure : 'absolute';
  const automatic = chartKindOf({ chart: undefined }, indicator.periods.length);
  const kind = chartKindOf(view, indicator.periods.length);
  const hasLists = measure === 'index' || indicator.dimensions.length > 0;
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields = new FormData(event.currentTarget);
    const chosenKept = Object.fromEntries(indicator.dimensions.map((dimension) => [dimension.code, String(fields.get(`d.${dimension.code}`) ?? '')]));
    onView({ ...view, base: measure === 'index' ? String(fields.get('base') ?? '') || undefined : undefined, kept: chosenKept });
  }
  return (
    <form className="form indicator-view" aria-label={t('indicators:view.label')} onSubmit={onSubmit}>
      <fieldset className="indicator-view__choices">
        <legend>{t('indicators:view.measure')}</legend>
        {indicator.measures.map((one) => (
          <label key={one} className="checkbox">
            <input type="radio" name="measure" value={one} checked={measure === one} onChange={() => onView({ ...view, measure: one, base: undefined })} /> {t(`indicators:measure.${one}`)}
          </label>
        ))}
      </fieldset>
      <fieldset className="indicator-view__choices">
        <legend>{t('indicators:view.chart')}</legend>
        {(['line', 'bar'] as const satisfies readonly ChartKind[]).map((one) => (
          <label key={one} className="checkbox">
            <input type="radio" name="chart" value={one} checked={kind === one} onChange={() => onView({ ...view, chart: one === automatic ? undefined : one })} /> {t(`indicators:chartKind.${one}`)}
          </label>
        ))}
      </fieldset>
      {hasLists && (
        <div className="indicator-view__lists">
          {measure === 'index' && (
            <SelectField
              key={`base ${indicator.base}`}
              id="indicator-base"
              name="base"
              label={t('indicators:view.base')}
              defaultValue={indicator.base ?? ''}
              options={indicator.periods.map((period) => ({ value: period.code, label: periodLabel(period.code, lang, t) }))}
            />
          )}
          {indicator.dimensions.map((dimension) => (
            <SelectField
              key={`${dimension.code} ${kept[dimension.code]}`}
              id={`indicator-d-${dimension.code}`}
              name={`d.${dimension.code}`}
              label={localized(dimension.label, lang) || dimension.code}
              defaultValue={kept[dimension.code]}
              options={dimension.values.map((value) => ({ value: value.code, label: localized(value.label, lang) || value.code }))}
            />
          ))}
          <button type="submit" className="button button--secondary">
            {t('indicators:view.apply')}
          </button>
        </div>
      )}
      <RegionChoice regions={indicator.regions} chosen={regions} onToggle={(code) => onView({ ...view, regions: toggled(view, indicator, code) })} />
    </form>
  );
}
