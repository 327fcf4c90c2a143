import type { ContentLanguage } from '../../../../shared/languages.ts';
import type { AccessRight, Frequency } from '../../../../shared/catalog.ts';
import { DATASET_DESCRIPTION_MAX, DATASET_TITLE_MAX, MAX_DISTRIBUTIONS } from '../../../../shared/schemas/catalog.ts';
import type { HarvestedDataset, SourceContext, SourceItem, SourceReader } from '../harvest.types.ts';
import {
  asArray, asObject, byteSize, contactOrUndefined, contentLanguage, datasetName, definedOnly, email, failure, mappedItem, notAnObject, withoutId, type ListingPlace, fileFormat,
  firstTexts, firstWebUrl, identifier, isoDateTime, isoDay, keywordsByLanguage, licence, mediaType, regions, text, webUrl,
  type JsonObject, type Texts,
} from './fields.ts';
import { readPagedListing, type ListingPage, type ListingWatch } from './listing.ts';
import { FetchFault, reasonOf } from '../../../lib/fetchFault.ts';
import { categoryNames, themesFromNames } from './vocabulary.ts';
import { beforeAny, trimEndOf } from '../../../lib/text.ts';

/**
 * The Estonian open data portal (avaandmed.eesti.ee) has its own REST API, not CKAN's. Its list
 * is short (names and stamps); the details are one request per dataset, so they are fetched only
 * for datasets whose `updatedAt` moved since the last harvest, a few at a time.
 */
const LIMIT = 100;
const DETAILS_AT_ONCE = 4;

interface EstoniaEndpoints {
  /** …/api */
  api: string;
  /** The portal's web pages: `{site}/datasets/{slug}`. */
  site: string;
}

export const readEstonia: SourceReader = (context) => {
  const endpoints = estoniaEndpoints(context.url);
  return readPagedListing(context, {
    name: `${endpoints.api}/datasets`,
    fetch: (index) => listPage(context, endpoints, index + 1),
    pageSize: (first) => (first.entries.length > 0 && first.entries.length < LIMIT && (first.total ?? 0) > first.entries.length ? first.entries.length : LIMIT),
    idOf: (entry) => identifier(asObject(entry)?.id),
    items: (entries, page, watch) => pageItems(context, endpoints, entries, page, watch),
  });
};

function estoniaEndpoints(url: string): EstoniaEndpoints {
  const trimmed = trimEndOf(beforeAny(url, '?#'), '/');
  const site = trimmed.replace(/\/api$/, '');
  return { api: `${site}/api`, site };
}

async function listPage(context: SourceContext, endpoints: EstoniaEndpoints, page: number): Promise<ListingPage> {
  const body = asObject(await context.http.getJson(`${endpoints.api}/datasets?limit=${LIMIT}&page=${page}`));
  if (!body || !Array.isArray(body.data)) throw new FetchFault({ code: 'estonia-without-list', params: {} });
  const total = asObject(body.metadata)?.total;
  return { total: typeof total === 'number' && Number.isSafeInteger(total) && total >= 0 ? total : null, entries: body.data };
}

/** The page's entries in order, with up to DETAILS_AT_ONCE detail requests in flight. */
async function* pageItems(
  context: SourceContext, endpoints: EstoniaEndpoints, entries: unknown[], page: number, watch: ListingWatch,
): AsyncGenerator<SourceItem> {
  const pending: Promise<SourceItem | null>[] = [];
  let next = 0;
  const startNext = () => {
    const index = next++;
    pending.push(entryItem(context, endpoints, entries[index], { page, position: index + 1 }, watch));
  };
  while (next < entries.length && pending.length < DETAILS_AT_ONCE) startNext();
  while (pending.length > 0) {
    const item = await pending.shift()!;
    if (next < entries.length) startNext();
    if (item) yield item;
  }
}

