import type { Language } from '../../../shared/languages.ts';

/** What a message tells of; each has a subject and a body in every UI language. */
export type MessageKind = 'status' | 'answer' | 'verify' | 'invitation' | 'response' | 'account' | 'password-reset' | 'milestone-due' | 'milestone-slip' | 'consultation-opened' | 'consultation-closing' | 'consultation-report';

export interface MessageVars {
  ref: string;
  title: string;
  url: string;
  /** The reporter's private status page (the confirmation of an anonymous report). */
  statusUrl?: string;
  status?: string;
  note?: string | null;
  institution?: string;
  /** When a dialogue takes place, already written in the recipient's language. */
  when?: string;
  place?: string;
  /** A milestone of the action plan, in the recipient's language (`ref` and `title` are its action's). */
  milestone?: string;
}

type Template = { subject: (v: MessageVars) => string; body: (v: MessageVars) => string };

const footer: Record<Language, string> = {
  en: 'You receive this because you follow this bottleneck on Talsinki. Stop following on its page.',
  fi: 'Saat tämän viestin, koska seuraat tätä rajaestettä Talsingissa. Voit lopettaa seuraamisen sen sivulla.',
  et: 'Saate selle kirja, sest jälgite seda takistust Talsinkis. Jälgimise saate lõpetada takistuse lehel.',
};

