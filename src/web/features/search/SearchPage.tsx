import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Field } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { FoundThrough } from '../../components/FoundThrough.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { matchesById } from '../../components/marks.ts';
import type { SearchVia } from '../../../shared/schemas/search.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useResource } from '../../components/useResource.ts';
import { searchAddress, SEARCH_KINDS, SHOWN_PER_KIND, searchWords, type SearchKind } from './search.ts';

/**
 * One search across the platform (`/search?q=`): the best few matches of each list (bottlenecks,
 * dialogues, recommendations, institutions, datasets), each list's own search asked with the same
 * words and best match first, grouped by kind with its count and a link to all of them there.
 */
export function SearchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = searchWords(params);
  const init = <Q extends object>(query: Q) => (q ? { query: { ...query, q, limit: SHOWN_PER_KIND } } : null);
  const bottlenecks = useResource('/api/bottlenecks', init({ sort: 'relevance' as const }));
  const dialogues = useResource('/api/dialogues', init({ sort: 'relevance' as const }));
  const recommendations = useResource('/api/recommendations', init({ sort: 'relevance' as const }));
  const institutions = useResource('/api/institutions', init({ sort: 'relevance' as const }));
  const datasets = useResource('/api/datasets', init({}));
  const answers = [bottlenecks, dialogues, recommendations, institutions, datasets];
  const loaded = answers.every((answer) => answer.data || answer.error);
  const total = answers.reduce((sum, answer) => sum + (answer.data?.total ?? 0), 0);

  // What each list's search matched, marked in the titles shown, and the glossary's crossings said.
  const found = {
    bottlenecks: matchesById(bottlenecks.data?.matches),
    dialogues: matchesById(dialogues.data?.matches),
    recommendations: matchesById(recommendations.data?.matches),
    institutions: matchesById(institutions.data?.matches),
    datasets: matchesById(datasets.data?.matches),
  };
  const items: Record<SearchKind, { key: string; to?: string; text: ReactNode; ref?: string; via?: SearchVia[] }[]> = {
    bottlenecks: (bottlenecks.data?.items ?? []).map((i) => ({ key: i.id, to: `/bottlenecks/${i.ref}`, ref: i.ref, text: <LocalizedText value={i.title} marks={found.bottlenecks.get(i.id)?.highlights.title} />, via: found.bottlenecks.get(i.id)?.via })),
    dialogues: (dialogues.data?.items ?? []).map((i) => ({ key: i.id, to: `/dialogues/${i.ref}`, ref: i.ref, text: <LocalizedText value={i.title} marks={found.dialogues.get(i.id)?.highlights.title} />, via: found.dialogues.get(i.id)?.via })),
    recommendations: (recommendations.data?.items ?? []).map((i) => ({ key: i.id, to: `/recommendations/${i.ref}`, ref: i.ref, text: <LocalizedText value={i.title} marks={found.recommendations.get(i.id)?.highlights.title} />, via: found.recommendations.get(i.id)?.via })),
    institutions: (institutions.data?.items ?? []).map((i) => ({ key: i.id, text: <LocalizedText value={i.name} marks={found.institutions.get(i.id)?.highlights.name} />, via: found.institutions.get(i.id)?.via })),
    datasets: (datasets.data?.items ?? []).map((i) => ({ key: i.id, to: `/datasets/${i.name}`, text: <LocalizedText value={i.title} marks={found.datasets.get(i.id)?.highlights.title} />, via: found.datasets.get(i.id)?.via })),
  };
  // Nothing anywhere: the first list's correction of the words (each found among what this reader may see).
  const didYouMean = answers.map((answer) => answer.data?.didYouMean).find((words) => words);
  const totals: Record<SearchKind, number | undefined> = {
    bottlenecks: bottlenecks.data?.total,
    dialogues: dialogues.data?.total,
    recommendations: recommendations.data?.total,
    institutions: institutions.data?.total,
    datasets: datasets.data?.total,
  };

  return (
    <div className="page">
      <PageTitle>{q ? t('search:titleFor', { q }) : t('search:title')}</PageTitle>
      <form
        className="form form--inline filters"
        role="search"
        aria-label={t('search:label')}
        key={q}
        onSubmit={(event) => {
          event.preventDefault();
          const words = String(new FormData(event.currentTarget).get('q') ?? '').trim();
          setParams(words ? { q: words } : {});
        }}
      >
        <Field id="search-q" name="q" type="search" label={t('search:query')} defaultValue={q} maxLength={200} />
        <button type="submit" className="button">
          {t('search:submit')}
        </button>
      </form>
      {answers.map((answer, index) => (
        <FormErrors key={SEARCH_KINDS[index]} error={answer.error} />
      ))}
      <p role="status" className="result-count">
        {!q ? t('search:hint') : loaded ? t('search:count', { count: total }) : t('common:loading')}
      </p>
      {q && loaded && total === 0 && (
        <div className="empty-result">
          <p>{t('search:none')}</p>
          {didYouMean && (
            <p>
              {t('common:empty.didYouMean')} <Link to={{ search: new URLSearchParams({ q: didYouMean }).toString() }}>{didYouMean}</Link>
            </p>
          )}
          <ul>
            <li>{t('common:empty.spelling')}</li>
            <li>
              <Link to="/bottlenecks/new">{t('search:report')}</Link>
            </li>
          </ul>
        </div>
      )}
      {q &&
        SEARCH_KINDS.map((kind) => {
          const count = totals[kind];
          if (!count) return null;
          return (
            <section key={kind} className="search-group" aria-labelledby={`search-${kind}`}>
              <h2 id={`search-${kind}`}>
                {t(`search:kinds.${kind}`)} <span className="muted">({count})</span>
              </h2>
              <ul className="search-group__list">
                {items[kind].map((item) => (
                  <li key={item.key}>
                    {item.ref && <span className="bn-ref">{item.ref}</span>} {item.to ? <Link to={item.to}>{item.text}</Link> : item.text}
                    <FoundThrough via={item.via} />
                  </li>
                ))}
              </ul>
              <p>
                <Link to={searchAddress(kind, q)}>{t(`search:all.${kind}`, { count })}</Link>
              </p>
            </section>
          );
        })}
    </div>
  );
}
