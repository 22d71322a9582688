import type Database from 'better-sqlite3';

/** One schema step; applied in order inside a transaction that also bumps user_version. */
export interface Migration {
  name: string;
  up(db: Database.Database): void;
}
