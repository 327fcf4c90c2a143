import { createHash } from 'node:crypto';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import type { QueryBuilder } from '../../db/tables.ts';
import { cache } from '../../lib/cache.ts';
import type { DialogueRow } from './dialogues.repository.ts';

/**
 * iCalendar (RFC 5545) for dialogues: one event per dialogue, in the time zone it was planned in,
 * with that zone's rules written out so every calendar reads the times alike.
 */

const CRLF = '\r\n';

/** Helsinki and Tallinn both keep EET/EEST by the EU's rules (last Sundays of March and October, 01:00 UTC). */
function vtimezone(tzid: string): string[] {
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${tzid}`,
    'BEGIN:DAYLIGHT',
    'TZOFFSETFROM:+0200',
    'TZOFFSETTO:+0300',
    'TZNAME:EEST',
    'DTSTART:19700329T030000',
    'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
    'END:DAYLIGHT',
    'BEGIN:STANDARD',
    'TZOFFSETFROM:+0300',
    'TZOFFSETTO:+0200',
    'TZNAME:EET',
    'DTSTART:19701025T040000',
    'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
    'END:STANDARD',
    'END:VTIMEZONE',
  ];
}

/** TEXT values escape backslash, semicolon, comma and line breaks (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** Lines longer than 75 octets continue on the next line after a space, never inside a UTF-8 character. */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line) <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  for (const char of line) {
    const bytes = Buffer.byteLength(char);
    const limit = parts.length === 0 ? 75 : 74;
    if (size + bytes > limit) {
      parts.push(current);
      current = '';
      size = 0;
    }
    current += char;
    size += bytes;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

const pad = (n: number) => String(n).padStart(2, '0');

export function utcStamp(date: Date): string {
  return `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
}

const wallClocks = new Map<string, Intl.DateTimeFormat>();
/** One formatter per zone: building an Intl formatter costs more than formatting a whole event. */
function wallClock(timeZone: string) {
  let format = wallClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    wallClocks.set(timeZone, format);
  }
  return format;
}

/** The wall-clock time of an instant in a zone, as iCalendar's local DATE-TIME. */
export function localStamp(date: Date, timeZone: string): string {
  const parts: Record<string, string> = {};
  for (const part of wallClock(timeZone).formatToParts(date)) parts[part.type] = part.value;
  return `${parts.year}${parts.month}${parts.day}T${parts.hour}${parts.minute}${parts.second}`;
}

/**
 * DTSTART or DTEND as the wall-clock time in the dialogue's zone, which calendars show as planned,
 * unless the autumn repeats that time: it then names two instants, and clients disagree on which
 * (RFC 5545 3.3.5 says the first; ical.js takes the second), so such an instant is written in UTC.
 * Helsinki and Tallinn repeat an hour, so a repeated time's other pass is an hour away.
 */
function dateTimeProperty(name: 'DTSTART' | 'DTEND', date: Date, timeZone: string): string {
  const local = localStamp(date, timeZone);
  const repeated = [-HOUR_MS, HOUR_MS].some((shift) => localStamp(new Date(date.getTime() + shift), timeZone) === local);
  return repeated ? `${name}:${utcStamp(date)}` : `${name};TZID=${timeZone}:${local}`;
}

const HOUR_MS = 3_600_000;

export interface CalendarOptions {
  language: ContentLanguage;
  publicUrl: string;
  /** Names the calendar in clients that show one (the feed). */
  name?: string;
  /** METHOD:REQUEST with organiser and attendees, for e-mailed invitations. */
  invitation?: { organizerEmail: string; organizerName: string; attendees: { email: string; name: string | null }[] };
}

function event(row: DialogueRow, options: CalendarOptions): string[] {
  const title = pickLocalized(row.title, options.language)?.text ?? row.ref;
  const description = pickLocalized(row.description, options.language)?.text;
  const url = `${options.publicUrl}/dialogues/${row.ref}`;
  const location = [row.place, row.online_url].filter(Boolean).join(' · ');
  const lines = [
    'BEGIN:VEVENT',
    `UID:${row.id}@talsinki`,
    `DTSTAMP:${utcStamp(row.updated_at)}`,
    dateTimeProperty('DTSTART', row.starts_at, row.time_zone),
    dateTimeProperty('DTEND', row.ends_at, row.time_zone),
    `SEQUENCE:${row.sequence}`,
    `STATUS:${row.state === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
    `SUMMARY:${escapeText(`${title} (${row.ref})`)}`,
    `DESCRIPTION:${escapeText([description, url].filter(Boolean).join('\n\n'))}`,
    ...(location ? [`LOCATION:${escapeText(location)}`] : []),
    `URL:${url}`,
    `CATEGORIES:${row.type.toUpperCase()}`,
    `CLASS:${row.visibility === 'public' ? 'PUBLIC' : 'CONFIDENTIAL'}`,
  ];
  if (options.invitation) {
    lines.push(`ORGANIZER;CN=${escapeParam(options.invitation.organizerName)}:mailto:${options.invitation.organizerEmail}`);
    for (const attendee of options.invitation.attendees) {
      lines.push(`ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE${attendee.name ? `;CN=${escapeParam(attendee.name)}` : ''}:mailto:${attendee.email}`);
    }
  }
  lines.push('END:VEVENT');
  return lines;
}

/** Parameter values are quoted, and quotes cannot be escaped inside them, so they are dropped. */
function escapeParam(value: string): string {
  return `"${value.replace(/["\r\n]/g, '')}"`;
}

export function calendar(rows: DialogueRow[], options: CalendarOptions): string {
  const zones = [...new Set(rows.map((row) => row.time_zone))].sort();
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Talsinki//Dialogues//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${options.invitation ? 'REQUEST' : 'PUBLISH'}`,
    ...(options.name ? [`X-WR-CALNAME:${escapeText(options.name)}`, 'REFRESH-INTERVAL;VALUE=DURATION:PT1H', 'X-PUBLISHED-TTL:PT1H'] : []),
    ...zones.flatMap(vtimezone),
    ...rows.flatMap((row) => event(row, options)),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}

/** A calendar feed as served: its text and the ETag that names it. */
export interface CalendarFeed {
  etag: string;
  body: string;
}

const feeds = cache.section<CalendarFeed>('dialogues.calendar', (feed) => Buffer.byteLength(feed.body) + feed.etag.length);

/**
 * A feed kept by database and `version` (what in it may have changed) under `key` (what else it
 * is written for: language, address), written by `write` when not kept.
 */
export function keptCalendarFeed(db: QueryBuilder, version: string, key: string, write: () => Promise<string>): Promise<CalendarFeed> {
  return feeds.fetch(db, version, key, async () => {
    const body = await write();
    return { etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`, body };
  });
}
