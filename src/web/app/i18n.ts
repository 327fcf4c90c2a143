import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { isUiLanguage, UI_LANGUAGES, type Language } from '../../shared/languages.ts';

/** Every locales/<lang>/<namespace>.json, bundled: the texts are small and must all exist. */
const files = import.meta.glob<{ default: Record<string, unknown> }>('../locales/*/*.json', { eager: true });

export const resources: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [file, module] of Object.entries(files)) {
  const [, lang, namespace] = /locales\/(\w+)\/([\w-]+)\.json$/.exec(file)!;
  (resources[lang] ??= {})[namespace] = module.default;
}
export const namespaces = Object.keys(resources.en);

export const LANGUAGE_COOKIE = 'talsinki_lang';

/** The server chose the first language from the cookie or Accept-Language and wrote it into <html lang>. */
function initialLanguage(): Language {
  const fromPage = document.documentElement.lang;
  return isUiLanguage(fromPage) ? fromPage : 'en';
}

void i18n.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: false,
  supportedLngs: [...UI_LANGUAGES],
  ns: namespaces,
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  returnNull: false,
  saveMissing: true,
  // Loud on purpose: the browser tests fail on any text key that is missing. A text asked for with
  // a defaultValue may be missing (a code from outside, a filter value from the address): not said.
  missingKeyHandler: (languages, namespace, key, _fallback, _update, options: { defaultValue?: unknown } | undefined) => {
    if (options?.defaultValue === undefined) console.error(`i18n: missing text ${namespace}:${key} (${languages.join(',')})`);
  },
});

/** Switches the UI language and remembers it for the next visit. */
export function applyLanguage(lang: Language) {
  document.documentElement.lang = lang;
  document.cookie = `${LANGUAGE_COOKIE}=${lang}; path=/; max-age=${60 * 60 * 24 * 365}; samesite=lax`;
  return i18n.changeLanguage(lang);
}

export default i18n;
