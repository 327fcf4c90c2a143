import { useTranslation } from 'react-i18next';
import type { Facet } from '../../../shared/catalog.ts';
import type { DatasetFacets } from '../../../shared/schemas/catalog.ts';
import { FacetValueName } from './FacetValueName.tsx';
import { activeChips } from './facets.ts';
import type { DatasetSearch } from './search.ts';

/**
 * The words and filters in force, each a button that removes it. The button says what it does
 * ("Remove filter"), so the cross is only decoration.
 */
export function ActiveFilters({ search, facets, onRemove, onRemoveWords, onClear }: {
  search: DatasetSearch;
  facets: DatasetFacets | undefined;
  onRemove: (facet: Facet, value: string) => void;
  onRemoveWords: () => void;
  onClear: () => void;
}) {
  const { t } = useTranslation();
  const chips = activeChips(search);
  if (chips.length === 0 && !search.q) return null;
  return (
    <div className="chips">
      <h2 className="visually-hidden">{t('catalog:list.activeFilters')}</h2>
      <ul className="chips__list">
        {search.q && (
          <li>
            <button type="button" className="chip" onClick={onRemoveWords}>
              <span className="visually-hidden">{t('catalog:list.remove')} </span>
              {t('catalog:list.words')}: {search.q} <span aria-hidden="true">×</span>
            </button>
          </li>
        )}
        {chips.map(({ facet, value }) => (
          <li key={`${facet}:${value}`}>
            <button type="button" className="chip" onClick={() => onRemove(facet, value)}>
              <span className="visually-hidden">{t('catalog:list.remove')} </span>
              {t(`catalog:facet.${facet}`)}: <FacetValueName facet={facet} value={value} label={facets?.[facet].find((entry) => entry.value === value)?.label} /> <span aria-hidden="true">×</span>
            </button>
          </li>
        ))}
      </ul>
      {chips.length > 1 && (
        <button type="button" className="link-button" onClick={onClear}>
          {t('catalog:list.clearAll')}
        </button>
      )}
    </div>
  );
}
