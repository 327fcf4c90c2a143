import { wktToGeoJSON } from '@terraformer/wkt';
import type { Geometry } from 'geojson';
import type { GeometryBbox } from '../../../shared/commentGeometry.ts';

/**
 * SensorThings geometry (issue 20, research §0, §1.3, decision 4), the same on PGlite and
 * PostgreSQL: a Location's `location` / a FeatureOfInterest's `feature` is stored as GeoJSON jsonb
 * with four bbox columns; SQL pre-filters on the box (`bboxIntersects`/`bboxContains` say which
 * test is sound per predicate) and the exact predicate runs here on the candidate rows.
 *
 * Meaning is OGC Simple Features / PostGIS `geometry`, planar on the raw coordinates (what FROST
 * answers). Where an exact answer is not available for a pair of geometry types the functions
 * return a `GeoRefusal`, which the caller turns into 400 `filter-unsupported`; never a guess.
 *
 * How it is answered: `intersects`/`disjoint` and `geoDistance` directly, for every pair
 * (GeometryCollections too); every other predicate and `stRelate` from the DE-9IM matrix
 * (`relateMatrix`): from point locations when a side is a point set, else by splitting each side's
 * segments where the other's meet them (`curveMatrix`). All tests are orientation signs on the input
 * coordinates, exact in floating point; only a computed crossing is rounded, and it is used as a
 * position along a segment, never located again. Refused: a GeometryCollection mixing points, lines
 * and areas (other than for intersects/disjoint/distance), and more than MAX_SEGMENT_PAIRS segment pairs.
 *
 * turf 7.4.0 (installed for this) is not used: its predicates refuse many pairs, and the hand-worked
 * cases in geo.unit.test.ts found wrong answers on the boundary (booleanCrosses true for a line lying
 * along or touching a polygon's edge, booleanOverlap true for polygons sharing only an edge,
 * booleanTouches true for two equal polygons and false for a T-junction of lines, booleanContains
 * true for a V-shaped line around a straight one and for a holed polygon around a square covering its hole).
 *
 * The geometries are assumed valid in the OGC sense (rings do not cross, holes inside their shell,
 * members of a MultiPolygon do not overlap); like PostGIS, answers on invalid input are unspecified.
 */

export type Bbox = GeometryBbox;
export type GeoRead = { ok: true; geometry: Geometry; bbox: Bbox } | { ok: false; reason: string };
/** An answer this module cannot give exactly; the caller answers 400 `filter-unsupported` with `reason`. */
export interface GeoRefusal {
  unsupported: true;
  reason: string;
}
export type SpatialPredicateName = 'st_equals' | 'st_disjoint' | 'st_touches' | 'st_within' | 'st_overlaps' | 'st_crosses' | 'st_intersects' | 'st_contains' | 'geo.intersects';

/** The encodingTypes of a Location/FeatureOfInterest we read (18-088 8.2.2; FROST also writes the older vnd one). */
export const GEO_ENCODING_TYPES = ['application/geo+json', 'application/vnd.geo+json'] as const;
/** All positions of one geometry together: keeps every O(n·m) predicate and the stored row bounded. */
export const MAX_POSITIONS = 100_000;
/** GeometryCollections inside GeometryCollections (RFC 7946 §3.1.8 says avoid them): at most this deep. */
export const MAX_COLLECTION_DEPTH = 3;
/** A `geography'…'` literal's length, checked before the WKT parser sees it. */
export const MAX_WKT_LENGTH = 100_000;
/**
 * The WKT parser (a jison grammar) slows down superlinearly with the number of positions (measured on
 * 2.2.2: 10,000 in 58 ms, 20,000 in 0.6 s, 30,000 in 2.3 s), and recurses per parenthesis level
 * (5,000 nested GEOMETRYCOLLECTIONs: 2 s, then a stack overflow). So the text is counted before it is parsed.
 */
export const MAX_WKT_POSITIONS = 10_000;
/** GEOMETRYCOLLECTION(GEOMETRYCOLLECTION(MULTIPOLYGON(((…))))) is 5 levels. */
export const MAX_WKT_DEPTH = 5;
/**
 * Segment pairs one predicate may compare (the literal's segments × the row's). Measured (2 shared cores):
 * 4,000 × 5,000 segments took 0.9 s for st_overlaps and 5.4 s for geo.distance, so the cap is 1 M
 * (≈ 45 ms and, with the box pruning, less than 0.3 s); the literals of real filters are a few dozen segments.
 */
export const MAX_SEGMENT_PAIRS = 1_000_000;

type Pos = [number, number];

/** Parses WKT into a GeoJSON-like object (or throws); what it returns is checked as untrusted input. */

// ---------------------------------------------------------------------------------------------
// Reading: GeoJSON from a client, WKT from $filter.

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

class Invalid extends Error {}

/**
 * Walks an untrusted GeoJSON geometry, building a clean 2D copy (only `type` and `coordinates`;
 * a third number, the altitude, is checked and dropped, as the predicates are planar) and its box.
 */
