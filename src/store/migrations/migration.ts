import type Database from 'better-sqlite3';

/**
 * One schema step; applied in order inside a transaction that also bumps the version (SQLite: user_version;
 * PostgreSQL: the schema_version table). `postgres` is its PostgreSQL text: PostgreSQL support began at 0017, so
 * the first migration's text creates that whole schema and 0002–0017 have none; every later migration has both
 * (test/store/pg-schema.test.ts finds a table written for one dialect only).
 */
export interface Migration {
  name: string;
  up(db: Database.Database): void;
  postgres?: string;
}
