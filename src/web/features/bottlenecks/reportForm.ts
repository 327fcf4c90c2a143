import type { CountryCode } from '../../../shared/countries.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import type { Domain, Situation, Topic } from '../../../shared/register.ts';
import type { Body } from '../../app/api.ts';
import { formChoice, formChoices, formOptional, formText } from '../../components/useSubmit.ts';

/**
 * The report form's data, kept apart from `ReportPage` so it is tested alone: what the
 * similar-titles lookup asks for as the title is typed, the body a report is filed with, and the
 * files attached after filing.
 */

/** Titles shorter than this find too much to be worth offering. */
export const SIMILAR_MIN = 8;

/** The title to look similar reports up by, or null while it is too short to ask. */
export function similarTitle(title: string): string | null {
  const text = title.trim();
  return text.length < SIMILAR_MIN ? null : text.slice(0, 200);
}

/** The body of `POST /api/bottlenecks` from the form: what is left empty is left out, and the server names what it needs. */
export function reportBody(form: FormData): Body<'post', '/api/bottlenecks'> {
  const links = formText(form, 'evidenceLinks').split(/\s+/).filter(Boolean);
  const estimate = formText(form, 'affectedEstimate').trim();
  return {
    title: formText(form, 'title'),
    description: formText(form, 'description'),
    language: formChoice<ContentLanguage>(form, 'language'),
    // A domain left unchosen is left out, and the server names the field.
    domain: formOptional<Domain>(form, 'domain') as Domain,
    topics: formChoices<Topic>(form, 'topics'),
    countries: formChoices<CountryCode>(form, 'countries'),
    situation: formOptional<Situation>(form, 'situation'),
    institutionId: formOptional(form, 'institutionId'),
    serviceName: formOptional(form, 'serviceName'),
    affectedEstimate: estimate ? Number(estimate) : undefined,
    evidenceLinks: links.length ? links : undefined,
    // As one form of each letter (NFC), so an address typed on another keyboard is the same one.
    reporterEmail: formOptional(form, 'reporterEmail')?.trim().normalize('NFC'),
  };
}

/** The report form's name for its draft (`useDraft`); a new report is its only item. */
export const REPORT_FORM = 'report';

/** The files chosen to go with the report (none when the input is left empty). */
export function chosenFiles(form: FormData): File[] {
  return form.getAll('files').filter((file): file is File => file instanceof File && file.size > 0);
}

/** A file sent with the report: attached under `name`, or not, and why. */
export interface FileResult {
  name: string;
  error?: unknown;
}

/** The reporter's private status page: the token rides in the fragment, which no server or Referer sees. */
export function reportStatusPath(token: string): string {
  return `/bottlenecks/status#${token}`;
}

/** The status token of the page's address (its fragment), or null when there is none that could be one. */
export function statusTokenOf(hash: string): string | null {
  const token = hash.replace(/^#/, '');
  return /^[A-Za-z0-9_-]{20,100}$/.test(token) ? token : null;
}

/** The file a "attach" form holds, or null when none was chosen (an empty file input sends a nameless empty file). */
export function chosenFile(form: FormData): File | null {
  const file = form.get('file');
  return file instanceof File && file.size > 0 ? file : null;
}