class Reader {
  positions = 0;
  box: Bbox = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };

  fail(path: string, message: string): never {
    throw new Invalid(path ? `${path} ${message}` : message);
  }

  position(value: unknown, path: string): Pos {
    if (!Array.isArray(value)) this.fail(path, 'is not a position (an array of 2 or 3 numbers)');
    if (value.length < 2 || value.length > 3) this.fail(path, `has ${value.length} numbers; a position has 2 (longitude, latitude) or 3 (and altitude)`);
    for (let i = 0; i < value.length; i++) {
      const n: unknown = value[i];
      if (typeof n !== 'number' || !Number.isFinite(n)) this.fail(`${path}[${i}]`, 'is not a finite number');
    }
    const [lon, lat] = value as number[];
    if (lon < -180 || lon > 180) this.fail(`${path}[0]`, `is a longitude of ${lon}, outside −180…180`);
    if (lat < -90 || lat > 90) this.fail(`${path}[1]`, `is a latitude of ${lat}, outside −90…90`);
    if (++this.positions > MAX_POSITIONS) this.fail(path, `is past the limit of ${MAX_POSITIONS} positions in one geometry`);
    const box = this.box;
    box.minLon = Math.min(box.minLon, lon);
    box.minLat = Math.min(box.minLat, lat);
    box.maxLon = Math.max(box.maxLon, lon);
    box.maxLat = Math.max(box.maxLat, lat);
    return [lon, lat];
  }

  array(value: unknown, path: string, what: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, `is not an array of ${what}`);
    if (value.length === 0) this.fail(path, `is empty; it needs at least one of ${what}`);
    // Checked before walking, so a huge array costs one comparison.
    if (value.length > MAX_POSITIONS) this.fail(path, `is past the limit of ${MAX_POSITIONS} positions in one geometry`);
    return value;
  }

  line(value: unknown, path: string): Pos[] {
    const line = this.array(value, path, 'positions').map((p, i) => this.position(p, `${path}[${i}]`));
    if (line.length < 2) this.fail(path, `has ${line.length} position; a line needs at least 2`);
    if (line.every((p) => p[0] === line[0][0] && p[1] === line[0][1])) this.fail(path, 'has no length (all its positions are the same)');
    return line;
  }

  ring(value: unknown, path: string): Pos[] {
    const ring = this.array(value, path, 'positions').map((p, i) => this.position(p, `${path}[${i}]`));
    if (ring.length < 4) this.fail(path, `has ${ring.length} positions; a linear ring needs at least 4 (3 corners and the first again)`);
    const [first, last] = [ring[0], ring[ring.length - 1]];
    if (first[0] !== last[0] || first[1] !== last[1]) this.fail(path, `is not closed: its last position [${last.join(', ')}] is not its first [${first.join(', ')}]`);
    if (signedArea(ring) === 0) this.fail(path, 'encloses no area');
    return ring;
  }

  polygon(value: unknown, path: string): Pos[][] {
    return this.array(value, path, 'linear rings').map((r, i) => this.ring(r, `${path}[${i}]`));
  }

  geometry(value: unknown, path: string, depth: number): Geometry {
    const at = (member: string) => (path ? `${path}.${member}` : member);
    if (!isObject(value)) this.fail(path, 'is not a GeoJSON geometry (an object with "type")');
    const type = value.type;
    if (type === 'GeometryCollection') {
      if (depth >= MAX_COLLECTION_DEPTH) this.fail(path, `nests GeometryCollections deeper than ${MAX_COLLECTION_DEPTH} levels`);
      const members = this.array(value.geometries, at('geometries'), 'geometries');
      return { type, geometries: members.map((g, i) => this.geometry(g, `${at('geometries')}[${i}]`, depth + 1)) };
    }
    const c = value.coordinates;
    const coordinates = at('coordinates');
    switch (type) {
      case 'Point':
        return { type, coordinates: this.position(c, coordinates) };
      case 'MultiPoint':
        return { type, coordinates: this.array(c, coordinates, 'positions').map((p, i) => this.position(p, `${coordinates}[${i}]`)) };
      case 'LineString':
        return { type, coordinates: this.line(c, coordinates) };
      case 'MultiLineString':
        return { type, coordinates: this.array(c, coordinates, 'lines').map((l, i) => this.line(l, `${coordinates}[${i}]`)) };
      case 'Polygon':
        return { type, coordinates: this.polygon(c, coordinates) };
      case 'MultiPolygon':
        return { type, coordinates: this.array(c, coordinates, 'polygons').map((p, i) => this.polygon(p, `${coordinates}[${i}]`)) };
      default:
        return this.fail(
          at('type'),
          `is ${JSON.stringify(type)?.slice(0, 40) ?? 'missing'}; expected Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon or GeometryCollection`,
        );
    }
  }
}

function readGeometry(value: unknown, path: string): GeoRead {
  const reader = new Reader();
  try {
    const geometry = reader.geometry(value, path, 0);
    return { ok: true, geometry, bbox: { ...reader.box } };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, reason: error.message };
    throw error;
  }
}

/**
 * Reads a Location's `location` or a FeatureOfInterest's `feature` as a client sends it: a GeoJSON
 * geometry, or a GeoJSON Feature whose geometry is used.
 *
 * The answer's `geometry` is a clean 2D copy for the predicates and the box; the caller stores the
 * **original value** as given (a Feature with its properties stays a Feature, as FROST keeps it), so a
 * client reads back what it wrote. Empty geometries (no positions, a null Feature geometry) are refused:
 * a Location is a place.
 */
