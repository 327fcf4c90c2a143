import { useTranslation } from 'react-i18next';
import { ScrollRegion } from '../ScrollRegion.tsx';
import type { ChartData } from './chartModel.ts';

export interface FigureTexts {
  /** A figure as the reader's language writes it, with the chart's decimals. */
  formatValue(value: number): string;
  /** What a source's symbol means ("provisional"), for the table's key and the spoken figure. */
  describeStatus(symbol: string): string;
}

/** The symbols the figures carry, each once, in the order met. */
export function symbolsOf(data: ChartData): string[] {
  return [...new Set(data.series.flatMap((one) => Object.values(one.statuses)))];
}

/**
 * The chart's figures as a table, its equivalent for screen readers and keyboards: periods as
 * rows, series as columns, each header scoped; a figure's symbol shown beside it and said in
 * words, the symbols explained under the table.
 */
export function ChartTable({ data, caption, texts }: { data: ChartData; caption: string; texts: FigureTexts }) {
  const { t } = useTranslation();
  const symbols = symbolsOf(data);
  return (
    <>
      <ScrollRegion label={caption}>
        <table className="chart-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t('charts:period')}</th>
              {data.series.map((one) => (
                <th scope="col" key={one.key} className="num">
                  {one.label} <span className="chart-table__group">{one.groupLabel}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.periods.map((period, row) => (
              <tr key={period.start}>
                <th scope="row">{period.label}</th>
                {data.series.map((one) => {
                  const value = one.values[row];
                  const status = one.statuses[row];
                  return (
                    <td key={one.key} className="num">
                      {value === null ? (
                        !status && (
                          <>
                            <span aria-hidden="true">–</span>
                            <span className="visually-hidden">{t('charts:noFigure')}</span>
                          </>
                        )
                      ) : (
                        texts.formatValue(value)
                      )}
                      {status && (
                        <>
                          {value !== null && ' '}
                          <span className="chart-table__status" aria-hidden="true">
                            {status}
                          </span>
                          <span className="visually-hidden"> ({texts.describeStatus(status)})</span>
                        </>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {symbols.length > 0 && (
        <div className="chart-table__key">
          <p>{t('charts:symbols')}</p>
          <dl>
            {symbols.map((symbol) => (
              <div key={symbol}>
                <dt>{symbol}</dt>
                <dd>{texts.describeStatus(symbol)}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
    </>
  );
}
