/**
 * PC-Axis files for tests and the bench: a small multilingual cube written by writePx and encoded
 * in the code pages files come in, and a generator of big files. The figures are made up (test
 * data, never shown as fact).
 */
import iconv from 'iconv-lite';
import type { Cube, CubeDimension, SourceText } from '../cube.ts';
import { cellCount } from '../cube.ts';
import { writePx, type WritePxOptions } from '../formats/px.write.ts';

const dimension = (code: string, label: SourceText, role: CubeDimension['role'], values: [string, SourceText][]): CubeDimension => ({
  code,
  label,
  role,
  values: values.map(([valueCode, valueLabel]) => ({ code: valueCode, label: valueLabel })),
});

/**
 * A 3 × 2 × 4 cube in Finnish, Swedish and English: areas (no role), a contents variable with a
 * unit and decimals per value, and years; two missing cells with symbols. `place` names the
 * second area, so that each encoding's test can use letters the code page has.
 */
export function sampleCube(place: SourceText = { fi: 'Tallinna–Pärnu', sv: 'Tallinn–Pärnu', en: 'Tallinn–Pärnu' }): Cube {
  const dimensions = [
    dimension('Alue', { fi: 'Alue', sv: 'Område', en: 'Area' }, null, [
      ['091', { fi: 'Helsinki', sv: 'Helsingfors', en: 'Helsinki' }],
      ['EE-784', place],
      ['SSS', { fi: 'Koko maa', sv: 'Hela landet', en: 'Whole country' }],
    ]),
    {
      ...dimension('Tiedot', { fi: 'Tiedot', sv: 'Uppgifter', en: 'Information' }, 'metric', [
        ['vaesto', { fi: 'Väestö', sv: 'Befolkning', en: 'Population' }],
        ['osuus', { fi: 'Osuus', sv: 'Andel', en: 'Share' }],
      ]),
    },
    { ...dimension('Vuosi', { fi: 'Vuosi', sv: 'År', en: 'Year' }, 'time', [2019, 2020, 2021, 2022].map((year) => [String(year), { fi: String(year), sv: String(year), en: String(year) }])), elimination: false },
  ];
  dimensions[1].values[0].unit = { label: { fi: 'henkilöä', sv: 'personer', en: 'persons' }, decimals: 0 };
  dimensions[1].values[1].unit = { label: { fi: 'prosenttia', sv: 'procent', en: 'per cent' }, decimals: 1 };
  const values = Float64Array.from({ length: cellCount(dimensions) }, (_, i) => (i % 8 < 4 ? 1000 + i * 37 : Math.round(i * 7.3) / 10));
  values[5] = Number.NaN;
  values[17] = Number.NaN;
  return {
    id: 'TEST01',
    title: { fi: 'Väestö alueittain', sv: 'Befolkning efter område', en: 'Population by area' },
    languages: ['fi', 'sv', 'en'],
    dimensions,
    values,
    statuses: new Map([
      [5, '..'],
      [17, '-'],
    ]),
    statusLabels: { '..': { fi: 'tieto puuttuu', sv: 'uppgift saknas', en: 'not available' } },
    notes: [{ fi: 'Ennakkotieto vuodelta 2022.', sv: 'Preliminär uppgift för 2022.', en: 'Preliminary for 2022.' }],
    source: { fi: 'Testilähde', sv: 'Testkälla', en: 'Test source' },
    updated: '2024-03-01T08:00',
    decimals: 1,
    unit: { fi: 'lukumäärä', sv: 'antal', en: 'number' },
  };
}

export interface EncodeOptions {
  /** iconv-lite's name of the encoding the bytes are in. */
  encoding: string;
  /** What CODEPAGE says; null leaves CODEPAGE out; the encoding's name when not given. */
  codepage?: string | null;
  /** What CHARSET says; null leaves CHARSET out ("ANSI" as writePx writes it when not given). */
  charset?: string | null;
  byteOrderMark?: boolean;
}

