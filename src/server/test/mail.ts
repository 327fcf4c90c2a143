import type { Database } from '../db/connection.ts';
import { createTransport, deliverOutbox } from '../features/notifications/notifications.service.ts';

const TEST_MAIL_FROM = 'Talsinki <no-reply@talsinki.example>';

/** Runs the outbox once against an SMTP server, as the worker does every few seconds. */
export async function deliverOnce(db: Database, smtpUrl: string) {
  const transport = createTransport(smtpUrl);
  try {
    return await deliverOutbox(db.kysely, transport, TEST_MAIL_FROM);
  } finally {
    transport.close();
  }
}

/**
 * A raw message as a reader sees it: headers unfolded and their encoded words (RFC 2047) read,
 * the body's quoted-printable undone, and the bytes read as UTF-8. Test data only: the messages
 * are our own.
 */
export function mailText(raw: string): string {
  const byte = (hex: string) => String.fromCharCode(parseInt(hex, 16));
  // Only the header is folded; in the body a soft line break may well come before a space.
  const headerEnd = raw.indexOf('\r\n\r\n');
  const unfolded = headerEnd < 0 ? raw.replace(/\r\n[ \t]+/g, ' ') : raw.slice(0, headerEnd).replace(/\r\n[ \t]+/g, ' ') + raw.slice(headerEnd);
  const words = unfolded.replace(/=\?UTF-8\?([QB])\?([^?]*)\?=(?:\s+(?==\?UTF-8\?))?/gi, (_, encoding: string, word: string) =>
    encoding.toUpperCase() === 'B' ? Buffer.from(word, 'base64').toString('latin1') : word.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (__, hex) => byte(hex)),
  );
  // Quoted-printable is the body's only: a header's "=05" (a token in an address) stays as it is.
  const split = words.indexOf('\r\n\r\n');
  const [head, rest] = split < 0 ? ['', words] : [words.slice(0, split), words.slice(split)];
  const body = rest.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex) => byte(hex));
  return Buffer.from(head + body, 'latin1').toString('utf8');
}
