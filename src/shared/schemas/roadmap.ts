import { Type, type Static } from 'typebox';
import { LocalizedText } from '../localized.ts';
import { ActionStateSchema, RaciRoleSchema } from './actions.ts';
import { InstitutionRef } from './institutions.ts';
import { DomainSchema, TITLE_MAX } from './bottlenecks.ts';
import { Nullable } from './nullable.ts';

const Uuid = Type.String({ format: 'uuid' });
const Day = Type.String({ format: 'date' });

export const RoadmapQuery = Type.Object(
  {
    domain: Type.Optional(DomainSchema),
    institution: Type.Optional(Type.String({ format: 'uuid', description: 'Bars where this institution has any RACI role' })),
    body: Type.Optional(Type.String({ format: 'uuid', description: 'Bars this governance body coordinates' })),
    state: Type.Optional(ActionStateSchema),
  },
  { additionalProperties: false },
);
export type RoadmapQuery = Static<typeof RoadmapQuery>;

/** One action as the Gantt view draws it: a bar in tree order, indented by depth. */
export const RoadmapBar = Type.Object({
  id: Uuid,
  ref: Type.String(),
  parentId: Nullable(Type.String({ format: 'uuid' })),
  depth: Type.Integer({ minimum: 0 }),
  title: LocalizedText(TITLE_MAX),
  domain: DomainSchema,
  state: ActionStateSchema,
  startsOn: Day,
  endsOn: Day,
  progress: Type.Number(),
  bodyId: Nullable(Type.String({ format: 'uuid' })),
  leadId: Nullable(Type.String({ format: 'uuid' })),
  /** Every institution with a RACI role on the action (the RACI matrix's row). */
  raci: Type.Array(Type.Object({ institutionId: Uuid, role: RaciRoleSchema })),
  overdue: Type.Boolean(),
  isDemo: Type.Boolean(),
});
export type RoadmapBar = Static<typeof RoadmapBar>;

export const RoadmapMilestone = Type.Object({
  id: Uuid,
  actionId: Uuid,
  title: LocalizedText(TITLE_MAX),
  dueOn: Day,
  doneOn: Nullable(Day),
  overdue: Type.Boolean(),
});

export const Roadmap = Type.Object({
  /** The plan's version (it moves with every change to the plan): the same version and day give the same roadmap. */
  version: Type.Integer(),
  /** The day overdue was judged on (UTC). */
  today: Day,
  /** The first and last day of the bars shown; null when none is. */
  from: Nullable(Day),
  to: Nullable(Day),
  bars: Type.Array(RoadmapBar),
  /** Every institution with a role anywhere in the plan, filtered or not (the filters' choices; the matrix's columns are those the bars shown name), by country and name. */
  institutions: Type.Array(InstitutionRef),
  /** Every governance body coordinating an action of the plan, filtered or not. */
  bodies: Type.Array(Type.Object({ id: Uuid, slug: Type.String(), name: LocalizedText(300) })),
  milestones: Type.Array(RoadmapMilestone),
  /** Finish-to-start: `from` must finish before `to` starts; only between bars shown. */
  dependencies: Type.Array(Type.Object({ from: Uuid, to: Uuid })),
});
export type Roadmap = Static<typeof Roadmap>;
