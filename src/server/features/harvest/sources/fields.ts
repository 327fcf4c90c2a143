import { CONTENT_LANGUAGES, type ContentLanguage } from '../../../../shared/languages.ts';
import { findRegion, normaliseFormat, normaliseLicense, type License } from '../../../../shared/catalog.ts';
import type { HarvestProblem } from '../../../../shared/problems.ts';
import type { HarvestedDataset, SourceItem } from '../harvest.types.ts';
import { isEmail, isWebUrl } from './validate.ts';
import { splitLastWord } from '../../../lib/text.ts';
import { errorMessage, reasonOf } from '../../../lib/fetchFault.ts';

/**
 * Field by field, what the adapters share: every value from a portal is untrusted JSON or RDF,
 * so each helper takes `unknown` and answers either a value the catalogue's schema accepts or
 * `undefined`. The adapters then build valid records by construction.
 */

export type Texts = Partial<Record<ContentLanguage, string>>;
export type JsonObject = Record<string, unknown>;

// ---- shapes ----

export function asObject(value: unknown): JsonObject | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : null;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A value that may be one item or a list of them (CKAN's `maintainer_email`, DCAT multi-values). */
export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** Drops the keys whose value is `undefined`, so records carry only what the source said. */
export function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

// ---- text ----

/** C0 controls but tab and line breaks, DEL, and the noncharacters U+FFFE and U+FFFF. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g;
/**
 * Direction overrides and isolates. None of the region's languages is written right to left, and
 * an override in a title is the classic trick for making a name read as something else.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
/** Half a surrogate pair cannot be stored (PostgreSQL refuses it in text and JSON alike). */
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A string (or a number, written out) cleaned for storage: without NUL and other control
 * characters, trimmed, whitespace collapsed unless `multiline`, and cut to `max` characters.
 */
export function text(value: unknown, max: number, multiline = false): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) value = String(value);
  if (typeof value !== 'string') return undefined;
  // Cleaning a 5 MB description only to keep 20,000 characters of it would be wasted work.
  const bounded = value.length > max * 2 + 1000 ? value.slice(0, max * 2 + 1000) : value;
  const cleaned = bounded.replace(LONE_SURROGATES, '\uFFFD').replace(CONTROL_CHARACTERS, '').replace(BIDI_CONTROLS, '');
  const spaced = multiline ? cleaned.replace(/\r\n?/g, '\n').split('\n').map((line) => line.trimEnd()).join('\n').trim() : cleaned.replace(/\s+/g, ' ').trim();
  return spaced ? cut(spaced, max) : undefined;
}

/** At most `max` characters, ending in "…" when cut, never splitting a surrogate pair. */
function cut(value: string, max: number): string {
  if (value.length <= max) return value;
  let kept = value.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(kept)) kept = kept.slice(0, -1);
  return `${kept.trimEnd()}…`;
}

