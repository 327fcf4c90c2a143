import area from '@turf/area';
import type { CommentGeometry } from '../../shared/schemas/geometry.ts';

/**
 * What the map input (MapInput.tsx) does, without React: the twin map's projection both ways, which
 * NUTS area a point lies in, and each key, click or button as a step from one drawing state to the
 * next with what to announce. The map data (`map-data/twin-region.json`, written by
 * `scripts/map-data.mjs`) holds projected SVG paths in kilometres on the map's own projection
 * (`meta.projection`), so this file projects single points only.
 */

/** [lon, lat] in degrees (RFC 7946). */
export type LonLat = readonly [number, number];
/** [x, y] in the map's units: about a kilometre, y southwards. */
export type XY = readonly [number, number];

/** The generated file's shape; see its `meta.fields`. */
export interface TwinMapData {
  meta: { source: string; dataset: string; notice: string; projection: { centre: LonLat; radiusKm: number }; gridKm: number };
  /** [x, y, width, height] */
  viewBox: readonly [number, number, number, number];
  twinAreas: readonly string[];
  /** [NUTS country code, Latin name, path] */
  countries: readonly (readonly [string, string, string])[];
  /** [NUTS-3 id, Latin name, NUTS country code, path] */
  areas: readonly (readonly [string, string, string, string])[];
  /** The outline of the region comments may lie in. */
  region: string;
}

const RAD = Math.PI / 180;

/**
 * The map's projection: Lambert azimuthal equal-area on a sphere, as d3-geo's
 * `geoAzimuthalEqualArea().rotate([-lon0, -lat0]).scale(R).translate([0, 0])` draws it (Snyder,
 * Map Projections, p. 185–187), with y southwards as on screen.
 */
export function projector({ centre: [lon0, lat0], radiusKm }: { centre: LonLat; radiusKm: number }) {
  const [sin0, cos0] = [Math.sin(lat0 * RAD), Math.cos(lat0 * RAD)];
  const project = ([lon, lat]: LonLat): XY => {
    const [lambda, phi] = [(lon - lon0) * RAD, lat * RAD];
    const k = Math.sqrt(2 / (1 + sin0 * Math.sin(phi) + cos0 * Math.cos(phi) * Math.cos(lambda)));
    return [radiusKm * k * Math.cos(phi) * Math.sin(lambda), -radiusKm * k * (cos0 * Math.sin(phi) - sin0 * Math.cos(phi) * Math.cos(lambda))];
  };
  const unproject = ([x, southward]: XY): LonLat => {
    const y = -southward;
    const rho = Math.hypot(x, y);
    if (rho === 0) return [lon0, lat0];
    const c = 2 * Math.asin(Math.min(1, rho / (2 * radiusKm)));
    const [sinC, cosC] = [Math.sin(c), Math.cos(c)];
    const lat = Math.asin(cosC * sin0 + (y * sinC * cos0) / rho) / RAD;
    const lon = lon0 + Math.atan2(x * sinC, rho * cos0 * cosC - y * sin0 * sinC) / RAD;
    return [lon, lat];
  };
  return { project, unproject };
}

/** Degrees kept of a placed point: 5 decimals is about a metre, finer than a click can aim. */
export const roundLonLat = ([lon, lat]: LonLat): [number, number] => [Math.round(lon * 1e5) / 1e5, Math.round(lat * 1e5) / 1e5];

/**
 * The rings of a path as the map data writes them (`M x y l dx dy … z`, one M…z a ring), in map
 * units. Only that form: the numbers after `l` are steps from the point before.
 */
export function pathRings(d: string): XY[][] {
  return d
    .split('z')
    .filter((part) => part.startsWith('M'))
    .map((part) => {
      const [start, steps = ''] = part.slice(1).split('l');
      const numbers = (text: string) => text.match(/-?\d+(?:\.\d+)?/g)?.map(Number) ?? [];
      const [x0, y0] = numbers(start);
      const ring: XY[] = [[x0, y0]];
      const moves = numbers(steps);
      for (let i = 0; i + 1 < moves.length; i += 2) {
        const [x, y] = ring[ring.length - 1];
        ring.push([x + moves[i], y + moves[i + 1]]);
      }
      return ring;
    });
}

/** Even-odd over all rings: inside one ring and not in a hole of it (the data's rings do not cross). */
export function inRings(rings: readonly (readonly XY[])[], [x, y]: XY): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

export interface AreaIndexEntry {
  id: string;
  name: string;
  rings: XY[][];
  box: readonly [number, number, number, number];
}

/** The areas' rings, parsed once per map. */
export function areaIndex(data: TwinMapData): AreaIndexEntry[] {
  return data.areas.map(([id, name, , path]) => {
    const rings = pathRings(path);
    const points = rings.flat();
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    return { id, name, rings, box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] };
  });
}

/** The NUTS-3 area a point of the map lies in; null at sea or beyond the areas drawn. */
export function areaAt(index: readonly AreaIndexEntry[], xy: XY): AreaIndexEntry | null {
  const [x, y] = xy;
  return index.find(({ box, rings }) => x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3] && inRings(rings, xy)) ?? null;
}

// ---------------------------------------------------------------------------------------------
// Drawing

export type DrawMode = 'point' | 'area';

