import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpProblem } from '../../plugins/problems.ts';
import { expectProblem, expectStatus, startTestApp, type TestApp } from '../../test/harness.ts';
import type { QueryBuilder } from '../../db/tables.ts';
import { ensureMonths, monthsOf } from './sta.partitions.ts';
import { parseResourcePath } from './sta.path.ts';
import { readResource, type ReadContext } from './sta.read.ts';
import { parseQueryOptions } from './query/parse.ts';

/**
 * The geo functions of `$filter` (and geo.distance in `$orderby`), replaying FROST-Server's
 * c03filtering GeoTests: its entities (8 Locations and 8 FeaturesOfInterest — four points, a
 * triangle, three lines — 4 Things, 3 Datastreams, 4 Observations) written straight to the
 * tables, each of its filters with the ids it expects; then what our design adds: paging and
 * `$count` across a filter decided in JS, `not`, the scan cap, the order, and the refusals.
 */

let t: TestApp;
let g: GeoFixture;

interface GeoFixture {
  things: number[];
  locations: number[];
  features: number[];
  datastreams: number[];
  observations: number[];
}

type Geo = { type: string; coordinates: unknown };
const point = (lon: number, lat: number): Geo => ({ type: 'Point', coordinates: [lon, lat] });
const line = (...positions: [number, number][]): Geo => ({ type: 'LineString', coordinates: positions });
/** FROST's eight geometries, in its order. */
const GEOMETRIES: Geo[] = [
  point(8, 51),
  point(8, 52),
  point(8, 53),
  point(8, 54),
  {
    type: 'Polygon',
    coordinates: [
      [
        [8, 53],
        [7, 52],
        [7, 53],
        [8, 53],
      ],
    ],
  },
  line([5, 52], [5, 53]),
  line([5, 52], [6, 53]),
  line([4, 52], [8, 52]),
];

