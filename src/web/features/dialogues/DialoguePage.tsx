import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { DIALOGUE_TRANSITIONS, type DialogueState } from '../../../shared/dialogues.ts';
import { api, type GetAnswer } from '../../app/api.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { ContentTitle } from '../../components/PageTitle.tsx';
import { DetailProblem } from '../../components/DetailProblem.tsx';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { useResource } from '../../components/useResource.ts';
import { formChoice, formText, useSubmit } from '../../components/useSubmit.ts';
import { StatusBadge, useDate } from '../bottlenecks/labels.tsx';
import { TraceChain } from '../trace/TraceChain.tsx';
import { MeetingOf } from '../governance/MeetingOf.tsx';
import { DialogueStateBadge, useWhen } from './labels.tsx';
import { RequiredNote } from '../../components/Required.tsx';
import { Field, TextAreaField } from '../../components/Field.tsx';

type Detail = GetAnswer<'/api/dialogues/{id}'>;

export function DialoguePage() {
  const { t, i18n } = useTranslation();
  const { ref = '' } = useParams();
  const { data, error, reload } = useResource('/api/dialogues/{id}', { path: { id: ref } });
  const when = useWhen();
  const notice = useNotice();
  if (error) return <DetailProblem error={error} notFoundKey="dialogues:detail.notFound" backTo="/dialogues" backLabelKey="dialogues:list.title" />;
  if (!data) return <p role="status">{t('common:loading')}</p>;
  return (
    <div className="page bn-detail">
      <p className="bn-card__meta">
        <Link to="/dialogues">{t('dialogues:list.title')}</Link> › <span className="bn-ref">{data.ref}</span> <DialogueStateBadge state={data.state} />
        {data.visibility === 'internal' && <span className="badge">{t('dialogues:visibility.internal')}</span>}
        {data.isDemo && <span className="badge">{t('common:demo.badge')}</span>}
      </p>
      <ContentTitle value={data.title} otherwise={data.ref} />
      <StatusMessage notice={notice.notice} />
      {/* The facts (when, where) come after the description in reading order, so a phone shows them first. */}
      <div className="bn-detail__grid bn-detail__grid--split">
        <div className="bn-detail__lead">
          {data.description && (
            <section aria-labelledby="about-heading">
              <h2 id="about-heading">{t('dialogues:fields.description')}</h2>
              <LocalizedText value={data.description} as="p" />
            </section>
          )}
        </div>
        <aside aria-labelledby="facts-heading" className="card">
          <h2 id="facts-heading">{t('dialogues:detail.facts')}</h2>
          <dl className="facts-list">
            <dt>{t('dialogues:fields.type')}</dt>
            <dd>{t(`dialogues:type.${data.type}`)}</dd>
            <dt>{t('dialogues:fields.when')}</dt>
            <dd>
              {when(data.startsAt, data.endsAt, data.timeZone)} <span className="muted">({data.timeZone})</span>
            </dd>
            <dt>{t('dialogues:fields.where')}</dt>
            <dd>
              {data.place ?? '–'}
              {data.onlineUrl && (
                <>
                  <br />
                  <a href={data.onlineUrl} rel="noopener noreferrer">
                    {t('dialogues:online')}
                  </a>
                </>
              )}
            </dd>
            <dt>{t('dialogues:fields.organiser')}</dt>
            <dd>
              <LocalizedText value={data.organiser.name} />
            </dd>
            {data.domains.length > 0 && (
              <>
                <dt>{t('dialogues:fields.domains')}</dt>
                <dd>{data.domains.map((d) => t(`bottlenecks:domain.${d}`)).join(', ')}</dd>
              </>
            )}
            <dt>{t('dialogues:fields.language')}</dt>
            <dd>{t(`common:languages.${data.language}`)}</dd>
            <MeetingOf dialogue={data.id} />
          </dl>
          <h3>{t('dialogues:detail.files')}</h3>
          <ul className="link-list">
            <li>
              <a href={`${data.calendarUrl}?lang=${i18n.language}`}>{t('dialogues:detail.addToCalendar')}</a>
            </li>
            {data.minutesPdfUrl && (
              <li>
                <a href={`${data.minutesPdfUrl}?lang=${i18n.language}`}>{t('dialogues:detail.minutesPdf')}</a>
              </li>
            )}
            {data.attachments.map((file) => (
              <li key={file.id}>
                <a href={file.url} download>
                  {file.filename}
                </a>
              </li>
            ))}
          </ul>
          {data.participants.length > 0 && (
            <>
              <h3>{t('dialogues:fields.participants')}</h3>
              <ul className="link-list">
                {data.participants.map((p) => (
                  <li key={p.id}>
                    {[p.name, p.role].filter(Boolean).join(', ') || t('dialogues:detail.participant')}
                    {p.institution && (
                      <>
                        {' · '}
                        <LocalizedText value={p.institution.name} />
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
          {data.viewer.canManage && <EditorPanel data={data} onDone={reload} notify={notice.show} />}
        </aside>
        <div className="bn-detail__rest">
          {data.agenda.length > 0 && (
            <section aria-labelledby="agenda-heading">
              <h2 id="agenda-heading">{t('dialogues:fields.agenda')}</h2>
              <ol>
                {data.agenda.map((item) => (
                  <li key={item.position}>
                    {item.title}
                    {item.bottleneck && (
                      <>
                        {' '}
                        (
                        <Link to={`/bottlenecks/${item.bottleneck.ref}`} className="nowrap">
                          {item.bottleneck.ref}
                        </Link>
                        )
                      </>
                    )}
                  </li>
                ))}
              </ol>
            </section>
          )}
          {data.minutesHtml && (
            <section aria-labelledby="minutes-heading">
              <h2 id="minutes-heading">{t('dialogues:fields.minutes')}</h2>
              {data.state !== 'minutes_published' && <p className="notice">{t('dialogues:detail.draftMinutes')}</p>}
              {/* Rendered by the server from Markdown with raw HTML disabled, so it carries no markup of its own. */}
              <div className="prose minutes" dangerouslySetInnerHTML={{ __html: data.minutesHtml }} />
            </section>
          )}
          {data.outcomes.length > 0 && (
            <section aria-labelledby="outcomes-heading">
              <h2 id="outcomes-heading">{t('dialogues:fields.outcomes')}</h2>
              <ul>
                {data.outcomes.map((outcome, i) => (
                  <li key={i}>{outcome}</li>
                ))}
              </ul>
            </section>
          )}
          {data.answers.length > 0 && <Interview data={data} />}
          <TraceChain type="dialogue" id={data.id} />
          {data.viewer.canComment && <Comments data={data} onDone={reload} notify={notice.show} />}
        </div>
      </div>
    </div>
  );
}

function Interview({ data }: { data: Detail }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="interview-heading">
      <h2 id="interview-heading">{t('dialogues:interview.title')}</h2>
      {data.guide && (
        <p className="muted">
          {t('dialogues:interview.guide')}: <LocalizedText value={data.guide.title} />
        </p>
      )}
      <dl className="qa">
        {data.answers.map((answer) => (
          <div key={answer.questionId}>
            <dt>
              <LocalizedText value={answer.question} />
            </dt>
            <dd>{answer.answer}</dd>
          </div>
        ))}
      </dl>
      {data.findings.length > 0 && (
        <>
          <h3>{t('dialogues:interview.findings')}</h3>
          <ul>
            {data.findings.map((finding) => (
              <li key={finding.id}>
                {finding.text} <code>{finding.code}</code>
                {finding.domain && <span className="muted"> · {t(`bottlenecks:domain.${finding.domain}`)}</span>}
                {finding.bottleneck && (
                  <>
                    {' · '}
                    <Link to={`/bottlenecks/${finding.bottleneck.ref}`}>{finding.bottleneck.ref}</Link> <StatusBadge status={finding.bottleneck.status} />
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

type Notify = ReturnType<typeof useNotice>['show'];

function Comments({ data, onDone, notify }: { data: Detail; onDone: () => Promise<void>; notify: Notify }) {
  const { t } = useTranslation();
  const date = useDate();
  const { onSubmit, error, busy } = useSubmit(async (form, element) => {
    await api.post('/api/dialogues/{id}/comments', { path: { id: data.ref }, body: { body: formText(form, 'body') } });
    element.reset();
    await onDone();
    notify('dialogues:notice.commented');
  });
  return (
    <section aria-labelledby="comments-heading">
      <h2 id="comments-heading">{t('dialogues:comments.title')}</h2>
      <p className="muted">{t('dialogues:comments.who')}</p>
      <ul className="answers">
        {data.comments.map((comment) => (
          <li key={comment.id} className="answer card">
            <p className="muted">
              {comment.authorName ?? t('dialogues:comments.formerMember')}
              {comment.institution && (
                <>
                  {' · '}
                  <LocalizedText value={comment.institution.name} />
                </>
              )}{' '}
              · {date(comment.createdAt)}
            </p>
            <p>{comment.body}</p>
          </li>
        ))}
      </ul>
      <form className="form" onSubmit={onSubmit} noValidate>
        <FormErrors error={error} fieldIds={{ body: 'comment-body' }} />
        <RequiredNote />
        <TextAreaField id="comment-body" name="body" rows={3} required minLength={2} maxLength={4000} label={t('dialogues:comments.label')} />
        <button type="submit" className="button" disabled={busy}>
          {t('dialogues:comments.send')}
        </button>
      </form>
    </section>
  );
}

function EditorPanel({ data, onDone, notify }: { data: Detail; onDone: () => Promise<void>; notify: Notify }) {
  const { t } = useTranslation();
  const when = useWhen();
  const move = useSubmit(async (form) => {
    const state = formChoice<DialogueState>(form, 'state');
    await api.patch('/api/dialogues/{id}', { path: { id: data.ref }, body: { state } });
    await onDone();
    notify(`dialogues:notice.${state}`);
  });
  const invite = useSubmit(async () => {
    const { invited } = await api.post('/api/dialogues/{id}/invitations', { path: { id: data.ref } });
    // Nobody new: say why rather than "0 invitations sent".
    notify(invited > 0 ? 'dialogues:editor.invited' : 'dialogues:notice.nobodyToInvite', { count: invited });
  });
  const attach = useSubmit(async (form, element) => {
    const body = new FormData();
    body.set('file', form.get('file') as File);
    await api.post('/api/dialogues/{id}/attachments', { path: { id: data.ref }, body });
    element.reset();
    await onDone();
  });
  const remove = useSubmit(async (form) => {
    await api.delete('/api/dialogues/{id}/attachments/{attachmentId}', { path: { id: data.ref, attachmentId: formText(form, 'attachment') } });
    await onDone();
    notify('dialogues:notice.fileRemoved');
  });
  // A dialogue is held once it has begun: the server refuses it earlier, so it is not offered.
  const started = Date.parse(data.startsAt) <= Date.now();
  const next = DIALOGUE_TRANSITIONS[data.state].filter((state) => state !== 'held' || started);
  const invitable = data.participants.some((p) => p.email);
  return (
    <div className="staff-panel">
      <h3>{t('dialogues:editor.title')}</h3>
      <p>
        <Link to={`/dialogues/${data.ref}/edit`}>{t('dialogues:editor.edit')}</Link>
        <br />
        <Link to={`/recommendations/new?dialogue=${encodeURIComponent(data.ref)}`}>{t('dialogues:editor.proposeRecommendation')}</Link>
        {data.type === 'interview' && (
          <>
            <br />
            <Link to={`/dialogues/${data.ref}/interview`}>{t('dialogues:interview.record')}</Link>
          </>
        )}
      </p>
      <FormErrors error={move.error ?? invite.error} />
      {next.map((state) => (
        <form key={state} onSubmit={move.onSubmit} className="button-row">
          <input type="hidden" name="state" value={state} />
          {/* Cancelling and publishing the minutes cannot be undone: they ask first. */}
          <ConfirmButton
            skip={state === 'held'}
            className="button button--secondary button--small"
            disabled={move.busy}
            question={state === 'held' ? '' : t(`dialogues:confirm.${state}.question`)}
            consequence={state === 'held' ? '' : t(`dialogues:confirm.${state}.consequence`)}
            confirmLabel={t(`dialogues:editor.to.${state}`)}
          >
            {t(`dialogues:editor.to.${state}`)}
          </ConfirmButton>
        </form>
      ))}
      {data.state === 'planned' && !started && <p className="muted">{t('dialogues:editor.heldLater', { when: when(data.startsAt, data.endsAt, data.timeZone) })}</p>}
      {data.state === 'planned' &&
        (invitable ? (
          <form onSubmit={invite.onSubmit}>
            <button type="submit" className="button button--small" disabled={invite.busy}>
              {t('dialogues:editor.invite')}
            </button>
          </form>
        ) : (
          <p className="muted">{t('dialogues:editor.noInvitees')}</p>
        ))}
      {data.attachments.length > 0 && (
        <>
          <h4>{t('dialogues:editor.files')}</h4>
          <ul className="link-list">
            {data.attachments.map((file) => (
              <li key={file.id}>
                <form onSubmit={remove.onSubmit} className="button-row">
                  <input type="hidden" name="attachment" value={file.id} />
                  <span>{file.filename}</span>
                  <ConfirmButton
                    className="button button--secondary button--small"
                    disabled={remove.busy}
                    aria-label={t('dialogues:editor.removeFile', { name: file.filename })}
                    question={t('dialogues:confirm.removeFile.question', { name: file.filename })}
                    consequence={t('dialogues:confirm.removeFile.consequence')}
                    confirmLabel={t('dialogues:editor.removeFile', { name: file.filename })}
                  >
                    {t('dialogues:editor.remove')}
                  </ConfirmButton>
                </form>
              </li>
            ))}
          </ul>
          <FormErrors error={remove.error} />
        </>
      )}
      <form className="form" onSubmit={attach.onSubmit} noValidate>
        <RequiredNote />
        <Field id="dl-file" name="file" type="file" required label={t('dialogues:editor.attach')} hint={t('dialogues:editor.attachHint')} accept="application/pdf,image/png,image/jpeg,image/gif,image/webp" />
        <FormErrors error={attach.error} fieldIds={{ file: 'dl-file' }} />
        <button type="submit" className="button button--small" disabled={attach.busy}>
          {t('dialogues:editor.upload')}
        </button>
      </form>
    </div>
  );
}
