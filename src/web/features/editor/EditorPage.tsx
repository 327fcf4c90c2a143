import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { RequireUser } from '../../components/RequireUser.tsx';
import { useResource } from '../../components/useResource.ts';
import { StatusBadge, useDate } from '../bottlenecks/labels.tsx';
import { DialogueStateBadge, useWhen } from '../dialogues/labels.tsx';
import { RecommendationStateBadge } from '../recommendations/labels.tsx';

const SHOWN = 10;

/**
 * An editor's overview, where an editor lands after logging in: first the bottlenecks whose status
 * is behind a dialogue or recommendation about them (with the change suggested), then dialogues held and waiting for
 * their minutes, dialogues planned, recommendations still proposed, and published bottlenecks
 * waiting to be assessed, each from its list's own filter, with the way to the whole list.
 */
export function EditorPage() {
  return (
    <RequireUser roles={['editor']}>
      <Overview />
    </RequireUser>
  );
}

function Overview() {
  const { t } = useTranslation();
  const when = useWhen();
  const date = useDate();
  const held = useResource('/api/dialogues', { query: { state: 'held', limit: SHOWN } });
  const planned = useResource('/api/dialogues', { query: { state: 'planned', limit: SHOWN } });
  const proposed = useResource('/api/recommendations', { query: { state: 'proposed', limit: SHOWN } });
  const assess = useResource('/api/bottlenecks', { query: { status: ['published'], sort: 'updated', limit: SHOWN } });
  const suggested = useResource('/api/bottlenecks/suggestions', {});
  return (
    <div className="page">
      <PageTitle>{t('editor:title')}</PageTitle>
      <p className="lead-actions">
        <Link to="/dialogues/new">{t('editor:newDialogue')}</Link> · <Link to="/recommendations/new">{t('editor:newRecommendation')}</Link>
      </p>
      <WorkList id="suggested" heading={t('editor:suggested.title')} total={suggested.data?.items.length} empty={t('editor:suggested.empty')}>
        {suggested.data?.items.map((b) => (
          <li key={b.id}>
            <Link to={`/bottlenecks/${b.ref}`}>
              <LocalizedText value={b.title} />
            </Link>{' '}
            <span className="muted">
              {b.ref} · {t(`bottlenecks:suggestion.${b.suggestion.because.type}`, { status: t(`bottlenecks:status.${b.suggestion.status}`), ref: b.suggestion.because.ref })}
            </span>{' '}
            <StatusBadge status={b.status} />
          </li>
        ))}
      </WorkList>
      <WorkList id="held" heading={t('editor:held.title')} total={held.data?.total} empty={t('editor:held.empty')} all="/dialogues?state=held">
        {held.data?.items.map((d) => (
          <li key={d.id}>
            <Link to={`/dialogues/${d.ref}`}>
              <LocalizedText value={d.title} />
            </Link>{' '}
            <span className="muted">
              {d.ref} · {when(d.startsAt, d.endsAt, d.timeZone)}
            </span>{' '}
            <DialogueStateBadge state={d.state} />
          </li>
        ))}
      </WorkList>
      <WorkList id="planned" heading={t('editor:planned.title')} total={planned.data?.total} empty={t('editor:planned.empty')} all="/dialogues?state=planned">
        {planned.data?.items.map((d) => (
          <li key={d.id}>
            <Link to={`/dialogues/${d.ref}`}>
              <LocalizedText value={d.title} />
            </Link>{' '}
            <span className="muted">
              {d.ref} · {when(d.startsAt, d.endsAt, d.timeZone)}
            </span>
          </li>
        ))}
      </WorkList>
      <WorkList id="proposed" heading={t('editor:proposed.title')} total={proposed.data?.total} empty={t('editor:proposed.empty')} all="/recommendations?state=proposed">
        {proposed.data?.items.map((r) => (
          <li key={r.id}>
            <Link to={`/recommendations/${r.ref}`}>
              <LocalizedText value={r.title} />
            </Link>{' '}
            <span className="muted">
              {r.ref} · {date(r.updatedAt)}
            </span>{' '}
            <RecommendationStateBadge state={r.state} />
          </li>
        ))}
      </WorkList>
      <WorkList id="assess" heading={t('editor:assess.title')} total={assess.data?.total} empty={t('editor:assess.empty')} all="/bottlenecks?status=published">
        {assess.data?.items.map((b) => (
          <li key={b.id}>
            <Link to={`/bottlenecks/${b.ref}`}>
              <LocalizedText value={b.title} />
            </Link>{' '}
            <span className="muted">{b.ref}</span> <StatusBadge status={b.status} />
          </li>
        ))}
      </WorkList>
    </div>
  );
}

/** A part of the overview; without `all` (a list of its own elsewhere) it shows every item. */
function WorkList({ id, heading, total, empty, all, children }: { id: string; heading: string; total: number | undefined; empty: string; all?: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby={`${id}-heading`} className="card">
      <h2 id={`${id}-heading`}>{heading}</h2>
      {total === undefined ? (
        <p>{t('common:loading')}</p>
      ) : total === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <>
          <ul className="link-list">{children}</ul>
          {all && total > SHOWN && (
            <p>
              <Link to={all}>{t('editor:all', { count: total })}</Link>
            </p>
          )}
        </>
      )}
    </section>
  );
}
