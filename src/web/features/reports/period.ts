import { quarterOf, type Period } from '../../../shared/periods.ts';
import { UI_LANGUAGES, type Language } from '../../../shared/languages.ts';
import { apiHref } from '../../app/api.ts';

/** Today as the plan counts days (UTC), as the server does. */
export const todayUtc = (now = new Date()) => now.toISOString().slice(0, 10);

/**
 * The period the address names: `from` and `to` as typed (the server judges them and names what
 * is wrong), or this quarter when neither is there.
 */
export function periodOf(params: URLSearchParams, today: string): { from: string; to: string } {
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  if (!from && !to) {
    const quarter = quarterOf(today);
    return { from: quarter.from, to: quarter.to };
  }
  return { from, to };
}

/** This quarter and the last one, as the picker's shortcuts offer them. */
export function quarterShortcuts(today: string) {
  return (['thisQuarter', 'lastQuarter'] as const).map((key, i) => ({ key, ...quarterOf(today, -i) }));
}

/** The address of a period's page. */
export const periodAddress = (period: Period) => `/reports/progress?${new URLSearchParams({ from: period.from, to: period.to })}`;

/** The report as files: a PDF and a printable page in each language, and the data as JSON. */
export function reportFiles(period: Period): { format: 'pdf' | 'html' | 'json'; lang?: Language; href: string }[] {
  const href = (format: 'pdf' | 'html' | 'json', lang?: Language) => apiHref('/api/reports/progress', { query: { from: period.from, to: period.to, format, ...(lang ? { lang } : {}) } });
  return [
    ...UI_LANGUAGES.map((lang) => ({ format: 'pdf' as const, lang, href: href('pdf', lang) })),
    ...UI_LANGUAGES.map((lang) => ({ format: 'html' as const, lang, href: href('html', lang) })),
    { format: 'json' as const, href: href('json') },
  ];
}
