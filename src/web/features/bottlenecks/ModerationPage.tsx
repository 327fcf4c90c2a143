import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { pickLocalized, type LocalizedTextValue } from '../../../shared/localized.ts';
import { api, type GetAnswer } from '../../app/api.ts';
import { RequireUser } from '../../components/RequireUser.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { Disclosure } from '../../components/Disclosure.tsx';
import { pageOf } from '../../components/filterParams.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { pageCount, pageSizeOf, withPageNumber } from '../../components/pagination.ts';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { useResource } from '../../components/useResource.ts';
import { formText, useSubmit } from '../../components/useSubmit.ts';
import { RemoveFileButton, useFileRemoval } from './FileRemoval.tsx';
import { duplicateSuggestions, redactionPatch, selectionState, toggleAll, toggleOne } from './moderation.ts';
import { RequiredNote } from '../../components/Required.tsx';
import { TextAreaField } from '../../components/Field.tsx';

type Item = GetAnswer<'/api/bottlenecks'>['items'][number];
type PageNotice = ReturnType<typeof useNotice>;
type Decision = 'published' | 'rejected';

/**
 * Reports waiting for a moderator (issue 14): each with its text to redact, its files previewed
 * and removable, and the published bottlenecks it may duplicate; several chosen are published or
 * rejected together (all or none). The queue is paged as every list is (`?page=2&size=50`,
 * newest first), with its count.
 */
export function ModerationPage() {
  return (
    <RequireUser roles={['moderator', 'editor']}>
      <Queue />
    </RequireUser>
  );
}

