import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ACCESS_RIGHTS, FREQUENCIES, LICENSES, REGIONS, THEMES } from '../../../shared/catalog.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import { api, ApiError, type GetAnswer } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { DraftForm, DraftStatus } from '../../components/DraftForm.tsx';
import { Field, SelectField, TextAreaField } from '../../components/Field.tsx';
import { DateField } from '../../components/DateField.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { fieldText } from '../../components/problemText.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { RequireUser } from '../../components/RequireUser.tsx';
import { useNotice } from '../../components/StatusMessage.tsx';
import { DetailProblem } from '../../components/DetailProblem.tsx';
import { useDraft, useDraftPart } from '../../components/useDraft.ts';
import { useResource } from '../../components/useResource.ts';
import { useSubmit } from '../../components/useSubmit.ts';
import { datasetBody, distributionsOf, readDistributionRows, rowFromDistribution, type DistributionRows } from './datasetForm.ts';
import { DistributionsEditor } from './DistributionsEditor.tsx';
import { regionName } from './labels.tsx';
import { Picker } from '../../components/Picker.tsx';
import { institutionItem, institutionKind } from '../../components/pickerKinds.ts';
import { RequiredGroupLegend, RequiredNote } from '../../components/Required.tsx';
import { ByLanguage, FORM_LANGUAGES } from '../../components/LocalizedFields.tsx';

export function DatasetFormPage() {
  return (
    <RequireUser roles={['editor']}>
      <DatasetForm />
    </RequireUser>
  );
}

/** An error of a whole group of fields (a title in no language, a period that ends before it starts), shown at the group. */
function GroupError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="field__error" id={id}>
      {message}
    </p>
  );
}

/** Adds a dataset by hand (`/datasets/new`), or edits the one in the address (`/datasets/:id/edit`). */
function DatasetForm() {
  const { t } = useTranslation();
  const { id } = useParams();
  const existing = useResource('/api/datasets/{id}', id ? { path: { id } } : null);
  const value = existing.data;
  if (existing.error) return <DetailProblem error={existing.error} notFoundKey="catalog:detail.notFound" backTo="/datasets" backLabelKey="catalog:list.title" />;
  if (id && !value) return <p role="status">{t('common:loading')}</p>;
  return <DatasetEditor key={value?.id ?? 'new'} value={value ?? null} />;
}

/**
 * The form itself, once the dataset edited is there. It keeps a draft, per dataset (or new one)
 * and editor, until saved: its fields, the publisher chosen, the days typed, the distributions.
 */
