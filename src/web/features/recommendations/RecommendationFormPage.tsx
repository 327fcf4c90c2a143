import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { CHANGE_KINDS, EFFORTS, PRIORITIES, type ChangeKind, type Effort, type Priority } from '../../../shared/dialogues.ts';
import { api, ApiError } from '../../app/api.ts';
import { Field, SelectField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { fieldText } from '../../components/problemText.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { RequireUser } from '../../components/RequireUser.tsx';
import { useResource } from '../../components/useResource.ts';
import { formChoice, formChoices, formText, useSubmit } from '../../components/useSubmit.ts';
import { useInstitutionChoices } from '../institutions/useInstitutionChoices.ts';

const LANGUAGES = ['fi', 'et', 'en'] as const;
const refs = (value: FormDataEntryValue | null) => String(value ?? '').split(/[\s,]+/).filter(Boolean);

/** Where each field's error links: the form's controls are named r-…. */
const RECOMMENDATION_FIELD_IDS = Object.fromEntries(['title', 'rationale', 'addressees', 'bottlenecks', 'dialogues', 'changeKind', 'priority', 'effort'].map((name) => [name, `r-${name}`]));

export function RecommendationFormPage() {
  return (
    <RequireUser roles={['editor']}>
      <RecommendationForm />
    </RequireUser>
  );
}

/** Proposes a recommendation, or edits the one in the address (`/recommendations/:ref/edit`). */
function RecommendationForm() {
  const { t, i18n } = useTranslation();
  const { ref } = useParams();
  const navigate = useNavigate();
  const existing = useResource('/api/recommendations/{id}', ref ? { path: { id: ref } } : null);
  const institutions = useInstitutionChoices();
  const value = existing.data;
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const localized = (name: string) => Object.fromEntries(LANGUAGES.map((lang) => [lang, formText(form, `${name}-${lang}`).trim()]).filter(([, text]) => text));
    const body = {
      title: localized('title'),
      rationale: localized('rationale'),
      addressees: formChoices(form, 'addressees'),
      bottlenecks: refs(form.get('bottlenecks')),
      dialogues: refs(form.get('dialogues')),
      changeKind: formChoice<ChangeKind>(form, 'changeKind'),
      priority: formChoice<Priority>(form, 'priority'),
      effort: formChoice<Effort>(form, 'effort'),
    };
    if (value) {
      await api.patch('/api/recommendations/{id}', { path: { id: value.ref }, body });
      navigate(`/recommendations/${value.ref}`);
    } else {
      const created = await api.post('/api/recommendations', { body });
      navigate(`/recommendations/${created.ref}`);
    }
  });
  if ((ref && !value) || !institutions.data) return <p role="status">{t('common:loading')}</p>;
  const errors = error instanceof ApiError ? error.fieldErrors() : {};
  const errorFor = (field: string) => (errors[field] ? fieldText(errors[field], t) : undefined);
  const addressed = new Set(value?.addressees.map((a) => a.id));
  return (
    <div className="page page--narrow">
      <PageTitle>{value ? t('recommendations:form.editTitle', { ref: value.ref }) : t('recommendations:form.newTitle')}</PageTitle>
      <FormErrors error={error} fieldIds={RECOMMENDATION_FIELD_IDS} />
      <form className="form" onSubmit={onSubmit} noValidate>
        <fieldset id="r-title">
          <legend>{t('recommendations:fields.title')}</legend>
          {LANGUAGES.map((lang) => (
            <Field key={lang} id={`r-title-${lang}`} name={`title-${lang}`} label={t(`common:languages.${lang}`)} defaultValue={value?.title[lang] ?? ''} maxLength={200} />
          ))}
        </fieldset>
        <fieldset id="r-rationale">
          <legend>{t('recommendations:fields.rationale')}</legend>
          {LANGUAGES.map((lang) => (
            <div className="field" key={lang}>
              <label htmlFor={`r-rationale-${lang}`}>{t(`common:languages.${lang}`)}</label>
              <textarea id={`r-rationale-${lang}`} name={`rationale-${lang}`} rows={4} maxLength={10000} defaultValue={value?.rationale[lang] ?? ''} />
            </div>
          ))}
        </fieldset>
        <fieldset id="r-addressees">
          <legend>{t('recommendations:fields.addressees')}</legend>
          {errorFor('addressees') && <p className="field__error">{errorFor('addressees')}</p>}
          <div className="choices-grid">
            {institutions.data.items.map((institution) => (
              <label key={institution.id} className="checkbox">
                <input type="checkbox" name="addressees" value={institution.id} defaultChecked={addressed.has(institution.id)} /> {institution.name[i18n.language as 'fi'] ?? institution.name.en ?? institution.name.fi} ({institution.country})
              </label>
            ))}
          </div>
        </fieldset>
        <Field id="r-bottlenecks" name="bottlenecks" label={t('recommendations:form.bottlenecks')} hint={t('dialogues:form.bottlenecksHint')} defaultValue={value?.bottlenecks.map((b) => b.ref).join(' ') ?? ''} error={errorFor('bottlenecks.0')} />
        <Field id="r-dialogues" name="dialogues" label={t('recommendations:form.dialogues')} hint={t('recommendations:form.dialoguesHint')} defaultValue={value?.dialogues.map((d) => d.ref).join(' ') ?? ''} error={errorFor('dialogues.0')} />
        <SelectField id="r-changeKind" name="changeKind" label={t('recommendations:fields.changeKind')} defaultValue={value?.changeKind ?? 'administrative'} options={CHANGE_KINDS.map((k) => ({ value: k, label: t(`recommendations:changeKind.${k}`) }))} />
        <SelectField id="r-priority" name="priority" label={t('recommendations:fields.priority')} defaultValue={value?.priority ?? 'medium'} options={PRIORITIES.map((p) => ({ value: p, label: t(`recommendations:priority.${p}`) }))} />
        <SelectField id="r-effort" name="effort" label={t('recommendations:fields.effort')} defaultValue={value?.effort ?? 'medium'} options={EFFORTS.map((e) => ({ value: e, label: t(`recommendations:effort.${e}`) }))} />
        <button type="submit" className="button" disabled={busy}>
          {value ? t('recommendations:form.save') : t('recommendations:form.create')}
        </button>
      </form>
    </div>
  );
}
