import { Type, type Static } from 'typebox';
import { CHANGE_KINDS, EFFORTS, PRIORITIES, RECOMMENDATION_STATES, TRACE_TYPES } from '../dialogues.ts';
import { LocalizedText } from '../localized.ts';
import { AnswerEdit, AnswerRevision, ContentLanguageSchema, StatusSchema, TITLE_MAX } from './bottlenecks.ts';
import { DESCRIPTION_MAX, LinkedBottleneck, LinkedDialogue, MAX_LINKS } from './dialogues.ts';
import { DATASET_TITLE_MAX } from './catalog.ts';
import { InstitutionRef } from './institutions.ts';
import { Page, PageQuery } from './lists.ts';
import { Nullable } from './nullable.ts';
import { Searched } from './search.ts';
import { CitedLesson, LessonReferences } from './regions.ts';

export const RecommendationStateSchema = Type.Enum([...RECOMMENDATION_STATES], { type: 'string' });
export const ChangeKindSchema = Type.Enum([...CHANGE_KINDS], { type: 'string' });
export const PrioritySchema = Type.Enum([...PRIORITIES], { type: 'string' });
export const EffortSchema = Type.Enum([...EFFORTS], { type: 'string' });
const DateTime = Type.String({ format: 'date-time' });
const Uuid = Type.String({ format: 'uuid' });
const Reference = Type.String({ minLength: 1, maxLength: 40, description: 'Id or reference' });

const recommendationFields = {
  title: LocalizedText(TITLE_MAX),
  rationale: LocalizedText(DESCRIPTION_MAX),
  /** The institutions asked to act, of either country (each answers for itself). */
  addressees: Type.Array(Uuid, { minItems: 1, maxItems: 20, uniqueItems: true }),
  bottlenecks: Type.Optional(Type.Array(Reference, { uniqueItems: true, maxItems: MAX_LINKS })),
  dialogues: Type.Optional(Type.Array(Reference, { uniqueItems: true, maxItems: MAX_LINKS })),
  lessons: Type.Optional(LessonReferences),
  changeKind: ChangeKindSchema,
  priority: PrioritySchema,
  effort: EffortSchema,
};

export const RecommendationCreate = Type.Object(recommendationFields, { additionalProperties: false });
export type RecommendationCreate = Static<typeof RecommendationCreate>;

