import type { Language } from '../../../shared/languages.ts';
import type { Indicator } from '../../../shared/schemas/indicators.ts';
import { writeJsonStatString } from '../statistics/formats/jsonstat.write.ts';
import { indicatorCube } from './indicators.cube.ts';

/**
 * An indicator as a JSON-stat 2.0 dataset in one language: its cube, and in `extension` where each
 * side's figures came from (table, requests, retrieval, vintage) and what Talsinki knows of it.
 */
export async function indicatorJsonStat(indicator: Indicator, lang: Language, publicUrl: string): Promise<string> {
  const address = `${publicUrl}/api/indicators/${indicator.id}`;
  const view = new URLSearchParams({ lang, measure: indicator.measure, ...(indicator.base ? { base: indicator.base } : {}) }).toString();
  return writeJsonStatString(indicatorCube(indicator, lang), {
    language: lang,
    version: 2,
    href: `${address}.json?${view}`,
    link: {
      alternate: [
        { type: 'text/csv', href: `${address}.csv?${view}` },
        { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', href: `${address}.xlsx?${view}` },
        { type: 'text/html', href: `${publicUrl}/indicators/${indicator.id}` },
      ],
    },
    extension: {
      source: indicator.sources.map((source) => ({
        side: source.side,
        source: source.source.name,
        table: source.table.externalId,
        requests: source.requests,
        retrievedAt: source.retrievedAt,
        sourceUpdated: source.sourceUpdated,
        vintage: source.vintage,
        vintages: source.vintages,
      })),
      talsinki: { id: indicator.id, domain: indicator.domain, frequency: indicator.frequency, measure: indicator.measure, base: indicator.base, demo: indicator.demo },
    },
  });
}
