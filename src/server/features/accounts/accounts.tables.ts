import type { ColumnType, Generated } from 'kysely';
import type { Role } from '../../../shared/roles.ts';
import type { Language } from '../../../shared/languages.ts';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface UsersTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string;
  role: ColumnType<Role, Role | undefined, Role>;
  locale: Language | null;
  is_demo: Generated<boolean>;
  disabled_at: Date | null;
  institution_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  user_agent: string | null;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  token_prefix: string;
  scopes: string[];
  created_at: CreatedAt;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  email: string;
  ip: string;
  failed_at: CreatedAt;
}

/** A one-time link that sets an invited account's password; only its digest is kept. */
export interface UserInvitationsTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  invited_by: string | null;
  created_at: CreatedAt;
  expires_at: Date;
  used_at: Date | null;
  replaced_at: Date | null;
}

/** A one-time link that sets a forgotten password; only its digest is kept. */
export interface PasswordResetsTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  created_at: CreatedAt;
  expires_at: Date;
  used_at: Date | null;
  replaced_at: Date | null;
}

export interface AccountsTables {
  users: UsersTable;
  user_invitations: UserInvitationsTable;
  password_resets: PasswordResetsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_failures: LoginFailuresTable;
}

declare module '../../db/tables.ts' {
  interface Tables extends AccountsTables {}
}
