/**
 * Namespaces and vocabulary IRIs of the catalogue's DCAT-AP 3.0.1 output. Codes of the EU
 * Vocabularies (src/shared/catalog.ts) become the IRIs of those vocabularies, so harvesters such
 * as data.europa.eu recognise them without a mapping. Everything here deals in IRI strings;
 * quads.ts turns them into RDF terms.
 */
import type { InstitutionType } from '../../../../shared/register.ts';
import { ACCESS_RIGHTS, FREQUENCIES, LICENSES, REGIONS, THEMES, normaliseFormat, type RegionEntry, type Theme } from '../../../../shared/catalog.ts';
import { trimEndOf } from '../../../lib/text.ts';
import { UI_LANGUAGES, type Language } from '../../../../shared/languages.ts';
import { THEME_NAMES } from '../../../lib/interfaceTexts.ts';

export const NAMESPACES = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  adms: 'http://www.w3.org/ns/adms#',
  dcatap: 'http://data.europa.eu/r5r/',
  hydra: 'http://www.w3.org/ns/hydra/core#',
  locn: 'http://www.w3.org/ns/locn#',
  owl: 'http://www.w3.org/2002/07/owl#',
} as const;
export type Prefix = keyof typeof NAMESPACES;

const inNamespace = (prefix: Prefix) => (local: string) => NAMESPACES[prefix] + local;
export const dcat = inNamespace('dcat');
export const dct = inNamespace('dct');
export const foaf = inNamespace('foaf');
export const vcard = inNamespace('vcard');
export const skos = inNamespace('skos');
export const xsd = inNamespace('xsd');
export const rdf = inNamespace('rdf');
export const adms = inNamespace('adms');
export const hydra = inNamespace('hydra');

const EU_AUTHORITY = 'http://publications.europa.eu/resource/authority/';

/** The ADMS publisher types (the vocabulary DCAT-AP names for `dct:type` of an agent). */
export const PUBLISHER_TYPE_SCHEME = 'http://purl.org/adms/publishertype/1.0';
const PUBLISHER_TYPES = {
  NationalAuthority: 'National authority',
  RegionalAuthority: 'Regional authority',
  LocalAuthority: 'Local authority',
  NonGovernmentalOrganisation: 'Non-governmental organisation',
  Company: 'Company',
  'Academia-ScientificOrganisation': 'Academia/Scientific organisation',
  SupraNationalAuthority: 'Supra-national authority',
} as const;
/**
 * An institution's type in the ADMS publisher types, where one says the same thing. A public
 * service provider or a cross-border body may be of several kinds, so it gets none rather than a guess.
 */
const PUBLISHER_TYPE_OF: Readonly<Partial<Record<InstitutionType, keyof typeof PUBLISHER_TYPES>>> = {
  ministry: 'NationalAuthority',
  state_agency: 'NationalAuthority',
  regional_authority: 'RegionalAuthority',
  municipality: 'LocalAuthority',
  ngo: 'NonGovernmentalOrganisation',
  business: 'Company',
  research: 'Academia-ScientificOrganisation',
  eu_body: 'SupraNationalAuthority',
};

export function publisherType(type: InstitutionType | null | undefined): { iri: string; label: string } | null {
  const code = type ? PUBLISHER_TYPE_OF[type] : undefined;
  return code ? { iri: `http://purl.org/adms/publishertype/${code}`, label: PUBLISHER_TYPES[code] } : null;
}
/** The ADMS licence types (the vocabulary DCAT-AP names for `dct:type` of a licence document). */
export const LICENCE_TYPE_SCHEME = 'http://purl.org/adms/licencetype/1.0';
const LICENCE_TYPES = {
  PublicDomain: 'Public domain',
  Attribution: 'Attribution',
  'ViralEffect-ShareAlike': 'Viral effect (a.k.a. Share-alike)',
  NonCommercialUseOnly: 'Non-commercial use only',
} as const;
/** What each licence of the EU list asks of a reuser, in the ADMS licence types (from the licences' own terms). */
const LICENCE_TYPES_OF: Readonly<Partial<Record<(typeof LICENSES)[number], (keyof typeof LICENCE_TYPES)[]>>> = {
  CC0: ['PublicDomain'],
  CC_BY_4_0: ['Attribution'],
  CC_BY_3_0: ['Attribution'],
  CC_BY_SA_4_0: ['Attribution', 'ViralEffect-ShareAlike'],
  CC_BY_NC_4_0: ['Attribution', 'NonCommercialUseOnly'],
  ODC_BY: ['Attribution'],
  ODC_ODBL: ['Attribution', 'ViralEffect-ShareAlike'],
};

