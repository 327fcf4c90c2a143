import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
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
        <Link to="/dialogues/new" className="button button--secondary">
          {t('editor:newDialogue')}
        </Link>
        <Link to="/recommendations/new" className="button button--secondary">
          {t('editor:newRecommendation')}
        </Link>
        <Link to="/editor/glossary" className="button button--secondary">
          {t('editor:glossary')}
        </Link>
      </p>
      <WorkList id="suggested" heading={t('editor:suggested.title')} total={suggested.data?.items.length} empty={t('editor:suggested.empty')}>
        {suggested.data?.items.map((b) => (
          <WorkItem key={b.id} to={`/bottlenecks/${b.ref}`} title={b.title} itemRef={b.ref} detail={t(`bottlenecks:suggestion.${b.suggestion.because.type}`, { status: t(`bottlenecks:status.${b.suggestion.status}`), ref: b.suggestion.because.ref })} badge={<StatusBadge status={b.status} />} />
        ))}
      </WorkList>
      <WorkList id="held" heading={t('editor:held.title')} total={held.data?.total} empty={t('editor:held.empty')} all="/dialogues?state=held">
        {held.data?.items.map((d) => (
          <WorkItem key={d.id} to={`/dialogues/${d.ref}`} title={d.title} itemRef={d.ref} detail={when(d.startsAt, d.endsAt, d.timeZone)} badge={<DialogueStateBadge state={d.state} />} />
        ))}
      </WorkList>
      <WorkList id="planned" heading={t('editor:planned.title')} total={planned.data?.total} empty={t('editor:planned.empty')} all="/dialogues?state=planned">
        {planned.data?.items.map((d) => (
          <WorkItem key={d.id} to={`/dialogues/${d.ref}`} title={d.title} itemRef={d.ref} detail={when(d.startsAt, d.endsAt, d.timeZone)} />
        ))}
      </WorkList>
      <WorkList id="proposed" heading={t('editor:proposed.title')} total={proposed.data?.total} empty={t('editor:proposed.empty')} all="/recommendations?state=proposed">
        {proposed.data?.items.map((r) => (
          <WorkItem key={r.id} to={`/recommendations/${r.ref}`} title={r.title} itemRef={r.ref} detail={date(r.updatedAt)} badge={<RecommendationStateBadge state={r.state} />} />
        ))}
      </WorkList>
      <WorkList id="assess" heading={t('editor:assess.title')} total={assess.data?.total} empty={t('editor:assess.empty')} all="/bottlenecks?status=published">
        {assess.data?.items.map((b) => (
          <WorkItem key={b.id} to={`/bottlenecks/${b.ref}`} title={b.title} itemRef={b.ref} badge={<StatusBadge status={b.status} />} />
        ))}
      </WorkList>
    </div>
  );
}

/** One item of a part: its title linked, its reference and a detail, and its state. */
function WorkItem({ to, title, itemRef, detail, badge }: { to: string; title: LocalizedTextValue; itemRef: string; detail?: ReactNode; badge?: ReactNode }) {
  return (
    <li>
      <Link to={to}>
        <LocalizedText value={title} />
      </Link>{' '}
      <span className="muted">
        <span className="nowrap">{itemRef}</span>
        {detail !== undefined && <> · {detail}</>}
      </span>
      {badge && <> {badge}</>}
    </li>
  );
}

/** A part of the overview; without `all` (a list of its own elsewhere) it shows every item. */
function WorkList({ id, heading, total, empty, all, children }: { id: string; heading: string; total: number | undefined; empty: string; all?: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby={`${id}-heading`} className="card work-part">
      <h2 id={`${id}-heading`}>{heading}</h2>
      {total === undefined ? (
        <p>{t('common:loading')}</p>
      ) : total === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <>
          <ul className="link-list work-list">{children}</ul>
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
