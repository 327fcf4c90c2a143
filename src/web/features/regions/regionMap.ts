/**
 * What the regions map draws, worked out without React: which paths, in which view, with which
 * legend. The map data (`map-data/europe.json`, written by `scripts/map-data.mjs`) holds projected
 * SVG paths in kilometres, each with its bounding box, so nothing here projects or parses paths.
 */

/** [x0, y0, x1, y1] in the map's units (about a kilometre; y grows southwards). */
export type Box = readonly [number, number, number, number];

/** The generated file's shape; see its `meta.fields`. */
export interface MapData {
  meta: { source: string; dataset: string; notice: string };
  /** [NUTS country code, Latin name, bbox, path] */
  countries: readonly (readonly [string, string, Box, string])[];
  /** [NUTS-3 id, Latin name, NUTS country code, bbox, path] */
  areas: readonly (readonly [string, string, string, Box, string])[];
}

export interface MapRegion {
  id: string;
  slug: string;
  name: string;
  /** ISO 3166-1 alpha-2. */
  countries: string[];
  /** NUTS 2021 level-3 ids; empty: the region is drawn by its countries. */
  nutsIds: string[];
  legalForm: string | null;
  href: string;
}

/**
 * The legal forms the legend tells apart (the list, with the city agreement research §2
 * adds), each with its own colour and pattern; a region without one, or with a form not listed,
 * is `unknown`.
 */
export const LEGEND_KEYS = ['egtc', 'euroregion_association', 'intergovernmental_agreement', 'memorandum_of_understanding', 'member_organisation', 'city_agreement', 'none', 'unknown'] as const;
export type LegendKey = (typeof LEGEND_KEYS)[number];

export function legendKey(legalForm: string | null): LegendKey {
  return legalForm !== null && (LEGEND_KEYS as readonly string[]).includes(legalForm) && legalForm !== 'unknown' ? (legalForm as LegendKey) : 'unknown';
}

/** NUTS spells two country codes its own way (Eurostat's EL and UK); the rest are ISO's. */
const NUTS_COUNTRY: Record<string, string> = { GR: 'EL', GB: 'UK' };
export const nutsCountry = (iso: string) => NUTS_COUNTRY[iso] ?? iso;

export interface RegionShape {
  region: MapRegion;
  /** The SVG paths that draw it; none when the data has none of its areas or countries. */
  paths: string[];
  /** Drawn by whole countries, because its areas are not known: the map shows it lighter. */
  byCountry: boolean;
  legend: LegendKey;
  box: Box | null;
}

/** Each region's paths, in the order given (the list beside the map has the same order). */
export function regionShapes(data: MapData, regions: readonly MapRegion[]): RegionShape[] {
  const areas = new Map(data.areas.map(([id, , , box, path]) => [id, { box, path }]));
  const countries = new Map(data.countries.map(([code, , box, path]) => [code, { box, path }]));
  return regions.map((region) => {
    const byCountry = region.nutsIds.length === 0;
    const found = byCountry ? region.countries.map((c) => countries.get(nutsCountry(c))) : region.nutsIds.map((id) => areas.get(id));
    const parts = found.filter((part) => part !== undefined);
    return { region, paths: parts.map((p) => p.path), byCountry, legend: legendKey(region.legalForm), box: union(parts.map((p) => p.box)) };
  });
}

export function union(boxes: readonly Box[]): Box | null {
  if (boxes.length === 0) return null;
  return [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))];
}

/** Below this span (km) a view would show a town's region as a blob with no neighbours to place it. */
export const MIN_SPAN_KM = 200;
/** The margin around the regions, as a share of the wider side. */
export const MARGIN = 0.08;

/**
 * The SVG viewBox [x, y, width, height] around the regions' areas with a margin, at least
 * MIN_SPAN_KM wide and high; all of the data when nothing is drawn.
 */
export function fitViewBox(data: MapData, shapes: readonly RegionShape[]): [number, number, number, number] {
  const box = union(shapes.flatMap((s) => (s.box ? [s.box] : []))) ?? union(data.countries.map((c) => c[2]))!;
  const [cx, cy] = [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
  const margin = MARGIN * Math.max(box[2] - box[0], box[3] - box[1]);
  const width = Math.max(box[2] - box[0] + 2 * margin, MIN_SPAN_KM);
  const height = Math.max(box[3] - box[1] + 2 * margin, MIN_SPAN_KM);
  return [Math.round(cx - width / 2), Math.round(cy - height / 2), Math.round(width), Math.round(height)];
}

const overlaps = (a: Box, [x, y, w, h]: readonly number[]) => a[0] <= x + w && a[2] >= x && a[1] <= y + h && a[3] >= y;

/** The countries seen in the view, drawn as the background (the others are left out of the page). */
export function backgroundCountries(data: MapData, viewBox: readonly number[]) {
  return data.countries.filter(([, , box]) => overlaps(box, viewBox)).map(([code, name, , path]) => ({ code, name, path }));
}

/** The legend: the legal forms of the regions drawn (not of those the data cannot draw), in LEGEND_KEYS' order. */
export function legendEntries(shapes: readonly RegionShape[]): LegendKey[] {
  const present = new Set(shapes.filter((s) => s.paths.length > 0).map((s) => s.legend));
  return LEGEND_KEYS.filter((key) => present.has(key));
}

/** The legend's patterns repeat at about the same size on screen whatever the zoom: a tile in map units. */
export const patternSize = (viewBox: readonly number[]) => Math.max(1, Math.round(Math.max(viewBox[2], viewBox[3]) / 70));
