import type { QueryBuilder } from '../../db/tables.ts';
import { startJobWorker, type JobLog, type JobWorker } from '../../lib/jobs/worker.ts';
import type { HarvestSettings } from './harvest.engine.ts';
import { claimAndRun, queueDueRuns } from './harvest.service.ts';

export type HarvestWorker = JobWorker;

/**
 * Takes harvest runs one at a time (`lib/jobs/worker.ts`): queues scheduled runs that are due,
 * claims the oldest waiting run (or one whose instance died), carries it out, and looks again.
 */
export function startHarvestWorker(db: QueryBuilder, settings: HarvestSettings & { pollMs: number }, log: JobLog): HarvestWorker {
  return startJobWorker('harvest', settings.pollMs, log, async (signal) => {
    await queueDueRuns(db);
    const result = await claimAndRun(db, settings, undefined, undefined, signal);
    return result && { runId: result.run.id, sourceId: result.run.source_id, state: result.outcome.state, ...result.outcome.progress };
  });
}
