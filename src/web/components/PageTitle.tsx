import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The page's single h1, which also sets the document title. After in-app navigation the layout
 * moves focus to it, so screen-reader users hear where they landed.
 */
export function PageTitle({ children }: { children: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} – ${t('common:site.name')}`;
  }, [children, t]);
  return (
    <h1 ref={ref} tabIndex={-1} id="page-title">
      {children}
    </h1>
  );
}
