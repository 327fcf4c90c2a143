import type { AccountsTables } from '../features/accounts/accounts.tables.ts';
import type { AuditTables } from '../features/audit/audit.tables.ts';
import type { SiteTables } from '../features/site/site.tables.ts';
import type { InstitutionsTables } from '../features/institutions/institutions.tables.ts';
import type { BottlenecksTables } from '../features/bottlenecks/bottlenecks.tables.ts';
import type { NotificationsTables } from '../features/notifications/notifications.tables.ts';
import type { DialoguesTables } from '../features/dialogues/dialogues.tables.ts';
import type { RecommendationsTables } from '../features/recommendations/recommendations.tables.ts';
import type { CatalogTables } from '../features/catalog/catalog.tables.ts';
import type { HarvestTables } from '../features/harvest/harvest.tables.ts';
import type { AttachmentsTables } from '../features/attachments/attachments.tables.ts';

/** The whole database as Kysely sees it: each feature declares its own tables. */
export interface Database extends AccountsTables, AuditTables, SiteTables, InstitutionsTables, BottlenecksTables, NotificationsTables, DialoguesTables, RecommendationsTables, CatalogTables, HarvestTables, AttachmentsTables {
  schema_migrations: { version: number; name: string; applied_at: Date };
}
