import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations } from './migrations/index.ts';

export type Db = Database.Database;

/** Opens (creating if needed) the SQLite file, sets WAL + foreign keys, and migrates it to the code's version. */
export function openDb(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  // A busy club database (a million read marks) outgrows SQLite's default 2 MB page cache, and every lookup of a
  // reaction's post, club and member then went to the kernel: reads through a memory map and a larger cache cost
  // nothing until pages are used.
  if (path !== ':memory:') db.pragma('mmap_size = 268435456');
  db.pragma('cache_size = -32768');
  migrate(db);
  // SQLite's advice for long-lived connections: optimize on open (0x10002 also analyzes tables that never were,
  // within a bounded effort), then PRAGMA optimize every few hours and before closing (see optimizeDb).
  db.pragma('optimize = 0x10002');
  return db;
}

/** `PRAGMA optimize`: refreshes planner statistics where they went stale; cheap, for a timer and for shutdown. */
export function optimizeDb(db: Db): void {
  db.pragma('optimize');
}

/**
 * Applies every migration newer than the file's user_version, each in its own transaction; `upTo` stops at that
 * version (tools that build a database as an older version had it, then upgrade it).
 */
export function migrate(db: Db, upTo = migrations.length): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length;
  if (current > latest) {
    throw new Error(`database schema version ${current} is newer than this code (${latest}); upgrade paperclub`);
  }
  for (let v = current; v < Math.min(upTo, latest); v++) {
    const step = migrations[v]!;
    db.transaction(() => {
      step.up(db);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
