import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import { DEMO_PILOT_SLUGS, type DemoPilotSlug } from '../pilots/pilots.demo.ts';
import { demoValue, type DemoModel } from './sta.demo.model.ts';
import { writeObservations, type ObservationRow } from './sta.ingest.ts';
import { ENTITY_TYPES } from './sta.model.ts';
import { ensureMonths, monthsOf } from './sta.partitions.ts';
import { createEntity, type WriteSession } from './sta.write.ts';

/**
 * The Baltic demo of the SensorThings service (issue 20 point 6; research §5, decisions 7 and 8):
 * stations named after real ones where REFERENCE-2 §4 names them, with the place it gives marked
 * unconfirmed where it is (third-party codes), and the demo's own stations, named "(demo)", at
 * the demo pilots' demo places. Every Thing says `demo: true` and its sources; every Datastream
 * says its values are simulated and by which model (sta.demo.model.ts), which the live generator
 * (`talsinki sta live`) reads to go on where the seed stopped.
 */

/** CF standard names: the definitions of what the ocean and air stations measure. */
const CF = 'https://cfconventions.org/Data/cf-standard-names/current/build/cf-standard-name-table.html#';
const QUDT = 'http://qudt.org/vocab/unit/';
const OM = 'http://www.opengis.net/def/observationType/OGC-OM/2.0/';

interface PropertyDef {
  name: string;
  definition: string;
  description: string;
  unit: { name: string; symbol: string; definition: string };
  observationType: string;
}

const PROPERTIES: Record<DemoModel, PropertyDef> = {
  'water-temperature': { name: 'Sea water temperature', definition: `${CF}sea_water_temperature`, description: 'Temperature of the sea water near the surface', unit: { name: 'degree Celsius', symbol: '°C', definition: `${QUDT}DEG_C` }, observationType: `${OM}OM_Measurement` },
  'sea-level': { name: 'Sea level', definition: `${CF}water_surface_height_above_reference_datum`, description: 'Height of the sea surface above the reference level', unit: { name: 'centimetre', symbol: 'cm', definition: `${QUDT}CentiM` }, observationType: `${OM}OM_Measurement` },
  'wave-height': { name: 'Significant wave height', definition: `${CF}sea_surface_wave_significant_height`, description: 'Mean height of the highest third of the waves', unit: { name: 'metre', symbol: 'm', definition: `${QUDT}M` }, observationType: `${OM}OM_Measurement` },
  salinity: { name: 'Sea water practical salinity', definition: `${CF}sea_water_practical_salinity`, description: 'Practical salinity of the surface water (PSS-78, dimensionless)', unit: { name: 'practical salinity unit', symbol: 'PSU', definition: `${QUDT}UNITLESS` }, observationType: `${OM}OM_Measurement` },
  oxygen: { name: 'Dissolved oxygen', definition: `${CF}mass_concentration_of_oxygen_in_sea_water`, description: 'Oxygen dissolved in the surface water', unit: { name: 'milligram per litre', symbol: 'mg/l', definition: `${QUDT}MilliGM-PER-L` }, observationType: `${OM}OM_Measurement` },
  chlorophyll: { name: 'Chlorophyll-a', definition: `${CF}mass_concentration_of_chlorophyll_a_in_sea_water`, description: 'Chlorophyll-a in the surface water, a measure of algae', unit: { name: 'microgram per litre', symbol: 'µg/l', definition: `${QUDT}MicroGM-PER-L` }, observationType: `${OM}OM_Measurement` },
  no2: { name: 'Nitrogen dioxide', definition: `${CF}mass_concentration_of_nitrogen_dioxide_in_air`, description: 'Nitrogen dioxide in the air at street level', unit: { name: 'microgram per cubic metre', symbol: 'µg/m³', definition: `${QUDT}MicroGM-PER-M3` }, observationType: `${OM}OM_Measurement` },
  pm25: { name: 'Fine particles (PM2.5)', definition: `${CF}mass_concentration_of_pm2p5_ambient_aerosol_particles_in_air`, description: 'Particles under 2.5 µm in the air at street level', unit: { name: 'microgram per cubic metre', symbol: 'µg/m³', definition: `${QUDT}MicroGM-PER-M3` }, observationType: `${OM}OM_Measurement` },
  passengers: { name: 'Passengers counted', definition: 'urn:talsinki:demo:observed-property:passengers-counted', description: 'People passing the counter at the terminal in an hour (demo)', unit: { name: 'person', symbol: 'persons', definition: `${QUDT}NUM` }, observationType: `${OM}OM_CountObservation` },
};

