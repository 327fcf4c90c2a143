import type { QueryBuilder } from '../../db/tables.ts';
import { startJobWorker, type JobLog, type JobWorker } from '../../lib/jobs/worker.ts';
import type { StatSettings } from './statistics.engine.ts';
import { claimAndRun, queueDueRuns } from './statistics.service.ts';

/**
 * Takes statistics runs one at a time (`lib/jobs/worker.ts`), as the harvest's worker takes its
 * own: queues scheduled runs that are due, claims the oldest waiting run (or one whose instance
 * died), carries it out, and looks again.
 */
export function startStatisticsWorker(db: QueryBuilder, settings: StatSettings & { pollMs: number }, log: JobLog): JobWorker {
  return startJobWorker('statistics', settings.pollMs, log, async (signal) => {
    await queueDueRuns(db);
    const result = await claimAndRun(db, settings, undefined, { signal });
    return result && { runId: result.run.id, sourceId: result.run.source_id, state: result.outcome.state, ...result.outcome.progress };
  });
}
