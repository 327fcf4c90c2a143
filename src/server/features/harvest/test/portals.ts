import jsonld from 'jsonld';
import { DataFactory, Writer, type Quad } from 'n3';
import type { HttpClient } from '../../../lib/http.ts';
import type { HarvestedDataset, SourceItem, SourceReader } from '../harvest.types.ts';
import type { HarvestProblem } from '../../../../shared/problems.ts';
import { englishOf } from '../faults.ts';
import { HOSTILE, json, startPortal, testHttpClient, type Answer, type BadDay, type Portal, type RawAnswer } from '../../../test/fakeServer.ts';

export { failTimes, HOSTILE, testHttpClient, type BadDay, type PathRule, type Portal, type RawAnswer } from '../../../test/fakeServer.ts';

/**
 * Local stand-ins for the portals the harvesters read: HRI / avoindata.fi (CKAN), the Estonian
 * open data portal's REST API, and DCAT-AP catalogues in Turtle, RDF/XML and JSON-LD. They answer
 * like the real ones (envelopes, error bodies, paging) on 127.0.0.1, and can be told to have a
 * bad day (`test/fakeServer.ts`): fail, stall, cut a body short, answer HTML, or serve broken and
 * hostile records.
 * Records are built on demand per page, so a portal of 10,000 datasets costs nothing until read.
 */

// ---- deterministic building blocks ----

const BASE_TIME = Date.parse('2025-06-02T09:30:00.000Z');

/** A stable UUID for record `i` of a kind (so ids are the same on every page and every run). */
function uuidFor(kind: number, i: number): string {
  const hex = i.toString(16).padStart(12, '0');
  return `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${hex}`;
}

