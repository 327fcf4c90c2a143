import area from '@turf/area';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import kinks from '@turf/kinks';
import type { Polygon } from 'geojson';
import type { CommentGeometry } from './schemas/geometry.ts';
import { GEOMETRY_INVALID_REASONS, type FieldError } from './problems.ts';
import { TWIN_REGION_AREA_KM2, TWIN_REGION_POLYGON } from './twinRegion.ts';

/**
 * The exact checks of a map comment's place (issue 19 §5): what the route's schema
 * (`schemas/geometry.ts`, `CommentGeometryInput`) leaves open, shared by the server (in the POST
 * handler, before the transaction) and the web form (early messages). A place is a GeoJSON Point
 * or a Polygon of one ring (RFC 7946 lon/lat, WGS 84) inside the twin region (`twinRegion.ts`).
 *
 * The answer is the geometry as stored (only `type` and `coordinates`) with its bounding box, or
 * the field errors to send: `geometry-invalid` (param `reason`, one of GEOMETRY_INVALID_REASONS;
 * the route answers 400) or `outside-region` (422). A server route throws them as
 *   `problems.badRequest('The place is not a valid point or area.', result.errors)` or
 *   `new HttpProblem(422, 'outside-region', 'Outside the region', detail, { errors: result.errors })`.
 */

export type GeometryInvalidReason = (typeof GEOMETRY_INVALID_REASONS)[number];

/** The box the database keeps beside the geometry (`min_lon` …), for the viewport filter. */
export interface GeometryBbox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

export type GeometryCheck = { ok: true; geometry: CommentGeometry; bbox: GeometryBbox } | { ok: false; errors: FieldError[] };

/** A ring has at least 4 positions (a triangle and its closing point) … */
export const MIN_RING_POSITIONS = 4;
/** … and at most 201 (200 corners and the closing point): enough for any sketch, small enough for an O(n²) kink test. */
export const MAX_RING_POSITIONS = 201;

const REASON_MESSAGES: Record<GeometryInvalidReason, string> = {
  'not-a-geometry': 'is not a GeoJSON Point or Polygon with [longitude, latitude] numbers',
  'out-of-range': 'has a longitude outside −180…180 or a latitude outside −90…90',
  'too-few-points': `needs at least 3 different corners (${MIN_RING_POSITIONS} positions with the closing one)`,
  'too-many-points': `may have at most ${MAX_RING_POSITIONS} positions`,
  'not-closed': 'must end at the position it starts from',
  hole: 'must be one ring, without holes',
  'self-intersection': 'has edges that cross each other',
  'no-area': 'encloses no area',
};

type Position = [number, number];

const isPosition = (value: unknown): value is Position => Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number' && Number.isFinite(v));
const inRange = ([lon, lat]: Position) => lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function invalid(path: string, reason: GeometryInvalidReason): GeometryCheck {
  return { ok: false, errors: [{ path, code: 'geometry-invalid', params: { reason }, message: REASON_MESSAGES[reason] }] };
}

function bboxOf(positions: readonly Position[]): GeometryBbox {
  const lons = positions.map((p) => p[0]);
  const lats = positions.map((p) => p[1]);
  return { minLon: Math.min(...lons), minLat: Math.min(...lats), maxLon: Math.max(...lons), maxLat: Math.max(...lats) };
}

/**
 * The shape of a Polygon's one ring, in the order that keeps each test cheap and its answer
 * meaningful: the count first (so a huge ring costs nothing more), then the numbers, the range,
 * closing, corners, crossings and area.
 */
function ringProblem(rings: unknown[]): GeometryInvalidReason | null {
  if (rings.length === 0) return 'too-few-points';
  if (rings.length > 1) return 'hole';
  const ring = rings[0];
  if (!Array.isArray(ring)) return 'not-a-geometry';
  if (ring.length > MAX_RING_POSITIONS) return 'too-many-points';
  if (!ring.every(isPosition)) return 'not-a-geometry';
  if (!ring.every(inRange)) return 'out-of-range';
  if (ring.length < MIN_RING_POSITIONS) return 'too-few-points';
  const [first, last] = [ring[0], ring[ring.length - 1]];
  if (first[0] !== last[0] || first[1] !== last[1]) return 'not-closed';
  if (new Set(ring.map(([lon, lat]) => `${lon},${lat}`)).size < 3) return 'too-few-points';
  const polygon: Polygon = { type: 'Polygon', coordinates: [ring] };
  if (kinks(polygon).features.length > 0) return 'self-intersection';
  if (!(area(polygon) > 0)) return 'no-area';
  return null;
}

