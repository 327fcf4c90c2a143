import type { HarvestProblem, HarvestReason } from '../../../shared/problems.ts';
import { withoutCredentials } from './credentials.ts';

/**
 * Why a request or a page failed, as the registered reason (`HARVEST_REASON_CODES`) beside the
 * English message: the HTTP client and the adapters throw these, and a run's error names the
 * reason by its code, so the run page words it in its reader's language.
 */
export class HarvestFault extends Error {
  override name = 'HarvestFault';
  constructor(
    message: string,
    readonly reason: HarvestReason,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The reason an error carries, or the error's own message quoted as `unexpected` (a program error). */
export function reasonOf(error: unknown): HarvestReason {
  if (error instanceof HarvestFault) return error.reason;
  return { code: 'unexpected', params: { detail: error instanceof Error ? error.message : String(error) } };
}

/** A problem as it may be stored and shown: no user name or password in any text of it (addresses are quoted). */
export function problemWithoutCredentials<P extends HarvestProblem | HarvestReason>(problem: P): P {
  return { ...problem, params: paramsWithoutCredentials(problem.params) } as P;
}

/** Parameters (a reason's among them) with every text written without user names or passwords, and at most 2,000 long. */
export function paramsWithoutCredentials(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'string') out[name] = withoutCredentials(value).slice(0, 2000);
    else if (typeof value === 'object' && value !== null && 'params' in value) out[name] = { ...value, params: paramsWithoutCredentials((value as HarvestReason).params) };
    else out[name] = value;
  }
  return out;
}
