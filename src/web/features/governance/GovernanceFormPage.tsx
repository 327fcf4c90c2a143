import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { BODY_KINDS, BODY_LEVELS, CADENCES, type BodyKind, type BodyLevel, type BodyMemberRole, type Cadence } from '../../../shared/governance.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import { DOMAINS, type Domain } from '../../../shared/register.ts';
import { api, ApiError, type GetAnswer } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { DraftForm, DraftStatus } from '../../components/DraftForm.tsx';
import { Field, SelectField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { Picker } from '../../components/Picker.tsx';
import { dialogueItem, dialogueKind, institutionItem, institutionKind } from '../../components/pickerKinds.ts';
import { fieldText } from '../../components/problemText.ts';
import { RequireUser } from '../../components/RequireUser.tsx';
import { RequiredGroupLegend, RequiredNote } from '../../components/Required.tsx';
import { useNotice } from '../../components/StatusMessage.tsx';
import { useDraft } from '../../components/useDraft.ts';
import { useResource } from '../../components/useResource.ts';
import { formChoice, formChoices, formText, useSubmit } from '../../components/useSubmit.ts';
import { membersFromForm, ROLE_PICKERS } from './governanceForm.ts';
import { ByLanguage, FORM_LANGUAGES } from '../../components/LocalizedFields.tsx';

type Body = GetAnswer<'/api/governance/bodies/{id}'>;

/** Where each field's error links. */
const FIELD_IDS = Object.fromEntries(['slug', 'level', 'kind', 'domain', 'parentId', 'cadence', 'position', 'members', 'meetings'].map((name) => [name, `g-${name}`]));

export function GovernanceFormPage() {
  return (
    <RequireUser roles={['editor']}>
      <GovernanceForm />
    </RequireUser>
  );
}

/** Adds a body, or edits the one in the address (`/governance/:slug/edit`). */
function GovernanceForm() {
  const { t } = useTranslation();
  const { slug } = useParams();
  const existing = useResource('/api/governance/bodies/{id}', slug ? { path: { id: slug } } : null);
  const all = useResource('/api/governance/bodies');
  if ((slug && !existing.data) || !all.data) return <p role="status">{t('common:loading')}</p>;
  return <GovernanceEditor key={existing.data?.id ?? 'new'} value={existing.data ?? null} bodies={all.data.items} />;
}

function GovernanceEditor({ value, bodies }: { value: Body | null; bodies: Body[] }) {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const notice = useNotice();
  const formRef = useRef<HTMLFormElement>(null);
  const draft = useDraft({ form: 'governance-body', item: value?.id ?? 'new', user: user?.id, formRef });
  const nameOf = (body: Body) => pickLocalized(body.name, i18n.language as ContentLanguage)?.text ?? body.slug;
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const localized = (name: string) => Object.fromEntries(FORM_LANGUAGES.map((lang) => [lang, formText(form, `${name}-${lang}`).trim()]).filter(([, text]) => text));
    const mandate = localized('mandate');
    const chosen = Object.fromEntries(ROLE_PICKERS.map((role) => [role, formChoices(form, `members-${role}`)])) as Record<BodyMemberRole, string[]>;
    const position = formText(form, 'position').trim();
    const body = {
      name: localized('name'),
      level: formChoice<BodyLevel>(form, 'level'),
      kind: formChoice<BodyKind>(form, 'kind'),
      domain: (formText(form, 'domain') || null) as Domain | null,
      parentId: formText(form, 'parentId') || null,
      mandate: Object.keys(mandate).length ? mandate : null,
      cadence: formChoice<Cadence>(form, 'cadence'),
      ...(position ? { position: Number(position) } : {}),
      members: membersFromForm(chosen, value?.members ?? []),
      meetings: formChoices(form, 'meetings'),
    };
    if (value) await api.patch('/api/governance/bodies/{id}', { path: { id: value.id }, body });
    else await api.post('/api/governance/bodies', { body: { ...body, slug: formText(form, 'slug').trim() } });
    draft.clear();
    void notice.navigate('/governance', value ? 'governance:notice.saved' : 'governance:notice.created');
  });
  const remove = useSubmit(async () => {
    await api.delete('/api/governance/bodies/{id}', { path: { id: value!.id } });
    draft.clear();
    void notice.navigate('/governance', 'governance:notice.deleted');
  });
  const errors = error instanceof ApiError ? error.fieldErrors() : {};
  const errorFor = (field: string) => (errors[field] ? fieldText(errors[field], t) : undefined);
  const firstError = (prefix: string) => {
    const key = Object.keys(errors).find((k) => k === prefix || k.startsWith(`${prefix}.`));
    return key ? fieldText(errors[key]!, t) : undefined;
  };
  const membersIn = (role: BodyMemberRole) => value?.members.filter((m) => m.role === role).map((m) => institutionItem(m.institution));
  const parents = bodies.filter((body) => body.id !== value?.id);
  return (
    <div className="page page--narrow">
      <PageTitle>{value ? t('governance:form.editTitle') : t('governance:form.newTitle')}</PageTitle>
      <DraftStatus draft={draft} item={value ? nameOf(value) : undefined} />
      <FormErrors error={error ?? remove.error} fieldIds={FIELD_IDS} />
      <DraftForm draft={draft} ref={formRef} className="form" onSubmit={onSubmit} noValidate>
        <RequiredNote />
        {!value && <Field id="g-slug" name="slug" required label={t('governance:fields.slug')} hint={t('governance:form.slugHint')} error={errorFor('slug')} maxLength={80} />}
        <fieldset id="field-name" tabIndex={-1} aria-describedby="field-name-rule">
          <RequiredGroupLegend text={t('governance:fields.name')} rule="atLeastOneLanguage" id="field-name-rule" />
          <ByLanguage written={(lang) => Boolean(value?.name[lang])} render={(lang) => (
            <Field key={lang} id={`g-name-${lang}`} name={`name-${lang}`} label={t(`common:languages.${lang}`)} defaultValue={value?.name[lang] ?? ''} maxLength={300} />
          )} />
        </fieldset>
        <SelectField id="g-level" name="level" required label={t('governance:fields.level')} defaultValue={value?.level ?? 'administrative'} options={BODY_LEVELS.map((level) => ({ value: level, label: t(`governance:level.${level}`) }))} />
        <SelectField id="g-kind" name="kind" required label={t('governance:fields.kind')} defaultValue={value?.kind ?? 'working_group'} options={BODY_KINDS.map((kind) => ({ value: kind, label: t(`governance:kind.${kind}`) }))} />
        <SelectField id="g-domain" name="domain" label={t('governance:fields.domain')} defaultValue={value?.domain ?? ''} options={[{ value: '', label: t('governance:form.noDomain') }, ...DOMAINS.map((domain) => ({ value: domain, label: t(`bottlenecks:domain.${domain}`) }))]} />
        <SelectField id="g-parentId" name="parentId" label={t('governance:fields.parent')} defaultValue={value?.parentId ?? ''} error={errorFor('parentId')} options={[{ value: '', label: t('governance:form.noParent') }, ...parents.map((body) => ({ value: body.id, label: nameOf(body) }))]} />
        <SelectField id="g-cadence" name="cadence" required label={t('governance:fields.cadence')} defaultValue={value?.cadence ?? 'quarterly'} options={CADENCES.map((cadence) => ({ value: cadence, label: t(`governance:cadence.${cadence}`) }))} />
        <Field id="g-position" name="position" type="number" min={0} max={10000} label={t('governance:fields.position')} defaultValue={value ? String(value.position) : ''} error={errorFor('position')} />
        <fieldset>
          <legend>{t('governance:fields.mandate')}</legend>
          <ByLanguage written={(lang) => Boolean(value?.mandate?.[lang])} render={(lang) => (
            <div className="field" key={lang}>
              <label htmlFor={`g-mandate-${lang}`}>{t(`common:languages.${lang}`)}</label>
              <textarea id={`g-mandate-${lang}`} name={`mandate-${lang}`} rows={3} maxLength={4000} defaultValue={value?.mandate?.[lang] ?? ''} />
            </div>
          )} />
        </fieldset>
        <fieldset id="g-members" tabIndex={-1}>
          <legend>{t('governance:fields.members')}</legend>
          {ROLE_PICKERS.map((role) => (
            <Picker key={role} id={`g-members-${role}`} name={`members-${role}`} multiple kind={institutionKind} label={t(`governance:role.${role}`)} defaultValue={membersIn(role)} />
          ))}
          {firstError('members') && <p className="field__error">{firstError('members')}</p>}
        </fieldset>
        <Picker id="g-meetings" name="meetings" multiple kind={dialogueKind} label={t('governance:fields.meetings')} hint={t('governance:form.meetingsHint')} defaultValue={value?.meetings.map(dialogueItem)} error={firstError('meetings')} />
        <button type="submit" className="button" disabled={busy}>
          {t('governance:form.save')}
        </button>
      </DraftForm>
      {value && (
        <form onSubmit={remove.onSubmit} className="run-now">
          <ConfirmButton disabled={remove.busy} question={t('governance:form.deleteQuestion', { name: nameOf(value) })} consequence={t('governance:form.deleteConfirm', { name: nameOf(value) })} confirmLabel={t('governance:form.delete')}>
            {t('governance:form.delete')}
          </ConfirmButton>
        </form>
      )}
    </div>
  );
}
