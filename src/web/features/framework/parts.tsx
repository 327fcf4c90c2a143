import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { useDates } from '../../components/useDates.ts';
import { formatFigure } from '../kpis/kpis.ts';
import { percentOf, treeOf, type TreeNode } from './framework.ts';
import type { GetAnswer } from '../../app/api.ts';
import { Disclosure } from '../../components/Disclosure.tsx';
import { DeleteNode, NodeForm } from './NodeForm.tsx';

export type VersionAnswer = GetAnswer<'/api/framework/versions/{v}'>;
type Node = VersionAnswer['nodes'][number];
type Target = NonNullable<Node['target']>;
export type AdoptionAnswer = VersionAnswer['adoptions'][number];

/** How far it has come: a bar for the eye, the percentage in words for everyone. */
export function ProgressBar({ progress }: { progress: number }) {
  const { t } = useTranslation();
  const percent = percentOf(progress);
  return (
    <span className="ac-progress">
      <span className="ac-progress__track" aria-hidden="true">
        <span className="ac-progress__fill" style={{ width: `${percent}%` }} />
      </span>
      <span className="ac-progress__text">{t('framework:progress.value', { value: percent })}</span>
    </span>
  );
}

/** A goal's or objective's roll-up, labelled as what it is: the mean of the targets under it that have a figure. */
function Rollup({ rollup }: { rollup: NonNullable<Node['rollup']> }) {
  const { t } = useTranslation();
  if (rollup.targets === 0) return <p className="muted">{t('framework:progress.noTargets')}</p>;
  if (rollup.progress === null) return <p className="muted">{t('framework:progress.noFigures', { count: rollup.targets })}</p>;
  return (
    <p className="fw-rollup">
      <span>{t('framework:progress.mean', { count: rollup.counted })}</span> <ProgressBar progress={rollup.progress} />
      {rollup.counted < rollup.targets && <span className="muted"> {t('framework:progress.without', { count: rollup.targets - rollup.counted })}</span>}
    </p>
  );
}

