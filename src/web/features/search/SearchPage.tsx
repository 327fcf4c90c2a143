import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Field } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
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

  const items: Record<SearchKind, { key: string; to?: string; text: ReactNode; ref?: string }[]> = {
    bottlenecks: (bottlenecks.data?.items ?? []).map((i) => ({ key: i.id, to: `/bottlenecks/${i.ref}`, ref: i.ref, text: <LocalizedText value={i.title} /> })),
    dialogues: (dialogues.data?.items ?? []).map((i) => ({ key: i.id, to: `/dialogues/${i.ref}`, ref: i.ref, text: <LocalizedText value={i.title} /> })),
    recommendations: (recommendations.data?.items ?? []).map((i) => ({ key: i.id, to: `/recommendations/${i.ref}`, ref: i.ref, text: <LocalizedText value={i.title} /> })),
    institutions: (institutions.data?.items ?? []).map((i) => ({ key: i.id, text: <LocalizedText value={i.name} /> })),
    datasets: (datasets.data?.items ?? []).map((i) => ({ key: i.id, to: `/datasets/${i.name}`, text: <LocalizedText value={i.title} /> })),
  };
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
