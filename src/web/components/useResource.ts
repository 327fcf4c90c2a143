import { useCallback, useEffect, useRef, useState } from 'react';
import { apiUrl, request, type ApiPath, type GetAnswer, type Init, type Operation } from '../app/api.ts';

/** `init` of a GET, or null while there is nothing to load yet (an id still unknown). */
type ResourceArgs<P extends ApiPath<'get'>> = object extends Init<Operation<P, 'get'>> ? [init?: Init<Operation<P, 'get'>> | null] : [init: Init<Operation<P, 'get'>> | null];

/**
 * Loads `GET path` with its path parameters and query (again whenever the address they make
 * changes; not at all while `init` is null); `reload` fetches it anew after a change. Typed
 * from the route: `useResource('/api/datasets/{id}', { path: { id } })`.
 * Only the newest load may set the state: answers can arrive out of order (a slow first
 * listing after a quick filtered one), and an older answer must not overwrite a newer one.
 */
export function useResource<P extends ApiPath<'get'>>(path: P, ...[init]: ResourceArgs<P>) {
  type T = GetAnswer<P>;
  const url = init === null ? null : apiUrl(path, init as Parameters<typeof apiUrl>[1]);
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
      const answer = (await request('get', url)) as T;
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
