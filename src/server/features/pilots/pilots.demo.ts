import type { QueryBuilder } from '../../db/tables.ts';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import type { PartnerRole, PilotCreate, PilotStatus } from '../../../shared/schemas/pilots.ts';
import { DEMO_DIALOGUES } from '../dialogues/dialogues.demo-data.ts';
import { syncPilotDatasets } from './pilots.catalog.ts';
import { createPilot } from './pilots.service.ts';

/**
 * Demo pilots of the living lab (issue 20 point 4). The references name the FinEst Twins partners
 * but no pilot (research §5: "pilot names not found"), so these are invented, neutral, and say
 * "demo" in their names; their partners are the real consortium (REFERENCE.md l.30–33,
 * REFERENCE-2.md l.256–259) and the places are demo places. The Baltic demo (sta.demo.ts)
 * gives them their Things by these slugs.
 */
export const DEMO_PILOT_SLUGS = ['demo-shore-water-temperature', 'demo-ferry-terminal-flow', 'demo-street-air-quality'] as const;
export type DemoPilotSlug = (typeof DEMO_PILOT_SLUGS)[number];

const DAY = 24 * 60 * 60 * 1000;
/** A day `days` from today (the demo's periods move with the day it is loaded, so "running" stays true). */
const day = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

interface DemoPilot {
  slug: DemoPilotSlug;
  name: LocalizedTextValue;
  description: LocalizedTextValue;
  status: PilotStatus;
  period: [number, number];
  partners: [string, PartnerRole][];
  places: NonNullable<PilotCreate['places']>;
  goals: LocalizedTextValue[];
  /** KPIs read from an indicator (by slug) when the demo has it. */
  kpis: { name: LocalizedTextValue; indicator: string; measure: 'latest' | 'mean' }[];
  results: { day: number; text: LocalizedTextValue }[];
  /** Demo dialogues by key (the showcase's forum session). */
  dialogues: string[];
}

export const DEMO_PILOTS: DemoPilot[] = [
  {
    slug: 'demo-shore-water-temperature',
    name: { en: 'Demo pilot: shore water temperature on both coasts', fi: 'Demopilotti: rantaveden lämpötila molemmilla rannikoilla', et: 'Demopiloot: rannavee temperatuur mõlemal rannikul' },
    description: {
      en: 'Demo content. Water temperature sensors at a Helsinki shore and a Tallinn beach publish every half hour through the SensorThings API, so that both cities can show the same open data.',
      fi: 'Demosisältöä. Helsingin rannan ja Tallinnan uimarannan veden lämpötila-anturit julkaisevat arvonsa puolen tunnin välein SensorThings-rajapinnan kautta, jotta molemmat kaupungit voivat näyttää samaa avointa dataa.',
      et: 'Demosisu. Helsingi kalda ja Tallinna ranna veetemperatuuri andurid avaldavad näidud iga poole tunni järel SensorThingsi liidese kaudu, et mõlemad linnad saaksid näidata samu avaandmeid.',
    },
    status: 'running',
    period: [-210, 150],
    partners: [['forum-virium-helsinki', 'lead'], ['taltech', 'partner']],
    places: [
      { name: { en: 'Helsinki shore (demo place)', fi: 'Helsingin ranta (demopaikka)', et: 'Helsingi kallas (demokoht)' }, geometry: { type: 'Point', coordinates: [24.956, 60.156] } },
      { name: { en: 'Tallinn beach (demo place)', fi: 'Tallinnan uimaranta (demopaikka)', et: 'Tallinna rand (demokoht)' }, geometry: { type: 'Point', coordinates: [24.83, 59.47] } },
    ],
    goals: [
      { en: 'Publish shore water temperature from both cities in one open standard', fi: 'Julkaista molempien kaupunkien rantaveden lämpötila yhdellä avoimella standardilla', et: 'Avaldada mõlema linna rannavee temperatuur ühe avatud standardi järgi' },
      { en: 'Show the data at the Smart City Exchange Forum', fi: 'Esitellä data Smart City Exchange Forumissa', et: 'Näidata andmeid Smart City Exchange Forumil' },
    ],
    kpis: [],
    results: [{ day: -60, text: { en: 'Demo result: both sensors publish to the same service', fi: 'Demotulos: molemmat anturit julkaisevat samaan palveluun', et: 'Demotulemus: mõlemad andurid avaldavad samasse teenusesse' } }],
    dialogues: ['forum-2026'],
  },
  {
    slug: 'demo-ferry-terminal-flow',
    name: { en: 'Demo pilot: passenger flow at the ferry terminals', fi: 'Demopilotti: matkustajavirrat lauttaterminaaleissa', et: 'Demopiloot: reisijavood parvlaevaterminalides' },
    description: {
      en: 'Demo content. People counters at a terminal in each city count passengers between Helsinki and Tallinn, compared with the yearly passenger statistics.',
      fi: 'Demosisältöä. Kummankin kaupungin terminaalin henkilölaskurit laskevat Helsingin ja Tallinnan välisiä matkustajia, ja niitä verrataan vuotuisiin matkustajatilastoihin.',
      et: 'Demosisu. Mõlema linna terminali inimloendurid loendavad Helsingi ja Tallinna vahelisi reisijaid ning neid võrreldakse iga-aastase reisijastatistikaga.',
    },
    status: 'running',
    period: [-400, 330],
    partners: [['taltech', 'lead'], ['aalto-university', 'partner'], ['port-of-helsinki', 'host']],
    places: [
      { name: { en: 'Helsinki terminal (demo place)', fi: 'Helsingin terminaali (demopaikka)', et: 'Helsingi terminal (demokoht)' }, geometry: { type: 'Point', coordinates: [24.915, 60.152] } },
      { name: { en: 'Tallinn terminal (demo place)', fi: 'Tallinnan terminaali (demopaikka)', et: 'Tallinna terminal (demokoht)' }, geometry: { type: 'Point', coordinates: [24.765, 59.444] } },
    ],
    goals: [{ en: 'Count passengers at both ends of the route in the same way', fi: 'Laskea matkustajat reitin molemmissa päissä samalla tavalla', et: 'Loendada reisijaid liini mõlemas otsas ühtemoodi' }],
    kpis: [{ name: { en: 'Passengers on the route', fi: 'Reitin matkustajat', et: 'Liini reisijad' }, indicator: 'ferry-passengers-helsinki-tallinn', measure: 'latest' }],
    results: [],
    dialogues: [],
  },
  {
    slug: 'demo-street-air-quality',
    name: { en: 'Demo pilot: low-cost air quality sensors in a street', fi: 'Demopilotti: edulliset ilmanlaatuanturit kadulla', et: 'Demopiloot: odavad õhukvaliteedi andurid tänaval' },
    description: {
      en: 'Demo content. Low-cost sensors along a street measured nitrogen dioxide and particles beside a reference station, to learn how far such sensors can be trusted.',
      fi: 'Demosisältöä. Kadun varren edulliset anturit mittasivat typpidioksidia ja hiukkasia vertailuaseman vieressä, jotta nähtäisiin, kuinka luotettavia tällaiset anturit ovat.',
      et: 'Demosisu. Tänava äärde paigutatud odavad andurid mõõtsid lämmastikdioksiidi ja osakesi võrdlusjaama kõrval, et näha, kui usaldusväärsed sellised andurid on.',
    },
    status: 'completed',
    period: [-640, -280],
    partners: [['aalto-university', 'lead'], ['forum-virium-helsinki', 'partner'], ['estonian-ministry-of-climate', 'funder']],
    places: [
      {
        name: { en: 'Street section (demo area)', fi: 'Katuosuus (demoalue)', et: 'Tänavalõik (demoala)' },
        geometry: { type: 'Polygon', coordinates: [[[24.935, 60.168], [24.945, 60.168], [24.945, 60.173], [24.935, 60.173], [24.935, 60.168]]] },
      },
    ],
    goals: [{ en: 'Compare low-cost sensors with a reference station', fi: 'Verrata edullisia antureita vertailuasemaan', et: 'Võrrelda odavaid andureid võrdlusjaamaga' }],
    kpis: [],
    results: [
      { day: -300, text: { en: 'Demo result: the sensors followed the reference closely in summer', fi: 'Demotulos: anturit seurasivat vertailuasemaa tarkasti kesällä', et: 'Demotulemus: andurid järgisid suvel võrdlusjaama täpselt' } },
      { day: -285, text: { en: 'Demo result: winter readings needed correction for humidity', fi: 'Demotulos: talven lukemat vaativat kosteuskorjauksen', et: 'Demotulemus: talvised näidud vajasid niiskuse parandust' } },
    ],
    dialogues: [],
  },
];

