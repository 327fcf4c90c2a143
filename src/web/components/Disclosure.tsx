import { useState, type ReactNode } from 'react';

/**
 * A details element whose content is rendered only while it is open: a form inside it (an
 * answer's edit) is not on the page, its text not found twice, until the person opens it.
 */
export function Disclosure({ summary, children }: { summary: ReactNode; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <details open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{summary}</summary>
      {open && children}
    </details>
  );
}
