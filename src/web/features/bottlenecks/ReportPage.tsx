import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CONTENT_LANGUAGES } from '../../../shared/languages.ts';
import { DOMAINS, SITUATIONS, TOPICS } from '../../../shared/register.ts';
import { api, ApiError, type GetAnswer } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { Field, SelectField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { fieldText } from '../../components/problemText.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useSubmit } from '../../components/useSubmit.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { useInstitutionChoices } from '../institutions/useInstitutionChoices.ts';
import { chosenFile, reportBody, similarTitle } from './reportForm.ts';


/** Offers published bottlenecks like the title being typed, after a pause in typing. */
function useSimilar(title: string) {
  const [similar, setSimilar] = useState<GetAnswer<'/api/bottlenecks/similar'>['items']>([]);
  useEffect(() => {
    const asked = similarTitle(title);
    if (asked === null) return setSimilar([]);
    // A title typed on since the request went out makes its answer stale: it is dropped.
    let current = true;
    const timer = setTimeout(() => {
      api.get('/api/bottlenecks/similar', { query: { title: asked } })
        .then((result) => current && setSimilar(result.items))
        .catch(() => current && setSimilar([]));
    }, 350);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [title]);
  return similar;
}

export function ReportPage() {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const [title, setTitle] = useState('');
  const [created, setCreated] = useState<{ ref: string; attachmentToken: string } | null>(null);
  const similar = useSimilar(title);
  const institutions = useInstitutionChoices();
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    setCreated(await api.post('/api/bottlenecks', { body: reportBody(form) }));
  });
  const errors = error instanceof ApiError ? error.fieldErrors() : {};
  const errorFor = (field: string) => (errors[field] ? fieldText(errors[field], t) : undefined);
  const labels: Record<string, string> = {
    title: t('bottlenecks:fields.title'),
    description: t('bottlenecks:fields.description'),
    domain: t('bottlenecks:fields.domain'),
    countries: t('bottlenecks:fields.countries'),
    evidenceLinks: t('bottlenecks:fields.evidenceLinks'),
    affectedEstimate: t('bottlenecks:fields.affectedEstimate'),
    reporterEmail: t('bottlenecks:fields.reporterEmail'),
  };

  if (created) {
    return (
      <div className="page page--narrow">
        <PageTitle>{t('bottlenecks:report.thanksTitle')}</PageTitle>
        <p className="notice notice--success" role="status">
          {t('bottlenecks:report.thanks', { ref: created.ref })}
        </p>
        <p>{t('bottlenecks:report.next')}</p>
        <AttachFiles reference={created.ref} token={created.attachmentToken} />
        <p>
          {user ? <Link to="/bottlenecks?mine=true">{t('bottlenecks:list.mine')}</Link> : <Link to="/bottlenecks">{t('bottlenecks:list.title')}</Link>}
        </p>
      </div>
    );
  }

  return (
    <div className="page page--narrow">
      <PageTitle>{t('bottlenecks:report.title')}</PageTitle>
      <p>{t('bottlenecks:report.intro')}</p>
      <p className="notice" role="note">
        <strong>{t('bottlenecks:report.publicWarningTitle')}</strong> {t('bottlenecks:report.publicWarning')}
      </p>
      <FormErrors error={error} fieldLabels={labels} />
      <form className="form" onSubmit={onSubmit} noValidate>
        <Field id="field-title" name="title" required maxLength={200} label={labels.title} hint={t('bottlenecks:report.titleHint')} value={title} onChange={(e) => setTitle(e.target.value)} error={errorFor('title')} />
        {similar.length > 0 && (
          <div className="notice" aria-live="polite">
            <p className="notice__title">{t('bottlenecks:report.similar')}</p>
            <ul>
              {similar.map((item) => (
                <li key={item.id}>
                  <Link to={`/bottlenecks/${item.ref}`}>
                    {item.ref}: {pickLocalized(item.title, i18n.language as ContentLanguage)?.text}
                  </Link>
                </li>
              ))}
            </ul>
            <p>{t('bottlenecks:report.similarHint')}</p>
          </div>
        )}
        <div className="field">
          <label htmlFor="field-description">{labels.description}</label>
          <p className="field__hint" id="field-description-hint">
            {t('bottlenecks:report.descriptionHint')}
          </p>
          {errorFor('description') && <p className="field__error" id="field-description-error">{errorFor('description')}</p>}
          <textarea id="field-description" name="description" rows={8} required maxLength={10000} aria-invalid={errorFor('description') ? true : undefined} aria-describedby={`field-description-hint${errorFor('description') ? ' field-description-error' : ''}`} />
        </div>
        <SelectField id="field-language" name="language" label={t('bottlenecks:fields.language')} defaultValue={i18n.language} options={CONTENT_LANGUAGES.map((lang) => ({ value: lang, label: t(`common:languages.${lang}`) }))} />
        <fieldset id="field-domain" aria-describedby={errorFor('domain') ? 'domain-error' : undefined}>
          <legend>{labels.domain}</legend>
          {errorFor('domain') && <p className="field__error" id="domain-error">{errorFor('domain')}</p>}
          {DOMAINS.map((domain) => (
            <label key={domain} className="choice">
              <input type="radio" name="domain" value={domain} required /> <span>{t(`bottlenecks:domain.${domain}`)}</span>
            </label>
          ))}
        </fieldset>
        <fieldset id="field-countries">
          <legend>{labels.countries}</legend>
          {errorFor('countries') && <p className="field__error">{errorFor('countries')}</p>}
          {['FI', 'EE'].map((country) => (
            <label key={country} className="checkbox">
              <input type="checkbox" name="countries" value={country} defaultChecked /> {t(`bottlenecks:country.${country}`)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('bottlenecks:fields.topics')}</legend>
          <div className="choices-grid">
            {TOPICS.map((topic) => (
              <label key={topic} className="checkbox">
                <input type="checkbox" name="topics" value={topic} /> {t(`bottlenecks:topic.${topic}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <SelectField id="field-situation" name="situation" label={t('bottlenecks:fields.situation')} defaultValue="" options={[{ value: '', label: t('bottlenecks:report.noAnswer') }, ...SITUATIONS.map((s) => ({ value: s, label: t(`bottlenecks:situation.${s}`) }))]} />
        <SelectField
          id="field-institutionId"
          name="institutionId"
          label={t('bottlenecks:fields.institution')}
          defaultValue=""
          options={[
            { value: '', label: t('bottlenecks:report.unknownInstitution') },
            ...(institutions.data?.items ?? []).map((i) => ({ value: i.id, label: `${pickLocalized(i.name, i18n.language as ContentLanguage)?.text ?? i.slug} (${i.country})` })),
          ]}
        />
        <Field id="field-serviceName" name="serviceName" maxLength={200} label={t('bottlenecks:fields.serviceName')} />
        <Field id="field-affectedEstimate" name="affectedEstimate" type="number" min={1} inputMode="numeric" label={labels.affectedEstimate} hint={t('bottlenecks:report.affectedHint')} error={errorFor('affectedEstimate')} />
        <div className="field">
          <label htmlFor="field-evidenceLinks">{labels.evidenceLinks}</label>
          <p className="field__hint" id="field-evidenceLinks-hint">
            {t('bottlenecks:report.linksHint')}
          </p>
          <textarea id="field-evidenceLinks" name="evidenceLinks" rows={3} aria-describedby="field-evidenceLinks-hint" />
        </div>
        {!user && <Field id="field-reporterEmail" name="reporterEmail" type="email" autoComplete="email" label={labels.reporterEmail} hint={t('bottlenecks:report.emailHint')} error={errorFor('reporterEmail')} />}
        <button type="submit" className="button" disabled={busy}>
          {t('bottlenecks:report.submit')}
        </button>
      </form>
    </div>
  );
}

/** Files for a report just sent, carried by the report's own attachment token. */
function AttachFiles({ reference, token }: { reference: string; token: string }) {
  const { t } = useTranslation();
  const [attached, setAttached] = useState<string[]>([]);
  const { onSubmit, error, busy } = useSubmit(async (form, element) => {
    const file = chosenFile(form);
    if (!file) return;
    const body = new FormData();
    body.append('file', file);
    const result = await api.post('/api/bottlenecks/{id}/attachments', { path: { id: reference }, body, headers: { 'x-attachment-token': token } });
    setAttached((names) => [...names, result.filename]);
    element.reset();
  });
  return (
    <section aria-labelledby="attach-heading" className="card">
      <h2 id="attach-heading">{t('bottlenecks:report.attachTitle')}</h2>
      <FormErrors error={error} />
      {attached.length > 0 && (
        <ul role="status">
          {attached.map((name) => (
            <li key={name}>{t('bottlenecks:report.attached', { name })}</li>
          ))}
        </ul>
      )}
      <form className="form" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor="attach-file">{t('bottlenecks:report.attachLabel')}</label>
          <p className="field__hint" id="attach-file-hint">
            {t('bottlenecks:report.attachHint')}
          </p>
          <input id="attach-file" name="file" type="file" accept="application/pdf,image/png,image/jpeg,image/gif,image/webp" aria-describedby="attach-file-hint" />
        </div>
        <button type="submit" className="button button--secondary" disabled={busy}>
          {t('bottlenecks:report.attachSubmit')}
        </button>
      </form>
    </section>
  );
}
