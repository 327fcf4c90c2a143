import { sql } from 'kysely';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { pickLocalized, type LocalizedTextValue } from '../../../shared/localized.ts';
import type { QueryBuilder } from '../../db/tables.ts';
import { escapeText, foldLine, utcStamp } from '../dialogues/dialogues.ics.ts';

/**
 * The plan's milestones as an iCalendar feed (RFC 5545): one all-day event per milestone on its
 * due day, so a calendar shows what is due and when; a milestone met says so, and one of a
 * dropped action is cancelled. All-day dates need no time zone.
 */
const CRLF = '\r\n';

export async function milestonesForCalendar(db: QueryBuilder) {
  return db.selectFrom('action_milestones as m').innerJoin('actions as a', 'a.id', 'm.action_id')
    .select(['m.id', 'm.title', sql<string>`m.due_on::text`.as('due_on'), sql<string | null>`m.done_on::text`.as('done_on'), 'm.updated_at',
      'a.ref', sql<LocalizedTextValue>`a.title`.as('action_title'), 'a.state'])
    .orderBy('m.due_on').orderBy('m.id')
    .execute();
}
type MilestoneRow = Awaited<ReturnType<typeof milestonesForCalendar>>[number];

/** `2027-03-31` as iCalendar's DATE, and the day after (an all-day event ends the next day, exclusive). */
function day(iso: string, plusDays = 0): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + plusDays);
  return date.toISOString().slice(0, 10).replaceAll('-', '');
}

const DONE: Record<ContentLanguage, string> = { fi: 'Saavutettu', et: 'Saavutatud', en: 'Met', sv: 'Uppnådd', ru: 'Выполнено' };

function event(row: MilestoneRow, language: ContentLanguage, publicUrl: string): string[] {
  const title = pickLocalized(row.title, language)?.text ?? '';
  const action = pickLocalized(row.action_title, language)?.text ?? row.ref;
  const url = `${publicUrl}/actions/${row.ref}`;
  const done = row.done_on ? `${DONE[language]} ${row.done_on}` : null;
  return [
    'BEGIN:VEVENT',
    `UID:${row.id}@talsinki`,
    `DTSTAMP:${utcStamp(row.updated_at)}`,
    `DTSTART;VALUE=DATE:${day(row.due_on)}`,
    `DTEND;VALUE=DATE:${day(row.due_on, 1)}`,
    `SUMMARY:${escapeText(`${title} (${row.ref})`)}`,
    `DESCRIPTION:${escapeText([action, done, url].filter(Boolean).join('\n\n'))}`,
    `URL:${url}`,
    `STATUS:${row.state === 'dropped' ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:TRANSPARENT',
    'CATEGORIES:MILESTONE',
    'END:VEVENT',
  ];
}

export function milestonesCalendar(rows: readonly MilestoneRow[], language: ContentLanguage, publicUrl: string, name: string): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Talsinki//Joint action plan//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(name)}`,
    'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
    'X-PUBLISHED-TTL:PT1H',
    ...rows.flatMap((row) => event(row, language, publicUrl)),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}
