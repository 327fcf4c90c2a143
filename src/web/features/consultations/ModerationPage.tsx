import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { MODERATION_QUEUES, MODERATION_REASONS, type ModerationReason } from '../../../shared/schemas/consultations.ts';
import { api, type GetAnswer } from '../../app/api.ts';
import { SelectField, TextAreaField } from '../../components/Field.tsx';
import { pageOf } from '../../components/filterParams.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { pageSizeOf } from '../../components/pagination.ts';
import { RequireUser } from '../../components/RequireUser.tsx';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { useDates } from '../../components/useDates.ts';
import { useFilterParams } from '../../components/useFilterParams.ts';
import { useResource } from '../../components/useResource.ts';
import type { CommentGeometry } from '../../../shared/schemas/geometry.ts';
import { PlaceLine } from './PlaceLine.tsx';
import { formText, useSubmit } from '../../components/useSubmit.ts';

type Item = GetAnswer<'/api/consultations/{id}/moderation'>['items'][number];

/** The moderators' queue of one consultation: waiting and flagged comments, each published, held or rejected with a reason. */
export function ModerationPage() {
  return (
    <RequireUser roles={['moderator', 'editor']}>
      <ModerationQueue />
    </RequireUser>
  );
}

function ModerationQueue() {
  const { t } = useTranslation();
  const { slug } = useParams();
  const { params, onFilter } = useFilterParams();
  const page = pageOf(params);
  const size = pageSizeOf(params);
  const queue = MODERATION_QUEUES.find((q) => q === params.get('queue')) ?? 'queue';
  const consultation = useResource('/api/consultations/{id}', slug ? { path: { id: slug } } : null);
  const { data, error, reload } = useResource('/api/consultations/{id}/moderation', slug ? { path: { id: slug }, query: { queue, limit: size, offset: (page - 1) * size } } : null);
  const notice = useNotice();
  return (
    <div className="page">
      <PageTitle>{t('consultations:moderation.title')}</PageTitle>
      {consultation.data && (
        <p className="lead-actions">
          <Link to={`/consultations/${consultation.data.slug}`}>
            <LocalizedText value={consultation.data.title} />
          </Link>
          <span>{t(`consultations:moderationMode.${consultation.data.moderation}`)}</span>
        </p>
      )}
      <StatusMessage notice={notice.notice} />
      <form className="form form--inline filters" role="search" aria-label={t('consultations:moderation.filter')} onSubmit={onFilter} key={params.toString()}>
        <SelectField id="m-queue" name="queue" label={t('consultations:moderation.queue')} defaultValue={queue} options={MODERATION_QUEUES.map((q) => ({ value: q, label: t(`consultations:moderation.queues.${q}`) }))} />
        <button type="submit" className="button">
          {t('consultations:comments.apply')}
        </button>
      </form>
      <FormErrors error={error ?? consultation.error} />
      <p role="status" className="result-count">
        {data ? t('consultations:moderation.count', { count: data.total }) : t('common:loading')}
      </p>
      <ul className="comment-list moderation__queue">
        {data?.items.map((item) => (
          <li key={item.id} className="card">
            <Decision consultationId={slug!} item={item} onDone={async (key) => {
              notice.show(key);
              await reload();
            }} />
          </li>
        ))}
      </ul>
      {data && <Pagination label={t('consultations:moderation.pages')} page={page} total={data.total} size={size} />}
    </div>
  );
}

function Decision({ consultationId, item, onDone }: { consultationId: string; item: Item; onDone: (key: string) => Promise<void> }) {
  const { t } = useTranslation();
  const dates = useDates();
  // Which of the two buttons sent the form.
  const decision = useRef<'published' | 'rejected'>('published');
  const { onSubmit, error, busy } = useSubmit(async (form) => {
    const state = decision.current;
    const reason = formText(form, 'reason') as ModerationReason | '';
    const note = formText(form, 'note').trim();
    await api.post('/api/consultations/{id}/comments/{commentId}/moderation', {
      path: { id: consultationId, commentId: item.id },
      body: { state, ...(state === 'rejected' && reason ? { reason } : {}), ...(note ? { note } : {}) },
    });
    await onDone(state === 'rejected' ? 'consultations:moderation.rejected' : 'consultations:moderation.published');
  });
  return (
    <form className="form" onSubmit={onSubmit} aria-label={t('consultations:moderation.decide', { date: dates.dateTime(item.createdAt) })}>
      <p className="bn-card__meta">
        <LocalizedText value={item.sectionTitle} /> · <span>{t(`consultations:commentState.${item.state}`)}</span> · <span>{t(`common:languages.${item.language}`)}</span> ·{' '}
        <time dateTime={item.createdAt}>{dates.dateTime(item.createdAt)}</time>
        {item.parentId && <> · {t('consultations:moderation.isReply')}</>}
      </p>
      <p className="comment__body" lang={item.language}>
        {item.body}
      </p>
      {item.geometry && <PlaceLine geometry={item.geometry as CommentGeometry} />}
      {item.flagCount > 0 && (
        <div>
          <p>{t('consultations:moderation.flags', { count: item.flagCount })}</p>
          <ul>
            {item.flags.map((f, i) => (
              <li key={i}>
                {t(`consultations:reason.${f.reason}`)}
                {f.details && <>: {f.details}</>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {item.reason && <p>{t('consultations:moderation.reasonGiven', { reason: t(`consultations:reason.${item.reason}`) })}</p>}
      <FormErrors error={error} fieldIds={{ reason: `m-reason-${item.id}` }} />
      <SelectField id={`m-reason-${item.id}`} name="reason" label={t('consultations:moderation.reason')} defaultValue="" options={[{ value: '', label: t('consultations:moderation.noReason') }, ...MODERATION_REASONS.map((r) => ({ value: r, label: t(`consultations:reason.${r}`) }))]} />
      <TextAreaField id={`m-note-${item.id}`} name="note" label={t('consultations:moderation.note')} rows={2} maxLength={2000} />
      <div className="row-actions">
        <button type="submit" className="button" disabled={busy} onClick={() => (decision.current = 'published')}>
          {t('consultations:moderation.publish')}
        </button>
        <button type="submit" className="button button--danger" disabled={busy} onClick={() => (decision.current = 'rejected')}>
          {t('consultations:moderation.reject')}
        </button>
      </div>
    </form>
  );
}