function Queue() {
  const { t } = useTranslation();
  const notice = useNotice();
  const [params, setParams] = useSearchParams();
  const page = pageOf(params);
  const size = pageSizeOf(params);
  const { data, error, loading, reload } = useResource('/api/bottlenecks', { query: { status: ['submitted'], sort: 'newest', limit: size, offset: (page - 1) * size } });
  const [selected, setSelected] = useState<string[]>([]);
  // What is chosen is chosen on this page: another page starts with nothing chosen.
  useEffect(() => setSelected([]), [page, size]);
  // Reports published or rejected from the last page may leave it empty: go to the new last page.
  const lastPage = data ? pageCount(data.total, size) : page;
  useEffect(() => {
    if (data && data.items.length === 0 && page > lastPage) setParams(withPageNumber(params, lastPage), { replace: true });
  }, [data, page, lastPage, params, setParams]);
  const refs = data?.items.map((item) => item.ref) ?? [];
  const state = selectionState(selected, refs);
  const allBox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (allBox.current) allBox.current.indeterminate = state === 'some';
  }, [state]);
  const [bulkError, setBulkError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState('');
  const chosen = refs.filter((ref) => selected.includes(ref));

  /** Publishes or rejects these reports together (all or none), then says which. */
  async function decide(status: Decision, these: string[], note: string) {
    setBusy(true);
    try {
      const done = await api.post('/api/bottlenecks/moderate', { body: { refs: these, status, ...(status === 'rejected' && note.trim() ? { note } : {}) } });
      setSelected((now) => now.filter((ref) => !these.includes(ref)));
      await reload();
      notice.show(status === 'published' ? 'bottlenecks:moderation.notice.bulkPublished' : 'bottlenecks:moderation.notice.bulkRejected', { count: done.items.length, refs: done.items.map((i) => i.ref).join(', ') });
    } finally {
      setBusy(false);
    }
  }

  async function bulk(status: Decision) {
    setBulkError(null);
    try {
      await decide(status, chosen, reason);
      setReason('');
    } catch (caught) {
      setBulkError(caught);
    }
  }

  return (
    <div className="page moderation">
      <PageTitle>{t('bottlenecks:moderation.title')}</PageTitle>
      <StatusMessage notice={notice.notice} />
      <FormErrors error={error} />
      <p role="status" className="result-count">
        {loading && !data ? t('common:loading') : data ? t('bottlenecks:moderation.count', { count: data.total }) : ''}
      </p>
      {data && data.items.length > 0 && (
        <>
          <section className="card moderation__bulk" aria-labelledby="bulk-heading">
            <h2 id="bulk-heading">{t('bottlenecks:moderation.bulk.title')}</h2>
            <FormErrors error={bulkError} fieldIds={{ note: 'bulk-reason', refs: 'bulk-all' }} />
            <p className="field field--check">
              <input id="bulk-all" type="checkbox" ref={allBox} checked={state === 'all'} aria-controls="moderation-queue" onChange={() => setSelected(toggleAll(selected, refs))} />
              <label htmlFor="bulk-all">{t('bottlenecks:moderation.bulk.selectAll', { count: refs.length })}</label>
            </p>
            <p aria-live="polite">{t('bottlenecks:moderation.bulk.selected', { count: chosen.length })}</p>
            <button type="button" className="button" disabled={busy || chosen.length === 0} onClick={() => void bulk('published')}>
              {t('bottlenecks:moderation.bulk.publish', { count: chosen.length })}
            </button>
            <div className="field">
              <label htmlFor="bulk-reason">{t('bottlenecks:moderation.bulk.reason')}</label>
              <p className="field__hint" id="bulk-reason-hint">
                {t('bottlenecks:moderation.bulk.reasonHint')}
              </p>
              <textarea id="bulk-reason" name="note" rows={2} maxLength={4000} aria-describedby="bulk-reason-hint" value={reason} onChange={(event) => setReason(event.target.value)} />
            </div>
            <ConfirmButton
              disabled={busy || chosen.length === 0}
              question={t('bottlenecks:moderation.bulk.confirm.question', { count: chosen.length })}
              consequence={t('bottlenecks:moderation.bulk.confirm.consequence', { refs: chosen.join(', ') })}
              confirmLabel={t('bottlenecks:moderation.bulk.confirm.action', { count: chosen.length })}
              onConfirm={() => void bulk('rejected')}
            >
              {t('bottlenecks:moderation.bulk.reject', { count: chosen.length })}
            </ConfirmButton>
          </section>
          <ul className="bn-list moderation__queue" id="moderation-queue">
            {data.items.map((item) => (
              <QueueItem
                key={item.id}
                item={item}
                checked={selected.includes(item.ref)}
                onCheck={() => setSelected(toggleOne(selected, refs, item.ref))}
                notice={notice}
                onGone={() => void reload()}
                busy={busy}
                onDecide={(status, note) => decide(status, [item.ref], note)}
              />
            ))}
          </ul>
        </>
      )}
      {data && <Pagination label={t('common:pager.lists.moderation')} page={page} total={data.total} size={size} />}
    </div>
  );
}

