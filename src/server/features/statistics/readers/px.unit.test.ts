import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writePx } from '../formats/px.write.ts';
import { encodePx, pxFile, sampleCube } from '../test/pxFiles.ts';
import { MAINTENANCE_PAGE, startDocumentServer, type DocumentFakeOptions, type StatPortal } from '../test/servers.ts';
import { collect, comparable, testRun } from '../test/readers.ts';
import { readSource, type StatSource } from './index.ts';

/** The PC-Axis reader: uploads, and files at an address read as they stream in (real HTTP). */

let site: StatPortal<DocumentFakeOptions>;
const cube = sampleCube();
const estonian = sampleCube({ fi: 'Pärnu šž', sv: 'Pärnu šž', en: 'Pärnu šž' });
const file = (bytes: Uint8Array) => ({ status: 200, contentType: 'application/octet-stream', body: bytes });

beforeAll(async () => {
  site = await startDocumentServer();
});
afterAll(() => site.close());
beforeEach(() => {
  site.set({
    documents: {
      '/test01.px': file(pxFile(cube)),
      '/estonian.px': file(encodePx(writePx(estonian, { language: 'fi' }), { encoding: 'windows-1252' })),
      '/down.px': { status: 200, contentType: 'text/html; charset=utf-8', body: MAINTENANCE_PAGE },
    },
    truncate: undefined,
  });
  site.requests.length = 0;
});

function source(changes: Partial<StatSource>): StatSource {
  return { kind: 'px', url: null, tableRef: '', query: {}, language: 'fi', ...changes };
}

/** The sample file with one figure too few in DATA. */
function oneFigureShort(): Uint8Array {
  const text = writePx(cube, { language: 'fi' });
  const end = text.lastIndexOf(';');
  const lastFigure = text.lastIndexOf(' ', end);
  return Buffer.from(`${text.slice(0, lastFigure)}${text.slice(end)}`);
}

describe('PC-Axis reader', () => {
  it('reads an upload into the table it holds', async () => {
    const run = testRun();
    const { tables, errors } = await collect(readSource(source({ fileBytes: pxFile(cube), fileName: 'test01.px' }), run.context));
    expect(errors).toEqual([]);
    expect(comparable(tables[0].cube)).toEqual(comparable(cube));
    expect(tables[0].requests).toEqual([{ method: 'FILE', url: 'test01.px' }]);
    expect(tables[0].notes).toEqual([]);
    expect(run.progress).toEqual([[0, 1], [1, 1]]);
  });

  it('names an upload in an unknown code page, with a wrong count of figures, or cut short', async () => {
    const text = writePx(cube, { language: 'fi' });
    const whole = pxFile(cube);
    for (const [bytes, problem] of [
      [encodePx(text, { encoding: 'windows-1252', codepage: 'klingon' }), { code: 'px-encoding-unknown', params: { codepage: 'klingon' } }],
      [oneFigureShort(), { code: 'px-data-count', params: { expected: 24, found: 23 } }],
      [whole.subarray(0, whole.length - 3), { code: 'px-truncated', params: { line: expect.any(Number) } }],
    ] as const) {
      const { tables, errors } = await collect(readSource(source({ fileBytes: bytes, fileName: 'upload.px' }), testRun().context));
      expect(tables).toEqual([]);
      expect(errors).toEqual([{ problem, identifier: 'upload.px' }]);
    }
  });

  it('reads a file at an address as it streams in, in the code page it declares', async () => {
    const { tables, errors } = await collect(readSource(source({ url: `${site.url}/estonian.px` }), testRun().context));
    expect(errors).toEqual([]);
    expect(comparable(tables[0].cube)).toEqual(comparable(estonian));
    expect(tables[0].cube.dimensions[0].values[1].label.fi).toBe('Pärnu šž');
    expect(tables[0].requests).toEqual([{ method: 'GET', url: `${site.url}/estonian.px` }]);
  });

  it('asks again for a file cut short on the way, and names it when it stays cut', async () => {
    site.set({ truncate: (path, hit) => path === '/test01.px' && hit === 1 });
    const run = testRun();
    const { tables } = await collect(readSource(source({ url: `${site.url}/test01.px` }), run.context));
    expect(comparable(tables[0].cube)).toEqual(comparable(cube));
    expect(run.clock.waits).toEqual([{ by: 'pacer', ms: 1000 }]);

    site.set({ truncate: new Set(['/test01.px']) });
    site.requests.length = 0;
    const { errors } = await collect(readSource(source({ url: `${site.url}/test01.px` }), testRun().context));
    expect(errors).toEqual([{ problem: { code: 'px-truncated', params: { line: expect.any(Number) } }, identifier: `${site.url}/test01.px` }]);
    expect(site.requests).toHaveLength(3);
  });

  it('names a web page where the file should be, and a file that is not there', async () => {
    const page = await collect(readSource(source({ url: `${site.url}/down.px` }), testRun().context));
    expect(page.errors).toEqual([{ problem: { code: 'pxweb-html-answer', params: { address: `${site.url}/down.px` } }, identifier: `${site.url}/down.px` }]);
    expect(site.requests).toHaveLength(3);

    const missing = await collect(readSource(source({ url: `${site.url}/none.px`, tableRef: 'NONE' }), testRun().context));
    expect(missing.errors).toEqual([
      { problem: { code: 'source-unreadable', params: { address: `${site.url}/none.px`, reason: { code: 'http-status', params: { status: 404 } } } }, identifier: 'NONE' },
    ]);
  });
});
