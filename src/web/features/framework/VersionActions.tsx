import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, ApiError } from '../../app/api.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { DateField } from '../../components/DateField.tsx';
import { Field, SelectField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { pickLocalized } from '../../../shared/localized.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { fieldText } from '../../components/problemText.ts';
import { RequiredNote } from '../../components/Required.tsx';
import { useResource } from '../../components/useResource.ts';
import { formChoice, formOptional, formText, useSubmit } from '../../components/useSubmit.ts';
import type { AdoptionAnswer } from './parts.tsx';

const REGIONS = ['FI1B1', 'EE001'] as const;

/** An editor sends a draft to consultation: it is frozen from then on, so the button asks first. */
export function SendToConsultation({ number, onDone }: { number: number; onDone: () => void }) {
  const { t } = useTranslation();
  const { onSubmit, error, busy } = useSubmit(async () => {
    await api.post('/api/framework/versions/{v}/state', { path: { v: String(number) }, body: { state: 'in_consultation' } });
    onDone();
  });
  return (
    <form className="form" onSubmit={onSubmit} aria-labelledby="fw-send-heading">
      <h2 id="fw-send-heading">{t('framework:manage.sendTitle')}</h2>
      <FormErrors error={error} />
      <ConfirmButton className="button" question={t('framework:manage.sendQuestion', { number })} consequence={t('framework:manage.sendConsequence')} confirmLabel={t('framework:manage.send')} disabled={busy}>
        {t('framework:manage.send')}
      </ConfirmButton>
    </form>
  );
}

/** An editor records one region's adoption: the body that decided, the day and the decision's reference. */
export function AdoptionForm({ number, adoptions, onDone }: { number: number; adoptions: AdoptionAnswer[]; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const bodies = useResource('/api/framework/bodies');
  const open = REGIONS.filter((region) => !adoptions.some((adoption) => adoption.region === region));
  const { onSubmit, error, busy } = useSubmit(async (form, element) => {
    await api.post('/api/framework/versions/{v}/adoptions', {
      path: { v: String(number) },
      body: { region: formChoice<(typeof REGIONS)[number]>(form, 'region'), institutionId: formText(form, 'institutionId'), decidedOn: formText(form, 'decidedOn'), decisionRef: formText(form, 'decisionRef').trim(), decisionUrl: formOptional(form, 'decisionUrl') },
    });
    element.reset();
    onDone();
  });
  if (open.length === 0) return null;
  const errors = error instanceof ApiError ? error.fieldErrors() : {};
  const errorFor = (field: string) => (errors[field] ? fieldText(errors[field], t) : undefined);
  const name = (value: Record<string, string>) => pickLocalized(value, i18n.language as ContentLanguage)?.text ?? '';
  const bodyOptions = (bodies.data?.items ?? []).map((body) => ({ value: body.institution.id, label: name(body.institution.name), group: t(`framework:region.${body.region}`) }));
  return (
    <form className="form" onSubmit={onSubmit} aria-labelledby="fw-adopt-heading" noValidate>
      <h2 id="fw-adopt-heading">{t('framework:manage.adoptTitle')}</h2>
      <p>{t('framework:manage.adoptIntro')}</p>
      <RequiredNote />
      <FormErrors error={error} fieldLabels={{ region: t('framework:manage.region'), institutionId: t('framework:manage.body'), decidedOn: t('framework:manage.decidedOn'), decisionRef: t('framework:manage.decisionRef'), decisionUrl: t('framework:manage.decisionUrl') }} />
      <SelectField id="field-region" name="region" label={t('framework:manage.region')} options={open.map((region) => ({ value: region, label: t(`framework:region.${region}`) }))} error={errorFor('region')} required />
      <SelectField id="field-institutionId" name="institutionId" label={t('framework:manage.body')} options={bodyOptions} error={errorFor('institutionId')} required />
      <DateField id="field-decidedOn" name="decidedOn" label={t('framework:manage.decidedOn')} error={errorFor('decidedOn')} required />
      <Field id="field-decisionRef" name="decisionRef" label={t('framework:manage.decisionRef')} maxLength={200} error={errorFor('decisionRef')} required />
      <Field id="field-decisionUrl" name="decisionUrl" type="url" label={t('framework:manage.decisionUrl')} maxLength={500} error={errorFor('decisionUrl')} />
      <button type="submit" className="button" disabled={busy}>
        {t('framework:manage.adopt')}
      </button>
    </form>
  );
}

/** An editor makes the next draft from a version (its nodes copied with the same keys); one draft at a time. */
export function NewDraftForm({ versions }: { versions: { number: number; state: string }[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const basedOn = formText(form, 'basedOn');
    const created = await api.post('/api/framework/versions', { body: basedOn ? { basedOn: Number(basedOn) } : {} });
    void navigate(`/framework/versions/${created.number}`);
  });
  const options = [
    ...versions.map((version) => ({ value: String(version.number), label: `${t('framework:version.number', { number: version.number })} (${t(`framework:state.${version.state}`)})` })),
    { value: '', label: t('framework:manage.empty') },
  ];
  return (
    <form className="form form--inline" onSubmit={onSubmit} aria-labelledby="fw-new-heading">
      <h2 id="fw-new-heading">{t('framework:manage.newTitle')}</h2>
      <FormErrors error={error} />
      <SelectField id="field-basedOn" name="basedOn" label={t('framework:manage.basedOn')} options={options} />
      <button type="submit" className="button" disabled={busy}>
        {t('framework:manage.newDraft')}
      </button>
    </form>
  );
}
