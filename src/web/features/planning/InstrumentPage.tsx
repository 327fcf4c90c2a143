import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { pickLocalized, type LocalizedTextValue } from '../../../shared/localized.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import type { InstrumentDetail } from '../../../shared/schemas/planning.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { EditorSection } from '../../components/EditorSection.tsx';
import { useResource } from '../../components/useResource.ts';
import { isEditorRole } from '../../../shared/roles.ts';
import { useSession } from '../../app/session.tsx';
import { InstrumentFactForm, SourceForm } from './PlanningEditor.tsx';
import { citationNumbers } from './planning.ts';
import { Cites, Differences, InstrumentName, NotInReference, SourceList } from './parts.tsx';

const TEXT_FIELDS = ['legalBasis', 'preparedBy', 'approvedBy', 'effectOnPlans', 'effectOnPermits', 'participation', 'typicalDuration'] as const;

/** One planning instrument: each field with its citations, or "not in the reference"; what corresponds to it; its plans. */
export function InstrumentPage() {
  const { slug = '' } = useParams();
  const { t } = useTranslation();
  const { data, error, reload } = useResource('/api/planning/instruments/{slug}', { path: { slug } });
  const { user } = useSession();
  if (error) return <FormErrors error={error} />;
  if (!data) return <p role="status">{t('common:loading')}</p>;
  return (
    <>
      <InstrumentBody instrument={data} />
      {user && isEditorRole(user.role) && <InstrumentEditor instrument={data} onSaved={() => void reload()} />}
    </>
  );
}

/** The editors' part: one fact at a time with its sources, and a new source to cite. */
function InstrumentEditor({ instrument, onSaved }: { instrument: InstrumentDetail; onSaved: () => void }) {
  const { t } = useTranslation();
  return (
    <EditorSection id="instrument-editor-title" title={t('planning:edit.title')} onSaved={onSaved}>
      {(done) => (
        <>
          <InstrumentFactForm instrument={instrument} done={done} />
          <SourceForm done={done} />
        </>
      )}
    </EditorSection>
  );
}

function Row({ label, children, cites }: { label: string; children: ReactNode; cites?: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>
        {children}
        {cites}
      </dd>
    </div>
  );
}

function InstrumentBody({ instrument }: { instrument: InstrumentDetail }) {
  const { t, i18n } = useTranslation();
  const numbers = citationNumbers(instrument.sources);
  const cite = (field: string) => <Cites numbers={numbers} tags={instrument.citations[field]} />;
  // Titled by its own name, in its own language (REF gives every instrument's).
  const title = instrument.name[instrument.ownLanguage] ? { text: instrument.name[instrument.ownLanguage]!, lang: instrument.ownLanguage as string } : pickLocalized(instrument.name, i18n.language as ContentLanguage);
  const text = (value: LocalizedTextValue | null) => (value ? <LocalizedText value={value} /> : <NotInReference />);
  const days = (value: number | null) => (value === null ? <NotInReference /> : t('planning:days', { count: value }));
  return (
    <div className="page">
      <PageTitle lang={title?.lang}>{title?.text ?? instrument.slug}</PageTitle>
      <p>
        <Link to="/planning">{t('planning:back')}</Link>
        {instrument.glossaryEntryId && (
          <>
            {' · '}
            <Link to={`/glossary/${instrument.glossaryEntryId}`}>{t('planning:instrument.glossary')}</Link>
          </>
        )}
      </p>
      <dl className="region-facts">
        <Row label={t('planning:field.name')} cites={cite('name')}>
          <InstrumentName name={instrument.name} ownLanguage={instrument.ownLanguage} />
        </Row>
        <Row label={t('planning:field.country')}>{t(`planning:country.${instrument.country}`)}</Row>
        <Row label={t('planning:field.tier')}>
          {t(`planning:tier.${instrument.tier}`)}, {t(`planning:scope.${instrument.scope}`)}
        </Row>
        {TEXT_FIELDS.map((field) => (
          <Row key={field} label={t(`planning:field.${field}`)} cites={cite(field)}>
            {text(instrument[field])}
          </Row>
        ))}
        <Row label={t('planning:field.displayMinDays')} cites={cite('displayMinDays')}>
          {days(instrument.displayMinDays)}
        </Row>
        {instrument.displayMinDaysMinor !== null && (
          <Row label={t('planning:field.displayMinDaysMinor')} cites={cite('displayMinDaysMinor')}>
            {days(instrument.displayMinDaysMinor)}
          </Row>
        )}
      </dl>
      {instrument.notes.length > 0 && (
        <>
          <h2>{t('planning:notes.title')}</h2>
          <ul>
            {instrument.notes.map((note, at) => (
              <li key={at}>
                <LocalizedText value={note.text} />
                <Cites numbers={numbers} tags={note.sources} />
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t('planning:instrument.correspondsTo')}</h2>
      {instrument.correspondences.length === 0 && <p className="muted">{t('planning:compare.none')}</p>}
      {instrument.correspondences.map((pair, at) => {
        const other = instrument.country === 'FI' ? pair.ee : pair.fi;
        return (
          <section key={at} aria-label={t(`planning:kind.${pair.kind}`)}>
            <p>
              <strong>{t(`planning:kind.${pair.kind}`)}</strong>
              {': '}
              {other ? (
                <Link to={`/planning/instruments/${other.slug}`}>
                  <InstrumentName name={other.name} ownLanguage={other.ownLanguage} />
                </Link>
              ) : (
                <span className="muted">{t('planning:compare.none')}</span>
              )}
            </p>
            <Differences differences={pair.differences} numbers={numbers} />
          </section>
        );
      })}
      <h2>{t('planning:instrument.plans')}</h2>
      {instrument.plans.length === 0 ? (
        <p className="muted">{t('planning:instrument.noPlans')}</p>
      ) : (
        <ul>
          {instrument.plans.map((plan) => (
            <li key={plan.slug}>
              <Link to={`/planning/plans/${plan.slug}`}>
                <LocalizedText value={plan.name} />
              </Link>{' '}
              <span className="muted">({t(`planning:stage.${plan.stage}`)})</span>
            </li>
          ))}
        </ul>
      )}
      <SourceList sources={instrument.sources} />
    </div>
  );
}
