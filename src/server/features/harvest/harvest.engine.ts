import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import type { InstitutionCountry } from '../../../shared/register.ts';
import type { HarvestCounts } from '../../../shared/schemas/catalog.ts';
import type { HarvestProblem } from '../../../shared/problems.ts';
import { ClaimLost, sourceStamps, withdrawUnseen, writeHarvested } from '../catalog/catalog.service.ts';
import { institutionForPublisher } from '../institutions/institutions.service.ts';
import { createHttpClient } from '../../lib/http.ts';
import { hostOf } from '../../lib/names.ts';
import { reasonOf } from '../../lib/fetchFault.ts';
import { SourceUnreadable, type HarvestedDataset, type SourceItem } from './harvest.types.ts';
import * as repo from './harvest.repository.ts';
import { READERS } from './sources/index.ts';
import { checkHarvested } from './sources/validate.ts';


export interface HarvestSettings {
  timeoutMs: number;
  retries: number;
  backoffMs: number;
  /** Private or local networks a source may be in (`TALSINKI_HARVEST_ALLOW_NETWORKS`). */
  allowedNetworks: readonly string[];
}

/** The harvest settings of a configuration, for the worker and the command line alike. */
export function harvestSettings(config: Config): HarvestSettings {
  return { timeoutMs: config.harvestTimeoutMs, retries: config.harvestRetries, backoffMs: config.harvestBackoffMs, allowedNetworks: config.harvestAllowedNetworks };
}

export interface RunOutcome {
  state: 'succeeded' | 'partial' | 'failed' | 'cancelled';
  progress: repo.Progress;
  errorCount: number;
  /** Why the run failed or ended partly, in English: the command line prints it. */
  message: string | null;
}

/** How a run cancelled by an administrator says so. */
export const CANCELLED = { code: 'run-cancelled', params: {} } as const satisfies HarvestProblem;

/** Errors kept per run: enough to act on, bounded for a source that is broken throughout. */
const MAX_STORED_ERRORS = 2000;
/** Records written at once: each in its own transaction, a few in flight to hide round trips. */
const WRITERS = 4;
const PROGRESS_EVERY_MS = 500;

function countryOf(kind: repo.SourceRow['kind'], url: string): InstitutionCountry {
  if (kind === 'estonia') return 'EE';
  const host = hostOf(url) ?? '';
  return host.endsWith('.fi') ? 'FI' : host.endsWith('.ee') ? 'EE' : host.endsWith('.eu') || host.endsWith('europa.eu') ? 'EU' : 'other';
}

/**
 * Harvests one source once: reads it with its adapter, validates each record, writes each
 * changed dataset in its own transaction, names every bad record in the run's errors, and after a
 * complete listing withdraws what the source no longer has. Progress (and the lease) is saved
 * twice a second; `onProgress` lets the command line draw its bar.
 */