function pick<T>(list: readonly T[], i: number): T {
  return list[i % list.length];
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

// ---- CKAN (hri.fi, avoindata.fi) ----

interface Organisation {
  name: string;
  title: { fi: string; sv: string; en: string };
  homepage: string;
  places: string[];
}

const CKAN_ORGANISATIONS: readonly Organisation[] = [
  { name: 'helsingin-kaupunki', title: { fi: 'Helsingin kaupunki', sv: 'Helsingfors stad', en: 'City of Helsinki' }, homepage: 'https://www.hel.fi', places: ['Helsinki'] },
  { name: 'espoon-kaupunki', title: { fi: 'Espoon kaupunki', sv: 'Esbo stad', en: 'City of Espoo' }, homepage: 'https://www.espoo.fi', places: ['Espoo'] },
  { name: 'vantaan-kaupunki', title: { fi: 'Vantaan kaupunki', sv: 'Vanda stad', en: 'City of Vantaa' }, homepage: 'https://www.vantaa.fi', places: ['Vantaa'] },
  {
    name: 'helsingin-seudun-liikenne',
    title: { fi: 'Helsingin seudun liikenne -kuntayhtymä (HSL)', sv: 'Samkommunen Helsingforsregionens trafik (HRT)', en: 'Helsinki Region Transport (HSL)' },
    homepage: 'https://www.hsl.fi',
    places: ['Helsinki', 'Espoo', 'Vantaa', 'Kauniainen', 'Kerava', 'Kirkkonummi', 'Sipoo', 'Tuusula', 'Siuntio'],
  },
  {
    name: 'hsy',
    title: { fi: 'Helsingin seudun ympäristöpalvelut -kuntayhtymä (HSY)', sv: 'Samkommunen Helsingforsregionens miljötjänster (HRM)', en: 'Helsinki Region Environmental Services (HSY)' },
    homepage: 'https://www.hsy.fi',
    places: ['Helsinki', 'Espoo', 'Vantaa', 'Kauniainen'],
  },
];

interface Subject {
  fi: string;
  sv: string;
  en: string;
  group: { name: string; title: string };
  /** The EU theme the group should map to (tests check it). */
  theme: string;
  keywords: { fi: string[]; sv: string[]; en: string[] };
  formats: string[];
}

const SUBJECTS: readonly Subject[] = [
  { fi: 'Pyöräliikenteen laskennat', sv: 'Cykeltrafikräkningar', en: 'Bicycle traffic counts', group: { name: 'liikenne', title: 'Liikenne' }, theme: 'TRAN', keywords: { fi: ['pyöräily', 'liikenne', 'laskenta'], sv: ['cykling', 'trafik'], en: ['cycling', 'traffic'] }, formats: ['CSV', 'JSON'] },
  { fi: 'Ilmanlaadun mittaukset', sv: 'Luftkvalitetsmätningar', en: 'Air quality measurements', group: { name: 'ymparisto-ja-luonto', title: 'Ympäristö ja luonto' }, theme: 'ENVI', keywords: { fi: ['ilmanlaatu', 'päästöt'], sv: ['luftkvalitet'], en: ['air quality', 'emissions'] }, formats: ['CSV', 'API'] },
  { fi: 'Väestö iän ja sukupuolen mukaan', sv: 'Befolkning efter ålder och kön', en: 'Population by age and sex', group: { name: 'vaesto', title: 'Väestö' }, theme: 'SOCI', keywords: { fi: ['väestö', 'ikärakenne'], sv: ['befolkning'], en: ['population'] }, formats: ['PX', 'CSV', 'XLSX'] },
  { fi: 'Kirjastojen lainaustilastot', sv: 'Bibliotekens utlåningsstatistik', en: 'Library loan statistics', group: { name: 'kulttuuri-ja-vapaa-aika', title: 'Kulttuuri ja vapaa-aika' }, theme: 'EDUC', keywords: { fi: ['kirjastot', 'lainaus'], sv: ['bibliotek'], en: ['libraries', 'loans'] }, formats: ['XLSX'] },
  { fi: 'Kaupungin talousarvio', sv: 'Stadens budget', en: 'City budget', group: { name: 'talous-ja-verotus', title: 'Talous ja verotus' }, theme: 'ECON', keywords: { fi: ['talousarvio', 'talous'], sv: ['budget'], en: ['budget', 'finance'] }, formats: ['CSV', 'PDF'] },
  { fi: 'Joukkoliikenteen aikataulut', sv: 'Kollektivtrafikens tidtabeller', en: 'Public transport timetables', group: { name: 'liikenne', title: 'Liikenne' }, theme: 'TRAN', keywords: { fi: ['joukkoliikenne', 'aikataulut'], sv: ['kollektivtrafik'], en: ['public transport', 'timetables', 'GTFS'] }, formats: ['GTFS', 'API'] },
  { fi: 'Terveysasemien jonotilanne', sv: 'Hälsostationernas kösituation', en: 'Health station queues', group: { name: 'terveys', title: 'Terveys' }, theme: 'HEAL', keywords: { fi: ['terveysasemat', 'jonot'], sv: ['hälsostationer'], en: ['health stations'] }, formats: ['JSON'] },
  { fi: 'Asemakaavat', sv: 'Detaljplaner', en: 'Local detailed plans', group: { name: 'rakennettu-ymparisto', title: 'Kaupunkisuunnittelu ja kaavoitus' }, theme: 'REGI', keywords: { fi: ['asemakaava', 'kaavoitus'], sv: ['detaljplan'], en: ['zoning', 'plans'] }, formats: ['WFS', 'WMS', 'GeoJSON'] },
];

const CKAN_FREQUENCIES = [
  { fi: ['Päivittäin'], sv: ['Dagligen'], en: ['Daily'] },
  { fi: ['Viikoittain'], sv: ['Veckovis'], en: ['Weekly'] },
  { fi: ['Kuukausittain'], sv: ['Månatligen'], en: ['Monthly'] },
  { fi: ['Vuosittain'], sv: ['Årligen'], en: ['Yearly'] },
] as const;
export const CKAN_FREQUENCY_CODES = ['DAILY', 'WEEKLY', 'MONTHLY', 'ANNUAL'] as const;

const MEDIA_TYPES: Readonly<Record<string, string>> = {
  CSV: 'text/csv', JSON: 'application/json', XLSX: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', PDF: 'application/pdf',
  PX: 'application/x-pcaxis', GEOJSON: 'application/geo+json', GTFS: 'application/zip',
};

/** CKAN's `metadata_modified` style: microseconds, no zone (UTC). */
function ckanStamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, -1)}000`;
}

/** Package `i` of an HRI-like portal: newest first, so index order is `metadata_modified desc`. */
export function ckanPackage(i: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const organisation = pick(CKAN_ORGANISATIONS, i);
  const subject = pick(SUBJECTS, Math.floor(i / CKAN_ORGANISATIONS.length));
  const year = 2010 + (i % 15);
  const id = uuidFor(1, i);
  const name = `${slug(subject.en)}-${organisation.name}-${i}`;
  const modified = BASE_TIME - i * 60_000;
  const place = organisation.places[0];
  const title = { fi: `${subject.fi}, ${place} ${year}`, sv: `${subject.sv}, ${organisation.title.sv} ${year}`, en: `${subject.en}, ${place} ${year}` };
  const notes = {
    fi: `${organisation.title.fi} julkaisee aineiston ${subject.fi.toLowerCase()} vuodelta ${year}.\n\nAineisto päivitetään säännöllisesti.`,
    sv: i % 3 === 0 ? '' : `${organisation.title.sv} publicerar ${subject.sv.toLowerCase()} för år ${year}.`,
    en: `${organisation.title.en} publishes ${subject.en.toLowerCase()} for ${year}.`,
  };
  const licence = i % 17 === 0 ? { license_id: 'other-open', license_title: 'Muu (avoin)', license_url: '' } : i % 5 === 0 ? { license_id: 'cc-by-sa-4.0', license_title: 'Creative Commons Attribution Share-Alike 4.0', license_url: 'https://creativecommons.org/licenses/by-sa/4.0/' } : { license_id: 'cc-by-4.0', license_title: 'Creative Commons Nimeä 4.0 Kansainvälinen (CC BY 4.0)', license_url: 'https://creativecommons.org/licenses/by/4.0/' };
  const resources = subject.formats.map((format, position) => ckanResource(id, i, position, format, subject, organisation));
  return {
    id,
    name,
    title: title.fi,
    title_translated: title,
    notes: notes.fi,
    notes_translated: notes,
    url: i % 4 === 0 ? `${organisation.homepage}/fi/avoin-data/${name}` : '',
    external_urls: i % 4 === 1 ? [`${organisation.homepage}/data/${name}`] : [],
    version: null,
    state: 'active',
    type: 'dataset',
    private: false,
    owner_org: uuidFor(2, CKAN_ORGANISATIONS.indexOf(organisation)),
    author: null,
    author_email: null,
    maintainer: `${organisation.title.fi}, avoin data`,
    maintainer_email: i % 2 === 0 ? `avoindata@${new URL(organisation.homepage).host.replace(/^www\./, '')}` : [`avoindata@${new URL(organisation.homepage).host.replace(/^www\./, '')}`, 'hri@hel.fi'],
    ...licence,
    isopen: true,
    metadata_created: ckanStamp(modified - 400 * 86_400_000),
    metadata_modified: ckanStamp(modified),
    num_resources: resources.length,
    num_tags: subject.keywords.fi.length,
    organization: {
      id: uuidFor(2, CKAN_ORGANISATIONS.indexOf(organisation)),
      name: organisation.name,
      title: organisation.title.fi,
      title_translated: organisation.title,
      description: '',
      image_url: `${organisation.homepage}/logo.png`,
      homepage: organisation.homepage,
      type: 'organization',
      state: 'active',
      is_organization: true,
    },
    tags: subject.keywords.fi.map((keyword) => ({ name: keyword, display_name: keyword, vocabulary_id: null, id: uuidFor(3, keyword.length) })),
    keywords: subject.keywords,
    groups: [{ name: subject.group.name, title: subject.group.title, display_name: subject.group.title, id: uuidFor(4, SUBJECTS.indexOf(subject)) }],
    geographical_coverage: organisation.places,
    update_frequency: pick(CKAN_FREQUENCIES, i),
    extras: [],
    resources,
    ...overrides,
  };
}

function ckanResource(packageId: string, i: number, position: number, format: string, subject: Subject, organisation: Organisation): Record<string, unknown> {
  const isService = format === 'API' || format === 'WMS' || format === 'WFS';
  const host = organisation.homepage.replace('://www.', '://data.');
  const url = isService ? `${host}/api/${slug(subject.en)}/${format.toLowerCase()}` : `${host}/files/${slug(subject.en)}-${i}.${format.toLowerCase()}`;
  return {
    id: uuidFor(5, i * 10 + position),
    package_id: packageId,
    url,
    name: `${subject.fi} (${format})`,
    name_translated: { fi: `${subject.fi} (${format})`, sv: `${subject.sv} (${format})`, en: `${subject.en} (${format})` },
    description: `${format}-muotoinen aineisto`,
    description_translated: { fi: `${format}-muotoinen aineisto`, en: `The data as ${format}` },
    format,
    mimetype: MEDIA_TYPES[format.toUpperCase()] ?? null,
    ...(position % 2 === 0 ? { size: isService ? null : 10_000 + i } : { file_size: isService ? null : String(20_000 + i) }),
    last_modified: ckanStamp(BASE_TIME - i * 60_000),
    created: ckanStamp(BASE_TIME - i * 60_000 - 86_400_000),
    url_type: isService ? 'api' : i % 2 === 0 ? 'upload' : '',
    position,
    state: 'active',
  };
}

/** A record (CKAN or Estonian) that has lost every form of its title. */
export function untitled<T extends Record<string, unknown>>(record: T): T {
  const copy: Record<string, unknown> = { ...record };
  for (const key of ['title', 'title_translated', 'nameEt', 'nameEn']) delete copy[key];
  // An Estonian record also carries its title as `name`; a CKAN `name` is the short name and stays.
  if ('nameEt' in record) delete copy.name;
  return copy as T;
}

/** A 5 MB description, in the fields both CKAN and the Estonian portal describe with. */
export function huge<T extends Record<string, unknown>>(record: T): T {
  const description = 'Erittäin pitkä kuvaus. '.repeat(230_000);
  return { ...record, notes: description, notes_translated: { fi: description }, descriptionEt: description };
}

/** Every hostile string in the fields where a CKAN package carries text, addresses and lists. */
export function hostileCkan(record: Record<string, unknown>): Record<string, unknown> {
  const tenThousandKeywords = Array.from({ length: 10_000 }, (_, k) => `avainsana-${k % 9000}`);
  return {
    ...record,
    title: `${HOSTILE.script} ${HOSTILE.emoji}`,
    title_translated: { fi: `${HOSTILE.script} ${HOSTILE.rtl}`, en: HOSTILE.nul, sv: HOSTILE.loneSurrogate },
    notes_translated: { fi: `${HOSTILE.controls}\n${HOSTILE.longWord}`, en: '' },
    name: 'NOT A VALID NAME!',
    url: HOSTILE.javascriptUrl,
    external_urls: [HOSTILE.dataUrl, 'ftp://example.com/x'],
    maintainer: HOSTILE.nul,
    maintainer_email: ['not-an-email', 'javascript:alert(1)@x'],
    keywords: { fi: tenThousandKeywords, en: [HOSTILE.emoji, HOSTILE.emoji, ''], xx: ['unknown language'] },
    tags: tenThousandKeywords.map((name) => ({ name })),
    geographical_coverage: [HOSTILE.script, 'Helsinki', 'Helsinki'],
    metadata_created: 'yesterday',
    license_id: HOSTILE.script,
    resources: [
      { url: HOSTILE.javascriptUrl, name: 'js', format: 'C S V !!', mimetype: 'text/html<script>', size: -5 },
      { url: HOSTILE.dataUrl, format: 'csv', size: 'huge' },
      { url: 'https://example.com/ok file|name[1].csv?q=a b#frag#more', format: 'text/csv', mimetype: 'TEXT/CSV; charset=UTF-8', size: 1e20 },
      null,
      'not a resource',
    ],
  };
}

export interface CkanPortalOptions extends BadDay {
  /** How many packages the portal holds (package `i` is `ckanPackage(i)`); ignored with `records`. */
  count?: number;
  /** The packages, as any JSON values, instead of generated ones. */
  records?: unknown[];
  /** Indexes of generated packages to break. */
  untitled?: number[];
  huge?: number[];
  hostile?: number[];
  /** The portal's cap on `rows` (CKAN's `ckan.search.rows_max`, 1000 by default). */
  maxRows?: number;
  /** Announce this count instead of the true one. */
  announcedCount?: number;
  /** Ignore `start` and serve the first page again and again. */
  ignoreStart?: boolean;
}

export function startCkanPortal(options: CkanPortalOptions = {}): Promise<Portal<CkanPortalOptions>> {
  const help = (action: string, portalUrl: string) => `${portalUrl}/api/3/action/help_show?name=${action}`;
  return startPortal<CkanPortalOptions>({
    options: { count: 0, ...options },
    entry: (origin) => `${origin}/data`,
    errorBody: (status) => json(status, { help: help('package_search', 'http://127.0.0.1/data'), success: false, error: { __type: ckanErrorType(status), message: ckanErrorType(status) } }),
    answer(url, opts, portalUrl) {
      const action = /\/api\/3\/action\/([a-z_]+)$/.exec(url.pathname)?.[1];
      if (action === 'package_search') return json(200, { help: help(action, portalUrl), success: true, result: ckanSearch(url, opts) });
      if (action === 'package_show') {
        const found = ckanFind(opts, url.searchParams.get('id') ?? '');
        return found === undefined
          ? json(404, { help: help(action, portalUrl), success: false, error: { __type: 'Not Found Error', message: 'Not found' } })
          : json(200, { help: help(action, portalUrl), success: true, result: found });
      }
      // CKAN answers an unknown action with a bare JSON string.
      return json(400, `Bad request - Action name not known: ${action ?? url.pathname}`);
    },
  });
}

function ckanErrorType(status: number): string {
  return status === 404 ? 'Not Found Error' : status === 403 ? 'Authorization Error' : status === 429 ? 'Too Many Requests' : 'Internal Server Error';
}

function ckanRecord(options: CkanPortalOptions, i: number): unknown {
  if (options.records) return options.records[i];
  let record = ckanPackage(i);
  if (options.untitled?.includes(i)) record = untitled(record);
  if (options.huge?.includes(i)) record = huge(record);
  if (options.hostile?.includes(i)) record = hostileCkan(record);
  return record;
}

function ckanSize(options: CkanPortalOptions): number {
  return options.records ? options.records.length : options.count ?? 0;
}

function ckanSearch(url: URL, options: CkanPortalOptions) {
  const total = ckanSize(options);
  const rows = Math.min(Number(url.searchParams.get('rows') ?? 10), options.maxRows ?? 1000);
  const start = options.ignoreStart ? 0 : Number(url.searchParams.get('start') ?? 0);
  const results = [];
  for (let i = start; i < Math.min(start + rows, total); i++) results.push(ckanRecord(options, i));
  return {
    count: options.announcedCount ?? total,
    results,
    sort: url.searchParams.get('sort') ?? 'score desc, metadata_modified desc',
    facets: {},
    search_facets: {},
  };
}

function ckanFind(options: CkanPortalOptions, id: string): unknown {
  const generated = /^00000001-0000-4000-8000-([0-9a-f]{12})$/.exec(id);
  if (!options.records && generated) {
    const i = parseInt(generated[1], 16);
    return i < ckanSize(options) ? ckanRecord(options, i) : undefined;
  }
  return options.records?.find((record) => {
    const object = record as { id?: unknown; name?: unknown } | null;
    return typeof object === 'object' && object !== null && (object.id === id || object.name === id);
  });
}

// ---- the Estonian open data portal (avaandmed.eesti.ee) ----

const ESTONIAN_ORGANISATIONS = [
  { regCode: '75014920', slug: 'tallinna-strateegiakeskus', name: 'Tallinna Strateegiakeskus', region: 'Tallinn' },
  { regCode: '70003098', slug: 'maa-ja-ruumiamet', name: 'Maa- ja Ruumiamet', region: 'Kogu Eesti' },
  { regCode: '70000332', slug: 'statistikaamet', name: 'Statistikaamet', region: 'Kogu Eesti' },
  { regCode: '70001490', slug: 'transpordiamet', name: 'Transpordiamet', region: 'Harju maakond' },
  { regCode: '70008658', slug: 'keskkonnaagentuur', name: 'Keskkonnaagentuur', region: 'Kogu Eesti' },
] as const;

const ESTONIAN_SUBJECTS = [
  { et: 'Ühistranspordi sõiduplaanid', en: 'Public transport timetables', category: 'TRANSPORT', theme: 'TRAN', keywords: { et: ['ühistransport', 'sõiduplaan'], en: ['public transport'] }, mimetype: 'application/zip', ext: 'zip', format: 'GTFS' },
  { et: 'Rahvastik soo ja vanuse järgi', en: 'Population by sex and age', category: 'DEMOGRAAFIA. STATISTIKA', theme: 'SOCI', keywords: { et: ['rahvastik', 'statistika'], en: ['population'] }, mimetype: 'text/csv', ext: 'csv', format: 'CSV' },
  { et: 'Aadressiandmed', en: 'Address data', category: 'REGIOONID JA LINNAD', theme: 'REGI', keywords: { et: ['aadress', 'ADS'], en: ['addresses'] }, mimetype: 'application/json', ext: 'json', format: 'JSON' },
  { et: 'Välisõhu kvaliteedi seire', en: 'Ambient air quality monitoring', category: 'KESKKOND', theme: 'ENVI', keywords: { et: ['õhukvaliteet', 'seire'], en: ['air quality'] }, mimetype: 'text/csv', ext: 'csv', format: 'CSV' },
  { et: 'Liiklusõnnetused', en: 'Traffic accidents', category: 'TRANSPORT', theme: 'TRAN', keywords: { et: ['liiklus', 'õnnetused'], en: ['traffic', 'accidents'] }, mimetype: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx', format: 'XLSX' },
] as const;

const ESTONIAN_INTERVALS = [['day', 'DAILY'], ['week', 'WEEKLY'], ['month', 'MONTHLY'], ['year', 'ANNUAL'], ['never', 'NEVER']] as const;
export const ESTONIA_FREQUENCY_CODES = ESTONIAN_INTERVALS.map(([, code]) => code);

/**
 * Dataset `i` of the Estonian portal as its details answer it. Even ones carry the older `files`,
 * odd ones the newer `distributions` (or as `shape` says).
 */
export function estoniaDataset(i: number, overrides: Record<string, unknown> = {}, shape?: 'files' | 'distributions'): Record<string, unknown> {
  const organisation = pick(ESTONIAN_ORGANISATIONS, i);
  const subject = pick(ESTONIAN_SUBJECTS, Math.floor(i / ESTONIAN_ORGANISATIONS.length));
  const year = 2012 + (i % 12);
  const id = uuidFor(6, i);
  const updated = BASE_TIME - i * 90_000;
  const [unit] = pick(ESTONIAN_INTERVALS, i);
  const fileShape = shape ?? (i % 2 === 0 ? 'files' : 'distributions');
  const fileName = `${slug(subject.en)}-${year}.${subject.ext}`;
  return {
    id,
    slug: `${slug(subject.et)}-${organisation.slug}-${i}`,
    name: `${subject.et} ${year}`,
    nameEt: `${subject.et} ${year}`,
    nameEn: `${subject.en} ${year}`,
    descriptionEt: `${organisation.name} avaldab andmestiku „${subject.et}" aasta ${year} kohta.`,
    descriptionEn: `${organisation.name} publishes ${subject.en.toLowerCase()} for ${year}.`,
    maintainer: `${organisation.name} andmehaldus`,
    maintainerEmail: `andmed@${organisation.slug}.ee`,
    maintainerPhone: '+372 600 0000',
    status: 'published',
    access: 'public',
    dataFrom: `${year}-01-01`,
    dataTo: `${year}-12-31T00:00:00.000Z`,
    updateIntervalUnit: unit,
    updateIntervalFrequency: 1,
    publishedAt: new Date(updated - 200 * 86_400_000).toISOString(),
    createdAt: new Date(updated - 201 * 86_400_000).toISOString(),
    updatedAt: new Date(updated).toISOString(),
    landingPage: i % 3 === 0 ? `https://www.${organisation.slug}.ee/avaandmed/${i}` : null,
    url: null,
    licence: i % 7 === 0 ? { id: 4, name: 'Avaandmete litsents (muu)', description: 'Asutuse oma litsents' } : { id: 1, name: 'Creative Commons Attribution 4.0 International', description: 'CC BY 4.0' },
    organization: { id: 100 + ESTONIAN_ORGANISATIONS.indexOf(organisation), regCode: organisation.regCode, name: organisation.name, slug: organisation.slug, contact: null, contactEmail: `info@${organisation.slug}.ee`, isPublicBody: true },
    keywords: [
      ...subject.keywords.et.map((name, k) => ({ id: k + 1, name, language: 'et' })),
      ...subject.keywords.en.map((name, k) => ({ id: k + 100, name, language: 'en' })),
    ],
    categories: [{ id: ESTONIAN_SUBJECTS.indexOf(subject) + 1, name: subject.category }],
    regions: [{ id: 1, name: organisation.region }],
    ...(fileShape === 'files'
      ? { files: [{ id: uuidFor(7, i), name: fileName, mimetype: subject.mimetype, size: String(40_000 + i) }] }
      : { distributions: [{ titleEt: `${subject.et} (${subject.format})`, titleEn: `${subject.en} (${subject.format})`, license: 'CC_BY_4.0', format: subject.format, mediaType: subject.mimetype, accessUrls: [`https://andmed.${organisation.slug}.ee/${fileName}`] }] }),
    ...overrides,
  };
}

