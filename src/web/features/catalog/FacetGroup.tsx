import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Facet } from '../../../shared/catalog.ts';
import type { DatasetFacets } from '../../../shared/schemas/catalog.ts';
import { formatCount } from './format.ts';
import { FacetValueName } from './FacetValueName.tsx';

/** How many values a facet shows before "show all". */
const SHOWN = 6;

/**
 * One facet as a group of checkboxes with the number of matching datasets beside each value.
 * Ticking one applies it at once; the result count is announced by the page. Values that are
 * ticked stay listed even when the current results have none of them, so they can be unticked.
 */
export function FacetGroup({ facet, values, selected, onToggle }: { facet: Facet; values: DatasetFacets[Facet]; selected: string[]; onToggle: (value: string) => void }) {
  const { t, i18n } = useTranslation();
  const [expanded, setExpanded] = useState(false);
  // A ticked box shows ticked at once, before the address (and with it `selected`) has changed;
  // any change of the address, back and forward included, ends that.
  const selectedKey = selected.join('\n');
  const [pending, setPending] = useState<{ value: string; checked: boolean } | null>(null);
  const [pendingFor, setPendingFor] = useState(selectedKey);
  if (pendingFor !== selectedKey) {
    setPendingFor(selectedKey);
    setPending(null);
  }
  const isChecked = (value: string) => (pending && pending.value === value ? pending.checked : selected.includes(value));
  const listId = useId();
  const listed = [...values, ...selected.filter((value) => !values.some((v) => v.value === value)).map((value) => ({ value, count: 0, label: null }))];
  if (listed.length === 0) return null;
  const shown = listed.filter((entry, index) => expanded || index < SHOWN || selected.includes(entry.value));
  return (
    <fieldset className="facet">
      <legend>{t(`catalog:facet.${facet}`)}</legend>
      <ul className="facet__list" id={listId}>
        {shown.map((entry) => (
          <li key={entry.value}>
            <label className="choice">
              <input
                type="checkbox"
                name={facet}
                value={entry.value}
                checked={isChecked(entry.value)}
                onChange={(event) => {
                  setPending({ value: entry.value, checked: event.target.checked });
                  onToggle(entry.value);
                }}
              />
              <span>
                <FacetValueName facet={facet} value={entry.value} label={entry.label} /> <span className="facet__count">({formatCount(entry.count, i18n.language)})</span>
              </span>
            </label>
          </li>
        ))}
      </ul>
      {listed.length > SHOWN && (
        <button type="button" className="link-button facet__more" aria-expanded={expanded} aria-controls={listId} onClick={() => setExpanded(!expanded)}>
          {expanded ? t('catalog:list.showFewer') : t('catalog:list.showAll', { count: listed.length })}
        </button>
      )}
    </fieldset>
  );
}