export const RecommendationPatch = Type.Object(
  {
    ...Type.Partial(RecommendationCreate).properties,
    state: Type.Optional(RecommendationStateSchema),
    /** Why: needed to reject, kept on the public timeline with any change of state. */
    note: Type.Optional(Type.String({ minLength: 2, maxLength: 4000, pattern: '\\S' })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type RecommendationPatch = Static<typeof RecommendationPatch>;

export const RecommendationListItem = Type.Object({
  id: Uuid,
  ref: Type.String({ description: 'Human reference, e.g. RC-2026-0003' }),
  title: LocalizedText(TITLE_MAX),
  changeKind: ChangeKindSchema,
  priority: PrioritySchema,
  effort: EffortSchema,
  state: RecommendationStateSchema,
  addressees: Type.Array(InstitutionRef),
  responseCount: Type.Integer(),
  bottleneckCount: Type.Integer(),
  createdAt: DateTime,
  updatedAt: DateTime,
  isDemo: Type.Boolean(),
});
export type RecommendationListItem = Static<typeof RecommendationListItem>;
export const RecommendationList = Searched(Page(RecommendationListItem));

export const RecommendationQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Words of the title in any language (inflected, a part of a compound, a typo or without diacritics still find it), or a reference such as RC-2026-0003' })),
    sort: Type.Optional(Type.Enum(['priority', 'relevance'], { type: 'string', default: 'priority', description: '`priority`: high first, then the newest; `relevance` (with `q`): the exact reference, then titles that are the words, start with them or hold them, then the rest by how well they matched (a word as written before its inflections, compound parts and typos), each by priority' })),
    state: Type.Optional(RecommendationStateSchema),
    institution: Type.Optional(Uuid),
    changeKind: Type.Optional(ChangeKindSchema),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type RecommendationQuery = Static<typeof RecommendationQuery>;

/** An addressed institution's response: one language, edited with its earlier versions kept (as a bottleneck's answer). */
export const RecommendationResponse = Type.Object({
  id: Uuid,
  institution: InstitutionRef,
  body: LocalizedText(DESCRIPTION_MAX),
  language: ContentLanguageSchema,
  createdAt: DateTime,
  editedAt: Nullable(DateTime),
  revisions: Type.Array(AnswerRevision),
});
export type RecommendationResponse = Static<typeof RecommendationResponse>;
export const ResponseCreate = Type.Object(
  { institutionId: Uuid, body: Type.String({ minLength: 2, maxLength: DESCRIPTION_MAX, pattern: '\\S' }), language: ContentLanguageSchema },
  { additionalProperties: false },
);
export type ResponseCreate = Static<typeof ResponseCreate>;
export const ResponseEdit = AnswerEdit;
export type ResponseEdit = Static<typeof ResponseEdit>;

/** A recommendation on a service owner's desk: addressed to their institution, with its response if it has one. */
export const DeskRecommendation = Type.Object({
  recommendation: RecommendationListItem,
  /** A response is expected within the assessment time a bottleneck has, from the recommendation's date. */
  respondBy: DateTime,
  /** No response yet and `respondBy` has passed. */
  overdue: Type.Boolean(),
  response: Type.Union([Type.Object({ ...RecommendationResponse.properties, author: Nullable(Type.String()) }), Type.Null()]),
});
export const DeskRecommendations = Type.Object({ items: Type.Array(DeskRecommendation) });
export type DeskRecommendations = Static<typeof DeskRecommendations>;

export const RecommendationEvent = Type.Object({ at: DateTime, fromState: Nullable(RecommendationStateSchema), toState: RecommendationStateSchema, note: Nullable(Type.String()) });

export const RecommendationDetail = Type.Object({
  ...RecommendationListItem.properties,
  rationale: LocalizedText(DESCRIPTION_MAX),
  rejectionReason: Nullable(Type.String()),
  bottlenecks: Type.Array(LinkedBottleneck),
  dialogues: Type.Array(LinkedDialogue),
  /** Lessons learned in the benchmark regions that the recommendation cites. */
  lessons: Type.Array(CitedLesson),
  responses: Type.Array(RecommendationResponse),
  timeline: Type.Array(RecommendationEvent),
  viewer: Type.Object({ canManage: Type.Boolean(), canRespondFor: Type.Array(Uuid) }),
});
export type RecommendationDetail = Static<typeof RecommendationDetail>;

// ---- trace ----

export const TraceTypeSchema = Type.Enum([...TRACE_TYPES], { type: 'string' });
export const TraceNode = Type.Object({
  key: Type.String({ description: 'type:id' }),
  type: TraceTypeSchema,
  id: Uuid,
  ref: Type.String(),
  /** The longest title a traced kind has: a dataset's. */
  title: LocalizedText(DATASET_TITLE_MAX),
  /** The item's status or state in its own vocabulary (a framework node's: its version's state). */
  status: Type.String(),
  /** A framework objective's or target's version: the node as the trace shows it (the adopted version if that holds it, else the newest out of draft). */
  version: Type.Optional(Type.Integer({ minimum: 1 })),
  /** Hops from the item asked about. */
  depth: Type.Integer({ minimum: 0 }),
});
export const TraceEdge = Type.Object({ from: Type.String(), to: Type.String() });
export const Trace = Type.Object({ root: Type.String(), nodes: Type.Array(TraceNode), edges: Type.Array(TraceEdge), truncated: Type.Boolean() });
export type Trace = Static<typeof Trace>;
/** An item's id or reference; a dataset's or an indicator's is its name, which may be longer than a register reference. */
export const TraceParams = Type.Object({ type: TraceTypeSchema, id: Type.String({ minLength: 1, maxLength: 100, description: 'Id, reference, or a dataset\'s or indicator\'s name' }) });
export const TraceQuery = Type.Object({ depth: Type.Optional(Type.Integer({ minimum: 1, maximum: 3, default: 2 })) }, { additionalProperties: false });

// Status of a linked bottleneck in a chain, re-exported for readers of this file.
export { StatusSchema };
