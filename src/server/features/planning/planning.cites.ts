import { INSTRUMENT_FACT_FIELDS, PLAN_FACT_FIELDS, type CitedNote, type Difference } from '../../../shared/schemas/planning.ts';

/**
 * The planning feature's rule that every fact names its sources (issue 19: real facts only, each
 * with its source), as pure functions: the seed test and the seeding run them on what is written.
 */

/** Each tag once, in the order first cited: the numbering a page's citations follow. */
export function citedTags(lists: readonly (readonly string[])[]): string[] {
  const seen = new Set<string>();
  for (const list of lists) for (const tag of list) seen.add(tag);
  return [...seen];
}

type Facts = Record<string, unknown> & { citations: Record<string, readonly string[]> };

/** The non-null fact fields of an instrument or a plan that no tag backs (empty when all are cited). */
export function uncitedFields(item: Facts, fields: readonly string[]): string[] {
  return fields.filter((field) => {
    const value = field === 'instrument' ? item.instrument : item[field];
    return value !== null && value !== undefined && (item.citations[field]?.length ?? 0) === 0;
  });
}

export const uncitedInstrumentFields = (item: Facts) => uncitedFields(item, INSTRUMENT_FACT_FIELDS);
export const uncitedPlanFields = (item: Facts) => uncitedFields(item, PLAN_FACT_FIELDS);

/** Notes, differences and events without a tag. */
export function uncitedStatements(items: readonly (CitedNote | Difference | { sources: readonly string[] })[]): number {
  return items.filter((item) => item.sources.length === 0).length;
}
