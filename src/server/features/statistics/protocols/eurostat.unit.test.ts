import { describe, expect, it } from 'vitest';
import { classifyEurostatAnswer, eurostatBatchQuery, eurostatDataUrl } from './eurostat.ts';
import { splitSelection } from './split.ts';

const DATASET = 'demo_r_pjangrp3';
const context = { dataset: DATASET, address: `https://ec.europa.eu/eurostat/api/dissemination/statistics/1.0/data/${DATASET}` };
const json = (status: number, body: unknown) => ({ status, contentType: 'application/json', body: JSON.stringify(body) });

describe('eurostatDataUrl', () => {
  it('writes the dataset address with repeated filters in the order given', () => {
    expect(
      eurostatDataUrl({ dataset: DATASET, filters: { geo: ['FI1B1', 'EE001'], sex: ['T'], age: ['TOTAL'], unit: ['NR'] }, sinceTimePeriod: '2015' }),
    ).toBe(`${context.address}?format=JSON&lang=EN&geo=FI1B1&geo=EE001&sex=T&age=TOTAL&unit=NR&sinceTimePeriod=2015`);
    expect(eurostatDataUrl({ dataset: 'migr_imm5prv', lang: 'DE', lastTimePeriod: 3 }, 'http://127.0.0.1:9/eurostat/')).toBe(
      'http://127.0.0.1:9/eurostat/statistics/1.0/data/migr_imm5prv?format=JSON&lang=DE&lastTimePeriod=3',
    );
  });

  it('asks for one batch of a split selection by its dimensions', () => {
    const selection = [
      { code: 'geo', role: 'geo' as const, values: ['FI1B1', 'EE001'] },
      { code: 'time', role: 'time' as const, values: ['2022', '2023', '2024'] },
    ];
    const batches = splitSelection(selection, 3);
    expect(batches.map((batch) => eurostatDataUrl(eurostatBatchQuery(DATASET, batch)).split('?')[1])).toEqual([
      'format=JSON&lang=EN&geo=FI1B1&geo=EE001&time=2022',
      'format=JSON&lang=EN&geo=FI1B1&geo=EE001&time=2023',
      'format=JSON&lang=EN&geo=FI1B1&geo=EE001&time=2024',
    ]);
  });
});

describe('classifyEurostatAnswer', () => {
  const dataset = { version: '2.0', class: 'dataset', id: ['geo', 'time'], size: [1, 2], value: { 1: 1_690_000 }, status: { 0: ':' } };

  it('reads a sparse JSON-stat answer', () => {
    expect(classifyEurostatAnswer(json(200, dataset), context)).toEqual({ action: 'ok', json: dataset });
  });

  it('reports a dataset with no figure as eurostat-no-data', () => {
    const none = { action: 'fail', problem: { code: 'eurostat-no-data', params: { dataset: DATASET } } };
    expect(classifyEurostatAnswer(json(200, { ...dataset, value: {} }), context)).toEqual(none);
    expect(classifyEurostatAnswer(json(200, { ...dataset, value: [null, null] }), context)).toEqual(none);
    expect(classifyEurostatAnswer(json(400, { error: [{ status: 400, id: 100, label: 'No results found' }] }), context)).toEqual(none);
  });

  it('waits for an asynchronous answer, whether 413 or a 200 warning', () => {
    const notReady = { action: 'retry', problem: { code: 'eurostat-not-ready', params: { dataset: DATASET } }, retryAfterMs: null };
    expect(classifyEurostatAnswer(json(413, { error: [{ status: 413, id: 413, label: 'ASYNCHRONOUS_RESPONSE. Your request will be treated asynchronously.' }] }), context)).toEqual(notReady);
    expect(classifyEurostatAnswer(json(200, { warning: { status: 413, label: 'ASYNCHRONOUS_RESPONSE' } }), context)).toEqual(notReady);
  });

  it('splits an extraction that is too big (413) or asks for too many categories (416)', () => {
    const split = { action: 'split', problem: { code: 'eurostat-too-big', params: { dataset: DATASET } } };
    const label = 'EXTRACTION_TOO_BIG: The requested extraction is too big, estimated 7644780 rows, max authorised is 5000000, please change your filters';
    expect(classifyEurostatAnswer(json(413, { error: { status: '413', id: '413', label } }), context)).toEqual(split);
    expect(classifyEurostatAnswer(json(416, { error: [{ status: 416, label: 'Too many categories have been requested. Maximum is 50' }] }), context)).toEqual(split);
  });

  it('refuses syntax and semantic faults and unknown datasets, with Eurostat’s words', () => {
    expect(classifyEurostatAnswer(json(400, { error: [{ status: 400, id: 140, label: 'Syntax error' }] }), context)).toEqual({
      action: 'fail',
      problem: { code: 'eurostat-refused', params: { dataset: DATASET, status: 400, detail: 'Syntax error' } },
    });
    expect(classifyEurostatAnswer(json(400, { error: [{ status: 400, id: 150, label: 'Semantic error' }] }), context)).toMatchObject({ action: 'fail', problem: { params: { detail: 'Semantic error' } } });
    expect(classifyEurostatAnswer(json(404, { error: [{ status: 404, id: 100, label: 'No results found' }] }), context)).toMatchObject({
      action: 'fail',
      problem: { code: 'eurostat-refused', params: { status: 404 } },
    });
  });

  it('retries 5xx, maintenance pages and bodies cut short', () => {
    expect(classifyEurostatAnswer(json(500, { error: [{ status: 500, label: 'Internal error' }] }), context)).toMatchObject({ action: 'retry', problem: { code: 'eurostat-refused' } });
    expect(classifyEurostatAnswer({ status: 200, contentType: 'text/html', body: '<html lang="en" class="no-js">' }, context)).toMatchObject({
      action: 'retry',
      problem: { code: 'pxweb-html-answer' },
    });
    expect(classifyEurostatAnswer({ status: 200, contentType: 'application/json', body: '{"version":"2.0","value":{"1":' }, context)).toMatchObject({
      action: 'retry',
      problem: { code: 'source-unreadable', params: { reason: { code: 'not-json' } } },
    });
  });
});