/** One report of the queue: choose it, read and redact its text, see and remove its files, merge it into a published duplicate. */
function QueueItem({ item, checked, onCheck, notice, onGone, busy, onDecide }: { item: Item; checked: boolean; onCheck: () => void; notice: PageNotice; onGone: () => void; busy: boolean; onDecide: (status: Decision, note: string) => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as ContentLanguage;
  const { data, reload, setData } = useResource('/api/bottlenecks/{id}', { path: { id: item.ref } });
  const own = useNotice({ fromNavigation: false });
  const title = pickLocalized(data?.title ?? item.title, language)?.text ?? item.ref;
  const headingId = `queue-${item.ref}`;
  const [redacting, setRedacting] = useState(false);
  const removal = useFileRemoval(item.id, own, reload);

  const redact = useSubmit(async (form) => {
    if (!data) return;
    const texts = (field: 'title' | 'description') => Object.fromEntries(Object.keys(data[field]).map((lang) => [lang, formText(form, `${field}-${lang}`)])) as LocalizedTextValue;
    const patch = redactionPatch({ title: data.title, description: data.description }, { title: texts('title'), description: texts('description') }, formText(form, 'note'));
    if (!patch) {
      own.show('bottlenecks:moderation.notice.unchanged');
      return;
    }
    setData(await api.patch('/api/bottlenecks/{id}', { path: { id: item.id }, body: patch }));
    setRedacting(false);
    own.show('bottlenecks:moderation.notice.redacted', { ref: item.ref });
  });

  return (
    <li className="card moderation__item" aria-labelledby={headingId}>
      <p className="field field--check">
        <input id={`pick-${item.ref}`} type="checkbox" checked={checked} onChange={onCheck} />
        <label htmlFor={`pick-${item.ref}`}>{t('bottlenecks:moderation.select', { ref: item.ref })}</label>
      </p>
      <h2 id={headingId}>
        <span className="bn-ref">{item.ref}</span> <Link to={`/bottlenecks/${item.ref}`}>{title}</Link>
      </h2>
      <StatusMessage notice={own.notice} />
      {!data ? (
        <p role="status">{t('common:loading')}</p>
      ) : (
        <>
          {!redacting ? (
            <>
              <LocalizedText value={data.description} as="div" />
              <button type="button" className="button button--secondary" onClick={() => setRedacting(true)}>
                {t('bottlenecks:moderation.redact.open')}
              </button>
            </>
          ) : (
            <form className="form" onSubmit={redact.onSubmit} noValidate aria-label={t('bottlenecks:moderation.redact.title', { ref: item.ref })}>
              <FormErrors error={redact.error} />
              {Object.entries(data.title).map(([lang, text]) => (
                <div className="field" key={`title-${lang}`}>
                  <label htmlFor={`redact-${item.ref}-title-${lang}`}>{t('bottlenecks:moderation.redact.titleIn', { language: t(`common:languages.${lang}`) })}</label>
                  <input id={`redact-${item.ref}-title-${lang}`} name={`title-${lang}`} defaultValue={text ?? ''} />
                </div>
              ))}
              {Object.entries(data.description).map(([lang, text]) => (
                <div className="field" key={`description-${lang}`}>
                  <label htmlFor={`redact-${item.ref}-description-${lang}`}>{t('bottlenecks:moderation.redact.descriptionIn', { language: t(`common:languages.${lang}`) })}</label>
                  <textarea id={`redact-${item.ref}-description-${lang}`} name={`description-${lang}`} rows={6} defaultValue={text ?? ''} />
                </div>
              ))}
              <div className="field">
                <label htmlFor={`redact-${item.ref}-note`}>{t('bottlenecks:moderation.redact.note')}</label>
                <p className="field__hint" id={`redact-${item.ref}-note-hint`}>
                  {t('bottlenecks:moderation.redact.noteHint')}
                </p>
                <input id={`redact-${item.ref}-note`} name="note" defaultValue={t('bottlenecks:moderation.redact.defaultNote')} aria-describedby={`redact-${item.ref}-note-hint`} />
              </div>
              <button type="submit" className="button" disabled={redact.busy}>
                {t('bottlenecks:moderation.redact.save')}
              </button>{' '}
              <button type="button" className="button button--secondary" onClick={() => setRedacting(false)}>
                {t('bottlenecks:moderation.redact.cancel')}
              </button>
            </form>
          )}
          {data.attachments.length > 0 && (
            <section aria-label={t('bottlenecks:moderation.files', { ref: item.ref })}>
              <FormErrors error={removal.error} />
              <ul className="moderation__files">
                {data.attachments.map((file) => (
                  <li key={file.id}>
                    {file.mediaType.startsWith('image/') ? (
                      <a href={file.url}>
                        <img src={file.url} alt={file.filename} loading="lazy" className="moderation__preview" width={160} height={120} />
                      </a>
                    ) : (
                      <a href={file.url} download>
                        {file.filename}
                      </a>
                    )}
                    <RemoveFileButton file={file} onRemove={(chosen) => void removal.remove(chosen)} />
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
      <ReportDecision item={item} busy={busy} onDecide={onDecide} />
      <Duplicates item={item} title={pickLocalized(item.title, language)?.text ?? ''} notice={notice} onGone={onGone} />
    </li>
  );
}

/** This one report published, or rejected with the reason its reporter is told (asked first). */
function ReportDecision({ item, busy, onDecide }: { item: Item; busy: boolean; onDecide: (status: Decision, note: string) => Promise<void> }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const reasonId = `reject-${item.ref}-reason`;
  const act = (status: Decision, note = '') => {
    setError(null);
    onDecide(status, note).catch(setError);
  };
  return (
    <div className="moderation__decision">
      <FormErrors error={error} fieldIds={{ note: reasonId }} />
      <button type="button" className="button" disabled={busy} onClick={() => act('published')}>
        {t('bottlenecks:moderation.one.publish', { ref: item.ref })}
      </button>
      <Disclosure summary={t('bottlenecks:moderation.one.rejectOpen', { ref: item.ref })}>
        <form
          className="form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            act('rejected', formText(new FormData(event.currentTarget), 'note'));
          }}
        >
          <RequiredNote />
          <TextAreaField id={reasonId} name="note" rows={2} maxLength={4000} required label={t('bottlenecks:moderation.bulk.reason')} hint={t('bottlenecks:moderation.one.reasonHint')} />
          <ConfirmButton
            disabled={busy}
            question={t('bottlenecks:moderation.one.question', { ref: item.ref })}
            consequence={t('bottlenecks:moderation.one.consequence', { ref: item.ref })}
            confirmLabel={t('bottlenecks:moderation.one.reject', { ref: item.ref })}
          >
            {t('bottlenecks:moderation.one.reject', { ref: item.ref })}
          </ConfirmButton>
        </form>
      </Disclosure>
    </div>
  );
}

/** The published bottlenecks a report may duplicate (the report form's similarity search), each with a merge into it. */
function Duplicates({ item, title, notice, onGone }: { item: Item; title: string; notice: PageNotice; onGone: () => void }) {
  const { t, i18n } = useTranslation();
  const { data } = useResource('/api/bottlenecks/similar', title.trim().length >= 3 ? { query: { title } } : null);
  const [error, setError] = useState<unknown>(null);
  const suggestions = duplicateSuggestions(data?.items ?? [], item.ref);
  if (suggestions.length === 0) return null;

  async function mergeInto(into: string) {
    setError(null);
    try {
      const kept = await api.post('/api/bottlenecks/{id}/merge', { path: { id: item.id }, body: { into } });
      notice.show('bottlenecks:notice.merged', { ref: item.ref, kept: kept.ref });
      onGone();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section aria-labelledby={`dup-${item.ref}`} className="moderation__duplicates">
      <h3 id={`dup-${item.ref}`}>{t('bottlenecks:moderation.duplicates.title')}</h3>
      <FormErrors error={error} />
      <ul>
        {suggestions.map((s) => (
          <li key={s.id}>
            <Link to={`/bottlenecks/${s.ref}`}>
              {s.ref} {pickLocalized(s.title, i18n.language as ContentLanguage)?.text}
            </Link>{' '}
            <span className="muted">{t('bottlenecks:moderation.duplicates.supports', { count: s.supportCount })}</span>{' '}
            <ConfirmButton
              className="button button--secondary"
              aria-label={t('bottlenecks:moderation.duplicates.mergeLabel', { ref: item.ref, into: s.ref })}
              question={t('bottlenecks:confirm.merge.question', { ref: item.ref })}
              consequence={t('bottlenecks:moderation.duplicates.consequence', { ref: item.ref, into: s.ref })}
              confirmLabel={t('bottlenecks:moderation.duplicates.mergeAction', { ref: item.ref, into: s.ref })}
              onConfirm={() => void mergeInto(s.ref)}
            >
              {t('bottlenecks:moderation.duplicates.merge')}
            </ConfirmButton>
          </li>
        ))}
      </ul>
    </section>
  );
}