export async function executeRun(
  db: QueryBuilder,
  run: repo.RunRow,
  source: repo.SourceRow,
  settings: HarvestSettings,
  onProgress: (progress: repo.Progress) => void = () => {},
  signal: AbortSignal = new AbortController().signal,
): Promise<RunOutcome> {
  const counts: HarvestCounts = { seen: 0, created: 0, updated: 0, unchanged: 0, withdrawn: 0, failed: 0 };
  let total: number | null = null;
  const seen = new Set<string>();
  let errorCount = 0;
  let pendingErrors: repo.RunError[] = [];
  const publishers = new Map<string, Promise<string>>();
  const country = countryOf(source.kind, source.url);
  let done = 0;
  const progress = (): repo.Progress => ({ ...counts, done, total });
  let lastSaved = 0;

  const recordError = (identifier: string | null, problem: HarvestProblem) => {
    errorCount += 1;
    if (errorCount <= MAX_STORED_ERRORS) pendingErrors.push({ identifier, problem });
  };
  // The run is this worker's while its lease holds: every write names the claim (run and attempt),
  // and a write that finds the run claimed again by another worker stops this one.
  const claim = { runId: run.id, attempts: run.attempts };
  const own = new AbortController();
  const stop = () => own.abort(signal.reason);
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });
  let lost = false;
  const loseClaim = () => {
    lost = true;
    own.abort(new Error('another worker took this run over'));
  };
  const flush = async (force = false) => {
    const now = Date.now();
    if (lost || (!force && now - lastSaved < PROGRESS_EVERY_MS)) return;
    lastSaved = now;
    const errors = pendingErrors;
    pendingErrors = [];
    const snapshot = progress();
    if (!(await repo.saveProgress(db, claim, snapshot))) return loseClaim();
    await repo.addErrors(db, run.id, errors);
    onProgress(snapshot);
  };
  // The lease is renewed on a clock too: a slow page (retries, back-off) must not let it lapse.
  const heartbeat = setInterval(() => void flush(true).catch(() => {}), (repo.LEASE_SECONDS * 1000) / 3);

  const publisherOf = (record: HarvestedDataset): Promise<string | null> => {
    if (!record.publisher) return Promise.resolve(source.publisher_id);
    const key = record.publisher.key;
    if (!publishers.has(key)) {
      const found = institutionForPublisher(db, { key, name: record.publisher.name, homepage: record.publisher.homepage, country });
      // A failure is not remembered: the next record of this publisher tries again.
      found.catch(() => publishers.delete(key));
      publishers.set(key, found);
    }
    return publishers.get(key)!;
  };

  const write = async (record: HarvestedDataset) => {
    const id = record.sourceIdentifier;
    const { sourceIdentifier, sourceModified, publisher: _publisher, name, ...fields } = record;
    // Each write checks the claim in its own transaction, so none lands after another worker took the run.
    const holds = (trx: QueryBuilder) => repo.holdsClaim(trx, claim);
    const attempt = async () =>
      writeHarvested(db, { sourceId: source.id, sourceIdentifier, sourceModified: sourceModified ?? null, name, publisherId: await publisherOf(record), fields, demo: source.demo, holds });
    try {
      // Two writers may pick the same free short name at once (a duplicate key); the loser tries again.
      const outcome = await attempt().catch((error: { code?: string }) => (error.code === '23505' ? attempt() : Promise.reject(error)));
      counts[outcome] += 1;
    } catch (error) {
      if (error instanceof ClaimLost) return loseClaim();
      counts.failed += 1;
      recordError(id, { code: 'record-not-stored', params: { reason: reasonOf(error) } });
    }
  };

  const inFlight = new Set<Promise<void>>();
  let received = 0;
  const handle = async (item: SourceItem) => {
    received += 1;
    if (item.type === 'error') {
      // A page that could not be read is not a failed record: it is named in the errors, and the
      // listing is then incomplete, so nothing is withdrawn. A record is, with or without an
      // identifier: read (seen), handled (done) and failed, so that the run's figures add up
      // everywhere they are shown: seen = done = created + updated + unchanged + failed.
      const repeated = item.sourceIdentifier !== null && seen.has(item.sourceIdentifier);
      if (item.sourceIdentifier) seen.add(item.sourceIdentifier);
      if (item.record && !repeated) {
        counts.seen += 1;
        counts.failed += 1;
        done += 1;
      }
      recordError(item.sourceIdentifier, item.problem);
      return;
    }
    const id = item.type === 'unchanged' ? item.sourceIdentifier : item.record.sourceIdentifier;
    // A record failing now still exists at its source: it must not be withdrawn below.
    const repeated = seen.has(id);
    seen.add(id);
    if (repeated) return;
    counts.seen += 1;
    done += 1;
    if (item.type === 'unchanged') {
      counts.unchanged += 1;
      return;
    }
    const problems = checkHarvested(item.record);
    if (problems.length) {
      counts.failed += 1;
      recordError(id, { code: 'record-invalid', params: { problems: problems.join('; ') } });
      return;
    }
    const task = write(item.record).finally(() => inFlight.delete(task));
    inFlight.add(task);
    if (inFlight.size >= WRITERS) await Promise.race(inFlight);
  };

  let complete = false;
  let problem: HarvestProblem | null = null;
  let unreadable = false;
  let known: ReadonlyMap<string, string | null> = new Map();
  try {
    known = await sourceStamps(db, source.id);
    const http = createHttpClient({ timeoutMs: settings.timeoutMs, retries: settings.retries, backoffMs: settings.backoffMs, allowedNetworks: settings.allowedNetworks, signal: own.signal });
    const reader = READERS[source.kind]({ url: source.url, http, known, announce: (n) => (total = n), signal: own.signal });
    for (;;) {
      const step = await reader.next();
      if (step.done) {
        complete = step.value.complete;
        break;
      }
      await handle(step.value);
      await flush();
    }
  } catch (error) {
    // A claim lost (cancelled, or taken over) stops the reader: that is no error of the source's.
    if (!lost) {
      unreadable = error instanceof SourceUnreadable;
      problem = error instanceof SourceUnreadable ? error.problem : { code: 'harvest-stopped', params: { reason: reasonOf(error) } };
      recordError(null, problem);
    }
  } finally {
    clearInterval(heartbeat);
    signal.removeEventListener('abort', stop);
  }
  await Promise.all(inFlight);
  // Withdrawing is a write too: only while the run is still this worker's.
  if (!lost && !signal.aborted && !(await repo.holdsClaim(db, claim))) loseClaim();
  if (lost) {
    // Lost to an administrator's cancelling rather than to another worker: the run has ended as
    // cancelled, and it keeps what this worker did up to its last write.
    if (await repo.saveCancelledProgress(db, claim, progress(), errorCount)) {
      await repo.addErrors(db, run.id, pendingErrors);
      return { state: 'cancelled', progress: progress(), errorCount, message: repo.messageOf(CANCELLED) };
    }
    return { state: 'partial', progress: progress(), errorCount, message: 'Another worker took this run over.' };
  }
  if (signal.aborted) {
    // The server is stopping: the run goes back to the queue for this or another instance.
    await flush(true);
    await repo.requeueRun(db, claim);
    return { state: 'partial', progress: progress(), errorCount, message: 'Stopped with the server; queued again.' };
  }
  if (complete && !problem && received === 0 && known.size > 0) {
    // An empty answer from a source that had datasets is far likelier a bad day than an emptied portal.
    problem = { code: 'listing-empty', params: { count: known.size } };
    recordError(null, problem);
  } else if (complete && !problem) {
    counts.withdrawn = (await withdrawUnseen(db, source.id, [...seen])).length;
  } else if (!problem) {
    problem = { code: 'listing-incomplete', params: {} };
  }
  await flush(true);
  const state = unreadable || (problem && received === 0) ? 'failed' : errorCount > 0 || problem ? 'partial' : 'succeeded';
  await repo.finishRun(db, claim, state, progress(), errorCount, problem);
  return { state, progress: progress(), errorCount, message: repo.messageOf(problem) };
}
