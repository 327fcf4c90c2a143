import { Type, type Static, type TSchema } from 'typebox';
import { LocalizedText, LocalizedTextOut } from '../localized.ts';
import { CONTENT_LANGUAGES, UI_LANGUAGES } from '../languages.ts';
import { PageQuery } from './lists.ts';
import { CommentGeometry, CommentGeometryInput } from './geometry.ts';
import { Nullable } from './nullable.ts';
import { CommentOutcome } from './consultationOutcomes.ts';

/**
 * Public consultations (issue 19 point 4): a document put before the public between an opening
 * and a closing time, in sections, each with its own comments, replies, supports and flags,
 * moderated before or after publication. Comments are plain text: any markup in them is kept as
 * written and always shown as text; only scripts are refused.
 */

export const SUBJECTS = ['framework_version', 'plan', 'text'] as const;
export type ConsultationSubject = (typeof SUBJECTS)[number];
/** Who may comment, and who may support a comment. */
export const PARTICIPATION_RULES = ['none', 'signed_in', 'open'] as const;
export type ParticipationRule = (typeof PARTICIPATION_RULES)[number];
export const MODERATION_MODES = ['before', 'after'] as const;
export type ModerationMode = (typeof MODERATION_MODES)[number];
export const MAP_TOOLS = ['none', 'point', 'point_and_area'] as const;
export type MapTools = (typeof MAP_TOOLS)[number];
export const SECTION_KINDS = ['main', 'part', 'alternative', 'closure'] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];
export const CONSULTATION_STATES = ['upcoming', 'open', 'closed'] as const;
export type ConsultationState = (typeof CONSULTATION_STATES)[number];
/** The languages a comment may be written in (recorded as the author says). */
export const COMMENT_LANGUAGES = CONTENT_LANGUAGES;
export type CommentLanguage = (typeof COMMENT_LANGUAGES)[number];
/** The respondent's relation to the twin region, asked once. */
export const RELATIONS = ['lives_fi', 'lives_ee', 'commutes', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];
/** A comment's side of the gulf: the relation its author gave, or `unknown`. */
export const SIDES = [...RELATIONS, 'unknown'] as const;
export type Side = (typeof SIDES)[number];
export const COMMENT_STATES = ['pending', 'published', 'rejected'] as const;
export type CommentState = (typeof COMMENT_STATES)[number];
export const FLAG_REASONS = ['spam', 'offensive', 'off_topic', 'personal_data'] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];
export const MODERATION_REASONS = [...FLAG_REASONS, 'other'] as const;
export type ModerationReason = (typeof MODERATION_REASONS)[number];
export const COMMENT_SORTS = ['date', '-date', 'support'] as const;
export type CommentSort = (typeof COMMENT_SORTS)[number];
/** Distinct reporters whose flags hide a comment published without moderation (decision 6). */
export const FLAGS_TO_HIDE = 3;
export const MAX_COMMENT_LENGTH = 5000;

/** An object or null (Nullable takes primitive types only). */
const OrNull = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Enum = <T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>(Type.Enum([...values], { type: 'string', ...(description ? { description } : {}) }));

/** Text written by editors, in any of the five languages, at least one. */
const EditorText = (max: number) => LocalizedText(max);
const TextOut = LocalizedTextOut;
export type ConsultationText = Static<typeof TextOut>;

