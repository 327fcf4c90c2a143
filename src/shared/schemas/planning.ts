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
export const PlanningSlug = Type.String({ minLength: 2, maxLength: 80, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' });

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
  title: Loc,
  url: Type.String(),
  kind: Type.Enum([...DOCUMENT_KINDS], { type: 'string' }),
  source: Type.String(),
});
export type PlanDocument = Static<typeof PlanDocument>;

export const PlanDetail = Type.Object({
  ...PlanSummary.properties,
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
