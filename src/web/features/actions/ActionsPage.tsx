import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ACTION_STATES } from '../../../shared/actions.ts';
import { DOMAINS } from '../../../shared/register.ts';
import { pickLocalized, type LocalizedTextValue } from '../../../shared/localized.ts';
import type { ContentLanguage } from '../../../shared/languages.ts';
import type { GetQuery } from '../../app/api.ts';
import { SelectField } from '../../components/Field.tsx';
import { EmptyResult } from '../../components/EmptyResult.tsx';
import { FilterFold } from '../../components/FilterFold.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { LocalizedText } from '../../components/LocalizedText.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { pageOf } from '../../components/filterParams.ts';
import { filtersInUse, pageSizeOf } from '../../components/pagination.ts';
import { useDates } from '../../components/useDates.ts';
import { useFilterParams } from '../../components/useFilterParams.ts';
import { isEditorRole } from '../../../shared/roles.ts';
import { useSession } from '../../app/session.tsx';
import { useResource } from '../../components/useResource.ts';
import { useInstitutionChoices } from '../institutions/useInstitutionChoices.ts';
import { ActionStateBadge, OverdueFlag, ProgressBar } from './labels.tsx';
import type { PlanRow } from './roadmap/planRows.ts';
import { useRoadmapPlan } from './roadmap/useRoadmapPlan.ts';
import { roadmapSearch } from './roadmap/RoadmapFilters.tsx';
import { PlanExports } from './PlanExports.tsx';
import { ACTION_FILTERS, branchIds, buildTree, isFiltered, planQuery, type PlanNode } from './plan.ts';

/** What a line shows: a summary of `/api/actions` (the filtered list) or a row of the roadmap (the tree). */
type Summary = PlanRow;

/** The joint action plan: a tree of themes, actions and sub-actions, or the actions that match the filters. */
export function ActionsPage() {
  const { t, i18n } = useTranslation();
  const { params, onFilter } = useFilterParams();
  const { user } = useSession();
  const filtered = isFiltered(params);
  const plan = useRoadmapPlan(!filtered);
  const page = pageOf(params);
  const size = pageSizeOf(params);
  const query = planQuery(params) as GetQuery<'/api/actions'>;
  const list = useResource('/api/actions', filtered ? { query: { ...query, limit: size, offset: (page - 1) * size } } : null);
  const institutions = useInstitutionChoices();
  const bodies = useResource('/api/governance/bodies');
  const text = (value: LocalizedTextValue | null | undefined, fallback: string) => pickLocalized(value, i18n.language as ContentLanguage)?.text ?? fallback;
  const all = { value: '', label: t('actions:filters.all') };
  const describe = (key: string, value: string): string => {
    if (key === 'institution') return `${t('actions:filters.institution')}: ${text(institutions.data?.items.find((i) => i.id === value)?.name, value)}`;
    if (key === 'body') return `${t('actions:filters.body')}: ${text(bodies.data?.items.find((b) => b.id === value)?.name, value)}`;
    if (key === 'domain') return `${t('actions:filters.domain')}: ${t(`bottlenecks:domain.${value}`, { defaultValue: value })}`;
    if (key === 'state') return `${t('actions:filters.state')}: ${t(`actions:state.${value}`, { defaultValue: value })}`;
    return t('actions:filters.overdue');
  };
  const inUse = filtersInUse(params, ACTION_FILTERS, describe);
  return (
    <div className="page">
      <PageTitle>{t('actions:list.title')}</PageTitle>
      <p className="lead-actions">
        <span>{t('actions:list.intro')}</span>
        {user && isEditorRole(user.role) && (
          <Link className="button" to="/actions/new">
            {t('actions:list.add')}
          </Link>
        )}
      </p>
      <ul className="inline-links">
        <li>
          <Link to={{ pathname: '/actions/roadmap', search: roadmapSearch(params) }}>{t('roadmap:views.roadmap')}</Link>
        </li>
        <li>
          <Link to={{ pathname: '/actions/raci', search: roadmapSearch(params) }}>{t('roadmap:views.raci')}</Link>
        </li>
        <li>
          <a href={`/api/actions.ics?lang=${i18n.language}`}>{t('actions:list.calendar')}</a>
        </li>
        <li><Link to="/reports/progress">{t('reports:linkFromPlan')}</Link></li>
        <PlanExports />
      </ul>
      <FilterFold active={inUse.length}>
        <form className="form form--inline filters" role="search" aria-label={t('actions:filters.label')} onSubmit={onFilter} key={params.toString()}>
          <SelectField id="ac-domain" name="domain" label={t('actions:filters.domain')} defaultValue={params.get('domain') ?? ''} options={[all, ...DOMAINS.map((d) => ({ value: d, label: t(`bottlenecks:domain.${d}`) }))]} />
          <SelectField
            id="ac-institution"
            name="institution"
            label={t('actions:filters.institution')}
            defaultValue={params.get('institution') ?? ''}
            options={[all, ...(institutions.data?.items ?? []).map((i) => ({ value: i.id, label: text(i.name, i.slug) }))]}
          />
          <SelectField id="ac-body" name="body" label={t('actions:filters.body')} defaultValue={params.get('body') ?? ''} options={[all, ...(bodies.data?.items ?? []).map((b) => ({ value: b.id, label: text(b.name, b.slug) }))]} />
          <SelectField id="ac-state" name="state" label={t('actions:filters.state')} defaultValue={params.get('state') ?? ''} options={[all, ...ACTION_STATES.map((s) => ({ value: s, label: t(`actions:state.${s}`) }))]} />
          <div className="field field--check">
            <input id="ac-overdue" type="checkbox" name="overdue" value="true" defaultChecked={planQuery(params).overdue === 'true'} />
            <label htmlFor="ac-overdue">{t('actions:filters.overdueOnly')}</label>
          </div>
          {params.get('size') && <input type="hidden" name="size" value={params.get('size') ?? ''} />}
          <button type="submit" className="button">
            {t('actions:filters.apply')}
          </button>
        </form>
      </FilterFold>
      {filtered ? (
        <>
          <FormErrors error={list.error} />
          <p role="status" className="result-count">
            {list.data ? t('actions:list.count', { count: list.data.total }) : t('common:loading')}
          </p>
          {list.data && list.data.total === 0 && <EmptyResult filters={inUse} />}
          <ul className="bn-list">
            {list.data?.items.map((item) => (
              <li key={item.id} className="bn-card">
                <ActionLine item={item} heading />
              </li>
            ))}
          </ul>
          {list.data && <Pagination label={t('actions:list.pager')} page={page} total={list.data.total} size={size} />}
        </>
      ) : (
        <PlanTree items={plan.items} error={plan.error} />
      )}
    </div>
  );
}

