import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { TraceType } from '../../../shared/dialogues.ts';
import { PUBLIC_STATUSES } from '../../../shared/register.ts';
import type { Trace } from '../../../shared/schemas/recommendations.ts';
import { problems } from '../../plugins/problems.ts';
import { isUuid } from '../../lib/refs.ts';
import type { AuthUser } from '../accounts/accounts.service.ts';
import { internalAccess } from '../dialogues/dialogues.service.ts';
import type { InternalAccess } from '../dialogues/dialogues.repository.ts';

type Db = Kysely<Database>;

/** A graph larger than this is cut (and says so): a page can show it, a person can read it. */
export const MAX_NODES = 1000;

const key = (type: TraceType, id: string) => `${type}:${id}`;

/**
 * The links between items, as one relation of (a, b) pairs in both directions: a bottleneck on a
 * dialogue's agenda or in its interview findings, a recommendation's bottlenecks and dialogues.
 */
const LINKS = sql`
  select 'dialogue' as a_type, dialogue_id as a_id, 'bottleneck' as b_type, bottleneck_id as b_id from dialogue_bottlenecks
  union select 'dialogue', dialogue_id, 'bottleneck', bottleneck_id from interview_findings where bottleneck_id is not null
  union select 'recommendation', recommendation_id, 'bottleneck', bottleneck_id from recommendation_bottlenecks
  union select 'recommendation', recommendation_id, 'dialogue', dialogue_id from recommendation_dialogues`;

/** The neighbours of a set of items, both ways, in one query. */
async function neighbours(db: Db, frontier: { type: TraceType; id: string }[]) {
  const types = frontier.map((f) => f.type);
  const ids = frontier.map((f) => f.id);
  const { rows } = await sql<{ from_type: TraceType; from_id: string; to_type: TraceType; to_id: string }>`
    with f as (select * from unnest(${types}::text[], ${ids}::uuid[]) as f(type, id)),
         l as (${LINKS})
    select l.a_type as from_type, l.a_id as from_id, l.b_type as to_type, l.b_id as to_id from l join f on f.type = l.a_type and f.id = l.a_id
    union
    select l.b_type, l.b_id, l.a_type, l.a_id from l join f on f.type = l.b_type and f.id = l.b_id`.execute(db);
  return rows;
}

interface NodeInfo {
  id: string;
  ref: string;
  title: Trace['nodes'][number]['title'];
  status: string;
}

/** Names and states of the items found, leaving out what the caller may not see. */
async function describe(db: Db, ids: Record<TraceType, string[]>, staff: boolean, access: InternalAccess) {
  const found = new Map<string, NodeInfo>();
  const [bottlenecks, dialogues, recommendations] = await Promise.all([
    ids.bottleneck.length
      ? db
          .selectFrom('bottlenecks')
          .select(['id', 'ref', 'title', 'status'])
          .where('id', 'in', ids.bottleneck)
          .$if(!staff, (q) => q.where('status', 'in', [...PUBLIC_STATUSES]))
          .execute()
      : [],
    ids.dialogue.length
      ? db
          .selectFrom('dialogues as d')
          .select(['d.id', 'd.ref', 'd.title', 'd.state as status'])
          .where('d.id', 'in', ids.dialogue)
          .$if(!access || !('all' in access), (q) =>
            q.where((eb) =>
              eb.or([
                eb('d.visibility', '=', 'public'),
                ...(access && 'institutionId' in access
                  ? [eb('d.organiser_id', '=', access.institutionId), eb.exists(eb.selectFrom('dialogue_participants as p').select('p.id').whereRef('p.dialogue_id', '=', 'd.id').where('p.institution_id', '=', access.institutionId))]
                  : []),
              ]),
            ),
          )
          .execute()
      : [],
    ids.recommendation.length ? db.selectFrom('recommendations').select(['id', 'ref', 'title', 'state as status']).where('id', 'in', ids.recommendation).execute() : [],
  ]);
  for (const row of bottlenecks) found.set(key('bottleneck', row.id), row);
  for (const row of dialogues) found.set(key('dialogue', row.id), row);
  for (const row of recommendations) found.set(key('recommendation', row.id), row);
  return found;
}

async function findRoot(db: Db, type: TraceType, idOrRef: string): Promise<string | undefined> {
  const byId = isUuid(idOrRef);
  const value = byId ? idOrRef : idOrRef.toUpperCase();
  const table = type === 'bottleneck' ? 'bottlenecks' : type === 'dialogue' ? 'dialogues' : 'recommendations';
  const row = await db.selectFrom(table).select('id').where(byId ? 'id' : 'ref', '=', value).executeTakeFirst();
  return row?.id;
}

/**
 * The linked graph around an item, breadth first to `depth` hops: what it answers, where it was
 * discussed, what came of it. Items the caller may not see are left out, and so are the links
 * through them.
 */
export async function trace(db: Db, user: AuthUser | null, type: TraceType, idOrRef: string, depth: number): Promise<Trace> {
  const rootId = await findRoot(db, type, idOrRef);
  const staff = Boolean(user && ['moderator', 'editor', 'admin'].includes(user.role));
  const access = internalAccess(user);
  if (!rootId) throw problems.notFound(type);
  const rootInfo = await describe(db, { bottleneck: [], dialogue: [], recommendation: [], [type]: [rootId] }, staff, access);
  const root = key(type, rootId);
  if (!rootInfo.has(root)) throw problems.notFound(type);

  const depthOf = new Map<string, number>([[root, 0]]);
  const info = new Map(rootInfo);
  const edges = new Map<string, { from: string; to: string }>();
  let frontier = [{ type, id: rootId }];
  let truncated = false;
  for (let hop = 1; hop <= depth && frontier.length && !truncated; hop++) {
    const found = await neighbours(db, frontier);
    const fresh: Record<TraceType, string[]> = { bottleneck: [], dialogue: [], recommendation: [] };
    for (const link of found) {
      const to = key(link.to_type, link.to_id);
      if (!depthOf.has(to) && !fresh[link.to_type].includes(link.to_id)) {
        if (depthOf.size + Object.values(fresh).flat().length >= MAX_NODES) {
          truncated = true;
          break;
        }
        fresh[link.to_type].push(link.to_id);
      }
    }
    const described = await describe(db, fresh, staff, access);
    for (const [k, v] of described) {
      info.set(k, v);
      depthOf.set(k, hop);
    }
    for (const link of found) {
      const from = key(link.from_type, link.from_id);
      const to = key(link.to_type, link.to_id);
      if (info.has(from) && info.has(to)) {
        const [a, b] = [from, to].sort();
        edges.set(`${a}|${b}`, { from: depthOf.get(from)! <= depthOf.get(to)! ? from : to, to: depthOf.get(from)! <= depthOf.get(to)! ? to : from });
      }
    }
    frontier = [...described.keys()].map((k) => ({ type: k.split(':')[0] as TraceType, id: k.split(':')[1] }));
  }
  return {
    root,
    nodes: [...info.entries()].map(([k, v]) => ({ key: k, type: k.split(':')[0] as TraceType, id: v.id, ref: v.ref, title: v.title, status: v.status, depth: depthOf.get(k)! })).sort((a, b) => a.depth - b.depth || a.ref.localeCompare(b.ref)),
    edges: [...edges.values()],
    truncated,
  };
}
