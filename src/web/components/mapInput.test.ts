import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkCommentGeometry } from '../../shared/commentGeometry.ts';
import { TWIN_PLACES, TWIN_REGION_POLYGON } from '../../shared/twinRegion.ts';
import { areaAt, areaIndex, drawStep, inRings, keyAction, pathRings, projector, type DrawAction, type DrawState, type LonLat, type TwinMapData, type XY } from './mapInput.ts';

const data = JSON.parse(fs.readFileSync(new URL('./map-data/twin-region.json', import.meta.url), 'utf8')) as TwinMapData;
const { project, unproject } = projector(data.meta.projection);
const index = areaIndex(data);
const map = { viewBox: data.viewBox, unproject };

const HELSINKI_CENTRE: LonLat = [24.9414, 60.1718];
const TALLINN_CENTRE: LonLat = [24.7453, 59.437];
const GULF: LonLat = [24.85, 59.8];
const RIIHIMAKI: LonLat = [24.7773, 60.7377];

describe('the twin map data', () => {
  it('is small, shows FI and EE and the areas around FI1B1 and EE001, and carries the notice', () => {
    expect(fs.statSync(new URL('./map-data/twin-region.json', import.meta.url)).size).toBeLessThan(40_000);
    expect(data.countries.map((c) => c[0])).toEqual(['EE', 'FI']);
    expect(data.twinAreas).toEqual(['FI1B1', 'EE001']);
    const ids = data.areas.map((a) => a[0]);
    for (const id of ['FI1B1', 'EE001', 'FI1C1', 'FI1C2', 'FI1C4', 'EE004']) expect(ids).toContain(id);
    expect(data.meta.notice).toBe('© EuroGeographics for the administrative boundaries');
  });
});

describe('the projection', () => {
  it('puts its centre at the origin and a degree of latitude about 111 km north (y southwards)', () => {
    const [x0, y0] = project(data.meta.projection.centre);
    expect(Math.abs(x0)).toBeLessThan(1e-9);
    expect(Math.abs(y0)).toBeLessThan(1e-9);
    const [x1, y1] = project([data.meta.projection.centre[0], data.meta.projection.centre[1] + 1]);
    expect(Math.abs(x1)).toBeLessThan(1e-9);
    expect(y1).toBeGreaterThan(-112);
    expect(y1).toBeLessThan(-110.5);
  });

  it('comes back to the same place both ways', () => {
    for (const at of [HELSINKI_CENTRE, TALLINN_CENTRE, GULF, RIIHIMAKI, [22.9, 59.0] as LonLat]) {
      const [lon, lat] = unproject(project(at));
      expect(lon).toBeCloseTo(at[0], 9);
      expect(lat).toBeCloseTo(at[1], 9);
    }
  });

  it('is the one the map data was drawn with: the drawn outline lies on the region polygon\'s corners', () => {
    const corners = TWIN_REGION_POLYGON.coordinates.flat().map(([lon, lat]) => project([lon, lat]));
    const drawn = pathRings(data.region).flat();
    expect(drawn.length).toBeGreaterThan(100);
    // Each drawn point is a corner rounded to the data's 0.2 km grid (or a cut by the view's edge, none here).
    for (const [x, y] of drawn) {
      const nearest = Math.min(...corners.map(([cx, cy]) => Math.hypot(cx - x, cy - y)));
      expect(nearest).toBeLessThan(data.meta.gridKm);
    }
  });
});

describe('the area a point lies in', () => {
  const at = (place: LonLat) => areaAt(index, project(place))?.id ?? null;

  it('is FI1B1 for Helsinki, EE001 for Tallinn, none in the gulf, FI1C2 (Kanta-Häme) for Riihimäki', () => {
    expect(at(HELSINKI_CENTRE)).toBe('FI1B1');
    expect(at(TALLINN_CENTRE)).toBe('EE001');
    expect(at(GULF)).toBeNull();
    expect(at(RIIHIMAKI)).toBe('FI1C2');
  });

  it('is each area\'s own for its centroid', () => {
    for (const place of TWIN_PLACES) expect(at(place.centroid)).toBe(place.id);
  });

  it('is read from paths of steps, holes counted out', () => {
    expect(pathRings('M0 0l10 0 0 10-10 0z')).toEqual([[[0, 0], [10, 0], [10, 10], [0, 10]]]);
    const rings = pathRings('M0 0l10 0 0 10-10 0zM4 4l2 0 0 2-2 0z');
    expect(rings).toHaveLength(2);
    expect(inRings(rings, [2, 2])).toBe(true);
    expect(inRings(rings, [5, 5])).toBe(false);
    expect(inRings(rings, [11, 5])).toBe(false);
  });
});

describe('keys on the focused map', () => {
  it('move by 1 km, or 10 km with Shift; Enter places, Backspace undoes, Escape cancels; others are left alone', () => {
    expect(keyAction('ArrowUp', false)).toEqual({ kind: 'move', dx: 0, dy: -1 });
    expect(keyAction('ArrowDown', true)).toEqual({ kind: 'move', dx: 0, dy: 10 });
    expect(keyAction('ArrowLeft', false)).toEqual({ kind: 'move', dx: -1, dy: 0 });
    expect(keyAction('ArrowRight', true)).toEqual({ kind: 'move', dx: 10, dy: 0 });
    expect(keyAction('Enter', false)).toEqual({ kind: 'place' });
    expect(keyAction('Backspace', false)).toEqual({ kind: 'undo' });
    expect(keyAction('Escape', false)).toEqual({ kind: 'cancel' });
    expect(keyAction('Tab', false)).toBeNull();
    expect(keyAction('a', false)).toBeNull();
  });
});

