import { Type, type Static } from 'typebox';
import { LocalizedText } from '../localized.ts';
import { Nullable } from './nullable.ts';

/**
 * The planning systems of Finland and Estonia side by side, and the plans that matter to the twin
 * region (issue 19 §1). Every fact comes from the reference files with its source tags
 * (REFERENCE-2's `P3`, `R73`, …); what they do not give is null, never guessed.
 */

export const PLANNING_COUNTRIES = ['FI', 'EE'] as const;
export type PlanningCountry = (typeof PLANNING_COUNTRIES)[number];
export const PLANNING_TIERS = ['national', 'regional', 'municipal'] as const;
export type PlanningTier = (typeof PLANNING_TIERS)[number];
export const PLANNING_SCOPES = ['framework_law', 'guidelines', 'general', 'detailed', 'designated'] as const;
export type PlanningScope = (typeof PLANNING_SCOPES)[number];
export const SOURCE_KINDS = ['primary', 'secondary', 'third_party'] as const;
export const CORRESPONDENCE_KINDS = ['equivalent', 'partial', 'no_counterpart', 'aspect'] as const;
export type CorrespondenceKind = (typeof CORRESPONDENCE_KINDS)[number];
/** What a difference is about (the page words each). */
export const DIFFERENCE_ASPECTS = ['nature', 'basis', 'initiation', 'preparation', 'approval', 'legalEffect', 'participation', 'scope', 'problems'] as const;
export type DifferenceAspect = (typeof DIFFERENCE_ASPECTS)[number];
export const PLAN_COUNTRIES = ['FI', 'EE', 'FI_EE'] as const;
export type PlanCountry = (typeof PLAN_COUNTRIES)[number];
export const PLAN_STAGES = [
  'initiated', 'participation', 'draft', 'proposal', 'adopted', 'approved', 'in_force', 'under_appeal', 'final', 'review', 'proposed', 'not_initiated', 'withdrawn', 'study',
] as const;
export type PlanStage = (typeof PLAN_STAGES)[number];
export const DATE_PRECISIONS = ['day', 'month', 'year'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];
export const DOCUMENT_KINDS = ['decision', 'data', 'report', 'notice', 'news'] as const;

/** The instruments the seed has: a fixed set of legal categories, so a filter naming another is refused. */
export const INSTRUMENT_SLUGS = [
  'fi-land-use-act', 'fi-national-guidelines', 'fi-regional-plan', 'fi-local-master-plan', 'fi-local-detailed-plan',
  'ee-planning-act', 'ee-national-spatial-plan', 'ee-national-designated-plan', 'ee-county-plan', 'ee-comprehensive-plan', 'ee-local-designated-plan', 'ee-detailed-plan',
] as const;
export type InstrumentSlug = (typeof INSTRUMENT_SLUGS)[number];

/** The instrument fields that carry facts, each cited by these names in `citations`. */
export const INSTRUMENT_FACT_FIELDS = ['name', 'legalBasis', 'preparedBy', 'approvedBy', 'effectOnPlans', 'effectOnPermits', 'participation', 'displayMinDays', 'displayMinDaysMinor', 'typicalDuration'] as const;
export type InstrumentFactField = (typeof INSTRUMENT_FACT_FIELDS)[number];
export const PLAN_FACT_FIELDS = ['name', 'instrument', 'stage', 'summary'] as const;

