import { useEffect, useState } from 'react';

/**
 * What `load` gives, loaded again whenever `key` changes (not at all while it is null); only the
 * newest load's answer is kept. For what a page assembles from several calls (a form's prefilled
 * choices), where `useResource` reads one route.
 */
export function useLoaded<T>(key: string | null, load: () => Promise<T>) {
  const [state, setState] = useState<{ key: string | null; data: T | null; error: unknown }>({ key: null, data: null, error: null });
  useEffect(() => {
    if (key === null) return;
    let current = true;
    load().then(
      (data) => current && setState({ key, data, error: null }),
      (error: unknown) => current && setState({ key, data: null, error }),
    );
    return () => {
      current = false;
    };
    // `load` is named by `key`: a new closure for the same key loads nothing new.
  }, [key]);
  const ready = key === null || state.key === key;
  return { data: state.key === key ? state.data : null, error: state.key === key ? state.error : null, ready };
}
