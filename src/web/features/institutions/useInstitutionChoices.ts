import { useEffect, useState } from 'react';
import { api, type GetAnswer } from '../../app/api.ts';
import { readAllPages } from './institutionPages.ts';

const PAGE = 100;

type Institution = GetAnswer<'/api/institutions'>['items'][number];

/** Every institution of the directory, page after page by keyset (the API gives at most 100 at a time). */
function allInstitutions(): Promise<Institution[]> {
  return readAllPages((after) => api.get('/api/institutions', { query: { limit: PAGE, ...(after ? { after } : {}) } }));
}

/**
 * The whole directory, for the few places that still show it in a select (the register's
 * assignments, a harvest source's publisher, list filters); forms choose an institution with the
 * searchable picker instead (`components/Picker.tsx`). All of them, as harvests add their sources' publishers to the
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
