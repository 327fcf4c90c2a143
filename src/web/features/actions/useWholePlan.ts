import { useEffect, useState } from 'react';
import { api, type GetAnswer } from '../../app/api.ts';

type Summary = GetAnswer<'/api/actions'>['items'][number];
const PAGE = 100;

/** The whole plan, page after page (the API gives at most 100 at a time); loaded only while `wanted`. */
export function useWholePlan(wanted: boolean) {
  const [items, setItems] = useState<Summary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!wanted) return;
    let current = true;
    (async () => {
      const all: Summary[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const page = await api.get('/api/actions', { query: { limit: PAGE, offset } });
        all.push(...page.items);
        if (all.length >= page.total || page.items.length === 0) return all;
      }
    })().then(
      (all) => current && setItems(all),
      (caught) => current && setError(caught),
    );
    return () => {
      current = false;
    };
  }, [wanted]);
  return { items, error };
}

