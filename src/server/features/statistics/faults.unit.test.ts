import { describe, expect, it } from 'vitest';
import { STAT_ERROR_CODES, type StatProblem } from '../../../shared/problems.ts';
import { StatFault, statEnglish } from './faults.ts';

describe('statEnglish', () => {
  it('words every registered code with every parameter, a reason through its own code', () => {
    const reason = { code: 'empty-body', params: {} } as const;
    for (const [code, names] of Object.entries(STAT_ERROR_CODES)) {
      const params = Object.fromEntries(names.map((name) => [name, name === 'reason' ? reason : `<${name}>`]));
      const english = statEnglish({ code, params } as StatProblem);
      expect(english, code).not.toMatch(/\{\{/);
      for (const name of names) expect(english, `${code} ${name}`).toContain(name === 'reason' ? 'the answer is empty' : `<${name}>`);
    }
  });

  it('gives a fault its problem in English', () => {
    expect(new StatFault({ code: 'px-data-count', params: { expected: 6, found: 5 } }).message).toBe(
      'DATA should hold 6 values (the dimensions multiplied), but it holds 5.',
    );
  });
});
