import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type Compilable, type RawBuilder } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations } from './migrations/index.ts';
import type { Schema } from './schema.ts';
import { QueryCompiler, type Compiled } from './compile.ts';

/** Which SQL the database speaks. */
export type Dialect = 'sqlite' | 'postgres';

/** A query for the store to run: a Kysely builder (`db.k.selectFrom(…)`) or a `sql` template. */
export type Query<R = unknown> = Compilable<R> | RawBuilder<R>;

/** What a write did: rows changed, and the rowid of the last insert (SQLite only; use RETURNING for ids). */
export interface RunResult {
  changes: number;
  insertId: number;
}

/**
 * The database, as every store function takes it first. One query interface for both dialects: `all`, `first`,
 * `value` and `run` take a Kysely query; `transaction` runs a function on a handle bound to one transaction (pass
 * that handle, never the outer one, to everything inside it). `k` builds typed queries.
 */
export interface Db {
  readonly dialect: Dialect;
  /** The query builder (builds only: run what it builds through this handle, so it runs where it belongs). */
  readonly k: Kysely<Schema>;
  /** Every row. */
  all<R>(q: Query<R>): Promise<R[]>;
  /** The first row, or undefined. */
  first<R>(q: Query<R>): Promise<R | undefined>;
  /** The first column of the first row, or undefined. */
  value<V>(q: Query<unknown>): Promise<V | undefined>;
  /** The first column of every row. */
  values<V>(q: Query<unknown>): Promise<V[]>;
  /** Every row as an array of its columns (cheaper than objects for wide scans). */
  rows<T extends unknown[]>(q: Query<unknown>): Promise<T[]>;
  /** A statement that returns no rows. */
  run(q: Query<unknown>): Promise<RunResult>;
  /**
   * Runs `fn` in one transaction on a handle bound to it; commits when it resolves, rolls back when it throws.
   * Inside a transaction already, `fn` joins it.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * Reads that belong together (one snapshot). SQLite: one read transaction, which also saves each statement its
   * own (several system calls on a WAL file). Only for reads.
   */
  read<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * A few point lookups that need no shared snapshot (a reaction's post, club, member and mark). SQLite: in one read
   * transaction, as `read`, which is cheaper than a statement each; PostgreSQL: each on its own, since a transaction
   * there adds two round trips (BEGIN, COMMIT) to two or three one-row reads.
   */
  lookups<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /** Whether this handle is bound to an open transaction. */
  readonly inTransaction: boolean;
  /** The outer handle (itself, outside a transaction): what per-database state is kept by. */
  readonly root: Db;
  /** Whether the database is still open. */
  readonly isOpen: boolean;
  close(): Promise<void>;
}

/**
 * Inserts one row and returns its new id: SQLite's rowid of the insert (no RETURNING, which made SQLite buffer the
 * row on hot paths), PostgreSQL's `RETURNING id`.
 */
export async function insertReturningId(db: Db, insert: RawBuilder<unknown>): Promise<number> {
  if (db.dialect === 'sqlite') return (await db.run(insert)).insertId;
  return Number(await db.value(sql`${insert} RETURNING id`));
}

/**
 * A parenthesized list of ids for `x IN ${idList(db, ids)}`, one bound parameter whatever its length: SQLite reads
 * a JSON array (json_each), PostgreSQL an array. Takes the ids or their JSON text.
 */
export function idList(db: Db, ids: readonly number[] | string): RawBuilder<unknown> {
  if (db.dialect === 'sqlite') return sql`(SELECT value FROM json_each(${typeof ids === 'string' ? ids : JSON.stringify(ids)}))`;
  return sql`(SELECT unnest(${typeof ids === 'string' ? (JSON.parse(ids) as number[]) : [...ids]}::bigint[]))`;
}

/**
 * The order rows were inserted in, for a table without an id: SQLite's rowid; PostgreSQL's ctid (the row's place
 * in the table), the same for rows that were never updated, which holds for the tables this orders (admins, posts).
 */
export function insertOrder(db: Db, alias?: string): RawBuilder<unknown> {
  const column = db.dialect === 'sqlite' ? 'rowid' : 'ctid';
  return sql.raw(alias ? `${alias}.${column}` : column);
}

/** How long a query waits for another part's transaction before it is taken for a query on the wrong handle. */
const LOCK_WAIT_MS = 30_000;

/**
 * One SQLite connection shared by the whole process: one transaction at a time. A transaction holds it across its
 * awaits; queries from elsewhere wait for it (else they would run inside it). Waiting is rare: statements outside
 * a transaction run at once, synchronously.
 */
class ConnectionLock {
  held = false;
  private waiters: Array<() => void> = [];

  /** Resolves when the lock is taken (at once, in the same turn, when it is free). */
  acquire(): Promise<void> | undefined {
    if (!this.held) {
      this.held = true;
      return undefined;
    }
    return this.wait().then(() => this.acquire());
  }

