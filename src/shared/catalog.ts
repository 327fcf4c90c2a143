/**
 * Vocabularies of the open data catalogue (issue 5). Codes are those of the EU Vocabularies that
 * DCAT-AP 3 names, so the catalogue's DCAT output and its facets speak the same language as
 * data.europa.eu; the regions are the municipalities and regions of Uusimaa and Harju.
 */

/** EU data themes (http://publications.europa.eu/resource/authority/data-theme). */
export const THEMES = ['AGRI', 'ECON', 'EDUC', 'ENER', 'ENVI', 'GOVE', 'HEAL', 'INTR', 'JUST', 'REGI', 'SOCI', 'TECH', 'TRAN'] as const;
export type Theme = (typeof THEMES)[number];

/** Update frequencies (http://publications.europa.eu/resource/authority/frequency). */
export const FREQUENCIES = ['CONT', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'QUARTERLY', 'ANNUAL', 'BIENNIAL', 'IRREG', 'NEVER', 'UNKNOWN'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** Access rights (http://publications.europa.eu/resource/authority/access-right). */
export const ACCESS_RIGHTS = ['PUBLIC', 'RESTRICTED', 'NON_PUBLIC'] as const;
export type AccessRight = (typeof ACCESS_RIGHTS)[number];

/**
 * Licences the region's portals use, as codes of the EU licence list
 * (http://publications.europa.eu/resource/authority/licence); anything else is `OTHER`, with the
 * source's own licence address kept beside it.
 */
export const LICENSES = ['CC_BY_4_0', 'CC_BY_SA_4_0', 'CC0', 'CC_BY_3_0', 'CC_BY_NC_4_0', 'ODC_BY', 'ODC_ODBL', 'OTHER'] as const;
export type License = (typeof LICENSES)[number];

/** Licence codes and names as portals write them, mapped to the EU list. Keys are lower case. */
export const LICENSE_ALIASES: Readonly<Record<string, License>> = {
  'cc-by-4.0': 'CC_BY_4_0', 'cc-by-4': 'CC_BY_4_0', 'cc_by_4.0': 'CC_BY_4_0', 'cc_by_4_0': 'CC_BY_4_0', 'cc-by': 'CC_BY_4_0', cc_by: 'CC_BY_4_0',
  'creative commons attribution 4.0': 'CC_BY_4_0', 'creative commons nimeä 4.0': 'CC_BY_4_0', 'creative commons nimeä 4.0 kansainvälinen (cc by 4.0)': 'CC_BY_4_0',
  'https://creativecommons.org/licenses/by/4.0/': 'CC_BY_4_0', 'http://creativecommons.org/licenses/by/4.0/': 'CC_BY_4_0',
  'cc-by-sa-4.0': 'CC_BY_SA_4_0', 'cc_by_sa_4.0': 'CC_BY_SA_4_0', 'cc_by_sa_4_0': 'CC_BY_SA_4_0', 'https://creativecommons.org/licenses/by-sa/4.0/': 'CC_BY_SA_4_0',
  'cc0-1.0': 'CC0', cc0: 'CC0', 'cc-zero': 'CC0', 'cc_zero': 'CC0', 'odc-pddl': 'CC0', 'https://creativecommons.org/publicdomain/zero/1.0/': 'CC0',
  'cc-by-3.0': 'CC_BY_3_0', 'cc_by_3.0': 'CC_BY_3_0', 'cc_by_3_0': 'CC_BY_3_0',
  'cc-by-nc-4.0': 'CC_BY_NC_4_0', 'cc_by_nc_4.0': 'CC_BY_NC_4_0',
  'odc-by': 'ODC_BY', 'odc_by': 'ODC_BY', 'odc-odbl': 'ODC_ODBL', odbl: 'ODC_ODBL', 'odc_odbl': 'ODC_ODBL',
};

/** The licence a portal names, in the EU list; `OTHER` when it names one we do not know. */
export function normaliseLicense(value: string | null | undefined): License | null {
  if (!value || !value.trim()) return null;
  const key = value.trim().toLowerCase();
  if (LICENSE_ALIASES[key]) return LICENSE_ALIASES[key];
  const upper = value.trim().toUpperCase().replace(/[-.]/g, '_');
  if ((LICENSES as readonly string[]).includes(upper)) return upper as License;
  const euTail = /authority\/licence\/([A-Z0-9_]+)$/.exec(value.trim());
  if (euTail && (LICENSES as readonly string[]).includes(euTail[1])) return euTail[1] as License;
  return 'OTHER';
}

/** Canonical file-type names (EU file-type codes) for what portals write as a resource's format. */
export function normaliseFormat(value: string | null | undefined): string | null {
  if (!value) return null;
  const cleaned = value.trim().replace(/^\./, '').replace(/^.*\/file-type\//, '').toUpperCase();
  if (!cleaned || cleaned.length > 40) return null;
  return FORMAT_ALIASES[cleaned] ?? cleaned;
}

const FORMAT_ALIASES: Readonly<Record<string, string>> = {
  'TEXT/CSV': 'CSV', 'APPLICATION/JSON': 'JSON', GEOJSON: 'GEOJSON', 'APPLICATION/GEO+JSON': 'GEOJSON', 'GEO+JSON': 'GEOJSON',
  XLS: 'XLS', 'APPLICATION/VND.MS-EXCEL': 'XLS', 'APPLICATION/VND.OPENXMLFORMATS-OFFICEDOCUMENT.SPREADSHEETML.SHEET': 'XLSX',
  'ESRI SHAPEFILE': 'SHP', SHAPEFILE: 'SHP', 'APPLICATION/XML': 'XML', 'TEXT/XML': 'XML', 'APPLICATION/PDF': 'PDF',
  'APPLICATION/ZIP': 'ZIP', WMS: 'WMS_SRVC', 'WMS_SRVC': 'WMS_SRVC', WFS: 'WFS_SRVC', 'WFS_SRVC': 'WFS_SRVC', 'TEXT/HTML': 'HTML',
  'JSON-LD': 'JSON_LD', JSONLD: 'JSON_LD', 'TEXT/TURTLE': 'RDF_TURTLE', TURTLE: 'RDF_TURTLE', TTL: 'RDF_TURTLE', 'RDF/XML': 'RDF_XML',
  'GTFS': 'GTFS', 'GTFS-RT': 'GTFS', 'PX': 'PX',
};

export const SPATIAL_LEVELS = ['country', 'region', 'municipality'] as const;
export type SpatialLevel = (typeof SPATIAL_LEVELS)[number];

export interface RegionEntry {
  code: string;
  level: SpatialLevel;
  country: 'FI' | 'EE';
  /** Official names; the English one where the place has one. */
  name: { fi: string; et: string; en: string; sv?: string; ru?: string };
  /** Code in the national register: Statistics Finland's municipality code or Estonia's EHAK. */
  nationalCode?: string;
}

/**
 * Spatial coverage: the two countries, the two regions (NUTS 3: FI1B1 Helsinki-Uusimaa, EE001
 * Põhja-Eesti, which is Harju County) and their larger municipalities. Municipality codes are
 * Statistics Finland's (kunta) and the Estonian Land Board's EHAK codes.
 */
export const REGIONS: readonly RegionEntry[] = [
  { code: 'FI', level: 'country', country: 'FI', name: { fi: 'Suomi', et: 'Soome', en: 'Finland', sv: 'Finland', ru: 'Финляндия' } },
  { code: 'EE', level: 'country', country: 'EE', name: { fi: 'Viro', et: 'Eesti', en: 'Estonia', sv: 'Estland', ru: 'Эстония' } },
  { code: 'FI1B1', level: 'region', country: 'FI', name: { fi: 'Uusimaa', et: 'Uusimaa', en: 'Helsinki-Uusimaa', sv: 'Nyland', ru: 'Уусимаа' }, nationalCode: '01' },
  { code: 'EE001', level: 'region', country: 'EE', name: { fi: 'Harjumaa', et: 'Harju maakond', en: 'Harju County', sv: 'Harju län', ru: 'Харьюмаа' }, nationalCode: '0037' },
  { code: 'fi-091', level: 'municipality', country: 'FI', name: { fi: 'Helsinki', et: 'Helsingi', en: 'Helsinki', sv: 'Helsingfors', ru: 'Хельсинки' }, nationalCode: '091' },
  { code: 'fi-049', level: 'municipality', country: 'FI', name: { fi: 'Espoo', et: 'Espoo', en: 'Espoo', sv: 'Esbo', ru: 'Эспоо' }, nationalCode: '049' },
  { code: 'fi-092', level: 'municipality', country: 'FI', name: { fi: 'Vantaa', et: 'Vantaa', en: 'Vantaa', sv: 'Vanda', ru: 'Вантаа' }, nationalCode: '092' },
  { code: 'fi-235', level: 'municipality', country: 'FI', name: { fi: 'Kauniainen', et: 'Kauniainen', en: 'Kauniainen', sv: 'Grankulla', ru: 'Кауниайнен' }, nationalCode: '235' },
  { code: 'fi-257', level: 'municipality', country: 'FI', name: { fi: 'Kirkkonummi', et: 'Kirkkonummi', en: 'Kirkkonummi', sv: 'Kyrkslätt', ru: 'Киркконумми' }, nationalCode: '257' },
  { code: 'fi-245', level: 'municipality', country: 'FI', name: { fi: 'Kerava', et: 'Kerava', en: 'Kerava', sv: 'Kervo', ru: 'Керава' }, nationalCode: '245' },
  { code: 'fi-186', level: 'municipality', country: 'FI', name: { fi: 'Järvenpää', et: 'Järvenpää', en: 'Järvenpää', sv: 'Träskända', ru: 'Ярвенпяя' }, nationalCode: '186' },
  { code: 'fi-858', level: 'municipality', country: 'FI', name: { fi: 'Tuusula', et: 'Tuusula', en: 'Tuusula', sv: 'Tusby', ru: 'Туусула' }, nationalCode: '858' },
  { code: 'fi-753', level: 'municipality', country: 'FI', name: { fi: 'Sipoo', et: 'Sipoo', en: 'Sipoo', sv: 'Sibbo', ru: 'Сипоо' }, nationalCode: '753' },
  { code: 'fi-638', level: 'municipality', country: 'FI', name: { fi: 'Porvoo', et: 'Porvoo', en: 'Porvoo', sv: 'Borgå', ru: 'Порвоо' }, nationalCode: '638' },
  { code: 'ee-0784', level: 'municipality', country: 'EE', name: { fi: 'Tallinna', et: 'Tallinn', en: 'Tallinn', sv: 'Tallinn', ru: 'Таллинн' }, nationalCode: '0784' },
  { code: 'ee-0890', level: 'municipality', country: 'EE', name: { fi: 'Viimsi', et: 'Viimsi vald', en: 'Viimsi Parish', sv: 'Viimsi kommun', ru: 'волость Виймси' }, nationalCode: '0890' },
  { code: 'ee-0653', level: 'municipality', country: 'EE', name: { fi: 'Rae', et: 'Rae vald', en: 'Rae Parish', sv: 'Rae kommun', ru: 'волость Раэ' }, nationalCode: '0653' },
  { code: 'ee-0198', level: 'municipality', country: 'EE', name: { fi: 'Harku', et: 'Harku vald', en: 'Harku Parish', sv: 'Harku kommun', ru: 'волость Харку' }, nationalCode: '0198' },
  { code: 'ee-0726', level: 'municipality', country: 'EE', name: { fi: 'Saue', et: 'Saue vald', en: 'Saue Parish', sv: 'Saue kommun', ru: 'волость Сауэ' }, nationalCode: '0726' },
  { code: 'ee-0296', level: 'municipality', country: 'EE', name: { fi: 'Keila', et: 'Keila linn', en: 'Keila', sv: 'Keila', ru: 'Кейла' }, nationalCode: '0296' },
  { code: 'ee-0446', level: 'municipality', country: 'EE', name: { fi: 'Maardu', et: 'Maardu linn', en: 'Maardu', sv: 'Maardu', ru: 'Маарду' }, nationalCode: '0446' },
  { code: 'ee-0718', level: 'municipality', country: 'EE', name: { fi: 'Saku', et: 'Saku vald', en: 'Saku Parish', sv: 'Saku kommun', ru: 'волость Саку' }, nationalCode: '0718' },
  { code: 'ee-0245', level: 'municipality', country: 'EE', name: { fi: 'Jõelähtme', et: 'Jõelähtme vald', en: 'Jõelähtme Parish', sv: 'Jõelähtme kommun', ru: 'волость Йыэляхтме' }, nationalCode: '0245' },
  { code: 'ee-0304', level: 'municipality', country: 'EE', name: { fi: 'Kiili', et: 'Kiili vald', en: 'Kiili Parish', sv: 'Kiili kommun', ru: 'волость Кийли' }, nationalCode: '0304' },
];
export const REGION_CODES = REGIONS.map((region) => region.code) as readonly string[];

/** A region by its code, or by a name any portal writes for it ("Helsinki", "Tallinna linn", "Kogu Eesti"). */
export function findRegion(value: string): RegionEntry | undefined {
  const wanted = value.trim().toLowerCase();
  if (!wanted) return undefined;
  if (wanted === 'kogu eesti' || wanted === 'koko suomi' || wanted === 'whole finland') return REGIONS.find((r) => r.code === (wanted === 'kogu eesti' ? 'EE' : 'FI'));
  return REGIONS.find(
    (region) => region.code.toLowerCase() === wanted || Object.values(region.name).some((name) => name.toLowerCase() === wanted),
  );
}

export const HARVEST_KINDS = ['ckan', 'estonia', 'dcat'] as const;
export type HarvestKind = (typeof HARVEST_KINDS)[number];

export const HARVEST_SCHEDULES = ['manual', 'hourly', 'daily', 'weekly'] as const;
export type HarvestSchedule = (typeof HARVEST_SCHEDULES)[number];

export const RUN_STATES = ['queued', 'running', 'succeeded', 'partial', 'failed', 'cancelled'] as const;
export type RunState = (typeof RUN_STATES)[number];
/** A run in one of these is still to finish; a source has at most one such run. */
export const ACTIVE_RUN_STATES = ['queued', 'running'] as const satisfies readonly RunState[];

export const RUN_TRIGGERS = ['manual', 'schedule', 'command'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

export const DATASET_STATES = ['active', 'withdrawn'] as const;
export type DatasetState = (typeof DATASET_STATES)[number];

export const DATASET_SORTS = ['relevance', 'modified', 'title'] as const;
export type DatasetSort = (typeof DATASET_SORTS)[number];

export const FACETS = ['publisher', 'theme', 'format', 'license', 'source', 'region'] as const;
export type Facet = (typeof FACETS)[number];
