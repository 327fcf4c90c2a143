/** Where statistics come from (issue 18): the protocols and formats the importers read. */
export const STAT_SOURCE_KINDS = ['pxweb', 'pxweb2', 'jsonstat', 'px', 'eurostat'] as const;
export type StatSourceKind = (typeof STAT_SOURCE_KINDS)[number];

/** Which side of the gulf a series is: Finland, Estonia, or a figure for both from Eurostat. */
export const INDICATOR_SIDES = ['FI', 'EE', 'EU'] as const;
export type IndicatorSide = (typeof INDICATOR_SIDES)[number];

export const INDICATOR_FREQUENCIES = ['A', 'Q', 'M'] as const;
export type IndicatorFrequency = (typeof INDICATOR_FREQUENCIES)[number];

export const REGION_SCHEMES = ['nuts', 'fi-kunta', 'ee-ehak', 'country'] as const;
export type RegionScheme = (typeof REGION_SCHEMES)[number];
