import type { DialogueType, TimeZone, Visibility } from '../../../shared/dialogues.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import type { Domain } from '../../../shared/register.ts';
import type { Body, GetAnswer } from '../../app/api.ts';
import { formChoice, formChoices, formText } from '../../components/useSubmit.ts';

/**
 * The dialogue form's data: the participants it edits as rows, the agenda and outcomes it edits as
 * lines, and the API body they become. Kept apart from the component so each is tested alone.
 */

type Dialogue = GetAnswer<'/api/dialogues/{id}'>;
type DialogueCreate = Body<'post', '/api/dialogues'>;
type DialogueChanges = Body<'patch', '/api/dialogues/{id}'>;

export const TITLE_LANGUAGES = ['fi', 'et', 'en'] as const;

export interface ParticipantRow {
  key: number;
  institutionId: string;
  name: string;
  role: string;
  email: string;
  consentToBeNamed: boolean;
}

export const BLANK_PARTICIPANT: Omit<ParticipantRow, 'key'> = { institutionId: '', name: '', role: '', email: '', consentToBeNamed: false };

/** The saved participants as the form's rows. */
export function participantRows(participants: Dialogue['participants'] | undefined): ParticipantRow[] {
  return (participants ?? []).map((p, key) => ({ key, institutionId: p.institution?.id ?? '', name: p.name ?? '', role: p.role ?? '', email: p.email ?? '', consentToBeNamed: p.consentToBeNamed }));
}

/** The rows as the API takes them: trimmed, and what is empty left out (consent is always said). */
export function participantsBody(rows: readonly ParticipantRow[]): NonNullable<DialogueCreate['participants']> {
  return rows.map((p) => ({
    ...(p.institutionId ? { institutionId: p.institutionId } : {}),
    ...(p.name.trim() ? { name: p.name.trim() } : {}),
    ...(p.role.trim() ? { role: p.role.trim() } : {}),
    ...(p.email.trim() ? { email: p.email.trim() } : {}),
    consentToBeNamed: p.consentToBeNamed,
  }));
}

/** A text area's lines, trimmed, without the blank ones. */
export function lines(value: FormDataEntryValue | null): string[] {
  return String(value ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/** The agenda as the form shows it: an item a line, its bottleneck's reference in brackets after it. */
export function agendaText(agenda: Dialogue['agenda'] | undefined): string {
  return agenda?.map((item) => `${item.title}${item.bottleneck ? ` [${item.bottleneck.ref}]` : ''}`).join('\n') ?? '';
}

/** The agenda lines back as items: "Bus tickets [BN-2025-4]" names its bottleneck. */
export function parseAgenda(text: FormDataEntryValue | null): NonNullable<DialogueCreate['agenda']> {
  return lines(text).map((line) => {
    const [, item, bottleneck] = /^(.*?)(?:\s*\[(BN-\d{4}-\d+)\])?$/i.exec(line)!;
    return { title: item, ...(bottleneck ? { bottleneck } : {}) };
  });
}

/**
 * The description as saved with the text in the form's language set, or taken out when emptied:
 * its other translations are kept. `null` when no language is left.
 */
export function descriptionOf(saved: Record<string, string | undefined> | null | undefined, language: string, text: string): Record<string, string> | null {
  const next: Record<string, string> = Object.fromEntries(Object.entries(saved ?? {}).filter((entry): entry is [string, string] => entry[0] !== language && Boolean(entry[1])));
  if (text) next[language] = text;
  return Object.keys(next).length ? next : null;
}

/**
 * What submitting the form sends: the changes to the dialogue being edited (an emptied field
 * clears what was saved), or a new dialogue (what is empty left out).
 */
export function dialogueRequest(form: FormData, rows: readonly ParticipantRow[], saved: Dialogue | null | undefined): { ref: string; changes: DialogueChanges } | { create: DialogueCreate } {
  const timeZone = formChoice<TimeZone>(form, 'timeZone');
  const text = (key: string) => formText(form, key).trim();
  const title = Object.fromEntries(TITLE_LANGUAGES.map((lang) => [lang, text(`title-${lang}`)]).filter(([, v]) => v));
  const language = formChoice<ContentLanguage>(form, 'language');
  const description = descriptionOf(saved?.description, language, text('description'));
  const place = text('place');
  const onlineUrl = text('onlineUrl');
  const body = {
    type: formChoice<DialogueType>(form, 'type'),
    title,
    // The form's date-and-time fields send the instant meant (the zone read, a repeated hour asked).
    startsAt: text('startsAt'),
    endsAt: text('endsAt'),
    timeZone,
    organiserId: formText(form, 'organiserId'),
    domains: formChoices<Domain>(form, 'domains'),
    bottlenecks: text('bottlenecks').split(/[\s,]+/).filter(Boolean),
    agenda: parseAgenda(form.get('agenda')),
    participants: participantsBody(rows),
    language,
    visibility: formChoice<Visibility>(form, 'visibility'),
  };
  if (saved) return { ref: saved.ref, changes: { ...body, description, place: place || null, onlineUrl: onlineUrl || null, minutes: formText(form, 'minutes'), outcomes: lines(form.get('outcomes')) } };
  return { create: { ...body, ...(description ? { description } : {}), ...(place ? { place } : {}), ...(onlineUrl ? { onlineUrl } : {}) } };
}

/** One coded finding of an interview record, as the inputs hold it. */
export interface FindingRow {
  key: number;
  text: string;
  code: string;
  domain: Domain | '';
  bottleneck: string;
}

export const BLANK_FINDING: Omit<FindingRow, 'key'> = { text: '', code: '', domain: '', bottleneck: '' };

export function findingRows(findings: Dialogue['findings']): FindingRow[] {
  return findings.map((f, key) => ({ key, text: f.text, code: f.code, domain: f.domain ?? '', bottleneck: f.bottleneck?.ref ?? '' }));
}

/** The findings as `PUT /api/dialogues/{id}/interview` takes them: trimmed, no domain or bottleneck when none is given. */
export function findingsBody(rows: readonly FindingRow[]): Body<'put', '/api/dialogues/{id}/interview'>['findings'] {
  return rows.map((f) => ({ text: f.text.trim(), code: f.code.trim(), ...(f.domain ? { domain: f.domain } : {}), ...(f.bottleneck.trim() ? { bottleneck: f.bottleneck.trim() } : {}) }));
}
