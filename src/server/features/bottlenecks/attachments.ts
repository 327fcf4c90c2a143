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
    await repo.lockBottleneck(trx, row.id);
    const existing = await repo.listAttachments(trx, row.id);
    if (existing.length >= MAX_ATTACHMENTS) throw problems.conflict('too-many-attachments', `A bottleneck has at most ${MAX_ATTACHMENTS} attachments.`);
    const created = await repo.insertAttachment(trx, { bottleneckId: row.id, filename: cleanFilename(file.filename, kind.extension), mediaType: kind.mediaType, content: file.content });
    await repo.insertEvent(trx, { bottleneckId: row.id, actorId: actor?.id ?? null, kind: 'attached' });
    await recordAudit(trx, { actorId: actor?.id ?? null, action: 'bottleneck.attachment_added', entityType: 'bottleneck', entityId: row.id, details: { attachmentId: created.id, mediaType: kind.mediaType, size: file.content.length } });
    return created;
  });
}

export async function removeAttachment(db: Db, user: AuthUser, bottleneckId: string, attachmentId: string) {
  if (!isStaffRole(user.role)) throw problems.forbidden('Only moderators remove attachments.');
  await db.transaction().execute(async (trx) => {
    const removed = await repo.deleteAttachment(trx, bottleneckId, attachmentId);
    if (!removed) throw problems.notFound('attachment');
    await repo.insertEvent(trx, { bottleneckId, actorId: user.id, kind: 'attachment_removed' });
    await recordAudit(trx, { actorId: user.id, action: 'bottleneck.attachment_removed', entityType: 'bottleneck', entityId: bottleneckId, details: { attachmentId } });
  });
}
