import type { StatSourceKind } from '../../../../shared/statistics.ts';
import { readEurostat } from './eurostat.ts';
import { readJsonStatSource } from './jsonstat.ts';
import { readPxSource } from './px.ts';
import { readPxweb } from './pxweb.ts';
import { readPxweb2 } from './pxweb2.ts';
import type { ReaderContext, ReadItem, StatReader, StatSource } from './types.ts';

/**
 * The statistics readers behind one contract (research §10.2): a source in, its tables out, each
 * whole (`{type: 'table', cube, requests, notes}`) or as the error that stopped it
 * (`{type: 'error', problem, identifier}`). A reader never yields half a table and never throws
 * for what a source does wrong; it throws only when the run is cancelled (`context.signal`).
 *
 * The import job writes each table as a vintage in its own transaction, counts `requests` into
 * the run, stores the errors (and, as it chooses, the notes), and reports `onProgress`.
 */
export const READERS: Readonly<Record<StatSourceKind, StatReader>> = {
  pxweb: readPxweb,
  pxweb2: readPxweb2,
  eurostat: readEurostat,
  jsonstat: readJsonStatSource,
  px: readPxSource,
};

export function readSource(source: StatSource, context: ReaderContext): AsyncGenerator<ReadItem, void, void> {
  return READERS[source.kind](source, context);
}

export { DATA_MAX_BYTES } from './types.ts';
export type { ErrorItem, ReaderContext, ReadItem, StatReader, StatSource, TableItem } from './types.ts';
