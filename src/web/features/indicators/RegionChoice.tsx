import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { IndicatorAnswer } from './indicatorView.ts';
import { localized } from './labels.ts';

type Region = IndicatorAnswer['regions'][number];

function RegionBox({ region, checked, onToggle }: { region: Region; checked: boolean; onToggle: (code: string) => void }) {
  const { i18n } = useTranslation();
  return (
    <label className="checkbox">
      <input type="checkbox" name="region" value={region.code} checked={checked} onChange={() => onToggle(region.code)} /> {localized(region.name, i18n.language)}
    </label>
  );
}

/** Open when the page opens with one of its regions chosen, then as the reader leaves it (clearing the last box must not fold it away under the focus). */
function Folded({ summary, initiallyOpen, children }: { summary: string; initiallyOpen: boolean; children: ReactNode }) {
  const [open, setOpen] = useState(initiallyOpen);
  return (
    <details open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{summary}</summary>
      {children}
    </details>
  );
}

/**
 * The regions to show, as check boxes grouped by country: the large regions at once, the
 * municipalities folded away (open when one of them is chosen). Each change shows at once.
 */
export function RegionChoice({ regions, chosen, onToggle }: { regions: Region[]; chosen: readonly string[]; onToggle: (code: string) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset className="region-choice">
      <legend>{t('indicators:view.regions')}</legend>
      {(['FI', 'EE'] as const).map((country) => {
        const own = regions.filter((region) => region.country === country);
        if (own.length === 0) return null;
        const large = own.filter((region) => region.level <= 3);
        const local = own.filter((region) => region.level > 3);
        return (
          <fieldset key={country} className="region-choice__country">
            <legend>{t(`indicators:country.${country}`)}</legend>
            {large.map((region) => (
              <RegionBox key={region.code} region={region} checked={chosen.includes(region.code)} onToggle={onToggle} />
            ))}
            {local.length > 0 && (
              <Folded summary={t('indicators:view.municipalities', { count: local.length })} initiallyOpen={local.some((region) => chosen.includes(region.code))}>
                <div className="region-choice__local">
                  {local.map((region) => (
                    <RegionBox key={region.code} region={region} checked={chosen.includes(region.code)} onToggle={onToggle} />
                  ))}
                </div>
              </Folded>
            )}
          </fieldset>
        );
      })}
    </fieldset>
  );
}
