import { openDb, type Db } from './db.ts';
import { openPostgres } from './pg.ts';

/**
 * The database the environment names: `PAPERCLUB_DATABASE_URL=postgres://…` a PostgreSQL server (migrated on
 * open), else the SQLite file at `PAPERCLUB_DB` (default ./data/paperclub.db), exactly as before.
 */
export async function openDatabase(env: { PAPERCLUB_DATABASE_URL?: string; PAPERCLUB_DB?: string }): Promise<Db> {
  const url = env.PAPERCLUB_DATABASE_URL;
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new Error('PAPERCLUB_DATABASE_URL must start with postgres:// (or postgresql://)');
    return await openPostgres(url);
  }
  return openDb(env.PAPERCLUB_DB || './data/paperclub.db');
}
