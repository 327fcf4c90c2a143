import { useId, useReducer } from 'react';
import { useTranslation } from 'react-i18next';
import type { Facet } from '../../../shared/catalog.ts';
import type { DatasetFacets } from '../../../shared/schemas/catalog.ts';
import { formatCount } from '../../components/numbers.ts';
import { FacetValueName } from './FacetValueName.tsx';
import { facetReducer, initialFacetState, isChecked, listedValues, selectionKey, SHOWN, shownValues } from './facets.ts';

/**
 * One facet as a group of checkboxes with the number of matching datasets beside each value.
 * Ticking one applies it at once; the result count is announced by the page. Values that are
 * ticked stay listed even when the current results have none of them, so they can be unticked.
 */
export function FacetGroup({ facet, values, selected, onToggle }: { facet: Facet; values: DatasetFacets[Facet]; selected: string[]; onToggle: (value: string) => void }) {
  const { t, i18n } = useTranslation();
  const [state, dispatch] = useReducer(facetReducer, selected, initialFacetState);
  // Any change of the address, back and forward included, ends a tick the address has not shown yet.
  if (state.pendingFor !== selectionKey(selected)) dispatch({ type: 'selected', selected });
  const { expanded } = state;
  const listId = useId();
  const listed = listedValues(values, selected);
  if (listed.length === 0) return null;
  const shown = shownValues(listed, selected, expanded);
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
                checked={isChecked(state, selected, entry.value)}
                onChange={(event) => {
                  dispatch({ type: 'tick', value: entry.value, checked: event.target.checked });
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
        <button type="button" className="link-button facet__more" aria-expanded={expanded} aria-controls={listId} onClick={() => dispatch({ type: 'expand' })}>
          {expanded ? t('catalog:list.showFewer') : t('catalog:list.showAll', { count: listed.length })}
        </button>
      )}
    </fieldset>
  );
}