describe('drawing', () => {
  const start = (mode: DrawState['mode'], at: LonLat = GULF): DrawState => ({ mode, cursor: project(at), draft: [] });
  const run = (state: DrawState, actions: DrawAction[]) => {
    const emitted: unknown[] = [];
    const said: unknown[] = [];
    for (const action of actions) {
      const step = drawStep(state, action, map);
      state = step.state;
      said.push(step.say);
      if (step.emit !== undefined) emitted.push(step.emit);
    }
    return { state, emitted, said };
  };

  it('moves the crosshair a kilometre a press: ten presses east are 10 km on the ground', () => {
    const { state, said } = run(start('point'), Array.from({ length: 10 }, () => keyAction('ArrowRight', false)!));
    const [lon, lat] = unproject(state.cursor);
    // 10 km east at 59.8° N is 10 / (111.2 · cos 59.8°) ≈ 0.1793° of longitude.
    expect(lon - GULF[0]).toBeCloseTo(0.1793, 2);
    expect(lat).toBeCloseTo(GULF[1], 2);
    expect(said.at(-1)).toMatchObject({ kind: 'cursor' });
  });

  it('keeps the crosshair on the map', () => {
    const { state } = run(start('point'), Array.from({ length: 100 }, () => keyAction('ArrowUp', true)!));
    expect(state.cursor[1]).toBe(data.viewBox[1]);
  });

  it('places a point with Enter and sends it, in lon/lat to 5 decimals, inside the region', () => {
    const { emitted, said } = run(start('point', HELSINKI_CENTRE), [{ kind: 'place' }]);
    expect(emitted).toEqual([{ type: 'Point', coordinates: [24.9414, 60.1718] }]);
    expect(said).toEqual([{ kind: 'point', at: [24.9414, 60.1718] }]);
    expect(checkCommentGeometry(emitted[0]).ok).toBe(true);
  });

  it('gathers an area\'s corners, sending nothing until it is finished, then a closed ring the check accepts', () => {
    const east = keyAction('ArrowRight', true)!;
    const south = keyAction('ArrowDown', true)!;
    const { emitted, said, state } = run(start('area'), [{ kind: 'place' }, east, { kind: 'place' }, south, { kind: 'place' }, { kind: 'finish' }]);
    expect(emitted).toHaveLength(2);
    expect(emitted[0]).toBeNull(); // the first corner starts a new area: the old value goes
    const polygon = emitted[1] as { type: string; coordinates: number[][][] };
    expect(polygon.type).toBe('Polygon');
    expect(polygon.coordinates[0]).toHaveLength(4);
    expect(polygon.coordinates[0][0]).toEqual(polygon.coordinates[0][3]);
    expect(checkCommentGeometry(polygon).ok).toBe(true);
    // A right triangle with 10 km legs: about 50 km².
    const area = said.at(-1) as { kind: string; count: number; km2: number };
    expect(area).toMatchObject({ kind: 'area', count: 3 });
    expect(area.km2).toBeGreaterThan(48);
    expect(area.km2).toBeLessThan(52);
    expect(said.filter((s) => (s as { kind: string }).kind === 'corner').map((s) => (s as { count: number }).count)).toEqual([1, 2, 3]);
    expect(state.draft).toEqual([]);
  });

  it('will not finish an area of fewer than 3 corners', () => {
    const { emitted, said } = run(start('area'), [{ kind: 'place' }, keyAction('ArrowLeft', true)!, { kind: 'place' }, { kind: 'finish' }]);
    expect(emitted).toEqual([null]);
    expect(said.at(-1)).toEqual({ kind: 'needCorners', count: 2 });
  });

  it('removes the last corner with Backspace and drops the area with Escape', () => {
    const placed = run(start('area'), [{ kind: 'place' }, keyAction('ArrowLeft', true)!, { kind: 'place' }]).state;
    const undone = run(placed, [{ kind: 'undo' }]);
    expect(undone.state.draft).toHaveLength(1);
    expect(undone.said).toEqual([{ kind: 'removed', count: 1 }]);
    const cancelled = run(placed, [{ kind: 'cancel' }]);
    expect(cancelled.state.draft).toEqual([]);
    expect(cancelled.said).toEqual([{ kind: 'cancelled' }]);
    expect(run(start('point'), [{ kind: 'undo' }, { kind: 'cancel' }]).said).toEqual([{ kind: 'nothing' }, { kind: 'nothing' }]);
  });

  it('clears the value, and a change of mode drops the draft', () => {
    expect(run(start('point'), [{ kind: 'place' }, { kind: 'clear' }]).emitted).toEqual([{ type: 'Point', coordinates: [24.85, 59.8] }, null]);
    const switched = run(start('area'), [{ kind: 'place' }, { kind: 'mode', mode: 'point' }]);
    expect(switched.state).toMatchObject({ mode: 'point', draft: [] });
  });

  it('moves to a clicked spot and places there', () => {
    const { emitted } = run(start('point'), [{ kind: 'moveTo', xy: project(TALLINN_CENTRE) as XY }, { kind: 'place' }]);
    expect(emitted).toEqual([{ type: 'Point', coordinates: [24.7453, 59.437] }]);
  });
});
