import { Nullable } from './nullable.ts';
import { Type, type Static } from 'typebox';
import { ISO_3166_1_ALPHA_2 } from '../countries.ts';
import { CONTENT_LANGUAGES } from '../languages.ts';
import { LocalizedText } from '../localized.ts';
import { DOMAINS, OUTCOMES, SITUATIONS, STATUSES, TOPICS } from '../register.ts';
import { Attachment } from './attachments.ts';
import { InstitutionRef } from './institutions.ts';
import { Page, PageQuery } from './lists.ts';
import { Searched } from './search.ts';

export const DomainSchema = Type.Enum([...DOMAINS], { type: 'string' });
export const StatusSchema = Type.Enum([...STATUSES], { type: 'string' });
export const TopicSchema = Type.Enum([...TOPICS], { type: 'string' });
export const SituationSchema = Type.Enum([...SITUATIONS], { type: 'string' });
export const OutcomeSchema = Type.Enum([...OUTCOMES], { type: 'string' });
export const ContentLanguageSchema = Type.Enum([...CONTENT_LANGUAGES], { type: 'string' });
/** ISO 3166-1 alpha-2: the two countries, and any other a case involves (an assigned code, not ZZ). */
export const CountrySchema = Type.Enum([...ISO_3166_1_ALPHA_2], { type: 'string', description: 'ISO 3166-1 alpha-2 code (officially assigned)' });
const DateTime = Type.String({ format: 'date-time' });
const Uuid = Type.String({ format: 'uuid' });
const Link = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 });

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 10_000;

/** A report, as a person writes it: in one language, which is recorded. */
export const BottleneckCreate = Type.Object(
  {
    title: Type.String({ minLength: 5, maxLength: TITLE_MAX, pattern: '\\S' }),
    description: Type.String({ minLength: 20, maxLength: DESCRIPTION_MAX, pattern: '\\S' }),
    language: ContentLanguageSchema,
    domain: DomainSchema,
    topics: Type.Optional(Type.Array(TopicSchema, { uniqueItems: true, maxItems: 8 })),
    countries: Type.Array(CountrySchema, { minItems: 1, maxItems: 6, uniqueItems: true }),
    situation: Type.Optional(SituationSchema),
    institutionId: Type.Optional(Uuid),
    serviceName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    affectedEstimate: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000 })),
    evidenceLinks: Type.Optional(Type.Array(Link, { maxItems: 10, uniqueItems: true })),
    /** For anonymous reporters who want to hear back; never shown publicly. */
    reporterEmail: Type.Optional(Type.String({ format: 'idn-email', maxLength: 254, description: 'An internationalised address is welcome (jüri@näide.ee)' })),
  },
  { additionalProperties: false },
);
export type BottleneckCreate = Static<typeof BottleneckCreate>;

export const BottleneckCreated = Type.Object({
  id: Uuid,
  ref: Type.String(),
  status: StatusSchema,
  attachmentToken: Type.String({ description: 'Send as X-Attachment-Token to attach files to this report within an hour' }),
  statusToken: Type.String({ description: "The reporter's private key to GET /api/bottlenecks/report-status/{token}; shown once and never stored" }),
});

