import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { COMMENT_LANGUAGES, COMMENT_SORTS, FLAG_REASONS, RELATIONS, SIDES, type CommentLanguage, type FlagReason, type Relation } from '../../../shared/schemas/consultations.ts';
import { isEditorRole, isStaffRole } from '../../../shared/roles.ts';
import { api, ApiError, type GetAnswer, type GetQuery } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { SelectField, TextAreaField } from '../../components/Field.tsx';
import { FilterFold } from '../../components/FilterFold.tsx';
import { pageOf } from '../../components/filterParams.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { RequiredNote } from '../../components/Required.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { MapComments, type MapPlace } from '../../components/MapComments.tsx';
import { MapInput } from '../../components/MapInput.tsx';
import type { CommentGeometry } from '../../../shared/schemas/geometry.ts';
import { ContentTitle } from '../../components/PageTitle.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { filtersInUse, pageSizeOf } from '../../components/pagination.ts';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { useDates } from '../../components/useDates.ts';
import { addressQuery, useFilterParams } from '../../components/useFilterParams.ts';
import { useResource } from '../../components/useResource.ts';
import { SectionResults, SectionSurvey } from './SectionSurvey.tsx';
import { FollowConsultation } from './FollowConsultation.tsx';
import { OutcomeView } from './OutcomeView.tsx';
import { PlaceLine } from './PlaceLine.tsx';
import { useFocusHash } from '../../components/useFocusHash.ts';
import { formText, useSubmit } from '../../components/useSubmit.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';

type Detail = GetAnswer<'/api/consultations/{id}'>;
type CommentItem = GetAnswer<'/api/consultations/{id}/comments'>['items'][number];
type ReplyItem = CommentItem['replies'][number];

const FILTERS = ['section', 'language', 'side', 'sort'] as const;

/**
 * One consultation: its sections with their text and files, then the comments of one section at
 * a time (filtered by language and side, sorted, paged in the address), the form to comment, and
 * the respondent's relation to the region, asked once. Comments are always shown as text.
 */
export function ConsultationPage() {
  const { t } = useTranslation();
  const { slug } = useParams();
  const { user } = useSession();
  const { data, error, reload } = useResource('/api/consultations/{id}', slug ? { path: { id: slug } } : null);
  if (!data) return <div className="page">{error ? <FormErrors error={error} /> : <p role="status">{t('common:loading')}</p>}</div>;
  const staff = user && isStaffRole(user.role);
  return (
    <div className="page consultation">
      <ContentTitle value={data.title} otherwise={data.ref} />
      <Header data={data} />
      {data.state === 'closed' && (
        <p>
          <Link to={`/consultations/${data.slug}/report`}>{t('consultations:report.link')}</Link>
        </p>
      )}
      {(staff || (user && isEditorRole(user.role))) && (
        <ul className="inline-links">
          {staff && (
            <li>
              <Link to={`/consultations/${data.slug}/moderation`}>{t('consultations:moderation.link')}</Link>
            </li>
          )}
          {user && isEditorRole(user.role) && (
            <li>
              <Link to={`/consultations/${data.slug}/edit`}>{t('consultations:edit')}</Link>
            </li>
          )}
          {user && isEditorRole(user.role) && data.subject === 'framework_version' && (
            <li>
              <Link to={`/consultations/${data.slug}/answers`}>{t('outcomes:answersLink')}</Link>
            </li>
          )}
        </ul>
      )}
      {data.published && <FollowConsultation consultationId={data.id} />}
      {data.state === 'open' && data.commenting !== 'none' && <RelationQuestion data={data} onSaved={reload} />}
      <nav aria-label={t('consultations:sections.nav')}>
        <ol className="consultation-sections">
          {data.sections.map((section) => (
            <li key={section.id}>
              <a href={`#section-${section.id}`}>
                <LocalizedText value={section.title} />
              </a>
            </li>
          ))}
        </ol>
      </nav>
      {data.sections.map((section) => (
        <SectionView key={section.id} section={section} consultation={data} staff={Boolean(staff)} onChanged={reload} />
      ))}
      <FollowedComment data={data} onChanged={reload} />
      <Comments data={data} />
    </div>
  );
}

