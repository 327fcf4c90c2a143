import type { DialogueType, TimeZone, Visibility } from '../../../shared/dialogues.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import type { Domain } from '../../../shared/register.ts';
import type { Body, GetAnswer } from '../../app/api.ts';
import { isRecord, isString } from '../../components/draftParts.ts';
import { bottleneckItem, bottleneckKind, institutionItem, institutionKind, type BottleneckItem, type InstitutionItem } from '../../components/pickerKinds.ts';
import { formChoice, formChoices, formText } from '../../components/useSubmit.ts';
import { FORM_LANGUAGES } from '../../components/LocalizedFields.tsx';

/**
 * The dialogue form's data: the participants and agenda items it edits as rows (each with its
 * institution or bottleneck picked), the outcomes it edits as lines, and the API body they become.
 * Kept apart from the component so each is tested alone.
 */

type Dialogue = GetAnswer<'/api/dialogues/{id}'>;
type DialogueCreate = Body<'post', '/api/dialogues'>;
type DialogueChanges = Body<'patch', '/api/dialogues/{id}'>;


export interface ParticipantRow {
  key: number;
  institution: InstitutionItem | null;
  name: string;
  role: string;
  email: string;
  consentToBeNamed: boolean;
}

export const BLANK_PARTICIPANT: Omit<ParticipantRow, 'key'> = { institution: null, name: '', role: '', email: '', consentToBeNamed: false };

/** The saved participants as the form's rows. */
export function participantRows(participants: Dialogue['participants'] | undefined): ParticipantRow[] {
  return (participants ?? []).map((p, key) => ({ key, institution: p.institution ? institutionItem(p.institution) : null, name: p.name ?? '', role: p.role ?? '', email: p.email ?? '', consentToBeNamed: p.consentToBeNamed }));
}

/** The rows as the API takes them: trimmed, and what is empty left out (consent is always said). */
export function participantsBody(rows: readonly ParticipantRow[]): NonNullable<DialogueCreate['participants']> {
  return rows.map((p) => ({
    ...(p.institution ? { institutionId: p.institution.value } : {}),
    ...(p.name.trim() ? { name: p.name.trim() } : {}),
    ...(p.role.trim() ? { role: p.role.trim() } : {}),
    ...(p.email.trim() ? { email: p.email.trim() } : {}),
    consentToBeNamed: p.consentToBeNamed,
  }));
}

/**
 * Rows read back from a form's draft: each as `row` reads it (null: not such a row), keyed anew
 * by position; null when any one is not.
 */
function readRows<R>(json: unknown, row: (value: Record<string, unknown>) => Omit<R, 'key'> | null): (R & { key: number })[] | null {
  if (!Array.isArray(json)) return null;
  const rows = json.map((value) => (isRecord(value) ? row(value) : null));
  return rows.every((read) => read !== null) ? rows.map((read, key) => ({ ...read, key }) as R & { key: number }) : null;
}

/** The participants' rows kept in a draft (the part `participants`). */
export function readParticipantRows(json: unknown): ParticipantRow[] | null {
  return readRows<ParticipantRow>(json, (p) => {
    const institution = p.institution === null || institutionKind.isItem(p.institution) ? p.institution : undefined;
    if (institution === undefined || !isString(p.name) || !isString(p.role) || !isString(p.email) || typeof p.consentToBeNamed !== 'boolean') return null;
    return { institution, name: p.name, role: p.role, email: p.email, consentToBeNamed: p.consentToBeNamed };
  });
}

/** A text area's lines, trimmed, without the blank ones. */
export function lines(value: FormDataEntryValue | null): string[] {
  return String(value ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/** One agenda item as the form edits it: its title, and the bottleneck it discusses, if any. */
export interface AgendaRow {
  key: number;
  title: string;
  bottleneck: BottleneckItem | null;
}

export const BLANK_AGENDA_ITEM: Omit<AgendaRow, 'key'> = { title: '', bottleneck: null };

/** The saved agenda as the form's rows. */
export function agendaRows(agenda: Dialogue['agenda'] | undefined): AgendaRow[] {
  return (agenda ?? []).map((item, key) => ({ key, title: item.title, bottleneck: item.bottleneck ? bottleneckItem(item.bottleneck) : null }));
}

/** The agenda's rows kept in a draft (the part `agenda`). */
export function readAgendaRows(json: unknown): AgendaRow[] | null {
  return readRows<AgendaRow>(json, (item) => {
    const bottleneck = item.bottleneck === null || bottleneckKind.isItem(item.bottleneck) ? item.bottleneck : undefined;
    return bottleneck === undefined || !isString(item.title) ? null : { title: item.title, bottleneck };
  });
}

/**
 * The rows as the API takes them: titles trimmed, a bottleneck by its reference. A row left
 * wholly blank is no item; one with a bottleneck and no title is sent, for the server to name
 * the missing title.
 */
export function agendaBody(rows: readonly AgendaRow[]): NonNullable<DialogueCreate['agenda']> {
  return rows.filter((row) => row.title.trim() || row.bottleneck).map((row) => ({ title: row.title.trim(), ...(row.bottleneck ? { bottleneck: row.bottleneck.value } : {}) }));
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
export function dialogueRequest(form: FormData, rows: { participants: readonly ParticipantRow[]; agenda: readonly AgendaRow[] }, saved: Dialogue | null | undefined): { ref: string; changes: DialogueChanges } | { create: DialogueCreate } {
  const timeZone = formChoice<TimeZone>(form, 'timeZone');
  const text = (key: string) => formText(form, key).trim();
  const title = Object.fromEntries(FORM_LANGUAGES.map((lang) => [lang, text(`title-${lang}`)]).filter(([, v]) => v));
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
    bottlenecks: formChoices(form, 'bottlenecks'),
    agenda: agendaBody(rows.agenda),
    participants: participantsBody(rows.participants),
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
  bottleneck: BottleneckItem | null;
}

export const BLANK_FINDING: Omit<FindingRow, 'key'> = { text: '', code: '', domain: '', bottleneck: null };

export function findingRows(findings: Dialogue['findings']): FindingRow[] {
  return findings.map((f, key) => ({ key, text: f.text, code: f.code, domain: f.domain ?? '', bottleneck: f.bottleneck ? bottleneckItem(f.bottleneck) : null }));
}

/** The findings as `PUT /api/dialogues/{id}/interview` takes them: trimmed, no domain or bottleneck when none is given. */
export function findingsBody(rows: readonly FindingRow[]): Body<'put', '/api/dialogues/{id}/interview'>['findings'] {
  return rows.map((f) => ({ text: f.text.trim(), code: f.code.trim(), ...(f.domain ? { domain: f.domain } : {}), ...(f.bottleneck ? { bottleneck: f.bottleneck.value } : {}) }));
}