export function readLocation(value: unknown, encodingType: string): GeoRead {
  if (!(GEO_ENCODING_TYPES as readonly string[]).includes(encodingType)) {
    return { ok: false, reason: `encodingType ${JSON.stringify(encodingType).slice(0, 80)} is not one we read; use application/geo+json` };
  }
  if (isObject(value) && value.type === 'Feature') {
    if (value.geometry === null || value.geometry === undefined) return { ok: false, reason: 'geometry of the Feature is missing or null' };
    return readGeometry(value.geometry, 'geometry');
  }
  return readGeometry(value, '');
}

/** The deepest parenthesis nesting and the comma count of a WKT text: one pass, no regular expression. */
function wktShape(text: string): { depth: number; commas: number; balanced: boolean } {
  let depth = 0;
  let max = 0;
  let commas = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 40 /* ( */) max = Math.max(max, ++depth);
    else if (ch === 41 /* ) */ && --depth < 0) return { depth: max, commas, balanced: false };
    else if (ch === 44 /* , */) commas++;
  }
  return { depth: max, commas, balanced: depth === 0 };
}

/**
 * Reads a WKT literal of `$filter` (`POINT(24.9 60.1)`, `LINESTRING(…)`, `POLYGON((…))`, MULTI*,
 * GEOMETRYCOLLECTION, keywords in any case, an optional `SRID=4326;`), then checks it as `readLocation`.
 * The text's length, nesting and positions are bounded before the parser runs (see MAX_WKT_POSITIONS).
 */
export function parseWkt(text: string): GeoRead {
  if (text.length > MAX_WKT_LENGTH) return { ok: false, reason: `the WKT is ${text.length} characters long; at most ${MAX_WKT_LENGTH}` };
  let body = text.trim();
  const semicolon = body.indexOf(';');
  if (semicolon >= 0) {
    const prefix = body.slice(0, semicolon).replace(/\s/g, '').toUpperCase();
    if (prefix !== 'SRID=4326') return { ok: false, reason: `the WKT's prefix ${JSON.stringify(prefix.slice(0, 40))} is not SRID=4326 (only WGS 84 longitude/latitude)` };
    body = body.slice(semicolon + 1).trim();
  }
  const shape = wktShape(body);
  if (!shape.balanced) return { ok: false, reason: 'the WKT has unbalanced parentheses' };
  if (shape.depth > MAX_WKT_DEPTH) return { ok: false, reason: `the WKT nests parentheses ${shape.depth} deep; at most ${MAX_WKT_DEPTH}` };
  if (shape.commas >= MAX_WKT_POSITIONS) return { ok: false, reason: `the WKT has more than ${MAX_WKT_POSITIONS} positions` };
  let parsed: unknown;
  try {
    // The grammar knows its keywords in capitals only; WKT itself is case-insensitive (1E5 is a number too).
    parsed = wktToGeoJSON(body.toUpperCase());
  } catch (error) {
    // jison's message quotes the text around the fault and what it expected; its first line is enough.
    const detail = String((error as Error).message ?? error).split('\n').slice(1).join(' ').slice(0, 300);
    return { ok: false, reason: `the WKT cannot be read: ${detail || 'syntax error'}` };
  }
  const read = readGeometry(parsed, '');
  // The parser's own "properties: {z: true}" and the like are left behind by the clean copy.
  return read.ok ? read : { ok: false, reason: `the WKT ${read.reason}` };
}

// ---------------------------------------------------------------------------------------------
// Planar primitives: exact orientation tests on the raw coordinates.

/** Twice the signed area of a closed ring (> 0 counter-clockwise). */
function signedArea(ring: readonly Pos[]): number {
  let sum = 0;
  for (let i = 1; i < ring.length; i++) sum += ring[i - 1][0] * ring[i][1] - ring[i][0] * ring[i - 1][1];
  return sum;
}

const orient = (a: Pos, b: Pos, c: Pos) => (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
const samePos = (a: Pos, b: Pos) => a[0] === b[0] && a[1] === b[1];

/** Whether p lies on the closed segment a–b. */
function onSegment(p: Pos, a: Pos, b: Pos): boolean {
  return (
    orient(a, b, p) === 0 && Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1])
  );
}

/** Whether the closed segments p1–p2 and q1–q2 share a point (crossing, touching or overlapping). */
function segmentsMeet(p1: Pos, p2: Pos, q1: Pos, q2: Pos): boolean {
  const [d1, d2, d3, d4] = [orient(q1, q2, p1), orient(q1, q2, p2), orient(p1, p2, q1), orient(p1, p2, q2)];
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return onSegment(p1, q1, q2) || onSegment(p2, q1, q2) || onSegment(q1, p1, p2) || onSegment(q2, p1, p2);
}

function pointSegmentDistance(p: Pos, a: Pos, b: Pos): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Distance of two segments that do not meet: the nearest pair has an end of one of them. */
function segmentDistance(p1: Pos, p2: Pos, q1: Pos, q2: Pos): number {
  if (segmentsMeet(p1, p2, q1, q2)) return 0;
  return Math.min(pointSegmentDistance(p1, q1, q2), pointSegmentDistance(p2, q1, q2), pointSegmentDistance(q1, p1, p2), pointSegmentDistance(q2, p1, p2));
}

type Location = 'interior' | 'boundary' | 'exterior';

/** A geometry taken apart: its points, lines and polygons, whatever the nesting. */
interface Parts {
  points: Pos[];
  lines: Pos[][];
  polygons: Pos[][][];
}

