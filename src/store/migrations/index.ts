import type { Db } from '../db.ts';
import catalog from './0001-catalog.ts';
import clubs from './0002-clubs.ts';

/** One schema step; applied in order inside a transaction that also bumps user_version. */
export interface Migration {
  name: string;
  up(db: Db): void;
}

/** Every migration, oldest first: index + 1 is the user_version it leads to. Append only. */
export const migrations: Migration[] = [catalog, clubs];