/** The ADMS licence types of a licence of the EU list by its IRI; none for a licence the platform only knows by address. */
export function licenceTypes(iri: string): { iri: string; label: string }[] {
  const prefix = `${EU_AUTHORITY}licence/`;
  const code = iri.startsWith(prefix) ? iri.slice(prefix.length) : '';
  const types = isOneOf(LICENSES, code) ? LICENCE_TYPES_OF[code] ?? [] : [];
  return types.map((type) => ({ iri: `http://purl.org/adms/licencetype/${type}`, label: LICENCE_TYPES[type] }));
}

export const THEME_SCHEME_IRI = `${EU_AUTHORITY}data-theme`;

/** Names of the EU data-theme scheme, for the `dct:title` the shapes require of a concept scheme. */
export const THEME_SCHEME_TITLE = { en: 'Data theme', fi: 'Aineistojen teemat', et: 'Andmete teemad', sv: 'Datateman', ru: 'Темы данных' } as const;

/** Each EU data theme's names, a language-tagged label each (Russian, not an EU language, in the same words). */
export const THEME_LABELS: Readonly<Record<Theme, Record<Language, string>>> = Object.fromEntries(
  THEMES.map((theme) => [theme, Object.fromEntries(UI_LANGUAGES.map((lang) => [lang, THEME_NAMES[lang][theme]]))]),
) as Record<Theme, Record<Language, string>>;

const isOneOf = <T extends string>(list: readonly T[], value: string | null | undefined): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value);

/**
 * The EU authority table a term of it belongs to (`…/authority/frequency/DAILY` → `…/authority/frequency`).
 * Stated with `skos:inScheme`, it lets validators of the EU vocabularies recognise the term
 * without loading the vocabularies themselves.
 */
export function euAuthorityScheme(iri: string): string | null {
  const match = /^(http:\/\/publications\.europa\.eu\/resource\/authority\/[a-z-]+)\/[^/]+$/.exec(iri);
  return match ? match[1] : null;
}

export function themeIri(code: string): string | null {
  return isOneOf(THEMES, code) ? `${EU_AUTHORITY}data-theme/${code}` : null;
}

/** The theme code of a data-theme IRI, to label the concept. */
export function themeOfIri(iri: string): Theme | null {
  const code = iri.slice(`${EU_AUTHORITY}data-theme/`.length);
  return iri.startsWith(`${EU_AUTHORITY}data-theme/`) && isOneOf(THEMES, code) ? code : null;
}

export function frequencyIri(code: string | null | undefined): string | null {
  return isOneOf(FREQUENCIES, code) ? `${EU_AUTHORITY}frequency/${code}` : null;
}

export function accessRightIri(code: string | null | undefined): string | null {
  return isOneOf(ACCESS_RIGHTS, code) ? `${EU_AUTHORITY}access-right/${code}` : null;
}

/**
 * A licence of the EU list; for `OTHER` the source's own licence address when it is a web IRI,
 * since the EU list's own "other" concept would tell a reuser nothing.
 */
export function licenseIri(code: string | null | undefined, otherLicenseUrl: string | null | undefined): string | null {
  if (code === 'OTHER') return webIri(otherLicenseUrl);
  return isOneOf(LICENSES, code) ? `${EU_AUTHORITY}licence/${code}` : null;
}

/** EU file-type codes are upper-case words (CSV, RDF_TURTLE, WMS_SRVC); anything else is not one. */
const FILE_TYPE_CODE = /^[A-Z0-9][A-Z0-9_+.-]*$/;

export function fileTypeIri(format: string | null | undefined): string | null {
  const code = normaliseFormat(format);
  return code && FILE_TYPE_CODE.test(code) ? `${EU_AUTHORITY}file-type/${code}` : null;
}

/** CKAN's Action API, as its documentation names it: what a CKAN-compatible interface implements. */
export const CKAN_ACTION_API = 'https://docs.ckan.org/en/latest/api/';

/** The OGC service types (the OGC naming authority's IRIs) of the EU file types that are services. */
const OGC_SERVICE_TYPES: Readonly<Record<string, string>> = {
  WMS_SRVC: 'http://www.opengis.net/def/serviceType/ogc/wms',
  WFS_SRVC: 'http://www.opengis.net/def/serviceType/ogc/wfs',
};

/**
 * The standard a data service implements, where its description says so without doubt: an OGC
 * service by the EU file type of its distribution, or CKAN's Action API by its path
 * (`…/api/3/action/…`, which only CKAN and its imitations answer). Anything else: null.
 */
