import type { QueryBuilder } from '../../db/tables.ts';
import type { CodedProblem } from '../credentials.ts';
import { LEASE_SECONDS, type Claim, type FinishedState, type JobRuns, type Progress, type RunError } from './runs.ts';
import type { JobCountColumn, JobRunRow, JobRunsName } from './tables.ts';

/** Errors kept per run: enough to act on, bounded for a source that is broken throughout. */
export const MAX_STORED_ERRORS = 2000;
/** How often progress (and the errors found since) is saved while items come in. */
export const PROGRESS_EVERY_MS = 500;
/** Runs after this many starts are given up: each start that died took its worker with it. */
export const MAX_ATTEMPTS = 3;

/** How a run ended, for the worker's log and the command line. */
export interface JobOutcome<Count extends string> {
  state: FinishedState | 'cancelled';
  progress: Progress<Count>;
  errorCount: number;
  /** Why the run failed or ended partly, in English: the command line prints it. */
  message: string | null;
}

/** What the feature's work is given: the claim, a signal to stop on, the figures to count up, and the errors to name. */
export interface JobContext<Count extends string, Problem extends CodedProblem> {
  readonly claim: Claim;
  /** Aborts when the server stops, or when the claim is lost (cancelled, or taken over by another worker). */
  readonly signal: AbortSignal;
  /** The run's figures, counted up by the work; saved with its progress. */
  readonly progress: Progress<Count>;
  /** Names an error in the run's errors (the first `MAX_STORED_ERRORS` are stored; all are counted). */
  recordError(identifier: string | null, problem: Problem): void;
  readonly errorCount: number;
  /** Saves the progress and the errors named since, renewing the lease, at most every `PROGRESS_EVERY_MS` (or now, `force`). */
  save(force?: boolean): Promise<void>;
  /** Whether the claim is still this worker's, under a share lock: a write checks it first, in its own transaction. */
  holds(trx: QueryBuilder): Promise<boolean>;
  /** A write found the claim gone: the work stops (`signal` aborts), and the run ends as cancelled or taken over. */
  loseClaim(): void;
  readonly lost: boolean;
}

/** A feature's part of a run. */
export interface JobWork<Count extends string, Problem extends CodedProblem> {
  /**
   * Reads and writes what the run is for, saving progress as it goes (`context.save()` after each
   * item), and names what goes wrong in the run's errors; it stops when `context.signal` aborts.
   * It catches what its source throws: a throw here is a program error, and ends the run with it.
   */
  perform(context: JobContext<Count, Problem>): Promise<void>;
  /** Ends a run that was neither lost nor stopped: its last writes (a withdrawal), and its state and message. */
  conclude(context: JobContext<Count, Problem>): Promise<{ state: FinishedState; message: Problem | null }>;
}

export interface ExecuteOptions<Count extends string> {
  /** Called with each progress saved: the command line draws its bar. */
  onProgress?: (progress: Progress<Count>) => void;
  /** Aborts when the server (or the command line) stops: the run goes back to the queue. */
  signal?: AbortSignal;
}

/**
 * Carries out a claimed run: the feature's work under the lease. The lease is renewed with each
 * progress saved (twice a second while items come in) and on a clock of a third of the lease, so
 * a slow request (retries, back-off) does not let it lapse. Every write of the work names the
 * claim (run and attempt), and a write that finds the run claimed again, or cancelled, stops it.
 * A run lost to an administrator's cancelling keeps what it did; one lost to another worker
 * leaves the run to it; one stopped with the server goes back to the queue.
 */