function partsOf(g: Geometry, into: Parts = { points: [], lines: [], polygons: [] }): Parts {
  switch (g.type) {
    case 'Point':
      into.points.push(g.coordinates as Pos);
      break;
    case 'MultiPoint':
      into.points.push(...(g.coordinates as Pos[]));
      break;
    case 'LineString':
      into.lines.push(g.coordinates as Pos[]);
      break;
    case 'MultiLineString':
      into.lines.push(...(g.coordinates as Pos[][]));
      break;
    case 'Polygon':
      into.polygons.push(g.coordinates as Pos[][]);
      break;
    case 'MultiPolygon':
      into.polygons.push(...(g.coordinates as Pos[][][]));
      break;
    case 'GeometryCollection':
      for (const member of g.geometries) partsOf(member, into);
      break;
  }
  return into;
}

/** Each segment of the lines and of the polygons' rings. */
function segmentsOf(parts: Parts): [Pos, Pos][] {
  const out: [Pos, Pos][] = [];
  const add = (line: Pos[]) => {
    for (let i = 1; i < line.length; i++) out.push([line[i - 1], line[i]]);
  };
  parts.lines.forEach(add);
  for (const polygon of parts.polygons) polygon.forEach(add);
  return out;
}

/** Where p lies against one polygon (outer ring and holes): on a ring is boundary, else by the even-odd rule. */
function locateInPolygon(p: Pos, polygon: readonly Pos[][]): Location {
  let inside = false;
  for (const ring of polygon) {
    for (let i = 1; i < ring.length; i++) {
      const [a, b] = [ring[i - 1], ring[i]];
      if (onSegment(p, a, b)) return 'boundary';
      // Half-open rule on y, so a ray through a vertex counts once.
      if (a[1] > p[1] !== b[1] > p[1]) {
        const side = orient(a, b, p);
        if (b[1] > a[1] ? side > 0 : side < 0) inside = !inside;
      }
    }
  }
  return inside ? 'interior' : 'exterior';
}

/** The boundary of lines by the "mod 2" rule (OGC SFA 6.1.6): ends met an odd number of times; a closed line has none. */
function lineBoundary(lines: readonly Pos[][]): Pos[] {
  const counts = new Map<string, { pos: Pos; n: number }>();
  for (const line of lines) {
    for (const end of [line[0], line[line.length - 1]]) {
      const key = `${end[0]},${end[1]}`;
      const entry = counts.get(key) ?? { pos: end, n: 0 };
      entry.n++;
      counts.set(key, entry);
    }
  }
  return [...counts.values()].filter((e) => e.n % 2 === 1).map((e) => e.pos);
}

/** A geometry of one dimension, ready for point location. */
type Simple = { dim: 0; points: Pos[] } | { dim: 1; lines: Pos[][]; boundary: Pos[] } | { dim: 2; polygons: Pos[][][] };

function simpleOf(g: Geometry): Simple | null {
  const parts = partsOf(g);
  const kinds = [parts.points.length > 0, parts.lines.length > 0, parts.polygons.length > 0].filter(Boolean).length;
  if (kinds !== 1) return null; // a mixed GeometryCollection
  if (parts.points.length) return { dim: 0, points: parts.points };
  if (parts.lines.length) return { dim: 1, lines: parts.lines, boundary: lineBoundary(parts.lines) };
  return { dim: 2, polygons: parts.polygons };
}

function locate(p: Pos, s: Simple): Location {
  if (s.dim === 0) return s.points.some((q) => samePos(p, q)) ? 'interior' : 'exterior';
  if (s.dim === 1) {
    if (!s.lines.some((line) => line.some((a, i) => i > 0 && onSegment(p, line[i - 1], a)))) return 'exterior';
    return s.boundary.some((q) => samePos(p, q)) ? 'boundary' : 'interior';
  }
  let answer: Location = 'exterior';
  for (const polygon of s.polygons) {
    const where = locateInPolygon(p, polygon);
    if (where === 'interior') return where;
    if (where === 'boundary') answer = where;
  }
  return answer;
}

// ---------------------------------------------------------------------------------------------
// Exact answers: intersects and distance for every pair, the whole DE-9IM matrix when a side is points.

const typeName = (g: Geometry) => g.type;

function refusal(what: string, a: Geometry, b: Geometry, why: string): GeoRefusal {
  return { unsupported: true, reason: `${what} of a ${typeName(a)} and a ${typeName(b)} is not supported: ${why}` };
}

function tooManySegments(a: Parts, b: Parts): boolean {
  return segmentsOf(a).length * segmentsOf(b).length > MAX_SEGMENT_PAIRS;
}

/** Whether the closed point sets share a point; exact for every pair (the even-odd and orientation tests). */
function intersectsParts(a: Parts, b: Parts): boolean {
  const sa = simplePartsLocate(b);
  if (a.points.some((p) => sa(p) !== 'exterior')) return true;
  const sb = simplePartsLocate(a);
  if (b.points.some((p) => sb(p) !== 'exterior')) return true;
  const [segA, segB] = [segmentsOf(a), segmentsOf(b)];
  for (const [p1, p2] of segA) for (const [q1, q2] of segB) if (segmentsMeet(p1, p2, q1, q2)) return true;
  // No edges meet: one side's lines or areas may still lie wholly inside the other's area.
  const firsts = (parts: Parts) => [...parts.lines.map((l) => l[0]), ...parts.polygons.map((poly) => poly[0][0])];
  const inAreas = (p: Pos, parts: Parts) => parts.polygons.some((poly) => locateInPolygon(p, poly) !== 'exterior');
  return firsts(a).some((p) => inAreas(p, b)) || firsts(b).some((p) => inAreas(p, a));
}

