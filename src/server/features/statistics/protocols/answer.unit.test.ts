import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorText, isHtml, matchesWildcard, retryAfterMs } from './answer.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

/** The plain definition, by dynamic programming: slow, obviously right. */
function reference(pattern: string, code: string, question: boolean): boolean {
  const table = Array.from({ length: pattern.length + 1 }, () => new Array<boolean>(code.length + 1).fill(false));
  table[0][0] = true;
  for (let p = 1; p <= pattern.length; p++) {
    const char = pattern[p - 1];
    for (let c = 0; c <= code.length; c++) {
      if (char === '*') table[p][c] = table[p - 1][c] || (c > 0 && table[p][c - 1]);
      else if (c > 0) table[p][c] = table[p - 1][c - 1] && (char === code[c - 1] || (question && char === '?'));
    }
  }
  return table[pattern.length][code.length];
}

describe('matchesWildcard', () => {
  it('matches PxWeb patterns', () => {
    expect(matchesWildcard('*', 'KU091', false)).toBe(true);
    expect(matchesWildcard('KU*', 'KU091', false)).toBe(true);
    expect(matchesWildcard('KU*', 'MK01', false)).toBe(false);
    expect(matchesWildcard('*1', 'MK01', false)).toBe(true);
    expect(matchesWildcard('K?091', 'KU091', true)).toBe(true);
    expect(matchesWildcard('K?091', 'KU091', false)).toBe(false);
  });

  it('property: agrees with the plain definition', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?'), maxLength: 8 });
    fc.assert(
      fc.property(text, fc.string({ unit: fc.constantFrom('a', 'b', '?', '*'), maxLength: 10 }), fc.boolean(), (pattern, code, question) => {
        expect(matchesWildcard(pattern, code, question)).toBe(reference(pattern, code, question));
      }),
      { numRuns: RUNS },
    );
  });

  it('stays linear on a pattern made to backtrack', () => {
    const started = performance.now();
    expect(matchesWildcard(`${'*a'.repeat(2000)}b`, 'a'.repeat(20_000), false)).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('answers', () => {
  const answer = (body: string, contentType = 'application/json') => ({ status: 400, contentType, body });

  it('reads the refusal in each server’s shape', () => {
    expect(errorText(answer('{"error":"Parameter error"}'))).toBe('Parameter error');
    expect(errorText(answer('{"type":"Parameter error","title":"Too many cells selected","detail":"Too many cells selected","status":400}'))).toBe('Too many cells selected');
    expect(errorText(answer('{"title":"Non-existent value","detail":"Value X for variable Y"}'))).toBe('Non-existent value: Value X for variable Y');
    expect(errorText(answer('{"error":[{"status":400,"id":140,"label":"Syntax error"}]}'))).toBe('Syntax error');
    expect(errorText(answer('{"error":{"status":"413","id":"413","label":"EXTRACTION_TOO_BIG: …"}}'))).toBe('EXTRACTION_TOO_BIG: …');
    expect(errorText(answer('API calls quota exceeded! maximum admitted 30 per 10s.', 'text/plain'))).toBe('API calls quota exceeded! maximum admitted 30 per 10s.');
    expect(errorText(answer('<html><body>503</body></html>', 'text/html'))).toBe('');
  });

  it('knows an HTML page by its type or its start', () => {
    expect(isHtml(answer('x', 'text/html; charset=utf-8'))).toBe(true);
    expect(isHtml(answer('\n<!doctype HTML><p>'))).toBe(true);
    expect(isHtml(answer('{"html":"<html>"}'))).toBe(false);
  });

  it('reads Retry-After as seconds or as a date', () => {
    const now = Date.parse('2026-12-04T10:00:00Z');
    expect(retryAfterMs({ ...answer(''), retryAfter: '10' }, now)).toBe(10_000);
    expect(retryAfterMs({ ...answer(''), retryAfter: 'Fri, 04 Dec 2026 10:00:30 GMT' }, now)).toBe(30_000);
    expect(retryAfterMs({ ...answer(''), retryAfter: 'soon' }, now)).toBeNull();
    expect(retryAfterMs(answer(''), now)).toBeNull();
  });
});
