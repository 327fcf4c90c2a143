import { Type, type Static } from 'typebox';
import { ACTION_EVENT_KINDS, ACTION_STATES, RACI_ROLES, REVIEW_CADENCES } from '../actions.ts';
import { LocalizedText } from '../localized.ts';
import { DomainSchema, TITLE_MAX } from './bottlenecks.ts';
import { DESCRIPTION_MAX, LinkedBottleneck } from './dialogues.ts';
import { InstitutionRef } from './institutions.ts';
import { Page, PageQuery } from './lists.ts';
import { Nullable } from './nullable.ts';
import { RecommendationStateSchema } from './recommendations.ts';
import { CitedLesson, LessonReferences } from './regions.ts';

export const ActionStateSchema = Type.Enum([...ACTION_STATES], { type: 'string' });
export const RaciRoleSchema = Type.Enum([...RACI_ROLES], { type: 'string' });
export const ReviewCadenceSchema = Type.Enum([...REVIEW_CADENCES], { type: 'string' });
export const ActionEventKindSchema = Type.Enum([...ACTION_EVENT_KINDS], { type: 'string' });

const Uuid = Type.String({ format: 'uuid' });
const Day = Type.String({ format: 'date', description: 'A calendar day, YYYY-MM-DD' });
const DateTime = Type.String({ format: 'date-time' });
const Reference = Type.String({ minLength: 1, maxLength: 40, description: 'Id or reference (AC-2026-0001, RC-…, BN-…)' });
const Url = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 });
const Note = Type.String({ minLength: 2, maxLength: 4000, pattern: '\\S' });
const Progress = Type.Number({ minimum: 0, maximum: 100, description: 'Per cent; set on leaves, rolled up to parents as the weighted mean' });
const Weight = Type.Number({ exclusiveMinimum: 0, maximum: 1000, description: "The action's weight in its parent's roll-up (default 1)" });
const Euros = Type.Number({ minimum: 0, maximum: 1e12 });
export const MAX_ACTION_LINKS = 100;

export const RaciEntry = Type.Object(
  { institutionId: Uuid, role: RaciRoleSchema, lead: Type.Optional(Type.Boolean({ description: 'The lead institution (at most one per action)' })) },
  { additionalProperties: false },
);
export type RaciEntry = Static<typeof RaciEntry>;
export const RaciPut = Type.Object({ entries: Type.Array(RaciEntry, { minItems: 1, maxItems: 100 }) }, { additionalProperties: false });
export type RaciPut = Static<typeof RaciPut>;

export const DependenciesPut = Type.Object(
  { predecessors: Type.Array(Reference, { maxItems: MAX_ACTION_LINKS, uniqueItems: true, description: 'The actions that must finish before this one starts (finish-to-start)' }) },
  { additionalProperties: false },
);
export type DependenciesPut = Static<typeof DependenciesPut>;

export const FundingInput = Type.Object(
  { source: LocalizedText(300), amountEur: Euros, year: Type.Optional(Nullable(Type.Integer({ minimum: 2000, maximum: 2100 }))) },
  { additionalProperties: false },
);

const editableFields = {
  title: LocalizedText(TITLE_MAX),
  description: LocalizedText(DESCRIPTION_MAX),
  domain: DomainSchema,
  startsOn: Day,
  endsOn: Day,
  weight: Weight,
  progress: Progress,
  state: ActionStateSchema,
  /** Needed to drop an action; shown with it. */
  dropReason: Note,
  bodyId: Nullable(Type.String({ format: 'uuid', description: 'The coordinating governance body' })),
  reviewCadence: Nullable(ReviewCadenceSchema),
  budgetEur: Nullable(Euros),
  funding: Type.Array(FundingInput, { maxItems: 50 }),
  recommendations: Type.Array(Reference, { maxItems: MAX_ACTION_LINKS, uniqueItems: true }),
  bottlenecks: Type.Array(Reference, { maxItems: MAX_ACTION_LINKS, uniqueItems: true }),
  lessons: LessonReferences,
  parent: Nullable(Type.String({ minLength: 1, maxLength: 40, description: 'The parent action, id or reference; null for a theme at the top' })),
  position: Type.Integer({ minimum: 0, maximum: 100_000, description: 'Order among its siblings' }),
};

export const ActionCreate = Type.Object(
  {
    ...Type.Partial(Type.Object(editableFields)).properties,
    title: editableFields.title,
    domain: editableFields.domain,
    startsOn: editableFields.startsOn,
    endsOn: editableFields.endsOn,
    raci: Type.Array(RaciEntry, { minItems: 1, maxItems: 100 }),
    dependsOn: Type.Optional(DependenciesPut.properties.predecessors),
  },
  { additionalProperties: false },
);
export type ActionCreate = Static<typeof ActionCreate>;

