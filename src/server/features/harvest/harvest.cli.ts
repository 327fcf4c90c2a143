import type { Kysely } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import { HARVEST_KINDS, type HarvestKind } from '../../../shared/catalog.ts';
import type { HarvestSettings } from './harvest.engine.ts';
import type { Progress } from './harvest.repository.ts';
import * as harvest from './harvest.service.ts';
import { isUuid } from '../../lib/refs.ts';
import { hasCredentials, withoutCredentials } from '../../lib/credentials.ts';

export const HARVEST_HELP = `  talsinki harvest run ckan|estonia|dcat <url>       harvest one source once, with a progress bar
  talsinki harvest run <source-id>                   harvest a registered source now
  talsinki harvest sources                           list the registered sources and their last runs`;

export class HarvestUsageError extends Error {}

interface Output {
  isTTY: boolean;
  write(text: string): void;
}

/** `[#########...........]  45%  4,500 / 10,000` redrawn in place on a terminal, a line per tenth elsewhere. */
export function progressBar(out: Output) {
  let lastTenth = -1;
  return (progress: Progress) => {
    const ratio = progress.total ? Math.min(1, progress.done / progress.total) : 0;
    const width = 30;
    const filled = Math.round(ratio * width);
    const counted = progress.total ? `${progress.done.toLocaleString('en')} / ${progress.total.toLocaleString('en')}` : `${progress.done.toLocaleString('en')}`;
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}%  ${counted}  (${progress.failed} failed)`;
    if (out.isTTY) {
      out.write(`\r${line}`);
      return;
    }
    const tenth = Math.floor(ratio * 10);
    if (tenth !== lastTenth) {
      lastTenth = tenth;
      out.write(`${line}\n`);
    }
  };
}

/** Runs `talsinki harvest …`; the exit code is non-zero only when the source could not be read at all. */
export async function harvestCommand(db: QueryBuilder, settings: HarvestSettings, args: string[], out: Output = process.stderr, log: (line: string) => void = console.log): Promise<number> {
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
  const interrupted = new AbortController();
  const interrupt = () => interrupted.abort(new Error('interrupted'));
  process.once('SIGINT', interrupt);
  const result = await harvest.runHere(db, settings, source.id, progressBar(out), interrupted.signal).finally(() => process.off('SIGINT', interrupt));
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