/** The orientation of c seen from the segment a→b: > 0 left, < 0 right, 0 on its line. */
const orient = (a: Position, b: Position, c: Position) => (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);

/**
 * Whether the segments p1–p2 and q1–q2 cross properly: each pair of ends strictly on opposite
 * sides of the other segment. Touching at an end or running along each other is not crossing, so
 * a comment's corner set exactly on the region's boundary (which counts as inside) is not refused.
 */
export function segmentsCross(p1: Position, p2: Position, q1: Position, q2: Position): boolean {
  const [d1, d2] = [orient(q1, q2, p1), orient(q1, q2, p2)];
  const [d3, d4] = [orient(p1, p2, q1), orient(p1, p2, q2)];
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

const boxesOverlap = (a: GeometryBbox, b: GeometryBbox) => a.minLon <= b.maxLon && a.maxLon >= b.minLon && a.minLat <= b.maxLat && a.maxLat >= b.minLat;

/** Each edge of a ring (closed: the last position repeats the first) with its box. */
function edgesOf(ring: readonly Position[]) {
  return ring.slice(1).map((end, i) => ({ a: ring[i], b: end, box: bboxOf([ring[i], end]) }));
}

/**
 * Whether the positions (a point, or a ring's corners) lie in the region, corners on its boundary
 * counting as in. The region is not convex, so for a ring each corner inside is not enough: no
 * edge may cross the region's boundary (out into a neighbour's land and back), and the area may
 * not enclose one of the region's holes (another county's island).
 */
export function withinRegion(positions: readonly Position[], region: Polygon = TWIN_REGION_POLYGON): boolean {
  if (!positions.every((p) => booleanPointInPolygon(p, region))) return false;
  if (positions.length < MIN_RING_POSITIONS) return true;
  const edges = edgesOf(positions);
  for (const boundary of region.coordinates as Position[][]) {
    for (const side of edgesOf(boundary)) {
      for (const edge of edges) if (boxesOverlap(edge.box, side.box) && segmentsCross(edge.a, edge.b, side.a, side.b)) return false;
    }
  }
  const shape: Polygon = { type: 'Polygon', coordinates: [positions as Position[]] };
  return region.coordinates.slice(1).every((hole) => !booleanPointInPolygon(hole[0], shape));
}

/**
 * Checks a map comment's place; `path` names the field in the errors (the route's `body/geometry`;
 * the web form's own).
 */
export function checkCommentGeometry(value: unknown, path = 'body/geometry'): GeometryCheck {
  if (!isObject(value) || !Array.isArray(value.coordinates)) return invalid(path, 'not-a-geometry');
  let positions: Position[];
  let geometry: CommentGeometry;
  if (value.type === 'Point') {
    if (!isPosition(value.coordinates)) return invalid(path, 'not-a-geometry');
    if (!inRange(value.coordinates)) return invalid(path, 'out-of-range');
    positions = [value.coordinates];
    geometry = { type: 'Point', coordinates: [value.coordinates[0], value.coordinates[1]] };
  } else if (value.type === 'Polygon') {
    const reason = ringProblem(value.coordinates);
    if (reason) return invalid(path, reason);
    positions = (value.coordinates[0] as Position[]).map(([lon, lat]) => [lon, lat]);
    // Inside the region an area is smaller than the region; the cap also holds were the region to change.
    if (area({ type: 'Polygon', coordinates: [positions] }) / 1e6 >= TWIN_REGION_AREA_KM2) return outside(path);
    geometry = { type: 'Polygon', coordinates: [positions] };
  } else {
    return invalid(path, 'not-a-geometry');
  }
  if (!withinRegion(positions)) return outside(path);
  return { ok: true, geometry, bbox: bboxOf(positions) };
}

function outside(path: string): GeometryCheck {
  return { ok: false, errors: [{ path, code: 'outside-region', message: 'lies outside the twin region (Helsinki-Uusimaa, Harju County and the gulf between them)' }] };
}
