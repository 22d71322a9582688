import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDb, optimizeDb } from '../../src/store/db.ts';
import { migrations } from '../../src/store/migrations/index.ts';
import { execSql, runSql, valueOf } from '../helpers/sql.ts';

const dir = mkdtempSync(join(tmpdir(), 'paperclub-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the SQLite store', () => {
  it('GIVEN a new file THEN it is created (with its folder), in WAL mode, foreign keys on, at the latest schema', async () => {
    const db = openDb(join(dir, 'nested', 'new.db'));
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.pragma('user_version', { simple: true })).toBe(migrations.length);
    await expect(runSql(db, 'INSERT INTO list_entries (list_id, position, paper_id, title, url) VALUES (99, 1, 99, ?, ?)', 't', 'u')).rejects.toThrow(/FOREIGN KEY/);
    await db.close();
  });

  it('GIVEN the same file opened again THEN migrations are not re-run and data stays', async () => {
    const path = join(dir, 'again.db');
    const a = openDb(path);
    await runSql(a, `INSERT INTO lists (slug, title, imported_at) VALUES ('x', 'X', 0)`);
    await a.close();
    const b = openDb(path);
    expect(await valueOf(b, 'SELECT count(*) FROM lists')).toBe(1);
    await b.close();
  });

  it('GIVEN a database written by a newer paperclub THEN it is refused, untouched', () => {
    const path = join(dir, 'future.db');
    const raw = new Database(path);
    raw.pragma(`user_version = ${migrations.length + 1}`);
    raw.close();
    expect(() => openDb(path)).toThrow(/newer than this code/);
    const check = new Database(path);
    expect(check.pragma('user_version', { simple: true })).toBe(migrations.length + 1);
    check.close();
  });

  it('GIVEN a migration that fails half-way THEN its changes and the version bump roll back together', () => {
    const db = new Database(':memory:');
    migrations.push({ name: 'broken', up: (d) => d.exec('CREATE TABLE half (x); SELECT * FROM no_such_table;') });
    try {
      expect(() => migrate(db)).toThrow(/no_such_table/);
      expect(db.pragma('user_version', { simple: true })).toBe(migrations.length - 1);
      expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'half'`).pluck().get()).toBe(0);
    } finally {
      migrations.pop();
      db.close();
    }
  });

  it('GIVEN a database with data THEN opening it leaves row counts for the planner and no sampled values, also after optimize', async () => {
    // Sampled values (sqlite_stat4) make SQLite re-plan a statement whenever a bound value changes; row counts
    // (sqlite_stat1) do not (store/db.ts).
    const path = join(dir, 'stats.db');
    const a = openDb(path);
    const insert = a.sqlite.prepare(`INSERT INTO lists (slug, title, imported_at) VALUES (?, 'x', 0)`);
    a.sqlite.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`l${i}`);
    })();
    await execSql(a, 'ANALYZE');
    expect(await valueOf(a, 'SELECT count(*) FROM sqlite_stat4')).toBeGreaterThan(0);
    optimizeDb(a);
    expect(await valueOf(a, 'SELECT count(*) FROM sqlite_stat4')).toBe(0);
    await execSql(a, 'ANALYZE');
    await a.close();
    const b = openDb(path);
    expect(await valueOf(b, `SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'lists'`)).toBeGreaterThan(0);
    expect(await valueOf(b, 'SELECT count(*) FROM sqlite_stat4')).toBe(0);
    await b.close();
  });
});
