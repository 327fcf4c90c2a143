import type { Cube, CubeDimension } from '../cube.ts';
import { cellCount } from '../cube.ts';

const dimension = (code: string, role: CubeDimension['role'], codes: string[]): CubeDimension => ({
  code,
  label: { en: code },
  role,
  values: codes.map((value) => ({ code: value, label: { en: value } })),
});

/** A small population-like table: region × time × sex, figures from a formula so any cell can be checked. */
export function smallCube(options: { years?: string[]; regions?: string[]; id?: string; figure?: (cell: number) => number } = {}): Cube {
  const dimensions = [
    dimension('region', 'geo', options.regions ?? ['091', '049', '0784']),
    dimension('time', 'time', options.years ?? ['2021', '2022', '2023']),
    dimension('sex', null, ['1', '2']),
  ];
  const values = new Float64Array(cellCount(dimensions));
  const figure = options.figure ?? ((cell: number) => 1000 + cell * 7);
  for (let i = 0; i < values.length; i++) values[i] = figure(i);
  return { id: options.id ?? 'vaerak-test', title: { en: 'Population (test)' }, languages: ['en'], dimensions, values, statuses: new Map(), notes: [] };
}
