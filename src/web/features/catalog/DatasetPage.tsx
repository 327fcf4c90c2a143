import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import type { DatasetDetail } from '../../../shared/schemas/catalog.ts';
import { DetailProblem } from '../../components/DetailProblem.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { ContentTitle } from '../../components/PageTitle.tsx';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { useResource } from '../../components/useResource.ts';
import { useDate } from '../bottlenecks/labels.tsx';
import { TraceChain } from '../trace/TraceChain.tsx';
import { DatasetEditorPanel } from './DatasetEditorPanel.tsx';
import { DatasetFacts } from './DatasetFacts.tsx';
import { DistributionList } from './DistributionList.tsx';
import { EvidencePanel } from './EvidencePanel.tsx';
import { ProvenanceBox } from './ProvenanceBox.tsx';
import { WithdrawnBadge } from './labels.tsx';

const RDF_FILES = [
  { extension: 'ttl', name: 'Turtle' },
  { extension: 'jsonld', name: 'JSON-LD' },
  { extension: 'rdf', name: 'RDF/XML' },
] as const;

/** One dataset (`/datasets/:id`, by id or short name): its description, files, provenance, and what it is evidence for. */
export function DatasetPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const { data, error, reload } = useResource('/api/datasets/{id}', { path: { id } });
  const date = useDate();
  const notice = useNotice();
  if (error) return <DetailProblem error={error} notFoundKey="catalog:detail.notFound" backTo="/datasets" backLabelKey="catalog:list.title" />;
  if (!data) return <p role="status">{t('common:loading')}</p>;
  const title = pickLocalized(data.title, i18n.language as ContentLanguage);
  return (
    <div className="page bn-detail">
      <p className="bn-card__meta">
        <Link to="/datasets">{t('catalog:list.title')}</Link> <WithdrawnBadge state={data.state} />
        {data.demo && <span className="badge">{t('common:demo.badge')}</span>}
      </p>
      <ContentTitle value={data.title} otherwise={data.name} explained />
      <StatusMessage notice={notice.notice} />
      {title?.isFallback && <p className="muted">{t('catalog:detail.titleLanguage', { language: t(`common:languages.${title.lang}`) })}</p>}
      {data.state === 'withdrawn' && (
        <div className="notice notice--warning">
          <p className="notice__title">{t('catalog:detail.withdrawnTitle', { date: date(data.withdrawnAt) })}</p>
          <p>{t('catalog:detail.withdrawnText')}</p>
        </div>
      )}
      <div className="bn-detail__grid">
        <div>
          <section aria-labelledby="description-heading">
            <h2 id="description-heading">{t('catalog:fields.description')}</h2>
            <LocalizedText value={data.description} as="div" />
          </section>
          <DistributionList distributions={data.distributions} />
          <EvidencePanel data={data} onChange={reload} />
          <TraceChain type="dataset" id={data.id} />
        </div>
        <aside aria-labelledby="facts-heading">
          <div className="card">
            <h2 id="facts-heading">{t('catalog:detail.facts')}</h2>
            <DatasetFacts data={data} />
          </div>
          <ProvenanceBox data={data} />
          {data.state === 'active' && (
            <section className="card" aria-labelledby="rdf-heading">
              <h2 id="rdf-heading">{t('catalog:detail.rdf')}</h2>
              <p className="muted">{t('catalog:detail.rdfHint')}</p>
              <ul className="link-list">
                {RDF_FILES.map(({ extension, name }) => (
                  <li key={extension}>
                    <a href={`/datasets/${data.id}.${extension}`} download>
                      {name} (.{extension})
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {data.viewer.canEdit && <DatasetEditorPanel data={data} onChange={reload} notify={notice.show} />}
        </aside>
      </div>
    </div>
  );
}
