import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import { HttpProblem, problems } from '../../plugins/problems.ts';
import { refuseUnstorable } from '../../plugins/input.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { cleanFilename, MAX_ATTACHMENT_BYTES, sniffMediaType } from './files.ts';

/**
 * One attachments module for every feature with files (bottlenecks, dialogues, and those to come).
 * It knows no feature: a feature describes its kind of owner (`attachmentOwner`) and keeps its own
 * rules of who may attach, see and remove; the module keeps what is the same everywhere: the
 * upload (one file, in the field `file`, at most 10 MB, its type from its content), the count
 * limit under the owner's row lock, the audit trail, and the sandboxed download.
 */


export { MAX_ATTACHMENT_BYTES } from './files.ts';
export const MAX_ATTACHMENTS = 5;
export const UPLOAD_FIELD = 'file';

export interface OwnerKind {
  /** Stored as `attachments.owner_type` and used as the audit entries' entity type. */
  type: string;
  /** Locks the owner's row until the transaction ends; nothing when there is no such owner. */
  lock(trx: QueryBuilder, id: string): Promise<unknown>;
  /** A note on the owner's own timeline, for features that keep one. */
  timeline?(trx: QueryBuilder, ownerId: string, actorId: string | null, event: 'attached' | 'attachment_removed'): Promise<unknown>;
}

export interface Owner {
  kind: OwnerKind;
  id: string;
}

const kinds = new Map<string, OwnerKind>();

/** Declares a kind of owner; each type once (it names rows in the shared table). */
export function attachmentOwner(kind: OwnerKind): OwnerKind {
  if (kinds.has(kind.type) && kinds.get(kind.type) !== kind) throw new Error(`attachment owner "${kind.type}" is declared twice`);
  kinds.set(kind.type, kind);
  return kind;
}

/** A file as the upload carried it, its type already read from its content. */
export interface Upload {
  filename: string;
  mediaType: string;
  content: Buffer;
}

export interface Actor {
  id: string;
}

/**
 * A form that carries files beside fields of its own (Open311's POST with its `media`): how many
 * files one request may carry, how many fields beside them, and how long a field may be.
 */
export interface FormLimits {
  files: number;
  fields: number;
  fieldSize: number;
}

/**
 * Uploads in a feature's routes: register once in the feature's plugin, before its upload routes.
 * Every file has the same size limit; by default one file and no form of its own.
 */
export async function registerUploads(app: FastifyInstance, form?: FormLimits, rule: FileRule = ATTACHMENT_FILES) {
  const limits = form ? { files: form.files, fields: form.fields, parts: form.files + form.fields, fieldSize: form.fieldSize } : { files: 1, fields: 2, parts: 3 };
  await app.register(multipart, { limits: { fileSize: rule.maxBytes, ...limits } });
}

/**
 * Which files a feature's uploads take: at most `maxBytes`, of a kind recognised from the
 * content (`sniff`), never from the name or the declared type; `unsupported` is the answer to
 * any other. Attachments take PDFs and images (`ATTACHMENT_FILES`); a feature reading files of
 * its own (statistics tables) gives its own rule.
 */
export interface FileRule {
  maxBytes: number;
  sniff(content: Buffer): { mediaType: string; extension: string } | null;
  unsupported(): HttpProblem;
}

export const ATTACHMENT_FILES: FileRule = {
  maxBytes: MAX_ATTACHMENT_BYTES,
  sniff: sniffMediaType,
  unsupported: () => new HttpProblem(415, 'unsupported-file-type', 'Unsupported file type', 'Attach a PDF or an image (PNG, JPEG, GIF, WebP); the file was checked by its content.'),
};

const tooLarge = (maxBytes: number) => new HttpProblem(413, 'file-too-large', 'File too large', `Files may be at most ${maxBytes / 1024 / 1024} MB.`, { params: { megabytes: maxBytes / 1024 / 1024 } });