const TEMPLATES: Record<Language, Record<MessageKind, Template>> = {
  en: {
    status: {
      subject: (v) => `${v.ref}: ${v.status}`,
      body: (v) => `The bottleneck "${v.title}" (${v.ref}) is now: ${v.status}.${v.note ? `\n\n${v.note}` : ''}\n\n${v.url}\n\n${footer.en}`,
    },
    answer: {
      subject: (v) => `${v.ref}: answer from ${v.institution}`,
      body: (v) => `${v.institution} has answered on the bottleneck "${v.title}" (${v.ref}).\n\n${v.url}\n\n${footer.en}`,
    },
    invitation: {
      subject: (v) => `Invitation: ${v.title} (${v.when})`,
      body: (v) => `You are invited to "${v.title}" (${v.ref}), organised by ${v.institution}.\n\nWhen: ${v.when}${v.place ? `\nWhere: ${v.place}` : ''}\n\nAgenda and details: ${v.url}\n\nThe calendar invitation is attached.`,
    },
    response: {
      subject: (v) => `${v.ref}: response from ${v.institution}`,
      body: (v) => `${v.institution} has responded to the recommendation "${v.title}" (${v.ref}).\n\n${v.url}`,
    },
    'milestone-due': {
      subject: (v) => `${v.ref}: milestone due ${v.when}`,
      body: (v) => `A milestone of the action "${v.title}" (${v.ref}) is due on ${v.when}:\n\n${v.milestone}\n\nWhen it is done, mark it done with its evidence on the action's page:\n\n${v.url}`,
    },
    'milestone-slip': {
      subject: (v) => `${v.ref}: milestone overdue (due ${v.when})`,
      body: (v) => `A milestone of the action "${v.title}" (${v.ref}) was due on ${v.when} and is not marked done:\n\n${v.milestone}\n\nMark it done with its evidence, or agree a new due date, on the action's page:\n\n${v.url}`,
    },
    'consultation-opened': {
      subject: (v) => `Consultation open: ${v.title}`,
      body: (v) => `The consultation "${v.title}" (${v.ref}) is open for comments until ${v.when} (Helsinki–Tallinn time).\n\nRead it and comment:\n\n${v.url}`,
    },
    'consultation-closing': {
      subject: (v) => `Consultation closes ${v.when}: ${v.title}`,
      body: (v) => `The consultation "${v.title}" (${v.ref}) closes on ${v.when} (Helsinki–Tallinn time). There is still time to comment:\n\n${v.url}`,
    },
    'consultation-report': {
      subject: (v) => `Consultation report published: ${v.title}`,
      body: (v) => `The report of the consultation "${v.title}" (${v.ref}) is published: what was said, and what became of it.\n\n${v.url}`,
    },
    account: {
      subject: () => 'Your Talsinki account: choose a password',
      body: (v) => `Hello ${v.title},\n\nAn administrator of Talsinki has made an account for you (${v.ref}). Open this link to choose your password and log in. The link works once, until ${v.when}:\n\n${v.url}\n\nIf you did not expect this, ignore this message.`,
    },
    'password-reset': {
      subject: () => 'Talsinki: set a new password',
      body: (v) => `Hello ${v.title},\n\nSomeone, probably you, asked to set a new password for your Talsinki account (${v.ref}). Open this link to choose it. The link works once, until ${v.when}:\n\n${v.url}\n\nIf you did not ask for this, ignore this message: your password stays as it is.`,
    },
    verify: {
      subject: (v) => `Confirm your e-mail for ${v.ref}`,
      body: (v) => `You reported "${v.title}" (${v.ref}) on Talsinki and left this address. Open this link to confirm it and hear when the report changes:\n\n${v.url}\n\nThe report waits for a moderator, who publishes it, merges it into a report of the same obstacle or rejects it with a reason. See where it stands on its private status page (keep this link to yourself):\n\n${v.statusUrl}\n\nIf this was not you, ignore this message.`,
    },
  },
  fi: {
    status: {
      subject: (v) => `${v.ref}: ${v.status}`,
      body: (v) => `Rajaesteen ”${v.title}” (${v.ref}) tila on nyt: ${v.status}.${v.note ? `\n\n${v.note}` : ''}\n\n${v.url}\n\n${footer.fi}`,
    },
    answer: {
      subject: (v) => `${v.ref}: ${v.institution} on vastannut`,
      body: (v) => `${v.institution} on vastannut rajaesteeseen ”${v.title}” (${v.ref}).\n\n${v.url}\n\n${footer.fi}`,
    },
    invitation: {
      subject: (v) => `Kutsu: ${v.title} (${v.when})`,
      body: (v) => `Sinut on kutsuttu tilaisuuteen ”${v.title}” (${v.ref}). Järjestäjä: ${v.institution}.\n\nAika: ${v.when}${v.place ? `\nPaikka: ${v.place}` : ''}\n\nAsialista ja tiedot: ${v.url}\n\nKalenterikutsu on liitteenä.`,
    },
    response: {
      subject: (v) => `${v.ref}: ${v.institution} on vastannut`,
      body: (v) => `${v.institution} on vastannut suositukseen ”${v.title}” (${v.ref}).\n\n${v.url}`,
    },
    'milestone-due': {
      subject: (v) => `${v.ref}: välitavoitteen määräpäivä ${v.when}`,
      body: (v) => `Toimenpiteen ”${v.title}” (${v.ref}) välitavoitteen määräpäivä on ${v.when}:\n\n${v.milestone}\n\nKun välitavoite on saavutettu, merkitse se valmiiksi ja lisää näyttö toimenpiteen sivulla:\n\n${v.url}`,
    },
    'milestone-slip': {
      subject: (v) => `${v.ref}: välitavoite myöhässä (määräpäivä ${v.when})`,
      body: (v) => `Toimenpiteen ”${v.title}” (${v.ref}) välitavoitteen määräpäivä oli ${v.when}, eikä sitä ole merkitty valmiiksi:\n\n${v.milestone}\n\nMerkitse se valmiiksi ja lisää näyttö tai sovi uusi määräpäivä toimenpiteen sivulla:\n\n${v.url}`,
    },
    'consultation-opened': {
      subject: (v) => `Kuuleminen avattu: ${v.title}`,
      body: (v) => `Kuulemista ”${v.title}” (${v.ref}) voi kommentoida ${v.when} asti (Helsingin ja Tallinnan aikaa).\n\nLue ja kommentoi:\n\n${v.url}`,
    },
    'consultation-closing': {
      subject: (v) => `Kuuleminen päättyy ${v.when}: ${v.title}`,
      body: (v) => `Kuuleminen ”${v.title}” (${v.ref}) päättyy ${v.when} (Helsingin ja Tallinnan aikaa). Vielä ehdit kommentoida:\n\n${v.url}`,
    },
    'consultation-report': {
      subject: (v) => `Kuulemisen raportti julkaistu: ${v.title}`,
      body: (v) => `Kuulemisen ”${v.title}” (${v.ref}) raportti on julkaistu: mitä sanottiin ja mitä siitä seurasi.\n\n${v.url}`,
    },
    account: {
      subject: () => 'Talsinki-käyttäjätilisi: valitse salasana',
      body: (v) => `Hei ${v.title},\n\nTalsingin ylläpitäjä on luonut sinulle käyttäjätilin (${v.ref}). Valitse salasana ja kirjaudu sisään avaamalla alla oleva linkki. Linkki toimii kerran ja on voimassa ${v.when} asti:\n\n${v.url}\n\nJos et odottanut tätä viestiä, voit jättää sen huomiotta.`,
    },
    'password-reset': {
      subject: () => 'Talsinki: aseta uusi salasana',
      body: (v) => `Hei ${v.title},\n\nTalsinki-käyttäjätilillesi (${v.ref}) on pyydetty uutta salasanaa, luultavasti sinun toimestasi. Valitse uusi salasana avaamalla alla oleva linkki. Linkki toimii kerran ja on voimassa ${v.when} asti:\n\n${v.url}\n\nJos et pyytänyt uutta salasanaa, voit jättää tämän viestin huomiotta: salasanasi pysyy ennallaan.`,
    },
    verify: {
      subject: (v) => `Vahvista sähköpostiosoitteesi: ${v.ref}`,
      body: (v) => `Ilmoitit Talsingissa rajaesteestä ”${v.title}” (${v.ref}) ja jätit tämän osoitteen. Vahvista osoite avaamalla linkki, niin saat tiedon, kun ilmoitus etenee:\n\n${v.url}\n\nModeraattori käy ilmoituksen läpi ja julkaisee sen, yhdistää sen samaa rajaestettä koskevaan ilmoitukseen tai hylkää sen perustellen. Ilmoituksen vaiheen näet sen yksityiseltä tilasivulta (älä jaa linkkiä muille):\n\n${v.statusUrl}\n\nJos et tehnyt ilmoitusta, voit jättää tämän viestin huomiotta.`,
    },
  },
  et: {
    status: {
      subject: (v) => `${v.ref}: ${v.status}`,
      body: (v) => `Takistuse „${v.title}“ (${v.ref}) olek on nüüd: ${v.status}.${v.note ? `\n\n${v.note}` : ''}\n\n${v.url}\n\n${footer.et}`,
    },
    answer: {
      subject: (v) => `${v.ref}: vastus, ${v.institution}`,
      body: (v) => `${v.institution} vastas takistusele „${v.title}“ (${v.ref}).\n\n${v.url}\n\n${footer.et}`,
    },
    invitation: {
      subject: (v) => `Kutse: ${v.title} (${v.when})`,
      body: (v) => `Teid on kutsutud dialoogile „${v.title}“ (${v.ref}). Korraldaja: ${v.institution}.\n\nAeg: ${v.when}${v.place ? `\nKoht: ${v.place}` : ''}\n\nPäevakord ja üksikasjad: ${v.url}\n\nKalendrikutse on kirja manuses.`,
    },
    response: {
      subject: (v) => `${v.ref}: vastus, ${v.institution}`,
      body: (v) => `${v.institution} vastas soovitusele „${v.title}“ (${v.ref}).\n\n${v.url}`,
    },
    'milestone-due': {
      subject: (v) => `${v.ref}: vahe-eesmärgi tähtaeg ${v.when}`,
      body: (v) => `Tegevuse „${v.title}“ (${v.ref}) vahe-eesmärgi tähtaeg on ${v.when}:\n\n${v.milestone}\n\nKui vahe-eesmärk on saavutatud, märkige see tegevuse lehel tehtuks ja lisage tõend:\n\n${v.url}`,
    },
    'milestone-slip': {
      subject: (v) => `${v.ref}: vahe-eesmärk on hilinenud (tähtaeg ${v.when})`,
      body: (v) => `Tegevuse „${v.title}“ (${v.ref}) vahe-eesmärgi tähtaeg oli ${v.when} ja seda ei ole tehtuks märgitud:\n\n${v.milestone}\n\nMärkige see tegevuse lehel tehtuks ja lisage tõend või leppige kokku uus tähtaeg:\n\n${v.url}`,
    },
    'consultation-opened': {
      subject: (v) => `Konsultatsioon on avatud: ${v.title}`,
      body: (v) => `Konsultatsiooni „${v.title}“ (${v.ref}) saab kommenteerida kuni ${v.when} (Helsingi ja Tallinna aja järgi).\n\nLugege ja kommenteerige:\n\n${v.url}`,
    },
    'consultation-closing': {
      subject: (v) => `Konsultatsioon lõpeb ${v.when}: ${v.title}`,
      body: (v) => `Konsultatsioon „${v.title}“ (${v.ref}) lõpeb ${v.when} (Helsingi ja Tallinna aja järgi). Kommenteerida saab veel:\n\n${v.url}`,
    },
    'consultation-report': {
      subject: (v) => `Konsultatsiooni aruanne on avaldatud: ${v.title}`,
      body: (v) => `Konsultatsiooni „${v.title}“ (${v.ref}) aruanne on avaldatud: mida öeldi ja mis sellest sai.\n\n${v.url}`,
    },
    account: {
      subject: () => 'Teie Talsinki konto: valige parool',
      body: (v) => `Tere, ${v.title}!\n\nTalsinki administraator lõi teile konto (${v.ref}). Avage allolev link, et valida parool ja sisse logida. Link töötab ühe korra ja kehtib kuni ${v.when}:\n\n${v.url}\n\nKui te seda kirja ei oodanud, jätke see tähelepanuta.`,
    },
    'password-reset': {
      subject: () => 'Talsinki: määrake uus parool',
      body: (v) => `Tere, ${v.title}!\n\nTeie Talsinki kontole (${v.ref}) on palutud uut parooli, tõenäoliselt teie enda poolt. Avage allolev link, et valida uus parool. Link töötab ühe korra ja kehtib kuni ${v.when}:\n\n${v.url}\n\nKui te uut parooli ei palunud, jätke see kiri tähelepanuta: teie parool jääb samaks.`,
    },
    verify: {
      subject: (v) => `Kinnitage oma e-posti aadress: ${v.ref}`,
      body: (v) => `Teatasite Talsinkis takistusest „${v.title}“ (${v.ref}) ja jätsite selle aadressi. Avage link, et aadress kinnitada ja saada teada, kui teade liigub edasi:\n\n${v.url}\n\nModeraator vaatab teate läbi ning avaldab selle, ühendab sama takistuse kohta tehtud teatega või lükkab põhjendusega tagasi. Teate seisu näete selle privaatselt olekulehelt (ärge jagage linki teistega):\n\n${v.statusUrl}\n\nKui teade ei olnud teilt, jätke see kiri tähelepanuta.`,
    },
  },
};

