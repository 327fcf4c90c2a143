import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import { sha256 } from '../../lib/secrets.ts';
import { isUiLanguage, listOfWords, type Language } from '../../../shared/languages.ts';
import { isoToZoned, zonedToIso } from '../../../shared/zoned.ts';
import { DEFAULT_DELIVERY, NOTICE_KINDS, receivesKind, type NoticeDelivery, type NoticeKind, type NoticeSettings, type NoticeSettingsPatch } from '../../../shared/schemas/notices.ts';

/**
 * A member's notice settings (issue 14): for each kind of notice, at once, in a daily digest, or
 * not at all; the digest that collects a day's notices into one message; and the one-click
 * unsubscribe (RFC 8058) every notice carries.
 */

export const isNoticeKind = (kind: string): kind is NoticeKind => (NOTICE_KINDS as readonly string[]).includes(kind);

/** The address of the page where a member changes their settings. */
export const SETTINGS_PATH = '/following';
/** The web page that asks before unsubscribing (a link scanner's GET must change nothing). */
export const UNSUBSCRIBE_PAGE = '/unsubscribe';
/** Where a mail client's one-click POST goes (List-Unsubscribe). */
export const UNSUBSCRIBE_API = '/api/notices/unsubscribe';

/** Digests go out from 07:00 Helsinki–Tallinn time, with the notices of the days before. */
export const DIGEST_HOUR = 7;
export const DIGEST_TIME_ZONE = 'Europe/Helsinki';

const uiLanguage = (value: string | null | undefined): Language => (isUiLanguage(value) ? value : 'en');

// ---------------------------------------------------------------------------------------------
// Settings

export async function noticeSettings(db: QueryBuilder, userId: string, role: string): Promise<NoticeSettings> {
  const rows = await db.selectFrom('notice_settings').select(['kind', 'delivery']).where('user_id', '=', userId).execute();
  const chosen = new Map(rows.map((row) => [row.kind, row.delivery]));
  return {
    items: NOTICE_KINDS.filter((kind) => receivesKind(role, kind)).map((kind) => ({ kind, delivery: chosen.get(kind) ?? DEFAULT_DELIVERY[kind], default: DEFAULT_DELIVERY[kind] })),
  };
}

export async function setNoticeSettings(db: QueryBuilder, userId: string, patch: NoticeSettingsPatch): Promise<void> {
  const values = NOTICE_KINDS.flatMap((kind) => (patch[kind] ? [{ user_id: userId, kind, delivery: patch[kind]! }] : []));
  if (values.length === 0) return;
  await db
    .insertInto('notice_settings')
    .values(values)
    .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet({ delivery: (eb) => eb.ref('excluded.delivery'), updated_at: new Date() }))
    .execute();
}

export interface Account {
  userId: string;
  delivery: NoticeDelivery;
}

/** The accounts behind these addresses (enabled ones) and how each takes notices of this kind. */
export async function accountsFor(db: QueryBuilder, kind: NoticeKind, emails: string[]): Promise<Map<string, Account>> {
  if (emails.length === 0) return new Map();
  const rows = await db
    .selectFrom('users as u')
    .leftJoin('notice_settings as s', (join) => join.onRef('s.user_id', '=', 'u.id').on('s.kind', '=', kind))
    .select(['u.id', 'u.email', 's.delivery'])
    .where(sql<string>`lower(u.email)`, 'in', emails.map((email) => email.toLowerCase()))
    .where('u.disabled_at', 'is', null)
    .execute();
  return new Map(rows.map((row) => [row.email.toLowerCase(), { userId: row.id, delivery: row.delivery ?? DEFAULT_DELIVERY[kind] }]));
}

// ---------------------------------------------------------------------------------------------
// Unsubscribe

/** A fresh token that, used once, sets these kinds to 'none' for the member. */
export async function issueUnsubscribeToken(db: QueryBuilder, userId: string, kinds: NoticeKind[]): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  await db.insertInto('notice_unsubscribe_tokens').values({ token_hash: sha256(token), user_id: userId, kinds }).execute();
  return token;
}

/** Uses a token: its kinds become 'none'. Null when the token is unknown or was used already. */
export async function unsubscribe(db: QueryBuilder, token: string): Promise<NoticeKind[] | null> {
  return db.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable('notice_unsubscribe_tokens')
      .set({ used_at: new Date() })
      .where('token_hash', '=', sha256(token))
      .where('used_at', 'is', null)
      .returning(['user_id', 'kinds'])
      .executeTakeFirst();
    if (!used) return null;
    const kinds = used.kinds.filter(isNoticeKind);
    await setNoticeSettings(trx, used.user_id, Object.fromEntries(kinds.map((kind) => [kind, 'none'])));
    return kinds;
  });
}

