import { sql, type Kysely, type SqlBool } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import { TRACE_TYPES, type TraceType } from '../../../shared/dialogues.ts';
import { PUBLIC_STATUSES } from '../../../shared/register.ts';
import type { Trace } from '../../../shared/schemas/recommendations.ts';
import { problems } from '../../plugins/problems.ts';
import { isUuid } from '../../lib/refs.ts';
import type { AuthUser } from '../accounts/accounts.service.ts';
import { internalAccess } from '../dialogues/dialogues.service.ts';
import { dialogueVisibleTo } from '../dialogues/dialogues.repository.ts';
import { isStaffRole } from '../../../shared/roles.ts';


/** A graph larger than this is cut (and says so): a page can show it, a person can read it. */
export const MAX_NODES = 1000;

const key = (type: TraceType, id: string) => `${type}:${id}`;

interface NodeInfo {
  id: string;
  ref: string;
  title: Trace['nodes'][number]['title'];
  status: string;
  /** A framework objective's or target's version, as the trace shows it (null for other kinds). */
  version: number | null;
}

/** Who is asking, as the SQL conditions of what they may see. */
function visibility(user: AuthUser | null) {
  const staff = Boolean(user && isStaffRole(user.role));
  const access = internalAccess(user);
  const bottleneck = staff ? sql<SqlBool>`true` : sql<SqlBool>`b.status in (${sql.join(PUBLIC_STATUSES.map((s) => sql.lit(s)))})`;
  // A draft indicator is the staff's until it is published.
  const indicator = staff ? sql<SqlBool>`true` : sql<SqlBool>`i.published`;
  // A published comment, on a consultation the caller may see (an unpublished one is the staff's).
  const comment = staff ? sql<SqlBool>`cm.state = 'published'` : sql<SqlBool>`cm.state = 'published' and ck.published`;
  return { bottleneck, dialogue: dialogueVisibleTo(access), indicator, comment };
}

/** An indicator's state in the trace: published, or a draft (null when none was joined). */
const INDICATOR_STATUS = sql<string>`case when i.published then 'published' when not i.published then 'draft' end`;

type Row = { from_type: TraceType; from_id: string; to_type: TraceType; to_id: string; known: boolean; ref: string | null; title: Trace['nodes'][number]['title'] | null; status: string | null; version: number | null };

/**
 * The neighbours of a set of items, both ways, with their names and states, in one query: a
 * bottleneck on a dialogue's agenda or in its interview findings, a recommendation's bottlenecks
 * and dialogues, the actions of the joint plan that answer a recommendation or a bottleneck, the
 * indicators that measure an action or are evidence of a bottleneck, the framework targets an action
 * serves, each target's indicator and the objective it hangs under. Each branch reads one link table through its index, for the frontier's ids only;
 * a neighbour the caller may not see, or one already known, comes back without a name.
 *
 * A framework node is its stable key, read as `framework_trace_nodes` (migration 0040) shows it: in
 * the adopted version if that holds it, else the newest one out of draft. Its links are that
 * version's: the target's actions, indicator and parent objective there.
 */