export interface DrawState {
  mode: DrawMode;
  /** Where the crosshair is, in map units. */
  cursor: XY;
  /** The corners of the area being drawn, not yet finished. */
  draft: [number, number][];
}

export type DrawAction =
  | { kind: 'move'; dx: number; dy: number }
  | { kind: 'moveTo'; xy: XY }
  | { kind: 'place' }
  | { kind: 'undo' }
  | { kind: 'cancel' }
  | { kind: 'finish' }
  | { kind: 'clear' }
  | { kind: 'mode'; mode: DrawMode };

/** What the live line says after a step (MapInput words it). */
export type Announcement =
  | { kind: 'cursor'; at: LonLat }
  | { kind: 'point'; at: LonLat }
  | { kind: 'corner'; at: LonLat; count: number }
  | { kind: 'area'; count: number; km2: number }
  | { kind: 'removed'; count: number }
  | { kind: 'needCorners'; count: number }
  | { kind: 'cancelled' }
  | { kind: 'cleared' }
  | { kind: 'mode'; mode: DrawMode }
  | { kind: 'nothing' };

export interface DrawStep {
  state: DrawState;
  say: Announcement;
  /** A new value for the form: a geometry, or null for none; absent when the value stays. */
  emit?: CommentGeometry | null;
}

/** An arrow press moves the crosshair this far (km); with Shift ten times as far. */
export const STEP_KM = 1;
export const BIG_STEP_KM = 10;

/** The step a key stands for on the focused map; null for a key the map leaves to the browser. */
export function keyAction(key: string, shift: boolean): DrawAction | null {
  const step = shift ? BIG_STEP_KM : STEP_KM;
  switch (key) {
    case 'ArrowUp':
      return { kind: 'move', dx: 0, dy: -step };
    case 'ArrowDown':
      return { kind: 'move', dx: 0, dy: step };
    case 'ArrowLeft':
      return { kind: 'move', dx: -step, dy: 0 };
    case 'ArrowRight':
      return { kind: 'move', dx: step, dy: 0 };
    case 'Enter':
      return { kind: 'place' };
    case 'Backspace':
      return { kind: 'undo' };
    case 'Escape':
      return { kind: 'cancel' };
    default:
      return null;
  }
}

/** The crosshair stays on the map. */
function clampTo(viewBox: TwinMapData['viewBox'], [x, y]: XY): XY {
  return [Math.min(Math.max(x, viewBox[0]), viewBox[0] + viewBox[2]), Math.min(Math.max(y, viewBox[1]), viewBox[1] + viewBox[3])];
}

/** The area's size in km² (on the sphere, as the server's check measures it). */
export const areaKm2 = (ring: readonly LonLat[]) => area({ type: 'Polygon', coordinates: [ring.map(([lon, lat]) => [lon, lat])] }) / 1e6;

/**
 * One step of drawing. A point replaces the value at once; an area's corners gather in the draft
 * (the value is none meanwhile, so a half-drawn area is never sent) until "Finish area" closes
 * the ring with at least 3 corners. Escape drops the draft; Backspace its last corner; "Clear"
 * both and the value.
 */
export function drawStep(state: DrawState, action: DrawAction, map: { viewBox: TwinMapData['viewBox']; unproject: (xy: XY) => LonLat }): DrawStep {
  const here = () => roundLonLat(map.unproject(state.cursor));
  switch (action.kind) {
    case 'move':
    case 'moveTo': {
      const target: XY = action.kind === 'move' ? [state.cursor[0] + action.dx, state.cursor[1] + action.dy] : action.xy;
      const cursor = clampTo(map.viewBox, target);
      return { state: { ...state, cursor }, say: { kind: 'cursor', at: roundLonLat(map.unproject(cursor)) } };
    }
    case 'place': {
      const at = here();
      if (state.mode === 'point') return { state: { ...state, draft: [] }, say: { kind: 'point', at }, emit: { type: 'Point', coordinates: at } };
      const draft = [...state.draft, at];
      // The first corner starts a new area: the value before it goes.
      return { state: { ...state, draft }, say: { kind: 'corner', at, count: draft.length }, ...(state.draft.length === 0 ? { emit: null } : {}) };
    }
    case 'undo': {
      if (state.draft.length === 0) return { state, say: { kind: 'nothing' } };
      const draft = state.draft.slice(0, -1);
      return { state: { ...state, draft }, say: { kind: 'removed', count: draft.length } };
    }
    case 'cancel':
      if (state.draft.length === 0) return { state, say: { kind: 'nothing' } };
      return { state: { ...state, draft: [] }, say: { kind: 'cancelled' } };
    case 'finish': {
      if (state.draft.length < 3) return { state, say: { kind: 'needCorners', count: state.draft.length } };
      const ring = [...state.draft, state.draft[0]];
      return { state: { ...state, draft: [] }, say: { kind: 'area', count: state.draft.length, km2: areaKm2(ring) }, emit: { type: 'Polygon', coordinates: [ring] } };
    }
    case 'clear':
      return { state: { ...state, draft: [] }, say: { kind: 'cleared' }, emit: null };
    case 'mode':
      return { state: { ...state, mode: action.mode, draft: [] }, say: { kind: 'mode', mode: action.mode } };
  }
}
