import { Type, type Static } from 'typebox';
import { LocalizedText } from '../localized.ts';
import { ISO_3166_1_ALPHA_2 } from '../countries.ts';
import { DOMAINS } from '../register.ts';
import { Nullable } from './nullable.ts';
import { Page, PageQuery } from './lists.ts';

/**
 * The benchmark library of EU cross-border regions (issue 17 §1): structured records whose every
 * figure and fact names its source. Anyone reads them; editors define the criteria regions are
 * scored against and score them, each score with its rationale.
 */

/** The legal form of a cooperation today; null when the sources do not settle it (then `legalFormNote` says what they say). */
export const LEGAL_FORMS = ['egtc', 'euroregion_association', 'intergovernmental_agreement', 'memorandum_of_understanding', 'member_organisation', 'city_agreement', 'none'] as const;
export type LegalForm = (typeof LEGAL_FORMS)[number];

/** Themes of a region and of its lessons: the register's six domains, then the others cross-border regions work on. */
export const REGION_THEMES = [
  ...DOMAINS,
  'labour_market',
  'economy',
  'innovation',
  'science',
  'culture',
  'tourism',
  'environment',
  'climate',
  'energy',
  'water',
  'health',
  'security',
  'civil_protection',
  'spatial_planning',
  'utilities',
  'language',
  'governance',
  'funding',
  'visibility',
] as const;
export type RegionTheme = (typeof REGION_THEMES)[number];

export const SOURCE_KINDS = ['primary', 'secondary', 'third_party'] as const;
export const FIGURE_KINDS = ['population', 'area_km2', 'municipalities', 'commuters', 'crossings', 'passengers', 'budget', 'funding', 'gdp', 'other'] as const;
export type FigureKind = (typeof FIGURE_KINDS)[number];
export const QUALIFIERS = ['about', 'more_than', 'exact'] as const;
export const MEMBER_LEVELS = ['state', 'region', 'county', 'municipality', 'intercommunal', 'other'] as const;

/** The main fields whose sources a region lists (`fieldSources`). */
export const REGION_FIELDS = ['name', 'countries', 'founded', 'legalForm', 'foundingBasis', 'seat', 'secretariat', 'themes', 'languages'] as const;
export type RegionField = (typeof REGION_FIELDS)[number];

export const COMPARE_MIN = 2;
export const COMPARE_MAX = 4;

const Uuid = Type.String({ format: 'uuid' });
const Loc = LocalizedText(2000);
const LocOrNull = Type.Union([Loc, Type.Null()]);
export const CountryCode = Type.Enum([...ISO_3166_1_ALPHA_2], { type: 'string' });
export const LegalFormSchema = Type.Enum([...LEGAL_FORMS], { type: 'string' });
export const RegionThemeSchema = Type.Enum([...REGION_THEMES], { type: 'string' });
const SourceIds = Type.Array(Uuid, { description: 'The region’s sources this rests on (at least one)' });

export const RegionSource = Type.Object({
  id: Uuid,
  /** The tag the reference file gives it (`R61`), shown as the citation's number. */
  tag: Type.String(),
  url: Type.String(),
  title: Type.String(),
  kind: Type.Enum([...SOURCE_KINDS], { type: 'string' }),
});
export type RegionSource = Static<typeof RegionSource>;

export const RegionFigure = Type.Object({
  id: Uuid,
  kind: Type.Enum([...FIGURE_KINDS], { type: 'string' }),
  value: Type.Number(),
  unit: Type.String(),
  qualifier: Type.Enum([...QUALIFIERS], { type: 'string' }),
  year: Nullable(Type.Integer()),
  periodFrom: Nullable(Type.Integer()),
  periodTo: Nullable(Type.Integer()),
  label: LocOrNull,
  note: LocOrNull,
  sourceIds: SourceIds,
  /** From the reference files (the seed's, not removable); false for an editor's. */
  seeded: Type.Boolean(),
});
export type RegionFigure = Static<typeof RegionFigure>;

