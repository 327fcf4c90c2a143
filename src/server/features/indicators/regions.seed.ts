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

/** A municipality's name: the same in every language, a Finnish one's Swedish name where it has one (the Estonian ones are left to the fallback). */
const named = (name: string, swedish: string | undefined, country: 'FI' | 'EE'): LocalizedTextValue => ({ fi: name, et: name, en: name, ...(country === 'FI' ? { sv: swedish ?? name } : {}) });

const NUTS_SOURCE =
  'NUTS 3: FI1B1 Helsinki-Uusimaa (since 1 Jan 2012, tilastokeskus.fi/ajk/poimintoja/2011-11-22_nuts.html) and EE001 Põhja-Eesti = Harju County (REFERENCE-2 §3.3); the codes the issue names';
const KUNTA_SOURCE =
  'Statistics Finland municipality code, as read in public copies of the classification (docs/research/issue-18-statistics.md §7); to be confirmed against the official kunta–maakunta key';
const EHAK_SOURCE =
  'EHAK (Estonian administrative units classification) code, as read in a public copy of the classifier (docs/research/issue-18-statistics.md §7); to be confirmed against the official EHAK';

/** Uusimaa's 26 municipalities (Statistics Finland codes), with the Swedish name of each bilingual one, as the classification gives it. */
const UUSIMAA: [string, string, string?][] = [
  ['018', 'Askola'], ['049', 'Espoo', 'Esbo'], ['078', 'Hanko', 'Hangö'], ['091', 'Helsinki', 'Helsingfors'], ['092', 'Vantaa', 'Vanda'], ['106', 'Hyvinkää', 'Hyvinge'], ['149', 'Inkoo', 'Ingå'],
  ['186', 'Järvenpää', 'Träskända'], ['224', 'Karkkila', 'Högfors'], ['235', 'Kauniainen', 'Grankulla'], ['245', 'Kerava', 'Kervo'], ['257', 'Kirkkonummi', 'Kyrkslätt'], ['407', 'Lapinjärvi', 'Lappträsk'],
  ['434', 'Loviisa', 'Lovisa'], ['444', 'Lohja', 'Lojo'], ['504', 'Myrskylä', 'Mörskom'], ['505', 'Mäntsälä'], ['543', 'Nurmijärvi'], ['611', 'Pornainen', 'Borgnäs'],
  ['616', 'Pukkila'], ['638', 'Porvoo', 'Borgå'], ['710', 'Raasepori', 'Raseborg'], ['753', 'Sipoo', 'Sibbo'], ['755', 'Siuntio', 'Sjundeå'], ['858', 'Tuusula', 'Tusby'], ['927', 'Vihti', 'Vichtis'],
];

/** Harju County's 16 local governments (EHAK codes). */
const HARJU: [string, string, string?][] = [
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
    return { code: statCode(entry), scheme: entry.level === 'country' ? 'country' : entry.level === 'region' ? 'nuts' : entry.country === 'FI' ? 'fi-kunta' : 'ee-ehak', country: entry.country, level: LEVELS[entry.level], parent, name: entry.name, source };
  });
  const knownNames = new Set(REGIONS.map((entry) => entry.name.fi.toLowerCase()).concat(REGIONS.map((entry) => entry.name.et.toLowerCase())));
  const more = (list: [string, string, string?][], country: 'FI' | 'EE'): StatRegionSeed[] =>
    list
      .filter(([, name]) => !knownNames.has(name.toLowerCase()))
      .map(([code, name, swedish]) => ({
        code: country === 'FI' ? `fi-kunta:${code}` : `ee-ehak:${code}`,
        scheme: country === 'FI' ? 'fi-kunta' : 'ee-ehak',
        country,
        level: 4,
        parent: country === 'FI' ? 'nuts:FI1B1' : 'nuts:EE001',
        name: named(name, swedish, country),
        source: country === 'FI' ? KUNTA_SOURCE : EHAK_SOURCE,
      }));
  return [...known, ...more(UUSIMAA, 'FI'), ...more(HARJU, 'EE')];
})();
