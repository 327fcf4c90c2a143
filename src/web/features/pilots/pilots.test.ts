import { describe, expect, it } from 'vitest';
import { goalsToLines, linesToGoals, mapPlaces, partnersByCountry, slugFrom } from './pilots.ts';

const partner = (id: string, country: string, role = 'partner') => ({ institution: { id, name: { en: id }, shortName: null, country }, role });

describe('pilots page logic', () => {
  it('groups partners by country, Finland first, keeping their order within a country', () => {
    const groups = partnersByCountry([partner('taltech', 'EE', 'lead'), partner('fvh', 'FI'), partner('climate', 'EE', 'funder'), partner('aalto', 'FI')]);
    expect(groups.map((g) => [g.country, g.partners.map((p) => p.institution.id)])).toEqual([
      ['FI', ['fvh', 'aalto']],
      ['EE', ['taltech', 'climate']],
    ]);
  });

  it('turns goals into lines per language and back, dropping goals without text', () => {
    const goals = [{ text: { en: 'Publish', fi: 'Julkaista' } }, { text: { en: 'Show' } }];
    const lines = goalsToLines(goals);
    expect(lines).toEqual({ fi: 'Julkaista\n', et: '\n', en: 'Publish\nShow', sv: '\n', ru: '\n' });
    expect(linesToGoals(lines)).toEqual([{ en: 'Publish', fi: 'Julkaista' }, { en: 'Show' }]);
    expect(linesToGoals({ en: 'One\n\n  \nTwo', fi: '' })).toEqual([{ en: 'One' }, { en: 'Two' }]);
  });

  it('names every place on the map after its pilot and links it to the pilot', () => {
    const places = mapPlaces([{ slug: 'shore', name: { en: 'Shore', fi: 'Ranta' }, places: [{ id: 'p1', name: { en: 'Beach' }, geometry: { type: 'Point', coordinates: [24.9, 60.1] } }] }], 'fi');
    expect(places).toEqual([{ id: 'p1', href: '/pilots/shore', label: 'Ranta – Beach', geometry: { type: 'Point', coordinates: [24.9, 60.1] } }]);
  });

  it('suggests a slug the server accepts', () => {
    expect(slugFrom('Demo pilot: Rannavee temperatuur – Õismäe!')).toBe('demo-pilot-rannavee-temperatuur-oismae');
    expect(slugFrom('x'.repeat(100))).toBe('');
    expect(slugFrom('a '.repeat(60)).length).toBeLessThanOrEqual(80);
  });
});
