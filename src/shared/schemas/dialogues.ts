import { Type, type Static } from 'typebox';
import { DIALOGUE_BOUNDS, DIALOGUE_STATES, DIALOGUE_TYPES, TIME_ZONES, VISIBILITIES } from '../dialogues.ts';
import { LocalizedText } from '../localized.ts';
import { Attachment } from './attachments.ts';
import { ContentLanguageSchema, DomainSchema, StatusSchema, TITLE_MAX } from './bottlenecks.ts';
import { InstitutionRef } from './institutions.ts';
import { Page, PageQuery } from './lists.ts';
import { Nullable } from './nullable.ts';
import { Searched } from './search.ts';

export const DialogueTypeSchema = Type.Enum([...DIALOGUE_TYPES], { type: 'string' });
export const DialogueStateSchema = Type.Enum([...DIALOGUE_STATES], { type: 'string' });
export const VisibilitySchema = Type.Enum([...VISIBILITIES], { type: 'string' });
export const TimeZoneSchema = Type.Enum([...TIME_ZONES], { type: 'string' });
const DateTime = Type.String({ format: 'date-time' });
const Uuid = Type.String({ format: 'uuid' });
const HttpsLink = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 });
const Place = Type.String({ minLength: 2, maxLength: 300 });

export const DESCRIPTION_MAX = 10_000;
export const MINUTES_MAX = 100_000;
/** A dialogue may put many bottlenecks on its agenda (a forum session reviews a whole domain). */
export const MAX_LINKS = 500;

/** A bottleneck, dialogue or recommendation as other items show it: enough to link and name it. */
export const LinkedBottleneck = Type.Object({ id: Uuid, ref: Type.String(), title: LocalizedText(TITLE_MAX), status: StatusSchema });
export const LinkedDialogue = Type.Object({ id: Uuid, ref: Type.String(), title: LocalizedText(TITLE_MAX), type: DialogueTypeSchema, startsAt: DateTime, state: DialogueStateSchema });

export const AgendaItemInput = Type.Object(
  {
    title: Type.String({ minLength: 2, maxLength: 300, pattern: '\\S' }),
    /** Id or reference of a bottleneck discussed under this item. */
    bottleneck: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  },
  { additionalProperties: false },
);

export const ParticipantInput = Type.Object(
  {
    institutionId: Type.Optional(Uuid),
    name: Type.Optional(Type.String({ minLength: 2, maxLength: 200, pattern: '\\S' })),
    role: Type.Optional(Type.String({ minLength: 2, maxLength: 200, pattern: '\\S' })),
    /** For the invitation only; never shown outside the editors' view. */
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
    /** Whether the person agreed to be named in public; without it, only the role and institution show. */
    consentToBeNamed: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type ParticipantInput = Static<typeof ParticipantInput>;

const dialogueFields = {
  type: DialogueTypeSchema,
  title: LocalizedText(TITLE_MAX),
  description: Type.Optional(LocalizedText(DESCRIPTION_MAX)),
  startsAt: Type.String({ format: 'date-time', description: `In ${DIALOGUE_BOUNDS.earliestYear} or later, at most ${DIALOGUE_BOUNDS.maxYearsAhead} years from now` }),
  endsAt: Type.String({ format: 'date-time', description: `${DIALOGUE_BOUNDS.minMinutes} minutes to ${DIALOGUE_BOUNDS.maxDays} days after startsAt` }),
  timeZone: Type.Optional(TimeZoneSchema),
  place: Type.Optional(Place),
  onlineUrl: Type.Optional(HttpsLink),
  organiserId: Uuid,
  domains: Type.Array(DomainSchema, { uniqueItems: true, maxItems: 6 }),
  /** Ids or references of the bottlenecks on the agenda. */
  bottlenecks: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { uniqueItems: true, maxItems: MAX_LINKS })),
  agenda: Type.Optional(Type.Array(AgendaItemInput, { maxItems: 50 })),
  participants: Type.Optional(Type.Array(ParticipantInput, { maxItems: 200 })),
  language: ContentLanguageSchema,
  visibility: VisibilitySchema,
  guideId: Type.Optional(Uuid),
};

export const DialogueCreate = Type.Object(dialogueFields, { additionalProperties: false });
export type DialogueCreate = Static<typeof DialogueCreate>;

