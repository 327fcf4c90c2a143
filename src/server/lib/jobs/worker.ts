import { loggableError } from '../credentials.ts';

export interface JobLog {
  info(o: object, m: string): void;
  error(o: object, m: string): void;
}

export interface JobWorker {
  /** Look for work now (a run was just queued) instead of at the next poll. */
  wake(): void;
  /** Stops taking runs; a run in progress is aborted and another instance takes it over. */
  stop(): Promise<void>;
}

/**
 * Takes runs one at a time: `turn` queues the scheduled runs that are due, claims the oldest
 * waiting run (or one whose instance died) and carries it out, answering what to log of it, or
 * null when there was none; then the worker looks again at once, or after `pollMs` when there was
 * nothing to do. Every instance may run one per kind of job; `for update skip locked` gives each
 * run to exactly one of them. `name` says whose worker it is in the log ("harvest").
 */
export function startJobWorker(name: string, pollMs: number, log: JobLog, turn: (signal: AbortSignal) => Promise<object | null>): JobWorker {
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
      const timer = setTimeout(done, pollMs);
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
        const finished = await turn(abort.signal);
        if (finished) {
          log.info(finished, `${name} run finished`);
          continue;
        }
      } catch (error) {
        if (!stopped) log.error({ err: loggableError(error) }, `${name} worker failed; trying again at the next poll`);
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
