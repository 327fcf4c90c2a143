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
    reporterEmail: formOptional(form, 'reporterEmail'),
  };
}

/** The file a "attach" form holds, or null when none was chosen (an empty file input sends a nameless empty file). */
export function chosenFile(form: FormData): File | null {
  const file = form.get('file');
  return file instanceof File && file.size > 0 ? file : null;
}
