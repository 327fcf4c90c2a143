import type { QueryBuilder } from '../../db/tables.ts';
import type { AuthUser } from '../../plugins/auth.ts';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import type { FrameworkNode, NodeCreate } from '../../../shared/schemas/framework.ts';
import { findUserById } from '../accounts/accounts.repository.ts';
import * as framework from './framework.service.ts';

/**
 * The demo framework: version 1 adopted by both regions' bodies (with decision references marked
 * DEMO), and version 2, a draft made from it with a few changes, so the diff has something to
 * show. Every text and number here is made up for the demonstration; the versions are `is_demo`
 * and the pages say so. The targets read the demo region's indicators (by slug) and serve the
 * demo action plan's actions (found by their English titles).
 */

type Text = LocalizedTextValue;
interface DemoTarget {
  ref: string;
  title: Text;
  indicator: string;
  region: string;
  baseline: { value: number; period: string };
  target: { value: number; period: string };
  /** The demo actions' English titles. */
  actions: string[];
}
interface DemoObjective {
  ref: string;
  title: Text;
  targets?: DemoTarget[];
}
interface DemoGoal {
  ref: string;
  title: Text;
  body?: Text;
  objectives: DemoObjective[];
}

export const DEMO_VISION: Text = {
  en: 'Demo vision: one twin region where living, working and studying across the gulf is as easy as within one city.',
  fi: 'Demovisio: yksi kaksoisalue, jossa asuminen, työ ja opiskelu lahden yli on yhtä helppoa kuin yhden kaupungin sisällä.',
  et: 'Demovisioon: üks kaksikpiirkond, kus üle lahe elada, töötada ja õppida on sama lihtne kui ühe linna sees.',
};

