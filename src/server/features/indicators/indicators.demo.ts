import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import { cellCount, type Cube, type CubeDimension, type SourceText } from '../statistics/cube.ts';
import { storeCube } from '../statistics/statistics.store.ts';
import type { VintageRequest } from '../statistics/statistics.tables.ts';
import { saveIndicator, type IndicatorDefinition } from './indicators.write.ts';

/**
 * The demo region's indicators. The ferry figures are real, each with the source REFERENCE-2 §3.4
 * names; everything else is demo (made up to look like the offices' tables, flagged `demo`), until
 * an import from StatFin, Statistics Estonia or Eurostat replaces it.
 */

const dim = (code: string, label: SourceText, role: CubeDimension['role'], values: [string, SourceText][]): CubeDimension => ({
  code,
  label,
  role,
  values: values.map(([value, text]) => ({ code: value, label: text })),
});
const years = (from: number, to: number): [string, SourceText][] => Array.from({ length: to - from + 1 }, (_, i) => [String(from + i), { en: String(from + i) }]);

function cubeOf(id: string, title: SourceText, dimensions: CubeDimension[], figures: (number | null)[], extra: Partial<Cube> = {}): Cube {
  if (figures.length !== cellCount(dimensions)) throw new Error(`demo table ${id}: ${figures.length} figures for ${cellCount(dimensions)} cells`);
  const statuses = new Map<number, string>();
  const values = Float64Array.from(figures, (figure, index) => {
    if (figure === null) statuses.set(index, '..');
    return figure ?? Number.NaN;
  });
  return { id, title, languages: Object.keys(title), dimensions, values, statuses, notes: [], ...extra };
}

async function sourceFor(db: QueryBuilder, name: string, demo: boolean): Promise<string> {
  const found = await db.selectFrom('stat_sources').select('id').where('name', '=', name).executeTakeFirst();
  if (found) return found.id;
  return (await db.insertInto('stat_sources').values({ name, kind: 'jsonstat', url: null, table_ref: '', demo }).returning('id').executeTakeFirstOrThrow()).id;
}

async function store(db: QueryBuilder, sourceName: string, demo: boolean, cube: Cube, requests: VintageRequest[]): Promise<string> {
  const sourceId = await sourceFor(db, sourceName, demo);
  return db.transaction().execute(async (trx) => (await storeCube(trx, { sourceId, runId: null, cube, requests })).tableId);
}

const PORTS = 'Port of Helsinki and Port of Tallinn, as published (REFERENCE-2 §3.4)';
const S10 = 'https://vuosikertomus2019.portofhelsinki.fi/en/passenger-numbers/';
const S16 = 'http://news.err.ee/114739/port-of-tallinn-closing-in-on-10-million-passenger-per-year-mark';
const S17 = 'http://news.err.ee/120287/port-of-tallinn-serves-record-setting-10-2-million-passengers-in-2016';
const S18 = 'http://www.baltic-course.com/eng/transport/?doc=137715';
const S19 = 'http://www.baltic-course.com/eng/good_for_business/?doc=146482';
const S20 = 'https://ferryshippingnews.com/an-excellent-year-for-port-of-tallinn/';
const S23 = 'https://news.err.ee/1232344/statistics-port-of-tallinn-cargo-flows-reached-five-year-high-in-2020';
const S26 = 'https://www.ts.ee/en/the-number-of-passengers-through-the-port-of-tallinn-harbors-hit-a-record-of-8-84-million-people/';
const ERR_2018 = 'https://news.err.ee/898421';
const cited = (...urls: string[]): VintageRequest[] => urls.map((url) => ({ method: 'FILE', url }));

const PASSENGERS: SourceText = { en: 'Passengers', fi: 'Matkustajat', et: 'Reisijad', sv: 'Passagerare', ru: 'Пассажиры' };
const PERSONS = { en: 'persons', fi: 'henkeä', et: 'inimest', sv: 'personer', ru: 'человек' };

