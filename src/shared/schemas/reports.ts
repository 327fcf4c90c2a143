import { Type, type Static } from 'typebox';
import { UI_LANGUAGES } from '../languages.ts';
import { LocalizedText } from '../localized.ts';
import { ActionStateSchema } from './actions.ts';
import { DomainSchema, OutcomeSchema, TITLE_MAX } from './bottlenecks.ts';
import { Nullable } from './nullable.ts';
import { RoadmapQuery } from './roadmap.ts';

const Uuid = Type.String({ format: 'uuid' });
const Day = Type.String({ format: 'date', description: 'A calendar day, YYYY-MM-DD (UTC)' });
const Lang = Type.Enum([...UI_LANGUAGES], { type: 'string', description: 'The language of the PDF and the HTML page (default: the page language)' });

export const REPORT_FORMATS = ['json', 'html', 'pdf'] as const;

export const ProgressReportQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date', description: 'First day of the period (with to; neither: this quarter)' })),
    to: Type.Optional(Type.String({ format: 'date', description: 'Last day of the period, at most five years after from' })),
    lang: Type.Optional(Lang),
    format: Type.Optional(Type.Enum([...REPORT_FORMATS], { type: 'string', description: 'Overrides Accept, for links: json, html or pdf' })),
  },
  { additionalProperties: false },
);
export type ProgressReportQuery = Static<typeof ProgressReportQuery>;

const ReportPeriod = Type.Object({ from: Day, to: Day });

/** An action as the report names it. */
export const ReportActionRef = Type.Object({ id: Uuid, ref: Type.String(), title: LocalizedText(TITLE_MAX), isDemo: Type.Boolean() });
export type ReportActionRef = Static<typeof ReportActionRef>;

/** An action as it stood at the end of the period. */
export const ReportAction = Type.Object({
  ...ReportActionRef.properties,
  parentId: Nullable(Uuid),
  depth: Type.Integer({ minimum: 0 }),
  domain: DomainSchema,
  state: ActionStateSchema,
  progress: Type.Number({ description: 'Per cent at the end of the period (parents rolled up from their children then)' }),
  startsOn: Day,
  endsOn: Day,
});
export type ReportAction = Static<typeof ReportAction>;

export const ReportMilestone = Type.Object({
  id: Uuid,
  action: ReportActionRef,
  title: LocalizedText(TITLE_MAX),
  dueOn: Day,
  doneOn: Nullable(Day),
  /** Done after its due day. */
  late: Type.Boolean(),
});
export type ReportMilestone = Static<typeof ReportMilestone>;

export const ProgressReport = Type.Object({
  period: ReportPeriod,
  /** The previous period of equal length, which "changes" and the states' previous counts compare with. */
  previous: ReportPeriod,
  /** The day the report was judged on (UTC): a milestone is missed only once its due day has passed. */
  today: Day,
  planVersion: Type.Integer(),
  /** Whether anything in the report is demo data. */
  isDemo: Type.Boolean(),
  /** Every state, in the plan's order: the actions in it at the end of the period and at the end of the previous one. */
  states: Type.Array(Type.Object({ state: ActionStateSchema, count: Type.Integer({ minimum: 0 }), previousCount: Type.Integer({ minimum: 0 }) })),
  /** The actions that existed at the end of the period, in tree order. */
  actions: Type.Array(ReportAction),
  milestones: Type.Object({
    /** Done in the period; `late` when after the due day. */
    met: Type.Array(ReportMilestone),
    /** Due in the period, on a day now past, while the action was open, and not done by that day (done later, or not yet). */
    missed: Type.Array(ReportMilestone),
  }),
  changes: Type.Object({
    /** Written into the plan in the period. */
    added: Type.Array(Type.Object({ ...ReportActionRef.properties, on: Day, state: ActionStateSchema, progress: Type.Number() })),
    /** Dropped in the period, with the reason given. */
    dropped: Type.Array(Type.Object({ action: ReportActionRef, on: Day, reason: Nullable(Type.String()) })),
    /** Every change of state in the period, in order. */
    states: Type.Array(Type.Object({ action: ReportActionRef, on: Day, from: ActionStateSchema, to: ActionStateSchema, note: Nullable(Type.String()) })),
    /** Actions whose progress at the end of the period differs from that at the end of the previous one. */
    progress: Type.Array(Type.Object({ action: ReportActionRef, from: Type.Number(), to: Type.Number() })),
    /** Milestones whose due day was moved later in the period. */
    slipped: Type.Array(Type.Object({ action: ReportActionRef, milestoneId: Uuid, title: LocalizedText(TITLE_MAX), on: Day, from: Day, to: Day })),
  }),
  /** Bottlenecks linked to actions and resolved in the period. */
  bottlenecks: Type.Array(
    Type.Object({
      id: Uuid,
      ref: Type.String(),
      title: LocalizedText(TITLE_MAX),
      resolvedOn: Day,
      outcome: Nullable(OutcomeSchema),
      isDemo: Type.Boolean(),
      actions: Type.Array(ReportActionRef),
    }),
  ),
});
export type ProgressReport = Static<typeof ProgressReport>;

/** The roadmap's filters and the language of its PDF. */
export const RoadmapPdfQuery = Type.Object({ ...RoadmapQuery.properties, lang: Type.Optional(Lang) }, { additionalProperties: false });
export type RoadmapPdfQuery = Static<typeof RoadmapPdfQuery>;
