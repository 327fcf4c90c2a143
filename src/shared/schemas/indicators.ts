import { Type, type Static } from 'typebox';
import { UI_LANGUAGES } from '../languages.ts';
import { LocalizedText } from '../localized.ts';
import { INDICATOR_FREQUENCIES, INDICATOR_SIDES, REGION_SCHEMES } from '../statistics.ts';
import { DomainSchema } from './institutions.ts';
import { Page, PageQuery } from './lists.ts';
import { Nullable } from './nullable.ts';

const Uuid = Type.String({ format: 'uuid' });
const Slug = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', minLength: 2, maxLength: 80 });
/** Text by language code as a statistics office gives it (it may have languages the UI does not). */
const SourceText = Type.Record(Type.String({ maxLength: 8 }), Type.String());
/** A period as the indicators name it: `2023`, `2023-Q2`, `2023-06`. */
const PeriodCode = Type.String({ minLength: 4, maxLength: 10 });

export const IndicatorSideSchema = Type.Enum([...INDICATOR_SIDES], { type: 'string' });
export const IndicatorFrequencySchema = Type.Enum([...INDICATOR_FREQUENCIES], { type: 'string', description: 'A annual, Q quarterly, M monthly' });
export const MEASURES = ['absolute', 'per-capita', 'index'] as const;
export type Measure = (typeof MEASURES)[number];
export const MeasureSchema = Type.Enum([...MEASURES], {
  type: 'string',
  default: 'absolute',
  description: '`absolute`: as published; `per-capita`: per the population indicator\'s scale of inhabitants of the same region and period; `index`: the base period = 100',
});

export const StatRegion = Type.Object({
  code: Type.String({ description: 'nuts:FI1B1, fi-kunta:091, ee-ehak:0784…' }),
  name: LocalizedText(200),
  scheme: Type.Enum([...REGION_SCHEMES], { type: 'string' }),
  country: Type.Enum(['FI', 'EE'], { type: 'string' }),
  level: Type.Integer(),
  parent: Nullable(Type.String()),
});
export type StatRegion = Static<typeof StatRegion>;

/** A statistical region and how many indicators (that the asker may read) have figures for it: the region filter's choices. */
export const IndicatorRegion = Type.Object({ ...StatRegion.properties, indicators: Type.Integer({ minimum: 0 }) });
export type IndicatorRegion = Static<typeof IndicatorRegion>;
export const IndicatorRegionList = Type.Object({ items: Type.Array(IndicatorRegion) });
export type IndicatorRegionList = Static<typeof IndicatorRegionList>;

export const IndicatorPeriod = Type.Object({
  code: PeriodCode,
  start: Type.String({ format: 'date' }),
  end: Type.String({ format: 'date', description: 'The day after the period (exclusive)' }),
});
export type IndicatorPeriod = Static<typeof IndicatorPeriod>;

/** A dimension kept as the source has it (sex, citizenship…). */
export const KeptDimension = Type.Object({
  code: Type.String(),
  label: SourceText,
  values: Type.Array(Type.Object({ code: Type.String(), label: SourceText })),
});
export type KeptDimension = Static<typeof KeptDimension>;

export const IndicatorSeries = Type.Object({
  region: Type.String(),
  side: IndicatorSideSchema,
  kept: Type.Record(Type.String(), Type.String(), { description: 'The codes of the kept dimensions this series is' }),
  values: Type.Array(Nullable(Type.Number()), { description: 'One per period of the indicator, in order; null where there is no figure' }),
  statuses: Type.Record(Type.String(), Type.String(), { description: 'Period index → the source\'s symbol (.. missing, p provisional, e estimated…)' }),
});
export type IndicatorSeries = Static<typeof IndicatorSeries>;

export const IndicatorSource = Type.Object({
  side: IndicatorSideSchema,
  source: Type.Object({ id: Uuid, name: Type.String(), kind: Type.String() }),
  table: Type.Object({ id: Uuid, externalId: Type.String(), title: SourceText }),
  requests: Type.Array(Type.Object({ method: Type.String(), url: Type.String(), body: Type.Optional(Type.Unknown()) })),
  retrievedAt: Type.String({ format: 'date-time' }),
  sourceUpdated: Nullable(Type.String()),
  vintage: Uuid,
  vintages: Type.Integer({ minimum: 1, description: 'How many vintages the table has: more than one means the figures were revised' }),
  changedCells: Type.Integer({ minimum: 0, description: 'Cells the current vintage revised' }),
});
export type IndicatorSource = Static<typeof IndicatorSource>;