async function neighbours(db: QueryBuilder, frontier: { type: TraceType; id: string }[], known: string[], seen: ReturnType<typeof visibility>) {
  const ids = (type: TraceType) => frontier.filter((f) => f.type === type).map((f) => f.id);
  const [b, d, r, ds, a, i] = [ids('bottleneck'), ids('dialogue'), ids('recommendation'), ids('dataset'), ids('action'), ids('indicator')];
  const [o, tg, c] = [ids('objective'), ids('target'), ids('comment')];
  const { rows } = await sql<Row>`
    with fb as (select unnest(${b}::uuid[]) as id), fd as (select unnest(${d}::uuid[]) as id), fr as (select unnest(${r}::uuid[]) as id),
    fds as (select unnest(${ds}::uuid[]) as id), fa as (select unnest(${a}::uuid[]) as id), fi as (select unnest(${i}::uuid[]) as id),
    fo as (select unnest(${o}::uuid[]) as id), ft as (select unnest(${tg}::uuid[]) as id), fc as (select unnest(${c}::uuid[]) as id),
    -- Read once per hop (a framework holds hundreds of nodes, not millions), not once per branch.
    fwn as materialized (select * from framework_trace_nodes),
    n as (
      select 'dataset' as from_type, t.dataset_id as from_id, 'bottleneck' as to_type, t.bottleneck_id as to_id from dataset_bottlenecks t join fds on t.dataset_id = fds.id
      union all select 'bottleneck', t.bottleneck_id, 'dataset', t.dataset_id from dataset_bottlenecks t join fb on t.bottleneck_id = fb.id
      union all
      select 'bottleneck', t.bottleneck_id, 'dialogue', t.dialogue_id from dialogue_bottlenecks t join fb on t.bottleneck_id = fb.id
      union all select 'bottleneck', t.bottleneck_id, 'dialogue', t.dialogue_id from interview_findings t join fb on t.bottleneck_id = fb.id
      union all select 'bottleneck', t.bottleneck_id, 'recommendation', t.recommendation_id from recommendation_bottlenecks t join fb on t.bottleneck_id = fb.id
      union all select 'dialogue', t.dialogue_id, 'bottleneck', t.bottleneck_id from dialogue_bottlenecks t join fd on t.dialogue_id = fd.id
      union all select 'dialogue', t.dialogue_id, 'bottleneck', t.bottleneck_id from interview_findings t join fd on t.dialogue_id = fd.id where t.bottleneck_id is not null
      union all select 'dialogue', t.dialogue_id, 'recommendation', t.recommendation_id from recommendation_dialogues t join fd on t.dialogue_id = fd.id
      union all select 'recommendation', t.recommendation_id, 'bottleneck', t.bottleneck_id from recommendation_bottlenecks t join fr on t.recommendation_id = fr.id
      union all select 'recommendation', t.recommendation_id, 'dialogue', t.dialogue_id from recommendation_dialogues t join fr on t.recommendation_id = fr.id
      union all select 'recommendation', t.recommendation_id, 'action', t.action_id from action_recommendations t join fr on t.recommendation_id = fr.id
      union all select 'bottleneck', t.bottleneck_id, 'action', t.action_id from action_bottlenecks t join fb on t.bottleneck_id = fb.id
      union all select 'action', t.action_id, 'recommendation', t.recommendation_id from action_recommendations t join fa on t.action_id = fa.id
      union all select 'action', t.action_id, 'bottleneck', t.bottleneck_id from action_bottlenecks t join fa on t.action_id = fa.id
      union all select 'action', t.action_id, 'indicator', t.indicator_id from action_indicators t join fa on t.action_id = fa.id
      union all select 'bottleneck', t.bottleneck_id, 'indicator', t.indicator_id from bottleneck_indicators t join fb on t.bottleneck_id = fb.id
      union all select 'indicator', t.indicator_id, 'action', t.action_id from action_indicators t join fi on t.indicator_id = fi.id
      union all select 'indicator', t.indicator_id, 'bottleneck', t.bottleneck_id from bottleneck_indicators t join fi on t.indicator_id = fi.id
      union all select 'action', t.action_id, 'target', t.node_key from framework_target_actions t join fa on t.action_id = fa.id
        join fwn fn on fn.node_key = t.node_key and fn.version_id = t.version_id
      union all select 'target', fn.node_key, 'action', t.action_id from fwn fn join ft on fn.node_key = ft.id
        join framework_target_actions t on t.version_id = fn.version_id and t.node_key = fn.node_key
      union all select 'target', fn.node_key, 'indicator', fn.indicator_id from fwn fn join ft on fn.node_key = ft.id
      union all select 'target', fn.node_key, 'objective', fn.parent_key from fwn fn join ft on fn.node_key = ft.id
      union all select 'indicator', fn.indicator_id, 'target', fn.node_key from fwn fn join fi on fn.indicator_id = fi.id where fn.kind = 'target'
      union all select 'objective', fn.parent_key, 'target', fn.node_key from fwn fn join fo on fn.parent_key = fo.id where fn.kind = 'target'
      union all select 'comment', t.comment_id, fn.kind, t.node_key from consultation_comment_changes t join fc on t.comment_id = fc.id
        join fwn fn on fn.node_key = t.node_key
      union all select fn.kind, t.node_key, 'comment', t.comment_id from consultation_comment_changes t join fwn fn on fn.node_key = t.node_key
        where t.node_key in (select id from fo union all select id from ft)
    )
    , k as (select unnest(${known}::text[]) as key)
    select n.from_type, n.from_id, n.to_type, n.to_id, k.key is not null as known,
           coalesce(b.ref, d.ref, r.ref, ds.name, a.ref, i.slug, fw.ref, cm.ref) as ref, coalesce(b.title, d.title, r.title, ds.title, a.title, i.name, fw.title, cm.title) as title,
           coalesce(b.status, d.state, r.state, ds.state, a.state, ${INDICATOR_STATUS}, fw.state, cm.status) as status, fw.version_number as version
    from n
    left join k on k.key = n.to_type || ':' || n.to_id
    left join bottlenecks b on k.key is null and n.to_type = 'bottleneck' and b.id = n.to_id and ${seen.bottleneck}
    left join dialogues d on k.key is null and n.to_type = 'dialogue' and d.id = n.to_id and ${seen.dialogue}
    left join recommendations r on k.key is null and n.to_type = 'recommendation' and r.id = n.to_id
    left join datasets ds on k.key is null and n.to_type = 'dataset' and ds.id = n.to_id
    left join actions a on k.key is null and n.to_type = 'action' and a.id = n.to_id
    left join indicators i on k.key is null and n.to_type = 'indicator' and i.id = n.to_id and ${seen.indicator}
    left join fwn fw on k.key is null and n.to_type in ('objective', 'target') and fw.node_key = n.to_id and fw.kind = n.to_type
    left join lateral (${commentNode(seen)} and cm.id = n.to_id) cm on k.key is null and n.to_type = 'comment'`.execute(db);
  return rows;
}