/** Where a report stands, as its reporter's private status link shows it: nothing personal. */
export const REPORT_STATES = ['waiting', 'published', 'merged', 'rejected'] as const;
export type ReportState = (typeof REPORT_STATES)[number];
export const ReportStatusToken = Type.Object(
  { token: Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$', description: 'The token of the private status link' }) },
  { additionalProperties: false },
);
export const ReportStatus = Type.Object({
  ref: Type.String(),
  title: LocalizedText(TITLE_MAX),
  state: Type.Enum([...REPORT_STATES], { type: 'string', description: 'waiting (for moderation), published (any public status), merged, rejected' }),
  status: StatusSchema,
  submittedAt: DateTime,
  /** Why it was rejected, as the moderator wrote it for the reporter. */
  reason: Nullable(Type.String()),
  /** The report it was merged into (the one finally kept, when merges chain). */
  mergedInto: Nullable(Type.String({ description: 'Reference of the bottleneck kept' })),
});
export type ReportStatus = Static<typeof ReportStatus>;


export const BottleneckListItem = Type.Object({
  id: Uuid,
  ref: Type.String({ description: 'Human reference, e.g. BN-2026-0042' }),
  title: LocalizedText(TITLE_MAX),
  domain: DomainSchema,
  status: StatusSchema,
  countries: Type.Array(CountrySchema),
  topics: Type.Array(TopicSchema),
  supportCount: Type.Integer(),
  followerCount: Type.Integer(),
  isDemo: Type.Boolean(),
  createdAt: DateTime,
  publishedAt: Nullable(DateTime),
  updatedAt: DateTime,
  assessmentDueAt: Nullable(DateTime),
  /** Published more than two months ago and still not assessed. */
  overdue: Type.Boolean(),
});
export type BottleneckListItem = Static<typeof BottleneckListItem>;

export const SORTS = ['newest', 'supported', 'updated', 'relevance'] as const;

export const BottleneckQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    domain: Type.Optional(DomainSchema),
    status: Type.Optional(Type.Array(StatusSchema, { maxItems: STATUSES.length, description: 'One or more; repeat the parameter' })),
    country: Type.Optional(CountrySchema),
    topic: Type.Optional(TopicSchema),
    institution: Type.Optional(Uuid),
    overdue: Type.Optional(Type.Boolean()),
    mine: Type.Optional(Type.Boolean({ description: "Only the caller's own reports, whatever their status" })),
    sort: Type.Optional(Type.Enum([...SORTS], { type: 'string', default: 'newest' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type BottleneckQuery = Static<typeof BottleneckQuery>;

/** A page of the register; with search words, where each item's title matched and, when nothing was found, a corrected query. */
export const BottleneckList = Searched(Page(BottleneckListItem));

export const TimelineEntry = Type.Object({
  at: DateTime,
  kind: Type.String(),
  fromStatus: Nullable(StatusSchema),
  toStatus: Nullable(StatusSchema),
  note: Nullable(Type.String()),
  /** Role of whoever made the change: people are named only through their institutions. */
  actorRole: Nullable(Type.String()),
  institution: Type.Union([InstitutionRef, Type.Null()]),
  /** The dialogue or recommendation an entry is about (kinds `dialogue_planned`, `dialogue_held`, `minutes_published`, `recommendation_named`), or the one a suggested status change was applied for. */
  link: Type.Optional(
    Type.Object({
      type: Type.Union([Type.Literal('dialogue'), Type.Literal('recommendation')]),
      ref: Type.String(),
      title: Type.Union([LocalizedText(TITLE_MAX), Type.Null()]),
      state: Nullable(Type.String()),
    }),
  ),
});

/** A status change that a linked dialogue or recommendation calls for while the bottleneck is behind it; shown to editors, never applied by itself. */
export const StatusSuggestion = Type.Object({
  status: StatusSchema,
  because: Type.Object({ type: Type.Union([Type.Literal('dialogue'), Type.Literal('recommendation')]), ref: Type.String(), state: Type.String() }),
});

/** Applying a suggestion: the status and the item it was offered for; the note goes on the timeline with each step. */
export const SuggestionApply = Type.Object(
  { status: StatusSchema, because: Type.String({ minLength: 1, maxLength: 40 }), note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

/** Bottlenecks with a pending suggestion, for the editor's overview . */
export const SuggestionList = Type.Object({
  items: Type.Array(Type.Object({ id: Uuid, ref: Type.String(), title: LocalizedText(TITLE_MAX), status: StatusSchema, suggestion: StatusSuggestion })),
});

/** An earlier version of an answer or a response, kept when it was edited (oldest first). */
export const AnswerRevision = Type.Object({
  body: LocalizedText(DESCRIPTION_MAX),
  language: ContentLanguageSchema,
  /** When this version was written, and when an edit replaced it. */
  writtenAt: DateTime,
  replacedAt: DateTime,
});
export type AnswerRevision = Static<typeof AnswerRevision>;

export const Answer = Type.Object({
  id: Uuid,
  institution: InstitutionRef,
  country: Type.String(),
  /** One language: the one the answer is written in. */
  body: LocalizedText(DESCRIPTION_MAX),
  language: ContentLanguageSchema,
  createdAt: DateTime,
  /** When it was last edited; the versions it replaced are in `revisions`. */
  editedAt: Nullable(DateTime),
  revisions: Type.Array(AnswerRevision),
});
export type Answer = Static<typeof Answer>;

export const Assignment = Type.Object({ country: Type.String(), institution: InstitutionRef, assignedAt: DateTime });

export const BottleneckDetail = Type.Object({
  ...BottleneckListItem.properties,
  description: LocalizedText(DESCRIPTION_MAX),
  originalLanguage: ContentLanguageSchema,
  situation: Nullable(SituationSchema),
  institution: Type.Union([InstitutionRef, Type.Null()]),
  serviceName: Nullable(Type.String()),
  affectedEstimate: Nullable(Type.Integer()),
  evidenceLinks: Type.Array(Type.String()),
  /** Where it is, when the report came with a place (an Open311 app's lat/long or address). */
  location: Type.Union([
    Type.Object({ lat: Nullable(Type.Number()), long: Nullable(Type.Number()), address: Nullable(Type.String()), addressId: Nullable(Type.String()) }),
    Type.Null(),
  ]),
  outcome: Nullable(OutcomeSchema),
  outcomeNote: Nullable(Type.String()),
  closedAt: Nullable(DateTime),
  mergedInto: Type.Union([Type.Object({ id: Uuid, ref: Type.String() }), Type.Null()]),
  attachments: Type.Array(Attachment),
  assignments: Type.Array(Assignment),
  answers: Type.Array(Answer),
  timeline: Type.Array(TimelineEntry),
  /** To editors only: the status change a linked dialogue or recommendation calls for, or null. */
  suggestion: Type.Union([StatusSuggestion, Type.Null()]),
  viewer: Type.Object({
    supported: Type.Boolean(),
    following: Type.Boolean(),
    isReporter: Type.Boolean(),
    canModerate: Type.Boolean(),
    canManage: Type.Boolean(),
    /** Institutions the caller may answer for here. */
    canAnswerFor: Type.Array(Uuid),
  }),
});
export type BottleneckDetail = Static<typeof BottleneckDetail>;

/** Moderators and editors move a bottleneck through its lifecycle and keep it tidy. */
export const BottleneckPatch = Type.Object(
  {
    status: Type.Optional(StatusSchema),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 })),
    outcome: Type.Optional(OutcomeSchema),
    /** Redaction or translation: replaces the stored texts. */
    title: Type.Optional(LocalizedText(TITLE_MAX)),
    description: Type.Optional(LocalizedText(DESCRIPTION_MAX)),
    domain: Type.Optional(DomainSchema),
    topics: Type.Optional(Type.Array(TopicSchema, { uniqueItems: true, maxItems: 8 })),
    countries: Type.Optional(Type.Array(CountrySchema, { minItems: 1, maxItems: 6, uniqueItems: true })),
    assignments: Type.Optional(Type.Array(Type.Object({ country: CountrySchema, institutionId: Uuid }, { additionalProperties: false }), { maxItems: 6 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type BottleneckPatch = Static<typeof BottleneckPatch>;

export const AnswerCreate = Type.Object(
  {
    institutionId: Uuid,
    body: Type.String({ minLength: 2, maxLength: DESCRIPTION_MAX, pattern: '\\S' }),
    language: ContentLanguageSchema,
  },
  { additionalProperties: false },
);
export type AnswerCreate = Static<typeof AnswerCreate>;

/** A new version of an answer (or a response): its text and language; the one it replaces is kept. */
export const AnswerEdit = Type.Object(
  {
    body: Type.String({ minLength: 2, maxLength: DESCRIPTION_MAX, pattern: '\\S' }),
    language: ContentLanguageSchema,
  },
  { additionalProperties: false },
);
export type AnswerEdit = Static<typeof AnswerEdit>;

/** A bottleneck on a service owner's desk: assigned to their institution, with its answer if it has one. */
export const DeskAnswer = Type.Object({
  ...Answer.properties,
  /** Who wrote the current version: shown only to the institution's own service owners. */
  author: Nullable(Type.String()),
});
export const DeskBottleneck = Type.Object({ bottleneck: BottleneckListItem, answer: Type.Union([DeskAnswer, Type.Null()]) });
export const DeskBottlenecks = Type.Object({ items: Type.Array(DeskBottleneck) });
export type DeskBottlenecks = Static<typeof DeskBottlenecks>;

/** Publish or reject several reports of the moderation queue together (all or none). */
export const BulkModeration = Type.Object(
  {
    refs: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { minItems: 1, maxItems: 50, uniqueItems: true, description: 'Ids or references of reports waiting for moderation' }),
    status: Type.Union([Type.Literal('published'), Type.Literal('rejected')]),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 4000, description: 'Why they are rejected (required to reject); each reporter sees it' })),
  },
  { additionalProperties: false },
);
export type BulkModeration = Static<typeof BulkModeration>;
export const BulkModerated = Type.Object({ items: Type.Array(Type.Object({ id: Uuid, ref: Type.String() })) });

export const MergeBody = Type.Object(
  { into: Type.String({ minLength: 1, maxLength: 40, description: 'Id or reference of the bottleneck to keep' }), note: Type.Optional(Type.String({ maxLength: 4000 })) },
  { additionalProperties: false },
);

export const SimilarQuery = Type.Object({ title: Type.String({ minLength: 3, maxLength: TITLE_MAX }) }, { additionalProperties: false });
export const SUMMARY_MAX = 240;
export const SimilarList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Uuid,
      ref: Type.String(),
      title: LocalizedText(TITLE_MAX),
      /** The description's beginning, cut at a word, in each language it has. */
      summary: LocalizedText(SUMMARY_MAX + 1),
      status: StatusSchema,
      supportCount: Type.Integer({ description: 'How many say it affects them' }),
      similarity: Type.Number(),
    }),
  ),
});

