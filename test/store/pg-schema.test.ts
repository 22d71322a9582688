import { describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/store/db.ts';
import { migrations } from '../../src/store/migrations/index.ts';
import { POSTGRES_BASE } from '../../src/store/migrations/postgres-base.ts';
import { valuesOf, rowsOf, tableNames } from '../helpers/sql.ts';
import { openTestDb, testDatabaseUrl } from '../helpers/test-db.ts';

type Shape = Record<string, string[]>;

/** Tables and their columns as a migrated SQLite database has them (FTS5's own tables left out). */
async function sqliteShape(): Promise<{ tables: Shape; indexes: string[]; triggers: string[] }> {
  const db = openDb(':memory:');
  const tables: Shape = {};
  for (const t of await tableNames(db)) tables[t] = (await rowsOf<{ name: string }>(db, `SELECT name FROM pragma_table_info(?) ORDER BY name`, t)).map((c) => c.name);
  const indexes = await valuesOf<string>(db, `SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`);
  const triggers = await valuesOf<string>(db, `SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name NOT LIKE 'papers_fts_%' ORDER BY name`);
  await db.close();
  return { tables, indexes, triggers };
}

/** The same, read from PostgreSQL's catalog. */
async function postgresShape(db: Db): Promise<{ tables: Shape; indexes: string[]; triggers: string[] }> {
  const tables: Shape = {};
  for (const t of await tableNames(db)) {
    tables[t] = await valuesOf<string>(db, `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ? ORDER BY column_name`, t);
  }
  // Named indexes only (constraints' own indexes are SQLite's sqlite_autoindex_*); papers_search stands for FTS5.
  const indexes = await valuesOf<string>(
    db,
    `SELECT i.indexname FROM pg_indexes i WHERE i.schemaname = 'public' AND i.indexname <> 'papers_search'
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname) ORDER BY i.indexname`,
  );
  // The *_changed statement triggers stand for SQLite's data_version (store/catalog-version.ts), which needs none.
  const triggers = await valuesOf<string>(db, `SELECT DISTINCT trigger_name FROM information_schema.triggers WHERE trigger_schema = 'public' AND trigger_name NOT LIKE '%\\_changed' ORDER BY trigger_name`);
  return { tables, indexes, triggers };
}

/** Tables and columns as the PostgreSQL text of the migrations writes them (read without a server). */
function postgresTextShape(): Shape {
  const text = migrations.map((m) => m.postgres ?? '').join('\n');
  const tables: Shape = {};
  for (const [, name, body] of text.matchAll(/CREATE TABLE (\w+) \(([\s\S]*?)\n\s*\);/g)) {
    tables[name!] = body!
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !/^(PRIMARY KEY|UNIQUE|CHECK|FOREIGN KEY)\b/.test(l))
      .map((l) => l.split(/\s+/)[0]!)
      .sort();
  }
  // Columns added by a later migration.
  for (const [, name, column] of text.matchAll(/ALTER TABLE (\w+) ADD COLUMN (\w+)/g)) tables[name!] = [...(tables[name!] ?? []), column!].sort();
  return tables;
}

describe('GIVEN the schema written twice (SQLite migrations, PostgreSQL text)', () => {
  it('THEN PostgreSQL has the same tables and columns as SQLite (its text always; with a server, the migrated database, its indexes and triggers too)', async () => {
    const sqlite = await sqliteShape();
    // Sorted the same way on both sides (SQLite's ORDER BY name, and JS sort here, agree on ASCII names).
    expect(postgresTextShape()).toEqual(sqlite.tables);
    expect(POSTGRES_BASE).toContain('USING gin (paper_search_vector(title, nickname, summary))');
    if (!testDatabaseUrl()) return;
    const db = await openTestDb();
    try {
      const live = await postgresShape(db);
      expect(live.tables).toEqual(sqlite.tables);
      expect(live.indexes).toEqual(sqlite.indexes);
      expect(live.triggers).toEqual(sqlite.triggers);
      expect(await valuesOf<number>(db, 'SELECT version FROM schema_version')).toEqual([migrations.length]);
    } finally {
      await db.close();
    }
  });
});
