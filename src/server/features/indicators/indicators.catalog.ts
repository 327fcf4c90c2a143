import type { QueryBuilder } from '../../db/tables.ts';
import { REGION_CODES, type Frequency, type Theme } from '../../../shared/catalog.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import type { Domain } from '../../../shared/register.ts';
import type { IndicatorFrequency } from '../../../shared/statistics.ts';
import { ownedDatasets, removeOwnedDataset, upsertOwnedDataset, type DatasetFields } from '../catalog/catalog.service.ts';
import { figuresOf } from './indicators.read.ts';

/**
 * Each published indicator is a dataset of the open data catalogue (issue 18 §5), so it is in the
 * DCAT-AP output and the CKAN API like any other: its JSON-stat, CSV and XLSX as distributions.
 * The catalogue owns its tables; this feature hands it the fields through `upsertOwnedDataset`,
 * after an indicator is saved (the demo) and at every start (a new public address, figures
 * imported since).
 */

const OWNER = 'indicator:';
export const datasetOwner = (indicatorId: string) => `${OWNER}${indicatorId}`;

const FREQUENCIES: Record<IndicatorFrequency, Frequency> = { A: 'ANNUAL', Q: 'QUARTERLY', M: 'MONTHLY' };
/** The EU data theme of each domain; every indicator is also of "Regions and cities". */
const DOMAIN_THEMES: Record<Domain, Theme> = { mobility: 'TRAN', legal: 'JUST', social_security: 'SOCI', education: 'EDUC', digital_services: 'TECH', integration: 'SOCI' };
const KEYWORDS = { en: ['statistics', 'indicator'], fi: ['tilasto', 'indikaattori'], et: ['statistika', 'näitaja'] };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const JSON_STAT_FORMAT = 'https://json-stat.org/format/';

/** A statistics region as the catalogue's place vocabulary names it, when it has the place (`fi-kunta:091` → `fi-091`). */
function catalogueRegion(code: string): string | null {
  const [scheme, local] = code.split(':');
  const named = scheme === 'country' ? local : scheme === 'nuts' ? local : scheme === 'fi-kunta' ? `fi-${local}` : scheme === 'ee-ehak' ? `ee-${local}` : null;
  return named && REGION_CODES.includes(named) ? named : null;
}

