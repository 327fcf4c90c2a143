import { describe, expect, it } from 'vitest';
import type { StatProblem } from '../../../../shared/problems.ts';
import { StatFault } from '../faults.ts';
import {
  classifyPxweb2Answer, pxweb2ConfigUrl, pxweb2DataRequest, pxweb2MetadataUrl, readPxweb2Config, readPxweb2Metadata, resolvePxweb2Selection,
} from './pxweb2.ts';
import { splitSelection } from './split.ts';

const BASE = 'https://statistikdatabasen.scb.se/api/v2/';

/** The shape of PxWebApi's ExpectedJson/MetadataById_*_js2.json, with figures of our own. */
const METADATA = {
  version: '2.0',
  class: 'dataset',
  label: 'Population by region, observations and year',
  source: 'Statistics Sweden',
  updated: '2025-03-28T08:00:00Z',
  note: ['Figures are for 31 December.'],
  role: { time: ['Tid'], metric: ['ContentsCode'], geo: ['Region'] },
  id: ['Region', 'ContentsCode', 'Tid'],
  size: [3, 2, 4],
  dimension: {
    Region: {
      label: 'region',
      category: { index: { '00': 0, '01': 1, '0114': 2 }, label: { '00': 'Sweden', '01': 'Stockholm county', '0114': 'Upplands Väsby' } },
      extension: { elimination: true, show: 'value', codelists: [] },
    },
    ContentsCode: {
      label: 'observations',
      category: {
        index: ['BE0101N1', 'BE0101N2'],
        label: { BE0101N1: 'Population', BE0101N2: 'Population growth' },
        unit: { BE0101N1: { base: 'number of persons', decimals: 0 }, BE0101N2: { base: 'number of persons', decimals: 0 } },
      },
      extension: { elimination: false, measuringType: ['Stock', 'Flow'] },
    },
    Tid: {
      label: 'year',
      category: { index: { 2021: 0, 2022: 1, 2023: 2, 2024: 3 }, label: { 2021: '2021', 2022: '2022', 2023: '2023', 2024: '2024' } },
      extension: { elimination: false },
    },
  },
  extension: { px: { tableid: 'TAB638', decimals: 0 } },
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

describe('PxWebApi 2.0 /config', () => {
  it('reads the cell limit and the call window', () => {
    expect(pxweb2ConfigUrl(BASE)).toBe('https://statistikdatabasen.scb.se/api/v2/config');
    const config = {
      apiVersion: '2.0.0', languages: [{ id: 'sv', label: 'Svenska' }, { id: 'en', label: 'English' }], defaultLanguage: 'sv',
      maxDataCells: 150000, maxCallsPerTimeWindow: 30, timeWindow: 10, features: [{ id: 'CORS', params: [] }],
    };
    expect(readPxweb2Config(config, pxweb2ConfigUrl(BASE))).toEqual({ maxDataCells: 150000, maxCallsPerTimeWindow: 30, timeWindow: 10, languages: ['sv', 'en'], defaultLanguage: 'sv' });
    expect(faultOf(() => readPxweb2Config({ ...config, maxDataCells: '150000' }, 'x'))).toEqual({
      code: 'pxweb-answer-invalid',
      params: { address: 'x', detail: 'maxDataCells is not a positive whole number' },
    });
  });
});

describe('PxWebApi 2.0 metadata', () => {
  it('reads dimensions with their roles, elimination and the metric’s units', () => {
    expect(pxweb2MetadataUrl(BASE, 'TAB638', 'en')).toBe('https://statistikdatabasen.scb.se/api/v2/tables/TAB638/metadata?lang=en');
    const metadata = readPxweb2Metadata(METADATA, 'en');
    expect(metadata).toMatchObject({ title: { en: METADATA.label }, source: { en: 'Statistics Sweden' }, updated: '2025-03-28T08:00:00Z', notes: [{ en: 'Figures are for 31 December.' }] });
    expect(metadata.dimensions.map(({ code, role, elimination, values }) => ({ code, role, elimination, codes: values.map((value) => value.code) }))).toEqual([
      { code: 'Region', role: 'geo', elimination: true, codes: ['00', '01', '0114'] },
      { code: 'ContentsCode', role: 'metric', elimination: false, codes: ['BE0101N1', 'BE0101N2'] },
      { code: 'Tid', role: 'time', elimination: false, codes: ['2021', '2022', '2023', '2024'] },
    ]);
    expect(metadata.dimensions[1].values[0]).toEqual({ code: 'BE0101N1', label: { en: 'Population' }, unit: { label: { en: 'number of persons' }, decimals: 0 } });
  });

  it('reads a one-category dimension without an index', () => {
    const single = { ...METADATA, id: ['Tid'], size: [1], role: undefined, dimension: { Tid: { label: 'year', category: { label: { 2024: '2024' } } } } };
    expect(readPxweb2Metadata(single, 'en').dimensions[0]).toEqual({ code: 'Tid', label: { en: 'year' }, role: null, elimination: false, values: [{ code: '2024', label: { en: '2024' } }] });
  });

  it('refuses a shape it cannot read as jsonstat-invalid, naming the place', () => {
    expect(faultOf(() => readPxweb2Metadata({ ...METADATA, size: [3, 2] }, 'en'))).toEqual({ code: 'jsonstat-invalid', params: { path: 'size', detail: 'does not have one size per id' } });
    expect(faultOf(() => readPxweb2Metadata({ ...METADATA, size: [3, 2, 5] }, 'en'))).toMatchObject({ params: { path: 'size', detail: 'gives 5 for Tid, which has 4 categories' } });
    expect(faultOf(() => readPxweb2Metadata({ ...METADATA, role: { time: ['Year'] } }, 'en'))).toMatchObject({ params: { path: 'role.time' } });
    const badIndex = structuredClone(METADATA);
    (badIndex.dimension.Region.category.index as Record<string, number>)['0114'] = 0;
    expect(faultOf(() => readPxweb2Metadata(badIndex, 'en'))).toMatchObject({ params: { path: 'dimension.Region.category.index.0114' } });
    expect(faultOf(() => readPxweb2Metadata({ ...METADATA, class: 'collection' }, 'en'))).toMatchObject({ params: { path: 'class' } });
    expect(faultOf(() => readPxweb2Metadata(null, 'en'))).toMatchObject({ params: { path: '(document)' } });
  });
});

describe('resolvePxweb2Selection', () => {
  const { dimensions } = readPxweb2Metadata(METADATA, 'en');
  const values = (valueCodes: string[], variableCode = 'Tid') => resolvePxweb2Selection(dimensions, [{ variableCode, valueCodes }]).find((d) => d.code === variableCode)!.values;

  it('writes codes and expressions out as codes in the table’s order', () => {
    expect(values(['2024', '2021'])).toEqual(['2021', '2024']);
    expect(values(['top(2)'])).toEqual(['2023', '2024']);
    expect(values(['top(2,1)'])).toEqual(['2022', '2023']);
    expect(values(['bottom(1)'])).toEqual(['2021']);
    expect(values(['from(2023)'])).toEqual(['2023', '2024']);
    expect(values(['to(2022)'])).toEqual(['2021', '2022']);
    expect(values(['range(2022,2023)'])).toEqual(['2022', '2023']);
    expect(values(['202?'])).toEqual(['2021', '2022', '2023', '2024']);
    expect(values(['01*'], 'Region')).toEqual(['01', '0114']);
  });

  it('eliminates what may be left out and takes the rest whole', () => {
    expect(resolvePxweb2Selection(dimensions, []).map((d) => [d.code, d.values.length])).toEqual([
      ['ContentsCode', 2],
      ['Tid', 4],
    ]);
  });

  it('names an unknown variable or value', () => {
    expect(faultOf(() => values(['1999']))).toEqual({ code: 'pxweb-value-unknown', params: { dimension: 'Tid', value: '1999' } });
    expect(faultOf(() => values(['range(2024,2021)']))).toEqual({ code: 'pxweb-value-unknown', params: { dimension: 'Tid', value: 'range(2024,2021)' } });
    expect(faultOf(() => values(['top(x)'])).code).toBe('pxweb-value-unknown');
    expect(faultOf(() => resolvePxweb2Selection(dimensions, [{ variableCode: 'Kön', valueCodes: ['1'] }]))).toEqual({ code: 'pxweb-dimension-unknown', params: { dimension: 'Kön' } });
  });
});

describe('pxweb2DataRequest', () => {
  const { dimensions } = readPxweb2Metadata(METADATA, 'en');
  const [batch] = splitSelection(resolvePxweb2Selection(dimensions, [{ variableCode: 'Region', valueCodes: ['01', '0114'] }]), 1000);

  it('asks by GET with valuecodes[VAR]=a,b while the address is short', () => {
    expect(pxweb2DataRequest(BASE, 'TAB638', 'en', batch)).toEqual({
      method: 'GET',
      url: 'https://statistikdatabasen.scb.se/api/v2/tables/TAB638/data?lang=en&outputFormat=json-stat2&valuecodes[Region]=01,0114&valuecodes[ContentsCode]=BE0101N1,BE0101N2&valuecodes[Tid]=2021,2022,2023,2024',
    });
  });

  it('asks by POST with {selection:[{variableCode, valueCodes}]} when the address would be long or a code holds a comma', () => {
    const post = {
      method: 'POST',
      url: 'https://statistikdatabasen.scb.se/api/v2/tables/TAB638/data?lang=en&outputFormat=json-stat2',
      body: {
        selection: [
          { variableCode: 'Region', valueCodes: ['01', '0114'] },
          { variableCode: 'ContentsCode', valueCodes: ['BE0101N1', 'BE0101N2'] },
          { variableCode: 'Tid', valueCodes: ['2021', '2022', '2023', '2024'] },
        ],
      },
    };
    expect(pxweb2DataRequest(BASE, 'TAB638', 'en', batch, 100)).toEqual(post);
    const comma = batch.map((d) => (d.code === 'Region' ? { ...d, values: ['01,02'] } : d));
    expect(pxweb2DataRequest(BASE, 'TAB638', 'en', comma).method).toBe('POST');
  });
});

describe('classifyPxweb2Answer', () => {
  const problem = (status: number, title: string, detail = title) => ({
    status,
    contentType: 'application/problem+json; charset=utf-8',
    body: JSON.stringify({ type: 'Parameter error', title, status, detail }),
  });
  const data = { address: `${BASE}tables/TAB638/data`, cells: 2000, limit: 1800 };
  const split = { action: 'split', problem: { code: 'pxweb-too-many-cells', params: { cells: 2000, limit: 1800 } } };

  it('splits on too many cells, as the spec’s 403 and as the implementation’s 400', () => {
    expect(classifyPxweb2Answer(problem(403, 'Forbidden', 'The query resulted in cell that exceeds the number of allowed'), data)).toEqual(split);
    expect(classifyPxweb2Answer(problem(400, 'Too many cells selected'), data)).toEqual(split);
  });

  it('retries 429, as problem+json or as the rate limiter’s plain text', () => {
    expect(classifyPxweb2Answer({ ...problem(429, 'Too many requests'), retryAfter: '10' }, data)).toMatchObject({ action: 'retry', retryAfterMs: 10_000 });
    expect(classifyPxweb2Answer({ status: 429, contentType: 'text/plain', body: 'API calls quota exceeded!' }, data)).toMatchObject({
      action: 'retry',
      problem: { code: 'pxweb-refused', params: { status: 429, detail: 'API calls quota exceeded!' } },
    });
  });

  it('blames the value behind a non-existent value, and reports other refusals', () => {
    const blamed: StatProblem = { code: 'pxweb-value-unknown', params: { dimension: 'Tid', value: '1999' } };
    expect(classifyPxweb2Answer(problem(400, 'Non-existent value'), { ...data, blame: () => blamed })).toEqual({ action: 'fail', problem: blamed });
    expect(classifyPxweb2Answer(problem(404, 'Non-existent table'), data)).toEqual({
      action: 'fail',
      problem: { code: 'pxweb-refused', params: { address: data.address, status: 404, detail: 'Non-existent table' } },
    });
    expect(classifyPxweb2Answer({ status: 200, contentType: 'application/json', body: '{"class":"dataset"}' }, data)).toEqual({ action: 'ok', json: { class: 'dataset' } });
  });
});