/** The demo pilots (needs the demo dialogues and indicators); their catalogue datasets follow once they have Things. */
export async function loadPilotDemo(db: QueryBuilder, editorId: string | null, publicUrl: string): Promise<void> {
  const institutions = new Map((await db.selectFrom('institutions').select(['id', 'slug']).execute()).map((row) => [row.slug, row.id]));
  const dialogues = await db.selectFrom('dialogues').select(['id', 'title']).where('is_demo', '=', true).execute();
  const dialogueId = (key: string) => {
    const wanted = DEMO_DIALOGUES.find((d) => d.key === key);
    const found = wanted && dialogues.find((row) => row.title.en === wanted.title.en);
    if (!found) throw new Error(`demo pilot names an unknown dialogue: ${key}`);
    return found.id;
  };
  const indicators = new Set((await db.selectFrom('indicators').select('slug').execute()).map((row) => row.slug));
  for (const pilot of DEMO_PILOTS) {
    if (await db.selectFrom('pilots').select('id').where('slug', '=', pilot.slug).executeTakeFirst()) continue;
    await createPilot(
      db,
      editorId,
      {
        slug: pilot.slug,
        name: pilot.name,
        description: pilot.description,
        status: pilot.status,
        startsOn: day(pilot.period[0]),
        endsOn: day(pilot.period[1]),
        partners: pilot.partners.map(([slug, role]) => {
          const id = institutions.get(slug);
          if (!id) throw new Error(`demo pilot names an unknown institution: ${slug}`);
          return { institutionId: id, role };
        }),
        places: pilot.places,
        goals: pilot.goals,
        kpis: pilot.kpis.filter((kpi) => indicators.has(kpi.indicator)),
        results: pilot.results.map((r) => ({ on: day(r.day), text: r.text })),
        dialogues: pilot.dialogues.map(dialogueId),
      },
      true,
    );
  }
  await syncPilotDatasets(db, publicUrl);
}
