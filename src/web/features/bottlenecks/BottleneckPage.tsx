import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import type { CountryCode } from '../../../shared/countries.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import { END_STATUSES, OUTCOMES, TRANSITIONS, type Outcome, type Status } from '../../../shared/register.ts';
import type { Institution } from '../../../shared/schemas/institutions.ts';
import { api, type Body, type GetAnswer } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { Field, SelectField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { problemText } from '../../components/problemText.ts';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { ContentTitle, PageTitle } from '../../components/PageTitle.tsx';
import { DetailProblem } from '../../components/DetailProblem.tsx';
import { loginPath } from '../../components/landing.ts';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { Picker } from '../../components/Picker.tsx';
import { bottleneckKind } from '../../components/pickerKinds.ts';
import { useResource } from '../../components/useResource.ts';
import { formChoice, formOptional, formText, useSubmit } from '../../components/useSubmit.ts';
import { StatusBadge, useDate } from './labels.tsx';
import { useDates } from '../../components/useDates.ts';
import { AnswerForm } from './AnswerForm.tsx';
import { AnswerView } from './AnswerView.tsx';
import { RemoveFileButton, useFileRemoval } from './FileRemoval.tsx';
import { TraceChain } from '../trace/TraceChain.tsx';
import { LinkedIndicators } from '../kpis/LinkedIndicators.tsx';
import { formatBytes, formatCount } from '../../components/numbers.ts';
import { useInstitutionChoices } from '../institutions/useInstitutionChoices.ts';
import { RequiredNote } from '../../components/Required.tsx';
import { Open311Origin } from '../open311/Open311Origin.tsx';

type Detail = GetAnswer<'/api/bottlenecks/{id}'>;

export function BottleneckPage() {
  const { t, i18n } = useTranslation();
  const { ref = '' } = useParams();
  const { data, error, reload, setData } = useResource('/api/bottlenecks/{id}', { path: { id: ref } });
  const date = useDate();
  const notice = useNotice();
  // What an Open311 app sent about the reporter is for administrators only (the server says so too).
  const isAdmin = useSession().user?.role === 'admin';

  if (error) return <DetailProblem error={error} notFoundKey="bottlenecks:detail.notFound" backTo="/bottlenecks" backLabelKey="bottlenecks:list.title" />;
  if (!data) return <p role="status">{t('common:loading')}</p>;
  // The API answers a merged report's address with the one kept: the old address says so, rather than showing another report as if it were the one asked for.
  if (data.ref !== ref.toUpperCase() && data.id !== ref) return <MergedNotice from={ref.toUpperCase()} into={data.ref} />;

  return (
    <div className="page bn-detail">
      <p className="bn-card__meta">
        <Link to="/bottlenecks">{t('bottlenecks:list.title')}</Link> › <span className="bn-ref">{data.ref}</span> <StatusBadge status={data.status} />
        {data.overdue && <span className="badge badge--warning">{t('bottlenecks:overdue')}</span>}
        {data.isDemo && <span className="badge">{t('common:demo.badge')}</span>}
      </p>
      <ContentTitle value={data.title} otherwise={data.ref} explained />
      <StatusMessage notice={notice.notice} />
      {data.suggestion && data.viewer.canManage && <SuggestionPanel data={data} onDone={(next) => setData(next)} notice={notice} />}
      {pickLocalized(data.title, i18n.language as ContentLanguage)?.isFallback && (
        <p className="muted">{t('bottlenecks:detail.originalLanguage', { language: t(`common:languages.${data.originalLanguage}`) })}</p>
      )}
      {/* The facts come after the description in reading order, so a phone shows them before the answers and the timeline. */}
      <div className="bn-detail__grid bn-detail__grid--split">
        <div className="bn-detail__lead">
          <section aria-labelledby="description-heading">
            <h2 id="description-heading">{t('bottlenecks:fields.description')}</h2>
            <LocalizedText value={data.description} as="div" />
          </section>
          <Memberships data={data} onChange={(counts) => setData({ ...data, ...counts })} reload={reload} />
        </div>
        <aside aria-labelledby="facts-heading" className="card">
          <h2 id="facts-heading">{t('bottlenecks:detail.facts')}</h2>
          <dl className="facts-list">
            <dt>{t('bottlenecks:fields.domain')}</dt>
            <dd>{t(`bottlenecks:domain.${data.domain}`)}</dd>
            <dt>{t('bottlenecks:fields.countries')}</dt>
            <dd>{data.countries.map((c) => t(`bottlenecks:country.${c}`, { defaultValue: c })).join(', ')}</dd>
            {data.topics.length > 0 && (
              <>
                <dt>{t('bottlenecks:fields.topics')}</dt>
                <dd>{data.topics.map((topic) => t(`bottlenecks:topic.${topic}`)).join(', ')}</dd>
              </>
            )}
            {data.situation && (
              <>
                <dt>{t('bottlenecks:detail.situation')}</dt>
                <dd>{t(`bottlenecks:situation.${data.situation}`)}</dd>
              </>
            )}
            {data.institution && (
              <>
                <dt>{t('bottlenecks:fields.institution')}</dt>
                <dd>
                  <LocalizedText value={data.institution.name} />
                </dd>
              </>
            )}
            {data.serviceName && (
              <>
                <dt>{t('bottlenecks:fields.serviceName')}</dt>
                <dd>{data.serviceName}</dd>
              </>
            )}
            {data.affectedEstimate && (
              <>
                <dt>{t('bottlenecks:fields.affectedEstimate')}</dt>
                <dd>{formatCount(data.affectedEstimate, i18n.language)}</dd>
              </>
            )}
            {data.location && (
              <>
                <dt>{t('bottlenecks:fields.location')}</dt>
                <dd>
                  {[data.location.address, data.location.lat !== null && data.location.long !== null ? `${data.location.lat}, ${data.location.long}` : null].filter(Boolean).join(' · ')}
                </dd>
              </>
            )}
            <dt>{t('bottlenecks:detail.reported')}</dt>
            <dd>{date(data.createdAt)}</dd>
            {data.publishedAt && (
              <>
                <dt>{t('bottlenecks:detail.published')}</dt>
                <dd>{date(data.publishedAt)}</dd>
              </>
            )}
            {data.assessmentDueAt && (
              <>
                <dt>{t('bottlenecks:detail.assessmentDue')}</dt>
                <dd>{date(data.assessmentDueAt)}</dd>
              </>
            )}
            {data.outcome && (
              <>
                <dt>{t('bottlenecks:fields.outcome')}</dt>
                <dd>
                  {t(`bottlenecks:outcome.${data.outcome}`)}
                  {data.outcomeNote && <p>{data.outcomeNote}</p>}
                </dd>
              </>
            )}
          </dl>
          {data.attachments.length > 0 && <Files data={data} reload={reload} notice={notice} />}
          {data.evidenceLinks.length > 0 && (
            <>
              <h3>{t('bottlenecks:fields.evidenceLinks')}</h3>
              <ul className="link-list">
                {data.evidenceLinks.map((link) => (
                  <li key={link}>
                    <a href={link} rel="nofollow ugc noopener noreferrer">
                      {link}
                    </a>
                  </li>
                ))}
              </ul>
            </>
          )}
        </aside>
        <div className="bn-detail__rest">
          <Answers data={data} />
          {data.viewer.canAnswerFor.length > 0 && <AnswerSection data={data} onDone={reload} />}
          <LinkedIndicators kind="bottleneck" ownerRef={data.ref} />
          <TraceChain type="bottleneck" id={data.id} />
          <Timeline data={data} />
        </div>
      </div>
      {data.viewer.canModerate && <StaffPanel data={data} onDone={(next) => setData(next)} notice={notice} />}
      {isAdmin && <Open311Origin bottleneckId={data.id} />}
    </div>
  );
}

type PageNotice = ReturnType<typeof useNotice>;

/** The bottleneck's files to download, each with its size; staff may remove one, as from the moderation queue. */
function Files({ data, reload, notice }: { data: Detail; reload: () => Promise<void>; notice: PageNotice }) {
  const { t, i18n } = useTranslation();
  const removal = useFileRemoval(data.id, notice, reload);
  return (
    <>
      <h3>{t('bottlenecks:detail.attachments')}</h3>
      {data.viewer.canModerate && <FormErrors error={removal.error} />}
      <ul className="link-list">
        {data.attachments.map((file) => (
          <li key={file.id}>
            <a href={file.url} download>
              {file.filename}
            </a>{' '}
            <span className="muted">({formatBytes(file.size, i18n.language)})</span>
            {data.viewer.canModerate && (
              <>
                {' '}
                <RemoveFileButton file={file} onRemove={(chosen) => void removal.remove(chosen)} />
              </>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

function Memberships({ data, onChange, reload }: { data: Detail; onChange: (counts: Partial<Detail>) => void; reload: () => Promise<void> }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const location = useLocation();
  const [error, setError] = useState<unknown>(null);
  const canSupport = !['submitted', 'rejected', 'merged'].includes(data.status);
  async function toggle(kind: 'support' | 'follow', on: boolean) {
    setError(null);
    try {
      const path = kind === 'support' ? '/api/bottlenecks/{id}/support' : '/api/bottlenecks/{id}/follow';
      const counts = on ? await api.post(path, { path: { id: data.id } }) : await api.delete(path, { path: { id: data.id } });
      onChange({ ...counts, viewer: { ...data.viewer, ...(kind === 'support' ? { supported: on } : { following: on }) } });
    } catch (caught) {
      setError(caught);
      await reload();
    }
  }
  return (
    <section aria-labelledby="support-heading" className="card">
      <h2 id="support-heading">{t('bottlenecks:detail.affectsYou')}</h2>
      <p>
        {t('bottlenecks:supports', { count: data.supportCount })} · {t('bottlenecks:followers', { count: data.followerCount })}
      </p>
      {error ? <p className="field__error">{problemText(error, t)}</p> : null}
      {user ? (
        <p className="button-row">
          {canSupport && (
            <button type="button" className="button" aria-pressed={data.viewer.supported} onClick={() => void toggle('support', !data.viewer.supported)}>
              {data.viewer.supported ? t('bottlenecks:detail.unsupport') : t('bottlenecks:detail.support')}
            </button>
          )}
          <button type="button" className="button button--secondary" aria-pressed={data.viewer.following} onClick={() => void toggle('follow', !data.viewer.following)}>
            {data.viewer.following ? t('bottlenecks:detail.unfollow') : t('bottlenecks:detail.follow')}
          </button>
        </p>
      ) : (
        <p>
          <Link to={loginPath(location)}>{t('bottlenecks:detail.loginToSupport')}</Link>
        </p>
      )}
    </section>
  );
}

/** Each country's responsible institution and its answers, side by side. */
function Answers({ data }: { data: Detail }) {
  const { t } = useTranslation();
  const countries = [...new Set([...data.assignments.map((a) => a.country), ...data.answers.map((a) => a.country)])];
  if (countries.length === 0) return null;
  return (
    <section aria-labelledby="answers-heading">
      <h2 id="answers-heading">{t('bottlenecks:detail.answers')}</h2>
      <div className="answers">
        {countries.map((country) => {
          const assignment = data.assignments.find((a) => a.country === country);
          const answers = data.answers.filter((a) => a.country === country);
          return (
            <section key={country} className="answer-column card" aria-labelledby={`answers-${country}`}>
              <h3 id={`answers-${country}`}>
                {t(`bottlenecks:country.${country}`, { defaultValue: country })}
                {assignment && (
                  <>
                    {': '}
                    <LocalizedText value={assignment.institution.name} />
                  </>
                )}
              </h3>
              {answers.length === 0 ? (
                <p className="muted">{t('bottlenecks:detail.noAnswer')}</p>
              ) : (
                answers.map((answer) => (
                  <article key={answer.id} className="answer">
                    <AnswerView answer={answer} />
                  </article>
                ))
              )}
            </section>
          );
        })}
      </div>
    </section>
  );
}

/** Answering for my institution, or, once it has answered, a new version of that answer. */
function AnswerSection({ data, onDone }: { data: Detail; onDone: () => Promise<void> }) {
  const { t } = useTranslation();
  const institutionId = data.viewer.canAnswerFor[0];
  const ours = data.answers.filter((a) => a.institution.id === institutionId).at(-1);
  return (
    <section aria-labelledby="answer-form-heading" className="card">
      <h2 id="answer-form-heading">{t(ours ? 'bottlenecks:detail.answerEdit' : 'bottlenecks:detail.answerTitle')}</h2>
      <AnswerForm key={ours?.id ?? 'new'} bottleneckId={data.id} institutionId={institutionId} idPrefix="answer" onDone={onDone} answer={ours} />
    </section>
  );
}

function Timeline({ data }: { data: Detail }) {
  const { t } = useTranslation();
  const when = useDates().dateTime;
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t('bottlenecks:detail.timeline')}</h2>
      <ol className="timeline">
        {data.timeline.map((entry, index) => (
          <li key={index}>
            <p className="timeline__when">
              <time dateTime={entry.at}>{when(entry.at)}</time>
              {entry.actorRole && <span className="muted"> · {t(`common:roles.${entry.actorRole}`)}</span>}
            </p>
            <p className="timeline__what">
              {entry.kind === 'status' && entry.toStatus ? (
                t('bottlenecks:event.status', { status: t(`bottlenecks:status.${entry.toStatus}`) })
              ) : entry.link ? (
                <WithLink text={t(`bottlenecks:event.${entry.kind}`, { ref: REF_MARK })} link={entry.link} />
              ) : (
                t(`bottlenecks:event.${entry.kind}`, { defaultValue: entry.kind })
              )}
              {entry.link?.title && (
                <>
                  {': '}
                  <LocalizedText value={entry.link.title} />
                </>
              )}
              {entry.kind === 'status' && entry.link && (
                <>
                  {' · '}
                  <Link to={linkPath(entry.link)}>{entry.link.ref}</Link>
                </>
              )}
              {entry.institution && (
                <>
                  {': '}
                  <LocalizedText value={entry.institution.name} />
                </>
              )}
            </p>
            {entry.note && <p className="timeline__note">{entry.note}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}

type ItemLink = { type: 'dialogue' | 'recommendation'; ref: string };
/** Where a translated text puts the linked item's reference: the text is split there and the reference becomes a link, so each language keeps its own word order. */
const REF_MARK = '\u0001';
const linkPath = (link: ItemLink) => `/${link.type === 'dialogue' ? 'dialogues' : 'recommendations'}/${link.ref}`;

function WithLink({ text, link }: { text: string; link: ItemLink }) {
  const [before, after = ''] = text.split(REF_MARK);
  return (
    <>
      {before}
      <Link to={linkPath(link)}>{link.ref}</Link>
      {after}
    </>
  );
}

/**
 * To editors: the status change a dialogue or recommendation about the bottleneck calls for while
 * its status is behind ("Move to 'In dialogue' (discussed in DL-…)"). One click applies the
 * ordinary status change, noted on the timeline with the item; nothing changes by itself.
 */
function SuggestionPanel({ data, onDone, notice }: { data: Detail; onDone: (next: Detail) => void; notice: PageNotice }) {
  const { t } = useTranslation();
  const suggestion = data.suggestion!;
  const status = t(`bottlenecks:status.${suggestion.status}`);
  const apply = useSubmit(async () => {
    const next = await api.post('/api/bottlenecks/{id}/suggestion', {
      path: { id: data.id },
      body: { status: suggestion.status, because: suggestion.because.ref, note: t(`bottlenecks:suggestion.note_${suggestion.because.type}`) },
    });
    onDone(next);
    notice.show('bottlenecks:notice.status', { status });
  });
  return (
    <section aria-labelledby="suggestion-heading" className="card">
      <h2 id="suggestion-heading">{t('bottlenecks:suggestion.title')}</h2>
      <p className="muted">{t('bottlenecks:suggestion.why')}</p>
      <form onSubmit={apply.onSubmit}>
        <FormErrors error={apply.error} />
        <button type="submit" className="button" disabled={apply.busy}>
          {t(`bottlenecks:suggestion.${suggestion.because.type}`, { status, ref: suggestion.because.ref })}
        </button>
      </form>
    </section>
  );
}

/** Moderators publish, reject and merge; editors also move the lifecycle and assign institutions. */
function StaffPanel({ data, onDone, notice }: { data: Detail; onDone: (next: Detail) => void; notice: PageNotice }) {
  const { t, i18n } = useTranslation();
  const next = TRANSITIONS[data.status].filter((status) => data.viewer.canManage || data.status === 'submitted');
  // Rejecting, closing, resolving and writing off end a bottleneck's way: that change asks first.
  const [chosen, setChosen] = useState<Status | undefined>(undefined);
  const target = chosen && next.includes(chosen) ? chosen : next[0];
  const ending = target !== undefined && END_STATUSES.includes(target);
  const institutions = useInstitutionChoices(data.viewer.canManage);
  const status = useSubmit(async (form) => {
    const note = formText(form, 'note');
    const body: Body<'patch', '/api/bottlenecks/{id}'> = { status: formChoice<Status>(form, 'status') };
    if (note.trim()) body.note = note;
    const outcome = formOptional<Outcome>(form, 'outcome');
    if (outcome) body.outcome = outcome;
    onDone(await api.patch('/api/bottlenecks/{id}', { path: { id: data.id }, body }));
    notice.show('bottlenecks:notice.status', { status: t(`bottlenecks:status.${body.status}`) });
  });
  const assign = useSubmit(async (form) => {
    // The answer's countries are plain strings (its schema), each one a code the request took.
    const assignments = data.countries.map((country) => ({ country, institutionId: formText(form, `assign-${country}`) })).filter((a) => a.institutionId);
    onDone(await api.patch('/api/bottlenecks/{id}', { path: { id: data.id }, body: { assignments } }));
    notice.show('bottlenecks:notice.assigned');
  });
  const merge = useSubmit(async (form) => {
    const kept = await api.post('/api/bottlenecks/{id}/merge', { path: { id: data.id }, body: { into: formText(form, 'into'), note: formText(form, 'note') || undefined } });
    void notice.navigate(`/bottlenecks/${kept.ref}`, 'bottlenecks:notice.merged', { ref: data.ref, kept: kept.ref });
  });
  // A report is never merged into itself: the picker does not offer it.
  const otherBottlenecks: typeof bottleneckKind = { ...bottleneckKind, search: async (q) => (await bottleneckKind.search(q)).filter((item) => item.value !== data.ref) };
  const name = (institution: Institution) => pickLocalized(institution.name, i18n.language as ContentLanguage)?.text ?? institution.slug;

  return (
    <section aria-labelledby="staff-heading" className="card staff-panel">
      <h2 id="staff-heading">{t('bottlenecks:staff.title')}</h2>
      {data.viewer.canManage && (
        <p>
          <Link to={`/recommendations/new?bottleneck=${encodeURIComponent(data.ref)}`}>{t('bottlenecks:staff.proposeRecommendation')}</Link>
          <br />
          <Link to={`/dialogues/new?bottleneck=${encodeURIComponent(data.ref)}`}>{t('bottlenecks:staff.planDialogue')}</Link>
        </p>
      )}
      {next.length > 0 && (
        <form
          className="form"
          onSubmit={status.onSubmit}
          noValidate
          aria-labelledby="staff-status-heading"
          onChange={(event) => {
            const field: EventTarget = event.target;
            if (field instanceof HTMLSelectElement && field.name === 'status') setChosen(field.value as Status);
          }}
        >
          <h3 id="staff-status-heading">{t('bottlenecks:staff.changeStatus')}</h3>
          <FormErrors error={status.error} fieldIds={{ status: 'staff-status', outcome: 'staff-outcome', note: 'staff-note' }} />
          <SelectField id="staff-status" name="status" label={t('bottlenecks:staff.newStatus')} options={next.map((s) => ({ value: s, label: t(`bottlenecks:status.${s}`) }))} />
          {data.viewer.canManage && (
            <SelectField id="staff-outcome" name="outcome" label={t('bottlenecks:fields.outcome')} defaultValue="" options={[{ value: '', label: t('bottlenecks:staff.noOutcome') }, ...OUTCOMES.map((o) => ({ value: o, label: t(`bottlenecks:outcome.${o}`) }))]} />
          )}
          <div className="field">
            <label htmlFor="staff-note">{t('bottlenecks:staff.note')}</label>
            <p className="field__hint" id="staff-note-hint">
              {t('bottlenecks:staff.noteHint')}
            </p>
            <textarea id="staff-note" name="note" rows={3} maxLength={4000} aria-describedby="staff-note-hint" />
          </div>
          <ConfirmButton
            skip={!ending}
            className="button"
            disabled={status.busy}
            question={ending ? t('bottlenecks:confirm.end.question', { status: t(`bottlenecks:status.${target}`) }) : ''}
            consequence={ending ? t('bottlenecks:confirm.end.consequence') : ''}
            confirmLabel={ending ? t('bottlenecks:confirm.end.action', { status: t(`bottlenecks:status.${target}`) }) : ''}
          >
            {t('bottlenecks:staff.save')}
          </ConfirmButton>
        </form>
      )}
      {data.viewer.canManage && institutions.data && (
        <form className="form" onSubmit={assign.onSubmit} noValidate aria-labelledby="staff-assign-heading">
          <h3 id="staff-assign-heading">{t('bottlenecks:staff.assign')}</h3>
          <FormErrors error={assign.error} />
          {data.countries.map((country) => (
            <SelectField
              key={country}
              id={`assign-${country}`}
              name={`assign-${country}`}
              label={t('bottlenecks:staff.responsibleIn', { country: t(`bottlenecks:country.${country}`, { defaultValue: country }) })}
              defaultValue={data.assignments.find((a) => a.country === country)?.institution.id ?? ''}
              options={[{ value: '', label: t('bottlenecks:staff.nobody') }, ...institutions.data!.items.filter((i) => i.country === country || i.country === 'EU').map((i) => ({ value: i.id, label: name(i) }))]}
            />
          ))}
          <button type="submit" className="button" disabled={assign.busy}>
            {t('bottlenecks:staff.saveAssignments')}
          </button>
        </form>
      )}
      {data.status !== 'merged' && (
        <form className="form" onSubmit={merge.onSubmit} noValidate aria-labelledby="staff-merge-heading">
          <h3 id="staff-merge-heading">{t('bottlenecks:staff.merge')}</h3>
          <FormErrors error={merge.error} fieldIds={{ into: 'merge-into', note: 'merge-note' }} />
          <RequiredNote />
          <Picker id="merge-into" name="into" required kind={otherBottlenecks} label={t('bottlenecks:staff.mergeInto')} hint={t('bottlenecks:staff.mergeHint')} />
          <Field id="merge-note" name="note" label={t('bottlenecks:staff.note')} />
          <ConfirmButton
            className="button button--secondary"
            disabled={merge.busy}
            question={t('bottlenecks:confirm.merge.question', { ref: data.ref })}
            consequence={t('bottlenecks:confirm.merge.consequence', { ref: data.ref })}
            confirmLabel={t('bottlenecks:confirm.merge.action', { ref: data.ref })}
          >
            {t('bottlenecks:staff.mergeSubmit')}
          </ConfirmButton>
        </form>
      )}
    </section>
  );
}

/** The old address of a merged report: which report it went into, and the way there. */
function MergedNotice({ from, into }: { from: string; into: string }) {
  const { t } = useTranslation();
  return (
    <div className="page page--narrow">
      <PageTitle>{t('bottlenecks:detail.mergedTitle', { ref: from })}</PageTitle>
      <p>{t('bottlenecks:detail.mergedText', { into })}</p>
      <p>
        <Link to={`/bottlenecks/${into}`}>{t('bottlenecks:detail.mergedLink', { into })}</Link>
      </p>
    </div>
  );
}
