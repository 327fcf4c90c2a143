import { Type, type Static } from 'typebox';
import { LocalizedText } from '../localized.ts';
import { Attachment } from './attachments.ts';
import { LinkedDialogue } from './dialogues.ts';
import { CommentGeometry, CommentGeometryInput } from './geometry.ts';
import { InstitutionRef } from './institutions.ts';
import { Page, PageQuery } from './lists.ts';
import { Nullable } from './nullable.ts';
import { Searched } from './search.ts';

/**
 * The living lab's pilots (issue 20 point 4): who runs them (institutions of both countries),
 * where (points and areas in the twin region), when, what they aim at and how it is measured (KPIs
 * read from an indicator or a SensorThings datastream), what came of them, their documents and the
 * forum sessions that showed them. Each pilot's datastreams are one dataset of the open data
 * catalogue (`pilot:<slug>`).
 */

export const PILOT_STATUSES = ['planned', 'running', 'completed', 'cancelled'] as const;
export type PilotStatus = (typeof PILOT_STATUSES)[number];
export const PARTNER_ROLES = ['lead', 'partner', 'funder', 'host'] as const;
export type PartnerRole = (typeof PARTNER_ROLES)[number];
/** How a KPI is read: the newest value, or the mean over the pilot's period. */
export const KPI_MEASURES = ['latest', 'mean'] as const;
export type KpiMeasure = (typeof KPI_MEASURES)[number];

export const PILOT_NAME_MAX = 200;
export const PILOT_TEXT_MAX = 10_000;
export const PILOT_ITEM_MAX = 1_000;
/** Partners, places, goals, KPIs, results and dialogues: each list at most this long. */
export const PILOT_LIST_MAX = 30;

export const PilotStatusSchema = Type.Enum([...PILOT_STATUSES], { type: 'string' });
export const PartnerRoleSchema = Type.Enum([...PARTNER_ROLES], { type: 'string' });
export const KpiMeasureSchema = Type.Enum([...KPI_MEASURES], { type: 'string' });

const Uuid = Type.String({ format: 'uuid' });
const Day = Type.String({ format: 'date', description: 'A calendar day, YYYY-MM-DD' });
const DateTime = Type.String({ format: 'date-time' });
export const PilotSlug = Type.String({ minLength: 2, maxLength: 80, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', description: 'The pilot in addresses: lower-case words joined by hyphens' });
const DatastreamId = Type.Integer({ minimum: 1, maximum: 9_007_199_254_740_991, description: 'A SensorThings Datastream @iot.id' });

export const PartnerInput = Type.Object({ institutionId: Uuid, role: PartnerRoleSchema }, { additionalProperties: false });
export const PlaceInput = Type.Object({ name: LocalizedText(PILOT_NAME_MAX), geometry: CommentGeometryInput }, { additionalProperties: false });
export const KpiInput = Type.Object(
  {
    name: LocalizedText(PILOT_NAME_MAX),
    /** An indicator by id or by its name in addresses. */
    indicator: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100 }))),
    datastreamId: Type.Optional(Nullable(DatastreamId)),
    target: Type.Optional(Nullable(Type.Number())),
    unit: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 40 }))),
    measure: Type.Optional(KpiMeasureSchema),
  },
  { additionalProperties: false, description: 'A KPI reads an indicator, a datastream, or both (field code kpi-without-source when neither)' },
);
export const ResultInput = Type.Object({ on: Day, text: LocalizedText(PILOT_ITEM_MAX) }, { additionalProperties: false });

const pilotFields = {
  slug: PilotSlug,
  name: LocalizedText(PILOT_NAME_MAX),
  description: Type.Optional(LocalizedText(PILOT_TEXT_MAX)),
  status: Type.Optional(PilotStatusSchema),
  startsOn: Type.Optional(Nullable(Day)),
  endsOn: Type.Optional(Nullable(Day)),
  partners: Type.Optional(Type.Array(PartnerInput, { maxItems: PILOT_LIST_MAX })),
  places: Type.Optional(Type.Array(PlaceInput, { maxItems: PILOT_LIST_MAX })),
  goals: Type.Optional(Type.Array(LocalizedText(PILOT_ITEM_MAX), { maxItems: PILOT_LIST_MAX })),
  kpis: Type.Optional(Type.Array(KpiInput, { maxItems: PILOT_LIST_MAX })),
  results: Type.Optional(Type.Array(ResultInput, { maxItems: PILOT_LIST_MAX })),
  /** Dialogues (forum sessions) by id or reference. */
  dialogues: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: PILOT_LIST_MAX, uniqueItems: true })),
};

export const PilotCreate = Type.Object(pilotFields, { additionalProperties: false });
export type PilotCreate = Static<typeof PilotCreate>;
export const PilotPatch = Type.Object(Type.Partial(PilotCreate).properties, { additionalProperties: false, minProperties: 1 });
export type PilotPatch = Static<typeof PilotPatch>;

