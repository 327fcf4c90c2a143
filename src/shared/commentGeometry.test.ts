import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { checkCommentGeometry, MAX_RING_POSITIONS, segmentsCross, withinRegion, type GeometryCheck } from './commentGeometry.ts';
import { GEOMETRY_INVALID_REASONS } from './problems.ts';
import { TWIN_PLACES, TWIN_REGION_AREA_KM2, TWIN_REGION_BBOX, TWIN_REGION_POLYGON } from './twinRegion.ts';

type Position = [number, number];

// Real places, [lon, lat] (WGS 84), each to about 100 m.
const HELSINKI_CENTRE: Position = [24.9414, 60.1718]; // the central railway station
const TALLINN_CENTRE: Position = [24.7453, 59.437]; // Town Hall Square
const GULF: Position = [24.85, 59.8]; // open sea between the two, on the fixed-link corridor
const TURKU: Position = [22.2666, 60.4518];
const TARTU: Position = [26.729, 58.378];
const STOCKHOLM: Position = [18.0686, 59.3293];
const ST_PETERSBURG: Position = [30.3351, 59.9343];
/** Kanta-Häme: inside the hull of the two areas, but another county's land. */
const RIIHIMAKI: Position = [24.7773, 60.7377];

const point = (coordinates: unknown) => ({ type: 'Point', coordinates });
const polygon = (...rings: unknown[]) => ({ type: 'Polygon', coordinates: rings });
/** A closed ring of `corners` corners on a circle (degrees of lon/lat) around a centre. */
function circle([lon, lat]: Position, radius: number, corners: number): Position[] {
  const ring = Array.from({ length: corners }, (_, i): Position => [lon + radius * Math.cos((2 * Math.PI * i) / corners), lat + (radius / 2) * Math.sin((2 * Math.PI * i) / corners)]);
  return [...ring, ring[0]];
}

/** The check's refusal as [code, reason], or 'ok'. */
const outcome = (result: GeometryCheck) => (result.ok ? 'ok' : result.errors.map((e) => [e.code, (e.params as { reason?: string } | undefined)?.reason ?? null]));
const invalid = (reason: string) => [['geometry-invalid', reason]];
const OUTSIDE = [['outside-region', null]];

describe('the twin region polygon', () => {
  it('is one ring with one hole (an island of Varsinais-Suomi at the hull\'s western tip), small enough to ship', () => {
    expect(TWIN_REGION_POLYGON.type).toBe('Polygon');
    expect(TWIN_REGION_POLYGON.coordinates).toHaveLength(2);
    const vertices = TWIN_REGION_POLYGON.coordinates.reduce((n, ring) => n + ring.length, 0);
    expect(vertices).toBeGreaterThan(100);
    expect(vertices).toBeLessThan(400);
    for (const ring of TWIN_REGION_POLYGON.coordinates) expect(ring[0]).toEqual(ring.at(-1));
  });

  it('has the area and box of the two NUTS areas and the sea between them', () => {
    // FI1B1 ≈ 9,100 km² of land and EE001 ≈ 4,300 km², with the gulf between: 20,000–35,000 km².
    expect(TWIN_REGION_AREA_KM2).toBeGreaterThan(20_000);
    expect(TWIN_REGION_AREA_KM2).toBeLessThan(35_000);
    const [w, s, e, n] = TWIN_REGION_BBOX;
    expect([w, s, e, n].every(Number.isFinite)).toBe(true);
    expect(w).toBeLessThan(TALLINN_CENTRE[0]);
    expect(e).toBeGreaterThan(HELSINKI_CENTRE[0]);
    expect(s).toBeLessThan(TALLINN_CENTRE[1]);
    expect(n).toBeGreaterThan(HELSINKI_CENTRE[1]);
  });

  it('names the two areas with centroids inside the region', () => {
    expect(TWIN_PLACES.map((p) => [p.id, p.name, p.country])).toEqual([
      ['FI1B1', 'Helsinki-Uusimaa', 'FI'],
      ['EE001', 'Põhja-Eesti', 'EE'],
    ]);
    for (const place of TWIN_PLACES) expect(outcome(checkCommentGeometry(point([...place.centroid])))).toBe('ok');
  });
});