const PeriodValue = Type.Object({ value: Type.Number(), period: PeriodCode });

export const IndicatorTarget = Type.Object({
  kind: Type.Enum(['action', 'bottleneck'], { type: 'string' }),
  id: Uuid,
  ref: Type.String(),
  title: LocalizedText(300),
  region: Nullable(Type.String()),
  baseline: Type.Union([PeriodValue, Type.Null()]),
  target: Type.Union([PeriodValue, Type.Null()]),
  latest: Type.Union([PeriodValue, Type.Null()]),
  progress: Nullable(Type.Number({ description: 'Share of the way from baseline to target the latest figure has come, 0–1, clamped' })),
  note: Type.Union([LocalizedText(1000), Type.Null()]),
});
export type IndicatorTarget = Static<typeof IndicatorTarget>;

const IndicatorCore = {
  id: Slug,
  name: LocalizedText(300),
  unit: Type.Union([LocalizedText(100), Type.Null()]),
  domain: Nullable(DomainSchema),
  frequency: IndicatorFrequencySchema,
  decimals: Type.Integer({ minimum: 0, maximum: 6 }),
  headline: Nullable(Type.Integer({ description: 'Position on the home page dashboard' })),
  demo: Type.Boolean({ description: 'Demo figures, not an office\'s' }),
  published: Type.Boolean({ description: 'False for a draft (staff see it)' }),
  updated: Nullable(Type.String({ format: 'date-time', description: 'When the newest figures were read' })),
};

export const IndicatorLatest = Type.Object({ side: IndicatorSideSchema, region: Type.String(), regionName: LocalizedText(200), period: PeriodCode, value: Type.Number() });

/** How many of the newest periods a list item's trend holds: enough for a sparkline, little enough for a page of twenty. */
export const TREND_PERIODS = 24;

export const IndicatorTrend = Type.Object(
  {
    periods: Type.Array(PeriodCode, { maxItems: TREND_PERIODS }),
    series: Type.Array(Type.Object({ side: IndicatorSideSchema, region: Type.String(), values: Type.Array(Nullable(Type.Number())) })),
  },
  { description: 'The newest periods of the same series as `latest` (one value per period, null where there is none), for a small chart beside the figures' },
);

export const IndicatorListItem = Type.Object({
  ...IndicatorCore,
  latest: Type.Array(IndicatorLatest, { description: 'The newest figure of each side\'s largest region' }),
  trend: IndicatorTrend,
  sources: Type.Array(Type.String(), { description: 'The names of the sources its figures come from, each once, for a citation beside them' }),
});
export type IndicatorListItem = Static<typeof IndicatorListItem>;

export const IndicatorList = Page(IndicatorListItem);
export type IndicatorList = Static<typeof IndicatorList>;

