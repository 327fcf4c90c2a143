import { useEffect, useState } from 'react';
import { api, type GetAnswer } from '../../app/api.ts';

const PAGE = 100;

type Institution = GetAnswer<'/api/institutions'>['items'][number];

/**
 * Every institution of the directory, page after page (the API gives at most 100 at a time). A
 * harvest may add institutions while the pages are read, shifting them: each is kept once, and
 * reading goes on while pages come back full.
 */
async function allInstitutions(): Promise<Institution[]> {
  const page = (offset: number) => api.get('/api/institutions', { query: { limit: PAGE, offset } });
  const first = await page(0);
  const offsets = [];
  for (let offset = PAGE; offset < first.total; offset += PAGE) offsets.push(offset);
  const pages = [first, ...(await Promise.all(offsets.map(page)))];
  for (let offset = PAGE * pages.length; pages.at(-1)!.items.length === PAGE; offset += PAGE) pages.push(await page(offset));
  const byId = new Map(pages.flatMap((read) => read.items).map((institution) => [institution.id, institution]));
  return [...byId.values()];
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
