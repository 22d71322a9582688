import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDefaultLists } from '../../src/catalog/catalog-store.ts';
import { systemClock } from '../../src/clock.ts';
import { ClubCore } from '../../src/dispatch/club-core.ts';
import { silentLogger } from '../../src/logger.ts';
import { openDb } from '../../src/store/db.ts';

function runWorker(dbPath: string, userId: string, week: string, startAt: number): Promise<{ error: boolean; text: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/club/fixtures/sign-up-worker.ts', dbPath, userId, week, String(startAt)]);
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker exited ${code}: ${err}`))));
  });
}

describe('sign-ups across processes', () => {
  it('GIVEN two bot processes signing up two members for the same week at the same instant THEN exactly one wins', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperclub-race-'));
    try {
      const path = join(dir, 'race.db');
      const db = openDb(path);
      loadDefaultLists(db, 'config/lists.json');
      const core = new ClubCore({ db, clock: systemClock, logger: silentLogger });
      const setup = await core.execute({
        where: { platform: 'console', workspace: 'local', channel: 'race' },
        user: { userId: 'admin', displayName: 'admin', isPlatformAdmin: true },
        command: 'club setup',
        args: {},
      });
      expect(setup.error).toBeFalsy();
      db.close();
      const startAt = Date.now() + 2500; // time for both processes to load before they race
      const results = await Promise.all([runWorker(path, 'alice', '3', startAt), runWorker(path, 'bob', '3', startAt)]);
      expect(results.filter((r) => !r.error)).toHaveLength(1);
      const loser = results.find((r) => r.error)!;
      expect(loser.text).toMatch(/is taken by (alice|bob)/);
      const check = openDb(path);
      expect(check.prepare('SELECT count(*) FROM sign_ups').pluck().get()).toBe(1);
      check.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
