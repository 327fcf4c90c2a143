import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { CHANGE_KINDS, EFFORTS, PRIORITIES, type ChangeKind, type Effort, type Priority } from '../../../shared/dialogues.ts';
import { api, ApiError, type GetAnswer } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { newItem } from '../../components/draft.ts';
import { DraftForm, DraftStatus } from '../../components/DraftForm.tsx';
import { Field, SelectField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { fieldText } from '../../components/problemText.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { Picker } from '../../components/Picker.tsx';
import { bottleneckItem, bottleneckKind, dialogueItem, dialogueKind, institutionItem, institutionKind, lessonItem, lessonKind, prefilledLinks, PREFILLED_PARAMS, type BottleneckItem, type DialogueItem } from '../../components/pickerKinds.ts';
import { RequireUser } from '../../components/RequireUser.tsx';
import { useNotice } from '../../components/StatusMessage.tsx';
import { useDraft } from '../../components/useDraft.ts';
import { useLoaded } from '../../components/useLoaded.ts';
import { useResource } from '../../components/useResource.ts';
import { formChoice, formChoices, formText, useSubmit } from '../../components/useSubmit.ts';
import { RequiredGroupLegend, RequiredNote } from '../../components/Required.tsx';
import { ByLanguage, FORM_LANGUAGES } from '../../components/LocalizedFields.tsx';


/** Where each field's error links: the form's controls are named r-…. */
const RECOMMENDATION_FIELD_IDS = Object.fromEntries(['bottlenecks', 'dialogues', 'lessons', 'changeKind', 'priority', 'effort'].map((name) => [name, `r-${name}`]));

export function RecommendationFormPage() {
  return (
    <RequireUser roles={['editor']}>
      <RecommendationForm />
    </RequireUser>
  );
}

/**
 * Proposes a recommendation, or edits the one in the address (`/recommendations/:ref/edit`). A new
 * one starts with the dialogues and bottlenecks its address names
 * (`/recommendations/new?dialogue=DL-…&bottleneck=BN-…`), a dialogue's bottlenecks with it.
 */
function RecommendationForm() {
  const { t } = useTranslation();
  const { ref } = useParams();
  const [params] = useSearchParams();
  const existing = useResource('/api/recommendations/{id}', ref ? { path: { id: ref } } : null);
  const prefill = useLoaded(ref ? null : params.toString(), () => prefilledLinks(params));
  const value = existing.data;
  if ((ref && !value) || !prefill.ready) return <p role="status">{t('common:loading')}</p>;
  const draftItem = value ? value.ref : newItem(params, PREFILLED_PARAMS);
  return <RecommendationEditor key={draftItem} draftItem={draftItem} value={value ?? null} prefilled={prefill.data ?? null} />;
}

/**
 * The form itself, once what it starts from is there. It keeps a draft, per recommendation (or new
 * one from its address) and editor, until saved.
 */
function RecommendationEditor({ draftItem, value, prefilled }: { draftItem: string; value: GetAnswer<'/api/recommendations/{id}'> | null; prefilled: { dialogues: DialogueItem[]; bottlenecks: BottleneckItem[] } | null }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const notice = useNotice();
  const formRef = useRef<HTMLFormElement>(null);
  const draft = useDraft({ form: 'recommendation', item: draftItem, user: user?.id, formRef });
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const localized = (name: string) => Object.fromEntries(FORM_LANGUAGES.map((lang) => [lang, formText(form, `${name}-${lang}`).trim()]).filter(([, text]) => text));
    const body = {
      title: localized('title'),
      rationale: localized('rationale'),
      addressees: formChoices(form, 'addressees'),
      bottlenecks: formChoices(form, 'bottlenecks'),
      dialogues: formChoices(form, 'dialogues'),
      lessons: formChoices(form, 'lessons'),
      changeKind: formChoice<ChangeKind>(form, 'changeKind'),
      priority: formChoice<Priority>(form, 'priority'),
      effort: formChoice<Effort>(form, 'effort'),
    };
    if (value) {
      await api.patch('/api/recommendations/{id}', { path: { id: value.ref }, body });
      draft.clear();
      void notice.navigate(`/recommendations/${value.ref}`, 'recommendations:notice.saved');
    } else {
      const created = await api.post('/api/recommendations', { body });
      draft.clear();
      void notice.navigate(`/recommendations/${created.ref}`, 'recommendations:notice.created');
    }
  });
  const errors = error instanceof ApiError ? error.fieldErrors() : {};
  const errorFor = (field: string) => (errors[field] ? fieldText(errors[field], t) : undefined);
  // The first lesson refused, whichever it is.
  const lessonError = () => {
    const found = Object.entries(errors).find(([path]) => path.startsWith('lessons.'));
    return found ? fieldText(found[1], t) : undefined;
  };
  return (
    <div className="page page--narrow">
      <PageTitle>{value ? t('recommendations:form.editTitle', { ref: value.ref }) : t('recommendations:form.newTitle')}</PageTitle>
      <DraftStatus draft={draft} item={value?.ref} />
      <FormErrors error={error} fieldIds={RECOMMENDATION_FIELD_IDS} />
      <DraftForm draft={draft} ref={formRef} className="form" onSubmit={onSubmit} noValidate>
        <RequiredNote />
        <fieldset id="field-title" tabIndex={-1} aria-describedby="field-title-rule">
          <RequiredGroupLegend text={t('recommendations:fields.title')} rule="atLeastOneLanguage" id="field-title-rule" />
          <ByLanguage written={(lang) => Boolean(value?.title[lang])} render={(lang) => (
            <Field key={lang} id={`r-title-${lang}`} name={`title-${lang}`} label={t(`common:languages.${lang}`)} defaultValue={value?.title[lang] ?? ''} maxLength={200} />
          )} />
        </fieldset>
        <fieldset id="field-rationale" tabIndex={-1} aria-describedby="field-rationale-rule">
          <RequiredGroupLegend text={t('recommendations:fields.rationale')} rule="atLeastOneLanguage" id="field-rationale-rule" />
          <ByLanguage written={(lang) => Boolean(value?.rationale[lang])} render={(lang) => (
            <div className="field" key={lang}>
              <label htmlFor={`r-rationale-${lang}`}>{t(`common:languages.${lang}`)}</label>
              <textarea id={`r-rationale-${lang}`} name={`rationale-${lang}`} rows={4} maxLength={10000} defaultValue={value?.rationale[lang] ?? ''} />
            </div>
          )} />
        </fieldset>
        <Picker id="field-addressees" name="addressees" multiple required kind={institutionKind} label={t('recommendations:fields.addressees')} hint={t('recommendations:form.addresseesHint')} defaultValue={value?.addressees.map(institutionItem)} error={errorFor('addressees')} />
        <Picker id="r-bottlenecks" name="bottlenecks" multiple kind={bottleneckKind} label={t('recommendations:form.bottlenecks')} hint={t('recommendations:form.bottlenecksHint')} defaultValue={value ? value.bottlenecks.map(bottleneckItem) : prefilled?.bottlenecks} error={errorFor('bottlenecks.0')} />
        <Picker id="r-dialogues" name="dialogues" multiple kind={dialogueKind} label={t('recommendations:form.dialogues')} hint={t('recommendations:form.dialoguesHint')} defaultValue={value ? value.dialogues.map(dialogueItem) : prefilled?.dialogues} error={errorFor('dialogues.0')} />
        <Picker id="r-lessons" name="lessons" multiple kind={lessonKind} label={t('recommendations:form.lessons')} hint={t('recommendations:form.lessonsHint')} defaultValue={value?.lessons.map(lessonItem)} error={lessonError()} />
        <SelectField id="r-changeKind" name="changeKind" required label={t('recommendations:fields.changeKind')} defaultValue={value?.changeKind ?? 'administrative'} options={CHANGE_KINDS.map((k) => ({ value: k, label: t(`recommendations:changeKind.${k}`) }))} />
        <SelectField id="r-priority" name="priority" required label={t('recommendations:fields.priority')} defaultValue={value?.priority ?? 'medium'} options={PRIORITIES.map((p) => ({ value: p, label: t(`recommendations:priority.${p}`) }))} />
        <SelectField id="r-effort" name="effort" required label={t('recommendations:fields.effort')} defaultValue={value?.effort ?? 'medium'} options={EFFORTS.map((e) => ({ value: e, label: t(`recommendations:effort.${e}`) }))} />
        <button type="submit" className="button" disabled={busy}>
          {value ? t('recommendations:form.save') : t('recommendations:form.create')}
        </button>
      </DraftForm>
    </div>
  );
}
