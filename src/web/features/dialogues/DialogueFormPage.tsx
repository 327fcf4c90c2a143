import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { DIALOGUE_TYPES, TIME_ZONES, VISIBILITIES } from '../../../shared/dialogues.ts';
import { CONTENT_LANGUAGES } from '../../../shared/languages.ts';
import { DOMAINS } from '../../../shared/register.ts';
import { api, ApiError } from '../../app/api.ts';
import { Field, SelectField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { fieldText } from '../../components/problemText.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { RequireUser } from '../../components/RequireUser.tsx';
import { useResource } from '../../components/useResource.ts';
import { editRows, type RowsAction } from '../../components/rows.ts';
import { useSubmit } from '../../components/useSubmit.ts';
import { isoToZoned } from '../../../shared/zoned.ts';
import { useInstitutionChoices } from '../institutions/useInstitutionChoices.ts';
import { agendaText, BLANK_PARTICIPANT, dialogueRequest, participantRows, TITLE_LANGUAGES, type ParticipantRow } from './dialogueForm.ts';

export function DialogueFormPage() {
  return (
    <RequireUser roles={['editor']}>
      <DialogueForm />
    </RequireUser>
  );
}

/** Plans a dialogue, or edits the one in the address (`/dialogues/:ref/edit`), minutes and outcomes included. */
function DialogueForm() {
  const { t, i18n } = useTranslation();
  const { ref } = useParams();
  const navigate = useNavigate();
  const existing = useResource('/api/dialogues/{id}', ref ? { path: { id: ref } } : null);
  const institutions = useInstitutionChoices();
  const [rows, setRows] = useState<ParticipantRow[] | null>(null);
  const value = existing.data;
  const participants = rows ?? participantRows(value?.participants);
  const edit = (action: RowsAction<ParticipantRow>) => setRows(editRows(participants, action));
  const setParticipant = (key: number, change: Partial<ParticipantRow>) => edit({ type: 'update', key, change });

  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const request = dialogueRequest(form, participants, value);
    if ('changes' in request) {
      await api.patch('/api/dialogues/{id}', { path: { id: request.ref }, body: request.changes });
      navigate(`/dialogues/${request.ref}`);
    } else {
      const created = await api.post('/api/dialogues', { body: request.create });
      navigate(`/dialogues/${created.ref}`);
    }
  });

  if ((ref && !value) || !institutions.data) return <p role="status">{t('common:loading')}</p>;
  const errors = error instanceof ApiError ? error.fieldErrors() : {};
  const errorFor = (field: string) => (errors[field] ? fieldText(errors[field], t) : undefined);
  const zone = value?.timeZone ?? 'Europe/Helsinki';
  const institutionOptions = institutions.data.items.map((i) => ({ value: i.id, label: `${i.name[i18n.language as 'fi'] ?? i.name.en ?? i.name.fi ?? i.slug} (${i.country})` }));
  // Where each field's error links: the controls are named f-…, and participants by their rows.
  const fieldIds: Record<string, string> = {
    ...Object.fromEntries(['type', 'title', 'language', 'description', 'startsAt', 'endsAt', 'timeZone', 'place', 'onlineUrl', 'domains', 'visibility', 'bottlenecks', 'agenda', 'participants', 'minutes', 'outcomes'].map((name) => [name, `f-${name}`])),
    organiserId: 'f-organiser',
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
      <FormErrors error={error} fieldIds={fieldIds} />
      <form className="form" onSubmit={onSubmit} noValidate>
        <SelectField id="f-type" name="type" label={t('dialogues:fields.type')} defaultValue={value?.type ?? 'roundtable'} options={DIALOGUE_TYPES.map((type) => ({ value: type, label: t(`dialogues:type.${type}`) }))} />
        <fieldset id="f-title">
          <legend>{t('dialogues:fields.title')}</legend>
          {TITLE_LANGUAGES.map((lang) => (
            <Field key={lang} id={`f-title-${lang}`} name={`title-${lang}`} label={t(`common:languages.${lang}`)} defaultValue={value?.title[lang] ?? ''} maxLength={200} error={lang === 'fi' ? errorFor('title') : undefined} />
          ))}
        </fieldset>
        <SelectField id="f-language" name="language" label={t('dialogues:fields.language')} defaultValue={value?.language ?? i18n.language} options={CONTENT_LANGUAGES.map((lang) => ({ value: lang, label: t(`common:languages.${lang}`) }))} />
        <div className="field">
          <label htmlFor="f-description">{t('dialogues:fields.description')}</label>
          <textarea id="f-description" name="description" rows={4} maxLength={10000} defaultValue={value ? (value.description?.[value.language] ?? '') : ''} />
        </div>
        <Field id="f-startsAt" name="startsAt" type="datetime-local" required label={t('dialogues:form.startsAt')} defaultValue={value ? isoToZoned(value.startsAt, zone) : ''} error={errorFor('startsAt')} />
        <Field id="f-endsAt" name="endsAt" type="datetime-local" required label={t('dialogues:form.endsAt')} defaultValue={value ? isoToZoned(value.endsAt, zone) : ''} error={errorFor('endsAt')} />
        <SelectField id="f-timeZone" name="timeZone" label={t('dialogues:form.timeZone')} defaultValue={zone} options={TIME_ZONES.map((z) => ({ value: z, label: z }))} />
        <Field id="f-place" name="place" label={t('dialogues:fields.where')} defaultValue={value?.place ?? ''} maxLength={300} />
        <Field id="f-onlineUrl" name="onlineUrl" type="url" label={t('dialogues:form.onlineUrl')} defaultValue={value?.onlineUrl ?? ''} error={errorFor('onlineUrl')} />
        <SelectField id="f-organiser" name="organiserId" label={t('dialogues:fields.organiser')} defaultValue={value?.organiser.id ?? institutionOptions[0]?.value} options={institutionOptions} />
        <fieldset id="f-domains">
          <legend>{t('dialogues:fields.domains')}</legend>
          {DOMAINS.map((domain) => (
            <label key={domain} className="checkbox">
              <input type="checkbox" name="domains" value={domain} defaultChecked={value?.domains.includes(domain)} /> {t(`bottlenecks:domain.${domain}`)}
            </label>
          ))}
        </fieldset>
        <SelectField id="f-visibility" name="visibility" label={t('dialogues:fields.visibility')} defaultValue={value?.visibility ?? 'public'} options={VISIBILITIES.map((v) => ({ value: v, label: t(`dialogues:visibility.${v}`) }))} />
        <Field id="f-bottlenecks" name="bottlenecks" label={t('dialogues:form.bottlenecks')} hint={t('dialogues:form.bottlenecksHint')} defaultValue={value?.bottlenecks.map((b) => b.ref).join(' ') ?? ''} error={errorFor('bottlenecks.0')} />
        <div className="field">
          <label htmlFor="f-agenda">{t('dialogues:fields.agenda')}</label>
          <p className="field__hint" id="f-agenda-hint">
            {t('dialogues:form.agendaHint')}
          </p>
          <textarea id="f-agenda" name="agenda" rows={5} aria-describedby="f-agenda-hint" defaultValue={agendaText(value?.agenda)} />
        </div>
        <fieldset id="f-participants">
          <legend>{t('dialogues:fields.participants')}</legend>
          {participants.map((p, index) => (
            <div key={p.key} className="participant-row">
              <SelectField id={`p-${p.key}-institution`} label={t('dialogues:form.participantInstitution', { n: index + 1 })} value={p.institutionId} onChange={(e) => setParticipant(p.key, { institutionId: e.target.value })} options={[{ value: '', label: '–' }, ...institutionOptions]} />
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
      </form>
    </div>
  );
}