export function serviceStandard(format: string | null | undefined, endpointUrl: string | null | undefined): string | null {
  const ogc = OGC_SERVICE_TYPES[normaliseFormat(format) ?? ''];
  if (ogc) return ogc;
  const iri = webIri(endpointUrl);
  if (!iri) return null;
  const segments = new URL(iri).pathname.split('/');
  return segments.some((segment, i) => segment === 'api' && segments[i + 1] === '3' && segments[i + 2] === 'action') ? CKAN_ACTION_API : null;
}

/** `type/subtype` as IANA registers it; parameters (`; charset=…`) are not part of the name. */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;

export function mediaTypeIri(mediaType: string | null | undefined): string | null {
  const name = mediaType?.split(';')[0].trim().toLowerCase();
  // `^` is valid in a media type but not in an IRI; no registered type uses it.
  return name && MEDIA_TYPE.test(name) && !name.includes('^') ? `https://www.iana.org/assignments/media-types/${name}` : null;
}

const LANGUAGE_CODES = { fi: 'FIN', et: 'EST', en: 'ENG', sv: 'SWE', ru: 'RUS' } as const;
export type CatalogLanguage = keyof typeof LANGUAGE_CODES;

export function languageIri(language: CatalogLanguage): string {
  return `${EU_AUTHORITY}language/${LANGUAGE_CODES[language]}`;
}

/** Places that have their own entry in the EU place vocabulary. */
const EU_PLACES: Readonly<Record<string, string>> = { 'fi-091': 'FIN_HEL', 'ee-0784': 'EST_TLL' };
const COUNTRIES: Readonly<Record<string, string>> = { FI: 'FIN', EE: 'EST' };
const FINNISH_MUNICIPALITIES = 'http://uri.suomi.fi/codelist/jhs/kunta_1_20240101/code/';

/**
 * The IRI of a region of REGIONS. Estonian municipalities other than Tallinn have no public HTTP
 * IRI (EHAK codes are not published as linked data), so they are named under the platform's base.
 */
export function spatialIri(code: string, base: string): string | null {
  const region = REGIONS.find((entry) => entry.code === code);
  if (!region) return null;
  if (region.level === 'country') return `${EU_AUTHORITY}country/${COUNTRIES[region.country]}`;
  if (region.level === 'region') return `http://data.europa.eu/nuts/code/${region.code}`;
  if (EU_PLACES[region.code]) return `${EU_AUTHORITY}place/${EU_PLACES[region.code]}`;
  if (region.country === 'FI' && region.nationalCode) return FINNISH_MUNICIPALITIES + region.nationalCode;
  return `${trimBase(base)}/regions/${iriSegment(region.code)}`;
}

/** REGIONS by their IRI under `base`, to label the locations an output names. */
export function regionsByIri(base: string): ReadonlyMap<string, RegionEntry> {
  const byIri = new Map<string, RegionEntry>();
  for (const region of REGIONS) {
    const iri = spatialIri(region.code, base);
    if (iri) byIri.set(iri, region);
  }
  return byIri;
}

/** The base without a trailing slash, so `${base}/datasets/…` never doubles it. */
export function trimBase(base: string): string {
  return trimEndOf(base, '/');
}

// ---- making IRIs out of data ----

/** ASCII characters that Turtle, N-Triples and RDF/XML parsers refuse inside an IRI. */
const NOT_IN_IRI = /[\u0000-\u0020<>"{}|^`\\\u007f]/g;

/**
 * An absolute http(s) IRI for a web address as a source wrote it, or null. The WHATWG URL parser
 * percent-encodes spaces and everything beyond ASCII and punycodes the host; the characters it leaves that RDF
 * forbids (`{`, `|`, `^`… in a query) are percent-encoded here, so every syntax parses it back.
 */
export function webIri(value: string | null | undefined): string | null {
  if (!value || !value.trim()) return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) return null;
  return url.href.replace(NOT_IN_IRI, (character) => encodeURIComponent(character));
}

/** A `mailto:` IRI for an address that at least looks like one (something@domain), or null. */
export function mailtoIri(email: string | null | undefined): string | null {
  const address = email?.trim() ?? '';
  const at = address.indexOf('@');
  const [local, domain] = [address.slice(0, at), address.slice(at + 1)];
  const looksLikeOne = at > 0 && !domain.includes('@') && !/\s/.test(address) && domain.slice(1, -1).includes('.');
  return looksLikeOne ? `mailto:${iriSegment(local)}@${iriSegment(domain)}` : null;
}

/** Text made safe as one path segment (ids are UUIDs, but the IRI must not depend on it). */
export function iriSegment(text: string): string {
  return encodeURIComponent(wellFormed(text));
}

/** Unpaired surrogates become U+FFFD: UTF-8 cannot encode them and encodeURIComponent throws on them. */
export function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
