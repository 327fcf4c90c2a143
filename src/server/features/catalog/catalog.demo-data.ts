import type { Frequency, License, Theme } from '../../../shared/catalog.ts';

/**
 * Demo catalogue (labelled demo): datasets of the kinds the region's real publishers release, so
 * search, facets and the DCAT and CKAN outputs have something realistic to show. Titles and
 * descriptions are written for the demo; the publishers and portals are real, the datasets are
 * not copies of theirs, and every address points to `demo.talsinki.invalid`.
 */
export interface DemoSeries {
  publisher: string;
  /** Which demo harvest source it appears to come from; null: added by hand in Talsinki. */
  source: 'hri' | 'avoindata' | 'estonia' | null;
  title: { fi?: string; et?: string; en: string; sv?: string };
  description: { fi?: string; et?: string; en: string; sv?: string };
  themes: Theme[];
  keywords: { fi?: string[]; et?: string[]; en: string[] };
  spatial: string[];
  formats: string[];
  frequency: Frequency;
  license: License;
  /** One dataset per year in this range, or one dataset when absent. */
  years?: [number, number];
  /** Or one dataset per area (region codes), titled with the area's name. */
  areas?: string[];
}

export const DEMO_SOURCES = [
  { key: 'hri', name: 'Helsinki Region Infoshare', kind: 'ckan' as const, url: 'https://hri.fi/data', publisher: 'helsinki' },
  { key: 'avoindata', name: 'avoindata.fi', kind: 'ckan' as const, url: 'https://www.avoindata.fi/data', publisher: null },
  { key: 'estonia', name: 'Eesti avaandmete portaal', kind: 'estonia' as const, url: 'https://avaandmed.eesti.ee/api', publisher: null },
];

const FI_CAPITAL = ['fi-091', 'fi-049', 'fi-092', 'fi-235'];
const HARJU = ['ee-0784', 'ee-0890', 'ee-0653', 'ee-0198', 'ee-0726', 'ee-0446'];

