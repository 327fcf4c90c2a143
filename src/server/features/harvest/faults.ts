import { isHarvestErrorCode, type HarvestProblem, type HarvestReason } from '../../../shared/problems.ts';
import en from '../../../web/locales/en/problems.json' with { type: 'json' };
import { withoutCredentials } from './credentials.ts';

/**
 * Why a request or a page failed, as the registered reason (`HARVEST_REASON_CODES`): the HTTP
 * client and the adapters throw these, and a run's error names the reason by its code, so the run
 * page words it in its reader's language. The error's own message is the reason in English.
 */
export class HarvestFault extends Error {
  override name = 'HarvestFault';
  constructor(
    readonly reason: HarvestReason,
    options?: ErrorOptions,
  ) {
    super(englishOf(reason), options);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The reason an error carries, or the error's own message quoted as `unexpected` (a program error). */
export function reasonOf(error: unknown): HarvestReason {
  if (error instanceof HarvestFault) return error.reason;
  return { code: 'unexpected', params: { detail: errorMessage(error) } };
}

const ERRORS: Readonly<Record<string, string>> = en.harvest;
const REASONS: Readonly<Record<string, string>> = en.harvestReason;

/**
 * A harvest error or reason in English, worded as the web app words it in English: from its code's
 * text in `src/web/locales/en/problems.json` (`harvest.<code>`, `harvestReason.<code>`), a `reason`
 * parameter worded through its own code. The API and the command line keep this English beside
 * the code, so the two never disagree.
 */
export function englishOf(problem: HarvestProblem | HarvestReason): string {
  const template = (isHarvestErrorCode(problem.code) ? ERRORS : REASONS)[problem.code] ?? problem.code;
  const params = problem.params as Record<string, unknown>;
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const value = params[name];
    if (name === 'reason' && typeof value === 'object' && value !== null) return englishOf(value as HarvestReason);
    return typeof value === 'string' || typeof value === 'number' ? String(value) : whole;
  });
}

/** A problem as it may be stored and shown: no user name or password in any text of it (addresses are quoted). */
export function problemWithoutCredentials<P extends HarvestProblem | HarvestReason>(problem: P): P {
  return { ...problem, params: paramsWithoutCredentials(problem.params) } as P;
}

/** Parameters (a reason's among them) with every text written without user names or passwords, and at most 2,000 long. */
function paramsWithoutCredentials(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'string') out[name] = withoutCredentials(value).slice(0, 2000);
    else if (typeof value === 'object' && value !== null && 'params' in value) out[name] = { ...value, params: paramsWithoutCredentials((value as HarvestReason).params) };
    else out[name] = value;
  }
  return out;
}
