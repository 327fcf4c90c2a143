import { buffer } from 'node:stream/consumers';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { csvCell, csvStream, jsonStream, xlsxStream, xlsxText, XLSX_CELL_TEXT_MAX, type Cell } from './tabular.ts';

async function* of(...rows: Cell[][]) {
  yield* rows;
}

const AT = new Date('2026-03-15T12:30:00.123Z');

describe('a Date in each format', () => {
  it('is ISO 8601 UTC text in CSV and JSON, as before dates were real dates in workbooks', async () => {
    expect(csvCell(AT)).toBe('2026-03-15T12:30:00.123Z');
    expect((await buffer(await csvStream(['at'], of([AT])))).toString('utf8')).toBe('\uFEFFat\r\n2026-03-15T12:30:00.123Z\r\n');
    expect(JSON.parse((await buffer(await jsonStream(['at'], of([AT])))).toString('utf8'))).toEqual([{ at: '2026-03-15T12:30:00.123Z' }]);
  });

  it('is a serial in the date style in a workbook, whose styles.xml declares it', async () => {
    const files = unzipSync(new Uint8Array(await buffer(await xlsxStream('Dates', ['at'], of([AT])))));
    // 2026-03-15 is day 46096 of the 1900 system; 12:30:00.123 is that fraction of a day.
    expect(strFromU8(files['xl/worksheets/sheet1.xml'])).toContain(`<c r="A2" s="1"><v>${25_569 + AT.getTime() / 86_400_000}</v></c>`);
    expect(25_569 + AT.getTime() / 86_400_000).toBeCloseTo(46_096.521, 3);
    const styles = strFromU8(files['xl/styles.xml']);
    expect(styles).toContain('<numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss &quot;UTC&quot;"/>');
    expect(styles.match(/<cellXfs count="2"><xf numFmtId="0"[^>]*\/><xf numFmtId="164"[^>]*applyNumberFormat="1"\/><\/cellXfs>/)).not.toBeNull();
  });
});

describe('workbook text', () => {
  it("is cut at Excel's 32,767 characters with an ellipsis, never through a surrogate pair", () => {
    expect(xlsxText('short')).toBe('short');
    expect(xlsxText('a'.repeat(XLSX_CELL_TEXT_MAX))).toHaveLength(XLSX_CELL_TEXT_MAX);
    expect(xlsxText('a'.repeat(XLSX_CELL_TEXT_MAX + 1))).toBe(`${'a'.repeat(XLSX_CELL_TEXT_MAX - 1)}…`);
    const cut = xlsxText(`${'a'.repeat(XLSX_CELL_TEXT_MAX - 2)}🙂🙂`);
    expect(cut).toBe(`${'a'.repeat(XLSX_CELL_TEXT_MAX - 2)}…`);
    expect(cut.isWellFormed()).toBe(true);
  });

  it('keeps its spaces, its carriage returns and its own _xHHHH_, and names the sheet as Excel allows', async () => {
    const files = unzipSync(new Uint8Array(await buffer(await xlsxStream('Q1/2026: [draft]? a name longer than 31', ['text'], of([' a\r\nb '], ['_x0041_'])))));
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']);
    expect(sheet).toContain('<t xml:space="preserve"> a&#13;\nb </t>');
    expect(sheet).toContain('<t xml:space="preserve">_x005F_x0041_</t>');
    expect(strFromU8(files['xl/workbook.xml'])).toContain('<sheet name="Q1 2026   draft   a name longer" ');
    expect(strFromU8(files['docProps/core.xml'])).toContain('<dc:title>Talsinki: Q1/2026: [draft]? a name longer than 31</dc:title>');
  });
});
