import { Type, type Static } from 'typebox';
import { DatasetCreate } from '../../../shared/schemas/catalog.ts';
import { LocalizedText } from '../../../shared/localized.ts';
import { Nullable } from '../../../shared/schemas/nullable.ts';
import type { HarvestProblem } from '../../../shared/problems.ts';
import type { HttpClient } from '../../lib/http.ts';
import { englishOf } from './faults.ts';

/**
 * What every source adapter turns a portal's record into: the catalogue's own dataset fields,
 * plus who published it at the source and where it came from. The engine validates each record
 * against this schema before writing it, so an adapter passes through what it cannot map rather
 * than guessing, and a bad record is named in the run's errors instead of half-written.
 */
export const HarvestedPublisher = Type.Object(
  {
    /** The publisher's identifier at the source (CKAN organisation name, registry code, IRI). */
    key: Type.String({ minLength: 1, maxLength: 300 }),
    name: LocalizedText(300),
    homepage: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
);
export type HarvestedPublisher = Static<typeof HarvestedPublisher>;

const { publisherId: _publisherId, ...harvestedFields } = DatasetCreate.properties;

export const HarvestedDataset = Type.Object(
  {
    ...harvestedFields,
    /** The record's identifier at the source: CKAN id, Estonian portal id, dataset IRI. */
    sourceIdentifier: Type.String({ minLength: 1, maxLength: 500 }),
    /** The source's own "last changed" stamp, used to skip unchanged records cheaply. */
    sourceModified: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    publisher: Type.Optional(Type.Union([HarvestedPublisher, Type.Null()])),
    /** The source's licence address or name when it is not in the EU list (license OTHER). */
    licenseUrl: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
);
export type HarvestedDataset = Static<typeof HarvestedDataset>;

/** One thing a source yields while it is read. */
export type SourceItem =
  /** A record to validate and write (the engine checks it against `HarvestedDataset`). */
  | { type: 'record'; record: HarvestedDataset }
  /** A record the source says has not changed since it was stored (its stamp is `known`'s). */
  | { type: 'unchanged'; sourceIdentifier: string }
  /**
   * A record or page that could not be read or mapped; the rest of the source goes on. `record`
   * says it was a record, which a record without an identifier cannot show by its identifier.
   * `problem` is its registered code and parameters (the run page words them; `englishOf` in English).
   */
  | { type: 'error'; sourceIdentifier: string | null; problem: HarvestProblem; record: boolean };

export interface SourceContext {
  url: string;
  http: HttpClient;
  /** sourceIdentifier → the `sourceModified` stamp stored at the last harvest. */
  known: ReadonlyMap<string, string | null>;
  /** The adapter says how many records the source announced, as soon as it knows. */
  announce(total: number): void;
  signal: AbortSignal;
}

/**
 * Reads a whole source. Returns whether every page of the listing was read: only then may the
 * engine withdraw the datasets it did not see (a listing cut short by an error proves nothing).
 * Throws `SourceUnreadable` when not even the first page could be read.
 */
export type SourceReader = (context: SourceContext) => AsyncGenerator<SourceItem, { complete: boolean }, void>;

export class SourceUnreadable extends Error {
  override name = 'SourceUnreadable';
  constructor(
    /** `source-unreadable`: the listing's address and why its first page failed. */
    readonly problem: HarvestProblem & { code: 'source-unreadable' },
    options?: ErrorOptions,
  ) {
    super(englishOf(problem), options);
  }
}
