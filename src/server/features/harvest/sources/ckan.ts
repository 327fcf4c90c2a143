import type { ContentLanguage } from '../../../../shared/languages.ts';
import { type HarvestedDataset, type SourceContext, type SourceItem, type SourceReader } from '../harvest.types.ts';
import {
  asArray, asList, asObject, byteSize, contactOrUndefined, datasetName, definedOnly, mappedItem, notAnObject, withoutId, type ListingPlace, fileFormat, firstTexts,
  firstWebUrl, identifier, isoDateTime, isoDay, keywordsByLanguage, languageOfHost, licence, localized, mediaType, regions, text,
  textIn, throwIfAborted, webUrl, email, type JsonObject,
} from './fields.ts';
import { readPagedListing, type ListingPage, type ListingWatch } from './listing.ts';
import { FetchFault } from '../../../lib/fetchFault.ts';
import { categoryNames, frequencyFromText, themesFromNames } from './vocabulary.ts';
import { DATASET_DESCRIPTION_MAX, DATASET_TITLE_MAX, MAX_DISTRIBUTIONS } from '../../../../shared/schemas/catalog.ts';
import { beforeAny, trimEndOf } from '../../../lib/text.ts';

/**
 * CKAN portals (hri.fi, avoindata.fi): `package_search` pages through every public dataset with
 * the full package dicts, newest change first. HRI and avoindata.fi add ckanext-scheming and
 * fluent fields (`title_translated`, `keywords` by language, `geographical_coverage`), which are
 * preferred over CKAN's single-language core fields.
 */
const ROWS = 1000;

interface CkanEndpoints {
  /** …/api/3/action */
  api: string;
  /** The portal's site root, where `/dataset/{name}` pages are. */
  site: string;
}

export const readCkan: SourceReader = (context) => {
  const endpoints = ckanEndpoints(context.url);
  const lang = languageOfHost(context.url);
  let step = ROWS;
  return readPagedListing(context, {
    name: `${endpoints.api}/package_search`,
    fetch: (index) => searchPage(context, endpoints, index * step),
    pageSize(first) {
      // A portal may cap `rows` below what was asked; then its pages are that long.
      const capped = first.entries.length > 0 && first.entries.length < ROWS && (first.total ?? 0) > first.entries.length;
      step = capped ? first.entries.length : ROWS;
      return step;
    },
    idOf: (entry) => identifier(asObject(entry)?.id),
    async *items(entries, page, watch) {
      for (const [index, entry] of entries.entries()) {
        const item = await packageItem(context, endpoints, lang, entry, watch, { page, position: index + 1 });
        if (item) yield item;
      }
    },
  });
};

function ckanEndpoints(url: string): CkanEndpoints {
  const trimmed = trimEndOf(beforeAny(url, '?#'), '/');
  const site = trimmed.replace(/\/api\/3(\/action)?$/, '');
  return { api: `${site}/api/3/action`, site };
}

async function searchPage(context: SourceContext, endpoints: CkanEndpoints, start: number): Promise<ListingPage> {
  const query = new URLSearchParams({ rows: String(ROWS), start: String(start), sort: 'metadata_modified desc' });
  const result = asObject(ckanResult(await context.http.getJson(`${endpoints.api}/package_search?${query}`)));
  const count = result?.count;
  if (!result || !Array.isArray(result.results) || typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
    throw new FetchFault({ code: 'ckan-without-results', params: {} });
  }
  return { total: count, entries: result.results };
}

/** The `result` of a CKAN action, or an error carrying CKAN's own reason. */
function ckanResult(body: unknown): unknown {
  const envelope = asObject(body);
  if (!envelope || typeof envelope.success !== 'boolean') throw new FetchFault({ code: 'not-ckan', params: {} });
  if (!envelope.success) {
    const reason = text(asObject(envelope.error)?.message, 200) ?? text(asObject(envelope.error)?.__type, 200);
    if (reason) throw new FetchFault({ code: 'ckan-failure-said', params: { detail: reason } });
    throw new FetchFault({ code: 'ckan-failure', params: {} });
  }
  return envelope.result;
}

/**
 * What one package dict of a page becomes: nothing (private, deleted, a showcase, or seen
 * already on an earlier page), `unchanged`, a record, or an error naming the package.
 */
