import { describe, expect, it } from 'vitest';
import type { StatProblem } from '../../../../shared/problems.ts';
import { StatFault } from '../faults.ts';
import {
  classifyPxwebAnswer, guessContentsVariable, pxwebConfigUrl, pxwebQueryBody, readPxwebConfig, readPxwebMetadata, readUnlistedValues,
  resolvePxwebQuery, unlistedValuesQuery,
} from './pxweb.ts';
import { splitSelection } from './split.ts';

const ADDRESS = 'https://pxdata.stat.fi/PxWeb/api/v1/fi/StatFin/vaerak/11ra.px';

/** A StatFin-like table: region (with a map), year, contents. */
const METADATA = {
  title: 'Väestö muuttujina Alue, Tiedot ja Vuosi',
  variables: [
    { code: 'Alue', text: 'Alue', values: ['SSS', 'MK01', 'KU091'], valueTexts: ['KOKO MAA', 'Uusimaa', 'Helsinki'], elimination: true, map: 'Kunta' },
    { code: 'Tiedot', text: 'Tiedot', values: ['vaesto', 'vm01'], valueTexts: ['Väkiluku', 'Elävänä syntyneet'] },
    { code: 'Vuosi', text: 'Vuosi', values: ['2021', '2022', '2023', '2024'], valueTexts: ['2021', '2022', '2023', '2024'], time: true },
  ],
};

function faultOf(run: () => unknown): StatProblem {
  try {
    run();
  } catch (error) {
    if (error instanceof StatFault) return error.problem;
    throw error;
  }
  throw new Error('no fault');
}

describe('PxWeb v1 ?config', () => {
  it('asks ?config on the address given, whatever query it had', () => {
    expect(pxwebConfigUrl('https://pxdata.stat.fi/PxWeb/api/v1/fi/')).toBe('https://pxdata.stat.fi/PxWeb/api/v1/fi/?config');
    expect(pxwebConfigUrl(`${ADDRESS}?x=1#top`)).toBe(`${ADDRESS}?config`);
  });

  it('reads the limits, maxCells falling back to maxValues as pxweb does', () => {
    const config = { maxValues: 120000, maxCells: 100000, maxCalls: 30, timeWindow: 10, CORS: true };
    expect(readPxwebConfig(config, ADDRESS)).toEqual({ maxValues: 120000, maxCells: 100000, maxCalls: 30, timeWindow: 10 });
    expect(readPxwebConfig({ ...config, maxCells: undefined }, ADDRESS).maxCells).toBe(120000);
  });

  it('refuses a config without its limits', () => {
    expect(faultOf(() => readPxwebConfig({ maxValues: 10, timeWindow: 10 }, ADDRESS))).toEqual({
      code: 'pxweb-answer-invalid',
      params: { address: ADDRESS, detail: 'maxCalls is not a positive whole number' },
    });
    expect(faultOf(() => readPxwebConfig([], ADDRESS)).code).toBe('pxweb-answer-invalid');
  });
});

