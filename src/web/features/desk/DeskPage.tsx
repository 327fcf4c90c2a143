import { useTranslation } from 'react-i18next';
import { OPEN_STATUSES } from '../../../shared/register.ts';
import { useSession } from '../../app/session.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { RequireUser } from '../../components/RequireUser.tsx';
import type { BottleneckListItem } from '../../../shared/schemas/bottlenecks.ts';
import { useResource } from '../../components/useResource.ts';
import { useDate } from './labels.tsx';
import { BottleneckCard } from './BottleneckCard.tsx';
import { AnswerForm } from './AnswerForm.tsx';

/** A service owner's desk: what is assigned to my institution, what is overdue, and answering in place. */
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
  const list = useResource('/api/bottlenecks', institutionId ? { query: { institution: institutionId, status: [...OPEN_STATUSES], sort: 'updated', limit: 100 } } : null);
  const overdue = list.data?.items.filter((item) => item.overdue) ?? [];
  return (
    <div className="page">
      <PageTitle>{t('bottlenecks:desk.title')}</PageTitle>
      {!institutionId ? (
        <p>{t('bottlenecks:desk.noInstitution')}</p>
      ) : (
        <>
          {institution.data && (
            <p className="lead-actions">
              <LocalizedText value={institution.data.name} />
            </p>
          )}
          <p role="status">{list.data ? t('bottlenecks:desk.count', { count: list.data.total, overdue: overdue.length }) : t('common:loading')}</p>
          <ul className="bn-list">
            {list.data?.items.map((item) => (
              <DeskItem key={item.id} item={item} institutionId={institutionId} onAnswered={list.reload} />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function DeskItem({ item, institutionId, onAnswered }: { item: BottleneckListItem; institutionId: string; onAnswered: () => Promise<void> }) {
  const { t } = useTranslation();
  const date = useDate();
  const facts = (
    <>
      <span>
        {t('bottlenecks:detail.assessmentDue')}: {date(item.assessmentDueAt)}
      </span>
      <span>{t('bottlenecks:supports', { count: item.supportCount })}</span>
    </>
  );
  return (
    <BottleneckCard item={item} headingLevel={2} facts={facts}>
      <details>
        <summary>{t('bottlenecks:desk.answerHere')}</summary>
        <AnswerForm bottleneckId={item.id} institutionId={institutionId} idPrefix={`desk-${item.id}`} onDone={onAnswered} />
      </details>
    </BottleneckCard>
  );
}
