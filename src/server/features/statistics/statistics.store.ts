import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import { strides, type Cube } from './cube.ts';
import type { VintageMetadata, VintageRequest } from './statistics.tables.ts';

/** A table's figures cut into series: one per combination of the codes of every dimension but time. */
export interface CubeSeries {
  key: string;
  codes: Record<string, string>;
  figures: (number | null)[];
  /** Period index → the source's symbol. */
  statuses: Record<string, string> | null;
}

export interface SeriesLayout {
  timeDimension: string | null;
  periods: string[];
  series: CubeSeries[];
}

/**
 * The cube as series along its time dimension (a cube without one has a single period, ''). A
 * series' key is its codes in dimension order, so the same series has the same key in every vintage.
 */
export function seriesOf(cube: Cube): SeriesLayout {
  const dims = cube.dimensions;
  const timeIndex = dims.findIndex((dimension) => dimension.role === 'time');
  const timeDimension = timeIndex >= 0 ? dims[timeIndex] : null;
  const periods = timeDimension ? timeDimension.values.map((value) => value.code) : [''];
  const step = strides(dims);
  const others = dims.map((_, index) => index).filter((index) => index !== timeIndex);
  const counts = others.map((index) => dims[index].values.length);
  const series: CubeSeries[] = [];
  const position = new Array<number>(others.length).fill(0);
  const total = counts.reduce((product, count) => product * count, 1);
  for (let n = 0; n < total; n++) {
    let base = 0;
    const codeList: string[] = [];
    const codes: Record<string, string> = {};
    others.forEach((dimIndex, k) => {
      base += position[k] * step[dimIndex];
      const code = dims[dimIndex].values[position[k]].code;
      codeList.push(code);
      codes[dims[dimIndex].code] = code;
    });
    const figures = new Array<number | null>(periods.length);
    let statuses: Record<string, string> | null = null;
    for (let t = 0; t < periods.length; t++) {
      const cell = base + (timeIndex >= 0 ? t * step[timeIndex] : 0);
      const value = cube.values[cell];
      figures[t] = Number.isFinite(value) ? value : null;
      const status = cube.statuses.get(cell);
      if (status !== undefined) (statuses ??= {})[t] = status;
    }
    series.push({ key: JSON.stringify(codeList), codes, figures, statuses });
    for (let k = others.length - 1; k >= 0; k--) {
      if (++position[k] < counts[k]) break;
      position[k] = 0;
    }
  }
  return { timeDimension: timeDimension?.code ?? null, periods, series };
}

/** The cube without its cells: what a vintage keeps beside its series. */
export function metadataOf(cube: Cube): VintageMetadata {
  const { values: _values, statuses: _statuses, ...metadata } = cube;
  return metadata;
}

/** A hash of everything a reader of the vintage sees: the metadata and every series' figures and symbols. */
export function contentHash(metadata: VintageMetadata, layout: SeriesLayout): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(metadata));
  hash.update(JSON.stringify(layout.periods));
  for (const series of layout.series) {
    hash.update(series.key);
    hash.update(JSON.stringify(series.figures));
    hash.update(series.statuses ? JSON.stringify(series.statuses) : '-');
  }
  return hash.digest('hex');
}

export type StoreOutcome = 'created' | 'updated' | 'unchanged';

export interface StoredTable {
  tableId: string;
  vintageId: string;
  outcome: StoreOutcome;
  cells: number;
  changedCells: number;
}

export interface StoreInput {
  sourceId: string;
  runId: string | null;
  cube: Cube;
  requests: VintageRequest[];
  retrievedAt?: Date;
}

/** Figures per insert statement: large enough to be few statements, small enough for the driver's parameter text. */
const FIGURES_PER_STATEMENT = 50_000;

/**
 * Stores a table's figures as a new vintage when they differ from its current one, inside the
 * caller's transaction (one transaction per table vintage: a failure leaves the earlier vintage
 * current and no series of the new one). The table's row is locked first, so two runs reading the
 * same table cannot both add a vintage from the same current one.
 */