describe('PxWeb v1 metadata', () => {
  it('reads variables as dimensions: time from time, geo from a map, the contents guessed by name', () => {
    const metadata = readPxwebMetadata(METADATA, { lang: 'fi', address: ADDRESS });
    expect(metadata.title).toEqual({ fi: METADATA.title });
    expect(metadata.unlisted).toEqual([]);
    expect(metadata.dimensions.map(({ code, role, elimination }) => ({ code, role, elimination }))).toEqual([
      { code: 'Alue', role: 'geo', elimination: true },
      { code: 'Tiedot', role: 'metric', elimination: false },
      { code: 'Vuosi', role: 'time', elimination: false },
    ]);
    expect(metadata.dimensions[0].values[2]).toEqual({ code: 'KU091', label: { fi: 'Helsinki' } });
  });

  it('takes the contents variable the settings name over the guess', () => {
    const metadata = readPxwebMetadata(METADATA, { lang: 'fi', address: ADDRESS, contents: 'Alue' });
    expect(metadata.dimensions.map((dimension) => dimension.role)).toEqual(['metric', null, 'time']);
    expect(faultOf(() => readPxwebMetadata(METADATA, { lang: 'fi', address: ADDRESS, contents: 'Sukupuoli' }))).toEqual({
      code: 'pxweb-dimension-unknown',
      params: { dimension: 'Sukupuoli' },
    });
  });

  it('lists variables given with values: null (over maxValues) as unlisted', () => {
    const big = { ...METADATA, variables: [{ code: 'Postinumero', text: 'Postinumero', values: null, valueTexts: null, elimination: true }, ...METADATA.variables] };
    const metadata = readPxwebMetadata(big, { lang: 'fi', address: ADDRESS });
    expect(metadata.unlisted).toEqual(['Postinumero']);
    expect(metadata.dimensions[0].values).toEqual([]);
  });

  it('refuses metadata that is not PxWeb’s shape, saying where', () => {
    const broken = (variables: unknown) => faultOf(() => readPxwebMetadata({ title: 't', variables }, { lang: 'fi', address: ADDRESS }));
    expect(broken([])).toMatchObject({ code: 'pxweb-answer-invalid', params: { detail: 'variables is not a list of variables' } });
    expect(broken([{ code: 'A', values: ['1', 2] }])).toMatchObject({ params: { detail: 'the values of A are not a list of codes' } });
    expect(broken([{ code: 'A', values: ['1', '2'], valueTexts: ['one'] }])).toMatchObject({ params: { detail: 'the value texts of A do not match its values' } });
    expect(broken([{ code: 'A', values: ['1'] }, { code: 'A', values: ['1'] }])).toMatchObject({ params: { detail: 'the variable A is listed twice' } });
    expect(faultOf(() => readPxwebMetadata('<html>', { lang: 'fi', address: ADDRESS })).code).toBe('pxweb-answer-invalid');
  });
});

describe('guessContentsVariable', () => {
  const variable = (code: string, flags: { time?: boolean; elimination?: boolean } = {}, text = code) => ({ code, text, time: false, elimination: false, ...flags });

  it('takes a known contents name among the variables neither time nor eliminable', () => {
    expect(guessContentsVariable([variable('Alue'), variable('Tiedot'), variable('Vuosi', { time: true })])).toBe('Tiedot');
    expect(guessContentsVariable([variable('Maakond'), variable('Näitaja'), variable('Aasta', { time: true })])).toBe('Näitaja');
    expect(guessContentsVariable([variable('Region'), variable('ContentsCode', {}, 'observations')])).toBe('ContentsCode');
    expect(guessContentsVariable([variable('Alue'), variable('X', {}, 'Information')])).toBe('X');
  });

  it('takes the only candidate when no name is known, and none when it cannot tell', () => {
    expect(guessContentsVariable([variable('Alue', { elimination: true }), variable('Mittari'), variable('Vuosi', { time: true })])).toBe('Mittari');
    expect(guessContentsVariable([variable('Alue'), variable('Mittari'), variable('Vuosi', { time: true })])).toBeNull();
    expect(guessContentsVariable([variable('Tiedot', { elimination: true }), variable('Vuosi', { time: true })])).toBeNull();
  });
});

