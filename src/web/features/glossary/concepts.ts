import { useTranslation } from 'react-i18next';
import { REGIONS } from '../../../shared/catalog.ts';
import { CONCEPT_CODES } from '../../../shared/schemas/glossary.ts';

/** A vocabulary code's label in the reader's language: the catalogue's theme, the register's domain, topic or country, a region's name. */
export function useConceptLabel(): (code: string) => string {
  const { t, i18n } = useTranslation();
  return (code) => {
    const [kind, value] = [code.slice(0, code.indexOf(':')), code.slice(code.indexOf(':') + 1)];
    if (kind === 'theme') return `${t('glossary:concept.theme')}: ${t(`catalog:theme.${value}`, { defaultValue: value })}`;
    if (kind === 'domain') return `${t('glossary:concept.domain')}: ${t(`bottlenecks:domain.${value}`, { defaultValue: value })}`;
    if (kind === 'topic') return `${t('glossary:concept.topic')}: ${t(`bottlenecks:topic.${value}`, { defaultValue: value })}`;
    if (kind === 'country') return `${t('glossary:concept.country')}: ${t(`bottlenecks:country.${value}`, { defaultValue: value })}`;
    const region = REGIONS.find((r) => r.code === value);
    const lang = i18n.language as 'fi' | 'et' | 'en';
    return `${t('glossary:concept.region')}: ${region ? (region.name[lang] ?? region.name.en) : value}`;
  };
}

export { CONCEPT_CODES };
