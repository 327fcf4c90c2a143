import { describe, expect, it } from 'vitest';
import { matrixColumns, roleCounts, rowCells, type MatrixRow } from './raciMatrix.ts';

const institutions = [
  { id: 'tallinn', country: 'EE' as const },
  { id: 'ska', country: 'EE' as const },
  { id: 'unused', country: 'EE' as const },
  { id: 'eu', country: 'EU' as const },
  { id: 'helsinki', country: 'FI' as const },
  { id: 'kela', country: 'FI' as const },
];
const rows: MatrixRow[] = [
  { id: 'a', leadId: 'kela', raci: [{ institutionId: 'kela', role: 'A' }, { institutionId: 'ska', role: 'R' }, { institutionId: 'helsinki', role: 'I' }] },
  { id: 'b', leadId: 'ska', raci: [{ institutionId: 'ska', role: 'A' }, { institutionId: 'kela', role: 'R' }, { institutionId: 'tallinn', role: 'R' }, { institutionId: 'eu', role: 'C' }] },
];

describe('the RACI matrix', () => {
  it('has a column for each institution the rows name, Finland first, then Estonia, then the rest, in the given order within each', () => {
    expect(matrixColumns(institutions, rows).map((g) => [g.country, g.institutions.map((i) => i.id)])).toEqual([
      ['FI', ['helsinki', 'kela']],
      ['EE', ['tallinn', 'ska']],
      ['EU', ['eu']],
    ]);
    expect(matrixColumns(institutions, rows.slice(0, 1)).map((g) => g.institutions.map((i) => i.id))).toEqual([['helsinki', 'kela'], ['ska']]);
    expect(matrixColumns(institutions, [])).toEqual([]);
  });

  it('gives each cell its role and marks the lead', () => {
    const cells = rowCells(rows[0]!);
    expect(cells.get('kela')).toEqual({ role: 'A', lead: true });
    expect(cells.get('ska')).toEqual({ role: 'R', lead: false });
    expect(cells.get('tallinn')).toBeUndefined();
  });

  it('counts each institution\'s roles over the rows', () => {
    const counts = roleCounts(rows);
    expect(counts.get('kela')).toEqual({ R: 1, A: 1, C: 0, I: 0 });
    expect(counts.get('ska')).toEqual({ R: 1, A: 1, C: 0, I: 0 });
    expect(counts.get('eu')).toEqual({ R: 0, A: 0, C: 1, I: 0 });
    expect(counts.has('unused')).toBe(false);
  });
});
