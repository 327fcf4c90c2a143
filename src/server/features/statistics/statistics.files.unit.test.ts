import { describe, expect, it } from 'vitest';
import { statFileKind } from './statistics.files.ts';
import { pxFile, sampleCube } from './test/pxFiles.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('a statistics file told by its first bytes', () => {
  it('is PC-Axis when it opens with a statement, JSON-stat when it opens with a brace, after a byte order mark and blanks', () => {
    expect(statFileKind(pxFile(sampleCube()))).toBe('px');
    expect(statFileKind(pxFile(sampleCube(), { byteOrderMark: true }))).toBe('px');
    expect(statFileKind(bytes('\r\n  AXIS-VERSION="2010";\r\nDATA=\r\n1;'))).toBe('px');
    expect(statFileKind(bytes('NOTE[sv]("Alue")="x";'))).toBe('px');
    expect(statFileKind(bytes('\uFEFF\n { "version": "2.0" }'))).toBe('jsonstat');
  });

  it('is neither for anything else: images, CSV, lower-case keys, empty or blank files', () => {
    for (const text of ['', '   \n\t', 'Alue;Vuosi\n091;2023', 'charset="ANSI";', '[1, 2, 3]', 'CHARSET "ANSI";', '=x', `${'A'.repeat(60)}="x";`]) {
      expect(statFileKind(bytes(text)), JSON.stringify(text)).toBeNull();
    }
    expect(statFileKind(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBeNull();
    expect(statFileKind(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]))).toBeNull();
  });
});