describe('resolvePxwebQuery', () => {
  const { dimensions } = readPxwebMetadata(METADATA, { lang: 'fi', address: ADDRESS });

  it('writes item, all and top filters out as codes in the table’s order', () => {
    const selection = resolvePxwebQuery(dimensions, [
      { code: 'Vuosi', selection: { filter: 'top', values: ['2'] } },
      { code: 'Alue', selection: { filter: 'item', values: ['KU091', 'SSS'] } },
      { code: 'Tiedot', selection: { filter: 'all', values: ['*'] } },
    ]);
    expect(selection).toEqual([
      { code: 'Alue', role: 'geo', values: ['SSS', 'KU091'] },
      { code: 'Tiedot', role: 'metric', values: ['vaesto', 'vm01'] },
      { code: 'Vuosi', role: 'time', values: ['2023', '2024'] },
    ]);
    expect(resolvePxwebQuery(dimensions, [{ code: 'Alue', selection: { filter: 'all', values: ['KU*'] } }])[0].values).toEqual(['KU091']);
  });

  it('eliminates a left-out eliminable variable and takes a left-out mandatory one whole', () => {
    const selection = resolvePxwebQuery(dimensions, [{ code: 'Vuosi', selection: { filter: 'item', values: ['2024'] } }]);
    expect(selection.map((dimension) => [dimension.code, dimension.values.length])).toEqual([
      ['Tiedot', 2],
      ['Vuosi', 1],
    ]);
  });

  it('names an unknown variable or value before anything is sent', () => {
    expect(faultOf(() => resolvePxwebQuery(dimensions, [{ code: 'Sukupuoli', selection: { filter: 'item', values: ['1'] } }]))).toEqual({
      code: 'pxweb-dimension-unknown',
      params: { dimension: 'Sukupuoli' },
    });
    expect(faultOf(() => resolvePxwebQuery(dimensions, [{ code: 'Alue', selection: { filter: 'item', values: ['SSS', 'KU999'] } }]))).toEqual({
      code: 'pxweb-value-unknown',
      params: { dimension: 'Alue', value: 'KU999' },
    });
    expect(faultOf(() => resolvePxwebQuery(dimensions, [{ code: 'Alue', selection: { filter: 'all', values: ['MK9*'] } }]))).toEqual({
      code: 'pxweb-value-unknown',
      params: { dimension: 'Alue', value: 'MK9*' },
    });
    expect(faultOf(() => resolvePxwebQuery(dimensions, [{ code: 'Vuosi', selection: { filter: 'top', values: ['0'] } }])).code).toBe('pxweb-value-unknown');
    expect(faultOf(() => resolvePxwebQuery(dimensions, [{ code: 'Alue', selection: { filter: 'agg:maakunnat', values: ['MK01'] } }]))).toEqual({
      code: 'pxweb-value-unknown',
      params: { dimension: 'Alue', value: 'agg:maakunnat:MK01' },
    });
  });

  it('will not resolve against a variable whose values are not yet listed', () => {
    expect(() => resolvePxwebQuery(dimensions, [{ code: 'Alue', selection: { filter: 'all', values: ['*'] } }], ['Alue'])).toThrow(/fill them/);
  });
});

describe('PxWeb v1 query bodies', () => {
  const { dimensions } = readPxwebMetadata(METADATA, { lang: 'fi', address: ADDRESS });

  it('writes a batch as item filters, and a whole dimension as all/* when the metadata is given', () => {
    const selection = resolvePxwebQuery(dimensions, [{ code: 'Alue', selection: { filter: 'item', values: ['MK01', 'KU091'] } }]);
    const [batch] = splitSelection(selection, 100);
    expect(pxwebQueryBody(batch, 'json-stat2', dimensions)).toEqual({
      query: [
        { code: 'Alue', selection: { filter: 'item', values: ['MK01', 'KU091'] } },
        { code: 'Tiedot', selection: { filter: 'all', values: ['*'] } },
        { code: 'Vuosi', selection: { filter: 'all', values: ['*'] } },
      ],
      response: { format: 'json-stat2' },
    });
    expect(pxwebQueryBody(batch, 'json').query[1]).toEqual({ code: 'Tiedot', selection: { filter: 'item', values: ['vaesto', 'vm01'] } });
  });

  it('lists an unlisted variable with one value of each mandatory other, and reads the answer’s codes', () => {
    expect(unlistedValuesQuery(dimensions, 'Alue')).toEqual({
      query: [
        { code: 'Alue', selection: { filter: 'all', values: ['*'] } },
        { code: 'Tiedot', selection: { filter: 'top', values: ['1'] } },
        { code: 'Vuosi', selection: { filter: 'top', values: ['1'] } },
      ],
      response: { format: 'json-stat2' },
    });
    const answer = { dimension: { Alue: { category: { index: { KU091: 1, SSS: 0 }, label: { SSS: 'KOKO MAA', KU091: 'Helsinki' } } } } };
    expect(readUnlistedValues(answer, 'Alue', 'fi', ADDRESS)).toEqual([
      { code: 'SSS', label: { fi: 'KOKO MAA' } },
      { code: 'KU091', label: { fi: 'Helsinki' } },
    ]);
    expect(readUnlistedValues({ dimension: { Alue: { category: { index: ['A', 'B'] } } } }, 'Alue', 'fi', ADDRESS).map((v) => v.code)).toEqual(['A', 'B']);
    expect(faultOf(() => readUnlistedValues({ dimension: {} }, 'Alue', 'fi', ADDRESS)).code).toBe('pxweb-answer-invalid');
  });
});