/** The short form of a dataset in the portal's list. */
function estoniaListItem(record: unknown): unknown {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return record;
  const { id, slug: s, name, nameEt, nameEn, descriptionEt, descriptionEn, createdAt, updatedAt, organization } = record as Record<string, unknown>;
  return { id, slug: s, name, nameEt, nameEn, descriptionEt, descriptionEn, createdAt, updatedAt, organization };
}

export interface EstoniaPortalOptions extends BadDay {
  count?: number;
  /** Dataset details, as any JSON values, instead of generated ones. */
  records?: unknown[];
  untitled?: number[];
  huge?: number[];
  hostile?: number[];
  /** Distribution shape of generated datasets (default: alternating). */
  shape?: 'files' | 'distributions';
  /** The portal's cap on `limit`. */
  maxLimit?: number;
  announcedTotal?: number;
}

export function startEstoniaPortal(options: EstoniaPortalOptions = {}): Promise<Portal<EstoniaPortalOptions>> {
  return startPortal<EstoniaPortalOptions>({
    options: { count: 0, ...options },
    entry: (origin) => `${origin}/api`,
    errorBody: (status, path) => json(status, { statusCode: status, path: path.replace(/^\/api/, '').split('?')[0], message: status === 404 ? 'Not Found' : status === 429 ? 'ThrottlerException: Too Many Requests' : 'Internal server error' }),
    answer(url, opts) {
      const path = url.pathname.replace(/^\/api/, '');
      if (path === '/datasets') return estoniaList(url, opts);
      const download = /^\/datasets\/([^/]+)\/files\/([^/]+)\/download$/.exec(path);
      if (download) return { status: 200, contentType: 'text/csv', body: 'a;b\n1;2\n' };
      const detail = /^\/datasets\/([^/]+)$/.exec(path);
      const found = detail ? estoniaFind(opts, decodeURIComponent(detail[1])) : undefined;
      return found === undefined ? json(404, { statusCode: 404, path, message: 'Dataset not found' }) : json(200, { data: found });
    },
  });
}

