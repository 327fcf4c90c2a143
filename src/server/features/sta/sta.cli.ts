import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { parse as parseCsv } from 'csv-parse';
import type { QueryBuilder } from '../../db/tables.ts';
import { progressBar, type ProgressOutput } from '../../lib/jobs/cli.ts';
import { COMPONENTS, planIngest, writeObservations, type ObservationRow } from './sta.ingest.ts';
import { ensureMonths, monthsOfRows } from './sta.partitions.ts';

export const STA_HELP = `  talsinki sta load <file.json|file.csv> --datastream ID
                                                     bulk-load Observations into a SensorThings Datastream, with a progress bar:
                                                     CSV with a header of components (phenomenonTime,result[,resultTime,…]), or
                                                     JSON: an array of Observations, or a data array ({"components": […], "dataArray": […]})`;

export class StaUsageError extends Error {}

/** Rows per transaction: each batch is written whole or, if the database refuses it, not at all. */
const BATCH = 10_000;
/** Row errors printed at the end; the rest are counted. */
const ERRORS_PRINTED = 50;

interface Batch {
  components: string[];
  rows: unknown[][];
  /** The file's line or element number of each row, for the errors. */
  numbers: number[];
}

/** A CSV cell as the JSON value it stands for: numbers, true/false and null as such, JSON objects and arrays parsed, anything else text. */
function csvValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
  // Decimal notation only: Number() would also read 0x10 and 0b1.
  const number = Number(trimmed);
  if (Number.isFinite(number) && [...trimmed].every((c) => '0123456789+-.eE'.includes(c))) return number;
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return text;
    }
  }
  return text;
}

function checkComponents(components: unknown): string[] {
  if (!Array.isArray(components) || components.some((c) => typeof c !== 'string' || !(COMPONENTS as readonly string[]).includes(c))) {
    throw new StaUsageError(`the columns (components) must be among ${COMPONENTS.join(', ')}`);
  }
  if (!components.includes('phenomenonTime') || !components.includes('result')) throw new StaUsageError('the columns (components) must include phenomenonTime and result');
  return components as string[];
}

/** The file's rows in batches, with how far into the file each batch reaches (bytes), for the bar. */
async function* readBatches(file: string): AsyncGenerator<Batch & { bytes: number }> {
  if (file.toLowerCase().endsWith('.csv')) {
    const input = fs.createReadStream(file);
    const parser = input.pipe(parseCsv({ bom: true, relax_column_count: true, skip_empty_lines: true }));
    let components: string[] | undefined;
    let batch: Batch | undefined;
    let line = 0;
    for await (const record of parser as AsyncIterable<string[]>) {
      line++;
      if (!components) {
        components = checkComponents(record.map((name) => name.trim()));
        continue;
      }
      batch ??= { components, rows: [], numbers: [] };
      batch.rows.push(record.map(csvValue));
      batch.numbers.push(line);
      if (batch.rows.length === BATCH) {
        yield { ...batch, bytes: input.bytesRead };
        batch = undefined;
      }
    }
    if (!components) throw new StaUsageError('the CSV file is empty: it needs a header of components and rows');
    if (batch) yield { ...batch, bytes: input.bytesRead };
    return;
  }
  let document: unknown;
  try {
    document = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new StaUsageError(`${file} is not JSON: ${(error as Error).message}`);
  }
  const size = fs.statSync(file).size;
  let components: string[];
  let rows: unknown[][];
  if (Array.isArray(document)) {
    // Observations as objects: their names are the components, in the order first met.
    const names = new Set<string>();
    for (const item of document) if (item && typeof item === 'object' && !Array.isArray(item)) for (const key of Object.keys(item)) names.add(key);
    components = checkComponents([...names]);
    rows = document.map((item) => components.map((name) => (item && typeof item === 'object' ? (item as Record<string, unknown>)[name] : undefined) ?? null));
  } else if (document && typeof document === 'object' && Array.isArray((document as { dataArray?: unknown }).dataArray)) {
    components = checkComponents((document as { components?: unknown }).components);
    rows = (document as { dataArray: unknown[][] }).dataArray;
  } else {
    throw new StaUsageError('the JSON file must be an array of Observations or a data array ({"components": […], "dataArray": […]})');
  }
  for (let start = 0; start < rows.length; start += BATCH) {
    const slice = rows.slice(start, start + BATCH);
    yield { components, rows: slice, numbers: slice.map((_, i) => start + i + 1), bytes: Math.round((size * Math.min(rows.length, start + BATCH)) / Math.max(rows.length, 1)) };
  }
}

/** Runs `talsinki sta …`; the exit code is non-zero when rows were refused and none written. */
export async function staCommand(db: QueryBuilder, args: string[], out: ProgressOutput = process.stderr, log: (line: string) => void = console.log): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'load') throw new StaUsageError('did you mean: talsinki sta load <file.json|file.csv> --datastream ID');
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { datastream: { type: 'string' } } });
  if (positionals.length !== 1) throw new StaUsageError('sta load needs one file');
  const streamId = Number(values.datastream);
  if (!Number.isSafeInteger(streamId) || streamId < 1) throw new StaUsageError('sta load needs --datastream ID, the number of the Datastream');
  const file = positionals[0];
  if (!fs.existsSync(file)) throw new StaUsageError(`no such file: ${file}`);
  const total = fs.statSync(file).size;
  const bar = progressBar<{ done: number; total: number; written: number; refused: number }>(out, (p) => `${p.written.toLocaleString('en')} written, ${p.refused.toLocaleString('en')} refused`);
  const writer = { staff: true, pilotId: null, hiddenStreams: [] };
  let written = 0;
  const errors: string[] = [];
  for await (const batch of readBatches(file)) {
    // A stream that does not exist stops the load (exit 1, with why): the command was right, its target is not there.
    const plan = await planIngest(db, writer, [{ Datastream: { '@iot.id': streamId }, components: batch.components, dataArray: batch.rows }]);
    const good = plan.rows.filter((row): row is ObservationRow => !('error' in row));
    plan.rows.forEach((row, i) => {
      if ('error' in row) errors.push(`row ${batch.numbers[i]}: ${row.error.replace(/^error: /, '')}`);
    });
    await ensureMonths(db, monthsOfRows(good));
    await db.transaction().execute((trx) => writeObservations(trx, good));
    written += good.length;
    bar({ done: batch.bytes, total, written, refused: errors.length });
  }
  if (out.isTTY) out.write('\n');
  for (const error of errors.slice(0, ERRORS_PRINTED)) log(`  ${error}`);
  if (errors.length > ERRORS_PRINTED) log(`  … and ${(errors.length - ERRORS_PRINTED).toLocaleString('en')} more`);
  log(`${written.toLocaleString('en')} observations written to Datastreams(${streamId}), ${errors.length.toLocaleString('en')} rows refused.`);
  return written === 0 && errors.length > 0 ? 1 : 0;
}