/** Text by language from `{fi: …, en: …}`; keys that are not content languages are left out. */
export function localized(value: unknown, max: number, multiline = false): Texts | undefined {
  const object = asObject(value);
  if (!object) return undefined;
  const result: Texts = {};
  for (const lang of CONTENT_LANGUAGES) {
    const cleaned = text(object[lang], max, multiline);
    if (cleaned) result[lang] = cleaned;
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

/** The first of several candidates that has any text. */
export function firstTexts(...candidates: (Texts | undefined)[]): Texts | undefined {
  return candidates.find((candidate) => candidate && Object.keys(candidate).length > 0);
}

/** A text in one language, as `{lang: text}`, or undefined when there is no text. */
export function textIn(lang: ContentLanguage, value: unknown, max: number, multiline = false): Texts | undefined {
  const cleaned = text(value, max, multiline);
  return cleaned ? { [lang]: cleaned } : undefined;
}

/** A language tag ("fi", "fi-FI", "FIN", an EU language IRI) as a content language. */
export function contentLanguage(tag: unknown): ContentLanguage | null {
  if (typeof tag !== 'string') return null;
  const code = tag.trim().replace(/^.*\/language\//, '').toLowerCase().split(/[-_]/)[0];
  const threeLetter: Record<string, ContentLanguage> = { fin: 'fi', est: 'et', eng: 'en', swe: 'sv', rus: 'ru' };
  if ((CONTENT_LANGUAGES as readonly string[]).includes(code)) return code as ContentLanguage;
  return threeLetter[code] ?? null;
}

/** The language a portal writes untagged text in, guessed from its address. */
export function languageOfHost(url: string): ContentLanguage {
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    return 'en';
  }
  if (host.endsWith('.fi')) return 'fi';
  if (host.endsWith('.ee')) return 'et';
  return 'en';
}

/** Up to 50 distinct keywords of at most 100 characters. */
export function keywords(values: unknown): string[] {
  const result: string[] = [];
  const seen = new Set<string>();
  for (const value of asList(values)) {
    const keyword = text(typeof value === 'object' ? asObject(value)?.name : value, 100);
    if (!keyword || seen.has(keyword.toLowerCase())) continue;
    seen.add(keyword.toLowerCase());
    result.push(keyword);
    if (result.length === 50) break;
  }
  return result;
}

/** Keywords by language; languages without any keyword are left out. */
export function keywordsByLanguage(byLanguage: Partial<Record<ContentLanguage, unknown[]>>): HarvestedDataset['keywords'] {
  const result: NonNullable<HarvestedDataset['keywords']> = {};
  for (const lang of CONTENT_LANGUAGES) {
    const list = keywords(byLanguage[lang]);
    if (list.length > 0) result[lang] = list;
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

// ---- identifiers and addresses ----

/**
 * An identifier as the source writes it (trimmed), or undefined. One longer than `max` is refused
 * rather than cut: a cut identifier would name another record, or none.
 */
export function identifier(value: unknown, max = 500): string | undefined {
  const cleaned = text(value, max + 1);
  return cleaned && cleaned.length <= max ? cleaned : undefined;
}

const DATASET_NAME = /^[a-z0-9]+([-_][a-z0-9]+)*$/;

/** The dataset's short name, when the source's fits the catalogue's pattern. */
export function datasetName(value: unknown): string | undefined {
  const name = text(value, 100)?.toLowerCase();
  return name && name.length >= 2 && DATASET_NAME.test(name) ? name : undefined;
}

/**
 * An absolute http(s) address the catalogue accepts, or undefined. The WHATWG parser resolves
 * and normalises it; what it leaves that RFC 3986 forbids ("|", "[", a bare "%") is
 * percent-encoded.
 */
export function webUrl(value: unknown, base?: string): string | undefined {
  const raw = text(value, 4000);
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const href = strictUri(url.href, url.protocol.length + 2);
  return href.length <= 2000 && isWebUrl(href) ? href : undefined;
}

function strictUri(href: string, authorityStart: number): string {
  const pathStart = href.indexOf('/', authorityStart);
  if (pathStart < 0) return href;
  let fragmentStarted = false;
  const rest = href.slice(pathStart).replace(/%(?![0-9A-Fa-f]{2})|#|[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/g, (char) => {
    if (char === '%') return '%25';
    if (char === '#' && !fragmentStarted) {
      fragmentStarted = true;
      return char;
    }
    return encodeURIComponent(char).replace(/[!'()*#]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  });
  return href.slice(0, pathStart) + rest;
}

/** The first usable address among candidates. */
export function firstWebUrl(...candidates: unknown[]): string | undefined {
  for (const candidate of candidates.flatMap(asList)) {
    const url = webUrl(typeof candidate === 'object' ? asObject(candidate)?.url : candidate);
    if (url) return url;
  }
  return undefined;
}

/** The first usable e-mail address in a value, a list, or "a@x; b@y", without "mailto:". */
export function email(value: unknown): string | undefined {
  for (const candidate of asList(value)) {
    const raw = text(candidate, 2000);
    if (!raw) continue;
    for (const part of raw.split(/[;,\s]+/)) {
      const address = part.replace(/^mailto:/i, '').split('?')[0].trim();
      if (address && address.length <= 200 && isEmail(address)) return address;
    }
  }
  return undefined;
}

// ---- dates and numbers ----

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * A full ISO date-time in UTC ("…Z"). A stamp without a zone is taken as UTC, as CKAN writes
 * `metadata_modified`; a date alone is its midnight.
 */
export function isoDateTime(value: unknown): string | undefined {
  const raw = text(value, 100);
  const match = raw ? ISO_DATE_TIME.exec(raw) : null;
  if (!match) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone = 'Z'] = match;
  if (!isCalendarDay(Number(y), Number(mo), Number(d)) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const millis = Math.round(Number(`0${fraction}`) * 1000);
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Math.min(millis, 999));
  const iso = new Date(utc - zoneOffsetMinutes(zone) * 60_000).toISOString();
  return /^\d{4}-/.test(iso) ? iso : undefined;
}

function zoneOffsetMinutes(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const [, sign, hours, minutes] = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
  return (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
}

/**
 * A calendar day "YYYY-MM-DD", from a date, a date-time (its date as written), a year-month or a
 * year; a period's end (`end`) is its last day, its start the first.
 */
export function isoDay(value: unknown, end = false): string | undefined {
  const raw = text(value, 100);
  if (!raw) return undefined;
  const full = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(raw);
  if (full) return isCalendarDay(Number(full[1]), Number(full[2]), Number(full[3])) ? `${full[1]}-${full[2]}-${full[3]}` : undefined;
  const partial = /^(\d{4})(?:-(\d{2}))?$/.exec(raw);
  if (!partial || Number(partial[1]) < 1000) return undefined;
  const year = Number(partial[1]);
  const month = partial[2] ? Number(partial[2]) : end ? 12 : 1;
  if (month < 1 || month > 12) return undefined;
  const day = end ? new Date(Date.UTC(year, month, 0)).getUTCDate() : 1;
  return `${partial[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function isCalendarDay(year: number, month: number, day: number): boolean {
  if (year < 1000 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A size in bytes from a number or a numeric string ("1024", "1.5e3"). */
export function byteSize(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+(\.\d+)?(e\d+)?\s*$/i.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(number) || number < 0 || number > 1e15) return undefined;
  return Math.round(number);
}

// ---- formats, media types, licences, places ----

const FORMAT = /^[A-Z0-9_+.-]+$/;

/** An EU file-type code ("CSV", "GEOJSON") from what a portal writes ("csv", "text/csv", an IRI). */
export function fileFormat(value: unknown): string | undefined {
  const raw = text(value, 200);
  let format = raw ? normaliseFormat(raw) : null;
  if (!format) return undefined;
  if (/^[A-Z]+\/[A-Z0-9.+_-]+$/.test(format)) format = format.slice(format.indexOf('/') + 1);
  format = format.replace(/\s+/g, '_');
  return format.length <= 40 && FORMAT.test(format) ? format : undefined;
}

/** A media type "type/subtype" without parameters, from a string or an IANA address. */
export function mediaType(value: unknown): string | undefined {
  const raw = text(value, 300);
  if (!raw) return undefined;
  const type = raw.replace(/^https?:\/\/www\.iana\.org\/assignments\/media-types\//i, '').split(';')[0].trim().toLowerCase();
  return type.length <= 120 && /^[a-z]+\/[a-zA-Z0-9.+_-]+$/.test(type) ? type : undefined;
}

const NO_LICENCE = new Set(['notspecified', 'not specified', 'license not specified', 'none', 'unknown']);

/**
 * The licence in the EU list from the source's candidates (code, address, title; the first that
 * is known wins). When none is known, `OTHER` with the source's own address or name kept.
 */
export function licence(...candidates: unknown[]): { license: License | null; licenseUrl: string | null } {
  const named = candidates.map((candidate) => text(candidate, 2000)).filter((v): v is string => !!v && !NO_LICENCE.has(v.toLowerCase()));
  for (const candidate of named) {
    const known = normaliseLicense(candidate) ?? null;
    if (known && known !== 'OTHER') return { license: known, licenseUrl: null };
    const recognised = creativeCommons(candidate) ?? licenceByWords(candidate);
    if (recognised) return { license: recognised, licenseUrl: null };
  }
  if (named.length === 0) return { license: null, licenseUrl: null };
  return { license: 'OTHER', licenseUrl: named.find((candidate) => webUrl(candidate)) ?? named[0] };
}

/** Creative Commons addresses as written in the wild: http or https, no trailing slash, a deed page. */
function creativeCommons(value: string): License | null {
  const match = /^https?:\/\/(?:www\.)?creativecommons\.org\/(licenses|publicdomain)\/([a-z-]+)\/(\d\.\d)/i.exec(value);
  if (!match) return null;
  const known = normaliseLicense(`https://creativecommons.org/${match[1].toLowerCase()}/${match[2].toLowerCase()}/${match[3]}/`);
  return known && known !== 'OTHER' ? known : null;
}

/**
 * Licence names as portals spell them out ("CC BY 4.0", "Creative Commons Attribution 4.0
 * International", "Creative Commons Nimeä 4.0", "Creative Commons Autorile viitamine 4.0").
 */
function licenceByWords(name: string): License | null {
  const lower = name.toLowerCase().replace(/[_\s]+/g, ' ');
  if (/\bcc0\b|cc zero|publicdomain\/zero|public domain dedication/.test(lower)) return 'CC0';
  if (!/\bcc[ -]?by\b|attribution|nimeä|viitamine|erkännande/.test(lower)) return null;
  const shareAlike = /\bsa\b|sharealike|share-alike|share alike|jaa samoin|jagamine samadel/.test(lower);
  const nonCommercial = /\bnc\b|noncommercial|non-commercial|ei kaupalli|mitteäri/.test(lower);
  if (/\b4[. ]0\b/.test(lower)) {
    if (shareAlike && nonCommercial) return null;
    return nonCommercial ? 'CC_BY_NC_4_0' : shareAlike ? 'CC_BY_SA_4_0' : 'CC_BY_4_0';
  }
  return /\b3[. ]0\b/.test(lower) && !shareAlike && !nonCommercial ? 'CC_BY_3_0' : null;
}

/** Regions of the catalogue named by place names ("Helsinki", "Tallinna linn", "Kogu Eesti"). */
export function regions(names: unknown): string[] {
  const codes: string[] = [];
  for (const name of asList(names)) {
    const cleaned = text(typeof name === 'object' ? asObject(name)?.name : name, 200);
    const region = cleaned ? placeNameVariants(cleaned).map((variant) => findRegion(variant)).find(Boolean) : undefined;
    if (region) codes.push(region.code);
  }
  return unique(codes);
}

const ADMINISTRATIVE_WORDS = new Set(['linn', 'vald', 'kaupunki', 'stad', 'kommun', 'kunta', 'city']);

/**
 * The name as written, without an administrative word ("Tallinna linn", "Espoon kaupunki"), and
 * without the Finnish genitive's "-n" that such a word leaves behind ("Espoon" → "Espoo").
 */
function placeNameVariants(name: string): string[] {
  const [head, word] = splitLastWord(name) ?? [name, ''];
  const bare = ADMINISTRATIVE_WORDS.has(word.toLowerCase()) ? head : name;
  return [name, bare, bare.replace(/n$/i, '')];
}

// ---- items ----

/** An error of a record that has an identifier, or of a page or the listing when it has none. */
export function failure(sourceIdentifier: string | null | undefined, problem: HarvestProblem): SourceItem {
  return { type: 'error', sourceIdentifier: sourceIdentifier ?? null, problem, record: sourceIdentifier != null };
}

/** An error of a record that has no identifier: a failed record all the same. */
export function unidentified(problem: HarvestProblem): SourceItem {
  return { type: 'error', sourceIdentifier: null, problem, record: true };
}

/** Where a listing has a record: its page and its place on it, both counted from 1. */
export interface ListingPlace {
  page: number;
  position: number;
}

/** A listed record that is not an object at all. */
export function notAnObject(at: ListingPlace): SourceItem {
  return unidentified({ code: 'record-not-object', params: at });
}

/** A listed record without an identifier, named by its place and by its name when it has one. */
export function withoutId(at: ListingPlace, name: string | undefined): SourceItem {
  return unidentified(name ? { code: 'named-record-without-id', params: { ...at, name } } : { code: 'record-without-id', params: at });
}

/** A record as `map` makes it: the record, or an error when it has no title (`map` answers null) or cannot be mapped (it throws). */
export function mappedItem(sourceIdentifier: string, map: () => HarvestedDataset | null): SourceItem {
  try {
    const record = map();
    return record ? { type: 'record', record } : failure(sourceIdentifier, { code: 'record-without-title', params: {} });
  } catch (error) {
    return failure(sourceIdentifier, { code: 'record-unmappable', params: { reason: reasonOf(error) } });
  }
}

/** Cancelling a harvest is not a portal's failure: it ends the reader at once. */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('the harvest was cancelled');
}

/** A contact point, or undefined when the source names no one and no address. */
export function contactOrUndefined(contact: { name?: string; email?: string; url?: string }): HarvestedDataset['contactPoint'] {
  return contact.name || contact.email || contact.url ? definedOnly(contact) : undefined;
}