function estoniaRecord(options: EstoniaPortalOptions, i: number): unknown {
  if (options.records) return options.records[i];
  let record = estoniaDataset(i, {}, options.shape);
  if (options.untitled?.includes(i)) record = untitled(record);
  if (options.huge?.includes(i)) record = huge(record);
  if (options.hostile?.includes(i)) record = hostileEstonia(record);
  return record;
}

function estoniaSize(options: EstoniaPortalOptions): number {
  return options.records ? options.records.length : options.count ?? 0;
}

function estoniaList(url: URL, options: EstoniaPortalOptions): Answer {
  const limit = Math.min(Number(url.searchParams.get('limit') ?? 20), options.maxLimit ?? 100);
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
  const total = estoniaSize(options);
  const data = [];
  for (let i = (page - 1) * limit; i < Math.min(page * limit, total); i++) data.push(estoniaListItem(estoniaRecord(options, i)));
  return json(200, { data, metadata: { lang: 'et', page, limit, total: options.announcedTotal ?? total } });
}

function estoniaFind(options: EstoniaPortalOptions, id: string): unknown {
  const generated = /^00000006-0000-4000-8000-([0-9a-f]{12})$/.exec(id);
  if (!options.records && generated) {
    const i = parseInt(generated[1], 16);
    return i < estoniaSize(options) ? estoniaRecord(options, i) : undefined;
  }
  return options.records?.find((record) => typeof record === 'object' && record !== null && (record as { id?: unknown }).id === id);
}

