import { useEffect, useState } from 'react';
import { api, type GetAnswer } from '../../app/api.ts';
import { readAllPages } from './institutionPages.ts';

const PAGE = 100;

type Institution = GetAnswer<'/api/institutions'>['items'][number];

/** Every institution of the directory, page after page (the API gives at most 100 at a time). */
function allInstitutions(): Promise<Institution[]> {
  return readAllPages((offset) => api.get('/api/institutions', { query: { limit: PAGE, offset } }), PAGE);
}

/**
 * The institutions a picker offers: all of them, as harvests add their sources' publishers to the
 * directory and a first page of 100 would hide the rest. Loaded only while `wanted`.
 */
export function useInstitutionChoices(wanted = true) {
  const [data, setData] = useState<{ items: Institution[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!wanted) return;
    let current = true;
    allInstitutions().then(
      (items) => {
        if (!current) return;
        setData({ items });
        setError(null);
      },
      (caught) => current && setError(caught),
    );
    return () => {
      current = false;
    };
  }, [wanted]);
  return { data, error };
}
