import type { DialogueState, DialogueType, Visibility } from '../../../shared/dialogues.ts';
import type { Domain } from '../../../shared/register.ts';

/**
 * Demo content (labelled as demo in the UI): a year of realistic dialogues with the service
 * owners of both countries. The people are invented; the institutions are the real ones of the
 * directory (by slug). Bottlenecks are named by the start of a demo bottleneck's title. The
 * recommendations that came of these dialogues are the recommendations' own demo, which names
 * them by `key`.
 */
export interface DemoDialogue {
  key: string;
  type: DialogueType;
  title: { fi?: string; et?: string; en: string };
  description: string;
  /** Days from today: negative is past. */
  day: number;
  startHour: number;
  hours: number;
  place?: string;
  online?: boolean;
  organiser: string;
  domains: Domain[];
  bottlenecks: string[];
  agenda: string[];
  participants: { institution?: string; name?: string; role: string; consent: boolean }[];
  visibility: Visibility;
  state: DialogueState;
  minutes?: string;
  outcomes?: string[];
  /** For interviews: answers to the demo guide's questions, in order. */
  answers?: string[];
  findings?: { text: string; code: string; domain: Domain; bottleneck?: string }[];
}

export const DEMO_GUIDE = {
  title: { en: 'Service owner interview on cross-border cases', fi: 'Palvelun omistajan haastattelu rajat ylittävistä tapauksista', et: 'Teenuseomaniku intervjuu piiriüleste juhtumite kohta' },
  questions: [
    { en: 'Which cross-border situations reach your service, and how often?', fi: 'Millaiset rajat ylittävät tilanteet tulevat palveluunne ja kuinka usein?', et: 'Milliseid piiriüleseid olukordi teie teenus kohtab ja kui sageli?' },
    { en: 'Where do these cases get stuck?', fi: 'Mihin nämä tapaukset juuttuvat?', et: 'Kus need juhtumid takerduvad?' },
    { en: 'Which information do you need from the other country, and how do you get it today?', fi: 'Mitä tietoja tarvitsette toisesta maasta ja miten saatte ne nyt?', et: 'Milliseid andmeid vajate teisest riigist ja kuidas neid praegu saate?' },
    { en: 'What could change within your own powers?', fi: 'Mitä voitte muuttaa omin päätöksin?', et: 'Mida saate muuta oma pädevuse piires?' },
    { en: 'What needs a decision elsewhere (ministry, law, the other country)?', fi: 'Mikä vaatii päätöksen muualla (ministeriö, laki, toinen maa)?', et: 'Mis vajab otsust mujal (ministeerium, seadus, teine riik)?' },
  ],
};

const UUSIMAA = 'Uusimaa Regional Council, Esterinportti 2 B, Helsinki';
const HARJU = 'Harju County Association of Local Authorities, Sirge 2, Tallinn';

