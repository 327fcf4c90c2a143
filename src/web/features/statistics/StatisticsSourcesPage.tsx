import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { StatSource } from '../../../shared/schemas/statistics.ts';
import { api } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { formatCount } from '../../components/numbers.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { useResource } from '../../components/useResource.ts';
import { isActiveRun } from '../harvest/labels.tsx';
import { RunNowButton } from '../harvest/RunNowButton.tsx';
import { SourcesTable } from '../harvest/SourceParts.tsx';
import { usePolling } from '../harvest/usePolling.ts';
import { hasSomethingToRead, useSourceAddress, useStatCountSummary } from './labels.tsx';
import { AddSourceForm, UploadForm } from './StatSourceForms.tsx';

/** Queues an import of a source; the address of its run's page. */
export const startImport = (sourceId: string) => () =>
  api.post('/api/statistics/sources/{id}/runs', { path: { id: sourceId } }).then((run) => `/admin/statistics/${sourceId}/runs/${run.id}`);

/**
 * The sources of the statistics behind the indicators (`/admin/statistics`), as the harvest's
 * sources page shows its portals: anyone sees them and how their last import went;
 * administrators import one now, add one at an address, or upload a file. While an import is
 * under way the list refreshes itself.
 */
export function StatisticsSourcesPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const navigate = useNavigate();
  const notice = useNotice();
  const { data, error, reload } = useResource('/api/statistics/sources', { query: { limit: 100 } });
  const isAdmin = user?.role === 'admin';
  usePolling(Boolean(data?.items.some((source) => isActiveRun(source.lastRun))), reload, 2000);
  return (
    <div className="page">
      <PageTitle>{t('statistics:sources.title')}</PageTitle>
      <p>{t('statistics:sources.intro')}</p>
      <FormErrors error={error} />
      <StatusMessage notice={notice.notice} />
      {!data ? (
        !error && <p role="status">{t('common:loading')}</p>
      ) : data.items.length === 0 ? (
        <p>{t('statistics:sources.none')}</p>
      ) : (
        <SourceTable sources={data.items} isAdmin={isAdmin} />
      )}
      {isAdmin && (
        <>
          <section aria-labelledby="upload-heading" className="card">
            <h2 id="upload-heading">{t('statistics:upload.title')}</h2>
            <UploadForm onQueued={({ source, run }) => navigate(`/admin/statistics/${source.id}/runs/${run.id}`)} />
          </section>
          <section aria-labelledby="add-source-heading" className="card">
            <h2 id="add-source-heading">{t('statistics:form.addTitle')}</h2>
            <AddSourceForm onSaved={(saved) => navigate(`/admin/statistics/${saved.id}`)} />
          </section>
        </>
      )}
    </div>
  );
}

/** The sources in the sources table shared with the harvest (`SourceParts.tsx`): their tables, and a button to import one now. */
function SourceTable({ sources, isAdmin }: { sources: StatSource[]; isAdmin: boolean }) {
  const { t, i18n } = useTranslation();
  const summary = useStatCountSummary();
  const address = useSourceAddress();
  return (
    <SourcesTable<StatSource>
      sources={sources}
      ns="statistics"
      base="/admin/statistics"
      address={address}
      kind={(source) => t(`statistics:kind.${source.kind}`)}
      holds={{ header: t('statistics:fields.tables'), cell: (source) => formatCount(source.tables.length, i18n.language) }}
      summary={(source) => (source.lastRun ? summary(source.lastRun.counts) : '')}
      actions={isAdmin ? (source) => (hasSomethingToRead(source) ? <RunNowButton source={source} start={startImport(source.id)} ns="statistics" /> : null) : undefined}
    />
  );
}
