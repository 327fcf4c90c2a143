import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type ReactNode } from 'react';
import { isEditorRole } from '../../../shared/roles.ts';
import { useSession } from '../../app/session.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { useFocusHash } from '../../components/useFocusHash.ts';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { ContentTitle } from '../../components/PageTitle.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { useResource } from '../../components/useResource.ts';
import { citationNumbers } from './regions.ts';
import { Cites, useCountryName, useFigureText, useLanguageName, useYearText, type RegionDetail } from './parts.tsx';
import { ScoreForm } from './ScoreForm.tsx';
import { RegionEditor, RemovePart } from './RegionEditor.tsx';

/** One benchmark region: every field with its sources as numbered citations into the source list. */
export function RegionPage() {
  const { slug = '' } = useParams();
  const { t } = useTranslation();
  const { data, error, reload } = useResource('/api/regions/{id}', { path: { id: slug } });
  const criteria = useResource('/api/regions/criteria');
  const { user } = useSession();
  // What the edit form did, said once on arrival here.
  const notice = useNotice();
  // A link from an action or a recommendation names a lesson (#LS-0001): its item exists only once the region has loaded.
  useFocusHash('LS-', data);
  if (error) return <FormErrors error={error} />;
  if (!data) return <p role="status">{t('common:loading')}</p>;
  return (
    <div className="page">
      <StatusMessage notice={notice.notice} />
      <RegionBody region={data} editing={Boolean(user && isEditorRole(user.role))} onChanged={() => void reload()} />
      <Scores region={data} criteria={criteria.data?.items ?? []} />
      {user && isEditorRole(user.role) && criteria.data && (
        <ScoreForm region={data} criteria={criteria.data.items} onSaved={() => void reload()} />
      )}
      {user && isEditorRole(user.role) && <RegionEditor region={data} onSaved={() => void reload()} />}
      <Sources region={data} />
    </div>
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

function RegionBody({ region, editing, onChanged }: { region: RegionDetail; editing: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const countryName = useCountryName();
  const languageName = useLanguageName();
  const figureText = useFigureText();
  const yearText = useYearText();
  const numbers = citationNumbers(region.sources);
  const cite = (field: string) => <Cites numbers={numbers} ids={region.fieldSources[field]} />;
  const unknown = <span className="muted">{t('regions:unknown')}</span>;
  return (
    <>
      <ContentTitle value={region.name} otherwise={region.slug} />
      <p>
        <Link to="/regions">{t('regions:back')}</Link> · <Link to={`/regions/compare?ids=${region.slug}`}>{t('regions:compare.withThis')}</Link>
        {editing && (
          <>
            {' · '}
            <Link to={`/regions/${region.slug}/edit`}>{t('regions:form.editLink')}</Link>
          </>
        )}
      </p>
      {region.isHome && <p className="badge">{t('regions:home')}</p>}
      <dl className="region-facts">
        <Row label={t('regions:field.countries')} cites={cite('countries')}>{region.countries.map(countryName).join(', ')}</Row>
        <Row label={t('regions:field.founded')} cites={cite('founded')}>{region.foundedOn ?? region.foundedYear ?? unknown}</Row>
        <Row label={t('regions:field.legalForm')} cites={cite('legalForm')}>
          {region.legalForm ? t(`regions:legalForm.${region.legalForm}`) : t('regions:legalFormUnsettled')}
          {region.legalFormNote && (
            <>
              {' — '}
              <LocalizedText value={region.legalFormNote} />
            </>
          )}
        </Row>
        <Row label={t('regions:field.foundingBasis')} cites={cite('foundingBasis')}>{region.foundingBasis ? <LocalizedText value={region.foundingBasis} /> : unknown}</Row>
        <Row label={t('regions:field.seat')} cites={cite('seat')}>{region.seat ? <LocalizedText value={region.seat} /> : unknown}</Row>
        <Row label={t('regions:field.secretariat')} cites={cite('secretariat')}>{region.secretariat ? <LocalizedText value={region.secretariat} /> : unknown}</Row>
        <Row label={t('regions:field.themes')} cites={cite('themes')}>{region.themes.length ? region.themes.map((th) => t(`regions:theme.${th}`, { defaultValue: th })).join(', ') : unknown}</Row>
        <Row label={t('regions:field.languages')} cites={cite('languages')}>{region.languages.length ? region.languages.map(languageName).join(', ') : unknown}</Row>
      </dl>

      <h2>{t('regions:figures.title')}</h2>
      {region.figures.length === 0 ? (
        <p className="muted">{t('regions:figures.none')}</p>
      ) : (
        <ScrollRegion label={t('regions:figures.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('regions:figures.kind')}</th>
                <th scope="col">{t('regions:figures.value')}</th>
                <th scope="col">{t('regions:figures.year')}</th>
                <th scope="col">{t('regions:figures.sources')}</th>
              </tr>
            </thead>
            <tbody>
              {region.figures.map((figure) => (
                <tr key={figure.id}>
                  <th scope="row">
                    {t(`regions:figureKind.${figure.kind}`)}
                    {figure.label && (
                      <>
                        {': '}
                        <LocalizedText value={figure.label} />
                      </>
                    )}
                  </th>
                  <td>
                    {figureText(figure)}
                    {figure.note && (
                      <>
                        {' '}
                        <span className="muted">
                          (<LocalizedText value={figure.note} />)
                        </span>
                      </>
                    )}
                  </td>
                  <td>{yearText(figure)}</td>
                  <td>
                    <Cites numbers={numbers} ids={figure.sourceIds} />
                    {editing && !figure.seeded && <RemovePart region={region} kind="figures" partId={figure.id} name={t(`regions:figureKind.${figure.kind}`)} onRemoved={onChanged} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}

      <h2>{t('regions:members.title')}</h2>
      {region.members.length === 0 ? (
        <p className="muted">{t('regions:members.none')}</p>
      ) : (
        <ul>
          {region.members.map((member) => (
            <li key={member.id}>
              <LocalizedText value={member.name} /> ({[member.country ? countryName(member.country) : null, t(`regions:level.${member.level}`)].filter(Boolean).join(', ')})
              <Cites numbers={numbers} ids={member.sourceIds} />
            </li>
          ))}
        </ul>
      )}

      <h2>{t('regions:bodies.title')}</h2>
      {region.bodies.length === 0 ? (
        <p className="muted">{t('regions:bodies.none')}</p>
      ) : (
        <ul>
          {region.bodies.map((body) => (
            <li key={body.id}>
              <strong>
                <LocalizedText value={body.name} />
              </strong>
              {body.size !== null && <> · {t('regions:bodies.size', { count: body.size })}</>}
              {body.cadence && (
                <>
                  {' · '}
                  {t('regions:bodies.meets')} <LocalizedText value={body.cadence} />
                </>
              )}
              {body.role && (
                <>
                  {' · '}
                  <LocalizedText value={body.role} />
                </>
              )}
              <Cites numbers={numbers} ids={body.sourceIds} />
            </li>
          ))}
        </ul>
      )}

      <h2>{t('regions:events.title')}</h2>
      {region.events.length === 0 ? (
        <p className="muted">{t('regions:events.none')}</p>
      ) : (
        <ul>
          {region.events.map((event) => (
            <li key={event.id}>
              <span className="event-date">{event.on ?? t('regions:events.undated')}</span>: <LocalizedText value={event.what} />
              <Cites numbers={numbers} ids={event.sourceIds} />
            </li>
          ))}
        </ul>
      )}

      <h2>{t('regions:lessons.title')}</h2>
      {region.lessons.length === 0 ? (
        <p className="muted">{t('regions:lessons.none')}</p>
      ) : (
        <ul>
          {region.lessons.map((lesson) => (
            <li key={lesson.id} id={lesson.ref} tabIndex={-1}>
              <span className="muted">{lesson.ref}</span> <LocalizedText value={lesson.text} />
              {lesson.year !== null && <> ({lesson.year})</>}
              <Cites numbers={numbers} ids={lesson.sourceIds} />
              {editing && !lesson.seeded && <RemovePart region={region} kind="lessons" partId={lesson.id} name={lesson.ref} onRemoved={onChanged} />}
              {lesson.themes.length > 0 && (
                <ul className="tags" aria-label={t('regions:lessons.themes')}>
                  {lesson.themes.map((th) => (
                    <li key={th} className="tag">
                      {t(`regions:theme.${th}`, { defaultValue: th })}
                    </li>
                  ))}
                </ul>
              )}
              <CitedBy lesson={lesson} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The actions and recommendations that cite a lesson, each linking to its page. */
function CitedBy({ lesson }: { lesson: RegionDetail['lessons'][number] }) {
  const { t } = useTranslation();
  if (lesson.citedBy.length === 0) return null;
  return (
    <p className="lesson-cited">
      {t('regions:cited.by')}{' '}
      {lesson.citedBy.map((c, i) => (
        <span key={`${c.type}-${c.id}`}>
          {i > 0 && ', '}
          <Link to={`/${c.type === 'action' ? 'actions' : 'recommendations'}/${c.ref}`}>
            <LocalizedText value={c.title} />
          </Link>{' '}
          <span className="muted">
            ({t(`regions:cited.${c.type}`)} <span className="bn-ref">{c.ref}</span>)
          </span>
        </span>
      ))}
    </p>
  );
}

function Scores({ region, criteria }: { region: RegionDetail; criteria: { id: string; name: RegionDetail['name']; scaleMin: number; scaleMax: number; isDemo: boolean }[] }) {
  const { t } = useTranslation();
  return (
    <>
      <h2>{t('regions:scores.title')}</h2>
      {region.scores.length === 0 ? (
        <p className="muted">{t('regions:scores.none')}</p>
      ) : (
        <ScrollRegion label={t('regions:scores.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('regions:scores.criterion')}</th>
                <th scope="col">{t('regions:scores.score')}</th>
                <th scope="col">{t('regions:scores.rationale')}</th>
              </tr>
            </thead>
            <tbody>
              {region.scores.map((score) => {
                const criterion = criteria.find((c) => c.id === score.criterionId);
                return (
                  <tr key={score.criterionId}>
                    <th scope="row">{criterion ? <LocalizedText value={criterion.name} /> : score.criterionId}</th>
                    <td>{criterion ? t('regions:scores.outOf', { score: score.score, min: criterion.scaleMin, max: criterion.scaleMax }) : score.score}</td>
                    <td>
                      {score.isDemo && <span className="badge">{t('regions:demo')}</span>} <LocalizedText value={score.rationale} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </>
  );
}

function Sources({ region }: { region: RegionDetail }) {
  const { t } = useTranslation();
  return (
    <>
      <h2 id="sources">{t('regions:sources.title')}</h2>
      <ol className="sources">
        {region.sources.map((source, at) => (
          <li key={source.id} id={`source-${at + 1}`} tabIndex={-1}>
            <a href={source.url} rel="noreferrer">
              {source.title}
            </a>{' '}
            <span className="muted">
              ({t(`regions:sourceKind.${source.kind}`)}, {source.tag})
            </span>
          </li>
        ))}
      </ol>
    </>
  );
}