export function hostileEstonia(record: Record<string, unknown>): Record<string, unknown> {
  return {
    ...record,
    nameEt: `${HOSTILE.script} ${HOSTILE.rtl}`,
    nameEn: HOSTILE.nul,
    descriptionEt: `${HOSTILE.controls} ${HOSTILE.loneSurrogate}`,
    slug: 'Not A Slug',
    landingPage: HOSTILE.javascriptUrl,
    maintainerEmail: 'mailto:',
    keywords: Array.from({ length: 10_000 }, (_, k) => ({ name: `märksõna ${k}`, language: k % 2 ? 'en' : 'xx' })),
    regions: [{ name: HOSTILE.emoji }, { name: 'Tallinn' }, 'Harju maakond', null],
    categories: 'TRANSPORT',
    dataFrom: '2020-13-45',
    dataTo: 20201231,
    updateIntervalUnit: { unit: 'month' },
    files: [{ id: '../../etc/passwd', name: HOSTILE.script, mimetype: 'bad type', size: '-1' }, { name: 'no id' }],
    distributions: [{ accessUrls: [HOSTILE.javascriptUrl, HOSTILE.dataUrl], format: HOSTILE.emoji, license: HOSTILE.script }],
  };
}

// ---- DCAT-AP catalogues ----

/** Text by language tag; the key '' is an untagged literal. */
export type TaggedText = Record<string, string>;

export interface DcatDistribution {
  accessURL?: string;
  downloadURL?: string;
  /** An IRI (EU file type, IANA media type) or a literal. */
  format?: string;
  mediaType?: string;
  byteSize?: number | string;
  title?: TaggedText;
  license?: string;
  service?: { title?: TaggedText; endpointURL: string };
}

export interface DcatDataset {
  /** The dataset's IRI; null for a blank node (then `identifier` names it). */
  iri: string | null;
  identifier?: string;
  title?: TaggedText;
  description?: TaggedText;
  keywords?: Record<string, string[]>;
  /** IRIs of themes (EU data themes or others). */
  themes?: string[];
  /** IRIs (http…) or place names (literals). */
  spatial?: string[];
  temporal?: { start?: string; end?: string };
  /** IRIs of languages. */
  languages?: string[];
  license?: string;
  accessRights?: string;
  frequency?: string;
  landingPage?: string;
  issued?: string;
  modified?: string;
  publisher?: { iri: string; name: TaggedText; homepage?: string };
  contact?: { fn?: string; email?: string; url?: string };
  distributions?: DcatDistribution[];
}

const EU = 'http://publications.europa.eu/resource/authority';
const DCAT_PLACES = [`${EU}/place/FIN_HEL`, 'http://uri.suomi.fi/codelist/jhs/kunta_1_20240101/code/049', 'http://data.europa.eu/nuts/code/FI1B1', `${EU}/country/FIN`] as const;
export const DCAT_PLACE_CODES = ['fi-091', 'fi-049', 'FI1B1', 'FI'] as const;

/** Dataset `i` of a Helsinki-region DCAT-AP catalogue (what ckanext-dcat writes for HRI). */
export function dcatDataset(i: number, overrides: Partial<DcatDataset> = {}): DcatDataset {
  const organisation = pick(CKAN_ORGANISATIONS, i);
  const subject = pick(SUBJECTS, Math.floor(i / CKAN_ORGANISATIONS.length));
  const year = 2010 + (i % 15);
  const name = `${slug(subject.en)}-${organisation.name}-${i}`;
  const modified = BASE_TIME - i * 60_000;
  return {
    iri: `https://hri.fi/data/dataset/${name}`,
    identifier: uuidFor(8, i),
    title: { fi: `${subject.fi} ${year}`, sv: `${subject.sv} ${year}`, en: `${subject.en} ${year}` },
    description: { fi: `${organisation.title.fi}: ${subject.fi.toLowerCase()} vuodelta ${year}.`, en: `${organisation.title.en}: ${subject.en.toLowerCase()} for ${year}.` },
    keywords: subject.keywords,
    themes: [`${EU}/data-theme/${subject.theme}`],
    spatial: [pick(DCAT_PLACES, i)],
    temporal: { start: `${year}-01-01`, end: `${year}-12-31` },
    languages: [`${EU}/language/FIN`, `${EU}/language/SWE`],
    license: i % 5 === 0 ? `${EU}/licence/CC_BY_SA_4_0` : 'https://creativecommons.org/licenses/by/4.0/',
    accessRights: `${EU}/access-right/PUBLIC`,
    frequency: `${EU}/frequency/${pick(CKAN_FREQUENCY_CODES, i)}`,
    landingPage: `https://hri.fi/data/fi/dataset/${name}`,
    issued: new Date(modified - 400 * 86_400_000).toISOString(),
    modified: new Date(modified).toISOString(),
    publisher: { iri: `https://hri.fi/data/organization/${organisation.name}`, name: { fi: organisation.title.fi, en: organisation.title.en }, homepage: organisation.homepage },
    contact: { fn: `${organisation.title.fi}, avoin data`, email: `mailto:avoindata@${new URL(organisation.homepage).host.replace(/^www\./, '')}`, url: organisation.homepage },
    distributions: subject.formats.map((format) => dcatDistribution(i, format, subject, organisation)),
    ...overrides,
  };
}