export const RegionMember = Type.Object({ id: Uuid, name: Loc, country: Nullable(Type.String()), level: Type.Enum([...MEMBER_LEVELS], { type: 'string' }), sourceIds: SourceIds });
export const RegionBody = Type.Object({ id: Uuid, name: Loc, role: LocOrNull, cadence: LocOrNull, size: Nullable(Type.Integer()), sourceIds: SourceIds });
export const RegionEvent = Type.Object({ id: Uuid, on: Nullable(Type.String()), what: Loc, sourceIds: SourceIds });

/** What cites a lesson learned: an action of the joint plan or a recommendation (issue 17 §1). */
export const CITING_TYPES = ['action', 'recommendation'] as const;
export type CitingType = (typeof CITING_TYPES)[number];

/** An action or a recommendation that cites a lesson, as the lesson's "cited by" lists it. */
export const LessonCitation = Type.Object({
  type: Type.Enum([...CITING_TYPES], { type: 'string' }),
  id: Uuid,
  ref: Type.String(),
  title: Loc,
  /** Its state in its own vocabulary (an action's, a recommendation's). */
  state: Type.String(),
});
export type LessonCitation = Static<typeof LessonCitation>;

/** The lessons an action or a recommendation cites, by id or reference (`LS-0001`). */
export const MAX_CITED_LESSONS = 50;
export const LessonReferences = Type.Array(Type.String({ minLength: 1, maxLength: 40, description: 'A lesson learned: its id or reference (LS-0001)' }), {
  maxItems: MAX_CITED_LESSONS,
  uniqueItems: true,
  description: 'Lessons learned in the benchmark regions that this cites, by id or reference (LS-0001)',
});

/** A lesson as an action or a recommendation that cites it shows it: its words, themes and region. */
export const CitedLesson = Type.Object({
  id: Uuid,
  ref: Type.String(),
  text: Loc,
  themes: Type.Array(Type.String()),
  year: Nullable(Type.Integer()),
  regionId: Uuid,
  regionSlug: Type.String(),
  regionName: Loc,
});
export type CitedLesson = Static<typeof CitedLesson>;

export const RegionLesson = Type.Object({
  id: Uuid,
  ref: Type.String(),
  regionId: Uuid,
  regionSlug: Type.String(),
  regionName: Loc,
  text: Loc,
  themes: Type.Array(Type.String()),
  year: Nullable(Type.Integer()),
  sourceIds: SourceIds,
  /** The lesson's sources themselves (a lesson is cited on its own, away from its region's page). */
  sources: Type.Array(RegionSource),
  /** From the reference files (the seed's, not removable); false for an editor's. */
  seeded: Type.Boolean(),
  /** The actions and recommendations that cite it. */
  citedBy: Type.Array(LessonCitation),
});
export type RegionLesson = Static<typeof RegionLesson>;

export const ScoreCriterion = Type.Object({
  id: Uuid,
  key: Type.String(),
  name: Loc,
  description: LocOrNull,
  scaleMin: Type.Integer(),
  scaleMax: Type.Integer(),
  weight: Type.Number(),
  position: Type.Integer(),
  isDemo: Type.Boolean(),
});
export type ScoreCriterion = Static<typeof ScoreCriterion>;

export const RegionScore = Type.Object({
  regionId: Uuid,
  criterionId: Uuid,
  score: Type.Integer(),
  rationale: Loc,
  isDemo: Type.Boolean(),
  scoredAt: Type.String({ format: 'date-time' }),
});
export type RegionScore = Static<typeof RegionScore>;

/** What a list row and a comparison column show of a region. */
const RegionCore = {
  id: Uuid,
  slug: Type.String(),
  name: Loc,
  countries: Type.Array(Type.String()),
  foundedYear: Nullable(Type.Integer()),
  foundedOn: Nullable(Type.String({ format: 'date' })),
  legalForm: Nullable(LegalFormSchema),
  legalFormNote: LocOrNull,
  themes: Type.Array(Type.String()),
  languages: Type.Array(Type.String()),
  nutsIds: Type.Array(Type.String()),
  isHome: Type.Boolean(),
};