export async function storeCube(trx: QueryBuilder, input: StoreInput): Promise<StoredTable> {
  const { cube } = input;
  const table = await lockTable(trx, input.sourceId, cube);
  const metadata = metadataOf(cube);
  const layout = seriesOf(cube);
  const hash = contentHash(metadata, layout);
  const current = table.current_vintage_id
    ? await trx.selectFrom('stat_vintages').select(['id', 'content_hash']).where('id', '=', table.current_vintage_id).executeTakeFirst()
    : undefined;
  if (current?.content_hash === hash) {
    await trx.updateTable('stat_tables').set({ updated_at: sql<Date>`now()` }).where('id', '=', table.id).execute();
    return { tableId: table.id, vintageId: current.id, outcome: 'unchanged', cells: cube.values.length, changedCells: 0 };
  }
  const changedCells = current ? await countChangedCells(trx, current.id, layout) : 0;
  const vintage = await trx
    .insertInto('stat_vintages')
    .values({
      table_id: table.id,
      run_id: input.runId,
      previous_id: current?.id ?? null,
      retrieved_at: input.retrievedAt ?? new Date(),
      source_updated: cube.updated ?? null,
      requests: JSON.stringify(input.requests),
      metadata: JSON.stringify(metadata),
      time_dimension: layout.timeDimension,
      periods: layout.periods,
      content_hash: hash,
      cells: cube.values.length,
      changed_cells: changedCells,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertSeries(trx, vintage.id, layout);
  await trx
    .updateTable('stat_tables')
    .set({ current_vintage_id: vintage.id, title: JSON.stringify(cube.title), languages: cube.languages, updated_at: sql<Date>`now()` })
    .where('id', '=', table.id)
    .execute();
  return { tableId: table.id, vintageId: vintage.id, outcome: current ? 'updated' : 'created', cells: cube.values.length, changedCells };
}

async function lockTable(trx: QueryBuilder, sourceId: string, cube: Cube) {
  await trx
    .insertInto('stat_tables')
    .values({ source_id: sourceId, external_id: cube.id, title: JSON.stringify(cube.title), languages: cube.languages })
    .onConflict((oc) => oc.columns(['source_id', 'external_id']).doNothing())
    .execute();
  return trx
    .selectFrom('stat_tables')
    .select(['id', 'current_vintage_id'])
    .where('source_id', '=', sourceId)
    .where('external_id', '=', cube.id)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

async function insertSeries(trx: QueryBuilder, vintageId: string, layout: SeriesLayout) {
  const perSeries = Math.max(1, layout.periods.length);
  const rowsPerStatement = Math.max(1, Math.floor(FIGURES_PER_STATEMENT / perSeries));
  for (let start = 0; start < layout.series.length; start += rowsPerStatement) {
    const rows = layout.series.slice(start, start + rowsPerStatement).map((series) => ({
      vintage_id: vintageId,
      series_key: series.key,
      codes: JSON.stringify(series.codes),
      figures: series.figures,
      statuses: series.statuses ? JSON.stringify(series.statuses) : null,
    }));
    await trx.insertInto('stat_series').values(rows).execute();
  }
}

/**
 * Cells whose figure or symbol differs from the earlier vintage's cell of the same series and
 * period (a series or period the earlier vintage lacked counts as changed): the revision's size.
 */
async function countChangedCells(trx: QueryBuilder, previousId: string, layout: SeriesLayout): Promise<number> {
  const previous = await trx.selectFrom('stat_vintages').select('periods').where('id', '=', previousId).executeTakeFirstOrThrow();
  const periodIndex = new Map(previous.periods.map((code, index) => [code, index]));
  const earlier = new Map<string, { figures: (number | null)[]; statuses: Record<string, string> | null }>();
  const rows = await trx.selectFrom('stat_series').select(['series_key', 'figures', 'statuses']).where('vintage_id', '=', previousId).execute();
  for (const row of rows) earlier.set(row.series_key, { figures: row.figures, statuses: row.statuses });
  let changed = 0;
  for (const series of layout.series) {
    const before = earlier.get(series.key);
    layout.periods.forEach((period, t) => {
      const p = periodIndex.get(period);
      if (!before || p === undefined) return void changed++;
      const sameFigure = (before.figures[p] ?? null) === series.figures[t];
      const sameStatus = (before.statuses?.[p] ?? null) === (series.statuses?.[t] ?? null);
      if (!sameFigure || !sameStatus) changed++;
    });
  }
  return changed;
}
