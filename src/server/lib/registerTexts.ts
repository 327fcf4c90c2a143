import type { Language } from '../../shared/languages.ts';
import type { Domain } from '../../shared/register.ts';
import en from '../../web/locales/en/bottlenecks.json' with { type: 'json' };
import fi from '../../web/locales/fi/bottlenecks.json' with { type: 'json' };
import et from '../../web/locales/et/bottlenecks.json' with { type: 'json' };
import sv from '../../web/locales/sv/bottlenecks.json' with { type: 'json' };
import ru from '../../web/locales/ru/bottlenecks.json' with { type: 'json' };

/**
 * The register's words as the web page says them (`bottlenecks.json`), in every interface language:
 * one place for what the server writes with them (mail, reports, PxWeb, Open311, search concepts).
 */
export const REGISTER_TEXTS: Record<Language, typeof en> = { en, fi, et, sv, ru };

/** The register's domains by name, in every interface language. */
export const DOMAIN_NAMES: Record<Language, Record<Domain, string>> = { en: en.domain, fi: fi.domain, et: et.domain, sv: sv.domain, ru: ru.domain };
