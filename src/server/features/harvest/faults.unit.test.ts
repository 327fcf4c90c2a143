import { describe, expect, it } from 'vitest';
import { HARVEST_ERROR_CODES, HARVEST_REASON_CODES, type HarvestProblem } from '../../../shared/problems.ts';
import { englishOf } from './faults.ts';
import { FetchFault, reasonOf } from '../../lib/fetchFault.ts';

describe('englishOf', () => {
  it('words a code and its parameters from the English texts, a reason through its own code', () => {
    const problem: HarvestProblem = { code: 'page-unreadable', params: { page: 3, reason: { code: 'http-status', params: { status: 502 } } } };
    expect(englishOf(problem)).toBe('Page 3 could not be read: the server answered HTTP 502');
    expect(englishOf({ code: 'record-not-object', params: { page: 1, position: 1 } })).toBe('Record 1 on page 1 is not an object.');
  });

  it('has an English text for every registered code, using every parameter', () => {
    const reason = { code: 'empty-body', params: {} } as const;
    for (const [code, names] of [...Object.entries(HARVEST_ERROR_CODES), ...Object.entries(HARVEST_REASON_CODES)]) {
      const params = Object.fromEntries(names.map((name) => [name, name === 'reason' ? reason : `<${name}>`]));
      const english = englishOf({ code, params } as HarvestProblem);
      expect(english, code).not.toBe(code);
      expect(english, code).not.toMatch(/\{\{/);
      for (const name of names) expect(english, `${code} ${name}`).toContain(name === 'reason' ? 'the answer is empty' : `<${name}>`);
    }
  });

  it('gives a fault its reason in English, and quotes any other error as unexpected', () => {
    expect(new FetchFault({ code: 'not-ckan', params: {} }).message).toBe('the answer is not an answer of the CKAN API');
    expect(reasonOf(new Error('boom'))).toEqual({ code: 'unexpected', params: { detail: 'boom' } });
  });
});
