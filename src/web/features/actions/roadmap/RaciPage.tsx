import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RACI_ROLES } from '../../../../shared/actions.ts';
import { EmptyResult } from '../../../components/EmptyResult.tsx';
import { FormErrors } from '../../../components/FormErrors.tsx';
import { LocalizedText } from '../../../components/LocalizedText.tsx';
import { PageTitle } from '../../../components/PageTitle.tsx';
import { ScrollRegion } from '../../../components/ScrollRegion.tsx';
import { PlanViewPage, useLocalizedName, type Roadmap, type RoadmapInstitution } from './RoadmapFilters.tsx';
import { matrixColumns, roleCounts, rowCells } from './raciMatrix.ts';
import { depthsShown } from './roadmapLayout.ts';

/** `/actions/raci`: who does what, actions × institutions, from the same answer as the roadmap. */
export function RaciPage() {
  const { t } = useTranslation();
  return (
    <PlanViewPage titleKey="roadmap:raci.title" introKey="roadmap:raci.intro">
      {(roadmap) => <Matrix roadmap={roadmap} />}
    </PlanViewPage>
  );
}

function Matrix({ roadmap }: { roadmap: Roadmap }) {
  const { t, i18n } = useTranslation();
  const name = useLocalizedName();
  const short = (institution: RoadmapInstitution) => institution.shortName ?? name(institution.name, institution.id);
  // Within a country, in the order of the names shown over the columns.
  const groups = matrixColumns(roadmap.institutions, roadmap.bars).map((group) => ({ ...group, institutions: group.institutions.sort((a, b) => short(a).localeCompare(short(b), i18n.language)) }));
  const columns = groups.flatMap((group) => group.institutions);
  const depths = depthsShown(roadmap.bars);
  const counts = roleCounts(roadmap.bars);
  return (
    <>
      <ul className="raci-legend" aria-label={t('roadmap:raci.legend')}>
        {RACI_ROLES.map((role) => (
          <li key={role}>
            <strong aria-hidden="true">{role}</strong> {t(`actions:raci.roles.${role}`)}
          </li>
        ))}
        <li>
          <strong aria-hidden="true">★</strong> {t('roadmap:raci.leadMark')}
        </li>
      </ul>
      <ScrollRegion label={t('roadmap:raci.caption')}>
        <table className="raci-matrix">
          <caption>{t('roadmap:raci.caption')}</caption>
          <colgroup>
            <col />
          </colgroup>
          {groups.map((group) => (
            <colgroup key={group.country} span={group.institutions.length} className="raci-matrix__group" />
          ))}
          <thead>
            <tr>
              <th scope="col" rowSpan={2} className="raci-matrix__action">
                {t('roadmap:raci.action')}
              </th>
              {groups.map((group) => (
                <th key={group.country} scope="colgroup" colSpan={group.institutions.length} className="raci-matrix__country">
                  <span>{t(`institutions:country.${group.country}`)}</span>
                </th>
              ))}
            </tr>
            <tr>
              {columns.map((institution) => (
                <th key={institution.id} scope="col" className="raci-matrix__institution">
                  {/* The short name for the eye (the summary below writes it out); the full name for screen readers. */}
                  <span className="raci-matrix__name" aria-hidden="true">
                    {short(institution)}
                  </span>
                  <span className="visually-hidden">{name(institution.name, short(institution))}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {roadmap.bars.map((bar, index) => {
              const cells = rowCells(bar);
              return (
                <tr key={bar.id} data-ref={bar.ref}>
                  <th scope="row" className="raci-matrix__action" style={depths[index] ? { paddingLeft: `${0.5 + depths[index]! * 0.9}rem` } : undefined}>
                    <Link to={`/actions/${bar.ref}`} className="raci-matrix__ref">
                      {bar.ref}
                    </Link>{' '}
                    <LocalizedText value={bar.title} />
                  </th>
                  {columns.map((institution) => {
                    const cell = cells.get(institution.id);
                    return (
                      <td key={institution.id} className={cell ? `raci-matrix__cell raci-matrix__cell--${cell.role}` : 'raci-matrix__cell'} data-institution={institution.id}>
                        {cell && (
                          <>
                            <span aria-hidden="true" className="raci-matrix__letter">
                              {cell.role}
                              {cell.lead && '★'}
                            </span>
                            <span className="visually-hidden">
                              {t(`roadmap:raci.role.${cell.role}`)}
                              {cell.lead && `, ${t('actions:raci.lead')}`}
                            </span>
                          </>
                        )}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
      <section aria-labelledby="raci-summary">
        <h2 id="raci-summary">{t('roadmap:raci.summary')}</h2>
        <ScrollRegion label={t('roadmap:raci.summary')}>
          <table className="matrix raci-summary">
            <caption className="visually-hidden">{t('roadmap:raci.summaryCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('roadmap:raci.institution')}</th>
                <th scope="col">{t('roadmap:raci.shortName')}</th>
                {RACI_ROLES.map((role) => (
                  <th key={role} scope="col">
                    {t(`roadmap:raci.role.${role}`)}
                  </th>
                ))}
              </tr>
            </thead>
            {groups.map((group) => (
              <tbody key={group.country}>
                <tr>
                  <th scope="rowgroup" colSpan={2 + RACI_ROLES.length} className="raci-summary__country">
                    {t(`institutions:country.${group.country}`)}
                  </th>
                </tr>
                {group.institutions.map((institution) => (
                  <tr key={institution.id}>
                    <th scope="row">
                      <LocalizedText value={institution.name} />
                    </th>
                    <td>{institution.shortName ?? '–'}</td>
                    {RACI_ROLES.map((role) => (
                      <td key={role}>{counts.get(institution.id)?.[role] ?? 0}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </ScrollRegion>
      </section>
    </>
  );
}
