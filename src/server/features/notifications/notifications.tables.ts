import type { ColumnType, Generated } from 'kysely';

export interface OutboxTable {
  id: Generated<number>;
  to_address: string;
  subject: string;
  body_text: string;
  created_at: ColumnType<Date, never, never>;
  send_after: ColumnType<Date, Date | undefined, Date>;
  attempts: ColumnType<number, never, number>;
  locked_until: ColumnType<Date | null, never, Date | null>;
  sent_at: ColumnType<Date | null, never, Date | null>;
  failed_at: ColumnType<Date | null, never, Date | null>;
  last_error: ColumnType<string | null, never, string | null>;
  /** An iCalendar invitation sent with the message (RFC 6047). */
  ical_event: ColumnType<string | null, string | null | undefined, string | null>;
  /** The List-Unsubscribe header of a member's notice (RFC 8058); null for other mail. */
  list_unsubscribe: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface NotificationsTables {
  outbox: OutboxTable;
}

declare module '../../db/tables.ts' {
  interface Tables extends NotificationsTables {}
}

/** Issue 14: a member's choice per kind of notice; no row means the kind's default. */
export interface NoticeSettingsTable {
  user_id: string;
  kind: string;
  delivery: 'instant' | 'digest' | 'none';
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** A notice waiting for its member's daily digest. */
export interface NoticeDigestItemsTable {
  id: Generated<number>;
  user_id: string;
  kind: string;
  subject: string;
  url: string;
  created_at: ColumnType<Date, Date | undefined, never>;
  digested_at: ColumnType<Date | null, never, Date | null>;
}

/** One-click unsubscribe tokens (RFC 8058), by their SHA-256; each works once. */
export interface NoticeUnsubscribeTokensTable {
  token_hash: string;
  user_id: string;
  kinds: string[];
  created_at: ColumnType<Date, never, never>;
  used_at: ColumnType<Date | null, never, Date | null>;
}

export interface NoticeTables {
  notice_settings: NoticeSettingsTable;
  notice_digest_items: NoticeDigestItemsTable;
  notice_unsubscribe_tokens: NoticeUnsubscribeTokensTable;
}

declare module '../../db/tables.ts' {
  interface Tables extends NoticeTables {}
}
