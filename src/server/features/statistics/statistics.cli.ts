import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { QueryBuilder } from '../../db/tables.ts';
import { STAT_SOURCE_KINDS, type StatSourceKind } from '../../../shared/statistics.ts';
import { STAT_FILE_MAX_MEGABYTES } from '../../../shared/schemas/statistics.ts';
import { hasCredentials, withoutCredentials } from '../../lib/credentials.ts';
import { progressBar as jobProgressBar, untilInterrupted, type ProgressOutput } from '../../lib/jobs/cli.ts';
import { isUuid } from '../../lib/refs.ts';
import { cleanFilename } from '../attachments/files.ts';
import type { StatSettings, TableReport } from './statistics.engine.ts';
import { STAT_FILE_BYTES, STAT_FILES, statFileKind } from './statistics.files.ts';
import * as repo from './statistics.repository.ts';
import * as statistics from './statistics.service.ts';

export const STATS_HELP = `  talsinki stats import pxweb|pxweb2|jsonstat|px|eurostat <url-or-file> [--table ID] [--lang xx]
                                                     import statistics once, with a progress bar (px and jsonstat read a local file too)
  talsinki stats import <source-id>                  import a registered statistics source now
  talsinki stats sources                             list the statistics sources, their last runs and tables`;

export class StatsUsageError extends Error {}

/** Errors printed at the end of an import; the rest are counted, and the API lists them. */
const ERRORS_PRINTED = 50;

/** The job's bar (`lib/jobs/cli.ts`) with the tables stored and failed: `[####......]  45%  9 / 20  (8 tables, 1 failed)`. */
export function progressBar(out: ProgressOutput) {
  return jobProgressBar(out, (progress: repo.Progress) => `${progress.created + progress.updated + progress.unchanged} tables, ${progress.failed} failed`);
}

const formatted = (n: number) => n.toLocaleString('en');

function tableLine(table: TableReport): string {
  const outcome = table.outcome === 'updated' ? `updated, ${formatted(table.changedCells)} revised cells` : table.outcome;
  return `  ${table.externalId}: ${formatted(table.cells)} cells, ${outcome}`;
}

/** Runs `talsinki stats …`; the exit code is non-zero only when nothing could be read. */
export async function statsCommand(db: QueryBuilder, settings: StatSettings, args: string[], out: ProgressOutput = process.stderr, log: (line: string) => void = console.log): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'sources') {
    const { items } = await statistics.listSources(db, 100, 0);
    for (const source of items) {
      const last = source.lastRun ? `${source.lastRun.state} ${source.lastRun.finishedAt ?? source.lastRun.queuedAt}` : 'never run';
      const where = source.url ?? `file ${source.file?.filename ?? '(none)'}`;
      log(`${source.id}  ${source.kind.padEnd(8)} ${source.enabled ? 'on ' : 'off'} ${source.schedule.padEnd(6)} ${source.tables.length} tables  ${last}  ${source.name} <${where}>`);
    }
    return 0;
  }
  if (sub !== 'import') throw new StatsUsageError('did you mean: talsinki stats import pxweb|pxweb2|jsonstat|px|eurostat <url-or-file>');
  const source = await sourceFor(db, rest);
  log(`Importing ${source.name} <${source.url === null ? `file ${source.name}` : withoutCredentials(source.url)}> (${source.kind})`);
  const tables: TableReport[] = [];
  // Ctrl-C puts the run back in the queue rather than leaving it to look busy.
  const result = await untilInterrupted((signal) => statistics.runHere(db, settings, source.id, { onProgress: progressBar(out), onTable: (table) => tables.push(table), signal }));
  if (out.isTTY) out.write('\n');
  const { state, progress, errorCount, message } = result.outcome;
  for (const table of tables) log(tableLine(table));
  log(
    `${state}: ${progress.seen} tables read, ${progress.created} created, ${progress.updated} updated, ${progress.unchanged} unchanged, ${progress.failed} failed; ` +
      `${formatted(progress.cells)} cells, ${progress.requests} requests`,
  );
  if (message) log(message);
  if (errorCount) await printErrors(db, result.run.id, source.id, errorCount, log);
  return state === 'failed' ? 1 : 0;
}

/** What could not be read, each error by its code and in English (as stored: `statEnglish`). */
async function printErrors(db: QueryBuilder, runId: string, sourceId: string, errorCount: number, log: (line: string) => void) {
  log(`${errorCount} ${errorCount === 1 ? 'error' : 'errors'}:`);
  for (const error of await repo.runErrors(db, runId, ERRORS_PRINTED)) {
    log(`  [${error.code ?? 'error'}] ${error.identifier ? `${withoutCredentials(error.identifier)}: ` : ''}${withoutCredentials(error.message)}`);
  }
  if (errorCount > ERRORS_PRINTED) log(`  … GET /api/statistics/sources/${sourceId}/runs/${runId} lists them all`);
}

async function sourceFor(db: QueryBuilder, rest: string[]) {
  const { positionals, values } = parseArgs({ args: rest, allowPositionals: true, options: { table: { type: 'string' }, lang: { type: 'string' } } });
  if (positionals.length === 1 && isUuid(positionals[0])) return statistics.requireSource(db, positionals[0]);
  const [kind, where] = positionals;
  if (!(STAT_SOURCE_KINDS as readonly string[]).includes(kind) || !where || positionals.length > 2) {
    throw new StatsUsageError(`stats import takes a kind (${STAT_SOURCE_KINDS.join(', ')}) and a URL or file, or a source id`);
  }
  const language = values.lang ?? 'en';
  if (!/^[a-z]{2,3}$/.test(language)) throw new StatsUsageError(`--lang takes a language code of two or three lower-case letters (fi, et, en…), not "${language}"`);
  if (/^https?:\/\//.test(where)) {
    if (hasCredentials(where)) throw new StatsUsageError("give the URL without a user name or password: a source's address is shown to everyone");
    if (/\s/.test(where)) throw new StatsUsageError(`"${withoutCredentials(where)}" is not a URL`);
    return statistics.sourceForAddress(db, kind as StatSourceKind, where, values.table ?? '', language);
  }
  if (kind !== 'px' && kind !== 'jsonstat') throw new StatsUsageError(`a ${kind} source is read from an http(s) URL, not from a file`);
  return statistics.sourceForFile(db, kind, await readLocalFile(where, kind), language);
}

/** A local file to import: at most the uploads' size, of the kind asked for by its content. */
async function readLocalFile(path: string, kind: 'px' | 'jsonstat') {
  const size = await stat(path).then(
    (found) => (found.isFile() ? found.size : null),
    () => null,
  );
  if (size === null) throw new StatsUsageError(`"${path}" is neither a URL nor a file that can be read`);
  if (size > STAT_FILE_BYTES) throw new StatsUsageError(`"${path}" is larger than ${STAT_FILE_MAX_MEGABYTES} MB, the most one file may be`);
  const content = await readFile(path);
  const found = statFileKind(content);
  if (found !== kind) throw new StatsUsageError(`"${path}" is ${found === null ? 'neither a PC-Axis file nor a JSON-stat document' : `a ${found === 'px' ? 'PC-Axis file' : 'JSON-stat document'}, not ${kind}`}`);
  const type = STAT_FILES.sniff(content)!;
  return { filename: cleanFilename(basename(path), type.extension), mediaType: type.mediaType, content };
}
