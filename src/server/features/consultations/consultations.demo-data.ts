import type { CommentLanguage, ConsultationText, SectionKind } from '../../../shared/schemas/consultations.ts';

/**
 * Demo consultations: made-up texts, labelled demo, with no real person's name. The comments are
 * put together from the phrases below by a seeded generator (consultations.demo.ts), so every
 * load gives the same consultations.
 */

export interface DemoSection {
  kind: SectionKind;
  title: ConsultationText;
  abstract?: ConsultationText;
  body: ConsultationText;
}

export interface DemoConsultation {
  slug: string;
  title: ConsultationText;
  summary: ConsultationText;
  /** Days from the load: when it opened and closes. */
  opensDay: number;
  closesDay: number;
  moderation: 'before' | 'after';
  comments: number;
  seed: number;
  sections: DemoSection[];
  /** What comments may mark on the map, and the share of top-level comments given a place. */
  mapTools: 'none' | 'point' | 'point_and_area';
  placeShare: number;
}

const demoNote = {
  fi: '*Tämä on esittelyaineistoa: teksti ja kommentit ovat keksittyjä.*',
  et: '*See on näidisandmestik: tekst ja kommentaarid on välja mõeldud.*',
  en: '*This is demo content: the text and the comments are made up.*',
};

export const DEMO_CONSULTATIONS: readonly DemoConsultation[] = [
  {
    slug: 'demo-twin-region-draft',
    title: { fi: 'Kaksoisalueen yhteinen luonnos (demo)', et: 'Kaksikregiooni ühine kavand (demo)', en: 'Draft for the twin region (demo)' },
    summary: {
      fi: 'Esittelykuuleminen: kerro, mitä mieltä olet luonnoksen tavoitteista.',
      et: 'Näidiskonsultatsioon: andke teada, mida arvate kavandi eesmärkidest.',
      en: 'A demo consultation: tell us what you think of the draft goals.',
    },
    opensDay: -10,
    closesDay: 20,
    moderation: 'before',
    comments: 40,
    seed: 19_001,
    mapTools: 'point_and_area',
    placeShare: 0.4,
    sections: [
      {
        kind: 'main',
        title: { fi: 'Visio', et: 'Visioon', en: 'Vision' },
        body: {
          fi: `${demoNote.fi}\n\nKaksi pääkaupunkiseutua toimii yhtenä arkena: työ, opiskelu ja palvelut ylittävät lahden ilman turhia esteitä.`,
          et: `${demoNote.et}\n\nKaks pealinnapiirkonda toimivad ühe igapäevaeluna: töö, õpe ja teenused ületavad lahe ilma asjatute takistusteta.`,
          en: `${demoNote.en}\n\nTwo capital regions work as one everyday life: work, study and services cross the gulf without needless obstacles.`,
        },
      },
      {
        kind: 'part',
        title: { fi: 'Liikkuminen lahden yli', et: 'Liikumine üle lahe', en: 'Crossing the gulf' },
        abstract: { fi: 'Lautat, liput ja matkaketjut', et: 'Laevad, piletid ja reisiahelad', en: 'Ferries, tickets and journeys' },
        body: {
          fi: 'Tavoite: yhteinen lippu satamasta satamaan ja kaupungin joukkoliikenteeseen molemmissa päissä.',
          et: 'Eesmärk: ühine pilet sadamast sadamasse ja linna ühistransporti mõlemas otsas.',
          en: 'Goal: one ticket from port to port and onto city transport at both ends.',
        },
      },
      {
        kind: 'part',
        title: { fi: 'Palvelut kahdessa maassa', et: 'Teenused kahes riigis', en: 'Services in two countries' },
        body: {
          fi: 'Tavoite: sosiaaliturvan ja verotuksen tiedot liikkuvat virastojen välillä, ei asukkaan mukana paperilla.',
          et: 'Eesmärk: sotsiaalkindlustuse ja maksude andmed liiguvad ametite vahel, mitte elaniku kaasas paberil.',
          en: 'Goal: social security and tax data move between offices, not on paper in the resident’s pocket.',
        },
      },
      {
        kind: 'closure',
        title: { fi: 'Mitä seuraavaksi', et: 'Mis edasi', en: 'What happens next' },
        body: {
          fi: 'Kommentit luetaan ja niistä laaditaan raportti kuulemisen sulkeuduttua.',
          et: 'Kommentaarid loetakse läbi ja neist koostatakse pärast konsultatsiooni lõppu aruanne.',
          en: 'The comments are read and a report is written once the consultation closes.',
        },
      },
    ],
  },
  {
    slug: 'demo-commuting-rules',
    title: { fi: 'Pendelöinnin säännöt (demo, päättynyt)', et: 'Pendelrände reeglid (demo, lõppenud)', en: 'Rules for commuters (demo, closed)' },
    summary: {
      fi: 'Päättynyt esittelykuuleminen pendelöijien arjesta.',
      et: 'Lõppenud näidiskonsultatsioon pendeldajate igapäevaelust.',
      en: 'A closed demo consultation on commuters’ everyday life.',
    },
    opensDay: -90,
    closesDay: -45,
    moderation: 'after',
    comments: 320,
    mapTools: 'point',
    placeShare: 0.05,
    seed: 19_002,
    sections: [
      {
        kind: 'main',
        title: { fi: 'Lähtökohdat', et: 'Lähtekohad', en: 'Starting points' },
        body: {
          fi: `${demoNote.fi}\n\nMoni asuu toisella ja työskentelee toisella puolella lahtea.`,
          et: `${demoNote.et}\n\nPaljud elavad lahe ühel ja töötavad teisel kaldal.`,
          en: `${demoNote.en}\n\nMany live on one side of the gulf and work on the other.`,
        },
      },
      { kind: 'part', title: { fi: 'Verotus', et: 'Maksustamine', en: 'Taxation' }, body: { fi: 'Ehdotus: yksi neuvontapiste.', et: 'Ettepanek: üks nõustamispunkt.', en: 'Proposal: one advice desk.' } },
      { kind: 'part', title: { fi: 'Sosiaaliturva', et: 'Sotsiaalkindlustus', en: 'Social security' }, body: { fi: 'Ehdotus: tiedot siirtyvät sähköisesti.', et: 'Ettepanek: andmed liiguvad elektrooniliselt.', en: 'Proposal: data move electronically.' } },
      { kind: 'closure', title: { fi: 'Yhteenveto', et: 'Kokkuvõte', en: 'Summary' }, body: { fi: 'Kuuleminen on päättynyt.', et: 'Konsultatsioon on lõppenud.', en: 'The consultation has closed.' } },
    ],
  },
];