export const unsubscribeHeader = (site: string, token: string) => `<${site}${UNSUBSCRIBE_API}?token=${token}>`;

// ---------------------------------------------------------------------------------------------
// What every notice says at its end: why it came, where to change that, how to stop it.

const KIND_NAMES: Record<Language, Record<NoticeKind, string>> = {
  en: { status: 'Status changes', answer: 'Answers from institutions', invitation: 'Dialogue invitations', response: 'Responses to recommendations', milestone: 'Milestones of the action plan', consultation: 'Consultations you follow' },
  fi: { status: 'Tilan muutokset', answer: 'Organisaatioiden vastaukset', invitation: 'Kutsut vuoropuheluihin', response: 'Vastaukset suosituksiin', milestone: 'Toimintasuunnitelman välitavoitteet', consultation: 'Seuraamasi kuulemiset' },
  et: { status: 'Oleku muutused', answer: 'Asutuste vastused', invitation: 'Kutsed dialoogidele', response: 'Vastused soovitustele', milestone: 'Tegevuskava vahe-eesmärgid', consultation: 'Teie jälgitavad konsultatsioonid' },
  sv: { status: 'Statusändringar', answer: 'Svar från organisationer', invitation: 'Inbjudningar till dialoger', response: 'Svar på rekommendationer', milestone: 'Delmål i handlingsplanen', consultation: 'Höranden som du följer' },
  ru: { status: 'Изменения статуса', answer: 'Ответы организаций', invitation: 'Приглашения на диалоги', response: 'Ответы на рекомендации', milestone: 'Контрольные точки плана действий', consultation: 'Общественные обсуждения, за которыми вы следите' },
};

/** Why a notice of each kind reaches an account. */
const REASONS: Record<Language, Record<NoticeKind, string>> = {
  en: {
    status: 'You receive this because you follow this bottleneck.',
    answer: 'You receive this because you follow this bottleneck.',
    invitation: 'You receive this because you were added as a participant with the address of your account.',
    response: 'You receive this because you are an editor on Talsinki.',
    milestone: 'You receive this because you are an editor on Talsinki, or a service owner of an institution Responsible or Accountable for this action.',
    consultation: 'You receive this because you follow this consultation. Stop following on its page.',
  },
  fi: {
    status: 'Saat tämän viestin, koska seuraat tätä rajaestettä.',
    answer: 'Saat tämän viestin, koska seuraat tätä rajaestettä.',
    invitation: 'Saat tämän viestin, koska sinut on lisätty osallistujaksi tilisi sähköpostiosoitteella.',
    response: 'Saat tämän viestin, koska olet Talsingin sisältövastaava.',
    milestone: 'Saat tämän viestin, koska olet Talsingin sisältövastaava tai sellaisen organisaation palvelun omistaja, joka on tästä toimenpiteestä vastuussa toteutuksesta tai tilivelvollinen.',
    consultation: 'Saat tämän viestin, koska seuraat tätä kuulemista. Voit lopettaa seuraamisen sen sivulla.',
  },
  et: {
    status: 'Saate selle kirja, sest jälgite seda takistust.',
    answer: 'Saate selle kirja, sest jälgite seda takistust.',
    invitation: 'Saate selle kirja, sest teid lisati osalejaks teie konto e-posti aadressiga.',
    response: 'Saate selle kirja, sest olete Talsinki toimetaja.',
    milestone: 'Saate selle kirja, sest olete Talsinki toimetaja või sellise asutuse teenuseomanik, kes on selle tegevuse vastutav teostaja või aruandekohustuslik.',
    consultation: 'Saate selle kirja, sest jälgite seda konsultatsiooni. Jälgimise saate lõpetada selle lehel.',
  },
  sv: {
    status: 'Du får det här meddelandet eftersom du följer det här gränshindret.',
    answer: 'Du får det här meddelandet eftersom du följer det här gränshindret.',
    invitation: 'Du får det här meddelandet eftersom du har lagts till som deltagare med e-postadressen för ditt konto.',
    response: 'Du får det här meddelandet eftersom du är innehållsansvarig på Talsinki.',
    milestone: 'Du får det här meddelandet eftersom du är innehållsansvarig på Talsinki eller tjänsteägare i en organisation som är genomförandeansvarig eller ytterst ansvarig för den här åtgärden.',
    consultation: 'Du får det här meddelandet eftersom du följer det här hörandet. Du kan sluta följa det på hörandets sida.',
  },
  ru: {
    status: 'Вы получаете это письмо, потому что следите за этим препятствием.',
    answer: 'Вы получаете это письмо, потому что следите за этим препятствием.',
    invitation: 'Вы получаете это письмо, потому что вас добавили в число участников по адресу электронной почты вашей учетной записи.',
    response: 'Вы получаете это письмо, потому что вы редактор на платформе Talsinki.',
    milestone: 'Вы получаете это письмо, потому что вы редактор на платформе Talsinki или владелец услуги в организации, которая является исполнителем этой меры или отвечает за ее результат.',
    consultation: 'Вы получаете это письмо, потому что следите за этим общественным обсуждением. Перестать следить можно на странице обсуждения.',
  },
};

