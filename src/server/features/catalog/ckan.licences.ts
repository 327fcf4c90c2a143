import type { License } from '../../../shared/catalog.ts';

/**
 * The catalogue's licences as CKAN names them: the ids of CKAN's own licence list
 * (ckan/model/license.py), which harvesters and CKAN front ends know. CKAN's `cc-by` and
 * `cc-by-sa` name no version, so Creative Commons Attribution 3.0 and 4.0 are both `cc-by`; the
 * version stays in the package's `license_url` and `license_title`.
 */
export const CKAN_LICENSE_IDS: Record<License, string> = {
  CC_BY_4_0: 'cc-by', CC_BY_3_0: 'cc-by', CC_BY_SA_4_0: 'cc-by-sa', CC0: 'cc-zero', CC_BY_NC_4_0: 'cc-nc', ODC_BY: 'odc-by', ODC_ODBL: 'odc-odbl', OTHER: 'other-at',
};

export const LICENSE_TITLES: Record<License, string> = {
  CC_BY_4_0: 'Creative Commons Attribution 4.0', CC_BY_SA_4_0: 'Creative Commons Attribution Share-Alike 4.0', CC0: 'Creative Commons CCZero',
  CC_BY_3_0: 'Creative Commons Attribution 3.0', CC_BY_NC_4_0: 'Creative Commons Non-Commercial 4.0', ODC_BY: 'Open Data Commons Attribution License',
  ODC_ODBL: 'Open Data Commons Open Database License (ODbL)', OTHER: 'Other (Attribution)',
};

export const LICENSE_URLS: Partial<Record<License, string>> = {
  CC_BY_4_0: 'https://creativecommons.org/licenses/by/4.0/', CC_BY_SA_4_0: 'https://creativecommons.org/licenses/by-sa/4.0/',
  CC0: 'https://creativecommons.org/publicdomain/zero/1.0/', CC_BY_3_0: 'https://creativecommons.org/licenses/by/3.0/',
  CC_BY_NC_4_0: 'https://creativecommons.org/licenses/by-nc/4.0/', ODC_BY: 'https://opendatacommons.org/licenses/by/', ODC_ODBL: 'https://opendatacommons.org/licenses/odbl/',
};

/** CKAN's own titles of its ids (its licence list names no version). */
const CKAN_TITLES: Record<string, string> = {
  'cc-by': 'Creative Commons Attribution', 'cc-by-sa': 'Creative Commons Attribution Share-Alike', 'cc-zero': 'Creative Commons CCZero',
  'cc-nc': 'Creative Commons Non-Commercial (Any)', 'odc-by': 'Open Data Commons Attribution License', 'odc-odbl': 'Open Data Commons Open Database License (ODbL)', 'other-at': 'Other (Attribution)',
};

/**
 * The versioned ids portals that list each version use (avoindata.fi's `cc-by-4.0`), which this
 * catalogue wrote before it took CKAN's: a filter by one still finds that version only.
 */
const VERSIONED_IDS: Record<string, License> = { 'cc-by-4.0': 'CC_BY_4_0', 'cc-by-3.0': 'CC_BY_3_0', 'cc-by-sa-4.0': 'CC_BY_SA_4_0', 'cc-nc-4.0': 'CC_BY_NC_4_0' };

const LICENSES = Object.keys(CKAN_LICENSE_IDS) as License[];

/** CKAN's title of one of its licence ids. */
export const ckanLicenceTitle = (id: string): string | undefined => (Object.hasOwn(CKAN_TITLES, id) ? CKAN_TITLES[id] : undefined);

/** The catalogue's licences a CKAN licence id names (`cc-by`: 3.0 and 4.0); none for an id it does not know. */
export function licencesOf(ckanId: string): License[] {
  const id = ckanId.trim().toLowerCase();
  const named = LICENSES.filter((license) => CKAN_LICENSE_IDS[license] === id);
  if (named.length) return named;
  if (Object.hasOwn(VERSIONED_IDS, id)) return [VERSIONED_IDS[id]];
  const code = ckanId.trim().toUpperCase();
  return (LICENSES as string[]).includes(code) ? [code as License] : [];
}

/** Whether the licence is open by the Open Definition (CKAN's `isopen`). */
export const isOpenLicence = (license: License) => license !== 'OTHER' && license !== 'CC_BY_NC_4_0';

/** `license_list`: each CKAN id the catalogue uses once, in CKAN's shape (every value a string, as CKAN's own list writes it). */
export function licenseList() {
  const ids = [...new Set(LICENSES.map((license) => CKAN_LICENSE_IDS[license]))];
  return ids.map((id) => {
    const versions = licencesOf(id);
    return {
      id,
      title: CKAN_TITLES[id],
      url: versions.length === 1 ? (LICENSE_URLS[versions[0]] ?? '') : '',
      status: 'active',
      maintainer: '',
      family: '',
      is_generic: 'False',
      domain_content: 'True',
      domain_data: 'True',
      domain_software: 'False',
      od_conformance: versions.every(isOpenLicence) ? 'approved' : 'not reviewed',
      osd_conformance: 'not reviewed',
    };
  });
}