function DatasetEditor({ value }: { value: GetAnswer<'/api/datasets/{id}'> | null }) {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const notice = useNotice();
  const lang = i18n.language as ContentLanguage;
  const formRef = useRef<HTMLFormElement>(null);
  const draft = useDraft({ form: 'dataset', item: value?.id ?? 'new', user: user?.id, formRef });
  const [edited, setEdited] = useState<DistributionRows | null>(null);
  const stored = useMemo(() => ({ lang, rows: value?.distributions.map((distribution) => rowFromDistribution(distribution, lang)) ?? [] }), [value, lang]);
  const distributions = edited ?? stored;
  useDraftPart<DistributionRows>(draft.scope, 'distributions', { value: distributions, restore: setEdited, read: readDistributionRows, identity: distributionsOf });

  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const body = datasetBody(form, distributions.rows, distributions.lang, value);
    const saved = value
      ? await api.patch('/api/datasets/{id}', { path: { id: value.id }, body })
      : await api.post('/api/datasets', { body });
    draft.clear();
    void notice.navigate(`/datasets/${saved.name}`, value ? 'catalog:notice.saved' : 'catalog:notice.created');
  });

  const errors = error instanceof ApiError ? error.fieldErrors() : {};
  const errorFor = (field: string) => (errors[field] ? fieldText(errors[field], t) : undefined);
  const firstErrorUnder = (field: string) => errorFor(field) ?? Object.keys(errors).filter((key) => key.startsWith(`${field}.`)).map(errorFor)[0];
  const notGiven = { value: '', label: t('catalog:form.notGiven') };
  const coded = (vocabulary: readonly string[], prefix: string) => [notGiven, ...vocabulary.map((code) => ({ value: code, label: t(`catalog:${prefix}.${code}`) }))];
  const titleError = firstErrorUnder('title');
  const descriptionError = firstErrorUnder('description');

  return (
    <div className="page page--narrow">
      <PageTitle>{value ? t('catalog:form.editTitle') : t('catalog:form.newTitle')}</PageTitle>
      <DraftStatus draft={draft} item={value ? (pickLocalized(value.title, lang)?.text ?? value.name) : undefined} />
      <FormErrors error={error} fieldLabels={{ title: t('catalog:fields.title'), description: t('catalog:fields.description'), name: t('catalog:fields.name') }} />
      <DraftForm draft={draft} ref={formRef} className="form" onSubmit={onSubmit} noValidate>
        <RequiredNote />
        {!value && <Field id="field-name" name="name" label={t('catalog:fields.name')} hint={t('catalog:form.nameHint')} maxLength={100} error={errorFor('name')} />}
        <fieldset id="field-title" className="field-group" aria-describedby={titleError ? 'field-title-hint field-title-error' : 'field-title-hint'}>
          <RequiredGroupLegend text={t('catalog:fields.title')} hint={t('catalog:form.languagesHint')} id="field-title-hint" />
          <GroupError id="field-title-error" message={titleError} />
          <ByLanguage written={(language) => Boolean(value?.title[language])} render={(language) => (
            <Field key={language} id={`field-title-${language}`} name={`title-${language}`} label={t(`common:languages.${language}`)} defaultValue={value?.title[language] ?? ''} maxLength={500} />
          )} />
        </fieldset>
        <fieldset id="field-description" className="field-group" aria-describedby={descriptionError ? 'field-description-rule field-description-error' : 'field-description-rule'}>
          <RequiredGroupLegend text={t('catalog:fields.description')} rule="atLeastOneLanguage" id="field-description-rule" />
          <GroupError id="field-description-error" message={descriptionError} />
          <ByLanguage written={(language) => Boolean(value?.description[language])} render={(language) => (
            <TextAreaField key={language} id={`field-description-${language}`} name={`description-${language}`} label={t(`common:languages.${language}`)} rows={4} maxLength={20000} defaultValue={value?.description[language] ?? ''} />
          )} />
        </fieldset>
        <Picker id="field-publisherId" name="publisherId" kind={institutionKind} label={t('catalog:fields.publisher')} defaultValue={value?.publisher ? [institutionItem(value.publisher)] : undefined} error={errorFor('publisherId')} />
        <fieldset id="field-themes">
          <legend>{t('catalog:fields.themes')}</legend>
          <div className="choices-grid">
            {THEMES.map((theme) => (
              <label key={theme} className="choice">
                <input type="checkbox" name="themes" value={theme} defaultChecked={value?.themes.includes(theme)} /> {t(`catalog:theme.${theme}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset id="field-keywords" className="field-group">
          <legend>{t('catalog:fields.keywords')}</legend>
          <p className="field__hint">{t('catalog:form.keywordsHint')}</p>
          <ByLanguage written={(language) => Boolean(value?.keywords[language]?.join(', '))} render={(language) => (
            <Field key={language} id={`field-keywords-${language}`} name={`keywords-${language}`} label={t(`common:languages.${language}`)} defaultValue={value?.keywords[language]?.join(', ') ?? ''} error={firstErrorUnder(`keywords.${language}`)} />
          )} />
        </fieldset>
        <SpatialChoices selected={value?.spatial ?? []} />
        <div className="form-row">
          <DateField id="field-temporalStart" name="temporalStart" label={t('catalog:form.temporalStart')} defaultValue={value?.temporalStart} error={errorFor('temporalStart')} />
          <DateField id="field-temporalEnd" name="temporalEnd" label={t('catalog:form.temporalEnd')} defaultValue={value?.temporalEnd} error={errorFor('temporalEnd')} />
        </div>
        <SelectField id="field-license" name="license" label={t('catalog:fields.license')} defaultValue={value?.license ?? ''} options={coded(LICENSES, 'license')} error={errorFor('license')} />
        <SelectField id="field-accessRights" name="accessRights" label={t('catalog:fields.accessRights')} defaultValue={value?.accessRights ?? ''} options={coded(ACCESS_RIGHTS, 'accessRights')} />
        <SelectField id="field-frequency" name="frequency" label={t('catalog:fields.frequency')} defaultValue={value?.frequency ?? ''} options={coded(FREQUENCIES, 'frequency')} />
        <Field id="field-landingPage" name="landingPage" type="url" label={t('catalog:fields.landingPage')} hint={t('catalog:form.urlHint')} defaultValue={value?.landingPage ?? ''} error={errorFor('landingPage')} />
        <fieldset id="field-contactPoint" className="field-group">
          <legend>{t('catalog:fields.contactPoint')}</legend>
          <Field id="field-contactPoint.name" name="contact-name" label={t('catalog:form.contactName')} maxLength={200} defaultValue={value?.contactPoint?.name ?? ''} error={errorFor('contactPoint.name')} />
          <Field id="field-contactPoint.email" name="contact-email" type="email" label={t('catalog:form.contactEmail')} maxLength={200} defaultValue={value?.contactPoint?.email ?? ''} error={errorFor('contactPoint.email')} />
          <Field id="field-contactPoint.url" name="contact-url" type="url" label={t('catalog:form.contactUrl')} defaultValue={value?.contactPoint?.url ?? ''} error={errorFor('contactPoint.url')} />
        </fieldset>
        <DistributionsEditor rows={distributions.rows} onChange={(rows) => setEdited({ lang: distributions.lang, rows })} errorFor={errorFor} />
        <button type="submit" className="button" disabled={busy}>
          {value ? t('catalog:form.save') : t('catalog:form.create')}
        </button>
      </DraftForm>
    </div>
  );
}

/** The areas a dataset covers, grouped by country: the country, its region, its municipalities. */
function SpatialChoices({ selected }: { selected: string[] }) {
  const { t, i18n } = useTranslation();
  return (
    <fieldset id="field-spatial">
      <legend>{t('catalog:fields.spatial')}</legend>
      {(['FI', 'EE'] as const).map((country) => (
        <fieldset key={country} className="spatial-group">
          <legend>{regionName(country, i18n.language)}</legend>
          <div className="choices-grid">
            {REGIONS.filter((region) => region.country === country).map((region) => (
              <label key={region.code} className="choice">
                <input type="checkbox" name="spatial" value={region.code} defaultChecked={selected.includes(region.code)} /> {regionName(region.code, i18n.language)}
                {region.level !== 'municipality' && <span className="muted"> ({t(`catalog:level.${region.level}`)})</span>}
              </label>
            ))}
          </div>
        </fieldset>
      ))}
    </fieldset>
  );
}
