import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { StatProblem } from '../../../../shared/problems.ts';
import { cellCount, type Cube, type CubeDimension, type SourceText } from '../cube.ts';
import { StatFault } from '../faults.ts';
import { bigPxFile, bigPxValue, encodePx, inChunks, pxFile, sampleCube } from '../test/pxFiles.ts';
import { parseNumber } from './px.data.ts';
import { readPx } from './px.ts';
import { writePx } from './px.write.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 100);

const utf8 = (text: string) => Buffer.from(text, 'utf8');

/** The problem a read stops on; fails the test when it does not stop, or stops on anything but a StatFault. */
async function faultOf(bytes: Uint8Array | AsyncIterable<Uint8Array>, options?: Parameters<typeof readPx>[1]): Promise<StatProblem> {
  try {
    await readPx(bytes, options);
  } catch (error) {
    if (error instanceof StatFault) return error.problem;
    throw error;
  }
  throw new Error('the file was read without a fault');
}

/** A small table around the given DATA (2 × 3 cells) and extra keywords. */
function tiny(data: string, extra = ''): Uint8Array {
  return utf8(
    [
      'CHARSET="ANSI";',
      'CODEPAGE="utf-8";',
      'LANGUAGE="fi";',
      'TITLE="Pieni";',
      'STUB="Alue";',
      'HEADING="Vuosi";',
      'VALUES("Alue")="A","B";',
      'VALUES("Vuosi")="2021","2022","2023";',
      extra,
      `DATA=${data}`,
    ].join('\n'),
  );
}

const EVERY_KEYWORD = `CHARSET="ANSI";
AXIS-VERSION="2013";
CODEPAGE="utf-8";
LANGUAGE="fi";
LANGUAGES="fi","sv";
DECIMALS=1;
MATRIX="mx01";
TITLE="Väestö alueen ja "
  "vuoden mukaan";
TITLE[SV]="Befolkning efter område och år";
CONTENTS="Väestö";
UNITS="henkeä";
STUB="Alue","Tiedot";
HEADING="Vuosi";
STUB[sv]="Område","Uppgifter";
HEADING[sv]="År";
CONTVARIABLE="Tiedot";
VALUES("Alue")="Helsinki",
"Espoo";
VALUES[sv]("Område")="Helsingfors","Esbo";
CODES("Alue")="091","049";
VALUES("Tiedot")="Väkiluku","Muutos";
VALUES[sv]("Uppgifter")="Folkmängd","Förändring";
CODES("Tiedot")="vaki","muutos";
VALUES("Vuosi")="2021","2022","2023";
VALUES[sv]("År")="2021","2022","2023";
TIMEVAL("Vuosi")=TLIST(A1,"2021"-"2023");
ELIMINATION("Alue")=YES;
ELIMINATION("Tiedot")=NO;
VARIABLECODE("Alue")="KUNTA";
UNITS("Väkiluku")="henkilöä";
UNITS[sv]("Folkmängd")="personer";
UNITS("Tiedot","Muutos")="prosenttia";
PRECISION("Tiedot","Muutos")=2;
LAST-UPDATED="20240215 09:30";
SOURCE="Lähde";
SOURCE[sv]="Källa";
NOTEX="Pakollinen huomautus.";
NOTE="Huom; DATA=1 2 3; ei ole dataa.";
NOTE[sv]="Obs: DATA=;";
NOTE("Alue")="Muuttujan huomautus";
VALUENOTE("Alue","Espoo")="Arvon huomautus";
FOO-BAR="tuntematon";
FOO-BAR[xx]="okänd";
X-OTHER=1;
DATASYMBOL2="ei tietoa";
DATASYMBOL2[sv]="uppgift saknas";
DATA=
1 2 3
4 ".." 6
7 8 9
10 11 12;
`;

