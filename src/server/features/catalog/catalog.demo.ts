import type { Kysely } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import { REGIONS } from '../../../shared/catalog.ts';
import { OPEN_STATUSES } from '../../../shared/register.ts';
import type { DatasetCreate, DistributionInput } from '../../../shared/schemas/catalog.ts';
import { findInstitution } from '../institutions/institutions.repository.ts';
import { DEMO_SERIES, DEMO_SOURCES, type DemoSeries } from './catalog.demo-data.ts';
import { insertLocalDataset, writeHarvested } from './catalog.service.ts';
import * as repo from './catalog.repository.ts';
import { slugify } from '../../lib/names.ts';


const MEDIA_TYPES: Record<string, string> = {
  CSV: 'text/csv', JSON: 'application/json', GEOJSON: 'application/geo+json', XLSX: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ZIP: 'application/zip', GTFS: 'application/zip', SHP: 'application/zip',
};
const SERVICES = new Set(['WMS_SRVC', 'WFS_SRVC']);
const DEMO_HOST = 'https://demo.talsinki.invalid';

/** A stable number from text, for sizes and dates that look varied but never change between loads. */
function spread(text: string, range: number): number {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % range;
}

function fill(template: Partial<Record<string, string>>, values: Record<string, string>) {
  return Object.fromEntries(
    Object.entries(template).flatMap(([lang, text]) => (text ? [[lang, Object.entries(values).reduce((out, [key, value]) => out.replaceAll(`{${key}}`, value), text)]] : [])),
  );
}

function distributions(series: DemoSeries, slug: string): DistributionInput[] {
  return series.formats.map((format) => {
    const base = `${DEMO_HOST}/${series.publisher}/${slug}`;
    if (SERVICES.has(format)) {
      const kind = format.slice(0, 3).toLowerCase();
      const service = format.slice(0, 3);
      return { title: { en: `${service} service`, fi: `${service}-palvelu`, et: `${service}-teenus` },
        description: { en: `Demo: the dataset through a ${service} interface.`, fi: `Demo: aineisto ${service}-rajapinnan kautta.`, et: `Demo: andmestik ${service}-liidese kaudu.` },
        accessUrl: `${base}/${kind}`, format, license: series.license,
        accessService: { title: { en: `${format.slice(0, 3)} interface`, fi: `${format.slice(0, 3)}-rajapinta`, et: `${format.slice(0, 3)}-liides` }, endpointUrl: `${base}/${kind}?service=${format.slice(0, 3)}`, endpointDescription: `${base}/${kind}?request=GetCapabilities` } };
    }
    const extension = format === 'GTFS' ? 'zip' : format.toLowerCase();
    return { title: { en: `${format} file`, fi: `${format}-tiedosto`, et: `${format}-fail` },
      description: { en: `Demo: the whole dataset as one ${format} file.`, fi: `Demo: koko aineisto yhtenä ${format}-tiedostona.`, et: `Demo: kogu andmestik ühe ${format}-failina.` },
      accessUrl: `${base}/`, downloadUrl: `${base}/${slug}.${extension}`, format, mediaType: MEDIA_TYPES[format] ?? null,
      byteSize: 20_000 + spread(`${slug}${format}`, 4_000_000), license: series.license };
  });
}

/** The datasets one series stands for: one per year, one per area, or just one. */
function expand(series: DemoSeries): { key: string; values: Record<string, string>; year?: number }[] {
  if (series.years) {
    const [from, to] = series.years;
    return Array.from({ length: to - from + 1 }, (_, i) => ({ key: String(from + i), values: { year: String(from + i) }, year: from + i }));
  }
  if (series.areas) {
    return series.areas.map((code) => {
      const region = REGIONS.find((r) => r.code === code)!;
      return { key: code, values: { area: region.name.en } };
    });
  }
  return [{ key: 'all', values: {} }];
}