/** Point location against every part of a (possibly mixed) geometry: the closure is what intersects needs. */
function simplePartsLocate(parts: Parts): (p: Pos) => Location {
  return (p) => {
    if (parts.points.some((q) => samePos(p, q))) return 'interior';
    if (parts.lines.some((line) => line.some((a, i) => i > 0 && onSegment(p, line[i - 1], a)))) return 'interior';
    return parts.polygons.some((poly) => locateInPolygon(p, poly) !== 'exterior') ? 'interior' : 'exterior';
  };
}

/** The nine DE-9IM entries (II IB IE BI BB BE EI EB EE), each 'F', '0', '1' or '2'. */
export type Matrix = string;

/** The matrix of a point set against any simple geometry: each point's location tells it all. */
function pointsMatrix(points: Pos[], other: Simple): Matrix {
  const where = points.map((p) => locate(p, other));
  const has = (l: Location) => (where.includes(l) ? '0' : 'F');
  const covered = (q: Pos) => points.some((p) => samePos(p, q));
  let ei: string;
  let eb: string;
  if (other.dim === 0) {
    ei = other.points.every(covered) ? 'F' : '0';
    eb = 'F';
  } else if (other.dim === 1) {
    ei = '1';
    eb = other.boundary.every(covered) ? 'F' : '0'; // a closed line has no boundary: F
  } else {
    ei = '2';
    eb = '1';
  }
  return `${has('interior')}${has('boundary')}${has('exterior')}FFF${ei}${eb}2`;
}

const transpose = (m: Matrix): Matrix => [0, 3, 6, 1, 4, 7, 2, 5, 8].map((i) => m[i]).join('');

/** The whole matrix: from point locations when a side is a point set, else by splitting segments (`curveMatrix`). */
function relateMatrix(a: Simple, b: Simple): Matrix {
  if (a.dim === 0) return pointsMatrix(a.points, b);
  if (b.dim === 0) return transpose(pointsMatrix(b.points, a));
  return curveMatrix(a, b);
}

/** Whether a matrix fits a DE-9IM pattern (T = any of 0/1/2, F, *, or a digit). */
function matches(m: Matrix, pattern: string): boolean {
  for (let i = 0; i < 9; i++) {
    const [want, got] = [pattern[i], m[i]];
    if (want === '*') continue;
    if (want === 'T' ? got === 'F' : want !== got) return false;
  }
  return true;
}

/** Simple Features' predicates by their matrices (OGC 06-103r4 §6.1.15.3), with the dimension cases. */
function predicateFromMatrix(name: SpatialPredicateName, m: Matrix, da: number, db: number): boolean {
  switch (name) {
    case 'st_equals':
      return matches(m, 'T*F**FFF*');
    case 'st_disjoint':
      return matches(m, 'FF*FF****');
    case 'st_intersects':
    case 'geo.intersects':
      return !matches(m, 'FF*FF****');
    case 'st_touches':
      return matches(m, 'FT*******') || matches(m, 'F**T*****') || matches(m, 'F***T****');
    case 'st_within':
      return matches(m, 'T*F**F***');
    case 'st_contains':
      return matches(m, 'T*****FF*');
    case 'st_crosses':
      if (da < db) return matches(m, 'T*T******');
      if (da > db) return matches(m, 'T*****T**');
      return da === 1 && matches(m, '0********');
    case 'st_overlaps':
      if (da !== db) return false;
      return matches(m, da === 1 ? '1*T***T**' : 'T*T***T**');
  }
}

/** One segment of a line or a ring; for a ring, on which side its area lies. */
interface Seg {
  a: Pos;
  b: Pos;
  /** Rings only: the polygon's interior is to the left of a→b. */
  left?: boolean;
}

/** The segments of a simple geometry's lines, or of its polygons' rings with their interior side. */
function segsOf(s: Simple): Seg[] {
  const out: Seg[] = [];
  // A repeated position is no segment (it would be located as a piece of length 0).
  const push = (seg: Seg) => {
    if (!samePos(seg.a, seg.b)) out.push(seg);
  };
  if (s.dim === 1) for (const line of s.lines) for (let i = 1; i < line.length; i++) push({ a: line[i - 1], b: line[i] });
  if (s.dim === 2) {
    for (const polygon of s.polygons) {
      polygon.forEach((ring, r) => {
        // A shell's interior is left of a counter-clockwise ring; a hole's is right of it.
        const left = signedArea(ring) > 0 === (r === 0);
        for (let i = 1; i < ring.length; i++) push({ a: ring[i - 1], b: ring[i], left });
      });
    }
  }
  return out;
}

const segBox = (s: Seg): Bbox => ({ minLon: Math.min(s.a[0], s.b[0]), minLat: Math.min(s.a[1], s.b[1]), maxLon: Math.max(s.a[0], s.b[0]), maxLat: Math.max(s.a[1], s.b[1]) });

