import { Type, type Static } from 'typebox';
import { LocalizedText } from '../localized.ts';
import { Nullable } from './nullable.ts';

/**
 * The joint strategic framework (issue 19 §3; research §4): vision → goals → objectives →
 * targets, in versions (draft, in consultation, adopted, superseded). A node keeps its `key`
 * from version to version, which is what a diff matches and a comment links. A target names an
 * indicator (a region, a baseline and a target) and the actions that serve it, and shows how far
 * the indicator's latest figure has come.
 */

export const FRAMEWORK_STATES = ['draft', 'in_consultation', 'adopted', 'superseded'] as const;
export type FrameworkState = (typeof FRAMEWORK_STATES)[number];
export const FRAMEWORK_NODE_KINDS = ['vision', 'goal', 'objective', 'target'] as const;
export type FrameworkNodeKind = (typeof FRAMEWORK_NODE_KINDS)[number];
/** The parent kind each kind hangs under (the vision is the root). */
export const PARENT_KIND: Record<FrameworkNodeKind, FrameworkNodeKind | null> = { vision: null, goal: 'vision', objective: 'goal', target: 'objective' };
/** The two regions that adopt the framework, by their NUTS-3 codes: Helsinki-Uusimaa and Harju county. */
export const FRAMEWORK_REGIONS = ['FI1B1', 'EE001'] as const;
export type FrameworkRegion = (typeof FRAMEWORK_REGIONS)[number];
export const FRAMEWORK_REGION_COUNTRY: Record<FrameworkRegion, 'FI' | 'EE'> = { FI1B1: 'FI', EE001: 'EE' };
/** The fields a diff compares on a node, texts and the rest. */
export const DIFF_TEXT_FIELDS = ['title', 'body'] as const;
export const DIFF_VALUE_FIELDS = ['ref', 'indicator', 'region', 'baseline', 'target', 'actions'] as const;
export const DIFF_CHANGE_TYPES = ['added', 'removed', 'moved', 'reordered', 'text', 'value'] as const;
export type DiffChangeType = (typeof DIFF_CHANGE_TYPES)[number];

const Uuid = Type.String({ format: 'uuid' });
const Loc = LocalizedText(4000);
/** A description by language, which may be emptied ({} removes it). */
const Body = Type.Object(Loc.properties, { additionalProperties: false, description: 'Text by language (fi, et, en, sv, ru); {} for none' });
const Title = LocalizedText(300);
const TextOrEmpty = Type.Record(Type.String({ maxLength: 2 }), Type.String(), { description: 'Text by language; may be empty' });
const Timestamp = Nullable(Type.String({ format: 'date-time' }));
const StateSchema = Type.Enum([...FRAMEWORK_STATES], { type: 'string' });
const KindSchema = Type.Enum([...FRAMEWORK_NODE_KINDS], { type: 'string' });
const RegionSchema = Type.Enum([...FRAMEWORK_REGIONS], { type: 'string', description: 'FI1B1 Helsinki-Uusimaa, EE001 Harju county' });
const PeriodValue = Type.Object({ value: Type.Number(), period: Type.String() });
const Ref = Type.String({ minLength: 1, maxLength: 20, pattern: '^[A-Za-z][A-Za-z0-9.]*$', description: 'The node\'s short reference: V, G2, O2.3, T2.3.1' });

/** A version by its number; anything that is not one is a version that does not exist (404), as an unknown number is. */
export const VersionParams = Type.Object({ v: Type.String({ minLength: 1, maxLength: 12, description: 'The version number: 1, 2, …' }) });
export const DiffParams = Type.Object({
  a: Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'The version compared from' }),
  b: Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'The version compared to' }),
});
export const NodeParams = Type.Object({ v: VersionParams.properties.v, key: Uuid });

export const Adoption = Type.Object({
  region: RegionSchema,
  institution: Type.Object({ id: Uuid, slug: Type.String(), name: TextOrEmpty }),
  decidedOn: Type.String({ format: 'date' }),
  decisionRef: Type.String(),
  decisionUrl: Nullable(Type.String()),
  recordedAt: Type.String({ format: 'date-time' }),
});
export type Adoption = Static<typeof Adoption>;

