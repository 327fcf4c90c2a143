import { describe, expect, it } from 'vitest';
import { fillTemplate, FetchFault, reasonEnglish, reasonOf } from './fetchFault.ts';

describe('fetch faults', () => {
  it('word a reason in English from its registered text', () => {
    expect(reasonEnglish({ code: 'timeout', params: { ms: 20000 } })).toMatch(/20000/);
    const fault = new FetchFault({ code: 'http-status', params: { status: 502 } });
    expect(fault.message).toBe('the server answered HTTP 502');
    expect(reasonOf(fault)).toEqual({ code: 'http-status', params: { status: 502 } });
    expect(reasonOf('boom')).toEqual({ code: 'unexpected', params: { detail: 'boom' } });
  });

  it('fill the text of a feature: values, a reason worded through its code, and placeholders without a value left as they are', () => {
    const text = fillTemplate('Table {{table}} ({{cells}} cells): {{reason}}; {{missing}}', { table: 'vaerak', cells: 12, reason: { code: 'http-status', params: { status: 503 } }, missing: { not: 'text' } });
    expect(text).toBe('Table vaerak (12 cells): the server answered HTTP 503; {{missing}}');
  });
});
