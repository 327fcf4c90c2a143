import { Type, type Static } from 'typebox';
import {
  ACCESS_RIGHTS, DATASET_SORTS, DATASET_STATES, FACETS, FREQUENCIES, HARVEST_KINDS, LICENSES, REGION_CODES, THEMES,
} from '../catalog.ts';
import { JobCounts, JobError, JobProblemParams, JobReason, jobRunSchemas, JobScheduleSchema } from './jobs.ts';
import { LocalizedText } from '../localized.ts';
import { InstitutionRef } from './institutions.ts';
import { Page, PageQuery } from './lists.ts';
import { Nullable } from './nullable.ts';
import { LinkedBottleneck } from './dialogues.ts';
import { Searched } from './search.ts';

export const ThemeSchema = Type.Enum([...THEMES], { type: 'string' });
export const FrequencySchema = Type.Enum([...FREQUENCIES], { type: 'string' });
export const AccessRightSchema = Type.Enum([...ACCESS_RIGHTS], { type: 'string' });
export const LicenseSchema = Type.Enum([...LICENSES], { type: 'string' });
export const RegionSchema = Type.Enum([...REGION_CODES], { type: 'string' });
export const HarvestKindSchema = Type.Enum([...HARVEST_KINDS], { type: 'string' });
export const HarvestScheduleSchema = JobScheduleSchema;
export const DatasetStateSchema = Type.Enum([...DATASET_STATES], { type: 'string' });
export const DatasetSortSchema = Type.Enum([...DATASET_SORTS], { type: 'string' });

export const DATASET_TITLE_MAX = 500;
export const DATASET_DESCRIPTION_MAX = 20_000;
export const MAX_DISTRIBUTIONS = 200;

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Day = Type.String({ format: 'date' });
/** An http(s) address. */
export const WebUrl = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 });
const DatasetName = Type.String({ pattern: '^[a-z0-9]+([-_][a-z0-9]+)*$', minLength: 2, maxLength: 100, description: 'The dataset\'s short name in addresses' });
const Keyword = Type.String({ minLength: 1, maxLength: 100 });
const Keywords = Type.Object(
  { fi: Type.Optional(Type.Array(Keyword, { maxItems: 50 })), et: Type.Optional(Type.Array(Keyword, { maxItems: 50 })), en: Type.Optional(Type.Array(Keyword, { maxItems: 50 })), sv: Type.Optional(Type.Array(Keyword, { maxItems: 50 })), ru: Type.Optional(Type.Array(Keyword, { maxItems: 50 })) },
  { additionalProperties: false, description: 'Keywords by language' },
);
const Format = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Z0-9_+.-]+$', description: 'EU file-type code, e.g. CSV, JSON, GEOJSON, XLSX' });
const MediaType = Type.String({ pattern: '^[a-z]+/[a-zA-Z0-9.+_-]+$', maxLength: 120 });

export const ContactPoint = Type.Object(
  {
    name: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
    email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 200 }))),
    url: Type.Optional(Nullable(WebUrl)),
  },
  { additionalProperties: false },
);

export const DataService = Type.Object(
  { title: LocalizedText(300), endpointUrl: WebUrl, endpointDescription: Type.Optional(Nullable(WebUrl)) },
  { additionalProperties: false, description: 'The API or service through which a distribution is reached (dcat:DataService)' },
);

export const DistributionInput = Type.Object(
  {
    title: Type.Optional(Type.Union([LocalizedText(300), Type.Null()])),
    description: Type.Optional(Type.Union([LocalizedText(4000), Type.Null()])),
    accessUrl: WebUrl,
    downloadUrl: Type.Optional(Nullable(WebUrl)),
    format: Type.Optional(Nullable(Format)),
    mediaType: Type.Optional(Nullable(MediaType)),
    byteSize: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 1e15 }))),
    license: Type.Optional(Nullable(LicenseSchema)),
    accessService: Type.Optional(Type.Union([DataService, Type.Null()])),
    conformsTo: Type.Optional(Nullable({ ...WebUrl, description: 'The standard or schema the file follows (dct:conformsTo), e.g. https://json-stat.org/format/' })),
  },
  { additionalProperties: false },
);
export type DistributionInput = Static<typeof DistributionInput>;

export const Distribution = Type.Object({
  id: Uuid,
  title: Type.Union([LocalizedText(300), Type.Null()]),
  description: Type.Union([LocalizedText(4000), Type.Null()]),
  accessUrl: Type.String(),
  downloadUrl: Nullable(Type.String()),
  format: Nullable(Type.String()),
  mediaType: Nullable(Type.String()),
  byteSize: Nullable(Type.Integer()),
  license: Nullable(Type.String()),
  accessService: Type.Union([DataService, Type.Null()]),
  /** Left out of distributions stored before it was known. */
  conformsTo: Type.Optional(Nullable(Type.String())),
});
export type Distribution = Static<typeof Distribution>;

