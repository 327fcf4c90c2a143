import { Type, type Static } from 'typebox';
import { LocalizedText } from '../localized.ts';
import { BODY_KINDS, BODY_LEVELS, BODY_MEMBER_ROLES, CADENCES } from '../governance.ts';
import { DomainSchema, InstitutionRef } from './institutions.ts';
import { Nullable } from './nullable.ts';

const Uuid = Type.String({ format: 'uuid' });
const IsoDate = Type.String({ format: 'date' });
const Slug = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', minLength: 2, maxLength: 80 });

export const BodyLevelSchema = Type.Enum([...BODY_LEVELS], { type: 'string' });
export const BodyKindSchema = Type.Enum([...BODY_KINDS], { type: 'string' });
export const CadenceSchema = Type.Enum([...CADENCES], { type: 'string' });
export const BodyMemberRoleSchema = Type.Enum([...BODY_MEMBER_ROLES], { type: 'string' });

export const BodyMember = Type.Object({
  institution: Type.Object({ ...InstitutionRef.properties, slug: Type.String() }),
  role: BodyMemberRoleSchema,
  since: Nullable(IsoDate),
  until: Nullable(IsoDate),
});
export type BodyMember = Static<typeof BodyMember>;

/** A dialogue that was one of the body's meetings. */
export const BodyMeeting = Type.Object({
  id: Uuid,
  ref: Type.String(),
  title: LocalizedText(300),
  startsAt: Type.String({ format: 'date-time' }),
  state: Type.String(),
});
export type BodyMeeting = Static<typeof BodyMeeting>;

export const GovernanceBody = Type.Object({
  id: Uuid,
  slug: Type.String(),
  name: LocalizedText(300),
  level: BodyLevelSchema,
  kind: BodyKindSchema,
  domain: Nullable(DomainSchema),
  parentId: Nullable(Uuid),
  mandate: Type.Union([LocalizedText(4000), Type.Null()]),
  cadence: CadenceSchema,
  position: Type.Integer(),
  isDemo: Type.Boolean(),
  members: Type.Array(BodyMember),
  meetings: Type.Array(BodyMeeting),
});
export type GovernanceBody = Static<typeof GovernanceBody>;

/** The whole structure: every body, parents before their children, in their order. */
export const GovernanceBodyList = Type.Object({ items: Type.Array(GovernanceBody), total: Type.Integer({ minimum: 0 }) });
export type GovernanceBodyList = Static<typeof GovernanceBodyList>;

export const BodyMemberInput = Type.Object(
  { institutionId: Uuid, role: BodyMemberRoleSchema, since: Type.Optional(Nullable(IsoDate)), until: Type.Optional(Nullable(IsoDate)) },
  { additionalProperties: false },
);

const bodyFields = {
  name: LocalizedText(300),
  level: BodyLevelSchema,
  kind: BodyKindSchema,
  domain: Type.Optional(Nullable(DomainSchema)),
  parentId: Type.Optional(Nullable(Uuid)),
  mandate: Type.Optional(Type.Union([LocalizedText(4000), Type.Null()])),
  cadence: CadenceSchema,
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  /** The whole membership; replaces what was there. */
  members: Type.Optional(Type.Array(BodyMemberInput, { maxItems: 200 })),
  /** The dialogues that were its meetings; replaces what was there. */
  meetings: Type.Optional(Type.Array(Uuid, { maxItems: 500, uniqueItems: true })),
};

export const GovernanceBodyCreate = Type.Object({ slug: Slug, ...bodyFields }, { additionalProperties: false });
export type GovernanceBodyCreate = Static<typeof GovernanceBodyCreate>;

export const GovernanceBodyPatch = Type.Object(Type.Partial(Type.Object(bodyFields)).properties, { additionalProperties: false, minProperties: 1 });
export type GovernanceBodyPatch = Static<typeof GovernanceBodyPatch>;
