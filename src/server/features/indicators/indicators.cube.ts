import { pickLocalized, type LocalizedTextValue } from '../../../shared/localized.ts';
import type { Language } from '../../../shared/languages.ts';
import type { Indicator } from '../../../shared/schemas/indicators.ts';
import { cellCount, strides, type Cube, type CubeDimension, type SourceText } from '../statistics/cube.ts';

const MEASURE_LABELS: Record<Indicator['measure'], Record<Language, string>> = {
  absolute: { en: 'Value', fi: 'Arvo', et: 'Väärtus', sv: 'Värde', ru: 'Значение' },
  'per-capita': { en: 'Per inhabitants', fi: 'Asukasta kohti', et: 'Elaniku kohta', sv: 'Per invånare', ru: 'На жителей' },
  index: { en: 'Index', fi: 'Indeksi', et: 'Indeks', sv: 'Index', ru: 'Индекс' },
};

const DIMENSION_LABELS = {
  region: { en: 'Region', fi: 'Alue', et: 'Piirkond', sv: 'Område', ru: 'Регион' },
  time: { en: 'Period', fi: 'Ajanjakso', et: 'Periood', sv: 'Period', ru: 'Период' },
  measure: { en: 'Measure', fi: 'Mittari', et: 'Näitaja', sv: 'Mått', ru: 'Показатель' },
} satisfies Record<string, Record<Language, string>>;

const textIn = (lang: Language) => (text: LocalizedTextValue | SourceText | null | undefined, fallback: string): SourceText => ({
  [lang]: (text && (pickLocalized(text as LocalizedTextValue, lang)?.text ?? Object.values(text)[0])) || fallback,
});

/** The name of the measure an indicator is shown in, with its base or scale. */
export function measureLabel(indicator: Indicator, lang: Language): string {
  const label = pickLocalized(MEASURE_LABELS[indicator.measure], lang)!.text;
  if (indicator.measure === 'index' && indicator.base) return `${label} (${indicator.base} = 100)`;
  if (indicator.measure === 'per-capita' && indicator.perCapita) return `${label}: ${indicator.perCapita.scale}`;
  return label;
}

/**
 * An indicator as one table in one language: region × the kept dimensions × time × measure, the
 * region and time roles marked, the unit and decimals on the measure's one value. The JSON-stat,
 * PxWeb and PC-Axis answers are all written from this.
 */
export function indicatorCube(indicator: Indicator, lang: Language): Cube {
  const text = textIn(lang);
  const regionCodes = new Set(indicator.series.map((series) => series.region));
  const regions = indicator.regions.filter((region) => regionCodes.has(region.code));
  const dimensions: CubeDimension[] = [
    {
      code: 'region',
      label: text(DIMENSION_LABELS.region, 'region'),
      role: 'geo',
      elimination: false,
      values: regions.map((region) => ({ code: region.code, label: text(region.name, region.code), ...(region.parent && regionCodes.has(region.parent) ? { parent: region.parent } : {}) })),
    },
    ...indicator.dimensions.map((dimension): CubeDimension => ({
      code: dimension.code,
      label: text(dimension.label, dimension.code),
      role: null,
      values: dimension.values.map((value) => ({ code: value.code, label: text(value.label, value.code) })),
    })),
    { code: 'time', label: text(DIMENSION_LABELS.time, 'time'), role: 'time', values: indicator.periods.map((period) => ({ code: period.code, label: { [lang]: period.code } })) },
    {
      code: 'measure',
      label: text(DIMENSION_LABELS.measure, 'measure'),
      role: 'metric',
      elimination: false,
      values: [{ code: indicator.measure, label: { [lang]: measureLabel(indicator, lang) }, unit: { ...(indicator.unit && indicator.measure === 'absolute' ? { label: text(indicator.unit, '') } : {}), decimals: indicator.decimals } }],
    },
  ];
  const values = new Float64Array(cellCount(dimensions)).fill(Number.NaN);
  const statuses = new Map<number, string>();
  const step = strides(dimensions);
  const position = (dimension: number, code: string) => dimensions[dimension].values.findIndex((value) => value.code === code);
  const timeAt = dimensions.length - 2;
  for (const series of indicator.series) {
    let base = position(0, series.region) * step[0];
    indicator.dimensions.forEach((dimension, k) => (base += position(k + 1, series.kept[dimension.code] ?? '') * step[k + 1]));
    if (base < 0) continue;
    series.values.forEach((value, t) => {
      const cell = base + t * step[timeAt];
      if (value !== null) values[cell] = value;
      const status = series.statuses[t];
      if (status) statuses.set(cell, status);
    });
  }
  return {
    id: indicator.id,
    title: text(indicator.name, indicator.id),
    languages: [lang],
    dimensions,
    values,
    statuses,
    notes: indicator.notes ? [text(indicator.notes, '')] : [],
    source: { [lang]: [...new Set(indicator.sources.map((source) => source.source.name))].join('; ') || 'Talsinki' },
    ...(indicator.updated ? { updated: indicator.updated } : {}),
    decimals: indicator.decimals,
  };
}
