import { Nullable } from './nullable.ts';
import { Type, type Static } from 'typebox';
import { UI_LANGUAGES } from '../languages.ts';
import { ROLES, TOKEN_SCOPES } from '../roles.ts';
import { Page, PageQuery } from './lists.ts';

export const RoleSchema = Type.Enum([...ROLES], { type: 'string', description: 'Account role' });
export const LanguageSchema = Type.Enum([...UI_LANGUAGES], { type: 'string', description: 'UI language' });
export const ScopeSchema = Type.Enum([...TOKEN_SCOPES], { type: 'string' });

export const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 });
/** NIST SP 800-63B: length over composition rules; the upper bound keeps hashing cheap. */
export const NewPassword = Type.String({ minLength: 10, maxLength: 256, description: 'At least 10 characters' });
const Password = Type.String({ minLength: 1, maxLength: 256 });
const DisplayName = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
const DateTime = Type.String({ format: 'date-time' });

export const RegisterBody = Type.Object(
  { email: Email, password: NewPassword, displayName: DisplayName, locale: Type.Optional(LanguageSchema) },
  { additionalProperties: false },
);
export type RegisterBody = Static<typeof RegisterBody>;

export const LoginBody = Type.Object({ email: Email, password: Password }, { additionalProperties: false });
export type LoginBody = Static<typeof LoginBody>;

export const CurrentUser = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  locale: Nullable(LanguageSchema),
  institutionId: Nullable(Type.String({ format: 'uuid', description: 'The institution a service owner speaks for' })),
  createdAt: DateTime,
  /** Present for cookie sessions: send it back as the `X-CSRF-Token` header on every write. */
  csrfToken: Type.Optional(Type.String()),
});
export type CurrentUser = Static<typeof CurrentUser>;

export const ProfilePatchBody = Type.Object(
  { displayName: Type.Optional(DisplayName), locale: Type.Optional(Nullable(LanguageSchema)) },
  { additionalProperties: false, minProperties: 1 },
);
export type ProfilePatchBody = Static<typeof ProfilePatchBody>;

export const PasswordChangeBody = Type.Object(
  { currentPassword: Password, newPassword: NewPassword },
  { additionalProperties: false },
);

export const DeleteAccountBody = Type.Object({ password: Password }, { additionalProperties: false });

export const ApiTokenCreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scopes: Type.Array(ScopeSchema, { minItems: 1, uniqueItems: true }),
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 730 })),
  },
  { additionalProperties: false },
);
export type ApiTokenCreateBody = Static<typeof ApiTokenCreateBody>;

export const ApiToken = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  prefix: Type.String({ description: 'First characters of the token, to recognise it' }),
  scopes: Type.Array(ScopeSchema),
  createdAt: DateTime,
  lastUsedAt: Nullable(DateTime),
  expiresAt: Nullable(DateTime),
  revokedAt: Nullable(DateTime),
});
export type ApiToken = Static<typeof ApiToken>;

export const ApiTokenCreated = Type.Object({
  ...ApiToken.properties,
  token: Type.String({ description: 'Shown once; only its hash is stored' }),
});

export const AdminUser = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  institutionId: Nullable(Type.String({ format: 'uuid' })),
  disabled: Type.Boolean(),
  isDemo: Type.Boolean(),
  createdAt: DateTime,
});
export type AdminUser = Static<typeof AdminUser>;

export const AdminUserList = Page(AdminUser);
export const AdminUserQuery = Type.Object(
  { q: Type.Optional(Type.String({ maxLength: 200 })), role: Type.Optional(RoleSchema), ...PageQuery },
  { additionalProperties: false },
);
export const AdminUserPatchBody = Type.Object(
  {
    role: Type.Optional(RoleSchema),
    disabled: Type.Optional(Type.Boolean()),
    institutionId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type AdminUserPatchBody = Static<typeof AdminUserPatchBody>;

/** An account an administrator creates; the person sets the password through the link sent to them. */
export const AdminUserCreateBody = Type.Object(
  {
    email: Email,
    displayName: DisplayName,
    role: RoleSchema,
    /** Required for a service owner: the institution they speak for. */
    institutionId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
    /** The language of the invitation e-mail and of the account. */
    locale: LanguageSchema,
  },
  { additionalProperties: false },
);
export type AdminUserCreateBody = Static<typeof AdminUserCreateBody>;

export const InvitationSent = Type.Object({ userId: Type.String({ format: 'uuid' }), email: Type.String(), expiresAt: DateTime });

/** The token of a one-time link (an invitation's or a password reset's), sent in a body, never in an address. */
export const LinkToken = Type.String({ minLength: 1, maxLength: 200 });
export const InvitationTokenBody = Type.Object({ token: LinkToken }, { additionalProperties: false });
export const InvitationInfo = Type.Object({ email: Type.String(), displayName: Type.String(), expiresAt: DateTime });
/** Sets the password with a one-time link's token: accepting an invitation, or completing a password reset. */
export const LinkPasswordBody = Type.Object({ token: LinkToken, password: NewPassword }, { additionalProperties: false });

/** Asks for a link that sets a new password; answered alike whether or not the address has an account. */
export const PasswordResetRequestBody = Type.Object({ email: Email }, { additionalProperties: false });
export const PasswordResetAccepted = Type.Object({ message: Type.String() });