async function ferryIndicators(db: QueryBuilder): Promise<IndicatorDefinition[]> {
  const helsinki = await store(
    db,
    PORTS,
    false,
    cubeOf('helsinki-tallinn-route', { en: 'Port of Helsinki: passengers on the Tallinn route' }, [dim('port', { en: 'Port' }, 'geo', [['helsinki', { en: 'Port of Helsinki' }]]), dim('year', { en: 'Year' }, 'time', years(2017, 2019))], [
      9_012_000, 8_846_000, 8_925_000,
    ]),
    cited(S10),
  );
  // 2014's "about 8 million" is the port's rounding: kept, marked estimated.
  const tallinnRoute = cubeOf(
    'tallinn-finland-route',
    { en: 'Port of Tallinn: passengers on the Finland route' },
    [dim('port', { en: 'Port' }, 'geo', [['tallinn', { en: 'Port of Tallinn' }]]), dim('year', { en: 'Year' }, 'time', [['2012', { en: '2012' }], ['2014', { en: '2014' }], ['2016', { en: '2016' }], ['2017', { en: '2017' }], ['2018', { en: '2018' }]])],
    [7_260_000, 8_000_000, 8_510_000, 8_300_000, 8_830_000],
    { statusLabels: { e: { en: 'approximate, as the source rounds it' } } },
  );
  tallinnRoute.statuses.set(1, 'e');
  const tallinn = await store(db, PORTS, false, tallinnRoute, cited(S26, S16, S17, S18, S19));
  const allHarbours = await store(
    db,
    PORTS,
    false,
    cubeOf(
      'tallinn-all-harbours',
      { en: 'Port of Tallinn: passengers, all harbours' },
      [dim('port', { en: 'Port' }, 'geo', [['tallinn', { en: 'Port of Tallinn' }]]), dim('year', { en: 'Year' }, 'time', [['2014', { en: '2014' }], ['2016', { en: '2016' }], ['2017', { en: '2017' }], ['2018', { en: '2018' }], ['2020', { en: '2020' }], ['2023', { en: '2023' }]])],
      [9_570_000, 10_200_000, 10_600_000, 10_600_000, 4_300_000, 8_000_000],
    ),
    cited(S16, S17, S18, ERR_2018, S23, S20),
  );
  const portsDiffer = {
    en: 'The two ports count differently: Helsinki the passengers of its Tallinn route, Tallinn those of its Finland route. The two series are shown side by side, never added up. Years without a published figure are left empty.',
    fi: 'Satamat laskevat eri tavoin: Helsinki Tallinnan-linjansa matkustajat, Tallinna Suomen-linjansa. Sarjat näytetään rinnakkain, ei yhteenlaskettuina. Vuodet, joilta lukua ei ole julkaistu, jäävät tyhjiksi.',
    et: 'Sadamad loevad erinevalt: Helsingi oma Tallinna liini reisijaid, Tallinn oma Soome liini reisijaid. Kaks rida näidatakse kõrvuti, mitte kokku liidetuna. Aastad, mille kohta arvu pole avaldatud, jäävad tühjaks.',
    sv: 'Hamnarna räknar olika: Helsingfors passagerarna på sin Tallinnlinje, Tallinn dem på sin Finlandslinje. Serierna visas sida vid sida, aldrig sammanlagda. År utan publicerad siffra lämnas tomma.',
    ru: 'Порты считают по-разному: Хельсинки — пассажиров своей таллинской линии, Таллин — своей финской. Два ряда показаны рядом и не суммируются. Годы без опубликованных данных оставлены пустыми.',
  };
  return [
    {
      slug: 'ferry-passengers-helsinki-tallinn',
      name: { en: 'Ferry passengers between Helsinki and Tallinn', fi: 'Helsingin ja Tallinnan välisen laivaliikenteen matkustajat', et: 'Helsingi ja Tallinna vahelise laevaliikluse reisijad', sv: 'Färjepassagerare mellan Helsingfors och Tallinn', ru: 'Пассажиры паромов между Хельсинки и Таллином' },
      definition: { en: 'Passengers a year on the Helsinki–Tallinn ferry route, as each port counts them.', fi: 'Helsinki–Tallinna-laivareitin matkustajat vuodessa kummankin sataman laskemana.', et: 'Helsingi–Tallinna laevaliini reisijad aastas, nagu kumbki sadam neid loeb.', sv: 'Passagerare per år på färjelinjen Helsingfors–Tallinn, så som vardera hamnen räknar dem.', ru: 'Пассажиры паромной линии Хельсинки — Таллин за год, по подсчетам каждого из портов.' },
      unit: PERSONS,
      notes: portsDiffer,
      domain: 'mobility',
      frequency: 'A',
      series: [
        { side: 'FI', tableId: helsinki, regionDimension: 'port', regionMap: { helsinki: 'fi-kunta:091' } },
        { side: 'EE', tableId: tallinn, regionDimension: 'port', regionMap: { tallinn: 'ee-ehak:0784' } },
      ],
    },
    {
      slug: 'port-of-tallinn-passengers',
      name: { en: 'Passengers through the Port of Tallinn', fi: 'Tallinnan sataman matkustajat', et: 'Tallinna Sadama reisijad', sv: 'Passagerare genom Tallinns hamn', ru: 'Пассажиры Таллинского порта' },
      definition: { en: 'Passengers a year through all harbours of the Port of Tallinn, on every route.', fi: 'Tallinnan sataman kaikkien satamien matkustajat vuodessa, kaikilla reiteillä.', et: 'Tallinna Sadama kõigi sadamate reisijad aastas, kõigil liinidel.', sv: 'Passagerare per år genom alla Tallinns hamns hamnar, på alla linjer.', ru: 'Пассажиры всех гаваней Таллинского порта за год, на всех линиях.' },
      unit: PERSONS,
      notes: { en: 'Years without a published figure are left empty; 2020 fell with the pandemic.', fi: 'Vuodet, joilta lukua ei ole julkaistu, jäävät tyhjiksi; 2020 luku laski pandemian vuoksi.', et: 'Aastad, mille kohta arvu pole avaldatud, jäävad tühjaks; 2020 langes pandeemia tõttu.', sv: 'År utan publicerad siffra lämnas tomma; 2020 föll siffran med pandemin.', ru: 'Годы без опубликованных данных оставлены пустыми; в 2020 году число упало из-за пандемии.' },
      domain: 'mobility',
      frequency: 'A',
      headline: 1,
      series: [{ side: 'EE', tableId: allHarbours, regionDimension: 'port', regionMap: { tallinn: 'ee-ehak:0784' } }],
    },
  ];
}