export const ConsultationSlug = Type.String({ minLength: 2, maxLength: 80, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' });

export const SectionInput = Type.Object(
  {
    kind: Enum(SECTION_KINDS),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
    title: EditorText(300),
    abstract: Type.Optional(OrNull(EditorText(2000))),
    body: Type.Optional(OrNull(EditorText(50_000))),
  },
  { additionalProperties: false },
);
export type SectionInput = Static<typeof SectionInput>;
export const SectionPatch = Type.Object({ ...Type.Partial(SectionInput).properties }, { additionalProperties: false, minProperties: 1 });
export type SectionPatch = Static<typeof SectionPatch>;

const consultationFields = {
  slug: ConsultationSlug,
  title: EditorText(300),
  summary: Type.Optional(OrNull(EditorText(4000))),
  subject: Enum(SUBJECTS, 'What is put before the public: a version of the joint framework, a plan, or any text'),
  frameworkVersionId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
  planId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
  opensAt: Type.String({ format: 'date-time' }),
  closesAt: Type.String({ format: 'date-time' }),
  commenting: Enum(PARTICIPATION_RULES, 'Who may comment: nobody, signed-in people, or anyone'),
  support: Enum(PARTICIPATION_RULES, 'Who may support a comment'),
  moderation: Enum(MODERATION_MODES, 'before: comments wait for a moderator; after: they show at once and a moderator may reject them'),
  published: Type.Optional(Type.Boolean({ description: 'Shown to the public (before that, to staff only)' })),
  mapTools: Type.Optional(Enum(MAP_TOOLS, 'What a comment may mark on the map: nothing (default), a point, or a point or an area')),
};

export const ConsultationCreate = Type.Object({ ...consultationFields, sections: Type.Optional(Type.Array(SectionInput, { maxItems: 40 })) }, { additionalProperties: false });
export type ConsultationCreate = Static<typeof ConsultationCreate>;
export const ConsultationPatch = Type.Object({ ...Type.Partial(Type.Object(consultationFields)).properties }, { additionalProperties: false, minProperties: 1 });
export type ConsultationPatch = Static<typeof ConsultationPatch>;

const Counts = Type.Object({ comments: Type.Integer(), replies: Type.Integer() });
const SideCounts = Type.Object(Object.fromEntries(SIDES.map((side) => [side, Type.Integer({ minimum: 0 })])) as Record<Side, ReturnType<typeof Type.Integer>>);

export const ConsultationSummary = Type.Object({
  id: Type.String(),
  ref: Type.String(),
  slug: Type.String(),
  title: TextOut,
  summary: OrNull(TextOut),
  subject: Enum(SUBJECTS),
  planId: Nullable(Type.String()),
  frameworkVersionId: Nullable(Type.String()),
  opensAt: Type.String({ format: 'date-time' }),
  closesAt: Type.String({ format: 'date-time' }),
  state: Enum(CONSULTATION_STATES),
  commenting: Enum(PARTICIPATION_RULES),
  support: Enum(PARTICIPATION_RULES),
  moderation: Enum(MODERATION_MODES),
  published: Type.Boolean(),
  mapTools: Enum(MAP_TOOLS),
  isDemo: Type.Boolean(),
  sectionCount: Type.Integer(),
  /** Published comments and replies. */
  counts: Counts,
});
export type ConsultationSummary = Static<typeof ConsultationSummary>;

export const ConsultationQuery = Type.Object(
  { state: Type.Optional(Enum(CONSULTATION_STATES)), ...PageQuery },
  { additionalProperties: false },
);
export type ConsultationQuery = Static<typeof ConsultationQuery>;
export const ConsultationList = Type.Object({ items: Type.Array(ConsultationSummary), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });
export type ConsultationList = Static<typeof ConsultationList>;

// ---- surveys (short questions per section; research §3) ----

export const QUESTION_KINDS = ['single', 'multiple', 'scale', 'text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
/** Choices a question may offer, and its scale's bounds (a scale has at most 21 points). */
export const MAX_OPTIONS = 20;
export const SCALE_BOUND = 10;
/** A text answer's length when the question sets none. */
export const DEFAULT_ANSWER_LENGTH = 1000;
export const MAX_ANSWER_LENGTH = 5000;

const OptionKey = Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9]+([_-][a-z0-9]+)*$', description: 'Stable key of an option (lower case, digits, - and _)' });
export const QuestionOption = Type.Object({ key: OptionKey, label: EditorText(300) }, { additionalProperties: false });
const ScaleLabels = Type.Object({ min: Type.Optional(EditorText(100)), max: Type.Optional(EditorText(100)) }, { additionalProperties: false, description: 'The words at each end of a scale' });

const questionFields = {
  kind: Enum(QUESTION_KINDS, 'single: one option; multiple: up to maxChoices options; scale: an integer from scaleMin to scaleMax; text: free text up to maxLength characters'),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  prompt: EditorText(1000),
  options: Type.Optional(Type.Array(QuestionOption, { maxItems: MAX_OPTIONS, description: 'For single and multiple choice: at least two' })),
  scaleMin: Type.Optional(Type.Integer({ minimum: -SCALE_BOUND, maximum: SCALE_BOUND })),
  scaleMax: Type.Optional(Type.Integer({ minimum: -SCALE_BOUND, maximum: SCALE_BOUND })),
  scaleLabels: Type.Optional(OrNull(ScaleLabels)),
  maxChoices: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: MAX_OPTIONS }))),
  maxLength: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: MAX_ANSWER_LENGTH }))),
  required: Type.Optional(Type.Boolean()),
};
export const QuestionInput = Type.Object(questionFields, { additionalProperties: false });
export type QuestionInput = Static<typeof QuestionInput>;
export const QuestionPatch = Type.Object({ ...Type.Partial(Type.Object(questionFields)).properties }, { additionalProperties: false, minProperties: 1 });
export type QuestionPatch = Static<typeof QuestionPatch>;
export const QuestionOrder = Type.Object(
  { questionIds: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 100, description: "All of the section's questions, in their new order" }) },
  { additionalProperties: false },
);
export type QuestionOrder = Static<typeof QuestionOrder>;

