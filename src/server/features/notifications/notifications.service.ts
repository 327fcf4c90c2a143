import { sql, type Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import type { Language } from '../../../shared/languages.ts';
import { renderMessage, type MessageKind, type MessageVars } from './messages.ts';


export interface Recipient {
  email: string;
  language: Language;
}

const MAX_ATTEMPTS = 8;
const BATCH = 20;

/**
 * Puts one message per recipient in the outbox; call it in the transaction of the change. An
 * invitation carries its calendar event, written for the recipient alone (no other addresses).
 */
export async function enqueue(db: QueryBuilder, kind: MessageKind, recipients: Recipient[], vars: (language: Language) => MessageVars, icalEvent?: (recipient: Recipient) => string) {
  const unique = [...new Map(recipients.map((r) => [r.email.toLowerCase(), r])).values()];
  if (unique.length === 0) return;
  await db
    .insertInto('outbox')
    .values(
      unique.map((recipient) => {
        const message = renderMessage(kind, recipient.language, vars(recipient.language));
        return { to_address: recipient.email, subject: message.subject, body_text: message.body, ical_event: icalEvent?.(recipient) ?? null };
      }),
    )
    .execute();
}

/**
 * Sends what is due. Rows are claimed with `for update skip locked` and a lease, so any number
 * of server instances share the outbox and a crashed sender's messages are retried.
 */
export async function deliverOutbox(db: QueryBuilder, transport: Transporter, from: string): Promise<{ sent: number; failed: number }> {
  const claimed = await sql<{ id: number; to_address: string; subject: string; body_text: string; ical_event: string | null; attempts: number }>`
    update outbox set locked_until = now() + interval '2 minutes', attempts = attempts + 1
    where id in (
      select id from outbox
      where sent_at is null and failed_at is null and send_after <= now() and (locked_until is null or locked_until < now())
      order by send_after, id limit ${BATCH} for update skip locked)
    returning id, to_address, subject, body_text, ical_event, attempts`.execute(db);
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

/** Runs the outbox every `intervalMs` in this instance until `stop()` is called. */
export function startOutboxWorker(db: QueryBuilder, transport: Transporter, from: string, intervalMs: number, log: { error: (o: object, m: string) => void }) {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => deliverOutbox(db, transport, from)).catch((error) => log.error({ err: error }, 'outbox delivery failed'));
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      transport.close();
    },
  };
}