describe('readPx: keywords', () => {
  it('reads every keyword the issue lists into the cube', async () => {
    const { cube, notes } = await readPx(utf8(EVERY_KEYWORD));
    expect(cube.id).toBe('mx01');
    // a text continued on the next line is one text
    expect(cube.title).toEqual({ fi: 'Väestö alueen ja vuoden mukaan', sv: 'Befolkning efter område och år' });
    expect(cube.languages).toEqual(['fi', 'sv']);
    expect(cube.decimals).toBe(1);
    expect(cube.unit).toEqual({ fi: 'henkeä' });
    expect(cube.source).toEqual({ fi: 'Lähde', sv: 'Källa' });
    expect(cube.updated).toBe('2024-02-15T09:30');
    expect(cube.statusLabels).toEqual({ '..': { fi: 'ei tietoa', sv: 'uppgift saknas' } });
    // table notes in the file's order, each with its translation; DATA= inside a note is text
    expect(cube.notes).toEqual([{ fi: 'Pakollinen huomautus.' }, { fi: 'Huom; DATA=1 2 3; ei ole dataa.', sv: 'Obs: DATA=;' }]);

    const [area, contents, year] = cube.dimensions;
    expect(area).toEqual({
      code: 'KUNTA',
      label: { fi: 'Alue', sv: 'Område' },
      role: null,
      elimination: true,
      values: [
        { code: '091', label: { fi: 'Helsinki', sv: 'Helsingfors' } },
        { code: '049', label: { fi: 'Espoo', sv: 'Esbo' } },
      ],
    });
    expect(contents).toEqual({
      code: 'Tiedot',
      label: { fi: 'Tiedot', sv: 'Uppgifter' },
      role: 'metric',
      elimination: false,
      values: [
        { code: 'vaki', label: { fi: 'Väkiluku', sv: 'Folkmängd' }, unit: { label: { fi: 'henkilöä', sv: 'personer' } } },
        { code: 'muutos', label: { fi: 'Muutos', sv: 'Förändring' }, unit: { label: { fi: 'prosenttia' }, decimals: 2 } },
      ],
    });
    expect(year.role).toBe('time');
    expect(year.values.map((value) => value.code)).toEqual(['2021', '2022', '2023']);

    expect([...cube.values]).toEqual([1, 2, 3, 4, Number.NaN, 6, 7, 8, 9, 10, 11, 12]);
    expect(cube.statuses).toEqual(new Map([[4, '..']]));
    // unknown keywords once each, known ones a cube has no place for (VALUENOTE, NOTE("var")) silently
    expect(notes).toEqual([
      { code: 'px-keyword-ignored', params: { keyword: 'FOO-BAR' } },
      { code: 'px-keyword-ignored', params: { keyword: 'X-OTHER' } },
    ]);
  });

  it('marks a TIMEVAL variable as time in each of its forms, and guesses no other role', async () => {
    const forms = [
      'TLIST(A1,"2021"-"2023")',
      'TLIST(A1),"2021","2022","2023"',
      '"2021","2022","2023"',
      'TLIST(A1, "2021" - "2023")',
      'TLIST(H1,"20211"-"20221")',
      'TLIST(Q1),"20214","20221","20222"',
      'TLIST(M1,"202111"-"202201")',
    ];
    for (const form of forms) {
      const { cube } = await readPx(tiny('1 2 3 4 5 6;', `TIMEVAL("Vuosi")=${form};`));
      expect(cube.dimensions.map((dimension) => dimension.role), form).toEqual([null, 'time']);
    }
    const { cube } = await readPx(tiny('1 2 3 4 5 6;', 'CODES("Alue")="FI1B1","EE001";'));
    expect(cube.dimensions.map((dimension) => dimension.role)).toEqual([null, null]);
  });

  it('takes the title from DESCRIPTION or CONTENTS when there is no TITLE, and the id from TABLEID before MATRIX', async () => {
    const withoutTitle = (extra: string) => utf8(`STUB="A";\nVALUES("A")="x";\n${extra}\nDATA=1;`);
    expect((await readPx(withoutTitle('CONTENTS="Sisältö";'))).cube.title).toEqual({ und: 'Sisältö' });
    expect((await readPx(withoutTitle('CONTENTS="Sisältö";\nDESCRIPTION="Kuvaus";'))).cube.title).toEqual({ und: 'Kuvaus' });
    expect((await readPx(withoutTitle('MATRIX="M1";TABLEID="T1";'))).cube.id).toBe('T1');
  });

  it('gives a file without LANGUAGE the language asked for', async () => {
    const { cube } = await readPx(utf8('TITLE="Titel";\nHEADING="År";\nVALUES("År")="2020";\nDATA=1;'), { language: 'sv' });
    expect(cube.languages).toEqual(['sv']);
    expect(cube.title).toEqual({ sv: 'Titel' });
    expect(cube.dimensions[0].label).toEqual({ sv: 'År' });
  });

  it('reads subkeys in each language by that language’s names, and keeps a language without names label-less', async () => {
    const file = `LANGUAGE="en";
LANGUAGES="en","sv","fi";
STUB="region";
STUB[sv]="område";
VALUES("region")="North","South";
VALUES[sv]("område")="Norr","Söder";
VALUES[fi]("region")="Pohjoinen","Etelä";
DATA=1 2;`;
    const { cube } = await readPx(utf8(file));
    expect(cube.dimensions[0].label).toEqual({ en: 'region', sv: 'område' });
    expect(cube.dimensions[0].values.map((value) => value.label)).toEqual([
      { en: 'North', sv: 'Norr', fi: 'Pohjoinen' },
      { en: 'South', sv: 'Söder', fi: 'Etelä' },
    ]);
  });
});