/** How the segments of X meet those of Y: the pieces of X between meetings, and where they meet. */
interface Noding {
  /** Pieces of X's segments lying along a segment of Y (1-dimensional contact), with whether both areas lie on one side. */
  shared: { sameSide: boolean }[];
  /** Midpoints of the pieces of X's segments that do not lie along Y (each piece is wholly in one part of Y). */
  offMidpoints: Pos[];
  /** Some segment interiors cross properly (a point interior to a segment of each). */
  properCrossing: boolean;
  /** Exact meeting points that are vertices (an end of one segment on the other). */
  meetVertices: Pos[];
}

/**
 * Splits each segment of X where a segment of Y meets it. Crossing points are used only as
 * parameters along X's segment (never located again), and pieces along Y are found from the
 * collinear tests, so the orientation tests stay exact; only an off piece's midpoint is located.
 */
function node(xs: Seg[], ys: Seg[]): Noding {
  const out: Noding = { shared: [], offMidpoints: [], properCrossing: false, meetVertices: [] };
  const yBoxes = ys.map(segBox);
  for (const x of xs) {
    const xBox = segBox(x);
    const [dx, dy] = [x.b[0] - x.a[0], x.b[1] - x.a[1]];
    const len2 = dx * dx + dy * dy;
    const along = (p: Pos) => ((p[0] - x.a[0]) * dx + (p[1] - x.a[1]) * dy) / len2;
    const cuts = [0, 1];
    const overlaps: { lo: number; hi: number; y: Seg }[] = [];
    ys.forEach((y, i) => {
      if (!bboxIntersects(xBox, yBoxes[i]) || len2 === 0) return;
      const [d1, d2] = [orient(y.a, y.b, x.a), orient(y.a, y.b, x.b)];
      const [d3, d4] = [orient(x.a, x.b, y.a), orient(x.a, x.b, y.b)];
      if (d3 === 0 && d4 === 0) {
        // Collinear: the shared stretch, if any, runs between parameters of Y's ends.
        const [tu, tv] = [along(y.a), along(y.b)];
        const [lo, hi] = [Math.max(0, Math.min(tu, tv)), Math.min(1, Math.max(tu, tv))];
        if (lo > hi) return;
        cuts.push(lo, hi);
        for (const p of [x.a, x.b, y.a, y.b]) if (onSegment(p, x.a, x.b) && onSegment(p, y.a, y.b)) out.meetVertices.push(p);
        if (hi > lo) overlaps.push({ lo, hi, y });
        return;
      }
      const straddleY = (d1 <= 0 && d2 >= 0) || (d1 >= 0 && d2 <= 0);
      const straddleX = (d3 <= 0 && d4 >= 0) || (d3 >= 0 && d4 <= 0);
      if (!straddleX || !straddleY) return;
      if (d1 !== 0 && d2 !== 0 && d3 !== 0 && d4 !== 0) {
        out.properCrossing = true;
        cuts.push(d1 / (d1 - d2));
        return;
      }
      // They touch at an end of one of them: that end is the exact meeting point.
      const p = d1 === 0 ? x.a : d2 === 0 ? x.b : d3 === 0 ? y.a : y.b;
      out.meetVertices.push(p);
      cuts.push(along(p));
    });
    const ts = [...new Set(cuts.filter((t) => t >= 0 && t <= 1))].sort((m, n) => m - n);
    for (let i = 1; i < ts.length; i++) {
      const mid = (ts[i - 1] + ts[i]) / 2;
      const over = overlaps.find((o) => o.lo <= mid && mid <= o.hi);
      if (over) {
        const sameDirection = dx * (over.y.b[0] - over.y.a[0]) + dy * (over.y.b[1] - over.y.a[1]) > 0;
        out.shared.push({ sameSide: x.left !== undefined && over.y.left !== undefined && (x.left === over.y.left) === sameDirection });
      } else {
        out.offMidpoints.push([x.a[0] + mid * dx, x.a[1] + mid * dy]);
      }
    }
  }
  return out;
}

/** The boundary points of a line geometry (empty for areas, whose boundary is their rings). */
const boundaryPoints = (s: Simple): Pos[] => (s.dim === 1 ? s.boundary : []);

/**
 * The DE-9IM matrix of two simple geometries, neither a point set: each side's segments are split
 * where the other's meet them; each piece lies wholly in the other's interior, boundary or exterior.
 */
