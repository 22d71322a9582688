import { Kysely, PostgresDialect } from 'kysely';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { migrations } from './migrations/index.ts';
import type { Db, Query, RunResult } from './db.ts';
import type { Schema } from './schema.ts';
import { QueryCompiler } from './compile.ts';

/**
 * Values as the store expects them from either database: int8 (ids, counts, sums of integers) and numeric (sums,
 * averages) as JS numbers, not strings. Our int8 values are ids and epoch milliseconds, far below 2^53.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return (v: string) => (v === null ? null : Number(v));
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as unknown as pg.CustomTypesConfig;

/**
 * SQLSTATEs after which a transaction is run again from the start: serialization failure, deadlock, and a unique
 * violation (two transactions that each found a key free and inserted it: PostgreSQL reports the loser as 23505,
 * not always 40001; run again, it finds the key taken and goes the way it would have gone after the other).
 */
const RETRYABLE = new Set(['40001', '40P01', '23505']);
/** Attempts of one transaction before its last error is passed on. */
const MAX_ATTEMPTS = 8;

/**
 * The store writes its aliases in camelCase (`AS clubId`) and SQLite keeps their case; PostgreSQL folds unquoted
 * identifiers to lower case. No table or column is camelCase, so every bare camelCase word outside string literals
 * and quoted identifiers is an alias: quoted, it keeps its case (in ORDER BY too). Cached per statement text.
 */
const quotedTexts = new Map<string, string>();
function quoteAliases(text: string): string {
  let out = quotedTexts.get(text);
  if (out !== undefined) return out;
  out = text.replace(/('(?:[^']|'')*'|"(?:[^"]|"")*")|\b([a-z][a-z0-9]*[A-Z][A-Za-z0-9]*)\b/g, (m, quoted: string | undefined, word: string | undefined) =>
    quoted ? m : `"${word}"`,
  );
  if (quotedTexts.size > 5_000) quotedTexts.clear();
  quotedTexts.set(text, out);
  return out;
}

/** pg takes booleans as 'true'/'false', which our INTEGER 0/1 columns refuse; undefined as null. */
function pgParams(params: readonly unknown[]): unknown[] {
  return params.map((p) => (p === undefined ? null : typeof p === 'boolean' ? (p ? 1 : 0) : p));
}

/**
 * Statements are prepared on each connection and their plans kept (pg's named statements): PostgreSQL then parses
 * and plans each of the core's few hundred statements once a connection instead of on every call, where most of a
 * command's statements are point lookups that take less to run than to plan. Bulk statements (a row of parameters
 * per item, so a new text per group size) stay unnamed, and so does any text past the first MAX_PREPARED, so the
 * statements a connection keeps stay bounded.
 */
const MAX_PREPARED = 1000;
const MAX_PREPARED_PARAMS = 32;
const prepared = new Map<string, string>();
const unpreparable = new Set<string>();

/** PostgreSQL's error for a prepared statement whose table changed shape under it ("cached plan must not change result type"). */
function planOutdated(err: unknown): boolean {
  return (err as { code?: string }).code === '0A000' && /cached plan/.test(String((err as { message?: string }).message));
}

function statementName(text: string, params: number): string | undefined {
  if (params > MAX_PREPARED_PARAMS || !/^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i.test(text)) return undefined;
  let name = prepared.get(text);
  if (name === undefined) {
    if (prepared.size >= MAX_PREPARED) return undefined;
    name = `pc_${createHash('sha1').update(text).digest('base64url')}`;
    prepared.set(text, name);
  }
  return unpreparable.has(name) ? undefined : name;
}

interface PgShared {
  pool: pg.Pool;
  k: Kysely<Schema>;
  compiler: QueryCompiler;
  root?: PgDb;
  closed: boolean;
  /**
   * Statements and connections asked of the pool and not answered yet. pg's pool never answers one still waiting for
   * a connection when it ends (it only ends the idle ones): at close each is failed instead of waiting forever (a
   * look-up under way at shutdown). One entry per call, gone when it is answered, so nothing builds up.
   */
  waiting: Set<(err: Error) => void>;
}

/**
 * A PostgreSQL database through a `pg` pool: statements outside a transaction take any pooled connection; a
 * transaction holds one client from BEGIN to COMMIT and is run again on a serialization failure or deadlock.
 */
