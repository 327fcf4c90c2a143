import { useTranslation } from 'react-i18next';
import { REGIONS, type DatasetState } from '../../../shared/catalog.ts';
import type { Language } from '../../../shared/languages.ts';

/** A region's name in the reader's language, from the shared vocabulary; the code when unknown. */
export function regionName(code: string, lang: string): string {
  const region = REGIONS.find((entry) => entry.code === code);
  return region ? region.name[lang as Language] ?? region.name.en : code;
}

/** Names of the catalogue's coded values (themes, licences, frequencies, access rights, regions) in the reader's language. */
export function useCatalogNames() {
  const { t, i18n } = useTranslation();
  return {
    theme: (code: string) => t(`catalog:theme.${code}`, { defaultValue: code }),
    license: (code: string) => t(`catalog:license.${code}`, { defaultValue: code }),
    frequency: (code: string) => t(`catalog:frequency.${code}`, { defaultValue: code }),
    accessRights: (code: string) => t(`catalog:accessRights.${code}`, { defaultValue: code }),
    region: (code: string) => regionName(code, i18n.language),
  };
}

/** Withdrawn datasets are marked in words, never by colour alone; active ones need no mark. */
export function WithdrawnBadge({ state }: { state: DatasetState }) {
  const { t } = useTranslation();
  if (state !== 'withdrawn') return null;
  return <span className="badge badge--warning">{t('catalog:state.withdrawn')}</span>;
}