const SIMULATED = 'Demo: values simulated by Talsinki (a seasonal curve, a daily shape and noise chosen for the demo), not measured.';

interface DemoStream {
  model: DemoModel;
  /** Minutes between observations. */
  every: number;
  /** Months (0 = January) the station is out of the water and sends nothing. */
  lifted?: readonly number[];
}

interface DemoThing {
  name: string;
  description: string;
  operator: string;
  pilot: DemoPilotSlug | null;
  /** Longitude, latitude; `unconfirmed` when the reference marks the place as a third-party code. */
  place: { name: string; coordinates: [number, number]; unconfirmed: boolean };
  source: string[];
  /** Days before the demo's end the stations sent their last value (a completed pilot's). */
  endedDaysAgo?: number;
  streams: DemoStream[];
}

const REF = 'REFERENCE-2.md §4.2';

export const DEMO_THINGS: readonly DemoThing[] = [
  {
    name: 'Helsinki mareograph (Kaivopuisto)',
    description: "The Finnish Meteorological Institute's sea level station in Helsinki, where sea level has been recorded since 1904. Demo: its values here are simulated, not FMI's measurements.",
    operator: 'Finnish Meteorological Institute (FMI)',
    pilot: null,
    place: { name: 'Kaivopuisto, Helsinki', coordinates: [24.96, 60.15], unconfirmed: true },
    source: [`${REF} [E3]`, 'REFERENCE-2.md §4.1 [E3][E4]'],
    streams: [{ model: 'sea-level', every: 10 }, { model: 'water-temperature', every: 10 }],
  },
  {
    name: 'Helsinki Suomenlinna wave buoy',
    description: "The Finnish Meteorological Institute's wave buoy off Suomenlinna, lifted out of the water roughly from December to April. Demo: its values here are simulated.",
    operator: 'Finnish Meteorological Institute (FMI)',
    pilot: null,
    place: { name: 'Off Suomenlinna', coordinates: [24.973, 60.123], unconfirmed: true },
    source: [REF],
    streams: [
      { model: 'wave-height', every: 30, lifted: [11, 0, 1, 2, 3] },
      { model: 'water-temperature', every: 30, lifted: [11, 0, 1, 2, 3] },
    ],
  },
  {
    name: 'Gulf of Finland wave buoy',
    description: "The Finnish Meteorological Institute's wave buoy on the open Gulf of Finland between Helsinki and Tallinn. Demo: its values here are simulated.",
    operator: 'Finnish Meteorological Institute (FMI)',
    pilot: null,
    place: { name: 'Gulf of Finland', coordinates: [25.235, 59.965], unconfirmed: true },
    source: [REF],
    streams: [{ model: 'wave-height', every: 30 }, { model: 'water-temperature', every: 30 }],
  },
  {
    name: 'Demo buoy: mid-gulf water quality (demo)',
    description: 'A demo station of the Baltic Sea theme measuring what the HELCOM COMBINE monitoring and the Alg@line ferryboxes measure: temperature, salinity, oxygen and chlorophyll-a. Demo place and simulated values.',
    operator: 'Talsinki demo',
    pilot: null,
    place: { name: 'Mid-gulf (demo place)', coordinates: [24.9, 59.8], unconfirmed: false },
    source: ['REFERENCE-2.md §4.1 [E13][E16]'],
    streams: [
      { model: 'water-temperature', every: 10 },
      { model: 'salinity', every: 10 },
      { model: 'oxygen', every: 10 },
      { model: 'chlorophyll', every: 10 },
    ],
  },
  {
    name: 'Demo shore sensor: Helsinki (demo)',
    description: 'A shore water temperature sensor of the demo pilot, reading every 30 minutes as the UiRaS beach sensors of Forum Virium Helsinki do. Demo place and simulated values.',
    operator: 'Talsinki demo',
    pilot: 'demo-shore-water-temperature',
    place: { name: 'Helsinki shore (demo place)', coordinates: [24.956, 60.156], unconfirmed: false },
    source: ['REFERENCE-2.md §4.3 [E19]'],
    streams: [{ model: 'water-temperature', every: 30 }],
  },
  {
    name: 'Demo shore sensor: Tallinn beach (demo)',
    description: 'A beach water temperature sensor of the demo pilot in Tallinn, reading every 30 minutes. Demo place and simulated values.',
    operator: 'Talsinki demo',
    pilot: 'demo-shore-water-temperature',
    place: { name: 'Tallinn beach (demo place)', coordinates: [24.83, 59.47], unconfirmed: false },
    source: ['REFERENCE-2.md §4.3 [E19]'],
    streams: [{ model: 'water-temperature', every: 30 }],
  },
  {
    name: 'Demo passenger counter: Helsinki terminal (demo)',
    description: 'A people counter at a ferry terminal in Helsinki, counting an hour at a time; its daily totals are scaled from the route’s yearly passengers. Demo place and simulated values.',
    operator: 'Talsinki demo',
    pilot: 'demo-ferry-terminal-flow',
    place: { name: 'Helsinki terminal (demo place)', coordinates: [24.915, 60.152], unconfirmed: false },
    source: ['REFERENCE-2.md §3 [S10]'],
    streams: [{ model: 'passengers', every: 60 }],
  },
  {
    name: 'Demo passenger counter: Tallinn terminal (demo)',
    description: 'A people counter at a ferry terminal in Tallinn, counting an hour at a time. Demo place and simulated values.',
    operator: 'Talsinki demo',
    pilot: 'demo-ferry-terminal-flow',
    place: { name: 'Tallinn terminal (demo place)', coordinates: [24.765, 59.444], unconfirmed: false },
    source: ['REFERENCE-2.md §3 [S10]'],
    streams: [{ model: 'passengers', every: 60 }],
  },
  {
    name: 'Demo air sensor: Helsinki street (demo)',
    description: 'A low-cost air quality sensor of the completed demo pilot, in the street section it studied; it stopped with the pilot. Demo place and simulated values.',
    operator: 'Talsinki demo',
    pilot: 'demo-street-air-quality',
    place: { name: 'Street section (demo place)', coordinates: [24.94, 60.1705], unconfirmed: false },
    source: ['REFERENCE-2.md §4.2 [E5][E6]'],
    endedDaysAgo: 280,
    streams: [{ model: 'no2', every: 60 }, { model: 'pm25', every: 60 }],
  },
  {
    name: 'Demo air sensor: Tallinn centre (demo)',
    description: 'An air quality sensor of the demo in central Tallinn, measuring what the city’s automatic stations measure among others. Demo place and simulated values.',
    operator: 'Talsinki demo',
    pilot: null,
    place: { name: 'Tallinn centre (demo place)', coordinates: [24.75, 59.437], unconfirmed: false },
    source: ['REFERENCE-2.md §4.2 [E8][E9]'],
    streams: [{ model: 'no2', every: 60 }, { model: 'pm25', every: 60 }],
  },
];

