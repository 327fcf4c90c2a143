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
}

export interface NotificationsTables {
  outbox: OutboxTable;
}

declare module '../../db/tables.ts' {
  interface Tables extends NotificationsTables {}
}
