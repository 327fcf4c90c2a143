/**
 * The kinds of file people may attach, recognised from their first bytes, never from the name
 * or the declared type: a renamed program stays a program.
 */
const SIGNATURES: { mediaType: string; extension: string; matches: (head: Buffer) => boolean }[] = [
  { mediaType: 'application/pdf', extension: 'pdf', matches: (h) => h.subarray(0, 5).toString('latin1') === '%PDF-' },
  { mediaType: 'image/png', extension: 'png', matches: (h) => h.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { mediaType: 'image/jpeg', extension: 'jpg', matches: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff },
  { mediaType: 'image/gif', extension: 'gif', matches: (h) => ['GIF87a', 'GIF89a'].includes(h.subarray(0, 6).toString('latin1')) },
  { mediaType: 'image/webp', extension: 'webp', matches: (h) => h.subarray(0, 4).toString('latin1') === 'RIFF' && h.subarray(8, 12).toString('latin1') === 'WEBP' },
];

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export function sniffMediaType(content: Buffer): { mediaType: string; extension: string } | null {
  const found = SIGNATURES.find((signature) => signature.matches(content));
  return found ? { mediaType: found.mediaType, extension: found.extension } : null;
}

/**
 * A file name safe to store and to offer for download: no paths, no control characters (C0, DEL,
 * C1), and no bidirectional controls, which would let `invoice\u202Efdp.exe` show as `invoiceexe.pdf`.
 */
export function cleanFilename(name: string, extension: string): string {
  const base = name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"<>|:*?]/g, '').replace(/\.[^.]*$/, '').trim().slice(0, 100);
  return `${base || 'attachment'}.${extension}`;
}
