import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { PARTNER_ROLES, PILOT_STATUSES, type PartnerRole, type PilotStatus } from '../../../shared/schemas/pilots.ts';
import { api, ApiError, type GetAnswer } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { DateField } from '../../components/DateField.tsx';
import { DraftForm, DraftStatus } from '../../components/DraftForm.tsx';
import { Field, SelectField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { MapInput } from '../../components/MapInput.tsx';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import type { CommentGeometry } from '../../../shared/schemas/geometry.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { Picker } from '../../components/Picker.tsx';
import { dialogueItem, dialogueKind, institutionItem, institutionKind } from '../../components/pickerKinds.ts';
import { fieldText } from '../../components/problemText.ts';
import { RequiredGroupLegend, RequiredNote } from '../../components/Required.tsx';
import { RequireUser } from '../../components/RequireUser.tsx';
import { useNotice } from '../../components/StatusMessage.tsx';
import { useDraft } from '../../components/useDraft.ts';
import { useResource } from '../../components/useResource.ts';
import { formChoice, formChoices, formText, useSubmit } from '../../components/useSubmit.ts';
import { FORM_LANGUAGES, goalsToLines, linesToGoals } from './pilots.ts';
import { ByLanguage } from '../../components/LocalizedFields.tsx';

type Detail = GetAnswer<'/api/pilots/{id}'>;

/** Where each field's error links: the form's controls are named pf-…. */
const FIELD_IDS: Record<string, string> = {
  slug: 'pf-slug',
  status: 'pf-status',
  startsOn: 'pf-startsOn',
  endsOn: 'pf-endsOn',
  partners: 'pf-partners-lead',
  dialogues: 'pf-dialogues',
  places: 'pf-places',
};

export function PilotFormPage() {
  return (
    <RequireUser roles={['editor']}>
      <PilotForm />
    </RequireUser>
  );
}

function PilotForm() {
  const { t } = useTranslation();
  const { slug } = useParams();
  const existing = useResource('/api/pilots/{id}', slug ? { path: { id: slug } } : null);
  if (slug && !existing.data) return existing.error ? <FormErrors error={existing.error} /> : <p role="status">{t('common:loading')}</p>;
  return <PilotEditor key={slug ?? 'new'} value={existing.data ?? null} />;
}

/**
 * Creates a pilot or edits the one in the address: names and descriptions in three languages,
 * status and period, partners by role (a picker per role), goals, and forum sessions. Places, KPIs
 * and results are kept as they are (the API writes them); the form says so.
 */
function PilotEditor({ value }: { value: Detail | null }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const notice = useNotice();
  const formRef = useRef<HTMLFormElement>(null);
  const draft = useDraft({ form: 'pilot', item: value?.slug ?? 'new', user: user?.id, formRef });
  const goals = goalsToLines(value?.goals ?? []);
  // The places as they will be sent: those kept, and those added on the map below.
  const [places, setPlaces] = useState<{ key: string; name: LocalizedTextValue; geometry: CommentGeometry }[]>(() => (value?.places ?? []).map((p) => ({ key: p.id, name: p.name, geometry: p.geometry })));
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const localized = (name: string) => Object.fromEntries(FORM_LANGUAGES.map((lang) => [lang, formText(form, `${name}-${lang}`).trim()]).filter(([, text]) => text));
    const description = localized('description');
    const body = {
      slug: formText(form, 'slug').trim(),
      name: localized('name'),
      ...(Object.keys(description).length ? { description } : {}),
      status: formChoice<PilotStatus>(form, 'status'),
      startsOn: formText(form, 'startsOn') || null,
      endsOn: formText(form, 'endsOn') || null,
      partners: PARTNER_ROLES.flatMap((role) => formChoices(form, `partners-${role}`).map((institutionId) => ({ institutionId, role: role as PartnerRole }))),
      goals: linesToGoals(Object.fromEntries(FORM_LANGUAGES.map((lang) => [lang, formText(form, `goals-${lang}`)]))),
      dialogues: formChoices(form, 'dialogues'),
      places: places.map(({ name, geometry }) => ({ name, geometry })),
    };
    if (value) {
      const saved = await api.patch('/api/pilots/{id}', { path: { id: value.slug }, body });
      draft.clear();
      void notice.navigate(`/pilots/${saved.slug}`, 'pilots:notice.saved');
    } else {
      const created = await api.post('/api/pilots', { body });
      draft.clear();
      void notice.navigate(`/pilots/${created.slug}`, 'pilots:notice.created');
    }
  });
  const errors = error instanceof ApiError ? error.fieldErrors() : {};
  const errorFor = (field: string) => {
    const found = Object.entries(errors).find(([path]) => path === field || path.startsWith(`${field}.`));
    return found ? fieldText(found[1], t) : undefined;
  };
  const partnersOf = (role: PartnerRole) => value?.partners.filter((p) => p.role === role).map((p) => institutionItem(p.institution));
  return (
    <div className="page page--narrow">
      <PageTitle>{value ? t('pilots:form.editTitle') : t('pilots:form.newTitle')}</PageTitle>
      <DraftStatus draft={draft} item={value?.slug} />
      <FormErrors error={error} fieldIds={FIELD_IDS} />
      <DraftForm draft={draft} ref={formRef} className="form" onSubmit={onSubmit} noValidate>
        <RequiredNote />
        <fieldset id="field-name" tabIndex={-1} aria-describedby="field-name-rule">
          <RequiredGroupLegend text={t('pilots:fields.name')} rule="atLeastOneLanguage" id="field-name-rule" />
          <ByLanguage written={(lang) => Boolean(value?.name[lang])} render={(lang) => (
            <Field key={lang} id={`pf-name-${lang}`} name={`name-${lang}`} label={t(`common:languages.${lang}`)} defaultValue={value?.name[lang] ?? ''} maxLength={200} />
          )} />
        </fieldset>
        <Field id="pf-slug" name="slug" required label={t('pilots:fields.slug')} hint={t('pilots:fields.slugHint')} defaultValue={value?.slug ?? ''} maxLength={80} error={errorFor('slug')} />
        <fieldset>
          <legend>{t('pilots:fields.description')}</legend>
          <ByLanguage written={(lang) => Boolean((value?.description as Record<string, string> | undefined)?.[lang])} render={(lang) => (
            <div className="field" key={lang}>
              <label htmlFor={`pf-description-${lang}`}>{t(`common:languages.${lang}`)}</label>
              <textarea id={`pf-description-${lang}`} name={`description-${lang}`} rows={4} maxLength={10000} defaultValue={(value?.description as Record<string, string> | undefined)?.[lang] ?? ''} />
            </div>
          )} />
        </fieldset>
        <SelectField id="pf-status" name="status" required label={t('pilots:fields.status')} defaultValue={value?.status ?? 'planned'} options={PILOT_STATUSES.map((s) => ({ value: s, label: t(`pilots:status.${s}`) }))} />
        <DateField id="pf-startsOn" name="startsOn" label={t('pilots:fields.startsOn')} defaultValue={value?.startsOn} error={errorFor('startsOn')} />
        <DateField id="pf-endsOn" name="endsOn" label={t('pilots:fields.endsOn')} defaultValue={value?.endsOn} error={errorFor('endsOn')} />
        <fieldset>
          <legend>{t('pilots:fields.partners')}</legend>
          <p className="hint">{t('pilots:form.partnersHint')}</p>
          {PARTNER_ROLES.map((role) => (
            <Picker key={role} id={`pf-partners-${role}`} name={`partners-${role}`} multiple kind={institutionKind} label={t(`pilots:role.${role}`)} defaultValue={partnersOf(role)} error={role === 'lead' ? errorFor('partners') : undefined} />
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('pilots:fields.goals')}</legend>
          <p className="hint">{t('pilots:form.goalsHint')}</p>
          <ByLanguage written={(lang) => Boolean(goals[lang])} render={(lang) => (
            <div className="field" key={lang}>
              <label htmlFor={`pf-goals-${lang}`}>{t(`common:languages.${lang}`)}</label>
              <textarea id={`pf-goals-${lang}`} name={`goals-${lang}`} rows={3} defaultValue={goals[lang]} />
            </div>
          )} />
        </fieldset>
        <Picker id="pf-dialogues" name="dialogues" multiple kind={dialogueKind} label={t('pilots:fields.dialogues')} hint={t('pilots:form.dialoguesHint')} defaultValue={value?.dialogues.map(dialogueItem)} error={errorFor('dialogues')} />
        <PlacesEditor places={places} onChange={setPlaces} error={errorFor('places')} />
        <p className="hint">{t('pilots:form.keptNote')}</p>
        <button type="submit" className="button" disabled={busy}>
          {value ? t('pilots:form.save') : t('pilots:form.create')}
        </button>
      </DraftForm>
    </div>
  );
}

/** The pilot's places: each kept one with a button to remove it, and a new one named and marked on the map. */
function PlacesEditor({ places, onChange, error }: { places: { key: string; name: LocalizedTextValue; geometry: CommentGeometry }[]; onChange: (places: { key: string; name: LocalizedTextValue; geometry: CommentGeometry }[]) => void; error?: string }) {
  const { t } = useTranslation();
  const [geometry, setGeometry] = useState<CommentGeometry | null>(null);
  const [names, setNames] = useState<Record<string, string>>({});
  const name = Object.fromEntries(FORM_LANGUAGES.flatMap((lang) => (names[lang]?.trim() ? [[lang, names[lang].trim()]] : [])));
  const add = () => {
    if (!geometry || Object.keys(name).length === 0) return;
    onChange([...places, { key: `new-${Date.now()}`, name, geometry }]);
    setGeometry(null);
    setNames({});
  };
  return (
    <fieldset id="pf-places" tabIndex={-1}>
      <legend>{t('pilots:fields.places')}</legend>
      {error && <p className="field__error">{error}</p>}
      {places.length > 0 ? (
        <ul>
          {places.map((place) => (
            <li key={place.key}>
              <LocalizedText value={place.name} />{' '}
              <button type="button" className="button button--small button--secondary" onClick={() => onChange(places.filter((p) => p.key !== place.key))}>
                {t('pilots:form.removePlace')}
                <span className="visually-hidden">
                  : <LocalizedText value={place.name} />
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('pilots:list.noPlaces')}</p>
      )}
      <div className="field-group">
        <ByLanguage written={(lang) => Boolean(names[lang])} render={(lang) => (
          <div className="field" key={lang}>
            <label htmlFor={`pf-place-name-${lang}`}>
              {t('pilots:form.placeName')} ({t(`common:languages.${lang}`)})
            </label>
            <input id={`pf-place-name-${lang}`} value={names[lang] ?? ''} maxLength={200} onChange={(event) => setNames({ ...names, [lang]: event.target.value })} />
          </div>
        )} />
        <MapInput id="pf-place-map" label={t('pilots:form.placeOnMap')} value={geometry} onChange={setGeometry} />
        <button type="button" className="button button--secondary" onClick={add} disabled={!geometry || Object.keys(name).length === 0}>
          {t('pilots:form.addPlace')}
        </button>
      </div>
    </fieldset>
  );
}