export const DEMO_DIALOGUES: DemoDialogue[] = [
  {
    key: 'social-security-roundtable',
    type: 'roundtable',
    title: { en: 'Roundtable: benefits and insurance of cross-border families', fi: 'Pyöreä pöytä: rajat ylittävien perheiden etuudet ja vakuutus', et: 'Ümarlaud: piiriüleste perede hüvitised ja kindlustus' },
    description: 'Kela, the Finnish Centre for Pensions, the Estonian Social Insurance Board and the Health Insurance Fund on family benefits, A1 certificates and health cover for families living in one country and working in the other.',
    day: -320, startHour: 10, hours: 3, place: UUSIMAA, online: true,
    organiser: 'uudenmaan-liitto',
    domains: ['social_security'],
    bottlenecks: ['Child and family benefits are delayed', 'Getting an A1 certificate', 'A Tallinn resident working in Finland is left without a family doctor'],
    agenda: ['Welcome and the register\'s social security cases', 'Family benefits when parents work in different countries', 'A1 certificates for posted workers', 'Health cover while waiting for decisions', 'Next steps'],
    participants: [
      { institution: 'kela', name: 'Satu Laine', role: 'Head of international benefits', consent: true },
      { institution: 'etk', role: 'Expert, posted workers', consent: false },
      { institution: 'sotsiaalkindlustusamet', name: 'Kristi Põld', role: 'Head of family benefits', consent: true },
      { institution: 'tervisekassa', role: 'Adviser, EU health insurance', consent: false },
      { institution: 'uudenmaan-liitto', name: 'Juha Niemi', role: 'Cross-border coordinator', consent: true },
    ],
    visibility: 'public', state: 'minutes_published',
    minutes: '## Summary\n\nThe institutions went through the **three oldest social security cases** in the register.\n\n### Family benefits\n\n- Both countries apply the EU coordination rules (Regulation (EC) No 883/2004); the delay comes from each office waiting for the other\'s decision on which country is competent.\n- Kela and the Social Insurance Board will name one contact person each for the cases in the register.\n\n### A1 certificates\n\n- Processing times have grown since 2024; the Finnish Centre for Pensions will publish current waiting times.\n\n### Health cover\n\n- The Health Insurance Fund explained the S1 procedure; the information is not reaching employers.\n\n> The participants agreed that most delays are about information, not law.',
    outcomes: ['Named contact persons at Kela and the Social Insurance Board for cross-border family cases', 'Joint information sheet on S1 and A1 for employers, in Finnish, Estonian and English'],
  },
  {
    key: 'interview-kela',
    type: 'interview',
    title: { en: 'Interview: Kela international affairs', fi: 'Haastattelu: Kelan kansainväliset asiat' },
    description: 'Stakeholder interview following the service owner interview guide.',
    day: -300, startHour: 13, hours: 1, online: true,
    organiser: 'uudenmaan-liitto',
    domains: ['social_security'],
    bottlenecks: ['Child and family benefits are delayed'],
    agenda: ['Interview following the guide'],
    participants: [{ institution: 'kela', role: 'Senior adviser, international affairs', consent: false }],
    visibility: 'public', state: 'minutes_published',
    minutes: 'Notes of a stakeholder interview. Answers are recorded per question below; the interviewee is not named.',
    answers: [
      'A few hundred families a year where one parent works in Estonia; most contact us only when a payment stops.',
      'Deciding which country is primarily competent. We wait for the Estonian decision and they wait for ours.',
      'Employment and insurance periods. Today by the EESSI electronic exchange, but a paper form is often still asked from the family.',
      'We can name a contact person and stop asking families for forms we can get through EESSI.',
      'Faster answers through EESSI need both ministries to agree on service levels.',
    ],
    findings: [
      { text: 'Families are asked for paper forms the offices could exchange electronically', code: 'social_security.paper_forms', domain: 'social_security', bottleneck: 'Child and family benefits are delayed' },
      { text: 'No agreed response time between the two benefit offices', code: 'social_security.response_time', domain: 'social_security' },
    ],
  },
  {
    key: 'interview-ska',
    type: 'interview',
    title: { en: 'Interview: Estonian Social Insurance Board', et: 'Intervjuu: Sotsiaalkindlustusamet' },
    description: 'Stakeholder interview following the service owner interview guide.',
    day: -295, startHour: 11, hours: 1, online: true,
    organiser: 'harjumaa-omavalitsuste-liit',
    domains: ['social_security'],
    bottlenecks: ['Child and family benefits are delayed', 'Estonian pension decisions are sent only in Estonian'],
    agenda: ['Interview following the guide'],
    participants: [{ institution: 'sotsiaalkindlustusamet', role: 'Chief specialist, foreign benefits', consent: false }],
    visibility: 'public', state: 'minutes_published',
    minutes: 'Notes of a stakeholder interview. Answers are recorded per question below; the interviewee is not named.',
    answers: [
      'Family benefit cases with Finland every week; pension cases with Finnish residents every day.',
      'Finding out whether the other parent receives a benefit in Finland.',
      'Benefit data from Kela, through EESSI; answers take weeks.',
      'Send decisions in English on request, which we started in 2025.',
      'Translating decisions into Finnish needs a budget decision.',
    ],
    findings: [
      { text: 'Pension decisions in English on request: solved within the Board\'s own powers', code: 'information.language', domain: 'social_security', bottleneck: 'Estonian pension decisions are sent only in Estonian' },
      { text: 'Weeks-long waits for benefit data from the other country', code: 'social_security.response_time', domain: 'social_security', bottleneck: 'Child and family benefits are delayed' },
    ],
  },
  {
    key: 'tax-roundtable',
    type: 'roundtable',
    title: { en: 'Roundtable: taxation of remote work across the Gulf', fi: 'Pyöreä pöytä: etätyön verotus lahden yli', et: 'Ümarlaud: kaugtöö maksustamine üle lahe' },
    description: 'The Finnish Tax Administration and the Estonian Tax and Customs Board on withholding, tax cards and sole traders working for clients in the other country.',
    day: -250, startHour: 9, hours: 3, place: HARJU, online: true,
    organiser: 'harjumaa-omavalitsuste-liit',
    domains: ['legal'],
    bottlenecks: ['Estonian employer withholds all income tax', 'No clear guidance for Finnish sole traders'],
    agenda: ['Cases from the register', 'Remote work days and the tax treaty', 'Guidance for sole traders', 'Conclusions'],
    participants: [
      { institution: 'vero', name: 'Pekka Salo', role: 'Senior tax adviser, international', consent: true },
      { institution: 'emta', name: 'Maarja Kuusk', role: 'Head of taxpayer guidance', consent: true },
      { institution: 'harjumaa-omavalitsuste-liit', role: 'Development adviser', consent: false },
    ],
    visibility: 'public', state: 'minutes_published',
    minutes: '## Summary\n\n1. Under the Finland–Estonia tax treaty, salary for days worked in Finland may be taxed in Finland; employers in Estonia rarely know this.\n2. Both administrations will publish **one joint page** for sole traders, linked from both sites.\n3. A remote-work calculator was discussed but not agreed.',
    outcomes: ['Joint guidance page for Finnish sole traders with Estonian clients (published in the spring)', 'Employers\' guidance on remote work days to be reviewed by both tax administrations'],
  },
  {
    key: 'mobility-workshop',
    type: 'workshop',
    title: { en: 'Workshop: one journey from ferry to tram', fi: 'Työpaja: yksi matka laivasta raitiovaunuun', et: 'Töötuba: üks teekond laevast trammini' },
    description: 'HSL, the Northern Estonia Public Transport Centre, the City of Tallinn and both ports on tickets and late connections at the harbours.',
    day: -200, startHour: 12, hours: 4, place: 'Port of Helsinki, West Terminal 2, Tyynenmerenkatu 14, Helsinki',
    organiser: 'hsl',
    domains: ['mobility'],
    bottlenecks: ['Ferry tickets and Helsinki and Tallinn public transport tickets', 'Late ferries from Tallinn reach Helsinki', 'Hiliste laevade saabumisel'],
    agenda: ['Passenger journeys, from the register', 'Late arrivals and last connections', 'Combined tickets: what is possible today', 'Pilot ideas'],
    participants: [
      { institution: 'hsl', name: 'Anna Koski', role: 'Head of ticketing development', consent: true },
      { institution: 'ytk-pohja', role: 'Service planner', consent: false },
      { institution: 'tallinn', role: 'Transport Department specialist', consent: false },
      { institution: 'port-of-helsinki', name: 'Mikael Lind', role: 'Passenger services manager', consent: true },
      { institution: 'tallinna-sadam', role: 'Passenger terminal manager', consent: false },
    ],
    visibility: 'public', state: 'minutes_published',
    minutes: '## What we heard\n\n- Late ferries arrive after 23:30 several nights a week; the last tram from West Terminal leaves before that.\n- A combined ferry + HSL ticket needs an agreement between a ferry company and HSL; HSL\'s open ticketing interface makes it technically possible.\n\n## Pilot ideas\n\n1. Extend tram line 9 on late ferry nights (HSL to assess the cost).\n2. Sell HSL single tickets in the ferry companies\' apps.',
    outcomes: ['HSL assesses late tram departures at West Terminal', 'Port of Helsinki and HSL prepare a combined-ticket pilot with one ferry company'],
  },
  {
    key: 'digital-identity',
    type: 'roundtable',
    title: { en: 'Roundtable: e-identity and digital signatures across the border', et: 'Ümarlaud: e-identiteet ja digiallkirjad üle piiri', fi: 'Pyöreä pöytä: sähköinen tunnistautuminen ja allekirjoitus rajan yli' },
    description: 'The Digital and Population Data Services Agency and the Estonian Information System Authority on eIDAS, notified schemes and the acceptance of Estonian .asice signatures by Finnish authorities.',
    day: -180, startHour: 10, hours: 2, online: true,
    organiser: 'dvv',
    domains: ['digital_services'],
    bottlenecks: ['Finnish bank credentials and the Finnish Mobile Certificate', 'Finnish authorities do not accept documents digitally signed', 'Logging in with an Estonian ID card works'],
    agenda: ['eIDAS: what is notified, what is accepted', 'Signed documents (.asice) in Finnish authorities', 'Finding the data of a person logged in with a foreign eID'],
    participants: [
      { institution: 'dvv', name: 'Tiina Mäkelä', role: 'eIDAS node product owner', consent: true },
      { institution: 'ria', name: 'Rein Oja', role: 'Head of electronic identity', consent: true },
      { institution: 'kela', role: 'E-service owner', consent: false },
    ],
    visibility: 'public', state: 'minutes_published',
    minutes: '## Conclusions\n\n- Estonian qualified signatures (*.asice*) are legally valid in Finland under eIDAS; the obstacle is that case systems cannot open the container.\n- Linking a foreign eID to a Finnish person record needs the personal code; the eIDAS node passes only name and date of birth.\n\nThe participants asked for a **common validation service** for signed documents.',
    outcomes: ['DVV to publish guidance for authorities on validating Estonian signed documents', 'Both agencies to raise identity matching in the eIDAS cooperation network'],
  },
  {
    key: 'interview-hsl',
    type: 'interview',
    title: { en: 'Interview: HSL ticketing' },
    description: 'Stakeholder interview following the service owner interview guide.',
    day: -170, startHour: 14, hours: 1, online: true,
    organiser: 'uudenmaan-liitto',
    domains: ['mobility'],
    bottlenecks: ['Student discount on HSL tickets'],
    agenda: ['Interview following the guide'],
    participants: [{ institution: 'hsl', role: 'Customer service manager', consent: false }],
    visibility: 'internal', state: 'held',
    answers: [
      'Students of Estonian universities and commuters without Finnish bank credentials, every week.',
      'Strong identification: our discount check relies on Finnish online banking.',
      'Student status: we accept the ISIC card since 2025.',
      'Accepting a student card as proof was within our powers and is done.',
      'Nothing further for students.',
    ],
    findings: [{ text: 'Discounts tied to Finnish strong identification shut out Estonian students', code: 'digital.identification', domain: 'mobility', bottleneck: 'Student discount on HSL tickets' }],
  },
  {
    key: 'education-workshop',
    type: 'workshop',
    title: { en: 'Workshop: qualifications and schooling for moving families and professionals', fi: 'Työpaja: pätevyydet ja koulunkäynti muuttaville perheille ja ammattilaisille' },
    description: 'The Finnish National Agency for Education, the Estonian Education and Youth Board, the City of Helsinki and the City of Tallinn.',
    day: -140, startHour: 9, hours: 5, place: 'Tallinn Education Department, Vana-Viru 12, Tallinn',
    organiser: 'tallinn',
    domains: ['education'],
    bottlenecks: ['Recognition of Estonian teacher qualifications', 'Finnish mother-tongue teaching for children', 'Children cannot be enrolled in a Helsinki school'],
    agenda: ['Recognition of teacher qualifications', 'Mother-tongue teaching', 'School enrolment before the move'],
    participants: [
      { institution: 'oph', role: 'Head of recognition of qualifications', consent: false },
      { institution: 'harno', name: 'Liina Mets', role: 'Adviser, recognition', consent: true },
      { institution: 'helsinki', role: 'Education Division, admissions', consent: false },
      { institution: 'tallinn', name: 'Kai Rebane', role: 'Head of general education', consent: true },
    ],
    visibility: 'public', state: 'minutes_published',
    minutes: '## Notes\n\n- Recognition decisions take 2–4 months in Finland; most of the time goes to language requirements, which are set per profession.\n- Helsinki can register a pupil with a future address when the family shows a rental contract.\n- Finnish mother-tongue teaching in Tallinn depends on one volunteer teacher; distance learning from Finland is possible.',
    outcomes: ['Helsinki accepts a signed rental contract for early school enrolment', 'OPH and Harno compare recognition processes and publish a joint checklist'],
  },
  {
    key: 'forum-2026',
    type: 'forum_session',
    title: { en: 'Smart City Exchange Forum 2026: the twin region one year on', fi: 'Smart City Exchange Forum 2026: kaksoisalue vuoden jälkeen', et: 'Smart City Exchange Forum 2026: kaksikregioon aasta hiljem' },
    description: 'Annual forum session: the register\'s first year, the recommendations and what the institutions have done with them.',
    day: -90, startHour: 13, hours: 2, place: 'Tallinn Creative Hub (Kultuurikatel), Põhja pst 27a, Tallinn', online: true,
    organiser: 'harjumaa-omavalitsuste-liit',
    domains: ['mobility', 'legal', 'social_security', 'education', 'digital_services', 'integration'],
    bottlenecks: ['There is no joint advice point', 'Ferry tickets and Helsinki and Tallinn public transport tickets', 'Child and family benefits are delayed', 'Finnish bank credentials and the Finnish Mobile Certificate'],
    agenda: ['The register in numbers', 'Recommendations and responses', 'Panel: one advice point for the twin region', 'Priorities for next year'],
    participants: [
      { institution: 'uudenmaan-liitto', name: 'Juha Niemi', role: 'Cross-border coordinator', consent: true },
      { institution: 'harjumaa-omavalitsuste-liit', name: 'Tiit Laur', role: 'Head of development', consent: true },
      { institution: 'helsinki', role: 'International relations', consent: false },
      { institution: 'tallinn', role: 'Strategic Management Office', consent: false },
      { institution: 'solvit', role: 'SOLVIT Finland', consent: false },
    ],
    visibility: 'public', state: 'minutes_published',
    minutes: '## Highlights\n\n- Forty bottlenecks were reported in the first year; a third reached a dialogue.\n- The panel supported a **joint advice point**, physical at both ports and online, run by both regions.\n\n## Priorities\n\n1. Social security information for families\n2. Combined tickets\n3. Cross-border e-identity',
    outcomes: ['Both regions prepare a joint advice point concept', 'Priorities for the action plan agreed'],
  },
  {
    key: 'integration-site-visit',
    type: 'site_visit',
    title: { en: 'Site visit: International House Helsinki', fi: 'Tutustumiskäynti: International House Helsinki' },
    description: 'Harju County and Tallinn officials visit International House Helsinki to see how one advice point serves newcomers.',
    day: -60, startHour: 10, hours: 3, place: 'International House Helsinki, Siltasaarenkatu 18–20, Helsinki',
    organiser: 'helsinki',
    domains: ['integration', 'legal'],
    bottlenecks: ['There is no joint advice point'],
    agenda: ['Services under one roof', 'Cooperation with the Tax Administration, Kela, DVV and Migri', 'What a twin-region advice point would need'],
    participants: [
      { institution: 'helsinki', name: 'Minna Heikkinen', role: 'Head of International House Helsinki', consent: true },
      { institution: 'harjumaa-omavalitsuste-liit', role: 'Development adviser', consent: false },
      { institution: 'tallinn', role: 'Strategic Management Office', consent: false },
      { institution: 'migri', role: 'Service manager', consent: false },
    ],
    visibility: 'public', state: 'held',
  },
  {
    key: 'tax-followup',
    type: 'roundtable',
    title: { en: 'Follow-up: guidance for employers on remote work days', et: 'Järelkohtumine: juhised tööandjatele kaugtööpäevade kohta' },
    description: 'Follow-up of the taxation roundtable: a draft of the joint employers\' guidance.',
    day: 14, startHour: 10, hours: 2, online: true,
    organiser: 'emta',
    domains: ['legal'],
    bottlenecks: ['Estonian employer withholds all income tax'],
    agenda: ['Draft guidance', 'Publishing and translations'],
    participants: [
      { institution: 'vero', name: 'Pekka Salo', role: 'Senior tax adviser, international', consent: true },
      { institution: 'emta', name: 'Maarja Kuusk', role: 'Head of taxpayer guidance', consent: true },
    ],
    visibility: 'public', state: 'planned',
  },
  {
    key: 'advice-point-workshop',
    type: 'workshop',
    title: { en: 'Workshop: designing the twin-region advice point', fi: 'Työpaja: kaksoisalueen neuvontapisteen suunnittelu', et: 'Töötuba: kaksikregiooni nõustamispunkti kavandamine' },
    description: 'Service design workshop with the institutions that would take part in a joint advice point at the ports of Helsinki and Tallinn.',
    day: 30, startHour: 9, hours: 6, place: 'Port of Tallinn, Terminal D, Lootsi 13, Tallinn',
    organiser: 'uudenmaan-liitto',
    domains: ['integration'],
    bottlenecks: ['There is no joint advice point', 'Renting a flat in Helsinki'],
    agenda: ['Journeys of people moving', 'Services and partners', 'Staffing and funding options'],
    participants: [
      { institution: 'uudenmaan-liitto', name: 'Juha Niemi', role: 'Cross-border coordinator', consent: true },
      { institution: 'harjumaa-omavalitsuste-liit', name: 'Tiit Laur', role: 'Head of development', consent: true },
      { institution: 'tallinna-sadam', role: 'Passenger services', consent: false },
      { institution: 'port-of-helsinki', role: 'Passenger services', consent: false },
    ],
    visibility: 'public', state: 'planned',
  },
  {
    key: 'interview-dvv',
    type: 'interview',
    title: { en: 'Interview: DVV on foreign eIDs and person records' },
    description: 'Preparatory interview for the e-identity follow-up.',
    day: 7, startHour: 13, hours: 1, online: true,
    organiser: 'uudenmaan-liitto',
    domains: ['digital_services'],
    bottlenecks: ['Logging in with an Estonian ID card works'],
    agenda: ['Interview following the guide'],
    participants: [{ institution: 'dvv', role: 'Identity matching expert', consent: false }],
    visibility: 'internal', state: 'planned',
  },
];
