import type { Kysely } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import { isStaffRole } from '../../../shared/roles.ts';
import { problems } from '../../plugins/problems.ts';
import type { AuthUser } from '../accounts/accounts.service.ts';
import { safeEqual, sha256 } from '../accounts/accounts.service.ts';
import * as attachments from '../attachments/attachments.service.ts';
import type { BottleneckRow } from './bottlenecks.repository.ts';
import * as repo from './bottlenecks.repository.ts';
import { canSee, mergedTarget } from './bottlenecks.service.ts';


/**
 * The register's own rules about files; storing, counting, auditing and serving them is the
 * attachments module's (features/attachments).
 */

/** The reporter (by session or by the token of their report) or staff may attach files. */
export function mayAttach(row: BottleneckRow & { attachment_token_hash?: string | null; attachment_token_expires_at?: Date | null }, user: AuthUser | null, token: string | undefined) {
  if (user && isStaffRole(user.role)) return true;
  if (user && row.reporter_id === user.id) return true;
  if (!token || !row.attachment_token_hash || !row.attachment_token_expires_at) return false;
  return row.attachment_token_expires_at.getTime() > Date.now() && safeEqual(sha256(token), row.attachment_token_hash);
}

export const attachmentsBase = (row: { ref: string }) => `/api/bottlenecks/${row.ref}/attachments`;

export async function addAttachment(db: QueryBuilder, row: BottleneckRow, actor: AuthUser | null, file: attachments.Upload) {
  return db.transaction().execute(async (trx) => {
    // Checked on the locked row: a merge that came first has moved or set aside the report's files.
    const locked = await repo.lockBottleneck(trx, row.id);
    if (locked?.status === 'merged') throw problems.conflict('merged', 'This bottleneck was merged into another; attach files to that one.');
    return attachments.addAttachment(trx, repo.filesOf(row.id), file, actor);
  });
}

export async function removeAttachment(db: QueryBuilder, user: AuthUser, bottleneckId: string, attachmentId: string) {
  await db.transaction().execute((trx) => attachments.removeAttachment(trx, repo.filesOf(bottleneckId), attachmentId, user));
}

/**
 * A file to download, or the address that now has it. A merged bottleneck serves nothing of its
 * own to the public: it redirects to the one kept, which holds the files that moved with the
 * merge (those of a published report). What stayed on it, the files of a report merged before it
 * was published, only staff and its reporter read.
 */
export async function findDownload(db: QueryBuilder, row: BottleneckRow, user: AuthUser | null, attachmentId: string) {
  if (row.status === 'merged') {
    const own = canSee(row, user) ? await attachments.findAttachment(db, repo.filesOf(row.id), attachmentId) : undefined;
    if (own) return { file: own };
    const kept = await mergedTarget(db, row);
    if (kept) return { redirect: `/api/bottlenecks/${kept}/attachments/${attachmentId}` };
    throw problems.notFound('attachment');
  }
  const file = await attachments.findAttachment(db, repo.filesOf(row.id), attachmentId);
  if (!file) throw problems.notFound('attachment');
  return { file };
}
