import type { Theme } from '../../shared/catalog.ts';
import type { Language } from '../../shared/languages.ts';
import type { Domain } from '../../shared/register.ts';
import en from '../../web/locales/en/bottlenecks.json' with { type: 'json' };
import fi from '../../web/locales/fi/bottlenecks.json' with { type: 'json' };
import et from '../../web/locales/et/bottlenecks.json' with { type: 'json' };
import sv from '../../web/locales/sv/bottlenecks.json' with { type: 'json' };
import ru from '../../web/locales/ru/bottlenecks.json' with { type: 'json' };
import enCatalog from '../../web/locales/en/catalog.json' with { type: 'json' };
import fiCatalog from '../../web/locales/fi/catalog.json' with { type: 'json' };
import etCatalog from '../../web/locales/et/catalog.json' with { type: 'json' };
import svCatalog from '../../web/locales/sv/catalog.json' with { type: 'json' };
import ruCatalog from '../../web/locales/ru/catalog.json' with { type: 'json' };

/**
 * The words the server says as the web pages say them, in every interface language: one place for
 * what it writes with them. The register's (`bottlenecks.json`: mail, reports, PxWeb, Open311,
 * search concepts) and the EU data themes' (`catalog.json`: the DCAT output, CKAN groups, search).
 */
export const REGISTER_TEXTS: Record<Language, typeof en> = { en, fi, et, sv, ru };

/** The register's domains by name, in every interface language. */
export const DOMAIN_NAMES: Record<Language, Record<Domain, string>> = { en: en.domain, fi: fi.domain, et: et.domain, sv: sv.domain, ru: ru.domain };

/** The EU data themes by name, in every interface language (after the EU Vocabularies' own labels). */
export const THEME_NAMES: Record<Language, Record<Theme, string>> = { en: enCatalog.theme, fi: fiCatalog.theme, et: etCatalog.theme, sv: svCatalog.theme, ru: ruCatalog.theme };
