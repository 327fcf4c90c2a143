import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { DIALOGUE_TYPES, TIME_ZONES, VISIBILITIES, type TimeZone } from '../../../shared/dialogues.ts';
import { CONTENT_LANGUAGES } from '../../../shared/languages.ts';
import { DOMAINS } from '../../../shared/register.ts';
import { api, ApiError, type GetAnswer } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { newItem, type DraftValues } from '../../components/draft.ts';
import { DraftForm, DraftStatus } from '../../components/DraftForm.tsx';
import { Field, SelectField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { fieldText } from '../../components/problemText.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { Picker } from '../../components/Picker.tsx';
import { bottleneckItem, bottleneckKind, institutionItem, institutionKind, prefilledLinks, PREFILLED_PARAMS, type BottleneckItem } from '../../components/pickerKinds.ts';
import { RequireUser } from '../../components/RequireUser.tsx';
import { useNotice } from '../../components/StatusMessage.tsx';
import { useDraft, useDraftPart } from '../../components/useDraft.ts';
import { useLoaded } from '../../components/useLoaded.ts';
import { useResource } from '../../components/useResource.ts';
import { editRows, type RowsAction } from '../../components/rows.ts';
import { useSubmit } from '../../components/useSubmit.ts';
import { DateTimeField } from '../../components/DateField.tsx';
import { agendaBody, agendaRows, BLANK_AGENDA_ITEM, BLANK_PARTICIPANT, dialogueRequest, participantRows, participantsBody, readAgendaRows, readParticipantRows, type AgendaRow, type ParticipantRow } from './dialogueForm.ts';
import { RequiredGroupLegend, RequiredNote } from '../../components/Required.tsx';
import { ByLanguage, FORM_LANGUAGES } from '../../components/LocalizedFields.tsx';

export function DialogueFormPage() {
  return (
    <RequireUser roles={['editor']}>
      <DialogueForm />
    </RequireUser>
  );
}

/**
 * Plans a dialogue, or edits the one in the address (`/dialogues/:ref/edit`), minutes and outcomes
 * included. A new one starts with the bottlenecks its address names (`/dialogues/new?bottleneck=BN-…`).
 */
function DialogueForm() {
  const { t } = useTranslation();
  const { ref } = useParams();
  const [params] = useSearchParams();
  const existing = useResource('/api/dialogues/{id}', ref ? { path: { id: ref } } : null);
  const prefill = useLoaded(ref ? null : params.toString(), () => prefilledLinks(params));
  const value = existing.data;
  if ((ref && !value) || !prefill.ready) return <p role="status">{t('common:loading')}</p>;
  const draftItem = value ? value.ref : newItem(params, PREFILLED_PARAMS);
  return <DialogueEditor key={draftItem} draftItem={draftItem} value={value ?? null} prefilled={prefill.data?.bottlenecks ?? null} />;
}

const isTimeZone = (zone: string | undefined): zone is TimeZone => (TIME_ZONES as readonly string[]).includes(zone ?? '');

/**
 * The form itself, once what it starts from is there. It keeps a draft, per dialogue (or new one
 * from its address) and editor, until saved: its fields, the pickers' chips, the days and times
 * typed, and the agenda and participants' rows.
 */
function DialogueEditor({ draftItem, value, prefilled }: { draftItem: string; value: GetAnswer<'/api/dialogues/{id}'> | null; prefilled: BottleneckItem[] | null }) {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const notice = useNotice();
  const formRef = useRef<HTMLFormElement>(null);
  const [participants, setRows] = useState<ParticipantRow[]>(() => participantRows(value?.participants));
  const [agenda, setAgenda] = useState<AgendaRow[]>(() => agendaRows(value?.agenda));
  // The zone chosen reads the start and end typed (the saved dialogue's until another is chosen).
  const [zone, setZone] = useState<TimeZone>(value?.timeZone ?? 'Europe/Helsinki');
  const onRestore = useCallback((values: DraftValues) => {
    const kept = values.timeZone?.[0];
    if (isTimeZone(kept)) setZone(kept);
  }, []);
  const draft = useDraft({ form: 'dialogue', item: draftItem, user: user?.id, formRef, onRestore });
  useDraftPart<ParticipantRow[]>(draft.scope, 'participants', { value: participants, restore: (rows) => setRows(rows), read: readParticipantRows, identity: participantsBody });
  useDraftPart<AgendaRow[]>(draft.scope, 'agenda', { value: agenda, restore: (rows) => setAgenda(rows), read: readAgendaRows, identity: agendaBody });
  const edit = (action: RowsAction<ParticipantRow>) => setRows(editRows(participants, action));
  const setParticipant = (key: number, change: Partial<ParticipantRow>) => edit({ type: 'update', key, change });
  const editAgenda = (action: RowsAction<AgendaRow>) => setAgenda(editRows(agenda, action));
  const setAgendaItem = (key: number, change: Partial<AgendaRow>) => editAgenda({ type: 'update', key, change });

  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const request = dialogueRequest(form, { participants, agenda }, value);
    if ('changes' in request) {
      await api.patch('/api/dialogues/{id}', { path: { id: request.ref }, body: request.changes });
      draft.clear();
      void notice.navigate(`/dialogues/${request.ref}`, 'dialogues:notice.saved');
    } else {
      const created = await api.post('/api/dialogues', { body: request.create });
      draft.clear();
      void notice.navigate(`/dialogues/${created.ref}`, 'dialogues:notice.created');
    }
  });

  const errors = error instanceof ApiError ? error.fieldErrors() : {};
  const errorFor = (field: string) => (errors[field] ? fieldText(errors[field], t) : undefined);
  // Where each field's error links when its control is not `field-<name>`: the controls are f-…, rows by their keys.
  const fieldIds: Record<string, string> = {
    ...Object.fromEntries(['type', 'language', 'description', 'timeZone', 'place', 'onlineUrl', 'domains', 'visibility', 'bottlenecks', 'agenda', 'participants', 'minutes', 'outcomes'].map((name) => [name, `f-${name}`])),
    organiserId: 'f-organiser',
    ...Object.fromEntries(
      agenda.flatMap((item, i) => [
        [`agenda.${i}`, `a-${item.key}-title`],
        [`agenda.${i}.title`, `a-${item.key}-title`],
        [`agenda.${i}.bottleneck`, `a-${item.key}-bottleneck`],
      ]),
    ),
    ...Object.fromEntries(
      participants.flatMap((p, i) => [
        [`participants.${i}`, `p-${p.key}-institution`],
        [`participants.${i}.institutionId`, `p-${p.key}-institution`],
        [`participants.${i}.name`, `p-${p.key}-name`],
        [`participants.${i}.role`, `p-${p.key}-role`],
        [`participants.${i}.email`, `p-${p.key}-email`],
      ]),
    ),
  };
  return (
    <div className="page page--narrow">
      <PageTitle>{value ? t('dialogues:form.editTitle', { ref: value.ref }) : t('dialogues:form.newTitle')}</PageTitle>
      <DraftStatus draft={draft} item={value?.ref} />
      <FormErrors error={error} fieldIds={fieldIds} />
      <DraftForm draft={draft} ref={formRef} className="form" onSubmit={onSubmit} noValidate>
        <RequiredNote />
        <SelectField id="f-type" name="type" required label={t('dialogues:fields.type')} defaultValue={value?.type ?? 'roundtable'} options={DIALOGUE_TYPES.map((type) => ({ value: type, label: t(`dialogues:type.${type}`) }))} />
        <fieldset id="field-title" tabIndex={-1} aria-describedby="field-title-rule">
          <RequiredGroupLegend text={t('dialogues:fields.title')} rule="atLeastOneLanguage" id="field-title-rule" />
          <ByLanguage written={(lang) => Boolean(value?.title[lang])} render={(lang) => (
            <Field key={lang} id={`f-title-${lang}`} name={`title-${lang}`} label={t(`common:languages.${lang}`)} defaultValue={value?.title[lang] ?? ''} maxLength={200} error={lang === 'fi' ? errorFor('title') : undefined} />
          )} />
        </fieldset>
        <SelectField id="f-language" name="language" required label={t('dialogues:fields.language')} defaultValue={value?.language ?? i18n.language} options={CONTENT_LANGUAGES.map((lang) => ({ value: lang, label: t(`common:languages.${lang}`) }))} />
        <div className="field">
          <label htmlFor="f-description">{t('dialogues:fields.description')}</label>
          <textarea id="f-description" name="description" rows={4} maxLength={10000} defaultValue={value ? (value.description?.[value.language] ?? '') : ''} />
        </div>
        <SelectField id="f-timeZone" name="timeZone" label={t('dialogues:form.timeZone')} value={zone} onChange={(event) => setZone(event.target.value as TimeZone)} options={TIME_ZONES.map((z) => ({ value: z, label: z }))} />
        <DateTimeField id="field-startsAt" name="startsAt" required label={t('dialogues:form.startsAt')} zone={zone} defaultValue={value?.startsAt} error={errorFor('startsAt')} />
        <DateTimeField id="field-endsAt" name="endsAt" required label={t('dialogues:form.endsAt')} zone={zone} defaultValue={value?.endsAt} error={errorFor('endsAt')} />
        <Field id="f-place" name="place" label={t('dialogues:fields.where')} defaultValue={value?.place ?? ''} maxLength={300} />
        <Field id="f-onlineUrl" name="onlineUrl" type="url" label={t('dialogues:form.onlineUrl')} defaultValue={value?.onlineUrl ?? ''} error={errorFor('onlineUrl')} />
        <Picker id="f-organiser" name="organiserId" required kind={institutionKind} label={t('dialogues:fields.organiser')} defaultValue={value ? [institutionItem(value.organiser)] : undefined} error={errorFor('organiserId')} />
        <fieldset id="f-domains" tabIndex={-1}>
          <legend>{t('dialogues:fields.domains')}</legend>
          {DOMAINS.map((domain) => (
            <label key={domain} className="checkbox">
              <input type="checkbox" name="domains" value={domain} defaultChecked={value?.domains.includes(domain)} /> {t(`bottlenecks:domain.${domain}`)}
            </label>
          ))}
        </fieldset>
        <SelectField id="f-visibility" name="visibility" required label={t('dialogues:fields.visibility')} defaultValue={value?.visibility ?? 'public'} options={VISIBILITIES.map((v) => ({ value: v, label: t(`dialogues:visibility.${v}`) }))} />
        <Picker id="f-bottlenecks" name="bottlenecks" multiple kind={bottleneckKind} label={t('dialogues:form.bottlenecks')} hint={t('dialogues:form.bottlenecksHint')} defaultValue={value ? value.bottlenecks.map(bottleneckItem) : (prefilled ?? undefined)} error={errorFor('bottlenecks.0')} />
        <fieldset id="f-agenda" tabIndex={-1}>
          <legend>{t('dialogues:fields.agenda')}</legend>
          <p className="field__hint">{t('dialogues:form.agendaHint')}</p>
          {agenda.map((item, index) => (
            <div key={item.key} className="participant-row">
              <Field id={`a-${item.key}-title`} required label={t('dialogues:form.agendaItemTitle', { n: index + 1 })} value={item.title} maxLength={300} onChange={(e) => setAgendaItem(item.key, { title: e.target.value })} error={errorFor(`agenda.${index}.title`)} />
              <Picker id={`a-${item.key}-bottleneck`} kind={bottleneckKind} label={t('dialogues:form.agendaItemBottleneck', { n: index + 1 })} value={item.bottleneck ? [item.bottleneck] : []} onChange={(chosen) => setAgendaItem(item.key, { bottleneck: chosen[0] ?? null })} error={errorFor(`agenda.${index}.bottleneck`)} />
              <button type="button" className="button button--secondary button--small" onClick={() => editAgenda({ type: 'remove', key: item.key })}>
                {t('dialogues:form.removeAgendaItem', { n: index + 1 })}
              </button>
            </div>
          ))}
          <button type="button" className="button button--secondary" onClick={() => editAgenda({ type: 'add', row: BLANK_AGENDA_ITEM })}>
            {t('dialogues:form.addAgendaItem')}
          </button>
        </fieldset>
        <fieldset id="f-participants" tabIndex={-1}>
          <legend>{t('dialogues:fields.participants')}</legend>
          {participants.map((p, index) => (
            <div key={p.key} className="participant-row">
              <Picker id={`p-${p.key}-institution`} kind={institutionKind} label={t('dialogues:form.participantInstitution', { n: index + 1 })} value={p.institution ? [p.institution] : []} onChange={(chosen) => setParticipant(p.key, { institution: chosen[0] ?? null })} />
              <Field id={`p-${p.key}-name`} label={t('dialogues:form.participantName', { n: index + 1 })} value={p.name} onChange={(e) => setParticipant(p.key, { name: e.target.value })} />
              <Field id={`p-${p.key}-role`} label={t('dialogues:form.participantRole', { n: index + 1 })} value={p.role} onChange={(e) => setParticipant(p.key, { role: e.target.value })} />
              <Field id={`p-${p.key}-email`} type="email" label={t('dialogues:form.participantEmail', { n: index + 1 })} value={p.email} onChange={(e) => setParticipant(p.key, { email: e.target.value })} />
              <label className="checkbox">
                <input type="checkbox" checked={p.consentToBeNamed} onChange={(e) => setParticipant(p.key, { consentToBeNamed: e.target.checked })} /> {t('dialogues:form.consent', { n: index + 1 })}
              </label>
              <button type="button" className="button button--secondary button--small" onClick={() => edit({ type: 'remove', key: p.key })}>
                {t('dialogues:form.removeParticipant', { n: index + 1 })}
              </button>
            </div>
          ))}
          <button type="button" className="button button--secondary" onClick={() => edit({ type: 'add', row: BLANK_PARTICIPANT })}>
            {t('dialogues:form.addParticipant')}
          </button>
        </fieldset>
        {value && (
          <>
            <div className="field">
              <label htmlFor="f-minutes">{t('dialogues:fields.minutes')}</label>
              <p className="field__hint" id="f-minutes-hint">
                {t('dialogues:form.minutesHint')}
              </p>
              {errorFor('minutes') && (
                <p className="field__error" id="f-minutes-error">
                  {errorFor('minutes')}
                </p>
              )}
              <textarea id="f-minutes" name="minutes" rows={12} aria-describedby={errorFor('minutes') ? 'f-minutes-hint f-minutes-error' : 'f-minutes-hint'} aria-invalid={errorFor('minutes') ? true : undefined} defaultValue={value.minutes ?? ''} />
            </div>
            <div className="field">
              <label htmlFor="f-outcomes">{t('dialogues:fields.outcomes')}</label>
              <p className="field__hint" id="f-outcomes-hint">
                {t('dialogues:form.outcomesHint')}
              </p>
              <textarea id="f-outcomes" name="outcomes" rows={4} aria-describedby="f-outcomes-hint" defaultValue={value.outcomes.join('\n')} />
            </div>
          </>
        )}
        <button type="submit" className="button" disabled={busy}>
          {value ? t('dialogues:form.save') : t('dialogues:form.create')}
        </button>
      </DraftForm>
    </div>
  );
}
