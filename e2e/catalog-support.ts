import { vi } from 'vitest';
import type { DatasetCreate, DatasetList, HarvestRun, HarvestSource } from '../src/shared/schemas/catalog.ts';
import { startCkanPortal } from '../src/server/features/harvest/test/portals.ts';
import { apiSession, DEMO_ACCOUNTS } from './support.ts';

/** A dataset written by hand, with a file of a known size and an API, so its page shows every part. */
export function handMadeDataset(title: string, overrides: Partial<DatasetCreate> = {}): DatasetCreate {
  return {
    title: { en: title, fi: `${title} (fi)` },
    description: { en: `${title}: every stop of the line, with its name in both languages.` },
    themes: ['TRAN'],
    keywords: { en: ['tram', 'stops'], fi: ['raitiovaunu'] },
    spatial: ['fi-091', 'ee-0784'],
    temporalStart: '2024-01-01',
    temporalEnd: '2025-12-31',
    license: 'CC_BY_4_0',
    accessRights: 'PUBLIC',
    frequency: 'MONTHLY',
    landingPage: 'https://example.org/stops',
    contactPoint: { name: 'Open data desk', email: 'data@example.org' },
    distributions: [
      { title: { en: 'Stops as CSV' }, accessUrl: 'https://example.org/stops', downloadUrl: 'https://example.org/stops.csv', format: 'CSV', mediaType: 'text/csv', byteSize: 1_500_000, license: 'CC_BY_4_0' },
      { accessUrl: 'https://example.org/api/stops', format: 'JSON', accessService: { title: { en: 'Stops API' }, endpointUrl: 'https://example.org/api/stops' } },
    ],
    ...overrides,
  };
}

/** Creates a dataset as the demo editor; answers its short name. */
export async function createDataset(base: string, body: DatasetCreate): Promise<string> {
  const call = await apiSession(base, DEMO_ACCOUNTS.editor);
  return (await call<{ name: string }>('POST', '/api/datasets', body)).name;
}

/** A dataset of the demo whose page shows files, or one made for the test when the demo has none. */
export async function someDataset(base: string): Promise<string> {
  const list = (await (await fetch(`${base}/api/datasets?format=CSV&limit=1`)).json()) as DatasetList;
  return list.items[0]?.name ?? createDataset(base, handMadeDataset('Tram stops of the twin region'));
}

/**
 * Waits for a run to end. The server announces nothing when a run ends (no stream, no callback):
 * the run is read again until its state says so, a poll on the condition bounded by the timeout.
 */
export async function finishedRun(base: string, sourceId: string, runId: string, timeout = 60_000): Promise<HarvestRun> {
  return vi.waitFor(
    async () => {
      const run = (await (await fetch(`${base}/api/harvest/sources/${sourceId}/runs/${runId}`)).json()) as HarvestRun;
      if (run.state === 'queued' || run.state === 'running') throw new Error(`run ${runId} still ${run.state}`);
      return run;
    },
    { timeout, interval: 250 },
  );
}

/**
 * A harvest source on a local fake CKAN portal, harvested once to the end (two of its records
 * have no title, so the run has errors to show); the portal is closed afterwards.
 */
export async function harvestedSource(base: string, name: string): Promise<{ source: HarvestSource; run: HarvestRun }> {
  const portal = await startCkanPortal({ count: 12, untitled: [3, 7] });
  try {
    const call = await apiSession(base, DEMO_ACCOUNTS.admin);
    const source = await call<HarvestSource>('POST', '/api/harvest/sources', { name, kind: 'ckan', url: portal.url, schedule: 'manual', enabled: true });
    const queued = await call<{ id: string }>('POST', `/api/harvest/sources/${source.id}/runs`);
    return { source, run: await finishedRun(base, source.id, queued.id) };
  } finally {
    await portal.close();
  }
}
