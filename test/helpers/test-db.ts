import { createHash } from 'node:crypto';
import pg from 'pg';
import Database from 'better-sqlite3';
import { openDb, SqliteDb, type Db } from '../../src/store/db.ts';
import { migrations } from '../../src/store/migrations/index.ts';
import { openPostgres, migratePostgres, pgPool } from '../../src/store/pg.ts';

/**
 * The database a test runs on: a fresh SQLite `:memory:` database, or, with `PAPERCLUB_TEST_DATABASE_URL` set
 * (a PostgreSQL server URL whose user may create databases), a fresh PostgreSQL database of its own, copied from a
 * migrated template (CREATE DATABASE … TEMPLATE) and dropped when the test closes it.
 */
export async function openTestDb(): Promise<Db> {
  const url = testDatabaseUrl();
  if (!url) return openDb(':memory:');
  return await freshPostgres(url);
}

/** The PostgreSQL server the suite runs on, when it runs on one. */
export function testDatabaseUrl(): string | undefined {
  return process.env['PAPERCLUB_TEST_DATABASE_URL'] || undefined;
}

/** Which database the suite runs on (for the few tests whose expectations differ by dialect, e.g. search ties). */
export const testDialect: 'sqlite' | 'postgres' = testDatabaseUrl() ? 'postgres' : 'sqlite';

const PREFIX = 'pctest_';
let admin: pg.Pool | undefined;
let template: Promise<string> | undefined;
let made = 0;

/** The URL of another database on the same server. */
function urlOf(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** The migrated template, made once per schema (its name carries a hash of the migrations' PostgreSQL texts). */
async function templateDb(url: string): Promise<string> {
  const hash = createHash('sha256').update(migrations.map((m) => `${m.name}\n${m.postgres ?? ''}`).join('\n')).digest('hex').slice(0, 12);
  const name = `${PREFIX}template_${hash}`;
  const client = await admin!.connect();
  try {
    // One process makes it; the others wait here and then find it made.
    await client.query('SELECT pg_advisory_lock(7240001)');
    const exists = (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
    if (!exists) {
      await client.query(`DROP DATABASE IF EXISTS ${name}_making`);
      await client.query(`CREATE DATABASE ${name}_making`);
      const pool = pgPool(urlOf(url, `${name}_making`), { max: 1 });
      try {
        await migratePostgres(pool);
      } finally {
        await pool.end();
      }
      await client.query(`ALTER DATABASE ${name}_making RENAME TO ${name}`);
    }
    // Databases left by test processes that are gone (a run stopped half-way).
    const left = (await client.query(`SELECT datname FROM pg_database WHERE datname ~ '^${PREFIX}[0-9]+_'`)).rows as Array<{ datname: string }>;
    for (const { datname } of left) {
      const pid = Number(datname.slice(PREFIX.length).split('_')[0]);
      if (!isAlive(pid)) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(7240001)');
    client.release();
  }
  return name;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const DATABASE_NAME = Symbol('database name');
const CLOSE_KEEPING = Symbol('close keeping the database');

async function freshPostgres(url: string, from?: string): Promise<Db> {
  admin ??= new pg.Pool({ connectionString: url, max: 2, allowExitOnIdle: true });
  template ??= templateDb(url);
  const name = `${PREFIX}${process.pid}_${++made}`;
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${from ?? (await template)}`);
  const db = await openPostgres(urlOf(url, name), { max: 4, idleTimeoutMillis: 2_000, allowExitOnIdle: true });
  const close = db.close.bind(db);
  // Dropped with its last connection, so a run leaves no databases behind.
  Object.defineProperty(db, DATABASE_NAME, { value: name });
  Object.defineProperty(db, CLOSE_KEEPING, { value: close });
  Object.defineProperty(db, 'close', {
    value: async () => {
      const wasOpen = db.isOpen;
      await close();
      if (wasOpen) await admin!.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  });
  return db;
}

/** A test database frozen as it stands, to open copies of (a world built once, then one copy per test). */
export type FrozenDb = { sqlite: Buffer } | { postgres: string };

/** Freezes a test database (and closes it): SQLite as its serialized image, PostgreSQL as a template database. */
export async function freezeTestDb(db: Db): Promise<FrozenDb> {
  if (db instanceof SqliteDb) {
    const image = db.sqlite.serialize();
    await db.close();
    return { sqlite: image };
  }
  const name = (db as unknown as { [DATABASE_NAME]: string })[DATABASE_NAME];
  // Closed without dropping: the database stays as the template of its copies (dropped with the test process's others).
  await (db as unknown as { [CLOSE_KEEPING]: () => Promise<void> })[CLOSE_KEEPING]();
  return { postgres: name };
}

/** A fresh copy of a frozen test database. */
export async function openFrozen(frozen: FrozenDb): Promise<Db> {
  if ('sqlite' in frozen) {
    const sqlite = new Database(frozen.sqlite);
    sqlite.pragma('foreign_keys = ON');
    return SqliteDb.of(sqlite);
  }
  return await freshPostgres(testDatabaseUrl()!, frozen.postgres);
}

/**
 * Two handles on one fresh database, for two cores as two bot processes would run them. PostgreSQL: two pools on
 * one test database (what a hosted bot runs). SQLite: the one connection of its one process, shared (two SQLite
 * processes are test/club/sign-up-race.test.ts). `close` closes both (and drops the database).
 */
export async function openTwoHandles(): Promise<{ a: Db; b: Db; close: () => Promise<void> }> {
  const url = testDatabaseUrl();
  if (!url) {
    const db = openDb(':memory:');
    return { a: db, b: db, close: () => db.close() };
  }
  const a = await freshPostgres(url);
  const name = (a as unknown as { [DATABASE_NAME]: string })[DATABASE_NAME];
  const b = await openPostgres(urlOf(url, name), { max: 4, allowExitOnIdle: true });
  return { a, b, close: async () => (await b.close(), await a.close()) };
}

/**
 * Where a bot process a test starts keeps its data, as the operator would set it: the SQLite file `file`
 * (`PAPERCLUB_DB`), or on a PostgreSQL run an empty database of its own (`PAPERCLUB_DATABASE_URL`), which the bot
 * migrates itself at start. `drop` removes that database once the process has stopped.
 */
export async function botDatabaseEnv(file: string): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  const url = testDatabaseUrl();
  if (!url) return { env: { PAPERCLUB_DB: file }, drop: async () => {} };
  admin ??= new pg.Pool({ connectionString: url, max: 2, allowExitOnIdle: true });
  const name = `${PREFIX}${process.pid}_bot${++made}`;
  await admin.query(`CREATE DATABASE ${name}`);
  return {
    env: { PAPERCLUB_DATABASE_URL: urlOf(url, name) },
    drop: async () => void (await admin!.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}
