import { useTranslation } from 'react-i18next';
import type { LocalizedTextValue } from '../../shared/localized.ts';

export const FORM_LANGUAGES = ['fi', 'et', 'en'] as const;
export type FormLanguage = (typeof FORM_LANGUAGES)[number];
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

/** Localised text in fi, et and en, one control each under one legend; its error is announced with the group. */
export function LocalizedFields({ id, legend, error, required, maxLength, long, value, onChange, name, defaultValue }: Props) {
  const { t } = useTranslation();
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
      {FORM_LANGUAGES.map((lang) => {
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
      })}
    </fieldset>
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
