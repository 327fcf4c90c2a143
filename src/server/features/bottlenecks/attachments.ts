import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { isStaffRole } from '../../../shared/roles.ts';
import { HttpProblem, problems } from '../../plugins/problems.ts';
import type { AuthUser } from '../accounts/accounts.service.ts';
import { safeEqual, sha256 } from '../accounts/accounts.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { BottleneckRow } from './bottlenecks.repository.ts';
import * as repo from './bottlenecks.repository.ts';
import { cleanFilename, sniffMediaType } from '../../lib/files.ts';
import { canSee, mergedTarget } from './bottlenecks.service.ts';

type Db = Kysely<Database>;


export const MAX_ATTACHMENTS = 5;

/** The reporter (by session or by the token of their report) or staff may attach files. */
export function mayAttach(row: BottleneckRow & { attachment_token_hash?: string | null; attachment_token_expires_at?: Date | null }, user: AuthUser | null, token: string | undefined) {
  if (user && isStaffRole(user.role)) return true;
  if (user && row.reporter_id === user.id) return true;
  if (!token || !row.attachment_token_hash || !row.attachment_token_expires_at) return false;
  return row.attachment_token_expires_at.getTime() > Date.now() && safeEqual(sha256(token), row.attachment_token_hash);
}

export async function addAttachment(db: Db, row: BottleneckRow, actor: AuthUser | null, file: { filename: string; content: Buffer }) {
  const kind = sniffMediaType(file.content);
  if (!kind) {
    throw new HttpProblem(415, 'unsupported-file-type', 'Unsupported file type', 'Attach a PDF or an image (PNG, JPEG, GIF, WebP); the file was checked by its content.');
  }
  return db.transaction().execute(async (trx) => {
    // Checked on the locked row: a merge that came first has moved or set aside the report's files.
    const locked = await repo.lockBottleneck(trx, row.id);
    if (locked?.status === 'merged') throw problems.conflict('merged', 'This bottleneck was merged into another; attach files to that one.');
    const existing = await repo.listAttachments(trx, row.id);
    if (existing.length >= MAX_ATTACHMENTS) throw problems.conflict('too-many-attachments', `A bottleneck has at most ${MAX_ATTACHMENTS} attachments.`);
    const created = await repo.insertAttachment(trx, { bottleneckId: row.id, filename: cleanFilename(file.filename, kind.extension), mediaType: kind.mediaType, content: file.content });
    await repo.insertEvent(trx, { bottleneckId: row.id, actorId: actor?.id ?? null, kind: 'attached' });
    await recordAudit(trx, { actorId: actor?.id ?? null, action: 'bottleneck.attachment_added', entityType: 'bottleneck', entityId: row.id, details: { attachmentId: created.id, mediaType: kind.mediaType, size: file.content.length } });
    return created;
  });
}

export async function removeAttachment(db: Db, user: AuthUser, bottleneckId: string, attachmentId: string) {
  await db.transaction().execute(async (trx) => {
    const removed = await repo.deleteAttachment(trx, bottleneckId, attachmentId);
    if (!removed) throw problems.notFound('attachment');
    await repo.insertEvent(trx, { bottleneckId, actorId: user.id, kind: 'attachment_removed' });
    await recordAudit(trx, { actorId: user.id, action: 'bottleneck.attachment_removed', entityType: 'bottleneck', entityId: bottleneckId, details: { attachmentId } });
  });
}

/**
 * A file to download, or the address that now has it. A merged bottleneck serves nothing of its
 * own to the public: it redirects to the one kept, which holds the files that moved with the
 * merge (those of a published report). What stayed on it, the files of a report merged before it
 * was published, only staff and its reporter read.
 */
export async function findDownload(db: Db, row: BottleneckRow, user: AuthUser | null, attachmentId: string) {
  if (row.status === 'merged') {
    const own = canSee(row, user) ? await repo.findAttachment(db, row.id, attachmentId) : undefined;
    if (own) return { file: own };
    const kept = await mergedTarget(db, row);
    if (kept) return { redirect: `/api/bottlenecks/${kept}/attachments/${attachmentId}` };
    throw problems.notFound('attachment');
  }
  const file = await repo.findAttachment(db, row.id, attachmentId);
  if (!file) throw problems.notFound('attachment');
  return { file };
}
