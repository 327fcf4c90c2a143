import { useEffect, useState } from 'react';
import type { Institution } from '../../../shared/schemas/institutions.ts';
import { api } from '../../app/api.ts';

const PAGE = 100;

interface InstitutionPage {
  items: Institution[];
  total: number;
}

/** Every institution of the directory, page after page (the API gives at most 100 at a time). */
async function allInstitutions(): Promise<Institution[]> {
  const first = await api<InstitutionPage>(`/api/institutions?limit=${PAGE}`);
  const offsets = [];
  for (let offset = PAGE; offset < first.total; offset += PAGE) offsets.push(offset);
  const rest = await Promise.all(offsets.map((offset) => api<InstitutionPage>(`/api/institutions?limit=${PAGE}&offset=${offset}`)));
  return [first, ...rest].flatMap((page) => page.items);
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
      (items) => current && setData({ items }),
      (caught) => current && setError(caught),
    );
    return () => {
      current = false;
    };
  }, [wanted]);
  return { data, error };
}
