import { Type, type Static } from 'typebox';
import { DomainSchema } from './bottlenecks.ts';
import { Nullable } from './nullable.ts';
import { ActionStateSchema, ReviewCadenceSchema } from './actions.ts';

/**
 * The joint action plan as a table (issue 17 §4), in Decidim accountability's spirit: one row per
 * action, parents before their children, links spelt out by reference. The CSV, XLSX and JSON
 * exports write these columns, and the import reads them back, so an exported file edited in a
 * spreadsheet can be imported again.
 *
 * - `ref`: the action's reference. On import, a reference of the plan updates that action; an
 *   empty cell creates one; any other text (`new-1`, `T2`) creates one too and is the new row's
 *   key within the file, for other rows' `parent_ref` and `depends_on`. A text shaped like a
 *   reference (`AC-2026-0042`) that the plan does not have is refused rather than created.
 * - `raci`: `institution-slug:ROLE` pairs separated by `;` (the directory's slugs, as on
 *   `/api/institutions/{slug}`); `lead`: one slug among them.
 * - `body`: the coordinating governance body's slug.
 * - `funding`: the funding sources as JSON, `[{"source":{"en":"…"},"amountEur":90000,"year":2026}]`.
 * - `recommendations`, `bottlenecks`, `depends_on`: references separated by `;`.
 * - Dates are ISO days (`2026-03-31`); numbers use a point (a comma is read as one too).
 * - `milestones` (their count), `is_demo` and `updated_at` are the plan's own: read, never written.
 */
export const PLAN_COLUMNS = [
  'ref',
  'parent_ref',
  'title_fi',
  'title_et',
  'title_en',
  'title_sv',
  'title_ru',
  'description_fi',
  'description_et',
  'description_en',
  'description_sv',
  'description_ru',
  'domain',
  'state',
  'drop_reason',
  'starts_on',
  'ends_on',
  'weight',
  'progress',
  'body',
  'review_cadence',
  'budget_eur',
  'funding',
  'raci',
  'lead',
  'recommendations',
  'bottlenecks',
  'depends_on',
  'milestones',
  'is_demo',
  'updated_at',
] as const;
export type PlanColumn = (typeof PLAN_COLUMNS)[number];

/** Columns the import accepts and leaves alone: what the plan counts, labels or stamps itself. */
export const PLAN_READ_ONLY_COLUMNS: readonly PlanColumn[] = ['milestones', 'is_demo', 'updated_at'];

/** The most rows one import takes (the bench imports 2,000). */
export const PLAN_IMPORT_MAX_ROWS = 5000;
/** The largest file the import reads, and the most an XLSX may unpack to. */
export const PLAN_IMPORT_MAX_MEGABYTES = 10;
export const PLAN_IMPORT_MAX_UNPACKED_MEGABYTES = 100;

const Text = Nullable(Type.String());
const Day = Type.String({ format: 'date' });
const List = (description: string) => Nullable(Type.String({ description }));

/** One action as the JSON export writes it: the CSV's columns, with numbers and booleans typed. */
export const PlanExportRecord = Type.Object(
  {
    ref: Type.String({ description: 'The action’s reference, e.g. AC-2026-0042' }),
    parent_ref: Text,
    title_fi: Text,
    title_et: Text,
    title_en: Text,
    title_sv: Text,
    title_ru: Text,
    description_fi: Text,
    description_et: Text,
    description_en: Text,
    description_sv: Text,
    description_ru: Text,
    domain: DomainSchema,
    state: ActionStateSchema,
    drop_reason: Text,
    starts_on: Day,
    ends_on: Day,
    weight: Type.Number(),
    progress: Type.Number(),
    body: Nullable(Type.String({ description: 'The coordinating governance body’s slug' })),
    review_cadence: Nullable(ReviewCadenceSchema),
    budget_eur: Nullable(Type.Number()),
    funding: Nullable(Type.String({ description: 'The funding sources as JSON: [{"source":{"en":"…"},"amountEur":90000,"year":2026}]' })),
    raci: List('institution-slug:ROLE pairs separated by ";" (R, A, C or I)'),
    lead: Nullable(Type.String({ description: 'The lead institution’s slug' })),
    recommendations: List('Recommendation references separated by ";"'),
    bottlenecks: List('Bottleneck references separated by ";"'),
    depends_on: List('References of the actions that must finish first, separated by ";"'),
    milestones: Type.Integer({ minimum: 0, description: 'How many milestones the action has (export.milestones.* lists them)' }),
    is_demo: Type.Boolean(),
    updated_at: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type PlanExportRecord = Static<typeof PlanExportRecord>;

export const MILESTONE_COLUMNS = [
  'action_ref',
  'id',
  'title_fi',
  'title_et',
  'title_en',
  'title_sv',
  'title_ru',
  'due_on',
  'done_on',
  'evidence_url',
  'evidence_note',
  'overdue',
  'is_demo',
  'updated_at',
] as const;

/** One milestone as the JSON export writes it. */
export const MilestoneExportRecord = Type.Object(
  {
    action_ref: Type.String(),
    id: Type.String({ format: 'uuid' }),
    title_fi: Text,
    title_et: Text,
    title_en: Text,
    title_sv: Text,
    title_ru: Text,
    due_on: Day,
    done_on: Nullable(Type.String({ format: 'date' })),
    evidence_url: Text,
    evidence_note: Text,
    overdue: Type.Boolean({ description: 'Not done, its due day has passed, and its action is still open' }),
    is_demo: Type.Boolean(),
    updated_at: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

export const PlanImportQuery = Type.Object(
  { dryRun: Type.Optional(Type.Union([Type.Boolean(), Type.Literal('1'), Type.Literal('0')], { description: 'Check the file and report what it would do, writing nothing (1 or true)' })) },
  { additionalProperties: false },
);

/** What an import did (or, as a dry run, would do), row by row. */
export const PlanImportReport = Type.Object({
  dryRun: Type.Boolean(),
  format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]),
  rows: Type.Integer({ minimum: 0 }),
  created: Type.Integer({ minimum: 0 }),
  updated: Type.Integer({ minimum: 0 }),
  unchanged: Type.Integer({ minimum: 0 }),
  results: Type.Array(
    Type.Object({
      row: Type.Integer({ minimum: 2, description: 'The row as a spreadsheet numbers it (the header is row 1)' }),
      ref: Nullable(Type.String({ description: 'The action’s reference; for a new action in a dry run, null (it has none yet)' })),
      key: Nullable(Type.String({ description: 'The key a new row had in the file, if any' })),
      outcome: Type.Union([Type.Literal('created'), Type.Literal('updated'), Type.Literal('unchanged')]),
      columns: Type.Array(Type.String(), { description: 'The columns that change (for an update)' }),
    }),
  ),
});
export type PlanImportReport = Static<typeof PlanImportReport>;
