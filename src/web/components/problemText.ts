import type { useTranslation } from 'react-i18next';
import { ACTION_STATES } from '../../shared/actions.ts';
import { HARVEST_KINDS } from '../../shared/catalog.ts';
import { DIALOGUE_STATES, RECOMMENDATION_STATES } from '../../shared/dialogues.ts';
import { GEOMETRY_INVALID_REASONS, HARVEST_ERROR_CODES, HARVEST_REASON_CODES, isFieldCode, isHarvestReasonCode, isProblemCode, STAT_ERROR_CODES } from '../../shared/problems.ts';
import { STATUSES } from '../../shared/register.ts';
import { ApiError, type ProblemField } from '../app/api.ts';

/**
 * What went wrong, in the user's language: a problem and its field errors are worded from their
 * registered code and parameters (`src/shared/problems.ts`) with the texts of the `problems`
 * namespace, never from the server's English. A code this app does not know (a newer server)
 * falls back to the server's own detail or message.
 */

type T = ReturnType<typeof useTranslation>['t'];
type Params = Record<string, string | number>;

/** The states a change of state names (`invalid-transition`), worded as the pages word them. */
export const STATE_VALUES: readonly string[] = [...new Set<string>([...STATUSES, ...DIALOGUE_STATES, ...RECOMMENDATION_STATES, ...ACTION_STATES])];

/**
 * Parameters as the texts use them: the states of a change (`from`, `to`) by their names, a
 * kind of harvest source (`kind`) in words ("as a CKAN portal", `problems:kindAs`) and why a
 * geometry is invalid (`reason`, `problems:geometryReason`), never the API's values.
 */
function worded(params: Params | undefined, t: T): Params {
  const out: Params = {};
  // A limit is a count: "at least 1 entry", not "1 entries" (the texts' _one forms).
  if (typeof params?.limit === 'number') out.count = params.limit;
  for (const [name, value] of Object.entries(params ?? {})) {
    if ((name === 'from' || name === 'to') && typeof value === 'string' && STATE_VALUES.includes(value)) out[name] = t(`problems:states.${value}`);
    else if (name === 'kind' && typeof value === 'string' && (HARVEST_KINDS as readonly string[]).includes(value)) out[name] = t(`problems:kindAs.${value}`);
    // Why a map comment's place is not a valid geometry (`geometry-invalid`), in words.
    else if (name === 'reason' && typeof value === 'string' && (GEOMETRY_INVALID_REASONS as readonly string[]).includes(value)) out[name] = t(`problems:geometryReason.${value}`);
    else out[name] = value;
  }
  return out;
}

/** The problem's headline: the worded code, or for anything that is not an API error, a plain "something went wrong". */
export function problemText(error: unknown, t: T): string {
  if (!(error instanceof ApiError)) return t('problems:unexpected');
  const code = error.code;
  if (isProblemCode(code)) return t(`problems:problem.${code}`, worded(error.problem.params, t));
  return error.problem.detail ?? error.problem.title;
}

/** One field's error, worded from its code (a phrase that follows the field's name: "is required"). */
export function fieldText(field: ProblemField, t: T): string {
  if (isFieldCode(field.code)) return t(`problems:field.${field.code}`, worded(field.params, t));
  return field.message;
}

/** A harvest error or a run's message as the API gives it: its code (null from before codes), parameters and English. */
export interface HarvestProblemLike {
  code: string | null;
  params: Record<string, unknown>;
  message: string;
}

/** Values of the names a registry lists, or null when one is missing or is not a value. */
function registeredValues(params: Record<string, unknown>, names: readonly string[], reason: (value: unknown) => string | null): Params | null {
  const out: Params = {};
  for (const name of names) {
    const value = params[name];
    const text = name === 'reason' ? reason(value) : typeof value === 'string' || typeof value === 'number' ? value : null;
    if (text === null) return null;
    out[name] = text;
  }
  return out;
}

/** Why a request or page failed (`HARVEST_REASON_CODES`), worded; null when its code or parameters are not known. */
function reasonText(value: unknown, t: T): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const { code: reasonCode, params } = value as { code?: unknown; params?: unknown };
  if (!isHarvestReasonCode(reasonCode) || typeof params !== 'object' || params === null) return null;
  const values = registeredValues(params as Record<string, unknown>, HARVEST_REASON_CODES[reasonCode], () => null);
  return values && t(`problems:harvestReason.${reasonCode}`, values);
}

/**
 * A job run's error or message from its code and parameters in a registry (`codes`), worded
 * with the texts of `problems:<section>`, its `reason` worded from its own code. An error from
 * before codes, or with a code or parameters this app does not know, is shown in the server's English.
 */
function registeredText(problem: HarvestProblemLike, t: T, codes: Readonly<Record<string, readonly string[]>>, section: string): string {
  const { code } = problem;
  if (code === null || !Object.hasOwn(codes, code)) return problem.message;
  const values = registeredValues(problem.params, codes[code], (value) => reasonText(value, t));
  return values ? t(`problems:${section}.${code}`, values) : problem.message;
}

/** A harvest run's error or message in the user's language (`HARVEST_ERROR_CODES`). */
export function harvestText(problem: HarvestProblemLike, t: T): string {
  return registeredText(problem, t, HARVEST_ERROR_CODES, 'harvest');
}

/** A statistics import's error or message in the user's language (`STAT_ERROR_CODES`). */
export function statisticsText(problem: HarvestProblemLike, t: T): string {
  return registeredText(problem, t, STAT_ERROR_CODES, 'statistics');
}

/**
 * The ids a field's error may link to, nearest first: `addressees.0` is the addressee's own
 * control if it has one (`field-addressees.0`), else the group of addressees (`field-addressees`).
 * `ids` names the controls whose id is not `field-<name>` (a form with two fields called `note`).
 */
export function fieldTargets(field: string, ids: Record<string, string> = {}): string[] {
  const parts = field.split('.');
  const out: string[] = [];
  for (let length = parts.length; length > 0; length--) {
    const name = parts.slice(0, length).join('.');
    if (ids[name]) out.push(ids[name]);
    out.push(`field-${name}`);
  }
  return out;
}