/** The day before `day` (a period's exclusive end → its last day). */
function dayBefore(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

/** The definition and the notes, in each language either has; the name where there is neither. */
function descriptionOf(name: LocalizedTextValue, definition: LocalizedTextValue, notes: LocalizedTextValue): LocalizedTextValue {
  const languages = new Set([...Object.keys(definition), ...Object.keys(notes)] as ContentLanguage[]);
  const text = Object.fromEntries([...languages].map((lang) => [lang, [definition[lang], notes[lang]].filter(Boolean).join('\n\n')]).filter(([, value]) => value));
  return Object.keys(text).length ? text : name;
}

const distribution = (title: string, url: string, format: string, mediaType: string, description: LocalizedTextValue, conformsTo?: string) => ({
  title: { en: title, fi: title, et: title, sv: title, ru: title },
  description,
  accessUrl: url,
  downloadUrl: url,
  format,
  mediaType,
  ...(conformsTo ? { conformsTo } : {}),
});

type IndicatorForCatalogue = {
  id: string; slug: string; name: LocalizedTextValue; definition: LocalizedTextValue; notes: LocalizedTextValue; domain: Domain | null;
  frequency: IndicatorFrequency; created_at: Date; updated_at: Date;
};

/** The catalogue's fields for an indicator: what it measures, where and when, and its files. */
export async function datasetFieldsOf(db: QueryBuilder, indicator: IndicatorForCatalogue, publicUrl: string): Promise<DatasetFields> {
  const figures = await figuresOf(db, indicator);
  const withFigures = figures.periods.filter((_, at) => figures.series.some((series) => series.values[at] !== null));
  const retrieved = figures.definitions.flatMap((one) => (one.retrieved_at ? [one.retrieved_at.getTime()] : []));
  const address = `${publicUrl}/api/indicators/${indicator.slug}`;
  const spatial = [...new Set(figures.series.flatMap((series) => catalogueRegion(series.region) ?? []))].sort();
  return {
    title: indicator.name,
    description: descriptionOf(indicator.name, indicator.definition, indicator.notes),
    themes: [...new Set<Theme>(['REGI', ...(indicator.domain ? [DOMAIN_THEMES[indicator.domain]] : [])])],
    keywords: KEYWORDS,
    spatial,
    temporalStart: withFigures[0]?.start ?? null,
    temporalEnd: withFigures.length ? dayBefore(withFigures[withFigures.length - 1].end) : null,
    frequency: FREQUENCIES[indicator.frequency],
    landingPage: `${publicUrl}/indicators/${indicator.slug}`,
    issued: indicator.created_at.toISOString(),
    modified: new Date(Math.max(indicator.updated_at.getTime(), ...retrieved)).toISOString(),
    distributions: [
      distribution('JSON-stat 2.0', `${address}.json`, 'JSON', 'application/json', {
        en: 'Every figure as a JSON-stat 2.0 dataset: region × time × measure, with statuses and sources.',
        fi: 'Kaikki luvut JSON-stat 2.0 -aineistona: alue × aika × mittari, tilamerkintöineen ja lähteineen.',
        et: 'Kõik arvud JSON-stat 2.0 andmestikuna: piirkond × aeg × mõõdik, olekute ja allikatega.',
        sv: 'Alla siffror som en JSON-stat 2.0-datamängd: område × tid × mått, med status och källor.',
        ru: 'Все числа как набор данных JSON-stat 2.0: регион × время × показатель, со статусами и источниками.',
      }, JSON_STAT_FORMAT),
      distribution('CSV', `${address}.csv`, 'CSV', 'text/csv', {
        en: 'A row per figure with its status, source table and vintage.',
        fi: 'Rivi kutakin lukua kohden tilamerkinnän, lähdetaulukon ja version kanssa.',
        et: 'Rida iga arvu kohta koos oleku, lähtetabeli ja versiooniga.',
        sv: 'En rad per siffra med dess status, källtabell och version.',
        ru: 'Строка на каждое число с его статусом, исходной таблицей и версией.',
      }),
      distribution('XLSX', `${address}.xlsx`, 'XLSX', XLSX, {
        en: 'The same rows as a spreadsheet.',
        fi: 'Samat rivit laskentataulukkona.',
        et: 'Samad read arvutustabelina.',
        sv: 'Samma rader som kalkylblad.',
        ru: 'Те же строки в виде электронной таблицы.',
      }),
    ],
  };
}

/**
 * Puts one indicator in the catalogue as it now is, or takes it out when it is a draft or gone.
 * Run in a transaction of its own: the indicator's row is locked, so two writers of one indicator
 * take turns.
 */
export async function syncIndicatorDataset(trx: QueryBuilder, indicatorId: string, publicUrl: string): Promise<'created' | 'updated' | 'unchanged' | 'removed'> {
  const row = await trx
    .selectFrom('indicators')
    .select(['id', 'slug', 'name', 'definition', 'notes', 'domain', 'frequency', 'published', 'demo', 'created_at', 'updated_at'])
    .where('id', '=', indicatorId)
    .forUpdate()
    .executeTakeFirst();
  if (!row?.published) return (await removeOwnedDataset(trx, datasetOwner(indicatorId))) ? 'removed' : 'unchanged';
  return upsertOwnedDataset(trx, { owner: datasetOwner(row.id), name: `indicator-${row.slug}`, fields: await datasetFieldsOf(trx, row, publicUrl), demo: row.demo });
}

/** Every indicator in the catalogue as it now is, and the datasets of indicators deleted since taken out: how many of each outcome. */
export async function syncIndicatorDatasets(db: QueryBuilder, publicUrl: string): Promise<Record<'created' | 'updated' | 'unchanged' | 'removed', number>> {
  const counts = { created: 0, updated: 0, unchanged: 0, removed: 0 };
  const indicators = (await db.selectFrom('indicators').select('id').orderBy('slug').execute()).map((row) => row.id);
  const orphans = (await ownedDatasets(db, OWNER)).map((owner) => owner.slice(OWNER.length)).filter((id) => !indicators.includes(id));
  for (const id of [...indicators, ...orphans]) {
    counts[await db.transaction().execute((trx) => syncIndicatorDataset(trx, id, publicUrl))]++;
  }
  return counts;
}

/** The catalogue's copies of the indicators reading any of these statistics tables, after an import changed them. */
export async function syncDatasetsReading(db: QueryBuilder, tableIds: readonly string[], publicUrl: string): Promise<void> {
  if (tableIds.length === 0) return;
  const readers = await db.selectFrom('indicator_series').select('indicator_id').distinct().where('table_id', 'in', [...tableIds]).execute();
  for (const { indicator_id } of readers) {
    await db.transaction().execute((trx) => syncIndicatorDataset(trx, indicator_id, publicUrl));
  }
}
