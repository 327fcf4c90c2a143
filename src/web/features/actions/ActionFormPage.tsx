import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { REVIEW_CADENCES, type RaciRole, type ReviewCadence } from '../../../shared/actions.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import { DOMAINS, type Domain } from '../../../shared/register.ts';
import { api, ApiError, type GetAnswer } from '../../app/api.ts';
import { DateField } from '../../components/DateField.tsx';
import { Field, SelectField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { Picker } from '../../components/Picker.tsx';
import { bottleneckItem, bottleneckKind, institutionItem, institutionKind, lessonItem, lessonKind, recommendationItem, recommendationKind } from '../../components/pickerKinds.ts';
import { fieldText } from '../../components/problemText.ts';
import { RequiredGroupLegend, RequiredNote } from '../../components/Required.tsx';
import { RequireUser } from '../../components/RequireUser.tsx';
import { useNotice } from '../../components/StatusMessage.tsx';
import { useResource } from '../../components/useResource.ts';
import { formChoices, formText, useSubmit } from '../../components/useSubmit.ts';
import { actionItem, actionKind } from './actionKind.ts';
import { useRoadmapPlan } from './roadmap/useRoadmapPlan.ts';
import type { PlanRow } from './roadmap/planRows.ts';
import { ByLanguage, FORM_LANGUAGES } from '../../components/LocalizedFields.tsx';

type Detail = GetAnswer<'/api/actions/{id}'>;
const ROLE_FIELDS: { role: RaciRole; name: string }[] = [
  { role: 'A', name: 'raci-A' },
  { role: 'R', name: 'raci-R' },
  { role: 'C', name: 'raci-C' },
  { role: 'I', name: 'raci-I' },
];
/** Where each field's error links. */
const FIELD_IDS = { domain: 'a-domain', startsOn: 'a-startsOn', endsOn: 'a-endsOn', parent: 'a-parent', bodyId: 'a-body', reviewCadence: 'a-cadence', weight: 'a-weight', budgetEur: 'a-budget', raci: 'a-raci-A', entries: 'a-raci-A', dependsOn: 'a-dependsOn', predecessors: 'a-dependsOn', recommendations: 'a-recommendations', bottlenecks: 'a-bottlenecks', lessons: 'a-lessons' };

export function ActionFormPage() {
  return (
    <RequireUser roles={['editor']}>
      <ActionForm />
    </RequireUser>
  );
}

function ActionForm() {
  const { t } = useTranslation();
  const { ref } = useParams();
  const existing = useResource('/api/actions/{id}', ref ? { path: { id: ref } } : null);
  const plan = useRoadmapPlan(true);
  if ((ref && !existing.data) || !plan.items) return <p role="status">{t('common:loading')}</p>;
  return <ActionEditor key={existing.data?.updatedAt ?? 'new'} value={existing.data ?? null} plan={plan.items} />;
}

/**
 * Adds an action to the plan, or edits one: its texts, place in the tree, period, coordination,
 * budget, RACI (one Accountable, recorded as the lead; at least one Responsible), the actions it waits for, what it answers and the lessons it cites. Editing sends the change, then
 * the RACI and the dependencies, each checked by the API, which names any field it refuses.
 */
function ActionEditor({ value, plan }: { value: Detail | null; plan: readonly PlanRow[] }) {
  const { t, i18n } = useTranslation();
  const notice = useNotice();
  const bodies = useResource('/api/governance/bodies');
  const text = (v: Parameters<typeof pickLocalized>[0], fallback: string) => pickLocalized(v, i18n.language as ContentLanguage)?.text ?? fallback;
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const localized = (name: string) => Object.fromEntries(FORM_LANGUAGES.map((lang) => [lang, formText(form, `${name}-${lang}`).trim()]).filter(([, v]) => v));
    const number = (name: string) => (formText(form, name).trim() === '' ? undefined : Number(formText(form, name)));
    const cadence = formText(form, 'reviewCadence');
    const budget = number('budgetEur');
    const description = localized('description');
    const fields = {
      title: localized('title'),
      ...(Object.keys(description).length ? { description } : {}),
      domain: formText(form, 'domain') as Domain,
      startsOn: formText(form, 'startsOn'),
      endsOn: formText(form, 'endsOn'),
      ...(number('weight') !== undefined ? { weight: number('weight')! } : {}),
      parent: formText(form, 'parent') || null,
      bodyId: formText(form, 'bodyId') || null,
      ...(cadence ? { reviewCadence: cadence as ReviewCadence } : {}),
      budgetEur: budget ?? null,
      recommendations: formChoices(form, 'recommendations'),
      bottlenecks: formChoices(form, 'bottlenecks'),
      lessons: formChoices(form, 'lessons'),
    };
    const accountable = formText(form, 'raci-A');
    const raci = ROLE_FIELDS.flatMap(({ role, name }) => formChoices(form, name).map((institutionId) => ({ institutionId, role, ...(role === 'A' && institutionId === accountable ? { lead: true } : {}) })));
    const dependsOn = formChoices(form, 'dependsOn');
    if (value) {
      await api.patch('/api/actions/{id}', { path: { id: value.ref }, body: fields });
      await api.put('/api/actions/{id}/raci', { path: { id: value.ref }, body: { entries: raci } });
      await api.put('/api/actions/{id}/dependencies', { path: { id: value.ref }, body: { predecessors: dependsOn } });
      void notice.navigate(`/actions/${value.ref}`, 'actions:notice.saved');
    } else {
      const created = await api.post('/api/actions', { body: { ...fields, raci, dependsOn } });
      void notice.navigate(`/actions/${created.ref}`, 'actions:notice.created');
    }
  });
  const errors = error instanceof ApiError ? error.fieldErrors() : {};
  const errorFor = (field: string) => {
    const found = Object.entries(errors).find(([path]) => path === field || path.startsWith(`${field}.`));
    return found ? fieldText(found[1], t) : undefined;
  };
  const role = (r: RaciRole) => (value?.raci ?? []).filter((e) => e.role === r).map((e) => institutionItem(e.institution));
  const choices = plan.filter((a) => a.id !== value?.id);
  return (
    <div className="page page--narrow">
      <PageTitle>{value ? t('actions:form.editTitle', { ref: value.ref }) : t('actions:form.newTitle')}</PageTitle>
      <FormErrors error={error} fieldIds={FIELD_IDS} />
      <form className="form" onSubmit={onSubmit} noValidate>
        <RequiredNote />
        <fieldset id="field-title" tabIndex={-1} aria-describedby="field-title-rule">
          <RequiredGroupLegend text={t('actions:form.title')} rule="atLeastOneLanguage" id="field-title-rule" />
          <ByLanguage written={(lang) => Boolean(value?.title[lang])} render={(lang) => (
            <Field key={lang} id={`a-title-${lang}`} name={`title-${lang}`} label={t(`common:languages.${lang}`)} defaultValue={value?.title[lang] ?? ''} maxLength={200} />
          )} />
        </fieldset>
        <fieldset id="field-description">
          <legend>{t('actions:form.description')}</legend>
          <ByLanguage written={(lang) => Boolean((value?.description as Record<string, string> | undefined)?.[lang])} render={(lang) => (
            <div className="field" key={lang}>
              <label htmlFor={`a-description-${lang}`}>{t(`common:languages.${lang}`)}</label>
              <textarea id={`a-description-${lang}`} name={`description-${lang}`} rows={3} maxLength={10000} defaultValue={(value?.description as Record<string, string> | undefined)?.[lang] ?? ''} />
            </div>
          )} />
        </fieldset>
        <SelectField id="a-domain" name="domain" required label={t('actions:fields.domain')} defaultValue={value?.domain ?? DOMAINS[0]} options={DOMAINS.map((d) => ({ value: d, label: t(`bottlenecks:domain.${d}`) }))} error={errorFor('domain')} />
        <SelectField
          id="a-parent"
          name="parent"
          label={t('actions:form.parent')}
          defaultValue={value?.parentId ? (plan.find((a) => a.id === value.parentId)?.ref ?? '') : ''}
          options={[{ value: '', label: t('actions:form.noParent') }, ...choices.map((a) => ({ value: a.ref, label: `${a.ref} ${text(a.title, '')}` }))]}
          error={errorFor('parent')}
        />
        <DateField id="a-startsOn" name="startsOn" required label={t('actions:form.startsOn')} defaultValue={value?.startsOn} error={errorFor('startsOn')} />
        <DateField id="a-endsOn" name="endsOn" required label={t('actions:form.endsOn')} defaultValue={value?.endsOn} error={errorFor('endsOn')} />
        <Field id="a-weight" name="weight" type="number" min={0} step="any" inputMode="decimal" label={t('actions:form.weight')} hint={t('actions:form.weightHint')} defaultValue={value ? String(value.weight) : '1'} error={errorFor('weight')} />
        <SelectField
          id="a-body"
          name="bodyId"
          label={t('actions:fields.body')}
          defaultValue={value?.bodyId ?? ''}
          options={[{ value: '', label: t('actions:detail.none') }, ...(bodies.data?.items ?? []).map((b) => ({ value: b.id, label: text(b.name, b.slug) }))]}
          error={errorFor('bodyId')}
        />
        <SelectField
          id="a-cadence"
          name="reviewCadence"
          label={t('actions:fields.reviewCadence')}
          defaultValue={value?.reviewCadence ?? ''}
          options={[{ value: '', label: t('actions:form.bodyCadence') }, ...REVIEW_CADENCES.map((c) => ({ value: c, label: t(`actions:cadence.${c}`) }))]}
          error={errorFor('reviewCadence')}
        />
        <Field id="a-budget" name="budgetEur" type="number" min={0} step="any" inputMode="decimal" label={t('actions:form.budget')} defaultValue={value?.budgetEur != null ? String(value.budgetEur) : ''} error={errorFor('budgetEur')} />
        <fieldset>
          <legend>{t('actions:detail.raci')}</legend>
          <p className="field__hint">{t('actions:form.raciHint')}</p>
          {ROLE_FIELDS.map(({ role: r, name }) => (
            <Picker
              key={r}
              id={`a-${name}`}
              name={name}
              multiple={r !== 'A'}
              required={r === 'A' || r === 'R'}
              kind={institutionKind}
              label={t(`actions:raci.roles.${r}`)}
              defaultValue={role(r)}
              error={r === 'A' ? (errorFor('raci') ?? errorFor('entries')) : undefined}
            />
          ))}
        </fieldset>
        <Picker id="a-dependsOn" name="dependsOn" multiple kind={actionKind} label={t('actions:detail.predecessors')} defaultValue={value?.dependencies.predecessors.map(actionItem)} error={errorFor('dependsOn') ?? errorFor('predecessors')} />
        <Picker id="a-recommendations" name="recommendations" multiple kind={recommendationKind} label={t('actions:detail.recommendations')} defaultValue={value?.recommendations.map(recommendationItem)} error={errorFor('recommendations')} />
        <Picker id="a-bottlenecks" name="bottlenecks" multiple kind={bottleneckKind} label={t('actions:detail.bottlenecks')} defaultValue={value?.bottlenecks.map(bottleneckItem)} error={errorFor('bottlenecks')} />
        <Picker id="a-lessons" name="lessons" multiple kind={lessonKind} label={t('actions:form.lessons')} hint={t('actions:form.lessonsHint')} defaultValue={value?.lessons.map(lessonItem)} error={errorFor('lessons')} />
        <button type="submit" className="button" disabled={busy}>
          {value ? t('actions:form.save') : t('actions:form.create')}
        </button>
      </form>
    </div>
  );
}