function dcatDistribution(i: number, format: string, subject: Subject, organisation: Organisation): DcatDistribution {
  const host = organisation.homepage.replace('://www.', '://data.');
  const isService = format === 'API' || format === 'WMS' || format === 'WFS';
  const fileType = format === 'WMS' ? 'WMS_SRVC' : format === 'WFS' ? 'WFS_SRVC' : format.toUpperCase();
  const url = isService ? `${host}/api/${slug(subject.en)}/${format.toLowerCase()}` : `${host}/files/${slug(subject.en)}-${i}.${format.toLowerCase()}`;
  return {
    accessURL: url,
    downloadURL: isService ? undefined : url,
    format: `${EU}/file-type/${fileType}`,
    mediaType: MEDIA_TYPES[format.toUpperCase()] ? `http://www.iana.org/assignments/media-types/${MEDIA_TYPES[format.toUpperCase()]}` : undefined,
    byteSize: isService ? undefined : 10_000 + i,
    title: { fi: `${subject.fi} (${format})`, en: `${subject.en} (${format})` },
    license: 'https://creativecommons.org/licenses/by/4.0/',
    service: isService ? { title: { fi: `${subject.fi}, rajapinta` }, endpointURL: url } : undefined,
  };
}

export type RdfFormat = 'turtle' | 'rdfxml' | 'jsonld';
export const RDF_CONTENT_TYPES: Readonly<Record<RdfFormat, string>> = { turtle: 'text/turtle', rdfxml: 'application/rdf+xml', jsonld: 'application/ld+json' };

export interface CatalogPageOptions {
  format: RdfFormat;
  pageSize: number;
  /** The address of the first page; later pages are `?page=N` of it. */
  baseUrl?: string;
  /** ckanext-dcat's `hydra:PagedCollection` + `hydra:nextPage`, or `hydra:PartialCollectionView` + `hydra:next`. */
  hydra?: 'PagedCollection' | 'PartialCollectionView';
  /** The last page links back to the first (a broken portal). */
  loop?: boolean;
  /** Leave out `hydra:totalItems`. */
  withoutTotal?: boolean;
}

export interface CatalogPage {
  /** The path and query of the page, relative to the portal's origin. */
  path: string;
  url: string;
  body: string;
  contentType: string;
}

/** The whole catalogue as pages. */
export async function dcatCatalogPages(datasets: readonly DcatDataset[], options: CatalogPageOptions): Promise<CatalogPage[]> {
  const count = Math.max(1, Math.ceil(datasets.length / options.pageSize));
  const pages: CatalogPage[] = [];
  for (let number = 1; number <= count; number++) pages.push(await dcatCatalogPage((i) => datasets[i], datasets.length, number, options));
  return pages;
}

function pageUrl(baseUrl: string, number: number): string {
  return number === 1 ? baseUrl : `${baseUrl}?page=${number}`;
}

/** Page `number` (from 1) of a catalogue of `total` datasets; `datasetAt(i)` builds dataset i. */
export async function dcatCatalogPage(datasetAt: (i: number) => DcatDataset, total: number, number: number, options: CatalogPageOptions): Promise<CatalogPage> {
  const baseUrl = options.baseUrl ?? 'http://127.0.0.1/catalog';
  const pageCount = Math.max(1, Math.ceil(total / options.pageSize));
  const url = pageUrl(baseUrl, number);
  const quads: Quad[] = [];
  const catalog = DataFactory.namedNode(`${baseUrl}#catalog`);
  quads.push(triple(catalog, `${NS.rdf}type`, iri(`${NS.dcat}Catalog`)), triple(catalog, `${NS.dct}title`, DataFactory.literal('Helsinki Region Infoshare', 'en')));
  for (let i = (number - 1) * options.pageSize; i < Math.min(number * options.pageSize, total); i++) {
    const dataset = datasetAt(i);
    const node = dataset.iri ? iri(dataset.iri) : DataFactory.blankNode(`dataset${i}`);
    quads.push(triple(catalog, `${NS.dcat}dataset`, node), ...datasetTriples(node, dataset, i));
  }
  const next = number < pageCount ? pageUrl(baseUrl, number + 1) : options.loop && pageCount > 1 ? pageUrl(baseUrl, 1) : null;
  quads.push(...hydraTriples(baseUrl, url, next, total, pageCount, options));
  return { path: new URL(url).pathname + new URL(url).search, url, body: await serialise(quads, options.format), contentType: RDF_CONTENT_TYPES[options.format] };
}

const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  hydra: 'http://www.w3.org/ns/hydra/core#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
} as const;

type Subject3 = ReturnType<typeof DataFactory.namedNode> | ReturnType<typeof DataFactory.blankNode>;
type Object3 = Subject3 | ReturnType<typeof DataFactory.literal>;

const iri = (value: string) => DataFactory.namedNode(value);
const triple = (subject: Subject3, predicate: string, object: Object3) => DataFactory.quad(subject, iri(predicate), object);

function tagged(subject: Subject3, predicate: string, texts: TaggedText | undefined): Quad[] {
  return Object.entries(texts ?? {}).map(([lang, value]) => triple(subject, predicate, lang ? DataFactory.literal(value, lang) : DataFactory.literal(value)));
}

function resourceOrLiteral(value: string): Object3 {
  return /^(https?|mailto):/.test(value) ? iri(value) : DataFactory.literal(value);
}

function dateLiteral(value: string) {
  return DataFactory.literal(value, iri(`${NS.xsd}${/T/.test(value) ? 'dateTime' : 'date'}`));
}