describe('readPx: DATA', () => {
  it('separates cells by spaces, tabs, newlines, commas and semicolons', async () => {
    const { cube } = await readPx(tiny('\r\n1,2\t3;\r\n4 , 5;6\r\n;\r\n'));
    expect([...cube.values]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reads numbers as doubles: signs, decimals, exponents, leading dots', async () => {
    const { cube } = await readPx(tiny('-1.5 +2 .25 1e3 -0 123456789012345678901;'));
    expect([...cube.values]).toEqual([-1.5, 2, 0.25, 1000, -0, 123456789012345678901]);
  });

  it('keeps every missing-value symbol as the cell status, quoted or not, and any quoted producer symbol', async () => {
    const { cube } = await readPx(
      utf8(`HEADING="i";\nVALUES("i")=${Array.from({ length: 12 }, (_, i) => `"${i}"`).join(',')};\nDATA=\n"." ".." "..." "...." "....." "......" "-" - .. "x" "c" 7;`),
    );
    expect([...cube.values].slice(0, 11).every(Number.isNaN)).toBe(true);
    expect(cube.values[11]).toBe(7);
    expect([...cube.statuses.values()]).toEqual(['.', '..', '...', '....', '.....', '......', '-', '-', '..', 'x', 'c']);
  });

  it('reads KEYS rows by codes or texts, rows left out being zeros', async () => {
    const file = `STUB="Alue","Sukupuoli";
HEADING="Vuosi";
VALUES("Alue")="Helsinki","Espoo","Vantaa";
CODES("Alue")="091","049","092";
VALUES("Sukupuoli")="Miehet","Naiset";
CODES("Sukupuoli")="1","2";
VALUES("Vuosi")="2022","2023";
KEYS("Alue")=CODES;
KEYS("Sukupuoli")=VALUES;
DATA=
"091","Naiset",5 6
"092","Miehet","..",8
;`;
    const { cube } = await readPx(utf8(file));
    expect([...cube.values]).toEqual([0, 0, 5, 6, 0, 0, 0, 0, Number.NaN, 8, 0, 0]);
    expect(cube.statuses).toEqual(new Map([[8, '..']]));
    expect(await faultOf(utf8(file.replace('"092","Miehet"', '"999","Miehet"')))).toEqual({ code: 'px-data-token', params: { line: 12, token: '"999"' } });
    expect(await faultOf(utf8(file.replace('8\n;', '\n;')))).toEqual({ code: 'px-data-count', params: { expected: 4, found: 3 } });
  });

  it('refuses cells too many or too few, with the counts', async () => {
    expect(await faultOf(tiny('1 2 3 4 5 6 7;'))).toEqual({ code: 'px-data-count', params: { expected: 6, found: 7 } });
    expect(await faultOf(tiny('1 2 3 4 5;'))).toEqual({ code: 'px-data-count', params: { expected: 6, found: 5 } });
  });

  it('refuses a cell that is neither a number nor a symbol, naming its line', async () => {
    expect(await faultOf(tiny('\n1 2 3\n4 abc 6;'))).toEqual({ code: 'px-data-token', params: { line: 12, token: 'abc' } });
    expect(await faultOf(tiny('1 2 3 4 5 1e999;'))).toMatchObject({ code: 'px-data-token', params: { token: '1e999' } });
    expect(await faultOf(tiny('1 2 3 4 5 "";'))).toMatchObject({ code: 'px-data-token' });
    expect(await faultOf(tiny('1 2 3 4 5 "6\n";'))).toMatchObject({ code: 'px-data-token' });
  });

  it('refuses DATA that does not end with ;, or ends inside a quote, as truncated', async () => {
    expect(await faultOf(tiny('1 2 3 4 5 6'))).toEqual({ code: 'px-truncated', params: { line: 10 } });
    expect(await faultOf(tiny('1 2 3 4 5 "..'))).toEqual({ code: 'px-truncated', params: { line: 10 } });
    expect(await faultOf(tiny('1 2 3 4 5 6\u0000\u0000;'))).toEqual({ code: 'px-truncated', params: { line: 10 } });
  });

  it('refuses a table over maxCells before allocating it', async () => {
    expect(await faultOf(tiny('1 2 3 4 5 6;'), { maxCells: 5 })).toEqual({ code: 'px-too-large', params: { cells: 6, limit: 5 } });
    const values = Array.from({ length: 1000 }, (_, i) => `"${i}"`).join(',');
    const huge = utf8(`STUB="a","b","c","d";\n${['a', 'b', 'c', 'd'].map((v) => `VALUES("${v}")=${values};`).join('\n')}\nDATA=1;`);
    expect(await faultOf(huge)).toEqual({ code: 'px-too-large', params: { cells: 1e12, limit: 5_000_000 } });
  });

  it('reads 1,000,000 cells from a stream well within 15 s', async () => {
    const started = performance.now();
    const { cube } = await readPx(bigPxFile());
    const seconds = (performance.now() - started) / 1000;
    expect(cube.values.length).toBe(1_000_000);
    for (const i of [0, 1, 90, 91, 500_000, 999_999]) expect(cube.values[i]).toBe(bigPxValue(i));
    expect(cube.statuses.size).toBe(Math.ceil(1_000_000 / 91));
    expect(cube.dimensions[2].role).toBe('time');
    expect(seconds).toBeLessThan(15);
  });
});

describe('readPx: metadata faults', () => {
  it('names what is missing', async () => {
    expect(await faultOf(utf8('TITLE="x";\nDATA=1;'))).toEqual({ code: 'px-keyword-missing', params: { keyword: 'STUB or HEADING' } });
    expect(await faultOf(utf8('STUB="a","b";\nVALUES("a")="1";\nDATA=1;'))).toEqual({ code: 'px-keyword-missing', params: { keyword: 'VALUES("b")' } });
    expect(await faultOf(utf8('STUB="a";\nVALUES("a")="1";\n'))).toEqual({ code: 'px-keyword-missing', params: { keyword: 'DATA' } });
  });

  it('refuses broken statements with their line', async () => {
    expect(await faultOf(utf8('TITLE="x";\nSTUB "a";\nDATA=1;'))).toEqual({ code: 'px-syntax', params: { line: 2, detail: 'STUB is not followed by =' } });
    expect(await faultOf(tiny('1 2 3 4 5 6;', 'CODES("Alue")="a";'))).toMatchObject({ code: 'px-syntax', params: { line: 9 } });
    expect(await faultOf(tiny('1 2 3 4 5 6;', 'CODES("Alue")="a","a";'))).toMatchObject({ code: 'px-syntax', params: { line: 9 } });
    expect(await faultOf(tiny('1 2 3 4 5 6;', 'CONTVARIABLE="Muu";'))).toMatchObject({ code: 'px-syntax' });
    expect(await faultOf(tiny('1 2 3 4 5 6;', 'KEYS("Vuosi")=VALUES;'))).toMatchObject({ code: 'px-syntax' });
    expect(await faultOf(utf8('STUB="a","a";\nVALUES("a")="1";\nDATA=1;'))).toMatchObject({ code: 'px-syntax', params: { line: 1 } });
    expect(await faultOf(utf8('LANGUAGE="__proto__";\nSTUB="a";\nVALUES("a")="1";\nDATA=1;'))).toMatchObject({ code: 'px-syntax', params: { line: 1 } });
  });

  it('calls a file that ends inside its metadata truncated', async () => {
    expect(await faultOf(utf8('TITLE="x";\nSTUB="a'))).toEqual({ code: 'px-truncated', params: { line: 2 } });
    expect(await faultOf(utf8('TITLE="x";\nSTUB='))).toEqual({ code: 'px-truncated', params: { line: 2 } });
  });

  it('does not hold more metadata than maxMetadataBytes', async () => {
    const endless = async function* () {
      for (let i = 0; i < 1000; i++) yield utf8(`NOTE="${'x'.repeat(1000)}";\n`);
    };
    expect(await faultOf(endless(), { maxMetadataBytes: 100_000 })).toMatchObject({ code: 'px-syntax', params: { line: 101 } });
  });

  it('closes the stream it stops reading', async () => {
    let closed = false;
    const stream = async function* () {
      try {
        yield tiny('1 2 x');
        yield utf8(' 4 5 6;');
        yield utf8('\n');
      } finally {
        closed = true;
      }
    };
    expect(await faultOf(stream())).toMatchObject({ code: 'px-data-token' });
    expect(closed).toBe(true);
  });
});

describe('readPx: encodings', () => {
  const place = (text: string): SourceText => ({ fi: text, sv: text, en: text });
  const cases: { name: string; place: string; options: Parameters<typeof encodePx>[1]; byte: number[]; note?: StatProblem }[] = [
    { name: 'UTF-8 with a byte order mark', place: 'Õismäe–Žabka €', options: { encoding: 'utf-8', byteOrderMark: true }, byte: [0xc5, 0xbd] },
    {
      name: 'UTF-8 labelled iso-8859-1',
      place: 'Õismäe–Žabka €',
      options: { encoding: 'utf-8', codepage: 'iso-8859-1' },
      byte: [0xc3, 0x95],
      note: { code: 'px-encoding-guessed', params: { declared: 'iso-8859-1', used: 'utf-8' } },
    },
    { name: 'windows-1252 with š, ž and €', place: 'Pärnu šž €', options: { encoding: 'windows-1252', codepage: 'Windows-1252' }, byte: [0x9a, 0x9e, 0x80] },
    { name: 'iso-8859-15', place: 'Pärnu šž € õ', options: { encoding: 'iso-8859-15' }, byte: [0xa8, 0xb8, 0xa4] },
    { name: 'cp437', place: 'Hämeenlinna Åbo', options: { encoding: 'cp437', codepage: '437' }, byte: [0x84, 0x8f] },
    { name: 'cp850', place: 'Hämeenlinna Åbo õ', options: { encoding: 'cp850', codepage: '850' }, byte: [0xe4] },
    { name: 'windows-1257 with õ, š and ž', place: 'Õismäe šž', options: { encoding: 'windows-1257' }, byte: [0xf0, 0xfe, 0xd5] },
  ];
  for (const { name, place: text, options, byte, note } of cases) {
    it(`reads ${name}`, async () => {
      const cube = sampleCube(place(text));
      const bytes = encodePx(writePx(cube, { language: 'fi' }), options);
      for (const b of byte) expect(bytes.includes(b), `byte ${b.toString(16)}`).toBe(true);
      const read = await readPx(bytes);
      expect(read.cube).toEqual(cube);
      expect(read.notes).toEqual(note ? [note] : []);
    });
  }

  it('reads a file without CODEPAGE by CHARSET: ANSI as windows-1252, none as cp437', async () => {
    const finnish = sampleCube(place('Hämeenlinna Åbo'));
    const ansi = await readPx(encodePx(writePx(finnish, { language: 'fi' }), { encoding: 'windows-1252', codepage: null }));
    expect(ansi.cube).toEqual(finnish);
    expect(ansi.notes).toEqual([]);
    const dos = await readPx(encodePx(writePx(finnish, { language: 'fi' }), { encoding: 'cp437', codepage: null, charset: null }));
    expect(dos.cube).toEqual(finnish);
    expect(dos.notes).toEqual([]);
  });

  it('reads an undeclared Estonian windows-1257 file as such, with a note', async () => {
    const cube = sampleCube(place('Õismäe šž'));
    const read = await readPx(encodePx(writePx(cube, { language: 'fi' }), { encoding: 'windows-1257', codepage: null }));
    expect(read.cube).toEqual(cube);
    expect(read.notes).toEqual([{ code: 'px-encoding-guessed', params: { declared: 'ANSI', used: 'windows-1257' } }]);
  });

  it('reads KEYS rows keyed by texts in the file’s code page', async () => {
    const cube = sampleCube(place('Pärnu šž'));
    const bytes = encodePx(writePx(cube, { language: 'fi', keys: 'VALUES' }), { encoding: 'windows-1252' });
    expect((await readPx(bytes)).cube).toEqual(cube);
  });

  it('refuses an unknown code page when the text needs one, and not when it is ASCII', async () => {
    const text = writePx(sampleCube(), { language: 'fi' });
    expect(await faultOf(encodePx(text, { encoding: 'windows-1252', codepage: 'klingon' }))).toEqual({ code: 'px-encoding-unknown', params: { codepage: 'klingon' } });
    const asciiUnknown = utf8(Buffer.from(tiny('1 2 3 4 5 6;')).toString('utf8').replace('CODEPAGE="utf-8"', 'CODEPAGE="klingon"'));
    const ascii = await readPx(asciiUnknown);
    expect(ascii.cube.values).toEqual(new Float64Array([1, 2, 3, 4, 5, 6]));
    expect(ascii.notes).toEqual([]);
  });

  it('falls back to windows-1252 when a file labelled UTF-8 is not', async () => {
    const cube = sampleCube(place('Pärnu šž €'));
    const read = await readPx(encodePx(writePx(cube, { language: 'fi' }), { encoding: 'windows-1252', codepage: 'utf-8' }));
    expect(read.cube).toEqual(cube);
    expect(read.notes).toEqual([{ code: 'px-encoding-guessed', params: { declared: 'utf-8', used: 'windows-1252' } }]);
  });

  it('is not fooled by Node’s TextDecoder mistake: windows-1252 0x9A is š', () => {
    expect(iconv.decode(Buffer.from([0x9a, 0x9e, 0x80]), 'windows-1252')).toBe('šž€');
  });
});

describe('readPx: streams and damaged files', () => {
  it('reads a file handed over a byte at a time as in one piece', async () => {
    for (const keys of [undefined, 'VALUES', 'CODES'] as const) {
      const bytes = pxFile(sampleCube(), { keys });
      expect((await readPx(inChunks(bytes, 1))).cube).toEqual((await readPx(bytes)).cube);
    }
    expect((await readPx(inChunks(utf8(EVERY_KEYWORD), 3))).cube).toEqual((await readPx(utf8(EVERY_KEYWORD))).cube);
  });

  it('gives a StatFault or the whole cube for a file cut at any byte', async () => {
    for (const bytes of [pxFile(sampleCube()), pxFile(sampleCube(), { keys: 'CODES' }), utf8(EVERY_KEYWORD)]) {
      const whole = (await readPx(bytes)).cube;
      let faults = 0;
      for (let length = 0; length < bytes.length; length++) {
        try {
          expect((await readPx(bytes.subarray(0, length))).cube).toEqual(whole);
        } catch (error) {
          if (!(error instanceof StatFault)) throw new Error(`cut at ${length}: ${String(error)}`);
          faults++;
        }
      }
      // only the line end after the last ; may go
      expect(faults).toBeGreaterThanOrEqual(bytes.length - 2);
    }
  });

  it('gives a StatFault or a cube, never another error, for damaged bytes', async () => {
    const original = pxFile(sampleCube());
    const damage = fc.array(fc.record({ at: fc.nat({ max: original.length - 1 }), byte: fc.integer({ min: 0, max: 255 }), insert: fc.boolean() }), { minLength: 1, maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(damage, fc.integer({ min: 1, max: 64 }), async (changes, chunk) => {
        let bytes = Buffer.from(original);
        for (const { at, byte, insert } of changes) {
          if (insert) bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([byte]), bytes.subarray(at)]);
          else bytes[at] = byte;
        }
        try {
          const { cube } = await readPx(inChunks(bytes, chunk));
          expect(cube.values.length).toBe(cellCount(cube.dimensions));
        } catch (error) {
          if (!(error instanceof StatFault)) throw error;
        }
      }),
      { numRuns: RUNS * 3 },
    );
  });
});