/** Editors change any field, move the state on, and record minutes and outcomes. */
export const DialoguePatch = Type.Object(
  {
    ...Type.Partial(DialogueCreate).properties,
    // null clears an optional text: an omitted field is left as it is.
    description: Type.Optional(Type.Union([LocalizedText(DESCRIPTION_MAX), Type.Null()])),
    place: Type.Optional(Nullable(Place)),
    onlineUrl: Type.Optional(Nullable(HttpsLink)),
    state: Type.Optional(DialogueStateSchema),
    /** Markdown; raw HTML with scripts or event handlers is refused, other HTML is shown as text. */
    minutes: Type.Optional(Type.String({ maxLength: MINUTES_MAX })),
    outcomes: Type.Optional(Type.Array(Type.String({ minLength: 2, maxLength: 2000, pattern: '\\S' }), { maxItems: 30 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type DialoguePatch = Static<typeof DialoguePatch>;

export const DialogueListItem = Type.Object({
  id: Uuid,
  ref: Type.String({ description: 'Human reference, e.g. DL-2026-0007' }),
  type: DialogueTypeSchema,
  title: LocalizedText(TITLE_MAX),
  startsAt: DateTime,
  endsAt: DateTime,
  timeZone: TimeZoneSchema,
  place: Nullable(Type.String()),
  online: Type.Boolean(),
  organiser: InstitutionRef,
  domains: Type.Array(DomainSchema),
  state: DialogueStateSchema,
  visibility: VisibilitySchema,
  language: ContentLanguageSchema,
  bottleneckCount: Type.Integer(),
  isDemo: Type.Boolean(),
});
export type DialogueListItem = Static<typeof DialogueListItem>;
export const DialogueList = Searched(Page(DialogueListItem));

export const DialogueQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Words of the title, description, place or published outcomes in any language (inflected, a part of a compound, a typo or without diacritics still find it), or a reference such as DL-2026-0003' })),
    sort: Type.Optional(Type.Enum(['starts', 'relevance'], { type: 'string', default: 'starts', description: '`starts`: the latest start first; `relevance` (with `q`): the exact reference, then titles that are the words, start with them or hold them, then the rest by how well they matched (a word as written before its inflections, compound parts and typos; a title before a description), each latest first' })),
    type: Type.Optional(DialogueTypeSchema),
    from: Type.Optional(Type.String({ format: 'date', description: 'Starting on or after this day' })),
    to: Type.Optional(Type.String({ format: 'date', description: 'Starting on or before this day' })),
    domain: Type.Optional(DomainSchema),
    state: Type.Optional(DialogueStateSchema),
    institution: Type.Optional(Uuid),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type DialogueQuery = Static<typeof DialogueQuery>;

export const Participant = Type.Object({
  id: Uuid,
  institution: Type.Union([InstitutionRef, Type.Null()]),
  /** Shown only with the person's consent. */
  name: Nullable(Type.String()),
  role: Nullable(Type.String()),
  consentToBeNamed: Type.Boolean(),
  /** Editors only. */
  email: Type.Optional(Nullable(Type.String())),
});

export const AgendaItem = Type.Object({ position: Type.Integer(), title: Type.String(), bottleneck: Type.Union([LinkedBottleneck, Type.Null()]) });

export const DialogueComment = Type.Object({ id: Uuid, body: Type.String(), authorName: Nullable(Type.String({ description: 'Null once the author deleted their account' })), institution: Type.Union([InstitutionRef, Type.Null()]), createdAt: DateTime });
export const CommentCreate = Type.Object({ body: Type.String({ minLength: 2, maxLength: 4000, pattern: '\\S' }) }, { additionalProperties: false });

export const InterviewAnswer = Type.Object({ questionId: Uuid, position: Type.Integer(), question: LocalizedText(1000), answer: Type.String() });
export const Finding = Type.Object({ id: Uuid, text: Type.String(), code: Type.String(), domain: Nullable(DomainSchema), bottleneck: Type.Union([LinkedBottleneck, Type.Null()]) });

export const LinkedRecommendation = Type.Object({ id: Uuid, ref: Type.String(), title: LocalizedText(TITLE_MAX), state: Type.String() });

export const DialogueDetail = Type.Object({
  ...DialogueListItem.properties,
  description: Type.Union([LocalizedText(DESCRIPTION_MAX), Type.Null()]),
  onlineUrl: Nullable(Type.String()),
  agenda: Type.Array(AgendaItem),
  participants: Type.Array(Participant),
  /** Markdown as written; null until published, except for editors. */
  minutes: Nullable(Type.String()),
  /** The minutes rendered to HTML by the server (raw HTML in them is shown as text). */
  minutesHtml: Nullable(Type.String()),
  outcomes: Type.Array(Type.String()),
  bottlenecks: Type.Array(LinkedBottleneck),
  recommendations: Type.Array(LinkedRecommendation),
  guide: Type.Union([Type.Object({ id: Uuid, title: LocalizedText(TITLE_MAX) }), Type.Null()]),
  answers: Type.Array(InterviewAnswer),
  findings: Type.Array(Finding),
  comments: Type.Array(DialogueComment),
  attachments: Type.Array(Attachment),
  calendarUrl: Type.String(),
  minutesPdfUrl: Nullable(Type.String()),
  viewer: Type.Object({ canManage: Type.Boolean(), canComment: Type.Boolean() }),
});
export type DialogueDetail = Static<typeof DialogueDetail>;

// ---- interview guides, answers and findings ----

export const GuideCreate = Type.Object(
  {
    title: LocalizedText(TITLE_MAX),
    questions: Type.Array(LocalizedText(1000), { minItems: 1, maxItems: 60 }),
  },
  { additionalProperties: false },
);
export type GuideCreate = Static<typeof GuideCreate>;
export const Guide = Type.Object({
  id: Uuid,
  title: LocalizedText(TITLE_MAX),
  questions: Type.Array(Type.Object({ id: Uuid, position: Type.Integer(), text: LocalizedText(1000) })),
  interviewCount: Type.Integer({ description: 'Interviews that followed the guide, among the dialogues the caller may see' }),
});
export const GuideList = Type.Object({ items: Type.Array(Guide) });

export const InterviewRecord = Type.Object(
  {
    answers: Type.Array(Type.Object({ questionId: Uuid, answer: Type.String({ maxLength: 20_000 }) }, { additionalProperties: false }), { maxItems: 60 }),
    findings: Type.Array(
      Type.Object(
        {
          text: Type.String({ minLength: 2, maxLength: 2000, pattern: '\\S' }),
          code: Type.String({ minLength: 2, maxLength: 60, pattern: '^[a-z0-9_.-]+$', description: 'A code of the coding frame, e.g. taxation.withholding' }),
          domain: Type.Optional(DomainSchema),
          bottleneck: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
        },
        { additionalProperties: false },
      ),
      { maxItems: 100 },
    ),
  },
  { additionalProperties: false },
);
export type InterviewRecord = Static<typeof InterviewRecord>;