const VersionFields = {
  id: Uuid,
  number: Type.Integer(),
  label: TextOrEmpty,
  state: StateSchema,
  basedOn: Nullable(Type.Integer()),
  frozenAt: Timestamp,
  adoptedAt: Timestamp,
  contentHash: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  demo: Type.Boolean(),
  adoptions: Type.Array(Adoption),
};

export const VersionSummary = Type.Object({
  ...VersionFields,
  counts: Type.Object({ goals: Type.Integer(), objectives: Type.Integer(), targets: Type.Integer() }),
});
export type VersionSummary = Static<typeof VersionSummary>;
export const VersionList = Type.Object({ items: Type.Array(VersionSummary), viewer: Type.Object({ canEdit: Type.Boolean() }) });
export type VersionList = Static<typeof VersionList>;

const TargetUnit = Type.Union([TextOrEmpty, Type.Null()]);
/** A target's indicator as the framework shows it. */
const TargetIndicator = Type.Object({ slug: Type.String(), name: TextOrEmpty, unit: TargetUnit, decimals: Type.Integer(), frequency: Type.String(), demo: Type.Boolean() });

export const FrameworkNode = Type.Object({
  key: Uuid,
  kind: KindSchema,
  ref: Type.String(),
  parentKey: Nullable(Type.String({ format: 'uuid' })),
  position: Type.Integer(),
  title: TextOrEmpty,
  body: TextOrEmpty,
  /** Targets only: the indicator, region, baseline → latest → target, and the share of the way gone (0..1, null without a figure). */
  target: Type.Union([
    Type.Null(),
    Type.Object({
      indicator: TargetIndicator,
      region: Type.Object({ code: Type.String(), name: TargetUnit }),
      baseline: Type.Union([PeriodValue, Type.Null()]),
      target: PeriodValue,
      latest: Type.Union([PeriodValue, Type.Null()]),
      progress: Nullable(Type.Number({ minimum: 0, maximum: 1 })),
      actions: Type.Array(Type.Object({ id: Uuid, ref: Type.String(), title: TextOrEmpty, state: Type.String() })),
    }),
  ]),
  /** Objectives: the plans that serve it (planning's `plan_objectives`, by the stable key); [] for other kinds. */
  plans: Type.Array(Type.Object({ slug: Type.String(), name: TextOrEmpty, demo: Type.Boolean() })),
  /** Objectives and goals (and the vision): the mean progress of the targets beneath that have one, and how many those are. */
  rollup: Type.Union([Type.Null(), Type.Object({ progress: Nullable(Type.Number({ minimum: 0, maximum: 1 })), counted: Type.Integer(), targets: Type.Integer() })]),
});
export type FrameworkNode = Static<typeof FrameworkNode>;

export const VersionDetail = Type.Object({
  ...VersionFields,
  /** Depth first, each node after its parent, siblings by position. */
  nodes: Type.Array(FrameworkNode),
  /** canEdit: the asker may change this version's content (an editor, and it is a draft); canManage: may move it on (an editor). */
  viewer: Type.Object({ canEdit: Type.Boolean(), canManage: Type.Boolean() }),
});
export type VersionDetail = Static<typeof VersionDetail>;

export const VersionCreate = Type.Object(
  { basedOn: Type.Optional(Type.Integer({ minimum: 1, description: 'The version whose nodes the draft starts from (same keys)' })), label: Type.Optional(Title) },
  { additionalProperties: false },
);
export type VersionCreate = Static<typeof VersionCreate>;
export const VersionPatch = Type.Object({ label: Title }, { additionalProperties: false });
export type VersionPatch = Static<typeof VersionPatch>;
export const StateChange = Type.Object({ state: Type.Enum(['in_consultation'], { type: 'string', description: 'A draft goes to consultation (frozen); adoption follows from the regions\' adoptions' }) }, { additionalProperties: false });
export type StateChange = Static<typeof StateChange>;

const PeriodValueInput = Type.Object(
  {
    value: Type.Number({ description: 'A finite number in the indicator\'s unit' }),
    period: Type.String({ minLength: 4, maxLength: 10, description: 'A period of the indicator\'s frequency: 2023, 2023-Q2, 2023-06' }),
  },
  { additionalProperties: false },
);
const TargetFields = {
  indicator: Type.Optional(Type.String({ minLength: 2, maxLength: 80, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', description: 'Targets: the indicator\'s slug (required)' })),
  region: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'Targets: a region the indicator has figures for' })),
  baseline: Type.Optional(Type.Union([PeriodValueInput, Type.Null()])),
  target: Type.Optional(PeriodValueInput),
  actions: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40, description: 'An action\'s id or reference' }), { maxItems: 50, uniqueItems: true })),
};

