import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { pickLocalized } from '../../../shared/localized.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { isEditorRole } from '../../../shared/roles.ts';
import { api, type GetAnswer } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { Field, SelectField } from '../../components/Field.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { RequiredNote } from '../../components/Required.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { useResource } from '../../components/useResource.ts';
import { formText, useSubmit } from '../../components/useSubmit.ts';
import { chartBars, type Bar } from './regions.ts';

type Board = GetAnswer<'/api/regions/scores'>;

/** Criteria × regions: every score with its rationale, a bar chart per criterion beside its data, and the editors' criteria. */
export function ScoresPage() {
  const { t } = useTranslation();
  const { data, error, reload } = useResource('/api/regions/scores');
  const { user } = useSession();
  return (
    <div className="page">
      <PageTitle>{t('regions:scores.pageTitle')}</PageTitle>
      <p>
        <Link to="/regions">{t('regions:back')}</Link>
      </p>
      <p>{t('regions:scores.intro')}</p>
      <FormErrors error={error} />
      {!data && !error && <p role="status">{t('common:loading')}</p>}
      {data && data.criteria.length === 0 && <p className="muted">{t('regions:scores.noCriteria')}</p>}
      {data && data.criteria.length > 0 && <Board board={data} />}
      {data && user && isEditorRole(user.role) && <Criteria board={data} onChanged={() => void reload()} />}
    </div>
  );
}

