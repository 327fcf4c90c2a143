import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { LEGAL_FORMS, REGION_THEMES } from '../../../shared/schemas/regions.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { api, type Body } from '../../app/api.ts';
import { DateField } from '../../components/DateField.tsx';
import { Field, SelectField, TextAreaField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { RequiredNote } from '../../components/Required.tsx';
import { RequireUser } from '../../components/RequireUser.tsx';
import { useNotice } from '../../components/StatusMessage.tsx';
import { useResource } from '../../components/useResource.ts';
import { formChoices, formText, useSubmit } from '../../components/useSubmit.ts';
import { codesOf, mergeLocalized } from './regions.ts';
import type { RegionDetail } from './parts.tsx';

/** Editors add a region (`/regions/new`) or change its main fields (`/regions/:slug/edit`), in the page's language. */
export function RegionFormPage() {
  return (
    <RequireUser roles={['editor']}>
      <RegionFormLoader />
    </RequireUser>
  );
}

function RegionFormLoader() {
  const { slug } = useParams();
  const existing = useResource('/api/regions/{id}', slug ? { path: { id: slug } } : null);
  const { t } = useTranslation();
  if (slug && existing.error) return <FormErrors error={existing.error} />;
  if (slug && !existing.data) return <p role="status">{t('common:loading')}</p>;
  return <RegionForm region={existing.data ?? null} />;
}

const TEXTS = ['legalFormNote', 'foundingBasis', 'seat', 'secretariat'] as const;

function RegionForm({ region }: { region: RegionDetail | null }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as ContentLanguage;
  const notice = useNotice();
  const shown = (value: RegionDetail['seat'] | undefined) => (value ? (value[lang] ?? '') : '');
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const year = formText(form, 'foundedYear').trim();
    const legalForm = formText(form, 'legalForm');
    const fields = {
      name: mergeLocalized(region?.name, lang, formText(form, 'name')) ?? {},
      countries: codesOf(formText(form, 'countries'), true) as Body<'post', '/api/regions'>['countries'],
      foundedYear: year === '' ? null : Number(year),
      foundedOn: formText(form, 'foundedOn') || null,
      legalForm: (legalForm || null) as Body<'post', '/api/regions'>['legalForm'],
      themes: formChoices(form, 'themes') as Body<'post', '/api/regions'>['themes'],
      languages: codesOf(formText(form, 'languages'), false),
      ...Object.fromEntries(TEXTS.map((name) => [name, mergeLocalized(region?.[name], lang, formText(form, name))])),
    };
    if (region) {
      const saved = await api.patch('/api/regions/{id}', { path: { id: region.id }, body: fields });
      void notice.navigate(`/regions/${saved.slug}`, 'regions:form.saved');
    } else {
      const created = await api.post('/api/regions', { body: { ...fields, slug: formText(form, 'slug') } });
      void notice.navigate(`/regions/${created.slug}`, 'regions:form.created');
    }
  });
  const title = region ? t('regions:form.editTitle', { name: pickLocalized(region.name, lang)?.text ?? region.slug }) : t('regions:form.newTitle');
  return (
    <div className="page">
      <PageTitle>{title}</PageTitle>
      <p>{t('regions:form.intro')}</p>
      <FormErrors error={error} fieldIds={{ countries: 'field-countries', languages: 'field-languages', themes: 'field-themes' }} />
      <form className="form" onSubmit={onSubmit}>
        <RequiredNote />
        {!region && <Field id="field-slug" name="slug" required label={t('regions:form.slug')} hint={t('regions:form.slugHint')} />}
        <Field id="field-name" name="name" required label={t('regions:field.name')} defaultValue={shown(region?.name)} />
        <Field id="field-countries" name="countries" required label={t('regions:field.countries')} hint={t('regions:form.countriesHint')} defaultValue={region?.countries.join(', ') ?? ''} />
        <Field id="field-foundedYear" name="foundedYear" type="number" min={1900} max={2100} step={1} label={t('regions:form.foundedYear')} defaultValue={region?.foundedYear ?? ''} />
        <DateField id="field-foundedOn" name="foundedOn" label={t('regions:form.foundedOn')} defaultValue={region?.foundedOn} />
        <SelectField id="field-legalForm" name="legalForm" label={t('regions:field.legalForm')} defaultValue={region?.legalForm ?? ''} options={[{ value: '', label: t('regions:legalFormUnsettled') }, ...LEGAL_FORMS.map((f) => ({ value: f, label: t(`regions:legalForm.${f}`) }))]} />
        {TEXTS.map((name) => (
          <TextAreaField key={name} id={`field-${name}`} name={name} label={t(`regions:field.${name}`)} defaultValue={shown(region?.[name])} />
        ))}
        <fieldset id="field-themes">
          <legend>{t('regions:field.themes')}</legend>
          <ul className="choice-list choice-list--columns">
            {REGION_THEMES.map((theme) => (
              <li key={theme}>
                <input type="checkbox" name="themes" value={theme} id={`theme-${theme}`} defaultChecked={region?.themes.includes(theme)} />
                <label htmlFor={`theme-${theme}`}>{t(`regions:theme.${theme}`)}</label>
              </li>
            ))}
          </ul>
        </fieldset>
        <Field id="field-languages" name="languages" label={t('regions:field.languages')} hint={t('regions:form.languagesHint')} defaultValue={region?.languages.join(', ') ?? ''} />
        <button type="submit" className="button" disabled={busy}>
          {region ? t('regions:form.save') : t('regions:form.create')}
        </button>
      </form>
    </div>
  );
}