/** Phrases a demo comment is made of, by language: an opening and a point. */
export const DEMO_PHRASES: Record<CommentLanguage, { openings: string[]; points: string[] }> = {
  fi: {
    openings: ['Hyvä alku.', 'Kannatan tätä.', 'En ole vakuuttunut.', 'Tärkeä asia.', 'Arjessa tämä näkyy joka viikko.'],
    points: ['Lauttojen aikataulut eivät sovi työvuoroihin.', 'Yksi lippu säästäisi aikaa ja rahaa.', 'Tiedot pitäisi saada kerralla oikein.', 'Neuvontaa tarvitaan myös viroksi.', 'Perheiden asiat unohtuvat usein.'],
  },
  et: {
    openings: ['Hea algus.', 'Toetan seda.', 'Ma pole veendunud.', 'Oluline teema.', 'Igapäevaelus on see iga nädal näha.'],
    points: ['Laevade sõiduplaan ei sobi töövahetustega.', 'Üks pilet säästaks aega ja raha.', 'Andmed peaksid korraga õiged olema.', 'Nõustamist on vaja ka soome keeles.', 'Perede mured ununevad sageli.'],
  },
  en: {
    openings: ['A good start.', 'I support this.', 'I am not convinced.', 'This matters.', 'In daily life this shows every week.'],
    points: ['The ferry timetable does not fit shift work.', 'One ticket would save time and money.', 'The data should be right the first time.', 'Advice is needed in both languages.', 'Families are often forgotten.'],
  },
  sv: {
    openings: ['En bra början.', 'Jag stöder detta.', 'Jag är inte övertygad.'],
    points: ['Färjornas tidtabell passar inte skiftarbete.', 'En biljett skulle spara tid.', 'Rådgivning behövs på flera språk.'],
  },
  ru: {
    openings: ['Хорошее начало.', 'Я поддерживаю это.', 'Я не уверен.'],
    points: ['Расписание паромов не подходит для сменной работы.', 'Один билет сэкономил бы время.', 'Консультации нужны на нескольких языках.'],
  },
};

/** A demo survey on each demo consultation's first section (demo content, like the comments). */
export interface DemoQuestion {
  kind: 'single' | 'multiple' | 'scale';
  prompt: { fi: string; et: string; en: string };
  options?: { key: string; label: { fi: string; et: string; en: string } }[];
  scale?: { min: number; max: number; labels: { min: { fi: string; et: string; en: string }; max: { fi: string; et: string; en: string } } };
  maxChoices?: number;
  required?: boolean;
}

export const DEMO_SURVEY: readonly DemoQuestion[] = [
  {
    kind: 'single',
    prompt: { fi: 'Kuinka usein ylität lahden? (demo)', et: 'Kui sageli te lahte ületate? (demo)', en: 'How often do you cross the gulf? (demo)' },
    options: [
      { key: 'weekly', label: { fi: 'Viikoittain', et: 'Iga nädal', en: 'Every week' } },
      { key: 'monthly', label: { fi: 'Kuukausittain', et: 'Iga kuu', en: 'Every month' } },
      { key: 'yearly', label: { fi: 'Muutaman kerran vuodessa', et: 'Paar korda aastas', en: 'A few times a year' } },
      { key: 'rarely', label: { fi: 'Harvemmin', et: 'Harvemini', en: 'Less often' } },
    ],
    required: true,
  },
  {
    kind: 'multiple',
    prompt: { fi: 'Mikä matkassa on tärkeintä? (demo)', et: 'Mis on reisil kõige olulisem? (demo)', en: 'What matters most on the journey? (demo)' },
    options: [
      { key: 'price', label: { fi: 'Hinta', et: 'Hind', en: 'Price' } },
      { key: 'time', label: { fi: 'Matka-aika', et: 'Sõiduaeg', en: 'Travel time' } },
      { key: 'reliability', label: { fi: 'Luotettavuus', et: 'Usaldusväärsus', en: 'Reliability' } },
      { key: 'comfort', label: { fi: 'Mukavuus', et: 'Mugavus', en: 'Comfort' } },
    ],
    maxChoices: 2,
  },
  {
    kind: 'scale',
    prompt: { fi: 'Kuinka kiireellinen kiinteä yhteys on? (demo)', et: 'Kui kiireloomuline on püsiühendus? (demo)', en: 'How urgent is a fixed link? (demo)' },
    scale: { min: 1, max: 5, labels: { min: { fi: 'Ei lainkaan', et: 'Üldse mitte', en: 'Not at all' }, max: { fi: 'Hyvin', et: 'Väga', en: 'Very' } } },
  },
];
