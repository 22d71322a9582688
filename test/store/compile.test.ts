import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { QueryCompiler } from '../../src/store/compile.ts';

// Compiling needs no connection: the PostgreSQL pool is never asked for one.
const sqlite = new Database(':memory:');
const pool = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none' });
const dialects = {
  sqlite: new Kysely<never>({ dialect: new SqliteDialect({ database: sqlite }) }),
  postgres: new Kysely<never>({ dialect: new PostgresDialect({ pool }) }),
};
afterAll(async () => {
  sqlite.close();
  await pool.end();
});

/** One place in the code: the same template strings on every call, as in the store's functions. */
const byId = (id: unknown, name: unknown) => sql`SELECT * FROM members WHERE id = ${id} AND display_name = ${name}`;

describe.each(Object.entries(dialects))('QueryCompiler on %s', (_name, k) => {
  const compiler = new QueryCompiler(k);
  const kysely = (q: { compile(p: typeof k): { sql: string; parameters: readonly unknown[] } }) => {
    const c = q.compile(k);
    return { sql: c.sql, parameters: [...c.parameters] };
  };
  const ours = (q: Parameters<QueryCompiler['compile']>[0]) => {
    const c = compiler.compile(q);
    return { sql: c.sql, parameters: [...c.parameters] };
  };

  it('GIVEN one template called with other values THEN each call sends what Kysely compiles, values in order', () => {
    for (const [id, name] of [[1, 'Ada'], [2, null], [3, undefined], [true, 'x'], [4n, 'y']] as const) {
      expect(ours(byId(id, name))).toEqual(kysely(byId(id, name)));
    }
  });

  it('GIVEN nested fragments, lists, references and literal values THEN they compile as Kysely compiles them', () => {
    const queries = [
      () => sql`SELECT ${sql.ref('m.id')} FROM members m WHERE m.id IN (${sql.join([1, 2, 3])})`,
      () => sql`SELECT * FROM t WHERE a = ${sql`lower(${'X'})`} AND b = ${2}`,
      () => sql`SELECT ${sql.lit(5)} AS five, ${7} AS seven`,
      () => sql`SELECT 1`,
    ];
    for (const q of queries) {
      expect(ours(q())).toEqual(kysely(q()));
      expect(ours(q())).toEqual(kysely(q())); // a second call: from the kept text where there is one
    }
  });

  it('GIVEN a query builder THEN it compiles as usual', () => {
    const q = () => (k as unknown as Kysely<{ members: { id: number } }>).selectFrom('members').select('id').where('id', '=', 9);
    expect(ours(q())).toEqual(kysely(q()));
  });
});
