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

/** The regions the indicators map source codes to: both countries, their NUTS 3 regions, and the municipalities in them. */
export const STAT_REGIONS: readonly StatRegionSeed[] = [
  { code: 'country:FI', scheme: 'country', country: 'FI', level: 0, parent: null, name: { fi: 'Suomi', et: 'Soome', en: 'Finland' }, source: 'ISO 3166-1' },
  { code: 'country:EE', scheme: 'country', country: 'EE', level: 0, parent: null, name: { fi: 'Viro', et: 'Eesti', en: 'Estonia' }, source: 'ISO 3166-1' },
  { code: 'nuts:FI1B1', scheme: 'nuts', country: 'FI', level: 3, parent: 'country:FI', name: { fi: 'Helsinki-Uusimaa', et: 'Helsingi-Uusimaa', en: 'Helsinki-Uusimaa' }, source: NUTS_SOURCE },
  { code: 'nuts:EE001', scheme: 'nuts', country: 'EE', level: 3, parent: 'country:EE', name: { fi: 'Pohjois-Viro (Harjumaa)', et: 'Põhja-Eesti (Harjumaa)', en: 'Northern Estonia (Harju County)' }, source: NUTS_SOURCE },
  ...UUSIMAA.map(([code, name]): StatRegionSeed => ({ code: `fi-kunta:${code}`, scheme: 'fi-kunta', country: 'FI', level: 4, parent: 'nuts:FI1B1', name: same(name), source: KUNTA_SOURCE })),
  ...HARJU.map(([code, name]): StatRegionSeed => ({ code: `ee-ehak:${code}`, scheme: 'ee-ehak', country: 'EE', level: 4, parent: 'nuts:EE001', name: same(name), source: EHAK_SOURCE })),
];
