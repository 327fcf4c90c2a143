/**
 * The Baltic demo's simulated values (issue 20 point 6). The references name the variables and
 * the cadences but give no typical values for the Gulf of Finland (research §5), so every curve
 * here is a modelling choice of the demo, labelled as such on each Datastream: a seasonal shape,
 * a daily one where the phenomenon has it, and smooth noise. Deterministic: a value depends only
 * on the model, the stream's key and the instant, so the first-start seed and the live generator
 * (`talsinki sta live`) draw one continuous series.
 */

export const DEMO_MODELS = ['water-temperature', 'sea-level', 'wave-height', 'salinity', 'oxygen', 'chlorophyll', 'no2', 'pm25', 'passengers'] as const;
export type DemoModel = (typeof DEMO_MODELS)[number];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const YEAR = 365.2425 * DAY;

/** A 32-bit hash of two integers, as a number in [-1, 1]. */
function hashUnit(key: number, knot: number): number {
  let h = Math.imul(key ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(knot | 0, 0xc2b2ae35) ^ Math.imul(Math.floor(knot / 4_294_967_296), 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  h ^= h >>> 16;
  return ((h >>> 0) / 4_294_967_295) * 2 - 1;
}

/** Noise in [-1, 1] that changes smoothly over `span` ms (values at knots, eased between). */
function smoothNoise(key: number, instant: number, span: number): number {
  const at = instant / span;
  const knot = Math.floor(at);
  const t = at - knot;
  const eased = t * t * (3 - 2 * t);
  return hashUnit(key, knot) * (1 - eased) + hashUnit(key, knot + 1) * eased;
}

/** The day of the year as a fraction of it, from 1 January UTC. */
function yearPhase(instant: number): number {
  const date = new Date(instant);
  return (instant - Date.UTC(date.getUTCFullYear(), 0, 1)) / YEAR;
}

/** The hour of the day in Helsinki and Tallinn (UTC+2, +3 from April to October: near enough for a demo's daily shape). */
function localHour(instant: number): number {
  const month = new Date(instant).getUTCMonth();
  const offset = month >= 3 && month <= 9 ? 3 : 2;
  return (instant / HOUR + offset) % 24;
}

/** Monday 0 … Sunday 6, local. */
function weekday(instant: number): number {
  return (new Date(instant + 2 * HOUR).getUTCDay() + 6) % 7;
}

/** A bell around `centre` (a year phase) `width` wide, wrapping at the year's end. */
function seasonBell(phase: number, centre: number, width: number): number {
  const distance = Math.min(Math.abs(phase - centre), 1 - Math.abs(phase - centre));
  return Math.exp(-((distance / width) ** 2));
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Surface water: coldest in early February, warmest in early August. */
function waterTemperature(key: number, instant: number): number {
  const phase = yearPhase(instant);
  const seasonal = 9.5 + 9.5 * Math.sin(2 * Math.PI * (phase - 0.345));
  const summer = Math.max(0, Math.sin(2 * Math.PI * (phase - 0.345)));
  const daily = 0.4 * summer * Math.sin((2 * Math.PI * (localHour(instant) - 9)) / 24);
  return round(Math.max(0, seasonal + daily + 1.2 * smoothNoise(key, instant, 3 * DAY) + 0.15 * smoothNoise(key + 1, instant, 2 * HOUR)), 2);
}

/** Sea level in cm against the reference level: higher in autumn and winter, storms lasting days, a seiche of about a day. */
function seaLevel(key: number, instant: number): number {
  const phase = yearPhase(instant);
  const seasonal = 12 * Math.cos(2 * Math.PI * (phase - 0.95));
  const weather = 22 * smoothNoise(key, instant, 4 * DAY) + 8 * smoothNoise(key + 1, instant, 18 * HOUR);
  const seiche = 3 * Math.sin((2 * Math.PI * instant) / (27 * HOUR));
  return round(seasonal + weather + seiche, 1);
}

/** Significant wave height in m: rougher from October to January, gusty spells. */
function waveHeight(key: number, instant: number): number {
  const rough = seasonBell(yearPhase(instant), 0.9, 0.18);
  const spell = Math.max(0, smoothNoise(key, instant, 2 * DAY));
  return round(Math.max(0.05, 0.35 + 0.45 * rough + 1.6 * spell * (0.5 + rough) + 0.08 * smoothNoise(key + 1, instant, 3 * HOUR)), 2);
}

/** Practical salinity of the surface water: about 5, lower after the spring floods. */
function salinity(key: number, instant: number): number {
  const flood = seasonBell(yearPhase(instant), 0.36, 0.08);
  return round(5.3 - 0.6 * flood + 0.25 * smoothNoise(key, instant, 5 * DAY) + 0.03 * smoothNoise(key + 1, instant, 3 * HOUR), 3);
}

/** Dissolved oxygen in mg/l: near saturation, which falls as the water warms. */
function oxygen(key: number, instant: number): number {
  const temperature = waterTemperature(key, instant);
  const saturation = 14.6 - 0.39 * temperature + 0.007 * temperature ** 2;
  return round(saturation * (0.95 + 0.04 * smoothNoise(key + 2, instant, 2 * DAY)), 2);
}

/** Chlorophyll-a in µg/l: the spring bloom in late April and May, a smaller one in high summer, low in winter. */
function chlorophyll(key: number, instant: number): number {
  const phase = yearPhase(instant);
  const bloom = 12 * seasonBell(phase, 0.36, 0.05) + 5 * seasonBell(phase, 0.56, 0.06);
  return round(Math.max(0.3, 1 + bloom * (1 + 0.4 * smoothNoise(key, instant, 4 * DAY)) + 0.3 * smoothNoise(key + 1, instant, 6 * HOUR)), 2);
}

/** Rush hours at 8 and 17 local time on working days. */
function rushHours(instant: number): number {
  const hour = localHour(instant);
  const working = weekday(instant) < 5 ? 1 : 0.45;
  return working * (Math.exp(-(((hour - 8) / 1.5) ** 2)) + 0.8 * Math.exp(-(((hour - 17) / 2) ** 2)));
}

/** Nitrogen dioxide in µg/m³ at a street: traffic's rush hours, higher in winter's still air. */
function no2(key: number, instant: number): number {
  const winter = seasonBell(yearPhase(instant), 0.05, 0.2);
  return round(Math.max(2, 14 + 8 * winter + 26 * rushHours(instant) + 7 * smoothNoise(key, instant, 2 * DAY)), 1);
}

/** Fine particles (PM2.5) in µg/m³: low, with the street dust of April and spells of long-range haze. */
function pm25(key: number, instant: number): number {
  const dust = seasonBell(yearPhase(instant), 0.28, 0.05);
  const haze = Math.max(0, smoothNoise(key, instant, 5 * DAY)) ** 2;
  return round(Math.max(0.5, 4 + 6 * dust + 14 * haze + 2 * rushHours(instant) + 0.8 * smoothNoise(key + 1, instant, 3 * HOUR)), 1);
}

/** Boarding in an hour (6 to 22 local): peaks before the morning, midday and evening departures. */
const boardingShape = (hour: number) => 0.6 + Math.exp(-(((hour - 7.5) / 1.2) ** 2)) + 0.8 * Math.exp(-(((hour - 12.5) / 1.5) ** 2)) + Math.exp(-(((hour - 18.5) / 1.5) ** 2));
const BOARDING_TOTAL = Array.from({ length: 17 }, (_, i) => boardingShape(i + 6)).reduce((a, b) => a + b, 0);

/**
 * Passengers counted in an hour at one terminal: a day's total scaled from the Helsinki–Tallinn
 * route's 8,925,000 passengers of 2019 (REFERENCE-2 [S10]; about 24,450 a day on both ends, so
 * about 12,200 at each), more in summer and at weekends, spread over the departures' hours.
 */
function passengers(key: number, instant: number): number {
  const hour = Math.floor(localHour(instant));
  if (hour < 6 || hour > 22) return 0;
  const season = 1 + 0.35 * Math.sin(2 * Math.PI * (yearPhase(instant) - 0.3));
  const day = weekday(instant);
  const week = day === 4 || day === 6 ? 1.25 : day === 5 ? 1.1 : 0.92;
  const daily = (8_925_000 / 365 / 2) * season * week;
  return Math.max(0, Math.round(((daily * boardingShape(hour)) / BOARDING_TOTAL) * (1 + 0.12 * smoothNoise(key, instant, 6 * HOUR))));
}

const MODELS: Record<DemoModel, (key: number, instant: number) => number> = {
  'water-temperature': waterTemperature,
  'sea-level': seaLevel,
  'wave-height': waveHeight,
  salinity,
  oxygen,
  chlorophyll,
  no2,
  pm25,
  passengers,
};

/** The simulated value of `model` for the stream `key` at `instant`. */
export function demoValue(model: DemoModel, key: number, instant: number): number {
  return MODELS[model](key, instant);
}

export const isDemoModel = (value: unknown): value is DemoModel => typeof value === 'string' && (DEMO_MODELS as readonly string[]).includes(value);
