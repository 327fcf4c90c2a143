import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import { UI_LANGUAGES, type Language } from '../../../shared/languages.ts';
import { ownedDatasets, removeOwnedDataset, upsertOwnedDataset, type DatasetFields } from '../catalog/catalog.service.ts';

/**
 * Each pilot with public datastreams is one dataset of the open data catalogue (issue 20 point 4),
 * `pilot:<slug>`, with one distribution per datastream whose address is the SensorThings service's
 * own (`/sta/v1.1/Datastreams(<id>)/Observations`), so the DCAT-AP output and the CKAN API carry
 * them like any other dataset. Internal datastreams (decision 9) are left out; a pilot without a
 * public datastream has no dataset. The catalogue owns its tables; this hands it the fields.
 */

const OWNER = 'pilot:';
export const pilotDatasetOwner = (slug: string) => `${OWNER}${slug}`;
export const STA_CONFORMS_TO = 'http://www.opengis.net/doc/is/sensorthings/1.1';

const KEYWORDS: Record<Language, string[]> = {
  en: ['sensors', 'SensorThings', 'living lab'],
  fi: ['sensorit', 'SensorThings', 'living lab'],
  et: ['andurid', 'SensorThings', 'living lab'],
  sv: ['sensorer', 'SensorThings', 'living lab'],
  ru: ['датчики', 'SensorThings', 'living lab'],
};
/** The same name in every language: the standard's own. */
const inEveryLanguage = (text: string): Record<Language, string> => Object.fromEntries(UI_LANGUAGES.map((lang) => [lang, text])) as Record<Language, string>;
const SERVICE_TITLE = inEveryLanguage('OGC SensorThings API 1.1');
const ABOUT: Record<Language, string> = {
  en: 'Observations of the pilot\'s sensors, read through the OGC SensorThings API 1.1 (one distribution per datastream).',
  fi: 'Pilotin anturien havainnot OGC SensorThings API 1.1 -rajapinnan kautta (yksi jakelu tietovirtaa kohden).',
  et: 'Piloodi andurite vaatlused OGC SensorThings API 1.1 kaudu (üks distributsioon andmevoo kohta).',
  sv: 'Observationer från pilotprojektets sensorer, tillgängliga via OGC SensorThings API 1.1 (en distribution per dataström).',
  ru: 'Наблюдения датчиков пилотного проекта, доступные через OGC SensorThings API 1.1 (по одному ресурсу на каждый поток данных).',
};

interface StreamRow {
  id: string;
  name: string;
  description: string;
  unit: string | null;
}

/** The pilot's public datastreams, by id. */
async function publicStreams(db: QueryBuilder, pilotId: string): Promise<StreamRow[]> {
  const { rows } = await sql<StreamRow>`
    select d.id::text as id, d.name, d.description, case when d.multi then null else d.unit_of_measurement ->> 'symbol' end as unit
    from sta_datastreams d join sta_things t on t.id = d.thing_id
    where t.pilot_id = ${pilotId} and not d.internal
    order by d.id`.execute(db);
  return rows;
}

/**
 * A description in each language the pilot has one, the service's note after it; the note alone
 * only when the pilot has no description at all, so a reader whose language the pilot lacks is
 * given the pilot's own words in the fallback language, not the note without them.
 */
function describe(description: LocalizedTextValue): LocalizedTextValue {
  const written = UI_LANGUAGES.filter((lang) => description[lang]);
  if (written.length === 0) return { ...ABOUT };
  return Object.fromEntries(written.map((lang) => [lang, `${description[lang]}\n\n${ABOUT[lang]}`]));
}

type PilotForCatalogue = { id: string; slug: string; name: LocalizedTextValue; description: LocalizedTextValue; starts_on: string | null; ends_on: string | null; created_at: Date; updated_at: Date };

