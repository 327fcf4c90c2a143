/**
 * The indicator editor's model, without React: how a series' dimensions are chosen (one value
 * fixed, kept, or the regions), how the form's state becomes the body the API takes and back, and
 * which Talsinki region a source code is most likely to be. Pure, so it is tested on its own.
 */
import type { IndicatorDefinition, IndicatorInput, SeriesInput, StatRegion } from '../../../shared/schemas/indicators.ts';
import type { StatTable } from '../../../shared/schemas/statistics.ts';
import { FORM_LANGUAGES, type FormLanguage, type LocalizedDraft } from '../../components/LocalizedFields.tsx';

export type Side = SeriesInput['side'];

/** What a dimension of a table is for the indicator: `region`, `kept`, `fixed:<value code>`, or '' (not chosen yet). */
export type DimensionChoice = string;

export interface SeriesDraft {
  /** Stable key for React while series are added and removed. */
  key: number;
  side: Side;
  tableId: string;
  /** Dimension code → its choice. */
  choices: Record<string, DimensionChoice>;
  /** Source code of the region dimension → region code ('' leaves the code out). */
  regionMap: Record<string, string>;
  /** The one region of a table without a region dimension. */
  regionCode: string;
  scale: number | undefined;
}

const FIXED = 'fixed:';
export const fixedChoice = (value: string) => `${FIXED}${value}`;

let keys = 0;
export const newSeries = (side: Side): SeriesDraft => ({ key: ++keys, side, tableId: '', choices: {}, regionMap: {}, regionCode: '', scale: undefined });

/** A stored series as the form holds it. */
export function seriesDraftOf(series: SeriesInput): SeriesDraft {
  const choices: Record<string, DimensionChoice> = {};
  for (const [code, value] of Object.entries(series.fixed ?? {})) choices[code] = fixedChoice(value);
  for (const code of series.kept ?? []) choices[code] = 'kept';
  if (series.regionDimension) choices[series.regionDimension] = 'region';
  return { key: ++keys, side: series.side, tableId: series.tableId, choices, regionMap: { ...(series.regionMap ?? {}) }, regionCode: series.regionCode ?? '', scale: series.scale };
}

/** The series as the API takes it: each choice in its field; a choice not made is left out (the server names it). */
export function seriesInputOf(draft: SeriesDraft): SeriesInput {
  const fixed: Record<string, string> = {};
  const kept: string[] = [];
  let regionDimension: string | undefined;
  for (const [code, choice] of Object.entries(draft.choices)) {
    if (choice.startsWith(FIXED)) fixed[code] = choice.slice(FIXED.length);
    else if (choice === 'kept') kept.push(code);
    else if (choice === 'region') regionDimension ??= code;
  }
  const regionMap = Object.fromEntries(Object.entries(draft.regionMap).filter(([, region]) => region));
  return {
    side: draft.side,
    tableId: draft.tableId,
    fixed,
    kept,
    ...(regionDimension ? { regionDimension, regionMap } : draft.regionCode ? { regionCode: draft.regionCode } : {}),
    ...(draft.scale !== undefined ? { scale: draft.scale } : {}),
  };
}

/** A new draft's choices for a table just picked: the time dimension needs none; a geo dimension is the regions; a dimension of one value is fixed to it. */
export function choicesFor(table: StatTable): Record<string, DimensionChoice> {
  const choices: Record<string, DimensionChoice> = {};
  let region = false;
  for (const dimension of table.dimensions) {
    if (dimension.role === 'time') continue;
    if (dimension.role === 'geo' && !region) {
      choices[dimension.code] = 'region';
      region = true;
    } else if (dimension.values.length === 1) choices[dimension.code] = fixedChoice(dimension.values[0].code);
    else choices[dimension.code] = '';
  }
  return choices;
}

/**
 * Codes the offices use for a region other than Talsinki's own local code, as the demo's tables
 * and the tests' StatFin-like tables write them: StatFin's `MK01` (maakunta 01, Uusimaa = NUTS 3
 * FI1B1) and `SSS` (the whole country), Statistics Estonia's county `0037`/`37` (Harju = EE001).
 */
const KNOWN_CODES: Record<string, string> = { MK01: 'nuts:FI1B1', SSS: 'country:FI', '0037': 'nuts:EE001', '37': 'nuts:EE001' };

/** The code without leading zeros (`0784` → `784`), for tables that drop them. */
function withoutLeadingZeros(code: string): string {
  let start = 0;
  while (start < code.length - 1 && code[start] === '0') start++;
  return code.slice(start);
}

/**
 * The region a source code most likely is, on a side: the region whose own code it is (`091` →
 * fi-kunta:091, `0784` → ee-ehak:0784, `FI1B1` → nuts:FI1B1, `EE` → country:EE), StatFin's `KU091`
 * for a municipality, or a code of `KNOWN_CODES`; '' when none is. Never a region of the other country.
 */
export function suggestedRegion(code: string, side: Side, regions: readonly StatRegion[]): string {
  const ofSide = regions.filter((region) => side === 'EU' || region.country === side);
  const known = KNOWN_CODES[code];
  if (known && ofSide.some((region) => region.code === known)) return known;
  const wanted = code.trim().toUpperCase();
  for (const region of ofSide) {
    const local = region.code.slice(region.code.indexOf(':') + 1).toUpperCase();
    if (wanted === local) return region.code;
    if (region.scheme === 'fi-kunta' && (wanted === `KU${local}` || withoutLeadingZeros(wanted) === withoutLeadingZeros(local))) return region.code;
    if (region.scheme === 'ee-ehak' && withoutLeadingZeros(wanted) === withoutLeadingZeros(local)) return region.code;
  }
  return '';
}

