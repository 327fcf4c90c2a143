import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import { DOMAINS, INSTITUTION_COUNTRIES, INSTITUTION_TYPES, type Domain, type InstitutionCountry, type InstitutionType } from '../../../shared/register.ts';
import { api, ApiError, type GetAnswer } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { DraftForm, DraftStatus } from '../../components/DraftForm.tsx';
import { Field, SelectField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { fieldText } from '../../components/problemText.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { RequireUser } from '../../components/RequireUser.tsx';
import { useNotice } from '../../components/StatusMessage.tsx';
import { useDraft } from '../../components/useDraft.ts';
import { useResource } from '../../components/useResource.ts';
import { formChoice, formChoices, formText, useSubmit } from '../../components/useSubmit.ts';
import { RequiredGroupLegend, RequiredNote } from '../../components/Required.tsx';
import { ByLanguage, FORM_LANGUAGES } from '../../components/LocalizedFields.tsx';


export function InstitutionFormPage() {
  return (
    <RequireUser roles={['editor']}>
      <InstitutionForm />
    </RequireUser>
  );
}

/** Adds an institution, or edits the one in the address (`/institutions/:slug/edit`). */
function InstitutionForm() {
  const { t } = useTranslation();
  const { slug } = useParams();
  const existing = useResource('/api/institutions/{id}', slug ? { path: { id: slug } } : null);
  if (slug && !existing.data) return <p role="status">{t('common:loading')}</p>;
  return <InstitutionEditor key={existing.data?.id ?? 'new'} value={existing.data ?? null} />;
}

/** The form itself, once the institution edited is there; it keeps a draft, per institution (or new one) and editor, until saved. */
function InstitutionEditor({ value }: { value: GetAnswer<'/api/institutions/{id}'> | null }) {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const notice = useNotice();
  const formRef = useRef<HTMLFormElement>(null);
  const draft = useDraft({ form: 'institution', item: value?.id ?? 'new', user: user?.id, formRef });
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const name = Object.fromEntries(FORM_LANGUAGES.map((lang) => [lang, formText(form, `name-${lang}`).trim()]).filter(([, text]) => text));
    const text = (key: string) => formText(form, key).trim() || null;
    const body = {
      name,
      shortName: text('shortName'),
      country: formChoice<InstitutionCountry>(form, 'country'),
      type: formChoice<InstitutionType>(form, 'type'),
      website: text('website'),
      domains: formChoices<Domain>(form, 'domains'),
    };
    if (value) await api.patch('/api/institutions/{id}', { path: { id: value.id }, body });
    else await api.post('/api/institutions', { body: { ...body, slug: formText(form, 'slug') } });
    draft.clear();
    void notice.navigate('/institutions', value ? 'institutions:notice.saved' : 'institutions:notice.created');
  });
  const errors = error instanceof ApiError ? error.fieldErrors() : {};
  const errorFor = (field: string) => (errors[field] ? fieldText(errors[field], t) : undefined);
  return (
    <div className="page page--narrow">
      <PageTitle>{value ? t('institutions:editTitle') : t('institutions:add')}</PageTitle>
      <DraftStatus draft={draft} item={value ? (pickLocalized(value.name, i18n.language as ContentLanguage)?.text ?? value.slug) : undefined} />
      <FormErrors error={error} />
      <DraftForm draft={draft} ref={formRef} className="form" onSubmit={onSubmit} noValidate>
        <RequiredNote />
        {!value && <Field id="field-slug" name="slug" required label={t('institutions:fields.slug')} hint={t('institutions:slugHint')} error={errorFor('slug')} />}
        <fieldset id="field-name" tabIndex={-1} aria-describedby="field-name-rule">
          <RequiredGroupLegend text={t('institutions:fields.name')} rule="atLeastOneLanguage" id="field-name-rule" />
          <ByLanguage written={(lang) => Boolean(value?.name[lang])} render={(lang) => (
            <Field key={lang} id={`field-name-${lang}`} name={`name-${lang}`} label={t(`common:languages.${lang}`)} defaultValue={value?.name[lang] ?? ''} maxLength={300} />
          )} />
        </fieldset>
        <Field id="field-shortName" name="shortName" label={t('institutions:fields.shortName')} defaultValue={value?.shortName ?? ''} maxLength={40} />
        <SelectField id="field-country" name="country" required label={t('institutions:fields.country')} defaultValue={value?.country ?? 'FI'} options={INSTITUTION_COUNTRIES.map((c) => ({ value: c, label: t(`institutions:country.${c}`) }))} />
        <SelectField id="field-type" name="type" required label={t('institutions:fields.type')} defaultValue={value?.type ?? 'state_agency'} options={INSTITUTION_TYPES.map((type) => ({ value: type, label: t(`institutions:type.${type}`) }))} />
        <Field id="field-website" name="website" type="url" label={t('institutions:fields.website')} defaultValue={value?.website ?? ''} error={errorFor('website')} />
        <fieldset>
          <legend>{t('institutions:fields.domains')}</legend>
          {DOMAINS.map((domain) => (
            <label key={domain} className="checkbox">
              <input type="checkbox" name="domains" value={domain} defaultChecked={value?.domains.includes(domain)} /> {t(`bottlenecks:domain.${domain}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button" disabled={busy}>
          {t('institutions:save')}
        </button>
      </DraftForm>
    </div>
  );
}