const DEMO_SOURCE = 'Demo tables (made up for the demo region, not an office\'s figures)';
const DEMO_NOTE = {
  en: 'Demo figures, made up to show how the indicator works; an import from the statistics offices replaces them.',
  fi: 'Esittelyluvut, keksitty näyttämään, miten indikaattori toimii; tilastovirastoista tuotu aineisto korvaa ne.',
  et: 'Näidisarvud, välja mõeldud näitamaks, kuidas näitaja töötab; statistikaametitest imporditud andmed asendavad need.',
  sv: 'Demosiffror, påhittade för att visa hur indikatorn fungerar; en import från statistikmyndigheterna ersätter dem.',
  ru: 'Демонстрационные числа, придуманные, чтобы показать работу индикатора; их заменит импорт из статистических ведомств.',
};

/** A smooth made-up series: a start, a yearly growth and a small wobble, rounded to whole people. */
const trend = (start: number, growth: number, count: number, wobble = 0.002) =>
  Array.from({ length: count }, (_, i) => Math.round(start * (1 + growth) ** i * (1 + wobble * Math.sin(i * 1.7))));

const FI_AREAS: [string, string, string, number, number][] = [
  ['MK01', 'Uusimaa', 'nuts:FI1B1', 1_640_000, 0.009],
  ['KU091', 'Helsinki', 'fi-kunta:091', 630_000, 0.008],
  ['KU049', 'Espoo', 'fi-kunta:049', 275_000, 0.014],
  ['KU092', 'Vantaa', 'fi-kunta:092', 220_000, 0.013],
];
const EE_AREAS: [string, string, string, number, number][] = [
  ['0037', 'Harju maakond', 'nuts:EE001', 582_000, 0.01],
  ['0784', 'Tallinn', 'ee-ehak:0784', 434_000, 0.007],
  ['0446', 'Maardu linn', 'ee-ehak:0446', 17_000, 0.004],
  ['0653', 'Rae vald', 'ee-ehak:0653', 17_500, 0.04],
];