/** A change to an action. Service owners of a Responsible or Accountable institution may send only progress, state, dropReason and note. */
export const ActionPatch = Type.Object(
  {
    ...Type.Partial(Type.Object(editableFields)).properties,
    /** Why: kept on the public timeline with a change of state or progress. */
    note: Type.Optional(Note),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ActionPatch = Static<typeof ActionPatch>;

export const MilestoneCreate = Type.Object(
  {
    title: LocalizedText(TITLE_MAX),
    dueOn: Day,
    doneOn: Type.Optional(Nullable(Day)),
    evidenceUrl: Type.Optional(Nullable(Url)),
    evidenceNote: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }))),
  },
  { additionalProperties: false },
);
export type MilestoneCreate = Static<typeof MilestoneCreate>;
/** Service owners may send only doneOn and the evidence. */
export const MilestonePatch = Type.Object({ ...Type.Partial(MilestoneCreate).properties }, { additionalProperties: false, minProperties: 1 });
export type MilestonePatch = Static<typeof MilestonePatch>;

export const ActionQuery = Type.Object(
  {
    domain: Type.Optional(DomainSchema),
    institution: Type.Optional(Type.String({ format: 'uuid', description: 'Actions where this institution has any RACI role' })),
    body: Type.Optional(Type.String({ format: 'uuid', description: 'Actions this governance body coordinates' })),
    state: Type.Optional(ActionStateSchema),
    overdue: Type.Optional(Type.Boolean({ description: 'Open actions with a milestone past due and not done, or past their end' })),
    parent: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'Children of this action (id or reference); `none` for the top of the tree' })),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Words of the title in any language, or a reference' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type ActionQuery = Static<typeof ActionQuery>;

const ActionLink = { id: Uuid, ref: Type.String(), title: LocalizedText(TITLE_MAX) };

/** One action as a list row, a tree node and a Gantt bar. */
export const ActionSummary = Type.Object({
  ...ActionLink,
  parentId: Nullable(Type.String({ format: 'uuid' })),
  position: Type.Integer(),
  domain: DomainSchema,
  state: ActionStateSchema,
  startsOn: Day,
  endsOn: Day,
  weight: Type.Number(),
  progress: Type.Number(),
  bodyId: Nullable(Type.String({ format: 'uuid' })),
  lead: Type.Union([InstitutionRef, Type.Null()]),
  accountable: Type.Union([InstitutionRef, Type.Null()]),
  childCount: Type.Integer({ minimum: 0 }),
  /** Open, and a milestone is past due and not done, or the end has passed. */
  overdue: Type.Boolean(),
  isDemo: Type.Boolean(),
  updatedAt: DateTime,
});
export type ActionSummary = Static<typeof ActionSummary>;
export const ActionList = Page(ActionSummary);
export type ActionList = Static<typeof ActionList>;

export const Milestone = Type.Object({
  id: Uuid,
  title: LocalizedText(TITLE_MAX),
  dueOn: Day,
  doneOn: Nullable(Day),
  evidenceUrl: Nullable(Type.String()),
  evidenceNote: Nullable(Type.String()),
  /** Not done and its due day has passed. */
  overdue: Type.Boolean(),
});
export type Milestone = Static<typeof Milestone>;

export const RaciAssignment = Type.Object({ institution: InstitutionRef, role: RaciRoleSchema, lead: Type.Boolean() });
export const DependencyLink = Type.Object({ ...ActionLink, state: ActionStateSchema, startsOn: Day, endsOn: Day });
export const LinkedRecommendation = Type.Object({ id: Uuid, ref: Type.String(), title: LocalizedText(TITLE_MAX), state: RecommendationStateSchema });
export const Funding = Type.Object({ source: LocalizedText(300), amountEur: Type.Number(), year: Nullable(Type.Integer()) });
export const ActionEvent = Type.Object({
  at: DateTime,
  kind: ActionEventKindSchema,
  from: Nullable(Type.String()),
  to: Nullable(Type.String()),
  note: Nullable(Type.String()),
  milestoneId: Nullable(Type.String({ format: 'uuid' })),
});
export type ActionEvent = Static<typeof ActionEvent>;

export const ActionDetail = Type.Object({
  ...ActionSummary.properties,
  description: Type.Union([LocalizedText(DESCRIPTION_MAX), Type.Object({}, { additionalProperties: false })]),
  dropReason: Nullable(Type.String()),
  reviewCadence: Nullable(ReviewCadenceSchema),
  budgetEur: Nullable(Type.Number()),
  body: Type.Union([Type.Object({ id: Uuid, slug: Type.String(), name: LocalizedText(300), cadence: ReviewCadenceSchema }), Type.Null()]),
  /** From the top of the tree down to the parent. */
  ancestors: Type.Array(Type.Object({ ...ActionLink, state: ActionStateSchema })),
  children: Type.Array(ActionSummary),
  milestones: Type.Array(Milestone),
  raci: Type.Array(RaciAssignment),
  dependencies: Type.Object({ predecessors: Type.Array(DependencyLink), successors: Type.Array(DependencyLink) }),
  recommendations: Type.Array(LinkedRecommendation),
  bottlenecks: Type.Array(LinkedBottleneck),
  /** Lessons learned in the benchmark regions that the action cites. */
  lessons: Type.Array(CitedLesson),
  funding: Type.Array(Funding),
  timeline: Type.Array(ActionEvent),
  createdAt: DateTime,
  viewer: Type.Object({ canManage: Type.Boolean(), canReport: Type.Boolean({ description: 'May update progress, state and milestones (an editor, or a service owner of an R or A institution)' }) }),
});
export type ActionDetail = Static<typeof ActionDetail>;