const datasetFields = {
  name: Type.Optional(DatasetName),
  title: LocalizedText(DATASET_TITLE_MAX),
  description: LocalizedText(DATASET_DESCRIPTION_MAX),
  /** An institution of the directory. */
  publisherId: Type.Optional(Nullable(Uuid)),
  contactPoint: Type.Optional(Type.Union([ContactPoint, Type.Null()])),
  themes: Type.Optional(Type.Array(ThemeSchema, { uniqueItems: true, maxItems: THEMES.length })),
  keywords: Type.Optional(Keywords),
  spatial: Type.Optional(Type.Array(RegionSchema, { uniqueItems: true, maxItems: REGION_CODES.length })),
  temporalStart: Type.Optional(Nullable(Day)),
  temporalEnd: Type.Optional(Nullable(Day)),
  license: Type.Optional(Nullable(LicenseSchema)),
  accessRights: Type.Optional(Nullable(AccessRightSchema)),
  frequency: Type.Optional(Nullable(FrequencySchema)),
  landingPage: Type.Optional(Nullable(WebUrl)),
  issued: Type.Optional(Nullable(DateTime)),
  modified: Type.Optional(Nullable(DateTime)),
  distributions: Type.Optional(Type.Array(DistributionInput, { maxItems: MAX_DISTRIBUTIONS })),
};

/** A dataset as an editor writes it by hand. */
export const DatasetCreate = Type.Object(datasetFields, { additionalProperties: false });
export type DatasetCreate = Static<typeof DatasetCreate>;
export const DatasetPatch = Type.Object(
  { ...Type.Partial(DatasetCreate).properties, state: Type.Optional(DatasetStateSchema) },
  { additionalProperties: false, minProperties: 1 },
);
export type DatasetPatch = Static<typeof DatasetPatch>;

export const SourceRef = Type.Object({ id: Uuid, name: Type.String(), kind: HarvestKindSchema });
export type SourceRef = Static<typeof SourceRef>;

