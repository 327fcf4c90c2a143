import type { HarvestReason } from '../../shared/problems.ts';
import en from '../../web/locales/en/problems.json' with { type: 'json' };

/**
 * Why a request or a page failed, as a registered reason (`HARVEST_REASON_CODES`, worded in the
 * web's `harvestReason.<code>` texts): the HTTP client and every importer's readers throw these,
 * and a run's error names the reason by its code (a `reason` parameter), so the run page words it
 * in its reader's language. The error's own message is the reason in English.
 */
export class FetchFault extends Error {
  override name = 'FetchFault';
  constructor(
    readonly reason: HarvestReason,
    options?: ErrorOptions,
  ) {
    super(reasonEnglish(reason), options);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The reason an error carries, or the error's own message quoted as `unexpected` (a program error). */
export function reasonOf(error: unknown): HarvestReason {
  if (error instanceof FetchFault) return error.reason;
  return { code: 'unexpected', params: { detail: errorMessage(error) } };
}

const REASONS: Readonly<Record<string, string>> = en.harvestReason;

/** A reason in English, as the web app words it in English (`harvestReason.<code>` in problems.json). */
export function reasonEnglish(reason: HarvestReason): string {
  return fillTemplate(REASONS[reason.code] ?? reason.code, reason.params);
}

/**
 * A text's `{{name}}` placeholders filled from the parameters, a `reason` parameter worded through
 * its own code; a placeholder without a value stays as it is. Each feature words its own problems
 * with this from its own texts, so the API, the command line and the web never disagree.
 */
export function fillTemplate(template: string, params: Readonly<Record<string, unknown>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const value = params[name];
    if (name === 'reason' && typeof value === 'object' && value !== null) return reasonEnglish(value as HarvestReason);
    return typeof value === 'string' || typeof value === 'number' ? String(value) : whole;
  });
}
