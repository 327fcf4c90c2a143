import { CONTENT_LANGUAGES } from '../../../shared/languages.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { QueryBuilder } from '../../db/tables.ts';
import type { ConsultationText, SectionFile } from '../../../shared/schemas/consultations.ts';
import { problems, type FieldError } from '../../plugins/problems.ts';
import { addAttachment, attachmentOwner, findAttachment, readForm, registerUploads, removeAttachment, sendDownload, type Owner } from '../attachments/attachments.service.ts';
import type { AuthUser } from '../accounts/accounts.service.ts';
import type { ConsultationRow } from './consultations.repository.ts';

/** A section's images and documents, in the one attachments module; an image's alternative text is kept beside it here. */
export const SECTION_FILES = attachmentOwner({
  type: 'consultation_section',
  lock: (trx, id) => trx.selectFrom('consultation_sections').select('id').where('id', '=', id).forUpdate().executeTakeFirst(),
});
const owner = (sectionId: string): Owner => ({ kind: SECTION_FILES, id: sectionId });

/** An image's alternative text, `alt_<language>`, in any of the content languages. */
const ALT_FIELDS = CONTENT_LANGUAGES.map((lang) => `alt_${lang}` as const);
const FORM = { files: 1, fields: ALT_FIELDS.length, fieldSize: 500 };

export async function registerSectionUploads(app: FastifyInstance) {
  await registerUploads(app, FORM);
}

/** The file and, for an image, its alternative text in at least one language (an image without it is refused). */
export async function attach(db: QueryBuilder, editor: AuthUser, row: ConsultationRow, sectionId: string, request: FastifyRequest): Promise<SectionFile> {
  const form = await readForm(request, 'file', FORM);
  const errors: FieldError[] = [];
  for (const name of Object.keys(form.fields)) if (!(ALT_FIELDS as readonly string[]).includes(name)) errors.push({ path: `body/${name}`, code: 'not-allowed', message: 'is not an allowed field' });
  const file = form.files[0];
  if (!file) errors.push({ path: 'body/file', code: 'required', message: 'is required' });
  const alt: ConsultationText = {};
  for (const name of ALT_FIELDS) {
    const value = form.fields[name];
    if (typeof value === 'string' && value.trim()) alt[name.slice(4) as keyof ConsultationText] = value.trim();
  }
  const isImage = Boolean(file?.mediaType.startsWith('image/'));
  if (file && isImage && !Object.keys(alt).length) errors.push({ path: 'body/alt_en', code: 'required', message: 'an image needs its alternative text' });
  if (errors.length) throw problems.badRequest('The upload is not complete.', errors);
  return db.transaction().execute(async (trx) => {
    const created = await addAttachment(trx, owner(sectionId), file!, editor);
    await trx.insertInto('consultation_section_files').values({ attachment_id: created.id, section_id: sectionId, alt: isImage ? JSON.stringify(alt) : null }).execute();
    return { id: created.id, filename: created.filename, mediaType: created.media_type, size: created.size, alt: isImage ? alt : null, url: `/api/consultations/${row.id}/sections/${sectionId}/attachments/${created.id}` };
  });
}

export async function download(db: QueryBuilder, reply: FastifyReply, sectionId: string, attachmentId: string) {
  const file = await findAttachment(db, owner(sectionId), attachmentId);
  if (!file) throw problems.notFound('attachment');
  return sendDownload(reply, file);
}

export async function remove(db: QueryBuilder, editor: AuthUser, sectionId: string, attachmentId: string) {
  await db.transaction().execute((trx) => removeAttachment(trx, owner(sectionId), attachmentId, editor));
}
