import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** Wide screens show a list's filters; narrow ones fold them away until asked for. */
export const WIDE_SCREEN = '(min-width: 50em)';

/**
 * A list's filter form behind a "Filters (n active)" button with `aria-expanded`: open on wide
 * screens, folded on phones, where the results come first. The content stays in the page while
 * folded (hidden), so the form keeps what was typed.
 */
export function FilterFold({ active, children }: { active: number; children: ReactNode }) {
  const { t } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState(() => typeof window === 'undefined' || window.matchMedia(WIDE_SCREEN).matches);
  return (
    <div className="filter-fold">
      <button type="button" className="filter-fold__toggle" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        {active > 0 ? t('common:filters.active', { count: active }) : t('common:filters.label')}
      </button>
      <div id={id} hidden={!open}>
        {children}
      </div>
    </div>
  );
}
