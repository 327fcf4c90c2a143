import type { Config } from '../../config.ts';
import type { QueryBuilder } from '../../db/tables.ts';
import type { InstitutionCountry } from '../../../shared/register.ts';
import type { HarvestCounts } from '../../../shared/schemas/catalog.ts';
import type { HarvestProblem } from '../../../shared/problems.ts';
import { ClaimLost, sourceStamps, withdrawUnseen, writeHarvested } from '../catalog/catalog.service.ts';
import { institutionForPublisher } from '../institutions/institutions.service.ts';
import { createHttpClient } from '../../lib/http.ts';
import { hostOf } from '../../lib/names.ts';
import { reasonOf } from '../../lib/fetchFault.ts';
import { executeJob, type JobContext, type JobOutcome, type JobWork } from '../../lib/jobs/engine.ts';
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

export type RunOutcome = JobOutcome<keyof HarvestCounts>;

/** Records written at once: each in its own transaction, a few in flight to hide round trips. */
const WRITERS = 4;

function countryOf(kind: repo.SourceRow['kind'], url: string): InstitutionCountry {
  if (kind === 'estonia') return 'EE';
  const host = hostOf(url) ?? '';
  return host.endsWith('.fi') ? 'FI' : host.endsWith('.ee') ? 'EE' : host.endsWith('.eu') || host.endsWith('europa.eu') ? 'EU' : 'other';
}

/**
 * Harvests one source once, as a job (`lib/jobs/engine.ts`: the lease, progress saved twice a
 * second, the cancelled, lost and stopping paths): reads it with its adapter, validates each
 * record, writes each changed dataset in its own transaction, names every bad record in the run's
 * errors, and after a complete listing withdraws what the source no longer has. `onProgress` lets
 * the command line draw its bar.
 */
export function executeRun(
  db: QueryBuilder,
  run: repo.RunRow,
  source: repo.SourceRow,
  settings: HarvestSettings,
  onProgress: (progress: repo.Progress) => void = () => {},
  signal: AbortSignal = new AbortController().signal,
): Promise<RunOutcome> {
  return executeJob(db, repo.runs, run, harvestWork(db, source, settings), { onProgress, signal });
}

type Context = JobContext<keyof HarvestCounts, HarvestProblem>;

/** The harvest's part of a run: read the source, write what changed; then withdraw what it no longer lists. */
function harvestWork(db: QueryBuilder, source: repo.SourceRow, settings: HarvestSettings): JobWork<keyof HarvestCounts, HarvestProblem> {
  const seen = new Set<string>();
  const publishers = new Map<string, Promise<string>>();
  const country = countryOf(source.kind, source.url);
  const inFlight = new Set<Promise<void>>();
  let received = 0;
  let complete = false;
  let problem: HarvestProblem | null = null;
  let unreadable = false;
  let known: ReadonlyMap<string, string | null> = new Map();

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

  const write = async (context: Context, record: HarvestedDataset) => {
    const id = record.sourceIdentifier;
    const { sourceIdentifier, sourceModified, publisher: _publisher, name, ...fields } = record;
    // Each write checks the claim in its own transaction, so none lands after another worker took the run.
    const attempt = async () =>
      writeHarvested(db, { sourceId: source.id, sourceIdentifier, sourceModified: sourceModified ?? null, name, publisherId: await publisherOf(record), fields, demo: source.demo, holds: context.holds });
    try {
      // Two writers may pick the same free short name at once (a duplicate key); the loser tries again.
      const outcome = await attempt().catch((error: { code?: string }) => (error.code === '23505' ? attempt() : Promise.reject(error)));
      context.progress[outcome] += 1;
    } catch (error) {
      if (error instanceof ClaimLost) return context.loseClaim();
      context.progress.failed += 1;
      context.recordError(id, { code: 'record-not-stored', params: { reason: reasonOf(error) } });
    }
  };

  const handle = async (context: Context, item: SourceItem) => {
    const { progress } = context;
    received += 1;
    if (item.type === 'error') {
      // A page that could not be read is not a failed record: it is named in the errors, and the
      // listing is then incomplete, so nothing is withdrawn. A record is, with or without an
      // identifier: read (seen), handled (done) and failed, so that the run's figures add up
      // everywhere they are shown: seen = done = created + updated + unchanged + failed.
      const repeated = item.sourceIdentifier !== null && seen.has(item.sourceIdentifier);
      if (item.sourceIdentifier) seen.add(item.sourceIdentifier);
      if (item.record && !repeated) {
        progress.seen += 1;
        progress.failed += 1;
        progress.done += 1;
      }
      context.recordError(item.sourceIdentifier, item.problem);
      return;
    }
    const id = item.type === 'unchanged' ? item.sourceIdentifier : item.record.sourceIdentifier;
    // A record failing now still exists at its source: it must not be withdrawn below.
    const repeated = seen.has(id);
    seen.add(id);
    if (repeated) return;
    progress.seen += 1;
    progress.done += 1;
    if (item.type === 'unchanged') {
      progress.unchanged += 1;
      return;
    }
    const problems = checkHarvested(item.record);
    if (problems.length) {
      progress.failed += 1;
      context.recordError(id, { code: 'record-invalid', params: { problems: problems.join('; ') } });
      return;
    }
    const task = write(context, item.record).finally(() => inFlight.delete(task));
    inFlight.add(task);
    if (inFlight.size >= WRITERS) await Promise.race(inFlight);
  };

  return {
    async perform(context) {
      try {
        known = await sourceStamps(db, source.id);
        const http = createHttpClient({ timeoutMs: settings.timeoutMs, retries: settings.retries, backoffMs: settings.backoffMs, allowedNetworks: settings.allowedNetworks, signal: context.signal });
        const reader = READERS[source.kind]({ url: source.url, http, known, announce: (n) => (context.progress.total = n), signal: context.signal });
        for (;;) {
          const step = await reader.next();
          if (step.done) {
            complete = step.value.complete;
            break;
          }
          await handle(context, step.value);
          await context.save();
        }
      } catch (error) {
        // A claim lost (cancelled, or taken over) stops the reader: that is no error of the source's.
        if (!context.lost) {
          unreadable = error instanceof SourceUnreadable;
          problem = error instanceof SourceUnreadable ? error.problem : { code: 'harvest-stopped', params: { reason: reasonOf(error) } };
          context.recordError(null, problem);
        }
      }
      await Promise.all(inFlight);
    },

    async conclude(context) {
      if (complete && !problem && received === 0 && known.size > 0) {
        // An empty answer from a source that had datasets is far likelier a bad day than an emptied portal.
        problem = { code: 'listing-empty', params: { count: known.size } };
        context.recordError(null, problem);
      } else if (complete && !problem) {
        context.progress.withdrawn = (await withdrawUnseen(db, source.id, [...seen])).length;
      } else if (!problem) {
        problem = { code: 'listing-incomplete', params: {} };
      }
      const state = unreadable || (problem && received === 0) ? 'failed' : context.errorCount > 0 || problem ? 'partial' : 'succeeded';
      return { state, message: problem };
    },
  };
}