const Loc = LocalizedText(2000);
const LocOrNull = Type.Union([Loc, Type.Null()]);
const Tag = Type.String({ minLength: 1, maxLength: 10 });
const Tags = Type.Array(Tag);
/** A slug in the address: lower-case words joined by hyphens (the pattern cannot backtrack: a hyphen always starts a new group). */
export const PlanningSlug = Type.String({ minLength: 1, maxLength: 80, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' });

export const PlanningSource = Type.Object({
  tag: Type.String(),
  url: Type.String(),
  title: Type.String(),
  kind: Type.Enum([...SOURCE_KINDS], { type: 'string' }),
});
export type PlanningSource = Static<typeof PlanningSource>;

/** A cited statement that fits no field ("no separate plan type", a known problem). */
export const CitedNote = Type.Object({ text: Loc, sources: Tags, unconfirmed: Type.Boolean() });
export type CitedNote = Static<typeof CitedNote>;

/** An instrument as another item names it. */
export const InstrumentRef = Type.Object({
  slug: Type.String(),
  country: Type.Enum([...PLANNING_COUNTRIES], { type: 'string' }),
  tier: Type.Enum([...PLANNING_TIERS], { type: 'string' }),
  scope: Type.Enum([...PLANNING_SCOPES], { type: 'string' }),
  ownLanguage: Type.Enum(['fi', 'et'], { type: 'string' }),
  name: Loc,
});
export type InstrumentRef = Static<typeof InstrumentRef>;

export const Instrument = Type.Object({
  ...InstrumentRef.properties,
  legalBasis: LocOrNull,
  preparedBy: LocOrNull,
  approvedBy: LocOrNull,
  effectOnPlans: LocOrNull,
  effectOnPermits: LocOrNull,
  participation: LocOrNull,
  displayMinDays: Nullable(Type.Integer()),
  displayMinDaysMinor: Nullable(Type.Integer()),
  typicalDuration: LocOrNull,
  notes: Type.Array(CitedNote),
  /** The tags behind each non-null field, by the field's name (`approvedBy`, …). */
  citations: Type.Record(Type.String(), Tags),
  /** The glossary entry naming the instrument (`/glossary/{id}`), when the glossary has it. */
  glossaryEntryId: Nullable(Type.String({ format: 'uuid' })),
});
export type Instrument = Static<typeof Instrument>;

export const InstrumentList = Type.Object({ items: Type.Array(Instrument), total: Type.Integer() });
export type InstrumentList = Static<typeof InstrumentList>;

export const InstrumentQuery = Type.Object(
  {
    country: Type.Optional(Type.Enum([...PLANNING_COUNTRIES], { type: 'string', description: 'FI or EE' })),
    tier: Type.Optional(Type.Enum([...PLANNING_TIERS], { type: 'string' })),
  },
  { additionalProperties: false },
);
export type InstrumentQuery = Static<typeof InstrumentQuery>;

export const Difference = Type.Object({
  aspect: Type.Enum([...DIFFERENCE_ASPECTS], { type: 'string' }),
  /** Whose fact this is. */
  side: Type.Enum(['FI', 'EE'], { type: 'string' }),
  text: Loc,
  sources: Tags,
});
export type Difference = Static<typeof Difference>;

export const Correspondence = Type.Object({
  kind: Type.Enum([...CORRESPONDENCE_KINDS], { type: 'string' }),
  /** The practice compared, for `aspect` rows (`participation`). */
  aspect: Nullable(Type.String()),
  tier: Nullable(Type.Enum([...PLANNING_TIERS], { type: 'string' })),
  fi: Type.Union([InstrumentRef, Type.Null()]),
  ee: Type.Union([InstrumentRef, Type.Null()]),
  differences: Type.Array(Difference),
});
export type Correspondence = Static<typeof Correspondence>;

export const InstrumentDetail = Type.Object({
  ...Instrument.properties,
  correspondences: Type.Array(Correspondence),
  plans: Type.Array(Type.Object({ slug: Type.String(), name: Loc, stage: Type.Enum([...PLAN_STAGES], { type: 'string' }) })),
  /** Every source the instrument and its correspondences cite, in the order first cited. */
  sources: Type.Array(PlanningSource),
});
export type InstrumentDetail = Static<typeof InstrumentDetail>;

export const Comparison = Type.Object({
  pairs: Type.Array(Correspondence),
  /** Instruments of one country that no instrument of the other corresponds to. */
  unpaired: Type.Array(InstrumentRef),
  sources: Type.Array(PlanningSource),
});
export type Comparison = Static<typeof Comparison>;

export const PlanSummary = Type.Object({
  id: Type.String({ format: 'uuid' }),
  slug: Type.String(),
  name: Loc,
  kind: Type.Enum(['plan', 'study'], { type: 'string' }),
  country: Type.Enum([...PLAN_COUNTRIES], { type: 'string' }),
  instrument: Type.Union([InstrumentRef, Type.Null()]),
  stage: Type.Enum([...PLAN_STAGES], { type: 'string' }),
  regionCodes: Type.Array(Type.String()),
  summary: LocOrNull,
  /** The latest dated event, as the list shows it. */
  latest: Type.Union([Type.Object({ date: Type.String({ format: 'date' }), precision: Type.Enum([...DATE_PRECISIONS], { type: 'string' }) }), Type.Null()]),
  citations: Type.Record(Type.String(), Tags),
});
export type PlanSummary = Static<typeof PlanSummary>;

export const PlanEvent = Type.Object({
  id: Type.String({ format: 'uuid' }),
  /** A fact every installation has (the seed's); an editor's own can be removed. */
  seeded: Type.Boolean(),
  date: Type.String({ format: 'date' }),
  precision: Type.Enum([...DATE_PRECISIONS], { type: 'string' }),
  until: Nullable(Type.String({ format: 'date' })),
  stage: Nullable(Type.Enum([...PLAN_STAGES], { type: 'string' })),
  body: Loc,
  decisionRef: Nullable(Type.String()),
  unconfirmed: Type.Boolean(),
  sources: Tags,
});
export type PlanEvent = Static<typeof PlanEvent>;

export const PlanDocument = Type.Object({
  id: Type.String({ format: 'uuid' }),
  seeded: Type.Boolean(),
  title: Loc,
  url: Type.String(),
  kind: Type.Enum([...DOCUMENT_KINDS], { type: 'string' }),
  source: Type.String(),
});
export type PlanDocument = Static<typeof PlanDocument>;

/** A framework objective the plan serves, as it stands in the version the framework's trace shows. */
export const PlanObjective = Type.Object({
  nodeKey: Type.String({ format: 'uuid' }),
  ref: Type.String(),
  title: Loc,
  versionNumber: Type.Integer(),
  versionState: Type.Enum(['in_consultation', 'adopted', 'superseded'], { type: 'string' }),
  isDemo: Type.Boolean(),
});
export type PlanObjective = Static<typeof PlanObjective>;

export const PlanDetail = Type.Object({
  ...PlanSummary.properties,
  objectives: Type.Array(PlanObjective),
  notes: Type.Array(CitedNote),
  events: Type.Array(PlanEvent),
  documents: Type.Array(PlanDocument),
  sources: Type.Array(PlanningSource),
});
export type PlanDetail = Static<typeof PlanDetail>;

export const PlanList = Type.Object({ items: Type.Array(PlanSummary), total: Type.Integer() });
export type PlanList = Static<typeof PlanList>;

export const PlanQuery = Type.Object(
  {
    country: Type.Optional(Type.Enum([...PLAN_COUNTRIES], { type: 'string', description: 'FI, EE, or FI_EE (both: the fixed link)' })),
    instrument: Type.Optional(Type.Enum([...INSTRUMENT_SLUGS], { type: 'string', description: 'An instrument’s slug' })),
  },
  { additionalProperties: false },
);
export type PlanQuery = Static<typeof PlanQuery>;

export const SlugParams = Type.Object({ slug: PlanningSlug });

// ---------------------------------------------------------------------------------------------
// Editors' writes: every fact comes with the tags of its sources, as the seed's do.

const WebUrl = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 });