// ---- round trip: random cubes → writePx → readPx ----

/** Texts PX can hold: no `"`, no line breaks or controls, not empty, no blanks at the ends (the reader trims codes). */
const pxText = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
  .map((text) => text.replace(/["\p{Cc}\p{Zl}\p{Zp}]/gu, '').trim())
  .filter((text) => text.length > 0);
const LANGUAGE_POOL = ['fi', 'sv', 'en', 'et'];

const sourceText = (languages: string[], complete: boolean) =>
  fc.tuple(...languages.map(() => (complete ? pxText : fc.option(pxText, { nil: undefined })))).map((texts) => {
    const text: SourceText = {};
    languages.forEach((language, i) => {
      if (texts[i] !== undefined) text[language] = texts[i]!;
    });
    return text;
  });
const someText = (languages: string[]) => sourceText(languages, false).filter((text) => Object.keys(text).length > 0);
/** Unique within a list, as PX needs names and values (the suffix keeps them apart). */
const numbered = (text: SourceText, n: number): SourceText => Object.fromEntries(Object.entries(text).map(([language, value]) => [language, `${value} ${n}`]));
const SYMBOLS = ['.', '..', '...', '-', 'x', 'c', ':', '......'];

const cubeArbitrary = fc
  .record({ languages: fc.shuffledSubarray(LANGUAGE_POOL, { minLength: 1 }), sizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }) })
  .chain(({ languages, sizes }) => {
    const dimensionArbitrary = (size: number, d: number) =>
      fc.record({
        code: pxText.map((code) => `${code}${d}`),
        label: sourceText(languages, true).map((text) => numbered(text, d)),
        codes: fc.uniqueArray(pxText, { minLength: size, maxLength: size }),
        labels: fc.array(sourceText(languages, true), { minLength: size, maxLength: size }),
        elimination: fc.option(fc.boolean(), { nil: undefined }),
        time: fc.boolean(),
        decimals: fc.array(fc.option(fc.integer({ min: 0, max: 15 }), { nil: undefined }), { minLength: size, maxLength: size }),
        units: fc.array(fc.option(someText(languages), { nil: undefined }), { minLength: size, maxLength: size }),
      });
    const cells = sizes.reduce((a, b) => a * b, 1);
    return fc.record({
      languages: fc.constant(languages),
      dimensions: fc.tuple(...sizes.map((size, d) => dimensionArbitrary(size, d))),
      metric: fc.option(fc.nat({ max: sizes.length - 1 }), { nil: undefined }),
      cells: fc.array(
        fc.oneof(
          fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => ({ value, status: undefined as string | undefined })),
          fc.integer({ min: -1e6, max: 1e6 }).map((value) => ({ value, status: undefined as string | undefined })),
          fc.constantFrom(...SYMBOLS).map((status) => ({ value: Number.NaN, status: status as string | undefined })),
        ),
        { minLength: cells, maxLength: cells },
      ),
      id: fc.option(pxText, { nil: undefined }),
      title: sourceText(languages, false),
      notes: fc.array(someText(languages), { maxLength: 3 }),
      source: fc.option(someText(languages), { nil: undefined }),
      unit: fc.option(someText(languages), { nil: undefined }),
      decimals: fc.option(fc.integer({ min: 0, max: 15 }), { nil: undefined }),
      updated: fc.option(fc.constantFrom('2024-03-01T08:00', '2019-12-31', '2025-06-15T23:59'), { nil: undefined }),
      statusLabels: fc.option(fc.dictionary(fc.constantFrom('.', '..', '...', '-'), someText(languages), { minKeys: 1 }), { nil: undefined }),
    });
  })
  .map((drawn): Cube => {
    const dimensions = drawn.dimensions.map((dimension, d): CubeDimension => {
      const result: CubeDimension = {
        code: dimension.code,
        label: dimension.label,
        role: d === drawn.metric ? 'metric' : dimension.time ? 'time' : null,
        values: dimension.codes.map((code, i) => {
          const label = numbered(dimension.labels[i], i);
          const unitLabel = d === drawn.metric ? dimension.units[i] : undefined;
          const decimals = dimension.decimals[i];
          if (unitLabel === undefined && decimals === undefined) return { code, label };
          return { code, label, unit: { ...(unitLabel ? { label: unitLabel } : {}), ...(decimals !== undefined ? { decimals } : {}) } };
        }),
      };
      if (dimension.elimination !== undefined) result.elimination = dimension.elimination;
      return result;
    });
    const cube: Cube = {
      id: drawn.id ?? '',
      title: drawn.title,
      languages: drawn.languages,
      dimensions,
      values: Float64Array.from(drawn.cells, (cell) => cell.value),
      statuses: new Map(drawn.cells.flatMap((cell, i) => (cell.status ? [[i, cell.status] as [number, string]] : []))),
      notes: drawn.notes,
    };
    for (const key of ['source', 'unit', 'decimals', 'updated', 'statusLabels'] as const) if (drawn[key] !== undefined) Object.assign(cube, { [key]: drawn[key] });
    return cube;
  });