export const IndicatorQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Words of the name or definition in any language' })),
    domain: Type.Optional(DomainSchema),
    region: Type.Optional(Type.String({ maxLength: 40, description: 'Only indicators with figures for this region code' })),
    headline: Type.Optional(Type.Boolean({ description: 'Only the home page dashboard\'s, in its order' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type IndicatorQuery = Static<typeof IndicatorQuery>;

export const IndicatorParams = Type.Object({ id: Slug }, { additionalProperties: false });

export const IndicatorViewQuery = Type.Object(
  {
    measure: Type.Optional(MeasureSchema),
    base: Type.Optional(Type.String({ minLength: 4, maxLength: 10, description: 'The index\'s base period (with measure=index); the first period with figures on both sides when left out' })),
    lang: Type.Optional(Type.Enum([...UI_LANGUAGES], { type: 'string', description: 'The language of labels in JSON-stat and CSV' })),
  },
  { additionalProperties: false },
);
export type IndicatorViewQuery = Static<typeof IndicatorViewQuery>;

export const Indicator = Type.Object({
  ...IndicatorCore,
  definition: Type.Union([LocalizedText(4000), Type.Null()]),
  notes: Type.Union([LocalizedText(4000), Type.Null()]),
  measure: MeasureSchema,
  base: Nullable(PeriodCode),
  measures: Type.Array(MeasureSchema, { description: 'The measures this indicator can be shown in' }),
  perCapita: Type.Union([Type.Object({ of: Slug, scale: Type.Integer({ minimum: 1 }) }), Type.Null()]),
  regions: Type.Array(StatRegion),
  periods: Type.Array(IndicatorPeriod),
  dimensions: Type.Array(KeptDimension),
  series: Type.Array(IndicatorSeries),
  sources: Type.Array(IndicatorSource),
  targets: Type.Array(IndicatorTarget),
});
export type Indicator = Static<typeof Indicator>;

// ---- indicators linked to actions (KPIs) and to bottlenecks (evidence) ----

const PeriodValueInput = Type.Object(
  {
    value: Type.Number({ description: 'A finite number in the indicator\'s unit' }),
    period: Type.String({ minLength: 4, maxLength: 10, description: 'A period of the indicator\'s frequency: `2023`, `2023-Q2` (or `2023Q2`), `2023-06` (or `2023M06`)' }),
  },
  { additionalProperties: false },
);
const KpiRegion = Type.String({ minLength: 1, maxLength: 40, description: 'A region the indicator has figures for: nuts:FI1B1, fi-kunta:091, ee-ehak:0784…' });
const KpiNote = Type.Optional(LocalizedText(1000));

/** An indicator as a KPI of an action: the region it is read for, where it started and where the action means to take it. */
export const ActionIndicatorPut = Type.Object(
  { region: KpiRegion, baseline: PeriodValueInput, target: PeriodValueInput, note: KpiNote },
  { additionalProperties: false },
);
export type ActionIndicatorPut = Static<typeof ActionIndicatorPut>;

/** An indicator as evidence of a bottleneck: the region it shows the problem in; a baseline and a target if the register has them. */
export const BottleneckIndicatorPut = Type.Object(
  { region: KpiRegion, baseline: Type.Optional(PeriodValueInput), target: Type.Optional(PeriodValueInput), note: KpiNote },
  { additionalProperties: false },
);
export type BottleneckIndicatorPut = Static<typeof BottleneckIndicatorPut>;

export const LinkedIndicatorParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 40, description: 'The action\'s or bottleneck\'s id or reference' }), slug: Slug },
  { additionalProperties: false },
);
export const LinkedIndicatorsParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 40, description: 'The action\'s or bottleneck\'s id or reference' }) },
  { additionalProperties: false },
);

/** An indicator as an action or a bottleneck shows it: baseline → latest → target, and how far along the way the latest figure is. */
export const LinkedIndicator = Type.Object({
  slug: Slug,
  name: LocalizedText(300),
  unit: Type.Union([LocalizedText(100), Type.Null()]),
  frequency: IndicatorFrequencySchema,
  decimals: Type.Integer({ minimum: 0, maximum: 6 }),
  demo: Type.Boolean({ description: 'Demo figures, not an office\'s' }),
  published: Type.Boolean({ description: 'False for a draft (staff see it)' }),
  region: Type.Object({ code: Type.String(), name: Type.Union([LocalizedText(200), Type.Null()]) }),
  baseline: Type.Union([PeriodValue, Type.Null()]),
  target: Type.Union([PeriodValue, Type.Null()]),
  latest: Type.Union([PeriodValue, Type.Null()], { description: 'The newest figure of the region, in the indicator\'s own measure' }),
  progress: Nullable(Type.Number({ description: 'Share of the way from baseline to target the latest figure has come, 0–1, clamped; null without all three' })),
  note: Type.Union([LocalizedText(1000), Type.Null()]),
});
export type LinkedIndicator = Static<typeof LinkedIndicator>;

export const LinkedIndicators = Type.Object({
  items: Type.Array(LinkedIndicator),
  viewer: Type.Object({ canManage: Type.Boolean({ description: 'Whether the caller may link and unlink indicators here (editors)' }) }),
});
export type LinkedIndicators = Static<typeof LinkedIndicators>;

// ---- indicators as editors define them (issue 18, point 2) ----

const DimensionCode = Type.String({ minLength: 1, maxLength: 200, description: 'A dimension\'s code as the table has it' });
const ValueCode = Type.String({ minLength: 1, maxLength: 200, description: 'A value\'s code as the table has it' });
const RegionCodeInput = Type.String({ minLength: 1, maxLength: 40, description: 'A Talsinki region: nuts:FI1B1, fi-kunta:091, ee-ehak:0784…' });
/** Localised text an editor may leave out, or clear with null. */
const OptionalText = (max: number) => Type.Optional(Type.Union([LocalizedText(max), Type.Null()]));

