import { Type, type Static } from 'typebox';
import { STAT_SOURCE_KINDS } from '../statistics.ts';
import { WebUrl } from './catalog.ts';
import { JobCounts, jobRunSchemas, JobScheduleSchema } from './jobs.ts';
import { Page, PageQuery } from './lists.ts';
import { Nullable } from './nullable.ts';

/**
 * Statistics sources and their import runs (issue 18): where an office's tables are read from
 * (a PxWeb v1 or 2.0 table, a Eurostat dataset, a JSON-stat document or a PC-Axis file), and the
 * runs that read them, as jobs like the harvest's.
 */

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
/** Text by language code as a statistics office gives it (it may have languages the UI does not). */
const SourceText = Type.Record(Type.String({ maxLength: 8 }), Type.String());

export const StatSourceKindSchema = Type.Enum([...STAT_SOURCE_KINDS], { type: 'string' });

/** A language as the sources name theirs (`fi`, `et`, `en`, `sv`…). */
export const StatLanguage = Type.String({ pattern: '^[a-z]{2,3}$', description: 'The language to read the table in (ISO 639-1, lower case)' });

/** Values of one dimension a query takes: these codes, all (`*`), or the newest `top` ones. */
const Selection = Type.Union([
  Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 10_000 }),
  Type.Literal('*'),
  Type.Object({ top: Type.Integer({ minimum: 1, maximum: 10_000 }) }, { additionalProperties: false }),
]);

/** The selection as the source takes it: dimension code → values (every value of a dimension not named). */
export const StatQuery = Type.Record(Type.String({ minLength: 1, maxLength: 100 }), Selection, {
  maxProperties: 50,
  description: 'Dimension code → the value codes to read, "*" for all, or {"top": n} for the newest n',
});

/** Tables read, their cells and the requests made (`withdrawn` is a harvest's: a table a source no longer gives keeps its vintages). */
export const StatCounts = JobCounts(['seen', 'created', 'updated', 'unchanged', 'failed', 'cells', 'requests']);
export type StatCounts = Static<typeof StatCounts>;

const statRuns = jobRunSchemas(StatCounts);
export const StatRunSummary = statRuns.Summary;
export type StatRunSummary = Static<typeof StatRunSummary>;
export const StatRun = statRuns.Run;
export type StatRun = Static<typeof StatRun>;
export const StatRunList = Page(StatRunSummary);

/** A table a source gave, as it stands: its current vintage's time and cells, and how many vintages (revisions) it has. */
export const StatTableSummary = Type.Object({
  id: Uuid,
  externalId: Type.String({ description: 'The table\'s id at its source (a PxWeb table id, a Eurostat dataset code, a file\'s name)' }),
  title: SourceText,
  languages: Type.Array(Type.String()),
  retrievedAt: Nullable(DateTime),
  cells: Nullable(Type.Integer({ minimum: 0 })),
  vintages: Type.Integer({ minimum: 0 }),
});
export type StatTableSummary = Static<typeof StatTableSummary>;

/** An uploaded file a source reads. */
export const StatSourceFile = Type.Object({ id: Uuid, filename: Type.String(), mediaType: Type.String(), size: Type.Integer({ minimum: 0 }), uploadedAt: DateTime });

const sourceFields = {
  name: Type.String({ minLength: 2, maxLength: 200, pattern: '\\S' }),
  kind: StatSourceKindSchema,
  url: WebUrl,
  tableRef: Type.Optional(Type.String({ maxLength: 300, description: 'The table at the source: a PxWeb table path or id, a Eurostat dataset code; empty for a whole document' })),
  query: Type.Optional(StatQuery),
  language: Type.Optional(StatLanguage),
  schedule: JobScheduleSchema,
  enabled: Type.Boolean(),
  /** The institution that publishes the source's figures. */
  publisherId: Type.Optional(Nullable(Uuid)),
};
export const StatSourceCreate = Type.Object(sourceFields, { additionalProperties: false });
export type StatSourceCreate = Static<typeof StatSourceCreate>;
export const StatSourcePatch = Type.Object(Type.Partial(StatSourceCreate).properties, { additionalProperties: false, minProperties: 1 });
export type StatSourcePatch = Static<typeof StatSourcePatch>;

export const StatSource = Type.Object({
  id: Uuid,
  name: Type.String(),
  kind: StatSourceKindSchema,
  url: Nullable(Type.String({ description: 'Null for an uploaded file (see file)' })),
  tableRef: Type.String(),
  query: Type.Record(Type.String(), Type.Unknown()),
  language: Type.String(),
  schedule: JobScheduleSchema,
  enabled: Type.Boolean(),
  publisherId: Nullable(Type.String()),
  nextRunAt: Nullable(DateTime),
  file: Type.Union([StatSourceFile, Type.Null()]),
  lastRun: Type.Union([StatRunSummary, Type.Null()]),
  tables: Type.Array(StatTableSummary),
  demo: Type.Boolean(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type StatSource = Static<typeof StatSource>;
export const StatSourceList = Page(StatSource);

/** The largest file `POST /api/statistics/files` takes. */
export const STAT_FILE_MAX_MEGABYTES = 64;

/** What an upload made: a file source, and its first run, queued (poll it for progress). */
export const StatFileAccepted = Type.Object({ source: StatSource, run: StatRunSummary });
export type StatFileAccepted = Static<typeof StatFileAccepted>;

/** A dimension of a table as an editor maps it: its role at the source, and each value's code and label. */
export const StatTableDimension = Type.Object({
  code: Type.String(),
  label: SourceText,
  role: Type.Union([Type.Enum(['time', 'geo', 'metric'], { type: 'string' }), Type.Null()], { description: 'time, geo (regions) or metric (what is counted), as the source marks it; null for any other' }),
  values: Type.Array(Type.Object({ code: Type.String(), label: SourceText })),
});
export type StatTableDimension = Static<typeof StatTableDimension>;

const TableSource = Type.Object({ id: Uuid, name: Type.String(), kind: StatSourceKindSchema, demo: Type.Boolean() });

/** A table in the list editors choose from. */
export const StatTableItem = Type.Object({
  id: Uuid,
  externalId: Type.String(),
  title: SourceText,
  source: TableSource,
  retrievedAt: Nullable(DateTime),
});
export type StatTableItem = Static<typeof StatTableItem>;
export const StatTableList = Page(StatTableItem);
export type StatTableList = Static<typeof StatTableList>;

/** One table as its current (latest) vintage has it: what an editor maps to an indicator. */
export const StatTable = Type.Object({
  ...StatTableItem.properties,
  languages: Type.Array(Type.String()),
  vintage: Nullable(Uuid),
  timeDimension: Nullable(Type.String()),
  periods: Type.Array(Type.String(), { description: 'The time codes of the latest vintage, as the source writes them' }),
  dimensions: Type.Array(StatTableDimension, { description: 'In the table\'s order, time among them' }),
});
export type StatTable = Static<typeof StatTable>;

export const StatTableQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Words of the title or the table\'s id at its source' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type StatTableQuery = Static<typeof StatTableQuery>;
