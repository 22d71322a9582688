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
  keepRowCountsOnly(db);
  return db;
}

/** `PRAGMA optimize`: refreshes planner statistics where they went stale; cheap, for a timer and for shutdown. */
export function optimizeDb(db: Db): void {
  db.pragma('optimize');
  keepRowCountsOnly(db);
}

/**
 * ANALYZE leaves two kinds of statistics: row counts per index (sqlite_stat1) and sampled key values
 * (sqlite_stat4). With samples, SQLite plans a statement afresh whenever a value bound to an indexed column changes
 * ("the specific value bound to a host parameter ... might influence the choice of query plan", sqlite3_prepare
 * docs), so our prepared statements were re-planned on nearly every call: 10,000 weekly posts took 3.4 s with
 * samples against 1.2 s with row counts only. Our queries are lookups by key, for which row counts choose the same
 * plans, so the samples are dropped and the planner told to reload its statistics.
 */
function keepRowCountsOnly(db: Db): void {
  const hasSamples = db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat4'`).get() !== undefined;
  if (!hasSamples || db.prepare('SELECT 1 FROM sqlite_stat4 LIMIT 1').get() === undefined) return;
  db.exec('DELETE FROM sqlite_stat4; ANALYZE sqlite_schema');
}

/**
 * WAL pages a commit may leave before SQLite checkpoints inside that commit (SQLite's default is 1,000). Raised for
 * the bot because a checkpoint there runs on the event loop and syncs the disk twice: with 1,000, a burst of
 * reactions checkpointed after nearly every group of marks and wrote 14k marks/s on the bench machine; with this
 * cap, 19k (bench/core.bench.ts). The WAL may grow to about 80 MB in a burst; it is cut back afterwards.
 */
const WAL_CAP_PAGES = 20_000;
/** The WAL file is truncated to this after a checkpoint lets it start over, so one burst does not keep 80 MB. */
const WAL_KEEP_BYTES = 16 * 1024 * 1024;

/**
 * Upkeep of the bot's long-lived connection:
 * - checkpoints the WAL once nothing was written for `quietMs`, so checkpoints happen between bursts and not in them;
 * - refreshes planner statistics every 6 hours (SQLite's advice for long-lived connections; also at shutdown).
 * Returns a stop function (the caller still closes the database).
 */
export function startUpkeep(db: Db, opts: { quietMs?: number; optimizeEveryMs?: number } = {}): () => void {
  db.pragma(`wal_autocheckpoint = ${WAL_CAP_PAGES}`);
  db.pragma(`journal_size_limit = ${WAL_KEEP_BYTES}`);
  const changes = db.prepare('SELECT total_changes()').pluck();
  let seen = changes.get() as number;
  let checkpointedAt = seen;
  const quiet = setInterval(() => {
    if (!db.open) return;
    const now = changes.get() as number;
    // Quiet for a whole interval, with writes since the last checkpoint: checkpoint what it can without waiting
    // for readers (PASSIVE); whatever is left goes with the next one.
    if (now === seen && now !== checkpointedAt && !db.inTransaction) {
      db.pragma('wal_checkpoint(PASSIVE)');
      checkpointedAt = now;
    }
    seen = now;
  }, opts.quietMs ?? 1_000);
  const optimizer = setInterval(() => db.open && optimizeDb(db), opts.optimizeEveryMs ?? 6 * 3_600_000);
  quiet.unref();
  optimizer.unref();
  return () => {
    clearInterval(quiet);
    clearInterval(optimizer);
  };
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