/** Never rejects: whatever goes wrong with one dataset is that dataset's error item. */
async function entryItem(
  context: SourceContext, endpoints: EstoniaEndpoints, value: unknown, at: ListingPlace, watch: ListingWatch,
): Promise<SourceItem | null> {
  const entry = asObject(value);
  if (!entry) {
    watch.see(undefined);
    return notAnObject(at);
  }
  const id = identifier(entry.id);
  if (!watch.see(id)) return null;
  if (!id) return withoutId(at, nameOf(entry));
  const stamp = text(entry.updatedAt, 100) ?? null;
  if (stamp !== null && context.known.get(id) === stamp) return { type: 'unchanged', sourceIdentifier: id };

  let detail: JsonObject;
  const address = `${endpoints.api}/datasets/${encodeURIComponent(id)}`;
  try {
    const body = asObject(await context.http.getJson(address));
    const data = asObject(body?.data);
    if (!data) return failure(id, { code: 'details-without-dataset', params: {} });
    detail = data;
  } catch (error) {
    if (context.signal.aborted) return null;
    return failure(id, { code: 'details-unreadable', params: { address, reason: reasonOf(error) } });
  }
  const dataset = { ...entry, ...detail };
  return mappedItem(id, () => mapDataset(dataset, id, stamp, endpoints));
}

function nameOf(entry: JsonObject): string | undefined {
  return text(entry.nameEt ?? entry.name ?? entry.slug, 100);
}

/** Text in Estonian and English from a pair of fields; the generic field stands in for Estonian. */
function estonianAndEnglish(et: unknown, en: unknown, max: number, multiline = false): Texts | undefined {
  return firstTexts(definedOnly({ et: text(et, max, multiline), en: text(en, max, multiline) }));
}

/** An Estonian dataset (list entry and details merged) as a harvested dataset; null without a title. */
function mapDataset(dataset: JsonObject, sourceIdentifier: string, listStamp: string | null, endpoints: EstoniaEndpoints): HarvestedDataset | null {
  const title = estonianAndEnglish(dataset.nameEt ?? dataset.name, dataset.nameEn, DATASET_TITLE_MAX);
  if (!title) return null;
  const name = datasetName(dataset.slug);
  const landingPage = firstWebUrl(dataset.landingPage, dataset.url) ?? webUrl(`${endpoints.site}/datasets/${encodeURIComponent(name ?? sourceIdentifier)}`);
  const distributionLicences = asArray(dataset.distributions).map((d) => asObject(d)?.license ?? asObject(d)?.licence);
  const licenceObject = asObject(dataset.licence) ?? asObject(dataset.license);
  const { license, licenseUrl } = licence(
    ...(licenceObject ? [licenceObject.code, licenceObject.url, licenceObject.name] : [dataset.licence ?? dataset.license]),
    ...distributionLicences,
  );
  const themes = themesFromNames(categoryNames(dataset.categories));
  const spatial = regions(dataset.regions);
  const distributions = [...fileDistributions(dataset, sourceIdentifier, endpoints), ...newerDistributions(dataset, landingPage)].slice(0, MAX_DISTRIBUTIONS);

  return definedOnly<HarvestedDataset>({
    sourceIdentifier,
    sourceModified: listStamp ?? text(dataset.updatedAt, 100) ?? null,
    name,
    title,
    description: estonianAndEnglish(dataset.descriptionEt ?? dataset.description, dataset.descriptionEn, DATASET_DESCRIPTION_MAX, true) ?? title,
    publisher: publisherOf(dataset.organization),
    contactPoint: contactOrUndefined({ name: text(dataset.maintainer, 200), email: email(dataset.maintainerEmail) }),
    themes: themes.length > 0 ? themes : undefined,
    keywords: keywordsByLanguage(keywordLists(dataset.keywords)),
    spatial: spatial.length > 0 ? spatial : undefined,
    temporalStart: isoDay(dataset.dataFrom),
    temporalEnd: isoDay(dataset.dataTo, true),
    license,
    licenseUrl: licenseUrl ?? undefined,
    accessRights: accessRightOf(dataset.access),
    frequency: frequencyOf(dataset.updateIntervalUnit, dataset.updateIntervalFrequency),
    landingPage,
    issued: isoDateTime(dataset.publishedAt) ?? isoDateTime(dataset.createdAt),
    modified: isoDateTime(dataset.updatedAt),
    distributions,
  });
}

function publisherOf(value: unknown): HarvestedDataset['publisher'] {
  const organization = asObject(value);
  if (!organization) return undefined;
  const key = identifier(organization.regCode, 300) ?? identifier(organization.slug, 300) ?? identifier(organization.id, 300);
  if (!key) return undefined;
  return definedOnly({
    key,
    name: estonianAndEnglish(organization.name ?? organization.nameEt, organization.nameEn, 300) ?? { et: key },
    homepage: firstWebUrl(organization.url, organization.website, organization.homepage),
  });
}

