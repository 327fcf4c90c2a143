import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type GetAnswer } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { Disclosure } from '../../components/Disclosure.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { RequireUser } from '../../components/RequireUser.tsx';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { useResource } from '../../components/useResource.ts';
import { AnswerForm } from '../bottlenecks/AnswerForm.tsx';
import { AnswerView } from '../bottlenecks/AnswerView.tsx';
import { BottleneckCard } from '../bottlenecks/BottleneckCard.tsx';
import { useDate } from '../bottlenecks/labels.tsx';
import { RecommendationStateBadge } from '../recommendations/labels.tsx';
import { ResponseForm } from '../recommendations/ResponseForm.tsx';

type DeskBottleneck = GetAnswer<'/api/desk/bottlenecks'>['items'][number];
type DeskRecommendation = GetAnswer<'/api/desk/recommendations'>['items'][number];

/**
 * A service owner's desk: the bottlenecks assigned to my institution and the recommendations
 * addressed to it, each split into what waits for our answer (overdue first, marked) and what we
 * have answered (our answer shown, and edited in place with its earlier versions kept).
 */
export function DeskPage() {
  return (
    <RequireUser roles={['service_owner']}>
      <Desk />
    </RequireUser>
  );
}

function Desk() {
  const { t } = useTranslation();
  const { user } = useSession();
  const institutionId = user?.institutionId;
  const institution = useResource('/api/institutions/{id}', institutionId ? { path: { id: institutionId } } : null);
  const bottlenecks = useResource('/api/desk/bottlenecks', institutionId ? {} : null);
  const recommendations = useResource('/api/desk/recommendations', institutionId ? {} : null);
  // Said where it stays: the item answered moves from one list to the other.
  const notice = useNotice({ fromNavigation: false });
  const done = (key: string, reload: () => Promise<void>) => async () => {
    await reload();
    notice.show(key);
  };
  if (!institutionId) {
    return (
      <div className="page">
        <PageTitle>{t('bottlenecks:desk.title')}</PageTitle>
        <p>{t('bottlenecks:desk.noInstitution')}</p>
      </div>
    );
  }
  const bnWaiting = bottlenecks.data?.items.filter((i) => !i.answer) ?? [];
  const bnAnswered = bottlenecks.data?.items.filter((i) => i.answer) ?? [];
  const rcWaiting = recommendations.data?.items.filter((i) => !i.response) ?? [];
  const rcAnswered = recommendations.data?.items.filter((i) => i.response) ?? [];
  return (
    <div className="page desk">
      <PageTitle>{t('bottlenecks:desk.title')}</PageTitle>
      {institution.data && (
        <p className="lead-actions">
          <LocalizedText value={institution.data.name} />
        </p>
      )}
      <nav aria-label={t('bottlenecks:desk.sections')}>
        <ul className="desk-nav">
          <li>
            <a href="#desk-bottlenecks">{t('bottlenecks:desk.bottlenecks')}</a>
          </li>
          <li>
            <a href="#desk-recommendations">{t('bottlenecks:desk.recommendations')}</a>
          </li>
        </ul>
      </nav>
      <StatusMessage notice={notice.notice} />

      <section aria-labelledby="desk-bottlenecks">
        <h2 id="desk-bottlenecks">{t('bottlenecks:desk.bottlenecks')}</h2>
        {!bottlenecks.data ? (
          <p>{t('common:loading')}</p>
        ) : (
          <>
            <Part id="desk-bottlenecks-waiting" heading={t('bottlenecks:desk.waiting')} count={t('bottlenecks:desk.bottlenecksWaiting', { count: bnWaiting.length })} overdue={bnWaiting.filter((i) => i.bottleneck.overdue).length}>
              {bnWaiting.map((item) => (
                <BottleneckItem key={item.bottleneck.id} item={item} institutionId={institutionId} onDone={done('bottlenecks:desk.answered', bottlenecks.reload)} />
              ))}
            </Part>
            <Part id="desk-bottlenecks-answered" heading={t('bottlenecks:desk.answeredHeading')} count={t('bottlenecks:desk.bottlenecksAnswered', { count: bnAnswered.length })}>
              {bnAnswered.map((item) => (
                <BottleneckItem key={item.bottleneck.id} item={item} institutionId={institutionId} onDone={done('bottlenecks:desk.saved', bottlenecks.reload)} />
              ))}
            </Part>
          </>
        )}
      </section>

      <section aria-labelledby="desk-recommendations">
        <h2 id="desk-recommendations">{t('bottlenecks:desk.recommendations')}</h2>
        {!recommendations.data ? (
          <p>{t('common:loading')}</p>
        ) : (
          <>
            <Part id="desk-recommendations-waiting" heading={t('bottlenecks:desk.waiting')} count={t('bottlenecks:desk.recommendationsWaiting', { count: rcWaiting.length })} overdue={rcWaiting.filter((i) => i.overdue).length}>
              {rcWaiting.map((item) => (
                <RecommendationItem key={item.recommendation.id} item={item} institutionId={institutionId} onDone={done('recommendations:respond.published', recommendations.reload)} />
              ))}
            </Part>
            <Part id="desk-recommendations-answered" heading={t('bottlenecks:desk.answeredHeading')} count={t('bottlenecks:desk.recommendationsAnswered', { count: rcAnswered.length })}>
              {rcAnswered.map((item) => (
                <RecommendationItem key={item.recommendation.id} item={item} institutionId={institutionId} onDone={done('recommendations:respond.saved', recommendations.reload)} />
              ))}
            </Part>
          </>
        )}
      </section>
    </div>
  );
}