/**
 * A consultation comment as the trace shows it: its consultation's reference, the opening of its
 * text in its language, and its outcome (`unanswered` until an editor records one). Completed by
 * the caller with the comment's id.
 */
function commentNode(seen: ReturnType<typeof visibility>) {
  return sql`select cm.id, ck.ref, jsonb_build_object(cm.language, left(cm.body, 200)) as title, coalesce(o.outcome, 'unanswered') as status
    from consultation_comments cm join consultations ck on ck.id = cm.consultation_id
    left join consultation_comment_outcomes o on o.comment_id = cm.id
    where ${seen.comment}`;
}

/** The item asked about, by id or reference, if the caller may see it. */
async function findRoot(db: QueryBuilder, type: TraceType, idOrRef: string, seen: ReturnType<typeof visibility>) {
  const column = sql.raw(isUuid(idOrRef) ? 'id' : 'ref');
  const value = isUuid(idOrRef) ? idOrRef : idOrRef.toUpperCase();
  const query =
    type === 'comment'
      ? sql<NodeInfo>`select c.*, null::int as version from (${commentNode(seen)} and cm.id = ${isUuid(idOrRef) ? idOrRef : null}) c`
      : type === 'objective' || type === 'target'
      ? frameworkRoot(type, idOrRef)
      : type === 'dataset'
      ? sql<NodeInfo>`select ds.id, ds.name as ref, ds.title, ds.state as status, null as version from datasets ds where ${isUuid(idOrRef) ? sql`ds.id = ${idOrRef}` : sql`ds.name = ${idOrRef.toLowerCase()}`}`
      : type === 'bottleneck'
      ? sql<NodeInfo>`select b.id, b.ref, b.title, b.status, null as version from bottlenecks b where b.${column} = ${value} and ${seen.bottleneck}`
      : type === 'dialogue'
        ? sql<NodeInfo>`select d.id, d.ref, d.title, d.state as status, null as version from dialogues d where d.${column} = ${value} and ${seen.dialogue}`
        : type === 'recommendation'
          ? sql<NodeInfo>`select r.id, r.ref, r.title, r.state as status, null as version from recommendations r where r.${column} = ${value}`
          : type === 'indicator'
            ? sql<NodeInfo>`select i.id, i.slug as ref, i.name as title, ${INDICATOR_STATUS} as status, null as version from indicators i where ${isUuid(idOrRef) ? sql`i.id = ${idOrRef}` : sql`i.slug = ${idOrRef.toLowerCase()}`} and ${seen.indicator}`
            : sql<NodeInfo>`select a.id, a.ref, a.title, a.state as status, null as version from actions a where a.${column} = ${value}`;
  return (await query.execute(db)).rows[0];
}

