import type { QueryBuilder } from '../../db/tables.ts';
import { syncIndicatorDataset } from './indicators.catalog.ts';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import type { Domain } from '../../../shared/register.ts';
import type { IndicatorFrequency, IndicatorSide } from '../../../shared/statistics.ts';

export interface SeriesDefinition {
  side: IndicatorSide;
  tableId: string;
  fixed?: Record<string, string>;
  regionDimension?: string;
  regionMap?: Record<string, string>;
  regionCode?: string;
  kept?: string[];
  scale?: number;
}

export interface IndicatorDefinition {
  slug: string;
  name: LocalizedTextValue;
  definition?: LocalizedTextValue;
  unit?: LocalizedTextValue;
  notes?: LocalizedTextValue;
  domain?: Domain | null;
  frequency: IndicatorFrequency;
  decimals?: number;
  perCapitaOf?: string;
  perCapitaScale?: number;
  headline?: number | null;
  demo?: boolean;
  published?: boolean;
  series: SeriesDefinition[];
}

/**
 * Writes an indicator and its series definitions (new, or replacing those of the same slug); with
 * `publicUrl`, its dataset in the catalogue too (in the same transaction).
 */
export async function saveIndicator(trx: QueryBuilder, input: IndicatorDefinition, options: { publicUrl?: string } = {}): Promise<string> {
  const perCapita = input.perCapitaOf
    ? (await trx.selectFrom('indicators').select('id').where('slug', '=', input.perCapitaOf).executeTakeFirstOrThrow()).id
    : null;
  const values = {
    name: JSON.stringify(input.name),
    definition: JSON.stringify(input.definition ?? {}),
    unit: JSON.stringify(input.unit ?? {}),
    notes: JSON.stringify(input.notes ?? {}),
    domain: input.domain ?? null,
    frequency: input.frequency,
    decimals: input.decimals ?? 0,
    per_capita_of: perCapita,
    per_capita_scale: input.perCapitaScale ?? 1000,
    headline_position: input.headline ?? null,
    demo: input.demo ?? false,
    published: input.published ?? true,
    updated_at: new Date(),
  };
  const row = await trx
    .insertInto('indicators')
    .values({ slug: input.slug, ...values })
    .onConflict((oc) => oc.column('slug').doUpdateSet(values))
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx.deleteFrom('indicator_series').where('indicator_id', '=', row.id).execute();
  if (input.series.length > 0) {
    await trx
      .insertInto('indicator_series')
      .values(
        input.series.map((series, position) => ({
          indicator_id: row.id,
          side: series.side,
          table_id: series.tableId,
          fixed: JSON.stringify(series.fixed ?? {}),
          region_dimension: series.regionDimension ?? null,
          region_map: JSON.stringify(series.regionMap ?? {}),
          region_code: series.regionCode ?? null,
          kept: series.kept ?? [],
          scale: series.scale ?? 1,
          position,
        })),
      )
      .execute();
  }
  if (options.publicUrl) await syncIndicatorDataset(trx, row.id, options.publicUrl);
  return row.id;
}