const OptionOut = Type.Object({ key: Type.String(), label: TextOut });
const ScaleLabelsOut = Type.Object({ min: Type.Optional(TextOut), max: Type.Optional(TextOut) });
/** One answer as stored: the field its question's kind takes, the others null. */
export const MyAnswer = Type.Object({ questionId: Type.String(), optionKeys: OrNull(Type.Array(Type.String())), scaleValue: Nullable(Type.Integer()), text: Nullable(Type.String()) });
export type MyAnswer = Static<typeof MyAnswer>;
const QuestionFieldsOut = {
  id: Type.String(),
  sectionId: Type.String(),
  position: Type.Integer(),
  kind: Enum(QUESTION_KINDS),
  prompt: TextOut,
  options: Type.Array(OptionOut),
  scaleMin: Nullable(Type.Integer()),
  scaleMax: Nullable(Type.Integer()),
  scaleLabels: OrNull(ScaleLabelsOut),
  maxChoices: Nullable(Type.Integer()),
  /** A text answer's limit (the default when the editor set none); null for other kinds. */
  maxLength: Nullable(Type.Integer()),
  required: Type.Boolean(),
};
export const Question = Type.Object({
  ...QuestionFieldsOut,
  /** Someone has answered: the section's questions can no longer change. */
  answered: Type.Boolean(),
  /** The caller's own answer, if any. */
  mine: OrNull(MyAnswer),
});
export type Question = Static<typeof Question>;
export const QuestionList = Type.Object({ items: Type.Array(Question) });

export const AnswerInput = Type.Object(
  {
    questionId: Type.String({ format: 'uuid' }),
    optionKeys: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: MAX_OPTIONS, description: 'single and multiple choice' })),
    scaleValue: Type.Optional(Type.Integer({ description: 'scale' })),
    text: Type.Optional(Type.String({ maxLength: MAX_ANSWER_LENGTH, description: 'text' })),
  },
  { additionalProperties: false },
);
export const AnswersInput = Type.Object(
  { answers: Type.Array(AnswerInput, { minItems: 1, maxItems: 100, description: "Answers to the section's questions, all kept or none" }) },
  { additionalProperties: false },
);
export type AnswersInput = Static<typeof AnswersInput>;
export const AnswersSaved = Type.Object({ answers: Type.Array(MyAnswer) });
export type AnswersSaved = Static<typeof AnswersSaved>;

const Tally = Type.Object({ total: Type.Integer({ minimum: 0 }), bySide: SideCounts });
export const QuestionResult = Type.Object({
  ...QuestionFieldsOut,
  /** Respondents who answered, overall and by side of the gulf. */
  answers: Tally,
  /** Per option (in the question's order) or per scale point (from min to max); empty for a text question (its texts are in the report). */
  values: Type.Array(Type.Object({ value: Type.String(), ...Tally.properties })),
});
export type QuestionResult = Static<typeof QuestionResult>;
export const SurveyResults = Type.Object({ sectionId: Type.String(), state: Enum(CONSULTATION_STATES), questions: Type.Array(QuestionResult) });
export type SurveyResults = Static<typeof SurveyResults>;

export const SectionFile = Type.Object({
  id: Type.String(),
  filename: Type.String(),
  mediaType: Type.String(),
  size: Type.Integer(),
  url: Type.String(),
  /** An image's alternative text; null for a document. */
  alt: OrNull(TextOut),
});
export type SectionFile = Static<typeof SectionFile>;

export const Section = Type.Object({
  id: Type.String(),
  kind: Enum(SECTION_KINDS),
  position: Type.Integer(),
  title: TextOut,
  abstract: OrNull(TextOut),
  /** The Markdown as written (editors), and as HTML with raw HTML shown as text. */
  body: OrNull(TextOut),
  bodyHtml: OrNull(TextOut),
  files: Type.Array(SectionFile),
  counts: Counts,
  /** Published comments and replies by side of the gulf. */
  bySide: SideCounts,
  /** The section's short survey, in order (empty when it has none). */
  questions: Type.Array(Question),
});
export type Section = Static<typeof Section>;