/** The region map a region dimension starts with: each code's suggested region, where there is one. */
export function suggestedMap(values: readonly { code: string }[], side: Side, regions: readonly StatRegion[]): Record<string, string> {
  return Object.fromEntries(values.map((value) => [value.code, suggestedRegion(value.code, side, regions)]).filter(([, region]) => region));
}

/** Where each field's error is shown: the form's control for each path the server names. */
export function seriesFieldIds(drafts: readonly SeriesDraft[], tables: ReadonlyMap<string, StatTable>): Record<string, string> {
  const ids: Record<string, string> = {};
  drafts.forEach((draft, index) => {
    const at = `series.${index}`;
    ids[`${at}.tableId`] = `s${draft.key}-table`;
    ids[`${at}.side`] = `s${draft.key}-table`;
    ids[`${at}.regionCode`] = `s${draft.key}-region`;
    ids[`${at}.regionMap`] = `s${draft.key}-map`;
    const table = tables.get(draft.tableId);
    const dimensions = (table?.dimensions ?? []).filter((dimension) => dimension.role !== 'time');
    dimensions.forEach((dimension, d) => {
      ids[`${at}.fixed.${dimension.code}`] = `s${draft.key}-dim-${d}`;
      if (draft.choices[dimension.code] === 'region') {
        ids[`${at}.regionDimension`] = `s${draft.key}-dim-${d}`;
        dimension.values.forEach((value, v) => (ids[`${at}.regionMap.${value.code}`] = `s${draft.key}-map-${v}`));
      }
      if (draft.choices[dimension.code] === 'kept') {
        const keptAt = Object.entries(draft.choices).filter(([, choice]) => choice === 'kept').findIndex(([code]) => code === dimension.code);
        ids[`${at}.kept.${keptAt}`] = `s${draft.key}-dim-${d}`;
      }
    });
    if (!ids[`${at}.regionDimension`]) ids[`${at}.regionDimension`] = dimensions.length ? `s${draft.key}-dim-0` : `s${draft.key}-region`;
  });
  return ids;
}


export interface IndicatorDraft {
  slug: string;
  name: LocalizedDraft;
  definition: LocalizedDraft;
  unit: LocalizedDraft;
  notes: LocalizedDraft;
  domain: string;
  frequency: IndicatorInput['frequency'];
  decimals: number;
  headline: string;
  perCapitaOf: string;
  perCapitaScale: number;
  published: boolean;
  series: SeriesDraft[];
}

const emptyText = (): LocalizedDraft => Object.fromEntries(FORM_LANGUAGES.map((lang) => [lang, ''])) as LocalizedDraft;
const textDraft = (value: Partial<Record<string, string>> | null | undefined): LocalizedDraft => Object.fromEntries(FORM_LANGUAGES.map((lang) => [lang, value?.[lang] ?? ''])) as LocalizedDraft;

export function indicatorDraftOf(value: IndicatorDefinition | null): IndicatorDraft {
  if (!value) {
    return { slug: '', name: emptyText(), definition: emptyText(), unit: emptyText(), notes: emptyText(), domain: '', frequency: 'A', decimals: 0, headline: '', perCapitaOf: '', perCapitaScale: 1000, published: false, series: [newSeries('FI'), newSeries('EE')] };
  }
  return {
    slug: value.slug,
    name: textDraft(value.name),
    definition: textDraft(value.definition),
    unit: textDraft(value.unit),
    notes: textDraft(value.notes),
    domain: value.domain ?? '',
    frequency: value.frequency,
    decimals: value.decimals,
    headline: value.headline === null ? '' : String(value.headline),
    perCapitaOf: value.perCapitaOf ?? '',
    perCapitaScale: value.perCapitaScale,
    published: value.published,
    series: value.series.map(seriesDraftOf),
  };
}

/** Text in the languages given; null when none is (the API clears it). */
function textInput(text: LocalizedDraft): Partial<Record<FormLanguage, string>> | null {
  const given = Object.fromEntries(FORM_LANGUAGES.map((lang) => [lang, text[lang].trim()]).filter(([, value]) => value));
  return Object.keys(given).length ? given : null;
}

/** The body of a save or a preview. A headline that is not a whole number is sent as it is, for the server to name. */
export function indicatorInputOf(draft: IndicatorDraft): IndicatorInput {
  return {
    slug: draft.slug.trim(),
    name: textInput(draft.name) ?? {},
    definition: textInput(draft.definition),
    unit: textInput(draft.unit),
    notes: textInput(draft.notes),
    domain: (draft.domain || null) as IndicatorInput['domain'],
    frequency: draft.frequency,
    decimals: draft.decimals,
    headline: draft.headline.trim() === '' ? null : Number(draft.headline),
    perCapitaOf: draft.perCapitaOf || null,
    perCapitaScale: draft.perCapitaScale,
    published: draft.published,
    series: sentSeries(draft).map(seriesInputOf),
  };
}

/** The series sent: those with a table chosen (the server's `series/<n>` counts these). */
export const sentSeries = (draft: IndicatorDraft) => draft.series.filter((series) => series.tableId);