export const PilotPartner = Type.Object({ institution: InstitutionRef, role: PartnerRoleSchema });
export type PilotPartner = Static<typeof PilotPartner>;
export const PilotPlace = Type.Object({ id: Uuid, name: LocalizedText(PILOT_NAME_MAX), geometry: CommentGeometry });
export type PilotPlace = Static<typeof PilotPlace>;

export const PilotListItem = Type.Object({
  id: Uuid,
  slug: Type.String(),
  name: LocalizedText(PILOT_NAME_MAX),
  status: PilotStatusSchema,
  startsOn: Nullable(Day),
  endsOn: Nullable(Day),
  partners: Type.Array(PilotPartner),
  places: Type.Array(PilotPlace),
  thingCount: Type.Integer({ minimum: 0 }),
  datastreamCount: Type.Integer({ minimum: 0 }),
  isDemo: Type.Boolean(),
  updatedAt: DateTime,
});
export type PilotListItem = Static<typeof PilotListItem>;
export const PilotList = Searched(Page(PilotListItem));
export type PilotList = Static<typeof PilotList>;

export const PilotQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Words of the name or description in any language' })),
    status: Type.Optional(PilotStatusSchema),
    institution: Type.Optional(Type.String({ format: 'uuid', description: 'Pilots this institution is a partner of' })),
    country: Type.Optional(Type.Enum(['FI', 'EE'], { type: 'string', description: 'Pilots with a partner of this country' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type PilotQuery = Static<typeof PilotQuery>;

/** What a KPI reads now: null when its source has no value yet (or is gone). */
export const PilotKpi = Type.Object({
  id: Uuid,
  name: LocalizedText(PILOT_NAME_MAX),
  indicator: Type.Union([Type.Object({ id: Uuid, slug: Type.String(), name: LocalizedText(300) }), Type.Null()]),
  datastream: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String() }), Type.Null()]),
  target: Nullable(Type.Number()),
  unit: Nullable(Type.String()),
  measure: KpiMeasureSchema,
  /** The datastream's value as measured (latest, or mean over the period); null without one. */
  value: Nullable(Type.Number()),
  /** When the value was observed (latest) or the period's last observation (mean). */
  valueAt: Nullable(DateTime),
});
export type PilotKpi = Static<typeof PilotKpi>;

export const PilotGoal = Type.Object({ id: Uuid, text: LocalizedText(PILOT_ITEM_MAX) });
export const PilotResult = Type.Object({ id: Uuid, on: Day, text: LocalizedText(PILOT_ITEM_MAX) });

export const PilotDatastream = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  unit: Nullable(Type.String({ description: "The unit's symbol" })),
  observedProperty: Nullable(Type.String()),
  phenomenonEnd: Nullable(DateTime),
});
export const PilotThing = Type.Object({ id: Type.Integer(), name: Type.String(), description: Type.String(), datastreams: Type.Array(PilotDatastream) });
export type PilotThing = Static<typeof PilotThing>;

export const PilotDetail = Type.Object({
  ...PilotListItem.properties,
  description: Type.Union([LocalizedText(PILOT_TEXT_MAX), Type.Object({}, { additionalProperties: false })]),
  goals: Type.Array(PilotGoal),
  kpis: Type.Array(PilotKpi),
  results: Type.Array(PilotResult),
  dialogues: Type.Array(LinkedDialogue),
  documents: Type.Array(Attachment),
  things: Type.Array(PilotThing),
  /** The catalogue's dataset of the pilot's datastreams, by its name, when it has one. */
  dataset: Nullable(Type.String()),
  createdAt: DateTime,
  viewer: Type.Object({ canManage: Type.Boolean() }),
});
export type PilotDetail = Static<typeof PilotDetail>;

export const PilotParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 80, description: 'Id or slug' }) });

// ---- write tokens bound to a pilot ----

export const PilotTokenCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 730 })),
  },
  { additionalProperties: false },
);
export type PilotTokenCreate = Static<typeof PilotTokenCreate>;
export const PilotToken = Type.Object({
  id: Uuid,
  name: Type.String(),
  prefix: Type.String({ description: 'First characters of the token, to recognise it' }),
  owner: Nullable(Type.String({ description: "Display name of the token's account" })),
  createdAt: DateTime,
  lastUsedAt: Nullable(DateTime),
  expiresAt: Nullable(DateTime),
  revokedAt: Nullable(DateTime),
});
export type PilotToken = Static<typeof PilotToken>;
export const PilotTokenCreated = Type.Object({ ...PilotToken.properties, token: Type.String({ description: 'Shown once; only its hash is stored' }) });
export type PilotTokenCreated = Static<typeof PilotTokenCreated>;
export const PilotTokens = Type.Object({ items: Type.Array(PilotToken) });
export const PilotTokenParams = Type.Object({ ...PilotParams.properties, tokenId: Uuid });
