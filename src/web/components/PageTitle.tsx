import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContentLanguage } from '../../shared/languages.ts';
import { pickLocalized, type LocalizedTextValue } from '../../shared/localized.ts';
import { FallbackNote } from './LocalizedText.tsx';

/**
 * The page's single h1, which also sets the document title. After in-app navigation the layout
 * moves focus to it, so screen-reader users hear where they landed. `lang`: the title's own
 * language when it is not the interface's (a plan's name given only in Finnish); `note`: what
 * follows the title in the heading but not in the document's title.
 */
export function PageTitle({ children, lang, note }: { children: string; lang?: string; note?: ReactNode }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} – ${t('common:site.name')}`;
  }, [children, t]);
  return (
    <h1 ref={ref} tabIndex={-1} id="page-title" lang={lang}>
      {withWholeReferences(children)}
      {note}
    </h1>
  );
}

/**
 * The title of a piece of content (a bottleneck's, a plan's) in the reader's language, else in
 * the fallback order: then the heading carries its language and, as every fallback text does, its
 * language's name (`LocalizedText`). `otherwise`: the title when none is written (a reference);
 * `explained`: the page says the language in a sentence of its own, so the heading only carries it.
 */
export function ContentTitle({ value, otherwise, explained = false }: { value: LocalizedTextValue | null | undefined; otherwise: string; explained?: boolean }) {
  const { i18n } = useTranslation();
  const picked = pickLocalized(value, i18n.language as ContentLanguage);
  if (!picked) return <PageTitle>{otherwise}</PageTitle>;
  return (
    <PageTitle lang={picked.lang} note={picked.isFallback && !explained && <FallbackNote lang={picked.lang} />}>
      {picked.text}
    </PageTitle>
  );
}

/** BN-2026-0042, DL-…, RC-…: a reference in a title breaks at its hyphens on a phone unless kept whole. */
const REFERENCE = /\b[A-Z]{2}-\d{4}-\d{1,7}\b/g;

function withWholeReferences(text: string) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const match of text.matchAll(REFERENCE)) {
    parts.push(text.slice(at, match.index), <span className="nowrap" key={match.index}>{match[0]}</span>);
    at = match.index + match[0].length;
  }
  parts.push(text.slice(at));
  return parts;
}