describe('classifyPxwebAnswer', () => {
  const json = (status: number, body: unknown, retryAfter?: string) => ({ status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(body), retryAfter });
  const data = { address: ADDRESS, cells: 1200, limit: 900 };

  it('reads a JSON answer', () => {
    expect(classifyPxwebAnswer(json(200, { version: '2.0' }), data)).toEqual({ action: 'ok', json: { version: '2.0' } });
  });

  it('retries a maintenance page served with 200 or 503, then reports pxweb-html-answer', () => {
    const page = '<!DOCTYPE html><html><body>Huoltokatko</body></html>';
    for (const status of [200, 503]) {
      expect(classifyPxwebAnswer({ status, contentType: 'text/html', body: page }, data)).toEqual({
        action: 'retry',
        problem: { code: 'pxweb-html-answer', params: { address: ADDRESS } },
        retryAfterMs: null,
      });
    }
    // No content type, but a page all the same.
    expect(classifyPxwebAnswer({ status: 200, contentType: '', body: `  ${page}` }, data).action).toBe('retry');
  });

  it('retries a body cut short', () => {
    const verdict = classifyPxwebAnswer({ status: 200, contentType: 'application/json', body: '{"version":"2.0","val' }, data);
    expect(verdict).toMatchObject({ action: 'retry', problem: { code: 'source-unreadable', params: { address: ADDRESS, reason: { code: 'not-json' } } } });
    expect(classifyPxwebAnswer({ status: 200, contentType: 'application/json', body: '' }, data)).toMatchObject({ problem: { params: { reason: { code: 'empty-body' } } } });
  });

  it('splits on 403 and on 400 "Too many values selected"', () => {
    const split = { action: 'split', problem: { code: 'pxweb-too-many-cells', params: { cells: 1200, limit: 900 } } };
    expect(classifyPxwebAnswer(json(403, { error: 'Too many values selected' }), data)).toEqual(split);
    expect(classifyPxwebAnswer(json(400, { error: 'Too many values selected' }), data)).toEqual(split);
    // Not a data query: a refusal like any other.
    expect(classifyPxwebAnswer(json(403, { error: 'Forbidden' }), { address: ADDRESS })).toMatchObject({ action: 'fail', problem: { code: 'pxweb-refused' } });
  });

  it('retries 429 after its Retry-After, and 5xx', () => {
    expect(classifyPxwebAnswer(json(429, { error: '429 - Too many requests in too short timeframe. Please try again later.' }, '10'), data)).toEqual({
      action: 'retry',
      problem: { code: 'pxweb-refused', params: { address: ADDRESS, status: 429, detail: '429 - Too many requests in too short timeframe. Please try again later.' } },
      retryAfterMs: 10_000,
    });
    expect(classifyPxwebAnswer({ status: 502, contentType: 'text/plain', body: 'Bad Gateway' }, data)).toMatchObject({ action: 'retry', problem: { params: { status: 502, detail: 'Bad Gateway' } } });
  });

  it('names the wrong value behind a 400 "Parameter error" when the caller can tell, else reports the refusal', () => {
    const answer = json(400, { error: 'Parameter error' });
    const blamed: StatProblem = { code: 'pxweb-value-unknown', params: { dimension: 'Alue', value: 'KU999' } };
    expect(classifyPxwebAnswer(answer, { ...data, blame: () => blamed })).toEqual({ action: 'fail', problem: blamed });
    expect(classifyPxwebAnswer(answer, { ...data, blame: () => null })).toEqual({
      action: 'fail',
      problem: { code: 'pxweb-refused', params: { address: ADDRESS, status: 400, detail: 'Parameter error' } },
    });
    expect(classifyPxwebAnswer(json(404, { error: 'Not found' }), data)).toMatchObject({ action: 'fail', problem: { params: { status: 404 } } });
  });
});
