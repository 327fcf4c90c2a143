import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { NOTICE_DELIVERIES, type NoticeDelivery, type NoticeKind } from '../../../shared/schemas/notices.ts';
import { api, type GetAnswer } from '../../app/api.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { RequireUser } from '../../components/RequireUser.tsx';
import { useDates } from '../../components/useDates.ts';
import { useResource } from '../../components/useResource.ts';
import { formChoice, useSubmit } from '../../components/useSubmit.ts';
import { FollowedConsultations } from '../consultations/FollowedConsultations.tsx';

const PAGE_SIZE = 20;
type Which = 'follow' | 'support';

/** The member's page (issue 14): what they follow and support (bottlenecks, and consultations: issue 19), and how notices reach them. */
export function FollowingPage() {
  const { t } = useTranslation();
  return (
    <RequireUser>
      <div className="page page--narrow">
        <PageTitle>{t('following:title')}</PageTitle>
        <p>{t('following:intro')}</p>
        <MemberList which="follow" />
        <MemberList which="support" />
        <FollowedConsultations />
        <NoticeSettingsForm />
      </div>
    </RequireUser>
  );
}

function MemberList({ which }: { which: Which }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const { data, error, loading, reload } = useResource('/api/me/following', { query: { list: which, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } });
  const [left, setLeft] = useState<string | null>(null);
  const [leaveError, setLeaveError] = useState<unknown>(null);
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  const { date } = useDates();

  async function leave(item: GetAnswer<'/api/me/following'>['items'][number]) {
    setLeaveError(null);
    try {
      await api.delete(which === 'follow' ? '/api/bottlenecks/{id}/follow' : '/api/bottlenecks/{id}/support', { path: { id: item.id } });
      // The list is read again before the message says it is done.
      if (data && data.items.length === 1 && page > 1) setPage(page - 1);
      else await reload();
      setLeft(item.ref);
    } catch (caught) {
      setLeaveError(caught);
    }
  }

  const heading = `${which}-heading`;
  return (
    <section aria-labelledby={heading} className="card">
      <h2 id={heading}>{t(`following:${which}.title`)}</h2>
      <FormErrors error={error ?? leaveError} />
      {/* An empty list says so once, with where to find bottlenecks; not also "0 bottlenecks". */}
      <p role="status">
        {left ? (
          t(`following:${which}.left`, { ref: left })
        ) : loading ? (
          t('common:loading')
        ) : data?.total === 0 ? (
          <>
            {t(`following:${which}.empty`)} <Link to="/bottlenecks">{t('following:browse')}</Link>
          </>
        ) : data ? (
          t(`following:${which}.count`, { count: data.total })
        ) : (
          ''
        )}
      </p>
      {data && data.items.length > 0 && (
        <ul className="following-list">
          {data.items.map((item) => (
            <li key={item.id} className="following-item">
              <div>
                <Link to={`/bottlenecks/${item.ref}`}>
                  <LocalizedText value={item.title} />
                </Link>{' '}
                <span className="following-ref">{item.ref}</span>
                {item.news && <span className="badge badge--news">{t('following:news')}</span>}
              </div>
              <p className="following-meta">
                {t(`bottlenecks:status.${item.status}`)} · {t('following:lastChange', { date: date(item.lastChangeAt) })}
              </p>
              <button type="button" className="button button--secondary" onClick={() => void leave(item)}>
                {t(`following:${which}.leave`)}
                <span className="visually-hidden"> {item.ref}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {data && pages > 1 && (
        <nav className="pager" aria-label={t(`following:${which}.pages`)}>
          <button type="button" className="button button--secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            {t('common:pager.previous')}
          </button>
          <span>{t('following:page', { page, pages })}</span>
          <button type="button" className="button button--secondary" disabled={page >= pages} onClick={() => setPage(page + 1)}>
            {t('common:pager.next')}
          </button>
        </nav>
      )}
    </section>
  );
}

function NoticeSettingsForm() {
  const { t } = useTranslation();
  const { data, error: loadError, reload } = useResource('/api/me/notices');
  const { onSubmit, error, done, busy } = useSubmit(async (form) => {
    const body: Partial<Record<NoticeKind, NoticeDelivery>> = {};
    for (const item of data?.items ?? []) body[item.kind] = formChoice<NoticeDelivery>(form, `notice-${item.kind}`);
    await api.put('/api/me/notices', { body });
    await reload();
  });
  return (
    <section aria-labelledby="notices-heading" className="card">
      <h2 id="notices-heading">{t('following:notices.title')}</h2>
      <p>{t('following:notices.intro')}</p>
      <FormErrors error={loadError ?? error} />
      {done && (
        <p role="status" className="notice notice--success">
          {t('following:notices.saved')}
        </p>
      )}
      {data && (
        <form onSubmit={onSubmit} noValidate className="form" key={data.items.map((item) => item.delivery).join()}>
          {data.items.map((item) => (
            <fieldset key={item.kind} className="notice-kind">
              <legend>{t(`following:kinds.${item.kind}.name`)}</legend>
              <p className="field__hint">{t(`following:kinds.${item.kind}.hint`)}</p>
              {NOTICE_DELIVERIES.map((delivery) => (
                <label key={delivery} className="checkbox">
                  <input type="radio" name={`notice-${item.kind}`} value={delivery} defaultChecked={item.delivery === delivery} />
                  {t(`following:delivery.${delivery}`)}
                  {item.default === delivery && ` ${t('following:notices.default')}`}
                </label>
              ))}
            </fieldset>
          ))}
          <button type="submit" className="button" disabled={busy}>
            {t('following:notices.save')}
          </button>
        </form>
      )}
    </section>
  );
}
