import type { ReactNode } from 'react';
import { StatusMessage, useNotice } from './StatusMessage.tsx';

/**
 * The editors' part of a page (a region's, a plan's): a titled section whose forms report what
 * they did with `done(key)`, said once in the section's status line, and the page reloads.
 */
export function EditorSection({ id, title, onSaved, children }: { id: string; title: string; onSaved: () => void; children: (done: (key: string) => void) => ReactNode }) {
  const notice = useNotice({ fromNavigation: false });
  const done = (key: string) => {
    notice.show(key);
    onSaved();
  };
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <StatusMessage notice={notice.notice} />
      {children(done)}
    </section>
  );
}
