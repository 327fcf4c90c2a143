import { useTranslation } from 'react-i18next';
import type { GetAnswer } from '../../app/api.ts';
import { Cites as CitationLinks } from '../../components/Cites.tsx';

export type RegionDetail = GetAnswer<'/api/regions/{id}'>;
export type RegionFigure = RegionDetail['figures'][number];

/** A country's name in the reader's language (`FI` → Suomi), from the browser's own tables. */
export function useCountryName() {
  const { i18n } = useTranslation();
  const names = new Intl.DisplayNames([i18n.language], { type: 'region' });
  return (code: string) => names.of(code) ?? code;
}

/** A language's name in the reader's language (`fit` → meänkieli), from the browser's own tables. */
export function useLanguageName() {
  const { i18n } = useTranslation();
  const names = new Intl.DisplayNames([i18n.language], { type: 'language' });
  return (code: string) => names.of(code) ?? code;
}

/** A figure as a sentence part: "about 2,100,000 people (2019)", the year said missing when the source gives none. */
export function useFigureText() {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 });
  return (figure: Pick<RegionFigure, 'value' | 'unit' | 'qualifier'>) => {
    const value = `${number.format(figure.value)} ${t(`regions:unit.${figure.unit}`, { defaultValue: figure.unit })}`;
    return figure.qualifier === 'exact' ? value : t(`regions:qualifier.${figure.qualifier}`, { value });
  };
}

export function useYearText() {
  const { t } = useTranslation();
  return (figure: Pick<RegionFigure, 'year' | 'periodFrom' | 'periodTo'>) => {
    if (figure.periodFrom !== null && figure.periodTo !== null) return `${figure.periodFrom}–${figure.periodTo}`;
    if (figure.periodFrom !== null) return t('regions:since', { year: figure.periodFrom });
    return figure.year === null ? t('regions:noYear') : String(figure.year);
  };
}

/** Numbered citations linking to the source list (`#source-<n>`), on this page or on the region's page `page`. */
export function Cites({ numbers, ids, page = '' }: { numbers: ReadonlyMap<string, number>; ids: readonly string[] | undefined; page?: string }) {
  const { t } = useTranslation();
  return <CitationLinks numbers={numbers} keys={ids} href={(n) => `${page}#source-${n}`} label={(n) => t('regions:citeLabel', { n })} />;
}
