import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { COMPARE_MAX, COMPARE_MIN } from '../../../shared/schemas/regions.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import type { GetAnswer } from '../../app/api.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { useResource } from '../../components/useResource.ts';
import { canCompare, citationNumbers, figureKinds, idsOf } from './regions.ts';
import { Cites, useCountryName, useFigureText, useLanguageName, useYearText, type RegionDetail } from './parts.tsx';

type Comparison = GetAnswer<'/api/regions/compare'>;

/** Two to four regions side by side: regions as columns, fields as rows, each value with its citations. */
export function ComparePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const ids = idsOf(params.get('ids'));
  const all = useResource('/api/regions', { query: { limit: 100 } });
  const ready = canCompare(ids.length);
  const { data, error } = useResource('/api/regions/compare', ready ? { query: { ids: ids.join(',') } } : null);
  return (
    <div className="page">
      <PageTitle>{t('regions:compare.title')}</PageTitle>
      <p>
        <Link to="/regions">{t('regions:back')}</Link>
      </p>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          const chosen = new FormData(event.currentTarget).getAll('ids').map(String);
          setParams(chosen.length ? { ids: chosen.join(',') } : {});
        }}
        key={ids.join(',')}
      >
        <fieldset>
          <legend>{t('regions:compare.legend', { min: COMPARE_MIN, max: COMPARE_MAX })}</legend>
          <ul className="choice-list">
            {all.data?.items.map((region) => (
              <li key={region.id}>
                <input type="checkbox" name="ids" value={region.slug} id={`cmp-${region.slug}`} defaultChecked={ids.includes(region.slug) || ids.includes(region.id)} />
                <label htmlFor={`cmp-${region.slug}`}>
                  <LocalizedText value={region.name} />
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <button type="submit" className="button">
          {t('regions:compare.button')}
        </button>
      </form>
      {!ready && (
        <p role="status" className="muted">
          {t('regions:compare.pick', { min: COMPARE_MIN, max: COMPARE_MAX })}
        </p>
      )}
      <FormErrors error={error} />
      {ready && data && <CompareTable comparison={data} />}
    </div>
  );
}

function CompareTable({ comparison }: { comparison: Comparison }) {
  const { t, i18n } = useTranslation();
  const countryName = useCountryName();
  const languageName = useLanguageName();
  const figureText = useFigureText();
  const yearText = useYearText();
  const regions = comparison.regions;
  const numbers = new Map(regions.map((r) => [r.id, citationNumbers(r.sources)]));
  const unknown = <span className="muted">{t('regions:unknown')}</span>;
  const row = (label: string, cell: (region: RegionDetail) => ReactNode, field?: string) => (
    <tr key={label}>
      <th scope="row">{label}</th>
      {regions.map((region) => (
        <td key={region.id}>
          {cell(region)}
          {field && <Cites numbers={numbers.get(region.id)!} ids={region.fieldSources[field]} page={`/regions/${region.slug}`} />}
        </td>
      ))}
    </tr>
  );
  const loc = (value: RegionDetail['seat']) => (value ? <LocalizedText value={value} /> : unknown);
  return (
    <>
      <h2>{t('regions:compare.table')}</h2>
      <ScrollRegion label={t('regions:compare.table')}>
        <table className="matrix compare-table">
          <thead>
            <tr>
              <th scope="col">{t('regions:compare.field')}</th>
              {regions.map((region) => (
                <th scope="col" key={region.id}>
                  <Link to={`/regions/${region.slug}`}>
                    <LocalizedText value={region.name} />
                  </Link>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {row(t('regions:field.countries'), (r) => r.countries.map(countryName).join(', '), 'countries')}
            {row(t('regions:field.founded'), (r) => r.foundedOn ?? r.foundedYear ?? unknown, 'founded')}
            {row(t('regions:field.legalForm'), (r) => (r.legalForm ? t(`regions:legalForm.${r.legalForm}`) : t('regions:legalFormUnsettled')), 'legalForm')}
            {row(t('regions:field.legalFormNote'), (r) => loc(r.legalFormNote))}
            {row(t('regions:field.foundingBasis'), (r) => loc(r.foundingBasis), 'foundingBasis')}
            {row(t('regions:field.seat'), (r) => loc(r.seat), 'seat')}
            {row(t('regions:field.secretariat'), (r) => loc(r.secretariat), 'secretariat')}
            {row(t('regions:field.themes'), (r) => (r.themes.length ? r.themes.map((th) => t(`regions:theme.${th}`, { defaultValue: th })).join(', ') : unknown), 'themes')}
            {row(t('regions:field.languages'), (r) => (r.languages.length ? r.languages.map(languageName).join(', ') : unknown), 'languages')}
            {figureKinds(regions).map((kind) =>
              row(t(`regions:figureKind.${kind}`), (r) => {
                const figures = r.figures.filter((f) => f.kind === kind);
                if (figures.length === 0) return unknown;
                return (
                  <ul className="plain">
                    {figures.map((f) => (
                      <li key={f.id}>
                        {figureText(f)} ({yearText(f)}){f.label && <> · <LocalizedText value={f.label} /></>}
                        <Cites numbers={numbers.get(r.id)!} ids={f.sourceIds} page={`/regions/${r.slug}`} />
                      </li>
                    ))}
                  </ul>
                );
              }),
            )}
            {row(t('regions:members.title'), (r) => t('regions:compare.countOf', { count: r.members.length }))}
            {row(t('regions:bodies.title'), (r) => (r.bodies.length ? r.bodies.map((b, at) => <span key={b.id}>{at > 0 && ', '}<LocalizedText value={b.name} /></span>) : unknown))}
            {row(t('regions:lessons.title'), (r) => t('regions:compare.countOf', { count: r.lessons.length }))}
            {comparison.criteria.map((c) =>
              row(t('regions:compare.scoreOn', { name: pickLocalized(c.name, i18n.language as ContentLanguage)?.text ?? c.key }), (r) => {
                const score = r.scores.find((s) => s.criterionId === c.id);
                return score ? t('regions:scores.outOf', { score: score.score, min: c.scaleMin, max: c.scaleMax }) : unknown;
              }),
            )}
          </tbody>
        </table>
      </ScrollRegion>
    </>
  );
}
