import { describe, expect, it } from 'vitest';
import { canCompare, chartBars, citationNumbers, citesOf, codesOf, figureKinds, idsOf, mergeLocalized } from './regions.ts';

describe('the regions pages’ logic', () => {
  it('reads the regions to compare from the address: trimmed, once each, at most four', () => {
    expect(idsOf(null)).toEqual([]);
    expect(idsOf(' a, b ,,a,c')).toEqual(['a', 'b', 'c']);
    expect(idsOf('a,b,c,d,e')).toEqual(['a', 'b', 'c', 'd']);
    expect([0, 1, 2, 4, 5].map(canCompare)).toEqual([false, false, true, true, false]);
  });

  it('numbers sources in list order and cites each once, in order', () => {
    const numbers = citationNumbers([{ id: 'x' }, { id: 'y' }, { id: 'z' }]);
    expect(citesOf(numbers, ['z', 'x', 'z', 'unknown'])).toEqual([1, 3]);
    expect(citesOf(numbers, undefined)).toEqual([]);
  });

  it('draws a bar per region as a share of the criterion’s scale, and none for an unscored one', () => {
    const bars = chartBars([{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }, { id: 'c', label: 'C' }], new Map([['a', 5], ['b', 1]]), 1, 5);
    expect(bars.map((b) => [b.score, b.share])).toEqual([[5, 1], [1, 0], [null, 0]]);
    expect(chartBars([{ id: 'a', label: 'A' }], new Map([['a', 3]]), 0, 5)[0].share).toBeCloseTo(0.6);
  });

  it('lists each figure kind once, in the order first met', () => {
    expect(figureKinds([{ figures: [{ kind: 'population' }, { kind: 'area_km2' }] }, { figures: [{ kind: 'commuters' }, { kind: 'population' }] }])).toEqual(['population', 'area_km2', 'commuters']);
  });

  it('keeps a text’s other languages when an editor writes one, and drops an emptied one', () => {
    expect(mergeLocalized({ en: 'Seat', fi: 'Kotipaikka' }, 'fi', ' Uusi ')).toEqual({ en: 'Seat', fi: 'Uusi' });
    expect(mergeLocalized({ en: 'Seat', fi: 'Kotipaikka' }, 'fi', '  ')).toEqual({ en: 'Seat' });
    expect(mergeLocalized({ fi: 'x' }, 'fi', '')).toBeNull();
    expect(mergeLocalized(null, 'et', 'Asukoht')).toEqual({ et: 'Asukoht' });
  });

  it('reads typed codes once each, in the case asked', () => {
    expect(codesOf(' fi, EE  lv,fi ', true)).toEqual(['FI', 'EE', 'LV']);
    expect(codesOf('FI fit', false)).toEqual(['fi', 'fit']);
    expect(codesOf(' ', true)).toEqual([]);
  });
});