/** One action's line: title, reference, state, progress, period, lead; the same in the tree and the list. */
function ActionLine({ item, heading = false }: { item: Summary; heading?: boolean }) {
  const { t } = useTranslation();
  const { day } = useDates();
  const title = (
    <Link to={`/actions/${item.ref}`}>
      <LocalizedText value={item.title} />
    </Link>
  );
  return (
    <div className="ac-line">
      {heading ? <h2 className="bn-card__title">{title}</h2> : <p className="ac-line__title">{title}</p>}
      <p className="ac-line__facts">
        <span className="bn-ref">{item.ref}</span> <ActionStateBadge state={item.state} />
        {item.overdue && <OverdueFlag />}
        {item.isDemo && <span className="badge">{t('common:demo.badge')}</span>}
      </p>
      <p className="ac-line__facts">
        <ProgressBar progress={item.progress} />
        <span>
          {day(item.startsOn)} – {day(item.endsOn)}
        </span>
        {item.lead && (
          <span>
            {t('actions:list.lead')} <LocalizedText value={item.lead.name} />
          </span>
        )}
      </p>
    </div>
  );
}

function PlanTree({ items, error }: { items: Summary[] | null; error: unknown }) {
  const { t } = useTranslation();
  const tree = useMemo(() => buildTree(items ?? []), [items]);
  // The themes start open, so the plan's actions show at once; deeper branches open on request.
  const [open, setOpen] = useState<Set<string> | null>(null);
  const expanded = open ?? new Set(tree.map((node) => node.item.id));
  const toggle = (id: string) => {
    const next = new Set(expanded);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setOpen(next);
  };
  if (error) return <FormErrors error={error} />;
  if (!items) return <p role="status">{t('common:loading')}</p>;
  return (
    <section aria-labelledby="plan-heading">
      <h2 id="plan-heading">{t('actions:tree.title')}</h2>
      <p role="status" className="result-count">
        {t('actions:list.count', { count: items.length })}
      </p>
      <p className="lead-actions">
        <button type="button" className="button button--small button--secondary" onClick={() => setOpen(new Set(branchIds(tree)))}>
          {t('actions:tree.expandAll')}
        </button>
        <button type="button" className="button button--small button--secondary" onClick={() => setOpen(new Set())}>
          {t('actions:tree.collapseAll')}
        </button>
      </p>
      <TreeLevel nodes={tree} expanded={expanded} toggle={toggle} depth={0} />
    </section>
  );
}

function TreeLevel({ nodes, expanded, toggle, depth, id }: { nodes: PlanNode<Summary>[]; expanded: Set<string>; toggle: (id: string) => void; depth: number; id?: string }) {
  return (
    <ul className={depth === 0 ? 'ac-tree' : 'ac-tree__children'} id={id}>
      {nodes.map((node) => (
        <TreeNode key={node.item.id} node={node} expanded={expanded} toggle={toggle} depth={depth} />
      ))}
    </ul>
  );
}

function TreeNode({ node, expanded, toggle, depth }: { node: PlanNode<Summary>; expanded: Set<string>; toggle: (id: string) => void; depth: number }) {
  const { t, i18n } = useTranslation();
  const childrenId = useId();
  const isOpen = expanded.has(node.item.id);
  const name = pickLocalized(node.item.title, i18n.language as ContentLanguage)?.text ?? node.item.ref;
  return (
    <li className={depth === 0 ? 'ac-tree__theme' : 'ac-tree__node'}>
      <div className="ac-tree__row">
        {node.children.length > 0 && (
          <button type="button" className="ac-tree__toggle" aria-expanded={isOpen} aria-controls={childrenId} onClick={() => toggle(node.item.id)}>
            <span aria-hidden="true">{isOpen ? '▾' : '▸'}</span>
            <span className="visually-hidden">{t('actions:tree.subActions', { name, count: node.children.length })}</span>
          </button>
        )}
        <ActionLine item={node.item} />
      </div>
      {node.children.length > 0 && (
        <div id={childrenId} hidden={!isOpen}>
          <TreeLevel nodes={node.children} expanded={expanded} toggle={toggle} depth={depth + 1} />
        </div>
      )}
    </li>
  );
}