async function demoIndicators(db: QueryBuilder): Promise<IndicatorDefinition[]> {
  const span = years(2015, 2024);
  const areaDim = (areas: typeof FI_AREAS, code: string) => dim(code, { en: code }, 'geo', areas.map(([value, name]) => [value, { en: name }]));
  const population = (areas: typeof FI_AREAS) => areas.flatMap(([, , , start, growth]) => trend(start, growth, span.length));
  const fiPopulation = cubeOf('vaerak-demo', { en: 'Population by area (demo)' }, [areaDim(FI_AREAS, 'Alue'), dim('Vuosi', { en: 'Year' }, 'time', span)], population(FI_AREAS));
  // The newest year is still provisional at the office, as real tables mark it.
  FI_AREAS.forEach((_, area) => fiPopulation.statuses.set(area * span.length + span.length - 1, 'p'));
  const eePopulation = cubeOf('RV-demo', { en: 'Population by area (demo)' }, [areaDim(EE_AREAS, 'Haldusüksus'), dim('Aasta', { en: 'Year' }, 'time', span)], population(EE_AREAS));
  const fiTable = await store(db, DEMO_SOURCE, true, fiPopulation, []);
  const eeTable = await store(db, DEMO_SOURCE, true, eePopulation, []);
  const citizens = cubeOf(
    'citizens-demo',
    { en: 'Foreign citizens by citizenship (demo)' },
    [areaDim(FI_AREAS.slice(0, 2), 'Alue'), dim('Kansalaisuus', { en: 'Citizenship', fi: 'Kansalaisuus' }, null, [['EE', { en: 'Estonia', fi: 'Viro' }], ['RU', { en: 'Russia', fi: 'Venäjä' }]]), dim('Vuosi', { en: 'Year' }, 'time', span)],
    [...trend(30_000, 0.01, 10), ...trend(17_000, 0.03, 10), ...trend(16_500, 0.008, 10), ...trend(9_000, 0.03, 10)],
  );
  const citizensTable = await store(db, DEMO_SOURCE, true, citizens, []);
  // Moves between the two countries, each office counting both directions; and commuters across the gulf.
  const direction = dim('Suunta', { en: 'Direction', fi: 'Suunta', et: 'Suund' }, null, [
    ['FI-EE', { en: 'From Finland to Estonia', fi: 'Suomesta Viroon', et: 'Soomest Eestisse' }],
    ['EE-FI', { en: 'From Estonia to Finland', fi: 'Virosta Suomeen', et: 'Eestist Soome' }],
  ]);
  const migrationFi = cubeOf('muutl-demo', { en: 'Migration between Finland and Estonia (demo)' }, [areaDim(FI_AREAS.slice(0, 1), 'Alue'), direction, dim('Vuosi', { en: 'Year' }, 'time', span)], [
    ...trend(3_100, 0.02, 10, 0.05), ...trend(2_400, -0.03, 10, 0.05),
  ]);
  const migrationEe = cubeOf('RVR-demo', { en: 'Migration between Finland and Estonia (demo)' }, [areaDim(EE_AREAS.slice(0, 1), 'Haldusüksus'), direction, dim('Aasta', { en: 'Year' }, 'time', span)], [
    ...trend(2_900, 0.025, 10, 0.05), ...trend(2_200, -0.02, 10, 0.05),
  ]);
  const commutersFi = cubeOf('tyokay-demo', { en: 'Employed persons living in Estonia, working in Uusimaa (demo)' }, [areaDim(FI_AREAS.slice(0, 1), 'Alue'), dim('Vuosi', { en: 'Year' }, 'time', span)], trend(19_000, 0.01, 10, 0.03));
  const commutersEe = cubeOf('TT-demo', { en: 'Residents of Harju working in Finland (demo)' }, [areaDim(EE_AREAS.slice(0, 1), 'Haldusüksus'), dim('Aasta', { en: 'Year' }, 'time', span)], trend(24_000, -0.015, 10, 0.04));
  const [migrationFiTable, migrationEeTable, commutersFiTable, commutersEeTable] = [
    await store(db, DEMO_SOURCE, true, migrationFi, []),
    await store(db, DEMO_SOURCE, true, migrationEe, []),
    await store(db, DEMO_SOURCE, true, commutersFi, []),
    await store(db, DEMO_SOURCE, true, commutersEe, []),
  ];
  const regionMap = (areas: typeof FI_AREAS) => Object.fromEntries(areas.map(([code, , region]) => [code, region]));
  return [
    {
      slug: 'population',
      name: { en: 'Population', fi: 'Väkiluku', et: 'Rahvaarv', sv: 'Folkmängd', ru: 'Численность населения' },
      definition: { en: 'Residents at the end of the year.', fi: 'Asukkaat vuoden lopussa.', et: 'Elanikud aasta lõpus.', sv: 'Invånare vid årets slut.', ru: 'Жители на конец года.' },
      unit: PERSONS,
      notes: DEMO_NOTE,
      domain: null,
      frequency: 'A',
      demo: true,
      headline: 2,
      series: [
        { side: 'FI', tableId: fiTable, regionDimension: 'Alue', regionMap: regionMap(FI_AREAS) },
        { side: 'EE', tableId: eeTable, regionDimension: 'Haldusüksus', regionMap: regionMap(EE_AREAS) },
      ],
    },
    {
      slug: 'foreign-citizens',
      name: { en: 'Foreign citizens by citizenship', fi: 'Ulkomaiden kansalaiset kansalaisuuden mukaan', et: 'Välisriikide kodanikud kodakondsuse järgi', sv: 'Utländska medborgare efter medborgarskap', ru: 'Иностранные граждане по гражданству' },
      definition: { en: 'Residents who are citizens of another country, at the end of the year.', fi: 'Toisen maan kansalaiset asukkaina vuoden lopussa.', et: 'Teise riigi kodanikest elanikud aasta lõpus.', sv: 'Invånare som är medborgare i ett annat land, vid årets slut.', ru: 'Жители — граждане другой страны, на конец года.' },
      unit: PERSONS,
      notes: DEMO_NOTE,
      domain: 'integration',
      frequency: 'A',
      demo: true,
      perCapitaOf: 'population',
      perCapitaScale: 1000,
      series: [{ side: 'FI', tableId: citizensTable, regionDimension: 'Alue', regionMap: regionMap(FI_AREAS.slice(0, 2)), kept: ['Kansalaisuus'] }],
    },
    {
      slug: 'migration-finland-estonia',
      name: { en: 'Migration between Finland and Estonia', fi: 'Muutto Suomen ja Viron välillä', et: 'Ränne Soome ja Eesti vahel', sv: 'Flyttningar mellan Finland och Estland', ru: 'Миграция между Финляндией и Эстонией' },
      definition: { en: 'People who moved their residence from one country to the other during the year, as each country\'s office counts them.', fi: 'Vuoden aikana maasta toiseen asuinpaikkansa siirtäneet, kummankin maan tilastoviraston laskemina.', et: 'Aasta jooksul elukoha ühest riigist teise viinud inimesed, kummagi riigi statistikaameti andmetel.', sv: 'Personer som under året flyttade sin bostad från det ena landet till det andra, så som vardera landets statistikmyndighet räknar dem.', ru: 'Люди, переселившиеся за год из одной страны в другую, по подсчетам статистического ведомства каждой из стран.' },
      unit: PERSONS,
      notes: DEMO_NOTE,
      domain: 'integration',
      frequency: 'A',
      demo: true,
      series: [
        { side: 'FI', tableId: migrationFiTable, regionDimension: 'Alue', regionMap: regionMap(FI_AREAS.slice(0, 1)), kept: ['Suunta'] },
        { side: 'EE', tableId: migrationEeTable, regionDimension: 'Haldusüksus', regionMap: regionMap(EE_AREAS.slice(0, 1)), kept: ['Suunta'] },
      ],
    },
    {
      slug: 'cross-border-commuters',
      name: { en: 'Commuters across the gulf', fi: 'Lahden yli pendelöivät', et: 'Üle lahe pendeldajad', sv: 'Pendlare över viken', ru: 'Маятниковые мигранты через залив' },
      definition: { en: 'Employed people who live on one side of the gulf and work on the other.', fi: 'Työlliset, jotka asuvat lahden toisella puolella ja työskentelevät toisella.', et: 'Töötavad inimesed, kes elavad lahe ühel ja töötavad teisel kaldal.', sv: 'Sysselsatta som bor på ena sidan av viken och arbetar på den andra.', ru: 'Работающие люди, которые живут на одном берегу залива, а работают на другом.' },
      unit: PERSONS,
      notes: {
        en: `${DEMO_NOTE.en} For scale: about 50,000 Estonians commuted regularly to Finland before COVID-19 (AFP, 2020); estimates range from 50,000 to 100,000 against about 21,000 in Finnish official data (ERR).`,
        fi: `${DEMO_NOTE.fi} Mittakaavaksi: noin 50 000 virolaista pendelöi säännöllisesti Suomeen ennen COVID-19-pandemiaa (AFP, 2020); arviot vaihtelevat 50 000:sta 100 000:een, kun Suomen virallisissa tiedoissa on noin 21 000 (ERR).`,
        et: `${DEMO_NOTE.et} Võrdluseks: enne COVID-19 pandeemiat pendeldas Soome regulaarselt umbes 50 000 eestlast (AFP, 2020); hinnangud ulatuvad 50 000-st 100 000-ni, Soome ametlikes andmetes umbes 21 000 (ERR).`,
        sv: `${DEMO_NOTE.sv} Som jämförelse: omkring 50 000 ester pendlade regelbundet till Finland före covid-19 (AFP, 2020); uppskattningarna varierar från 50 000 till 100 000, mot omkring 21 000 i Finlands officiella uppgifter (ERR).`,
        ru: `${DEMO_NOTE.ru} Для сравнения: до COVID-19 около 50 000 эстонцев регулярно ездили на работу в Финляндию (AFP, 2020); оценки составляют от 50 000 до 100 000, тогда как в официальных данных Финляндии — около 21 000 (ERR).`,
      },
      domain: 'mobility',
      frequency: 'A',
      demo: true,
      headline: 3,
      series: [
        { side: 'FI', tableId: commutersFiTable, regionDimension: 'Alue', regionMap: regionMap(FI_AREAS.slice(0, 1)) },
        { side: 'EE', tableId: commutersEeTable, regionDimension: 'Haldusüksus', regionMap: regionMap(EE_AREAS.slice(0, 1)) },
      ],
    },
  ];
}

