import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../src/store/migrations/index.ts';
import { waitUntil } from '../e2e/wait-until.ts';

function runWorker(dbPath: string, name: string, barrierDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/store/fixtures/open-worker.ts', dbPath, name, barrierDir]);
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`worker exited ${code}: ${err}`))));
  });
}

describe('several processes opening a new SQLite file at once', () => {
  // Several bots started together on one machine (a systemd template, a test harness) all find a new file and migrate
  // it. Each migration step takes the write lock before it reads the version again, so each runs once.
  it('GIVEN four processes opening the same new database file at the same instant THEN each opens it and every migration ran once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperclub-migrate-'));
    try {
      const path = join(dir, 'new.db');
      const names = ['w1', 'w2', 'w3', 'w4'];
      const results = Promise.all(names.map((n) => runWorker(path, n, dir)));
      await waitUntil(() => names.every((n) => existsSync(join(dir, `ready-${n}`))), 'the workers to be ready', 60_000);
      writeFileSync(join(dir, 'go'), '');
      expect(await results).toEqual(names.map(() => 'ok'));
      const db = new Database(path, { readonly: true });
      try {
        expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
        expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'club_leases'").pluck().get()).toBe(1);
      } finally {
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