export const Stats = Type.Object({
  total: Type.Integer(),
  byDomainAndStatus: Type.Array(Type.Object({ domain: DomainSchema, status: StatusSchema, count: Type.Integer() })),
  byMonth: Type.Array(Type.Object({ month: Type.String({ description: 'YYYY-MM' }), reported: Type.Integer(), closed: Type.Integer() })),
  overdue: Type.Integer(),
  mostSupported: Type.Array(BottleneckListItem),
});

const Text = (description: string) => Type.String({ description });
/**
 * One record of the register's open-data export, its fields in the order of the CSV's and the
 * spreadsheet's columns (the JSON export is a list of these).
 */
export const BottleneckExportRecord = Type.Object(
  {
    ref: Text('Human reference, e.g. BN-2026-0042'),
    title: Text('The title in the language it was written in'),
    title_fi: Nullable(Type.String()),
    title_et: Nullable(Type.String()),
    title_en: Nullable(Type.String()),
    description: Text('The description in the language it was written in'),
    original_language: ContentLanguageSchema,
    domain: DomainSchema,
    status: StatusSchema,
    outcome: Nullable(OutcomeSchema),
    countries: Text('ISO 3166-1 alpha-2 codes separated by ";"'),
    topics: Text('Topics separated by ";"'),
    assigned_institutions: Nullable(Text('country:institution pairs separated by ";"')),
    support_count: Type.Integer({ minimum: 0 }),
    follower_count: Type.Integer({ minimum: 0 }),
    reported_at: DateTime,
    published_at: Nullable(DateTime),
    assessment_due_at: Nullable(DateTime),
    overdue: Type.Boolean(),
    updated_at: DateTime,
    closed_at: Nullable(DateTime),
    is_demo: Type.Boolean(),
  },
  { additionalProperties: false },
);
