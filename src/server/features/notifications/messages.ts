import { UI_LANGUAGES, type Language } from '../../../shared/languages.ts';
import { REGISTER_TEXTS } from '../../lib/interfaceTexts.ts';
import type { Status } from '../../../shared/register.ts';

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
  sv: 'Du får det här meddelandet eftersom du följer det här gränshindret på Talsinki. Du kan sluta följa det på gränshindrets sida.',
  ru: 'Вы получаете это письмо, потому что следите за этим препятствием на платформе Talsinki. Перестать следить можно на странице препятствия.',
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
  sv: {
    status: {
      subject: (v) => `${v.ref}: ${v.status}`,
      body: (v) => `Statusen för gränshindret ”${v.title}” (${v.ref}) har ändrats till ”${v.status}”.${v.note ? `\n\n${v.note}` : ''}\n\n${v.url}\n\n${footer.sv}`,
    },
    answer: {
      subject: (v) => `${v.ref}: svar från ${v.institution}`,
      body: (v) => `${v.institution} har svarat på gränshindret ”${v.title}” (${v.ref}).\n\n${v.url}\n\n${footer.sv}`,
    },
    invitation: {
      subject: (v) => `Inbjudan: ${v.title} (${v.when})`,
      body: (v) => `Du är inbjuden till dialogen ”${v.title}” (${v.ref}). Arrangör: ${v.institution}.\n\nTid: ${v.when}${v.place ? `\nPlats: ${v.place}` : ''}\n\nDagordning och närmare uppgifter: ${v.url}\n\nKalenderinbjudan finns som bilaga.`,
    },
    response: {
      subject: (v) => `${v.ref}: svar från ${v.institution}`,
      body: (v) => `${v.institution} har svarat på rekommendationen ”${v.title}” (${v.ref}).\n\n${v.url}`,
    },
    'milestone-due': {
      subject: (v) => `${v.ref}: tidsfrist för delmål ${v.when}`,
      body: (v) => `Tidsfristen för ett delmål i åtgärden ”${v.title}” (${v.ref}) är den ${v.when}:\n\n${v.milestone}\n\nMarkera delmålet som klart på åtgärdens sida och lägg till belägg när det har nåtts:\n\n${v.url}`,
    },
    'milestone-slip': {
      subject: (v) => `${v.ref}: delmålet är försenat (tidsfrist ${v.when})`,
      body: (v) => `Tidsfristen för ett delmål i åtgärden ”${v.title}” (${v.ref}) var den ${v.when}, och delmålet har inte markerats som klart:\n\n${v.milestone}\n\nMarkera delmålet som klart och lägg till belägg, eller kom överens om en ny tidsfrist, på åtgärdens sida:\n\n${v.url}`,
    },
    'consultation-opened': {
      subject: (v) => `Hörandet har öppnats: ${v.title}`,
      body: (v) => `Du kan kommentera hörandet ”${v.title}” (${v.ref}) fram till den ${v.when} (tid i Helsingfors och Tallinn).\n\nLäs och kommentera:\n\n${v.url}`,
    },
    'consultation-closing': {
      subject: (v) => `Hörandet avslutas den ${v.when}: ${v.title}`,
      body: (v) => `Hörandet ”${v.title}” (${v.ref}) avslutas den ${v.when} (tid i Helsingfors och Tallinn). Du hinner ännu kommentera:\n\n${v.url}`,
    },
    'consultation-report': {
      subject: (v) => `Rapporten om hörandet har publicerats: ${v.title}`,
      body: (v) => `Rapporten om hörandet ”${v.title}” (${v.ref}) har publicerats: vad som sades och vad det ledde till.\n\n${v.url}`,
    },
    account: {
      subject: () => 'Ditt Talsinki-konto: välj ett lösenord',
      body: (v) => `Hej ${v.title}!\n\nEn administratör på Talsinki har skapat ett konto åt dig (${v.ref}). Öppna länken nedan för att välja ett lösenord och logga in. Länken fungerar en gång och gäller till den ${v.when}:\n\n${v.url}\n\nOm du inte väntade dig det här meddelandet kan du bortse från det.`,
    },
    'password-reset': {
      subject: () => 'Talsinki: välj ett nytt lösenord',
      body: (v) => `Hej ${v.title}!\n\nNågon, sannolikt du själv, har bett om ett nytt lösenord för ditt Talsinki-konto (${v.ref}). Öppna länken nedan för att välja det nya lösenordet. Länken fungerar en gång och gäller till den ${v.when}:\n\n${v.url}\n\nOm du inte bad om ett nytt lösenord kan du bortse från det här meddelandet: ditt lösenord förblir oförändrat.`,
    },
    verify: {
      subject: (v) => `Bekräfta din e-postadress: ${v.ref}`,
      body: (v) => `Du har anmält gränshindret ”${v.title}” (${v.ref}) på Talsinki och lämnat den här adressen. Öppna länken för att bekräfta adressen, så får du besked när din anmälan går vidare:\n\n${v.url}\n\nEn moderator går igenom anmälan och publicerar den, slår samman den med en anmälan om samma gränshinder eller avvisar den med en motivering. Du ser hur långt anmälan har kommit på dess personliga statussida (dela inte länken med andra):\n\n${v.statusUrl}\n\nOm det inte var du som gjorde anmälan kan du bortse från det här meddelandet.`,
    },
  },
  ru: {
    status: {
      subject: (v) => `${v.ref}: ${v.status}`,
      body: (v) => `Статус препятствия «${v.title}» (${v.ref}) изменен на «${v.status}».${v.note ? `\n\n${v.note}` : ''}\n\n${v.url}\n\n${footer.ru}`,
    },
    answer: {
      subject: (v) => `${v.ref}: получен ответ (организация: ${v.institution})`,
      body: (v) => `Получен ответ по препятствию «${v.title}» (${v.ref}). Организация: ${v.institution}.\n\n${v.url}\n\n${footer.ru}`,
    },
    invitation: {
      subject: (v) => `Приглашение: ${v.title} (${v.when})`,
      body: (v) => `Вы приглашены на диалог «${v.title}» (${v.ref}). Организатор: ${v.institution}.\n\nКогда: ${v.when}${v.place ? `\nГде: ${v.place}` : ''}\n\nПовестка дня и подробности: ${v.url}\n\nПриглашение для календаря приложено к письму.`,
    },
    response: {
      subject: (v) => `${v.ref}: получен ответ (организация: ${v.institution})`,
      body: (v) => `Получен ответ на рекомендацию «${v.title}» (${v.ref}). Организация: ${v.institution}.\n\n${v.url}`,
    },
    'milestone-due': {
      subject: (v) => `${v.ref}: срок контрольной точки — ${v.when}`,
      body: (v) => `Контрольная точка меры «${v.title}» (${v.ref}) должна быть достигнута к ${v.when}:\n\n${v.milestone}\n\nКогда это будет сделано, отметьте контрольную точку как достигнутую на странице меры и добавьте подтверждающие материалы:\n\n${v.url}`,
    },
    'milestone-slip': {
      subject: (v) => `${v.ref}: контрольная точка просрочена (срок — ${v.when})`,
      body: (v) => `Контрольная точка меры «${v.title}» (${v.ref}) должна была быть достигнута к ${v.when}, но не отмечена как достигнутая:\n\n${v.milestone}\n\nНа странице меры отметьте ее как достигнутую и добавьте подтверждающие материалы или согласуйте новый срок:\n\n${v.url}`,
    },
    'consultation-opened': {
      subject: (v) => `Открыто общественное обсуждение: ${v.title}`,
      body: (v) => `Общественное обсуждение «${v.title}» (${v.ref}) открыто: комментарии принимаются до ${v.when} (по времени Хельсинки и Таллинна).\n\nПрочитайте и оставьте комментарий:\n\n${v.url}`,
    },
    'consultation-closing': {
      subject: (v) => `Общественное обсуждение завершится ${v.when}: ${v.title}`,
      body: (v) => `Общественное обсуждение «${v.title}» (${v.ref}) завершится ${v.when} (по времени Хельсинки и Таллинна). Вы еще успеете оставить комментарий:\n\n${v.url}`,
    },
    'consultation-report': {
      subject: (v) => `Опубликован отчет об обсуждении: ${v.title}`,
      body: (v) => `Опубликован отчет об общественном обсуждении «${v.title}» (${v.ref}): что было сказано и к чему это привело.\n\n${v.url}`,
    },
    account: {
      subject: () => 'Ваша учетная запись Talsinki: выберите пароль',
      body: (v) => `Здравствуйте, ${v.title}!\n\nАдминистратор Talsinki создал для вас учетную запись (${v.ref}). Откройте ссылку ниже, чтобы выбрать пароль и войти. Ссылкой можно воспользоваться один раз до ${v.when}:\n\n${v.url}\n\nЕсли вы не ожидали этого письма, оставьте его без внимания.`,
    },
    'password-reset': {
      subject: () => 'Talsinki: выберите новый пароль',
      body: (v) => `Здравствуйте, ${v.title}!\n\nДля вашей учетной записи Talsinki (${v.ref}) запрошен новый пароль — вероятно, вами. Откройте ссылку ниже, чтобы выбрать новый пароль. Ссылкой можно воспользоваться один раз до ${v.when}:\n\n${v.url}\n\nЕсли вы не запрашивали новый пароль, оставьте это письмо без внимания: ваш пароль останется прежним.`,
    },
    verify: {
      subject: (v) => `Подтвердите адрес электронной почты: ${v.ref}`,
      body: (v) => `Вы сообщили о препятствии «${v.title}» (${v.ref}) на платформе Talsinki и указали этот адрес. Откройте ссылку, чтобы подтвердить адрес и получать уведомления о ходе рассмотрения сообщения:\n\n${v.url}\n\nМодератор проверит сообщение, а затем опубликует его, объединит с сообщением о том же препятствии или отклонит с указанием причины. На каком этапе ваше сообщение, можно узнать на его личной странице статуса (не передавайте эту ссылку другим):\n\n${v.statusUrl}\n\nЕсли вы не отправляли это сообщение, оставьте письмо без внимания.`,
    },
  },
};

/** Status names in mail: the UI's own (the `status` block of bottlenecks.json). */
export const STATUS_NAMES: Record<Language, Record<Status, string>> = Object.fromEntries(UI_LANGUAGES.map((lang) => [lang, REGISTER_TEXTS[lang].status])) as Record<Language, Record<Status, string>>;

export function renderMessage(kind: MessageKind, lang: Language, vars: MessageVars) {
  const template = TEMPLATES[lang][kind];
  return { subject: template.subject(vars), body: template.body(vars) };
}