describe('a point', () => {
  it.each([
    ['Helsinki centre', HELSINKI_CENTRE],
    ['Tallinn centre', TALLINN_CENTRE],
    ['the gulf between them', GULF],
  ])('in %s is in the region, with its box', (_name, position) => {
    const result = checkCommentGeometry(point(position));
    expect(result).toEqual({ ok: true, geometry: { type: 'Point', coordinates: position }, bbox: { minLon: position[0], minLat: position[1], maxLon: position[0], maxLat: position[1] } });
  });

  it.each([
    ['Turku', TURKU],
    ['Tartu', TARTU],
    ['Stockholm', STOCKHOLM],
    ['St Petersburg', ST_PETERSBURG],
    ['Riihimäki (another county\'s land inside the hull)', RIIHIMAKI],
  ])('in %s is outside the region', (_name, position) => {
    expect(outcome(checkCommentGeometry(point(position)))).toEqual(OUTSIDE);
  });

  it('names the field it was given', () => {
    const result = checkCommentGeometry(point(STOCKHOLM), 'geometry');
    expect(result.ok ? null : result.errors[0].path).toBe('geometry');
    expect((checkCommentGeometry(point([NaN, 60])) as { errors: { path: string }[] }).errors[0].path).toBe('body/geometry');
  });

  it('keeps only type and coordinates', () => {
    const result = checkCommentGeometry({ ...point(GULF), bbox: [0, 0, 1, 1], properties: { x: 1 } });
    expect(result.ok && result.geometry).toEqual({ type: 'Point', coordinates: GULF });
  });
});

describe('a point that is not a valid geometry', () => {
  it.each([
    ['NaN', point([NaN, 60]), 'not-a-geometry'],
    ['Infinity', point([24.9, Infinity]), 'not-a-geometry'],
    ['a string', point(['24.9', '60.1']), 'not-a-geometry'],
    ['three numbers', point([24.9, 60.1, 10]), 'not-a-geometry'],
    ['one number', point([24.9]), 'not-a-geometry'],
    ['latitude 95', point([24.9, 95]), 'out-of-range'],
    ['longitude −181', point([-181, 60]), 'out-of-range'],
  ])('%s', (_name, value, reason) => {
    expect(outcome(checkCommentGeometry(value))).toEqual(invalid(reason));
  });

  it.each([null, undefined, 'Point', 42, [], {}, { type: 'Point' }, { type: 'LineString', coordinates: [GULF, TALLINN_CENTRE] }, { type: 'MultiPoint', coordinates: [GULF] }])(
    'is refused as not a geometry: %j',
    (value) => {
      expect(outcome(checkCommentGeometry(value))).toEqual(invalid('not-a-geometry'));
    },
  );
});

