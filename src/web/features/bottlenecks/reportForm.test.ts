import { describe, expect, it } from 'vitest';
import { chosenFile, chosenFiles, reportBody, reportStatusPath, similarTitle, statusTokenOf } from './reportForm.ts';

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

  it('sends every file chosen with the report, none when the input is left empty', () => {
    expect(chosenFiles(form([['files', new File([], '')]]))).toEqual([]);
    const files = chosenFiles(form([['files', new File(['%PDF'], 'a.pdf')], ['files', new File(['GIF8'], 'b.gif')]]));
    expect(files.map((file) => file.name)).toEqual(['a.pdf', 'b.gif']);
  });

  it('sends an internationalised e-mail address as typed, trimmed, in one Unicode form', () => {
    const decomposed = 'ju\u0308ri@na\u0308ide.ee';
    expect(reportBody(form([['reporterEmail', ` ${decomposed} `]])).reporterEmail).toBe('jüri@näide.ee');
    expect(reportBody(form([['reporterEmail', 'user@bücher.example']])).reporterEmail).toBe('user@bücher.example');
  });

  it('puts the status token in the fragment of the status page, and reads back only what could be one', () => {
    const token = 'aB3_-'.repeat(8);
    expect(reportStatusPath(token)).toBe(`/bottlenecks/status#${token}`);
    expect(statusTokenOf(new URL(reportStatusPath(token), 'https://talsinki.example').hash)).toBe(token);
    expect(statusTokenOf('')).toBeNull();
    expect(statusTokenOf('#short')).toBeNull();
    expect(statusTokenOf(`#${token}/../x`)).toBeNull();
  });
});
