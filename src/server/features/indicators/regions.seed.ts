import { REGIONS, type RegionEntry } from '../../../shared/catalog.ts';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import type { RegionScheme } from '../../../shared/statistics.ts';

export interface StatRegionSeed {
  code: string;
  scheme: RegionScheme;
  country: 'FI' | 'EE';
  level: number;
  parent: string | null;
  name: LocalizedTextValue;
  source: string;
}

const same = (name: string): LocalizedTextValue => ({ fi: name, et: name, en: name });

const NUTS_SOURCE =
  'NUTS 3: FI1B1 Helsinki-Uusimaa (since 1 Jan 2012, tilastokeskus.fi/ajk/poimintoja/2011-11-22_nuts.html) and EE001 Põhja-Eesti = Harju County (REFERENCE-2 §3.3); the codes the issue names';
const KUNTA_SOURCE =
  'Statistics Finland municipality code, as read in public copies of the classification (docs/research/issue-18-statistics.md §7); to be confirmed against the official kunta–maakunta key';
const EHAK_SOURCE =
  'EHAK (Estonian administrative units classification) code, as read in a public copy of the classifier (docs/research/issue-18-statistics.md §7); to be confirmed against the official EHAK';

/** Uusimaa's 26 municipalities (Statistics Finland codes). */
const UUSIMAA: [string, string][] = [
  ['018', 'Askola'], ['049', 'Espoo'], ['078', 'Hanko'], ['091', 'Helsinki'], ['092', 'Vantaa'], ['106', 'Hyvinkää'], ['149', 'Inkoo'],
  ['186', 'Järvenpää'], ['224', 'Karkkila'], ['235', 'Kauniainen'], ['245', 'Kerava'], ['257', 'Kirkkonummi'], ['407', 'Lapinjärvi'],
  ['434', 'Loviisa'], ['444', 'Lohja'], ['504', 'Myrskylä'], ['505', 'Mäntsälä'], ['543', 'Nurmijärvi'], ['611', 'Pornainen'],
  ['616', 'Pukkila'], ['638', 'Porvoo'], ['710', 'Raasepori'], ['753', 'Sipoo'], ['755', 'Siuntio'], ['858', 'Tuusula'], ['927', 'Vihti'],
];

/** Harju County's 16 local governments (EHAK codes). */
const HARJU: [string, string][] = [
  ['0141', 'Anija vald'], ['0198', 'Harku vald'], ['0245', 'Jõelähtme vald'], ['0296', 'Keila linn'], ['0305', 'Kiili vald'], ['0338', 'Kose vald'],
  ['0353', 'Kuusalu vald'], ['0424', 'Loksa linn'], ['0431', 'Lääne-Harju vald'], ['0446', 'Maardu linn'], ['0651', 'Raasiku vald'], ['0653', 'Rae vald'],
  ['0719', 'Saku vald'], ['0725', 'Saue vald'], ['0784', 'Tallinn'], ['0890', 'Viimsi vald'],
];

/** A catalogue region's code as the indicators write it: `nuts:FI1B1`, `fi-kunta:091`, `ee-ehak:0784`, `country:FI`. */
function statCode(entry: RegionEntry): string {
  if (entry.level === 'country') return `country:${entry.country}`;
  if (entry.level === 'region') return `nuts:${entry.code}`;
  return entry.country === 'FI' ? `fi-kunta:${entry.nationalCode}` : `ee-ehak:${entry.nationalCode}`;
}

const LEVELS = { country: 0, region: 3, municipality: 4 } as const;

/**
 * The regions the indicators map source codes to: the catalogue's regions (`shared/catalog.ts`,
 * one list of the places both features name, with their names in every language), then the
 * municipalities of Uusimaa and Harju it lacks, under their NUTS 3 region.
 */
export const STAT_REGIONS: readonly StatRegionSeed[] = (() => {
  const known = REGIONS.map((entry): StatRegionSeed => {
    const parent = entry.level === 'country' ? null : entry.level === 'region' ? `country:${entry.country}` : entry.country === 'FI' ? 'nuts:FI1B1' : 'nuts:EE001';
    const source = entry.level === 'country' ? 'ISO 3166-1' : entry.level === 'region' ? NUTS_SOURCE : entry.country === 'FI' ? KUNTA_SOURCE : EHAK_SOURCE;
    return { code: statCode(entry), scheme: entry.level === 'country' ? 'country' : entry.level === 'region' ? 'nuts' : entry.country === 'FI' ? 'fi-kunta' : 'ee-ehak', country: entry.country, level: LEVELS[entry.level], parent, name: { fi: entry.name.fi, et: entry.name.et, en: entry.name.en }, source };
  });
  const named = new Set(REGIONS.map((entry) => entry.name.fi.toLowerCase()).concat(REGIONS.map((entry) => entry.name.et.toLowerCase())));
  const more = (list: [string, string][], country: 'FI' | 'EE'): StatRegionSeed[] =>
    list
      .filter(([, name]) => !named.has(name.toLowerCase()))
      .map(([code, name]) => ({
        code: country === 'FI' ? `fi-kunta:${code}` : `ee-ehak:${code}`,
        scheme: country === 'FI' ? 'fi-kunta' : 'ee-ehak',
        country,
        level: 4,
        parent: country === 'FI' ? 'nuts:FI1B1' : 'nuts:EE001',
        name: same(name),
        source: country === 'FI' ? KUNTA_SOURCE : EHAK_SOURCE,
      }));
  return [...known, ...more(UUSIMAA, 'FI'), ...more(HARJU, 'EE')];
})();
