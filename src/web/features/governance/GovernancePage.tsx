import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ContentLanguage } from '../../../shared/languages.ts';
import { pickLocalized } from '../../../shared/localized.ts';
import { isEditorRole } from '../../../shared/roles.ts';
import type { GetAnswer } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { useFocusHash } from '../../components/useFocusHash.ts';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { StatusMessage, useNotice } from '../../components/StatusMessage.tsx';
import { useDates } from '../../components/useDates.ts';
import { useResource } from '../../components/useResource.ts';
import { BOX, fitText, layoutDiagram, nestBodies } from './governanceDiagram.ts';

type Body = GetAnswer<'/api/governance/bodies'>['items'][number];

/** The governance model of the twin region: the bodies as a diagram and as a list, then each body's mandate, members and meetings. */
export function GovernancePage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const notice = useNotice();
  const { data, error } = useResource('/api/governance/bodies');
  const canEdit = Boolean(user && isEditorRole(user.role));
  // A link from elsewhere (a dialogue's page) names a body: its section exists only once the model has loaded.
  useFocusHash('body-', data);
  return (
    <div className="page">
      <PageTitle>{t('governance:title')}</PageTitle>
      <StatusMessage notice={notice.notice} />
      <p>{t('governance:intro')}</p>
      {canEdit && (
        <p>
          <Link className="button" to="/governance/new">{t('governance:add')}</Link>
        </p>
      )}
      <FormErrors error={error} />
      {!data && !error && <p role="status">{t('common:loading')}</p>}
      {data && data.items.length === 0 && <p>{t('governance:empty')}</p>}
      {data && data.items.length > 0 && (
        <>
          {data.items.some((body) => body.isDemo) && <p className="notice">{t('governance:demoNote')}</p>}
          <div className="governance-overview">
            <Diagram bodies={data.items} />
            <section aria-labelledby="structure-heading">
              <h2 id="structure-heading">{t('governance:structure')}</h2>
              <StructureList branches={nestBodies(data.items)} />
            </section>
          </div>
          {data.items.map((body) => (
            <BodySection key={body.id} body={body} parent={data.items.find((b) => b.id === body.parentId)} canEdit={canEdit} />
          ))}
        </>
      )}
    </div>
  );
}

function useName() {
  const { i18n } = useTranslation();
  return (body: Body) => pickLocalized(body.name, i18n.language as ContentLanguage)?.text ?? body.slug;
}

