import { useTranslation } from 'react-i18next';
import type { SearchVia } from '../../shared/schemas/search.ts';

/**
 * Says that a result was found through the glossary, from a word of one language to a term of
 * another (a Finnish `lautta` finding an English report about a ferry), so a reader who sees no
 * word of theirs in it knows why it is there.
 */
export function FoundThrough({ via }: { via: readonly SearchVia[] | undefined }) {
  const { t } = useTranslation();
  if (!via?.length) return null;
  const language = (lang: string | null) => (lang ? t(`common:languages.${lang}`) : null);
  return (
    <p className="found-through">
      {t('common:search.foundThrough')}{' '}
      {via.map((step, index) => (
        <span key={`${step.word}-${step.term}`}>
          {index > 0 && '; '}
          <span lang={step.lang ?? undefined}>{step.word}</span>
          {step.lang && ` (${language(step.lang)})`} = <span lang={step.termLang}>{step.term}</span> ({language(step.termLang)})
        </span>
      ))}
    </p>
  );
}
