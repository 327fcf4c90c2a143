import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REGION_AREAS, regionAreas } from './region-areas.ts';

// Read, not imported: the map data belongs to the web's regions feature, which shared never imports.
const MAP_DATA = new URL('../web/features/regions/map-data/europe.json', import.meta.url);
const areas = new Map<string, string>((JSON.parse(fs.readFileSync(MAP_DATA, 'utf8')) as { areas: [string, string][] }).areas.map(([id, name]) => [id, name]));

const SEEDED = ['lille-kortrijk-tournai', 'greater-region', 'upper-rhine', 'greater-copenhagen', 'tornio-haparanda', 'vienna-bratislava', 'meuse-rhine', 'strasbourg-ortenau', 'valga-valka', 'helsinki-tallinn'];

describe('the seeded regions\' NUTS-3 areas', () => {
  it('cover the ten seeded regions', () => {
    expect(Object.keys(REGION_AREAS).sort()).toEqual([...SEEDED].sort());
  });

  it('name only areas the generated map data has, once each', () => {
    for (const [slug, { nutsIds }] of Object.entries(REGION_AREAS)) {
      expect(nutsIds.filter((id) => !areas.has(id)), slug).toEqual([]);
      expect(new Set(nutsIds).size, slug).toBe(nutsIds.length);
    }
  });

  it('say in their basis each area\'s id with its GISCO name, so the match can be checked by reading', () => {
    for (const [slug, { nutsIds, basis }] of Object.entries(REGION_AREAS)) {
      for (const id of nutsIds) expect(basis, slug).toContain(`${id} ${areas.get(id)}`);
    }
  });

  it('say why a region is drawn by its countries', () => {
    for (const [slug, { nutsIds, basis }] of Object.entries(REGION_AREAS)) {
      if (nutsIds.length === 0) expect(basis.startsWith('Countries only: '), slug).toBe(true);
    }
  });

  it('answer null for a region that was not seeded', () => {
    expect(regionAreas('upper-rhine')?.nutsIds).toContain('FRF11');
    expect(regionAreas('toString')).toBeNull();
    expect(regionAreas('narva-ivangorod')).toBeNull();
  });
});
