import type { Db } from './db.ts';
import { stmt } from './statements.ts';

/** Small facts a process keeps across restarts, by key (migration 0013: kept_values). */
export interface KeptValues {
  get(key: string): string | null;
  set(key: string, value: string): void;
}

/** The database's kept values. */
export function keptValues(db: Db, clock: () => Date = () => new Date()): KeptValues {
  return {
    get: (key) => (stmt(db, 'SELECT value FROM kept_values WHERE key = ?').pluck().get(key) as string | undefined) ?? null,
    set: (key, value) => {
      stmt(db, 'INSERT INTO kept_values (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at').run(
        key,
        value,
        clock().getTime(),
      );
    },
  };
}
