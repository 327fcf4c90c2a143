import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CONTENT_LANGUAGES } from '../../../shared/languages.ts';
import { DOMAINS, SITUATIONS, TOPICS } from '../../../shared/register.ts';
import { api, ApiError, type GetAnswer } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { Field, SelectField, TextAreaField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { fieldText, problemText } from '../../components/problemText.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useDraft } from '../../components/useDraft.ts';
import { DraftStatus } from '../../components/DraftForm.tsx';
import type { DraftValues } from '../../components/draft.ts';
import { useSubmit } from '../../components/useSubmit.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { useInstitutionChoices } from '../institutions/useInstitutionChoices.ts';
import { chosenFile, chosenFiles, reportBody, REPORT_FORM, reportStatusPath, similarTitle, type FileResult } from './reportForm.ts';
import { LabelText, RequiredGroupLegend, RequiredNote } from '../../components/Required.tsx';

type Similar = GetAnswer<'/api/bottlenecks/similar'>['items'];

/** Offers published bottlenecks like the title being typed, after a pause in typing. */
function useSimilar(title: string) {
  const [similar, setSimilar] = useState<Similar>([]);
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

interface Created {
  ref: string;
  attachmentToken: string;
  statusToken: string;
  email: string | null;
  files: FileResult[];
}

export function ReportPage() {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const [title, setTitle] = useState('');
  const [created, setCreated] = useState<Created | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const similar = useSimilar(title);
  const institutions = useInstitutionChoices();
  const onRestore = useCallback((values: DraftValues) => setTitle(values.title?.[0] ?? ''), []);
  // The draft is put back once the institutions are there, for its chosen one to be among the options.
  const draft = useDraft({ form: REPORT_FORM, formRef, ready: Boolean(institutions.data || institutions.error), onRestore });
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const body = reportBody(form);
    const files = chosenFiles(form);
    const report = await api.post('/api/bottlenecks', { body });
    // The report is in: the draft has done its work, whatever becomes of the files.
    draft.clear();
    const results: FileResult[] = [];
    for (const file of files) {
      const upload = new FormData();
      upload.append('file', file);
      try {
        const attached = await api.post('/api/bottlenecks/{id}/attachments', { path: { id: report.ref }, body: upload, headers: { 'x-attachment-token': report.attachmentToken } });
        results.push({ name: attached.filename });
      } catch (caught) {
        results.push({ name: file.name, error: caught });
      }
    }
    setCreated({ ref: report.ref, attachmentToken: report.attachmentToken, statusToken: report.statusToken, email: user ? null : (body.reporterEmail ?? null), files: results });
  });
  const errors = error instanceof ApiError ? error.fieldErrors() : {};
  const errorFor = (field: string) => (errors[field] ? fieldText(errors[field], t) : undefined);
  const labels: Record<string, string> = {
    title: t('bottlenecks:fields.title'),
    description: t('bottlenecks:report.descriptionLabel'),
    domain: t('bottlenecks:fields.domain'),
    countries: t('bottlenecks:fields.countries'),
    evidenceLinks: t('bottlenecks:fields.evidenceLinks'),
    affectedEstimate: t('bottlenecks:fields.affectedEstimate'),
    reporterEmail: t('bottlenecks:fields.reporterEmail'),
  };

  if (created) return <ThankYou created={created} signedIn={Boolean(user)} />;

  return (
    <div className="page page--narrow">
      <PageTitle>{t('bottlenecks:report.title')}</PageTitle>
      <p>{t('bottlenecks:report.intro')}</p>
      <p className="notice" role="note">
        <strong>{t('bottlenecks:report.publicWarningTitle')}</strong> {t('bottlenecks:report.publicWarning')}
      </p>
      <DraftStatus draft={draft} note={t('bottlenecks:report.draftNote')} notKept={t('bottlenecks:report.draftNotKept')} />
      <FormErrors error={error} fieldLabels={labels} />
      <form className="form" onSubmit={onSubmit} noValidate ref={formRef}>
        <RequiredNote />
        <Field id="field-title" name="title" required maxLength={200} label={labels.title} hint={t('bottlenecks:report.titleHint')} defaultValue="" onChange={(e) => setTitle(e.target.value)} error={errorFor('title')} />
        {similar.length > 0 && <SimilarReports items={similar} signedIn={Boolean(user)} />}
        <TextAreaField id="field-description" name="description" rows={8} required maxLength={10000} label={labels.description} hint={t('bottlenecks:report.descriptionHint')} error={errorFor('description')} />
        <SelectField id="field-language" name="language" required label={t('bottlenecks:fields.language')} defaultValue={i18n.language} options={CONTENT_LANGUAGES.map((lang) => ({ value: lang, label: t(`common:languages.${lang}`) }))} />
        <fieldset id="field-domain" aria-describedby={errorFor('domain') ? 'domain-error' : undefined}>
          <legend>
            <LabelText text={labels.domain} required />
          </legend>
          {errorFor('domain') && <p className="field__error" id="domain-error">{errorFor('domain')}</p>}
          {DOMAINS.map((domain) => (
            <label key={domain} className="choice">
              <input type="radio" name="domain" value={domain} required aria-describedby={`domain-hint-${domain}`} />{' '}
              <span>
                {t(`bottlenecks:domain.${domain}`)}
                <span className="field__hint" id={`domain-hint-${domain}`}>
                  {t(`bottlenecks:report.domainHint.${domain}`)}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        <fieldset id="field-countries" aria-describedby="countries-hint">
          <RequiredGroupLegend text={labels.countries} hint={t('bottlenecks:report.countriesHint')} id="countries-hint" />
          {errorFor('countries') && <p className="field__error">{errorFor('countries')}</p>}
          {['FI', 'EE'].map((country) => (
            <label key={country} className="checkbox">
              <input type="checkbox" name="countries" value={country} /> {t(`bottlenecks:country.${country}`)}
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
        <SelectField id="field-situation" name="situation" label={t('bottlenecks:report.situationLabel')} defaultValue="" options={[{ value: '', label: t('bottlenecks:report.noAnswer') }, ...SITUATIONS.map((s) => ({ value: s, label: t(`bottlenecks:report.situationMe.${s}`) }))]} />
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
        <div className="field">
          <label htmlFor="field-files">{t('bottlenecks:report.filesLabel')}</label>
          <p className="field__hint" id="field-files-hint">
            {t('bottlenecks:report.filesHint')}
          </p>
          <input id="field-files" name="files" type="file" multiple accept="application/pdf,image/png,image/jpeg,image/gif,image/webp" aria-describedby="field-files-hint" />
        </div>
        {/* Text, not type="email": browsers refuse or rewrite internationalised addresses (jüri@näide.ee); the server checks. */}
        {!user && <Field id="field-reporterEmail" name="reporterEmail" type="text" inputMode="email" autoComplete="email" spellCheck={false} autoCapitalize="none" label={labels.reporterEmail} hint={t('bottlenecks:report.emailHint')} error={errorFor('reporterEmail')} />}
        <button type="submit" className="button" disabled={busy}>
          {t('bottlenecks:report.submit')}
        </button>
      </form>
    </div>
  );
}

/**
 * Published reports like the one being typed, shown in place so nothing typed is lost: each
 * with its summary and how many it affects, and "affects me too" (a member says so here; a
 * visitor logs in and comes back to the form, whose draft is kept).
 */
function SimilarReports({ items, signedIn }: { items: Similar; signedIn: boolean }) {
  const { t, i18n } = useTranslation();
  const [supported, setSupported] = useState<Record<string, true>>({});
  const [problem, setProblem] = useState<unknown>(null);
  const lang = i18n.language as ContentLanguage;
  async function support(ref: string) {
    setProblem(null);
    try {
      await api.post('/api/bottlenecks/{id}/support', { path: { id: ref } });
      setSupported((done) => ({ ...done, [ref]: true }));
    } catch (caught) {
      if (caught instanceof ApiError && caught.problem.type.endsWith('/already-supported')) setSupported((done) => ({ ...done, [ref]: true }));
      else setProblem(caught);
    }
  }
  return (
    <section className="notice" aria-labelledby="similar-heading" aria-live="polite" id="similar-reports">
      <h2 className="notice__title" id="similar-heading">
        {t('bottlenecks:report.similar')}
      </h2>
      <p>{t('bottlenecks:report.similarHint')}</p>
      {problem !== null && <p className="field__error">{problemText(problem, t)}</p>}
      <ul className="similar-list">
        {items.map((item) => (
          <li key={item.id}>
            <h3>
              {item.ref}: {pickLocalized(item.title, lang)?.text}
            </h3>
            <p>{pickLocalized(item.summary, lang)?.text}</p>
            <p className="muted">{t('bottlenecks:report.similarSupports', { count: item.supportCount })}</p>
            {supported[item.ref] ? (
              <p role="status">{t('bottlenecks:report.supported', { ref: item.ref })}</p>
            ) : signedIn ? (
              <button type="button" className="button button--secondary" onClick={() => void support(item.ref)}>
                {t('bottlenecks:report.affectsMe')}
              </button>
            ) : (
              <p>
                <Link to={`/login?next=${encodeURIComponent('/bottlenecks/new')}`}>{t('bottlenecks:report.affectsMeLogin')}</Link>
              </p>
            )}
            <p>
              <a href={`/bottlenecks/${item.ref}`} target="_blank" rel="noopener">
                {t('bottlenecks:report.openSimilar', { ref: item.ref })}
              </a>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What happens next, the private status link, and what became of the files sent with the report. */
function ThankYou({ created, signedIn }: { created: Created; signedIn: boolean }) {
  const { t } = useTranslation();
  const statusPath = reportStatusPath(created.statusToken);
  const failed = created.files.filter((file) => file.error !== undefined);
  return (
    <div className="page page--narrow">
      <PageTitle>{t('bottlenecks:report.thanksTitle')}</PageTitle>
      <p className="notice notice--success" role="status">
        {t('bottlenecks:report.thanks', { ref: created.ref })}
      </p>
      {created.files.length > 0 && (
        <ul id="report-files">
          {created.files.map((file, i) =>
            file.error === undefined ? (
              <li key={i}>{t('bottlenecks:report.attached', { name: file.name })}</li>
            ) : (
              <li key={i} className="field__error">
                {t('bottlenecks:report.fileFailed', { name: file.name, reason: problemText(file.error, t) })}
              </li>
            ),
          )}
        </ul>
      )}
      <h2>{t('bottlenecks:report.nextTitle')}</h2>
      <p>{t('bottlenecks:report.nextModeration')}</p>
      <p>{created.email ? t('bottlenecks:report.nextEmail', { email: created.email }) : signedIn ? t('bottlenecks:report.nextMember') : t('bottlenecks:report.nextNoEmail')}</p>
      <section aria-labelledby="status-link-heading" className="card">
        <h2 id="status-link-heading">{t('bottlenecks:report.statusLinkTitle')}</h2>
        <p>{t('bottlenecks:report.statusLinkHint')}</p>
        <p style={{ overflowWrap: 'anywhere' }}>
          <Link to={statusPath} id="status-link">
            {`${window.location.origin}${statusPath}`}
          </Link>
        </p>
        {created.email && <p>{t('bottlenecks:report.statusLinkEmail')}</p>}
      </section>
      {failed.length > 0 && (
        <>
          <p>{t('bottlenecks:report.fileRetry')}</p>
          <AttachFiles reference={created.ref} token={created.attachmentToken} />
        </>
      )}
      <p>
        {signedIn ? <Link to="/bottlenecks?mine=true">{t('bottlenecks:list.mine')}</Link> : <Link to="/bottlenecks">{t('bottlenecks:list.title')}</Link>}
      </p>
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
        <RequiredNote />
        <Field id="attach-file" name="file" type="file" required label={t('bottlenecks:report.attachLabel')} hint={t('bottlenecks:report.attachHint')} accept="application/pdf,image/png,image/jpeg,image/gif,image/webp" />
        <button type="submit" className="button button--secondary" disabled={busy}>
          {t('bottlenecks:report.attachSubmit')}
        </button>
      </form>
    </section>
  );
}