function datasetTriples(node: Subject3, d: DcatDataset, i: number): Quad[] {
  const quads: Quad[] = [triple(node, `${NS.rdf}type`, iri(`${NS.dcat}Dataset`))];
  const add = (predicate: string, object: Object3) => quads.push(triple(node, predicate, object));
  if (d.identifier) add(`${NS.dct}identifier`, DataFactory.literal(d.identifier));
  quads.push(...tagged(node, `${NS.dct}title`, d.title), ...tagged(node, `${NS.dct}description`, d.description));
  for (const [lang, list] of Object.entries(d.keywords ?? {})) for (const keyword of list) add(`${NS.dcat}keyword`, lang ? DataFactory.literal(keyword, lang) : DataFactory.literal(keyword));
  for (const theme of d.themes ?? []) add(`${NS.dcat}theme`, resourceOrLiteral(theme));
  for (const place of d.spatial ?? []) add(`${NS.dct}spatial`, resourceOrLiteral(place));
  for (const language of d.languages ?? []) add(`${NS.dct}language`, resourceOrLiteral(language));
  if (d.temporal) {
    const period = DataFactory.blankNode(`period${i}`);
    add(`${NS.dct}temporal`, period);
    quads.push(triple(period, `${NS.rdf}type`, iri(`${NS.dct}PeriodOfTime`)));
    if (d.temporal.start) quads.push(triple(period, `${NS.dcat}startDate`, dateLiteral(d.temporal.start)));
    if (d.temporal.end) quads.push(triple(period, `${NS.dcat}endDate`, dateLiteral(d.temporal.end)));
  }
  if (d.license) add(`${NS.dct}license`, resourceOrLiteral(d.license));
  if (d.accessRights) add(`${NS.dct}accessRights`, resourceOrLiteral(d.accessRights));
  if (d.frequency) add(`${NS.dct}accrualPeriodicity`, resourceOrLiteral(d.frequency));
  if (d.landingPage) add(`${NS.dcat}landingPage`, resourceOrLiteral(d.landingPage));
  if (d.issued) add(`${NS.dct}issued`, dateLiteral(d.issued));
  if (d.modified) add(`${NS.dct}modified`, dateLiteral(d.modified));
  if (d.publisher) {
    const publisher = iri(d.publisher.iri);
    add(`${NS.dct}publisher`, publisher);
    quads.push(triple(publisher, `${NS.rdf}type`, iri(`${NS.foaf}Organization`)), ...tagged(publisher, `${NS.foaf}name`, d.publisher.name));
    if (d.publisher.homepage) quads.push(triple(publisher, `${NS.foaf}homepage`, iri(d.publisher.homepage)));
  }
  if (d.contact) {
    const contact = DataFactory.blankNode(`contact${i}`);
    add(`${NS.dcat}contactPoint`, contact);
    quads.push(triple(contact, `${NS.rdf}type`, iri(`${NS.vcard}Organization`)));
    if (d.contact.fn) quads.push(triple(contact, `${NS.vcard}fn`, DataFactory.literal(d.contact.fn)));
    if (d.contact.email) quads.push(triple(contact, `${NS.vcard}hasEmail`, resourceOrLiteral(d.contact.email)));
    if (d.contact.url) quads.push(triple(contact, `${NS.vcard}hasURL`, resourceOrLiteral(d.contact.url)));
  }
  (d.distributions ?? []).forEach((distribution, k) => {
    const dist = DataFactory.blankNode(`dist${i}_${k}`);
    add(`${NS.dcat}distribution`, dist);
    quads.push(...distributionTriples(dist, distribution, `${i}_${k}`));
  });
  return quads;
}

function distributionTriples(node: Subject3, d: DcatDistribution, key: string): Quad[] {
  const quads: Quad[] = [triple(node, `${NS.rdf}type`, iri(`${NS.dcat}Distribution`))];
  const add = (predicate: string, object: Object3) => quads.push(triple(node, predicate, object));
  if (d.accessURL) add(`${NS.dcat}accessURL`, resourceOrLiteral(d.accessURL));
  if (d.downloadURL) add(`${NS.dcat}downloadURL`, resourceOrLiteral(d.downloadURL));
  if (d.format) add(`${NS.dct}format`, resourceOrLiteral(d.format));
  if (d.mediaType) add(`${NS.dcat}mediaType`, resourceOrLiteral(d.mediaType));
  if (d.byteSize !== undefined) add(`${NS.dcat}byteSize`, DataFactory.literal(String(d.byteSize), iri(`${NS.xsd}nonNegativeInteger`)));
  quads.push(...tagged(node, `${NS.dct}title`, d.title));
  if (d.license) add(`${NS.dct}license`, resourceOrLiteral(d.license));
  if (d.service) {
    const service = DataFactory.blankNode(`service${key}`);
    add(`${NS.dcat}accessService`, service);
    quads.push(triple(service, `${NS.rdf}type`, iri(`${NS.dcat}DataService`)), triple(service, `${NS.dcat}endpointURL`, resourceOrLiteral(d.service.endpointURL)), ...tagged(service, `${NS.dct}title`, d.service.title));
  }
  return quads;
}

function hydraTriples(baseUrl: string, url: string, next: string | null, total: number, pageCount: number, options: CatalogPageOptions): Quad[] {
  const integer = (n: number) => DataFactory.literal(String(n), iri(`${NS.xsd}integer`));
  const page = iri(url);
  const quads: Quad[] = [];
  if (options.hydra === 'PartialCollectionView') {
    const collection = iri(baseUrl);
    quads.push(triple(collection, `${NS.hydra}view`, page), triple(page, `${NS.rdf}type`, iri(`${NS.hydra}PartialCollectionView`)));
    if (!options.withoutTotal) quads.push(triple(collection, `${NS.hydra}totalItems`, integer(total)));
    if (next) quads.push(triple(page, `${NS.hydra}next`, iri(next)));
    return quads;
  }
  quads.push(triple(page, `${NS.rdf}type`, iri(`${NS.hydra}PagedCollection`)), triple(page, `${NS.hydra}itemsPerPage`, integer(options.pageSize)));
  quads.push(triple(page, `${NS.hydra}firstPage`, iri(pageUrl(baseUrl, 1))), triple(page, `${NS.hydra}lastPage`, iri(pageUrl(baseUrl, pageCount))));
  if (!options.withoutTotal) quads.push(triple(page, `${NS.hydra}totalItems`, integer(total)));
  if (next) quads.push(triple(page, `${NS.hydra}nextPage`, iri(next)));
  return quads;
}

async function serialise(quads: Quad[], format: RdfFormat): Promise<string> {
  if (format === 'turtle') return writeTurtle(quads);
  if (format === 'rdfxml') return writeRdfXml(quads);
  const nquads = await new Promise<string>((resolve, reject) => {
    const writer = new Writer({ format: 'N-Quads' });
    writer.addQuads(quads);
    writer.end((error, result: string) => (error ? reject(error) : resolve(result)));
  });
  const expanded = await jsonld.fromRDF(nquads, { format: 'application/n-quads' });
  const context = { dcat: NS.dcat, dct: NS.dct, foaf: NS.foaf, vcard: NS.vcard, hydra: NS.hydra, xsd: NS.xsd };
  return JSON.stringify(await jsonld.compact(expanded, context), null, 1);
}

