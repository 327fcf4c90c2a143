import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanFilename, sniffMediaType } from './files.ts';

describe('file type recognition', () => {
  it('accepts nothing that does not start like a PDF or a known image', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 64 }), (bytes) => {
        const kind = sniffMediaType(Buffer.from(bytes));
        if (kind?.mediaType === 'application/pdf') expect(Buffer.from(bytes).subarray(0, 5).toString('latin1')).toBe('%PDF-');
        if (kind?.mediaType === 'image/png') expect(bytes[0]).toBe(0x89);
      }),
      { numRuns: 5000 },
    );
  });

  it('makes any name a plain file name with the right extension', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (name) => {
        const clean = cleanFilename(name, 'pdf');
        expect(clean).toMatch(/\.pdf$/);
        expect(clean).not.toMatch(/[\\/\u0000-\u001f"]/);
        expect(clean.length).toBeLessThanOrEqual(104);
      }),
      { numRuns: 3000 },
    );
  });
});
