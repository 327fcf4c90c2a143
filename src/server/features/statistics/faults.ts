import type { HarvestReason, StatProblem } from '../../../shared/problems.ts';
import en from '../../../web/locales/en/problems.json' with { type: 'json' };
import { reasonEnglish as englishReason } from '../../lib/fetchFault.ts';

/**
 * A statistics reader's refusal: the registered problem (`STAT_ERROR_CODES`) it stops on. Readers
 * throw it for what ends a table (a truncated file, a size that does not match) and return
 * problems beside the cube for what they could read past (an ignored keyword).
 */
export class StatFault extends Error {
  override name = 'StatFault';
  constructor(
    readonly problem: StatProblem,
    options?: ErrorOptions,
  ) {
    super(statEnglish(problem), options);
  }
}

const TEXTS: Readonly<Record<string, string>> = en.statistics;

/** A statistics problem in English, as the web app words it in English (`statistics.<code>` in problems.json). */
export function statEnglish(problem: StatProblem): string {
  const template = TEXTS[problem.code] ?? problem.code;
  const params = problem.params as Record<string, unknown>;
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const value = params[name];
    if (name === 'reason' && typeof value === 'object' && value !== null) return englishReason(value as HarvestReason);
    return typeof value === 'string' || typeof value === 'number' ? String(value) : whole;
  });
}