export interface SensorDemoOptions {
  /** Days of observations up to `now` (365 at `npm start`). */
  days: number;
  /** Every measurement every 10 minutes at most (PostgreSQL's full year; counts stay hourly). */
  dense?: boolean;
  now?: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Rows per transaction while seeding: a stream's year in a few statements, memory bounded. */
const SEED_CHUNK = 20_000;

/** Every `every` minutes from `from` (aligned to it) up to `to`, leaving out the months the station is lifted. */
export function demoTimes(stream: DemoStream, from: number, to: number): number[] {
  const step = stream.every * MINUTE;
  const times: number[] = [];
  for (let time = Math.ceil(from / step) * step; time <= to; time += step) {
    if (stream.lifted?.includes(new Date(time).getUTCMonth())) continue;
    times.push(time);
  }
  return times;
}

/** A stream's key for its noise: distinct per Thing and stream, stable across loads. */
const streamKey = (thingIndex: number, streamIndex: number) => 1000 * (thingIndex + 1) + streamIndex;

/** Whether the Baltic demo is loaded (any Thing says `demo`). */
async function isLoaded(db: QueryBuilder): Promise<boolean> {
  const { rows } = await sql`select 1 from sta_things where properties @> '{"demo": true}'::jsonb limit 1`.execute(db);
  return rows.length > 0;
}

/**
 * Loads the Baltic demo: its Things, Locations, Sensors, ObservedProperties and Datastreams
 * through the SensorThings write path, then `days` of simulated observations through the data
 * array's ingest (the partitions, features and buckets as every write makes them). Answers the
 * observations written, or null when the demo's Things were there already (nothing is loaded).
 */
export async function loadSensorDemo(db: QueryBuilder, options: SensorDemoOptions): Promise<number | null> {
  if (await isLoaded(db)) return null;
  const now = options.now ?? Date.now();
  const end = Math.floor(now / (10 * MINUTE)) * 10 * MINUTE;
  const pilots = new Map((await db.selectFrom('pilots').select(['id', 'slug']).where('slug', 'in', [...DEMO_PILOT_SLUGS]).execute()).map((row) => [row.slug, row.id]));
  const planned = await db.transaction().execute((trx) => createDemoEntities(trx, pilots, now));
  let written = 0;
  for (const stream of planned) {
    const thing = DEMO_THINGS[stream.thingIndex];
    const last = end - (thing.endedDaysAgo ?? 0) * DAY;
    const every = options.dense && stream.def.model !== 'passengers' ? Math.min(stream.def.every, 10) : stream.def.every;
    const times = demoTimes({ ...stream.def, every }, last - options.days * DAY, last);
    await ensureMonths(db, monthsOf(times));
    for (let start = 0; start < times.length; start += SEED_CHUNK) {
      const rows = times.slice(start, start + SEED_CHUNK).map((time) => demoRow(stream, time));
      await db.transaction().execute((trx) => writeObservations(trx, rows));
      written += rows.length;
    }
  }
  return written;
}

interface PlannedStream {
  id: number;
  thingIndex: number;
  key: number;
  def: DemoStream;
  /** The feature made from the Thing's Location, marked as writeObservations makes it (a negative Location id). */
  feature: number;
}

function demoRow(stream: PlannedStream, time: number): ObservationRow {
  const iso = new Date(time).toISOString();
  return {
    datastream_id: stream.id,
    phenomenon_time: iso,
    phenomenon_end: null,
    result_time: iso,
    result_number: demoValue(stream.def.model, stream.key, time),
    result_json: null,
    result_quality: null,
    valid_start: null,
    valid_end: null,
    parameters: null,
    feature_id: stream.feature,
  };
}

/** The Things and what they need, by the standard's deep insert; each Thing then given to its pilot. */
async function createDemoEntities(trx: QueryBuilder, pilots: Map<string, string>, now: number): Promise<PlannedStream[]> {
  const session: WriteSession = { trx, writer: { staff: true, pilotId: null, hiddenStreams: [] }, created: [], now };
  const sensor = await createEntity(session, ENTITY_TYPES.Sensor, { name: 'Demo sensor (simulated values)', description: SIMULATED, encodingType: 'text/plain', metadata: 'Simulated by the Talsinki demo; no instrument.' }, '');
  const properties = new Map<DemoModel, number>();
  for (const [model, def] of Object.entries(PROPERTIES) as [DemoModel, PropertyDef][]) {
    properties.set(model, await createEntity(session, ENTITY_TYPES.ObservedProperty, { name: def.name, definition: def.definition, description: def.description }, ''));
  }
  const planned: PlannedStream[] = [];
  for (const [thingIndex, thing] of DEMO_THINGS.entries()) {
    const thingId = await createEntity(
      session,
      ENTITY_TYPES.Thing,
      {
        name: thing.name,
        description: thing.description,
        properties: { demo: true, operator: thing.operator, source: thing.source, ...(thing.place.unconfirmed ? { unconfirmed: ['location'] } : {}) },
        Locations: [{ name: thing.place.name, description: thing.place.unconfirmed ? 'Place from a third-party station code in the reference, unconfirmed.' : 'Demo place.', encodingType: 'application/geo+json', location: { type: 'Point', coordinates: thing.place.coordinates } }],
        Datastreams: thing.streams.map((stream, streamIndex) => {
          const def = PROPERTIES[stream.model];
          return {
            name: `${def.name}, ${thing.name}`,
            description: `${def.description}, every ${stream.every} minutes. ${SIMULATED}`,
            observationType: def.observationType,
            unitOfMeasurement: def.unit,
            properties: { demo: true, simulated: true, demoModel: stream.model, demoKey: streamKey(thingIndex, streamIndex), everyMinutes: stream.every, ...(stream.lifted ? { liftedMonths: stream.lifted } : {}), ...(thing.endedDaysAgo ? { ended: true } : {}) },
            Sensor: { '@iot.id': sensor },
            ObservedProperty: { '@iot.id': properties.get(stream.model) },
          };
        }),
      },
      '',
    );
    if (thing.pilot) await sql`update sta_things set pilot_id = ${pilots.get(thing.pilot) ?? null} where id = ${thingId}`.execute(trx);
    const { rows } = await sql<{ id: number; location: number }>`
      select d.id::float8 as id, (select tl.location_id::float8 from sta_thing_locations tl where tl.thing_id = d.thing_id limit 1) as location
      from sta_datastreams d where d.thing_id = ${thingId} order by d.id`.execute(trx);
    rows.forEach((row, streamIndex) => planned.push({ id: row.id, thingIndex, key: streamKey(thingIndex, streamIndex), def: thing.streams[streamIndex], feature: -row.location }));
  }
  return planned;
}
