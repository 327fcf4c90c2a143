import { useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface ConfirmButtonProps {
  /** The button's own text: the action, as on any button. */
  children: ReactNode;
  /** The question the dialog asks, as its heading ("Cancel this dialogue?"). */
  question: string;
  /** What will happen, in plain words: who is told, what cannot be undone. */
  consequence: ReactNode;
  /** The confirming button's text, naming the action ("Cancel the dialogue"), never "OK" or "Yes". */
  confirmLabel: string;
  /** The text of the button that backs out (by default "Go back"). */
  cancelLabel?: string;
  /** Runs on confirmation; without it the confirming button submits the form the button is in. */
  onConfirm?: () => void;
  /** Ask nothing (this time): the button acts at once, e.g. when the chosen change is harmless. */
  skip?: boolean;
  className?: string;
  disabled?: boolean;
  'aria-label'?: string;
}

/**
 * A button for what cannot be undone: it asks first in a native modal `<dialog>` (opened with
 * `showModal`, so the rest of the page is inert), with focus on the button that backs out;
 * Escape or that button closes it and focus returns to this button. Placed in a form and given
 * no `onConfirm`, the confirming button submits that form (its fields, `useSubmit` and all).
 */
export function ConfirmButton({ children, question, consequence, confirmLabel, cancelLabel, onConfirm, skip, className = 'button button--danger', disabled, 'aria-label': ariaLabel }: ConfirmButtonProps) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const back = useRef<HTMLButtonElement>(null);
  const id = useId();

  if (skip) {
    return onConfirm ? (
      <button type="button" className={className} disabled={disabled} aria-label={ariaLabel} onClick={onConfirm}>
        {children}
      </button>
    ) : (
      <button type="submit" className={className} disabled={disabled} aria-label={ariaLabel}>
        {children}
      </button>
    );
  }

  function open() {
    dialog.current?.showModal();
    back.current?.focus();
  }
  function close() {
    dialog.current?.close();
  }
  return (
    <>
      <button ref={opener} type="button" className={className} disabled={disabled} aria-label={ariaLabel} aria-haspopup="dialog" onClick={open}>
        {children}
      </button>
      {/* Escape closes a modal dialog natively (its cancel event); focus goes back to the opener either way. */}
      <dialog ref={dialog} className="confirm-dialog" aria-labelledby={`${id}-q`} aria-describedby={`${id}-c`} onClose={() => opener.current?.focus()}>
        <h2 id={`${id}-q`} className="confirm-dialog__question">
          {question}
        </h2>
        <div id={`${id}-c`}>{typeof consequence === 'string' ? <p>{consequence}</p> : consequence}</div>
        <div className="button-row">
          {onConfirm ? (
            <button
              type="button"
              className="button button--danger"
              onClick={() => {
                close();
                onConfirm();
              }}
            >
              {confirmLabel}
            </button>
          ) : (
            <button type="submit" className="button button--danger" onClick={close}>
              {confirmLabel}
            </button>
          )}
          <button ref={back} type="button" className="button button--secondary" onClick={close}>
            {cancelLabel ?? t('common:confirm.back')}
          </button>
        </div>
      </dialog>
    </>
  );
}