/** The drawing; its text equivalent is the list beside it, which the figure's caption points to. */
function Diagram({ bodies }: { bodies: Body[] }) {
  const { t } = useTranslation();
  const name = useName();
  const layout = layoutDiagram(bodies);
  const byId = new Map(bodies.map((body) => [body.id, body]));
  return (
    <figure className="governance-diagram">
      <svg viewBox={`0 0 ${layout.width} ${layout.height}`} role="img" aria-labelledby="governance-diagram-title" width="100%" style={{ maxWidth: `${layout.width}px` }}>
        <title id="governance-diagram-title">{t('governance:diagram.title')}</title>
        {layout.edges.map((edge) => (
          <path key={`${edge.from}-${edge.to}`} d={edge.d} className="governance-diagram__edge" />
        ))}
        {layout.nodes.map((node) => {
          const body = byId.get(node.id)!;
          return (
            <g key={node.id} transform={`translate(${node.x} ${node.y})`} className={`governance-diagram__box governance-diagram__box--${body.level}`}>
              <rect width={BOX.width} height={BOX.height} rx="6" />
              <text x="10" y="21" className="governance-diagram__name">{fitText(name(body), 40)}</text>
              <text x="10" y="41" className="governance-diagram__meta">
                {t(`governance:level.${body.level}`)} · {t(`governance:cadence.${body.cadence}`)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        {t('governance:diagram.caption')} <a href="#structure-heading">{t('governance:diagram.toList')}</a>
      </figcaption>
    </figure>
  );
}

function StructureList({ branches }: { branches: ReturnType<typeof nestBodies<Body>> }) {
  const { t } = useTranslation();
  const name = useName();
  return (
    <ul className="governance-tree">
      {branches.map(({ body, children }) => (
        <li key={body.id}>
          <a href={`#body-${body.slug}`}>{name(body)}</a>{' '}
          <span className="muted">
            {t('governance:summary', { level: t(`governance:level.${body.level}`), kind: t(`governance:kind.${body.kind}`), cadence: t(`governance:cadence.${body.cadence}`), count: body.members.length })}
          </span>
          {children.length > 0 && <StructureList branches={children} />}
        </li>
      ))}
    </ul>
  );
}

function BodySection({ body, parent, canEdit }: { body: Body; parent: Body | undefined; canEdit: boolean }) {
  const { t } = useTranslation();
  const name = useName();
  const { day, date } = useDates();
  const headingId = `body-${body.slug}`;
  return (
    <section aria-labelledby={headingId} className="card governance-body">
      <h2 id={headingId} tabIndex={-1}>
        {name(body)} {body.isDemo && <span className="badge">{t('common:demo.badge')}</span>}
      </h2>
      <dl className="facts-list">
        <dt>{t('governance:fields.level')}</dt>
        <dd>{t(`governance:level.${body.level}`)}</dd>
        <dt>{t('governance:fields.kind')}</dt>
        <dd>{t(`governance:kind.${body.kind}`)}</dd>
        {body.domain && (
          <>
            <dt>{t('governance:fields.domain')}</dt>
            <dd>{t(`bottlenecks:domain.${body.domain}`)}</dd>
          </>
        )}
        <dt>{t('governance:fields.cadence')}</dt>
        <dd>{t(`governance:cadence.${body.cadence}`)}</dd>
        {parent && (
          <>
            <dt>{t('governance:fields.parent')}</dt>
            <dd>
              <a href={`#body-${parent.slug}`}>{name(parent)}</a>
            </dd>
          </>
        )}
      </dl>
      {body.mandate && (
        <>
          <h3>{t('governance:fields.mandate')}</h3>
          <LocalizedText value={body.mandate} as="p" />
        </>
      )}
      <h3>{t('governance:fields.members')}</h3>
      {body.members.length === 0 ? (
        <p className="muted">{t('governance:noMembers')}</p>
      ) : (
        <ScrollRegion label={t('governance:membersOf', { name: name(body) })}>
          <table>
            <caption className="visually-hidden">{t('governance:membersOf', { name: name(body) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('governance:fields.institution')}</th>
                <th scope="col">{t('governance:fields.country')}</th>
                <th scope="col">{t('governance:fields.role')}</th>
                <th scope="col">{t('governance:fields.term')}</th>
              </tr>
            </thead>
            <tbody>
              {body.members.map((member) => (
                <tr key={member.institution.id}>
                  <th scope="row">
                    <LocalizedText value={member.institution.name} />
                  </th>
                  <td>{t(`institutions:country.${member.institution.country}`)}</td>
                  <td>{t(`governance:role.${member.role}`)}</td>
                  <td>{member.since || member.until ? `${member.since ? day(member.since) : ''}–${member.until ? day(member.until) : ''}` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <h3>{t('governance:fields.meetings')}</h3>
      {body.meetings.length === 0 ? (
        <p className="muted">{t('governance:noMeetings')}</p>
      ) : (
        <ul>
          {body.meetings.map((meeting) => (
            <li key={meeting.id}>
              <Link className="ref-link" to={`/dialogues/${meeting.ref}`}>{meeting.ref}</Link> <LocalizedText value={meeting.title} /> <span className="muted">{date(meeting.startsAt)}</span>
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <p>
          <Link to={`/governance/${body.slug}/edit`} aria-label={t('governance:editNamed', { name: name(body) })}>{t('governance:edit')}</Link>
        </p>
      )}
    </section>
  );
}
