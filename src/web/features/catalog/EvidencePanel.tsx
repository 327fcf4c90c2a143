import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DatasetDetail } from '../../../shared/schemas/catalog.ts';
import { api, ApiError } from '../../app/api.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { fieldText } from '../../components/problemText.ts';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { Picker } from '../../components/Picker.tsx';
import { bottleneckKind } from '../../components/pickerKinds.ts';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { formText, useSubmit } from '../../components/useSubmit.ts';
import { StatusBadge } from '../bottlenecks/labels.tsx';
import { RequiredNote } from '../../components/Required.tsx';

/**
 * The bottlenecks this dataset is evidence for. Staff link one picked by its title or reference
 * and remove a link; each change is said in a status message, which takes focus (the list changes
 * quietly, and the button pressed may be gone with its link).
 */
export function EvidencePanel({ data, onChange }: { data: DatasetDetail; onChange: () => Promise<void> }) {
  const { t } = useTranslation();
  const notice = useNotice({ fromNavigation: false });
  const [removeError, setRemoveError] = useState<unknown>(null);
  // A new picker after each link: the one linked is no longer chosen.
  const [links, setLinks] = useState(0);
  const link = useSubmit(async (form, element) => {
    const bottleneck = formText(form, 'bottleneck').trim();
    await api.post('/api/datasets/{id}/evidence', { path: { id: data.id }, body: { bottleneck } });
    element.reset();
    setLinks((n) => n + 1);
    await onChange();
    notice.show('catalog:evidence.linked', { ref: bottleneck.toUpperCase() });
  });
  async function remove(ref: string) {
    setRemoveError(null);
    try {
      await api.delete('/api/datasets/{id}/evidence/{bottleneck}', { path: { id: data.id, bottleneck: ref } });
      await onChange();
      notice.show('catalog:evidence.removed', { ref });
    } catch (caught) {
      setRemoveError(caught);
    }
  }
  const errors = link.error instanceof ApiError ? link.error.fieldErrors() : {};
  return (
    <section aria-labelledby="evidence-heading">
      <h2 id="evidence-heading">{t('catalog:evidence.title')}</h2>
      {data.evidenceFor.length === 0 ? (
        <p className="muted">{t('catalog:evidence.none')}</p>
      ) : (
        <ul className="evidence-list">
          {data.evidenceFor.map((bottleneck) => (
            <li key={bottleneck.id}>
              <Link to={`/bottlenecks/${bottleneck.ref}`}>
                <span className="bn-ref">{bottleneck.ref}</span> <LocalizedText value={bottleneck.title} />
              </Link>{' '}
              <StatusBadge status={bottleneck.status} />
              {data.viewer.canLink && (
                <button type="button" className="button button--secondary button--small" onClick={() => void remove(bottleneck.ref)}>
                  {t('catalog:evidence.remove', { ref: bottleneck.ref })}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <StatusMessage notice={notice.notice} />
      {data.viewer.canLink && (
        <form className="form form--inline evidence-form" onSubmit={link.onSubmit} noValidate>
          <FormErrors error={link.error ?? removeError} fieldLabels={{ bottleneck: t('catalog:evidence.bottleneck') }} />
          <RequiredNote />
          <Picker
            key={links}
            id="field-bottleneck"
            name="bottleneck"
            required
            kind={bottleneckKind}
            label={t('catalog:evidence.bottleneck')}
            hint={t('catalog:evidence.hint')}
            error={errors.bottleneck ? fieldText(errors.bottleneck, t) : undefined}
          />
          <button type="submit" className="button" disabled={link.busy}>
            {t('catalog:evidence.link')}
          </button>
        </form>
      )}
    </section>
  );
}
