import { describe, expect, it } from 'vitest';
import { chosenFile, reportBody, similarTitle } from './reportForm.ts';

const form = (entries: [string, string | File][]) => {
  const data = new FormData();
  for (const [key, value] of entries) data.append(key, value);
  return data;
};

describe('the report form', () => {
  it('looks similar reports up only once the title says enough, by the trimmed title cut at 200', () => {
    expect(similarTitle('')).toBeNull();
    expect(similarTitle('   Ferry   ')).toBeNull();
    expect(similarTitle('Ferry ti')).toBe('Ferry ti');
    expect(similarTitle('  Ferry tickets  ')).toBe('Ferry tickets');
    expect(similarTitle(`  ${'x'.repeat(300)}`)).toBe('x'.repeat(200));
  });

  it('files what was filled in and leaves out what was left empty', () => {
    const full = reportBody(form([
      ['title', 'Ferry tickets'], ['description', 'Cannot buy'], ['language', 'en'], ['domain', 'mobility'],
      ['topics', 'payments'], ['topics', 'identity'], ['countries', 'FI'], ['countries', 'EE'], ['situation', ''],
      ['institutionId', ' '], ['serviceName', 'Ferry shop'], ['affectedEstimate', ' 1200 '],
      ['evidenceLinks', ' https://a.example/1 \n\n https://b.example/2 '], ['reporterEmail', ''],
    ]));
    expect(full).toEqual({
      title: 'Ferry tickets', description: 'Cannot buy', language: 'en', domain: 'mobility', topics: ['payments', 'identity'], countries: ['FI', 'EE'],
      situation: undefined, institutionId: undefined, serviceName: 'Ferry shop', affectedEstimate: 1200,
      evidenceLinks: ['https://a.example/1', 'https://b.example/2'], reporterEmail: undefined,
    });
    const bare = reportBody(form([['title', 'x'], ['description', 'y'], ['language', 'fi'], ['evidenceLinks', '  '], ['affectedEstimate', '']]));
    expect(bare).toMatchObject({ domain: undefined, topics: [], countries: [], affectedEstimate: undefined, evidenceLinks: undefined });
  });

  it('attaches a file only when one was chosen', () => {
    expect(chosenFile(form([]))).toBeNull();
    expect(chosenFile(form([['file', new File([], '')]]))).toBeNull();
    const file = new File(['%PDF'], 'a.pdf');
    expect(chosenFile(form([['file', file]]))?.name).toBe('a.pdf');
  });
});
