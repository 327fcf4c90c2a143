import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { FormErrors } from '../../components/FormErrors.tsx';
import { useFocusHash } from '../../components/useFocusHash.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useResource } from '../../components/useResource.ts';
import { Adoptions, ChangesSince, FrameworkTree, VersionName } from './parts.tsx';
import { AdoptionForm, SendToConsultation } from './VersionActions.tsx';
import { NodeForm } from './NodeForm.tsx';

/** One version of the framework (a draft to staff only): its state, adoptions and tree. */
export function VersionPage() {
  const { t } = useTranslation();
  const number = Number(useParams().v);
  const valid = Number.isInteger(number) && number > 0;
  const { data, error, reload } = useResource('/api/framework/versions/{v}', valid ? { path: { v: String(number) } } : null);
  // A link from the trace names a node (#node-<key>): its item exists only once the version has loaded.
  useFocusHash('node-', data);
  return (
    <div className="page">
      <PageTitle>{t('framework:version.title', { number: valid ? number : '?' })}</PageTitle>
      <p className="lead-actions">
        <Link to="/framework/versions">{t('framework:versions.link')}</Link>
        <Link to="/framework">{t('framework:back')}</Link>
      </p>
      {!valid && <p className="error">{t('framework:version.invalid')}</p>}
      <FormErrors error={error} />
      {valid && !data && !error && <p role="status">{t('common:loading')}</p>}
      {data && (
        <>
          <p className="fw-version-name">
            <VersionName version={data} />
          </p>
          {data.demo && <p className="notice">{t('framework:demoNotice')}</p>}
          {data.basedOn && (
            <p>
              <ChangesSince version={data} />
            </p>
          )}
          <Adoptions adoptions={data.adoptions} />
          {data.viewer.canManage && data.state === 'draft' && <SendToConsultation number={data.number} onDone={() => void reload()} />}
          {data.viewer.canManage && data.state === 'in_consultation' && <AdoptionForm number={data.number} adoptions={data.adoptions} onDone={() => void reload()} />}
          {data.viewer.canEdit && (
            <section aria-labelledby="fw-add">
              <h2 id="fw-add">{t('framework:edit.addTitle')}</h2>
              <NodeForm version={data.number} nodes={data.nodes} onDone={() => void reload()} />
            </section>
          )}
          <FrameworkTree nodes={data.nodes} editing={data.viewer.canEdit ? { version: data.number, nodes: data.nodes, onDone: () => void reload() } : undefined} />
        </>
      )}
    </div>
  );
}
