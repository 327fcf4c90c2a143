import type { ColumnType } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import type { FollowAnswer, FollowedConsultations } from '../../../shared/schemas/consultations.ts';
import { registerPersonalDataSection, type AuthUser } from '../accounts/accounts.service.ts';
import type { ConsultationRow } from './consultations.repository.ts';
import { isStaff, stateOf } from './consultations.service.ts';

/**
 * Following a consultation (issue 19 point 4; research §8.1, decisions 9 and 10): a member (an
 * account is needed) who follows one is e-mailed when it opens, 48 hours before it closes and when
 * its report is published (`consultations.mail.ts`). Following and unfollowing are idempotent, as
 * a bottleneck's; the member's page lists what they follow. Deleting the account or the
 * consultation deletes the follows (foreign keys, migration 0044).
 */

export interface ConsultationFollowersTable {
  consultation_id: string;
  user_id: string;
  created_at: ColumnType<Date, Date | undefined, Date>;
}

declare module '../../db/tables.ts' {
  interface Tables {
    consultation_followers: ConsultationFollowersTable;
  }
}

registerPersonalDataSection('consultationFollows', (db, userId) =>
  db
    .selectFrom('consultation_followers as f')
    .innerJoin('consultations as k', 'k.id', 'f.consultation_id')
    .select(['k.ref', 'k.title', 'f.created_at'])
    .where('f.user_id', '=', userId)
    .orderBy('f.created_at')
    .execute(),
);

/** Follows (`on`) or stops following the consultation; doing what is already so changes nothing. */
export async function setFollowing(db: QueryBuilder, user: AuthUser, row: ConsultationRow, on: boolean): Promise<FollowAnswer> {
  if (on) {
    await db.insertInto('consultation_followers').values({ consultation_id: row.id, user_id: user.id }).onConflict((oc) => oc.doNothing()).execute();
  } else {
    await db.deleteFrom('consultation_followers').where('consultation_id', '=', row.id).where('user_id', '=', user.id).execute();
  }
  return { following: on };
}

export async function isFollowing(db: QueryBuilder, user: AuthUser, row: ConsultationRow): Promise<FollowAnswer> {
  const found = await db.selectFrom('consultation_followers').select('user_id').where('consultation_id', '=', row.id).where('user_id', '=', user.id).executeTakeFirst();
  return { following: Boolean(found) };
}

/** The consultations the member follows that they may still see, the most recently followed first. */
export async function followedConsultations(db: QueryBuilder, user: AuthUser, now = new Date()): Promise<FollowedConsultations> {
  let query = db
    .selectFrom('consultation_followers as f')
    .innerJoin('consultations as k', 'k.id', 'f.consultation_id')
    .select(['k.id', 'k.ref', 'k.slug', 'k.title', 'k.opens_at', 'k.closes_at', 'k.report_published_at', 'f.created_at'])
    .where('f.user_id', '=', user.id);
  if (!isStaff(user)) query = query.where('k.published', '=', true);
  const rows = await query.orderBy('f.created_at', 'desc').orderBy('k.ref').execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      ref: r.ref,
      slug: r.slug,
      title: r.title,
      state: stateOf(r, now),
      opensAt: r.opens_at.toISOString(),
      closesAt: r.closes_at.toISOString(),
      reportPublishedAt: r.report_published_at?.toISOString() ?? null,
      followedAt: r.created_at.toISOString(),
    })),
  };
}
