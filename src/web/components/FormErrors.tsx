import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../app/api.ts';
import { fieldTargets, fieldText, problemText } from './problemText.ts';

interface Target {
  id: string;
  label: string;
}

/** The visible name of a control: its <label>, a fieldset's <legend>, or what it is labelled by. */
function labelOf(element: HTMLElement): string {
  const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  if (element instanceof HTMLFieldSetElement) return text(element.querySelector('legend'));
  const labels = (element as HTMLInputElement).labels;
  if (labels?.length) return text(labels[0]);
  const byFor = document.querySelector(`label[for="${CSS.escape(element.id)}"]`);
  if (byFor) return text(byFor);
  const labelledBy = element.getAttribute('aria-labelledby');
  if (labelledBy) return labelledBy.split(/\s+/).map((id) => text(document.getElementById(id))).filter(Boolean).join(' ');
  return element.getAttribute('aria-label')?.trim() ?? '';
}

/** The nearest element on the page the field's error can link to, with its visible name. */
function findTarget(field: string, ids: Record<string, string>): Target | undefined {
  for (const id of fieldTargets(field, ids)) {
    const element = document.getElementById(id);
    if (!element) continue;
    const label = labelOf(element);
    if (label) return { id, label };
  }
  return undefined;
}

/** The fields whose control was found, in the order their controls stand in the page. */
function pageOrder(found: Record<string, Target | undefined>): string[] {
  const placed = Object.entries(found).flatMap(([field, target]) => {
    const element = target && document.getElementById(target.id);
    return element ? [{ field, element }] : [];
  });
  placed.sort((a, b) => (a.element === b.element ? 0 : a.element.compareDocumentPosition(b.element) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  return placed.map((p) => p.field);
}

/**
 * What went wrong with a submitted form, focused so it is read out at once, in the user's
 * language (`problemText.ts`). Each field error links to its control and names it by the label
 * the page shows (found in the page: `label[for]`, a fieldset's legend), never by the API's
 * name for it; `fieldIds` names the controls whose id is not `field-<name>`, `fieldLabels` may
 * name a field the page does not label. An error with no control on the page is listed unlinked.
 */
export function FormErrors({ error, fieldLabels = {}, fieldIds = {} }: { error: unknown; fieldLabels?: Record<string, string>; fieldIds?: Record<string, string> }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const [targets, setTargets] = useState<{ error: unknown; found: Record<string, Target | undefined>; order: string[] }>({ error: undefined, found: {}, order: [] });
  const unordered = error instanceof ApiError ? Object.entries(error.fieldErrors()) : [];
  useLayoutEffect(() => {
    if (!(error instanceof ApiError)) return;
    const found: Record<string, Target | undefined> = {};
    for (const field of Object.keys(error.fieldErrors())) found[field] = findTarget(field, fieldIds);
    setTargets({ error, found, order: pageOrder(found) });
    // The page's controls are there when the error is; looked up again for each new error.
  }, [error]);
  useEffect(() => {
    if (error) ref.current?.focus();
  }, [error]);
  if (!error) return null;
  const found = targets.error === error ? targets.found : {};
  // In the order the fields stand on the page (as a reader goes through the form), not the server's.
  const order = targets.error === error ? targets.order : [];
  const rank = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
  const fields = [...unordered].sort(([a], [b]) => rank(a) - rank(b));
  return (
    <div className="notice notice--error" role="alert" tabIndex={-1} ref={ref}>
      <p className="notice__title">{problemText(error, t)}</p>
      {fields.length > 0 && (
        <ul>
          {fields.map(([field, fieldError]) => {
            const target = found[field];
            const label = fieldLabels[field] ?? target?.label;
            return (
              <li key={field}>
                {target ? <a href={`#${target.id}`}>{label}</a> : label}
                {label ? ': ' : ''}
                {label ? fieldText(fieldError, t) : t('problems:unnamedField', { error: fieldText(fieldError, t) })}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