async function packageItem(
  context: SourceContext, endpoints: CkanEndpoints, lang: ContentLanguage, value: unknown, watch: ListingWatch, at: ListingPlace,
): Promise<SourceItem | null> {
  let dict = asObject(value);
  if (!dict) {
    watch.see(undefined);
    return notAnObject(at);
  }
  const id = identifier(dict.id);
  if (!watch.see(id)) return null;
  if (!isPublicDataset(dict)) return null;

  const stamp = text(dict.metadata_modified, 100) ?? null;
  if (id && stamp !== null && context.known.get(id) === stamp) return { type: 'unchanged', sourceIdentifier: id };

  if (!id || !hasTitle(dict, lang)) {
    // A dict without its id or title is most likely cut short; package_show has the whole one
    // (by id, or by the name, which is unique in CKAN too).
    const name = identifier(dict.name);
    const whole = await packageShow(context, endpoints, id ?? name);
    const same = whole && (id ? identifier(whole.id) === id : identifier(whole.name) === name);
    if (whole && same && identifier(whole.id) && hasTitle(whole, lang)) dict = whole;
  }
  const sourceIdentifier = identifier(dict.id);
  if (!sourceIdentifier) {
    return withoutId(at, text(dict.name, 100));
  }
  if (sourceIdentifier !== id && !watch.claim(sourceIdentifier)) return null;
  const whole = dict;
  return mappedItem(sourceIdentifier, () => mapPackage(whole, sourceIdentifier, endpoints, lang));
}

function isPublicDataset(dict: JsonObject): boolean {
  if (dict.private === true) return false;
  if (dict.state !== undefined && dict.state !== 'active') return false;
  // package_search may list other package types some portals keep (showcases, harvest sources).
  return !(typeof dict.type === 'string' && ['showcase', 'harvest'].includes(dict.type));
}

function hasTitle(dict: JsonObject, lang: ContentLanguage): boolean {
  return titleOf(dict, lang) !== undefined;
}

async function packageShow(context: SourceContext, endpoints: CkanEndpoints, id: string | undefined): Promise<JsonObject | null> {
  if (!id) return null;
  try {
    return asObject(ckanResult(await context.http.getJson(`${endpoints.api}/package_show?id=${encodeURIComponent(id)}`)));
  } catch {
    throwIfAborted(context.signal);
    return null;
  }
}

function titleOf(dict: JsonObject, lang: ContentLanguage) {
  return firstTexts(localized(dict.title_translated, DATASET_TITLE_MAX), textIn(lang, dict.title, DATASET_TITLE_MAX));
}

/** A CKAN package dict as a harvested dataset; null when it has no title in any language. */
function mapPackage(dict: JsonObject, sourceIdentifier: string, endpoints: CkanEndpoints, lang: ContentLanguage): HarvestedDataset | null {
  const title = titleOf(dict, lang);
  if (!title) return null;
  const name = datasetName(dict.name);
  const landingPage = firstWebUrl(dict.url, dict.external_urls) ?? webUrl(`${endpoints.site}/dataset/${encodeURIComponent(name ?? sourceIdentifier)}`);
  // The address first, then the title: what is kept beside OTHER should mean something to a reader.
  const { license, licenseUrl } = licence(dict.license_url, dict.license_title, dict.license_id);
  const themes = themesFromNames([...categoryNames(dict.groups), ...categoryNames(dict.categories)]);
  const spatial = regions(coverageNames(dict.geographical_coverage));
  const distributions = asArray(dict.resources)
    .map((resource) => mapResource(resource, landingPage, lang))
    .filter((distribution) => distribution !== undefined)
    .slice(0, MAX_DISTRIBUTIONS);

  return definedOnly<HarvestedDataset>({
    sourceIdentifier,
    sourceModified: text(dict.metadata_modified, 100) ?? null,
    name,
    title,
    // The catalogue requires a description; a package without one is described by its title.
    description: firstTexts(localized(dict.notes_translated, DATASET_DESCRIPTION_MAX, true), textIn(lang, dict.notes, DATASET_DESCRIPTION_MAX, true)) ?? title,
    publisher: publisherOf(dict.organization, lang),
    contactPoint: contactOrUndefined({
      name: text(dict.maintainer, 200) ?? text(dict.author, 200),
      email: email(dict.maintainer_email) ?? email(dict.author_email),
      url: webUrl(dict.maintainer_website),
    }),
    themes: themes.length > 0 ? themes : undefined,
    keywords: keywordsByLanguage(keywordLists(dict, lang)),
    spatial: spatial.length > 0 ? spatial : undefined,
    temporalStart: isoDay(dict.temporal_coverage_from),
    temporalEnd: isoDay(dict.temporal_coverage_to, true),
    license,
    licenseUrl: licenseUrl ?? undefined,
    // package_search lists only public packages.
    accessRights: 'PUBLIC',
    frequency: frequencyFromText(frequencyTexts(dict.update_frequency)) ?? undefined,
    landingPage,
    issued: isoDateTime(dict.metadata_created),
    modified: isoDateTime(dict.metadata_modified),
    distributions,
  });
}

