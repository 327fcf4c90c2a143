import type { Kysely } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import type { HarvestSettings } from './harvest.engine.ts';
import { claimAndRun, queueDueRuns } from './harvest.service.ts';
import { loggableError } from '../../lib/credentials.ts';

interface Log {
  info(o: object, m: string): void;
  error(o: object, m: string): void;
}

export interface HarvestWorker {
  /** Look for work now (a run was just queued) instead of at the next poll. */
  wake(): void;
  /** Stops taking runs; a run in progress is aborted and another instance takes it over. */
  stop(): Promise<void>;
}

/**
 * Takes harvest runs one at a time: queues scheduled runs that are due, claims the oldest
 * waiting run (or one whose instance died), carries it out, and looks again. Every instance may
 * run one; `for update skip locked` gives each run to exactly one of them.
 */
export function startHarvestWorker(db: QueryBuilder, settings: HarvestSettings & { pollMs: number }, log: Log): HarvestWorker {
  const abort = new AbortController();
  let stopped = false;
  let wakeUp: (() => void) | null = null;
  let nudged = false;

  const sleep = () =>
    new Promise<void>((resolve) => {
      if (nudged) {
        nudged = false;
        return resolve();
      }
      const timer = setTimeout(done, settings.pollMs);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });

  const loop = (async () => {
    while (!stopped) {
      try {
        await queueDueRuns(db);
        const result = await claimAndRun(db, settings, undefined, undefined, abort.signal);
        if (result) {
          log.info({ runId: result.run.id, sourceId: result.run.source_id, state: result.outcome.state, ...result.outcome.progress }, 'harvest run finished');
          continue;
        }
      } catch (error) {
        if (!stopped) log.error({ err: loggableError(error) }, 'harvest worker failed; trying again at the next poll');
      }
      if (!stopped) await sleep();
    }
  })();

  return {
    wake() {
      if (wakeUp) wakeUp();
      else nudged = true;
    },
    async stop() {
      stopped = true;
      abort.abort();
      wakeUp?.();
      await loop;
    },
  };
}