export class PgDb implements Db {
  readonly dialect = 'postgres' as const;
  private finished = false;

  private constructor(
    private readonly s: PgShared,
    /** The client of this handle's transaction; undefined on the outer handle. */
    private readonly client: pg.PoolClient | undefined,
  ) {}

  /**
   * A transaction's statements, one after another on its client: callers may ask for independent reads together
   * (Promise.all), which the pool spreads over connections, but one client takes one statement at a time (pg
   * deprecates queueing them itself).
   */
  private turn: Promise<unknown> = Promise.resolve();

  private onClient(client: pg.PoolClient, cfg: pg.QueryConfig): Promise<pg.QueryResult> {
    const result = this.turn.then(() => client.query(cfg));
    this.turn = result.catch(() => {});
    return result;
  }

  /** A handle on a pool (the database already migrated: see openPostgres). */
  static of(pool: pg.Pool): PgDb {
    const k = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
    const shared: PgShared = { pool, k, compiler: new QueryCompiler(k), closed: false, waiting: new Set() };
    return (shared.root = new PgDb(shared, undefined));
  }

  get inTransaction(): boolean {
    return this.client !== undefined;
  }

  get root(): Db {
    return this.s.root!;
  }

  get k(): Kysely<Schema> {
    return this.s.k;
  }

  /** The pool, for tests that race connections. */
  get pool(): pg.Pool {
    return this.s.pool;
  }

  get isOpen(): boolean {
    return !this.s.closed;
  }

  private async exec(q: Query<unknown>, rowMode?: 'array'): Promise<pg.QueryResult> {
    if (this.finished) throw new Error('a transaction handle was used after its transaction ended');
    const c = this.s.compiler.compile(q);
    const text = quoteAliases(c.sql);
    const config: pg.QueryConfig & { rowMode?: 'array' } = { text, values: pgParams(c.parameters) };
    const name = statementName(text, c.parameters.length);
    if (name) config.name = name;
    if (rowMode) config.rowMode = rowMode;
    const client = this.client;
    const run = (cfg: pg.QueryConfig) => (client ? this.onClient(client, cfg) : this.untilClosed(() => this.s.pool.query(cfg)));
    try {
      return await run(config as pg.QueryConfig);
    } catch (err) {
      // A statement prepared before another process changed the table it reads (a rolling deploy's migration) fails
      // once with "cached plan must not change result type": run unprepared from then on. Not inside a transaction,
      // which that error has aborted (the transaction's retry runs it again).
      if (!name || !planOutdated(err)) throw err;
      unpreparable.add(name);
      if (this.client) throw err;
      delete config.name;
      return await run(config as pg.QueryConfig);
    }
  }

  async all<R>(q: Query<R>): Promise<R[]> {
    return (await this.exec(q)).rows as R[];
  }

  async first<R>(q: Query<R>): Promise<R | undefined> {
    return (await this.exec(q)).rows[0] as R | undefined;
  }

  async value<V>(q: Query<unknown>): Promise<V | undefined> {
    return ((await this.exec(q, 'array')).rows[0] as unknown[] | undefined)?.[0] as V | undefined;
  }

  async values<V>(q: Query<unknown>): Promise<V[]> {
    return ((await this.exec(q, 'array')).rows as unknown[][]).map((r) => r[0] as V);
  }

  async rows<T extends unknown[]>(q: Query<unknown>): Promise<T[]> {
    return (await this.exec(q, 'array')).rows as T[];
  }

  async run(q: Query<unknown>): Promise<RunResult> {
    const r = await this.exec(q);
    return { changes: r.rowCount ?? 0, insertId: 0 };
  }

  /** `ask()`'s answer, or a failure if the database closes first (then `late` gets an answer that comes after). */
  private untilClosed<T>(ask: () => Promise<T>, late?: (value: T) => void): Promise<T> {
    if (this.s.closed) return Promise.reject(new Error('the database is closed'));
    return new Promise<T>((resolve, reject) => {
      let failed = false;
      const fail = (err: Error) => {
        failed = true;
        reject(err);
      };
      this.s.waiting.add(fail);
      ask().then(
        (value) => {
          this.s.waiting.delete(fail);
          if (failed) late?.(value);
          else resolve(value);
        },
        (err: unknown) => {
          this.s.waiting.delete(fail);
          if (!failed) reject(err);
        },
      );
    });
  }