/** Keywords `[{name, language}]`; a keyword without a known language is Estonian. */
function keywordLists(value: unknown): Partial<Record<ContentLanguage, unknown[]>> {
  const lists: Partial<Record<ContentLanguage, unknown[]>> = {};
  for (const keyword of asArray(value)) {
    const object = asObject(keyword);
    const lang = contentLanguage(object?.language) ?? 'et';
    (lists[lang] ??= []).push(object ? object.name : keyword);
  }
  return lists;
}

const ACCESS_RIGHTS: Readonly<Record<string, AccessRight>> = {
  public: 'PUBLIC', open: 'PUBLIC', restricted: 'RESTRICTED', protected: 'RESTRICTED', limited: 'RESTRICTED',
  private: 'NON_PUBLIC', closed: 'NON_PUBLIC', non_public: 'NON_PUBLIC',
};

function accessRightOf(value: unknown): AccessRight | undefined {
  const key = text(value, 50)?.toLowerCase();
  return key ? ACCESS_RIGHTS[key] : undefined;
}

const INTERVAL_UNITS: Readonly<Record<string, Frequency>> = {
  minute: 'CONT', continuous: 'CONT', realtime: 'CONT', hour: 'HOURLY', day: 'DAILY', week: 'WEEKLY', month: 'MONTHLY',
  quarter: 'QUARTERLY', year: 'ANNUAL',
};

/**
 * `updateIntervalUnit` with `updateIntervalFrequency`: once per unit is the unit's EU code, once
 * every two years is biennial, anything else is irregular as far as the EU list can say.
 */
function frequencyOf(unitValue: unknown, frequencyValue: unknown): Frequency | undefined {
  const unit = text(unitValue, 50)?.toLowerCase().replace(/s$/, '');
  if (!unit) return undefined;
  if (unit === 'never') return 'NEVER';
  const every = typeof frequencyValue === 'number' ? frequencyValue : typeof frequencyValue === 'string' && /^\d+$/.test(frequencyValue) ? Number(frequencyValue) : 1;
  if (unit === 'year' && every === 2) return 'BIENNIAL';
  const code = INTERVAL_UNITS[unit];
  return code && every === 1 ? code : 'IRREG';
}

type Distribution = NonNullable<HarvestedDataset['distributions']>[number];

/** The older shape: files stored on the portal, downloaded through its API. */
function fileDistributions(dataset: JsonObject, datasetId: string, endpoints: EstoniaEndpoints): Distribution[] {
  const distributions: Distribution[] = [];
  for (const value of asArray(dataset.files)) {
    const file = asObject(value);
    const fileId = identifier(file?.id);
    if (!file || !fileId) continue;
    const url = webUrl(`${endpoints.api}/datasets/${encodeURIComponent(datasetId)}/files/${encodeURIComponent(fileId)}/download`);
    if (!url) continue;
    const fileName = text(file.name, 300);
    const extension = fileName && /\.([A-Za-z0-9]{1,10})$/.exec(fileName)?.[1];
    distributions.push(definedOnly<Distribution>({
      title: fileName ? { et: fileName } : undefined,
      accessUrl: url,
      downloadUrl: url,
      format: fileFormat(extension) ?? fileFormat(file.mimetype),
      mediaType: mediaType(file.mimetype),
      byteSize: byteSize(file.size),
    }));
  }
  return distributions;
}

/** The newer shape: DCAT-like distributions with their own addresses and licence. */
function newerDistributions(dataset: JsonObject, landingPage: string | undefined): Distribution[] {
  const distributions: Distribution[] = [];
  for (const value of asArray(dataset.distributions)) {
    const distribution = asObject(value);
    if (!distribution) continue;
    const downloadUrl = firstWebUrl(distribution.downloadUrls, distribution.downloadUrl);
    const accessUrl = firstWebUrl(distribution.accessUrls, distribution.accessUrl) ?? downloadUrl ?? landingPage;
    if (!accessUrl) continue;
    const { license } = licence(distribution.license ?? distribution.licence);
    distributions.push(definedOnly<Distribution>({
      title: estonianAndEnglish(distribution.titleEt ?? distribution.title, distribution.titleEn, 300),
      description: estonianAndEnglish(distribution.descriptionEt ?? distribution.description, distribution.descriptionEn, 4000, true),
      accessUrl,
      downloadUrl,
      format: fileFormat(distribution.format),
      mediaType: mediaType(distribution.mediaType),
      byteSize: byteSize(distribution.byteSize ?? distribution.size),
      license: license ?? undefined,
    }));
  }
  return distributions;
}