/**
 * The comment a link named (`?comment=<id>`: the trace, a diff's answers), shown on its own with its
 * replies and what became of it, whichever section and page it is on among the comments.
 */
function FollowedComment({ data, onChanged }: { data: Detail; onChanged: () => Promise<void> }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const commentId = params.get('comment');
  const followed = useResource('/api/consultations/{id}/comments/{commentId}', commentId ? { path: { id: data.id, commentId } } : null);
  const [notice, setNotice] = useState<string | null>(null);
  useFocusHash('followed-comment', followed.data);
  if (!commentId) return null;
  const comment = followed.data;
  const section = comment && data.sections.find((s) => s.id === comment.sectionId);
  return (
    <section id="followed-comment" aria-labelledby="followed-comment-title" className="card" tabIndex={-1}>
      <h2 id="followed-comment-title">{t('consultations:linkedComment.title')}</h2>
      {Boolean(followed.error) && <FormErrors error={followed.error} />}
      {comment && (
        <>
          {section && (
            <p>
              {t('consultations:linkedComment.inSection')}{' '}
              <a href={`?section=${section.id}#comments`}>
                <LocalizedText value={section.title} />
              </a>
            </p>
          )}
          {notice && <p role="status">{t(notice)}</p>}
          <CommentView consultation={data} comment={comment} onChanged={async () => { await followed.reload(); await onChanged(); }} onNotice={setNotice} />
          {comment.replies.length > 0 && (
            <ul className="comment-replies" aria-label={t('consultations:comments.replies')}>
              {comment.replies.map((r) => (
                <li key={r.id} className="comment comment--reply">
                  <CommentView consultation={data} comment={r} onChanged={followed.reload} onNotice={setNotice} />
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function Header({ data }: { data: Detail }) {
  const { t } = useTranslation();
  const dates = useDates();
  return (
    <>
      <p className="bn-card__meta">
        <span className="bn-ref">{data.ref}</span> · <span>{t(`consultations:state.${data.state}`)}</span>
        {!data.published && <span className="badge badge--warning">{t('consultations:unpublished')}</span>}
        {data.isDemo && <span className="badge">{t('common:demo.badge')}</span>}
      </p>
      {data.summary && <LocalizedText value={data.summary} as="p" />}
      {data.about.plan && (
        <p>
          {t('consultations:aboutPlan')}:{' '}
          <Link to={`/planning/plans/${data.about.plan.slug}`}>
            <LocalizedText value={data.about.plan.name} />
          </Link>
        </p>
      )}
      {data.about.frameworkVersion && (
        <p>
          <Link to={`/framework/versions/${data.about.frameworkVersion.number}`}>{t('consultations:aboutVersion', { number: data.about.frameworkVersion.number })}</Link>
        </p>
      )}
      <dl className="region-facts">
        <div>
          <dt>{t('consultations:opens')}</dt>
          <dd>{dates.dateTime(data.opensAt)}</dd>
        </div>
        <div>
          <dt>{t('consultations:closes')}</dt>
          <dd>{dates.dateTime(data.closesAt)}</dd>
        </div>
        <div>
          <dt>{t('consultations:commenting.label')}</dt>
          <dd>{t(`consultations:commenting.${data.commenting}`)}</dd>
        </div>
        <div>
          <dt>{t('consultations:moderationMode.label')}</dt>
          <dd>{t(`consultations:moderationMode.${data.moderation}`)}</dd>
        </div>
      </dl>
    </>
  );
}

/** Asked once and optional: where the respondent stands, so results can be shown per side of the gulf. */
function RelationQuestion({ data, onSaved }: { data: Detail; onSaved: () => Promise<void> }) {
  const { t } = useTranslation();
  const [asked, setAsked] = useState(data.viewer.relation === null);
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    await api.put('/api/consultations/{id}/respondent', { path: { id: data.id }, body: { relation: formText(form, 'relation') as Relation } });
    setAsked(false);
    await onSaved();
  });
  if (!asked) {
    return data.viewer.relation ? (
      <p className="consultation-relation">
        {t('consultations:relation.given', { relation: t(`consultations:side.${data.viewer.relation}`) })}{' '}
        <button type="button" className="button button--link" onClick={() => setAsked(true)}>
          {t('consultations:relation.change')}
        </button>
      </p>
    ) : null;
  }
  return (
    <form className="form form--inline card" onSubmit={onSubmit} aria-labelledby="relation-title">
      <h2 id="relation-title">{t('consultations:relation.title')}</h2>
      <p>{t('consultations:relation.why')}</p>
      <FormErrors error={error} />
      <SelectField id="relation" name="relation" label={t('consultations:relation.label')} defaultValue={data.viewer.relation ?? 'lives_fi'} options={RELATIONS.map((r) => ({ value: r, label: t(`consultations:side.${r}`) }))} />
      <button type="submit" className="button" disabled={busy}>
        {t('consultations:relation.save')}
      </button>
    </form>
  );
}

function SectionView({ section, consultation, staff, onChanged }: { section: Detail['sections'][number]; consultation: Detail; staff: boolean; onChanged: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const body = pickLocalized(section.bodyHtml, i18n.language as ContentLanguage);
  return (
    <section id={`section-${section.id}`} className="consultation-section card" aria-labelledby={`section-title-${section.id}`}>
      <p className="bn-card__meta">{t(`consultations:kind.${section.kind}`)}</p>
      <h2 id={`section-title-${section.id}`}>
        <LocalizedText value={section.title} />
      </h2>
      {section.abstract && <LocalizedText value={section.abstract} as="p" />}
      {/* The editors' Markdown, rendered by the server with raw HTML shown as text (lib/markdown.ts). */}
      {body && <div className="prose" lang={body.lang} dangerouslySetInnerHTML={{ __html: body.text }} />}
      {section.files.length > 0 && (
        <ul className="consultation-files">
          {section.files.map((file) =>
            file.alt ? (
              <li key={file.id}>
                <img src={file.url} alt={pickLocalized(file.alt, i18n.language as ContentLanguage)?.text ?? ''} className="consultation-image" />
              </li>
            ) : (
              <li key={file.id}>
                <a href={file.url}>{file.filename}</a>
              </li>
            ),
          )}
        </ul>
      )}
      {section.questions.length > 0 && consultation.state !== 'closed' && <SectionSurvey consultation={consultation} section={section} onSaved={onChanged} />}
      {section.questions.length > 0 && (consultation.state === 'closed' || staff) && <SectionResults consultation={consultation} section={section} />}
      <p>
        <a href={`?section=${section.id}#comments`}>{t('consultations:sections.comments', { count: section.counts.comments, replies: section.counts.replies })}</a>
      </p>
    </section>
  );
}

function Comments({ data }: { data: Detail }) {
  const { t, i18n } = useTranslation();
  const { params, onFilter } = useFilterParams();
  const page = pageOf(params);
  const size = pageSizeOf(params);
  const filters = addressQuery<GetQuery<'/api/consultations/{id}/comments'>>(params, FILTERS);
  const section = data.sections.find((s) => s.id === filters.section) ?? data.sections[0];
  const query = { ...filters, section: section?.id, limit: size, offset: (page - 1) * size };
  const { data: comments, error, reload } = useResource('/api/consultations/{id}/comments', section ? { path: { id: data.id }, query } : null);
  const notice = useNotice();
  const title = (id: string) => pickLocalized(data.sections.find((s) => s.id === id)?.title, i18n.language as ContentLanguage)?.text ?? id;
  const describe = (key: string, value: string) => {
    if (key === 'section') return null;
    if (key === 'language') return `${t('consultations:comments.language')}: ${t(`common:languages.${value}`, { defaultValue: value })}`;
    if (key === 'side') return `${t('consultations:comments.side')}: ${t(`consultations:side.${value}`, { defaultValue: value })}`;
    return `${t('consultations:comments.sort')}: ${t(`consultations:sort.${value}`, { defaultValue: value })}`;
  };
  const inUse = filtersInUse(params, FILTERS, describe);
  const all = { value: '', label: t('consultations:comments.all') };
  if (!section) return null;
  return (
    <section id="comments" aria-labelledby="comments-title" className="consultation-comments">
      <h2 id="comments-title">{t('consultations:comments.title', { section: title(section.id) })}</h2>
      <StatusMessage notice={notice.notice} />
      <FilterFold active={inUse.length}>
        <form className="form form--inline filters" role="search" aria-label={t('consultations:comments.filters')} onSubmit={onFilter} key={params.toString()}>
          <SelectField id="c-section" name="section" label={t('consultations:comments.section')} defaultValue={section.id} options={data.sections.map((s) => ({ value: s.id, label: title(s.id) }))} />
          <SelectField id="c-language" name="language" label={t('consultations:comments.language')} defaultValue={params.get('language') ?? ''} options={[all, ...COMMENT_LANGUAGES.map((l) => ({ value: l, label: t(`common:languages.${l}`) }))]} />
          <SelectField id="c-side" name="side" label={t('consultations:comments.side')} defaultValue={params.get('side') ?? ''} options={[all, ...SIDES.map((s) => ({ value: s, label: t(`consultations:side.${s}`) }))]} />
          <SelectField id="c-sort" name="sort" label={t('consultations:comments.sort')} defaultValue={params.get('sort') ?? '-date'} options={COMMENT_SORTS.map((s) => ({ value: s, label: t(`consultations:sort.${s}`) }))} />
          <button type="submit" className="button">
            {t('consultations:comments.apply')}
          </button>
        </form>
      </FilterFold>
      <FormErrors error={error} />
      <p role="status" className="result-count">
        {comments ? t('consultations:comments.count', { count: comments.total }) : t('common:loading')}
      </p>
      {comments && comments.mine.length > 0 && (
        <div className="card">
          <h3>{t('consultations:comments.mine')}</h3>
          <ul className="comment-list">
            {comments.mine.map((c) => (
              <li key={c.id}>
                <CommentBody comment={c} />
                <p className="comment__state">
                  {t(`consultations:commentState.${c.state}`)}
                  {c.reason && ` – ${t(`consultations:reason.${c.reason}`)}`}
                </p>
              </li>
            ))}
          </ul>
        </div>
      )}
      {data.mapTools !== 'none' && comments && <CommentsMap items={comments.items} />}
      <ul className="comment-list">
        {comments?.items.map((c) => (
          <li key={c.id} id={`comment-${c.id}`} className="comment card">
            <CommentView consultation={data} comment={c} onChanged={reload} onNotice={(key) => notice.show(key)} />
            {c.replies.length > 0 && (
              <ul className="comment-replies" aria-label={t('consultations:comments.replies')}>
                {c.replies.map((r) => (
                  <li key={r.id} className="comment comment--reply">
                    <CommentView consultation={data} comment={r} onChanged={reload} onNotice={(key) => notice.show(key)} />
                  </li>
                ))}
              </ul>
            )}
            {data.viewer.canComment && <ReplyForm consultation={data} parent={c} onSent={reload} onNotice={(key) => notice.show(key)} />}
          </li>
        ))}
      </ul>
      {comments && <Pagination label={t('consultations:comments.pages')} page={page} total={comments.total} size={size} />}
      <CommentForm consultation={data} sectionId={section.id} onSent={reload} onNotice={(key) => notice.show(key)} />
    </section>
  );
}

/** An excerpt of a comment for the map's marker and table: its first words, whole. */
function excerpt(body: string, max = 80) {
  const text = body.replace(/\s+/g, ' ').trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

/**
 * The comments on this page of the list that mark a place, on the map and in its table, in the
 * list's order; each marker and row links to its comment in the list.
 */
function CommentsMap({ items }: { items: CommentItem[] }) {
  const { t } = useTranslation();
  const dates = useDates();
  const places: MapPlace[] = items.flatMap((c) =>
    c.geometry ? [{ id: c.id, href: `#comment-${c.id}`, label: excerpt(c.body), geometry: c.geometry as CommentGeometry, cells: [<time key="date" dateTime={c.createdAt}>{dates.dateTime(c.createdAt)}</time>] }] : [],
  );
  return (
    <div className="consultation-comments__map">
      {places.length > 0 ? <MapComments places={places} caption={t('consultations:map.caption')} columns={[t('consultations:map.date')]} /> : <p>{t('consultations:map.none')}</p>}
    </div>
  );
}

/** The place a comment marks, in words, as a line of the comment. */
/** What the server refused, with the consultation's own words for its window (the shared texts speak of other items). */
function TakingPartErrors({ error, fieldIds }: { error: unknown; fieldIds?: Record<string, string> }) {
  const { t } = useTranslation();
  const window = error instanceof ApiError && (error.code === 'closed' || error.code === 'not-started') ? error.code : null;
  if (window) {
    return (
      <p role="alert" className="notice notice--error">
        {t(window === 'closed' ? 'consultations:form.closed' : 'consultations:form.notYet')}
      </p>
    );
  }
  return <FormErrors error={error} fieldIds={fieldIds} />;
}

/** The comment as its author wrote it: always text, never HTML. */
function CommentBody({ comment }: { comment: ReplyItem }) {
  return (
    <p className="comment__body" lang={comment.language}>
      {comment.body}
    </p>
  );
}

function CommentView({ consultation, comment, onChanged, onNotice }: { consultation: Detail; comment: ReplyItem; onChanged: () => Promise<void>; onNotice: (key: string) => void }) {
  const { t } = useTranslation();
  const dates = useDates();
  const [error, setError] = useState<unknown>(null);
  const [flagging, setFlagging] = useState(false);
  const [reason, setReason] = useState<FlagReason>('spam');
  async function toggleSupport() {
    setError(null);
    try {
      const path = { id: consultation.id, commentId: comment.id };
      if (comment.supported) await api.delete('/api/consultations/{id}/comments/{commentId}/support', { path });
      else await api.post('/api/consultations/{id}/comments/{commentId}/support', { path });
      await onChanged();
    } catch (caught) {
      setError(caught);
    }
  }
  async function sendFlag() {
    setError(null);
    try {
      await api.post('/api/consultations/{id}/comments/{commentId}/flags', { path: { id: consultation.id, commentId: comment.id }, body: { reason } });
      setFlagging(false);
      onNotice('consultations:flag.sent');
      await onChanged();
    } catch (caught) {
      setError(caught);
    }
  }
  return (
    <article aria-label={t('consultations:comments.by', { author: comment.authorName ?? t('consultations:comments.anonymous'), date: dates.dateTime(comment.createdAt) })}>
      <p className="bn-card__meta">
        <span>{comment.authorName ?? t('consultations:comments.anonymous')}</span> · <span>{t(`consultations:side.${comment.side}`)}</span> ·{' '}
        <span>{t(`common:languages.${comment.language}`)}</span> · <time dateTime={comment.createdAt}>{dates.dateTime(comment.createdAt)}</time>
      </p>
      <CommentBody comment={comment} />
      {comment.geometry && <PlaceLine geometry={comment.geometry as CommentGeometry} />}
      {comment.outcome && <OutcomeView outcome={comment.outcome} />}
      <TakingPartErrors error={error} />
      <div className="row-actions">
        {consultation.support !== 'none' && (
          <button type="button" className="button button--secondary" aria-pressed={comment.supported} disabled={!consultation.viewer.canSupport} onClick={() => void toggleSupport()}>
            {t('consultations:support.button', { count: comment.supportCount })}
          </button>
        )}
        {!comment.flagged && !comment.mine && (
          <button type="button" className="button button--link" aria-expanded={flagging} onClick={() => setFlagging(!flagging)}>
            {t('consultations:flag.open')}
          </button>
        )}
        {comment.flagged && <span>{t('consultations:flag.done')}</span>}
      </div>
      {flagging && (
        <div className="form form--inline">
          <SelectField id={`flag-${comment.id}`} label={t('consultations:flag.reason')} value={reason} onChange={(e) => setReason(e.target.value as FlagReason)} options={FLAG_REASONS.map((r) => ({ value: r, label: t(`consultations:reason.${r}`) }))} />
          <button type="button" className="button" onClick={() => void sendFlag()}>
            {t('consultations:flag.send')}
          </button>
        </div>
      )}
    </article>
  );
}

function LanguageSelect({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  return (
    <SelectField id={id} name="language" required label={t('consultations:form.language')} defaultValue={i18n.language} options={COMMENT_LANGUAGES.map((l) => ({ value: l, label: t(`common:languages.${l}`) }))} />
  );
}

function ShowName() {
  const { t } = useTranslation();
  const { user } = useSession();
  const id = useId();
  if (!user) return null;
  return (
    <div className="field field--check">
      <input type="checkbox" id={id} name="showName" value="yes" />
      <label htmlFor={id}>{t('consultations:form.showName', { name: user.displayName })}</label>
    </div>
  );
}

function CommentForm({ consultation, sectionId, onSent, onNotice }: { consultation: Detail; sectionId: string; onSent: () => Promise<void>; onNotice: (key: string) => void }) {
  const { t } = useTranslation();
  const [geometry, setGeometry] = useState<CommentGeometry | null>(null);
  const { onSubmit, error, busy } = useSubmit(async (form, element) => {
    const sent = await api.post('/api/consultations/{id}/comments', {
      path: { id: consultation.id },
      body: { sectionId, body: formText(form, 'body'), language: formText(form, 'language') as CommentLanguage, showName: form.get('showName') === 'yes', ...(geometry ? { geometry } : {}) },
    });
    element.reset();
    setGeometry(null);
    onNotice(sent.state === 'pending' ? 'consultations:form.sentPending' : 'consultations:form.sent');
    await onSent();
  });
  if (!consultation.viewer.canComment) {
    return (
      <p className="card">
        {consultation.viewer.signInToComment ? (
          <Link to="/login">{t('consultations:form.signIn')}</Link>
        ) : (
          t(consultation.state === 'upcoming' ? 'consultations:form.notYet' : consultation.state === 'closed' ? 'consultations:form.closed' : 'consultations:form.none')
        )}
      </p>
    );
  }
  return (
    <form className="form card" onSubmit={onSubmit} aria-labelledby="comment-form-title" noValidate>
      <h3 id="comment-form-title">{t('consultations:form.title')}</h3>
      <p>{t('consultations:form.plainText')}</p>
      <RequiredNote />
      <TakingPartErrors error={error} fieldIds={{ body: 'comment-body', language: 'comment-language', geometry: 'field-geometry' }} />
      <TextAreaField id="comment-body" name="body" required label={t('consultations:form.body')} rows={5} maxLength={5000} />
      <LanguageSelect id="comment-language" />
      {consultation.mapTools !== 'none' && (
        <>
          <MapInput label={t('consultations:form.place')} value={geometry} onChange={setGeometry} pointsOnly={consultation.mapTools === 'point'} />
        </>
      )}
      <ShowName />
      <button type="submit" className="button" disabled={busy}>
        {t('consultations:form.send')}
      </button>
    </form>
  );
}

function ReplyForm({ consultation, parent, onSent, onNotice }: { consultation: Detail; parent: CommentItem; onSent: () => Promise<void>; onNotice: (key: string) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const sent = await api.post('/api/consultations/{id}/comments/{commentId}/replies', {
      path: { id: consultation.id, commentId: parent.id },
      body: { body: formText(form, 'body'), language: formText(form, 'language') as CommentLanguage, showName: form.get('showName') === 'yes' },
    });
    setOpen(false);
    onNotice(sent.state === 'pending' ? 'consultations:form.sentPending' : 'consultations:form.replied');
    await onSent();
  });
  if (!open) {
    return (
      <button type="button" className="button button--link" onClick={() => setOpen(true)}>
        {t('consultations:form.reply')}
      </button>
    );
  }
  return (
    <form className="form" onSubmit={onSubmit} aria-label={t('consultations:form.replyTo')} noValidate>
      <RequiredNote />
      <TakingPartErrors error={error} fieldIds={{ body: `reply-body-${parent.id}` }} />
      <TextAreaField id={`reply-body-${parent.id}`} name="body" required label={t('consultations:form.replyBody')} rows={3} maxLength={5000} />
      <LanguageSelect id={`reply-language-${parent.id}`} />
      <ShowName />
      <button type="submit" className="button" disabled={busy}>
        {t('consultations:form.sendReply')}
      </button>
    </form>
  );
}
