import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The page's single h1, which also sets the document title. After in-app navigation the layout
 * moves focus to it, so screen-reader users hear where they landed. `lang`: the title's own
 * language when it is not the interface's (a plan's name given only in Finnish).
 */
export function PageTitle({ children, lang }: { children: string; lang?: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} – ${t('common:site.name')}`;
  }, [children, t]);
  return (
    <h1 ref={ref} tabIndex={-1} id="page-title" lang={lang}>
      {withWholeReferences(children)}
    </h1>
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