export const PlanningSourceInput = Type.Object(
  {
    url: WebUrl,
    title: Type.String({ minLength: 1, maxLength: 300 }),
    kind: Type.Enum([...SOURCE_KINDS], { type: 'string', description: 'primary: a law, government, council or court; secondary: press and others’ notices; third_party: compilations' }),
  },
  { additionalProperties: false },
);
export type PlanningSourceInput = Static<typeof PlanningSourceInput>;

export const PlanningSourceQuery = Type.Object(
  { q: Type.Optional(Type.String({ maxLength: 200, description: 'Words of the tag, title or address' })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) },
  { additionalProperties: false },
);
export type PlanningSourceQuery = Static<typeof PlanningSourceQuery>;

export const PlanningSourceList = Type.Object({ items: Type.Array(PlanningSource), total: Type.Integer() });
export type PlanningSourceList = Static<typeof PlanningSourceList>;

/** A fact as an editor gives it: its value (null clears it) and the tags of the sources behind it (at least one for a value). */
const FactTags = Type.Array(Tag, { maxItems: 20, uniqueItems: true });
const LocFact = Type.Object({ value: LocOrNull, sources: FactTags }, { additionalProperties: false });
const DaysFact = Type.Object({ value: Nullable(Type.Integer({ minimum: 1, maximum: 3650 })), sources: FactTags }, { additionalProperties: false });