/** A name as its own feature keeps it, in whichever of the languages it has. */
const AnyText = Type.Record(Type.String(), Type.String());

export const ConsultationDetail = Type.Object({
  ...ConsultationSummary.properties,
  /** What the consultation is about, named and linkable: the plan, or the framework version. */
  about: Type.Object({
    plan: OrNull(Type.Object({ slug: Type.String(), name: AnyText })),
    frameworkVersion: OrNull(Type.Object({ number: Type.Integer(), label: AnyText, state: Type.String() })),
  }),
  sections: Type.Array(Section),
  viewer: Type.Object({
    /** The relation this respondent gave, if any. */
    relation: Nullable(Enum(RELATIONS)),
    canComment: Type.Boolean(),
    canSupport: Type.Boolean(),
    signInToComment: Type.Boolean(),
    signInToSupport: Type.Boolean(),
  }),
});
export type ConsultationDetail = Static<typeof ConsultationDetail>;

export const CommentInput = Type.Object(
  {
    sectionId: Type.String({ format: 'uuid' }),
    body: Type.String({ minLength: 1, maxLength: MAX_COMMENT_LENGTH }),
    language: Enum(COMMENT_LANGUAGES, 'The language the comment is written in'),
    showName: Type.Optional(Type.Boolean({ description: "Show the signed-in author's name (default: anonymous)" })),
    geometry: Type.Optional(CommentGeometryInput),
  },
  { additionalProperties: false },
);
export type CommentInput = Static<typeof CommentInput>;
// A reply has no section of its own and no place: it answers its comment where that one is.
const { sectionId: _section, geometry: _geometry, ...replyFields } = CommentInput.properties;
export const ReplyInput = Type.Object(replyFields, { additionalProperties: false });
export type ReplyInput = Static<typeof ReplyInput>;

const CommentFields = {
  id: Type.String(),
  sectionId: Type.String(),
  parentId: Nullable(Type.String()),
  /** As written: markup in it is text, never HTML. */
  body: Type.String(),
  language: Enum(COMMENT_LANGUAGES),
  side: Enum(SIDES),
  authorName: Nullable(Type.String()),
  supportCount: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  state: Enum(COMMENT_STATES),
  /** Why a moderator rejected it: shown to its author and to staff only. */
  reason: Nullable(Enum(MODERATION_REASONS)),
  mine: Type.Boolean(),
  supported: Type.Boolean(),
  flagged: Type.Boolean(),
  /** The place the comment marks on the map (a point or an area), if any. */
  geometry: Type.Union([CommentGeometry, Type.Null()]),
  /** What became of it ("you said, we did"): its outcome, the editors' reply and the changes that answer it; null until an editor answers or links it. */
  outcome: Type.Union([CommentOutcome, Type.Null()]),
};
export const Reply = Type.Object(CommentFields);
export const Comment = Type.Object({ ...CommentFields, replies: Type.Array(Reply) });
export type Comment = Static<typeof Comment>;

