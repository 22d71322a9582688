import { sql } from 'kysely';
import type { Db } from './db.ts';

/** Small facts a process keeps across restarts, by key (migration 0013: kept_values). */
export interface KeptValues {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}

/** The database's kept values. */
export function keptValues(db: Db, clock: () => Date = () => new Date()): KeptValues {
  return {
    get: async (key) => (await db.value(sql`SELECT value FROM kept_values WHERE key = ${key}`) as string | undefined) ?? null,
    set: async (key, value) => {
      await db.run(sql`INSERT INTO kept_values (key, value, updated_at) VALUES (${key}, ${value}, ${clock().getTime()}) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`);
    },
  };
}
