import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TraceType } from '../../../shared/dialogues.ts';
import type { GetAnswer } from '../../app/api.ts';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { useResource } from '../../components/useResource.ts';

type Answer = GetAnswer<'/api/trace/{type}/{id}'>;
type Node = Answer['nodes'][number];

type Paged = Exclude<TraceType, 'objective' | 'target' | 'comment'>;
const PATHS: Record<Paged, string> = { dataset: '/datasets', bottleneck: '/bottlenecks', dialogue: '/dialogues', recommendation: '/recommendations', action: '/actions', indicator: '/indicators' };
/** Each kind names its states in its own vocabulary; a framework node's is its version's. */
const STATE_KEYS: Record<TraceType, string> = {
  dataset: 'catalog:state', bottleneck: 'bottlenecks:status', dialogue: 'dialogues:state', recommendation: 'recommendations:state', action: 'actions:state',
  objective: 'framework:state', target: 'framework:state', indicator: 'kpis:state', comment: 'outcomes:state',
};

/** Where an item lives: its own page, a framework objective or target in its version's tree, a comment on its consultation's page (by the consultation's reference). */
export function traceHref(node: Pick<Node, 'type' | 'id' | 'ref' | 'version'>): string {
  if (node.type === 'objective' || node.type === 'target') return `/framework/versions/${node.version}#node-${node.id}`;
  if (node.type === 'comment') return `/consultations/${node.ref}?comment=${node.id}#followed-comment`;
  return `${PATHS[node.type]}/${node.ref}`;
}
/** A dataset's and an indicator's reference is a long machine name: the title alone names them. */
const NAMED_BY_TITLE: readonly TraceType[] = ['dataset', 'indicator'];

function NodeLink({ node }: { node: Node }) {
  const { t } = useTranslation();
  return (
    <>
      <span className="trace__kind">{t(`dialogues:trace.kind.${node.type}`)}</span>{' '}
      <Link to={traceHref(node)}>
        {!NAMED_BY_TITLE.includes(node.type) && <><span className="bn-ref">{node.ref}</span> </>}
        <LocalizedText value={node.title} />
      </Link>{' '}
      <span className="muted">({t(`${STATE_KEYS[node.type]}.${node.status}`)})</span>
    </>
  );
}

/**
 * The chain around an item, as a reader follows it: what it is linked to directly, and what
 * those led to in turn (from `GET /api/trace`). Each item appears once, under the first link
 * that reaches it.
 */
export function TraceChain({ type, id }: { type: TraceType; id: string }) {
  const { data } = useResource('/api/trace/{type}/{id}', { path: { type, id } });
  return data ? <TraceView type={type} data={data} /> : null;
}

/** The chain of one answer of `GET /api/trace`, two links deep. */
export function TraceView({ type, data }: { type: TraceType; data: Answer }) {
  const { t } = useTranslation();
  const headingId = `trace-${type}-heading`;
  const byKey = new Map(data.nodes.map((node) => [node.key, node]));
  const children = (key: string, depth: number) =>
    data.edges
      .filter((edge) => edge.from === key && byKey.get(edge.to)?.depth === depth)
      .map((edge) => byKey.get(edge.to)!)
      .sort((a, b) => a.type.localeCompare(b.type) || a.ref.localeCompare(b.ref));
  const placed = new Set<string>();
  const firstLevel = children(data.root, 1);
  return (
    <section aria-labelledby={headingId} className="trace">
      <h2 id={headingId}>{t('dialogues:trace.title')}</h2>
      {firstLevel.length === 0 ? (
        <p className="muted">{t(`dialogues:trace.none.${type}`)}</p>
      ) : (
        <ul className="trace__list">
          {firstLevel.map((node) => {
            const next = children(node.key, 2).filter((child) => !placed.has(child.key));
            next.forEach((child) => placed.add(child.key));
            return (
              <li key={node.key}>
                <NodeLink node={node} />
                {next.length > 0 && (
                  <ul className="trace__list">
                    {next.map((child) => (
                      <li key={child.key}>
                        <NodeLink node={child} />
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {data.truncated && <p className="muted">{t('dialogues:trace.truncated')}</p>}
    </section>
  );
}