export const DEMO_GOALS: DemoGoal[] = [
  {
    ref: 'G1',
    title: { en: 'Smooth journeys across the gulf', fi: 'Sujuvat matkat lahden yli', et: 'Sujuvad reisid üle lahe' },
    body: { en: 'Demo goal text.', fi: 'Demotavoitteen teksti.', et: 'Demo-eesmärgi tekst.' },
    objectives: [
      {
        ref: 'O1.1',
        title: { en: 'One ticket from door to door', fi: 'Yksi lippu ovelta ovelle', et: 'Üks pilet uksest ukseni' },
        targets: [
          { ref: 'T1.1.1', title: { en: 'More ferry passengers in Helsinki (demo target)', fi: 'Enemmän laivamatkustajia Helsingissä (demotavoite)', et: 'Rohkem laevareisijaid Helsingis (demosiht)' },
            indicator: 'ferry-passengers-helsinki-tallinn', region: 'fi-kunta:091', baseline: { value: 8_000_000, period: '2015' }, target: { value: 9_500_000, period: '2030' },
            actions: ['Combined ferry and public transport ticket'] },
          { ref: 'T1.1.2', title: { en: 'More ferry passengers in Tallinn (demo target)', fi: 'Enemmän laivamatkustajia Tallinnassa (demotavoite)', et: 'Rohkem laevareisijaid Tallinnas (demosiht)' },
            indicator: 'ferry-passengers-helsinki-tallinn', region: 'ee-ehak:0784', baseline: { value: 8_000_000, period: '2015' }, target: { value: 9_500_000, period: '2030' },
            actions: ['Combined ferry and public transport ticket', 'Extend the ticket to Tallinn city transport'] },
        ],
      },
      {
        ref: 'O1.2',
        title: { en: 'Late ferries met by public transport', fi: 'Myöhäisiä laivoja vastassa joukkoliikenne', et: 'Hiliseid laevu ootab ühistransport' },
        targets: [
          { ref: 'T1.2.1', title: { en: 'Passengers through the Port of Tallinn (demo target)', fi: 'Tallinnan sataman matkustajat (demotavoite)', et: 'Tallinna Sadama reisijad (demosiht)' },
            indicator: 'port-of-tallinn-passengers', region: 'ee-ehak:0784', baseline: { value: 9_000_000, period: '2015' }, target: { value: 11_000_000, period: '2030' },
            actions: ['Late-arrival bus from Terminal D', 'Trams after late ferry arrivals at the West Terminal'] },
        ],
      },
      {
        ref: 'O1.3',
        title: { en: 'Commuter flows known every year', fi: 'Pendelöintivirrat tunnetaan vuosittain', et: 'Pendelrände voogusid teatakse igal aastal' },
        targets: [
          { ref: 'T1.3.1', title: { en: 'Commuters counted in Uusimaa (demo target)', fi: 'Uudellamaalla lasketut pendelöijät (demotavoite)', et: 'Uusimaal loendatud pendeldajad (demosiht)' },
            indicator: 'cross-border-commuters', region: 'nuts:FI1B1', baseline: { value: 19_000, period: '2015' }, target: { value: 23_000, period: '2030' },
            actions: ['Yearly count of cross-border commuters'] },
        ],
      },
    ],
  },
  {
    ref: 'G2',
    title: { en: 'A shared labour market', fi: 'Yhteiset työmarkkinat', et: 'Ühine tööturg' },
    objectives: [
      {
        ref: 'O2.1',
        title: { en: 'Clear tax rules for cross-border work', fi: 'Selkeät verosäännöt rajat ylittävään työhön', et: 'Selged maksureeglid piiriüleseks tööks' },
        targets: [
          { ref: 'T2.1.1', title: { en: 'Commuters living in Harju (demo target)', fi: 'Harjumaalla asuvat pendelöijät (demotavoite)', et: 'Harjumaal elavad pendeldajad (demosiht)' },
            indicator: 'cross-border-commuters', region: 'nuts:EE001', baseline: { value: 24_000, period: '2015' }, target: { value: 26_000, period: '2030' },
            actions: ['Employer guidance on withholding for remote work days', 'Joint tax desk at the West Terminal'] },
        ],
      },
      { ref: 'O2.2', title: { en: 'Social security that follows families', fi: 'Sosiaaliturva, joka seuraa perheitä', et: 'Sotsiaalkindlustus, mis järgib peresid' } },
      { ref: 'O2.3', title: { en: 'Qualifications recognised on both sides', fi: 'Pätevyydet tunnustetaan molemmin puolin', et: 'Kvalifikatsioone tunnustatakse mõlemal pool' } },
    ],
  },
  {
    ref: 'G3',
    title: { en: 'A growing and welcoming twin region', fi: 'Kasvava ja vieraanvarainen kaksoisalue', et: 'Kasvav ja külalislahke kaksikpiirkond' },
    objectives: [
      {
        ref: 'O3.1',
        title: { en: 'Both capital regions grow', fi: 'Molemmat pääkaupunkiseudut kasvavat', et: 'Mõlemad pealinnapiirkonnad kasvavad' },
        targets: [
          { ref: 'T3.1.1', title: { en: 'Population of Uusimaa (demo target)', fi: 'Uudenmaan väkiluku (demotavoite)', et: 'Uusimaa rahvaarv (demosiht)' },
            indicator: 'population', region: 'nuts:FI1B1', baseline: { value: 1_640_000, period: '2015' }, target: { value: 1_850_000, period: '2030' }, actions: [] },
          { ref: 'T3.1.2', title: { en: 'Population of Harju (demo target)', fi: 'Harjumaan väkiluku (demotavoite)', et: 'Harjumaa rahvaarv (demosiht)' },
            indicator: 'population', region: 'nuts:EE001', baseline: { value: 582_000, period: '2015' }, target: { value: 660_000, period: '2030' }, actions: [] },
        ],
      },
      { ref: 'O3.2', title: { en: 'One place to ask when moving', fi: 'Yksi paikka kysyä muuttaessa', et: 'Üks koht küsimiseks kolimisel' } },
      { ref: 'O3.3', title: { en: 'Schools open to families from both sides', fi: 'Koulut avoinna molempien puolten perheille', et: 'Koolid avatud mõlema poole peredele' } },
    ],
  },
  {
    ref: 'G4',
    title: { en: 'Digital services for both countries', fi: 'Digipalvelut molemmille maille', et: 'Digiteenused mõlemale riigile' },
    objectives: [
      { ref: 'O4.1', title: { en: 'Each country\'s eID accepted in the other', fi: 'Kummankin maan tunnistus käy toisessa', et: 'Kummagi riigi e-identiteet kehtib teises' } },
      { ref: 'O4.2', title: { en: 'Signed documents valid on both sides', fi: 'Allekirjoitetut asiakirjat kelpaavat molemmin puolin', et: 'Allkirjastatud dokumendid kehtivad mõlemal pool' } },
      { ref: 'O4.3', title: { en: 'A joint yearly progress report', fi: 'Yhteinen vuosittainen edistymisraportti', et: 'Ühine iga-aastane eduaruanne' } },
    ],
  },
];

/** The demo adoptions of version 1: the seeded bodies, with decision references that say DEMO. */
const DEMO_ADOPTIONS = [
  { region: 'FI1B1', slug: 'uudenmaan-liitto', decidedOn: '2026-06-15', decisionRef: 'DEMO-UL-2026-01' },
  { region: 'EE001', slug: 'harjumaa-omavalitsuste-liit', decidedOn: '2026-06-18', decisionRef: 'DEMO-HOL-2026-04' },
] as const;

async function actionIdsByTitle(db: QueryBuilder, titles: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const title of titles) {
    const row = await db.selectFrom('actions').select('id').where('is_demo', '=', true).where((eb) => eb(eb.ref('title', '->>').key('en'), '=', title)).executeTakeFirst();
    if (!row) throw new Error(`the demo framework names an action the demo plan does not have: ${title}`);
    ids.push(row.id);
  }
  return ids;
}

/**
 * Which demo objectives the real plans serve: a demo claim (the framework is demo), so each link is
 * marked demo and shown so. A plan the installation lacks is passed over.
 */
