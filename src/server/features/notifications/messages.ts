import type { Language } from '../../../shared/languages.ts';

/** What a message tells of; each has a subject and a body in every UI language. */
export type MessageKind = 'status' | 'answer' | 'verify' | 'invitation' | 'response' | 'account' | 'password-reset';

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
