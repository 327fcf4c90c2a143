import { Type, type Static } from 'typebox';

/**
 * The kinds of notice a member may receive by e-mail, each of which they may take at once, in a
 * daily digest, or not at all. A confirmation of one's own address (`verify`) is not a notice:
 * it is always sent.
 * - `status`: a bottleneck they follow changed its status;
 * - `answer`: an institution answered on a bottleneck they follow;
 * - `invitation`: they are a participant of a dialogue (by their account's address);
 * - `response`: an institution responded to a recommendation (editors and admins receive these);
 * - `milestone`: a milestone of the joint action plan comes due or slips (editors and admins, and
 *   service owners of an institution Responsible or Accountable for its action, receive these);
 * - `consultation`: a consultation they follow opens, closes within 48 hours, or publishes its report.
 */
export const NOTICE_KINDS = ['status', 'answer', 'invitation', 'response', 'milestone', 'consultation'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const NOTICE_DELIVERIES = ['instant', 'digest', 'none'] as const;
export type NoticeDelivery = (typeof NOTICE_DELIVERIES)[number];

/** Without a choice of their own, every member has every kind at once, as before issue 14. */
export const DEFAULT_DELIVERY: Record<NoticeKind, NoticeDelivery> = { status: 'instant', answer: 'instant', invitation: 'instant', response: 'instant', milestone: 'instant', consultation: 'instant' };

/** Whether the role receives the kind at all (only editors and admins hear of responses; service owners too of milestones). */
export function receivesKind(role: string, kind: NoticeKind): boolean {
  if (kind === 'response') return role === 'editor' || role === 'admin';
  if (kind === 'milestone') return role === 'editor' || role === 'admin' || role === 'service_owner';
  return true;
}

export const NoticeKindSchema = Type.Enum([...NOTICE_KINDS], { type: 'string' });
export const NoticeDeliverySchema = Type.Enum([...NOTICE_DELIVERIES], { type: 'string' });

export const NoticeSettings = Type.Object({
  items: Type.Array(
    Type.Object({
      kind: NoticeKindSchema,
      delivery: NoticeDeliverySchema,
      default: NoticeDeliverySchema,
    }),
  ),
});
export type NoticeSettings = Static<typeof NoticeSettings>;

/** The kinds to change, each to its new delivery; kinds not named stay as they are. */
export const NoticeSettingsPatch = Type.Object(
  {
    status: Type.Optional(NoticeDeliverySchema),
    answer: Type.Optional(NoticeDeliverySchema),
    invitation: Type.Optional(NoticeDeliverySchema),
    response: Type.Optional(NoticeDeliverySchema),
    milestone: Type.Optional(NoticeDeliverySchema),
    consultation: Type.Optional(NoticeDeliverySchema),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type NoticeSettingsPatch = Static<typeof NoticeSettingsPatch>;

export const UnsubscribeQuery = Type.Object({ token: Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }) });
export const Unsubscribed = Type.Object({ kinds: Type.Array(NoticeKindSchema) });
