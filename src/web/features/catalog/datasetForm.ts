import type { LocalizedTextValue } from '../../../shared/localized.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import type { DatasetDetail, Distribution, DistributionInput } from '../../../shared/schemas/catalog.ts';
import type { Body } from '../../app/api.ts';
import { CONTENT_LANGUAGES } from '../../../shared/languages.ts';
import { isLocalized, isRecord, isString } from '../../components/draftParts.ts';
import { FORM_LANGUAGES } from '../../components/LocalizedFields.tsx';

/** What `POST /api/datasets` takes (and `PATCH /api/datasets/{id}`, every field of it). */
type DatasetCreate = Body<'post', '/api/datasets'>;

/**
 * The dataset form's data: what the form's fields hold, and the API body they become. Kept apart
 * from the components so the conversion is tested on its own.
 */

/** Languages the form writes titles, descriptions and keywords in; Russian texts a harvest brought are kept as they are. */

/** One row of the distributions editor, as text the inputs hold. */
export interface DistributionRow {
  key: number;
  title: string;
  accessUrl: string;
  downloadUrl: string;
  format: string;
  mediaType: string;
  byteSize: string;
  license: string;
  /** What the form does not edit (other languages of the title, the description, the data service), kept as it was. */
  kept: Pick<DistributionInput, 'title' | 'description' | 'accessService'>;
}

let nextKey = 1;
export function emptyRow(): DistributionRow {
  return { key: nextKey++, title: '', accessUrl: '', downloadUrl: '', format: '', mediaType: '', byteSize: '', license: '', kept: {} };
}

export function rowFromDistribution(distribution: Distribution, lang: ContentLanguage): DistributionRow {
  return {
    key: nextKey++,
    title: distribution.title?.[lang] ?? '',
    accessUrl: distribution.accessUrl,
    downloadUrl: distribution.downloadUrl ?? '',
    format: distribution.format ?? '',
    mediaType: distribution.mediaType ?? '',
    byteSize: distribution.byteSize === null ? '' : String(distribution.byteSize),
    license: distribution.license ?? '',
    kept: { title: distribution.title, description: distribution.description, accessService: distribution.accessService },
  };
}

/**
 * The distributions the form edits, and the language their titles are typed in (the page's when
 * they were first shown): a draft keeps both (the part `distributions`), so a title typed in Finnish
 * stays the Finnish title when the draft comes back on an English page.
 */
export interface DistributionRows {
  lang: ContentLanguage;
  rows: DistributionRow[];
}

const ROW_TEXTS = ['title', 'accessUrl', 'downloadUrl', 'format', 'mediaType', 'byteSize', 'license'] as const;
const isLocalizedOrNone = (value: unknown) => value === undefined || value === null || isLocalized(value);

/** The distributions kept in a draft, keyed anew; null when any row is not one. */
export function readDistributionRows(json: unknown): DistributionRows | null {
  if (!isRecord(json) || !(CONTENT_LANGUAGES as readonly unknown[]).includes(json.lang) || !Array.isArray(json.rows)) return null;
  const rows: DistributionRow[] = [];
  for (const [index, row] of json.rows.entries()) {
    if (!isRecord(row) || !ROW_TEXTS.every((field) => isString(row[field])) || !isRecord(row.kept)) return null;
    const { title, description, accessService } = row.kept;
    if (!isLocalizedOrNone(title) || !isLocalizedOrNone(description) || !(accessService === undefined || accessService === null || isRecord(accessService))) return null;
    const texts = Object.fromEntries(ROW_TEXTS.map((field) => [field, row[field]])) as Pick<DistributionRow, (typeof ROW_TEXTS)[number]>;
    rows.push({ ...texts, key: index, kept: row.kept as DistributionRow['kept'] });
  }
  return { lang: json.lang as ContentLanguage, rows };
}

