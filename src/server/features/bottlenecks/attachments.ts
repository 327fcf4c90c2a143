import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { isStaffRole } from '../../../shared/roles.ts';
import { HttpProblem, problems } from '../../plugins/problems.ts';
import type { AuthUser } from '../accounts/accounts.service.ts';
import { safeEqual, sha256 } from '../accounts/accounts.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { BottleneckRow } from './bottlenecks.repository.ts';
import * as repo from './bottlenecks.repository.ts';

type Db = Kysely<Database>;

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS = 5;

/**
 * The kinds of file a report may carry, recognised from their first bytes, never from the name
 * or the declared type: a renamed program stays a program.
 */
const SIGNATURES: { mediaType: string; extension: string; matches: (head: Buffer) => boolean }[] = [
  { mediaType: 'application/pdf', extension: 'pdf', matches: (h) => h.subarray(0, 5).toString('latin1') === '%PDF-' },
  { mediaType: 'image/png', extension: 'png', matches: (h) => h.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { mediaType: 'image/jpeg', extension: 'jpg', matches: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff },
  { mediaType: 'image/gif', extension: 'gif', matches: (h) => ['GIF87a', 'GIF89a'].includes(h.subarray(0, 6).toString('latin1')) },
  { mediaType: 'image/webp', extension: 'webp', matches: (h) => h.subarray(0, 4).toString('latin1') === 'RIFF' && h.subarray(8, 12).toString('latin1') === 'WEBP' },
];

export function sniffMediaType(content: Buffer): { mediaType: string; extension: string } | null {
  const found = SIGNATURES.find((signature) => signature.matches(content));
  return found ? { mediaType: found.mediaType, extension: found.extension } : null;
}

/** A file name safe to store and to offer for download: no paths, no control characters. */
export function cleanFilename(name: string, extension: string): string {
  const base = name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').replace(/\.[^.]*$/, '').trim().slice(0, 100);
  return `${base || 'attachment'}.${extension}`;
}

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