export const NodeCreate = Type.Object(
  {
    kind: KindSchema,
    parentKey: Type.Optional(Uuid),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
    ref: Ref,
    title: Title,
    body: Type.Optional(Body),
    ...TargetFields,
  },
  { additionalProperties: false },
);
export type NodeCreate = Static<typeof NodeCreate>;

export const NodePatch = Type.Object(
  {
    parentKey: Type.Optional(Uuid),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
    ref: Type.Optional(Ref),
    title: Type.Optional(Title),
    body: Type.Optional(Body),
    ...TargetFields,
  },
  { additionalProperties: false, minProperties: 1 },
);
export type NodePatch = Static<typeof NodePatch>;

export const AdoptionCreate = Type.Object(
  {
    region: RegionSchema,
    institutionId: Uuid,
    decidedOn: Type.String({ format: 'date' }),
    decisionRef: Type.String({ minLength: 1, maxLength: 200 }),
    decisionUrl: Type.Optional(Type.String({ format: 'uri', maxLength: 500, description: 'An http(s) address of the decision' })),
  },
  { additionalProperties: false },
);
export type AdoptionCreate = Static<typeof AdoptionCreate>;

export const AdoptingBody = Type.Object({ region: RegionSchema, institution: Type.Object({ id: Uuid, slug: Type.String(), name: TextOrEmpty, country: Type.String() }) });
export const AdoptingBodyList = Type.Object({ items: Type.Array(AdoptingBody) });
export type AdoptingBodyList = Static<typeof AdoptingBodyList>;
export const AdoptingBodyCreate = Type.Object({ region: RegionSchema, institutionId: Uuid }, { additionalProperties: false });
export type AdoptingBodyCreate = Static<typeof AdoptingBodyCreate>;

// ---- the diff of two versions ----

const WordPart = Type.Object({ value: Type.String(), added: Type.Optional(Type.Boolean()), removed: Type.Optional(Type.Boolean()) });
export type WordPart = Static<typeof WordPart>;

export const DiffChange = Type.Object({
  /** Stable: a hash of (a, b, node, type, field, language); both versions never change once frozen. */
  changeId: Type.String(),
  type: Type.Enum([...DIFF_CHANGE_TYPES], { type: 'string' }),
  nodeKey: Uuid,
  ref: Type.String(),
  kind: KindSchema,
  field: Type.Optional(Type.String()),
  lang: Type.Optional(Type.String()),
  /** Text changes: the words kept, added and removed, in order. */
  parts: Type.Optional(Type.Array(WordPart)),
  /** Value changes, moves and reorders: what it was and what it became (a parent's ref, a position, a number…). */
  before: Type.Optional(Type.Unknown()),
  after: Type.Optional(Type.Unknown()),
});
export type DiffChange = Static<typeof DiffChange>;

/** A published comment a change answers ("you said, we did"): where it is read. */
export const AnsweredComment = Type.Object({ id: Uuid, consultation: Type.String({ description: "The consultation's slug" }), sectionId: Uuid });
export type AnsweredComment = Static<typeof AnsweredComment>;
/** The published comments linked to the changed node of version b (to the whole node or to this change's field). */
export const ChangeAnswers = Type.Object({ count: Type.Integer({ minimum: 0 }), comments: Type.Array(AnsweredComment) });
export type ChangeAnswers = Static<typeof ChangeAnswers>;

export const VersionDiff = Type.Object({
  /** Each version's number and content hash (null while a draft): the changes depend on nothing else; their answers on the links. */
  a: Type.Object({ number: Type.Integer(), contentHash: Nullable(Type.String()) }),
  b: Type.Object({ number: Type.Integer(), contentHash: Nullable(Type.String()) }),
  changes: Type.Array(Type.Object({ ...DiffChange.properties, answers: ChangeAnswers })),
});
export type VersionDiff = Static<typeof VersionDiff>;