export const DEMO_SERIES: DemoSeries[] = [
  // Helsinki Region Infoshare publishers
  { publisher: 'helsinki', source: 'hri', years: [2014, 2025], title: { fi: 'Helsingin väestö äidinkielen mukaan {year}', en: 'Population of Helsinki by mother tongue {year}', sv: 'Helsingfors befolkning efter modersmål {year}' },
    description: { fi: 'Helsingin väestö äidinkielen mukaan osa-alueittain vuoden lopussa, mukana viro, venäjä ja ruotsi.', en: 'Population of Helsinki by mother tongue and sub-district at the end of the year, including Estonian, Russian and Swedish speakers.' },
    themes: ['SOCI', 'REGI'], keywords: { fi: ['väestö', 'äidinkieli', 'viro'], en: ['population', 'mother tongue', 'Estonian'] }, spatial: ['fi-091'], formats: ['CSV', 'XLSX'], frequency: 'ANNUAL', license: 'CC_BY_4_0' },
  { publisher: 'helsinki', source: 'hri', years: [2014, 2025], title: { fi: 'Helsinkiin muuttaneet lähtömaan mukaan {year}', en: 'People who moved to Helsinki by country of departure {year}' },
    description: { fi: 'Helsinkiin ulkomailta muuttaneet lähtömaan, iän ja sukupuolen mukaan.', en: 'Moves to Helsinki from abroad by country of departure, age and sex; Estonia is the largest single country of departure.' },
    themes: ['SOCI'], keywords: { fi: ['muuttoliike', 'maahanmuutto'], en: ['migration', 'moves'] }, spatial: ['fi-091'], formats: ['CSV'], frequency: 'ANNUAL', license: 'CC_BY_4_0' },
  { publisher: 'helsinki', source: 'hri', title: { fi: 'Helsingin palvelukartan toimipisteet', en: 'Helsinki service map units', sv: 'Helsingfors servicekartans verksamhetsställen' },
    description: { fi: 'Helsingin kaupungin ja seudun julkisten palvelujen toimipisteet sijainteineen rajapinnan kautta.', en: 'Public service units of Helsinki and the region with their locations, through an API.' },
    themes: ['GOVE', 'REGI'], keywords: { fi: ['palvelut', 'toimipisteet', 'rajapinta'], en: ['services', 'service points', 'API'] }, spatial: FI_CAPITAL, formats: ['JSON', 'GEOJSON'], frequency: 'DAILY', license: 'CC_BY_4_0' },
  { publisher: 'helsinki', source: 'hri', years: [2014, 2025], title: { fi: 'Helsingin kouluverkko ja oppilasmäärät {year}', en: 'Helsinki school network and pupil numbers {year}' },
    description: { fi: 'Perusopetuksen koulut, opetuskielet ja oppilasmäärät lukuvuoden alussa.', en: 'Comprehensive schools, languages of instruction and pupil numbers at the start of the school year.' },
    themes: ['EDUC'], keywords: { fi: ['koulut', 'perusopetus', 'oppilaat'], en: ['schools', 'basic education', 'pupils'] }, spatial: ['fi-091'], formats: ['CSV', 'XLSX'], frequency: 'ANNUAL', license: 'CC_BY_4_0' },
  { publisher: 'hsl', source: 'hri', title: { fi: 'HSL:n reittiopas- ja aikataulutiedot (GTFS)', en: 'HSL route and timetable data (GTFS)', sv: 'HRT:s linje- och tidtabellsdata (GTFS)' },
    description: { fi: 'Helsingin seudun joukkoliikenteen pysäkit, linjat ja aikataulut GTFS-muodossa.', en: 'Stops, routes and timetables of public transport in the Helsinki region in GTFS.' },
    themes: ['TRAN'], keywords: { fi: ['joukkoliikenne', 'aikataulut', 'GTFS'], en: ['public transport', 'timetables', 'GTFS'] }, spatial: FI_CAPITAL, formats: ['GTFS', 'ZIP'], frequency: 'DAILY', license: 'CC_BY_4_0' },
  { publisher: 'hsl', source: 'hri', years: [2014, 2025], title: { fi: 'HSL:n nousijamäärät linjoittain {year}', en: 'HSL boardings by line {year}' },
    description: { fi: 'Joukkoliikenteen nousut linjoittain ja kuukausittain.', en: 'Public transport boardings by line and month, including the West Harbour (Länsisatama) ferry connections.' },
    themes: ['TRAN'], keywords: { fi: ['nousijat', 'matkustajat', 'Länsisatama'], en: ['boardings', 'passengers', 'West Harbour'] }, spatial: FI_CAPITAL, formats: ['CSV'], frequency: 'MONTHLY', license: 'CC_BY_4_0' },
  { publisher: 'hsl', source: 'hri', title: { fi: 'HSL:n kaupunkipyöräasemat', en: 'HSL city bike stations' },
    description: { fi: 'Kaupunkipyöräasemat ja vapaiden pyörien määrä reaaliajassa.', en: 'City bike stations and the number of free bikes in real time.' },
    themes: ['TRAN'], keywords: { fi: ['kaupunkipyörät'], en: ['city bikes', 'real time'] }, spatial: ['fi-091', 'fi-049'], formats: ['JSON', 'GEOJSON'], frequency: 'CONT', license: 'CC_BY_4_0' },
  { publisher: 'hsy', source: 'hri', years: [2014, 2025], title: { fi: 'Pääkaupunkiseudun ilmanlaadun mittaukset {year}', en: 'Air quality measurements in the Helsinki capital region {year}' },
    description: { fi: 'Typpidioksidin ja pienhiukkasten tuntipitoisuudet mittausasemittain.', en: 'Hourly concentrations of nitrogen dioxide and fine particles by monitoring station, including the harbour areas.' },
    themes: ['ENVI', 'HEAL'], keywords: { fi: ['ilmanlaatu', 'typpidioksidi', 'pienhiukkaset'], en: ['air quality', 'NO2', 'PM2.5'] }, spatial: FI_CAPITAL, formats: ['CSV', 'JSON'], frequency: 'HOURLY', license: 'CC_BY_4_0' },
  { publisher: 'hsy', source: 'hri', title: { fi: 'Seudullinen maanpeiteaineisto', en: 'Regional land cover data' },
    description: { fi: 'Pääkaupunkiseudun maanpeite rasterina ja vektorina.', en: 'Land cover of the capital region as raster and vector data.' },
    themes: ['ENVI', 'REGI'], keywords: { fi: ['maanpeite', 'paikkatieto'], en: ['land cover', 'spatial data'] }, spatial: ['FI1B1'], formats: ['WMS_SRVC', 'WFS_SRVC', 'SHP'], frequency: 'IRREG', license: 'CC_BY_4_0' },
  { publisher: 'espoo', source: 'hri', years: [2014, 2025], title: { fi: 'Espoon väestö kielen mukaan {year}', en: 'Population of Espoo by language {year}', sv: 'Esbos befolkning efter språk {year}' },
    description: { fi: 'Espoon väestö kielen ja suuralueen mukaan.', en: 'Population of Espoo by language and major district.' },
    themes: ['SOCI'], keywords: { fi: ['väestö', 'kielet'], en: ['population', 'languages'] }, spatial: ['fi-049'], formats: ['CSV', 'XLSX'], frequency: 'ANNUAL', license: 'CC_BY_4_0' },
  { publisher: 'vantaa', source: 'hri', years: [2014, 2025], title: { fi: 'Vantaan työpaikat toimialoittain {year}', en: 'Jobs in Vantaa by industry {year}' },
    description: { fi: 'Vantaalla sijaitsevat työpaikat toimialoittain ja alueittain.', en: 'Jobs located in Vantaa by industry and area, including the airport and logistics cluster.' },
    themes: ['ECON'], keywords: { fi: ['työpaikat', 'toimialat'], en: ['jobs', 'industries'] }, spatial: ['fi-092'], formats: ['CSV'], frequency: 'ANNUAL', license: 'CC_BY_4_0' },
  { publisher: 'port-of-helsinki', source: 'hri', years: [2014, 2025], title: { fi: 'Helsingin Sataman matkustajaliikenne {year}', en: 'Passenger traffic at the Port of Helsinki {year}' },
    description: { fi: 'Matkustajat ja ajoneuvot kuukausittain ja reiteittäin, mukaan lukien Tallinnan-liikenne.', en: 'Passengers and vehicles by month and route, including the Tallinn route.' },
    themes: ['TRAN', 'ECON'], keywords: { fi: ['satama', 'matkustajat', 'Tallinna'], en: ['port', 'passengers', 'Tallinn'] }, spatial: ['fi-091'], formats: ['CSV', 'XLSX'], frequency: 'MONTHLY', license: 'CC_BY_4_0' },
  { publisher: 'forum-virium-helsinki', source: 'hri', title: { fi: 'Jätkäsaaren liikennelaskurit', en: 'Jätkäsaari traffic counters' },
    description: { fi: 'Länsisataman ympäristön ajoneuvo- ja kävijälaskurit pilottihankkeesta.', en: 'Vehicle and pedestrian counters around the West Harbour from a pilot project.' },
    themes: ['TRAN', 'TECH'], keywords: { fi: ['liikennelaskurit', 'pilotti', 'Länsisatama'], en: ['traffic counters', 'pilot', 'West Harbour'] }, spatial: ['fi-091'], formats: ['JSON', 'CSV'], frequency: 'CONT', license: 'CC_BY_4_0' },
  // avoindata.fi publishers
  { publisher: 'tilastokeskus', source: 'avoindata', years: [2014, 2025], title: { fi: 'Ulkomaan kansalaiset kunnittain {year}', en: 'Foreign citizens by municipality {year}', sv: 'Utländska medborgare efter kommun {year}' },
    description: { fi: 'Suomessa asuvat ulkomaan kansalaiset kansalaisuuden ja kunnan mukaan; Viron kansalaiset ovat suurin ryhmä.', en: 'Foreign citizens living in Finland by citizenship and municipality; Estonian citizens are the largest group.' },
    themes: ['SOCI', 'REGI'], keywords: { fi: ['kansalaisuus', 'väestö', 'Viro'], en: ['citizenship', 'population', 'Estonia'] }, spatial: ['FI', 'FI1B1'], formats: ['PX', 'CSV', 'JSON'], frequency: 'ANNUAL', license: 'CC_BY_4_0' },
  { publisher: 'tilastokeskus', source: 'avoindata', years: [2014, 2024], title: { fi: 'Rajat ylittävä työssäkäynti {year}', en: 'Cross-border commuting {year}' },
    description: { fi: 'Suomessa työskentelevät ulkomailla asuvat ja ulkomailla työskentelevät Suomessa asuvat maittain.', en: 'People working in Finland and living abroad, and living in Finland and working abroad, by country.' },
    themes: ['ECON', 'SOCI'], keywords: { fi: ['työssäkäynti', 'pendelöinti', 'Viro'], en: ['commuting', 'cross-border work', 'Estonia'] }, spatial: ['FI', 'EE'], formats: ['PX', 'CSV'], frequency: 'ANNUAL', license: 'CC_BY_4_0' },
  { publisher: 'traficom', source: 'avoindata', years: [2014, 2025], title: { fi: 'Liikennekäytössä olevat ajoneuvot kunnittain {year}', en: 'Vehicles in use by municipality {year}' },
    description: { fi: 'Rekisterissä olevat ajoneuvot ajoneuvoluokan ja kunnan mukaan.', en: 'Registered vehicles by vehicle class and municipality.' },
    themes: ['TRAN'], keywords: { fi: ['ajoneuvot', 'rekisteri'], en: ['vehicles', 'register'] }, spatial: ['FI', 'FI1B1'], formats: ['CSV', 'ZIP'], frequency: 'QUARTERLY', license: 'CC_BY_4_0' },
  { publisher: 'dvv', source: 'avoindata', title: { fi: 'Rakennusten osoitetiedot ja äänestysalueet', en: 'Building addresses and voting districts' },
    description: { fi: 'Valtakunnallinen aineisto rakennusten osoitteista ja äänestysalueista.', en: 'National data on building addresses and voting districts.' },
    themes: ['GOVE', 'REGI'], keywords: { fi: ['osoitteet', 'rakennukset'], en: ['addresses', 'buildings'] }, spatial: ['FI'], formats: ['CSV', 'ZIP'], frequency: 'WEEKLY', license: 'CC_BY_4_0' },
  { publisher: 'kela', source: 'avoindata', years: [2014, 2025], title: { fi: 'Kelan etuuksien saajat kunnittain {year}', en: 'Recipients of Kela benefits by municipality {year}' },
    description: { fi: 'Etuuksien saajat ja maksetut etuudet kunnittain, mukaan lukien ulkomailla asuvat.', en: 'Benefit recipients and benefits paid by municipality, including people living abroad.' },
    themes: ['SOCI', 'HEAL'], keywords: { fi: ['etuudet', 'sosiaaliturva'], en: ['benefits', 'social security'] }, spatial: ['FI'], formats: ['CSV', 'XLSX'], frequency: 'ANNUAL', license: 'CC_BY_4_0' },
  { publisher: 'uudenmaan-liitto', source: 'avoindata', title: { fi: 'Uusimaa-kaavan aluevaraukset', en: 'Land use reservations of the Uusimaa regional plan' },
    description: { fi: 'Maakuntakaavan aluevaraukset ja merkinnät paikkatietona.', en: 'Land use reservations and notations of the regional land use plan as spatial data.' },
    themes: ['REGI', 'ENVI'], keywords: { fi: ['maakuntakaava', 'kaavoitus'], en: ['regional plan', 'land use planning'] }, spatial: ['FI1B1'], formats: ['WMS_SRVC', 'GEOJSON', 'SHP'], frequency: 'IRREG', license: 'CC_BY_4_0' },
  { publisher: 'uudenmaan-liitto', source: 'avoindata', areas: ['fi-091', 'fi-049', 'fi-092', 'fi-257', 'fi-245', 'fi-186', 'fi-858', 'fi-753', 'fi-638'], title: { fi: 'Väestöennuste 2040: {area}', en: 'Population projection 2040: {area}' },
    description: { fi: 'Uudenmaan liiton alueellinen väestöennuste ikäryhmittäin.', en: 'Regional population projection by age group by the Helsinki-Uusimaa Regional Council.' },
    themes: ['SOCI', 'REGI'], keywords: { fi: ['väestöennuste'], en: ['population projection'] }, spatial: ['FI1B1'], formats: ['XLSX', 'CSV'], frequency: 'IRREG', license: 'CC_BY_4_0' },
  // Estonian open data portal publishers
  { publisher: 'statistikaamet', source: 'estonia', years: [2014, 2025], title: { et: 'Rahvastik soo, vanuse ja maakonna järgi {year}', en: 'Population by sex, age and county {year}' },
    description: { et: 'Rahvastik aasta alguses soo, vanusrühma ja maakonna järgi.', en: 'Population at the start of the year by sex, age group and county.' },
    themes: ['SOCI', 'REGI'], keywords: { et: ['rahvastik', 'maakond'], en: ['population', 'county'] }, spatial: ['EE', 'EE001'], formats: ['PX', 'CSV', 'JSON'], frequency: 'ANNUAL', license: 'CC_BY_4_0' },
  { publisher: 'statistikaamet', source: 'estonia', years: [2014, 2024], title: { et: 'Välisriigis töötavad Eesti elanikud {year}', en: 'Residents of Estonia working abroad {year}' },
    description: { et: 'Välisriigis töötavad Eesti elanikud riigi ja maakonna järgi; suurim sihtriik on Soome.', en: 'Residents of Estonia working abroad by country and county; Finland is the largest destination.' },
    themes: ['ECON', 'SOCI'], keywords: { et: ['töötamine', 'pendelränne', 'Soome'], en: ['employment', 'commuting', 'Finland'] }, spatial: ['EE', 'FI'], formats: ['PX', 'CSV'], frequency: 'ANNUAL', license: 'CC_BY_4_0' },
  { publisher: 'tallinn', source: 'estonia', years: [2014, 2025], title: { et: 'Tallinna elanike arv linnaosade kaupa {year}', en: 'Population of Tallinn by district {year}' },
    description: { et: 'Rahvastikuregistri andmetel Tallinnas elavad inimesed linnaosade kaupa.', en: 'People living in Tallinn by district according to the population register.' },
    themes: ['SOCI'], keywords: { et: ['elanikud', 'linnaosad'], en: ['residents', 'districts'] }, spatial: ['ee-0784'], formats: ['CSV', 'XLSX'], frequency: 'MONTHLY', license: 'CC_BY_4_0' },
  { publisher: 'tallinn', source: 'estonia', title: { et: 'Tallinna ühistranspordi sõiduplaanid (GTFS)', en: 'Tallinn public transport timetables (GTFS)' },
    description: { et: 'Tallinna bussi-, trammi- ja trollibussiliinide peatused ja sõiduplaanid GTFS-vormingus.', en: 'Stops and timetables of Tallinn bus, tram and trolleybus lines in GTFS.' },
    themes: ['TRAN'], keywords: { et: ['ühistransport', 'sõiduplaanid', 'GTFS'], en: ['public transport', 'timetables', 'GTFS'] }, spatial: ['ee-0784'], formats: ['GTFS', 'ZIP'], frequency: 'DAILY', license: 'CC_BY_4_0' },
  { publisher: 'tallinn', source: 'estonia', years: [2014, 2025], title: { et: 'Tallinna koolide õpilaste arv õppekeele järgi {year}', en: 'Pupils in Tallinn schools by language of instruction {year}' },
    description: { et: 'Munitsipaalkoolide õpilased õppekeele ja klassi järgi.', en: 'Pupils of municipal schools by language of instruction and grade.' },
    themes: ['EDUC'], keywords: { et: ['koolid', 'õpilased', 'õppekeel'], en: ['schools', 'pupils', 'language of instruction'] }, spatial: ['ee-0784'], formats: ['CSV'], frequency: 'ANNUAL', license: 'CC0' },
  { publisher: 'tallinna-sadam', source: 'estonia', years: [2014, 2025], title: { et: 'Tallinna Sadama reisijate arv liinide kaupa {year}', en: 'Port of Tallinn passengers by route {year}' },
    description: { et: 'Reisijad ja sõidukid kuude ja liinide kaupa, sh Tallinna–Helsingi liin.', en: 'Passengers and vehicles by month and route, including the Tallinn–Helsinki route.' },
    themes: ['TRAN', 'ECON'], keywords: { et: ['sadam', 'reisijad', 'Helsingi'], en: ['port', 'passengers', 'Helsinki'] }, spatial: ['ee-0784'], formats: ['CSV', 'XLSX'], frequency: 'MONTHLY', license: 'CC_BY_4_0' },
  { publisher: 'ytk-pohja', source: 'estonia', title: { et: 'Harjumaa maakonnaliinide peatused ja sõiduplaanid', en: 'Harju County bus lines: stops and timetables' },
    description: { et: 'Harjumaa maakonnabussiliinide peatused ja sõiduplaanid.', en: 'Stops and timetables of Harju County bus lines.' },
    themes: ['TRAN'], keywords: { et: ['maakonnaliinid', 'bussid'], en: ['county buses', 'timetables'] }, spatial: ['EE001'], formats: ['GTFS', 'JSON'], frequency: 'WEEKLY', license: 'CC_BY_4_0' },
  { publisher: 'maa-ja-ruumiamet', source: 'estonia', title: { et: 'Eesti topograafia andmekogu (ETAK)', en: 'Estonian Topographic Database (ETAK)' },
    description: { et: 'Eesti topograafilised andmed vektorkujul ja teenustena.', en: 'Topographic data of Estonia as vectors and as services.' },
    themes: ['REGI', 'ENVI'], keywords: { et: ['topograafia', 'kaardid', 'ruumiandmed'], en: ['topography', 'maps', 'spatial data'] }, spatial: ['EE'], formats: ['WMS_SRVC', 'WFS_SRVC', 'GEOJSON'], frequency: 'MONTHLY', license: 'CC_BY_4_0' },
  { publisher: 'maa-ja-ruumiamet', source: 'estonia', areas: HARJU, title: { et: 'Aadressiandmed: {area}', en: 'Address data: {area}' },
    description: { et: 'Aadressiandmete süsteemi (ADS) aadressid ja aadressiobjektid.', en: 'Addresses and address objects of the address data system (ADS).' },
    themes: ['REGI', 'GOVE'], keywords: { et: ['aadressid', 'ADS'], en: ['addresses'] }, spatial: ['EE001'], formats: ['CSV', 'JSON'], frequency: 'DAILY', license: 'CC_BY_4_0' },
  { publisher: 'transpordiamet', source: 'estonia', years: [2014, 2025], title: { et: 'Liiklusõnnetused maakondade kaupa {year}', en: 'Road traffic accidents by county {year}' },
    description: { et: 'Inimkannatanutega liiklusõnnetused asukoha ja liigi järgi.', en: 'Road traffic accidents with casualties by location and type.' },
    themes: ['TRAN', 'HEAL'], keywords: { et: ['liiklusõnnetused', 'liiklusohutus'], en: ['traffic accidents', 'road safety'] }, spatial: ['EE', 'EE001'], formats: ['CSV', 'GEOJSON'], frequency: 'ANNUAL', license: 'CC_BY_4_0' },
  { publisher: 'keskkonnaagentuur', source: 'estonia', years: [2014, 2025], title: { et: 'Tallinna välisõhu kvaliteet {year}', en: 'Outdoor air quality in Tallinn {year}' },
    description: { et: 'Õhukvaliteedi seirejaamade tunnikeskmised.', en: 'Hourly averages from air quality monitoring stations.' },
    themes: ['ENVI', 'HEAL'], keywords: { et: ['õhukvaliteet', 'seire'], en: ['air quality', 'monitoring'] }, spatial: ['ee-0784'], formats: ['CSV', 'JSON'], frequency: 'HOURLY', license: 'CC_BY_4_0' },
  { publisher: 'harjumaa-omavalitsuste-liit', source: 'estonia', areas: HARJU, title: { et: 'Omavalitsuse teenuste kaart: {area}', en: 'Municipal services map: {area}' },
    description: { et: 'Kohaliku omavalitsuse avalike teenuste asukohad.', en: 'Locations of the municipality\'s public services.' },
    themes: ['GOVE'], keywords: { et: ['teenused', 'omavalitsus'], en: ['services', 'municipality'] }, spatial: ['EE001'], formats: ['GEOJSON', 'CSV'], frequency: 'IRREG', license: 'CC_BY_4_0' },
  // Compiled in Talsinki by the project's editors
  { publisher: 'uudenmaan-liitto', source: null, years: [2014, 2025], title: { fi: 'Helsinki–Tallinna-reitin matkustajat {year}', et: 'Helsingi–Tallinna liini reisijad {year}', en: 'Passengers on the Helsinki–Tallinn route {year}' },
    description: { fi: 'Molempien satamien luvuista koottu yhteinen sarja Helsinki–Tallinna-reitin matkustajista.', et: 'Mõlema sadama andmetest koostatud ühine aegrida Helsingi–Tallinna liini reisijatest.', en: 'One series of Helsinki–Tallinn route passengers compiled from both ports\' figures.' },
    themes: ['TRAN', 'REGI'], keywords: { fi: ['kaksoisalue', 'lautat'], et: ['kaksikregioon', 'praamid'], en: ['twin region', 'ferries'] }, spatial: ['fi-091', 'ee-0784'], formats: ['CSV', 'JSON'], frequency: 'ANNUAL', license: 'CC_BY_4_0' },
  { publisher: 'harjumaa-omavalitsuste-liit', source: null, title: { fi: 'Rajaesteiden luokittelu', et: 'Piiriülese asjaajamise takistuste klassifikatsioon', en: 'Classification of cross-border service bottlenecks' },
    description: { fi: 'TwinReg-hankkeen luokittelu: kuusi aluetta ja niiden aiheet.', et: 'TwinRegi projekti klassifikatsioon: kuus valdkonda ja nende teemad.', en: 'The TwinReg classification: six domains and their topics.' },
    themes: ['GOVE', 'JUST'], keywords: { fi: ['rajaesteet', 'luokittelu'], et: ['takistused', 'klassifikatsioon'], en: ['bottlenecks', 'classification'] }, spatial: ['FI1B1', 'EE001'], formats: ['CSV', 'JSON'], frequency: 'IRREG', license: 'CC0' },
];
