import { json, startPortal, type BadDay, type Portal } from '../../../test/fakeServer.ts';
import type { Cube } from '../cube.ts';
import { jsonStat2 } from './servers.ts';

/**
 * A loopback site serving JSON-stat documents at paths the test chooses (`/population.json`), as
 * an office's open-data site serves a table's document; the shared fake server (`BadDay`) lets it
 * fail, stall, cut a body short or hold an answer.
 */
export interface DocumentOptions extends BadDay {
  documents: Record<string, unknown>;
}

export function startDocumentServer(documents: Record<string, unknown>): Promise<Portal<DocumentOptions>> {
  return startPortal<DocumentOptions>({
    options: { documents },
    errorBody: (status) => json(status, { error: `status ${status}` }),
    answer: (url, options) => (Object.hasOwn(options.documents, url.pathname) ? json(200, options.documents[url.pathname]) : json(404, { error: 'no such document' })),
    entry: (origin) => origin,
  });
}

/** A cube as a JSON-stat 2.0 dataset in English. */
export const documentOf = (cube: Cube) => jsonStat2(cube, { lang: 'en' });
