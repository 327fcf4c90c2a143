import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../app/api.ts';

/**
 * Loads `url` (again whenever it changes); `reload` fetches it anew after a change.
 * Only the newest load may set the state: answers can arrive out of order (a slow first
 * listing after a quick filtered one), and an older answer must not overwrite a newer one.
 */
export function useResource<T>(url: string | null) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(Boolean(url));
  const newestLoad = useRef(0);

  const reload = useCallback(async () => {
    if (!url) return;
    const load = ++newestLoad.current;
    const isNewest = () => load === newestLoad.current;
    setLoading(true);
    try {
      const answer = await api<T>(url);
      if (!isNewest()) return;
      setData(answer);
      setError(null);
    } catch (caught) {
      if (isNewest()) setError(caught);
    } finally {
      if (isNewest()) setLoading(false);
    }
  }, [url]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { data, error, loading, reload, setData };
}
