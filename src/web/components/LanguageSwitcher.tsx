import { useTranslation } from 'react-i18next';
import { UI_LANGUAGES, type Language } from '../../shared/languages.ts';
import { api } from '../app/api.ts';
import { applyLanguage } from '../app/i18n.ts';
import { useSession } from '../app/session.tsx';

/** Each language named in itself, so a person who cannot read the current one still finds theirs. */
const ENDONYMS: Record<Language, string> = { fi: 'Suomeksi', et: 'Eesti keeles', en: 'In English', sv: 'På svenska', ru: 'По-русски' };

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const { user, refresh } = useSession();

  async function choose(lang: Language) {
    await applyLanguage(lang);
    if (user && user.locale !== lang) {
      await api.patch('/api/me', { body: { locale: lang } }).catch(() => undefined);
      await refresh();
    }
  }

  return (
    <nav className="language-switcher" aria-label={t('common:nav.language')}>
      <ul>
        {UI_LANGUAGES.map((lang) => (
          <li key={lang}>
            <button type="button" lang={lang} aria-current={i18n.language === lang ? 'true' : undefined} onClick={() => void choose(lang)}>
              {ENDONYMS[lang]}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
