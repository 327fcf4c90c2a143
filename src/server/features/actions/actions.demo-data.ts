import type { Domain } from '../../../shared/register.ts';

/**
 * The demo joint action plan (labelled demo): a theme per register domain, the actions under it
 * (some with sub-actions), tied to the demo recommendations (by the start of their English title)
 * and bottlenecks (by the start of a title in any language), coordinated by the demo governance
 * bodies (by slug), with institutions of the directory (by slug) in RACI roles. Dates fall in
 * 2026–2030; what is done ended before the demo's day, what is planned starts after it. Budgets
 * and funding are demo figures.
 */
type Text = { en: string; fi: string; et: string };
type Raci = [institution: string, role: 'R' | 'A' | 'C' | 'I', lead?: true];

export interface DemoAction {
  key: string;
  parent?: string;
  title: Text;
  description: { en: string; fi?: string; et?: string };
  domain: Domain;
  state: 'planned' | 'ongoing' | 'done' | 'delayed' | 'dropped';
  dropReason?: string;
  startsOn: string;
  endsOn: string;
  weight?: number;
  /** Leaves only: a parent's progress is rolled up from its children. */
  progress?: number;
  body: string;
  reviewCadence: 'monthly' | 'quarterly' | 'twice_yearly' | 'yearly';
  raci: Raci[];
  budgetEur?: number;
  funding?: { source: string; amountEur: number; year?: number }[];
  recommendations?: string[];
  bottlenecks?: string[];
  dependsOn?: string[];
  /** Lessons learned in the benchmark regions it cites, by reference: the lessons are real (seeded with their sources), the citing is demo. */
  lessons?: string[];
  milestones?: { title: Text; dueOn: string; doneOn?: string; evidence?: string }[];
}

const wg = (domain: string) => `working-group-${domain.replaceAll('_', '-')}`;

