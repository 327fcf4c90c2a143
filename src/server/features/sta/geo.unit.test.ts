import type { Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import {
  type GeoRefusal,
  type SpatialPredicateName,
  bboxContains,
  bboxIntersects,
  bboxOf,
  geoDistance,
  geoLength,
  MAX_POSITIONS,
  parseWkt,
  prefilterFor,
  prefilterHolds,
  readLocation,
  relate,
  spatialPredicate,
  stRelate,
} from './geo.ts';

const GEOJSON = 'application/geo+json';

/** A WKT the test wrote itself: read or fail loudly. */
function wkt(text: string): Geometry {
  const read = parseWkt(text);
  if (!read.ok) throw new Error(`${text.slice(0, 80)}: ${read.reason}`);
  return read.geometry;
}

const isRefusal = (value: unknown): value is GeoRefusal => typeof value === 'object' && value !== null && (value as GeoRefusal).unsupported === true;

describe('readLocation', () => {
  it('reads every geometry type, a Feature, and both encodingTypes FROST uses', () => {
    const cases: [unknown, Geometry['type']][] = [
      [{ type: 'Point', coordinates: [24.9, 60.1] }, 'Point'],
      [{ type: 'Point', coordinates: [24.9, 60.1, 12.5] }, 'Point'],
      [{ type: 'MultiPoint', coordinates: [[24.9, 60.1], [24.8, 59.4]] }, 'MultiPoint'],
      [{ type: 'LineString', coordinates: [[24.9, 60.1], [24.8, 59.4]] }, 'LineString'],
      [{ type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]], [[2, 2], [3, 3]]] }, 'MultiLineString'],
      [{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }, 'Polygon'],
      [{ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[5, 5], [6, 5], [6, 6], [5, 5]]]] }, 'MultiPolygon'],
      [{ type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 2] }] }, 'GeometryCollection'],
      [{ type: 'Feature', properties: { name: 'x' }, geometry: { type: 'Point', coordinates: [1, 2] } }, 'Point'],
    ];
    for (const [value, type] of cases) {
      for (const encoding of [GEOJSON, 'application/vnd.geo+json']) {
        const read = readLocation(value, encoding);
        expect(read.ok && read.geometry.type, JSON.stringify(value)).toBe(type);
      }
    }
  });

  it('answers a clean 2D copy and the box', () => {
    const value = { type: 'LineString', coordinates: [[24.9, 60.1, 5], [24.7, 59.4, 7]], crs: 'x', bbox: [0, 0, 0, 0] };
    const read = readLocation(value, GEOJSON);
    expect(read).toEqual({
      ok: true,
      geometry: { type: 'LineString', coordinates: [[24.9, 60.1], [24.7, 59.4]] },
      bbox: { minLon: 24.7, minLat: 59.4, maxLon: 24.9, maxLat: 60.1 },
    });
    // The caller stores the original; the reader never changed it.
    expect(value.coordinates[0]).toEqual([24.9, 60.1, 5]);
  });

  it('reads the box of a Feature from its geometry', () => {
    const read = readLocation({ type: 'Feature', properties: {}, geometry: { type: 'MultiPoint', coordinates: [[-3, 4], [5, -6]] } }, GEOJSON);
    expect(read.ok && read.bbox).toEqual({ minLon: -3, minLat: -6, maxLon: 5, maxLat: 4 });
  });

  const ring = [[0, 0], [1, 0], [1, 1], [0, 0]];
  const bad: [string, unknown, string][] = [
    ['null', null, 'is not a GeoJSON geometry'],
    ['a string', 'POINT(1 2)', 'is not a GeoJSON geometry'],
    ['an array', [1, 2], 'is not a GeoJSON geometry'],
    ['no type', { coordinates: [1, 2] }, 'type is missing'],
    ['an unknown type', { type: 'Circle', coordinates: [1, 2] }, 'type is "Circle"'],
    ['lower-case type', { type: 'point', coordinates: [1, 2] }, 'type is "point"'],
    ['a FeatureCollection', { type: 'FeatureCollection', features: [] }, 'type is "FeatureCollection"'],
    ['Point without coordinates', { type: 'Point' }, 'coordinates is not a position'],
    ['Point of one number', { type: 'Point', coordinates: [1] }, 'coordinates has 1 numbers'],
    ['Point of four numbers', { type: 'Point', coordinates: [1, 2, 3, 4] }, 'coordinates has 4 numbers'],
    ['Point of strings', { type: 'Point', coordinates: ['1', '2'] }, 'coordinates[0] is not a finite number'],
    ['Point with null', { type: 'Point', coordinates: [1, null] }, 'coordinates[1] is not a finite number'],
    ['Point with NaN', { type: 'Point', coordinates: [Number.NaN, 1] }, 'coordinates[0] is not a finite number'],
    ['Point with Infinity', { type: 'Point', coordinates: [1, Number.POSITIVE_INFINITY] }, 'coordinates[1] is not a finite number'],
    ['Point with a string altitude', { type: 'Point', coordinates: [1, 2, 'high'] }, 'coordinates[2] is not a finite number'],
    ['longitude past 180', { type: 'Point', coordinates: [180.5, 0] }, 'coordinates[0] is a longitude of 180.5, outside −180…180'],
    ['longitude below −180', { type: 'Point', coordinates: [-181, 0] }, 'outside −180…180'],
    ['latitude past 90', { type: 'Point', coordinates: [0, 90.01] }, 'coordinates[1] is a latitude of 90.01, outside −90…90'],
    ['lat/lon swapped (Helsinki)', { type: 'Point', coordinates: [60.17, 124.94] }, 'is a latitude of 124.94'],
    ['empty MultiPoint', { type: 'MultiPoint', coordinates: [] }, 'coordinates is empty'],
    ['MultiPoint with a bad member', { type: 'MultiPoint', coordinates: [[1, 2], [3]] }, 'coordinates[1] has 1 numbers'],
    ['LineString of one position', { type: 'LineString', coordinates: [[1, 2]] }, 'a line needs at least 2'],
    ['LineString of one repeated position', { type: 'LineString', coordinates: [[1, 2], [1, 2]] }, 'has no length'],
    ['LineString as a flat list', { type: 'LineString', coordinates: [1, 2, 3, 4] }, 'coordinates[0] is not a position'],
    ['MultiLineString with a short line', { type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]], [[2, 2]]] }, 'coordinates[1] has 1 position'],
    ['Polygon without rings', { type: 'Polygon', coordinates: [] }, 'coordinates is empty'],
    ['Polygon ring of 3 positions', { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] }, 'coordinates[0] has 3 positions; a linear ring needs at least 4'],
    ['Polygon ring not closed', { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] }, 'coordinates[0] is not closed: its last position [0, 1] is not its first [0, 0]'],
    ['hole not closed', { type: 'Polygon', coordinates: [ring, [[0.2, 0.1], [0.8, 0.1], [0.8, 0.7], [0.3, 0.1]]] }, 'coordinates[1] is not closed'],
    ['ring without area', { type: 'Polygon', coordinates: [[[0, 0], [1, 1], [2, 2], [0, 0]]] }, 'coordinates[0] encloses no area'],
    ['Polygon as a single ring (one level short)', { type: 'Polygon', coordinates: ring }, 'coordinates[0][0] is not a position'],
    ['MultiPolygon one level short', { type: 'MultiPolygon', coordinates: [ring] }, 'coordinates[0][0][0] is not a position'],
    ['MultiPolygon with a bad ring deep down', { type: 'MultiPolygon', coordinates: [[ring], [[[0, 0], [1, 0], [1, 1], [0, 3]]]] }, 'coordinates[1][0] is not closed'],
    ['GeometryCollection without geometries', { type: 'GeometryCollection' }, 'geometries is not an array of geometries'],
    ['empty GeometryCollection', { type: 'GeometryCollection', geometries: [] }, 'geometries is empty'],
    ['GeometryCollection with a bad member', { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 2] }, { type: 'Point', coordinates: [1, 200] }] }, 'geometries[1].coordinates[1] is a latitude of 200'],
    [
      'GeometryCollections nested 4 deep',
      { type: 'GeometryCollection', geometries: [{ type: 'GeometryCollection', geometries: [{ type: 'GeometryCollection', geometries: [{ type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 2] }] }] }] }] },
      'geometries[0].geometries[0].geometries[0] nests GeometryCollections deeper than 3 levels',
    ],
    ['Feature with null geometry', { type: 'Feature', properties: {}, geometry: null }, 'geometry of the Feature is missing or null'],
    ['Feature with a bad geometry', { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [1, 95] } }, 'geometry.coordinates[1] is a latitude of 95'],
    ['too many positions', { type: 'MultiPoint', coordinates: Array.from({ length: MAX_POSITIONS + 1 }, () => [1, 2]) }, `past the limit of ${MAX_POSITIONS} positions`],
    [
      'too many positions over several lines',
      { type: 'MultiLineString', coordinates: Array.from({ length: 3 }, () => Array.from({ length: 40_000 }, (_, i) => [i % 2, 1])) },
      'coordinates[2][20000] is past the limit of 100000 positions in one geometry',
    ],
  ];

  it.each(bad)('refuses %s with a reason naming the place', (_label, value, reason) => {
    const read = readLocation(value, GEOJSON);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.reason).toContain(reason);
  });

  it('has at least 30 bad inputs', () => expect(bad.length).toBeGreaterThanOrEqual(30));

  it('refuses another encodingType, naming it', () => {
    for (const encoding of ['application/json', 'text/plain', 'application/vnd.geo+json; charset=utf-8', '']) {
      const read = readLocation({ type: 'Point', coordinates: [1, 2] }, encoding);
      expect(!read.ok && read.reason).toContain(`encodingType ${JSON.stringify(encoding)}`);
    }
  });

  it('reads a huge array in bounded time (the count is checked before walking)', () => {
    const huge = { type: 'LineString', coordinates: new Array(10_000_000).fill([1, 2]) };
    const started = performance.now();
    const read = readLocation(huge, GEOJSON);
    expect(!read.ok && read.reason).toContain('past the limit');
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('parseWkt', () => {
  const cases: [string, Geometry][] = [
    ['POINT(24.9 60.1)', { type: 'Point', coordinates: [24.9, 60.1] }],
    ['POINT Z (24.9 60.1 3)', { type: 'Point', coordinates: [24.9, 60.1] }],
    ['point(1E1 2e-1)', { type: 'Point', coordinates: [10, 0.2] }],
    ['SRID=4326;POINT(24.9 60.1)', { type: 'Point', coordinates: [24.9, 60.1] }],
    [' srid=4326 ; LineString (7.5 51, 7.5 54) ', { type: 'LineString', coordinates: [[7.5, 51], [7.5, 54]] }],
    ['MULTIPOINT(1 2, 3 4)', { type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] }],
    ['MULTIPOINT((1 2), (3 4))', { type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] }],
    ['POLYGON((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 2 1, 2 2, 1 1))', { type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[1, 1], [2, 1], [2, 2], [1, 1]]] }],
    ['MULTILINESTRING((1 2, 3 4), (5 6, 7 8))', { type: 'MultiLineString', coordinates: [[[1, 2], [3, 4]], [[5, 6], [7, 8]]] }],
    [
      'MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))',
      { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[5, 5], [6, 5], [6, 6], [5, 5]]]] },
    ],
    [
      'GEOMETRYCOLLECTION(POINT(1 2), LINESTRING(1 2, 3 4))',
      { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 2] }, { type: 'LineString', coordinates: [[1, 2], [3, 4]] }] },
    ],
  ];

  it.each(cases)('reads %s', (text, geometry) => {
    const read = parseWkt(text);
    expect(read.ok && read.geometry).toEqual(geometry);
    expect(read.ok && read.bbox).toEqual(bboxOf(geometry));
  });

  it('round-trips every type through GeoJSON → WKT → GeoJSON', async () => {
    // @ts-expect-error -- the package ships no types
    const { geojsonToWKT } = (await import('@terraformer/wkt')) as { geojsonToWKT: (g: Geometry) => string };
    for (const [, geometry] of cases) {
      const read = parseWkt(geojsonToWKT(geometry));
      expect(read.ok && read.geometry).toEqual(geometry);
    }
  });

  const badWkt: [string, string][] = [
    ['', 'cannot be read'],
    ['POINT(1)', 'cannot be read'],
    ['POINT(1 2) garbage', 'cannot be read'],
    ['POINT(NaN 1)', 'cannot be read'],
    ['POINT(0x10 1)', 'cannot be read'],
    ['CIRCLE(1 2, 3)', 'cannot be read'],
    ['POINT EMPTY', 'the WKT coordinates has 0 numbers'],
    ['POINT(1e999 1)', 'the WKT coordinates[0] is not a finite number'],
    ['POINT(' + '1'.repeat(400) + ' 1)', 'is not a finite number'],
    ['POINT(200 1)', 'the WKT coordinates[0] is a longitude of 200'],
    ['POLYGON((0 0, 1 0, 1 1, 0 1))', 'the WKT coordinates[0] is not closed'],
    ['LINESTRING(1 2)', 'the WKT coordinates has 1 position; a line needs at least 2'],
    ['SRID=3067;POINT(1 2)', 'prefix "SRID=3067" is not SRID=4326'],
    ['POINT((1 2)', 'unbalanced parentheses'],
    ['POINT(1 2))', 'unbalanced parentheses'],
  ];

  it.each(badWkt)('refuses %j', (text, reason) => {
    const read = parseWkt(text);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.reason).toContain(reason);
  });

  it('bounds hostile text before the parser runs, each in well under a second', () => {
    const hostile: [string, string][] = [
      ['x'.repeat(100_001), 'characters long'],
      ['x'.repeat(100_000), 'cannot be read'],
      ['('.repeat(50_000) + ')'.repeat(50_000), 'nests parentheses 50000 deep'],
      ['GEOMETRYCOLLECTION('.repeat(2_000) + 'POINT(1 2)' + ')'.repeat(2_000), 'nests parentheses 2001 deep'],
      ['LINESTRING(' + '1 1,'.repeat(19_999) + '1 1)', 'more than 10000 positions'],
      ['LINESTRING(' + '1 2,'.repeat(20_000), 'unbalanced'],
      ['POINT(' + ' '.repeat(99_000) + '1 2)', ''],
    ];
    for (const [text, reason] of hostile) {
      const started = performance.now();
      const read = parseWkt(text);
      expect(performance.now() - started, text.slice(0, 30)).toBeLessThan(1_000);
      if (reason) expect(!read.ok && read.reason, text.slice(0, 30)).toContain(reason);
    }
    // The largest accepted line still parses quickly.
    const big = 'LINESTRING(' + Array.from({ length: 9_999 }, (_, i) => `${(i % 360) - 180} ${i % 2}`).join(',') + ')';
    const started = performance.now();
    expect(parseWkt(big).ok).toBe(true);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

/**
 * FROST-Server's GeoTests (FROST-Server.Tests, c03filtering/GeoTests.java @99b36f6): its eight
 * Locations (FeaturesOfInterest 0–7 are the same geometries) and each `$filter` with the ids it expects.
 */
const FROST: Geometry[] = [
  { type: 'Point', coordinates: [8, 51] },
  { type: 'Point', coordinates: [8, 52] },
  { type: 'Point', coordinates: [8, 53] },
  { type: 'Point', coordinates: [8, 54] },
  { type: 'Polygon', coordinates: [[[8, 53], [7, 52], [7, 53], [8, 53]]] },
  { type: 'LineString', coordinates: [[5, 52], [5, 53]] },
  { type: 'LineString', coordinates: [[5, 52], [6, 53]] },
  { type: 'LineString', coordinates: [[4, 52], [8, 52]] },
];
const FROST_BOX = 'POLYGON((7.5 51.5, 7.5 53.5, 8.5 53.5, 8.5 51.5, 7.5 51.5))';

/** `[filter, predicate, literal, literal first?, expected ids]` */
const FROST_FILTERS: [string, SpatialPredicateName, string, boolean, number[]][] = [
  ["geo.intersects(location, geography'LINESTRING(7.5 51, 7.5 54)')", 'geo.intersects', 'LINESTRING(7.5 51, 7.5 54)', false, [4, 7]],
  ["st_intersects(location, geography'LINESTRING(7.5 51, 7.5 54)')", 'st_intersects', 'LINESTRING(7.5 51, 7.5 54)', false, [4, 7]],
  [`st_contains(geography'${FROST_BOX}', location)`, 'st_contains', FROST_BOX, true, [1, 2]],
  ["st_crosses(geography'LINESTRING(7.5 51.5, 7.5 53.5)', location)", 'st_crosses', 'LINESTRING(7.5 51.5, 7.5 53.5)', true, [4, 7]],
  [`st_disjoint(geography'${FROST_BOX}', location)`, 'st_disjoint', FROST_BOX, true, [0, 3, 5, 6]],
  ["st_equals(location, geography'POINT(8 53)')", 'st_equals', 'POINT(8 53)', false, [2]],
  [`st_overlaps(geography'${FROST_BOX}', location)`, 'st_overlaps', FROST_BOX, true, [4]],
  ["st_touches(geography'POLYGON((8 53, 7.5 54.5, 8.5 54.5, 8 53))', location)", 'st_touches', 'POLYGON((8 53, 7.5 54.5, 8.5 54.5, 8 53))', true, [2, 4]],
  ["st_within(geography'POINT(7.5 52.75)', location)", 'st_within', 'POINT(7.5 52.75)', true, [4]],
];

describe("FROST's GeoTests, on the same geometries", () => {
  it.each(FROST_FILTERS)('%s', (_filter, name, literalText, literalFirst, expected) => {
    const literal = wkt(literalText);
    const matched = FROST.flatMap((location, id) => {
      const answer = literalFirst ? spatialPredicate(name, literal, location) : spatialPredicate(name, location, literal);
      if (typeof answer !== 'boolean') throw new Error(`refused for Location ${id}: ${answer.reason}`);
      return answer ? [id] : [];
    });
    expect(matched).toEqual(expected);
  });

  it.each(FROST_FILTERS)('the bbox pre-filter of %s keeps every match', (_filter, name, literalText, literalFirst, expected) => {
    const literal = wkt(literalText);
    const kind = prefilterFor(name, literalFirst);
    for (const id of expected) expect(prefilterHolds(kind, bboxOf(FROST[id]), bboxOf(literal)), `Location ${id}`).toBe(true);
  });

  it("st_relate(box, location, 'T********') matches Locations 1, 2, 4, 7", () => {
    const box = wkt(FROST_BOX);
    const matched = FROST.flatMap((location, id) => {
      const answer = stRelate(box, location, 'T********');
      if (typeof answer !== 'boolean') throw new Error(answer.reason);
      return answer ? [id] : [];
    });
    expect(matched).toEqual([1, 2, 4, 7]);
  });

  it('geo.distance(location, POINT(8 54.1)): lt 1 is Location 3, gt 1 the others', () => {
    const target = wkt('POINT(8 54.1)');
    const distances = FROST.map((location) => geoDistance(location, target) as number);
    const expected = [3.1, 2.1, 1.1, 0.1, 1.1, Math.sqrt(9 + 1.1 ** 2), Math.sqrt(4 + 1.1 ** 2), 2.1];
    distances.forEach((d, i) => expect(d, `Location ${i}`).toBeCloseTo(expected[i], 12));
    expect(distances.flatMap((d, i) => (d < 1 ? [i] : []))).toEqual([3]);
    expect(distances.flatMap((d, i) => (d > 1 ? [i] : []))).toEqual([0, 1, 2, 4, 5, 6, 7]);
  });

  it('geo.length(location): gt 1 → 6, 7; ge 1 → 5, 6, 7; eq 1 → 5; lt 4 → all but 7', () => {
    const lengths = FROST.map(geoLength);
    expect(lengths).toEqual([0, 0, 0, 0, 0, 1, Math.SQRT2, 4]);
    const ids = (test: (l: number) => boolean) => lengths.flatMap((l, i) => (test(l) ? [i] : []));
    expect(ids((l) => l > 1)).toEqual([6, 7]);
    expect(ids((l) => l >= 1)).toEqual([5, 6, 7]);
    expect(ids((l) => l === 1)).toEqual([5]);
    expect(ids((l) => l !== 1)).toEqual([0, 1, 2, 3, 4, 6, 7]);
    expect(ids((l) => l <= 4)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(ids((l) => l < 4)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("the Datastreams' observedArea cases: Datastream 0 (FoIs 0 and 1) intersects the box but is not contained, Datastream 1 is both", () => {
    const box = wkt(FROST_BOX);
    // FROST derives observedArea from the FoIs; as a line (their hull) or as the point set, the answers agree.
    for (const area0 of [wkt('LINESTRING(8 51, 8 52)'), wkt('MULTIPOINT(8 51, 8 52)')]) {
      const areas = [area0, wkt('POINT(8 53)'), wkt('POINT(8 54)')];
      expect(areas.map((a) => spatialPredicate('geo.intersects', a, box))).toEqual([true, true, false]);
      expect(areas.map((a) => spatialPredicate('st_intersects', a, box))).toEqual([true, true, false]);
      expect(areas.map((a) => spatialPredicate('st_contains', box, a))).toEqual([false, true, false]);
    }
  });
});

/**
 * Hand-worked cases from the Simple Features definitions (OGC 06-103r4 §6.1.15.3, the DE-9IM patterns),
 * the boundary ones first: they are where a library is most often wrong.
 */
const S = 'POLYGON((0 0, 4 0, 4 4, 0 4, 0 0))';
const HOLED = 'POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (4 4, 6 4, 6 6, 4 6, 4 4))';
type Golden = [string, string, Partial<Record<SpatialPredicateName, boolean>>];
const GOLDEN: Golden[] = [
  // point / polygon (PostGIS regress within100–103)
  ['POINT(2 2)', S, { st_within: true, st_touches: false, st_intersects: true, st_disjoint: false, st_crosses: false, st_overlaps: false, st_equals: false, st_contains: false }],
  ['POINT(0 2)', S, { st_within: false, st_touches: true, st_intersects: true, st_disjoint: false, st_contains: false }],
  ['POINT(0 0)', S, { st_within: false, st_touches: true, st_intersects: true }],
  ['POINT(5 5)', S, { st_within: false, st_touches: false, st_intersects: false, st_disjoint: true }],
  ['POINT(0 12)', S, { st_within: false, st_intersects: false }],
  [S, 'POINT(2 2)', { st_contains: true, st_within: false, st_touches: false }],
  [S, 'POINT(4 2)', { st_contains: false, st_touches: true, st_intersects: true }],
  ['POINT(5 5)', HOLED, { st_disjoint: true, st_within: false }],
  ['POINT(4 5)', HOLED, { st_touches: true, st_within: false }],
  ['POINT(2 5)', HOLED, { st_within: true }],
  // point / line: the ends are the line's boundary; a closed line has none
  ['POINT(0 0)', 'LINESTRING(0 0, 2 2)', { st_touches: true, st_within: false, st_intersects: true }],
  ['POINT(1 1)', 'LINESTRING(0 0, 2 2)', { st_touches: false, st_within: true }],
  ['POINT(1 1)', 'LINESTRING(0 0, 2 0, 2 2)', { st_intersects: false, st_disjoint: true }],
  ['POINT(0 0)', 'LINESTRING(0 0, 1 0, 1 1, 0 0)', { st_touches: false, st_within: true }],
  ['POINT(1 0)', 'MULTILINESTRING((0 0, 1 0), (1 0, 2 0))', { st_touches: false, st_within: true }],
  // point sets
  ['POINT(1 1)', 'MULTIPOINT(1 1)', { st_equals: true, st_within: true, st_contains: true }],
  ['MULTIPOINT(1 1, 2 2)', 'MULTIPOINT(2 2, 1 1)', { st_equals: true }],
  ['MULTIPOINT(1 1, 2 2)', 'MULTIPOINT(2 2, 3 3)', { st_overlaps: true, st_equals: false, st_within: false, st_touches: false }],
  ['POINT(1 1)', 'POINT(1 1)', { st_equals: true, st_touches: false, st_overlaps: false }],
  ['MULTIPOINT(2 2, 0 2)', S, { st_within: true, st_touches: false }],
  ['MULTIPOINT(2 2, 5 5)', S, { st_within: false, st_crosses: true, st_overlaps: false }],
  ['MULTIPOINT(0 0, 4 4)', S, { st_touches: true, st_within: false }],
  ['MULTIPOINT(1 1, 5 5)', 'LINESTRING(0 0, 2 2)', { st_crosses: true }],
  [S, 'MULTIPOINT(2 2, 5 5)', { st_crosses: true, st_contains: false }],
  // line / polygon
  ['LINESTRING(1 1, 3 3)', S, { st_within: true, st_crosses: false, st_touches: false, st_overlaps: false }],
  ['LINESTRING(0 0, 4 0)', S, { st_within: false, st_touches: true, st_crosses: false, st_intersects: true }],
  [S, 'LINESTRING(0 0, 4 0)', { st_contains: false, st_touches: true }],
  ['LINESTRING(-1 2, 2 2)', S, { st_crosses: true, st_within: false, st_touches: false }],
  [S, 'LINESTRING(-1 2, 2 2)', { st_crosses: true }],
  ['LINESTRING(-1 -1, 0 0)', S, { st_touches: true, st_crosses: false }],
  ['LINESTRING(-1 2, 0 2)', S, { st_touches: true, st_crosses: false }],
  ['LINESTRING(0 2, 2 2)', S, { st_within: true, st_touches: false }],
  ['LINESTRING(5 0, 5 4)', S, { st_disjoint: true, st_touches: false, st_crosses: false }],
  ['LINESTRING(-1 5, 5 5)', S, { st_intersects: false }],
  // polygon / polygon
  ['POLYGON((1 1, 3 1, 3 3, 1 3, 1 1))', S, { st_within: true, st_overlaps: false, st_touches: false, st_equals: false }],
  [S, 'POLYGON((1 1, 3 1, 3 3, 1 3, 1 1))', { st_contains: true }],
  ['POLYGON((0 0, 2 0, 2 2, 0 2, 0 0))', S, { st_within: true, st_overlaps: false }],
  ['POLYGON((4 0, 8 0, 8 4, 4 4, 4 0))', S, { st_touches: true, st_overlaps: false, st_intersects: true, st_within: false, st_crosses: false }],
  ['POLYGON((4 4, 5 4, 5 5, 4 4))', S, { st_touches: true, st_overlaps: false }],
  ['POLYGON((2 2, 6 2, 6 6, 2 6, 2 2))', S, { st_overlaps: true, st_touches: false, st_within: false, st_contains: false }],
  ['POLYGON((6 0, 8 0, 8 4, 6 4, 6 0))', S, { st_disjoint: true, st_touches: false, st_overlaps: false }],
  [S, S, { st_equals: true, st_within: true, st_contains: true, st_overlaps: false, st_touches: false }],
  ['POLYGON((4 0, 4 4, 0 4, 0 0, 4 0))', S, { st_within: true, st_contains: true }],
  ['POLYGON((4.5 4.5, 5.5 4.5, 5.5 5.5, 4.5 4.5))', HOLED, { st_disjoint: true }],
  ['MULTIPOLYGON(((1 1, 3 1, 3 3, 1 1)), ((6 6, 7 6, 7 7, 6 6)))', S, { st_overlaps: true, st_within: false }],
  // line / line
  ['LINESTRING(0 0, 2 2)', 'LINESTRING(0 2, 2 0)', { st_crosses: true, st_touches: false, st_intersects: true }],
  ['LINESTRING(0 0, 2 2)', 'LINESTRING(2 2, 3 3)', { st_touches: true, st_crosses: false }],
  ['LINESTRING(0 0, 2 0)', 'LINESTRING(1 0, 1 1)', { st_touches: true, st_crosses: false }],
  ['LINESTRING(0 0, 2 0)', 'LINESTRING(0 1, 2 1)', { st_disjoint: true, st_touches: false }],
  ['LINESTRING(0 0, 2 2)', 'LINESTRING(2 2, 0 0)', { st_equals: true }],
  ['LINESTRING(0 0, 1 1, 2 2)', 'LINESTRING(0 0, 2 2)', { st_equals: true }],
  ['LINESTRING(0 0, 2 0, 1 0)', 'LINESTRING(0 0, 2 0)', { st_equals: true }],
  ['LINESTRING(0 0, 2 2)', 'LINESTRING(1 1, 3 3)', { st_overlaps: true, st_crosses: false, st_touches: false, st_within: false }],
  ['LINESTRING(1 1, 2 2)', 'LINESTRING(0 0, 3 3)', { st_within: true, st_overlaps: false, st_equals: false }],
  ['LINESTRING(0 0, 3 3)', 'LINESTRING(1 1, 2 2)', { st_contains: true }],
  ['LINESTRING(0 0, 2 0)', 'LINESTRING(0 0, 1 1, 2 0, 3 0)', { st_within: false, st_touches: true, st_crosses: false }],
  ['LINESTRING(0 0, 1 0, 2 0)', 'LINESTRING(0 0, 2 0, 3 0)', { st_within: true }],
  ['MULTILINESTRING((0 0, 2 2), (5 5, 6 6))', 'LINESTRING(0 2, 2 0)', { st_crosses: true, st_touches: false }],
  ['LINESTRING(0 0, 2 0)', 'LINESTRING(1 0, 1 1, 3 1, 3 0, 1 0)', { st_overlaps: true }],
  ['LINESTRING(-1 2, 5 2)', S, { st_crosses: true, st_within: false }],
  ['LINESTRING(0 0, 4 4)', S, { st_within: true, st_crosses: false }],
  ['LINESTRING(0 0, 2 0, 2 2)', S, { st_within: true, st_touches: false }],
  ['MULTILINESTRING((0 0, 4 0), (5 0, 6 0))', S, { st_touches: true, st_crosses: false, st_within: false }],
  ['LINESTRING(3 5, 5 5, 5 3)', HOLED, { st_crosses: true }],
  ['LINESTRING(4 4, 6 4)', HOLED, { st_touches: true, st_within: false }],
  ['LINESTRING(4.5 5, 5.5 5)', HOLED, { st_disjoint: true }],
  ['POLYGON((3 3, 7 3, 7 7, 3 7, 3 3))', HOLED, { st_within: false, st_overlaps: true, st_contains: false }],
  ['POLYGON((1 1, 3 1, 3 3, 1 3, 1 1))', HOLED, { st_within: true }],
  ['POLYGON((4 4, 6 4, 6 6, 4 6, 4 4))', HOLED, { st_touches: true, st_overlaps: false, st_within: false }],
  ['MULTIPOLYGON(((0 0, 4 0, 4 4, 0 4, 0 0)), ((6 6, 7 6, 7 7, 6 6)))', S, { st_contains: true, st_equals: false, st_overlaps: false }],
  ['MULTIPOLYGON(((0 0, 2 0, 2 2, 0 2, 0 0)), ((2 2, 4 2, 4 4, 2 4, 2 2)))', S, { st_within: true, st_contains: false, st_overlaps: false }],
  // distant pairs settle every predicate early
  ['LINESTRING(0 0, 1 0)', 'MULTILINESTRING((5 5, 6 6))', { st_within: false, st_overlaps: false, st_crosses: false, st_touches: false, st_equals: false }],
];

describe('predicates against hand-worked Simple Features cases', () => {
  const rows = GOLDEN.flatMap(([a, b, answers]) => Object.entries(answers).map(([name, expected]) => [name, a, b, expected] as const));
  it.each(rows)('%s(%s, %s) is %s', (name, a, b, expected) => {
    const answer = spatialPredicate(name as SpatialPredicateName, wkt(a), wkt(b));
    expect(answer).toBe(expected);
  });

  it.each(rows)('the bbox pre-filter of %s(%s, %s) keeps it when true', (name, a, b, expected) => {
    if (!expected) return;
    const kind = prefilterFor(name as SpatialPredicateName, false);
    expect(prefilterHolds(kind, bboxOf(wkt(a)), bboxOf(wkt(b)))).toBe(true);
  });

  it('st_within is st_contains swapped and st_disjoint is not st_intersects, on every answered golden pair', () => {
    for (const [a, b] of GOLDEN) {
      const [ga, gb] = [wkt(a), wkt(b)];
      const within = spatialPredicate('st_within', ga, gb);
      const contains = spatialPredicate('st_contains', gb, ga);
      if (!isRefusal(within) && !isRefusal(contains)) expect(within, `${a} / ${b}`).toBe(contains);
      expect(spatialPredicate('st_disjoint', ga, gb)).toBe(!spatialPredicate('st_intersects', ga, gb));
    }
  });
});

describe('every pair of geometry types is answered or refused with a reason, never thrown', () => {
  const samples: Record<string, string> = {
    Point: 'POINT(1 1)',
    MultiPoint: 'MULTIPOINT(1 1, 5 5)',
    LineString: 'LINESTRING(0 0, 2 2)',
    MultiLineString: 'MULTILINESTRING((0 0, 2 2), (3 3, 4 4))',
    Polygon: 'POLYGON((0 0, 3 0, 3 3, 0 3, 0 0))',
    MultiPolygon: 'MULTIPOLYGON(((0 0, 3 0, 3 3, 0 3, 0 0)), ((10 10, 11 10, 11 11, 10 10)))',
    GeometryCollection: 'GEOMETRYCOLLECTION(POINT(1 1), LINESTRING(0 0, 1 2))',
  };
  const names: SpatialPredicateName[] = ['st_equals', 'st_disjoint', 'st_touches', 'st_within', 'st_overlaps', 'st_crosses', 'st_intersects', 'st_contains', 'geo.intersects'];
  const refused: string[] = [];
  for (const name of names) {
    for (const [ta, a] of Object.entries(samples)) {
      for (const [tb, b] of Object.entries(samples)) {
        const answer = spatialPredicate(name, wkt(a), wkt(b));
        if (isRefusal(answer)) {
          expect(answer.reason).toContain(`${name} of a ${ta} and a ${tb} is not supported:`);
          refused.push(`${name} ${ta}/${tb}`);
        } else expect(typeof answer).toBe('boolean');
      }
    }
  }

  it('refuses only a GeometryCollection mixing dimensions, and never for intersects/disjoint', () => {
    const expected = names
      .filter((n) => !['st_intersects', 'geo.intersects', 'st_disjoint'].includes(n))
      .flatMap((n) => Object.keys(samples).flatMap((t) => (t === 'GeometryCollection' ? Object.keys(samples).map((u) => `${n} GeometryCollection/${u}`) : [`${n} ${t}/GeometryCollection`])))
      .sort();
    expect([...refused].sort()).toEqual(expected);
  });
});

describe('refusals are typed and name the predicate and the types', () => {
  const cases: [SpatialPredicateName, string, string, string][] = [
    ['st_touches', 'GEOMETRYCOLLECTION(POINT(9 9), LINESTRING(0 0, 2 2))', 'LINESTRING(0 2, 2 0)', 'st_touches of a GeometryCollection and a LineString is not supported: a GeometryCollection mixing'],
    ['st_within', 'POINT(1 1)', 'GEOMETRYCOLLECTION(POINT(1 1), POLYGON((0 0, 2 0, 2 2, 0 0)))', 'st_within of a Point and a GeometryCollection is not supported'],
  ];
  it.each(cases)('%s(%s, %s)', (name, a, b, reason) => {
    const answer = spatialPredicate(name, wkt(a), wkt(b));
    expect(isRefusal(answer)).toBe(true);
    expect((answer as GeoRefusal).reason).toContain(reason);
  });

  it('refuses a segment comparison too large to run in a request', () => {
    const many = (y: number): Geometry => ({ type: 'LineString', coordinates: Array.from({ length: 9_000 }, (_, i) => [i * 0.01 - 90, y + (i % 2)]) });
    const answer = spatialPredicate('st_crosses', many(1), many(2));
    expect(isRefusal(answer) && answer.reason).toContain('pairs of segments');
  });

  const matrices: [string, string, string][] = [
    ['LINESTRING(0 0, 2 2)', 'LINESTRING(0 2, 2 0)', '0F1FF0102'],
    ['LINESTRING(0 0, 2 2)', 'LINESTRING(1 1, 3 3)', '1010F0102'],
    ['LINESTRING(1 1, 3 3)', S, '1FF0FF212'],
    ['LINESTRING(0 0, 4 0)', S, 'F1FF0F212'],
    ['LINESTRING(-1 2, 2 2)', S, '1010F0212'],
    [S, 'LINESTRING(-1 2, 2 2)', '1020F1102'],
    [S, S, '2FFF1FFF2'],
    [S, 'POLYGON((4 0, 8 0, 8 4, 4 4, 4 0))', 'FF2F11212'],
    [S, 'POLYGON((2 2, 6 2, 6 6, 2 6, 2 2))', '212101212'],
    [S, 'POLYGON((1 1, 3 1, 3 3, 1 3, 1 1))', '212FF1FF2'],
    ['POINT(0 0)', 'LINESTRING(0 0, 1 1)', 'F0FFFF102'],
  ];
  it.each(matrices)('relate(%s, %s) is %s', (a, b, matrix) => {
    expect(relate(wkt(a), wkt(b))).toBe(matrix);
    expect(stRelate(wkt(a), wkt(b), matrix)).toBe(true);
  });

  it('stRelate: patterns on point sets, lines and areas; bad patterns refused', () => {
    const square = wkt(S);
    expect(stRelate(wkt('POINT(2 2)'), square, '0FFFFF212')).toBe(true);
    expect(stRelate(wkt('POINT(0 2)'), square, 'F0FFFF212')).toBe(true);
    expect(stRelate(square, wkt('POINT(0 2)'), 'FF20F1FF2')).toBe(true);
    expect(stRelate(wkt('POINT(0 0)'), wkt('LINESTRING(0 0, 1 1)'), 'F0FFFF102')).toBe(true); // PostGIS regress_ogc 'relate'
    expect(stRelate(wkt('POINT(0 0)'), wkt('LINESTRING(0 0, 1 1)'), 'F0FFF0102')).toBe(false);
    expect(stRelate(wkt('MULTIPOINT(1 1, 2 2)'), wkt('MULTIPOINT(2 2, 3 3)'), '0F0FFF0F2')).toBe(true);
    expect(stRelate(wkt('LINESTRING(1 1, 3 3)'), square, 'T********')).toBe(true);
    expect(stRelate(wkt('LINESTRING(0 0, 4 0)'), square, 'T********')).toBe(false);
    expect(stRelate(wkt('LINESTRING(0 0, 4 0)'), square, 'F********')).toBe(true);
    expect(stRelate(wkt('LINESTRING(1 1, 3 3)'), square, 'T*F**F***')).toBe(true);
    for (const bad of ['T*******', 'T*F**FFF*X', 'abcdefghi']) expect(isRefusal(stRelate(square, square, bad))).toBe(true);
  });
});

describe('geoDistance and geoLength', () => {
  const distances: [string, string, number][] = [
    ['POINT(0 0)', 'POINT(3 4)', 5],
    ['POINT(0 0)', 'LINESTRING(1 -1, 1 1)', 1],
    ['POINT(0 0)', 'LINESTRING(3 4, 6 8)', 5],
    ['POINT(2 2)', S, 0],
    ['POINT(0 2)', S, 0],
    ['POINT(7 4)', S, 3],
    ['POINT(5 5)', HOLED, 1],
    ['LINESTRING(0 0, 1 0)', 'LINESTRING(0 2, 1 3)', 2],
    ['LINESTRING(0 0, 2 2)', 'LINESTRING(0 2, 2 0)', 0],
    [S, 'POLYGON((6 0, 8 0, 8 4, 6 4, 6 0))', 2],
    ['POLYGON((1 1, 2 1, 2 2, 1 1))', S, 0],
    ['MULTIPOINT(10 10, 0 -3)', 'POINT(0 0)', 3],
    ['GEOMETRYCOLLECTION(POINT(9 9), LINESTRING(0 -2, 1 -2))', S, 2],
  ];
  it.each(distances)('distance(%s, %s) = %s', (a, b, expected) => {
    expect(geoDistance(wkt(a), wkt(b))).toBeCloseTo(expected, 12);
    expect(geoDistance(wkt(b), wkt(a))).toBeCloseTo(expected, 12);
  });

  it('lengths in coordinate units: lines summed, points and areas 0 (PostGIS ST_Length on geometry)', () => {
    expect(geoLength(wkt('LINESTRING(0 0, 3 4)'))).toBe(5);
    expect(geoLength(wkt('LINESTRING(0 0, 3 4, 3 5)'))).toBe(6);
    expect(geoLength(wkt('MULTILINESTRING((0 0, 1 0), (0 0, 0 2))'))).toBe(3);
    expect(geoLength(wkt(S))).toBe(0);
    expect(geoLength(wkt('POINT(1 2)'))).toBe(0);
    expect(geoLength(wkt('GEOMETRYCOLLECTION(POINT(1 2), LINESTRING(0 0, 0 2))'))).toBe(2);
  });
});

describe('bbox tests', () => {
  const box = (minLon: number, minLat: number, maxLon: number, maxLat: number) => ({ minLon, minLat, maxLon, maxLat });
  it('intersects counts touching edges and corners, and only those', () => {
    expect(bboxIntersects(box(0, 0, 1, 1), box(1, 1, 2, 2))).toBe(true);
    expect(bboxIntersects(box(0, 0, 1, 1), box(0.5, -1, 0.6, 3))).toBe(true);
    expect(bboxIntersects(box(0, 0, 1, 1), box(1.01, 0, 2, 1))).toBe(false);
    expect(bboxIntersects(box(0, 0, 1, 1), box(0, 1.01, 1, 2))).toBe(false);
  });
  it('contains includes the edges and is not symmetric', () => {
    expect(bboxContains(box(0, 0, 4, 4), box(0, 0, 4, 4))).toBe(true);
    expect(bboxContains(box(0, 0, 4, 4), box(1, 1, 2, 2))).toBe(true);
    expect(bboxContains(box(1, 1, 2, 2), box(0, 0, 4, 4))).toBe(false);
    expect(bboxContains(box(0, 0, 4, 4), box(3, 3, 5, 4))).toBe(false);
  });
  it('st_disjoint has no pre-filter; within/contains follow the argument order', () => {
    expect(prefilterFor('st_disjoint', false)).toBe('none');
    expect(prefilterFor('st_within', false)).toBe('row-within-literal');
    expect(prefilterFor('st_within', true)).toBe('row-contains-literal');
    expect(prefilterFor('st_contains', true)).toBe('row-within-literal');
    expect(prefilterHolds('none', box(50, 50, 60, 60), box(0, 0, 1, 1))).toBe(true);
  });
});

/**
 * A cross-check of the matrix against brute force: random points, lines and areas on a
 * small integer grid (exact arithmetic), and every sample point of a 1/8 grid located in both. A
 * sample found in, say, a's interior and b's exterior proves that entry is not F; the matrix must agree.
 * It must also be the transpose of the swapped pair's, and its intersects the exact one's.
 */
describe('the DE-9IM matrix against sampled point locations', () => {
  let seed = 20;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const int = (n: number) => Math.floor(random() * n);
  const pos = () => [int(5), int(5)];
  const line = (): number[][] => {
    const points = [pos(), pos(), ...(random() < 0.5 ? [pos()] : [])];
    return points.every((p) => p[0] === points[0][0] && p[1] === points[0][1]) ? [[0, 0], [4, 1]] : points;
  };
  const box = (x0: number, y0: number, x1: number, y1: number) => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
  const polygon = (): number[][][] => {
    const kind = int(3);
    if (kind === 0) {
      const [a, b, c] = [pos(), pos(), pos()];
      if ((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]) === 0) return [box(0, 0, 2, 2)];
      return [[a, b, c, a]];
    }
    if (kind === 1) {
      const [x0, y0] = [int(3), int(3)];
      return [box(x0, y0, x0 + 1 + int(2), y0 + 1 + int(2))];
    }
    return [box(0, 0, 4, 4), box(1, 1, 1 + 1 + int(2), 1 + 1 + int(2))];
  };
  const geometry = (): Geometry => {
    switch (int(6)) {
      case 4:
        return { type: 'Point', coordinates: pos() };
      case 5:
        return { type: 'MultiPoint', coordinates: [pos(), pos(), pos()] };
      case 0:
        return { type: 'LineString', coordinates: line() };
      case 1:
        return { type: 'MultiLineString', coordinates: [line(), line()] };
      case 2:
        return { type: 'Polygon', coordinates: polygon() };
      default:
        return { type: 'MultiPolygon', coordinates: [[box(0, int(4), 1, 4)], [box(3, 0, 4, 1 + int(3))]] };
    }
  };
  const where = (x: number, y: number, g: Geometry) => {
    const m = relate({ type: 'Point', coordinates: [x, y] }, g) as string;
    return m[0] !== 'F' ? 0 : m[1] !== 'F' ? 1 : 2; // interior, boundary, exterior
  };
  const samples: [number, number][] = [];
  for (let x = -0.5; x <= 4.5; x += 0.125) for (let y = -0.5; y <= 4.5; y += 0.125) samples.push([x, y]);

  it('agrees on 400 random pairs', () => {
    for (let n = 0; n < 400; n++) {
      const [a, b] = [geometry(), geometry()];
      const label = `${JSON.stringify(a)} / ${JSON.stringify(b)}`;
      const m = relate(a, b) as string;
      expect(m, label).toMatch(/^[F012]{9}$/);
      expect(relate(b, a), label).toBe([0, 3, 6, 1, 4, 7, 2, 5, 8].map((i) => m[i]).join(''));
      expect(!/^FF.FF/.test(m), label).toBe(spatialPredicate('st_intersects', a, b));
      expect(stRelate(a, a, 'T*F**FFF*'), JSON.stringify(a)).toBe(true);
      const seen = new Set<number>();
      for (const [x, y] of samples) seen.add(where(x, y, a) * 3 + where(x, y, b));
      for (const entry of seen) expect(m[entry], `${label}: entry ${entry} of ${m}`).not.toBe('F');
    }
  });
});
