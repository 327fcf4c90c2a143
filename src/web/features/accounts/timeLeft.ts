import { ApiError } from '../../app/api.ts';

type Translate = (key: 'accounts:tooMany.seconds' | 'accounts:tooMany.minutes', options: { count: number }) => string;

/**
 * The log-in and registration doors answer 429 with `retryAfter`, the seconds really left (as in
 * Retry-After). This gives such an answer a detail that says so in the user's language: under a
 * minute in seconds, else in minutes rounded up, so waiting that long is always enough.
 * FormErrors shows the detail of a problem type it has no wording of its own for.
 */
export function withTimeLeft(error: unknown, t: Translate): unknown {
  if (!(error instanceof ApiError) || error.status !== 429) return error;
  const seconds = (error.problem as { retryAfter?: unknown }).retryAfter;
  if (typeof seconds !== 'number' || !(seconds > 0)) return error;
  const detail = seconds < 60 ? t('accounts:tooMany.seconds', { count: Math.ceil(seconds) }) : t('accounts:tooMany.minutes', { count: Math.ceil(seconds / 60) });
  return new ApiError({ ...error.problem, type: '/problems/too-many-attempts', detail });
}
