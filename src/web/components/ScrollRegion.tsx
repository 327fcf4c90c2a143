import type { ReactNode } from 'react';

/**
 * A wide table that scrolls sideways on narrow screens. The region takes keyboard focus so it
 * can be scrolled without a mouse (WCAG 2.1.1), and is named for screen readers.
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