/**
 * The one file of a multipart upload, in the field `file`: 400 when the body is not multipart,
 * has no file or has it under another name, 413 past 10 MB, 415 when its content is not a PDF or
 * a known image (whatever its name or declared type says).
 */
export async function readUpload(request: FastifyRequest): Promise<Upload> {
  return readFilePart(await uploadedPart(request));
}

/** The one file of a multipart request, in the field `file`, not yet read (a 400 naming the field otherwise). */
export async function uploadedPart(request: FastifyRequest) {
  const missing = { path: `body/${UPLOAD_FIELD}`, code: 'required', message: 'is required' } as const;
  if (!request.isMultipart()) throw problems.badRequest(`Send the file as multipart/form-data in a field named "${UPLOAD_FIELD}".`, [missing]);
  const file = await request.file();
  if (!file) throw problems.badRequest('No file in the request.', [missing]);
  if (file.fieldname !== UPLOAD_FIELD) {
    file.file.resume();
    throw problems.badRequest(`Send the file in a field named "${UPLOAD_FIELD}".`, [missing, { path: `body/${file.fieldname}`, code: 'not-allowed', message: 'is not an allowed field' }]);
  }
  return file;
}

const isTooLarge = (error: unknown) => (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE';

/**
 * A multipart form that carries files beside fields of its own (Open311's POST with `media`):
 * its fields as a form body (a repeated field as a list, as the form parser reads it) and its
 * files in `fileField`, each read and judged as every upload is (413 past 10 MB, 415 unless a PDF
 * or a known image by its content). A file in any other field, or a field cut at the form's size
 * limit, is a 400. `limits` are those the feature registered (`registerUploads(app, limits)`).
 */
export async function readForm(request: FastifyRequest, fileField: string, limits: FormLimits, rule: FileRule = ATTACHMENT_FILES): Promise<{ fields: Record<string, string | string[]>; files: Upload[] }> {
  const fields: Record<string, string | string[]> = Object.create(null);
  const files: Upload[] = [];
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== fileField) {
          part.file.resume();
          throw problems.badRequest(`Send files in the field "${fileField}".`, [{ path: `body/${part.fieldname}`, code: 'not-allowed', message: 'is not an allowed field' }]);
        }
        files.push(await readFilePart(part, rule));
        continue;
      }
      if (typeof part.value !== 'string') throw problems.badRequest(`The field ${part.fieldname} is not text.`, [{ path: `body/${part.fieldname}`, code: 'not-allowed', message: 'is not text' }]);
      if (part.valueTruncated) throw problems.badRequest(`The field ${part.fieldname} is too long.`, [{ path: `body/${part.fieldname}`, code: 'too-long', params: { limit: limits.fieldSize }, message: `must be at most ${limits.fieldSize} bytes` }]);
      const before = fields[part.fieldname];
      fields[part.fieldname] = before === undefined ? part.value : [...[before].flat(), part.value];
    }
  } catch (error) {
    // The parser may report a file past the limit as the next part, not while the file is read.
    if (isTooLarge(error)) throw tooLarge(rule.maxBytes);
    throw error;
  }
  // The site-wide check of stored text ran before the form was read: it is checked here.
  refuseUnstorable(fields, 'body');
  return { fields, files };
}

async function readFilePart(file: MultipartFile, rule: FileRule = ATTACHMENT_FILES): Promise<Upload> {
  let content: Buffer;
  try {
    content = await file.toBuffer();
  } catch (error) {
    if (isTooLarge(error)) throw tooLarge(rule.maxBytes);
    throw error;
  }
  const kind = rule.sniff(content);
  if (!kind) throw rule.unsupported();
  return { filename: cleanFilename(file.filename, kind.extension), mediaType: kind.mediaType, content };
}

const META = ['id', 'filename', 'media_type', 'size', 'created_at'] as const;

