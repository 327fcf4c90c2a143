import { useEffect, useRef, useState, type ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import { DraftContext, type Draft } from './useDraft.ts';
import { useDates } from './useDates.ts';

/**
 * A form that keeps a draft: a `<form>` (give it the `formRef` given to `useDraft`) whose
 * components keep their parts in `draft` (a picker's chips, a day typed).
 */
export function DraftForm({ draft, ...props }: ComponentProps<'form'> & { draft: Draft }) {
  return (
    <DraftContext value={draft.scope}>
      <form {...props} />
    </DraftContext>
  );
}

/**
 * What a form that keeps a draft (`useDraft`) says about it, above the form: that a draft was put
 * back and when it was left, with a button to discard it; for an item being edited, that the
 * form shows the draft in place of the saved version, and, when the item has been saved since
 * the draft began, that saving would replace that newer version; and whether the browser keeps
 * what is typed at all. After a discard the focus goes to the line saying so.
 */
export function DraftStatus({
  draft,
  item,
  note,
  notKept,
}: {
  draft: Draft;
  /** The item edited, as the page names it (its reference); none for a new one. */
  item?: string;
  /** What the form says of the draft kept, in place of the common words (a form with files says they are not kept). */
  note?: string;
  /** What the form says when the browser keeps no draft, in place of the common words. */
  notKept?: string;
}) {
  const { t } = useTranslation();
  const dates = useDates();
  const [discarded, setDiscarded] = useState(false);
  const said = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (discarded) said.current?.focus();
  }, [discarded]);
  const restoredAt = draft.restoredAt;
  const date = restoredAt ? dates.dateTime(restoredAt.toISOString()) : '';
  return (
    <>
      {restoredAt && (
        <div className={item && draft.changedSince ? 'notice notice--warning' : 'notice'} role="status" id="draft-restored">
          <p>{item ? t(draft.changedSince ? 'common:draft.changedSince' : 'common:draft.restoredEdit', { item, date }) : t('common:draft.restored', { date })}</p>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              draft.discard();
              setDiscarded(true);
            }}
          >
            {t('common:draft.discard')}
          </button>
        </div>
      )}
      {discarded && !restoredAt && (
        <p role="status" tabIndex={-1} ref={said} id="draft-discarded">
          {item ? t('common:draft.discardedEdit', { item }) : t('common:draft.discarded')}
        </p>
      )}
      <p className="muted">{draft.kept ? (note ?? t('common:draft.note')) : (notKept ?? t('common:draft.notKept'))}</p>
    </>
  );
}
