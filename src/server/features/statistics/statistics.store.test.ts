import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness.ts';
import { seriesOf, storeCube } from './statistics.store.ts';
import { smallCube } from './test/cubes.ts';

let database: TestDatabase;
let sourceId: string;
beforeAll(async () => {
  database = await createTestDatabase();
  const source = await database.db.kysely
    .insertInto('stat_sources')
    .values({ name: 'StatFin (test)', kind: 'pxweb', url: 'https://pxdata.example.test/PXWeb/api/v1/fi/StatFin', table_ref: 'vaerak/11ra.px' })
    .returning('id')
    .executeTakeFirstOrThrow();
  sourceId = source.id;
});
afterAll(() => database?.drop());

const requests = [{ method: 'POST' as const, url: 'https://pxdata.example.test/PXWeb/api/v1/fi/StatFin/vaerak/11ra.px', body: { query: [] } }];

describe('a table stored as vintages of series', () => {
  it('cuts a cube into series along time, keeping every figure, a missing one as null with its symbol', () => {
    const cube = smallCube();
    cube.values[4] = Number.NaN;
    cube.statuses.set(4, '..');
    const layout = seriesOf(cube);
    expect(layout.timeDimension).toBe('time');
    expect(layout.periods).toEqual(['2021', '2022', '2023']);
    expect(layout.series).toHaveLength(6);
    // region 091, sex 1 runs along cells 0, 2, 4 (time stride 2).
    expect(layout.series[0]).toEqual({ key: '["091","1"]', codes: { region: '091', sex: '1' }, figures: [1000, 1014, null], statuses: { 2: '..' } });
    expect(layout.series[1].figures).toEqual([1007, 1021, 1035]);
  });

  it('adds a vintage the first time, none when the figures are the same, and a new one that counts the revised cells', async () => {
    const db = database.db.kysely;
    const first = await db.transaction().execute((trx) => storeCube(trx, { sourceId, runId: null, cube: smallCube(), requests }));
    expect(first).toMatchObject({ outcome: 'created', cells: 18, changedCells: 0 });
    const again = await db.transaction().execute((trx) => storeCube(trx, { sourceId, runId: null, cube: smallCube(), requests }));
    expect(again).toMatchObject({ outcome: 'unchanged', vintageId: first.vintageId });

    const revised = smallCube({ years: ['2021', '2022', '2023', '2024'], figure: (cell) => (cell === 0 ? 1 : 1000 + cell * 7) });
    const third = await db.transaction().execute((trx) => storeCube(trx, { sourceId, runId: null, cube: revised, requests }));
    // The cell laid out first changed; each of the six series gained a period; every other cell moved index but not value…
    // …except that the cube's cell order changed with the new year, so compare by series and period, as the store does.
    const before = seriesOf(smallCube());
    const after = seriesOf(revised);
    let expected = 0;
    after.series.forEach((series, s) => series.figures.forEach((figure, t) => (t >= 3 || before.series[s].figures[t] !== figure ? expected++ : 0)));
    expect(third).toMatchObject({ outcome: 'updated', tableId: first.tableId, changedCells: expected });
    expect(expected).toBeGreaterThan(6);

    const vintages = await db.selectFrom('stat_vintages').select(['id', 'previous_id', 'periods', 'cells']).where('table_id', '=', first.tableId).orderBy('retrieved_at').execute();
    expect(vintages.map((v) => v.id)).toEqual([first.vintageId, third.vintageId]);
    expect(vintages[1]).toMatchObject({ previous_id: first.vintageId, periods: ['2021', '2022', '2023', '2024'], cells: 24 });
    const table = await db.selectFrom('stat_tables').select('current_vintage_id').where('id', '=', first.tableId).executeTakeFirstOrThrow();
    expect(table.current_vintage_id).toBe(third.vintageId);
    // The earlier vintage's figures are kept as they were.
    const old = await db.selectFrom('stat_series').select(['figures']).where('vintage_id', '=', first.vintageId).where('series_key', '=', '["091","1"]').executeTakeFirstOrThrow();
    expect(old.figures).toEqual([1000, 1014, 1028]);
  });

  it('writes nothing of a vintage whose transaction fails, leaving the earlier one current', async () => {
    const db = database.db.kysely;
    const cube = smallCube({ id: 'half-written' });
    const first = await db.transaction().execute((trx) => storeCube(trx, { sourceId, runId: null, cube, requests }));
    const changed = smallCube({ id: 'half-written', figure: (cell) => cell });
    await expect(
      db.transaction().execute(async (trx) => {
        await storeCube(trx, { sourceId, runId: null, cube: changed, requests });
        throw new Error('the run lost its claim');
      }),
    ).rejects.toThrow('the run lost its claim');
    const vintages = await db.selectFrom('stat_vintages').select('id').where('table_id', '=', first.tableId).execute();
    expect(vintages.map((v) => v.id)).toEqual([first.vintageId]);
    const table = await db.selectFrom('stat_tables').select('current_vintage_id').where('id', '=', first.tableId).executeTakeFirstOrThrow();
    expect(table.current_vintage_id).toBe(first.vintageId);
  });
});