const DEMO_PLAN_OBJECTIVES: Record<string, readonly string[]> = {
  'helsinki-tallinn-fixed-link': ['O1.1', 'O1.2'],
  'uusimaa-2050': ['O1.3', 'O3.1'],
  'harju-county-plan-2030': ['O1.3', 'O3.1'],
  'helsinki-city-plan-2016': ['O3.1'],
  'tallinn-comprehensive-plan': ['O3.1'],
};

async function linkDemoPlans(db: QueryBuilder, editorId: string, keys: ReadonlyMap<string, string>) {
  const plans = await db.selectFrom('plans').select(['id', 'slug']).where('slug', 'in', Object.keys(DEMO_PLAN_OBJECTIVES)).execute();
  const rows = plans.flatMap((plan) => DEMO_PLAN_OBJECTIVES[plan.slug].map((ref) => ({ plan_id: plan.id, node_key: keys.get(ref)!, is_demo: true, linked_by: editorId })));
  if (rows.length) await db.insertInto('plan_objectives').values(rows).onConflict((oc) => oc.doNothing()).execute();
}

/** Loads the demo framework (after the demo indicators and actions); a no-op when a version exists. */
export async function loadFrameworkDemo(db: QueryBuilder, editorId: string | null): Promise<void> {
  if (await db.selectFrom('framework_versions').select('id').executeTakeFirst()) return;
  const row = editorId ? await findUserById(db, editorId) : undefined;
  if (!row) throw new Error('the demo framework is written by the demo editor');
  const editor: AuthUser = { id: row.id, email: row.email, displayName: row.display_name, role: row.role, locale: null, institutionId: null, createdAt: row.created_at };
  const add = (v: number, input: NodeCreate): Promise<FrameworkNode> => framework.createNode(db, editor, v, input);

  const v1 = await framework.createVersion(db, editor, { label: { en: 'Demo framework 2026', fi: 'Demokehys 2026', et: 'Demoraamistik 2026' } }, { demo: true });
  const vision = await add(v1, { kind: 'vision', ref: 'V', title: { en: 'Vision (demo)', fi: 'Visio (demo)', et: 'Visioon (demo)' }, body: DEMO_VISION });
  const keys = new Map<string, string>();
  for (const goal of DEMO_GOALS) {
    const goalNode = await add(v1, { kind: 'goal', parentKey: vision.key, ref: goal.ref, title: goal.title, ...(goal.body ? { body: goal.body } : {}) });
    keys.set(goal.ref, goalNode.key);
    for (const objective of goal.objectives) {
      const objectiveNode = await add(v1, { kind: 'objective', parentKey: goalNode.key, ref: objective.ref, title: objective.title });
      keys.set(objective.ref, objectiveNode.key);
      for (const target of objective.targets ?? []) {
        const actions = await actionIdsByTitle(db, target.actions);
        const node = await add(v1, { kind: 'target', parentKey: objectiveNode.key, ref: target.ref, title: target.title, indicator: target.indicator, region: target.region, baseline: target.baseline, target: target.target, actions });
        keys.set(target.ref, node.key);
      }
    }
  }
  await framework.sendToConsultation(db, editor, v1);
  for (const adoption of DEMO_ADOPTIONS) {
    const institution = await db.selectFrom('institutions').select('id').where('slug', '=', adoption.slug).executeTakeFirstOrThrow();
    await framework.recordAdoption(db, editor, v1, { region: adoption.region, institutionId: institution.id, decidedOn: adoption.decidedOn, decisionRef: adoption.decisionRef });
  }

  await linkDemoPlans(db, editor.id, keys);

  // Version 2, a draft from version 1 with a few changes of each kind a diff shows.
  const v2 = await framework.createVersion(db, editor, { basedOn: v1, label: { en: 'Demo framework 2027 (draft)', fi: 'Demokehys 2027 (luonnos)', et: 'Demoraamistik 2027 (mustand)' } }, { demo: true });
  const key = (ref: string) => keys.get(ref)!;
  await framework.patchNode(db, editor, v2, key('G1'), { title: { en: 'Smooth everyday journeys across the gulf', fi: 'Sujuvat arjen matkat lahden yli', et: 'Sujuvad igapäevased reisid üle lahe' } });
  await framework.patchNode(db, editor, v2, key('O2.3'), { parentKey: key('G3') });
  await framework.patchNode(db, editor, v2, key('O4.2'), { position: 0 });
  await framework.patchNode(db, editor, v2, key('T3.1.2'), { target: { value: 680_000, period: '2030' } });
  await framework.deleteNode(db, editor, v2, key('O4.3'));
  await add(v2, { kind: 'objective', parentKey: key('G2'), ref: 'O2.4', title: { en: 'Jobs advertised on both sides', fi: 'Työpaikat ilmoitetaan molemmin puolin', et: 'Töökohti kuulutatakse mõlemal pool' } });
}
