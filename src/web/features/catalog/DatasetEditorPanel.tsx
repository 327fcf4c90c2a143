import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DatasetDetail } from '../../../shared/schemas/catalog.ts';
import { api } from '../../app/api.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { useSubmit } from '../../components/useSubmit.ts';

/** Editors change a dataset, or withdraw it from the catalogue and bring it back. */
export function DatasetEditorPanel({ data, onChange, notify }: { data: DatasetDetail; onChange: () => Promise<void>; notify: (key: string) => void }) {
  const { t } = useTranslation();
  const next = data.state === 'active' ? 'withdrawn' : 'active';
  const toggle = useSubmit(async () => {
    await api.patch('/api/datasets/{id}', { path: { id: data.id }, body: { state: next } });
    await onChange();
    notify(next === 'withdrawn' ? 'catalog:notice.withdrawn' : 'catalog:notice.restored');
  });
  return (
    <section aria-labelledby="editor-heading" className="card staff-panel">
      <h2 id="editor-heading">{t('catalog:editor.title')}</h2>
      <p>
        <Link className="button" to={`/datasets/${data.name}/edit`}>
          {t('catalog:editor.edit')}
        </Link>
      </p>
      <FormErrors error={toggle.error} />
      <form onSubmit={toggle.onSubmit}>
        <p className="field__hint" id="withdraw-hint">
          {data.state === 'active' ? t('catalog:editor.withdrawHint') : t('catalog:editor.restoreHint')}
        </p>
        {/* Withdrawing takes the dataset out of search and the DCAT catalogue harvesters read: it asks first. */}
        <ConfirmButton
          skip={data.state !== 'active'}
          className={data.state === 'active' ? 'button button--danger' : 'button button--secondary'}
          disabled={toggle.busy}
          question={data.state === 'active' ? t('catalog:editor.withdrawQuestion') : ''}
          consequence={data.state === 'active' ? t('catalog:editor.withdrawHint') : ''}
          confirmLabel={t('catalog:editor.withdraw')}
        >
          {data.state === 'active' ? t('catalog:editor.withdraw') : t('catalog:editor.restore')}
        </ConfirmButton>
      </form>
    </section>
  );
}