/** "Waiting for our answer" or "Answered": a heading, the count as a sentence, and the items. */
function Part({ id, heading, count, overdue = 0, children }: { id: string; heading: string; count: string; overdue?: number; children: ReactNode[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby={id} className="desk-part">
      <h3 id={id}>{heading}</h3>
      <p>
        {count}
        {overdue > 0 && <> {t('bottlenecks:desk.overdueCount', { count: overdue })}</>}
      </p>
      {children.length > 0 && <ul className="bn-list">{children}</ul>}
    </section>
  );
}

function AnsweredMark() {
  const { t } = useTranslation();
  return <span className="badge badge--success">{t('bottlenecks:desk.answeredMark')}</span>;
}

function BottleneckItem({ item, institutionId, onDone }: { item: DeskBottleneck; institutionId: string; onDone: () => Promise<void> }) {
  const { t } = useTranslation();
  const date = useDate();
  const { bottleneck, answer } = item;
  const facts = (
    <>
      <span>
        {t('bottlenecks:detail.assessmentDue')}: {date(bottleneck.assessmentDueAt)}
      </span>
      <span>{t('bottlenecks:supports', { count: bottleneck.supportCount })}</span>
      {answer && <AnsweredMark />}
    </>
  );
  return (
    <BottleneckCard item={bottleneck} headingLevel={4} facts={facts}>
      {answer ? (
        <>
          <div className="answer answer--ours">
            <p className="answer__label">{t('bottlenecks:desk.ourAnswer')}</p>
            <AnswerView answer={answer} />
          </div>
          <Disclosure summary={t('bottlenecks:desk.editAnswer')}>
            <AnswerForm key={answer.editedAt ?? answer.id} bottleneckId={bottleneck.id} institutionId={institutionId} idPrefix={`desk-${bottleneck.id}`} onDone={onDone} answer={answer} />
          </Disclosure>
        </>
      ) : (
        <Disclosure summary={t('bottlenecks:desk.answerHere')}>
          <AnswerForm bottleneckId={bottleneck.id} institutionId={institutionId} idPrefix={`desk-${bottleneck.id}`} onDone={onDone} />
        </Disclosure>
      )}
    </BottleneckCard>
  );
}

function RecommendationItem({ item, institutionId, onDone }: { item: DeskRecommendation; institutionId: string; onDone: () => Promise<void> }) {
  const { t } = useTranslation();
  const date = useDate();
  const { recommendation, response } = item;
  return (
    <li className="bn-card">
      <p className="bn-card__meta">
        <span className="bn-ref">{recommendation.ref}</span> <RecommendationStateBadge state={recommendation.state} />
        {item.overdue && <span className="badge badge--warning">{t('bottlenecks:overdue')}</span>}
      </p>
      <h4 className="bn-card__title">
        <Link to={`/recommendations/${recommendation.ref}`}>
          <LocalizedText value={recommendation.title} />
        </Link>
      </h4>
      <p className="bn-card__facts">
        <span>{t('bottlenecks:desk.respondBy', { date: date(item.respondBy) })}</span>
        <span>{t(`recommendations:priority.${recommendation.priority}`)}</span>
        {response && <AnsweredMark />}
      </p>
      {response ? (
        <>
          <div className="answer answer--ours">
            <p className="answer__label">{t('bottlenecks:desk.ourAnswer')}</p>
            <AnswerView answer={response} />
          </div>
          <Disclosure summary={t('recommendations:respond.edit')}>
            <ResponseForm key={response.editedAt ?? response.id} recommendationRef={recommendation.ref} institutionId={institutionId} idPrefix={`desk-${recommendation.id}`} onDone={onDone} response={response} />
          </Disclosure>
        </>
      ) : (
        <Disclosure summary={t('recommendations:respond.here')}>
          <ResponseForm recommendationRef={recommendation.ref} institutionId={institutionId} idPrefix={`desk-${recommendation.id}`} onDone={onDone} />
        </Disclosure>
      )}
    </li>
  );
}
