import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { isUiLanguage, UI_LANGUAGES, type Language } from '../../shared/languages.ts';

/**
 * Every locales/<lang>/<namespace>.json, a chunk per language (`texts/<lang>.ts`): a page loads
 * the texts of its language only (about a third of them), and another language's when switched to.
 */
const TEXTS: Record<Language, () => Promise<{ default: Record<string, Record<string, unknown>> }>> = {
  fi: () => import('./texts/fi.ts'),
  et: () => import('./texts/et.ts'),
  en: () => import('./texts/en.ts'),
  sv: () => import('./texts/sv.ts'),
  ru: () => import('./texts/ru.ts'),
};

/** A language's texts by namespace. */
async function textsOf(lang: Language): Promise<Record<string, Record<string, unknown>>> {
  const files = (await TEXTS[lang]()).default;
  const byNamespace: Record<string, Record<string, unknown>> = {};
  for (const [file, texts] of Object.entries(files)) byNamespace[/([\w-]+)\.json$/.exec(file)![1]] = texts;
  return byNamespace;
}

export const LANGUAGE_COOKIE = 'talsinki_lang';

/** The server chose the first language from the cookie or Accept-Language and wrote it into <html lang>. */
function initialLanguage(): Language {
  const fromPage = document.documentElement.lang;
  return isUiLanguage(fromPage) ? fromPage : 'en';
}

/** Sets up the texts in the page's language: awaited before anything is shown. */
export async function startI18n(): Promise<void> {
  const lng = initialLanguage();
  const texts = await textsOf(lng);
  await i18n.use(initReactI18next).init({
    resources: { [lng]: texts },
    lng,
    fallbackLng: false,
    supportedLngs: [...UI_LANGUAGES],
    ns: Object.keys(texts),
    // Other languages' texts are added when switched to (`applyLanguage`).
    partialBundledLanguages: true,
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
}

/** Switches the UI language and remembers it for the next visit. */
export async function applyLanguage(lang: Language) {
  if (!i18n.hasResourceBundle(lang, 'common')) {
    for (const [namespace, texts] of Object.entries(await textsOf(lang))) i18n.addResourceBundle(lang, namespace, texts);
  }
  document.documentElement.lang = lang;
  document.cookie = `${LANGUAGE_COOKIE}=${lang}; path=/; max-age=${60 * 60 * 24 * 365}; samesite=lax`;
  return i18n.changeLanguage(lang);
}

export default i18n;