export const RegionSummary = Type.Object(RegionCore);
export type RegionSummary = Static<typeof RegionSummary>;

export const RegionDetail = Type.Object({
  ...RegionCore,
  foundingBasis: LocOrNull,
  seat: LocOrNull,
  secretariat: LocOrNull,
  fieldSources: Type.Record(Type.String(), SourceIds),
  sources: Type.Array(RegionSource),
  figures: Type.Array(RegionFigure),
  members: Type.Array(RegionMember),
  bodies: Type.Array(RegionBody),
  events: Type.Array(RegionEvent),
  lessons: Type.Array(RegionLesson),
  scores: Type.Array(RegionScore),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type RegionDetail = Static<typeof RegionDetail>;

export const RegionList = Page(RegionSummary);
export type RegionList = Static<typeof RegionList>;

export const RegionQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Words in the region’s name, in any language' })),
    country: Type.Optional(CountryCode),
    legalForm: Type.Optional(LegalFormSchema),
    theme: Type.Optional(RegionThemeSchema),
    limit: PageQuery.limit,
    offset: PageQuery.offset,
  },
  { additionalProperties: false },
);
export type RegionQuery = Static<typeof RegionQuery>;

export const RegionIdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, description: 'The region’s id or slug' }) });

export const CompareQuery = Type.Object(
  { ids: Type.String({ minLength: 1, maxLength: 500, description: `${COMPARE_MIN} to ${COMPARE_MAX} region ids or slugs, separated by commas` }) },
  { additionalProperties: false },
);

/** The regions compared, in the order asked, each with everything its page shows. */
export const RegionComparison = Type.Object({ regions: Type.Array(RegionDetail), criteria: Type.Array(ScoreCriterion) });
export type RegionComparison = Static<typeof RegionComparison>;

export const LessonQuery = Type.Object(
  {
    theme: Type.Optional(RegionThemeSchema),
    region: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'A region’s id or slug' })),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Words in the lesson’s text (any language)' })),
    limit: PageQuery.limit,
    offset: PageQuery.offset,
  },
  { additionalProperties: false },
);
export type LessonQuery = Static<typeof LessonQuery>;
export const LessonList = Page(RegionLesson);
export type LessonList = Static<typeof LessonList>;

export const CriterionList = Type.Object({ items: Type.Array(ScoreCriterion) });

const CriterionKey = Type.String({ minLength: 1, maxLength: 60, pattern: '^[a-z][a-z0-9_]*$' });
export const CriterionCreate = Type.Object(
  {
    key: CriterionKey,
    name: LocalizedText(200),
    description: Type.Optional(Type.Union([LocalizedText(2000), Type.Null()])),
    scaleMin: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    scaleMax: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    weight: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100 })),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false },
);
export type CriterionCreate = Static<typeof CriterionCreate>;

export const CriterionPatch = Type.Object(
  {
    name: Type.Optional(LocalizedText(200)),
    description: Type.Optional(Type.Union([LocalizedText(2000), Type.Null()])),
    weight: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100 })),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type CriterionPatch = Static<typeof CriterionPatch>;

export const ScorePut = Type.Object(
  {
    score: Type.Integer({ minimum: 0, maximum: 100 }),
    rationale: LocalizedText(4000),
  },
  { additionalProperties: false },
);
export type ScorePut = Static<typeof ScorePut>;

export const ScoreParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), criterionId: Uuid });
export const CriterionParams = Type.Object({ criterionId: Uuid });

/** Criteria × regions: every score with its rationale, for the table and the chart. */
export const ScoreBoard = Type.Object({
  criteria: Type.Array(ScoreCriterion),
  regions: Type.Array(RegionSummary),
  scores: Type.Array(RegionScore),
});
export type ScoreBoard = Static<typeof ScoreBoard>;

// ---------------------------------------------------------------------------------------------
// Editors' writes: a region's main fields, its sources, figures and lessons (each with a source)

