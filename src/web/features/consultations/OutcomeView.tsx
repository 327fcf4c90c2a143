import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { GetAnswer } from '../../app/api.ts';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { useDates } from '../../components/useDates.ts';

export type Outcome = NonNullable<GetAnswer<'/api/consultations/{id}/comments'>['items'][number]['outcome']>;
export type OutcomeChange = Outcome['changes'][number];

/** "→ O2.3 in version 2": the node (and field) that answers a comment; a draft's node links nowhere for those who cannot see drafts, so it is plain text. */
export function ChangeLabel({ change }: { change: OutcomeChange }) {
  const { t } = useTranslation();
  const label = (
    <>
      {t('outcomes:changedTo', { ref: change.ref, version: change.version })}
      {change.versionState === 'draft' && ` (${t('outcomes:draft')})`}
    </>
  );
  return (
    <>
      {change.versionState === 'draft' ? label : <Link to={`/framework/versions/${change.version}#node-${change.nodeKey}`}>{label}</Link>}{' '}
      <LocalizedText value={change.title} />
      {change.field && <> – {t(`outcomes:field.${change.field}`)}</>}
    </>
  );
}

/** What became of a comment ("you said, we did"): its outcome, the changes that answer it and the editors' reply. */
export function OutcomeView({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation();
  const dates = useDates();
  return (
    <div className="comment__outcome">
      <p>
        <strong>{t('outcomes:became')}:</strong> {t(`outcomes:state.${outcome.outcome ?? 'unanswered'}`)}
        {outcome.answeredAt && (
          <>
            {' '}
            · <time dateTime={outcome.answeredAt}>{t('outcomes:answeredOn', { date: dates.date(outcome.answeredAt) })}</time>
          </>
        )}
      </p>
      {outcome.changes.length > 0 && (
        <ul className="comment__changes">
          {outcome.changes.map((change) => (
            <li key={`${change.version}-${change.nodeKey}-${change.field ?? ''}`}>
              <ChangeLabel change={change} />
            </li>
          ))}
        </ul>
      )}
      {outcome.reply && (
        <p className="comment__reply">
          <strong>{t('outcomes:reply')}:</strong> <LocalizedText value={outcome.reply} />
        </p>
      )}
    </div>
  );
}