/** What the distributions say, whatever the language they are shown in: what is compared to tell a change. */
export const distributionsOf = ({ lang, rows }: DistributionRows): DistributionInput[] => rows.map((row) => distributionFromRow(row, lang));

const orNull = (value: string) => value.trim() || null;

/** A size the server can check: a whole number as a number, anything else as typed (the server then says what is wrong). */
function byteSize(value: string): number | null {
  const text = value.trim();
  if (!text) return null;
  return /^\d+$/.test(text) ? Number(text) : (text as unknown as number);
}

/** Texts by language without the empty ones; null when none is left. */
function localized(value: LocalizedTextValue): LocalizedTextValue | null {
  const kept = Object.fromEntries(Object.entries(value).filter(([, text]) => text && text.trim()).map(([lang, text]) => [lang, text!.trim()]));
  return Object.keys(kept).length > 0 ? kept : null;
}

export function distributionFromRow(row: DistributionRow, lang: ContentLanguage): DistributionInput {
  return {
    title: localized({ ...(row.kept.title ?? {}), [lang]: row.title }) as DistributionInput['title'],
    description: row.kept.description ?? null,
    accessUrl: row.accessUrl.trim(),
    downloadUrl: orNull(row.downloadUrl),
    format: orNull(row.format)?.toUpperCase() ?? null,
    mediaType: orNull(row.mediaType),
    byteSize: byteSize(row.byteSize),
    license: (orNull(row.license) as DistributionInput['license']) ?? null,
    accessService: row.kept.accessService ?? null,
  };
}

/** "bus, tram , ,ferry" → ["bus", "tram", "ferry"]. */
export function splitKeywords(text: string): string[] {
  return [...new Set(text.split(',').map((word) => word.trim()).filter(Boolean))];
}

/**
 * The body of `POST /api/datasets` or `PATCH /api/datasets/{id}` from the form. Empty fields are
 * sent as null, so an edit can clear them; texts in languages the form does not show are kept.
 */
export function datasetBody(form: FormData, rows: DistributionRow[], lang: ContentLanguage, existing?: DatasetDetail | null): DatasetCreate {
  const text = (key: string) => String(form.get(key) ?? '').trim();
  const byLanguage = (prefix: string, before: LocalizedTextValue = {}) =>
    ({ ...before, ...Object.fromEntries(FORM_LANGUAGES.map((language) => [language, text(`${prefix}-${language}`)])) }) as LocalizedTextValue;
  const keywords = Object.fromEntries([
    ...Object.entries(existing?.keywords ?? {}).filter(([language]) => !(FORM_LANGUAGES as readonly string[]).includes(language)),
    ...FORM_LANGUAGES.map((language) => [language, splitKeywords(text(`keywords-${language}`))] as const),
  ].filter(([, list]) => list && list.length > 0));
  const contact = { name: orNull(text('contact-name')), email: orNull(text('contact-email')), url: orNull(text('contact-url')) };
  const name = text('name');
  return {
    ...(name && !existing ? { name } : {}),
    title: (localized(byLanguage('title', existing?.title)) ?? {}) as DatasetCreate['title'],
    description: (localized(byLanguage('description', existing?.description)) ?? {}) as DatasetCreate['description'],
    publisherId: orNull(text('publisherId')),
    themes: form.getAll('themes').map(String) as DatasetCreate['themes'],
    keywords,
    spatial: form.getAll('spatial').map(String) as DatasetCreate['spatial'],
    temporalStart: orNull(text('temporalStart')),
    temporalEnd: orNull(text('temporalEnd')),
    license: orNull(text('license')) as DatasetCreate['license'],
    accessRights: orNull(text('accessRights')) as DatasetCreate['accessRights'],
    frequency: orNull(text('frequency')) as DatasetCreate['frequency'],
    landingPage: orNull(text('landingPage')),
    contactPoint: contact.name || contact.email || contact.url ? contact : null,
    distributions: rows.map((row) => distributionFromRow(row, lang)),
  };
}
