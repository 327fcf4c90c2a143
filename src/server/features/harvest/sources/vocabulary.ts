import { FREQUENCIES, THEMES, type Frequency, type Theme } from '../../../../shared/catalog.ts';
import { asList, asObject, text, unique } from './fields.ts';

/**
 * Portals name their categories in their own words ("Liikenne", "TRANSPORT", "Kulttuuri ja
 * vapaa-aika", "DEMOGRAAFIA. STATISTIKA"); the catalogue speaks the EU data themes. These stems
 * cover the words the region's portals use in Finnish, Swedish, Estonian and English. They are
 * matched anywhere in a name, because Finnish and Estonian build compounds ("joukkoliikenne",
 * "ühistransport"); a name that matches nothing gets no theme rather than a guessed one.
 */
const THEME_STEMS: readonly (readonly [Theme, RegExp])[] = [
  ['TRAN', /liikenn|liikku|transport|transpord|traffic|trafik|liiklus|pysäköin|parkering|parkimi|mobilit|kollektivtrafik|joukkoliik|ühistransp|tänav|katu|\broads?\b|vägar/],
  ['ENVI', /ympäristö|luonto|luonno|environment|nature|miljö|natur|keskkond|loodus|ilmasto|climate|klimat|kliima|jäte|waste|avfall|jäätm/],
  ['ENER', /energ/],
  ['ECON', /talous|verotus|economy|economic|finance|ekonomi|näringsliv|majandus|elinkein|business|ettevõtlu|työllis|employment|sysselsättning|tööhõive|tööturg|rahandus/],
  ['EDUC', /koulutu|opetus|educat|utbildning|haridus|kulttuur|culture|kultur|kultuur|liikunta|(?<!tran)sport|urheilu|idrott|vapaa-aika|leisure|fritid|vaba aeg|kirjasto|library|bibliotek|raamatukog/],
  ['HEAL', /terveys|terveyd|health|hälsa|tervis|sjukvård|sairaala|hospital/],
  ['SOCI', /väestö|väest|population|befolkning|rahvastik|demogra|sosiaal|social|asumi|housing|boende|eluase|hyvinvoin|welfare|välfärd|heaolu/],
  ['GOVE', /hallinto|päätöksen|government|governance|public sector|förvaltning|beslutsfattande|valitsus|avalik sektor|riik ja ühiskond|haldus|politiikka|politics|demokrat|vaalit|election|valimised/],
  ['JUST', /oikeus|justice|rättsväsende|õigus|turvallisuu|safety|säkerhet|turvalisus|rikos|crime|brott|kuritegevus|pelastus|rescue|päästeamet/],
  ['REGI', /kaupunkisuunnit|kaavoitu|maankäyt|rakennettu|rakentami|urban|planning|planering|planläggning|byggd|planeering|maakasutus|ehitus|kartat|kartta|\bmaps?\b|kartor|kaardid|regional|regioon|linnad|piirkond|kaupunginos|district/],
  ['AGRI', /maatalou|agricult|jordbruk|põllumajandus|kalastu|fisher|fiske|kalandus|metsä|forest|skog|\bmets|ruoka|food|livsmedel|toit/],
  ['TECH', /tiede|tutkimu|science|research|technolog|teknolog|tehnoloog|vetenskap|teknik|teadus|innovaat|innovation/],
  ['INTR', /kansainväli|international|internationell|rahvusvahel|\beu\b|europe/],
];

/** EU data-theme codes for category names; codes and EU theme IRIs are taken as they are. */
export function themesFromNames(names: Iterable<string>): Theme[] {
  const themes: Theme[] = [];
  for (const name of names) {
    const code = euCode(name, 'data-theme', THEMES);
    if (code) {
      themes.push(code);
      continue;
    }
    // An address is matched by its code only: "…europa.eu/…" is no theme of its own.
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(name)) continue;
    const lower = name.toLowerCase();
    for (const [theme, stem] of THEME_STEMS) if (stem.test(lower)) themes.push(theme);
  }
  return unique(themes);
}

/** The names a category object or string carries: CKAN groups, Estonian categories, plain text. */
export function categoryNames(values: unknown): string[] {
  const names: string[] = [];
  for (const value of asList(values)) {
    const object = asObject(value);
    const candidates = object
      ? [object.name, object.title, object.display_name, object.nameEt, object.nameEn, ...Object.values(asObject(object.title_translated) ?? {})]
      : [value];
    for (const candidate of candidates) {
      const name = text(candidate, 300);
      if (name) names.push(name);
    }
  }
  return unique(names);
}

/**
 * Update frequency from a portal's words ("Päivittäin", "monthly", "kord kuus", "årligen") or an
 * EU frequency code or IRI. Longer periods are tried before the words they contain
 * ("neljännesvuosittain" contains "vuosittain").
 */
const FREQUENCY_WORDS: readonly (readonly [Frequency, RegExp])[] = [
  ['NEVER', /ei päivitetä|ei päivity|\bnever\b|not updated|no updates|uppdateras inte|ei uuendata|mitte kunagi/],
  ['CONT', /reaaliai|real[- ]?time|continuous|jatkuva|realtid|kontinuerlig|reaalaja|pidev|\bcont\b|update_cont/],
  ['HOURLY', /tunneittain|hourly|varje timme|timvis|tunnis|iga tund/],
  ['BIENNIAL', /kahden vuoden|every (two|2) years|joka toinen vuosi|biennial|vartannat år|vartannat|iga kahe aasta|kord kahe aasta/],
  ['QUARTERLY', /neljännesvuo|quarter|kvartal|kvartaal/],
  ['DAILY', /päivittäin|daily|dagligen|dagvis|igapäev|kord päevas|\bday\b|\bpäev/],
  ['WEEKLY', /viikoittain|weekly|veckovis|varje vecka|iganädal|kord nädalas|\bweek/],
  ['MONTHLY', /kuukausittain|monthly|månatlig|månadsvis|varje månad|igakuu|kord kuus|\bmonth/],
  ['ANNUAL', /vuosittain|(?<![a-z])annual|yearly|årlig|varje år|iga-aast|igaaast|kord aastas|\byear/],
  ['IRREG', /epäsäännöl|irregular|oregelbund|ebaregulaar|tarpeen mukaan|as needed|vid behov|vajadusel|ajoittain/],
];

export function frequencyFromText(values: Iterable<string>): Frequency | null {
  for (const value of values) {
    const code = euCode(value, 'frequency', FREQUENCIES);
    if (code) return code;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) continue;
    const lower = value.toLowerCase();
    const found = FREQUENCY_WORDS.find(([, words]) => words.test(lower));
    if (found) return found[0];
  }
  return null;
}

const CODE = /^[A-Za-z0-9_]+$/;

/** A code of an EU authority list, given as the code itself or as its IRI. */
export function euCode<T extends string>(value: string, list: string, codes: readonly T[]): T | null {
  const trimmed = value.trim();
  const marker = `/authority/${list}/`;
  const after = trimmed.lastIndexOf(marker);
  const code = after >= 0 ? trimmed.slice(after + marker.length) : '';
  const tail = CODE.test(code) ? code : trimmed;
  return (codes as readonly string[]).includes(tail) ? (tail as T) : null;
}
