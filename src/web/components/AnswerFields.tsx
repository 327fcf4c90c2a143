import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONTENT_LANGUAGES, type ContentLanguage } from '../../shared/languages.ts';
import { guessLanguage } from './languageGuess.ts';
import { RequiredMark } from './Required.tsx';

interface AnswerFieldsProps {
  idPrefix: string;
  /** The text area's label (an answer, a response). */
  label: string;
  /** An answer being edited: its text and the language it was stored in. */
  initial?: { text: string; language: ContentLanguage };
}

/**
 * The text of a public answer and its language (fields `body` and `language`), both required
 * (the form puts a `RequiredNote` above them). The language
 * follows what is typed (`guessLanguage`), falling back to the interface language, until the
 * person chooses one; an edited answer keeps its stored language only where that was chosen
 * against the guess.
 */
export function AnswerFields({ idPrefix, label, initial }: AnswerFieldsProps) {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState(initial?.text ?? '');
  const [chosen, setChosen] = useState<ContentLanguage | null>(initial && guessLanguage(initial.text) !== initial.language ? initial.language : null);
  const guessed = guessLanguage(text);
  const language: ContentLanguage = chosen ?? guessed ?? ((CONTENT_LANGUAGES as readonly string[]).includes(i18n.language) ? (i18n.language as ContentLanguage) : 'en');
  const hintId = `${idPrefix}-language-hint`;
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-body`}>
          {label}
          <RequiredMark />
        </label>
        <textarea id={`${idPrefix}-body`} name="body" rows={5} aria-required="true" minLength={2} maxLength={10000} value={text} onChange={(event) => setText(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-language`}>
          {t('common:answerLanguage.label')}
          <RequiredMark />
        </label>
        <p className="field__hint" id={hintId}>
          {chosen === null && guessed ? t('common:answerLanguage.guessed', { language: t(`common:languages.${guessed}`) }) : t('common:answerLanguage.hint')}
        </p>
        <select id={`${idPrefix}-language`} name="language" aria-required="true" aria-describedby={hintId} value={language} onChange={(event) => setChosen(event.target.value as ContentLanguage)}>
          {CONTENT_LANGUAGES.map((lang) => (
            <option key={lang} value={lang}>
              {t(`common:languages.${lang}`)}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
