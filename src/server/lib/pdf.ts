import { readFile } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { createRequire } from 'node:module';
import path from 'node:path';
import { drained } from './tabular.ts';

/**
 * What every printed document shares: the fonts, the colours, the writing of a pdfkit document
 * into one buffer and the footer of each page. The dialogues' minutes, the progress report and the
 * roadmap are written with it.
 */

/** DejaVu Sans covers Finnish, Estonian, Swedish and Russian alike; the PDF's standard fonts do not. */
const FONT_DIR = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONTS = {
  regular: path.join(FONT_DIR, 'DejaVuSans.ttf'),
  bold: path.join(FONT_DIR, 'DejaVuSans-Bold.ttf'),
  italic: path.join(FONT_DIR, 'DejaVuSans-Oblique.ttf'),
  boldItalic: path.join(FONT_DIR, 'DejaVuSans-BoldOblique.ttf'),
  mono: path.join(FONT_DIR, 'DejaVuSansMono.ttf'),
};
/** The names documents set fonts by: `doc.font('bold')`. */
export type FontName = keyof typeof FONTS;

let fonts: Promise<Record<string, Buffer>> | undefined;
/** The font files, read once: every PDF embeds subsets of the same five. */
function fontFiles() {
  fonts ??= Promise.all(Object.entries(FONTS).map(async ([name, file]) => [name, await readFile(file)] as const)).then(Object.fromEntries);
  return fonts;
}

export const INK = '#1a1a1a';
export const MUTED = '#555555';
export const ACCENT = '#0b5394';

export type Doc = PDFKit.PDFDocument;

/**
 * A new document with the fonts registered (and `regular` set), buffering its pages so that the
 * footers can be written last, and the whole file once it ends.
 */
export async function startPdf(options: PDFKit.PDFDocumentOptions & { lang?: string }): Promise<{ doc: Doc; done: Promise<Buffer> }> {
  // Loaded on first use: the PDF library and its font engine would otherwise sit in the memory of
  // every server, most of which never print anything.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ bufferPages: true, ...options } as PDFKit.PDFDocumentOptions);
  for (const [name, content] of Object.entries(await fontFiles())) doc.registerFont(name, content);
  doc.font('regular');
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}

/** Bytes pdfkit may hold unread before the writer waits for the client: a few pages' worth. */
const PDF_HIGH_WATER = 1 << 20;

/**
 * A document written as it goes, for documents too long to hold (a consultation's every comment):
 * no buffered pages, each page sent once the next begins. Its footer (`left`, and "Page n": the
 * number of pages is not known yet) is written as each page is added. `room` waits while the
 * client has not read what is written, and empties the fonts' layout caches; it is false once the
 * client has gone away.
 */
export async function startPdfStream(options: PDFKit.PDFDocumentOptions & { lang?: string }, footer: { left: string; pageLabel: string; margin: number }) {
  const { default: PDFDocument } = await import('pdfkit');
  const doc: Doc = new PDFDocument({ ...options, bufferPages: false } as PDFKit.PDFDocumentOptions);
  for (const [name, content] of Object.entries(await fontFiles())) doc.registerFont(name, content);
  let page = 0;
  const writeFooter = () => {
    page += 1;
    const { x, y } = doc;
    const state = doc as unknown as { _font: unknown; _fontSize: number };
    const [font, size] = [state._font, state._fontSize];
    const bottomMargin = doc.page.margins.bottom;
    const bottom = doc.page.height - footer.margin / 2 - 10;
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(8).fillColor(MUTED);
    doc.text(footer.left, footer.margin, bottom, { lineBreak: false });
    doc.text(`${footer.pageLabel} ${page}`, footer.margin, bottom, { width: doc.page.width - 2 * footer.margin, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottomMargin;
    state._font = font;
    doc.fontSize(size).fillColor(INK);
    doc.x = x;
    doc.y = y;
  };
  doc.font('regular');
  writeFooter();
  doc.on('pageAdded', writeFooter);
  const stream = new PassThrough();
  doc.pipe(stream);
  // pdfkit keeps every distinct word it has laid out (each font's layoutCache); without that cache it
  // is ten times slower, so the cache is emptied at each `room`, between batches, instead.
  const fonts = (doc as unknown as { _fontFamilies: Record<string, { layoutCache?: object }> })._fontFamilies;
  const room = async () => {
    for (const font of Object.values(fonts)) if (font.layoutCache) font.layoutCache = Object.create(null);
    while (!stream.destroyed && doc.readableLength > PDF_HIGH_WATER) {
      // The pipe resumes the document on the next turn after a drain: wait for a drain only while one is due.
      if (stream.writableNeedDrain) await drained(stream);
      else await new Promise((resolve) => setImmediate(resolve));
    }
    return !stream.destroyed;
  };
  return { doc, stream, room };
}

/**
 * On every page, in the bottom margin: `left` (the address of the living version) and "Page n / N"
 * on the right. Written after the content, when the number of pages is known.
 */
export function pageFooters(doc: Doc, margin: number, left: string, pageLabel: string) {
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const bottom = doc.page.height - margin / 2 - 10;
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(8).fillColor(MUTED);
    doc.text(left, margin, bottom, { lineBreak: false });
    doc.text(`${pageLabel} ${i + 1} / ${range.count}`, margin, bottom, { width: doc.page.width - 2 * margin, align: 'right', lineBreak: false });
  }
}

export interface PdfColumn {
  header: string;
  /** A share of the table's width; the shares are summed. */
  width: number;
  align?: 'left' | 'right';
}

/**
 * A table at the left margin, across the page: a bold header row, then each row as tall as its
 * tallest cell; a row that would cross the bottom margin starts a new page, where the header is
 * written again. Cells are plain text.
 */
export function pdfTable(doc: Doc, columns: readonly PdfColumn[], rows: readonly string[][], options: { fontSize?: number } = {}) {
  const size = options.fontSize ?? 9;
  const left = doc.page.margins.left;
  const total = doc.page.width - left - doc.page.margins.right;
  const shares = columns.reduce((sum, column) => sum + column.width, 0);
  const widths = columns.map((column) => (column.width / shares) * total);
  const pad = 3;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const heightOf = (cells: readonly string[], font: string) => {
    doc.font(font).fontSize(size);
    return Math.max(...cells.map((cell, i) => doc.heightOfString(cell || ' ', { width: widths[i]! - 2 * pad }))) + 2 * pad;
  };
  const draw = (cells: readonly string[], font: string, height: number) => {
    const top = doc.y;
    let x = left;
    doc.font(font).fontSize(size).fillColor(INK);
    cells.forEach((cell, i) => {
      doc.text(cell, x + pad, top + pad, { width: widths[i]! - 2 * pad, align: columns[i]!.align ?? 'left' });
      x += widths[i]!;
    });
    doc.moveTo(left, top + height).lineTo(left + total, top + height).lineWidth(0.5).strokeColor('#bbbbbb').stroke();
    doc.x = left;
    doc.y = top + height;
  };
  const headers = columns.map((column) => column.header);
  const headerHeight = heightOf(headers, 'bold');
  if (doc.y + headerHeight + 2 * size > bottom()) doc.addPage();
  draw(headers, 'bold', headerHeight);
  for (const row of rows) {
    const height = heightOf(row, 'regular');
    if (doc.y + height > bottom()) {
      doc.addPage();
      draw(headers, 'bold', headerHeight);
    }
    draw(row, 'regular', height);
  }
  doc.font('regular').moveDown(0.5);
}