export async function executeJob<R extends JobRunsName, Count extends JobCountColumn<R>, Problem extends CodedProblem>(
  db: QueryBuilder,
  runs: JobRuns<R, Count, Problem>,
  run: Pick<JobRunRow<R>, 'id' | 'attempts'>,
  work: JobWork<Count, Problem>,
  options: ExecuteOptions<Count> = {},
): Promise<JobOutcome<Count>> {
  const signal = options.signal ?? new AbortController().signal;
  const onProgress = options.onProgress ?? (() => {});
  const claim: Claim = { runId: run.id, attempts: run.attempts };
  const progress = runs.noProgress();
  const snapshot = (): Progress<Count> => ({ ...progress });
  let errorCount = 0;
  let pendingErrors: RunError<Problem>[] = [];
  let lastSaved = 0;
  let lost = false;

  const own = new AbortController();
  const stop = () => own.abort(signal.reason);
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });

  const context: JobContext<Count, Problem> = {
    claim,
    signal: own.signal,
    progress,
    recordError(identifier, problem) {
      errorCount += 1;
      if (errorCount <= MAX_STORED_ERRORS) pendingErrors.push({ identifier, problem });
    },
    get errorCount() {
      return errorCount;
    },
    async save(force = false) {
      const now = Date.now();
      if (lost || (!force && now - lastSaved < PROGRESS_EVERY_MS)) return;
      lastSaved = now;
      const errors = pendingErrors;
      pendingErrors = [];
      const saved = snapshot();
      if (!(await runs.saveProgress(db, claim, saved))) return context.loseClaim();
      await runs.addErrors(db, claim.runId, errors);
      onProgress(saved);
    },
    holds: (trx) => runs.holdsClaim(trx, claim),
    loseClaim() {
      lost = true;
      own.abort(new Error('another worker took this run over'));
    },
    get lost() {
      return lost;
    },
  };

  const heartbeat = setInterval(() => void context.save(true).catch(() => {}), (LEASE_SECONDS * 1000) / 3);
  try {
    await work.perform(context);
  } finally {
    clearInterval(heartbeat);
    signal.removeEventListener('abort', stop);
  }
  // The last writes are writes too: only while the run is still this worker's.
  if (!lost && !signal.aborted && !(await runs.holdsClaim(db, claim))) context.loseClaim();
  if (lost) {
    // Lost to an administrator's cancelling rather than to another worker: the run has ended as
    // cancelled, and it keeps what this worker did up to its last write.
    if (await runs.saveCancelledProgress(db, claim, snapshot(), errorCount)) {
      await runs.addErrors(db, claim.runId, pendingErrors);
      return { state: 'cancelled', progress: snapshot(), errorCount, message: runs.messageOf(runs.kind.cancelled) };
    }
    return { state: 'partial', progress: snapshot(), errorCount, message: 'Another worker took this run over.' };
  }
  if (signal.aborted) {
    // The server is stopping: the run goes back to the queue for this or another instance.
    await context.save(true);
    await runs.requeueRun(db, claim);
    return { state: 'partial', progress: snapshot(), errorCount, message: 'Stopped with the server; queued again.' };
  }
  const { state, message } = await work.conclude(context);
  await context.save(true);
  await runs.finishRun(db, claim, state, snapshot(), errorCount, message);
  return { state, progress: snapshot(), errorCount, message: runs.messageOf(message) };
}

/**
 * Claims a run (`runId`, or the oldest waiting) and carries it out with `execute`. A run whose
 * source is gone (`sourceOf` finds none) was deleted with it: null. A run started more than
 * `MAX_ATTEMPTS` times is given up (each start that died took its worker with it).
 */
export async function claimJob<R extends JobRunsName, Count extends JobCountColumn<R>, Problem extends CodedProblem, Source>(
  db: QueryBuilder,
  runs: JobRuns<R, Count, Problem>,
  runId: string | undefined,
  sourceOf: (run: JobRunRow<R>) => Promise<Source | undefined>,
  execute: (run: JobRunRow<R>, source: Source) => Promise<JobOutcome<Count>>,
): Promise<{ run: JobRunRow<R>; outcome: JobOutcome<Count> } | null> {
  const run = await runs.claimRun(db, runId);
  if (!run) return null;
  const source = await sourceOf(run);
  if (!source) return null;
  if (run.attempts > MAX_ATTEMPTS) {
    const progress = runs.noProgress();
    const given = runs.kind.givenUp(MAX_ATTEMPTS);
    await runs.finishRun(db, { runId: run.id, attempts: run.attempts }, 'failed', progress, 0, given);
    return { run, outcome: { state: 'failed', progress, errorCount: 0, message: runs.messageOf(given) } };
  }
  return { run, outcome: await execute(run, source) };
}