/** Status names in mail, as in the UI. */
export const STATUS_NAMES: Record<Language, Record<string, string>> = {
  en: { published: 'Published', under_assessment: 'Under assessment', closed_no_obstacle: 'Closed: no obstacle', in_dialogue: 'In dialogue', recommendation: 'Recommendation made', in_progress: 'Being solved', resolved: 'Resolved', written_off: 'Written off', rejected: 'Rejected', merged: 'Merged' },
  fi: { published: 'Julkaistu', under_assessment: 'Arvioitavana', closed_no_obstacle: 'Suljettu: ei estettä', in_dialogue: 'Vuoropuhelussa', recommendation: 'Suositus annettu', in_progress: 'Ratkaisu työn alla', resolved: 'Ratkaistu', written_off: 'Suljettu ratkaisematta', rejected: 'Hylätty', merged: 'Yhdistetty' },
  et: { published: 'Avaldatud', under_assessment: 'Hindamisel', closed_no_obstacle: 'Suletud: takistust pole', in_dialogue: 'Dialoogis', recommendation: 'Soovitus tehtud', in_progress: 'Lahendamisel', resolved: 'Lahendatud', written_off: 'Lahendamata maha kantud', rejected: 'Tagasi lükatud', merged: 'Ühendatud' },
};

export function renderMessage(kind: MessageKind, lang: Language, vars: MessageVars) {
  const template = TEMPLATES[lang][kind];
  return { subject: template.subject(vars), body: template.body(vars) };
}