/** A PX text (as writePx writes it) in another encoding, with the CODEPAGE and CHARSET asked for. Throws when a character has no byte in it. */
export function encodePx(text: string, options: EncodeOptions): Uint8Array {
  let out = text;
  const codepage = options.codepage === undefined ? options.encoding : options.codepage;
  out = out.replace(/^CODEPAGE="[^"\r\n]*";\r?\n/m, codepage === null ? '' : `CODEPAGE="${codepage}";\r\n`);
  if (options.charset !== undefined) out = out.replace(/^CHARSET="ANSI";\r?\n/m, options.charset === null ? '' : `CHARSET="${options.charset}";\r\n`);
  const bytes = iconv.encode(out, options.encoding);
  if (iconv.decode(bytes, options.encoding) !== out) throw new Error(`encodePx: the text has characters ${options.encoding} cannot hold`);
  return options.byteOrderMark ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]) : bytes;
}

/** writePx then bytes: UTF-8, or another encoding with its CODEPAGE. */
export function pxFile(cube: Cube, options: Partial<WritePxOptions> & Partial<EncodeOptions> = {}): Uint8Array {
  const text = writePx(cube, { language: cube.languages[0], ...options });
  return encodePx(text, { encoding: 'utf-8', codepage: 'utf-8', ...options });
}

/** Bytes in chunks of a given size, as a stream would hand them over. */
export async function* inChunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

export interface BigPxOptions {
  regions?: number;
  series?: number;
  months?: number;
  /** Every n-th cell is `".."`. */
  missingEvery?: number;
}

/** The value of cell i in a big file (so a reader's result can be checked without keeping the file). */
export function bigPxValue(i: number, missingEvery = 91): number {
  return i % missingEvery === 0 ? Number.NaN : ((i * 7919) % 100_000) / 100;
}

/**
 * A big PX file, chunk by chunk: regions × series rows of months (by default 250 × 4 × 1000 =
 * 1,000,000 cells, about 6 MB), the shape of a municipal monthly table.
 */
export function* bigPxFile(options: BigPxOptions = {}): Generator<Uint8Array> {
  const { regions = 250, series = 4, months = 1000, missingEvery = 91 } = options;
  const monthCodes = Array.from({ length: months }, (_, m) => `${2000 + Math.floor(m / 12)}M${String((m % 12) + 1).padStart(2, '0')}`);
  const head = [
    'CHARSET="ANSI";',
    'CODEPAGE="utf-8";',
    'LANGUAGE="fi";',
    'DECIMALS=2;',
    'MATRIX="BIG";',
    'TITLE="Iso testitaulukko";',
    'CONTENTS="Iso testitaulukko";',
    'UNITS="lukumäärä";',
    'STUB="Alue","Sarja";',
    'HEADING="Kuukausi";',
    `VALUES("Alue")=${Array.from({ length: regions }, (_, r) => `"Alue ${r}"`).join(',\r\n')};`,
    `VALUES("Sarja")=${Array.from({ length: series }, (_, s) => `"Sarja ${s}"`).join(',')};`,
    `VALUES("Kuukausi")=${monthCodes.map((code) => `"${code}"`).join(',\r\n')};`,
    `TIMEVAL("Kuukausi")=TLIST(M1),${monthCodes.map((code) => `"${code.replace('M', '')}"`).join(',\r\n')};`,
    'DATA=',
    '',
  ].join('\r\n');
  yield Buffer.from(head, 'utf8');
  let i = 0;
  const rows = regions * series;
  for (let row = 0; row < rows; row += 50) {
    const lines: string[] = [];
    for (let r = row; r < Math.min(rows, row + 50); r++) {
      const cells: string[] = [];
      for (let m = 0; m < months; m++, i++) {
        const value = bigPxValue(i, missingEvery);
        cells.push(Number.isNaN(value) ? '".."' : String(value));
      }
      lines.push(cells.join(' '));
    }
    yield Buffer.from(`${lines.join('\r\n')}${row + 50 >= rows ? ';' : ''}\r\n`, 'latin1');
  }
}