function datasetFor(series: DemoSeries, variant: ReturnType<typeof expand>[number], publisherId: string): DatasetCreate {
  const title = fill(series.title, variant.values) as DatasetCreate['title'];
  const description = fill(series.description, variant.values) as DatasetCreate['description'];
  const slug = slugify(`${series.publisher}-${title.en ?? ''}`, 90);
  const year = variant.year;
  const modifiedDay = 1 + spread(slug, 300);
  const modified = new Date(Date.UTC(year ? Math.min(year + 1, 2026) : 2026, 0, 1) + modifiedDay * 86_400_000);
  const latest = new Date('2026-11-01T00:00:00Z');
  return {
    name: slug,
    title,
    description: Object.fromEntries(Object.entries(description).map(([lang, text]) => [lang, `${text}\n\n${DEMO_NOTE[lang as 'en'] ?? DEMO_NOTE.en}`])) as DatasetCreate['description'],
    publisherId,
    contactPoint: { name: 'Open data service (demo)', email: `opendata@${series.publisher}.demo.talsinki.invalid`, url: null },
    themes: series.themes,
    keywords: series.keywords,
    spatial: series.areas ? [...new Set([...series.spatial, variant.key])] : series.spatial,
    temporalStart: year ? `${year}-01-01` : null,
    temporalEnd: year ? `${year}-12-31` : null,
    license: series.license,
    accessRights: 'PUBLIC',
    frequency: series.frequency,
    landingPage: `${DEMO_HOST}/${series.publisher}/${slug}/`,
    issued: new Date(modified.getTime() - 30 * 86_400_000).toISOString(),
    modified: (modified > latest ? latest : modified).toISOString(),
    distributions: distributions(series, slug),
  };
}

const DEMO_NOTE: Record<string, string> = {
  fi: 'Demoaineisto: kuvaus ja linkit on kirjoitettu Talsinki-demoa varten.',
  et: 'Demoandmestik: kirjeldus ja lingid on kirjutatud Talsinki demo jaoks.',
  en: 'Demo dataset: the description and links were written for the Talsinki demo.',
  sv: 'Demodata: beskrivningen och länkarna är skrivna för Talsinki-demon.',
};

/** Demo datasets linked as evidence for demo bottlenecks, by the start of an English title each. */
const DEMO_EVIDENCE: { dataset: string; domain: 'mobility' | 'legal' | 'social_security' }[] = [
  { dataset: 'Passengers on the Helsinki–Tallinn route 2025', domain: 'mobility' },
  { dataset: 'Port of Tallinn passengers by route 2025', domain: 'mobility' },
  { dataset: 'Cross-border commuting 2024', domain: 'legal' },
  { dataset: 'Residents of Estonia working abroad 2024', domain: 'social_security' },
];

/**
 * The demo catalogue: three demo harvest sources (switched off: the demo makes no network calls)
 * and a few hundred datasets as if harvested from them, plus a few compiled in Talsinki.
 */
export async function loadCatalogDemo(db: QueryBuilder, editorId: string | null): Promise<number> {
  const sources = new Map<string, string>();
  for (const source of DEMO_SOURCES) {
    const publisher = source.publisher ? await findInstitution(db, source.publisher) : undefined;
    const row = await db
      .insertInto('harvest_sources')
      .values({ name: source.name, kind: source.kind, url: source.url, schedule: 'daily', enabled: false, publisher_id: publisher?.id ?? null, demo: true })
      .onConflict((oc) => oc.columns(['kind', 'url']).doUpdateSet({ demo: true }))
      .returning('id')
      .executeTakeFirstOrThrow();
    sources.set(source.key, row.id);
  }
  let count = 0;
  for (const series of DEMO_SERIES) {
    const publisher = await findInstitution(db, series.publisher);
    if (!publisher) throw new Error(`demo data names an unknown publisher: ${series.publisher}`);
    for (const variant of expand(series)) {
      const dataset = datasetFor(series, variant, publisher.id);
      if (series.source) {
        const { name, publisherId, ...fields } = dataset;
        await writeHarvested(db, { sourceId: sources.get(series.source)!, sourceIdentifier: `demo-${name}`, sourceModified: fields.modified ?? null, name, publisherId: publisherId ?? null, fields, demo: true });
      } else {
        await insertLocalDataset(db, dataset, editorId, true);
      }
      count += 1;
    }
  }
  await linkDemoEvidence(db, editorId);
  return count;
}

async function linkDemoEvidence(db: QueryBuilder, editorId: string | null) {
  for (const link of DEMO_EVIDENCE) {
    const dataset = await db.selectFrom('datasets').select('id').where('demo', '=', true).where(({ eb, ref }) => eb(ref('title', '->>').key('en'), '=', link.dataset)).executeTakeFirst();
    const bottleneck = await db.selectFrom('bottlenecks').select('id').where('is_demo', '=', true).where('domain', '=', link.domain).where('status', 'in', [...OPEN_STATUSES]).orderBy('ref').executeTakeFirst();
    if (dataset && bottleneck && editorId) await repo.linkEvidence(db, dataset.id, bottleneck.id, editorId);
  }
}