function writeTurtle(quads: Quad[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const writer = new Writer({ prefixes: NS });
    writer.addQuads(quads);
    writer.end((error, result: string) => (error ? reject(error) : resolve(result)));
  });
}

/** RDF/XML written plainly: one rdf:Description per subject, every property by its full namespace. */
function writeRdfXml(quads: Quad[]): string {
  const namespaces = new Map<string, string>();
  const prefixOf = (namespace: string) => {
    if (!namespaces.has(namespace)) namespaces.set(namespace, `ns${namespaces.size}`);
    return namespaces.get(namespace)!;
  };
  const bySubject = new Map<string, Quad[]>();
  for (const quad of quads) {
    const key = `${quad.subject.termType}:${quad.subject.value}`;
    bySubject.set(key, [...(bySubject.get(key) ?? []), quad]);
  }
  const descriptions: string[] = [];
  for (const group of bySubject.values()) {
    const subject = group[0].subject;
    const about = subject.termType === 'BlankNode' ? `rdf:nodeID="${xmlEscape(subject.value)}"` : `rdf:about="${xmlEscape(subject.value)}"`;
    const properties = group.map((quad) => {
      const split = Math.max(quad.predicate.value.lastIndexOf('#'), quad.predicate.value.lastIndexOf('/')) + 1;
      const element = `${prefixOf(quad.predicate.value.slice(0, split))}:${quad.predicate.value.slice(split)}`;
      const object = quad.object;
      if (object.termType === 'NamedNode') return `<${element} rdf:resource="${xmlEscape(object.value)}"/>`;
      if (object.termType === 'BlankNode') return `<${element} rdf:nodeID="${xmlEscape(object.value)}"/>`;
      const literal = object as ReturnType<typeof DataFactory.literal>;
      const attribute = literal.language ? ` xml:lang="${literal.language}"` : literal.datatype.value !== `${NS.xsd}string` ? ` rdf:datatype="${xmlEscape(literal.datatype.value)}"` : '';
      return `<${element}${attribute}>${xmlEscape(literal.value)}</${element}>`;
    });
    descriptions.push(`<rdf:Description ${about}>\n  ${properties.join('\n  ')}\n</rdf:Description>`);
  }
  const declarations = [...namespaces].map(([namespace, prefix]) => ` xmlns:${prefix}="${xmlEscape(namespace)}"`).join('');
  return `<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF xmlns:rdf="${NS.rdf}"${declarations}>\n${descriptions.join('\n')}\n</rdf:RDF>\n`;
}

/** Escapes for XML, leaving out the characters XML 1.0 cannot carry at all. */
function xmlEscape(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    // Half a surrogate pair becomes U+FFFD, as it would in any UTF-8 body.
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export interface DcatPortalOptions extends BadDay, Omit<CatalogPageOptions, 'baseUrl'> {
  /** The datasets, or `count` generated ones (`dcatDataset(i)`). */
  datasets?: readonly DcatDataset[];
  count?: number;
  /** Pages as written, by page number, instead of generated ones (a remote context, broken syntax). */
  pages?: Record<number, RawAnswer>;
  /** Send this content type instead of the format's own (to make the reader sniff). */
  contentType?: string;
}

export function startDcatPortal(options: Partial<DcatPortalOptions> = {}): Promise<Portal<DcatPortalOptions>> {
  const cache = new Map<string, Promise<CatalogPage>>();
  let cachedFor: DcatPortalOptions | null = null;
  return startPortal<DcatPortalOptions>({
    options: { format: 'turtle', pageSize: 100, count: 0, ...options },
    entry: (origin) => `${origin}/catalog`,
    errorBody: (status) => ({ status, contentType: 'text/plain; charset=utf-8', body: `${status} error` }),
    async answer(url, opts, portalUrl) {
      if (url.pathname !== '/catalog') return { status: 404, contentType: 'text/plain', body: 'Not found' };
      const number = Number(url.searchParams.get('page') ?? 1);
      const raw = opts.pages?.[number];
      if (raw) return { status: raw.status ?? 200, contentType: raw.contentType ?? RDF_CONTENT_TYPES[opts.format], body: raw.body };
      const total = opts.datasets ? opts.datasets.length : opts.count ?? 0;
      if (number < 1 || !Number.isInteger(number) || (number - 1) * opts.pageSize >= Math.max(total, 1)) return { status: 404, contentType: 'text/plain', body: 'Not found' };
      if (cachedFor !== opts) {
        cache.clear();
        cachedFor = opts;
      }
      const key = String(number);
      if (!cache.has(key)) {
        const datasetAt = (i: number) => (opts.datasets ? opts.datasets[i] : dcatDataset(i));
        cache.set(key, dcatCatalogPage(datasetAt, total, number, { ...opts, baseUrl: portalUrl }));
      }
      const page = await cache.get(key)!;
      return { status: 200, contentType: opts.contentType ?? page.contentType, body: page.body };
    },
  });
}

// ---- driving a reader ----

export interface ReaderRun {
  items: SourceItem[];
  records: HarvestedDataset[];
  /** Each error with its English, as it is stored (`englishOf`). */
  errors: { sourceIdentifier: string | null; message: string; problem: HarvestProblem }[];
  unchanged: string[];
  /** What the reader returned; null when it threw. */
  complete: boolean | null;
  announced: number | null;
  /** What the reader threw, if it did. */
  thrown: unknown;
}

/** Reads a whole source and collects what the reader yields, returns and throws. */
export async function runReader(
  reader: SourceReader,
  url: string,
  options: { known?: ReadonlyMap<string, string | null>; http?: HttpClient; signal?: AbortSignal } = {},
): Promise<ReaderRun> {
  const signal = options.signal ?? new AbortController().signal;
  const run: ReaderRun = { items: [], records: [], errors: [], unchanged: [], complete: null, announced: null, thrown: undefined };
  const generator = reader({
    url,
    http: options.http ?? testHttpClient({ signal }),
    known: options.known ?? new Map(),
    announce: (total) => (run.announced = total),
    signal,
  });
  try {
    for (;;) {
      const step = await generator.next();
      if (step.done) {
        run.complete = step.value.complete;
        break;
      }
      const item = step.value;
      run.items.push(item);
      if (item.type === 'record') run.records.push(item.record);
      else if (item.type === 'unchanged') run.unchanged.push(item.sourceIdentifier);
      else run.errors.push({ sourceIdentifier: item.sourceIdentifier, message: englishOf(item.problem), problem: item.problem });
    }
  } catch (error) {
    run.thrown = error;
  }
  return run;
}
