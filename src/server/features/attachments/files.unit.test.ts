import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanFilename, sniffMediaType } from './files.ts';

const bytes = (text: string) => [...Buffer.from(text, 'latin1')];
const tail = fc.uint8Array({ minLength: 0, maxLength: 64 });

/** Each accepted kind of file as its first bytes (WebP's four size bytes are any), and what it must be taken for. */
const starts: fc.Arbitrary<{ head: readonly number[]; mediaType: string; extension: string }> = fc.oneof(
  fc.constant({ head: bytes('%PDF-'), mediaType: 'application/pdf', extension: 'pdf' }),
  fc.constant({ head: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], mediaType: 'image/png', extension: 'png' }),
  fc.constant({ head: [0xff, 0xd8, 0xff], mediaType: 'image/jpeg', extension: 'jpg' }),
  fc.constantFrom('GIF87a', 'GIF89a').map((magic) => ({ head: bytes(magic), mediaType: 'image/gif', extension: 'gif' })),
  fc.uint8Array({ minLength: 4, maxLength: 4 }).map((size) => ({ head: [...bytes('RIFF'), ...size, ...bytes('WEBP')], mediaType: 'image/webp', extension: 'webp' })),
);

/** What each answer requires of the first bytes, written out apart from files.ts. */
const requires: Record<string, (b: Buffer) => boolean> = {
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/gif': (b) => /^GIF8[79]a$/.test(b.subarray(0, 6).toString('latin1')),
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
};

describe('file type recognition', () => {
  it('recognises each accepted kind from its magic number, whatever follows', () => {
    fc.assert(
      fc.property(starts, tail, ({ head, mediaType, extension }, rest) => {
        expect(sniffMediaType(Buffer.from([...head, ...rest]))).toEqual({ mediaType, extension });
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a magic number cut short by a byte', () => {
    fc.assert(
      fc.property(starts, ({ head }) => {
        // WebP's check reads bytes 8 to 11, so cutting its last byte is enough; the others end at their magic number.
        expect(sniffMediaType(Buffer.from(head.slice(0, -1)))).toBeNull();
      }),
    );
  });

  it('accepts nothing that does not start like a PDF or a known image', () => {
    fc.assert(
      fc.property(fc.oneof(tail, fc.tuple(starts, tail).map(([{ head }, rest]) => Uint8Array.from([...head.slice(1), ...rest]))), (content) => {
        const kind = sniffMediaType(Buffer.from(content));
        if (kind) expect(requires[kind.mediaType](Buffer.from(content))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});

/** Characters a file name must never keep: C0 and C1 controls, DEL, bidirectional overrides, embeddings, isolates and marks. */
const controls = [...Array.from({ length: 0x20 }, (_, i) => i), ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i)].map((c) => String.fromCharCode(c));
const bidi = ['\u200e', '\u200f', '\u061c', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
const forbidden = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\\/"<>|:*?]/u;

describe('file names', () => {
  it('makes any name a plain file name with the right extension', () => {
    const character = fc.oneof(fc.constantFrom(...controls, ...bidi, '/', '\\', '"', '<', '>', '|', ':', '*', '?', '.', ' '), fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme' }));
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: character }), (name) => {
        const clean = cleanFilename(name, 'pdf');
        expect(clean).toMatch(/\.pdf$/);
        expect(clean).not.toMatch(forbidden);
        expect(clean.length).toBeLessThanOrEqual(104);
      }),
      { numRuns: 3000, examples: [['invoice\u202efdp.exe'], ['a\u0085b\u009b.pdf'], ['\u2067report\u2069.pdf']] },
    );
  });

  it('keeps an ordinary name as it was', () => {
    expect(cleanFilename('Pöytäkirja 2025-03-01.docx', 'pdf')).toBe('Pöytäkirja 2025-03-01.pdf');
    expect(cleanFilename('C:\\Users\\x\\kuva.png', 'png')).toBe('kuva.png');
  });
});
