/**
 * A chart as a file of its own: the drawn SVG with the title, what the values are, the legend
 * and the sources around it, so the picture still says what it shows once it leaves the page;
 * PNG from that SVG through an offscreen canvas. Made in the browser, in the reader's language.
 */
import type { SeriesStyle } from './chartModel.ts';

export interface ExportTexts {
  title: string;
  /** What the values are, under the title. */
  subtitle: string;
  legend: { label: string; style: SeriesStyle }[];
  /** Lines at the foot: sources, the address of the page. */
  notes: string[];
}

const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, DejaVu Sans, sans-serif';
const PAD = 16;

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Words into lines of at most about `width` px at `size` px (no measuring outside a browser: an average glyph width). */
export function wrapText(text: string, width: number, size: number): string[] {
  const most = Math.max(8, Math.floor(width / (size * 0.55)));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > most) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** A legend entry's sample: a stretch of its line (dash and colour) through its marker. */
function swatch(style: SeriesStyle, x: number, y: number): string {
  const dash = style.dash ? ` stroke-dasharray="${style.dash}"` : '';
  return `<line x1="${x}" y1="${y}" x2="${x + 28}" y2="${y}" stroke="${style.color}" stroke-width="2"${dash}/><circle cx="${x + 14}" cy="${y}" r="4" fill="${style.outlined ? 'white' : style.color}" stroke="${style.color}" stroke-width="2"/>`;
}

/**
 * The standalone SVG: title and subtitle above the chart (`plot`: the drawn `<svg>`'s markup,
 * `plotWidth` × `plotHeight`), the legend and the notes below, on white.
 */
export function composeSvg(plot: string, plotWidth: number, plotHeight: number, texts: ExportTexts): string {
  const width = plotWidth + 2 * PAD;
  const parts: string[] = [];
  let y = PAD;
  for (const line of wrapText(texts.title, plotWidth, 18)) {
    y += 22;
    parts.push(`<text x="${PAD}" y="${y}" font-size="18" font-weight="700">${escapeXml(line)}</text>`);
  }
  for (const line of wrapText(texts.subtitle, plotWidth, 13)) {
    y += 18;
    parts.push(`<text x="${PAD}" y="${y}" font-size="13" fill="#4a5560">${escapeXml(line)}</text>`);
  }
  y += 8;
  const nested = plot.replace(/^<svg\b/, `<svg x="${PAD}" y="${y}"`);
  parts.push(nested);
  y += plotHeight + 8;
  for (const entry of texts.legend) {
    y += 20;
    parts.push(swatch(entry.style, PAD, y - 4), `<text x="${PAD + 36}" y="${y}" font-size="13">${escapeXml(entry.label)}</text>`);
  }
  y += 8;
  for (const note of texts.notes) {
    for (const line of wrapText(note, plotWidth, 11)) {
      y += 15;
      parts.push(`<text x="${PAD}" y="${y}" font-size="11" fill="#4a5560">${escapeXml(line)}</text>`);
    }
  }
  const height = y + PAD;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}" fill="#1a1f24">` +
    `<title>${escapeXml(texts.title)}</title><rect width="100%" height="100%" fill="white"/>${parts.join('')}</svg>`
  );
}

/** The size an SVG document's root says it has. */
export function svgSize(markup: string): { width: number; height: number } {
  const root = /^<svg[^>]*>/.exec(markup)?.[0] ?? '';
  const number = (name: string) => Number(new RegExp(`\\s${name}="([\\d.]+)"`).exec(root)?.[1] ?? 0);
  return { width: number('width'), height: number('height') };
}

/** PNG bytes of an SVG document at `scale` × its size, drawn on an offscreen canvas (browser only). */
export async function svgToPng(markup: string, scale = 2): Promise<Blob> {
  const { width, height } = svgSize(markup);
  const image = new Image();
  // A data: address, not a blob: one: the page's CSP allows images from data: only.
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(markup)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const context = canvas.getContext('2d')!;
  context.scale(scale, scale);
  context.drawImage(image, 0, 0, width, height);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The canvas made no PNG'))), 'image/png'));
}

/** Offers `blob` as a download named `name` (browser only). */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Long enough for the browser to have started the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
