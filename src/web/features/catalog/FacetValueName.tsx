import { useTranslation } from 'react-i18next';
import type { Facet } from '../../../shared/catalog.ts';
import type { DatasetFacets } from '../../../shared/schemas/catalog.ts';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { formatName } from './format.ts';
import { useCatalogNames } from './labels.tsx';

type FacetValue = DatasetFacets[Facet][number];

/**
 * What a facet value is called: publishers and sources by the name the server sends, the
 * hand-written datasets' source in words, codes (themes, licences, areas, formats) translated here.
 */
export function FacetValueName({ facet, value, label }: { facet: Facet; value: string; label: FacetValue['label'] | undefined }) {
  const { t } = useTranslation();
  const names = useCatalogNames();
  if (facet === 'source' && value === 'local') return <>{t('catalog:source.local')}</>;
  if (facet === 'publisher' || facet === 'source') return label ? <LocalizedText value={label} /> : <>{t('catalog:list.unnamed')}</>;
  if (facet === 'theme') return <>{names.theme(value)}</>;
  if (facet === 'license') return <>{names.license(value)}</>;
  if (facet === 'region') return <>{names.region(value)}</>;
  return <>{formatName(value)}</>;
}