/**
 * Loads the demo region's indicators (the ferry figures real, the rest demo), each a dataset of
 * the catalogue with its files at `publicUrl` (every start writes them again at its own).
 */
export async function loadIndicatorDemo(db: QueryBuilder, publicUrl = 'http://localhost:8080'): Promise<void> {
  const definitions = [...(await ferryIndicators(db)), ...(await demoIndicators(db))];
  // Population first: foreign citizens are shown per capita of it.
  definitions.sort((a, b) => (a.slug === 'population' ? -1 : b.slug === 'population' ? 1 : 0));
  for (const definition of definitions) await db.transaction().execute((trx) => saveIndicator(trx, definition, { publicUrl }));
  await linkDemoEvidence(db);
}

/**
 * The ports' ferry figures as evidence of the demo bottleneck about ferry and city tickets: how
 * many travel the route. No baseline or target: those would be made-up plans beside real figures.
 */
async function linkDemoEvidence(db: QueryBuilder): Promise<void> {
  const bottleneck = await db.selectFrom('bottlenecks').select('id').where('is_demo', '=', true)
    .where(sql<string>`title->>'en'`, '=', 'Ferry tickets and Helsinki and Tallinn public transport tickets are not integrated').executeTakeFirst();
  const indicator = await db.selectFrom('indicators').select('id').where('slug', '=', 'ferry-passengers-helsinki-tallinn').executeTakeFirst();
  if (!bottleneck || !indicator) return;
  await db.insertInto('bottleneck_indicators').values({
    bottleneck_id: bottleneck.id,
    indicator_id: indicator.id,
    region_code: 'fi-kunta:091',
    note: JSON.stringify({
      en: 'How many travel the route the tickets would join, as the Port of Helsinki counts them.',
      fi: 'Kuinka moni kulkee reittiä, jonka liput yhdistettäisiin, Helsingin Sataman laskemana.',
      et: 'Kui paljud sõidavad liinil, mille piletid ühendataks, Helsingi Sadama loendatuna.',
    }),
  }).onConflict((oc) => oc.doNothing()).execute();
}
