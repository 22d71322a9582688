import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDefaultLists } from '../../src/catalog/catalog-store.ts';
import { systemClock } from '../../src/clock.ts';
import { ClubCore } from '../../src/dispatch/club-core.ts';
import { silentLogger } from '../../src/logger.ts';
import { openDb } from '../../src/store/db.ts';
import { valueOf } from '../helpers/sql.ts';

function runWorker(dbPath: string, userId: string, week: string, barrierDir: string): Promise<{ error: boolean; text: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/club/fixtures/sign-up-worker.ts', dbPath, userId, week, barrierDir]);
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker exited ${code}: ${err}`))));
  });
}

describe('sign-ups across processes', () => {
  // Whether the two transactions really overlap is up to the OS; sign-up-interleave.test.ts makes the overlap certain.
  it('GIVEN two bot processes signing up two members for the same week at the same instant THEN exactly one wins', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperclub-race-'));
    try {
      const path = join(dir, 'race.db');
      const db = openDb(path);
      await loadDefaultLists(db, 'config/lists.json');
      const core = new ClubCore({ db, clock: systemClock, logger: silentLogger });
      const setup = await core.execute({
        where: { platform: 'console', workspace: 'local', channel: 'race' },
        user: { userId: 'admin', displayName: 'admin', isPlatformAdmin: true },
        command: 'club setup',
        args: {},
      });
      expect(setup.error).toBeFalsy();
      await db.close();
      // A barrier instead of a guessed start-up time: both workers are loaded and connected before either signs up.
      const running = Promise.all([runWorker(path, 'alice', '3', dir), runWorker(path, 'bob', '3', dir)]);
      let exited = false;
      void running.catch(() => {}).finally(() => (exited = true));
      while (!(existsSync(join(dir, 'ready-alice')) && existsSync(join(dir, 'ready-bob'))) && !exited) {
        await new Promise((r) => setTimeout(r, 5));
      }
      writeFileSync(join(dir, 'go'), '');
      const results = await running;
      expect(results.filter((r) => !r.error)).toHaveLength(1);
      const loser = results.find((r) => r.error)!;
      expect(loser.text).toMatch(/is taken by (alice|bob)/);
      const check = openDb(path);
      expect(await valueOf(check, 'SELECT count(*) FROM sign_ups')).toBe(1);
      await check.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000); // two Node processes start under tsx: ~11 s on the shared machine, over 20 s when it is loaded
});
