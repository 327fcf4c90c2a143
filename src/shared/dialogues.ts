/** Vocabularies of the stakeholder dialogues and their recommendations (issue 4). */

export const DIALOGUE_TYPES = ['roundtable', 'interview', 'workshop', 'forum_session', 'site_visit'] as const;
export type DialogueType = (typeof DIALOGUE_TYPES)[number];

/** planned → held → minutes_published; a planned dialogue may also be cancelled. */
export const DIALOGUE_STATES = ['planned', 'held', 'minutes_published', 'cancelled'] as const;
export type DialogueState = (typeof DIALOGUE_STATES)[number];
export const DIALOGUE_TRANSITIONS: Record<DialogueState, readonly DialogueState[]> = {
  planned: ['held', 'cancelled'],
  held: ['minutes_published'],
  minutes_published: [],
  cancelled: [],
};

export const VISIBILITIES = ['public', 'internal'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** Helsinki and Tallinn keep the same time (EET/EEST); both names are offered to organisers. */
export const TIME_ZONES = ['Europe/Helsinki', 'Europe/Tallinn'] as const;
export type TimeZone = (typeof TIME_ZONES)[number];

export const RECOMMENDATION_STATES = ['proposed', 'agreed', 'in_action_plan', 'implemented', 'rejected'] as const;
export type RecommendationState = (typeof RECOMMENDATION_STATES)[number];
export const RECOMMENDATION_TRANSITIONS: Record<RecommendationState, readonly RecommendationState[]> = {
  proposed: ['agreed', 'rejected'],
  agreed: ['in_action_plan', 'rejected'],
  in_action_plan: ['implemented', 'rejected'],
  implemented: [],
  rejected: [],
};

export const CHANGE_KINDS = ['administrative', 'legislative', 'service_information', 'cooperation'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const PRIORITIES = ['high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const EFFORTS = ['small', 'medium', 'large'] as const;
export type Effort = (typeof EFFORTS)[number];

/** The kinds of item the trace links: a bottleneck, a dialogue, a recommendation. */
/** Items the trace walks: evidence (datasets) → bottleneck → dialogue → recommendation. */
export const TRACE_TYPES = ['dataset', 'bottleneck', 'dialogue', 'recommendation'] as const;
export type TraceType = (typeof TRACE_TYPES)[number];
