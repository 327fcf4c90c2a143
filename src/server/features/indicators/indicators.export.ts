import type { Readable } from 'node:stream';
import { pickLocalized } from '../../../shared/localized.ts';
import type { Language } from '../../../shared/languages.ts';
import type { Indicator } from '../../../shared/schemas/indicators.ts';
import { csvStream, xlsxStream, type Cell } from '../../lib/tabular.ts';

/** The columns of an indicator's CSV and XLSX: one row per figure, with where it came from. */
function columnsOf(indicator: Indicator): string[] {
  return [
    'indicator',
    'measure',
    'region',
    'region_name',
    'side',
    ...indicator.dimensions.map((dimension) => dimension.code),
    'period',
    'period_start',
    'period_end',
    'value',
    'status',
    'unit',
    'source_table',
    'retrieved_at',
    'vintage',
    'is_demo',
  ];
}

async function* recordsOf(indicator: Indicator, lang: Language): AsyncIterable<Cell[]> {
  const regionName = new Map(indicator.regions.map((region) => [region.code, pickLocalized(region.name, lang)?.text ?? region.code]));
  const sourceBySide = new Map(indicator.sources.map((source) => [source.side, source]));
  const unit = pickLocalized(indicator.unit, lang)?.text ?? null;
  for (const series of indicator.series) {
    const source = sourceBySide.get(series.side);
    for (let index = 0; index < indicator.periods.length; index++) {
      const value = series.values[index];
      const status = series.statuses[index] ?? null;
      if (value === null && status === null) continue;
      const period = indicator.periods[index];
      yield [
        indicator.id,
        indicator.measure,
        series.region,
        regionName.get(series.region) ?? series.region,
        series.side,
        ...indicator.dimensions.map((dimension) => series.kept[dimension.code] ?? null),
        period.code,
        period.start,
        period.end,
        value,
        status,
        unit,
        source?.table.externalId ?? null,
        source?.retrievedAt ?? null,
        source?.vintage ?? null,
        indicator.demo,
      ];
    }
  }
}

export const indicatorCsv = (indicator: Indicator, lang: Language): Promise<Readable> => csvStream(columnsOf(indicator), recordsOf(indicator, lang));
export const indicatorXlsx = (indicator: Indicator, lang: Language): Promise<Readable> =>
  xlsxStream(indicator.id.slice(0, 31), columnsOf(indicator), recordsOf(indicator, lang), { title: `Talsinki: ${pickLocalized(indicator.name, lang)?.text ?? indicator.id}` });
