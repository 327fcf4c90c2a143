import type { QueryBuilder } from '../../db/tables.ts';
import { HARVEST_KINDS, type HarvestKind } from '../../../shared/catalog.ts';
import type { HarvestSettings } from './harvest.engine.ts';
import type { Progress } from './harvest.repository.ts';
import * as harvest from './harvest.service.ts';
import { isUuid } from '../../lib/refs.ts';
import { hasCredentials, withoutCredentials } from '../../lib/credentials.ts';
import { progressBar as jobProgressBar, untilInterrupted, type ProgressOutput } from '../../lib/jobs/cli.ts';

export const HARVEST_HELP = `  talsinki harvest run ckan|estonia|dcat <url>       harvest one source once, with a progress bar
  talsinki harvest run <source-id>                   harvest a registered source now
  talsinki harvest sources                           list the registered sources and their last runs`;

export class HarvestUsageError extends Error {}

/** The job's bar (`lib/jobs/cli.ts`) with the records that failed: `[####......]  45%  4,500 / 10,000  (3 failed)`. */
export function progressBar(out: ProgressOutput) {
  return jobProgressBar(out, (progress: Progress) => `${progress.failed} failed`);
}

/** Runs `talsinki harvest …`; the exit code is non-zero only when the source could not be read at all. */
export async function harvestCommand(db: QueryBuilder, settings: HarvestSettings, args: string[], out: ProgressOutput = process.stderr, log: (line: string) => void = console.log): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'sources') {
    const { items } = await harvest.listSources(db, 100, 0);
    for (const source of items) {
      const last = source.lastRun ? `${source.lastRun.state} ${source.lastRun.finishedAt ?? source.lastRun.queuedAt}` : 'never run';
      log(`${source.id}  ${source.kind.padEnd(7)} ${source.enabled ? 'on ' : 'off'} ${source.schedule.padEnd(6)} ${source.datasetCount} datasets  ${last}  ${source.name} <${source.url}>`);
    }
    return 0;
  }
  if (sub !== 'run') throw new HarvestUsageError('did you mean: talsinki harvest run ckan|estonia|dcat <url>');
  const source = await sourceFor(db, rest);
  log(`Harvesting ${source.name} <${withoutCredentials(source.url)}> (${source.kind})`);
  // Ctrl-C puts the run back in the queue rather than leaving it to look busy.
  const result = await untilInterrupted((signal) => harvest.runHere(db, settings, source.id, progressBar(out), signal));
  if (out.isTTY) out.write('\n');
  const { state, progress, errorCount, message } = result.outcome;
  log(`${state}: ${progress.seen} seen, ${progress.created} created, ${progress.updated} updated, ${progress.unchanged} unchanged, ${progress.withdrawn} withdrawn, ${progress.failed} failed`);
  if (message) log(message);
  if (errorCount) log(`${errorCount} errors: GET /api/harvest/sources/${source.id}/runs/${result.run.id} lists them`);
  return state === 'failed' ? 1 : 0;
}

async function sourceFor(db: QueryBuilder, rest: string[]) {
  if (rest.length === 1 && isUuid(rest[0])) return harvest.requireSource(db, rest[0]);
  const [kind, url] = rest;
  if (!(HARVEST_KINDS as readonly string[]).includes(kind) || !url) throw new HarvestUsageError(`harvest run takes a kind (${HARVEST_KINDS.join(', ')}) and a URL, or a source id`);
  if (!/^https?:\/\/[^\s]+$/.test(url)) throw new HarvestUsageError(`"${withoutCredentials(url)}" is not an http(s) URL`);
  if (hasCredentials(url)) throw new HarvestUsageError('give the URL without a user name or password: a source\'s address is shown to everyone');
  return harvest.sourceForCommand(db, kind as HarvestKind, url);
}