/** The facts of an instrument an editor may change (its country, tier and scope are the legal category and stay). */
export const InstrumentPatch = Type.Object(
  {
    name: Type.Optional(Type.Object({ value: Loc, sources: Type.Array(Tag, { minItems: 1, maxItems: 20, uniqueItems: true }) }, { additionalProperties: false })),
    legalBasis: Type.Optional(LocFact),
    preparedBy: Type.Optional(LocFact),
    approvedBy: Type.Optional(LocFact),
    effectOnPlans: Type.Optional(LocFact),
    effectOnPermits: Type.Optional(LocFact),
    participation: Type.Optional(LocFact),
    displayMinDays: Type.Optional(DaysFact),
    displayMinDaysMinor: Type.Optional(DaysFact),
    typicalDuration: Type.Optional(LocFact),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type InstrumentPatch = Static<typeof InstrumentPatch>;

const RegionCode = Type.String({ minLength: 1, maxLength: 40 });
const CitedTags = Type.Array(Tag, { minItems: 1, maxItems: 20, uniqueItems: true });

export const PlanInput = Type.Object(
  {
    slug: PlanningSlug,
    name: Type.Object({ value: Loc, sources: CitedTags }, { additionalProperties: false }),
    kind: Type.Enum(['plan', 'study'], { type: 'string' }),
    country: Type.Enum([...PLAN_COUNTRIES], { type: 'string' }),
    instrument: Type.Optional(Type.Object({ value: Nullable(Type.Enum([...INSTRUMENT_SLUGS], { type: 'string' })), sources: FactTags }, { additionalProperties: false })),
    regionCodes: Type.Array(RegionCode, { maxItems: 20, uniqueItems: true, description: 'The statistics regions the plan covers (`nuts:FI1B1`, `fi-kunta:091`, …)' }),
    stage: Type.Object({ value: Type.Enum([...PLAN_STAGES], { type: 'string' }), sources: CitedTags }, { additionalProperties: false }),
    summary: Type.Optional(LocFact),
  },
  { additionalProperties: false },
);
export type PlanInput = Static<typeof PlanInput>;

const { slug: _slug, ...planFields } = PlanInput.properties;
export const PlanPatch = Type.Object({ ...Type.Partial(Type.Object(planFields)).properties }, { additionalProperties: false, minProperties: 1 });
export type PlanPatch = Static<typeof PlanPatch>;

export const PlanEventInput = Type.Object(
  {
    date: Type.String({ format: 'date' }),
    precision: Type.Enum([...DATE_PRECISIONS], { type: 'string' }),
    until: Type.Optional(Nullable(Type.String({ format: 'date' }))),
    stage: Type.Optional(Nullable(Type.Enum([...PLAN_STAGES], { type: 'string', description: 'The stage the plan reached; the newest event with a stage sets the plan’s stage' }))),
    body: Loc,
    decisionRef: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
    unconfirmed: Type.Optional(Type.Boolean()),
    sources: CitedTags,
  },
  { additionalProperties: false },
);
export type PlanEventInput = Static<typeof PlanEventInput>;

export const PlanDocumentInput = Type.Object(
  {
    title: Loc,
    url: WebUrl,
    kind: Type.Enum([...DOCUMENT_KINDS], { type: 'string' }),
    source: Tag,
  },
  { additionalProperties: false },
);
export type PlanDocumentInput = Static<typeof PlanDocumentInput>;

export const PlanItemParams = Type.Object({ slug: PlanningSlug, id: Type.String({ format: 'uuid' }) });

/** The whole set of objectives a plan serves, by their stable node keys (an empty list clears it). */
export const PlanObjectivesInput = Type.Object(
  { nodeKeys: Type.Array(Type.String({ format: 'uuid' }), { maxItems: 100, uniqueItems: true, description: 'Node keys of framework objectives that have left draft' }) },
  { additionalProperties: false },
);
export type PlanObjectivesInput = Static<typeof PlanObjectivesInput>;
