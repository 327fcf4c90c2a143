import { isUiLanguage, type Language } from '../../../shared/languages.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import type { ExpressionBuilder } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import { mailDate } from '../../lib/dates.ts';
import { enqueue, type Sweep, type SweepOptions } from '../notifications/notifications.service.ts';
import type { MessageKind } from '../notifications/messages.ts';
import './consultations.follow.ts';

/**
 * Mail to a consultation's followers (issue 19 point 4; decision 10): once when it opens, once
 * `CLOSING_NOTICE_HOURS` before it closes, once when its report is published. Comment outcomes are
 * not mailed (the report covers them). Only published consultations are mailed about.
 *
 * Each event is claimed by a conditional update of its `notified_*_at` stamp (migration 0038) in
 * the transaction that writes its mails to the outbox: a crash loses neither, and a second sweep
 * running at once finds the stamp set (PostgreSQL re-reads the row its update waited for) and
 * sends nothing.
 *
 * Timing. The opened mail goes from `opens_at` until the close, to whoever follows by then (most
 * follow an upcoming consultation; one followed after it opened gets no opened mail, as its
 * opening is past news). The closing mail goes in the last 48 hours. When the opened mail itself
 * goes in the last 48 hours (a consultation open for less than 48 hours, or published late), it
 * says when the consultation closes and stands for the closing mail too, so followers are not
 * mailed twice in a moment. A mail whose moment passed unseen (the consultation closed first) is
 * not sent late. The report mail goes once `report_published_at` is set.
 *
 * Each follower gets the mail in their own language (their account's, else English), with the
 * consultation's title in that language, as their notice settings say (the kind `consultation`:
 * at once with the unsubscribe footer, in the digest, or not at all).
 */
export const CLOSING_NOTICE_HOURS = 48;
/** Consultations claimed per event per run; the next run (the outbox worker's next tick) takes the rest. */
const BATCH = 50;

type Event = 'opened' | 'closing' | 'report';
const KINDS: Record<Event, MessageKind> = { opened: 'consultation-opened', closing: 'consultation-closing', report: 'consultation-report' };
const STAMPS = { opened: 'notified_opened_at', closing: 'notified_closing_at', report: 'notified_report_at' } as const;

const languageOf = (locale: string | null): Language => (isUiLanguage(locale) ? locale : 'en');

/**
 * Whether the consultation's `event` is due at `now` and not yet mailed: the candidates' test, and
 * the claim's, on the very row the claim updates (PostgreSQL re-checks it on the newest version of
 * a row another sweep has just stamped; a subquery would read the old one).
 */
function isDue(event: Event, now: Date) {
  const closingFrom = new Date(now.getTime() + CLOSING_NOTICE_HOURS * 3600_000);
  return (eb: ExpressionBuilder<Tables, 'consultations'>) => {
    const common = [eb('published', '=', true), eb(STAMPS[event], 'is', null)];
    if (event === 'opened') return eb.and([...common, eb('opens_at', '<=', now), eb('closes_at', '>', now)]);
    // The closing mail waits for the opened one, which stands for both when it goes this late.
    if (event === 'closing') return eb.and([...common, eb('notified_opened_at', 'is not', null), eb('closes_at', '<=', closingFrom), eb('closes_at', '>', now)]);
    return eb.and([...common, eb('report_published_at', '<=', now)]);
  };
}

/** The followers' addresses and languages (enabled accounts). */
function followers(db: QueryBuilder, consultationId: string) {
  return db
    .selectFrom('consultation_followers as f')
    .innerJoin('users as u', 'u.id', 'f.user_id')
    .select(['u.email', 'u.locale'])
    .where('f.consultation_id', '=', consultationId)
    .where('u.disabled_at', 'is', null)
    .orderBy('u.email')
    .execute();
}

/** Claims the event for one consultation and writes its mails, all or nothing; false when another sweep had it. */
async function mailOne(db: QueryBuilder, event: Event, id: string, { now, publicUrl }: SweepOptions): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const closingFrom = new Date(now.getTime() + CLOSING_NOTICE_HOURS * 3600_000);
    const claimed = await trx
      .updateTable('consultations')
      .set((eb) => ({
        [STAMPS[event]]: now,
        // An opened mail sent within the closing window is the closing mail too.
        ...(event === 'opened' ? { notified_closing_at: eb.case().when('closes_at', '<=', closingFrom).then(eb.fn.coalesce('notified_closing_at', eb.val(now))).else(eb.ref('notified_closing_at')).end() } : {}),
      }))
      .where('id', '=', id)
      .where(isDue(event, now))
      .returning(['id', 'ref', 'slug', 'title', 'closes_at'])
      .executeTakeFirst();
    if (!claimed) return false;
    const recipients = await followers(trx, claimed.id);
    await enqueue(
      trx,
      KINDS[event],
      recipients.map((r) => ({ email: r.email, language: languageOf(r.locale) })),
      (language) => ({
        ref: claimed.ref,
        title: pickLocalized(claimed.title, language)?.text ?? claimed.ref,
        when: mailDate(language, claimed.closes_at),
        // The report is the consultations API's HTML report (research §8.2), which a browser opens as a page.
        url: `${publicUrl}/consultations/${claimed.slug}${event === 'report' ? '/report' : ''}`,
      }),
    );
    return true;
  });
}

/**
 * Mails each event due by `now` to the followers, each consultation's event in a transaction of
 * its own; safe to run in any number of instances at once. Returns how many consultations were
 * mailed about for each event.
 */
export async function sweepConsultationMail(db: QueryBuilder, options: SweepOptions): Promise<Record<Event, number>> {
  const counts: Record<Event, number> = { opened: 0, closing: 0, report: 0 };
  for (const event of ['opened', 'closing', 'report'] as const) {
    const candidates = await db.selectFrom('consultations').select('id').where(isDue(event, options.now)).orderBy('closes_at').limit(BATCH).execute();
    for (const { id } of candidates) if (await mailOne(db, event, id, options)) counts[event]++;
  }
  return counts;
}

/** The sweep the outbox worker runs on every tick (handed to it by `main.ts` through `app.ts`). */
export const consultationMailSweep: Sweep = { name: 'consultations', run: sweepConsultationMail };