async function count(db: QueryBuilder, owner: Owner) {
  const row = await db
    .selectFrom('attachments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('owner_type', '=', owner.kind.type)
    .where('owner_id', '=', owner.id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Stores a file on its owner, in the caller's transaction: counted under the owner's row lock, so
 * parallel uploads cannot pass the limit (409 `too-many-attachments`); audited, and noted on the
 * owner's timeline where it keeps one.
 */
export async function addAttachment(trx: QueryBuilder, owner: Owner, file: Upload, actor: Actor | null) {
  const { type } = owner.kind;
  if (!(await owner.kind.lock(trx, owner.id))) throw problems.notFound(type);
  if ((await count(trx, owner)) >= MAX_ATTACHMENTS) throw problems.conflict('too-many-attachments', `A ${type} has at most ${MAX_ATTACHMENTS} attachments.`, { limit: MAX_ATTACHMENTS });
  const created = await trx
    .insertInto('attachments')
    .values({ owner_type: type, owner_id: owner.id, filename: file.filename, media_type: file.mediaType, size: file.content.length, content: file.content })
    .returning(META)
    .executeTakeFirstOrThrow();
  await owner.kind.timeline?.(trx, owner.id, actor?.id ?? null, 'attached');
  await recordAudit(trx, { actorId: actor?.id ?? null, action: `${type}.attachment_added`, entityType: type, entityId: owner.id, details: { attachmentId: created.id, mediaType: file.mediaType, size: file.content.length } });
  return created;
}

/** Removes one of the owner's files (404 when it has no such file), audited and on its timeline. */
export async function removeAttachment(trx: QueryBuilder, owner: Owner, attachmentId: string, actor: Actor) {
  const { type } = owner.kind;
  const removed = await trx
    .deleteFrom('attachments')
    .where('owner_type', '=', type)
    .where('owner_id', '=', owner.id)
    .where('id', '=', attachmentId)
    .returning(['filename'])
    .executeTakeFirst();
  if (!removed) throw problems.notFound('attachment');
  await owner.kind.timeline?.(trx, owner.id, actor.id, 'attachment_removed');
  await recordAudit(trx, { actorId: actor.id, action: `${type}.attachment_removed`, entityType: type, entityId: owner.id, details: { attachmentId, filename: removed.filename } });
}

/** One of the owner's files, content included. */
export function findAttachment(db: QueryBuilder, owner: Owner, attachmentId: string) {
  return db
    .selectFrom('attachments')
    .select([...META, 'content'])
    .where('owner_type', '=', owner.kind.type)
    .where('owner_id', '=', owner.id)
    .where('id', '=', attachmentId)
    .executeTakeFirst();
}

/** The owner's files, oldest first, without their content. */
export function listAttachments(db: QueryBuilder, owner: Owner) {
  return db.selectFrom('attachments').select(META).where('owner_type', '=', owner.kind.type).where('owner_id', '=', owner.id).orderBy('created_at').orderBy('id').execute();
}

/** Moves every file of one owner to another of the same kind (a merge); returns how many moved. */
export async function moveAttachments(trx: QueryBuilder, from: Owner, to: Owner) {
  if (from.kind !== to.kind) throw new Error('attachments move only between owners of one kind');
  const result = await trx.updateTable('attachments').set({ owner_id: to.id }).where('owner_type', '=', from.kind.type).where('owner_id', '=', from.id).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A file as the API describes it (the `Attachment` schema); `base` is the owner's attachments address. */
export function attachmentJson(file: { id: string; filename: string; media_type: string; size: number; created_at: Date }, base: string) {
  return { id: file.id, filename: file.filename, mediaType: file.media_type, size: file.size, createdAt: file.created_at.toISOString(), url: `${base}/${file.id}` };
}

/** Sends a stored file as a download in a sandbox: an uploaded file can never run as part of this site. */
export function sendDownload(reply: FastifyReply, file: { media_type: string; filename: string; content: Buffer }) {
  return reply
    .type(file.media_type)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, max-age=3600')
    .send(file.content);
}
