/** Vocabularies of the stakeholder dialogues and their recommendations (issue 4). */

import type { FieldError } from './problems.ts';

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

/**
 * How long a dialogue may last and when it may start: at least 15 minutes and at most 14 days
 * (a forum session may span days, nothing the platform holds spans weeks), starting in 2000 or
 * later and at most five years from now (a planned date beyond that is a typo, such as 9999).
 */
export const DIALOGUE_BOUNDS = { minMinutes: 15, maxDays: 14, earliestYear: 2000, maxYearsAhead: 5 } as const;

/** The field errors the server gives for times out of bounds; the web form translates them. */
export const DIALOGUE_TIME_ERRORS = {
  endBeforeStart: 'must be after startsAt',
  tooShort: `must be at least ${DIALOGUE_BOUNDS.minMinutes} minutes after startsAt`,
  tooLong: `must be at most ${DIALOGUE_BOUNDS.maxDays} days after startsAt`,
  tooEarly: `must be in ${DIALOGUE_BOUNDS.earliestYear} or later`,
  tooFarAhead: `must be at most ${DIALOGUE_BOUNDS.maxYearsAhead} years from now`,
} as const;

/** What is wrong with a dialogue's times, as `{path, message}` pairs; empty when they are fine. */
export function dialogueTimeErrors(startsAt: Date, endsAt: Date, now: Date): FieldError[] {
  const errors: FieldError[] = [];
  const length = endsAt.getTime() - startsAt.getTime();
  if (length <= 0) errors.push({ path: 'body/endsAt', code: 'end-before-start', message: DIALOGUE_TIME_ERRORS.endBeforeStart });
  else if (length < DIALOGUE_BOUNDS.minMinutes * 60_000) errors.push({ path: 'body/endsAt', code: 'dialogue-too-short', params: { minutes: DIALOGUE_BOUNDS.minMinutes }, message: DIALOGUE_TIME_ERRORS.tooShort });
  else if (length > DIALOGUE_BOUNDS.maxDays * 86_400_000) errors.push({ path: 'body/endsAt', code: 'dialogue-too-long', params: { days: DIALOGUE_BOUNDS.maxDays }, message: DIALOGUE_TIME_ERRORS.tooLong });
  if (startsAt.getUTCFullYear() < DIALOGUE_BOUNDS.earliestYear) errors.push({ path: 'body/startsAt', code: 'dialogue-too-early', params: { year: DIALOGUE_BOUNDS.earliestYear }, message: DIALOGUE_TIME_ERRORS.tooEarly });
  const latest = new Date(now);
  latest.setUTCFullYear(latest.getUTCFullYear() + DIALOGUE_BOUNDS.maxYearsAhead);
  if (startsAt.getTime() > latest.getTime()) errors.push({ path: 'body/startsAt', code: 'dialogue-too-far-ahead', params: { years: DIALOGUE_BOUNDS.maxYearsAhead }, message: DIALOGUE_TIME_ERRORS.tooFarAhead });
  return errors;
}

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

/**
 * Items the trace walks, in the order of the chain: a consultation comment the framework answered
 * ("you said, we did") → evidence (datasets) → bottleneck → dialogue → recommendation → action →
 * the framework objective and target it serves → the indicator that shows its effect (an
 * indicator is also evidence of a bottleneck).
 */
export const TRACE_TYPES = ['comment', 'dataset', 'bottleneck', 'dialogue', 'recommendation', 'action', 'objective', 'target', 'indicator'] as const;
export type TraceType = (typeof TRACE_TYPES)[number];
