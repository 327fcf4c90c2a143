import { useEffect } from 'react';
import { useLocation } from 'react-router';

/**
 * A link from another page names an item of this one (`#LS-0001`, `#body-…`, `#node-…`) that
 * exists only once the page's data has come: then it is scrolled to and given focus. `prefix`
 * keeps other anchors (a source list's) to the browser.
 */
export function useFocusHash(prefix: string, loaded: unknown) {
  const { hash } = useLocation();
  useEffect(() => {
    if (!loaded || !hash.startsWith(`#${prefix}`)) return;
    const target = document.getElementById(decodeURIComponent(hash.slice(1)));
    target?.scrollIntoView();
    target?.focus({ preventScroll: true });
  }, [loaded, hash, prefix]);
}