export const CommentQuery = Type.Object(
  {
    section: Type.Optional(Type.String({ format: 'uuid' })),
    language: Type.Optional(Enum(COMMENT_LANGUAGES)),
    side: Type.Optional(Enum(SIDES)),
    parent: Type.Optional(Type.String({ format: 'uuid', description: "A comment's replies" })),
    sort: Type.Optional(Enum(COMMENT_SORTS, 'date: oldest first; -date: newest first (default); support: most supported first')),
    bbox: Type.Optional(Type.String({ maxLength: 100, description: 'west,south,east,north in degrees (WGS 84): only comments whose place (its bounding box) meets this box' })),
    mapped: Type.Optional(Type.Boolean({ description: 'true: only comments that mark a place on the map' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type CommentQuery = Static<typeof CommentQuery>;
export const CommentList = Type.Object({
  items: Type.Array(Comment),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  /** The caller's own comments (and replies) in this list's section that are waiting or were rejected, with the reason. */
  mine: Type.Array(Reply),
});
export type CommentList = Static<typeof CommentList>;

export const RespondentInput = Type.Object({ relation: Enum(RELATIONS) }, { additionalProperties: false });
export type RespondentInput = Static<typeof RespondentInput>;
export const Respondent = Type.Object({ relation: Enum(RELATIONS) });

export const SupportAnswer = Type.Object({ supportCount: Type.Integer(), supported: Type.Boolean() });
export const FlagInput = Type.Object({ reason: Enum(FLAG_REASONS), details: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })) }, { additionalProperties: false });
export type FlagInput = Static<typeof FlagInput>;
export const FlagAnswer = Type.Object({ flagCount: Type.Integer(), state: Enum(COMMENT_STATES) });

export const ModerationInput = Type.Object(
  {
    state: Enum(COMMENT_STATES),
    reason: Type.Optional(Enum(MODERATION_REASONS, 'Required when rejecting')),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type ModerationInput = Static<typeof ModerationInput>;
export const MODERATION_QUEUES = ['queue', 'pending', 'flagged', 'published', 'rejected'] as const;
export const ModerationQuery = Type.Object({ queue: Type.Optional(Enum(MODERATION_QUEUES, 'queue: waiting or flagged since last moderated (default)')), ...PageQuery }, { additionalProperties: false });
export type ModerationQuery = Static<typeof ModerationQuery>;
export const ModerationItem = Type.Object({
  ...CommentFields,
  sectionTitle: TextOut,
  note: Nullable(Type.String()),
  flagCount: Type.Integer(),
  flags: Type.Array(Type.Object({ reason: Enum(FLAG_REASONS), details: Nullable(Type.String()), createdAt: Type.String({ format: 'date-time' }) })),
  moderatedAt: Nullable(Type.String({ format: 'date-time' })),
});
export type ModerationItem = Static<typeof ModerationItem>;
export const ModerationList = Type.Object({ items: Type.Array(ModerationItem), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });
export type ModerationList = Static<typeof ModerationList>;


// ---- followers (issue 19 point 4: mailed when it opens, 48 hours before it closes, when its report is published) ----
export const FollowAnswer = Type.Object({ following: Type.Boolean({ description: 'Whether the signed-in member follows the consultation' }) });
export type FollowAnswer = Static<typeof FollowAnswer>;
export const FollowedConsultation = Type.Object({
  id: Type.String({ format: 'uuid' }),
  ref: Type.String(),
  slug: Type.String(),
  title: TextOut,
  state: Enum(CONSULTATION_STATES),
  opensAt: Type.String({ format: 'date-time' }),
  closesAt: Type.String({ format: 'date-time' }),
  reportPublishedAt: Nullable(Type.String({ format: 'date-time' })),
  followedAt: Type.String({ format: 'date-time' }),
});
export type FollowedConsultation = Static<typeof FollowedConsultation>;
export const FollowedConsultations = Type.Object({ items: Type.Array(FollowedConsultation) });
export type FollowedConsultations = Static<typeof FollowedConsultations>;
// ---- the report of a closed consultation (research §6, decision 7) ----

export const ReportQuery = Type.Object({ lang: Type.Optional(Enum([...UI_LANGUAGES], 'The language of the file (default: the page language)')) }, { additionalProperties: false });
export type ReportQuery = Static<typeof ReportQuery>;
const ReportCounts = { comments: Type.Integer({ minimum: 0 }), replies: Type.Integer({ minimum: 0 }) };
export const ConsultationReport = Type.Object({
  id: Type.String(),
  ref: Type.String(),
  slug: Type.String(),
  title: TextOut,
  opensAt: Type.String({ format: 'date-time' }),
  closesAt: Type.String({ format: 'date-time' }),
  isDemo: Type.Boolean(),
  /** When the editors announced the report (its followers are mailed then); the report is public from the close either way. */
  publishedAt: Nullable(Type.String({ format: 'date-time' })),
  /** Published comments and replies, supports given to them, and the people who commented or answered a survey. */
  totals: Type.Object({ ...ReportCounts, supports: Type.Integer({ minimum: 0 }), respondents: Type.Integer({ minimum: 0 }) }),
  /** Per section: published comments and replies together by side of the gulf, and each apart. */
  sections: Type.Array(Type.Object({ id: Type.String(), position: Type.Integer(), title: TextOut, bySide: SideCounts, ...ReportCounts })),
  /** Per language the comments were written in. */
  languages: Type.Array(Type.Object({ language: Enum(COMMENT_LANGUAGES), ...ReportCounts })),
  /** Survey results of each section that has questions. */
  surveys: Type.Array(Type.Object({ sectionId: Type.String(), questions: Type.Array(QuestionResult) })),
});
export type ConsultationReport = Static<typeof ConsultationReport>;
export const ReportPublished = Type.Object({ publishedAt: Type.String({ format: 'date-time' }) });
export type ReportPublished = Static<typeof ReportPublished>;
