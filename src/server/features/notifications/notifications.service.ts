import { sql, type Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import type { Language } from '../../../shared/languages.ts';
import { renderMessage, type MessageKind, type MessageVars } from './messages.ts';
import type { NoticeKind } from '../../../shared/schemas/notices.ts';
import { accountsFor, isNoticeKind, issueUnsubscribeToken, keepForDigest, noticeFooter, noticeReason, runDigest, unsubscribeHeader, type Account } from './notices.ts';


export interface Recipient {
  email: string;
  language: Language;
}

const MAX_ATTEMPTS = 8;

/** The kind of notice a message is, which a member's settings govern; null for a message that is no notice (it always goes). */
export function noticeKindOf(kind: MessageKind): NoticeKind | null {
  if (kind === 'milestone-due' || kind === 'milestone-slip') return 'milestone';
  if (kind === 'consultation-opened' || kind === 'consultation-closing' || kind === 'consultation-report') return 'consultation';
  return isNoticeKind(kind) ? kind : null;
}
const BATCH = 20;

/**
 * Puts one message per recipient in the outbox; call it in the transaction of the change. An
 * invitation carries its calendar event, written for the recipient alone (no other addresses).
 * A recipient with an account takes a notice as their settings say (issue 14): at once, with a
 * footer saying why it came and an unsubscribe link and header; kept for the daily digest; or not
 * at all. Other addresses (an anonymous reporter, a participant without an account) get it at once.
 */
export async function enqueue(db: QueryBuilder, kind: MessageKind, recipients: Recipient[], vars: (language: Language) => MessageVars, icalEvent?: (recipient: Recipient) => string) {
  const unique = [...new Map(recipients.map((r) => [r.email.toLowerCase(), r])).values()];
  if (unique.length === 0) return;
  const notice = noticeKindOf(kind);
  const accounts = notice ? await accountsFor(db, notice, unique.map((r) => r.email)) : new Map<string, Account>();
  const rows: { to_address: string; subject: string; body_text: string; ical_event: string | null; list_unsubscribe: string | null }[] = [];
  for (const recipient of unique) {
    const v = vars(recipient.language);
    const message = renderMessage(kind, recipient.language, v);
    const account = accounts.get(recipient.email.toLowerCase());
    if (!account || !notice) {
      rows.push({ to_address: recipient.email, subject: message.subject, body_text: message.body, ical_event: icalEvent?.(recipient) ?? null, list_unsubscribe: null });
      continue;
    }
    if (account.delivery === 'none') continue;
    if (account.delivery === 'digest') {
      await keepForDigest(db, account.userId, notice, message.subject, v.url);
      continue;
    }
    // Every link in a message starts with the public address, which is an origin: the web app
    // and its API live at the root.
    const site = new URL(v.url).origin;
    const token = await issueUnsubscribeToken(db, account.userId, [notice]);
    rows.push({
      to_address: recipient.email,
      subject: message.subject,
      body_text: message.body + noticeFooter(recipient.language, [notice], site, token, noticeReason(recipient.language, notice)),
      ical_event: icalEvent?.(recipient) ?? null,
      list_unsubscribe: unsubscribeHeader(site, token),
    });
  }
  if (rows.length) await db.insertInto('outbox').values(rows).execute();
}

/**
 * Sends what is due. Rows are claimed with `for update skip locked` and a lease, so any number
 * of server instances share the outbox and a crashed sender's messages are retried.
 */
export async function deliverOutbox(db: QueryBuilder, transport: Transporter, from: string): Promise<{ sent: number; failed: number }> {
  const claimed = await sql<{ id: number; to_address: string; subject: string; body_text: string; ical_event: string | null; list_unsubscribe: string | null; attempts: number }>`
    update outbox set locked_until = now() + interval '2 minutes', attempts = attempts + 1
    where id in (
      select id from outbox
      where sent_at is null and failed_at is null and send_after <= now() and (locked_until is null or locked_until < now())
      order by send_after, id limit ${BATCH} for update skip locked)
    returning id, to_address, subject, body_text, ical_event, list_unsubscribe, attempts`.execute(db);
  let sent = 0;
  let failed = 0;
  for (const message of claimed.rows) {
    try {
      await transport.sendMail({
        from,
        to: message.to_address,
        subject: message.subject,
        text: message.body_text,
        ...(message.ical_event ? { icalEvent: { method: 'REQUEST', filename: 'invitation.ics', content: message.ical_event } } : {}),
        // One-click unsubscribe as RFC 8058 describes (the sending MTA's DKIM signature should cover both).
        ...(message.list_unsubscribe ? { headers: { 'List-Unsubscribe': message.list_unsubscribe, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } } : {}),
      });
      await db.updateTable('outbox').set({ sent_at: new Date(), locked_until: null, last_error: null }).where('id', '=', message.id).execute();
      sent++;
    } catch (error) {
      failed++;
      const giveUp = message.attempts >= MAX_ATTEMPTS;
      // Back off 1, 2, 4 … minutes; after eight tries the message is marked failed and kept.
      await db
        .updateTable('outbox')
        .set({
          locked_until: null,
          last_error: String((error as Error).message).slice(0, 500),
          send_after: new Date(Date.now() + 2 ** (message.attempts - 1) * 60_000),
          ...(giveUp ? { failed_at: new Date() } : {}),
        })
        .where('id', '=', message.id)
        .execute();
    }
  }
  return { sent, failed };
}

export function createTransport(smtpUrl: string): Transporter {
  return nodemailer.createTransport(smtpUrl);
}

/** What a sweep is given: the clock (tests pass their own) and the public address its links start with. */
export interface SweepOptions {
  now: Date;
  publicUrl: string;
}

/**
 * Work that puts mail in the outbox when time, not a request, makes it due (a milestone coming
 * due). The outbox worker runs each on every tick, before the digest and delivery, so what it
 * writes goes out in the same tick. A sweep must be safe to run in several instances at once:
 * each message is claimed in the transaction that writes it. Sweeps are features' work, handed to
 * the worker by the composition root (`main.ts`), as this feature imports none of them.
 */
export interface Sweep {
  name: string;
  run(db: QueryBuilder, options: SweepOptions): Promise<unknown>;
}

/**
 * Runs the outbox every `intervalMs` in this instance until `stop()` is called: first the sweeps
 * (each on its own: one failing does not stop the others), then the daily digest (which writes
 * nothing until its hour, and each member's digest once), then delivery when it has a transport (without one, mail waits in the outbox).
 */
export function startOutboxWorker(db: QueryBuilder, transport: Transporter | null, from: string, intervalMs: number, log: { error: (o: object, m: string) => void }, publicUrl = 'http://localhost:8080', sweeps: readonly Sweep[] = []) {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    const options = (): SweepOptions => ({ now: new Date(), publicUrl });
    for (const sweep of sweeps) {
      running = running.then(() => sweep.run(db, options())).catch((error) => log.error({ err: error, sweep: sweep.name }, 'outbox sweep failed'));
    }
    running = running
      .then(() => runDigest(db, options()))
      .catch((error) => log.error({ err: error }, 'notice digest failed'))
      .then(() => transport && deliverOutbox(db, transport, from))
      .catch((error) => log.error({ err: error }, 'outbox delivery failed'));
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      transport?.close();
    },
  };
}