  /** Runs `fn` between `begin` and COMMIT on one client, again from the start after a serialization failure. */
  private async onOneClient<T>(begin: string, fn: (tx: Db) => Promise<T>): Promise<T> {
    if (this.finished) throw new Error('a transaction handle was used after its transaction ended');
    if (this.client) return fn(this);
    for (let attempt = 1; ; attempt++) {
      // Closed while connecting: a connection that still comes is given back, or the pool's end waits for it forever.
      const client = await this.untilClosed(() => this.s.pool.connect(), (late) => late.release());
      const tx = new PgDb(this.s, client);
      let broken: Error | undefined;
      try {
        await client.query(begin);
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackErr) {
          broken = rollbackErr as Error;
        }
        const code = (err as { code?: string }).code;
        // A prepared statement outdated by another process's migration (exec stopped preparing it) is run again too.
        if (!code || !(RETRYABLE.has(code) || planOutdated(err)) || attempt >= MAX_ATTEMPTS) throw err;
        // Another transaction won: wait a little (more each time, with jitter) and run again on fresh data.
        await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
      } finally {
        tx.finished = true;
        client.release(broken);
      }
    }
  }

  /**
   * SERIALIZABLE: every read-modify-write of the core (the last place of a sign-up, the next post number, a vote's
   * close) was written for SQLite's one writer at a time; PostgreSQL gives the same outcome to concurrent processes
   * by failing all but one of a conflicting set (40001), which run again from the start here.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return this.onOneClient('BEGIN ISOLATION LEVEL SERIALIZABLE', fn);
  }

  read<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return this.onOneClient('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', fn);
  }

  lookups<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    return fn(this);
  }

  async close(): Promise<void> {
    if (this.s.closed) return;
    this.s.closed = true;
    for (const fail of this.s.waiting) fail(new Error('the database is closed'));
    this.s.waiting.clear();
    await this.s.pool.end();
  }
}

/** Pool settings beyond the URL (tests keep fewer connections, and let them go sooner). */
export type PoolOptions = Pick<pg.PoolConfig, 'max' | 'idleTimeoutMillis' | 'allowExitOnIdle'>;

/** A pool on this URL that hands the store numbers for int8 and numeric. */
export function pgPool(url: string, opts: PoolOptions = {}): pg.Pool {
  return new pg.Pool({ connectionString: url, max: 10, ...opts, types });
}

/** A key for the advisory lock that lets one process at a time migrate (any fixed 64-bit number). */
const MIGRATION_LOCK = 0x70617065_72636c;

/**
 * Applies every migration newer than the database's `schema_version`, in one transaction that holds an advisory
 * lock, so processes started together migrate once. Migrations without a PostgreSQL text only count the version
 * (the first one creates the whole schema as it stands, see 0001-catalog.ts).
 */
export async function migratePostgres(pool: pg.Pool, upTo = migrations.length): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)');
    const row = (await client.query('SELECT version FROM schema_version')).rows[0] as { version: number } | undefined;
    const current = row?.version ?? 0;
    const latest = migrations.length;
    if (current > latest) throw new Error(`database schema version ${current} is newer than this code (${latest}); upgrade paperclub`);
    for (let v = current; v < Math.min(upTo, latest); v++) {
      const text = migrations[v]!.postgres;
      if (text) await client.query(text);
    }
    const reached = Math.max(current, Math.min(upTo, latest));
    if (row) await client.query('UPDATE schema_version SET version = $1', [reached]);
    else await client.query('INSERT INTO schema_version (version) VALUES ($1)', [reached]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** Opens a PostgreSQL database by URL and migrates it to the code's version. */
export async function openPostgres(url: string, opts: PoolOptions = {}): Promise<PgDb> {
  const pool = pgPool(url, opts);
  // An idle client's connection error (the server restarted) must not crash the process: the pool replaces it.
  pool.on('error', () => {});
  try {
    await migratePostgres(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }
  return PgDb.of(pool);
}
