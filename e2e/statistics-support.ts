import { vi } from 'vitest';
import type { StatFileAccepted, StatRun } from '../src/shared/schemas/statistics.ts';
import { pxFile, sampleCube } from '../src/server/features/statistics/test/pxFiles.ts';
import { DEMO_ACCOUNTS } from './support.ts';

/**
 * A PC-Axis file of the statistics tests' sample table (made-up figures, test data), with a
 * keyword the reader skips: its import succeeds and names one thing it read past.
 */
export function samplePxFile(): Buffer {
  const text = Buffer.from(pxFile(sampleCube())).toString('utf8');
  return Buffer.from(text.replace('DATA=', 'X-TALSINKI-NOTE="test";\r\nDATA='));
}

/** Waits for an import to end, reading the run again until its state says so (the server announces nothing). */
export async function finishedImport(base: string, sourceId: string, runId: string, timeout = 60_000): Promise<StatRun> {
  return vi.waitFor(
    async () => {
      const run = (await (await fetch(`${base}/api/statistics/sources/${sourceId}/runs/${runId}`)).json()) as StatRun;
      if (run.state === 'queued' || run.state === 'running') throw new Error(`import ${runId} still ${run.state}`);
      return run;
    },
    { timeout, interval: 250 },
  );
}

/** A statistics source made by uploading the sample file as the demo administrator, imported to the end. */
export async function importedFile(base: string, name: string): Promise<{ sourceId: string; runId: string }> {
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEMO_ACCOUNTS.admin) });
  if (!login.ok) throw new Error(`log-in: ${login.status} ${await login.text()}`);
  const cookie = login.headers.getSetCookie().map((header) => header.split(';')[0]).join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const form = new FormData();
  form.set('name', name);
  form.set('language', 'fi');
  form.set('file', new Blob([new Uint8Array(samplePxFile())]), 'population.px');
  const uploaded = await fetch(`${base}/api/statistics/files`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken }, body: form });
  if (uploaded.status !== 202) throw new Error(`upload: ${uploaded.status} ${await uploaded.text()}`);
  const { source, run } = (await uploaded.json()) as StatFileAccepted;
  await finishedImport(base, source.id, run.id);
  return { sourceId: source.id, runId: run.id };
}
