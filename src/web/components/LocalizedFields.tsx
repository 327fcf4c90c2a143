import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { listOfWords, UI_LANGUAGES, type Language } from '../../shared/languages.ts';
import type { LocalizedTextValue } from '../../shared/localized.ts';

/** The languages a form takes text in: all five, Swedish and Russian folded away until wanted. */
export const FORM_LANGUAGES = UI_LANGUAGES;
export type FormLanguage = (typeof FORM_LANGUAGES)[number];
/** The twin region's working languages, always open; the others are in a fold, open when one has text. */
const OPEN_LANGUAGES: readonly FormLanguage[] = ['fi', 'et', 'en'];
const FOLDED_LANGUAGES = FORM_LANGUAGES.filter((lang) => !OPEN_LANGUAGES.includes(lang));
export type LocalizedDraft = Record<FormLanguage, string>;

interface Props {
  id: string;
  legend: string;
  error?: string;
  required?: boolean;
  maxLength: number;
  long?: boolean;
  /** Controlled: the text in each language and what to do with a change. */
  value?: LocalizedDraft;
  onChange?: (next: LocalizedDraft) => void;
  /** Uncontrolled, read with `formLocalized(form, name)`: the inputs are named `<name>.<lang>`. */
  name?: string;
  defaultValue?: LocalizedTextValue | null;
}

/** Localised text, one control per language under one legend (sv and ru in a fold); its error is announced with the group. */
export function LocalizedFields({ id, legend, error, required, maxLength, long, value, onChange, name, defaultValue }: Props) {
  const { t } = useTranslation();
  const field = (lang: FormLanguage) => {
    const control = {
      id: `${id}-${lang}`,
      maxLength,
      ...(value
        ? { value: value[lang], onChange: (event: { target: { value: string } }) => onChange?.({ ...value, [lang]: event.target.value }) }
        : { name: name ? `${name}.${lang}` : undefined, defaultValue: defaultValue?.[lang] ?? '' }),
    };
    return (
      <div className="field" key={lang}>
        <label htmlFor={control.id}>{t(`common:languages.${lang}`)}</label>
        {long ? <textarea rows={3} {...control} /> : <input {...control} />}
      </div>
    );
  };
  return (
    <fieldset id={id} tabIndex={-1} className={error ? 'field--invalid' : undefined} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>
        {legend}
        {required && <span aria-hidden="true"> *</span>}
      </legend>
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <ByLanguage render={field} written={(lang) => Boolean(value?.[lang] ?? defaultValue?.[lang])} />
    </fieldset>
  );
}

/**
 * A form's controls for each language: Finnish, Estonian and English in view, Swedish and Russian
 * in a fold that is open when either has text (`written`; a form for a new item has none). Closed,
 * its controls are still in the form and are sent with it.
 */
export function ByLanguage({ render, written = () => false }: { render: (lang: FormLanguage) => ReactNode; written?: (lang: FormLanguage) => boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      {OPEN_LANGUAGES.map(render)}
      <details className="more-languages" open={FOLDED_LANGUAGES.some(written)}>
        <summary>{t('common:form.moreLanguages', { languages: listOfWords(FOLDED_LANGUAGES.map((lang) => t(`common:languages.${lang}`)), i18n.language as Language) })}</summary>
        {FOLDED_LANGUAGES.map(render)}
      </details>
    </>
  );
}

/** The languages filled in an uncontrolled group, or null when none is. */
export function formLocalized(form: FormData, name: string): LocalizedTextValue | null {
  const value: LocalizedTextValue = {};
  for (const lang of FORM_LANGUAGES) {
    const text = form.get(`${name}.${lang}`);
    if (typeof text === 'string' && text.trim()) value[lang] = text.trim();
  }
  return Object.keys(value).length > 0 ? value : null;
}
