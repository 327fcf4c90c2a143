import { describe, expect, it } from 'vitest';
import { periodAddress, periodOf, quarterShortcuts, reportFiles, todayUtc } from './period.ts';

describe('the progress report page\'s period', () => {
  it('reads the period from the address, or takes this quarter when none is named', () => {
    expect(periodOf(new URLSearchParams('from=2026-07-01&to=2026-09-30'), '2026-12-04')).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(periodOf(new URLSearchParams(''), '2026-12-04')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    // Half a period goes to the server as it is, which names the day missing.
    expect(periodOf(new URLSearchParams('from=2026-07-01'), '2026-12-04')).toEqual({ from: '2026-07-01', to: '' });
  });

  it('offers this quarter and the last one, across a year\'s turn', () => {
    expect(quarterShortcuts('2026-02-10').map((q) => [q.key, q.from, q.to, q.quarter, q.year])).toEqual([
      ['thisQuarter', '2026-01-01', '2026-03-31', 1, 2026],
      ['lastQuarter', '2025-10-01', '2025-12-31', 4, 2025],
    ]);
    expect(periodAddress({ from: '2026-01-01', to: '2026-03-31' })).toBe('/reports/progress?from=2026-01-01&to=2026-03-31');
  });

  it('links the PDF and the printable page in each language, and the data', () => {
    const files = reportFiles({ from: '2026-07-01', to: '2026-09-30' });
    expect(files.map((f) => f.href)).toEqual([
      '/api/reports/progress?from=2026-07-01&to=2026-09-30&format=pdf&lang=fi',
      '/api/reports/progress?from=2026-07-01&to=2026-09-30&format=pdf&lang=et',
      '/api/reports/progress?from=2026-07-01&to=2026-09-30&format=pdf&lang=en',
      '/api/reports/progress?from=2026-07-01&to=2026-09-30&format=pdf&lang=sv',
      '/api/reports/progress?from=2026-07-01&to=2026-09-30&format=pdf&lang=ru',
      '/api/reports/progress?from=2026-07-01&to=2026-09-30&format=html&lang=fi',
      '/api/reports/progress?from=2026-07-01&to=2026-09-30&format=html&lang=et',
      '/api/reports/progress?from=2026-07-01&to=2026-09-30&format=html&lang=en',
      '/api/reports/progress?from=2026-07-01&to=2026-09-30&format=html&lang=sv',
      '/api/reports/progress?from=2026-07-01&to=2026-09-30&format=html&lang=ru',
      '/api/reports/progress?from=2026-07-01&to=2026-09-30&format=json',
    ]);
    expect(todayUtc(new Date('2026-12-31T23:30:00-02:00'))).toBe('2027-01-01');
  });
});
