import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HARVEST_KINDS, HARVEST_SCHEDULES } from '../../../shared/catalog.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import type { HarvestSource, HarvestSourceTestResult } from '../../../shared/schemas/catalog.ts';
import { api, ApiError } from '../../app/api.ts';
import { Field, SelectField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { fieldText } from '../../components/problemText.ts';
import { formChoice, formText, useSubmit } from '../../components/useSubmit.ts';
import { formatCount } from '../../components/numbers.ts';
import type { HarvestKind } from '../../../shared/catalog.ts';
import { useInstitutionChoices } from '../institutions/useInstitutionChoices.ts';
import { sourceBody } from './sourceBody.ts';
import { RequiredNote } from '../../components/Required.tsx';

/**
 * Adds a harvest source, or changes `source`: the kind of portal, its address, how often it is
 * read, whether it is read at all, and the publisher of datasets that name none. One per page:
 * its fields have the ids FormErrors links to.
 */
export function SourceForm({ source, onSaved }: { source?: HarvestSource; onSaved: (saved: HarvestSource) => void | Promise<void> }) {
  const { t, i18n } = useTranslation();
  const institutions = useInstitutionChoices();
  const formRef = useRef<HTMLFormElement>(null);
  const [tested, setTested] = useState<HarvestSourceTestResult | null>(null);
  const [testError, setTestError] = useState<unknown>(null);
  const [testing, setTesting] = useState(false);
  // Checks the address as saving would, without saving: what the portal announces, or why it cannot be harvested.
  async function test() {
    if (!formRef.current) return;
    const form = new FormData(formRef.current);
    setTested(null);
    setTestError(null);
    setTesting(true);
    try {
      setTested(await api.post('/api/harvest/sources/test', { body: { kind: formChoice<HarvestKind>(form, 'kind'), url: formText(form, 'url').trim() } }));
    } catch (caught) {
      setTestError(caught);
    } finally {
      setTesting(false);
    }
  }
  const { onSubmit, error: saveError, busy } = useSubmit(async (form, element) => {
    setTested(null);
    setTestError(null);
    const body = sourceBody(form);
    const saved = source ? await api.patch('/api/harvest/sources/{id}', { path: { id: source.id }, body }) : await api.post('/api/harvest/sources', { body });
    if (!source) element.reset();
    await onSaved(saved);
  });
  const error = testError ?? saveError;
  const errors = error instanceof ApiError ? error.fieldErrors() : {};
  const errorFor = (field: string) => (errors[field] ? fieldText(errors[field], t) : undefined);
  const publishers = (institutions.data?.items ?? []).map((institution) => ({
    value: institution.id,
    label: `${pickLocalized(institution.name, i18n.language as ContentLanguage)?.text ?? institution.slug} (${institution.country})`,
  }));
  return (
    <form className="form" onSubmit={onSubmit} noValidate ref={formRef}>
      <FormErrors error={error} fieldLabels={{ name: t('harvest:fields.name'), kind: t('harvest:fields.kind'), url: t('harvest:fields.url'), schedule: t('harvest:fields.schedule'), publisherId: t('harvest:fields.publisher') }} />
      <RequiredNote />
      <Field id="field-name" name="name" required minLength={2} maxLength={200} label={t('harvest:fields.name')} defaultValue={source?.name ?? ''} error={errorFor('name')} />
      <SelectField id="field-kind" name="kind" required label={t('harvest:fields.kind')} defaultValue={source?.kind ?? 'ckan'} options={HARVEST_KINDS.map((kind) => ({ value: kind, label: t(`harvest:kind.${kind}`) }))} error={errorFor('kind')} />
      <Field id="field-url" name="url" type="url" required label={t('harvest:fields.url')} hint={t('harvest:form.urlHint')} defaultValue={source?.url ?? ''} error={errorFor('url')} />
      <SelectField id="field-schedule" name="schedule" required label={t('harvest:fields.schedule')} defaultValue={source?.schedule ?? 'daily'} options={HARVEST_SCHEDULES.map((schedule) => ({ value: schedule, label: t(`harvest:schedule.${schedule}`) }))} />
      <label className="checkbox">
        <input type="checkbox" id="field-enabled" name="enabled" defaultChecked={source?.enabled ?? true} /> {t('harvest:form.enabled')}
      </label>
      <SelectField
        id="field-publisherId"
        name="publisherId"
        label={t('harvest:fields.publisher')}
        defaultValue={source?.publisherId ?? ''}
        options={[{ value: '', label: t('harvest:form.noPublisher') }, ...publishers]}
        error={errorFor('publisherId')}
        key={publishers.length}
      />
      <p role="status" className="status-line">
        {testing
          ? t('harvest:test.testing')
          : tested
            ? [
                tested.total === null ? t('harvest:test.foundOpen', { kind: t(`harvest:kind.${tested.kind}`) }) : t('harvest:test.found', { kind: t(`harvest:kind.${tested.kind}`), count: tested.total, formatted: formatCount(tested.total, i18n.language) }),
                tested.sample.length ? t('harvest:test.sample', { titles: tested.sample.join('; ') }) : '',
              ].join(' ')
            : ''}
      </p>
      <div className="button-row">
        <button type="button" className="button button--secondary" disabled={busy || testing} onClick={() => void test()}>
          {t('harvest:test.button')}
        </button>
        <button type="submit" className="button" disabled={busy || testing}>
          {source ? t('harvest:form.save') : t('harvest:form.add')}
        </button>
      </div>
    </form>
  );
}
