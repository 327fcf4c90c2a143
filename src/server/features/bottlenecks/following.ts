import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import { PUBLIC_STATUSES } from '../../../shared/register.ts';
import { FollowingList, FollowingQuery } from '../../../shared/schemas/following.ts';
import { signedIn } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';

/**
 * The member's page (issue 14): the bottlenecks they follow and those they support, each with its
 * status, its last change a follower hears of (a status change, an answer, a merge), and whether
 * that change came after they last opened its page (or, never having opened it, joined it).
 * Unfollowing and withdrawing a support are the register's own `DELETE …/follow|support`.
 */

/** Timeline events a follower is told of; their latest is an item's "last change". */
const NEWS_EVENTS = ['status', 'answered', 'merged', 'merged_in'];

export async function listFollowing(db: QueryBuilder, userId: string, query: FollowingQuery): Promise<FollowingList> {
  const limit = query.limit ?? 20;
  const offset = query.offset ?? 0;
  const table = query.list === 'follow' ? 'bottleneck_followers' : 'bottleneck_supports';
  // What the member may still see: published, or their own report.
  const base = db
    .selectFrom(`${table} as m`)
    .innerJoin('bottlenecks as b', 'b.id', 'm.bottleneck_id')
    .where('m.user_id', '=', userId)
    .where((eb) => eb.or([eb('b.status', 'in', PUBLIC_STATUSES), eb('b.reporter_id', '=', userId)]));
  const lastChange = sql<Date>`coalesce((select max(e.at) from bottleneck_events e where e.bottleneck_id = b.id and e.kind in (${sql.join(NEWS_EVENTS)})), b.published_at, b.created_at)`;
  const [rows, count] = await Promise.all([
    base
      .leftJoin('bottleneck_seen as s', (join) => join.onRef('s.bottleneck_id', '=', 'b.id').on('s.user_id', '=', userId))
      .select([
        'b.id',
        'b.ref',
        'b.title',
        'b.status',
        lastChange.as('last_change'),
        sql<boolean>`${lastChange} > coalesce(s.seen_at, m.created_at)`.as('news'),
        sql<boolean>`exists (select 1 from bottleneck_followers f where f.bottleneck_id = b.id and f.user_id = ${userId})`.as('following'),
        sql<boolean>`exists (select 1 from bottleneck_supports p where p.bottleneck_id = b.id and p.user_id = ${userId})`.as('supporting'),
      ])
      .orderBy('last_change', 'desc')
      .orderBy('b.id')
      .limit(limit)
      .offset(offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((row) => ({
      id: row.id,
      ref: row.ref,
      title: row.title,
      status: row.status,
      following: Boolean(row.following),
      supporting: Boolean(row.supporting),
      lastChangeAt: new Date(row.last_change).toISOString(),
      news: Boolean(row.news),
    })),
    total: Number(count.n),
    limit,
    offset,
  };
}

/** The member opened the bottleneck's page: what it says now is no longer news to them. */
export async function markSeen(db: QueryBuilder, userId: string, bottleneckId: string) {
  await db
    .insertInto('bottleneck_seen')
    .values({ user_id: userId, bottleneck_id: bottleneckId })
    .onConflict((oc) => oc.columns(['user_id', 'bottleneck_id']).doUpdateSet({ seen_at: sql<Date>`now()` }))
    .execute();
}

export const followingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/me/following',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['bottlenecks'],
        summary: 'The bottlenecks you follow (list=follow) or support (list=support): status, last change, and whether it is news to you',
        querystring: FollowingQuery,
        response: { 200: FollowingList, ...errorResponses },
      },
    },
    async (request) => listFollowing(app.db.kysely, signedIn(request).id, request.query),
  );
};