/**
 * Where one side's figures come from: a table, and for each of its dimensions but time one of
 * three things: fixed to one value, kept as it is (sex, citizenship…), or the region dimension
 * whose codes are mapped to Talsinki regions. A table of one region names it in `regionCode`.
 */
export const SeriesInput = Type.Object(
  {
    side: IndicatorSideSchema,
    tableId: Uuid,
    fixed: Type.Optional(Type.Record(DimensionCode, ValueCode, { maxProperties: 50, description: 'Dimension code → the one value code taken' })),
    kept: Type.Optional(Type.Array(DimensionCode, { maxItems: 10, uniqueItems: true, description: 'Dimensions kept as the source has them' })),
    regionDimension: Type.Optional(DimensionCode),
    regionMap: Type.Optional(Type.Record(ValueCode, RegionCodeInput, { maxProperties: 2000, description: 'The region dimension\'s code → a Talsinki region; codes left out are not shown' })),
    regionCode: Type.Optional(RegionCodeInput),
    scale: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1e9, description: 'Each figure is multiplied by this (1 when left out)' })),
  },
  { additionalProperties: false },
);
export type SeriesInput = Static<typeof SeriesInput>;

const editableFields = {
  name: LocalizedText(300),
  definition: OptionalText(4000),
  unit: OptionalText(100),
  notes: OptionalText(4000),
  domain: Type.Optional(Nullable(DomainSchema)),
  frequency: IndicatorFrequencySchema,
  decimals: Type.Optional(Type.Integer({ minimum: 0, maximum: 6 })),
  headline: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 99, description: 'Position on the home page dashboard; null for none' }))),
  perCapitaOf: Type.Optional(Nullable(Slug)),
  perCapitaScale: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Per how many inhabitants (1000 when left out)' })),
  published: Type.Optional(Type.Boolean({ description: 'A draft (false) is seen by staff only and is not in the catalogue' })),
  series: Type.Array(SeriesInput, { maxItems: 12, description: 'Each side\'s tables, in order' }),
};

/** An indicator as an editor defines it: its words, and each side's tables mapped to Talsinki's regions. */
export const IndicatorInput = Type.Object({ slug: Slug, ...editableFields }, { additionalProperties: false });
export type IndicatorInput = Static<typeof IndicatorInput>;

/** A change to an indicator: any of its fields but the slug (its address). `series`, when given, replaces them all. */
export const IndicatorPatch = Type.Object(Type.Partial(Type.Object(editableFields)).properties, { additionalProperties: false, minProperties: 1 });
export type IndicatorPatch = Static<typeof IndicatorPatch>;

/** An indicator's definition as the editor's form reads it back. */
export const IndicatorDefinition = Type.Object({
  ...IndicatorInput.properties,
  definition: Type.Union([LocalizedText(4000), Type.Null()]),
  unit: Type.Union([LocalizedText(100), Type.Null()]),
  notes: Type.Union([LocalizedText(4000), Type.Null()]),
  domain: Nullable(DomainSchema),
  decimals: Type.Integer({ minimum: 0, maximum: 6 }),
  headline: Nullable(Type.Integer()),
  perCapitaOf: Nullable(Slug),
  perCapitaScale: Type.Integer({ minimum: 1 }),
  published: Type.Boolean(),
  demo: Type.Boolean({ description: 'Read from a demo table: its figures are not an office\'s' }),
  links: Type.Integer({ minimum: 0, description: 'Actions and bottlenecks it is linked to (it cannot be deleted while there are any)' }),
});
export type IndicatorDefinition = Static<typeof IndicatorDefinition>;

const RefusedField = Type.Object({ path: Type.String(), message: Type.String(), code: Type.String(), params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])) });

/** What a mapping gives before it is saved: the indicator as it would read, or why it cannot be saved. */
export const IndicatorPreview = Type.Object({
  indicator: Type.Union([Indicator, Type.Null()], { description: 'The draft as GET /api/indicators/{id} would answer it; null when it is refused' }),
  refusals: Type.Array(RefusedField, { description: 'Each field the save would refuse, as its 4xx answer names it' }),
});
export type IndicatorPreview = Static<typeof IndicatorPreview>;