function curveMatrix(a: Simple, b: Simple): Matrix {
  const [sa, sb] = [segsOf(a), segsOf(b)];
  const [na, nb] = [node(sa, sb), node(sb, sa)];
  const whereA = na.offMidpoints.map((p) => locate(p, b)); // pieces of a, not along b
  const whereB = nb.offMidpoints.map((p) => locate(p, a));
  const m = Array<string>(9).fill('F');
  const set = (i: number, dim: string) => {
    if (m[i] === 'F' || dim > m[i]) m[i] = dim;
  };
  // Interior of a side: its line pieces (a line) or its area (an area); boundary: ends (a line) or ring pieces (an area).
  if (a.dim === 1 && b.dim === 1) {
    if (na.shared.length) set(0, '1');
    if (whereA.includes('exterior')) set(2, '1');
    if (whereB.includes('exterior')) set(6, '1');
  } else if (a.dim === 1 && b.dim === 2) {
    for (const w of whereA) set(w === 'interior' ? 0 : w === 'boundary' ? 1 : 2, '1');
    if (na.shared.length) set(1, '1');
    set(6, '2');
    if (whereB.includes('exterior')) set(7, '1');
  } else if (a.dim === 2 && b.dim === 1) {
    return transpose(curveMatrix(b, a));
  } else {
    // Two areas. A ring piece of b inside a (or of a inside b) has the other's interior on both sides.
    const bInA = whereB.includes('interior');
    const aInB = whereA.includes('interior');
    const sameSide = na.shared.some((s) => s.sameSide);
    const oppositeSide = na.shared.some((s) => !s.sameSide);
    if (aInB || bInA || sameSide) set(0, '2');
    if (bInA) set(1, '1');
    if (whereA.includes('exterior') || bInA || oppositeSide) set(2, '2');
    if (aInB) set(3, '1');
    if (na.shared.length) set(4, '1');
    if (whereA.includes('exterior')) set(5, '1');
    if (whereB.includes('exterior') || aInB || oppositeSide) set(6, '2');
    if (whereB.includes('exterior')) set(7, '1');
  }
  // Points where the two meet without a shared stretch: crossings, and exact meeting vertices.
  const crossing = na.properCrossing;
  const meetAt = (p: Pos): [Location, Location] => [locate(p, a), locate(p, b)];
  const slot = (x: Location, y: Location) => (x === 'interior' ? 0 : x === 'boundary' ? 3 : 6) + (y === 'interior' ? 0 : y === 'boundary' ? 1 : 2);
  if (crossing) {
    // A proper crossing is inside a segment of each: the interior of a line, the boundary of an area.
    set(slot(a.dim === 1 ? 'interior' : 'boundary', b.dim === 1 ? 'interior' : 'boundary'), '0');
  }
  for (const p of [...na.meetVertices, ...nb.meetVertices]) {
    const [x, y] = meetAt(p);
    if (x !== 'exterior' && y !== 'exterior') set(slot(x, y), '0');
  }
  // The ends of lines, located in the other geometry.
  for (const p of boundaryPoints(a)) set(slot('boundary', locate(p, b)), '0');
  for (const p of boundaryPoints(b)) set(slot(locate(p, a), 'boundary'), '0');
  m[8] = '2';
  return m.join('');
}

// ---------------------------------------------------------------------------------------------
// The public predicates.

/**
 * A `$filter` spatial function on two geometries (already read by `readLocation`/`parseWkt`), with
 * the meaning of OGC Simple Features / PostGIS on the raw coordinates. `geo.intersects` is st_intersects.
 */
export function spatialPredicate(name: SpatialPredicateName, a: Geometry, b: Geometry): boolean | GeoRefusal {
  const [pa, pb] = [partsOf(a), partsOf(b)];
  if (tooManySegments(pa, pb)) return refusal(name, a, b, `more than ${MAX_SEGMENT_PAIRS} pairs of segments to compare`);
  if (name === 'st_intersects' || name === 'geo.intersects') return intersectsParts(pa, pb);
  if (name === 'st_disjoint') return !intersectsParts(pa, pb);
  const [sa, sb] = [simpleOf(a), simpleOf(b)];
  if (!sa || !sb) return refusal(name, a, b, 'a GeometryCollection mixing points, lines and areas');
  // Every other predicate needs a shared point; the cheap test settles most rows.
  if (!intersectsParts(pa, pb)) return false;
  return predicateFromMatrix(name, relateMatrix(sa, sb), sa.dim, sb.dim);
}

/**
 * `st_relate(a, b, pattern)`: whether the DE-9IM matrix of a and b fits the pattern (9 characters of
 * T, F, *, 0, 1, 2, in the order II IB IE BI BB BE EI EB EE).
 */
export function stRelate(a: Geometry, b: Geometry, pattern: string): boolean | GeoRefusal {
  const upper = pattern.toUpperCase();
  if (upper.length !== 9 || [...upper].some((c) => !'TF*012'.includes(c))) {
    return { unsupported: true, reason: `the st_relate pattern ${JSON.stringify(pattern.slice(0, 20))} is not 9 characters of T, F, *, 0, 1, 2` };
  }
  const [pa, pb] = [partsOf(a), partsOf(b)];
  if (tooManySegments(pa, pb)) return refusal('st_relate', a, b, `more than ${MAX_SEGMENT_PAIRS} pairs of segments to compare`);
  const [sa, sb] = [simpleOf(a), simpleOf(b)];
  if (!sa || !sb) return refusal('st_relate', a, b, 'a GeometryCollection mixing points, lines and areas');
  return matches(relateMatrix(sa, sb), upper);
}

/** The DE-9IM matrix of two geometries (exported for tests and for a caller that wants it whole). */
export function relate(a: Geometry, b: Geometry): Matrix | GeoRefusal {
  const [sa, sb] = [simpleOf(a), simpleOf(b)];
  if (!sa || !sb) return refusal('st_relate', a, b, 'a GeometryCollection mixing points, lines and areas');
  return relateMatrix(sa, sb);
}

/**
 * `geo.distance`: the planar distance in coordinate units (degrees here) as PostGIS `ST_Distance` on
 * geometry answers (decision 4): 0 when the geometries intersect (a point inside an area too), else
 * the least distance between their points and segments. Every type; exact up to floating point.
 */