/** The catalogue's fields of a pilot's dataset: where and when, and a distribution per datastream. */
export async function pilotDatasetFields(db: QueryBuilder, pilot: PilotForCatalogue, streams: StreamRow[], publicUrl: string): Promise<DatasetFields> {
  const countries = await db
    .selectFrom('pilot_partners as pp')
    .innerJoin('institutions as i', 'i.id', 'pp.institution_id')
    .select('i.country')
    .distinct()
    .where('pp.pilot_id', '=', pilot.id)
    .where('i.country', 'in', ['FI', 'EE'])
    .orderBy('i.country')
    .execute();
  const service = { title: SERVICE_TITLE, endpointUrl: `${publicUrl}/sta/v1.1`, endpointDescription: null };
  return {
    title: pilot.name,
    description: describe(pilot.description),
    themes: ['REGI', 'TECH'],
    keywords: KEYWORDS,
    spatial: countries.map((row) => row.country),
    temporalStart: pilot.starts_on,
    temporalEnd: pilot.ends_on,
    frequency: 'CONT',
    landingPage: `${publicUrl}/pilots/${pilot.slug}`,
    issued: pilot.created_at.toISOString(),
    modified: pilot.updated_at.toISOString(),
    distributions: streams.map((stream) => ({
      title: inEveryLanguage(stream.name),
      description: { en: stream.description || stream.name },
      accessUrl: `${publicUrl}/sta/v1.1/Datastreams(${stream.id})/Observations`,
      format: 'JSON',
      mediaType: 'application/json',
      accessService: service,
      conformsTo: STA_CONFORMS_TO,
    })),
  };
}

/**
 * Puts one pilot's dataset in the catalogue as it now is, or takes it out (no public datastream, or
 * the pilot is gone). Run in a transaction of its own: the pilot's row is locked, so two writers
 * of one pilot take turns. `owner` names a dataset whose pilot may be gone or renamed.
 */
export async function syncPilotDataset(trx: QueryBuilder, pilotId: string | null, publicUrl: string, owner?: string): Promise<'created' | 'updated' | 'unchanged' | 'removed'> {
  const row = pilotId
    ? await trx
        .selectFrom('pilots')
        .select(['id', 'slug', 'name', 'description', sql<string | null>`starts_on::text`.as('starts_on'), sql<string | null>`ends_on::text`.as('ends_on'), 'is_demo', 'created_at', 'updated_at'])
        .where('id', '=', pilotId)
        .forUpdate()
        .executeTakeFirst()
    : undefined;
  const streams = row ? await publicStreams(trx, row.id) : [];
  if (!row || streams.length === 0) {
    const gone = owner ?? (row ? pilotDatasetOwner(row.slug) : null);
    return gone && (await removeOwnedDataset(trx, gone)) ? 'removed' : 'unchanged';
  }
  return upsertOwnedDataset(trx, { owner: pilotDatasetOwner(row.slug), name: `pilot-${row.slug}`, fields: await pilotDatasetFields(trx, row, streams, publicUrl), demo: row.is_demo });
}

/**
 * The pilots' datasets brought up to date: those of `pilotIds` (after a change to them or to their
 * Things and datastreams, which the SensorThings writes may call), or every pilot's, and then the
 * datasets of pilots deleted or renamed since taken out. Returns how many of each outcome.
 */
export async function syncPilotDatasets(db: QueryBuilder, publicUrl: string, pilotIds?: readonly string[]): Promise<Record<'created' | 'updated' | 'unchanged' | 'removed', number>> {
  const counts = { created: 0, updated: 0, unchanged: 0, removed: 0 };
  let query = db.selectFrom('pilots').select(['id', 'slug']).orderBy('slug');
  if (pilotIds) {
    if (pilotIds.length === 0) return counts;
    query = query.where('id', 'in', [...pilotIds]);
  }
  const pilots = await query.execute();
  for (const { id } of pilots) counts[await db.transaction().execute((trx) => syncPilotDataset(trx, id, publicUrl))]++;
  if (!pilotIds) {
    const slugs = new Set((await db.selectFrom('pilots').select('slug').execute()).map((row) => row.slug));
    for (const owner of await ownedDatasets(db, OWNER)) {
      if (!slugs.has(owner.slice(OWNER.length))) counts[await db.transaction().execute((trx) => syncPilotDataset(trx, null, publicUrl, owner))]++;
    }
  }
  return counts;
}

/** The catalogue's dataset of a pilot, by its name, when it is there. */
export async function pilotDatasetName(db: QueryBuilder, slug: string): Promise<string | null> {
  const row = await db.selectFrom('datasets').select('name').where('source_id', 'is', null).where('source_identifier', '=', pilotDatasetOwner(slug)).where('state', '=', 'active').executeTakeFirst();
  return row?.name ?? null;
}