/**
 * A framework objective or target by its key, or by its reference as the trace shows the nodes (a
 * reference may have named another node in another version: the adopted one wins, then the newest).
 */
function frameworkRoot(type: 'objective' | 'target', idOrRef: string) {
  const match = isUuid(idOrRef) ? sql`fw.node_key = ${idOrRef}` : sql`upper(fw.ref) = ${idOrRef.toUpperCase()}`;
  return sql<NodeInfo>`select fw.node_key as id, fw.ref, fw.title, fw.state as status, fw.version_number as version from framework_trace_nodes fw
    where fw.kind = ${type} and ${match} order by (fw.state = 'adopted') desc, fw.version_number desc limit 1`;
}

/** Whether a link from `a` to `b` points away from the item asked about (or along the chain, at one depth). */
function pointsAway(a: { type: TraceType; depth: number }, b: { type: TraceType; depth: number }) {
  return a.depth !== b.depth ? a.depth < b.depth : TRACE_TYPES.indexOf(a.type) <= TRACE_TYPES.indexOf(b.type);
}

/**
 * The linked graph around an item, breadth first to `depth` hops: what it answers, where it was
 * discussed, what came of it. Items the caller may not see are left out, and so are the links
 * through them. One query for the item and one per hop.
 */
export async function trace(db: QueryBuilder, user: AuthUser | null, type: TraceType, idOrRef: string, depth: number): Promise<Trace> {
  const seen = visibility(user);
  const found = await findRoot(db, type, idOrRef, seen);
  if (!found) throw problems.notFound(type);
  const root = key(type, found.id);
  const info = new Map<string, NodeInfo & { type: TraceType; depth: number }>([[root, { ...found, type, depth: 0 }]]);
  const edges = new Map<string, { from: string; to: string }>();
  let frontier = [{ type, id: found.id }];
  let truncated = false;
  for (let hop = 1; hop <= depth && frontier.length; hop++) {
    const next: { type: TraceType; id: string }[] = [];
    // Items already in the graph come back without their names: only the link is new.
    for (const row of await neighbours(db, frontier, [...info.keys()], seen)) {
      if (!row.known && !row.ref) continue;
      const from = key(row.from_type, row.from_id);
      const to = key(row.to_type, row.to_id);
      if (!info.has(to)) {
        if (info.size >= MAX_NODES) {
          truncated = true;
          continue;
        }
        info.set(to, { id: row.to_id, ref: row.ref!, title: row.title!, status: row.status!, version: row.version, type: row.to_type, depth: hop });
        next.push({ type: row.to_type, id: row.to_id });
      }
      // Each link once, pointing away from the item asked about; between two items at the same
      // depth (each finds the other from its own side), along the chain dataset → bottleneck →
      // dialogue → recommendation → action → objective → target → indicator.
      const [first, second] = pointsAway(info.get(from)!, info.get(to)!) ? [from, to] : [to, from];
      edges.set(`${first}|${second}`, { from: first, to: second });
    }
    frontier = next;
  }
  return {
    root,
    nodes: [...info.entries()].map(([k, v]) => ({ key: k, type: v.type, id: v.id, ref: v.ref, title: v.title, status: v.status, ...(v.version === null ? {} : { version: v.version }), depth: v.depth })).sort((a, b) => a.depth - b.depth || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0)),
    edges: [...edges.values()],
    truncated,
  };
}

/** The database's link-graph version (migration 0009): it moves with every change a trace could show. */
export async function graphVersion(db: QueryBuilder): Promise<number> {
  return Number((await db.selectFrom('link_graph_version').select('version').executeTakeFirstOrThrow()).version);
}

/** Traces differ by what the caller may see: the public, staff, or one institution's service owners. */
export function viewerClass(user: AuthUser | null): string {
  const access = internalAccess(user);
  if (user && isStaffRole(user.role)) return 'staff';
  return access && 'institutionId' in access ? `institution:${access.institutionId}` : 'public';
}
