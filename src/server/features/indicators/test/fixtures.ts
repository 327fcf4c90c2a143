import type { QueryBuilder } from '../../../db/tables.ts';
import { cellCount, type Cube, type CubeDimension } from '../../statistics/cube.ts';
import { storeCube } from '../../statistics/statistics.store.ts';
import { saveIndicator } from '../indicators.write.ts';

/**
 * Indicators for the tests of KPIs, the trace and the catalogue: a quarterly population of
 * Helsinki-Uusimaa and Helsinki (Helsinki's newest quarter missing), foreign citizens kept by
 * citizenship, and a draft. Figures are made up, round, and checked by the tests.
 */

const dimension = (code: string, role: CubeDimension['role'], codes: string[]): CubeDimension => ({
  code, label: { en: code }, role, values: codes.map((value) => ({ code: value, label: { en: value } })),
});

function cube(id: string, dimensions: CubeDimension[], figures: (number | null)[]): Cube {
  if (figures.length !== cellCount(dimensions)) throw new Error(`${id}: ${figures.length} figures for ${cellCount(dimensions)} cells`);
  const statuses = new Map<number, string>();
  const values = Float64Array.from(figures, (figure, index) => {
    if (figure === null) statuses.set(index, '..');
    return figure ?? Number.NaN;
  });
  return { id, title: { en: id }, languages: ['en'], dimensions, values, statuses, notes: [] };
}

/** The population table of the tests, for the quarters given (three to start with). */
export const populationTable = (quarters = ['2023Q1', '2023Q2', '2023Q3'], figures: (number | null)[] = [1_700_000, 1_710_000, 1_720_000, 660_000, 662_000, null]) =>
  cube('11ra-kpi', [dimension('Alue', 'geo', ['MK01', 'KU091']), dimension('Vuosineljännes', 'time', quarters)], figures);

/** The newest figures: Helsinki-Uusimaa 1,720,000 in 2023-Q3; Helsinki 662,000 in 2023-Q2 (2023-Q3 missing). */
export const POPULATION = { region: 'nuts:FI1B1', latest: { value: 1_720_000, period: '2023-Q3' }, city: 'fi-kunta:091' } as const;

/** Stores them; with `publicUrl`, each is put in the catalogue as it is saved. */
export async function storeTestIndicators(db: QueryBuilder, options: { publicUrl?: string } = {}): Promise<void> {
  const source = (await db.insertInto('stat_sources').values({ name: 'statfin-test', kind: 'pxweb', url: 'https://pxdata.example.test/fi', table_ref: 'kpis' }).returning('id').executeTakeFirstOrThrow()).id;
  const store = (table: Cube) => db.transaction().execute((trx) => storeCube(trx, { sourceId: source, runId: null, cube: table, requests: [{ method: 'POST', url: `https://pxdata.example.test/fi/${table.id}.px` }] }));
  const population = await store(populationTable());
  const citizens = await store(cube('11rh-kpi', [dimension('Alue', 'geo', ['KU091']), dimension('Kansalaisuus', null, ['EE', 'RU']), dimension('Vuosineljännes', 'time', ['2023Q1', '2023Q2'])], [100, 110, 200, 210]));
  await db.transaction().execute(async (trx) => {
    await saveIndicator(trx, {
      slug: 'population', name: { en: 'Population', fi: 'Väkiluku', et: 'Rahvaarv' }, unit: { en: 'persons', fi: 'henkeä', et: 'inimest' }, frequency: 'Q', domain: null, demo: true,
      definition: { en: 'Residents at the end of the quarter (test figures).' },
      series: [{ side: 'FI', tableId: population.tableId, regionDimension: 'Alue', regionMap: { MK01: 'nuts:FI1B1', KU091: 'fi-kunta:091' } }],
    }, options);
    await saveIndicator(trx, {
      slug: 'foreign-citizens', name: { en: 'Foreign citizens' }, frequency: 'Q', domain: 'integration', demo: true,
      series: [{ side: 'FI', tableId: citizens.tableId, regionDimension: 'Alue', regionMap: { KU091: 'fi-kunta:091' }, kept: ['Kansalaisuus'] }],
    }, options);
    await saveIndicator(trx, { slug: 'draft-indicator', name: { en: 'A draft' }, frequency: 'A', published: false, series: [] }, options);
  });
}