  /** Resolves once the lock is free (it may be taken again by then: check `held`). */
  wait(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== wake);
        reject(new Error(`waited ${LOCK_WAIT_MS / 1000} s for the database: a query on the outer handle inside a transaction?`));
      }, LOCK_WAIT_MS);
      timer.unref();
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push(wake);
    });
  }

  /** Frees the lock and wakes every waiter: each checks again (the first to take it holds it; the rest wait on). */
  release(): void {
    this.held = false;
    const waiting = this.waiters;
    this.waiters = [];
    for (const wake of waiting) wake();
  }
}

type Mode = 'o' | 'p' | 'r';

/** Shared by a SQLite database's handles (the outer one and each transaction's). */
interface SqliteShared {
  sqlite: Database.Database;
  k: Kysely<Schema>;
  lock: ConnectionLock;
  /** Prepared statements by mode and text: preparing costs more than running most of our queries. */
  statements: Map<string, Database.Statement>;
  compiler: QueryCompiler;
  root?: SqliteDb;
}

/** better-sqlite3 takes numbers, strings, bigints, buffers and null; Kysely may hand it booleans and undefined. */
function sqliteParams(params: readonly unknown[]): unknown[] {
  let out: unknown[] | null = null;
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (typeof p === 'boolean' || p === undefined) {
      out ??= params.slice();
      out[i] = p === undefined ? null : p ? 1 : 0;
    }
  }
  return (out ?? params) as unknown[];
}

/** A SQLite database through better-sqlite3: statements run synchronously, prepared once and kept. */
export class SqliteDb implements Db {
  readonly dialect = 'sqlite' as const;
  private finished = false;

  private constructor(
    private readonly s: SqliteShared,
    /** Bound to a transaction (holds the connection lock). */
    readonly inTransaction: boolean,
  ) {}

  /** A handle on an open better-sqlite3 connection (already migrated). */
  static of(sqlite: Database.Database): SqliteDb {
    const k = new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }) });
    const shared: SqliteShared = { sqlite, k, lock: new ConnectionLock(), statements: new Map(), compiler: new QueryCompiler(k) };
    return (shared.root = new SqliteDb(shared, false));
  }

  get root(): Db {
    return this.s.root!;
  }

  get k(): Kysely<Schema> {
    return this.s.k;
  }

  /** The better-sqlite3 connection, for upkeep (pragmas, checkpoints) and tests that look at the file. */
  get sqlite(): Database.Database {
    return this.s.sqlite;
  }

  get isOpen(): boolean {
    return this.s.sqlite.open;
  }

  private statement(mode: Mode, text: string): Database.Statement {
    const key = mode + text;
    let st = this.s.statements.get(key);
    if (!st) {
      st = this.s.sqlite.prepare(text);
      if (mode === 'p') st.pluck(true);
      else if (mode === 'r') st.raw(true);
      this.s.statements.set(key, st);
    }
    return st;
  }

  /** Undefined when the connection is ours to use now (we hold it, or nobody does); else a wait for it. */
  private gate(): Promise<void> | undefined {
    if (this.inTransaction) {
      if (this.finished) throw new Error('a transaction handle was used after its transaction ended');
      return undefined;
    }
    return this.s.lock.held ? this.waitFree() : undefined;
  }

  private async waitFree(): Promise<void> {
    while (this.s.lock.held) await this.s.lock.wait();
  }

  private compile(q: Query<unknown>): Compiled {
    return this.s.compiler.compile(q);
  }

  async all<R>(q: Query<R>): Promise<R[]> {
    const c = this.compile(q);
    const gate = this.gate();
    if (gate) await gate;
    return this.statement('o', c.sql).all(sqliteParams(c.parameters)) as R[];
  }

  async first<R>(q: Query<R>): Promise<R | undefined> {
    const c = this.compile(q);
    const gate = this.gate();
    if (gate) await gate;
    return this.statement('o', c.sql).get(sqliteParams(c.parameters)) as R | undefined;
  }

  async value<V>(q: Query<unknown>): Promise<V | undefined> {
    const c = this.compile(q);
    const gate = this.gate();
    if (gate) await gate;
    return this.statement('p', c.sql).get(sqliteParams(c.parameters)) as V | undefined;
  }

  async values<V>(q: Query<unknown>): Promise<V[]> {
    const c = this.compile(q);
    const gate = this.gate();
    if (gate) await gate;
    return this.statement('p', c.sql).all(sqliteParams(c.parameters)) as V[];
  }

  async rows<T extends unknown[]>(q: Query<unknown>): Promise<T[]> {
    const c = this.compile(q);
    const gate = this.gate();
    if (gate) await gate;
    return this.statement('r', c.sql).all(sqliteParams(c.parameters)) as T[];
  }

  async run(q: Query<unknown>): Promise<RunResult> {
    const c = this.compile(q);
    const gate = this.gate();
    if (gate) await gate;
    const st = this.statement('o', c.sql);
    if (st.reader) {
      // INSERT … RETURNING and the like: run through, report the rows as changes.
      const rows = st.all(sqliteParams(c.parameters));
      return { changes: rows.length, insertId: 0 };
    }
    const r = st.run(sqliteParams(c.parameters));
    return { changes: r.changes, insertId: Number(r.lastInsertRowid) };
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    if (this.finished) throw new Error('a transaction handle was used after its transaction ended');
    if (this.inTransaction) return fn(this);
    const waiting = this.s.lock.acquire();
    if (waiting) await waiting;
    const tx = new SqliteDb(this.s, true);
    try {
      // IMMEDIATE: the write lock from the start, so another process's write cannot make this one fail half-way.
    this.statement('o', 'BEGIN IMMEDIATE').run();
      const result = await fn(tx);
      this.statement('o', 'COMMIT').run();
      return result;
    } catch (err) {
      if (this.s.sqlite.open && this.s.sqlite.inTransaction) this.statement('o', 'ROLLBACK').run();
      throw err;
    } finally {
      tx.finished = true;
      this.s.lock.release();
    }
  }

  async read<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    if (this.finished) throw new Error('a transaction handle was used after its transaction ended');
    if (this.inTransaction) return fn(this);
    const waiting = this.s.lock.acquire();
    if (waiting) await waiting;
    const tx = new SqliteDb(this.s, true);
    try {
      this.statement('o', 'BEGIN').run();
      return await fn(tx);
    } finally {
      tx.finished = true;
      // A read transaction has nothing to keep: COMMIT just lets go of the snapshot, also when fn threw.
      if (this.s.sqlite.open && this.s.sqlite.inTransaction) this.statement('o', 'COMMIT').run();
      this.s.lock.release();
    }
  }

  lookups<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    return this.read(fn);
  }

  async close(): Promise<void> {
    if (this.s.sqlite.open) this.s.sqlite.close();
  }
}

