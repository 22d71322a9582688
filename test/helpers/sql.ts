import { sql } from 'kysely';
import { SqliteDb, type Db } from '../../src/store/db.ts';

/**
 * Raw SQL for tests that look at the tables directly, on either dialect: `?` placeholders, as better-sqlite3 took
 * them, become the dialect's parameters.
 */
function query(text: string, params: readonly unknown[]) {
  const parts = text.split('?');
  if (parts.length - 1 !== params.length) throw new Error(`${parts.length - 1} placeholders, ${params.length} values: ${text}`);
  return sql(Object.assign([...parts], { raw: parts }) as unknown as TemplateStringsArray, ...params);
}

/** Every row. */
export function rowsOf<T = Record<string, unknown>>(db: Db, text: string, ...params: unknown[]): Promise<T[]> {
  return db.all<T>(query(text, params) as never);
}

/** The first row, or undefined. */
export function rowOf<T = Record<string, unknown>>(db: Db, text: string, ...params: unknown[]): Promise<T | undefined> {
  return db.first<T>(query(text, params) as never);
}

/** The first column of the first row (a count, an id). */
export async function valueOf<T = number>(db: Db, text: string, ...params: unknown[]): Promise<T> {
  return (await db.value<T>(query(text, params))) as T;
}

/** The first column of every row. */
export function valuesOf<T = number>(db: Db, text: string, ...params: unknown[]): Promise<T[]> {
  return db.values<T>(query(text, params));
}

/** A write; returns the rows changed. */
export async function runSql(db: Db, text: string, ...params: unknown[]): Promise<number> {
  return (await db.run(query(text, params))).changes;
}

/** Several statements, no parameters (fixtures set up by hand). */
export async function execSql(db: Db, text: string): Promise<void> {
  if (db instanceof SqliteDb) {
    db.sqlite.exec(text);
    return;
  }
  await db.run(sql.raw(text));
}
