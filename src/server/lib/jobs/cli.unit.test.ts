import { describe, expect, it } from 'vitest';
import { progressBar } from './cli.ts';

function output(isTTY: boolean) {
  const written: string[] = [];
  return { out: { isTTY, write: (text: string) => void written.push(text) }, written };
}

describe('progressBar', () => {
  it('redraws one line in place on a terminal, with the feature note', () => {
    const { out, written } = output(true);
    const draw = progressBar(out, (p: { done: number; total: number | null; cells: number }) => `${p.cells.toLocaleString('en')} cells`);
    draw({ done: 450, total: 1000, cells: 12_000 });
    draw({ done: 7, total: null, cells: 0 });
    expect(written).toEqual([`\r[${'#'.repeat(14)}${'.'.repeat(16)}]  45%  450 / 1,000  (12,000 cells)`, `\r[${'.'.repeat(30)}]   0%  7  (0 cells)`]);
  });

  it('writes a line per tenth elsewhere, without a note when none is given', () => {
    const { out, written } = output(false);
    const draw = progressBar(out);
    for (let done = 0; done <= 100; done += 5) draw({ done, total: 100 });
    expect(written).toHaveLength(11);
    expect(written[10]).toBe(`[${'#'.repeat(30)}] 100%  100 / 100\n`);
  });
});
