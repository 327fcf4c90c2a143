import { describe, expect, it } from 'vitest';
import type { StatRegion } from '../../../shared/schemas/indicators.ts';
import type { StatTable } from '../../../shared/schemas/statistics.ts';
import { choicesFor, indicatorDraftOf, indicatorInputOf, seriesDraftOf, seriesFieldIds, seriesInputOf, suggestedMap, suggestedRegion } from './indicatorForm.ts';

const region = (code: string, country: 'FI' | 'EE', scheme: StatRegion['scheme'], level = 4): StatRegion => ({ code, country, scheme, level, name: { en: code }, parent: null });
const REGIONS = [
  region('country:FI', 'FI', 'country', 0), region('country:EE', 'EE', 'country', 0), region('nuts:FI1B1', 'FI', 'nuts', 3), region('nuts:EE001', 'EE', 'nuts', 3),
  region('fi-kunta:091', 'FI', 'fi-kunta'), region('fi-kunta:049', 'FI', 'fi-kunta'), region('ee-ehak:0784', 'EE', 'ee-ehak'),
];

const table = (dimensions: StatTable['dimensions']): StatTable => ({
  id: 't', externalId: 'T', title: { en: 'T' }, source: { id: 's', name: 'S', kind: 'px', demo: false }, retrievedAt: null, languages: ['en'], vintage: 'v', timeDimension: 'Vuosi', periods: ['2020'], dimensions,
});
const dim = (code: string, role: StatTable['dimensions'][number]['role'], codes: string[]) => ({ code, label: { en: code }, role, values: codes.map((value) => ({ code: value, label: { en: value } })) });

describe('a source code as a region', () => {
  it('is the region with that local code, StatFin\'s KU or MK code, or nothing, and never one of the other country', () => {
    expect(suggestedRegion('091', 'FI', REGIONS)).toBe('fi-kunta:091');
    expect(suggestedRegion('KU049', 'FI', REGIONS)).toBe('fi-kunta:049');
    expect(suggestedRegion('MK01', 'FI', REGIONS)).toBe('nuts:FI1B1');
    expect(suggestedRegion('FI1B1', 'FI', REGIONS)).toBe('nuts:FI1B1');
    expect(suggestedRegion('SSS', 'FI', REGIONS)).toBe('country:FI');
    expect(suggestedRegion('784', 'EE', REGIONS)).toBe('ee-ehak:0784');
    expect(suggestedRegion('37', 'EE', REGIONS)).toBe('nuts:EE001');
    expect(suggestedRegion('0784', 'FI', REGIONS)).toBe('');
    expect(suggestedRegion('EE-784', 'FI', REGIONS)).toBe('');
    expect(suggestedMap([{ code: '091' }, { code: 'X' }, { code: 'SSS' }], 'FI', REGIONS)).toEqual({ '091': 'fi-kunta:091', SSS: 'country:FI' });
  });
});

describe('a series in the form', () => {
  it('starts from a table with its geo dimension as the regions and a one-value dimension fixed, the rest to choose', () => {
    expect(choicesFor(table([dim('Alue', 'geo', ['091']), dim('Tiedot', 'metric', ['vaesto']), dim('Sukupuoli', null, ['1', '2']), dim('Vuosi', 'time', ['2020'])]))).toEqual({ Alue: 'region', Tiedot: 'fixed:vaesto', Sukupuoli: '' });
  });

  it('goes to the API and back unchanged, each choice in its field', () => {
    const input = { side: 'FI' as const, tableId: 't', fixed: { Tiedot: 'vaesto' }, kept: ['Sukupuoli'], regionDimension: 'Alue', regionMap: { '091': 'fi-kunta:091' } };
    expect(seriesInputOf(seriesDraftOf(input))).toEqual(input);
    expect(seriesInputOf({ ...seriesDraftOf({ side: 'EE', tableId: 't', regionCode: 'ee-ehak:0784' }), regionMap: { x: '' } })).toEqual({ side: 'EE', tableId: 't', fixed: {}, kept: [], regionCode: 'ee-ehak:0784' });
  });

  it('names the control of each field the server may refuse', () => {
    const draft = seriesDraftOf({ side: 'FI', tableId: 't', fixed: { Tiedot: 'vaesto' }, kept: ['Sukupuoli'], regionDimension: 'Alue', regionMap: {} });
    const ids = seriesFieldIds([draft], new Map([['t', table([dim('Alue', 'geo', ['091', 'SSS']), dim('Tiedot', 'metric', ['vaesto']), dim('Vuosi', 'time', ['2020']), dim('Sukupuoli', null, ['1'])])]]));
    expect(ids).toMatchObject({
      'series.0.fixed.Alue': `s${draft.key}-dim-0`, 'series.0.regionDimension': `s${draft.key}-dim-0`, 'series.0.fixed.Tiedot': `s${draft.key}-dim-1`,
      'series.0.kept.0': `s${draft.key}-dim-2`, 'series.0.regionMap.SSS': `s${draft.key}-map-1`, 'series.0.tableId': `s${draft.key}-table`,
    });
  });
});

describe('the indicator in the form', () => {
  it('sends its texts only in the languages written, clears empty ones with null, and leaves out series without a table', () => {
    const draft = indicatorDraftOf(null);
    draft.slug = ' commuters ';
    draft.name = { fi: 'Pendelöijät', et: '', en: ' Commuters ', sv: 'Pendlare', ru: '' };
    draft.series[1].tableId = 'ee';
    const input = indicatorInputOf(draft);
    expect(input).toMatchObject({ slug: 'commuters', name: { fi: 'Pendelöijät', en: 'Commuters', sv: 'Pendlare' }, definition: null, headline: null, perCapitaOf: null, domain: null, published: false });
    expect(input.name).toEqual({ fi: 'Pendelöijät', en: 'Commuters', sv: 'Pendlare' });
    expect(input.series.map((series) => [series.side, series.tableId])).toEqual([['EE', 'ee']]);
  });
});
