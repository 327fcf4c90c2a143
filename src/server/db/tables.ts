import type { Kysely } from 'kysely';

/**
 * The whole database as Kysely sees it. This layer names no feature: each feature adds its own
 * tables to this interface from its `*.tables.ts` by declaration merging
 * (`declare module '../../db/tables.ts'`), so a new feature registers its tables where it keeps them.
 */
export interface Tables {
  schema_migrations: { version: number; name: string; applied_at: Date };
}

/** Kysely typed with every table: what features' repositories and services take. */
export type QueryBuilder = Kysely<Tables>;