/** The fluent `keywords` by language, else CKAN's own tags in the portal's language. */
function keywordLists(dict: JsonObject, lang: ContentLanguage): Partial<Record<ContentLanguage, unknown[]>> {
  const byLanguage = asObject(dict.keywords);
  if (byLanguage && Object.values(byLanguage).some((list) => asList(list).length > 0)) {
    return Object.fromEntries(Object.entries(byLanguage).map(([key, list]) => [key, asList(list)]));
  }
  return { [lang]: asArray(dict.tags).map((tag) => asObject(tag)?.display_name ?? asObject(tag)?.name ?? tag) };
}

/** `geographical_coverage` is a list of place names, or one comma-separated string. */
function coverageNames(value: unknown): unknown[] {
  return typeof value === 'string' ? value.split(/[,;]/) : asList(value);
}

/** `update_frequency` is text by language whose values are lists (`{fi: ["Kuukausittain"]}`), or plain text. */
function frequencyTexts(value: unknown): string[] {
  const object = asObject(value);
  const values = object ? [object.en, object.fi, object.sv, object.et].flatMap(asList) : asList(value);
  return values.map((entry) => text(entry, 200)).filter((entry): entry is string => entry !== undefined);
}

function publisherOf(value: unknown, lang: ContentLanguage): HarvestedDataset['publisher'] {
  const organization = asObject(value);
  const key = identifier(organization?.name, 300) ?? identifier(organization?.id, 300);
  if (!organization || !key) return undefined;
  return definedOnly({
    key,
    name: firstTexts(localized(organization.title_translated, 300), textIn(lang, organization.title, 300)) ?? { [lang]: key },
    homepage: webUrl(organization.homepage) ?? webUrl(organization.url),
  });
}

type Distribution = NonNullable<HarvestedDataset['distributions']>[number];

const SERVICE_FORMATS = new Set(['api', 'wms', 'wfs', 'wmts', 'wcs', 'esri rest', 'arcgis rest', 'ogc api', 'rest', 'sparql']);

/**
 * A resource as a distribution. Without an address of its own it is reached through the dataset's
 * landing page; without either, it is left out.
 */
function mapResource(value: unknown, landingPage: string | undefined, lang: ContentLanguage): Distribution | undefined {
  const resource = asObject(value);
  if (!resource) return undefined;
  const downloadUrl = webUrl(resource.download_url) ?? (resource.url_type === 'upload' ? webUrl(resource.url) : undefined);
  const accessUrl = webUrl(resource.url) ?? downloadUrl ?? landingPage;
  if (!accessUrl) return undefined;
  const title = firstTexts(localized(resource.name_translated, 300), textIn(lang, resource.name, 300));
  const format = fileFormat(resource.format);
  const rawFormat = text(resource.format, 100)?.toLowerCase();
  const isService = resource.url_type === 'api' || (rawFormat !== undefined && SERVICE_FORMATS.has(rawFormat)) || format === 'WMS_SRVC' || format === 'WFS_SRVC';
  return definedOnly<Distribution>({
    title,
    description: firstTexts(localized(resource.description_translated, 4000, true), textIn(lang, resource.description, 4000, true)),
    accessUrl,
    downloadUrl,
    format,
    mediaType: mediaType(resource.mimetype),
    byteSize: byteSize(resource.size) ?? byteSize(resource.file_size),
    accessService: isService ? { title: title ?? { [lang]: text(resource.format, 300) ?? 'API' }, endpointUrl: accessUrl } : undefined,
  });
}
