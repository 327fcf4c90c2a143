import { Type, type Static } from 'typebox';

/** A file attached to an item (a bottleneck, a dialogue …), as the attachments module stores it. */
export const Attachment = Type.Object({
  id: Type.String({ format: 'uuid' }),
  filename: Type.String(),
  mediaType: Type.String({ description: 'Read from the content: application/pdf, image/png, image/jpeg, image/gif or image/webp' }),
  size: Type.Integer({ description: 'Bytes' }),
  createdAt: Type.String({ format: 'date-time' }),
  url: Type.String({ description: 'Download address (served as an attachment in a sandbox)' }),
});
export type Attachment = Static<typeof Attachment>;
