import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, type To } from 'react-router';

/** What an action did, as a translation key and its values (translated when shown, so a language change follows). */
export interface NoticeText {
  key: string;
  values?: Record<string, string | number>;
}

/** A notice being shown; `id` grows with each, so the same text shown twice is focused again. */
export interface Notice extends NoticeText {
  id: number;
}

let lastId = 0;

/** The notice a navigation carries in the router's location state, if it carries a well-formed one. */
export function noticeInState(state: unknown): NoticeText | null {
  if (!state || typeof state !== 'object' || !('notice' in state)) return null;
  const notice = (state as { notice: unknown }).notice;
  if (!notice || typeof notice !== 'object' || typeof (notice as NoticeText).key !== 'string') return null;
  const { key, values } = notice as NoticeText;
  return values && typeof values === 'object' ? { key, values } : { key };
}

/**
 * A page's feedback after an action: `show(key)` for what happened here, `navigate(to, key)` for
 * an action that goes on to another page, which shows it there. The notice travels in the
 * router's location state and is taken out of the history entry at once, so reloading the page
 * or coming back to it does not say it again. Use one per page and render it with
 * `<StatusMessage notice={…} />`; a part repeated on a page (an answer form per item) passes
 * `fromNavigation: false`, so it says only what was done through it.
 */
export function useNotice({ fromNavigation = true }: { fromNavigation?: boolean } = {}) {
  const location = useLocation();
  const routerNavigate = useNavigate();
  const [notice, setNotice] = useState<Notice | null>(null);

  useEffect(() => {
    const incoming = fromNavigation ? noticeInState(location.state) : null;
    if (!incoming) return;
    setNotice({ ...incoming, id: ++lastId });
    void routerNavigate({ pathname: location.pathname, search: location.search, hash: location.hash }, { replace: true, state: null });
    // Once per history entry: the key changes with every navigation.
  }, [location.key]);

  const show = useCallback((key: string, values?: Record<string, string | number>) => setNotice({ key, values, id: ++lastId }), []);
  const clear = useCallback(() => setNotice(null), []);
  const navigate = useCallback(
    (to: To, key: string, values?: Record<string, string | number>, options: { replace?: boolean } = {}) => routerNavigate(to, { ...options, state: { notice: { key, values } } }),
    [routerNavigate],
  );
  return { notice, show, clear, navigate };
}

/**
 * What an action did, said once: a status region that takes focus when a new notice appears
 * (so a screen reader reads it at once and keyboard users continue from it), including on a
 * page reached by navigating after the action. Renders nothing without a notice.
 */
export function StatusMessage({ notice, tone = 'success' }: { notice: Notice | null; tone?: 'success' | 'info' }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (notice) ref.current?.focus();
  }, [notice?.id]);
  if (!notice) return null;
  return (
    <div className={tone === 'success' ? 'notice notice--success' : 'notice'} role="status" tabIndex={-1} ref={ref} data-notice={notice.key}>
      <p className="notice__title">{t(notice.key, notice.values)}</p>
    </div>
  );
}