export const Dataset = Type.Object({
  id: Uuid,
  name: Type.String(),
  title: LocalizedText(DATASET_TITLE_MAX),
  description: LocalizedText(DATASET_DESCRIPTION_MAX),
  publisher: Type.Union([InstitutionRef, Type.Null()]),
  contactPoint: Type.Union([ContactPoint, Type.Null()]),
  themes: Type.Array(ThemeSchema),
  keywords: Keywords,
  spatial: Type.Array(Type.String()),
  temporalStart: Nullable(Type.String()),
  temporalEnd: Nullable(Type.String()),
  license: Nullable(Type.String()),
  /** The source's own licence address, kept when the licence is not one of the EU list. */
  licenseUrl: Nullable(Type.String()),
  accessRights: Nullable(Type.String()),
  frequency: Nullable(Type.String()),
  landingPage: Nullable(Type.String()),
  issued: Nullable(Type.String()),
  modified: Nullable(Type.String()),
  distributions: Type.Array(Distribution),
  /** Where it was harvested from; null for a dataset written here by hand. */
  source: Type.Union([SourceRef, Type.Null()]),
  sourceIdentifier: Nullable(Type.String()),
  harvestedAt: Nullable(DateTime),
  state: DatasetStateSchema,
  withdrawnAt: Nullable(DateTime),
  demo: Type.Boolean(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type Dataset = Static<typeof Dataset>;

export const DatasetDetail = Type.Object({
  ...Dataset.properties,
  /** The bottlenecks this dataset is evidence for (those the caller may see). */
  evidenceFor: Type.Array(LinkedBottleneck),
  viewer: Type.Object({ canEdit: Type.Boolean(), canLink: Type.Boolean() }),
});
export type DatasetDetail = Static<typeof DatasetDetail>;

export const DatasetListItem = Type.Object({
  id: Uuid,
  name: Type.String(),
  title: LocalizedText(DATASET_TITLE_MAX),
  /** The description's first 300 characters in each language. */
  summary: LocalizedText(DATASET_DESCRIPTION_MAX),
  publisher: Type.Union([InstitutionRef, Type.Null()]),
  themes: Type.Array(ThemeSchema),
  formats: Type.Array(Type.String()),
  license: Nullable(Type.String()),
  spatial: Type.Array(Type.String()),
  modified: Nullable(DateTime),
  source: Type.Union([SourceRef, Type.Null()]),
  state: DatasetStateSchema,
  demo: Type.Boolean(),
});
export type DatasetListItem = Static<typeof DatasetListItem>;

export const FacetValue = Type.Object({
  value: Type.String(),
  count: Type.Integer({ minimum: 0 }),
  /** The value's name where it is not a code the UI translates (publishers, sources). */
  label: Type.Union([LocalizedText(300), Type.Null()]),
});
export const DatasetFacets = Type.Object(Object.fromEntries(FACETS.map((facet) => [facet, Type.Array(FacetValue)])) as Record<(typeof FACETS)[number], ReturnType<typeof Type.Array<typeof FacetValue>>>);
export type DatasetFacets = Static<typeof DatasetFacets>;

/** With `q`, also `matches` (highlights in `title` and `summary`) and perhaps `didYouMean` (shared/schemas/search.ts). */
export const DatasetList = Searched(Type.Object({ ...Page(DatasetListItem).properties, facets: DatasetFacets }));
export type DatasetList = Static<typeof DatasetList>;

const manyOf = <T extends ReturnType<typeof Type.String>>(item: T) => Type.Optional(Type.Array(item, { maxItems: 20 }));
export const DatasetQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    publisher: manyOf(Uuid),
    theme: Type.Optional(Type.Array(ThemeSchema, { maxItems: 20 })),
    format: manyOf(Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_+.-]+$', description: 'File type, e.g. CSV (any case)' })),
    license: Type.Optional(Type.Array(LicenseSchema, { maxItems: 20 })),
    source: Type.Optional(Type.Array(Type.Union([Uuid, Type.Literal('local')]), { maxItems: 20 })),
    region: Type.Optional(Type.Array(RegionSchema, { maxItems: 20 })),
    /** Editors may also see withdrawn datasets. */
    state: Type.Optional(DatasetStateSchema),
    sort: Type.Optional(DatasetSortSchema),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type DatasetQuery = Static<typeof DatasetQuery>;

export const EvidenceLink = Type.Object(
  { bottleneck: Type.String({ minLength: 1, maxLength: 40, description: 'Id or reference of the bottleneck' }) },
  { additionalProperties: false },
);

// ---- harvesting ----

export const HarvestCounts = JobCounts(['seen', 'created', 'updated', 'unchanged', 'withdrawn', 'failed']);
export type HarvestCounts = Static<typeof HarvestCounts>;

/** Why a request or a page failed: a code of `HARVEST_REASON_CODES` and its parameters. */
export const HarvestReason = JobReason;
/** A harvest problem's parameters (`HARVEST_ERROR_CODES`): values, and `reason` a `HarvestReason`. */
export const HarvestProblemParams = JobProblemParams;
export const HarvestError = JobError;

const harvestRuns = jobRunSchemas(HarvestCounts);
export const HarvestRunSummary = harvestRuns.Summary;
export type HarvestRunSummary = Static<typeof HarvestRunSummary>;
export const HarvestRun = harvestRuns.Run;
export type HarvestRun = Static<typeof HarvestRun>;

const sourceFields = {
  name: Type.String({ minLength: 2, maxLength: 200, pattern: '\\S' }),
  kind: HarvestKindSchema,
  url: WebUrl,
  schedule: HarvestScheduleSchema,
  enabled: Type.Boolean(),
  /** The institution whose datasets these are when the source names no publisher. */
  publisherId: Type.Optional(Nullable(Uuid)),
};
export const HarvestSourceCreate = Type.Object(sourceFields, { additionalProperties: false });
export type HarvestSourceCreate = Static<typeof HarvestSourceCreate>;
export const HarvestSourcePatch = Type.Object(Type.Partial(HarvestSourceCreate).properties, { additionalProperties: false, minProperties: 1 });
export type HarvestSourcePatch = Static<typeof HarvestSourcePatch>;

export const HarvestSource = Type.Object({
  id: Uuid,
  name: Type.String(),
  kind: HarvestKindSchema,
  url: Type.String(),
  schedule: HarvestScheduleSchema,
  enabled: Type.Boolean(),
  publisherId: Nullable(Type.String()),
  nextRunAt: Nullable(DateTime),
  datasetCount: Type.Integer({ minimum: 0 }),
  lastRun: Type.Union([HarvestRunSummary, Type.Null()]),
  demo: Type.Boolean(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type HarvestSource = Static<typeof HarvestSource>;
export const HarvestSourceList = Page(HarvestSource);
/** A source checked before it is saved: the kind of portal and its address. */
export const HarvestSourceTestBody = Type.Object({ kind: HarvestKindSchema, url: WebUrl }, { additionalProperties: false });
export type HarvestSourceTestBody = Static<typeof HarvestSourceTestBody>;
/** What a source answered when it was checked: how many datasets it announces (null when it does not say) and the first titles. */
export const HarvestSourceTestResult = Type.Object({
  kind: HarvestKindSchema,
  url: Type.String(),
  total: Nullable(Type.Integer({ minimum: 0 })),
  sample: Type.Array(Type.String(), { maxItems: 3 }),
});
export type HarvestSourceTestResult = Static<typeof HarvestSourceTestResult>;
export const HarvestRunList = Page(HarvestRunSummary);
