import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { HarvestRunSummary, HarvestSource } from '../../../shared/schemas/catalog.ts';
import { useSession } from '../../app/session.tsx';
import { DetailProblem } from '../../components/DetailProblem.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useResource } from '../../components/useResource.ts';
import { useDateTime } from '../bottlenecks/labels.tsx';
import { formatCount } from '../../components/numbers.ts';
import { isActiveRun } from './labels.tsx';
import { DeleteSourceCard, RunsPager, RunTable } from './SourceParts.tsx';
import { RunNowButton } from './RunNowButton.tsx';
import { SourceForm } from './SourceForm.tsx';
import { usePolling } from './usePolling.ts';
import { useInstitutionChoices } from '../institutions/useInstitutionChoices.ts';
import { api } from '../../app/api.ts';
import { CancelRunButton } from './CancelRunButton.tsx';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';

const RUNS_PER_PAGE = 20;

/** One harvest source (`/admin/harvest/:id`): its settings, its runs newest first, and for administrators the means to change it. */
export function HarvestSourcePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { user } = useSession();
  const [offset, setOffset] = useState(0);
  const source = useResource('/api/harvest/sources/{id}', { path: { id } });
  const runs = useResource('/api/harvest/sources/{id}/runs', { path: { id }, query: { limit: RUNS_PER_PAGE, offset } });
  const reloadSource = source.reload;
  const reloadRuns = runs.reload;
  const refresh = useCallback(() => Promise.all([reloadSource(), reloadRuns()]), [reloadSource, reloadRuns]);
  usePolling(isActiveRun(source.data?.lastRun), refresh, 2000);
  const saved = useNotice({ fromNavigation: false });

  if (source.error) return <DetailProblem error={source.error} notFoundKey="harvest:source.notFound" backTo="/admin/harvest" backLabelKey="harvest:sources.title" />;
  if (!source.data) return <p role="status">{t('common:loading')}</p>;
  const data = source.data;
  const isAdmin = user?.role === 'admin';
  return (
    <div className="page">
      <p className="bn-card__meta">
        <Link to="/admin/harvest">{t('harvest:sources.title')}</Link>
        {data.demo && <span className="badge">{t('common:demo.badge')}</span>}
      </p>
      <PageTitle>{data.name}</PageTitle>
      <SourceFacts source={data} />
      {isAdmin && <RunNowButton source={data} />}
      {isAdmin && data.lastRun && <CancelRunButton run={data.lastRun} onCancelled={refresh} />}
      <section aria-labelledby="runs-heading">
        <h2 id="runs-heading">{t('harvest:source.runs')}</h2>
        {runs.data && <Runs sourceId={data.id} runs={runs.data.items} />}
        {runs.data && <RunsPager total={runs.data.total} offset={offset} perPage={RUNS_PER_PAGE} onOffset={setOffset} />}
      </section>
      {isAdmin && (
        <section aria-labelledby="edit-source-heading" className="card staff-panel">
          <h2 id="edit-source-heading">{t('harvest:form.editTitle')}</h2>
          <StatusMessage notice={saved.notice} />
          <SourceForm
            source={data}
            onSaved={async () => {
              await reloadSource();
              saved.show('harvest:form.saved');
            }}
          />
        </section>
      )}
      {isAdmin && <DeleteSource source={data} />}
    </div>
  );
}

/**
 * Deletes the source after a second, explicit confirmation. What happens to its datasets is
 * said before: they stay in the catalogue as its own (no longer harvested), for editors to keep.
 */
function DeleteSource({ source }: { source: HarvestSource }) {
  const { t, i18n } = useTranslation();
  const explain = t('harvest:delete.explain', { count: source.datasetCount, formatted: formatCount(source.datasetCount, i18n.language) });
  return <DeleteSourceCard ns="harvest" name={source.name} explain={explain} back="/admin/harvest" remove={() => api.delete('/api/harvest/sources/{id}', { path: { id: source.id } })} />;
}

function SourceFacts({ source }: { source: HarvestSource }) {
  const { t, i18n } = useTranslation();
  const when = useDateTime();
  const institutions = useInstitutionChoices(Boolean(source.publisherId));
  const publisher = institutions.data?.items.find((institution) => institution.id === source.publisherId);
  return (
    <dl className="facts-list">
      <dt>{t('harvest:fields.kind')}</dt>
      <dd>{t(`harvest:kind.${source.kind}`)}</dd>
      <dt>{t('harvest:fields.url')}</dt>
      <dd>
        <a href={source.url}>{source.url}</a>
      </dd>
      <dt>{t('harvest:fields.schedule')}</dt>
      <dd>{t(`harvest:schedule.${source.schedule}`)}</dd>
      <dt>{t('harvest:fields.enabled')}</dt>
      <dd>{source.enabled ? t('harvest:enabled') : t('harvest:disabled')}</dd>
      {source.enabled && source.nextRunAt && (
        <>
          <dt>{t('harvest:fields.nextRun')}</dt>
          <dd>{when(source.nextRunAt)}</dd>
        </>
      )}
      <dt>{t('harvest:fields.publisher')}</dt>
      <dd>{publisher ? <LocalizedText value={publisher.name} /> : source.publisherId ? '…' : t('harvest:form.noPublisher')}</dd>
      <dt>{t('harvest:fields.datasets')}</dt>
      <dd>
        <Link to={`/datasets?source=${source.id}`}>{t('harvest:source.datasets', { count: source.datasetCount, formatted: formatCount(source.datasetCount, i18n.language) })}</Link>
      </dd>
    </dl>
  );
}

/** The runs with how far each came and its counts (`RunTable`, shared with the statistics imports). */
function Runs({ sourceId, runs }: { sourceId: string; runs: HarvestRunSummary[] }) {
  const { t, i18n } = useTranslation();
  const count = (value: number) => formatCount(value, i18n.language);
  const counted = (key: 'created' | 'updated' | 'unchanged' | 'withdrawn' | 'failed') => ({ header: t(`harvest:counts.${key}`), cell: (run: HarvestRunSummary) => count(run.counts[key]) });
  return (
    <RunTable
      runs={runs}
      ns="harvest"
      runPath={(run) => `/admin/harvest/${sourceId}/runs/${run.id}`}
      columns={[
        { header: t('harvest:run.records'), cell: (run) => (run.total === null ? count(run.done) : t('harvest:run.progress', { done: count(run.done), total: count(run.total) })) },
        counted('created'),
        counted('updated'),
        counted('unchanged'),
        counted('withdrawn'),
        counted('failed'),
      ]}
    />
  );
}
