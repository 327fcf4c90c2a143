import { useMemo } from 'react';
import { useResource } from '../../../components/useResource.ts';
import { planRows } from './planRows.ts';

/**
 * The whole plan for the tree of `/actions` in one request (the roadmap's answer, cached by the
 * server and revalidated by its ETag) instead of page after page of 100; loaded only while `wanted`.
 */
export function useRoadmapPlan(wanted: boolean) {
  const { data, error } = useResource('/api/roadmap', wanted ? {} : null);
  const items = useMemo(() => (data ? planRows(data) : null), [data]);
  return { items, error };
}