export function geoDistance(a: Geometry, b: Geometry): number | GeoRefusal {
  const [pa, pb] = [partsOf(a), partsOf(b)];
  if (tooManySegments(pa, pb)) return refusal('geo.distance', a, b, `more than ${MAX_SEGMENT_PAIRS} pairs of segments to compare`);
  if (intersectsParts(pa, pb)) return 0;
  const [segA, segB] = [segmentsOf(pa), segmentsOf(pb)];
  let best = Infinity;
  for (const p of pa.points) {
    for (const q of pb.points) best = Math.min(best, Math.hypot(p[0] - q[0], p[1] - q[1]));
    for (const [q1, q2] of segB) best = Math.min(best, pointSegmentDistance(p, q1, q2));
  }
  for (const q of pb.points) for (const [p1, p2] of segA) best = Math.min(best, pointSegmentDistance(q, p1, p2));
  for (const [p1, p2] of segA) {
    for (const [q1, q2] of segB) {
      // The gap between the two segments' boxes is a lower bound: skip pairs that cannot be nearer.
      const gapX = Math.max(0, Math.min(q1[0], q2[0]) - Math.max(p1[0], p2[0]), Math.min(p1[0], p2[0]) - Math.max(q1[0], q2[0]));
      const gapY = Math.max(0, Math.min(q1[1], q2[1]) - Math.max(p1[1], p2[1]), Math.min(p1[1], p2[1]) - Math.max(q1[1], q2[1]));
      if (Math.hypot(gapX, gapY) < best) best = Math.min(best, segmentDistance(p1, p2, q1, q2));
    }
  }
  return best;
}

/**
 * `geo.length`: the planar length in coordinate units of a LineString or MultiLineString, as PostGIS
 * `ST_Length` on geometry; 0 for points and areas (the PostGIS manual's ST_Length: a surface gives 0, its
 * boundary's length is ST_Perimeter). A GeometryCollection: the sum of its lines.
 */
export function geoLength(g: Geometry): number {
  let total = 0;
  for (const line of partsOf(g).lines) for (let i = 1; i < line.length; i++) total += Math.hypot(line[i][0] - line[i - 1][0], line[i][1] - line[i - 1][1]);
  return total;
}

export function bboxOf(g: Geometry): Bbox {
  const box: Bbox = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
  const parts = partsOf(g);
  const all = [...parts.points, ...parts.lines.flat(), ...parts.polygons.flat(2)];
  for (const [lon, lat] of all) {
    box.minLon = Math.min(box.minLon, lon);
    box.minLat = Math.min(box.minLat, lat);
    box.maxLon = Math.max(box.maxLon, lon);
    box.maxLat = Math.max(box.maxLat, lat);
  }
  return box;
}

/** Whether two closed boxes share a point (edges touching count). */
export function bboxIntersects(a: Bbox, b: Bbox): boolean {
  return a.minLon <= b.maxLon && a.maxLon >= b.minLon && a.minLat <= b.maxLat && a.maxLat >= b.minLat;
}

/** Whether box `outer` holds box `inner` (edges included). */
export function bboxContains(outer: Bbox, inner: Bbox): boolean {
  return outer.minLon <= inner.minLon && outer.minLat <= inner.minLat && outer.maxLon >= inner.maxLon && outer.maxLat >= inner.maxLat;
}

/**
 * Which SQL pre-filter on the row's box (`row`) against the literal's box (`lit`) is sound for a
 * predicate `name(row, literal)` — true of every row the predicate can hold for:
 * - intersects, touches, crosses, overlaps: the geometries share a point ⇒ `bboxIntersects(row, lit)`;
 * - within(row, lit) ⇒ `bboxContains(lit, row)`; contains(row, lit) ⇒ `bboxContains(row, lit)`;
 * - equals ⇒ both contain each other (the boxes are equal);
 * - disjoint: none (a row far away or one beside the literal inside its box may be disjoint).
 * With the literal first (`st_within(literal, location)`) swap the roles: `spatialPrefilter(name, lit, row)`.
 * `geo.distance(row, lit) lt d` pre-filters on the literal's box grown by d (not here: the compiler's).
 */
export type Prefilter = 'intersects' | 'row-within-literal' | 'row-contains-literal' | 'equal' | 'none';

export function prefilterFor(name: SpatialPredicateName, literalFirst: boolean): Prefilter {
  switch (name) {
    case 'st_intersects':
    case 'geo.intersects':
    case 'st_touches':
    case 'st_crosses':
    case 'st_overlaps':
      return 'intersects';
    case 'st_equals':
      return 'equal';
    case 'st_within':
      return literalFirst ? 'row-contains-literal' : 'row-within-literal';
    case 'st_contains':
      return literalFirst ? 'row-within-literal' : 'row-contains-literal';
    case 'st_disjoint':
      return 'none';
  }
}

/** The pre-filter as a test of two boxes (the SQL does the same on the four columns). */
export function prefilterHolds(kind: Prefilter, row: Bbox, literal: Bbox): boolean {
  switch (kind) {
    case 'intersects':
      return bboxIntersects(row, literal);
    case 'row-within-literal':
      return bboxContains(literal, row);
    case 'row-contains-literal':
      return bboxContains(row, literal);
    case 'equal':
      return bboxContains(row, literal) && bboxContains(literal, row);
    case 'none':
      return true;
  }
}

