import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A PDF read back by Poppler (`pdftotext`, `pdfinfo`; Debian's poppler-utils, which `npm test`
 * installs), a reader independent of pdfkit, never by one written for the test: what a person's
 * PDF viewer finds in the file is what the tests find.
 */
function withFile<T>(pdf: Buffer, read: (file: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'talsinki-pdf-'));
  try {
    const file = path.join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    return read(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of the pages (all, or `first`..`last`), in reading order, pages parted by form feeds. */
export function pdfText(pdf: Buffer, pages: { first?: number; last?: number } = {}): string {
  const range = [...(pages.first ? ['-f', String(pages.first)] : []), ...(pages.last ? ['-l', String(pages.last)] : [])];
  return withFile(pdf, (file) => execFileSync('pdftotext', ['-enc', 'UTF-8', ...range, file, '-'], { encoding: 'utf8' }));
}

/** What `pdfinfo` says of the file: pages, each page's size in points, title, language… */
export function pdfInfo(pdf: Buffer): { pages: number; sizes: { width: number; height: number }[]; fields: Record<string, string> } {
  const out = withFile(pdf, (file) => execFileSync('pdfinfo', ['-f', '1', '-l', '9999', file], { encoding: 'utf8' }));
  const fields: Record<string, string> = {};
  const sizes: { width: number; height: number }[] = [];
  for (const line of out.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (/^Page\s+\d+\s+size$/.test(name)) {
      const [width, , height] = value.split(' ');
      sizes.push({ width: Number(width), height: Number(height) });
    } else fields[name] = value;
  }
  return { pages: Number(fields.Pages), sizes, fields };
}