describe('an area', () => {
  const gulfSquare: Position[] = [[24.8, 59.7], [25.0, 59.7], [25.0, 59.9], [24.8, 59.9], [24.8, 59.7]];

  it('in the gulf is in the region, with its box', () => {
    expect(checkCommentGeometry(polygon(gulfSquare))).toEqual({ ok: true, geometry: { type: 'Polygon', coordinates: [gulfSquare] }, bbox: { minLon: 24.8, minLat: 59.7, maxLon: 25.0, maxLat: 59.9 } });
  });

  it('from Helsinki over the gulf to Tallinn is in the region', () => {
    expect(outcome(checkCommentGeometry(polygon([HELSINKI_CENTRE, [24.96, 60.16], TALLINN_CENTRE, HELSINKI_CENTRE])))).toBe('ok');
  });

  it('may have 201 positions (200 corners), not 202', () => {
    const ring200 = circle(GULF, 0.1, 200);
    expect(ring200).toHaveLength(MAX_RING_POSITIONS);
    expect(outcome(checkCommentGeometry(polygon(ring200)))).toBe('ok');
    const ring201 = circle(GULF, 0.1, 201);
    expect(ring201).toHaveLength(202);
    expect(outcome(checkCommentGeometry(polygon(ring201)))).toEqual(invalid('too-many-points'));
  });

  it.each([
    ['a bow tie', polygon([[24.8, 59.7], [25.0, 59.9], [25.0, 59.7], [24.8, 59.9], [24.8, 59.7]]), 'self-intersection'],
    ['an unclosed ring', polygon([[24.8, 59.7], [25.0, 59.7], [25.0, 59.9], [24.8, 59.9]]), 'not-closed'],
    ['a hole', polygon(gulfSquare, [[24.85, 59.75], [24.85, 59.85], [24.95, 59.85], [24.95, 59.75], [24.85, 59.75]]), 'hole'],
    ['three positions', polygon([[24.8, 59.7], [25.0, 59.7], [24.8, 59.7]]), 'too-few-points'],
    ['two corners repeated', polygon([[24.8, 59.7], [25.0, 59.7], [24.8, 59.7], [25.0, 59.7], [24.8, 59.7]]), 'too-few-points'],
    ['no ring', polygon(), 'too-few-points'],
    ['a line there and back', polygon([[24.8, 59.7], [24.9, 59.7], [25.0, 59.7], [24.8, 59.7]]), 'no-area'],
    ['a NaN corner', polygon([[24.8, 59.7], [25.0, NaN], [25.0, 59.9], [24.8, 59.7]]), 'not-a-geometry'],
    ['a corner at latitude 95', polygon([[24.8, 59.7], [25.0, 95], [25.0, 59.9], [24.8, 59.7]]), 'out-of-range'],
    ['a ring that is not an array', polygon('ring'), 'not-a-geometry'],
  ])('%s is not a valid geometry', (_name, value, reason) => {
    expect(outcome(checkCommentGeometry(value))).toEqual(invalid(reason));
  });

  it('counts positions before reading them: 10,000 of them cost nothing and are too many', () => {
    const started = performance.now();
    expect(outcome(checkCommentGeometry(polygon(circle(GULF, 0.1, 10_000))))).toEqual(invalid('too-many-points'));
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('reaching Stockholm or St Petersburg is outside the region', () => {
    expect(outcome(checkCommentGeometry(polygon([HELSINKI_CENTRE, STOCKHOLM, TALLINN_CENTRE, HELSINKI_CENTRE])))).toEqual(OUTSIDE);
    expect(outcome(checkCommentGeometry(polygon([HELSINKI_CENTRE, ST_PETERSBURG, TALLINN_CENTRE, HELSINKI_CENTRE])))).toEqual(OUTSIDE);
  });

  it('with every corner inside but an edge across Kanta-Häme\'s land is outside the region', () => {
    const ring: Position[] = [[24.61, 60.66], [24.81, 60.66], [24.71, 60.55], [24.61, 60.66]];
    for (const corner of ring) expect(booleanPointInPolygon(corner, TWIN_REGION_POLYGON)).toBe(true);
    expect(booleanPointInPolygon([24.71, 60.66], TWIN_REGION_POLYGON)).toBe(false);
    expect(outcome(checkCommentGeometry(polygon(ring)))).toEqual(OUTSIDE);
  });

  it('has every refusal reason worded: the list of reasons is the registry\'s', () => {
    expect([...GEOMETRY_INVALID_REASONS].sort()).toEqual(['hole', 'no-area', 'not-a-geometry', 'not-closed', 'out-of-range', 'self-intersection', 'too-few-points', 'too-many-points']);
  });
});

describe('segments', () => {
  it('cross when each has its ends on both sides of the other', () => {
    expect(segmentsCross([0, 0], [2, 2], [0, 2], [2, 0])).toBe(true);
  });

  it('do not cross when apart, parallel, touching at an end or running along each other', () => {
    expect(segmentsCross([0, 0], [1, 1], [2, 0], [3, 1])).toBe(false);
    expect(segmentsCross([0, 0], [2, 0], [0, 1], [2, 1])).toBe(false);
    expect(segmentsCross([0, 0], [2, 2], [2, 2], [3, 0])).toBe(false);
    expect(segmentsCross([0, 0], [2, 0], [1, 0], [1, 1])).toBe(false);
    expect(segmentsCross([0, 0], [2, 0], [1, 0], [3, 0])).toBe(false);
    // …and one that stops short of the other's line.
    expect(segmentsCross([0, 0], [2, 2], [0, 3], [1, 2.5])).toBe(false);
  });
});

describe('lying within a region that is not convex', () => {
  // A U: two arms (x 0–1 and 3–4) joined at the bottom (y 0–1), open between the arms above y 1.
  const U: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [3, 4], [3, 1], [1, 1], [1, 4], [0, 4], [0, 0]]] };
  // A square with a square hole in its middle.
  const ISLAND: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[4, 4], [4, 6], [6, 6], [6, 4], [4, 4]]] };

  it('holds for an area in one arm, and for corners on the boundary', () => {
    expect(withinRegion([[0.2, 0.2], [0.8, 0.2], [0.8, 3.5], [0.2, 0.2]], U)).toBe(true);
    expect(withinRegion([[0, 0], [4, 0], [3, 1], [1, 1], [0, 0]], U)).toBe(true);
  });

  it('fails for an area whose corners are all in the arms but whose edge spans the gap', () => {
    const ring: Position[] = [[0.5, 3], [3.5, 3], [3.5, 0.5], [0.5, 3]];
    for (const corner of ring) expect(booleanPointInPolygon(corner, U)).toBe(true);
    expect(withinRegion(ring, U)).toBe(false);
  });

  it('fails for an area around a hole, though no edge crosses it', () => {
    expect(withinRegion([[3, 3], [7, 3], [7, 7], [3, 7], [3, 3]], ISLAND)).toBe(false);
    expect(withinRegion([[1, 1], [3, 1], [3, 3], [1, 1]], ISLAND)).toBe(true);
    expect(withinRegion([[5, 5]], ISLAND)).toBe(false);
  });
});