/** A target's indicator, baseline, latest figure and target as text, its bar, and the actions that serve it. */
function TargetFacts({ target }: { target: Target }) {
  const { t, i18n } = useTranslation();
  const figure = (value: { value: number; period: string } | null) =>
    value ? t('framework:target.figure', { value: formatFigure(value.value, target.indicator.decimals, i18n.language), period: value.period }) : '–';
  return (
    <>
      <dl className="facts-list">
        <dt>{t('framework:target.indicator')}</dt>
        <dd>
          <Link to={`/indicators/${target.indicator.slug}`}>
            <LocalizedText value={target.indicator.name} />
          </Link>
          {target.indicator.demo && <span className="badge">{t('common:demo.badge')}</span>}
        </dd>
        <dt>{t('framework:target.region')}</dt>
        <dd>{target.region.name ? <LocalizedText value={target.region.name} /> : target.region.code}</dd>
        <dt>{t('framework:target.baseline')}</dt>
        <dd>{figure(target.baseline)}</dd>
        <dt>{t('framework:target.latest')}</dt>
        <dd>{figure(target.latest)}</dd>
        <dt>{t('framework:target.target')}</dt>
        <dd>{figure(target.target)}</dd>
        <dt>{t('framework:target.progress')}</dt>
        <dd>{target.progress === null ? <span className="muted">{t('framework:progress.none')}</span> : <ProgressBar progress={target.progress} />}</dd>
        <dt>{t('framework:target.actions')}</dt>
        <dd>
          {target.actions.length === 0 ? (
            <span className="muted">{t('framework:target.noActions')}</span>
          ) : (
            <ul className="fw-actions">
              {target.actions.map((action) => (
                <li key={action.id}>
                  <Link to={`/actions/${action.ref}`}>
                    <span className="bn-ref">{action.ref}</span> <LocalizedText value={action.title} />
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
    </>
  );
}

const HEADING = { vision: 'h2', goal: 'h3', objective: 'h4', target: 'h5' } as const;

/** What the tree needs to offer a draft's editor each node's form. */
export interface Editing {
  version: number;
  nodes: Node[];
  onDone: () => void;
}

function NodeItem({ node, editing }: { node: TreeNode<Node>; editing?: Editing }) {
  const { t } = useTranslation();
  const Heading = HEADING[node.kind];
  return (
    <li className={`fw-node fw-node--${node.kind}`} data-ref={node.ref} id={`node-${node.key}`} tabIndex={-1}>
      <Heading>
        <span className="trace__kind">{t(`framework:kind.${node.kind}`)}</span> <span className="bn-ref">{node.ref}</span> <LocalizedText value={node.title} />
      </Heading>
      {Object.keys(node.body).length > 0 && <LocalizedText value={node.body} as="p" />}
      {node.target && <TargetFacts target={node.target} />}
      {node.rollup && node.kind !== 'vision' && <Rollup rollup={node.rollup} />}
      {node.plans.length > 0 && <ServingPlans plans={node.plans} />}
      {editing && (
        <Disclosure summary={t('framework:edit.editNode', { ref: node.ref })}>
          <NodeForm version={editing.version} nodes={editing.nodes} node={node} onDone={editing.onDone} />
          <DeleteNode version={editing.version} node={node} onDone={editing.onDone} />
        </Disclosure>
      )}
      {node.children.length > 0 && (
        <ul className="fw-tree">
          {node.children.map((child) => (
            <NodeItem key={child.key} node={child} editing={editing} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** The plans that serve an objective, each linked to its page (a demo link says so). */
function ServingPlans({ plans }: { plans: Node['plans'] }) {
  const { t } = useTranslation();
  return (
    <p className="fw-plans">
      {t('framework:plans.serving')}{' '}
      {plans.map((plan, i) => (
        <span key={plan.slug}>
          {i > 0 && ', '}
          <Link to={`/planning/plans/${plan.slug}`}>
            <LocalizedText value={plan.name} />
          </Link>
          {plan.demo && <span className="badge">{t('common:demo.badge')}</span>}
        </span>
      ))}
    </p>
  );
}

/** The whole tree under its (hidden) heading: vision → goals → objectives → targets, as nested lists with a heading per node. */
export function FrameworkTree({ nodes, editing }: { nodes: Node[]; editing?: Editing }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="fw-tree" className="fw-section">
      <h2 id="fw-tree" className="visually-hidden">{t('framework:tree.label')}</h2>
      {nodes.length === 0 ? (
        <p className="muted">{t('framework:tree.empty')}</p>
      ) : (
        <ul className="fw-tree fw-tree--root" aria-label={t('framework:tree.label')}>
          {treeOf(nodes).map((node) => (
            <NodeItem key={node.key} node={node} editing={editing} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** The link to what a version changed since the one it was based on. */
export function ChangesSince({ version }: { version: { number: number; basedOn: number | null } }) {
  const { t } = useTranslation();
  if (!version.basedOn) return null;
  return <Link to={`/framework/versions/${version.basedOn}/diff/${version.number}`}>{t('framework:versions.changesSince', { number: version.basedOn })}</Link>;
}

/** Each region's adoption under its heading: the body, the date and the decision (linked when it has an address). */
export function Adoptions({ adoptions }: { adoptions: AdoptionAnswer[] }) {
  const { t } = useTranslation();
  const dates = useDates();
  return (
    <section aria-labelledby="fw-adoptions">
      <h2 id="fw-adoptions">{t('framework:adoption.title')}</h2>
      <dl className="facts-list fw-adoptions">
        {(['FI1B1', 'EE001'] as const).map((region) => {
          const adoption = adoptions.find((one) => one.region === region);
          return (
            <div key={region}>
              <dt>{t(`framework:region.${region}`)}</dt>
              <dd>
                {adoption ? (
                  <>
                    {t('framework:adoption.by')} <Link to={`/institutions/${adoption.institution.slug}`}><LocalizedText value={adoption.institution.name} /></Link>,{' '}
                    {dates.day(adoption.decidedOn)},{' '}
                    {adoption.decisionUrl ? <a href={adoption.decisionUrl}>{adoption.decisionRef}</a> : adoption.decisionRef}
                  </>
                ) : (
                  <span className="muted">{t('framework:adoption.none')}</span>
                )}
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}

/** A version's name: its number, its label, its state and the demo mark. */
export function VersionName({ version }: { version: { number: number; label: Record<string, string>; state: string; demo: boolean } }) {
  const { t } = useTranslation();
  return (
    <>
      {t('framework:version.number', { number: version.number })}
      {Object.keys(version.label).length > 0 && (
        <>
          {': '}
          <LocalizedText value={version.label} />
        </>
      )}{' '}
      <span className={`badge fw-state fw-state--${version.state}`}>{t(`framework:state.${version.state}`)}</span>
      {version.demo && <span className="badge">{t('common:demo.badge')}</span>}
    </>
  );
}