const FOOTER: Record<Language, { settings: string; stop: (kinds: string) => string }> = {
  en: { settings: 'Choose how often you receive each kind of notice', stop: (kinds) => `Stop these notices (${kinds})` },
  fi: { settings: 'Valitse, kuinka usein saat kunkin lajin ilmoituksia', stop: (kinds) => `Lopeta nämä ilmoitukset (${kinds})` },
  et: { settings: 'Valige, kui tihti saate iga liiki teavitusi', stop: (kinds) => `Lõpeta need teavitused (${kinds})` },
  sv: { settings: 'Välj hur ofta du får varje typ av avisering', stop: (kinds) => `Avsluta de här aviseringarna (${kinds})` },
  ru: { settings: 'Выберите, как часто вы будете получать уведомления каждого вида', stop: (kinds) => `Отключить эти уведомления (${kinds})` },
};

export function noticeFooter(language: Language, kinds: NoticeKind[], site: string, token: string, reason: string): string {
  const text = FOOTER[language];
  const names = listOfWords(kinds.map((kind) => KIND_NAMES[language][kind]), language);
  return `\n\n-- \n${reason}\n${text.settings}: ${site}${SETTINGS_PATH}\n${text.stop(names)}: ${site}${UNSUBSCRIBE_PAGE}?token=${token}`;
}

export const noticeReason = (language: Language, kind: NoticeKind) => REASONS[language][kind];

// ---------------------------------------------------------------------------------------------
// The daily digest

const RU_PLURAL = new Intl.PluralRules('ru');
/** A count and its noun in Russian: 1 уведомление, 3 уведомления, 5 уведомлений (other: fractions). */
const ruCount = (count: number, forms: Record<'one' | 'few' | 'many' | 'other', string>) => {
  const rule = RU_PLURAL.select(count);
  return `${count} ${rule === 'one' || rule === 'few' || rule === 'many' ? forms[rule] : forms.other}`;
};

const DIGEST_TEXT: Record<Language, { subject: (count: number) => string; intro: string; reason: (kinds: string) => string }> = {
  en: {
    subject: (count) => (count === 1 ? 'Talsinki: your daily summary, 1 notice' : `Talsinki: your daily summary, ${count} notices`),
    intro: 'Here is what happened on Talsinki since your last summary.',
    reason: (kinds) => `You receive this summary once a day because you chose it for these notices: ${kinds}.`,
  },
  fi: {
    subject: (count) => (count === 1 ? 'Talsinki: päivittäinen kooste, 1 ilmoitus' : `Talsinki: päivittäinen kooste, ${count} ilmoitusta`),
    intro: 'Tässä on, mitä Talsingissa on tapahtunut edellisen koosteen jälkeen.',
    reason: (kinds) => `Saat tämän koosteen kerran päivässä, koska valitsit sen näille ilmoituksille: ${kinds}.`,
  },
  et: {
    subject: (count) => (count === 1 ? 'Talsinki: päeva kokkuvõte, 1 teavitus' : `Talsinki: päeva kokkuvõte, ${count} teavitust`),
    intro: 'Siin on, mis on Talsinkis juhtunud pärast eelmist kokkuvõtet.',
    reason: (kinds) => `Saate selle kokkuvõtte kord päevas, sest valisite selle järgmistele teavitustele: ${kinds}.`,
  },
  sv: {
    subject: (count) => (count === 1 ? 'Talsinki: din dagliga sammanfattning, 1 avisering' : `Talsinki: din dagliga sammanfattning, ${count} aviseringar`),
    intro: 'Här är det som har hänt på Talsinki sedan din förra sammanfattning.',
    reason: (kinds) => `Du får den här sammanfattningen en gång om dagen eftersom du har valt den för de här aviseringarna: ${kinds}.`,
  },
  ru: {
    subject: (count) => `Talsinki: ежедневная сводка, ${ruCount(count, { one: 'уведомление', few: 'уведомления', many: 'уведомлений', other: 'уведомления' })}`,
    intro: 'Вот что произошло на платформе Talsinki после предыдущей сводки.',
    reason: (kinds) => `Вы получаете эту сводку раз в день, потому что выбрали ее для следующих уведомлений: ${kinds}.`,
  },
};