function Board({ board }: { board: Board }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as ContentLanguage;
  const [criterionId, setCriterionId] = useState(board.criteria[0].id);
  const criterion = board.criteria.find((c) => c.id === criterionId) ?? board.criteria[0];
  const nameOf = (value: Board['regions'][number]['name']) => pickLocalized(value, lang)?.text ?? '';
  const scoreOf = (regionId: string, cId: string) => board.scores.find((s) => s.regionId === regionId && s.criterionId === cId);
  const bars = chartBars(
    board.regions.map((r) => ({ id: r.id, label: nameOf(r.name) })),
    new Map(board.scores.filter((s) => s.criterionId === criterion.id).map((s) => [s.regionId, s.score])),
    criterion.scaleMin,
    criterion.scaleMax,
  );
  const criterionName = nameOf(criterion.name) || criterion.key;
  return (
    <>
      <h2>{t('regions:scores.tableTitle')}</h2>
      <ScrollRegion label={t('regions:scores.tableTitle')}>
        <table className="matrix scores-table">
          <thead>
            <tr>
              <th scope="col">{t('regions:scores.region')}</th>
              {board.criteria.map((c) => (
                <th scope="col" key={c.id}>
                  <LocalizedText value={c.name} /> <span className="muted">({c.scaleMin}–{c.scaleMax})</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {board.regions.map((region) => (
              <tr key={region.id}>
                <th scope="row">
                  <Link to={`/regions/${region.slug}`}>
                    <LocalizedText value={region.name} />
                  </Link>
                </th>
                {board.criteria.map((c) => {
                  const score = scoreOf(region.id, c.id);
                  return (
                    <td key={c.id}>
                      {score ? (
                        <>
                          <strong>{score.score}</strong>
                          {score.isDemo && <span className="badge">{t('regions:demo')}</span>}
                          <div className="rationale">
                            <LocalizedText value={score.rationale} />
                          </div>
                        </>
                      ) : (
                        <span className="muted">{t('regions:scores.notScored')}</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>

      <h2 id="chart-title">{t('regions:scores.chartTitle')}</h2>
      <SelectField id="chart-criterion" label={t('regions:scores.criterion')} value={criterion.id} onChange={(event) => setCriterionId(event.currentTarget.value)} options={board.criteria.map((c) => ({ value: c.id, label: nameOf(c.name) || c.key }))} />
      <div className="chart-pair">
        <BarChart bars={bars} title={t('regions:scores.chartOf', { name: criterionName, min: criterion.scaleMin, max: criterion.scaleMax })} notScored={t('regions:scores.notScored')} />
        <ScrollRegion label={t('regions:scores.chartData')}>
          <table className="matrix">
            <caption>{t('regions:scores.chartData')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('regions:scores.region')}</th>
                <th scope="col">{criterionName}</th>
              </tr>
            </thead>
            <tbody>
              {bars.map((bar) => (
                <tr key={bar.key}>
                  <th scope="row">{bar.label}</th>
                  <td>{bar.score ?? t('regions:scores.notScored')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </div>
    </>
  );
}

const ROW = 28;
const LABEL = 190;
const WIDTH = 480;

/** Horizontal bars, one per region; an image to screen readers, named by its title: the table beside it holds the same figures. */
function BarChart({ bars, title, notScored }: { bars: Bar[]; title: string; notScored: string }) {
  const height = bars.length * ROW + 8;
  const room = WIDTH - LABEL - 40;
  return (
    <svg className="bar-chart" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={title} preserveAspectRatio="xMinYMin meet">
      <title>{title}</title>
      {bars.map((bar, at) => {
        const y = at * ROW + 4;
        const label = bar.label.length > 28 ? `${bar.label.slice(0, 27)}…` : bar.label;
        return (
          <g key={bar.key} aria-hidden="true">
            <text x={LABEL - 6} y={y + ROW / 2} textAnchor="end" dominantBaseline="middle" className="bar-chart__label">
              {label}
            </text>
            {bar.score !== null && <rect x={LABEL} y={y + 5} width={Math.max(2, bar.share * room)} height={ROW - 10} className="bar-chart__bar" />}
            <text x={LABEL + (bar.score !== null ? Math.max(2, bar.share * room) : 0) + 6} y={y + ROW / 2} dominantBaseline="middle" className="bar-chart__value">
              {bar.score ?? notScored}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function Criteria({ board, onChanged }: { board: Board; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as ContentLanguage;
  const notice = useNotice({ fromNavigation: false });
  const { onSubmit, error, busy } = useSubmit(async (form, element) => {
    const scaleMax = Number(formText(form, 'scaleMax'));
    await api.post('/api/regions/criteria', {
      body: { key: formText(form, 'key'), name: { [lang]: formText(form, 'name') }, scaleMin: 0, scaleMax: Number.isInteger(scaleMax) ? scaleMax : 0 },
    });
    element.reset();
    notice.show('regions:criteria.created');
    onChanged();
  });
  const remove = async (id: string) => {
    await api.delete('/api/regions/criteria/{criterionId}', { path: { criterionId: id } });
    notice.show('regions:criteria.deleted');
    onChanged();
  };
  return (
    <section aria-labelledby="criteria-title">
      <h2 id="criteria-title">{t('regions:criteria.title')}</h2>
      <StatusMessage notice={notice.notice} />
      <ul>
        {board.criteria.map((c) => (
          <li key={c.id}>
            <LocalizedText value={c.name} /> <span className="muted">({c.key}, {c.scaleMin}–{c.scaleMax})</span>{' '}
            <ConfirmButton
              onConfirm={() => void remove(c.id)}
              question={t('regions:criteria.deleteQuestion', { name: pickLocalized(c.name, lang)?.text ?? c.key })}
              consequence={t('regions:criteria.deleteConsequence')}
              confirmLabel={t('regions:criteria.deleteConfirm')}
              aria-label={t('regions:criteria.delete', { name: pickLocalized(c.name, lang)?.text ?? c.key })}
            >
              {t('regions:criteria.deleteButton')}
            </ConfirmButton>
          </li>
        ))}
      </ul>
      <h3>{t('regions:criteria.add')}</h3>
      <FormErrors error={error} />
      <form className="form" onSubmit={onSubmit}>
        <RequiredNote />
        <Field id="field-key" name="key" required label={t('regions:criteria.key')} hint={t('regions:criteria.keyHint')} />
        <Field id="field-name" name="name" required label={t('regions:criteria.name')} />
        <Field id="field-scaleMax" name="scaleMax" type="number" required min={1} max={100} step={1} defaultValue={5} label={t('regions:criteria.scaleMax')} />
        <button type="submit" className="button" disabled={busy}>
          {t('regions:criteria.save')}
        </button>
      </form>
    </section>
  );
}