/** Opens (creating if needed) the SQLite file, sets WAL + foreign keys, and migrates it to the code's version. */
export function openDb(path: string): SqliteDb {
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
  return SqliteDb.of(db);
}

/** The better-sqlite3 connection under a SQLite handle. */
function sqliteOf(db: Db | Database.Database): Database.Database {
  return db instanceof SqliteDb ? db.sqlite : (db as Database.Database);
}

/** Whether the database answers a query now (GET /healthz). */
export async function databaseAnswers(db: Db): Promise<boolean> {
  return db.isOpen && (await db.value<number>(sql`SELECT 1`)) === 1;
}

/** `PRAGMA optimize`: refreshes planner statistics where they went stale; cheap, for a timer and for shutdown. */
export function optimizeDb(db: Db | Database.Database): void {
  if ('dialect' in db && db.dialect !== 'sqlite') return;
  const sqlite = sqliteOf(db);
  sqlite.pragma('optimize');
  keepRowCountsOnly(sqlite);
}

/**
 * ANALYZE leaves two kinds of statistics: row counts per index (sqlite_stat1) and sampled key values
 * (sqlite_stat4). With samples, SQLite plans a statement afresh whenever a value bound to an indexed column changes
 * ("the specific value bound to a host parameter ... might influence the choice of query plan", sqlite3_prepare
 * docs), so our prepared statements were re-planned on nearly every call: 10,000 weekly posts took 3.4 s with
 * samples against 1.2 s with row counts only. Our queries are lookups by key, for which row counts choose the same
 * plans, so the samples are dropped and the planner told to reload its statistics.
 */
function keepRowCountsOnly(db: Database.Database): void {
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
 * Upkeep of the bot's long-lived connection (SQLite; nothing to do on PostgreSQL, whose server keeps itself):
 * - checkpoints the WAL once nothing was written for `quietMs`, so checkpoints happen between bursts and not in them;
 * - refreshes planner statistics every 6 hours (SQLite's advice for long-lived connections; also at shutdown).
 * Returns a stop function (the caller still closes the database).
 */
export function startUpkeep(handle: Db | Database.Database, opts: { quietMs?: number; optimizeEveryMs?: number } = {}): () => void {
  if ('dialect' in handle && handle.dialect !== 'sqlite') return () => {};
  const db = sqliteOf(handle);
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
 * version (tools that build a database as an older version had it, then upgrade it). SQLite keeps its version in
 * `user_version`, as every release did, so a file from any of them migrates in place.
 */
export function migrate(db: Database.Database, upTo = migrations.length): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length;
  if (current > latest) {
    throw new Error(`database schema version ${current} is newer than this code (${latest}); upgrade paperclub`);
  }
  for (let v = current; v < Math.min(upTo, latest); v++) {
    const step = migrations[v]!;
    // IMMEDIATE takes the write lock before the version is read again: processes started together on a new file
    // (several bots on one machine) wait for each other, and each step runs once.
    db.transaction(() => {
      if ((db.pragma('user_version', { simple: true }) as number) > v) return;
      step.up(db);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}

