import { useTranslation } from 'react-i18next';
import type { ContentLanguage } from '../../../shared/languages.ts';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import { useDate } from './labels.tsx';

/** What a bottleneck's answer and a recommendation's response have in common. */
export interface AnswerShown {
  body: LocalizedTextValue;
  language: ContentLanguage;
  createdAt: string;
  editedAt: string | null;
  revisions: { body: LocalizedTextValue; language: ContentLanguage; writtenAt: string; replacedAt: string }[];
  /** Who wrote it: only on the institution's own desk. */
  author?: string | null;
}

const textOf = (body: LocalizedTextValue, language: ContentLanguage) => body[language] ?? Object.values(body)[0] ?? '';

/**
 * An answer in the language it was written in (with `lang`), its date and language, "edited" with
 * the date when it was, and the versions it replaced in a details element, oldest first.
 */
export function AnswerView({ answer }: { answer: AnswerShown }) {
  const { t } = useTranslation();
  const date = useDate();
  const language = t(`common:languages.${answer.language}`);
  return (
    <>
      <p lang={answer.language} className="answer__text">
        {textOf(answer.body, answer.language)}
      </p>
      <p className="muted answer__meta">
        {t('bottlenecks:answer.meta', { date: date(answer.createdAt), language })}
        {answer.editedAt && <> {t('bottlenecks:answer.edited', { date: date(answer.editedAt) })}</>}
        {answer.author && <> {t('bottlenecks:answer.by', { name: answer.author })}</>}
      </p>
      {answer.revisions.length > 0 && (
        <details className="answer__history">
          <summary>{t('bottlenecks:answer.history', { count: answer.revisions.length })}</summary>
          <ol>
            {answer.revisions.map((revision) => (
              <li key={revision.replacedAt + revision.writtenAt}>
                <p className="muted">{t('bottlenecks:answer.version', { written: date(revision.writtenAt), replaced: date(revision.replacedAt), language: t(`common:languages.${revision.language}`) })}</p>
                <p lang={revision.language}>{textOf(revision.body, revision.language)}</p>
              </li>
            ))}
          </ol>
        </details>
      )}
    </>
  );
}