/** Keeps a notice for the member's digest, already written in their language. */
export async function keepForDigest(db: QueryBuilder, userId: string, kind: NoticeKind, subject: string, url: string) {
  await db.insertInto('notice_digest_items').values({ user_id: userId, kind, subject, url }).execute();
}

/**
 * The notices due in a digest at `now`: none before 07:00 Helsinki–Tallinn time; from then on,
 * those kept before that day began. Null when it is not yet time.
 */
export function digestCutoff(now: Date): Date | null {
  const local = isoToZoned(now.toISOString(), DIGEST_TIME_ZONE);
  if (Number(local.slice(11, 13)) < DIGEST_HOUR) return null;
  return new Date(zonedToIso(`${local.slice(0, 10)}T00:00`, DIGEST_TIME_ZONE));
}

/**
 * Collects each member's due notices into one message in their language and puts it in the
 * outbox. Run by the outbox worker on every tick, with the clock passed in (tests pass their own).
 * Each member's items are claimed by one `update … returning` in the transaction that writes the
 * message, so two instances running at once never send a member two digests of the same notices.
 * Notices of a kind the member has since turned off are dropped; the rest go out however the
 * setting has changed since (they were promised a digest).
 */
export async function runDigest(db: QueryBuilder, options: { now: Date; publicUrl: string }): Promise<{ sent: number }> {
  const cutoff = digestCutoff(options.now);
  if (!cutoff) return { sent: 0 };
  const due = await db.selectFrom('notice_digest_items').select('user_id').distinct().where('digested_at', 'is', null).where('created_at', '<', cutoff).execute();
  let sent = 0;
  for (const { user_id: userId } of due) {
    const wrote = await db.transaction().execute(async (trx) => {
      const items = await trx
        .updateTable('notice_digest_items')
        .set({ digested_at: options.now })
        .where('user_id', '=', userId)
        .where('digested_at', 'is', null)
        .where('created_at', '<', cutoff)
        .returning(['id', 'kind', 'subject', 'url', 'created_at'])
        .execute();
      const user = await trx.selectFrom('users').select(['email', 'locale', 'disabled_at']).where('id', '=', userId).executeTakeFirst();
      if (!user || user.disabled_at || items.length === 0) return false;
      const off = new Set((await trx.selectFrom('notice_settings').select('kind').where('user_id', '=', userId).where('delivery', '=', 'none').execute()).map((row) => row.kind));
      const kept = items.filter((item) => isNoticeKind(item.kind) && !off.has(item.kind)).sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || Number(a.id) - Number(b.id));
      if (kept.length === 0) return false;
      const language = uiLanguage(user.locale);
      const kinds = NOTICE_KINDS.filter((kind) => kept.some((item) => item.kind === kind));
      const text = DIGEST_TEXT[language];
      const sections = kinds.map((kind) => `${KIND_NAMES[language][kind]}\n${kept.filter((item) => item.kind === kind).map((item) => `- ${item.subject}\n  ${item.url}`).join('\n')}`);
      const token = await issueUnsubscribeToken(trx, userId, kinds);
      const reason = text.reason(listOfWords(kinds.map((kind) => KIND_NAMES[language][kind]), language));
      await trx
        .insertInto('outbox')
        .values({
          to_address: user.email,
          subject: text.subject(kept.length),
          body_text: `${text.intro}\n\n${sections.join('\n\n')}${noticeFooter(language, kinds, options.publicUrl, token, reason)}`,
          list_unsubscribe: unsubscribeHeader(options.publicUrl, token),
        })
        .execute();
      return true;
    });
    if (wrote) sent++;
  }
  return { sent };
}