function box(geometry: Geo): [number, number, number, number] {
  const positions = (JSON.stringify(geometry.coordinates).match(/-?[\d.]+,-?[\d.]+/g) ?? []).map((pair) => pair.split(',').map(Number));
  const lons = positions.map((p) => p[0]);
  const lats = positions.map((p) => p[1]);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

async function loadGeoFixture(db: QueryBuilder): Promise<GeoFixture> {
  const id = async (query: ReturnType<typeof sql<{ id: number }>>) => (await query.execute(db)).rows[0].id;
  const things: number[] = [];
  for (const n of [1, 2, 3, 4]) things.push(await id(sql<{ id: number }>`insert into sta_things (name, description) values (${`Thing ${n}`}, 'geo test') returning id`));
  const sensor = await id(sql<{ id: number }>`insert into sta_sensors (name, description, encoding_type, metadata) values ('Sensor 1', 'geo test', 'text', '"Some metadata."'::jsonb) returning id`);
  const property = await id(sql<{ id: number }>`insert into sta_observed_properties (name, definition, description) values ('Temperature', 'http://ucom.org/temperature', 'geo test') returning id`);
  // A Datastream's observedArea is what FROST derives from its observations' features: the first
  // stream has two (8 51, 8 52), their hull a line; the others one point each.
  const areas = [line([8, 51], [8, 52]), point(8, 53), point(8, 54)];
  const datastreams: number[] = [];
  for (const [i, area] of areas.entries()) {
    const [minLon, minLat, maxLon, maxLat] = box(area);
    datastreams.push(
      await id(sql<{ id: number }>`insert into sta_datastreams (name, description, observation_type, unit_of_measurement, thing_id, sensor_id, observed_property_id, observed_area, min_lon, min_lat, max_lon, max_lat)
        values (${`Datastream ${i + 1}`}, 'geo test', 'someType', '{"name":"degree celcius","symbol":"°C","definition":"ucum:T"}'::jsonb, ${things[i]}, ${sensor}, ${property},
          ${JSON.stringify(area)}::jsonb, ${minLon}, ${minLat}, ${maxLon}, ${maxLat}) returning id`),
    );
  }
  const locations: number[] = [];
  const features: number[] = [];
  for (const [i, geometry] of GEOMETRIES.entries()) {
    const [minLon, minLat, maxLon, maxLat] = box(geometry);
    const json = JSON.stringify(geometry);
    locations.push(
      await id(sql<{ id: number }>`insert into sta_locations (name, description, encoding_type, location, min_lon, min_lat, max_lon, max_lat)
        values (${`Location ${i}`}, 'geo test', 'application/vnd.geo+json', ${json}::jsonb, ${minLon}, ${minLat}, ${maxLon}, ${maxLat}) returning id`),
    );
    features.push(
      await id(sql<{ id: number }>`insert into sta_features (name, description, encoding_type, feature, min_lon, min_lat, max_lon, max_lat)
        values (${`FoI ${i}`}, 'geo test', 'application/geo+json', ${json}::jsonb, ${minLon}, ${minLat}, ${maxLon}, ${maxLat}) returning id`),
    );
  }
  // Locations 0 and 1 are Thing 1's, 2 Thing 2's, 3 Thing 3's, 4 Thing 4's; 5–7 belong to none.
  for (const [location, thing] of [
    [0, 0],
    [1, 0],
    [2, 1],
    [3, 2],
    [4, 3],
  ]) {
    await sql`insert into sta_thing_locations values (${things[thing]}, ${locations[location]})`.execute(db);
  }
  const times = [1, 2, 3, 4].map((day) => Date.parse(`2016-01-0${day}T01:01:01Z`));
  await ensureMonths(db, monthsOf(times));
  const observations: number[] = [];
  for (const [i, stream] of [0, 0, 1, 2].entries()) {
    observations.push(
      await id(sql<{ id: number }>`insert into sta_observations (datastream_id, phenomenon_time, result_number, feature_id)
        values (${datastreams[stream]}, ${new Date(times[i]).toISOString()}::timestamptz, ${i + 1}, ${features[i]}) returning id`),
    );
  }
  return { things, locations, features, datastreams, observations };
}

beforeAll(async () => {
  t = await startTestApp();
  g = await loadGeoFixture(t.db.kysely);
});
afterAll(() => t?.close());

type Entity = Record<string, unknown> & { '@iot.id': number };
type Page = { value: Entity[]; '@iot.count'?: number; '@iot.nextLink'?: string };

const url = (path: string, query: Record<string, string>) => `/sta/v1.1/${path}?${new URLSearchParams(query).toString().replaceAll('+', '%20')}`;
const get = async (path: string, query: Record<string, string>) => expectStatus(await t.app.inject({ url: url(path, query) }), 200).json() as Page;
const ids = async (path: string, filter: string) => (await get(path, { $filter: filter, $top: '1000' })).value.map((e) => e['@iot.id']);
const pick = (list: number[], ...indexes: number[]) => indexes.map((i) => list[i]);
const refused = async (path: string, query: Record<string, string>, code: string) => {
  const problem = expectProblem(await t.app.inject({ url: url(path, query) }), 400);
  expect(problem.type, JSON.stringify(query)).toMatch(new RegExp(`/${code}$`));
  expect(problem.detail).toBeTruthy();
  return problem;
};

const SQUARE = "geography'POLYGON((7.5 51.5, 7.5 53.5, 8.5 53.5, 8.5 51.5, 7.5 51.5))'";

describe("FROST-Server's GeoTests", () => {
  it('geo.distance', async () => {
    expect(await ids('Locations', "geo.distance(location, geography'POINT(8 54.1)') lt 1")).toEqual(pick(g.locations, 3));
    expect(await ids('Locations', "geo.distance(location, geography'POINT(8 54.1)') gt 1")).toEqual(pick(g.locations, 0, 1, 2, 4, 5, 6, 7));
    expect(await ids('Observations', "geo.distance(FeatureOfInterest/feature, geography'POINT(8 54.1)') lt 1")).toEqual(pick(g.observations, 3));
    expect(await ids('Observations', "geo.distance(FeatureOfInterest/feature, geography'POINT(8 54.1)') gt 1")).toEqual(pick(g.observations, 0, 1, 2));
  });

  it('geo.intersects', async () => {
    expect(await ids('Locations', "geo.intersects(location, geography'LINESTRING(7.5 51, 7.5 54)')")).toEqual(pick(g.locations, 4, 7));
    expect(await ids('FeaturesOfInterest', "geo.intersects(feature, geography'LINESTRING(7.5 51, 7.5 54)')")).toEqual(pick(g.features, 4, 7));
    expect(await ids('Datastreams', `geo.intersects(observedArea, ${SQUARE})`)).toEqual(pick(g.datastreams, 0, 1));
  });

  it('geo.length', async () => {
    for (const [set, list, property] of [
      ['Locations', g.locations, 'location'],
      ['FeaturesOfInterest', g.features, 'feature'],
    ] as const) {
      expect(await ids(set, `geo.length(${property}) gt 1`)).toEqual(pick(list, 6, 7));
      expect(await ids(set, `geo.length(${property}) ge 1`)).toEqual(pick(list, 5, 6, 7));
      expect(await ids(set, `geo.length(${property}) eq 1`)).toEqual(pick(list, 5));
      expect(await ids(set, `geo.length(${property}) ne 1`)).toEqual(pick(list, 0, 1, 2, 3, 4, 6, 7));
      expect(await ids(set, `geo.length(${property}) le 4`)).toEqual(pick(list, 0, 1, 2, 3, 4, 5, 6, 7));
      expect(await ids(set, `geo.length(${property}) lt 4`)).toEqual(pick(list, 0, 1, 2, 3, 4, 5, 6));
    }
  });

  it('st_contains', async () => {
    expect(await ids('Locations', `st_contains(${SQUARE}, location)`)).toEqual(pick(g.locations, 1, 2));
    expect(await ids('Observations', `st_contains(${SQUARE}, FeatureOfInterest/feature)`)).toEqual(pick(g.observations, 1, 2));
    expect(await ids('Datastreams', `st_contains(${SQUARE}, observedArea)`)).toEqual(pick(g.datastreams, 1));
  });

  it('st_crosses, st_disjoint, st_equals, st_intersects, st_overlaps', async () => {
    expect(await ids('Locations', "st_crosses(geography'LINESTRING(7.5 51.5, 7.5 53.5)', location)")).toEqual(pick(g.locations, 4, 7));
    expect(await ids('FeaturesOfInterest', "st_crosses(geography'LINESTRING(7.5 51.5, 7.5 53.5)', feature)")).toEqual(pick(g.features, 4, 7));
    expect(await ids('Locations', `st_disjoint(${SQUARE}, location)`)).toEqual(pick(g.locations, 0, 3, 5, 6));
    expect(await ids('FeaturesOfInterest', `st_disjoint(${SQUARE}, feature)`)).toEqual(pick(g.features, 0, 3, 5, 6));
    expect(await ids('Locations', "st_equals(location, geography'POINT(8 53)')")).toEqual(pick(g.locations, 2));
    expect(await ids('FeaturesOfInterest', "st_equals(feature, geography'POINT(8 53)')")).toEqual(pick(g.features, 2));
    expect(await ids('Locations', "st_intersects(location, geography'LINESTRING(7.5 51, 7.5 54)')")).toEqual(pick(g.locations, 4, 7));
    expect(await ids('FeaturesOfInterest', "st_intersects(feature, geography'LINESTRING(7.5 51, 7.5 54)')")).toEqual(pick(g.features, 4, 7));
    expect(await ids('Datastreams', `st_intersects(observedArea, ${SQUARE})`)).toEqual(pick(g.datastreams, 0, 1));
    expect(await ids('Locations', `st_overlaps(${SQUARE}, location)`)).toEqual(pick(g.locations, 4));
    expect(await ids('FeaturesOfInterest', `st_overlaps(${SQUARE}, feature)`)).toEqual(pick(g.features, 4));
  });

  it('st_relate, st_touches, st_within', async () => {
    expect(await ids('Locations', `st_relate(${SQUARE}, location, 'T********')`)).toEqual(pick(g.locations, 1, 2, 4, 7));
    expect(await ids('FeaturesOfInterest', `st_relate(${SQUARE}, feature, 'T********')`)).toEqual(pick(g.features, 1, 2, 4, 7));
    const triangle = "geography'POLYGON((8 53, 7.5 54.5, 8.5 54.5, 8 53))'";
    expect(await ids('Locations', `st_touches(${triangle}, location)`)).toEqual(pick(g.locations, 2, 4));
    expect(await ids('FeaturesOfInterest', `st_touches(${triangle}, feature)`)).toEqual(pick(g.features, 2, 4));
    expect(await ids('Locations', "st_within(geography'POINT(7.5 52.75)', location)")).toEqual(pick(g.locations, 4));
    expect(await ids('FeaturesOfInterest', "st_within(geography'POINT(7.5 52.75)', feature)")).toEqual(pick(g.features, 4));
  });
});

describe('geo filters decided in JS, with the rest of the query', () => {
  it('keeps not, and, or sound with SQL parts beside the geo ones', async () => {
    // Within the square: 1 and 2; the candidates for `not` must not be cut by the box.
    expect(await ids('Locations', `not st_within(location, ${SQUARE})`)).toEqual(pick(g.locations, 0, 3, 4, 5, 6, 7));
    expect(await ids('Locations', `st_within(location, ${SQUARE}) or name eq 'Location 5'`)).toEqual(pick(g.locations, 1, 2, 5));
    expect(await ids('Locations', `not (st_intersects(location, ${SQUARE}) and name ne 'Location 4')`)).toEqual(pick(g.locations, 0, 3, 4, 5, 6));
    expect(await ids('Locations', `not st_disjoint(location, ${SQUARE})`)).toEqual(pick(g.locations, 1, 2, 4, 7));
    expect(await ids('Locations', "not (geo.distance(location, geography'POINT(8 54.1)') ge 1)")).toEqual(pick(g.locations, 3));
    expect(await ids('Locations', "1 lt geo.length(location) and geo.length(location) lt 4")).toEqual(pick(g.locations, 6));
    expect(await ids('Locations', "geo.distance(location, geography'POINT(5 52)') le -0.5")).toEqual([]);
    expect(await ids('Things', `Locations/any(l: l/name eq 'Location 4')`)).toEqual(pick(g.things, 3));
  });

  it('walks the pages of a geo filter, each match once, with an exact $count', async () => {
    const filter = `not st_within(location, ${SQUARE})`;
    const seen: number[] = [];
    let page = await get('Locations', { $filter: filter, $top: '2', $orderby: 'name desc', $count: 'true' });
    expect(page['@iot.count']).toBe(6);
    for (;;) {
      expect(page.value.length).toBeLessThanOrEqual(2);
      seen.push(...page.value.map((e) => e['@iot.id']));
      if (!page['@iot.nextLink']) break;
      const next = new URL(page['@iot.nextLink']);
      page = expectStatus(await t.app.inject({ url: next.pathname + next.search }), 200).json() as Page;
    }
    expect(seen).toEqual(pick(g.locations, 7, 6, 5, 4, 3, 0));
    const counted = await get('Locations', { $filter: 'geo.length(location) ge 1', $count: 'true', $top: '1' });
    expect(counted['@iot.count']).toBe(3);
    expect(counted.value.map((e) => e['@iot.id'])).toEqual(pick(g.locations, 5));
    expect(counted['@iot.nextLink']).toBeTruthy();
    expect((await get('Locations', { $filter: 'geo.length(location) ge 1', $count: 'true', $top: '0' }))['@iot.count']).toBe(3);
  });

  it('applies a geo filter inside $expand, the top per parent after it', async () => {
    const things = await get('Things', { $orderby: 'id', $expand: 'Locations($filter=geo.length(location) eq 0 and not st_equals(location, geography\'POINT(8 51)\');$count=true;$orderby=id)' });
    expect(things.value.map((thing) => (thing.Locations as Entity[]).map((l) => l['@iot.id']))).toEqual([pick(g.locations, 1), pick(g.locations, 2), pick(g.locations, 3), pick(g.locations, 4)]);
    expect(things.value.map((thing) => thing['Locations@iot.count'])).toEqual([1, 1, 1, 1]);
    const paged = await get('Things', { $orderby: 'id', $top: '1', $expand: `Locations($filter=st_within(location, geography'POLYGON((7.9 50, 8.1 50, 8.1 55, 7.9 55, 7.9 50))');$top=1;$orderby=id desc)` });
    expect((paged.value[0].Locations as Entity[]).map((l) => l['@iot.id'])).toEqual(pick(g.locations, 1));
    expect(paged.value[0]['Locations@iot.nextLink']).toBeTruthy();
    const observations = await get('Observations', { $orderby: 'id', $expand: `FeatureOfInterest($filter=st_within(feature, ${SQUARE}))` });
    expect(observations.value.map((o) => (o.FeatureOfInterest as Entity | undefined)?.['@iot.id'] ?? null)).toEqual([null, g.features[1], g.features[2], null]);
  });

  it('orders by geo.distance alone exactly in JS, lines and areas in their true place', async () => {
    const order = "geo.distance(location, geography'POINT(7.9 52.45)')";
    // Distances: the triangle 0.318, the long line 0.45, the points 0.461, 0.559, 1.453, 1.553, the lines 1.978 and 2.9.
    const expected = pick(g.locations, 4, 7, 1, 2, 0, 3, 6, 5);
    const seen: number[] = [];
    let page = await get('Locations', { $orderby: order, $top: '3', $count: 'true' });
    expect(page['@iot.count']).toBe(8);
    for (;;) {
      seen.push(...page.value.map((e) => e['@iot.id']));
      if (!page['@iot.nextLink']) break;
      const next = new URL(page['@iot.nextLink']);
      page = expectStatus(await t.app.inject({ url: next.pathname + next.search }), 200).json() as Page;
    }
    expect(seen).toEqual(expected);
    expect((await get('Locations', { $orderby: `${order} desc` })).value.map((e) => e['@iot.id'])).toEqual([...expected].reverse());
    expect((await get('Locations', { $orderby: order, $filter: 'geo.length(location) gt 0' })).value.map((e) => e['@iot.id'])).toEqual(pick(g.locations, 7, 6, 5));
    expect((await get('Locations', { $orderby: "geo.distance(location, geography'LINESTRING(7.9 52.45, 7.9 60)')", $top: '2', $skip: '1' })).value.map((e) => e['@iot.id'])).toEqual(
      pick(g.locations, 2, 3),
    );
    const observations = await get('Observations', { $orderby: "geo.distance(FeatureOfInterest/feature, geography'POINT(8 52.4)')" });
    expect(observations.value.map((e) => e['@iot.id'])).toEqual(pick(g.observations, 1, 2, 0, 3));
  });

  it('orders by geo.distance among other keys in SQL where every geometry is a point, and refuses where one is not', async () => {
    const byDistance = async (path: string, query: Record<string, string>) => (await get(path, query)).value.map((e) => e['@iot.id']);
    const order = "geo.distance(FeatureOfInterest/feature, geography'POINT(8 52.4)')";
    expect(await byDistance('Observations', { $orderby: `${order}, result` })).toEqual(pick(g.observations, 1, 2, 0, 3));
    expect(await byDistance('Observations', { $orderby: `${order} desc, result` })).toEqual(pick(g.observations, 3, 0, 2, 1));
    const strip = "geography'POLYGON((7.9 50, 8.1 50, 8.1 55, 7.9 55, 7.9 50))'";
    expect(await byDistance('Locations', { $filter: `st_within(location, ${strip})`, $orderby: "geo.distance(location, geography'POINT(8 52.4)'), name" })).toEqual(pick(g.locations, 1, 2, 0, 3));
    // Among all Locations are lines and a triangle: SQL has no exact key for them.
    await refused('Locations', { $orderby: "geo.distance(location, geography'POINT(8 52.4)'), name" }, 'filter-unsupported');
    await refused('Locations', { $filter: "st_intersects(location, geography'MULTIPOINT((8 51), (8 52))')", $orderby: "geo.distance(location, geography'POINT(8 52.4)'), name" }, 'filter-unsupported');
    await refused('Locations', { $orderby: "name, geo.distance(location, geography'LINESTRING(0 0, 1 1)')" }, 'filter-unsupported');
    await refused('Things', { $expand: "Locations($orderby=geo.distance(location, geography'POINT(8 52.4)'), name)" }, 'filter-unsupported');
    // geo.distance alone in an expansion is sorted in JS per parent: Thing 1's two points, the farther first.
    const things = await get('Things', { $orderby: 'id', $expand: "Locations($orderby=geo.distance(location, geography'POINT(8 50)') desc;$top=1;$count=true)" });
    expect(things.value.map((thing) => (thing.Locations as Entity[]).map((l) => l['@iot.id']))).toEqual([pick(g.locations, 1), pick(g.locations, 2), pick(g.locations, 3), pick(g.locations, 4)]);
    expect(things.value[0]['Locations@iot.nextLink']).toBeTruthy();
    expect(things.value[0]['Locations@iot.count']).toBe(2);
  });

  it('stops at the scan cap with 400 filter-too-costly, never a short page', async () => {
    const read = (filter: string, geoScanCap: number) => {
      const ctx: ReadContext = { db: t.db.kysely, base: 'http://test/sta/v1.1', viewer: { staff: true }, defaultTop: 100, maxTop: 10_000, geoScanCap };
      return readResource(ctx, parseResourcePath('Locations'), parseQueryOptions({ $filter: filter }), new URLSearchParams());
    };
    // st_disjoint has no box test: all 8 Locations are candidates.
    const disjoint = `st_disjoint(location, ${SQUARE})`;
    const error = await read(disjoint, 7).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpProblem);
    expect((error as HttpProblem).slug).toBe('filter-too-costly');
    expect((error as HttpProblem).status).toBe(400);
    expect(((await read(disjoint, 8)) as { json: Page }).json.value).toHaveLength(4);
    // st_within's box test leaves 2 candidates (Locations 1 and 2), so a cap of 2 is enough.
    expect(((await read(`st_within(location, ${SQUARE})`, 2)) as { json: Page }).json.value.map((e) => e['@iot.id'])).toEqual(pick(g.locations, 1, 2));
  });

  it('refuses what it cannot answer exactly, with a 400 that says why', async () => {
    await refused('Locations', { $filter: "st_within(location, geography'POLYGON((1 2, 3 4))')" }, 'geometry-literal-invalid');
    await refused('Locations', { $filter: "st_within(location, geography'POINT(1)')" }, 'geometry-literal-invalid');
    await refused('Locations', { $filter: "st_within(location, geography'SRID=3067;POINT(1 2)')" }, 'geometry-literal-invalid');
    // geo.ts refuses predicates on a GeometryCollection mixing points and lines.
    const problem = await refused('Locations', { $filter: "st_overlaps(location, geography'GEOMETRYCOLLECTION(POINT(8 52), LINESTRING(0 0, 1 1))')" }, 'filter-unsupported');
    expect(problem.detail).toMatch(/st_overlaps/);
    await refused('Locations', { $filter: `st_relate(${SQUARE}, location, 'nonsense')` }, 'filter-unsupported');
    await refused('Things', { $filter: `Locations/any(l: st_within(l/location, ${SQUARE}))` }, 'filter-unsupported');
    await refused('Locations', { $filter: `st_within(location, ${SQUARE}) eq true` }, 'filter-unsupported');
    await refused('Locations', { $filter: "geo.distance(location, geography'POINT(8 52)') add 1 lt 2" }, 'filter-unsupported');
    await refused('Locations', { $filter: `st_within(name, ${SQUARE})` }, 'filter-type-mismatch');
    await refused('Locations', { $filter: "location eq geography'POINT(8 52)'" }, 'filter-type-mismatch');
  });
});