describe('writePx → readPx', () => {
  it('gives back the sample cube, in both layouts', async () => {
    const cube = sampleCube();
    for (const keys of [undefined, 'VALUES', 'CODES'] as const) expect((await readPx(pxFile(cube, { keys }))).cube).toEqual(cube);
  });

  it('gives back any cube PX can hold, in both layouts and any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(cubeArbitrary, fc.constantFrom(undefined, 'VALUES', 'CODES'), fc.integer({ min: 1, max: 512 }), async (cube, keys, chunk) => {
        const text = writePx(cube, { language: cube.languages[0], keys });
        const { cube: read, notes } = await readPx(inChunks(utf8(text), chunk));
        expect(read).toEqual(cube);
        expect(notes).toEqual([]);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('writes long texts and lists over lines of at most about 200 characters', () => {
    const cube = sampleCube();
    cube.title = { fi: 'pitkä '.repeat(100), sv: 'lång', en: 'long' };
    cube.dimensions[2].values = Array.from({ length: 200 }, (_, i) => ({ code: String(1900 + i), label: { fi: String(1900 + i) } }));
    const text = writePx({ ...cube, values: new Float64Array(cellCount(cube.dimensions)) }, { language: 'fi' });
    expect(Math.max(...text.split('\r\n').filter((line) => !/^[\d\s.;-]+$/.test(line)).map((line) => line.length))).toBeLessThan(260);
  });
});

describe('parseNumber', () => {
  const bytes = (text: string) => Buffer.from(text, 'latin1');
  it('gives back any double as writePx writes it (String(), and -0)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const text = Object.is(value, -0) ? '-0' : String(value);
        expect(Object.is(parseNumber(bytes(text), text.length), value)).toBe(true);
      }),
      { numRuns: RUNS * 10 },
    );
  });

  it('gives exactly what Number() gives for decimal strings of any length', () => {
    const digits = (max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: max });
    const decimal = fc
      .tuple(fc.constantFrom('', '-', '+'), digits(25), fc.option(digits(25), { nil: undefined }), fc.option(fc.tuple(fc.constantFrom('e', 'E-', 'e+'), digits(3)), { nil: undefined }))
      .map(([sign, whole, fraction, exponent]) => `${sign}${whole}${fraction === undefined ? '' : `.${fraction}`}${exponent ? exponent.join('') : ''}`);
    fc.assert(
      fc.property(decimal, (text) => {
        const expected = Number(text);
        const parsed = parseNumber(bytes(text), text.length);
        if (Number.isFinite(expected)) expect(Object.is(parsed, expected), text).toBe(true);
        else expect(parsed).toBeUndefined();
      }),
      { numRuns: RUNS * 10 },
    );
  });

  it('refuses what is not a number', () => {
    for (const text of ['', '.', '-', '+', 'e5', '1e', '1.2.3', '0x10', 'Infinity', '1,5', '12a', '--1']) expect(parseNumber(bytes(text), text.length), text).toBeUndefined();
  });
});