export const FIGURE_UNITS = ['people', 'km2', 'municipalities', 'crossings', 'trips', 'cars', 'passengers', 'EUR', 'EUR_per_year', 'agreements'] as const;

const Year = Type.Integer({ minimum: 1900, maximum: 2100 });
const OptionalLoc = Type.Optional(Type.Union([LocalizedText(2000), Type.Null()]));
/** A BCP 47 language tag of the simple kind the seed uses (`fi`, `fit`, `de-CH`). */
const LanguageTag = Type.String({ minLength: 2, maxLength: 12, pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$' });
const RegionFieldsSchema = {
  name: LocalizedText(200),
  countries: Type.Array(CountryCode, { minItems: 1, maxItems: 10, uniqueItems: true }),
  foundedYear: Type.Optional(Nullable(Year)),
  foundedOn: Type.Optional(Nullable(Type.String({ format: 'date' }))),
  legalForm: Type.Optional(Nullable(LegalFormSchema)),
  legalFormNote: OptionalLoc,
  foundingBasis: OptionalLoc,
  seat: OptionalLoc,
  secretariat: OptionalLoc,
  themes: Type.Optional(Type.Array(RegionThemeSchema, { maxItems: REGION_THEMES.length, uniqueItems: true })),
  languages: Type.Optional(Type.Array(LanguageTag, { maxItems: 10, uniqueItems: true })),
};

export const RegionCreate = Type.Object(
  { slug: Type.String({ minLength: 2, maxLength: 80, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' }), ...RegionFieldsSchema },
  { additionalProperties: false },
);
export type RegionCreate = Static<typeof RegionCreate>;

export const RegionPatch = Type.Object(
  {
    name: Type.Optional(RegionFieldsSchema.name),
    countries: Type.Optional(RegionFieldsSchema.countries),
    foundedYear: RegionFieldsSchema.foundedYear,
    foundedOn: RegionFieldsSchema.foundedOn,
    legalForm: RegionFieldsSchema.legalForm,
    legalFormNote: OptionalLoc,
    foundingBasis: OptionalLoc,
    seat: OptionalLoc,
    secretariat: OptionalLoc,
    themes: RegionFieldsSchema.themes,
    languages: RegionFieldsSchema.languages,
  },
  { additionalProperties: false, minProperties: 1 },
);
export type RegionPatch = Static<typeof RegionPatch>;

export const SourceCreate = Type.Object(
  { url: Type.String({ format: 'uri', minLength: 8, maxLength: 2000, pattern: '^https?://' }), title: Type.String({ minLength: 1, maxLength: 300 }), kind: Type.Enum([...SOURCE_KINDS], { type: 'string' }) },
  { additionalProperties: false },
);
export type SourceCreate = Static<typeof SourceCreate>;

const CitedSources = Type.Array(Uuid, { minItems: 1, maxItems: 10, uniqueItems: true, description: 'Ids of this region’s sources (at least one)' });

export const FigureCreate = Type.Object(
  {
    kind: Type.Enum([...FIGURE_KINDS], { type: 'string' }),
    value: Type.Number({ minimum: 0, maximum: 1e15 }),
    unit: Type.Enum([...FIGURE_UNITS], { type: 'string' }),
    qualifier: Type.Optional(Type.Enum([...QUALIFIERS], { type: 'string' })),
    year: Type.Optional(Nullable(Year)),
    periodFrom: Type.Optional(Nullable(Year)),
    periodTo: Type.Optional(Nullable(Year)),
    label: OptionalLoc,
    note: OptionalLoc,
    sourceIds: CitedSources,
  },
  { additionalProperties: false },
);
export type FigureCreate = Static<typeof FigureCreate>;

export const LessonCreate = Type.Object(
  { text: LocalizedText(2000), themes: Type.Array(RegionThemeSchema, { maxItems: 10, uniqueItems: true }), year: Type.Optional(Nullable(Year)), sourceIds: CitedSources },
  { additionalProperties: false },
);
export type LessonCreate = Static<typeof LessonCreate>;

export const RegionPartParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), partId: Uuid });