export const DEMO_ACTIONS: DemoAction[] = [
  // ── Social security ──────────────────────────────────────────────────────────────
  { key: 'soc', title: { en: 'Benefits and insurance that follow cross-border families', fi: 'Etuudet ja vakuutus, jotka seuraavat rajat ylittäviä perheitä', et: 'Hüvitised ja kindlustus, mis järgivad piiriüleseid peresid' },
    description: { en: 'Theme: the benefit, pension and health insurance cases of people who live on one side and work on the other are handled without months of waiting between two offices.' },
    domain: 'social_security', state: 'ongoing', startsOn: '2026-01-01', endsOn: '2028-12-31', body: wg('social_security'), reviewCadence: 'quarterly',
    raci: [['kela', 'A', true], ['sotsiaalkindlustusamet', 'R'], ['uudenmaan-liitto', 'I'], ['harjumaa-omavalitsuste-liit', 'I']] },
  { key: 'soc-contacts', parent: 'soc', title: { en: 'Named contact persons for cross-border family benefit cases', fi: 'Nimetyt yhteyshenkilöt rajat ylittäville perhe-etuusasioille', et: 'Nimelised kontaktisikud piiriüleste peretoetuste juhtumiteks' },
    description: { en: 'Each office names one contact for the other, so a case waiting for the other side becomes a conversation rather than a letter.' },
    domain: 'social_security', state: 'done', startsOn: '2026-01-15', endsOn: '2026-06-30', progress: 100, body: wg('social_security'), reviewCadence: 'monthly',
    raci: [['kela', 'A', true], ['sotsiaalkindlustusamet', 'R'], ['uudenmaan-liitto', 'I']],
    recommendations: ['Name one contact person per country'], bottlenecks: ['Child and family benefits are delayed'],
    milestones: [
      { title: { en: 'Contacts named on both sides', fi: 'Yhteyshenkilöt nimetty molemmin puolin', et: 'Kontaktisikud mõlemal pool määratud' }, dueOn: '2026-03-31', doneOn: '2026-03-20' },
      { title: { en: 'Contacts published on both websites', fi: 'Yhteystiedot julkaistu molemmilla verkkosivuilla', et: 'Kontaktid mõlemal veebilehel avaldatud' }, dueOn: '2026-06-30', doneOn: '2026-06-12', evidence: 'https://www.kela.fi/' },
    ] },
  { key: 'soc-paper', parent: 'soc', title: { en: 'Remove paper forms that EESSI exchange replaces', fi: 'Luovutaan paperilomakkeista, jotka EESSI-tiedonvaihto korvaa', et: 'Loobuda paberivormidest, mille asendab EESSI andmevahetus' },
    description: { en: 'Both offices review the forms they still ask families for and drop those they can exchange electronically.' },
    domain: 'social_security', state: 'ongoing', startsOn: '2026-04-01', endsOn: '2027-06-30', progress: 45, weight: 2, body: wg('social_security'), reviewCadence: 'quarterly',
    raci: [['kela', 'A', true], ['sotsiaalkindlustusamet', 'R'], ['etk', 'C']],
    recommendations: ['Stop asking families for paper forms'], bottlenecks: ['Child and family benefits are delayed'],
    milestones: [
      { title: { en: 'Finnish forms reviewed', fi: 'Suomen lomakkeet käyty läpi', et: 'Soome vormid üle vaadatud' }, dueOn: '2026-09-30', doneOn: '2026-09-25' },
      { title: { en: 'Two forms removed from family cases', fi: 'Kaksi lomaketta poistettu perheasioista', et: 'Kaks vormi pereasjadest eemaldatud' }, dueOn: '2026-12-31' },
      { title: { en: 'Estonian forms reviewed', fi: 'Viron lomakkeet käyty läpi', et: 'Eesti vormid üle vaadatud' }, dueOn: '2027-03-31' },
    ] },
  { key: 'soc-a1', parent: 'soc', title: { en: 'Joint information sheet on A1 and S1 for employers', fi: 'Yhteinen A1- ja S1-tiedote työnantajille', et: 'Tööandjatele ühine infoleht A1 ja S1 kohta' },
    description: { en: 'One sheet in three languages on posted workers\' certificates and health cover, published by the offices of both countries.' },
    domain: 'social_security', state: 'done', startsOn: '2026-02-01', endsOn: '2026-08-31', progress: 100, body: wg('social_security'), reviewCadence: 'monthly',
    raci: [['etk', 'A', true], ['sotsiaalkindlustusamet', 'R'], ['tervisekassa', 'R'], ['kela', 'C']],
    recommendations: ['Publish a joint information sheet on A1'], bottlenecks: ['Getting an A1 certificate', 'A Tallinn resident working in Finland is left without a family doctor'],
    milestones: [{ title: { en: 'Sheet published in three languages', fi: 'Tiedote julkaistu kolmella kielellä', et: 'Infoleht kolmes keeles avaldatud' }, dueOn: '2026-08-31', doneOn: '2026-08-14', evidence: 'https://www.etk.fi/' }] },
  { key: 'soc-doctor', parent: 'soc', title: { en: 'A family doctor while the S1 form is on its way', fi: 'Omalääkäri S1-lomakkeen odotusajaksi', et: 'Perearst S1-vormi ootamise ajaks' },
    description: { en: 'An interim arrangement so that a Tallinn resident working in Finland keeps a family doctor while the S1 form is processed.' },
    domain: 'social_security', state: 'delayed', startsOn: '2026-09-01', endsOn: '2027-08-31', progress: 20, body: wg('social_security'), reviewCadence: 'monthly',
    raci: [['tervisekassa', 'A', true], ['kela', 'R'], ['etk', 'C']],
    bottlenecks: ['A Tallinn resident working in Finland is left without a family doctor'],
    milestones: [
      { title: { en: 'Interim arrangement agreed', fi: 'Väliaikaisesta järjestelystä sovittu', et: 'Ajutine kord kokku lepitud' }, dueOn: '2026-11-30' },
      { title: { en: 'Arrangement in use in Harju County', fi: 'Järjestely käytössä Harjumaalla', et: 'Kord Harjumaal kasutusel' }, dueOn: '2027-06-30' },
    ] },
  { key: 'soc-sla', parent: 'soc', title: { en: 'Service levels for benefit data between Finland and Estonia', fi: 'Palvelutasot Suomen ja Viron väliselle etuustiedolle', et: 'Teenustasemed Soome ja Eesti vahelisele hüvitiste andmevahetusele' },
    description: { en: 'Agreed response times for the data each office asks of the other, once the paper forms are gone.' },
    domain: 'social_security', state: 'planned', startsOn: '2027-07-01', endsOn: '2028-06-30', progress: 0, body: wg('social_security'), reviewCadence: 'quarterly',
    raci: [['sotsiaalkindlustusamet', 'A', true], ['kela', 'R'], ['etk', 'I']],
    recommendations: ['Agree service levels for benefit data'], bottlenecks: ['Child and family benefits are delayed'], dependsOn: ['soc-paper'],
    milestones: [{ title: { en: 'Service levels signed', fi: 'Palvelutasot allekirjoitettu', et: 'Teenustasemed allkirjastatud' }, dueOn: '2028-03-31' }] },

  // ── Legal matters and taxation ───────────────────────────────────────────────────
  { key: 'leg', title: { en: 'Clear tax and registration rules for cross-border work', fi: 'Selkeät vero- ja rekisteröintisäännöt rajat ylittävään työhön', et: 'Selged maksu- ja registreerimisreeglid piiriüleseks tööks' },
    description: { en: 'Theme: people and firms working across the gulf find one answer on tax, withholding and registration.' },
    domain: 'legal', state: 'ongoing', startsOn: '2026-01-01', endsOn: '2027-12-31', body: wg('legal'), reviewCadence: 'quarterly',
    raci: [['vero', 'A', true], ['emta', 'R'], ['migri', 'C'], ['dvv', 'C']] },
  { key: 'leg-sole', parent: 'leg', title: { en: 'Joint guidance page for Finnish sole traders with Estonian clients', fi: 'Yhteinen ohjesivu suomalaisille elinkeinonharjoittajille, joilla on virolaisia asiakkaita', et: 'Ühine juhend Eesti klientidega Soome füüsilisest isikust ettevõtjatele' },
    description: { en: 'One guidance page that both tax administrations link to.' },
    domain: 'legal', state: 'done', startsOn: '2026-01-15', endsOn: '2026-05-31', progress: 100, body: wg('legal'), reviewCadence: 'monthly',
    raci: [['vero', 'A', true], ['emta', 'R']],
    recommendations: ['Publish one joint guidance page for Finnish sole traders'], bottlenecks: ['No clear guidance for Finnish sole traders'],
    milestones: [{ title: { en: 'Page published and linked from both sides', fi: 'Sivu julkaistu ja linkitetty molemmilta puolilta', et: 'Leht avaldatud ja mõlemalt poolt lingitud' }, dueOn: '2026-05-31', doneOn: '2026-05-19', evidence: 'https://www.vero.fi/' }] },
  { key: 'leg-withholding', parent: 'leg', title: { en: 'Employer guidance on withholding for remote work days', fi: 'Työnantajaohje etätyöpäivien ennakonpidätyksestä', et: 'Tööandja juhend kaugtööpäevade kinnipidamise kohta' },
    description: { en: 'Guidance for Estonian employers whose staff work some days a week from home in Finland.' },
    domain: 'legal', state: 'ongoing', startsOn: '2026-06-01', endsOn: '2027-05-31', progress: 60, body: wg('legal'), reviewCadence: 'quarterly',
    raci: [['emta', 'A', true], ['vero', 'R']],
    recommendations: ['Guide employers on withholding'], bottlenecks: ['Estonian employer withholds all income tax'],
    milestones: [
      { title: { en: 'Draft guidance agreed', fi: 'Ohjeluonnoksesta sovittu', et: 'Juhendi kavand kokku lepitud' }, dueOn: '2026-10-31', doneOn: '2026-10-28' },
      { title: { en: 'Guidance published', fi: 'Ohje julkaistu', et: 'Juhend avaldatud' }, dueOn: '2027-03-31' },
    ] },
  { key: 'leg-migri', parent: 'leg', title: { en: 'Shorter waits for EU registration at Migri', fi: 'Lyhyemmät odotusajat EU-rekisteröintiin Migrissä', et: 'Lühem ootamine EL-i registreerimisel Migris' },
    description: { en: 'More appointment times for EU citizens\' registration, and a way to start work while waiting.' },
    domain: 'legal', state: 'ongoing', startsOn: '2026-10-01', endsOn: '2027-09-30', progress: 10, body: wg('legal'), reviewCadence: 'quarterly',
    raci: [['migri', 'A', true], ['ppa', 'R'], ['poliisi', 'C']],
    bottlenecks: ['Migri registreerimisaja ootamine'],
    milestones: [{ title: { en: 'Extra appointment times in the Helsinki service point', fi: 'Lisäaikoja Helsingin palvelupisteeseen', et: 'Lisaajad Helsingi teeninduspunktis' }, dueOn: '2027-03-31' }] },
  { key: 'leg-birth', parent: 'leg', title: { en: 'Faster registration of Tallinn-born children in Finland', fi: 'Tallinnassa syntyneiden lasten nopeampi rekisteröinti Suomessa', et: 'Tallinnas sündinud laste kiirem registreerimine Soomes' },
    description: { en: 'Birth data passed from the Estonian to the Finnish population register without paper copies.' },
    domain: 'legal', state: 'planned', startsOn: '2027-02-01', endsOn: '2027-12-31', progress: 0, body: wg('legal'), reviewCadence: 'quarterly',
    raci: [['dvv', 'A', true], ['siseministeerium', 'R']],
    bottlenecks: ['Tallinnassa syntyneen lapsen merkitseminen'],
    milestones: [{ title: { en: 'Data exchange tested', fi: 'Tiedonvaihto testattu', et: 'Andmevahetus testitud' }, dueOn: '2027-09-30' }] },
  { key: 'leg-desk', parent: 'leg', title: { en: 'Joint tax desk at the West Terminal', fi: 'Yhteinen veroneuvonta Länsiterminaalissa', et: 'Ühine maksunõustamine Läänesadama terminalis' },
    lessons: ['LS-0008'],
    description: { en: 'A tax advice desk for commuters at the Helsinki ferry terminal.' },
    domain: 'legal', state: 'dropped', dropReason: 'Replaced by the joint advice point, which answers tax questions at both ports and online.', startsOn: '2026-03-01', endsOn: '2026-12-31', progress: 0, body: wg('legal'), reviewCadence: 'quarterly',
    raci: [['vero', 'A', true], ['emta', 'R'], ['port-of-helsinki', 'C']] },

  // ── Mobility ─────────────────────────────────────────────────────────────────────
  { key: 'mob', title: { en: 'One journey across the gulf, door to door', fi: 'Yksi matka lahden yli ovelta ovelle', et: 'Üks teekond üle lahe, uksest ukseni' },
    description: { en: 'Theme: ferry and city transport on both sides work as one journey: tickets, late arrivals and data.' },
    domain: 'mobility', state: 'ongoing', startsOn: '2026-01-01', endsOn: '2028-12-31', body: wg('mobility'), reviewCadence: 'quarterly',
    raci: [['hsl', 'A', true], ['tallinn', 'R'], ['port-of-helsinki', 'C'], ['tallinna-sadam', 'C']] },
  { key: 'mob-ticket', parent: 'mob', title: { en: 'Combined ferry and public transport ticket', fi: 'Yhdistetty laiva- ja joukkoliikennelippu', et: 'Ühendatud laeva- ja ühistranspordipilet' },
    lessons: ['LS-0009'],
    description: { en: 'One ticket for the ferry and city transport at both ends, piloted first with one ferry line.' },
    domain: 'mobility', state: 'ongoing', startsOn: '2026-03-01', endsOn: '2028-06-30', weight: 3, body: wg('mobility'), reviewCadence: 'monthly',
    raci: [['hsl', 'A', true], ['port-of-helsinki', 'R'], ['ytk-pohja', 'R'], ['tallinna-sadam', 'C'], ['tallinn', 'C']],
    budgetEur: 420000, funding: [{ source: 'Partners\' own budgets (demo figure)', amountEur: 170000, year: 2026 }, { source: 'EU cross-border programme, applied for (demo figure)', amountEur: 250000, year: 2027 }],
    recommendations: ['Run a pilot of a combined ferry and HSL ticket'], bottlenecks: ['Ferry tickets and Helsinki and Tallinn public transport tickets'] },
  { key: 'mob-ticket-api', parent: 'mob-ticket', title: { en: 'Ticket interface between HSL and a ferry operator', fi: 'Lippurajapinta HSL:n ja laivayhtiön välille', et: 'Piletiliides HSL-i ja laevafirma vahel' },
    description: { en: 'The interface that lets a ferry ticket carry an HSL ticket.' },
    domain: 'mobility', state: 'done', startsOn: '2026-03-01', endsOn: '2026-10-31', progress: 100, body: wg('mobility'), reviewCadence: 'monthly',
    raci: [['hsl', 'A', true], ['port-of-helsinki', 'R']],
    milestones: [{ title: { en: 'Interface ready for the pilot', fi: 'Rajapinta valmis pilottiin', et: 'Liides katseks valmis' }, dueOn: '2026-09-30', doneOn: '2026-09-22' }] },
  { key: 'mob-ticket-pilot', parent: 'mob-ticket', title: { en: 'Pilot with one ferry line', fi: 'Pilotti yhden laivalinjan kanssa', et: 'Katse ühe laevaliiniga' },
    description: { en: 'A year of the combined ticket on one line, with a count of who uses it.' },
    domain: 'mobility', state: 'ongoing', startsOn: '2026-11-01', endsOn: '2027-10-31', progress: 5, weight: 2, body: wg('mobility'), reviewCadence: 'monthly',
    raci: [['hsl', 'A', true], ['ytk-pohja', 'R'], ['tallinna-sadam', 'C']], dependsOn: ['mob-ticket-api'],
    milestones: [
      { title: { en: 'First tickets sold', fi: 'Ensimmäiset liput myyty', et: 'Esimesed piletid müüdud' }, dueOn: '2027-01-31' },
      { title: { en: 'Pilot evaluated', fi: 'Pilotti arvioitu', et: 'Katse hinnatud' }, dueOn: '2027-10-31' },
    ] },
  { key: 'mob-ticket-tallinn', parent: 'mob-ticket', title: { en: 'Extend the ticket to Tallinn city transport', fi: 'Lipun laajennus Tallinnan kaupunkiliikenteeseen', et: 'Pileti laiendamine Tallinna linnatranspordile' },
    description: { en: 'After the pilot, the combined ticket also covers Tallinn\'s buses and trams for people not registered in Tallinn.' },
    domain: 'mobility', state: 'planned', startsOn: '2027-11-01', endsOn: '2028-06-30', progress: 0, body: wg('mobility'), reviewCadence: 'monthly',
    raci: [['tallinn', 'A', true], ['ytk-pohja', 'R'], ['hsl', 'C']], dependsOn: ['mob-ticket-pilot'],
    milestones: [{ title: { en: 'Agreement between HSL and Tallinn', fi: 'HSL:n ja Tallinnan sopimus', et: 'HSL-i ja Tallinna leping' }, dueOn: '2028-02-29' }] },
  { key: 'mob-bus', parent: 'mob', title: { en: 'Late-arrival bus from Terminal D', fi: 'Myöhäisbussi D-terminaalista', et: 'Hiliste laevade buss D-terminalist' },
    description: { en: 'Line 2 waits for late ferries at Terminal D and runs to the city centre.' },
    domain: 'mobility', state: 'done', startsOn: '2026-01-15', endsOn: '2026-04-30', progress: 100, body: wg('mobility'), reviewCadence: 'monthly',
    raci: [['tallinn', 'A', true], ['tallinna-sadam', 'R']],
    recommendations: ['Bus connection from Terminal D'], bottlenecks: ['Hiliste laevade saabumisel'],
    milestones: [{ title: { en: 'Timetable in force', fi: 'Aikataulu voimassa', et: 'Sõiduplaan kehtib' }, dueOn: '2026-04-30', doneOn: '2026-04-01' }] },
  { key: 'mob-tram', parent: 'mob', title: { en: 'Trams after late ferry arrivals at the West Terminal', fi: 'Raitiovaunut myöhäisten laivojen saapuessa Länsiterminaaliin', et: 'Trammid hiliste laevade saabumisel Läänesadama terminali' },
    description: { en: 'Trams timed to the ferries that arrive after the last scheduled tram.' },
    domain: 'mobility', state: 'planned', startsOn: '2027-03-01', endsOn: '2027-12-31', progress: 0, body: wg('mobility'), reviewCadence: 'quarterly',
    raci: [['hsl', 'A', true], ['port-of-helsinki', 'R'], ['helsinki', 'C']],
    recommendations: ['Run trams from West Terminal'], bottlenecks: ['Tallinnasta tulevat myöhäiset laivat'],
    milestones: [{ title: { en: 'Trial timetable decided', fi: 'Kokeiluaikataulu päätetty', et: 'Katsesõiduplaan otsustatud' }, dueOn: '2027-06-30' }] },
  { key: 'mob-count', parent: 'mob', title: { en: 'Yearly count of cross-border commuters', fi: 'Rajat ylittävien työmatkalaisten vuosittainen laskenta', et: 'Piiriüleste pendeldajate iga-aastane loendus' },
    lessons: ['LS-0005'],
    description: { en: 'A method both statistics offices accept for counting commuters, from register and port data.' },
    domain: 'mobility', state: 'ongoing', startsOn: '2026-06-01', endsOn: '2027-12-31', progress: 30, body: 'secretariat', reviewCadence: 'quarterly',
    raci: [['tilastokeskus', 'A', true], ['statistikaamet', 'R'], ['port-of-helsinki', 'C'], ['tallinna-sadam', 'C'], ['uudenmaan-liitto', 'I']],
    milestones: [
      { title: { en: 'Method agreed by both offices', fi: 'Menetelmästä sovittu molempien virastojen kesken', et: 'Meetod mõlema ameti vahel kokku lepitud' }, dueOn: '2026-12-31' },
      { title: { en: 'First joint figure published', fi: 'Ensimmäinen yhteinen luku julkaistu', et: 'Esimene ühine arv avaldatud' }, dueOn: '2027-09-30' },
    ] },

  // ── Education ────────────────────────────────────────────────────────────────────
  { key: 'edu', title: { en: 'School and qualifications without a border', fi: 'Koulu ja pätevyydet ilman rajaa', et: 'Kool ja kvalifikatsioonid ilma piirita' },
    description: { en: 'Theme: children start school where the family moves, and qualifications are recognised on one checklist.' },
    domain: 'education', state: 'ongoing', startsOn: '2026-02-01', endsOn: '2027-12-31', body: wg('education'), reviewCadence: 'quarterly',
    raci: [['oph', 'A', true], ['harno', 'R'], ['helsinki', 'C'], ['tallinn', 'C']] },
  { key: 'edu-enrol', parent: 'edu', title: { en: 'Rental contract accepted for early school enrolment', fi: 'Vuokrasopimus käy koulupaikan hakemiseen ennen muuttoa', et: 'Üürileping sobib kooli registreerimiseks enne kolimist' },
    description: { en: 'Helsinki accepts a signed rental contract as the family\'s address when enrolling a child; Tallinn\'s schools tell families leaving for Helsinki.' },
    domain: 'education', state: 'done', startsOn: '2026-02-01', endsOn: '2026-08-15', progress: 100, body: wg('education'), reviewCadence: 'monthly',
    raci: [['helsinki', 'A', true], ['tallinn', 'R']],
    recommendations: ['Accept a rental contract for early school enrolment'], bottlenecks: ['Helsingi kooli ei saa last registreerida'],
    milestones: [{ title: { en: 'Enrolment rules changed', fi: 'Ilmoittautumisohjeet muutettu', et: 'Registreerimise reeglid muudetud' }, dueOn: '2026-08-15', doneOn: '2026-06-30' }] },
  { key: 'edu-teachers', parent: 'edu', title: { en: 'One checklist for recognising teacher qualifications', fi: 'Yksi tarkistuslista opettajan pätevyyden tunnustamiseen', et: 'Üks kontrollnimekiri õpetaja kvalifikatsiooni tunnustamiseks' },
    description: { en: 'Both agencies explain their process on one checklist, in both directions.' },
    domain: 'education', state: 'planned', startsOn: '2027-01-01', endsOn: '2027-09-30', progress: 0, body: wg('education'), reviewCadence: 'quarterly',
    raci: [['oph', 'A', true], ['harno', 'R']],
    recommendations: ['A joint checklist for the recognition'], bottlenecks: ['Eesti õpetajakvalifikatsiooni tunnustamine'],
    milestones: [{ title: { en: 'Checklist published', fi: 'Tarkistuslista julkaistu', et: 'Kontrollnimekiri avaldatud' }, dueOn: '2027-09-30' }] },
  { key: 'edu-mothertongue', parent: 'edu', title: { en: 'Finnish mother-tongue teaching for children in Tallinn', fi: 'Suomen kielen äidinkielen opetus Tallinnassa asuville lapsille', et: 'Soome emakeele õpe Tallinnas elavatele lastele' },
    description: { en: 'Regular Finnish lessons for Finnish children in Tallinn\'s schools.' },
    domain: 'education', state: 'ongoing', startsOn: '2026-08-15', endsOn: '2027-06-15', progress: 35, body: wg('education'), reviewCadence: 'quarterly',
    raci: [['tallinn', 'A', true], ['oph', 'R'], ['harno', 'C']],
    bottlenecks: ['Tallinnaan muuttaneiden suomalaislasten'],
    milestones: [{ title: { en: 'Groups started in two schools', fi: 'Ryhmät aloittaneet kahdessa koulussa', et: 'Rühmad kahes koolis alustanud' }, dueOn: '2026-10-31', doneOn: '2026-10-05' }] },
  { key: 'edu-students', parent: 'edu', title: { en: 'Student services without an Estonian personal code', fi: 'Opiskelijapalvelut ilman virolaista henkilötunnusta', et: 'Üliõpilasteenused ilma Eesti isikukoodita' },
    description: { en: 'Finnish students in Tallinn reach student services with their own eID.' },
    domain: 'education', state: 'planned', startsOn: '2027-01-15', endsOn: '2027-12-31', progress: 0, body: wg('education'), reviewCadence: 'quarterly',
    raci: [['harno', 'A', true], ['ria', 'R'], ['oph', 'I']],
    bottlenecks: ['Finnish students in Tallinn cannot use student services'] },

  // ── Digital services ─────────────────────────────────────────────────────────────
  { key: 'dig', title: { en: 'Digital services that accept both countries\' eIDs and signatures', fi: 'Digipalvelut, jotka hyväksyvät molempien maiden tunnistuksen ja allekirjoitukset', et: 'Digiteenused, mis tunnustavad mõlema riigi e-identiteeti ja allkirju' },
    description: { en: 'Theme: an Estonian signature, ID card or company is recognised by Finnish services, and the other way round.' },
    domain: 'digital_services', state: 'ongoing', startsOn: '2026-05-01', endsOn: '2030-06-30', body: wg('digital_services'), reviewCadence: 'quarterly',
    raci: [['dvv', 'A', true], ['ria', 'R'], ['traficom', 'C']] },
  { key: 'dig-signatures', parent: 'dig', title: { en: 'Guidance on validating Estonian signed documents', fi: 'Ohje virolaisten sähköisesti allekirjoitettujen asiakirjojen tarkistamiseen', et: 'Juhend Eesti digiallkirjastatud dokumentide kontrollimiseks' },
    description: { en: 'Finnish agencies learn to open and validate .asice containers in their case systems.' },
    domain: 'digital_services', state: 'delayed', startsOn: '2026-05-01', endsOn: '2027-02-28', progress: 40, body: wg('digital_services'), reviewCadence: 'monthly',
    raci: [['dvv', 'A', true], ['ria', 'R'], ['traficom', 'I']],
    recommendations: ['Guidance for Finnish authorities on validating'], bottlenecks: ['Suomalaiset viranomaiset eivät hyväksy'],
    milestones: [
      { title: { en: 'Draft guidance ready', fi: 'Ohjeluonnos valmis', et: 'Juhendi kavand valmis' }, dueOn: '2026-10-31' },
      { title: { en: 'Guidance sent to all state agencies', fi: 'Ohje lähetetty kaikille valtion virastoille', et: 'Juhend kõigile riigiasutustele saadetud' }, dueOn: '2027-01-31' },
    ] },
  { key: 'dig-eid', parent: 'dig', title: { en: 'Identity matching of foreign eIDs raised in the eIDAS network', fi: 'Ulkomaisten eID-tunnisteiden yhdistäminen eIDAS-verkostossa', et: 'Välismaiste e-identiteetide sidumine eIDAS-võrgustikus' },
    description: { en: 'Both agencies bring the matching problem to the EU cooperation network together.' },
    domain: 'digital_services', state: 'planned', startsOn: '2027-03-01', endsOn: '2028-12-31', progress: 0, body: wg('digital_services'), reviewCadence: 'twice_yearly',
    raci: [['dvv', 'A', true], ['ria', 'R']],
    recommendations: ['Raise identity matching of foreign eIDs'], bottlenecks: ['Logging in with an Estonian ID card works'], dependsOn: ['dig-signatures'] },
  { key: 'dig-bank', parent: 'dig', title: { en: 'Finnish bank credentials in Estonian e-services: a study', fi: 'Suomalaiset pankkitunnukset virolaisissa e-palveluissa: selvitys', et: 'Soome pangatunnused Eesti e-teenustes: uuring' },
    description: { en: 'What it would take for Estonian e-services to accept Finnish strong identification.' },
    domain: 'digital_services', state: 'planned', startsOn: '2027-06-01', endsOn: '2028-05-31', progress: 0, body: wg('digital_services'), reviewCadence: 'quarterly',
    raci: [['ria', 'A', true], ['traficom', 'R'], ['dvv', 'C']],
    bottlenecks: ['Virolaisiin e-palveluihin ei voi kirjautua'] },
  { key: 'dig-mandates', parent: 'dig', title: { en: 'Suomi.fi mandates for Estonian companies', fi: 'Suomi.fi-valtuudet virolaisille yrityksille', et: 'Suomi.fi volitused Eesti ettevõtetele' },
    description: { en: 'An Estonian company can authorise a Finnish accountant through Suomi.fi.' },
    domain: 'digital_services', state: 'planned', startsOn: '2029-01-01', endsOn: '2029-12-31', progress: 0, body: wg('digital_services'), reviewCadence: 'quarterly',
    raci: [['dvv', 'A', true], ['ria', 'R'], ['emta', 'I']],
    bottlenecks: ['Eesti ettevõte ei saa Suomi.fi'], dependsOn: ['dig-eid'] },
  { key: 'dig-report', parent: 'dig', title: { en: 'Yearly joint progress report to both regional councils', fi: 'Vuosittainen yhteinen edistymisraportti molemmille maakunnille', et: 'Iga-aastane ühine eduaruanne mõlemale piirkonnale' },
    lessons: ['LS-0002', 'LS-0013'],
    description: { en: 'The secretariat reports the plan\'s progress each spring, from this platform\'s data.' },
    domain: 'digital_services', state: 'planned', startsOn: '2027-01-01', endsOn: '2030-06-30', progress: 0, body: 'secretariat', reviewCadence: 'yearly',
    raci: [['uudenmaan-liitto', 'A', true], ['harjumaa-omavalitsuste-liit', 'R']],
    milestones: [2027, 2028, 2029, 2030].map((year) => ({ title: { en: `Progress report ${year}`, fi: `Edistymisraportti ${year}`, et: `Eduaruanne ${year}` }, dueOn: `${year}-03-31` })) },

  // ── Integration ──────────────────────────────────────────────────────────────────
  { key: 'int', title: { en: 'One place to ask when moving across the gulf', fi: 'Yksi paikka kysyä, kun muuttaa lahden yli', et: 'Üks koht küsimiseks, kui kolid üle lahe' },
    description: { en: 'Theme: people moving between Helsinki and Tallinn get advice in one place, online and at both ports.' },
    domain: 'integration', state: 'ongoing', startsOn: '2026-06-01', endsOn: '2028-12-31', body: wg('integration'), reviewCadence: 'quarterly',
    raci: [['uudenmaan-liitto', 'A', true], ['harjumaa-omavalitsuste-liit', 'R'], ['helsinki', 'C'], ['tallinn', 'C']] },
  { key: 'int-advice', parent: 'int', title: { en: 'Joint advice point for people moving between Helsinki and Tallinn', fi: 'Yhteinen neuvontapiste Helsingin ja Tallinnan välillä muuttaville', et: 'Ühine nõustamispunkt Helsingi ja Tallinna vahel liikujatele' },
    lessons: ['LS-0012', 'LS-0008'],
    description: { en: 'One advice service in three languages, online first, then at the West Terminal and Terminal D.' },
    domain: 'integration', state: 'ongoing', startsOn: '2026-06-01', endsOn: '2028-12-31', weight: 3, body: 'steering-group', reviewCadence: 'quarterly',
    raci: [['uudenmaan-liitto', 'A', true], ['harjumaa-omavalitsuste-liit', 'R'], ['helsinki', 'R'], ['tallinn', 'R']],
    budgetEur: 600000, funding: [{ source: 'Regional councils\' budgets (demo figure)', amountEur: 200000, year: 2026 }, { source: 'EU cross-border programme, applied for (demo figure)', amountEur: 400000, year: 2027 }],
    recommendations: ['A joint advice point'], bottlenecks: ['Helsingin ja Tallinnan välillä liikkuville'] },
  { key: 'int-advice-concept', parent: 'int-advice', title: { en: 'Service model of the advice point', fi: 'Neuvontapisteen palvelumalli', et: 'Nõustamispunkti teenusmudel' },
    description: { en: 'Who answers what, in which language, and how questions reach the right office.' },
    domain: 'integration', state: 'done', startsOn: '2026-06-01', endsOn: '2026-11-30', progress: 100, body: wg('integration'), reviewCadence: 'monthly',
    raci: [['uudenmaan-liitto', 'A', true], ['harjumaa-omavalitsuste-liit', 'R'], ['port-of-helsinki', 'C'], ['tallinna-sadam', 'C']],
    milestones: [
      { title: { en: 'Workshop at the port', fi: 'Työpaja satamassa', et: 'Töötuba sadamas' }, dueOn: '2026-09-30', doneOn: '2026-09-17' },
      { title: { en: 'Service model approved by the steering group', fi: 'Ohjausryhmä hyväksynyt palvelumallin', et: 'Juhtrühm kinnitanud teenusmudeli' }, dueOn: '2026-11-30', doneOn: '2026-11-26' },
    ] },
  { key: 'int-advice-online', parent: 'int-advice', title: { en: 'Online advice in Finnish, Estonian and English', fi: 'Verkkoneuvonta suomeksi, viroksi ja englanniksi', et: 'Veebinõustamine soome, eesti ja inglise keeles' },
    description: { en: 'The online service answers within two working days.' },
    domain: 'integration', state: 'ongoing', startsOn: '2026-12-01', endsOn: '2027-09-30', progress: 5, body: wg('integration'), reviewCadence: 'monthly',
    raci: [['helsinki', 'A', true], ['tallinn', 'R'], ['uudenmaan-liitto', 'C']], dependsOn: ['int-advice-concept'],
    milestones: [
      { title: { en: 'Online service open', fi: 'Verkkopalvelu avattu', et: 'Veebiteenus avatud' }, dueOn: '2027-03-31' },
      { title: { en: 'First half-year reviewed', fi: 'Ensimmäinen puolivuotiskausi arvioitu', et: 'Esimene poolaasta hinnatud' }, dueOn: '2027-09-30' },
    ] },
  { key: 'int-advice-desks', parent: 'int-advice', title: { en: 'Advice desks at the West Terminal and Terminal D', fi: 'Neuvontapisteet Länsiterminaalissa ja D-terminaalissa', et: 'Nõustamislauad Läänesadama terminalis ja D-terminalis' },
    description: { en: 'Staffed desks at both ports at the busiest commuter departures.' },
    domain: 'integration', state: 'planned', startsOn: '2027-10-01', endsOn: '2028-12-31', progress: 0, body: wg('integration'), reviewCadence: 'quarterly',
    raci: [['uudenmaan-liitto', 'A', true], ['port-of-helsinki', 'R'], ['tallinna-sadam', 'R'], ['harjumaa-omavalitsuste-liit', 'C']], dependsOn: ['int-advice-online'],
    milestones: [{ title: { en: 'Both desks open', fi: 'Molemmat pisteet avattu', et: 'Mõlemad lauad avatud' }, dueOn: '2028-03-31' }] },
  { key: 'int-housing', parent: 'int', title: { en: 'Renting a home without a Finnish identity code', fi: 'Asunnon vuokraaminen ilman suomalaista henkilötunnusta', et: 'Kodu üürimine ilma Soome isikukoodita' },
    description: { en: 'Guidance for landlords and newcomers on renting before a Finnish identity code and credit record exist.' },
    domain: 'integration', state: 'planned', startsOn: '2027-03-01', endsOn: '2027-12-31', progress: 0, body: wg('integration'), reviewCadence: 'quarterly',
    raci: [['helsinki', 'A', true], ['uudenmaan-liitto', 'R'], ['dvv', 'C']],
    bottlenecks: ['Renting a flat in Helsinki'] },
];
